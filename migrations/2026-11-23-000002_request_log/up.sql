-- The audit trail (SPEC §5): one row per partner or management request, written in batches
-- off the request path, plus a per-key daily roll-up for usage counters.

CREATE TABLE request_logs (
    id           uuid PRIMARY KEY,
    -- NULL for requests that never authenticated (e.g. a missing or unknown key).
    tenant_id    uuid,
    request_id   text NOT NULL,
    api_key_id   uuid,
    operator_id  uuid,
    method       text NOT NULL,
    -- The matched route template, e.g. /api/partner/v1/vehicles/{id}; NULL if none matched.
    route        text,
    path         text NOT NULL,
    query        text,
    status       integer NOT NULL,
    duration_ms  integer NOT NULL,
    client_ip    text NOT NULL,
    user_agent   text,
    origin_app   text,
    created_at   timestamptz NOT NULL
);
CREATE INDEX request_logs_tenant_time_idx ON request_logs (tenant_id, created_at DESC, id DESC);
CREATE INDEX request_logs_tenant_key_time_idx ON request_logs (tenant_id, api_key_id, created_at DESC, id DESC);
-- Retention purges by age across tenants. Rows arrive in time order, so a BRIN index serves
-- the range scan at a fraction of a B-tree's write cost.
CREATE INDEX request_logs_created_at_brin ON request_logs USING brin (created_at);

CREATE TABLE api_key_usage_daily (
    tenant_id  uuid NOT NULL,
    api_key_id uuid NOT NULL,
    day        date NOT NULL,
    requests   bigint NOT NULL CHECK (requests >= 0),
    PRIMARY KEY (tenant_id, api_key_id, day)
);
