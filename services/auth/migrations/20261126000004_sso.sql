-- OpenID Connect single sign-on: connections per workspace, login attempts in flight, and the
-- external identities linked to users.
CREATE TABLE sso_connections (
    workspace_id     TEXT   NOT NULL REFERENCES workspaces (id),
    id               TEXT   NOT NULL,
    display_name     TEXT   NOT NULL,
    issuer_uri       TEXT   NOT NULL,
    client_id        TEXT   NOT NULL,
    client_secret    TEXT   NOT NULL DEFAULT '', -- needed to redeem codes: protect this schema at rest
    scopes           TEXT   NOT NULL DEFAULT '',
    email_domains    TEXT   NOT NULL DEFAULT '', -- space-separated, lower-case
    enforced         BIGINT NOT NULL DEFAULT 0,
    jit_provisioning BIGINT NOT NULL DEFAULT 0,
    default_role     TEXT   NOT NULL DEFAULT 'member',
    disabled         BIGINT NOT NULL DEFAULT 0,
    create_time      BIGINT NOT NULL,
    update_time      BIGINT NOT NULL,
    version          BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE TABLE sso_logins (
    state_hash    TEXT   PRIMARY KEY,
    workspace_id  TEXT   NOT NULL,
    connection_id TEXT   NOT NULL,
    nonce         TEXT   NOT NULL,
    code_verifier TEXT   NOT NULL,
    redirect_uri  TEXT   NOT NULL,
    create_time   BIGINT NOT NULL,
    expire_time   BIGINT NOT NULL,
    complete_time BIGINT
);

CREATE TABLE sso_identities (
    issuer      TEXT   NOT NULL,
    subject     TEXT   NOT NULL,
    user_id     TEXT   NOT NULL REFERENCES users (id),
    create_time BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
