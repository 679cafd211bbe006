DROP INDEX IF EXISTS request_logs_tenant_request_id_idx;
