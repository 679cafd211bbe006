DROP INDEX IF EXISTS request_logs_tenant_operator_time_idx;
DROP TABLE operator_sessions;
DROP TABLE operators;
