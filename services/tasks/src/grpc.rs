//! The gRPC face of the service: checks each request, calls the domain, renders the answer.

use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use prost_types::{FieldMask, Timestamp};
use taskstream_proto::tasks_v1::{self as pb, task_service_server::TaskService};
use taskstream_runtime::{
    ServiceError, ServiceResult, Violations,
    admission::Principal,
    etag::parse_etag,
    paging::{decode_page_token, next_page, page_size},
};
use tonic::{Request, Response, Status};

use crate::{
    changes::{WatchRequest, watch},
    names::{parse_project, parse_workspace, project_name},
    projects::{self, NewProject, ProjectChanges, ProjectRecord, ProjectStore},
    tasks::api::{Caller, TaskLogic, parse_position, state_to_proto},
};

/// Implementation of `taskstream.tasks.v1.TaskService`.
#[derive(Clone)]
pub struct TaskApi {
    projects: Arc<dyn ProjectStore>,
    tasks: TaskLogic,
}

/// The caller with the conditions the guard admitted the call under.
fn caller<T>(request: &Request<T>) -> Caller {
    match Principal::of(request) {
        Some(principal) => Caller {
            actor: principal.subject.clone(),
            role: principal.role.clone(),
            conditions: principal.conditions.clone(),
        },
        None => Caller::default(),
    }
}

impl TaskApi {
    /// The service over its stores.
    pub fn new(projects: Arc<dyn ProjectStore>, tasks: TaskLogic) -> Self {
        Self { projects, tasks }
    }

    /// Soft-deletes (`deleted`) or restores the project `name`, conditional on `etag`.
    async fn set_deleted(
        &self,
        name: &str,
        etag: &str,
        deleted: bool,
    ) -> ServiceResult<pb::Project> {
        let name = parse_project("name", name)?;
        let record = self
            .projects
            .set_deleted(
                name.workspace,
                name.project,
                deleted,
                parse_etag(etag),
                now_micros(),
            )
            .await?;
        Ok(project_to_proto(record))
    }
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_micros() as i64)
        .unwrap_or_default()
}

fn timestamp(micros: i64) -> Timestamp {
    Timestamp {
        seconds: micros.div_euclid(1_000_000),
        nanos: (micros.rem_euclid(1_000_000) * 1000) as i32,
    }
}

fn member_to_proto(project: &str, user: &str, create_time: i64) -> pb::ProjectMember {
    pb::ProjectMember {
        name: format!("{project}/members/{}", user.trim_start_matches("users/")),
        user: user.to_owned(),
        create_time: Some(timestamp(create_time)),
    }
}

fn project_to_proto(record: ProjectRecord) -> pb::Project {
    pb::Project {
        name: project_name(&record.workspace_id, &record.id),
        etag: record.etag(),
        key: record.key,
        display_name: record.display_name,
        description: record.description,
        lead: record.lead,
        create_time: Some(timestamp(record.create_time)),
        update_time: Some(timestamp(record.update_time)),
        delete_time: record.delete_time.map(timestamp),
    }
}

/// A `request_id` must be a UUID when present.
fn check_request_id(violations: &mut Violations, request_id: &str) -> Option<String> {
    if request_id.is_empty() {
        return None;
    }
    match uuid::Uuid::try_parse(request_id) {
        Ok(uuid) => Some(uuid.hyphenated().to_string()),
        Err(_) => {
            violations.add("request_id", "must be a UUID");
            None
        }
    }
}

/// Paths of `Project` an update may name.
const UPDATABLE_PROJECT_FIELDS: [&str; 3] = ["display_name", "description", "lead"];

