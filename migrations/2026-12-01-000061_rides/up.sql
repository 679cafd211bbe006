-- Rides (SPEC §8). The partial unique indexes make "one unfinished ride per vehicle" and
-- "one unfinished ride per customer" hold under any concurrency: of concurrent starts, one
-- insert wins and the others fail on the index inside their own transaction.

CREATE TABLE rides (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL,
    subaccount_id    uuid NOT NULL,
    customer_id      uuid NOT NULL,
    vehicle_id       uuid NOT NULL,
    status           text NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    started_at       timestamptz NOT NULL,
    -- Set while paused: when the current pause began.
    paused_at        timestamptz,
    -- Completed pauses, whole seconds.
    paused_seconds   bigint NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
    ended_at         timestamptz,
    start_latitude   double precision CHECK (start_latitude BETWEEN -90 AND 90),
    start_longitude  double precision CHECK (start_longitude BETWEEN -180 AND 180),
    end_latitude     double precision CHECK (end_latitude BETWEEN -90 AND 90),
    end_longitude    double precision CHECK (end_longitude BETWEEN -180 AND 180),
    -- The pricing plan in force at the start (rides::PlanSnapshot).
    plan             jsonb NOT NULL,
    -- Filled when the ride ends.
    riding_seconds   bigint CHECK (riding_seconds >= 0),
    duration_minutes integer CHECK (duration_minutes >= 0),
    distance_m       bigint CHECK (distance_m >= 0),
    total_cents      bigint CHECK (total_cents >= 0),
    unlock_cents     bigint CHECK (unlock_cents >= 0),
    time_cents       bigint CHECK (time_cents >= 0),
    distance_cents   bigint CHECK (distance_cents >= 0),
    discount_cents   bigint CHECK (discount_cents >= 0),
    payment_status   text CHECK (payment_status IN ('pending', 'paid')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id),
    CHECK ((status = 'paused') = (paused_at IS NOT NULL)),
    CHECK ((status = 'ended') = (ended_at IS NOT NULL)),
    CHECK (status <> 'ended' OR (total_cents IS NOT NULL AND payment_status IS NOT NULL))
);
CREATE UNIQUE INDEX rides_unfinished_vehicle_key ON rides (tenant_id, vehicle_id) WHERE status <> 'ended';
CREATE UNIQUE INDEX rides_unfinished_customer_key ON rides (tenant_id, customer_id) WHERE status <> 'ended';
CREATE INDEX rides_tenant_started_idx ON rides (tenant_id, started_at, id);
CREATE INDEX rides_tenant_created_idx ON rides (tenant_id, created_at, id);
CREATE INDEX rides_tenant_customer_idx ON rides (tenant_id, customer_id, started_at);
CREATE INDEX rides_tenant_vehicle_idx ON rides (tenant_id, vehicle_id, started_at);
-- Analytics buckets ended rides by end time per subaccount.
CREATE INDEX rides_tenant_subaccount_ended_idx ON rides (tenant_id, subaccount_id, ended_at)
    WHERE status = 'ended';
