-- The dashboard's request log looks a request up by its id (X-Request-Id) within the tenant.
CREATE INDEX request_logs_tenant_request_id_idx ON request_logs (tenant_id, request_id);
