//! Task logic behind the gRPC handlers: validation, field masks, the workflow, history, and
//! the change events every write appends to the outbox.

use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use base64::{Engine, engine::general_purpose::STANDARD};
use bytes::Bytes;
use prost::Message;
use taskstream_cache::PubSub;
use taskstream_proto::tasks_v1 as pb;
use taskstream_runtime::{
    ServiceError, ServiceResult, Violations,
    etag::{format_etag, parse_etag},
    paging::{decode_page_token, next_page, page_size},
};

use super::{
    CommentRecord, Cursor, HistoryRow, LabelRecord, RelationRecord, StateRecord, TaskChange,
    TaskFilter, TaskOrder, TaskRecord, TaskStore, assignee_column, date_of, date_text, micros,
    timestamp,
};
use crate::names::is_user_name;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 100_000;
/// Most tasks in one `BatchCreateTasks`.
pub const MAX_BATCH: usize = 100;

/// The pub/sub channel that announces new events of a workspace.
pub fn change_channel(workspace_id: &str) -> String {
    format!("tasks:changes:{workspace_id}")
}

pub use taskstream_runtime::position::{parse_position, position_text};

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}

/// A task name's parts.
struct TaskName {
    workspace: String,
    project: String,
    task: String,
}

fn parse_task_name(field: &str, name: &str) -> ServiceResult<TaskName> {
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        ["workspaces", workspace, "projects", project, "tasks", task]
            if crate::names::parse_project(
                field,
                &format!("workspaces/{workspace}/projects/{project}"),
            )
            .is_ok()
                && uuid::Uuid::try_parse(task)
                    .is_ok_and(|u| u.hyphenated().to_string() == *task) =>
        {
            Ok(TaskName {
                workspace: (*workspace).into(),
                project: (*project).into(),
                task: (*task).into(),
            })
        }
        _ => Err(ServiceError::invalid_argument(vec![(
            field.into(),
            "must look like `workspaces/{workspace}/projects/{project}/tasks/{task}`".into(),
        )])),
    }
}

/// The task as the contract shows it.
pub fn task_to_proto(record: &TaskRecord) -> pb::Task {
    let source: pb::TaskSource = serde_source(&record.source);
    let external_links =
        serde_json::from_str::<Vec<(String, String, String)>>(&record.external_links)
            .unwrap_or_default()
            .into_iter()
            .map(|(system, key, url)| pb::ExternalLink { system, key, url })
            .collect();
    pb::Task {
        name: record.name(),
        key: format!("{}-{}", record.project_key, record.number),
        title: record.title.clone(),
        description: record.description.clone(),
        state: format!(
            "workspaces/{}/projects/{}/states/{}",
            record.workspace_id, record.project_id, record.state_id
        ),
        state_group: record.state_group as i32,
        priority: record.priority as i32,
        assignees: record.assignee_list(),
        reporter: record.reporter.clone(),
        labels: record
            .label_list()
            .iter()
            .map(|id| {
                format!(
                    "workspaces/{}/projects/{}/labels/{id}",
                    record.workspace_id, record.project_id
                )
            })
            .collect(),
        parent: if record.parent_id.is_empty() {
            String::new()
        } else {
            format!(
                "workspaces/{}/projects/{}/tasks/{}",
                record.workspace_id, record.project_id, record.parent_id
            )
        },
        start_date: date_of(&record.start_date),
        due_date: date_of(&record.due_date),
        due_time: record.due_time.map(timestamp),
        estimate: record.estimate,
        source: Some(source),
        external_links,
        subtask_count: record.subtask_count as i32,
        create_time: Some(timestamp(record.create_time)),
        update_time: Some(timestamp(record.update_time)),
        complete_time: record.complete_time.map(timestamp),
        delete_time: record.delete_time.map(timestamp),
        etag: format_etag(record.version),
    }
}

fn serde_source(json: &str) -> pb::TaskSource {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    pb::TaskSource {
        origin: value["origin"]
            .as_i64()
            .unwrap_or(pb::TaskOrigin::Manual as i64) as i32,
        reference: value["reference"].as_str().unwrap_or_default().into(),
        evidence_text: value["evidence_text"].as_str().unwrap_or_default().into(),
        evidence_start: value["evidence_start"].as_i64().unwrap_or_default() as i32,
        evidence_end: value["evidence_end"].as_i64().unwrap_or_default() as i32,
        confidence: value["confidence"].as_f64().unwrap_or_default() as f32,
    }
}

fn source_json(source: &pb::TaskSource) -> String {
    let origin = if source.origin == 0 {
        pb::TaskOrigin::Manual as i32
    } else {
        source.origin
    };
    serde_json::json!({
        "origin": origin,
        "reference": source.reference,
        "evidence_text": source.evidence_text,
        "evidence_start": source.evidence_start,
        "evidence_end": source.evidence_end,
        "confidence": source.confidence,
    })
    .to_string()
}

fn links_json(links: &[pb::ExternalLink]) -> String {
    serde_json::to_string(
        &links
            .iter()
            .map(|l| (&l.system, &l.key, &l.url))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|_| "[]".into())
}

/// A relation as the contract shows it.
pub fn relation_to_proto(relation: &RelationRecord) -> pb::TaskRelation {
    pb::TaskRelation {
        name: format!(
            "workspaces/{}/projects/{}/tasks/{}/relations/{}",
            relation.workspace_id, relation.source_project_id, relation.source_id, relation.id
        ),
        r#type: relation.relation_type as i32,
        target: format!(
            "workspaces/{}/projects/{}/tasks/{}",
            relation.workspace_id, relation.target_project_id, relation.target_id
        ),
        create_time: Some(timestamp(relation.create_time)),
    }
}

fn relation_event(relation: &RelationRecord, change_type: pb::ChangeType, actor: &str) -> String {
    let event = pb::ChangeEvent {
        position: String::new(),
        change_type: change_type as i32,
        change_time: Some(timestamp(now_micros())),
        actor: actor.to_owned(),
        changed_fields: Vec::new(),
        resource: Some(pb::change_event::Resource::Relation(relation_to_proto(
            relation,
        ))),
    };
    STANDARD.encode(event.encode_to_vec())
}

/// A workflow state as the contract shows it.
pub fn state_to_proto(state: &StateRecord) -> pb::WorkflowState {
    pb::WorkflowState {
        name: state.name(),
        display_name: state.display_name.clone(),
        group: state.state_group as i32,
        position: state.position as i32,
        allowed_transitions: state
            .allowed_transitions
            .split(' ')
            .filter(|id| !id.is_empty())
            .map(|id| {
                format!(
                    "workspaces/{}/projects/{}/states/{id}",
                    state.workspace_id, state.project_id
                )
            })
            .collect(),
        is_default: state.is_default != 0,
        etag: format_etag(state.version),
    }
}

fn state_event(state: &StateRecord, change_type: pb::ChangeType, actor: &str) -> String {
    let event = pb::ChangeEvent {
        position: String::new(),
        change_type: change_type as i32,
        change_time: Some(timestamp(now_micros())),
        actor: actor.to_owned(),
        changed_fields: Vec::new(),
        resource: Some(pb::change_event::Resource::State(state_to_proto(state))),
    };
    STANDARD.encode(event.encode_to_vec())
}

/// A state id from its display name: lower-case letters, digits and hyphens.
fn state_id(display_name: &str) -> String {
    let mut id = String::new();
    for c in display_name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').chars().take(40).collect()
}

