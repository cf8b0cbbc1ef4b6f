-- Tasks, their project's workflow, their history, and the transactional outbox of changes.

ALTER TABLE projects ADD COLUMN next_task_number BIGINT NOT NULL DEFAULT 1;

CREATE TABLE workflow_states (
    workspace_id        TEXT   NOT NULL,
    project_id          TEXT   NOT NULL,
    id                  TEXT   NOT NULL,
    display_name        TEXT   NOT NULL,
    state_group         BIGINT NOT NULL,          -- taskstream.tasks.v1.StateGroup
    position            BIGINT NOT NULL,
    allowed_transitions TEXT   NOT NULL DEFAULT '', -- space-separated state ids; '' = any
    is_default          BIGINT NOT NULL DEFAULT 0,
    version             BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, project_id, id)
);

-- Every existing project gets the default workflow.
INSERT INTO workflow_states (workspace_id, project_id, id, display_name, state_group, position, allowed_transitions, is_default, version)
SELECT workspace_id, id, 'backlog', 'Backlog', 1, 0, '', 0, 1 FROM projects
UNION ALL SELECT workspace_id, id, 'todo', 'Todo', 2, 1, '', 1, 1 FROM projects
UNION ALL SELECT workspace_id, id, 'in-progress', 'In Progress', 3, 2, '', 0, 1 FROM projects
UNION ALL SELECT workspace_id, id, 'done', 'Done', 4, 3, '', 0, 1 FROM projects
UNION ALL SELECT workspace_id, id, 'cancelled', 'Cancelled', 5, 4, '', 0, 1 FROM projects;

CREATE TABLE tasks (
    workspace_id   TEXT   NOT NULL,
    project_id     TEXT   NOT NULL,
    id             TEXT   NOT NULL,                -- UUIDv7: creation order
    number         BIGINT NOT NULL,                -- the 42 of WEB-42
    title          TEXT   NOT NULL,
    description    TEXT   NOT NULL DEFAULT '',
    state_id       TEXT   NOT NULL,
    state_group    BIGINT NOT NULL,
    priority       BIGINT NOT NULL,
    assignees      TEXT   NOT NULL DEFAULT ' ',    -- ' users/a users/b ': space-delimited for LIKE filters
    reporter       TEXT   NOT NULL DEFAULT '',
    parent_id      TEXT   NOT NULL DEFAULT '',
    start_date     TEXT   NOT NULL DEFAULT '',     -- YYYY-MM-DD, sortable
    due_date       TEXT   NOT NULL DEFAULT '',
    due_time       BIGINT,
    estimate       DOUBLE PRECISION NOT NULL DEFAULT 0,
    source         TEXT   NOT NULL DEFAULT '{}',   -- JSON of TaskSource
    external_links TEXT   NOT NULL DEFAULT '[]',   -- JSON of [ExternalLink]
    create_time    BIGINT NOT NULL,
    update_time    BIGINT NOT NULL,
    complete_time  BIGINT,
    delete_time    BIGINT,
    version        BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX tasks_by_project ON tasks (workspace_id, project_id, id);
CREATE UNIQUE INDEX tasks_by_number ON tasks (workspace_id, project_id, number);

CREATE TABLE task_history (
    workspace_id TEXT   NOT NULL,
    task_id      TEXT   NOT NULL,
    position     BIGINT NOT NULL,
    field        TEXT   NOT NULL,
    actor        TEXT   NOT NULL,
    change_time  BIGINT NOT NULL,
    old_value    TEXT   NOT NULL,
    new_value    TEXT   NOT NULL,
    PRIMARY KEY (workspace_id, task_id, position, field)
);

-- The outbox. Positions are allocated per workspace inside the writing transaction from
-- change_counters, whose row lock serialises a workspace's writers until commit: positions are
-- gap-free and in commit order, so a watcher can tell a missed event from a quiet stream.
CREATE TABLE change_counters (
    workspace_id  TEXT   PRIMARY KEY,
    last_position BIGINT NOT NULL
);

CREATE TABLE change_events (
    workspace_id TEXT   NOT NULL,
    position     BIGINT NOT NULL,
    project_id   TEXT   NOT NULL,
    event        TEXT   NOT NULL,                   -- base64 of an encoded ChangeEvent
    create_time  BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, position)
);
