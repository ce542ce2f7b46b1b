-- Append-only record of security-relevant actions. No foreign keys: the trail outlives the users
-- and keys it names.
CREATE TABLE audit_events (
    id                bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at       timestamptz  NOT NULL,
    actor_user_id     uuid,
    actor_api_key_id  uuid,
    -- Who acted when there is no user id (the email tried in a failed login, "system").
    actor_label       varchar(320),
    action            varchar(64)  NOT NULL,
    target_type       varchar(32),
    target_id         varchar(128),
    outcome           varchar(16)  NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED')),
    client_ip         varchar(45),
    user_agent        varchar(512),
    detail            varchar(1000)
);

-- Listing is newest first by id (the cursor), optionally filtered by actor, action or target.
CREATE INDEX audit_events_actor ON audit_events (actor_user_id, id DESC);
CREATE INDEX audit_events_action ON audit_events (action, id DESC);
CREATE INDEX audit_events_target ON audit_events (target_type, target_id, id DESC);
CREATE INDEX audit_events_time ON audit_events (occurred_at);
