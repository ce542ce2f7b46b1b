-- Keys for machine clients: "rp_" + 256 random bits, shown once, stored as a SHA-256 hash.
CREATE TABLE api_keys (
    id           uuid         PRIMARY KEY,
    owner_id     uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         varchar(100) NOT NULL,
    role         varchar(16)  NOT NULL CHECK (role IN ('VIEWER', 'EDITOR', 'ADMIN')),
    -- The first characters of the key, so that a listing can say which key is which.
    prefix       varchar(16)  NOT NULL,
    secret_hash  varchar(64)  NOT NULL UNIQUE,
    created_at   timestamptz  NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_keys_owner ON api_keys (owner_id, created_at DESC);
