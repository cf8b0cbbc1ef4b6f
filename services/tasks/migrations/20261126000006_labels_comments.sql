-- Labels of a project, put on its tasks, and comments on tasks.
CREATE TABLE labels (
    workspace_id TEXT   NOT NULL,
    project_id   TEXT   NOT NULL,
    id           TEXT   NOT NULL,
    display_name TEXT   NOT NULL,
    color        TEXT   NOT NULL DEFAULT '',
    description  TEXT   NOT NULL DEFAULT '',
    create_time  BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, project_id, id)
);
CREATE UNIQUE INDEX labels_by_name ON labels (workspace_id, project_id, lower(display_name));

-- ' label-a label-b ': space-delimited label ids, like assignees.
ALTER TABLE tasks ADD COLUMN labels TEXT NOT NULL DEFAULT ' ';

CREATE TABLE comments (
    workspace_id TEXT   NOT NULL,
    project_id   TEXT   NOT NULL,
    task_id      TEXT   NOT NULL,
    id           TEXT   NOT NULL,   -- UUIDv7: creation order
    author       TEXT   NOT NULL,
    body         TEXT   NOT NULL,
    create_time  BIGINT NOT NULL,
    update_time  BIGINT NOT NULL,
    delete_time  BIGINT,
    version      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, task_id, id)
);
