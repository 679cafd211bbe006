-- Idempotency keys (SPEC §6): one row per (tenant, API key, Idempotency-Key), claimed by the
-- first request that carries the key (INSERT … ON CONFLICT, atomic across gateway instances),
-- completed with the response to replay, kept 24 h, purged hourly in batches.
CREATE TABLE idempotency_keys (
    tenant_id        uuid NOT NULL,
    api_key_id       uuid NOT NULL,
    idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    -- SHA-256 of method, path, query, X-Subaccount-Id and body.
    fingerprint      bytea NOT NULL CHECK (length(fingerprint) = 32),
    state            text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'completed')),
    -- Which claim owns the row: completion and release only touch the row they claimed.
    claim_id         uuid NOT NULL,
    -- When the current claim was taken; an in-progress claim older than the abandonment
    -- timeout (its process died) may be taken over.
    claimed_at       timestamptz NOT NULL DEFAULT now(),
    response_status  integer CHECK (response_status BETWEEN 200 AND 499),
    response_content_type text CHECK (length(response_content_type) <= 255),
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, api_key_id, idempotency_key),
    CHECK ((state = 'completed') = (response_status IS NOT NULL AND response_body IS NOT NULL))
);
-- Cleanup deletes by age across tenants.
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
