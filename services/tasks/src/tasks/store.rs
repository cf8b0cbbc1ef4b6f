//! The task store port and its SQLite and PostgreSQL adapters (one macro body, portable SQL).
//! Every write goes through [`TaskStore::apply`], which in one transaction writes the task
//! rows, their history, and the outbox event of each change, so a committed change always
//! has its event and an uncommitted one never does.

use async_trait::async_trait;
use taskstream_relational::{Bind, Binds, PgPool, SqlitePool, service_error};
use taskstream_runtime::{ServiceError, ServiceResult};

use super::{CommentRecord, HistoryRow, LabelRecord, StateRecord, TaskRecord};

/// One change to write: a new task (`expected_version` `None`) or a new version of one.
#[derive(Debug, Clone)]
pub struct TaskChange {
    /// The task as it will be stored (for inserts, `number` is assigned by the store).
    pub record: TaskRecord,
    /// The version the stored row must have; `None` inserts.
    pub expected_version: Option<i64>,
    /// The history rows of the change.
    pub history: Vec<HistoryRow>,
}

/// Encodes the outbox event of a stored change (the record as written, with its number).
pub type EventEncoder<'a> = dyn Fn(&TaskRecord, &TaskChange) -> String + Send + Sync + 'a;

/// An outbox event as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredEvent {
    /// Position in the workspace's stream.
    pub position: i64,
    /// The project it concerns.
    pub project_id: String,
    /// base64 of the encoded `ChangeEvent`.
    pub event: String,
}

/// A stored relation between two tasks.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RelationRecord {
    /// Workspace id.
    pub workspace_id: String,
    /// The source task's project.
    pub source_project_id: String,
    /// The source task.
    pub source_id: String,
    /// Relation id.
    pub id: String,
    /// `RelationType` number.
    pub relation_type: i64,
    /// The target task's project.
    pub target_project_id: String,
    /// The target task.
    pub target_id: String,
    /// µs since the epoch.
    pub create_time: i64,
}

/// `RelationType::Blocks`: the only kind that must stay acyclic.
pub const BLOCKS: i64 = 1;

/// The orders a listing can have; each ends on the id, so the order is total and keyset
/// paging exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOrder {
    /// Creation order (ids are UUIDv7).
    CreateTime,
    /// Most recently changed first.
    UpdateTimeDesc,
    /// Earliest due first, undated last.
    DueDate,
    /// Most urgent first.
    PriorityDesc,
}

impl TaskOrder {
    /// The sort key of a task under this order, as stored in a cursor.
    pub fn key(self, task: &TaskRecord) -> String {
        match self {
            TaskOrder::CreateTime => String::new(),
            TaskOrder::UpdateTimeDesc => task.update_time.to_string(),
            TaskOrder::DueDate => {
                if task.due_date.is_empty() {
                    UNDATED.into()
                } else {
                    task.due_date.clone()
                }
            }
            TaskOrder::PriorityDesc => task.priority.to_string(),
        }
    }
}

/// Where undated tasks sort under [`TaskOrder::DueDate`]: after every date.
const UNDATED: &str = "9999-99-99";

/// The position after the last row of a page: its sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The sort key ([`TaskOrder::key`]).
    pub key: String,
    /// The task id.
    pub id: String,
}

/// Filters of a task listing; `None`/empty means "any".
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Project id, or `None` for every project of the workspace.
    pub project_id: Option<String>,
    /// State ids.
    pub states: Vec<String>,
    /// State group numbers.
    pub state_groups: Vec<i64>,
    /// Assignees (`users/{user}`); `users/-` means unassigned.
    pub assignees: Vec<String>,
    /// Priority numbers.
    pub priorities: Vec<i64>,
    /// Label ids.
    pub labels: Vec<String>,
    /// Due on or after (YYYY-MM-DD).
    pub due_after: Option<String>,
    /// Due on or before (YYYY-MM-DD).
    pub due_before: Option<String>,
    /// Parent task id; `Some("")` for top-level tasks only.
    pub parent_id: Option<String>,
    /// Changed at or after (µs).
    pub updated_since: Option<i64>,
    /// Whether deleted tasks are included.
    pub show_deleted: bool,
}

