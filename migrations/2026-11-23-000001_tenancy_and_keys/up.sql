-- Tenancy (SPEC §1) and API keys (SPEC §2). Every access path starts with tenant_id so the
-- schema can be distributed by tenant.

CREATE TABLE tenants (
    id           uuid PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    plan         text NOT NULL CHECK (plan IN ('trial', 'starter', 'professional', 'enterprise')),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'archived')),
    max_api_keys integer NOT NULL DEFAULT 50 CHECK (max_api_keys >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tenants_name_key ON tenants (lower(name));

CREATE TABLE subaccounts (
    id                            uuid PRIMARY KEY,
    tenant_id                     uuid NOT NULL REFERENCES tenants (id),
    name                          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    currency                      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    timezone                      text NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    sandbox                       boolean NOT NULL DEFAULT false,
    min_start_battery_percent     integer NOT NULL DEFAULT 15 CHECK (min_start_battery_percent BETWEEN 0 AND 100),
    battery_low_threshold_percent integer NOT NULL DEFAULT 20 CHECK (battery_low_threshold_percent BETWEEN 0 AND 100),
    created_at                    timestamptz NOT NULL DEFAULT now(),
    updated_at                    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX subaccounts_tenant_name_key ON subaccounts (tenant_id, lower(name));

CREATE TABLE api_keys (
    id                      uuid PRIMARY KEY,
    tenant_id               uuid NOT NULL REFERENCES tenants (id),
    name                    text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- First 12 characters of the secret, for display; the secret itself is never stored.
    prefix                  text NOT NULL,
    -- Lowercase hex SHA-256 of the whole secret.
    key_hash                text NOT NULL,
    -- After a regeneration with a grace period, the previous secret's hash and its deadline.
    previous_key_hash       text,
    previous_key_expires_at timestamptz,
    mode                    text NOT NULL CHECK (mode IN ('live', 'test')),
    permissions             text[] NOT NULL DEFAULT '{}',
    scope                   text NOT NULL CHECK (scope IN ('subaccount', 'global')),
    -- subaccount scope: exactly its one subaccount; global: the allowed list (empty = all).
    subaccount_ids          uuid[] NOT NULL DEFAULT '{}',
    rate_limit_per_minute   integer CHECK (rate_limit_per_minute > 0),
    rate_limit_per_hour     integer CHECK (rate_limit_per_hour > 0),
    rate_limit_per_day      integer CHECK (rate_limit_per_day > 0),
    allowed_ips             text[] NOT NULL DEFAULT '{}',
    expires_at              timestamptz,
    active                  boolean NOT NULL DEFAULT true,
    revoked_at              timestamptz,
    deleted_at              timestamptz,
    created_by              text,
    last_used_at            timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (scope <> 'subaccount' OR cardinality(subaccount_ids) = 1),
    CHECK ((previous_key_hash IS NULL) = (previous_key_expires_at IS NULL))
);
CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash);
CREATE UNIQUE INDEX api_keys_previous_key_hash_key ON api_keys (previous_key_hash)
    WHERE previous_key_hash IS NOT NULL;
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at, id);

-- Key and tenant changes are announced on this channel (payload `key:<uuid>` or
-- `tenant:<uuid>`) so every gateway instance drops its cached copy at once.
