//! The session store port and its SQLite and PostgreSQL adapters. A session row holds the
//! `TranscriptSession` proto (encoded) next to the columns queries need; segments and events
//! are appended with the row's new version in one transaction, guarded by the old version, so
//! two replicas appending to one session cannot both win.

use async_trait::async_trait;
use taskstream_relational::{PgPool, SqlitePool, is_unique_violation, service_error};
use taskstream_runtime::ServiceResult;

/// A stored session.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionRecord {
    /// The workspace id (the `{workspace}` of the name).
    pub workspace_id: String,
    /// The session id.
    pub id: String,
    /// `TranscriptSessionState` as a number.
    pub state: i64,
    /// The creating call's `request_id`, for idempotent creation.
    pub request_id: Option<String>,
    /// Bumped by every write; the etag.
    pub version: i64,
    /// Number of the next candidate id (`c{n}`), so withdrawn ids are never reused.
    pub next_candidate: i64,
    /// Position of the last event.
    pub last_position: i64,
    /// Last change, microseconds since the epoch (idle timeout).
    pub update_time: i64,
    /// When a closed session is deleted, microseconds since the epoch.
    pub expire_time: Option<i64>,
    /// The encoded `TranscriptSession`.
    pub data: Vec<u8>,
}

/// A segment to store: id, arrival order, encoded `TranscriptSegment`.
pub type SegmentRow = (String, i64, Vec<u8>);
/// An event to store: position, encoded `TranscriptEvent`.
pub type EventRow = (i64, Vec<u8>);

/// Where sessions live.
#[async_trait]
pub trait SessionStore: Send + Sync + 'static {
    /// Inserts `record`; when its `request_id` was used before in the workspace, returns the
    /// session created first instead.
    async fn insert(&self, record: &SessionRecord) -> ServiceResult<Option<SessionRecord>>;
    /// A session of the workspace.
    async fn get(&self, workspace: &str, id: &str) -> ServiceResult<Option<SessionRecord>>;
    /// Sessions of the workspace after `after_id`, by id, optionally in one state.
    async fn list(
        &self,
        workspace: &str,
        state: Option<i64>,
        after_id: &str,
        limit: i64,
    ) -> ServiceResult<Vec<SessionRecord>>;
    /// Every segment of a session, in arrival order (encoded).
    async fn segments(&self, session: &str) -> ServiceResult<Vec<Vec<u8>>>;
    /// Events after `position`, in order, at most `limit`.
    async fn events_after(
        &self,
        session: &str,
        position: i64,
        limit: i64,
    ) -> ServiceResult<Vec<EventRow>>;
    /// Writes `record` (whose version is already the new one) if the stored version is still
    /// `expected`, with its new segments and events; `false` when someone else wrote first.
    async fn commit(
        &self,
        record: &SessionRecord,
        expected: i64,
        segments: &[SegmentRow],
        events: &[EventRow],
    ) -> ServiceResult<bool>;
    /// Deletes a session with its segments and events; `false` when it did not exist.
    async fn delete(&self, workspace: &str, id: &str) -> ServiceResult<bool>;
    /// Deletes every session of a purged workspace with its segments and events; returns
    /// how many sessions went. Idempotent.
    async fn purge_workspace(&self, workspace: &str) -> ServiceResult<u64>;
    /// Deletes closed sessions whose expiry passed; how many.
    async fn purge_expired(&self, now: i64) -> ServiceResult<u64>;
    /// Active sessions with no change since `before` (at most 1,000): (workspace, id).
    async fn idle_sessions(&self, active: i64, before: i64)
    -> ServiceResult<Vec<(String, String)>>;
}

const COLUMNS: &str = "workspace_id, id, state, request_id, version, next_candidate, last_position, update_time, expire_time, data";

