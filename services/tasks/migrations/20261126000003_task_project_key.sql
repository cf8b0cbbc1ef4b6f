-- Project keys never change, so each task keeps a copy: reading a task (and a page of them)
-- is one query, with no lookup of its project.
ALTER TABLE tasks ADD COLUMN project_key TEXT NOT NULL DEFAULT '';
UPDATE tasks SET project_key = (SELECT p.key FROM projects p WHERE p.workspace_id = tasks.workspace_id AND p.id = tasks.project_id);
