-- Transcript sessions: the session itself (its proto, encoded), its segments in arrival
-- order and its events by position.
CREATE TABLE transcript_sessions (
    workspace_id TEXT NOT NULL,
    id TEXT NOT NULL,
    state BIGINT NOT NULL,
    request_id TEXT,
    version BIGINT NOT NULL,
    next_candidate BIGINT NOT NULL,
    last_position BIGINT NOT NULL,
    update_time BIGINT NOT NULL,
    expire_time BIGINT,
    data BYTEA NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX transcript_sessions_request ON transcript_sessions (workspace_id, request_id);
CREATE INDEX transcript_sessions_expiry ON transcript_sessions (expire_time);

CREATE TABLE transcript_segments (
    session_id TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (session_id, segment_id)
);

CREATE TABLE transcript_events (
    session_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (session_id, position)
);
