//! The project store port and its two adapters. SQLite and PostgreSQL run the same portable
//! SQL (numbered `$n` parameters, `RETURNING`, BIGINT microsecond times), so one macro body
//! stamps out both adapters instead of two hand-kept copies.

use async_trait::async_trait;
use taskstream_relational::{PgPool, SqlitePool, is_unique_violation, service_error};
use taskstream_runtime::{ServiceError, ServiceResult};

use super::{NewProject, ProjectChanges, ProjectRecord};
use crate::names::project_name;

/// What the project logic needs from storage. Every method is scoped by workspace: a project
/// of another workspace is indistinguishable from one that does not exist.
#[async_trait]
pub trait ProjectStore: Send + Sync + 'static {
    /// Inserts a project. With a `request_id` already used for a create in this workspace, returns
    /// the project that create made and inserts nothing. A taken key is `ALREADY_EXISTS`.
    async fn create(
        &self,
        project: NewProject,
        request_id: Option<&str>,
    ) -> ServiceResult<ProjectRecord>;

    /// One project, deleted or not.
    async fn get(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<ProjectRecord>>;

    /// Up to `limit` projects with ids greater than `after_id`, by id (UUIDv7: creation order).
    async fn list(
        &self,
        workspace_id: &str,
        after_id: Option<&str>,
        limit: usize,
        show_deleted: bool,
    ) -> ServiceResult<Vec<ProjectRecord>>;

    /// Applies `changes` to a live project if its version is `expected_version` (when given).
    async fn update(
        &self,
        workspace_id: &str,
        id: &str,
        changes: &ProjectChanges,
        expected_version: Option<i64>,
        now: i64,
    ) -> ServiceResult<ProjectRecord>;

    /// Adds a project member; `ALREADY_EXISTS` when they are one.
    async fn add_member(
        &self,
        workspace_id: &str,
        project_id: &str,
        user: &str,
        now: i64,
    ) -> ServiceResult<()>;
    /// Members of a project, by user name after `after`.
    async fn members(
        &self,
        workspace_id: &str,
        project_id: &str,
        after: &str,
        limit: i64,
    ) -> ServiceResult<Vec<(String, i64)>>;
    /// Removes a project member; `false` when they were none.
    async fn remove_member(
        &self,
        workspace_id: &str,
        project_id: &str,
        user: &str,
    ) -> ServiceResult<bool>;
    /// Whether the project restricts writes to its members, and whether `user` is one.
    async fn membership(
        &self,
        workspace_id: &str,
        project_id: &str,
        user: &str,
    ) -> ServiceResult<(bool, bool)>;

    /// Soft-deletes (`deleted`) or restores a project, if its version is `expected_version`.
    async fn set_deleted(
        &self,
        workspace_id: &str,
        id: &str,
        deleted: bool,
        expected_version: Option<i64>,
        now: i64,
    ) -> ServiceResult<ProjectRecord>;
}

const COLUMNS: &str = "workspace_id, id, key, display_name, description, lead, create_time, update_time, delete_time, version";

/// Why a conditional write matched no row, found by reading the row afterwards.
fn explain_missed_write(
    current: Option<ProjectRecord>,
    workspace_id: &str,
    id: &str,
    must_be_deleted: bool,
) -> ServiceError {
    let name = project_name(workspace_id, id);
    match current {
        None => ServiceError::not_found(&name),
        Some(project) if project.delete_time.is_some() != must_be_deleted => {
            if must_be_deleted {
                ServiceError::failed_precondition("NOT_DELETED", format!("{name} is not deleted"))
            } else {
                ServiceError::failed_precondition(
                    "DELETED",
                    format!("{name} is deleted: undelete it before changing it"),
                )
            }
        }
        Some(_) => ServiceError::etag_mismatch(&name),
    }
}

