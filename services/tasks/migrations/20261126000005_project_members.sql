-- Project membership: a project with members is writable only by them (and workspace admins
-- and owners); a project without members is open to the whole workspace.
CREATE TABLE project_members (
    workspace_id TEXT   NOT NULL,
    project_id   TEXT   NOT NULL,
    user_name    TEXT   NOT NULL,   -- users/{user}
    create_time  BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, project_id, user_name)
);