/// A label as the contract shows it.
pub fn label_to_proto(label: &LabelRecord) -> pb::Label {
    pb::Label {
        name: label.name(),
        display_name: label.display_name.clone(),
        color: label.color.clone(),
        description: label.description.clone(),
        create_time: Some(timestamp(label.create_time)),
        etag: format_etag(label.version),
    }
}

/// A comment as the contract shows it (a deleted one keeps its place, without its body).
pub fn comment_to_proto(comment: &CommentRecord) -> pb::Comment {
    pb::Comment {
        name: format!(
            "workspaces/{}/projects/{}/tasks/{}/comments/{}",
            comment.workspace_id, comment.project_id, comment.task_id, comment.id
        ),
        author: comment.author.clone(),
        body: if comment.delete_time.is_some() {
            String::new()
        } else {
            comment.body.clone()
        },
        create_time: Some(timestamp(comment.create_time)),
        update_time: Some(timestamp(comment.update_time)),
        delete_time: comment.delete_time.map(timestamp),
        etag: format_etag(comment.version),
    }
}

fn encoded_event(
    change_type: pb::ChangeType,
    actor: &str,
    resource: pb::change_event::Resource,
) -> String {
    let event = pb::ChangeEvent {
        position: String::new(),
        change_type: change_type as i32,
        change_time: Some(timestamp(now_micros())),
        actor: actor.to_owned(),
        changed_fields: Vec::new(),
        resource: Some(resource),
    };
    STANDARD.encode(event.encode_to_vec())
}

/// The fields `UpdateTask` may change.
const UPDATABLE: [&str; 11] = [
    "title",
    "description",
    "priority",
    "assignees",
    "labels",
    "parent",
    "start_date",
    "due_date",
    "due_time",
    "estimate",
    "external_links",
];

/// Who makes a change, and the conditions the access guard admitted the call under (which
/// must hold for the task before it is written).
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The principal, as recorded in history and events.
    pub actor: String,
    /// Its role in the workspace (admins and owners write every project).
    pub role: String,
    /// Conditions from the authorization table, e.g. `IS_TASK_ASSIGNEE`.
    pub conditions: Vec<String>,
}

impl Caller {
    /// Whether the caller administers the workspace.
    pub fn administers(&self) -> bool {
        self.role == "admin" || self.role == "owner"
    }
}

/// Task logic over a store, announcing committed changes on pub/sub.
#[derive(Clone)]
pub struct TaskLogic {
    store: Arc<dyn TaskStore>,
    pubsub: Arc<dyn PubSub>,
    projects: Arc<dyn crate::projects::ProjectStore>,
    hub: crate::changes::ChangeHub,
}

/// The values of a task that requests may set, checked.
struct Checked {
    title: String,
    description: String,
    priority: i64,
    assignees: Vec<String>,
    labels: Vec<String>,
    parent_id: String,
    start_date: String,
    due_date: String,
    due_time: Option<i64>,
    estimate: f64,
    external_links: String,
}

impl TaskLogic {
    /// The logic over its stores and the pub/sub that announces changes.
    pub fn new(
        store: Arc<dyn TaskStore>,
        projects: Arc<dyn crate::projects::ProjectStore>,
        pubsub: Arc<dyn PubSub>,
    ) -> Self {
        let hub = crate::changes::ChangeHub::new(store.clone(), pubsub.clone());
        Self {
            store,
            pubsub,
            projects,
            hub,
        }
    }

    /// The store (for the watch).
    pub fn store(&self) -> &Arc<dyn TaskStore> {
        &self.store
    }

    /// The fan-out of this process's watches.
    pub fn hub(&self) -> &crate::changes::ChangeHub {
        &self.hub
    }

    async fn project_key(&self, workspace: &str, project: &str) -> ServiceResult<String> {
        self.projects
            .get(workspace, project)
            .await?
            .filter(|p| p.delete_time.is_none())
            .map(|p| p.key)
            .ok_or_else(|| {
                ServiceError::not_found(&format!("workspaces/{workspace}/projects/{project}"))
            })
    }

    /// Refuses writes to a project with members by anyone else but workspace admins and owners.
    async fn ensure_may_write(
        &self,
        caller: &Caller,
        workspace: &str,
        project: &str,
    ) -> ServiceResult<()> {
        if caller.administers() {
            return Ok(());
        }
        let (restricted, member) = self
            .projects
            .membership(workspace, project, &caller.actor)
            .await?;
        if restricted && !member {
            return Err(ServiceError::permission_denied(
                "NOT_A_PROJECT_MEMBER",
                "only the project's members (and workspace admins) change its tasks",
            ));
        }
        Ok(())
    }

    /// Tells watchers (every replica, through pub/sub) that the workspace's stream moved. Lost
    /// announcements only delay watchers until their next poll: the outbox is the truth.
    async fn announce(&self, workspace: &str) {
        if let Err(error) = self
            .pubsub
            .publish(&change_channel(workspace), Bytes::from_static(b"1"))
            .await
        {
            tracing::warn!(%error, "could not announce a change; watchers will poll");
        }
    }

