-- A throwaway schema: proves Flyway and PostgreSQL work together, not the real schema (backend owns that).
CREATE TABLE probe_asset (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
