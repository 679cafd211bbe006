-- Fleet configuration authoring (zones, pricing plans) and the public GBFS feed (SPEC §13).

-- Pricing plans can be deactivated. At most one active plan per subaccount and vehicle
-- type (the one rides snapshot at their start); deactivated plans stay for history.
ALTER TABLE pricing_plans ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE pricing_plans DROP CONSTRAINT pricing_plans_tenant_id_subaccount_id_vehicle_type_key;
CREATE UNIQUE INDEX pricing_plans_active_type_key
    ON pricing_plans (tenant_id, subaccount_id, vehicle_type) WHERE active;

-- One GBFS feed per subaccount, off until an operator enables it. The token is the secret
-- path segment of the public URL (rotatable); id_secret keys the HMAC that derives the
-- rotating public vehicle ids (never shown).
CREATE TABLE gbfs_feeds (
    tenant_id          uuid NOT NULL,
    subaccount_id      uuid NOT NULL,
    enabled            boolean NOT NULL DEFAULT false,
    token              text NOT NULL CHECK (token ~ '^[A-Za-z0-9]{32}$'),
    id_secret          bytea NOT NULL CHECK (length(id_secret) = 32),
    feed_contact_email text NOT NULL CHECK (length(feed_contact_email) BETWEEN 3 AND 254),
    rental_uri_android text CHECK (length(rental_uri_android) BETWEEN 1 AND 500),
    rental_uri_ios     text CHECK (length(rental_uri_ios) BETWEEN 1 AND 500),
    rental_uri_web     text CHECK (length(rental_uri_web) BETWEEN 1 AND 500),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, subaccount_id),
    FOREIGN KEY (tenant_id, subaccount_id) REFERENCES subaccounts (tenant_id, id)
);
CREATE UNIQUE INDEX gbfs_feeds_token_key ON gbfs_feeds (token);

-- vehicle_status.json of one subaccount: the rentable and reserved vehicles with a position.
CREATE INDEX vehicles_gbfs_idx ON vehicles (tenant_id, subaccount_id, status)
    WHERE latitude IS NOT NULL AND status IN ('available', 'reserved');