fn project_changes(
    project: &pb::Project,
    mask: Option<&FieldMask>,
) -> ServiceResult<ProjectChanges> {
    let mut violations = Violations::default();
    let paths: Vec<&str> = match mask {
        None => {
            violations.add(
                "update_mask",
                "is required: name the fields to change, or `*`",
            );
            Vec::new()
        }
        Some(mask) if mask.paths.iter().any(|path| path == "*") => {
            if mask.paths.len() > 1 {
                violations.add("update_mask", "`*` cannot be combined with other paths");
            }
            UPDATABLE_PROJECT_FIELDS.to_vec()
        }
        Some(mask) if mask.paths.is_empty() => {
            violations.add("update_mask", "is empty: name the fields to change, or `*`");
            Vec::new()
        }
        Some(mask) => mask.paths.iter().map(String::as_str).collect(),
    };
    let mut changes = ProjectChanges::default();
    for path in paths {
        match path {
            "display_name" => {
                changes.display_name = Some(projects::check_display_name(
                    &mut violations,
                    "project.display_name",
                    &project.display_name,
                ))
            }
            "description" => {
                projects::check_description(
                    &mut violations,
                    "project.description",
                    &project.description,
                );
                changes.description = Some(project.description.clone());
            }
            "lead" => {
                projects::check_lead(&mut violations, "project.lead", &project.lead);
                changes.lead = Some(project.lead.clone());
            }
            "key" => violations.add("update_mask", "`key` cannot change after creation"),
            "name" | "create_time" | "update_time" | "delete_time" | "etag" => {
                violations.add("update_mask", format!("`{path}` is output only"))
            }
            other => violations.add(
                "update_mask",
                format!("`{other}` is not a field of Project"),
            ),
        }
    }
    violations.into_result()?;
    Ok(changes)
}

#[tonic::async_trait]
impl TaskService for TaskApi {
    async fn create_project(
        &self,
        request: Request<pb::CreateProjectRequest>,
    ) -> Result<Response<pb::CreateProjectResponse>, Status> {
        let request = request.into_inner();
        let mut violations = Violations::default();
        let workspace = violations.absorb(parse_workspace("parent", &request.parent));
        let request_id = check_request_id(&mut violations, &request.request_id);
        let project = match request.project {
            None => {
                violations.add("project", "is required");
                None
            }
            Some(mut project) => {
                projects::check_key(&mut violations, "project.key", &project.key);
                project.display_name = projects::check_display_name(
                    &mut violations,
                    "project.display_name",
                    &project.display_name,
                );
                projects::check_description(
                    &mut violations,
                    "project.description",
                    &project.description,
                );
                projects::check_lead(&mut violations, "project.lead", &project.lead);
                Some(project)
            }
        };
        violations.into_result()?;
        let (Some(workspace), Some(project)) = (workspace, project) else {
            return Err(ServiceError::internal(
                "validation passed an incomplete CreateProjectRequest",
            )
            .into());
        };
        let record = self
            .projects
            .create(
                NewProject {
                    workspace_id: workspace.to_owned(),
                    id: uuid::Uuid::now_v7().hyphenated().to_string(),
                    key: project.key,
                    display_name: project.display_name,
                    description: project.description,
                    lead: project.lead,
                    create_time: now_micros(),
                },
                request_id.as_deref(),
            )
            .await?;
        tracing::info!(project = %project_name(&record.workspace_id, &record.id), "project created");
        Ok(Response::new(pb::CreateProjectResponse {
            project: Some(project_to_proto(record)),
        }))
    }

