-- The request log's time-ordered B-trees, ascending instead of descending (issue 22).
--
-- Rows arrive in time order. In a `created_at DESC` index every new entry goes to the *left*
-- edge of its (tenant[, key]) range: Postgres splits such pages in the middle and never fills
-- the left halves' neighbours again, and the rightmost-leaf fast path never applies, so each
-- insert cost up to twice what an ascending one does (measured on 200 000 rows: the per-key
-- index 6.2 vs 2.9 µs per row, the per-tenant one 2.2 vs 1.6; docs/performance.md). A B-tree
-- is read backwards as cheaply as forwards, so `ORDER BY created_at DESC, id DESC` and the
-- keyset `(created_at, id) < (…)` use the ascending indexes unchanged.
DROP INDEX request_logs_tenant_time_idx;
CREATE INDEX request_logs_tenant_time_idx ON request_logs (tenant_id, created_at, id);
DROP INDEX request_logs_tenant_key_time_idx;
CREATE INDEX request_logs_tenant_key_time_idx ON request_logs (tenant_id, api_key_id, created_at, id);
DROP INDEX request_logs_tenant_operator_time_idx;
CREATE INDEX request_logs_tenant_operator_time_idx ON request_logs (tenant_id, operator_id, created_at, id)
    WHERE operator_id IS NOT NULL;