    /// Checks the settable fields of `task` (all of them, or those of `only`).
    async fn check(
        &self,
        violations: &mut Violations,
        prefix: &str,
        task: &pb::Task,
        workspace: &str,
        project: &str,
        task_id: Option<&str>,
    ) -> ServiceResult<Checked> {
        let field = |name: &str| format!("{prefix}{name}");
        let title = task.title.trim().to_owned();
        let chars = title.chars().count();
        violations.check(
            (1..=MAX_TITLE_CHARS).contains(&chars),
            &field("title"),
            || format!("must be 1 to {MAX_TITLE_CHARS} characters (is {chars})"),
        );
        violations.check(
            !title.chars().any(char::is_control),
            &field("title"),
            || "must not contain control characters".into(),
        );
        let description_chars = task.description.chars().count();
        violations.check(
            description_chars <= MAX_DESCRIPTION_CHARS,
            &field("description"),
            || format!("must be at most {MAX_DESCRIPTION_CHARS} characters"),
        );
        let priority = match pb::Priority::try_from(task.priority) {
            Ok(pb::Priority::Unspecified) => pb::Priority::None as i64,
            Ok(priority) => priority as i64,
            Err(_) => {
                violations.add(
                    field("priority"),
                    format!("{} is not a Priority", task.priority),
                );
                0
            }
        };
        let mut assignees: Vec<String> = Vec::new();
        for (i, assignee) in task.assignees.iter().enumerate() {
            violations.check(
                is_user_name(assignee),
                &format!("{}[{i}]", field("assignees")),
                || "must look like `users/{user}`".into(),
            );
            if !assignees.contains(assignee) {
                assignees.push(assignee.clone());
            }
        }
        violations.check(assignees.len() <= 20, &field("assignees"), || {
            "at most 20 assignees".into()
        });
        let mut labels: Vec<String> = Vec::new();
        if !task.labels.is_empty() {
            let known = self.store.labels(workspace, project).await?;
            let prefix = format!("workspaces/{workspace}/projects/{project}/labels/");
            for (i, label) in task.labels.iter().enumerate() {
                match label
                    .strip_prefix(&prefix)
                    .filter(|id| known.iter().any(|k| k.id == *id))
                {
                    Some(id) if !labels.iter().any(|l| l == id) => labels.push(id.to_owned()),
                    Some(_) => {}
                    None => violations.add(
                        format!("{}[{i}]", field("labels")),
                        "is not a label of this project",
                    ),
                }
            }
            violations.check(labels.len() <= 50, &field("labels"), || {
                "at most 50 labels".into()
            });
        }
        violations.check(
            task.reporter.is_empty() || is_user_name(&task.reporter),
            &field("reporter"),
            || "must look like `users/{user}`".into(),
        );
        let start_date = match &task.start_date {
            None => String::new(),
            Some(date) => date_text(date).unwrap_or_else(|| {
                violations.add(field("start_date"), "is not a calendar date");
                String::new()
            }),
        };
        let due_date = match &task.due_date {
            None => String::new(),
            Some(date) => date_text(date).unwrap_or_else(|| {
                violations.add(field("due_date"), "is not a calendar date");
                String::new()
            }),
        };
        if !start_date.is_empty() && !due_date.is_empty() && due_date < start_date {
            violations.add(field("due_date"), "must not be before start_date");
        }
        violations.check(
            task.estimate.is_finite() && (0.0..=10_000.0).contains(&task.estimate),
            &field("estimate"),
            || "must be between 0 and 10000".into(),
        );
        violations.check(
            task.external_links.len() <= 20,
            &field("external_links"),
            || "at most 20 links".into(),
        );
        for (i, link) in task.external_links.iter().enumerate() {
            let ok = !link.system.is_empty()
                && link.system.len() <= 40
                && !link.key.is_empty()
                && link.key.len() <= 200
                && link.url.len() <= 2000;
            violations.check(ok, &format!("{}[{i}]", field("external_links")), || {
                "needs a system and a key (short ones)".into()
            });
        }
        let mut parent_id = String::new();
        if !task.parent.is_empty() {
            match parse_task_name(&field("parent"), &task.parent) {
                Ok(parent) if parent.workspace != workspace => {
                    return Err(ServiceError::not_found(&task.parent));
                }
                Ok(parent) if parent.project != project => {
                    violations.add(field("parent"), "must be a task of the same project")
                }
                Ok(parent) if Some(parent.task.as_str()) == task_id => {
                    violations.add(field("parent"), "a task cannot be its own parent")
                }
                Ok(parent) => match self.store.task(workspace, &parent.task).await? {
                    Some(found) if found.project_id == project && found.delete_time.is_none() => {
                        parent_id = parent.task
                    }
                    _ => return Err(ServiceError::not_found(&task.parent)),
                },
                Err(error) => {
                    violations.absorb::<()>(Err(error));
                }
            }
        }
        Ok(Checked {
            title,
            description: task.description.clone(),
            priority,
            assignees,
            labels,
            parent_id,
            start_date,
            due_date,
            due_time: task.due_time.as_ref().map(micros),
            estimate: task.estimate,
            external_links: links_json(&task.external_links),
        })
    }