macro_rules! sql_project_store {
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

            async fn fetch(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<ProjectRecord>> {
                sqlx::query_as::<$db, ProjectRecord>(&format!(
                    "SELECT {COLUMNS} FROM projects WHERE workspace_id = $1 AND id = $2"
                ))
                .bind(workspace_id)
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn replay(&self, workspace_id: &str, request_id: &str) -> ServiceResult<Option<ProjectRecord>> {
                let earlier: Option<String> = sqlx::query_scalar::<$db, String>(
                    "SELECT resource_id FROM request_ids WHERE workspace_id = $1 AND method = 'CreateProject' AND request_id = $2",
                )
                .bind(workspace_id)
                .bind(request_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)?;
                match earlier {
                    Some(id) => self.fetch(workspace_id, &id).await,
                    None => Ok(None),
                }
            }
        }

        #[async_trait]
        impl ProjectStore for $store {
            async fn create(&self, project: NewProject, request_id: Option<&str>) -> ServiceResult<ProjectRecord> {
                if let Some(request_id) = request_id
                    && let Some(first) = self.replay(&project.workspace_id, request_id).await?
                {
                    return Ok(first);
                }
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                if let Some(request_id) = request_id {
                    let claimed = sqlx::query::<$db>(
                        "INSERT INTO request_ids (workspace_id, method, request_id, resource_id, create_time) \
                         VALUES ($1, 'CreateProject', $2, $3, $4) ON CONFLICT DO NOTHING",
                    )
                    .bind(&project.workspace_id)
                    .bind(request_id)
                    .bind(&project.id)
                    .bind(project.create_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                    if claimed == 0 {
                        // A concurrent retry won the race: answer with its result.
                        drop(tx);
                        return self
                            .replay(&project.workspace_id, request_id)
                            .await?
                            .ok_or_else(|| ServiceError::unavailable("RETRY", "a concurrent request with this request_id is still running; retry"));
                    }
                }
                let inserted = sqlx::query_as::<$db, ProjectRecord>(&format!(
                    "INSERT INTO projects ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, NULL, 1) RETURNING {COLUMNS}"
                ))
                .bind(&project.workspace_id)
                .bind(&project.id)
                .bind(&project.key)
                .bind(&project.display_name)
                .bind(&project.description)
                .bind(&project.lead)
                .bind(project.create_time)
                .fetch_one(&mut *tx)
                .await;
                let record = match inserted {
                    Ok(record) => record,
                    Err(error) if is_unique_violation(&error) => {
                        return Err(ServiceError::already_exists(
                            "PROJECT_KEY_TAKEN",
                            format!("a project with key {} already exists in this workspace", project.key),
                        ));
                    }
                    Err(error) => return Err(service_error(error)),
                };
                // Every project starts with the default workflow.
                for (position, (id, name, group, is_default)) in crate::tasks::DEFAULT_WORKFLOW.iter().enumerate() {
                    sqlx::query::<$db>(
                        "INSERT INTO workflow_states (workspace_id, project_id, id, display_name, state_group, position, allowed_transitions, is_default, version) \
                         VALUES ($1, $2, $3, $4, $5, $6, '', $7, 1)",
                    )
                    .bind(&project.workspace_id)
                    .bind(&project.id)
                    .bind(*id)
                    .bind(*name)
                    .bind(*group as i64)
                    .bind(position as i64)
                    .bind(i64::from(*is_default))
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                }
                tx.commit().await.map_err(service_error)?;
                Ok(record)
            }

            async fn add_member(&self, workspace_id: &str, project_id: &str, user: &str, now: i64) -> ServiceResult<()> {
                let added = sqlx::query::<$db>(
                    "INSERT INTO project_members (workspace_id, project_id, user_name, create_time) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(workspace_id)
                .bind(project_id)
                .bind(user)
                .bind(now)
                .execute(&self.pool)
                .await
                .map_err(service_error)?
                .rows_affected();
                if added == 0 {
                    return Err(ServiceError::already_exists("ALREADY_A_MEMBER", format!("{user} is already a member of this project")));
                }
                Ok(())
            }

            async fn members(&self, workspace_id: &str, project_id: &str, after: &str, limit: i64) -> ServiceResult<Vec<(String, i64)>> {
                sqlx::query_as::<$db, (String, i64)>(
                    "SELECT user_name, create_time FROM project_members WHERE workspace_id = $1 AND project_id = $2 AND user_name > $3 ORDER BY user_name LIMIT $4",
                )
                .bind(workspace_id)
                .bind(project_id)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn remove_member(&self, workspace_id: &str, project_id: &str, user: &str) -> ServiceResult<bool> {
                let removed = sqlx::query::<$db>("DELETE FROM project_members WHERE workspace_id = $1 AND project_id = $2 AND user_name = $3")
                    .bind(workspace_id)
                    .bind(project_id)
                    .bind(user)
                    .execute(&self.pool)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                Ok(removed == 1)
            }

            async fn membership(&self, workspace_id: &str, project_id: &str, user: &str) -> ServiceResult<(bool, bool)> {
                let (members, is_member): (i64, i64) = sqlx::query_as::<$db, (i64, i64)>(
                    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN user_name = $3 THEN 1 ELSE 0 END), 0) FROM project_members WHERE workspace_id = $1 AND project_id = $2",
                )
                .bind(workspace_id)
                .bind(project_id)
                .bind(user)
                .fetch_one(&self.pool)
                .await
                .map_err(service_error)?;
                Ok((members > 0, is_member > 0))
            }

            async fn get(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<ProjectRecord>> {
                self.fetch(workspace_id, id).await
            }

            async fn list(
                &self,
                workspace_id: &str,
                after_id: Option<&str>,
                limit: usize,
                show_deleted: bool,
            ) -> ServiceResult<Vec<ProjectRecord>> {
                sqlx::query_as::<$db, ProjectRecord>(&format!(
                    "SELECT {COLUMNS} FROM projects \
                     WHERE workspace_id = $1 AND id > $2 AND ($3 OR delete_time IS NULL) \
                     ORDER BY id LIMIT $4"
                ))
                .bind(workspace_id)
                .bind(after_id.unwrap_or(""))
                .bind(show_deleted)
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn update(
                &self,
                workspace_id: &str,
                id: &str,
                changes: &ProjectChanges,
                expected_version: Option<i64>,
                now: i64,
            ) -> ServiceResult<ProjectRecord> {
                let updated = sqlx::query_as::<$db, ProjectRecord>(&format!(
                    "UPDATE projects SET \
                       display_name = COALESCE($3, display_name), \
                       description = COALESCE($4, description), \
                       lead = COALESCE($5, lead), \
                       update_time = $6, version = version + 1 \
                     WHERE workspace_id = $1 AND id = $2 AND delete_time IS NULL \
                       AND ($7 OR version = $8) \
                     RETURNING {COLUMNS}"
                ))
                .bind(workspace_id)
                .bind(id)
                .bind(changes.display_name.as_deref())
                .bind(changes.description.as_deref())
                .bind(changes.lead.as_deref())
                .bind(now)
                .bind(expected_version.is_none())
                .bind(expected_version.unwrap_or(0))
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)?;
                match updated {
                    Some(record) => Ok(record),
                    None => Err(explain_missed_write(self.fetch(workspace_id, id).await?, workspace_id, id, false)),
                }
            }

            async fn set_deleted(
                &self,
                workspace_id: &str,
                id: &str,
                deleted: bool,
                expected_version: Option<i64>,
                now: i64,
            ) -> ServiceResult<ProjectRecord> {
                let updated = sqlx::query_as::<$db, ProjectRecord>(&format!(
                    "UPDATE projects SET \
                       delete_time = CASE WHEN $3 THEN $4 ELSE NULL END, \
                       update_time = $4, version = version + 1 \
                     WHERE workspace_id = $1 AND id = $2 \
                       AND (delete_time IS NULL) = $3 \
                       AND ($5 OR version = $6) \
                     RETURNING {COLUMNS}"
                ))
                .bind(workspace_id)
                .bind(id)
                .bind(deleted)
                .bind(now)
                .bind(expected_version.is_none())
                .bind(expected_version.unwrap_or(0))
                .fetch_optional(&self.pool)
                .await
                .map_err(service_error)?;
                match updated {
                    Some(record) => Ok(record),
                    None => {
                        let current = self.fetch(workspace_id, id).await?;
                        // Deleting an already deleted project is NOT_FOUND, as the contract says.
                        if deleted && current.as_ref().is_some_and(|p| p.delete_time.is_some()) {
                            return Err(ServiceError::not_found(&project_name(workspace_id, id)));
                        }
                        Err(explain_missed_write(current, workspace_id, id, !deleted))
                    }
                }
            }
        }
    };
}

sql_project_store!(
    /// Projects in the embedded SQLite database.
    SqliteProjectStore,
    sqlx::Sqlite,
    SqlitePool
);
sql_project_store!(
    /// Projects in PostgreSQL.
    PostgresProjectStore,
    sqlx::Postgres,
    PgPool
);