/// What the task logic needs from storage.
#[async_trait]
pub trait TaskStore: Send + Sync + 'static {
    /// Writes changes (all or nothing), their history and their events; returns the stored
    /// records. `request_id` makes a create idempotent: a retry returns the first records.
    async fn apply(
        &self,
        workspace_id: &str,
        project_id: &str,
        changes: Vec<TaskChange>,
        request_id: Option<(&str, &str)>,
        encode: &EventEncoder<'_>,
    ) -> ServiceResult<Vec<TaskRecord>>;
    /// One task, deleted or not.
    async fn task(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<TaskRecord>>;
    /// Tasks matching `filter`, by id after `after`.
    async fn tasks(
        &self,
        workspace_id: &str,
        filter: &TaskFilter,
        order: TaskOrder,
        after: Option<&Cursor>,
        limit: i64,
    ) -> ServiceResult<Vec<TaskRecord>>;
    /// The workflow of a project, by position.
    async fn states(&self, workspace_id: &str, project_id: &str)
    -> ServiceResult<Vec<StateRecord>>;
    /// History of a task after a (position, field) key.
    async fn history(
        &self,
        workspace_id: &str,
        task_id: &str,
        after: (i64, &str),
        limit: i64,
    ) -> ServiceResult<Vec<HistoryRow>>;
    /// Outbox events of a workspace after `after`, in order.
    async fn events_after(
        &self,
        workspace_id: &str,
        after: i64,
        limit: i64,
    ) -> ServiceResult<Vec<StoredEvent>>;
    /// Adds a relation and its event, refusing (`FAILED_PRECONDITION`, `BLOCKING_CYCLE`) a
    /// blocking relation that would close a cycle. The check and the insert run under the
    /// workspace's outbox lock, so two concurrent halves of a cycle cannot both pass.
    async fn create_relation(
        &self,
        relation: &RelationRecord,
        event: &(dyn Fn() -> String + Send + Sync),
    ) -> ServiceResult<RelationRecord>;
    /// Relations whose source (`outgoing`) or target is the task.
    async fn relations(
        &self,
        workspace_id: &str,
        task_id: &str,
    ) -> ServiceResult<Vec<RelationRecord>>;
    /// Removes a relation with its event; `None` when there was none.
    async fn delete_relation(
        &self,
        workspace_id: &str,
        source_id: &str,
        id: &str,
        event: &(dyn for<'r> Fn(&'r RelationRecord) -> String + Send + Sync),
    ) -> ServiceResult<Option<RelationRecord>>;

    /// Inserts (`expected_version` `None`) or updates a workflow state with its event. When the
    /// state becomes the default, the others stop being it; when its group changes, its tasks
    /// follow.
    async fn save_state(
        &self,
        state: &StateRecord,
        expected_version: Option<i64>,
        event: &str,
    ) -> ServiceResult<StateRecord>;
    /// Removes a workflow state with its event; `FAILED_PRECONDITION` while tasks are in it.
    async fn delete_state(
        &self,
        workspace_id: &str,
        project_id: &str,
        id: &str,
        event: &str,
    ) -> ServiceResult<()>;

    /// A project's labels by id.
    async fn labels(&self, workspace_id: &str, project_id: &str)
    -> ServiceResult<Vec<LabelRecord>>;
    /// Inserts or updates (`expected_version`) a label with its event; a taken name is `ALREADY_EXISTS`.
    async fn save_label(
        &self,
        label: &LabelRecord,
        expected_version: Option<i64>,
        event: &str,
    ) -> ServiceResult<LabelRecord>;
    /// Removes a label from the project and from every task, with its event.
    async fn delete_label(&self, label: &LabelRecord, event: &str) -> ServiceResult<()>;
    /// Comments of a task by id after `after`.
    async fn comments(
        &self,
        workspace_id: &str,
        task_id: &str,
        after: &str,
        limit: i64,
    ) -> ServiceResult<Vec<CommentRecord>>;
    /// Inserts or updates (`expected_version`) a comment with its event.
    async fn save_comment(
        &self,
        comment: &CommentRecord,
        expected_version: Option<i64>,
        event: &str,
    ) -> ServiceResult<CommentRecord>;

    /// The oldest position still kept for a workspace, if any event is.
    async fn first_position(&self, workspace_id: &str) -> ServiceResult<Option<i64>>;
    /// Deletes events committed before `before` (µs since the epoch); returns how many.
    async fn prune_events(&self, before: i64) -> ServiceResult<u64>;
    /// Deletes everything the service keeps for a purged workspace (projects, tasks and all
    /// that hangs off them); returns how many rows went. Idempotent.
    async fn purge_workspace(&self, workspace_id: &str) -> ServiceResult<u64>;

    /// The newest position of a workspace's stream (0 when empty).
    async fn last_position(&self, workspace_id: &str) -> ServiceResult<i64>;
}

const TASK_COLUMNS: &str = "workspace_id, project_id, project_key, id, number, title, description, state_id, state_group, priority, assignees, labels, reporter, \
     parent_id, start_date, due_date, due_time, estimate, source, external_links, create_time, update_time, complete_time, delete_time, version";

fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}