    async fn get_project(
        &self,
        request: Request<pb::GetProjectRequest>,
    ) -> Result<Response<pb::GetProjectResponse>, Status> {
        let request = request.into_inner();
        let name = parse_project("name", &request.name)?;
        let record = self
            .projects
            .get(name.workspace, name.project)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.name))?;
        Ok(Response::new(pb::GetProjectResponse {
            project: Some(project_to_proto(record)),
        }))
    }

    async fn list_projects(
        &self,
        request: Request<pb::ListProjectsRequest>,
    ) -> Result<Response<pb::ListProjectsResponse>, Status> {
        let request = request.into_inner();
        let workspace = parse_workspace("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        let fingerprint = format!("ListProjects|{}|{}", request.parent, request.show_deleted);
        let after = decode_page_token(&request.page_token, &fingerprint)?;
        // One row more than the page tells whether another page follows.
        let rows = self
            .projects
            .list(workspace, after.as_deref(), limit + 1, request.show_deleted)
            .await?;
        let (rows, next_page_token) = next_page(rows, limit, &fingerprint, |last| last.id.clone());
        Ok(Response::new(pb::ListProjectsResponse {
            projects: rows.into_iter().map(project_to_proto).collect(),
            next_page_token,
        }))
    }

    async fn update_project(
        &self,
        request: Request<pb::UpdateProjectRequest>,
    ) -> Result<Response<pb::UpdateProjectResponse>, Status> {
        let request = request.into_inner();
        let project = request.project.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("project".into(), "is required".into())])
        })?;
        let name = parse_project("project.name", &project.name)?;
        let changes = project_changes(&project, request.update_mask.as_ref())?;
        let record = self
            .projects
            .update(
                name.workspace,
                name.project,
                &changes,
                parse_etag(&project.etag),
                now_micros(),
            )
            .await?;
        Ok(Response::new(pb::UpdateProjectResponse {
            project: Some(project_to_proto(record)),
        }))
    }

    async fn delete_project(
        &self,
        request: Request<pb::DeleteProjectRequest>,
    ) -> Result<Response<pb::DeleteProjectResponse>, Status> {
        let request = request.into_inner();
        let project = self.set_deleted(&request.name, &request.etag, true).await?;
        tracing::info!(project = %request.name, "project deleted");
        Ok(Response::new(pb::DeleteProjectResponse {
            project: Some(project),
        }))
    }

    async fn undelete_project(
        &self,
        request: Request<pb::UndeleteProjectRequest>,
    ) -> Result<Response<pb::UndeleteProjectResponse>, Status> {
        let request = request.into_inner();
        let project = self
            .set_deleted(&request.name, &request.etag, false)
            .await?;
        Ok(Response::new(pb::UndeleteProjectResponse {
            project: Some(project),
        }))
    }

    async fn create_task(
        &self,
        request: Request<pb::CreateTaskRequest>,
    ) -> Result<Response<pb::CreateTaskResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let parent = request.parent.clone();
        let request_id = request.request_id.clone();
        let mut tasks = self
            .tasks
            .create(&parent, vec![request], &request_id, &caller, "CreateTask")
            .await?;
        Ok(Response::new(pb::CreateTaskResponse { task: tasks.pop() }))
    }

    async fn batch_create_tasks(
        &self,
        request: Request<pb::BatchCreateTasksRequest>,
    ) -> Result<Response<pb::BatchCreateTasksResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let tasks = self
            .tasks
            .create(
                &request.parent,
                request.requests,
                &request.request_id,
                &caller,
                "BatchCreateTasks",
            )
            .await?;
        Ok(Response::new(pb::BatchCreateTasksResponse { tasks }))
    }

    async fn get_task(
        &self,
        request: Request<pb::GetTaskRequest>,
    ) -> Result<Response<pb::GetTaskResponse>, Status> {
        let task = self.tasks.get(&request.get_ref().name).await?;
        Ok(Response::new(pb::GetTaskResponse { task: Some(task) }))
    }

    async fn list_tasks(
        &self,
        request: Request<pb::ListTasksRequest>,
    ) -> Result<Response<pb::ListTasksResponse>, Status> {
        Ok(Response::new(self.tasks.list(request.into_inner()).await?))
    }

    async fn update_task(
        &self,
        request: Request<pb::UpdateTaskRequest>,
    ) -> Result<Response<pb::UpdateTaskResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let task = request.task.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("task".into(), "is required".into())])
        })?;
        let task = self
            .tasks
            .update(task, request.update_mask, &caller)
            .await?;
        Ok(Response::new(pb::UpdateTaskResponse { task: Some(task) }))
    }

    async fn delete_task(
        &self,
        request: Request<pb::DeleteTaskRequest>,
    ) -> Result<Response<pb::DeleteTaskResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let task = self
            .tasks
            .set_deleted(&request.name, &request.etag, true, &caller)
            .await?;
        Ok(Response::new(pb::DeleteTaskResponse { task: Some(task) }))
    }

    async fn undelete_task(
        &self,
        request: Request<pb::UndeleteTaskRequest>,
    ) -> Result<Response<pb::UndeleteTaskResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let task = self
            .tasks
            .set_deleted(&request.name, &request.etag, false, &caller)
            .await?;
        Ok(Response::new(pb::UndeleteTaskResponse { task: Some(task) }))
    }

    async fn transition_task(
        &self,
        request: Request<pb::TransitionTaskRequest>,
    ) -> Result<Response<pb::TransitionTaskResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let task = self
            .tasks
            .transition(&request.name, &request.state, &request.etag, &caller)
            .await?;
        Ok(Response::new(pb::TransitionTaskResponse {
            task: Some(task),
        }))
    }

    async fn assign_task(
        &self,
        request: Request<pb::AssignTaskRequest>,
    ) -> Result<Response<pb::AssignTaskResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let task = self
            .tasks
            .assign(
                &request.name,
                &request.assignees,
                &request.etag,
                true,
                &caller,
            )
            .await?;
        Ok(Response::new(pb::AssignTaskResponse { task: Some(task) }))
    }

    async fn unassign_task(
        &self,
        request: Request<pb::UnassignTaskRequest>,
    ) -> Result<Response<pb::UnassignTaskResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let task = self
            .tasks
            .assign(
                &request.name,
                &request.assignees,
                &request.etag,
                false,
                &caller,
            )
            .await?;
        Ok(Response::new(pb::UnassignTaskResponse { task: Some(task) }))
    }

    async fn list_task_history(
        &self,
        request: Request<pb::ListTaskHistoryRequest>,
    ) -> Result<Response<pb::ListTaskHistoryResponse>, Status> {
        Ok(Response::new(
            self.tasks.history(request.into_inner()).await?,
        ))
    }

    async fn list_workflow_states(
        &self,
        request: Request<pb::ListWorkflowStatesRequest>,
    ) -> Result<Response<pb::ListWorkflowStatesResponse>, Status> {
        let name = parse_project("parent", &request.get_ref().parent)?;
        self.projects
            .get(name.workspace, name.project)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.get_ref().parent))?;
        let states = self
            .tasks
            .store()
            .states(name.workspace, name.project)
            .await?;
        Ok(Response::new(pb::ListWorkflowStatesResponse {
            states: states.iter().map(state_to_proto).collect(),
        }))
    }

    async fn watch_changes(
        &self,
        request: Request<pb::WatchChangesRequest>,
    ) -> Result<Response<tonic::codegen::BoxStream<pb::WatchChangesResponse>>, Status> {
        let request = request.into_inner();
        let (workspace, project) = match parse_workspace("parent", &request.parent) {
            Ok(workspace) => (workspace.to_owned(), None),
            Err(_) => {
                let project = parse_project("parent", &request.parent)?;
                self.projects
                    .get(project.workspace, project.project)
                    .await?
                    .ok_or_else(|| ServiceError::not_found(&request.parent))?;
                (
                    project.workspace.to_owned(),
                    Some(project.project.to_owned()),
                )
            }
        };
        let after = if request.start_position.is_empty() {
            None
        } else {
            Some(parse_position("start_position", &request.start_position)?)
        };
        let stream = watch(
            self.tasks.hub().clone(),
            WatchRequest {
                workspace,
                project,
                after,
            },
        )
        .await?;
        Ok(Response::new(Box::pin(stream)))
    }

    async fn create_task_relation(
        &self,
        request: Request<pb::CreateTaskRelationRequest>,
    ) -> Result<Response<pb::CreateTaskRelationResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let relation = request.relation.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("relation".into(), "is required".into())])
        })?;
        let relation = self
            .tasks
            .create_relation(&request.parent, relation, &caller)
            .await?;
        Ok(Response::new(pb::CreateTaskRelationResponse {
            relation: Some(relation),
        }))
    }

    async fn list_task_relations(
        &self,
        request: Request<pb::ListTaskRelationsRequest>,
    ) -> Result<Response<pb::ListTaskRelationsResponse>, Status> {
        Ok(Response::new(
            self.tasks.relations(&request.get_ref().parent).await?,
        ))
    }

    async fn delete_task_relation(
        &self,
        request: Request<pb::DeleteTaskRelationRequest>,
    ) -> Result<Response<pb::DeleteTaskRelationResponse>, Status> {
        let caller = caller(&request);
        let relation = self
            .tasks
            .delete_relation(&request.get_ref().name, &caller)
            .await?;
        Ok(Response::new(pb::DeleteTaskRelationResponse {
            relation: Some(relation),
        }))
    }

    async fn create_project_member(
        &self,
        request: Request<pb::CreateProjectMemberRequest>,
    ) -> Result<Response<pb::CreateProjectMemberResponse>, Status> {
        let request = request.into_inner();
        let project = parse_project("parent", &request.parent)?;
        let user = request.member.map(|m| m.user).unwrap_or_default();
        if !crate::names::is_user_name(&user) {
            return Err(ServiceError::invalid_argument(vec![(
                "member.user".into(),
                "must look like `users/{user}`".into(),
            )])
            .into());
        }
        self.projects
            .get(project.workspace, project.project)
            .await?
            .filter(|p| p.delete_time.is_none())
            .ok_or_else(|| ServiceError::not_found(&request.parent))?;
        let now = now_micros();
        self.projects
            .add_member(project.workspace, project.project, &user, now)
            .await?;
        Ok(Response::new(pb::CreateProjectMemberResponse {
            member: Some(member_to_proto(&request.parent, &user, now)),
        }))
    }

    async fn list_project_members(
        &self,
        request: Request<pb::ListProjectMembersRequest>,
    ) -> Result<Response<pb::ListProjectMembersResponse>, Status> {
        let request = request.into_inner();
        let project = parse_project("parent", &request.parent)?;
        let limit = page_size(request.page_size)?;
        self.projects
            .get(project.workspace, project.project)
            .await?
            .ok_or_else(|| ServiceError::not_found(&request.parent))?;
        let fingerprint = format!("ListProjectMembers|{}", request.parent);
        let after = decode_page_token(&request.page_token, &fingerprint)?.unwrap_or_default();
        let rows = self
            .projects
            .members(project.workspace, project.project, &after, limit as i64 + 1)
            .await?;
        let (rows, next_page_token) =
            next_page(rows, limit, &fingerprint, |(user, _)| user.clone());
        Ok(Response::new(pb::ListProjectMembersResponse {
            members: rows
                .iter()
                .map(|(user, time)| member_to_proto(&request.parent, user, *time))
                .collect(),
            next_page_token,
        }))
    }

    async fn delete_project_member(
        &self,
        request: Request<pb::DeleteProjectMemberRequest>,
    ) -> Result<Response<pb::DeleteProjectMemberResponse>, Status> {
        let name = request.into_inner().name;
        let (project_name, user_id) = name.rsplit_once("/members/").ok_or_else(|| {
            ServiceError::invalid_argument(vec![(
                "name".into(),
                "must look like `.../projects/{project}/members/{user}`".into(),
            )])
        })?;
        let project = parse_project("name", project_name)?;
        let user = format!("users/{user_id}");
        if !self
            .projects
            .remove_member(project.workspace, project.project, &user)
            .await?
        {
            return Err(ServiceError::not_found(&name).into());
        }
        Ok(Response::new(pb::DeleteProjectMemberResponse {
            member: Some(member_to_proto(project_name, &user, now_micros())),
        }))
    }

    async fn create_workflow_state(
        &self,
        request: Request<pb::CreateWorkflowStateRequest>,
    ) -> Result<Response<pb::CreateWorkflowStateResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let state = request.state.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("state".into(), "is required".into())])
        })?;
        let state = self
            .tasks
            .save_state(&request.parent, state, None, &caller)
            .await?;
        Ok(Response::new(pb::CreateWorkflowStateResponse {
            state: Some(state),
        }))
    }

    async fn update_workflow_state(
        &self,
        request: Request<pb::UpdateWorkflowStateRequest>,
    ) -> Result<Response<pb::UpdateWorkflowStateResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let state = request.state.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("state".into(), "is required".into())])
        })?;
        let mask = request.update_mask.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("update_mask".into(), "is required".into())])
        })?;
        let state = self
            .tasks
            .save_state("", state, Some(mask), &caller)
            .await?;
        Ok(Response::new(pb::UpdateWorkflowStateResponse {
            state: Some(state),
        }))
    }

    async fn delete_workflow_state(
        &self,
        request: Request<pb::DeleteWorkflowStateRequest>,
    ) -> Result<Response<pb::DeleteWorkflowStateResponse>, Status> {
        let caller = caller(&request);
        let state = self
            .tasks
            .delete_state(&request.get_ref().name, &caller)
            .await?;
        Ok(Response::new(pb::DeleteWorkflowStateResponse {
            state: Some(state),
        }))
    }

    async fn create_label(
        &self,
        request: Request<pb::CreateLabelRequest>,
    ) -> Result<Response<pb::CreateLabelResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let label = request.label.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("label".into(), "is required".into())])
        })?;
        let label = self
            .tasks
            .save_label(&request.parent, label, None, &caller)
            .await?;
        Ok(Response::new(pb::CreateLabelResponse {
            label: Some(label),
        }))
    }

    async fn list_labels(
        &self,
        request: Request<pb::ListLabelsRequest>,
    ) -> Result<Response<pb::ListLabelsResponse>, Status> {
        Ok(Response::new(
            self.tasks.labels(request.into_inner()).await?,
        ))
    }

    async fn update_label(
        &self,
        request: Request<pb::UpdateLabelRequest>,
    ) -> Result<Response<pb::UpdateLabelResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let label = request.label.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("label".into(), "is required".into())])
        })?;
        let mask = request.update_mask.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("update_mask".into(), "is required".into())])
        })?;
        let label = self
            .tasks
            .save_label("", label, Some(mask), &caller)
            .await?;
        Ok(Response::new(pb::UpdateLabelResponse {
            label: Some(label),
        }))
    }

    async fn delete_label(
        &self,
        request: Request<pb::DeleteLabelRequest>,
    ) -> Result<Response<pb::DeleteLabelResponse>, Status> {
        let caller = caller(&request);
        let label = self
            .tasks
            .delete_label(&request.get_ref().name, &caller)
            .await?;
        Ok(Response::new(pb::DeleteLabelResponse {
            label: Some(label),
        }))
    }

    async fn create_comment(
        &self,
        request: Request<pb::CreateCommentRequest>,
    ) -> Result<Response<pb::CreateCommentResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let comment = request.comment.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("comment".into(), "is required".into())])
        })?;
        let comment = self
            .tasks
            .create_comment(&request.parent, comment, &caller)
            .await?;
        Ok(Response::new(pb::CreateCommentResponse {
            comment: Some(comment),
        }))
    }

    async fn list_comments(
        &self,
        request: Request<pb::ListCommentsRequest>,
    ) -> Result<Response<pb::ListCommentsResponse>, Status> {
        Ok(Response::new(
            self.tasks.comments(request.into_inner()).await?,
        ))
    }

    async fn update_comment(
        &self,
        request: Request<pb::UpdateCommentRequest>,
    ) -> Result<Response<pb::UpdateCommentResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let comment = request.comment.ok_or_else(|| {
            ServiceError::invalid_argument(vec![("comment".into(), "is required".into())])
        })?;
        let masked_body = request
            .update_mask
            .as_ref()
            .is_some_and(|m| m.paths == ["body"] || m.paths == ["*"]);
        if !masked_body {
            return Err(ServiceError::invalid_argument(vec![(
                "update_mask".into(),
                "must be exactly `body`".into(),
            )])
            .into());
        }
        let comment = self
            .tasks
            .change_comment(&comment.name, &comment.etag, Some(comment.body), &caller)
            .await?;
        Ok(Response::new(pb::UpdateCommentResponse {
            comment: Some(comment),
        }))
    }

    async fn delete_comment(
        &self,
        request: Request<pb::DeleteCommentRequest>,
    ) -> Result<Response<pb::DeleteCommentResponse>, Status> {
        let caller = caller(&request);
        let request = request.into_inner();
        let comment = self
            .tasks
            .change_comment(&request.name, &request.etag, None, &caller)
            .await?;
        Ok(Response::new(pb::DeleteCommentResponse {
            comment: Some(comment),
        }))
    }
}
