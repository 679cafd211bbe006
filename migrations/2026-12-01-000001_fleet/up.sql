-- The fleet domain (SPEC §1, §7, §9): vehicles, customers and their wallets, zones, pricing
-- plans, per-tenant number sequences and the event outbox. Every table carries tenant_id and
-- subaccount_id; every access path starts with tenant_id.

-- Per-tenant counters (customer numbers, generated vehicle numbers). A row is locked by the
-- UPDATE that advances it, so numbers are gap-free per committed transaction and unique.
CREATE TABLE tenant_sequences (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    name       text NOT NULL CHECK (name IN ('customer_number', 'vehicle_number')),
    last_value bigint NOT NULL DEFAULT 0 CHECK (last_value >= 0),
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE vehicles (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    subaccount_id   uuid NOT NULL,
    vehicle_number  text NOT NULL CHECK (length(vehicle_number) BETWEEN 1 AND 32),
    registration    text CHECK (length(registration) BETWEEN 1 AND 32),
    type            text NOT NULL CHECK (type IN ('scooter', 'ebike', 'moped', 'car', 'van')),
    make            text CHECK (length(make) BETWEEN 1 AND 100),
    model           text CHECK (length(model) BETWEEN 1 AND 100),
    year            integer CHECK (year BETWEEN 1900 AND 2100),
    fuel_type       text CHECK (fuel_type IN ('electric', 'petrol', 'diesel', 'hybrid')),
    capacity        integer CHECK (capacity BETWEEN 1 AND 100),
    status          text NOT NULL DEFAULT 'available'
                    CHECK (status IN ('available', 'in_use', 'reserved', 'maintenance', 'charging', 'offline', 'retired')),
    battery_percent integer CHECK (battery_percent BETWEEN 0 AND 100),
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    last_seen_at    timestamptz,
    metadata        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id),
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX vehicles_tenant_number_key ON vehicles (tenant_id, lower(vehicle_number));
CREATE INDEX vehicles_tenant_created_idx ON vehicles (tenant_id, created_at, id);
CREATE INDEX vehicles_tenant_subaccount_created_idx ON vehicles (tenant_id, subaccount_id, created_at, id);
-- Nearby search: a bounding box on indexed coordinates, tenant first. The included
-- columns let the search pick the nearest rows from the index alone (index-only scan).
CREATE INDEX vehicles_tenant_position_idx ON vehicles (tenant_id, latitude, longitude)
    INCLUDE (status, subaccount_id, id) WHERE latitude IS NOT NULL;

CREATE TABLE customers (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    subaccount_id   uuid NOT NULL,
    customer_number bigint NOT NULL CHECK (customer_number > 0),
    email           text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name            text CHECK (length(name) BETWEEN 1 AND 200),
    phone           text CHECK (length(phone) BETWEEN 3 AND 32),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
    blocked_reason  text CHECK (length(blocked_reason) BETWEEN 1 AND 500),
    metadata        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id),
    CHECK (status = 'blocked' OR blocked_reason IS NULL),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, customer_number)
);
CREATE UNIQUE INDEX customers_tenant_email_key ON customers (tenant_id, lower(email));
CREATE INDEX customers_tenant_created_idx ON customers (tenant_id, created_at, id);
CREATE INDEX customers_tenant_subaccount_created_idx ON customers (tenant_id, subaccount_id, created_at, id);

-- One wallet per customer, created with it. balance_cents always equals the sum of the
-- customer's ledger (credit/refund add, debit/ride_charge subtract).
CREATE TABLE wallets (
    customer_id   uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL,
    subaccount_id uuid NOT NULL,
    balance_cents bigint NOT NULL DEFAULT 0,
    currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX wallets_tenant_idx ON wallets (tenant_id, customer_id);

-- The append-only ledger. amount_cents is always positive; kind gives the sign.
CREATE TABLE wallet_transactions (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL,
    subaccount_id       uuid NOT NULL,
    customer_id         uuid NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('credit', 'debit', 'ride_charge', 'refund')),
    amount_cents        bigint NOT NULL CHECK (amount_cents > 0),
    balance_after_cents bigint NOT NULL,
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    description         text CHECK (length(description) <= 500),
    ride_id             uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX wallet_transactions_customer_idx ON wallet_transactions (tenant_id, customer_id, created_at, id);

CREATE TABLE zones (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    subaccount_id   uuid NOT NULL,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type            text NOT NULL CHECK (type IN ('operating_area', 'parking', 'no_parking', 'slow_speed')),
    -- A validated GeoJSON Polygon or MultiPolygon ([lng, lat] positions).
    geometry        jsonb NOT NULL,
    speed_limit_kph integer CHECK (speed_limit_kph BETWEEN 1 AND 200),
    -- Bounding box of the geometry, for index-friendly prefilters.
    min_lat         double precision NOT NULL,
    min_lng         double precision NOT NULL,
    max_lat         double precision NOT NULL,
    max_lng         double precision NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id),
    CHECK (type = 'slow_speed' OR speed_limit_kph IS NULL),
    CHECK (min_lat <= max_lat AND min_lng <= max_lng)
);
CREATE INDEX zones_tenant_created_idx ON zones (tenant_id, created_at, id);
CREATE INDEX zones_tenant_subaccount_type_idx ON zones (tenant_id, subaccount_id, type);

CREATE TABLE pricing_plans (
    id                     uuid PRIMARY KEY,
    tenant_id              uuid NOT NULL,
    subaccount_id          uuid NOT NULL,
    vehicle_type           text NOT NULL CHECK (vehicle_type IN ('scooter', 'ebike', 'moped', 'car', 'van')),
    name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unlock_cents           integer NOT NULL CHECK (unlock_cents BETWEEN 0 AND 1000000),
    per_minute_cents       integer NOT NULL CHECK (per_minute_cents BETWEEN 0 AND 1000000),
    pause_per_minute_cents integer NOT NULL CHECK (pause_per_minute_cents BETWEEN 0 AND 1000000),
    per_km_cents           integer NOT NULL CHECK (per_km_cents BETWEEN 0 AND 1000000),
    currency               text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id),
    UNIQUE (tenant_id, subaccount_id, vehicle_type)
);
CREATE INDEX pricing_plans_tenant_created_idx ON pricing_plans (tenant_id, created_at, id);

-- The outbox (SPEC §9): one row per domain event, written in the transaction of the change.
-- Delivery (the webhooks issue) reads undispatched rows in id order (UUID v7: time order).
CREATE TABLE events (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL,
    subaccount_id uuid NOT NULL,
    event_type    text NOT NULL CHECK (length(event_type) BETWEEN 1 AND 64),
    data          jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    dispatched_at timestamptz,
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id)
);
CREATE INDEX events_tenant_created_idx ON events (tenant_id, created_at, id);
CREATE INDEX events_undispatched_idx ON events (id) WHERE dispatched_at IS NULL;