macro_rules! sql_session_store {
    ($(#[$doc:meta])* $store:ident, $db:ty, $pool:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $store {
            pool: $pool,
        }

        impl $store {
            /// An adapter over `pool`, whose schema is migrated.
            pub fn new(pool: $pool) -> Self {
                Self { pool }
            }
        }

        #[async_trait]
        impl SessionStore for $store {
            async fn insert(&self, record: &SessionRecord) -> ServiceResult<Option<SessionRecord>> {
                let inserted = sqlx::query::<$db>(&format!(
                    "INSERT INTO transcript_sessions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                ))
                .bind(&record.workspace_id)
                .bind(&record.id)
                .bind(record.state)
                .bind(&record.request_id)
                .bind(record.version)
                .bind(record.next_candidate)
                .bind(record.last_position)
                .bind(record.update_time)
                .bind(record.expire_time)
                .bind(&record.data)
                .execute(&self.pool)
                .await;
                match inserted {
                    Ok(_) => Ok(None),
                    Err(error) if is_unique_violation(&error) && record.request_id.is_some() => {
                        sqlx::query_as::<$db, SessionRecord>(&format!(
                            "SELECT {COLUMNS} FROM transcript_sessions WHERE workspace_id = $1 AND request_id = $2"
                        ))
                        .bind(&record.workspace_id)
                        .bind(&record.request_id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(service_error)
                    }
                    Err(error) => Err(service_error(error)),
                }
            }

            async fn get(&self, workspace: &str, id: &str) -> ServiceResult<Option<SessionRecord>> {
                sqlx::query_as::<$db, SessionRecord>(&format!(
                    "SELECT {COLUMNS} FROM transcript_sessions WHERE workspace_id = $1 AND id = $2"
                ))
                .bind(workspace)
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn list(
                &self,
                workspace: &str,
                state: Option<i64>,
                after_id: &str,
                limit: i64,
            ) -> ServiceResult<Vec<SessionRecord>> {
                sqlx::query_as::<$db, SessionRecord>(&format!(
                    "SELECT {COLUMNS} FROM transcript_sessions WHERE workspace_id = $1 AND id > $2 \
                     AND ($3 = 0 OR state = $3) ORDER BY id LIMIT $4"
                ))
                .bind(workspace)
                .bind(after_id)
                .bind(state.unwrap_or(0))
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn segments(&self, session: &str) -> ServiceResult<Vec<Vec<u8>>> {
                sqlx::query_scalar::<$db, Vec<u8>>(
                    "SELECT data FROM transcript_segments WHERE session_id = $1 ORDER BY seq",
                )
                .bind(session)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn events_after(
                &self,
                session: &str,
                position: i64,
                limit: i64,
            ) -> ServiceResult<Vec<EventRow>> {
                sqlx::query_as::<$db, (i64, Vec<u8>)>(
                    "SELECT position, data FROM transcript_events WHERE session_id = $1 AND position > $2 \
                     ORDER BY position LIMIT $3",
                )
                .bind(session)
                .bind(position)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn commit(
                &self,
                record: &SessionRecord,
                expected: i64,
                segments: &[SegmentRow],
                events: &[EventRow],
            ) -> ServiceResult<bool> {
                let mut transaction = self.pool.begin().await.map_err(service_error)?;
                let updated = sqlx::query::<$db>(
                    "UPDATE transcript_sessions SET state = $3, version = $4, next_candidate = $5, \
                     last_position = $6, update_time = $7, expire_time = $8, data = $9 \
                     WHERE workspace_id = $1 AND id = $2 AND version = $10",
                )
                .bind(&record.workspace_id)
                .bind(&record.id)
                .bind(record.state)
                .bind(record.version)
                .bind(record.next_candidate)
                .bind(record.last_position)
                .bind(record.update_time)
                .bind(record.expire_time)
                .bind(&record.data)
                .bind(expected)
                .execute(&mut *transaction)
                .await
                .map_err(service_error)?;
                if updated.rows_affected() == 0 {
                    return Ok(false);
                }
                for (segment_id, seq, data) in segments {
                    sqlx::query::<$db>(
                        "INSERT INTO transcript_segments (session_id, segment_id, seq, data) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&record.id)
                    .bind(segment_id)
                    .bind(seq)
                    .bind(data)
                    .execute(&mut *transaction)
                    .await
                    .map_err(service_error)?;
                }
                for (position, data) in events {
                    sqlx::query::<$db>(
                        "INSERT INTO transcript_events (session_id, position, data) VALUES ($1, $2, $3)",
                    )
                    .bind(&record.id)
                    .bind(position)
                    .bind(data)
                    .execute(&mut *transaction)
                    .await
                    .map_err(service_error)?;
                }
                transaction.commit().await.map_err(service_error)?;
                Ok(true)
            }

            async fn delete(&self, workspace: &str, id: &str) -> ServiceResult<bool> {
                let mut transaction = self.pool.begin().await.map_err(service_error)?;
                let deleted = sqlx::query::<$db>(
                    "DELETE FROM transcript_sessions WHERE workspace_id = $1 AND id = $2",
                )
                .bind(workspace)
                .bind(id)
                .execute(&mut *transaction)
                .await
                .map_err(service_error)?;
                if deleted.rows_affected() == 0 {
                    return Ok(false);
                }
                for table in ["transcript_segments", "transcript_events"] {
                    sqlx::query::<$db>(&format!("DELETE FROM {table} WHERE session_id = $1"))
                        .bind(id)
                        .execute(&mut *transaction)
                        .await
                        .map_err(service_error)?;
                }
                transaction.commit().await.map_err(service_error)?;
                Ok(true)
            }

            async fn purge_workspace(&self, workspace: &str) -> ServiceResult<u64> {
                let mut purged = 0;
                loop {
                    let ids = sqlx::query_scalar::<$db, String>(
                        "SELECT id FROM transcript_sessions WHERE workspace_id = $1 LIMIT 1000",
                    )
                    .bind(workspace)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(service_error)?;
                    if ids.is_empty() {
                        return Ok(purged);
                    }
                    for id in ids {
                        purged += u64::from(self.delete(workspace, &id).await?);
                    }
                }
            }

            async fn purge_expired(&self, now: i64) -> ServiceResult<u64> {
                let expired = sqlx::query_as::<$db, (String, String)>(
                    "SELECT workspace_id, id FROM transcript_sessions WHERE expire_time < $1 LIMIT 1000",
                )
                .bind(now)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)?;
                let mut purged = 0;
                for (workspace, id) in expired {
                    purged += u64::from(self.delete(&workspace, &id).await?);
                }
                Ok(purged)
            }

            async fn idle_sessions(&self, active: i64, before: i64) -> ServiceResult<Vec<(String, String)>> {
                sqlx::query_as::<$db, (String, String)>(
                    "SELECT workspace_id, id FROM transcript_sessions WHERE state = $1 AND update_time < $2 LIMIT 1000",
                )
                .bind(active)
                .bind(before)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }
        }
    };
}

sql_session_store!(
    /// Sessions in the dev SQLite database.
    SqliteSessionStore,
    sqlx::Sqlite,
    SqlitePool
);
sql_session_store!(
    /// Sessions in PostgreSQL.
    PostgresSessionStore,
    sqlx::Postgres,
    PgPool
);
