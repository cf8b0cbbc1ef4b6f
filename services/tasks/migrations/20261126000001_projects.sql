-- Portable SQL: this directory serves both SQLite and PostgreSQL. Times are microseconds since
-- the Unix epoch (UTC) in BIGINT on both, so the adapters share their queries.

-- Projects of every workspace.
CREATE TABLE projects (
    workspace_id TEXT   NOT NULL,
    id           TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    display_name TEXT   NOT NULL,
    description  TEXT   NOT NULL DEFAULT '',
    lead         TEXT   NOT NULL DEFAULT '',
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL,
    delete_time  BIGINT,
    version      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

-- Keys stay unique in a workspace even after a soft delete: task keys (`WEB-42`) must never
-- become ambiguous.
CREATE UNIQUE INDEX projects_workspace_key ON projects (workspace_id, key);

-- Request ids already answered, so a retried create returns its first result.
CREATE TABLE request_ids (
    workspace_id TEXT   NOT NULL,
    method       TEXT   NOT NULL,
    request_id   TEXT   NOT NULL,
    resource_id  TEXT   NOT NULL,
    create_time  BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, method, request_id)
);
