-- Webhooks (SPEC §9): endpoints, deliveries (one per endpoint and event) and every attempt.

CREATE TABLE webhook_endpoints (
    id                      uuid PRIMARY KEY,
    tenant_id               uuid NOT NULL,
    subaccount_id           uuid NOT NULL,
    url                     text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    description             text CHECK (length(description) <= 500),
    events                  text[] NOT NULL CHECK (cardinality(events) >= 1),
    headers                 jsonb NOT NULL DEFAULT '{}'::jsonb,
    active                  boolean NOT NULL DEFAULT true,
    auto_recover            boolean NOT NULL DEFAULT true,
    -- The signing secret is needed in clear to sign; it is never returned after creation or
    -- rotation.
    secret                  text NOT NULL,
    previous_secret         text,
    previous_secret_expires_at timestamptz,
    circuit                 text NOT NULL DEFAULT 'closed'
                            CHECK (circuit IN ('closed', 'open', 'half_open')),
    -- Start of the current (or last) outage: the first failure of the window that opened
    -- the circuit; auto_recover re-sends what failed since.
    outage_started_at       timestamptz,
    circuit_opened_at       timestamptz,
    -- Attempts before this instant do not count towards opening the circuit again.
    circuit_closed_at       timestamptz,
    next_probe_at           timestamptz,
    probe_interval_ms       bigint NOT NULL DEFAULT 0,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id)
);
CREATE INDEX webhook_endpoints_tenant_created_idx
    ON webhook_endpoints (tenant_id, created_at, id);
CREATE INDEX webhook_endpoints_fanout_idx
    ON webhook_endpoints (tenant_id, subaccount_id) WHERE active;
CREATE INDEX webhook_endpoints_probe_idx
    ON webhook_endpoints (next_probe_at) WHERE circuit <> 'closed';

CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    subaccount_id   uuid NOT NULL,
    endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- The outbox event (or the test send's own id): `event_id` on the wire, stable across
    -- attempts and resends.
    event_id        uuid NOT NULL,
    event_type      text NOT NULL CHECK (length(event_type) BETWEEN 1 AND 64),
    -- The exact body bytes, fixed when the delivery is created.
    payload         text NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    -- Attempts made so far (all cycles); the next attempt is number attempt_count + 1.
    attempt_count   integer NOT NULL DEFAULT 0,
    -- The delivery fails when attempt_count reaches attempt_limit; a resend adds 5.
    attempt_limit   integer NOT NULL DEFAULT 5,
    next_attempt_at timestamptz,
    -- The claim (lease): a worker owns the delivery until locked_until.
    locked_until    timestamptz,
    lock_token      uuid,
    last_status_code integer,
    last_error      text,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx
    ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_created_idx
    ON webhook_deliveries (endpoint_id, created_at, id);
CREATE INDEX webhook_deliveries_failed_idx
    ON webhook_deliveries (endpoint_id, failed_at) WHERE status = 'failed';
CREATE INDEX webhook_deliveries_retention_idx
    ON webhook_deliveries (status, coalesce(delivered_at, failed_at)) WHERE status <> 'pending';

CREATE TABLE webhook_attempts (
    id              uuid PRIMARY KEY,
    delivery_id     uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    endpoint_id     uuid NOT NULL,
    attempt_number  integer NOT NULL CHECK (attempt_number >= 1),
    success         boolean NOT NULL,
    status_code     integer,
    latency_ms      integer NOT NULL DEFAULT 0,
    error           text,
    response_body   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- One row per attempt: two workers can never both record the same attempt.
    UNIQUE (delivery_id, attempt_number)
);
CREATE INDEX webhook_attempts_endpoint_created_idx
    ON webhook_attempts (endpoint_id, created_at DESC);

-- Wake dispatchers as soon as outbox rows commit (NOTIFY is delivered on commit; one per
-- statement, identical payloads in one transaction collapse). They still poll as a fallback.
CREATE FUNCTION webhook_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fleet_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER events_outbox_notify AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox_notify();
