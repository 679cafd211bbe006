-- Operators (people at a tenant) and their sign-in sessions (management API).

CREATE TABLE operators (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    -- Stored as given (trimmed); unique case-insensitively across all tenants, because
    -- sign-in names no tenant.
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role          text NOT NULL CHECK (role IN ('owner', 'admin', 'viewer')),
    -- argon2id in PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
    password_hash text NOT NULL,
    last_login_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX operators_email_key ON operators (lower(email));
CREATE INDEX operators_tenant_idx ON operators (tenant_id, created_at, id);

CREATE TABLE operator_sessions (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL,
    operator_id         uuid NOT NULL,
    -- Lowercase hex SHA-256 of the opaque token; the token itself is never stored.
    token_hash          text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_seen_at        timestamptz NOT NULL DEFAULT now(),
    -- Sliding: moved forward on use, never past absolute_expires_at.
    expires_at          timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at          timestamptz,
    client_ip           text,
    user_agent          text,
    FOREIGN KEY (tenant_id, operator_id) REFERENCES operators (tenant_id, id) ON DELETE CASCADE,
    CHECK (expires_at <= absolute_expires_at)
);
CREATE UNIQUE INDEX operator_sessions_token_hash_key ON operator_sessions (token_hash);
CREATE INDEX operator_sessions_operator_idx ON operator_sessions (tenant_id, operator_id);
-- Request-log queries filtered by operator.
CREATE INDEX request_logs_tenant_operator_time_idx ON request_logs (tenant_id, operator_id, created_at DESC, id DESC)
    WHERE operator_id IS NOT NULL;
