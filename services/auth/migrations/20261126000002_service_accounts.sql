-- Service accounts: non-human principals of one workspace, with a role and optional scopes,
-- authenticating with keys (client_id + secret) through the client_credentials grant.
CREATE TABLE service_accounts (
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
    id           TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    role         TEXT    NOT NULL,           -- admin | member | viewer (never owner)
    scopes       TEXT    NOT NULL DEFAULT '', -- space-separated permission patterns; '' = the role's rights
    disabled     BIGINT  NOT NULL DEFAULT 0,
    creator      TEXT    NOT NULL,
    create_time  BIGINT  NOT NULL,
    update_time  BIGINT  NOT NULL,
    version      BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE TABLE service_account_keys (
    workspace_id  TEXT   NOT NULL,
    account_id    TEXT   NOT NULL,
    id            TEXT   NOT NULL,
    client_id     TEXT   NOT NULL UNIQUE,
    display_name  TEXT   NOT NULL DEFAULT '',
    secret_hash   TEXT   NOT NULL,           -- SHA-256 of the 256-bit secret
    secret_hint   TEXT   NOT NULL,
    expire_time   BIGINT,
    last_use_time BIGINT,
    create_time   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, account_id, id),
    FOREIGN KEY (workspace_id, account_id) REFERENCES service_accounts (workspace_id, id)
);
