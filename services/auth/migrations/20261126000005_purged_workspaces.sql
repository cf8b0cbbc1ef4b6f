-- Workspaces purged for good (30 days after their soft delete): kept so the purge can be
-- announced to the other services again until all of them have deleted their share.
CREATE TABLE purged_workspaces (
    id         TEXT   PRIMARY KEY,
    purge_time BIGINT NOT NULL
);
CREATE INDEX purged_workspaces_by_time ON purged_workspaces (purge_time);
