-- Assets, their uploads and versions, the jobs that process versions, and the outbox that hands
-- jobs to Redis. owner_id refers to users(id); the foreign key is added once the users table
-- exists in every branch (a later migration).

create extension if not exists pg_trgm;

create table assets (
    id              uuid primary key,
    owner_id        uuid        not null,
    title           text        not null,
    description     text,
    status          text        not null check (status in ('AWAITING_UPLOAD', 'PROCESSING', 'READY', 'FAILED')),
    live_version_id uuid,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    deleted_at      timestamptz,
    -- set once the asynchronous cleanup has removed the previews and staging objects of a deleted asset
    cleaned_at      timestamptz
);

-- The list: newest first with a (created_at, id) cursor, optionally by owner or status.
create index assets_list_idx on assets (created_at desc, id desc) where deleted_at is null;
create index assets_owner_list_idx on assets (owner_id, created_at desc, id desc) where deleted_at is null;
create index assets_status_list_idx on assets (status, created_at desc, id desc) where deleted_at is null;
-- Title search is a case-insensitive substring match (ILIKE), which a trigram index serves.
create index assets_title_trgm_idx on assets using gin (title gin_trgm_ops) where deleted_at is null;
create index assets_cleanup_idx on assets (deleted_at) where deleted_at is not null and cleaned_at is null;

create table uploads (
    id                  uuid primary key,
    asset_id            uuid        not null references assets (id),
    owner_id            uuid        not null,
    filename            text        not null,
    content_type        text        not null,
    size_bytes          bigint      not null check (size_bytes > 0),
    sha256              text check (sha256 ~ '^[0-9a-f]{64}$'),
    staging_key         text        not null unique,
    -- S3's id of a multipart upload; null for a single presigned PUT
    multipart_upload_id text,
    part_size           bigint,
    part_count          int,
    status              text        not null check (status in ('PENDING', 'COMPLETED', 'ABORTED', 'EXPIRED', 'PROMOTED')),
    created_at          timestamptz not null,
    expires_at          timestamptz not null,
    completed_at        timestamptz
);

create index uploads_asset_idx on uploads (asset_id, created_at desc);
create index uploads_stale_idx on uploads (expires_at) where status in ('PENDING', 'COMPLETED');

create table versions (
    id               uuid primary key,
    asset_id         uuid        not null references assets (id),
    number           int         not null,
    -- promoting the same upload twice finds this row instead of making a second version
    upload_id        uuid unique references uploads (id),
    -- the Idempotency-Key of the promote request, unique per asset
    idempotency_key  text,
    status           text        not null check (status in ('PROMOTING', 'PROCESSING', 'READY', 'FAILED')),
    progress         int         not null default 0 check (progress between 0 and 100),
    progress_stage   text,
    failure_code     text,
    failure_message  text,
    declared_sha256  text,
    sha256           text,
    size_bytes       bigint,
    filename         text        not null,
    content_type     text        not null,
    master_key       text        not null,
    preview_prefix   text        not null,
    probe            jsonb,
    renditions       jsonb,
    manifest_key     text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    ready_at         timestamptz,
    unique (asset_id, number),
    unique (asset_id, idempotency_key)
);

alter table assets add constraint assets_live_version_fk foreign key (live_version_id) references versions (id);

create table jobs (
    id              uuid primary key,
    asset_id        uuid        not null references assets (id),
    version_id      uuid        not null references versions (id),
    type            text        not null check (type in ('INGEST_AND_TRANSCODE', 'TRANSCODE')),
    status          text        not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    attempt         int         not null default 1,
    progress        int         not null default 0,
    -- the (attempt, sequence) of the last applied event: an event not above it is stale or a duplicate
    applied_attempt  int        not null default 0,
    applied_sequence bigint     not null default 0,
    failure_code    text,
    failure_message text,
    retryable       boolean,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    started_at      timestamptz,
    finished_at     timestamptz
);

create index jobs_version_idx on jobs (version_id, created_at desc);
create index jobs_status_idx on jobs (status, created_at desc, id desc);

-- Written in the promotion's transaction; the relay moves rows to the jobs stream.
create table job_outbox (
    id            bigserial primary key,
    job_id        uuid        not null references jobs (id),
    fields        jsonb       not null,
    created_at    timestamptz not null,
    attempts      int         not null default 0,
    last_error    text,
    published_at  timestamptz,
    stream_id     text
);

create index job_outbox_pending_idx on job_outbox (id) where published_at is null;
