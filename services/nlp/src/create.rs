//! `CreateTasksFromDocument`: candidates (extracted, or reviewed by a person) become tasks in
//! the task service, called with the caller's own credentials so its rules apply unchanged.
//! Candidates whose title is close (cosine of their embeddings) to an open task of the project
//! are skipped as duplicates. The tasks are created in one `BatchCreateTasks`: all or nothing.

use std::{collections::HashMap, time::Duration};

use taskstream_proto::{
    auth_v1::{self as auth, auth_service_client::AuthServiceClient},
    nlp_v1 as nlp,
    tasks_v1::{self as tasks, task_service_client::TaskServiceClient},
};
use taskstream_runtime::{ServiceError, ServiceResult, mesh::MeshChannel};
use tonic::metadata::MetadataValue;

use crate::{document::Prepared, encoder::similarity};

/// Default `duplicate_threshold`.
pub const DEFAULT_DUPLICATE_THRESHOLD: f32 = 0.85;
/// Most tasks one call creates (one `BatchCreateTasks`).
pub const MAX_TASKS: usize = 100;
/// Open tasks compared against, at most.
const MAX_OPEN_TASKS: usize = 5_000;
/// How long a `request_id` answers with the first response.
pub const IDEMPOTENCY_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// The services `CreateTasksFromDocument` calls.
#[derive(Clone, Default)]
pub struct Peers {
    /// The task service.
    pub tasks: Option<MeshChannel>,
    /// The auth service, to map participants' emails to members.
    pub auth: Option<MeshChannel>,
}

/// A request to another service, carrying the caller's credentials.
fn on_behalf<T>(
    message: T,
    authorization: Option<&MetadataValue<tonic::metadata::Ascii>>,
) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    if let Some(value) = authorization {
        request
            .metadata_mut()
            .insert("authorization", value.clone());
    }
    request
}

fn peer_error(service: &str, status: tonic::Status) -> ServiceError {
    match status.code() {
        tonic::Code::Unavailable | tonic::Code::Unknown | tonic::Code::Internal => {
            ServiceError::unavailable(
                "TASK_SERVICE_UNAVAILABLE",
                format!(
                    "the {service} service is unavailable (nothing was created): {}",
                    status.message()
                ),
            )
        }
        tonic::Code::NotFound => ServiceError::new(
            tonic::Code::NotFound,
            "NOT_FOUND",
            status.message().to_owned(),
        ),
        tonic::Code::PermissionDenied => {
            ServiceError::permission_denied("PERMISSION_DENIED", status.message().to_owned())
        }
        code => ServiceError::new(
            code,
            "UPSTREAM_ERROR",
            format!("the {service} service refused: {}", status.message()),
        ),
    }
}

/// Titles of the project's open tasks (backlog, unstarted, started), with their names.
pub async fn open_tasks(
    channel: &MeshChannel,
    project: &str,
    authorization: Option<&MetadataValue<tonic::metadata::Ascii>>,
) -> ServiceResult<Vec<(String, String)>> {
    let mut client = TaskServiceClient::new(channel.clone());
    let mut open = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = client
            .list_tasks(on_behalf(
                tasks::ListTasksRequest {
                    parent: project.to_owned(),
                    page_size: 1000,
                    page_token: page_token.clone(),
                    state_groups: vec![
                        tasks::StateGroup::Backlog as i32,
                        tasks::StateGroup::Unstarted as i32,
                        tasks::StateGroup::Started as i32,
                    ],
                    ..Default::default()
                },
                authorization,
            ))
            .await
            .map_err(|status| peer_error("task", status))?
            .into_inner();
        open.extend(page.tasks.into_iter().map(|task| (task.name, task.title)));
        if page.next_page_token.is_empty() || open.len() >= MAX_OPEN_TASKS {
            return Ok(open);
        }
        page_token = page.next_page_token;
    }
}

/// The workspace's members by lower-cased email.
pub async fn members_by_email(
    channel: &MeshChannel,
    workspace: &str,
    authorization: Option<&MetadataValue<tonic::metadata::Ascii>>,
) -> ServiceResult<HashMap<String, String>> {
    let mut client = AuthServiceClient::new(channel.clone());
    let mut members = HashMap::new();
    let mut page_token = String::new();
    loop {
        let page = client
            .list_members(on_behalf(
                auth::ListMembersRequest {
                    parent: workspace.to_owned(),
                    page_size: 1000,
                    page_token: page_token.clone(),
                    ..Default::default()
                },
                authorization,
            ))
            .await
            .map_err(|status| peer_error("auth", status))?
            .into_inner();
        members.extend(
            page.members
                .into_iter()
                .map(|member| (member.email.to_lowercase(), member.user)),
        );
        if page.next_page_token.is_empty() {
            return Ok(members);
        }
        page_token = page.next_page_token;
    }
}

