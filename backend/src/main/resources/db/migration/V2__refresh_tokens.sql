-- A family is one login session: every refresh token rotated out of the same login belongs to it,
-- so presenting a used token can revoke everything that descends from that login.
CREATE TABLE refresh_token_families (
    id             uuid        PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    -- Absolute end of the session, however often it is refreshed.
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(32)
);

CREATE INDEX refresh_token_families_user ON refresh_token_families (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    id         uuid        PRIMARY KEY,
    family_id  uuid        NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
    -- SHA-256 (hex) of the 256-bit random token: the token itself is never stored.
    token_hash varchar(64) NOT NULL UNIQUE,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