    fn encoder<'a>(
        actor: &'a str,
        change_type: pb::ChangeType,
        fields: &'a [String],
    ) -> impl Fn(&TaskRecord, &TaskChange) -> String + Send + Sync + 'a {
        move |record: &TaskRecord, _change: &TaskChange| {
            let event = pb::ChangeEvent {
                position: String::new(),
                change_type: change_type as i32,
                change_time: Some(timestamp(record.update_time)),
                actor: actor.to_owned(),
                changed_fields: fields.to_vec(),
                resource: Some(pb::change_event::Resource::Task(task_to_proto(record))),
            };
            STANDARD.encode(event.encode_to_vec())
        }
    }

    /// Creates tasks in one project, all or nothing.
    pub async fn create(
        &self,
        parent: &str,
        requests: Vec<pb::CreateTaskRequest>,
        request_id: &str,
        caller: &Caller,
        method: &str,
    ) -> ServiceResult<Vec<pb::Task>> {
        let actor = caller.actor.as_str();
        let project = crate::names::parse_project("parent", parent)?;
        let (workspace, project_id) = (project.workspace.to_owned(), project.project.to_owned());
        let key = self.project_key(&workspace, &project_id).await?;
        self.ensure_may_write(caller, &workspace, &project_id)
            .await?;
        let states = self.store.states(&workspace, &project_id).await?;
        let mut violations = Violations::default();
        violations.check(
            !requests.is_empty() && requests.len() <= MAX_BATCH,
            "requests",
            || format!("must hold 1 to {MAX_BATCH} tasks"),
        );
        let request_id = if request_id.is_empty() {
            None
        } else {
            match uuid::Uuid::try_parse(request_id) {
                Ok(uuid) => Some(uuid.hyphenated().to_string()),
                Err(_) => {
                    violations.add("request_id", "must be a UUID");
                    None
                }
            }
        };
        let batch = method == "BatchCreateTasks";
        let now = now_micros();
        let mut changes = Vec::new();
        for (i, request) in requests.iter().enumerate() {
            let prefix = if batch {
                format!("requests[{i}].task.")
            } else {
                "task.".into()
            };
            if batch && !request.parent.is_empty() && request.parent != parent {
                violations.add(
                    format!("requests[{i}].parent"),
                    "must be empty or equal the batch's parent",
                );
            }
            let Some(task) = &request.task else {
                violations.add(prefix.trim_end_matches('.'), "is required");
                continue;
            };
            let checked = self
                .check(
                    &mut violations,
                    &prefix,
                    task,
                    &workspace,
                    &project_id,
                    None,
                )
                .await?;
            let state = if task.state.is_empty() {
                states.iter().find(|s| s.is_default != 0).or(states.first())
            } else {
                let found = states.iter().find(|s| s.name() == task.state);
                if found.is_none() {
                    violations.add(format!("{prefix}state"), "is not a state of this project");
                }
                found
            };
            let Some(state) = state else { continue };
            let source = task.source.clone().unwrap_or_default();
            violations.check(
                (0.0..=1.0).contains(&source.confidence),
                &format!("{prefix}source.confidence"),
                || "must be between 0 and 1".into(),
            );
            violations.check(
                source.evidence_start >= 0 && source.evidence_start <= source.evidence_end,
                &format!("{prefix}source.evidence_end"),
                || "must not be before evidence_start".into(),
            );
            violations.check(
                pb::TaskOrigin::try_from(source.origin).is_ok(),
                &format!("{prefix}source.origin"),
                || "is not a TaskOrigin".into(),
            );
            let record = TaskRecord {
                workspace_id: workspace.clone(),
                project_id: project_id.clone(),
                project_key: key.clone(),
                id: uuid::Uuid::now_v7().hyphenated().to_string(),
                number: 0,
                title: checked.title,
                description: checked.description,
                state_id: state.id.clone(),
                state_group: state.state_group,
                priority: checked.priority,
                assignees: assignee_column(&checked.assignees),
                labels: assignee_column(&checked.labels),
                reporter: if task.reporter.is_empty() && actor.starts_with("users/") {
                    actor.to_owned()
                } else {
                    task.reporter.clone()
                },
                parent_id: checked.parent_id,
                start_date: checked.start_date,
                due_date: checked.due_date,
                due_time: checked.due_time,
                estimate: checked.estimate,
                source: source_json(&source),
                external_links: checked.external_links,
                create_time: now,
                update_time: now,
                complete_time: (state.state_group == pb::StateGroup::Completed as i64)
                    .then_some(now),
                delete_time: None,
                version: 1,
                subtask_count: 0,
            };
            changes.push(TaskChange {
                record,
                expected_version: None,
                history: Vec::new(),
            });
        }
        violations.into_result()?;
        let encode = Self::encoder(actor, pb::ChangeType::Created, &[]);
        let stored = self
            .store
            .apply(
                &workspace,
                &project_id,
                changes,
                request_id.as_deref().map(|id| (method, id)),
                &encode,
            )
            .await?;
        self.announce(&workspace).await;
        Ok(stored.iter().map(task_to_proto).collect())
    }

    /// One task.
    pub async fn get(&self, name: &str) -> ServiceResult<pb::Task> {
        let parsed = parse_task_name("name", name)?;
        Ok(task_to_proto(&self.load(&parsed, name).await?))
    }

    async fn load(&self, parsed: &TaskName, name: &str) -> ServiceResult<TaskRecord> {
        self.store
            .task(&parsed.workspace, &parsed.task)
            .await?
            .filter(|t| t.project_id == parsed.project)
            .ok_or_else(|| ServiceError::not_found(name))
    }

    /// Lists tasks with filters and keyset paging (creation order).
    pub async fn list(
        &self,
        request: pb::ListTasksRequest,
    ) -> ServiceResult<pb::ListTasksResponse> {
        let mut violations = Violations::default();
        let (workspace, project) = match request.parent.strip_suffix("/projects/-") {
            Some(workspace) => (
                violations
                    .absorb(crate::names::parse_workspace("parent", workspace))
                    .map(str::to_owned),
                None,
            ),
            None => match crate::names::parse_project("parent", &request.parent) {
                Ok(p) => (Some(p.workspace.to_owned()), Some(p.project.to_owned())),
                Err(error) => (violations.absorb::<String>(Err(error)), None),
            },
        };
        let limit = violations.absorb(page_size(request.page_size));
        let order = match pb::TaskOrder::try_from(request.order_by) {
            Ok(pb::TaskOrder::Unspecified | pb::TaskOrder::CreateTime) => TaskOrder::CreateTime,
            Ok(pb::TaskOrder::UpdateTimeDesc) => TaskOrder::UpdateTimeDesc,
            Ok(pb::TaskOrder::DueDate) => TaskOrder::DueDate,
            Ok(pb::TaskOrder::PriorityDesc) => TaskOrder::PriorityDesc,
            Err(_) => {
                violations.add(
                    "order_by",
                    format!("{} is not a TaskOrder", request.order_by),
                );
                TaskOrder::CreateTime
            }
        };
        let mut states = Vec::new();
        for (i, state) in request.states.iter().enumerate() {
            match state.rsplit_once("/states/") {
                Some((project_name, id)) if Some(project_name) == Some(request.parent.as_str()) => {
                    states.push(id.to_owned())
                }
                _ => violations.add(
                    format!("states[{i}]"),
                    "must be a state of the listed project",
                ),
            }
        }
        for (i, group) in request.state_groups.iter().enumerate() {
            violations.check(matches!(pb::StateGroup::try_from(*group), Ok(g) if g != pb::StateGroup::Unspecified), &format!("state_groups[{i}]"), || "is not a StateGroup".into());
        }
        for (i, priority) in request.priorities.iter().enumerate() {
            violations.check(matches!(pb::Priority::try_from(*priority), Ok(p) if p != pb::Priority::Unspecified), &format!("priorities[{i}]"), || "is not a Priority".into());
        }
        for (i, assignee) in request.assignees.iter().enumerate() {
            violations.check(
                assignee == "users/-" || is_user_name(assignee),
                &format!("assignees[{i}]"),
                || "must look like `users/{user}` or be `users/-`".into(),
            );
        }
        let mut label_ids = Vec::new();
        for (i, label) in request.labels.iter().enumerate() {
            match label.rsplit_once("/labels/") {
                Some((project_name, id))
                    if project_name == request.parent
                        || request.parent.ends_with("/projects/-") =>
                {
                    label_ids.push(id.to_owned())
                }
                _ => violations.add(
                    format!("labels[{i}]"),
                    "must be a label of the listed project",
                ),
            }
        }
        let due_after = request.due_after.as_ref().map(|d| date_text(d).ok_or(()));
        let due_before = request.due_before.as_ref().map(|d| date_text(d).ok_or(()));
        violations.check(!matches!(due_after, Some(Err(()))), "due_after", || {
            "is not a calendar date".into()
        });
        violations.check(!matches!(due_before, Some(Err(()))), "due_before", || {
            "is not a calendar date".into()
        });
        let parent_id = match request.parent_task.as_str() {
            "" => None,
            "-" => Some(String::new()),
            name => match parse_task_name("parent_task", name) {
                Ok(parsed) => Some(parsed.task),
                Err(error) => {
                    violations.absorb::<()>(Err(error));
                    None
                }
            },
        };
        violations.into_result()?;
        let (Some(workspace), Some(limit)) = (workspace, limit) else {
            return Err(ServiceError::internal(
                "validation passed an incomplete ListTasksRequest",
            ));
        };
        let filter = TaskFilter {
            project_id: project.clone(),
            states,
            state_groups: request.state_groups.iter().map(|g| i64::from(*g)).collect(),
            assignees: request.assignees.clone(),
            priorities: request.priorities.iter().map(|p| i64::from(*p)).collect(),
            labels: label_ids,
            due_after: due_after.and_then(Result::ok),
            due_before: due_before.and_then(Result::ok),
            parent_id,
            updated_since: request.updated_since.as_ref().map(micros),
            show_deleted: request.show_deleted,
        };
        let fingerprint = {
            let mut query = request.clone();
            query.page_size = 0;
            query.page_token.clear();
            format!("ListTasks|{}", STANDARD.encode(query.encode_to_vec()))
        };
        let after = decode_page_token(&request.page_token, &fingerprint)?.map(|token| {
            let (key, id) = token.split_once('|').unwrap_or(("", token.as_str()));
            Cursor {
                key: key.to_owned(),
                id: id.to_owned(),
            }
        });
        let rows = self
            .store
            .tasks(&workspace, &filter, order, after.as_ref(), limit as i64 + 1)
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |t| {
            format!("{}|{}", order.key(t), t.id)
        });
        let tasks = rows.iter().map(task_to_proto).collect();
        Ok(pb::ListTasksResponse {
            tasks,
            next_page_token,
        })
    }

    /// Writes a new version of one task computed by `change` from the current one.
    async fn modify(
        &self,
        name: &str,
        etag: &str,
        caller: &Caller,
        change_type: pb::ChangeType,
        allow_deleted: bool,
        change: impl FnOnce(&TaskRecord, &[StateRecord]) -> ServiceResult<TaskRecord>,
    ) -> ServiceResult<pb::Task> {
        let parsed = parse_task_name("name", name)?;
        let current = self.load(&parsed, name).await?;
        self.ensure_may_write(caller, &parsed.workspace, &parsed.project)
            .await?;
        let states = self
            .store
            .states(&parsed.workspace, &parsed.project)
            .await?;
        // Conditions the guard admitted the call under (see the authorization table).
        for condition in &caller.conditions {
            let holds = match condition.as_str() {
                "IS_TASK_ASSIGNEE" => current.assignee_list().contains(&caller.actor),
                _ => false,
            };
            if !holds {
                return Err(ServiceError::permission_denied(
                    "CONDITION_NOT_MET",
                    format!(
                        "your role allows this only when {condition}, which does not hold for {name}"
                    ),
                ));
            }
        }
        if parse_etag(etag).is_some_and(|version| version != current.version) {
            return Err(ServiceError::etag_mismatch(name));
        }
        if current.delete_time.is_some() && !allow_deleted {
            return Err(ServiceError::failed_precondition(
                "DELETED",
                format!("{name} is deleted: undelete it first"),
            ));
        }
        let mut next = change(&current, &states)?;
        let now = now_micros();
        next.update_time = now.max(current.update_time + 1);
        next.version = current.version + 1;
        let history = diff(&current, &next, &caller.actor, now);
        let fields: Vec<String> = history.iter().map(|h| h.field.clone()).collect();
        let encode = Self::encoder(&caller.actor, change_type, &fields);
        let stored = self
            .store
            .apply(
                &parsed.workspace,
                &parsed.project,
                vec![TaskChange {
                    record: next,
                    expected_version: Some(current.version),
                    history,
                }],
                None,
                &encode,
            )
            .await?;
        self.announce(&parsed.workspace).await;
        let record = stored
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::internal("a write returned nothing"))?;
        Ok(task_to_proto(&record))
    }

    /// Applies the masked fields of `task`.
    pub async fn update(
        &self,
        task: pb::Task,
        mask: Option<prost_types::FieldMask>,
        caller: &Caller,
    ) -> ServiceResult<pb::Task> {
        let parsed = parse_task_name("task.name", &task.name)?;
        let mut violations = Violations::default();
        let paths: Vec<String> = match &mask {
            None => {
                violations.add(
                    "update_mask",
                    "is required: name the fields to change, or `*`",
                );
                Vec::new()
            }
            Some(mask) if mask.paths.iter().any(|p| p == "*") => {
                UPDATABLE.iter().map(|p| p.to_string()).collect()
            }
            Some(mask) => mask.paths.clone(),
        };
        for path in &paths {
            match path.as_str() {
                p if UPDATABLE.contains(&p) => {}
                "state" | "state_group" => {
                    violations.add("update_mask", "the state changes through TransitionTask")
                }
                p => violations.add(
                    "update_mask",
                    format!("`{p}` is not an updatable field of Task"),
                ),
            }
        }
        violations.check(!paths.is_empty() || mask.is_none(), "update_mask", || {
            "is empty".into()
        });
        let checked = self
            .check(
                &mut violations,
                "task.",
                &task,
                &parsed.workspace,
                &parsed.project,
                Some(&parsed.task),
            )
            .await?;
        // Only the masked fields' violations count.
        let mut relevant = Violations::default();
        if let Err(error) = violations.into_result() {
            for (field, description) in error.violations() {
                let path = field
                    .trim_start_matches("task.")
                    .split(['.', '['])
                    .next()
                    .unwrap_or_default();
                if field == "update_mask"
                    || paths.iter().any(|p| p == path)
                    || (path == "due_date" && paths.iter().any(|p| p == "start_date"))
                {
                    relevant.add(field.clone(), description.clone());
                }
            }
        }
        relevant.into_result()?;
        self.modify(
            &task.name,
            &task.etag,
            caller,
            pb::ChangeType::Updated,
            false,
            |current, _| {
                let mut next = current.clone();
                for path in &paths {
                    match path.as_str() {
                        "title" => next.title = checked.title.clone(),
                        "description" => next.description = checked.description.clone(),
                        "priority" => next.priority = checked.priority,
                        "assignees" => next.assignees = assignee_column(&checked.assignees),
                        "labels" => next.labels = assignee_column(&checked.labels),
                        "parent" => next.parent_id = checked.parent_id.clone(),
                        "start_date" => next.start_date = checked.start_date.clone(),
                        "due_date" => next.due_date = checked.due_date.clone(),
                        "due_time" => next.due_time = checked.due_time,
                        "estimate" => next.estimate = checked.estimate,
                        "external_links" => next.external_links = checked.external_links.clone(),
                        _ => {}
                    }
                }
                if !next.start_date.is_empty()
                    && !next.due_date.is_empty()
                    && next.due_date < next.start_date
                {
                    return Err(ServiceError::invalid_argument(vec![(
                        "task.due_date".into(),
                        "must not be before start_date".into(),
                    )]));
                }
                Ok(next)
            },
        )
        .await
    }

    /// Soft-deletes (`deleted`) or restores a task.
    pub async fn set_deleted(
        &self,
        name: &str,
        etag: &str,
        deleted: bool,
        caller: &Caller,
    ) -> ServiceResult<pb::Task> {
        let change_type = if deleted {
            pb::ChangeType::Deleted
        } else {
            pb::ChangeType::Undeleted
        };
        self.modify(name, etag, caller, change_type, true, |current, _| {
            match (deleted, current.delete_time) {
                (true, Some(_)) => Err(ServiceError::not_found(name)),
                (false, None) => Err(ServiceError::failed_precondition(
                    "NOT_DELETED",
                    format!("{name} is not deleted"),
                )),
                _ => Ok(TaskRecord {
                    delete_time: deleted.then(now_micros),
                    ..current.clone()
                }),
            }
        })
        .await
    }

    /// Moves a task through its project's workflow.
    pub async fn transition(
        &self,
        name: &str,
        target: &str,
        etag: &str,
        caller: &Caller,
    ) -> ServiceResult<pb::Task> {
        self.modify(
            name,
            etag,
            caller,
            pb::ChangeType::Updated,
            false,
            |current, states| {
                let to = states.iter().find(|s| s.name() == target).ok_or_else(|| {
                    ServiceError::invalid_argument(vec![(
                        "state".into(),
                        "is not a state of the task's project".into(),
                    )])
                })?;
                let from = states.iter().find(|s| s.id == current.state_id);
                if to.id == current.state_id {
                    return Err(ServiceError::failed_precondition(
                        "ALREADY_IN_STATE",
                        "the task is already in that state",
                    ));
                }
                if from.is_some_and(|from| !from.allows(&to.id)) {
                    return Err(ServiceError::failed_precondition(
                        "ILLEGAL_TRANSITION",
                        format!(
                            "the workflow does not allow moving from {} to {}",
                            from.map(|f| f.display_name.as_str()).unwrap_or("?"),
                            to.display_name
                        ),
                    ));
                }
                let completed = to.state_group == pb::StateGroup::Completed as i64;
                Ok(TaskRecord {
                    state_id: to.id.clone(),
                    state_group: to.state_group,
                    complete_time: if completed { Some(now_micros()) } else { None },
                    ..current.clone()
                })
            },
        )
        .await
    }

    /// Adds (`add`) or removes assignees.
    pub async fn assign(
        &self,
        name: &str,
        assignees: &[String],
        etag: &str,
        add: bool,
        caller: &Caller,
    ) -> ServiceResult<pb::Task> {
        let mut violations = Violations::default();
        violations.check((1..=20).contains(&assignees.len()), "assignees", || {
            "must list 1 to 20 users".into()
        });
        for (i, assignee) in assignees.iter().enumerate() {
            violations.check(is_user_name(assignee), &format!("assignees[{i}]"), || {
                "must look like `users/{user}`".into()
            });
        }
        violations.into_result()?;
        self.modify(
            name,
            etag,
            caller,
            pb::ChangeType::Updated,
            false,
            |current, _| {
                let mut list = current.assignee_list();
                if add {
                    for assignee in assignees {
                        if !list.contains(assignee) {
                            list.push(assignee.clone());
                        }
                    }
                    if list.len() > 20 {
                        return Err(ServiceError::invalid_argument(vec![(
                            "assignees".into(),
                            "a task has at most 20 assignees".into(),
                        )]));
                    }
                } else {
                    list.retain(|a| !assignees.contains(a));
                }
                Ok(TaskRecord {
                    assignees: assignee_column(&list),
                    ..current.clone()
                })
            },
        )
        .await
    }

    /// Relates a task to another of the same workspace; blocking relations stay acyclic.
    pub async fn create_relation(
        &self,
        parent: &str,
        relation: pb::TaskRelation,
        caller: &Caller,
    ) -> ServiceResult<pb::TaskRelation> {
        let actor = caller.actor.as_str();
        let source = parse_task_name("parent", parent)?;
        let mut violations = Violations::default();
        let kind = pb::RelationType::try_from(relation.r#type)
            .ok()
            .filter(|t| *t != pb::RelationType::Unspecified);
        violations.check(kind.is_some(), "relation.type", || {
            "must be BLOCKS, RELATES_TO or DUPLICATES".into()
        });
        let target = violations.absorb(parse_task_name("relation.target", &relation.target));
        if let Some(target) = &target {
            violations.check(target.task != source.task, "relation.target", || {
                "a task cannot relate to itself".into()
            });
        }
        violations.into_result()?;
        let (Some(kind), Some(target)) = (kind, target) else {
            return Err(ServiceError::internal(
                "validation passed an incomplete relation",
            ));
        };
        let source_task = self.load(&source, parent).await?;
        self.ensure_may_write(caller, &source.workspace, &source.project)
            .await?;
        if target.workspace != source.workspace {
            return Err(ServiceError::not_found(&relation.target));
        }
        let target_task = self.load(&target, &relation.target).await?;
        if source_task.delete_time.is_some() || target_task.delete_time.is_some() {
            return Err(ServiceError::failed_precondition(
                "DELETED",
                "deleted tasks cannot be related",
            ));
        }
        let record = RelationRecord {
            workspace_id: source.workspace.clone(),
            source_project_id: source.project.clone(),
            source_id: source.task.clone(),
            id: uuid::Uuid::now_v7().hyphenated().to_string(),
            relation_type: kind as i64,
            target_project_id: target.project.clone(),
            target_id: target.task.clone(),
            create_time: now_micros(),
        };
        let stored = self
            .store
            .create_relation(&record, &|| {
                relation_event(&record, pb::ChangeType::Created, actor)
            })
            .await?;
        self.announce(&source.workspace).await;
        Ok(relation_to_proto(&stored))
    }

    /// A task's relations in both directions.
    pub async fn relations(&self, parent: &str) -> ServiceResult<pb::ListTaskRelationsResponse> {
        let task = parse_task_name("parent", parent)?;
        self.load(&task, parent).await?;
        let (outgoing, incoming): (Vec<_>, Vec<_>) = self
            .store
            .relations(&task.workspace, &task.task)
            .await?
            .into_iter()
            .partition(|relation| relation.source_id == task.task);
        Ok(pb::ListTaskRelationsResponse {
            outgoing: outgoing.iter().map(relation_to_proto).collect(),
            incoming: incoming.iter().map(relation_to_proto).collect(),
        })
    }

    /// Removes a relation.
    pub async fn delete_relation(
        &self,
        name: &str,
        caller: &Caller,
    ) -> ServiceResult<pb::TaskRelation> {
        let actor = caller.actor.as_str();
        let (task_name, id) = name
            .rsplit_once("/relations/")
            .filter(|(_, id)| uuid::Uuid::try_parse(id).is_ok())
            .ok_or_else(|| {
                ServiceError::invalid_argument(vec![(
                    "name".into(),
                    "must look like `.../tasks/{task}/relations/{relation}`".into(),
                )])
            })?;
        let task = parse_task_name("name", task_name)?;
        self.ensure_may_write(caller, &task.workspace, &task.project)
            .await?;
        let deleted = self
            .store
            .delete_relation(&task.workspace, &task.task, id, &|relation| {
                relation_event(relation, pb::ChangeType::Purged, actor)
            })
            .await?
            .filter(|relation| relation.source_project_id == task.project)
            .ok_or_else(|| ServiceError::not_found(name))?;
        self.announce(&task.workspace).await;
        Ok(relation_to_proto(&deleted))
    }

    /// Adds a state to a project's workflow, or changes one (`mask` given).
    pub async fn save_state(
        &self,
        parent: &str,
        state: pb::WorkflowState,
        mask: Option<prost_types::FieldMask>,
        caller: &Caller,
    ) -> ServiceResult<pb::WorkflowState> {
        let updating = mask.is_some();
        let (project_name, existing_id) = if updating {
            let (project, id) = state.name.rsplit_once("/states/").ok_or_else(|| {
                ServiceError::invalid_argument(vec![(
                    "state.name".into(),
                    "must look like `.../projects/{project}/states/{state}`".into(),
                )])
            })?;
            (project.to_owned(), Some(id.to_owned()))
        } else {
            (parent.to_owned(), None)
        };
        let project = crate::names::parse_project(
            if updating { "state.name" } else { "parent" },
            &project_name,
        )?;
        let (workspace, project_id) = (project.workspace.to_owned(), project.project.to_owned());
        self.project_key(&workspace, &project_id).await?;
        self.ensure_may_write(caller, &workspace, &project_id)
            .await?;
        let states = self.store.states(&workspace, &project_id).await?;
        let current = match &existing_id {
            Some(id) => Some(
                states
                    .iter()
                    .find(|s| &s.id == id)
                    .cloned()
                    .ok_or_else(|| ServiceError::not_found(&state.name))?,
            ),
            None => None,
        };
        let paths: Vec<String> = match &mask {
            None => vec![
                "display_name".into(),
                "group".into(),
                "position".into(),
                "allowed_transitions".into(),
                "is_default".into(),
            ],
            Some(mask) if mask.paths.iter().any(|p| p == "*") => vec![
                "display_name".into(),
                "group".into(),
                "position".into(),
                "allowed_transitions".into(),
                "is_default".into(),
            ],
            Some(mask) => mask.paths.clone(),
        };
        let mut violations = Violations::default();
        violations.check(!paths.is_empty(), "update_mask", || "is empty".into());
        let mut next = current.clone().unwrap_or(StateRecord {
            workspace_id: workspace.clone(),
            project_id: project_id.clone(),
            id: state_id(&state.display_name),
            display_name: String::new(),
            state_group: 0,
            position: states.len() as i64,
            allowed_transitions: String::new(),
            is_default: 0,
            version: 0,
        });
        for path in &paths {
            match path.as_str() {
                "display_name" => {
                    let name = state.display_name.trim().to_owned();
                    violations.check(
                        (1..=60).contains(&name.chars().count()) && !state_id(&name).is_empty(),
                        "state.display_name",
                        || "must be 1 to 60 characters with a letter or digit".into(),
                    );
                    violations.check(
                        !states.iter().any(|s| {
                            Some(&s.id) != existing_id.as_ref()
                                && s.display_name.eq_ignore_ascii_case(&name)
                        }),
                        "state.display_name",
                        || "another state of this project has that name".into(),
                    );
                    next.display_name = name;
                }
                "group" => match pb::StateGroup::try_from(state.group) {
                    Ok(group) if group != pb::StateGroup::Unspecified => {
                        next.state_group = group as i64
                    }
                    _ => violations.add("state.group", "is required: a StateGroup"),
                },
                "position" => next.position = i64::from(state.position),
                "allowed_transitions" => {
                    let mut ids = Vec::new();
                    for (i, target) in state.allowed_transitions.iter().enumerate() {
                        match target.strip_prefix(&format!("{project_name}/states/")) {
                            Some(id) if states.iter().any(|s| s.id == id) || id == next.id => {
                                ids.push(id.to_owned())
                            }
                            _ => violations.add(
                                format!("state.allowed_transitions[{i}]"),
                                "is not a state of this project",
                            ),
                        }
                    }
                    next.allowed_transitions = ids.join(" ");
                }
                "is_default" => {
                    if !state.is_default && current.as_ref().is_some_and(|c| c.is_default != 0) {
                        violations.add("state.is_default", "a project always has one default state: make another state the default instead");
                    }
                    next.is_default = i64::from(state.is_default);
                }
                other => violations.add(
                    "update_mask",
                    format!("`{other}` is not an updatable field of WorkflowState"),
                ),
            }
        }
        violations.check(updating || states.len() < 50, "parent", || {
            "a workflow has at most 50 states".into()
        });
        violations.into_result()?;
        let expected = current.as_ref().map(|c| c.version);
        if let Some(version) = parse_etag(&state.etag)
            && Some(version) != expected
        {
            return Err(ServiceError::etag_mismatch(&next.name()));
        }
        next.version = expected.unwrap_or(0) + 1;
        let change = if updating {
            pb::ChangeType::Updated
        } else {
            pb::ChangeType::Created
        };
        let saved = self
            .store
            .save_state(&next, expected, &state_event(&next, change, &caller.actor))
            .await?;
        self.announce(&workspace).await;
        Ok(state_to_proto(&saved))
    }

    /// Removes a workflow state that no task is in.
    pub async fn delete_state(
        &self,
        name: &str,
        caller: &Caller,
    ) -> ServiceResult<pb::WorkflowState> {
        let (project_name, id) = name.rsplit_once("/states/").ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                "name".into(),
                "must look like `.../projects/{project}/states/{state}`".into(),
            )])
        })?;
        let project = crate::names::parse_project("name", project_name)?;
        self.ensure_may_write(caller, project.workspace, project.project)
            .await?;
        let states = self
            .store
            .states(project.workspace, project.project)
            .await?;
        let state = states
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ServiceError::not_found(name))?;
        self.store
            .delete_state(
                project.workspace,
                project.project,
                id,
                &state_event(state, pb::ChangeType::Purged, &caller.actor),
            )
            .await?;
        self.announce(project.workspace).await;
        Ok(state_to_proto(state))
    }

    /// Adds a label to a project, or changes one (`mask` given).
    pub async fn save_label(
        &self,
        parent: &str,
        label: pb::Label,
        mask: Option<prost_types::FieldMask>,
        caller: &Caller,
    ) -> ServiceResult<pb::Label> {
        let updating = mask.is_some();
        let project_name = if updating {
            label
                .name
                .rsplit_once("/labels/")
                .map(|(p, _)| p.to_owned())
                .unwrap_or_default()
        } else {
            parent.to_owned()
        };
        let project = crate::names::parse_project(
            if updating { "label.name" } else { "parent" },
            &project_name,
        )?;
        let (workspace, project_id) = (project.workspace.to_owned(), project.project.to_owned());
        self.project_key(&workspace, &project_id).await?;
        self.ensure_may_write(caller, &workspace, &project_id)
            .await?;
        let current = if updating {
            let id = label
                .name
                .rsplit_once("/labels/")
                .map(|(_, id)| id)
                .unwrap_or_default();
            let found = self
                .store
                .labels(&workspace, &project_id)
                .await?
                .into_iter()
                .find(|l| l.id == id);
            Some(found.ok_or_else(|| ServiceError::not_found(&label.name))?)
        } else {
            None
        };
        let paths: Vec<String> = match &mask {
            Some(mask) if !mask.paths.iter().any(|p| p == "*") => mask.paths.clone(),
            _ => vec!["display_name".into(), "color".into(), "description".into()],
        };
        let mut next = current.clone().unwrap_or(LabelRecord {
            workspace_id: workspace.clone(),
            project_id: project_id.clone(),
            id: uuid::Uuid::now_v7().hyphenated().to_string(),
            display_name: String::new(),
            color: String::new(),
            description: String::new(),
            create_time: now_micros(),
            version: 0,
        });
        let mut violations = Violations::default();
        violations.check(!paths.is_empty(), "update_mask", || "is empty".into());
        for path in &paths {
            match path.as_str() {
                "display_name" => {
                    let name = label.display_name.trim().to_owned();
                    violations.check(
                        (1..=60).contains(&name.chars().count())
                            && !name.chars().any(char::is_control),
                        "label.display_name",
                        || "must be 1 to 60 characters".into(),
                    );
                    next.display_name = name;
                }
                "color" => {
                    let valid = label.color.is_empty()
                        || (label.color.len() == 7
                            && label.color.starts_with('#')
                            && label.color[1..].chars().all(|c| c.is_ascii_hexdigit()));
                    violations.check(valid, "label.color", || "must be empty or `#rrggbb`".into());
                    next.color = label.color.to_lowercase();
                }
                "description" => {
                    violations.check(
                        label.description.chars().count() <= 1000,
                        "label.description",
                        || "must be at most 1000 characters".into(),
                    );
                    next.description = label.description.clone();
                }
                other => violations.add(
                    "update_mask",
                    format!("`{other}` is not an updatable field of Label"),
                ),
            }
        }
        violations.into_result()?;
        let expected = current.as_ref().map(|c| c.version);
        if let Some(version) = parse_etag(&label.etag)
            && Some(version) != expected
        {
            return Err(ServiceError::etag_mismatch(&next.name()));
        }
        next.version = expected.unwrap_or(0) + 1;
        let change = if updating {
            pb::ChangeType::Updated
        } else {
            pb::ChangeType::Created
        };
        let event = encoded_event(
            change,
            &caller.actor,
            pb::change_event::Resource::Label(label_to_proto(&next)),
        );
        let saved = self.store.save_label(&next, expected, &event).await?;
        self.announce(&workspace).await;
        Ok(label_to_proto(&saved))
    }

    /// A project's labels, paged by id.
    pub async fn labels(
        &self,
        request: pb::ListLabelsRequest,
    ) -> ServiceResult<pb::ListLabelsResponse> {
        let project = crate::names::parse_project("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        self.project_key(project.workspace, project.project).await?;
        let fingerprint = format!("ListLabels|{}", request.parent);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let rows: Vec<LabelRecord> = self
            .store
            .labels(project.workspace, project.project)
            .await?
            .into_iter()
            .filter(|l| l.id > after)
            .collect();
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |l| l.id.clone());
        Ok(pb::ListLabelsResponse {
            labels: rows.iter().map(label_to_proto).collect(),
            next_page_token,
        })
    }

    /// Removes a label from its project and its tasks.
    pub async fn delete_label(&self, name: &str, caller: &Caller) -> ServiceResult<pb::Label> {
        let (project_name, id) = name.rsplit_once("/labels/").ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                "name".into(),
                "must look like `.../projects/{project}/labels/{label}`".into(),
            )])
        })?;
        let project = crate::names::parse_project("name", project_name)?;
        self.ensure_may_write(caller, project.workspace, project.project)
            .await?;
        let label = self
            .store
            .labels(project.workspace, project.project)
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or_else(|| ServiceError::not_found(name))?;
        let event = encoded_event(
            pb::ChangeType::Purged,
            &caller.actor,
            pb::change_event::Resource::Label(label_to_proto(&label)),
        );
        self.store.delete_label(&label, &event).await?;
        self.announce(project.workspace).await;
        Ok(label_to_proto(&label))
    }

    /// Adds a comment to a task.
    pub async fn create_comment(
        &self,
        parent: &str,
        comment: pb::Comment,
        caller: &Caller,
    ) -> ServiceResult<pb::Comment> {
        let task = parse_task_name("parent", parent)?;
        let chars = comment.body.trim().chars().count();
        if !(1..=50_000).contains(&chars) {
            return Err(ServiceError::invalid_argument(vec![(
                "comment.body".into(),
                "must be 1 to 50000 characters".into(),
            )]));
        }
        let record = self.load(&task, parent).await?;
        if record.delete_time.is_some() {
            return Err(ServiceError::failed_precondition(
                "DELETED",
                format!("{parent} is deleted"),
            ));
        }
        self.ensure_may_write(caller, &task.workspace, &task.project)
            .await?;
        let now = now_micros();
        let new = CommentRecord {
            workspace_id: task.workspace.clone(),
            project_id: task.project.clone(),
            task_id: task.task.clone(),
            id: uuid::Uuid::now_v7().hyphenated().to_string(),
            author: caller.actor.clone(),
            body: comment.body,
            create_time: now,
            update_time: now,
            delete_time: None,
            version: 1,
        };
        let event = encoded_event(
            pb::ChangeType::Created,
            &caller.actor,
            pb::change_event::Resource::Comment(comment_to_proto(&new)),
        );
        let saved = self.store.save_comment(&new, None, &event).await?;
        self.announce(&task.workspace).await;
        Ok(comment_to_proto(&saved))
    }

    /// A task's comments, oldest first.
    pub async fn comments(
        &self,
        request: pb::ListCommentsRequest,
    ) -> ServiceResult<pb::ListCommentsResponse> {
        let task = parse_task_name("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        self.load(&task, &request.parent).await?;
        let fingerprint = format!("ListComments|{}", request.parent);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let rows = self
            .store
            .comments(&task.workspace, &task.task, &after, limit as i64 + 1)
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |c| c.id.clone());
        Ok(pb::ListCommentsResponse {
            comments: rows.iter().map(comment_to_proto).collect(),
            next_page_token,
        })
    }

    /// Edits (`body` given) or deletes a comment; only its author edits, the author or an
    /// admin deletes.
    pub async fn change_comment(
        &self,
        name: &str,
        etag: &str,
        body: Option<String>,
        caller: &Caller,
    ) -> ServiceResult<pb::Comment> {
        let (task_name, id) = name.rsplit_once("/comments/").ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                "name".into(),
                "must look like `.../tasks/{task}/comments/{comment}`".into(),
            )])
        })?;
        let task = parse_task_name("name", task_name)?;
        let current = self
            .store
            .comments(&task.workspace, &task.task, "", 100_000)
            .await?
            .into_iter()
            .find(|c| c.id == id && c.project_id == task.project && c.delete_time.is_none())
            .ok_or_else(|| ServiceError::not_found(name))?;
        let own = current.author == caller.actor;
        if !(own || (body.is_none() && caller.administers())) {
            return Err(ServiceError::permission_denied(
                "NOT_THE_AUTHOR",
                "only its author changes a comment",
            ));
        }
        if parse_etag(etag).is_some_and(|version| version != current.version) {
            return Err(ServiceError::etag_mismatch(name));
        }
        let now = now_micros().max(current.update_time + 1);
        let (change, next) = match body {
            Some(body) => {
                let chars = body.trim().chars().count();
                if !(1..=50_000).contains(&chars) {
                    return Err(ServiceError::invalid_argument(vec![(
                        "comment.body".into(),
                        "must be 1 to 50000 characters".into(),
                    )]));
                }
                (
                    pb::ChangeType::Updated,
                    CommentRecord {
                        body,
                        update_time: now,
                        version: current.version + 1,
                        ..current.clone()
                    },
                )
            }
            None => (
                pb::ChangeType::Deleted,
                CommentRecord {
                    delete_time: Some(now),
                    update_time: now,
                    version: current.version + 1,
                    ..current.clone()
                },
            ),
        };
        let event = encoded_event(
            change,
            &caller.actor,
            pb::change_event::Resource::Comment(comment_to_proto(&next)),
        );
        let saved = self
            .store
            .save_comment(&next, Some(current.version), &event)
            .await?;
        self.announce(&task.workspace).await;
        Ok(comment_to_proto(&saved))
    }

    /// The recorded changes of a task, oldest first.
    pub async fn history(
        &self,
        request: pb::ListTaskHistoryRequest,
    ) -> ServiceResult<pb::ListTaskHistoryResponse> {
        let parsed = parse_task_name("name", &request.name)?;
        let limit = page_size(request.page_size)?;
        self.load(&parsed, &request.name).await?;
        let fingerprint = format!("ListTaskHistory|{}", request.name);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let (after_position, after_field) = after
            .split_once('|')
            .map(|(p, f)| (p.parse().unwrap_or(0), f.to_owned()))
            .unwrap_or((0, String::new()));
        let rows = self
            .store
            .history(
                &parsed.workspace,
                &parsed.task,
                (after_position, &after_field),
                limit as i64 + 1,
            )
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |h| {
            format!("{}|{}", h.position, h.field)
        });
        Ok(pb::ListTaskHistoryResponse {
            entries: rows
                .into_iter()
                .map(|h| pb::TaskHistoryEntry {
                    position: position_text(h.position),
                    actor: h.actor,
                    change_time: Some(timestamp(h.change_time)),
                    field: h.field,
                    old_value: h.old_value,
                    new_value: h.new_value,
                })
                .collect(),
            next_page_token,
        })
    }
}

