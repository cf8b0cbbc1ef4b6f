-- Portable SQL: this directory serves both SQLite and PostgreSQL. Times are microseconds since
-- the Unix epoch (UTC) in BIGINT; ids are UUIDv7 text; secrets are stored only as hashes, except
-- signing-key seeds (see signing_keys).

CREATE TABLE users (
    id              TEXT   PRIMARY KEY,
    email           TEXT   NOT NULL UNIQUE,   -- lower-cased
    display_name    TEXT   NOT NULL DEFAULT '',
    time_zone       TEXT   NOT NULL DEFAULT '',
    password_hash   TEXT   NOT NULL,          -- argon2id PHC string
    create_time     BIGINT NOT NULL,
    update_time     BIGINT NOT NULL,
    last_login_time BIGINT,
    version         BIGINT NOT NULL
);

CREATE TABLE workspaces (
    id           TEXT   PRIMARY KEY,
    display_name TEXT   NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL,
    delete_time  BIGINT,
    version      BIGINT NOT NULL
);

CREATE TABLE members (
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    user_id      TEXT   NOT NULL REFERENCES users (id),
    role         TEXT   NOT NULL,             -- owner | admin | member | viewer
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id, workspace_id);

CREATE TABLE invitations (
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    id           TEXT   NOT NULL,
    email        TEXT   NOT NULL,
    role         TEXT   NOT NULL,
    message      TEXT   NOT NULL DEFAULT '',
    token_hash   TEXT   NOT NULL UNIQUE,      -- SHA-256 of the invitation token
    inviter      TEXT   NOT NULL,
    create_time  BIGINT NOT NULL,
    expire_time  BIGINT NOT NULL,
    accept_time  BIGINT,
    accepted_by  TEXT,
    revoke_time  BIGINT,
    PRIMARY KEY (workspace_id, id)
);

-- Token signing keys. The seed is the private key: in production the database must be
-- encrypted at rest and access to this schema restricted to the auth service.
CREATE TABLE signing_keys (
    kid             TEXT   PRIMARY KEY,
    seed_hex        TEXT   NOT NULL,
    state           TEXT   NOT NULL,          -- active | verify_only | retired
    create_time     BIGINT NOT NULL,
    deactivate_time BIGINT
);

-- A refresh-token family: every token descending from one login.
CREATE TABLE token_families (
    id          TEXT   PRIMARY KEY,
    user_id     TEXT   NOT NULL REFERENCES users (id),
    create_time BIGINT NOT NULL,
    expire_time BIGINT NOT NULL,
    revoke_time BIGINT
);

CREATE TABLE refresh_tokens (
    token_hash  TEXT   PRIMARY KEY,           -- SHA-256 of the refresh token
    family_id   TEXT   NOT NULL REFERENCES token_families (id),
    create_time BIGINT NOT NULL,
    expire_time BIGINT NOT NULL,
    used_time   BIGINT                        -- set when rotated; a second use is a replay
);

-- Append-only security log; workspace_id is '' for deployment-wide events.
CREATE TABLE audit_events (
    id           TEXT   PRIMARY KEY,
    workspace_id TEXT   NOT NULL,
    event_type   INTEGER NOT NULL,            -- taskstream.auth.v1.AuditEventType
    outcome      INTEGER NOT NULL,            -- taskstream.auth.v1.AuditOutcome
    actor        TEXT   NOT NULL,
    target       TEXT   NOT NULL,
    source_ip    TEXT   NOT NULL,
    details      TEXT   NOT NULL,             -- JSON object, never secrets
    create_time  BIGINT NOT NULL
);
CREATE INDEX audit_events_by_workspace ON audit_events (workspace_id, id);

CREATE TABLE request_ids (
    scope       TEXT   NOT NULL,
    method      TEXT   NOT NULL,
    request_id  TEXT   NOT NULL,
    resource_id TEXT   NOT NULL,
    create_time BIGINT NOT NULL,
    PRIMARY KEY (scope, method, request_id)
);
