-- Accounts. Versions V1-V19 belong to accounts, authentication and audit; features start at V20.
CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    -- Stored normalised (trimmed, lower-case); the index on lower(email) keeps two spellings of
    -- one address out even if a writer forgets to normalise.
    email         varchar(320) NOT NULL,
    password_hash varchar(255) NOT NULL,
    role          varchar(16)  NOT NULL CHECK (role IN ('VIEWER', 'EDITOR', 'ADMIN')),
    enabled       boolean      NOT NULL DEFAULT true,
    -- Bumped on disable, role change and password change: access tokens carry the version they
    -- were issued with and stop working when it no longer matches.
    token_version bigint       NOT NULL DEFAULT 0,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL
);

CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
CREATE INDEX users_role ON users (role) WHERE enabled;
