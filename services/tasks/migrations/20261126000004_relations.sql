-- Directed relations between tasks of one workspace ("source blocks target", ...).
CREATE TABLE task_relations (
    workspace_id      TEXT   NOT NULL,
    source_project_id TEXT   NOT NULL,
    source_id         TEXT   NOT NULL,
    id                TEXT   NOT NULL,
    relation_type     BIGINT NOT NULL,          -- taskstream.tasks.v1.RelationType
    target_project_id TEXT   NOT NULL,
    target_id         TEXT   NOT NULL,
    create_time       BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, source_id, id)
);
CREATE UNIQUE INDEX task_relations_unique ON task_relations (workspace_id, source_id, relation_type, target_id);
CREATE INDEX task_relations_by_target ON task_relations (workspace_id, target_id);
