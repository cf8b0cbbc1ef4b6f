-- OAuth 2.0 clients (partner apps) and the authorization-code grant with PKCE.
CREATE TABLE oauth_clients (
    workspace_id           TEXT   NOT NULL REFERENCES workspaces (id),
    id                     TEXT   NOT NULL,
    client_id              TEXT   NOT NULL UNIQUE,
    display_name           TEXT   NOT NULL,
    description            TEXT   NOT NULL DEFAULT '',
    homepage_uri           TEXT   NOT NULL DEFAULT '',
    client_type            TEXT   NOT NULL,           -- confidential | public
    redirect_uris          TEXT   NOT NULL,           -- newline-separated, exact match
    allowed_scopes         TEXT   NOT NULL DEFAULT '', -- space-separated; '' = any
    allow_other_workspaces BIGINT NOT NULL DEFAULT 0,
    disabled               BIGINT NOT NULL DEFAULT 0,
    secret_hash            TEXT   NOT NULL DEFAULT '', -- '' for public clients
    secret_hint            TEXT   NOT NULL DEFAULT '',
    creator                TEXT   NOT NULL,
    create_time            BIGINT NOT NULL,
    update_time            BIGINT NOT NULL,
    version                BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

-- Single-use codes, 60 seconds, bound to client, redirect URI, user, workspace and the PKCE
-- challenge. family_id records the tokens a code produced, so a replayed code revokes them.
CREATE TABLE authorization_codes (
    code_hash      TEXT   PRIMARY KEY,
    client_id      TEXT   NOT NULL,
    user_id        TEXT   NOT NULL,
    workspace_id   TEXT   NOT NULL,
    redirect_uri   TEXT   NOT NULL,
    scope          TEXT   NOT NULL,
    code_challenge TEXT   NOT NULL,
    create_time    BIGINT NOT NULL,
    expire_time    BIGINT NOT NULL,
    used_time      BIGINT,
    family_id      TEXT
);

-- Families started by an authorization keep what their tokens are limited to.
ALTER TABLE token_families ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE token_families ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
ALTER TABLE token_families ADD COLUMN scope TEXT NOT NULL DEFAULT '';