/// For each candidate, the open task it duplicates and how closely: `embeddings` holds the
/// candidates' vectors, then the open tasks'.
pub fn duplicates(
    candidates: usize,
    open: &[(String, String)],
    embeddings: &[Vec<f32>],
    threshold: f32,
) -> Vec<Option<(String, f32)>> {
    (0..candidates)
        .map(|index| {
            open.iter()
                .enumerate()
                .map(|(j, (name, _))| {
                    (
                        name,
                        similarity(&embeddings[index], &embeddings[candidates + j]),
                    )
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .filter(|(_, score)| *score >= threshold)
                .map(|(name, score)| (name.clone(), score.clamp(0.0, 1.0)))
        })
        .collect()
}

/// Checks reviewed candidates: each has a title, an assignee among `participants` (or none),
/// and evidence for which `quotes_source` holds (its text stands at its offsets).
fn check_reviewed_by(
    candidates: &[nlp::CandidateTask],
    participants: &[&str],
    source: &str,
    quotes_source: impl Fn(&nlp::TextSpan) -> bool,
) -> ServiceResult<()> {
    let mut violations = Vec::new();
    if candidates.len() > MAX_TASKS {
        violations.push((
            "candidates".to_owned(),
            format!("at most {MAX_TASKS} per call"),
        ));
    }
    for (index, candidate) in candidates.iter().enumerate() {
        let title = candidate.title.trim();
        if title.is_empty() || title.chars().count() > 500 {
            violations.push((
                format!("candidates[{index}].title"),
                "must be 1 to 500 characters".into(),
            ));
        }
        let quoted = candidate.evidence.as_ref().is_some_and(|evidence| {
            evidence.start_offset >= 0
                && evidence.end_offset > evidence.start_offset
                && quotes_source(evidence)
        });
        if !quoted {
            violations.push((
                format!("candidates[{index}].evidence"),
                format!("must be a span of {source}: its text at its offsets (code points)"),
            ));
        }
        if !candidate.assignee.is_empty() && !participants.contains(&candidate.assignee.as_str()) {
            violations.push((
                format!("candidates[{index}].assignee"),
                format!("`{}` is not a participant", candidate.assignee),
            ));
        }
    }
    match violations.is_empty() {
        true => Ok(()),
        false => Err(ServiceError::invalid_argument(violations)),
    }
}

/// Whether `evidence` is the text of `text` at its offsets.
fn stands_in(text: &str, evidence: &nlp::TextSpan) -> bool {
    text.chars()
        .skip(evidence.start_offset as usize)
        .take((evidence.end_offset - evidence.start_offset) as usize)
        .eq(evidence.text.chars())
}

/// Checks reviewed candidates of a document.
pub fn check_reviewed(candidates: &[nlp::CandidateTask], prepared: &Prepared) -> ServiceResult<()> {
    let participants: Vec<&str> = prepared
        .participants
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    check_reviewed_by(candidates, &participants, "the document", |evidence| {
        stands_in(&prepared.text, evidence)
    })
}

/// Checks reviewed candidates of a transcript session, whose evidence lies in a segment.
pub fn check_reviewed_in_segments(
    candidates: &[nlp::CandidateTask],
    segments: &HashMap<String, String>,
    participants: &[nlp::Participant],
) -> ServiceResult<()> {
    let participants: Vec<&str> = participants.iter().map(|p| p.id.as_str()).collect();
    check_reviewed_by(
        candidates,
        &participants,
        "one of the session's segments",
        |evidence| {
            segments
                .get(&evidence.segment_id)
                .is_some_and(|text| stands_in(text, evidence))
        },
    )
}

/// The task a candidate becomes.
pub fn task_of(
    candidate: &nlp::CandidateTask,
    assignee_user: &str,
    reference: &str,
) -> tasks::Task {
    let priority = match nlp::Priority::try_from(candidate.priority) {
        Ok(nlp::Priority::Low) => tasks::Priority::Low,
        Ok(nlp::Priority::Medium) => tasks::Priority::Medium,
        Ok(nlp::Priority::High) => tasks::Priority::High,
        Ok(nlp::Priority::Urgent) => tasks::Priority::Urgent,
        _ => tasks::Priority::Unspecified,
    };
    let evidence = candidate.evidence.clone().unwrap_or_default();
    tasks::Task {
        title: candidate.title.clone(),
        priority: priority as i32,
        assignees: match assignee_user {
            "" => Vec::new(),
            user => vec![user.to_owned()],
        },
        due_date: match &candidate.due {
            Some(nlp::candidate_task::Due::DueDate(date)) => Some(*date),
            _ => None,
        },
        due_time: match &candidate.due {
            Some(nlp::candidate_task::Due::DueTime(time)) => Some(*time),
            _ => None,
        },
        source: Some(tasks::TaskSource {
            origin: tasks::TaskOrigin::Nlp as i32,
            reference: reference.to_owned(),
            evidence_text: evidence.text,
            evidence_start: evidence.start_offset,
            evidence_end: evidence.end_offset,
            confidence: candidate.confidence,
        }),
        ..Default::default()
    }
}

/// Creates `tasks_to_create` in `project` in one batch; returns their names in order.
pub async fn create(
    channel: &MeshChannel,
    project: &str,
    tasks_to_create: Vec<tasks::Task>,
    request_id: &str,
    authorization: Option<&MetadataValue<tonic::metadata::Ascii>>,
) -> ServiceResult<Vec<String>> {
    if tasks_to_create.is_empty() {
        return Ok(Vec::new());
    }
    let requests = tasks_to_create
        .into_iter()
        .map(|task| tasks::CreateTaskRequest {
            parent: project.to_owned(),
            task: Some(task),
            ..Default::default()
        })
        .collect();
    let created = TaskServiceClient::new(channel.clone())
        .batch_create_tasks(on_behalf(
            tasks::BatchCreateTasksRequest {
                parent: project.to_owned(),
                requests,
                request_id: request_id.to_owned(),
            },
            authorization,
        ))
        .await
        .map_err(|status| peer_error("task", status))?
        .into_inner();
    Ok(created.tasks.into_iter().map(|task| task.name).collect())
}
