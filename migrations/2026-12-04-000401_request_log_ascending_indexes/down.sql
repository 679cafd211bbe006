DROP INDEX request_logs_tenant_time_idx;
CREATE INDEX request_logs_tenant_time_idx ON request_logs (tenant_id, created_at DESC, id DESC);
DROP INDEX request_logs_tenant_key_time_idx;
CREATE INDEX request_logs_tenant_key_time_idx ON request_logs (tenant_id, api_key_id, created_at DESC, id DESC);
DROP INDEX request_logs_tenant_operator_time_idx;
CREATE INDEX request_logs_tenant_operator_time_idx ON request_logs (tenant_id, operator_id, created_at DESC, id DESC)
    WHERE operator_id IS NOT NULL;