/// The history rows between two versions of a task, values as JSON.
fn diff(old: &TaskRecord, new: &TaskRecord, actor: &str, now: i64) -> Vec<HistoryRow> {
    let json = |value: serde_json::Value| {
        if value.is_null() {
            String::new()
        } else {
            value.to_string()
        }
    };
    let fields: [(&str, serde_json::Value, serde_json::Value); 14] = [
        ("labels", old.label_list().into(), new.label_list().into()),
        ("title", old.title.clone().into(), new.title.clone().into()),
        (
            "description",
            old.description.clone().into(),
            new.description.clone().into(),
        ),
        (
            "state",
            old.state_id.clone().into(),
            new.state_id.clone().into(),
        ),
        ("priority", old.priority.into(), new.priority.into()),
        (
            "assignees",
            old.assignee_list().into(),
            new.assignee_list().into(),
        ),
        (
            "parent",
            old.parent_id.clone().into(),
            new.parent_id.clone().into(),
        ),
        (
            "start_date",
            old.start_date.clone().into(),
            new.start_date.clone().into(),
        ),
        (
            "due_date",
            old.due_date.clone().into(),
            new.due_date.clone().into(),
        ),
        ("due_time", old.due_time.into(), new.due_time.into()),
        ("estimate", old.estimate.into(), new.estimate.into()),
        (
            "external_links",
            old.external_links.clone().into(),
            new.external_links.clone().into(),
        ),
        (
            "delete_time",
            old.delete_time.into(),
            new.delete_time.into(),
        ),
        (
            "complete_time",
            old.complete_time.into(),
            new.complete_time.into(),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| HistoryRow {
            position: 0,
            field: field.into(),
            actor: actor.into(),
            change_time: now,
            old_value: json(before),
            new_value: json(after),
        })
        .collect()
}