/// Allocates the next outbox position of a workspace inside the current transaction. The
/// counter row stays locked until commit, which serialises the workspace's writers.
macro_rules! next_position {
    ($db:ty, $executor:expr, $workspace:expr) => {
        sqlx::query_scalar::<$db, i64>(
            "INSERT INTO change_counters (workspace_id, last_position) VALUES ($1, 1) \
             ON CONFLICT (workspace_id) DO UPDATE SET last_position = change_counters.last_position + 1 \
             RETURNING last_position",
        )
        .bind($workspace)
        .fetch_one($executor)
        .await
        .map_err(service_error)?
    };
}

/// The number of live subtasks, read with every task.
const SUBTASKS: &str = "(SELECT COUNT(*) FROM tasks AS sub WHERE sub.workspace_id = tasks.workspace_id AND sub.parent_id = tasks.id \
     AND sub.delete_time IS NULL) AS subtask_count";

macro_rules! sql_task_store {
    ($(#[$doc:meta])* $store:ident, $db:ty, $pool:ty, $begin:expr) => {
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
        impl TaskStore for $store {
            async fn apply(
                &self,
                workspace_id: &str,
                project_id: &str,
                changes: Vec<TaskChange>,
                request_id: Option<(&str, &str)>,
                encode: &EventEncoder<'_>,
            ) -> ServiceResult<Vec<TaskRecord>> {
                // Writers take the write lock at once (SQLite: BEGIN IMMEDIATE), so a read
                // inside the transaction never has to be upgraded into a write.
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                if let Some((method, request_id)) = request_id {
                    let earlier: Option<String> = sqlx::query_scalar::<$db, String>(
                        "SELECT resource_id FROM request_ids WHERE workspace_id = $1 AND method = $2 AND request_id = $3",
                    )
                    .bind(workspace_id)
                    .bind(method)
                    .bind(request_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(service_error)?;
                    if let Some(ids) = earlier {
                        drop(tx);
                        let mut first = Vec::new();
                        for id in ids.split(' ') {
                            first.extend(self.task(workspace_id, id).await?);
                        }
                        return Ok(first);
                    }
                }
                let project_live: Option<i64> = sqlx::query_scalar::<$db, i64>(
                    "SELECT next_task_number FROM projects WHERE workspace_id = $1 AND id = $2 AND delete_time IS NULL",
                )
                .bind(workspace_id)
                .bind(project_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(service_error)?;
                let Some(mut next_number) = project_live else {
                    return Err(ServiceError::not_found(&format!("workspaces/{workspace_id}/projects/{project_id}")));
                };
                let inserts = changes.iter().filter(|c| c.expected_version.is_none()).count() as i64;
                let mut stored = Vec::with_capacity(changes.len());
                for change in &changes {
                    let mut record = change.record.clone();
                    match change.expected_version {
                        None => {
                            record.number = next_number;
                            next_number += 1;
                            sqlx::query::<$db>(&format!(
                                "INSERT INTO tasks ({TASK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)"
                            ))
                            .bind(&record.workspace_id).bind(&record.project_id).bind(&record.project_key).bind(&record.id).bind(record.number)
                            .bind(&record.title).bind(&record.description).bind(&record.state_id).bind(record.state_group)
                            .bind(record.priority).bind(&record.assignees).bind(&record.labels).bind(&record.reporter).bind(&record.parent_id)
                            .bind(&record.start_date).bind(&record.due_date).bind(record.due_time).bind(record.estimate)
                            .bind(&record.source).bind(&record.external_links).bind(record.create_time).bind(record.update_time)
                            .bind(record.complete_time).bind(record.delete_time).bind(record.version)
                            .execute(&mut *tx)
                            .await
                            .map_err(service_error)?;
                        }
                        Some(expected) => {
                            let updated = sqlx::query::<$db>(
                                "UPDATE tasks SET title = $4, description = $5, state_id = $6, state_group = $7, priority = $8, assignees = $9, \
                                 reporter = $10, parent_id = $11, start_date = $12, due_date = $13, due_time = $14, estimate = $15, \
                                 external_links = $16, update_time = $17, complete_time = $18, delete_time = $19, version = $20, labels = $21 \
                                 WHERE workspace_id = $1 AND id = $2 AND version = $3",
                            )
                            .bind(&record.workspace_id).bind(&record.id).bind(expected)
                            .bind(&record.title).bind(&record.description).bind(&record.state_id).bind(record.state_group)
                            .bind(record.priority).bind(&record.assignees).bind(&record.reporter).bind(&record.parent_id)
                            .bind(&record.start_date).bind(&record.due_date).bind(record.due_time).bind(record.estimate)
                            .bind(&record.external_links).bind(record.update_time).bind(record.complete_time)
                            .bind(record.delete_time).bind(record.version).bind(&record.labels)
                            .execute(&mut *tx)
                            .await
                            .map_err(service_error)?
                            .rows_affected();
                            if updated != 1 {
                                return Err(ServiceError::etag_mismatch(&record.name()));
                            }
                        }
                    }
                    let position = next_position!($db, &mut *tx, workspace_id);
                    sqlx::query::<$db>(
                        "INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(workspace_id)
                    .bind(position)
                    .bind(project_id)
                    .bind(encode(&record, change))
                    .bind(record.update_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                    for row in &change.history {
                        sqlx::query::<$db>(
                            "INSERT INTO task_history (workspace_id, task_id, position, field, actor, change_time, old_value, new_value) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        )
                        .bind(workspace_id)
                        .bind(&record.id)
                        .bind(position)
                        .bind(&row.field)
                        .bind(&row.actor)
                        .bind(row.change_time)
                        .bind(&row.old_value)
                        .bind(&row.new_value)
                        .execute(&mut *tx)
                        .await
                        .map_err(service_error)?;
                    }
                    stored.push(record);
                }
                if inserts > 0 {
                    sqlx::query::<$db>("UPDATE projects SET next_task_number = $3 WHERE workspace_id = $1 AND id = $2")
                        .bind(workspace_id)
                        .bind(project_id)
                        .bind(next_number)
                        .execute(&mut *tx)
                        .await
                        .map_err(service_error)?;
                }
                if let Some((method, request_id)) = request_id {
                    let ids: Vec<&str> = stored.iter().map(|t| t.id.as_str()).collect();
                    sqlx::query::<$db>(
                        "INSERT INTO request_ids (workspace_id, method, request_id, resource_id, create_time) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(workspace_id)
                    .bind(method)
                    .bind(request_id)
                    .bind(ids.join(" "))
                    .bind(stored.first().map(|t| t.update_time).unwrap_or_default())
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                }
                tx.commit().await.map_err(service_error)?;
                Ok(stored)
            }

            async fn task(&self, workspace_id: &str, id: &str) -> ServiceResult<Option<TaskRecord>> {
                sqlx::query_as::<$db, TaskRecord>(&format!("SELECT {TASK_COLUMNS}, {SUBTASKS} FROM tasks WHERE workspace_id = $1 AND id = $2"))
                    .bind(workspace_id)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn tasks(&self, workspace_id: &str, filter: &TaskFilter, order: TaskOrder, after: Option<&Cursor>, limit: i64) -> ServiceResult<Vec<TaskRecord>> {
                // Built from fixed fragments only; every value is bound.
                let mut binds = Binds::new();
                let workspace = binds.push(Bind::Text(workspace_id.to_owned()));
                let mut sql = format!("SELECT {TASK_COLUMNS}, {SUBTASKS} FROM tasks WHERE workspace_id = {workspace}");
                if let Some(project) = &filter.project_id {
                    sql += &format!(" AND project_id = {}", binds.push(Bind::Text(project.clone())));
                }
                if !filter.show_deleted {
                    sql += " AND delete_time IS NULL";
                }
                if !filter.states.is_empty() {
                    let list: Vec<String> = filter.states.iter().map(|s| binds.push(Bind::Text(s.clone()))).collect();
                    sql += &format!(" AND state_id IN ({})", list.join(", "));
                }
                if !filter.state_groups.is_empty() {
                    let list: Vec<String> = filter.state_groups.iter().map(|g| binds.push(Bind::Int(*g))).collect();
                    sql += &format!(" AND state_group IN ({})", list.join(", "));
                }
                if !filter.priorities.is_empty() {
                    let list: Vec<String> = filter.priorities.iter().map(|g| binds.push(Bind::Int(*g))).collect();
                    sql += &format!(" AND priority IN ({})", list.join(", "));
                }
                if !filter.assignees.is_empty() {
                    let list: Vec<String> = filter
                        .assignees
                        .iter()
                        .map(|a| if a == "users/-" {
                            "assignees = ' '".to_owned()
                        } else {
                            format!("assignees LIKE {}", binds.push(Bind::Text(format!("% {a} %"))))
                        })
                        .collect();
                    sql += &format!(" AND ({})", list.join(" OR "));
                }
                if !filter.labels.is_empty() {
                    let list: Vec<String> = filter
                        .labels
                        .iter()
                        .map(|l| format!("labels LIKE {}", binds.push(Bind::Text(format!("% {l} %")))))
                        .collect();
                    sql += &format!(" AND ({})", list.join(" OR "));
                }
                if let Some(after) = &filter.due_after {
                    sql += &format!(" AND due_date <> '' AND due_date >= {}", binds.push(Bind::Text(after.clone())));
                }
                if let Some(before) = &filter.due_before {
                    sql += &format!(" AND due_date <> '' AND due_date <= {}", binds.push(Bind::Text(before.clone())));
                }
                if let Some(parent) = &filter.parent_id {
                    sql += &format!(" AND parent_id = {}", binds.push(Bind::Text(parent.clone())));
                }
                if let Some(since) = filter.updated_since {
                    sql += &format!(" AND update_time >= {}", binds.push(Bind::Int(since)));
                }
                let due_key = format!("(CASE WHEN due_date = '' THEN '{UNDATED}' ELSE due_date END)");
                if let Some(cursor) = after {
                    let int_key = || cursor.key.parse::<i64>().map_err(|_| ServiceError::internal("a cursor key is not a number"));
                    let condition = match order {
                        TaskOrder::CreateTime => format!("id > {}", binds.push(Bind::Text(cursor.id.clone()))),
                        TaskOrder::UpdateTimeDesc => {
                            let (k1, id, k2) = (binds.push(Bind::Int(int_key()?)), binds.push(Bind::Text(cursor.id.clone())), binds.push(Bind::Int(int_key()?)));
                            format!("(update_time < {k1} OR (update_time = {k2} AND id < {id}))")
                        }
                        TaskOrder::DueDate => {
                            let (k1, id, k2) = (binds.push(Bind::Text(cursor.key.clone())), binds.push(Bind::Text(cursor.id.clone())), binds.push(Bind::Text(cursor.key.clone())));
                            format!("({due_key} > {k1} OR ({due_key} = {k2} AND id > {id}))")
                        }
                        TaskOrder::PriorityDesc => {
                            let (k1, id, k2) = (binds.push(Bind::Int(int_key()?)), binds.push(Bind::Text(cursor.id.clone())), binds.push(Bind::Int(int_key()?)));
                            format!("(priority < {k1} OR (priority = {k2} AND id > {id}))")
                        }
                    };
                    sql += &format!(" AND {condition}");
                }
                let order_by = match order {
                    TaskOrder::CreateTime => "id".to_owned(),
                    TaskOrder::UpdateTimeDesc => "update_time DESC, id DESC".to_owned(),
                    TaskOrder::DueDate => format!("{due_key}, id"),
                    TaskOrder::PriorityDesc => "priority DESC, id".to_owned(),
                };
                sql += &format!(" ORDER BY {order_by} LIMIT {}", binds.push(Bind::Int(limit)));
                binds
                    .apply(sqlx::query_as::<$db, TaskRecord>(&sql))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn states(&self, workspace_id: &str, project_id: &str) -> ServiceResult<Vec<StateRecord>> {
                sqlx::query_as::<$db, StateRecord>(
                    "SELECT workspace_id, project_id, id, display_name, state_group, position, allowed_transitions, is_default, version \
                     FROM workflow_states WHERE workspace_id = $1 AND project_id = $2 ORDER BY position, id",
                )
                .bind(workspace_id)
                .bind(project_id)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn history(&self, workspace_id: &str, task_id: &str, after: (i64, &str), limit: i64) -> ServiceResult<Vec<HistoryRow>> {
                sqlx::query_as::<$db, HistoryRow>(
                    "SELECT position, field, actor, change_time, old_value, new_value FROM task_history \
                     WHERE workspace_id = $1 AND task_id = $2 AND (position > $3 OR (position = $3 AND field > $4)) \
                     ORDER BY position, field LIMIT $5",
                )
                .bind(workspace_id)
                .bind(task_id)
                .bind(after.0)
                .bind(after.1)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn events_after(&self, workspace_id: &str, after: i64, limit: i64) -> ServiceResult<Vec<StoredEvent>> {
                sqlx::query_as::<$db, StoredEvent>(
                    "SELECT position, project_id, event FROM change_events WHERE workspace_id = $1 AND position > $2 ORDER BY position LIMIT $3",
                )
                .bind(workspace_id)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn create_relation(&self, relation: &RelationRecord, event: &(dyn Fn() -> String + Send + Sync)) -> ServiceResult<RelationRecord> {
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                let position = next_position!($db, &mut *tx, &relation.workspace_id);
                if relation.relation_type == BLOCKS {
                    let closes_cycle: i64 = sqlx::query_scalar::<$db, i64>(
                        "WITH RECURSIVE reach(id) AS ( \
                           SELECT CAST($2 AS TEXT) \
                           UNION \
                           SELECT r.target_id FROM task_relations r JOIN reach ON r.source_id = reach.id \
                           WHERE r.workspace_id = $1 AND r.relation_type = 1 \
                         ) SELECT COUNT(*) FROM reach WHERE id = $3",
                    )
                    .bind(&relation.workspace_id)
                    .bind(&relation.target_id)
                    .bind(&relation.source_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(service_error)?;
                    if closes_cycle > 0 {
                        return Err(ServiceError::failed_precondition(
                            "BLOCKING_CYCLE",
                            "this blocking relation would close a cycle: the target already (transitively) blocks the source",
                        ));
                    }
                }
                let inserted = sqlx::query::<$db>(
                    "INSERT INTO task_relations (workspace_id, source_project_id, source_id, id, relation_type, target_project_id, target_id, create_time) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&relation.workspace_id)
                .bind(&relation.source_project_id)
                .bind(&relation.source_id)
                .bind(&relation.id)
                .bind(relation.relation_type)
                .bind(&relation.target_project_id)
                .bind(&relation.target_id)
                .bind(relation.create_time)
                .execute(&mut *tx)
                .await;
                match inserted {
                    Ok(_) => {}
                    Err(error) if taskstream_relational::is_unique_violation(&error) => {
                        return Err(ServiceError::already_exists("RELATION_EXISTS", "the same relation already exists"));
                    }
                    Err(error) => return Err(service_error(error)),
                }
                sqlx::query::<$db>("INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&relation.workspace_id)
                    .bind(position)
                    .bind(&relation.source_project_id)
                    .bind(event())
                    .bind(relation.create_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)?;
                Ok(relation.clone())
            }

            async fn relations(&self, workspace_id: &str, task_id: &str) -> ServiceResult<Vec<RelationRecord>> {
                sqlx::query_as::<$db, RelationRecord>(
                    "SELECT workspace_id, source_project_id, source_id, id, relation_type, target_project_id, target_id, create_time \
                     FROM task_relations WHERE workspace_id = $1 AND (source_id = $2 OR target_id = $2) ORDER BY id",
                )
                .bind(workspace_id)
                .bind(task_id)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn delete_relation(&self, workspace_id: &str, source_id: &str, id: &str, event: &(dyn for<'r> Fn(&'r RelationRecord) -> String + Send + Sync)) -> ServiceResult<Option<RelationRecord>> {
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                let deleted = sqlx::query_as::<$db, RelationRecord>(
                    "DELETE FROM task_relations WHERE workspace_id = $1 AND source_id = $2 AND id = $3 \
                     RETURNING workspace_id, source_project_id, source_id, id, relation_type, target_project_id, target_id, create_time",
                )
                .bind(workspace_id)
                .bind(source_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(service_error)?;
                let Some(deleted) = deleted else { return Ok(None) };
                let position = next_position!($db, &mut *tx, workspace_id);
                sqlx::query::<$db>("INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)")
                    .bind(workspace_id)
                    .bind(position)
                    .bind(&deleted.source_project_id)
                    .bind(event(&deleted))
                    .bind(deleted.create_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)?;
                Ok(Some(deleted))
            }

            async fn save_state(&self, state: &StateRecord, expected_version: Option<i64>, event: &str) -> ServiceResult<StateRecord> {
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                let position = next_position!($db, &mut *tx, &state.workspace_id);
                let written = match expected_version {
                    None => sqlx::query::<$db>(
                        "INSERT INTO workflow_states (workspace_id, project_id, id, display_name, state_group, position, allowed_transitions, is_default, version) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
                    )
                    .bind(&state.workspace_id).bind(&state.project_id).bind(&state.id).bind(&state.display_name)
                    .bind(state.state_group).bind(state.position).bind(&state.allowed_transitions).bind(state.is_default).bind(state.version)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected(),
                    Some(expected) => sqlx::query::<$db>(
                        "UPDATE workflow_states SET display_name = $4, state_group = $5, position = $6, allowed_transitions = $7, is_default = $8, version = $9 \
                         WHERE workspace_id = $1 AND project_id = $2 AND id = $3 AND version = $10",
                    )
                    .bind(&state.workspace_id).bind(&state.project_id).bind(&state.id).bind(&state.display_name)
                    .bind(state.state_group).bind(state.position).bind(&state.allowed_transitions).bind(state.is_default).bind(state.version)
                    .bind(expected)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected(),
                };
                if written != 1 {
                    return Err(match expected_version {
                        None => ServiceError::already_exists("STATE_EXISTS", format!("{} already exists", state.name())),
                        Some(_) => ServiceError::etag_mismatch(&state.name()),
                    });
                }
                if state.is_default != 0 {
                    sqlx::query::<$db>("UPDATE workflow_states SET is_default = 0 WHERE workspace_id = $1 AND project_id = $2 AND id <> $3")
                        .bind(&state.workspace_id).bind(&state.project_id).bind(&state.id)
                        .execute(&mut *tx)
                        .await
                        .map_err(service_error)?;
                }
                sqlx::query::<$db>("UPDATE tasks SET state_group = $4 WHERE workspace_id = $1 AND project_id = $2 AND state_id = $3 AND state_group <> $4")
                    .bind(&state.workspace_id).bind(&state.project_id).bind(&state.id).bind(state.state_group)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                sqlx::query::<$db>("INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&state.workspace_id).bind(position).bind(&state.project_id).bind(event).bind(now_micros())
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)?;
                Ok(state.clone())
            }

            async fn delete_state(&self, workspace_id: &str, project_id: &str, id: &str, event: &str) -> ServiceResult<()> {
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                let position = next_position!($db, &mut *tx, workspace_id);
                let in_use: i64 = sqlx::query_scalar::<$db, i64>("SELECT COUNT(*) FROM tasks WHERE workspace_id = $1 AND project_id = $2 AND state_id = $3")
                    .bind(workspace_id).bind(project_id).bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(service_error)?;
                if in_use > 0 {
                    return Err(ServiceError::failed_precondition("STATE_IN_USE", format!("{in_use} task(s) are in this state: move them first")));
                }
                let deleted = sqlx::query::<$db>("DELETE FROM workflow_states WHERE workspace_id = $1 AND project_id = $2 AND id = $3 AND is_default = 0")
                    .bind(workspace_id).bind(project_id).bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected();
                if deleted != 1 {
                    return Err(ServiceError::failed_precondition("DEFAULT_STATE", "the default state cannot be removed: make another state the default first"));
                }
                sqlx::query::<$db>("INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)")
                    .bind(workspace_id).bind(position).bind(project_id).bind(event).bind(now_micros())
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)
            }

            async fn labels(&self, workspace_id: &str, project_id: &str) -> ServiceResult<Vec<LabelRecord>> {
                sqlx::query_as::<$db, LabelRecord>(
                    "SELECT workspace_id, project_id, id, display_name, color, description, create_time, version FROM labels \
                     WHERE workspace_id = $1 AND project_id = $2 ORDER BY id",
                )
                .bind(workspace_id)
                .bind(project_id)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn save_label(&self, label: &LabelRecord, expected_version: Option<i64>, event: &str) -> ServiceResult<LabelRecord> {
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                let position = next_position!($db, &mut *tx, &label.workspace_id);
                let written = match expected_version {
                    None => sqlx::query::<$db>(
                        "INSERT INTO labels (workspace_id, project_id, id, display_name, color, description, create_time, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&label.workspace_id).bind(&label.project_id).bind(&label.id).bind(&label.display_name)
                    .bind(&label.color).bind(&label.description).bind(label.create_time).bind(label.version)
                    .execute(&mut *tx)
                    .await,
                    Some(expected) => sqlx::query::<$db>(
                        "UPDATE labels SET display_name = $4, color = $5, description = $6, version = $7 \
                         WHERE workspace_id = $1 AND project_id = $2 AND id = $3 AND version = $8",
                    )
                    .bind(&label.workspace_id).bind(&label.project_id).bind(&label.id).bind(&label.display_name)
                    .bind(&label.color).bind(&label.description).bind(label.version).bind(expected)
                    .execute(&mut *tx)
                    .await,
                };
                match written {
                    Ok(done) if done.rows_affected() == 1 => {}
                    Ok(_) => return Err(ServiceError::etag_mismatch(&label.name())),
                    Err(error) if taskstream_relational::is_unique_violation(&error) => {
                        return Err(ServiceError::already_exists("LABEL_EXISTS", format!("a label named {} exists in this project", label.display_name)));
                    }
                    Err(error) => return Err(service_error(error)),
                }
                sqlx::query::<$db>("INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&label.workspace_id).bind(position).bind(&label.project_id).bind(event).bind(label.create_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)?;
                Ok(label.clone())
            }

            async fn delete_label(&self, label: &LabelRecord, event: &str) -> ServiceResult<()> {
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                let position = next_position!($db, &mut *tx, &label.workspace_id);
                sqlx::query::<$db>("DELETE FROM labels WHERE workspace_id = $1 AND project_id = $2 AND id = $3")
                    .bind(&label.workspace_id).bind(&label.project_id).bind(&label.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                sqlx::query::<$db>("UPDATE tasks SET labels = REPLACE(labels, $3, ' ') WHERE workspace_id = $1 AND project_id = $2 AND labels LIKE $4")
                    .bind(&label.workspace_id).bind(&label.project_id).bind(format!(" {} ", label.id)).bind(format!("% {} %", label.id))
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                sqlx::query::<$db>("INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&label.workspace_id).bind(position).bind(&label.project_id).bind(event).bind(label.create_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)
            }

            async fn comments(&self, workspace_id: &str, task_id: &str, after: &str, limit: i64) -> ServiceResult<Vec<CommentRecord>> {
                sqlx::query_as::<$db, CommentRecord>(
                    "SELECT workspace_id, project_id, task_id, id, author, body, create_time, update_time, delete_time, version FROM comments \
                     WHERE workspace_id = $1 AND task_id = $2 AND id > $3 ORDER BY id LIMIT $4",
                )
                .bind(workspace_id)
                .bind(task_id)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(service_error)
            }

            async fn save_comment(&self, comment: &CommentRecord, expected_version: Option<i64>, event: &str) -> ServiceResult<CommentRecord> {
                let mut tx = self.pool.begin_with($begin).await.map_err(service_error)?;
                let position = next_position!($db, &mut *tx, &comment.workspace_id);
                let written = match expected_version {
                    None => sqlx::query::<$db>(
                        "INSERT INTO comments (workspace_id, project_id, task_id, id, author, body, create_time, update_time, delete_time, version) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(&comment.workspace_id).bind(&comment.project_id).bind(&comment.task_id).bind(&comment.id).bind(&comment.author)
                    .bind(&comment.body).bind(comment.create_time).bind(comment.update_time).bind(comment.delete_time).bind(comment.version)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected(),
                    Some(expected) => sqlx::query::<$db>(
                        "UPDATE comments SET body = $4, update_time = $5, delete_time = $6, version = $7 \
                         WHERE workspace_id = $1 AND task_id = $2 AND id = $3 AND version = $8",
                    )
                    .bind(&comment.workspace_id).bind(&comment.task_id).bind(&comment.id).bind(&comment.body)
                    .bind(comment.update_time).bind(comment.delete_time).bind(comment.version).bind(expected)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?
                    .rows_affected(),
                };
                if written != 1 {
                    return Err(ServiceError::etag_mismatch(&format!(
                        "workspaces/{}/projects/{}/tasks/{}/comments/{}",
                        comment.workspace_id, comment.project_id, comment.task_id, comment.id
                    )));
                }
                sqlx::query::<$db>("INSERT INTO change_events (workspace_id, position, project_id, event, create_time) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&comment.workspace_id).bind(position).bind(&comment.project_id).bind(event).bind(comment.update_time)
                    .execute(&mut *tx)
                    .await
                    .map_err(service_error)?;
                tx.commit().await.map_err(service_error)?;
                Ok(comment.clone())
            }

            async fn first_position(&self, workspace_id: &str) -> ServiceResult<Option<i64>> {
                sqlx::query_scalar::<$db, Option<i64>>("SELECT MIN(position) FROM change_events WHERE workspace_id = $1")
                    .bind(workspace_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(service_error)
            }

            async fn prune_events(&self, before: i64) -> ServiceResult<u64> {
                sqlx::query::<$db>("DELETE FROM change_events WHERE create_time < $1")
                    .bind(before)
                    .execute(&self.pool)
                    .await
                    .map(|done| done.rows_affected())
                    .map_err(service_error)
            }

            async fn purge_workspace(&self, workspace_id: &str) -> ServiceResult<u64> {
                let mut tx = self.pool.begin().await.map_err(service_error)?;
                let mut deleted = 0;
                for table in [
                    "comments",
                    "labels",
                    "task_relations",
                    "task_history",
                    "tasks",
                    "workflow_states",
                    "project_members",
                    "change_events",
                    "change_counters",
                    "request_ids",
                    "projects",
                ] {
                    deleted += sqlx::query::<$db>(&format!("DELETE FROM {table} WHERE workspace_id = $1"))
                        .bind(workspace_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(service_error)?
                        .rows_affected();
                }
                tx.commit().await.map_err(service_error)?;
                Ok(deleted)
            }

            async fn last_position(&self, workspace_id: &str) -> ServiceResult<i64> {
                let last: Option<i64> = sqlx::query_scalar::<$db, i64>("SELECT last_position FROM change_counters WHERE workspace_id = $1")
                    .bind(workspace_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(service_error)?;
                Ok(last.unwrap_or(0))
            }
        }
    };
}

sql_task_store!(
    /// Tasks in the embedded SQLite database.
    SqliteTaskStore,
    sqlx::Sqlite,
    SqlitePool,
    "BEGIN IMMEDIATE"
);
sql_task_store!(
    /// Tasks in PostgreSQL.
    PostgresTaskStore,
    sqlx::Postgres,
    PgPool,
    "BEGIN"
);
