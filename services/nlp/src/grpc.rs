//! The gRPC face of the NLP service: input checked against the contract, work run off the
//! async workers under the deadline, answers cached by content hash and model versions.

use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use sha2::Digest as _;
use taskstream_cache::Cache;
use taskstream_nlp_extract as rules;
use taskstream_proto::{google::r#type::Date as ProtoDate, nlp_v1 as nlp};
use taskstream_runtime::{ServiceError, ServiceResult};
use tokio_stream::StreamExt as _;
use tonic::{Request, Response, Status};

use crate::{
    create::{self, Peers},
    document::{code_points, prepare},
    filter,
    models::{self, Models},
    names,
    sessions::{Sessions, parse_position},
};

/// Longest an `ExtractTasks` or `Classify` call may run on the server.
const EXTRACT_CAP: Duration = Duration::from_secs(30);
/// Longest an `Embed` call may run on the server.
const EMBED_CAP: Duration = Duration::from_secs(10);
/// How long answers stay cached: they depend only on the request and the model versions.
const CACHE_TTL: Duration = Duration::from_secs(24 * 3600);
/// Most texts in one `Embed` call.
const MAX_EMBED_TEXTS: usize = 256;
/// Largest text in an `Embed` call.
const MAX_EMBED_TEXT_BYTES: usize = 32 * 1024;

/// The service.
pub struct NlpApi {
    models: Arc<Models>,
    cache: Arc<dyn Cache>,
    peers: Peers,
    sessions: Option<Sessions>,
}

impl NlpApi {
    /// The service over `models`, caching answers in `cache`, creating tasks through `peers`;
    /// transcript sessions when `sessions` is given (they need a database).
    pub fn new(
        models: Arc<Models>,
        cache: Arc<dyn Cache>,
        peers: Peers,
        sessions: Option<Sessions>,
    ) -> Self {
        Self {
            models,
            cache,
            peers,
            sessions,
        }
    }

    fn sessions(&self) -> ServiceResult<&Sessions> {
        self.sessions.as_ref().ok_or_else(|| {
            ServiceError::unimplemented("transcript sessions on a server without a database")
        })
    }

    /// The encoder, or why it cannot serve.
    fn encoder(&self) -> ServiceResult<Arc<crate::encoder::Encoder>> {
        self.models.ready_encoder()
    }

    /// The rules' candidates scored by the task filter when it can run, with the versions
    /// of what scored them; otherwise the rules' own confidences stand and a warning says
    /// why (the encoder is not serving, or is too busy to answer in time).
    async fn scored(
        &self,
        kind: rules::Kind,
        text: &str,
        mut found: Vec<rules::Candidate>,
    ) -> ServiceResult<(
        Vec<rules::Candidate>,
        Vec<nlp::ModelVersion>,
        Option<nlp::ProcessingWarning>,
    )> {
        let unscored = |why: &str| nlp::ProcessingWarning {
            code: "TASK_FILTER_UNAVAILABLE".into(),
            message: format!("confidences are the rules' own, not the task filter's: {why}"),
        };
        let encoder = match self.encoder() {
            Ok(encoder) => encoder,
            Err(error) => return Ok((found, Vec::new(), Some(unscored(error.message())))),
        };
        match filter::rescore(&encoder, kind, text, &mut found, EMBED_CAP).await {
            Ok(()) => Ok((found, filter::model_versions(), None)),
            Err(error)
                if matches!(
                    error.code(),
                    tonic::Code::ResourceExhausted | tonic::Code::DeadlineExceeded
                ) =>
            {
                Ok((found, Vec::new(), Some(unscored(error.message()))))
            }
            Err(error) => Err(error),
        }
    }

    async fn cached<T: prost::Message + Default>(&self, key: &str) -> Option<T> {
        let bytes = self.cache.get(key).await.ok()??;
        T::decode(bytes).ok()
    }

    async fn remember(&self, key: &str, answer: &impl prost::Message) {
        if let Err(error) = self
            .cache
            .set(key, Bytes::from(answer.encode_to_vec()), CACHE_TTL)
            .await
        {
            tracing::warn!(%error, "NLP result cache unavailable");
        }
    }
}

/// The cache key of a request: what it asks, and the versions of everything that answers it.
fn cache_key(rpc: &str, request: &impl prost::Message, versions: &[&nlp::ModelVersion]) -> String {
    let mut hash = sha2::Sha256::new();
    hash.update(request.encode_to_vec());
    for version in versions {
        hash.update(version.model.as_bytes());
        hash.update([0]);
        hash.update(version.version.as_bytes());
        hash.update([0]);
    }
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("nlp:{rpc}:{digest}")
}

/// The versions of the rules every extraction runs.
pub fn rule_versions() -> Vec<nlp::ModelVersion> {
    vec![
        models::version_of(models::TASK_RULES, rules::RULES_VERSION),
        models::version_of(models::DATE_RULES, models::DATE_RULES_VERSION),
    ]
}

/// Runs blocking rule work on a blocking thread, within `cap`.
async fn off_runtime<T: Send + 'static>(
    cap: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> ServiceResult<T> {
    match tokio::time::timeout(cap, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(ServiceError::internal(error)),
        Err(_) => Err(ServiceError::deadline_exceeded(format!(
            "the analysis took longer than {}s",
            cap.as_secs()
        ))),
    }
}

fn span(text: &str, range: std::ops::Range<usize>) -> nlp::TextSpan {
    let (start, end) = (range.start.min(text.len()), range.end.min(text.len()));
    nlp::TextSpan {
        segment_id: String::new(),
        start_offset: code_points(text, start),
        end_offset: code_points(text, end),
        text: text.get(start..end).unwrap_or_default().to_owned(),
    }
}

fn priority(priority: Option<rules::Priority>) -> nlp::Priority {
    match priority {
        None => nlp::Priority::Unspecified,
        Some(rules::Priority::Low) => nlp::Priority::Low,
        Some(rules::Priority::Normal) => nlp::Priority::Medium,
        Some(rules::Priority::High) => nlp::Priority::High,
        Some(rules::Priority::Urgent) => nlp::Priority::Urgent,
    }
}

/// One candidate as the contract shapes it.
pub(crate) fn candidate(
    index: usize,
    found: rules::Candidate,
    text: &str,
    zone: rules::Tz,
) -> nlp::CandidateTask {
    use chrono::Datelike as _;
    let due = found.due.map(|due| match due {
        rules::Due::Date(date) => nlp::candidate_task::Due::DueDate(ProtoDate {
            year: date.year(),
            month: date.month() as i32,
            day: date.day() as i32,
        }),
        rules::Due::DateTime(local) => {
            let instant = taskstream_nlp_dates::to_instant(local, zone);
            nlp::candidate_task::Due::DueTime(prost_types::Timestamp {
                seconds: instant.timestamp(),
                nanos: 0,
            })
        }
    });
    nlp::CandidateTask {
        candidate_id: format!("c{}", index + 1),
        title: found.title,
        assignee: found.assignee.unwrap_or_default(),
        due_evidence: found
            .due_span
            .filter(|_| due.is_some())
            .map(|range| span(text, range)),
        due,
        priority: priority(found.priority) as i32,
        confidence: found.confidence.clamp(0.0, 1.0),
        evidence: Some(span(text, found.evidence)),
    }
}

#[tonic::async_trait]
impl nlp::nlp_service_server::NlpService for NlpApi {
    async fn extract_tasks(
        &self,
        request: Request<nlp::ExtractTasksRequest>,
    ) -> Result<Response<nlp::ExtractTasksResponse>, Status> {
        let request = request.into_inner();
        names::workspace("workspace", &request.workspace)?;
        let min_confidence = request
            .min_confidence
            .unwrap_or(filter::DEFAULT_MIN_CONFIDENCE);
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(ServiceError::invalid_argument(vec![(
                "min_confidence".into(),
                "must be between 0 and 1".into(),
            )])
            .into());
        }
        // Answers are cached under the versions that would answer now.
        let mut key_versions = rule_versions();
        if self.encoder().is_ok() {
            key_versions.extend(filter::model_versions());
        }
        let key = cache_key(
            "extract",
            &request,
            &key_versions.iter().collect::<Vec<_>>(),
        );
        if let Some(answer) = self.cached::<nlp::ExtractTasksResponse>(&key).await {
            return Ok(Response::new(answer));
        }
        let prepared = prepare(request.document.as_ref(), "document", true)?;
        let zone = prepared.zone.unwrap_or(chrono_tz::UTC);
        let (prepared, found) = off_runtime(EXTRACT_CAP, move || {
            let found = prepared.extract();
            (prepared, found)
        })
        .await?;
        let (found, filter_versions, unscored) =
            self.scored(prepared.kind, &prepared.text, found).await?;
        let mut versions = rule_versions();
        versions.extend(filter_versions);
        let mut warnings = prepared.warnings.clone();
        warnings.extend(unscored.clone());
        let candidates = found
            .into_iter()
            .filter(|c| c.confidence >= min_confidence)
            .enumerate()
            .map(|(index, c)| candidate(index, c, &prepared.text, zone))
            .collect();
        let answer = nlp::ExtractTasksResponse {
            candidates,
            analyzed_text: if prepared.decoded {
                prepared.text
            } else {
                String::new()
            },
            model_versions: versions,
            warnings,
        };
        // A degraded answer is not kept: the next call may be scored.
        if unscored.is_some() {
            return Ok(Response::new(answer));
        }
        self.remember(&key, &answer).await;
        Ok(Response::new(answer))
    }

    async fn classify(
        &self,
        request: Request<nlp::ClassifyRequest>,
    ) -> Result<Response<nlp::ClassifyResponse>, Status> {
        let request = request.into_inner();
        names::workspace("workspace", &request.workspace)?;
        let versions = vec![models::version_of(models::TASK_RULES, rules::RULES_VERSION)];
        let key = cache_key("classify", &request, &versions.iter().collect::<Vec<_>>());
        if let Some(answer) = self.cached::<nlp::ClassifyResponse>(&key).await {
            return Ok(Response::new(answer));
        }
        let prepared = prepare(request.document.as_ref(), "document", false)?;
        let answer = off_runtime(EXTRACT_CAP, move || {
            let classification = rules::classify(&prepared.text);
            let mut scores = classification.scores.clone();
            scores.sort_by(|a, b| b.1.total_cmp(&a.1));
            let intent = |intent: rules::Intent| match intent {
                rules::Intent::Request => nlp::Intent::Request,
                rules::Intent::Commitment => nlp::Intent::Commitment,
                rules::Intent::Question => nlp::Intent::Question,
                rules::Intent::Decision => nlp::Intent::Decision,
                rules::Intent::Fyi => nlp::Intent::Fyi,
            };
            let mut intents: Vec<i32> = scores
                .iter()
                .filter(|(_, score)| *score >= 0.5)
                .map(|(i, _)| intent(*i) as i32)
                .collect();
            if intents.is_empty()
                && let Some((top, _)) = scores.first()
            {
                intents.push(intent(*top) as i32);
            }
            let urgency_score = classification.urgency.clamp(0.0, 1.0);
            let urgency = match urgency_score {
                s if s >= 0.75 => nlp::Urgency::Urgent,
                s if s >= 0.5 => nlp::Urgency::High,
                s if s >= 0.2 => nlp::Urgency::Normal,
                _ => nlp::Urgency::Low,
            };
            nlp::ClassifyResponse {
                intents,
                intent_scores: scores
                    .iter()
                    .map(|(i, score)| nlp::IntentScore {
                        intent: intent(*i) as i32,
                        score: score.clamp(0.0, 1.0),
                    })
                    .collect(),
                urgency: urgency as i32,
                urgency_score,
                model_versions: versions,
                warnings: prepared.warnings,
            }
        })
        .await?;
        self.remember(&key, &answer).await;
        Ok(Response::new(answer))
    }

    async fn embed(
        &self,
        request: Request<nlp::EmbedRequest>,
    ) -> Result<Response<nlp::EmbedResponse>, Status> {
        let request = request.into_inner();
        names::workspace("workspace", &request.workspace)?;
        let mut violations = Vec::new();
        if request.texts.is_empty() || request.texts.len() > MAX_EMBED_TEXTS {
            violations.push((
                "texts".to_owned(),
                format!(
                    "must hold 1 to {MAX_EMBED_TEXTS} texts, not {}",
                    request.texts.len()
                ),
            ));
        }
        for (index, text) in request.texts.iter().enumerate() {
            if text.len() > MAX_EMBED_TEXT_BYTES {
                violations.push((
                    format!("texts[{index}]"),
                    format!("is {} bytes; at most {MAX_EMBED_TEXT_BYTES}", text.len()),
                ));
            }
        }
        let default = format!("models/{}", models::ENCODER);
        if !request.model.is_empty() && request.model != default {
            violations.push((
                "model".to_owned(),
                format!(
                    "`{}` is not an encoder this server runs (try {default})",
                    request.model
                ),
            ));
        }
        if !violations.is_empty() {
            return Err(ServiceError::invalid_argument(violations).into());
        }
        let versions = [models::version_of(
            models::ENCODER,
            &models::encoder_version(),
        )];
        let key = cache_key("embed", &request, &versions.iter().collect::<Vec<_>>());
        if let Some(answer) = self.cached::<nlp::EmbedResponse>(&key).await {
            return Ok(Response::new(answer));
        }
        let encoder = self.encoder()?;
        let embedded = encoder
            .embed_within(request.texts, EMBED_CAP, "embedding")
            .await?;
        let answer = nlp::EmbedResponse {
            embeddings: embedded
                .into_iter()
                .map(|e| nlp::Embedding {
                    values: e.values,
                    token_count: e.token_count as i32,
                    truncated: e.truncated,
                })
                .collect(),
            model_version: Some(versions[0].clone()),
            dimensions: models::ENCODER_DIMENSIONS as i32,
        };
        self.remember(&key, &answer).await;
        Ok(Response::new(answer))
    }

    async fn get_model(
        &self,
        request: Request<nlp::GetModelRequest>,
    ) -> Result<Response<nlp::GetModelResponse>, Status> {
        let name = request.into_inner().name;
        let model = self
            .models
            .catalogue()
            .into_iter()
            .find(|model| model.name == name)
            .ok_or_else(|| ServiceError::not_found(&name))?;
        Ok(Response::new(nlp::GetModelResponse { model: Some(model) }))
    }

    async fn list_models(
        &self,
        request: Request<nlp::ListModelsRequest>,
    ) -> Result<Response<nlp::ListModelsResponse>, Status> {
        let request = request.into_inner();
        let size = match request.page_size {
            size if size < 0 => {
                return Err(ServiceError::invalid_argument(vec![(
                    "page_size".into(),
                    "must not be negative".into(),
                )])
                .into());
            }
            0 => 50,
            size => size.min(1000) as usize,
        };
        let after = request.page_token;
        let rest: Vec<nlp::Model> = self
            .models
            .catalogue()
            .into_iter()
            .filter(|model| after.is_empty() || model.name > after)
            .collect();
        let next_page_token = match rest.len() > size {
            true => rest[size - 1].name.clone(),
            false => String::new(),
        };
        Ok(Response::new(nlp::ListModelsResponse {
            models: rest.into_iter().take(size).collect(),
            next_page_token,
        }))
    }

    async fn create_tasks_from_document(
        &self,
        request: Request<nlp::CreateTasksFromDocumentRequest>,
    ) -> Result<Response<nlp::CreateTasksFromDocumentResponse>, Status> {
        let authorization = request.metadata().get("authorization").cloned();
        let request = request.into_inner();
        let workspace = format!(
            "workspaces/{}",
            names::project_workspace("project", &request.project)?
        );
        let mut violations = Vec::new();
        for (field, value) in [
            ("min_confidence", request.min_confidence),
            ("duplicate_threshold", request.duplicate_threshold),
        ] {
            if value.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
                violations.push((field.to_owned(), "must be between 0 and 1".to_owned()));
            }
        }
        if request.request_id.chars().count() > 64 {
            violations.push(("request_id".into(), "at most 64 characters".into()));
        }
        if !violations.is_empty() {
            return Err(ServiceError::invalid_argument(violations).into());
        }
        if request.source.is_none() {
            return Err(ServiceError::invalid_argument(vec![(
                "document".into(),
                "is required: the document (or transcript_session) to create tasks from".into(),
            )])
            .into());
        }
        let idempotency_key = (!request.request_id.is_empty() && !request.validate_only)
            .then(|| format!("nlp:create:{}:{}", request.project, request.request_id));
        if let Some(key) = &idempotency_key
            && let Some(first) = self
                .cached::<nlp::CreateTasksFromDocumentResponse>(key)
                .await
        {
            return Ok(Response::new(first));
        }
        let Some(tasks_channel) = self.peers.tasks.clone() else {
            return Err(ServiceError::unavailable(
                "TASK_SERVICE_UNAVAILABLE",
                "this NLP server has no route to the task service (configure remote.tasks)",
            )
            .into());
        };
        let min_confidence = request
            .min_confidence
            .unwrap_or(filter::DEFAULT_MIN_CONFIDENCE);
        let mut skipped_low_confidence = Vec::new();
        let mut warnings = Vec::new();
        // The encoder and task filter versions, when they scored the candidates.
        let mut filter_versions = Vec::new();
        // The candidates (reviewed ones as given, or found ones above the confidence bar),
        // and who and what they come from.
        let (candidates, participants, reference) = match &request.source {
            Some(nlp::create_tasks_from_document_request::Source::Document(document)) => {
                let prepared = prepare(Some(document), "document", true)?;
                let zone = prepared.zone.unwrap_or(chrono_tz::UTC);
                warnings.extend(prepared.warnings.clone());
                let candidates = if request.candidates.is_empty() {
                    let for_rules = prepared.clone();
                    let found = off_runtime(EXTRACT_CAP, move || for_rules.extract()).await?;
                    let (found, versions, unscored) =
                        self.scored(prepared.kind, &prepared.text, found).await?;
                    filter_versions = versions;
                    warnings.extend(unscored);
                    found
                        .into_iter()
                        .enumerate()
                        .map(|(index, found)| candidate(index, found, &prepared.text, zone))
                        .collect()
                } else {
                    create::check_reviewed(&request.candidates, &prepared)?;
                    request.candidates.clone()
                };
                (
                    candidates,
                    document.participants.clone(),
                    document.reference.clone(),
                )
            }
            Some(nlp::create_tasks_from_document_request::Source::TranscriptSession(name)) => {
                let sessions = self.sessions()?;
                let (session_workspace, _) = names::session("transcript_session", name)?;
                if format!("workspaces/{session_workspace}") != workspace {
                    return Err(ServiceError::invalid_argument(vec![(
                        "transcript_session".into(),
                        format!("must be a session of {workspace}, the project's workspace"),
                    )])
                    .into());
                }
                let session = sessions.get(name).await?;
                // Its candidates were scored by what the session lists.
                if filter::listed(&session.model_versions) {
                    filter_versions = filter::model_versions();
                }
                let candidates = if request.candidates.is_empty() {
                    session.candidates.clone()
                } else {
                    let texts = sessions.segment_texts(name).await?;
                    create::check_reviewed_in_segments(
                        &request.candidates,
                        &texts,
                        &session.participants,
                    )?;
                    request.candidates.clone()
                };
                (candidates, session.participants, session.reference)
            }
            None => unreachable!("checked above"),
        };
        let candidates: Vec<nlp::CandidateTask> = if request.candidates.is_empty() {
            let (kept, low): (Vec<_>, Vec<_>) = candidates
                .into_iter()
                .partition(|c| c.confidence >= min_confidence);
            skipped_low_confidence = low;
            kept
        } else {
            candidates
        };
        if candidates.len() > create::MAX_TASKS {
            return Err(ServiceError::invalid_argument(vec![(
                "document".into(),
                format!(
                    "yields {} tasks; at most {} are created per call",
                    candidates.len(),
                    create::MAX_TASKS
                ),
            )])
            .into());
        }

        // Duplicates of open tasks, by embedding similarity of titles.
        let open =
            create::open_tasks(&tasks_channel, &request.project, authorization.as_ref()).await?;
        let mut model_versions = rule_versions();
        model_versions.extend(filter_versions);
        let duplicates = if open.is_empty() || candidates.is_empty() {
            vec![None; candidates.len()]
        } else {
            let encoder = self.encoder()?;
            let encoder_version = models::version_of(models::ENCODER, &models::encoder_version());
            if !model_versions.contains(&encoder_version) {
                model_versions.push(encoder_version);
            }
            let titles: Vec<String> = candidates
                .iter()
                .map(|c| c.title.clone())
                .chain(open.iter().map(|(_, title)| title.clone()))
                .collect();
            let vectors = encoder
                .vectors_within(titles, EMBED_CAP, "comparing with open tasks")
                .await?;
            create::duplicates(
                candidates.len(),
                &open,
                &vectors,
                request
                    .duplicate_threshold
                    .unwrap_or(create::DEFAULT_DUPLICATE_THRESHOLD),
            )
        };

        // Assignees: the participant's user, else the member with the participant's email.
        let mut members = None;
        let mut created_tasks = Vec::new();
        let mut skipped_duplicates = Vec::new();
        let mut to_create = Vec::new();
        for (candidate, duplicate) in candidates.into_iter().zip(duplicates) {
            if let Some((duplicate_of, similarity)) = duplicate {
                skipped_duplicates.push(nlp::SkippedDuplicate {
                    candidate: Some(candidate),
                    duplicate_of,
                    similarity,
                });
                continue;
            }
            let mut assignee_user = String::new();
            if let Some(participant) = participants
                .iter()
                .find(|p| p.id == candidate.assignee && !candidate.assignee.is_empty())
            {
                assignee_user = participant.user.clone();
                if assignee_user.is_empty() && !participant.email.is_empty() {
                    if members.is_none() {
                        members = Some(match &self.peers.auth {
                            Some(channel) => create::members_by_email(
                                channel,
                                &workspace,
                                authorization.as_ref(),
                            )
                            .await
                            .unwrap_or_default(),
                            None => Default::default(),
                        });
                    }
                    assignee_user = members
                        .as_ref()
                        .and_then(|m| m.get(&participant.email.to_lowercase()))
                        .cloned()
                        .unwrap_or_default();
                }
                if assignee_user.is_empty() {
                    warnings.push(nlp::ProcessingWarning {
                        code: "UNRESOLVED_ASSIGNEE".into(),
                        message: format!(
                            "participant `{}` is not a member of {workspace} (by user or email): \"{}\" is created unassigned",
                            participant.id, candidate.title
                        ),
                    });
                }
            }
            to_create.push(create::task_of(&candidate, &assignee_user, &reference));
            created_tasks.push(nlp::CreatedTask {
                candidate: Some(candidate),
                task: String::new(),
                assignee_user,
            });
        }
        if !request.validate_only {
            let names = create::create(
                &tasks_channel,
                &request.project,
                to_create,
                &request.request_id,
                authorization.as_ref(),
            )
            .await?;
            for (created, name) in created_tasks.iter_mut().zip(names) {
                created.task = name;
            }
        }
        let answer = nlp::CreateTasksFromDocumentResponse {
            created_tasks,
            skipped_duplicates,
            skipped_low_confidence,
            model_versions,
            warnings,
        };
        if let Some(key) = &idempotency_key
            && let Err(error) = self
                .cache
                .set(
                    key,
                    Bytes::from(prost::Message::encode_to_vec(&answer)),
                    create::IDEMPOTENCY_WINDOW,
                )
                .await
        {
            tracing::warn!(%error, "cannot remember the answer for request_id retries");
        }
        Ok(Response::new(answer))
    }

    async fn stream_transcript(
        &self,
        request: Request<tonic::Streaming<nlp::StreamTranscriptRequest>>,
    ) -> Result<Response<tonic::codegen::BoxStream<nlp::StreamTranscriptResponse>>, Status> {
        use nlp::stream_transcript_request::Message as In;
        let sessions = self.sessions()?.clone();
        let mut inbound = request.into_inner();
        let first = inbound.message().await?.and_then(|m| m.message);
        let (session, after) = match first {
            Some(In::Start(start)) => {
                let session = sessions
                    .create(&start.parent, start.transcript_session, &start.request_id)
                    .await?;
                (session, 0)
            }
            Some(In::Resume(resume)) => {
                let after = parse_position("resume.after_position", &resume.after_position)?;
                let session = sessions.get(&resume.name).await?;
                if session.state != nlp::TranscriptSessionState::Active as i32 {
                    return Err(ServiceError::failed_precondition(
                        "SESSION_CLOSED",
                        format!("{} is closed: watch it instead", resume.name),
                    )
                    .into());
                }
                (session, after)
            }
            _ => {
                return Err(ServiceError::invalid_argument(vec![(
                    "message".into(),
                    "the first message must be `start` or `resume`".into(),
                )])
                .into());
            }
        };
        let name = session.name.clone();
        let mut events = sessions.watch(&name, after).await?;
        let (sender, receiver) =
            tokio::sync::mpsc::channel::<Result<nlp::StreamTranscriptResponse, Status>>(64);
        let _ = sender
            .send(Ok(nlp::StreamTranscriptResponse {
                message: Some(nlp::stream_transcript_response::Message::TranscriptSession(
                    session,
                )),
            }))
            .await;
        // Events out, as the store records them.
        let forward = sender.clone();
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                let message = event.map(|event| nlp::StreamTranscriptResponse {
                    message: Some(nlp::stream_transcript_response::Message::Event(event)),
                });
                if forward.send(message.map_err(Status::from)).await.is_err() {
                    return;
                }
            }
        });
        // Segments and participants in; the end of the request stream closes the session.
        tokio::spawn(async move {
            loop {
                let appended = match inbound.message().await {
                    Ok(Some(nlp::StreamTranscriptRequest {
                        message: Some(In::Segment(segment)),
                    })) => sessions.append(&name, vec![segment], Vec::new()).await,
                    Ok(Some(nlp::StreamTranscriptRequest {
                        message: Some(In::Participant(participant)),
                    })) => sessions.append(&name, Vec::new(), vec![participant]).await,
                    Ok(Some(_)) => Err(ServiceError::invalid_argument(vec![(
                        "message".into(),
                        "`start` and `resume` may only come first; then segments and participants"
                            .into(),
                    )])),
                    Ok(None) => {
                        if let Err(error) =
                            sessions.close(&name, "", nlp::CloseReason::Client).await
                        {
                            let _ = sender.send(Err(error.into())).await;
                        }
                        return;
                    }
                    // The client went away: the session stays active for a resume.
                    Err(_) => return,
                };
                if let Err(error) = appended {
                    let _ = sender.send(Err(error.into())).await;
                    return;
                }
            }
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(receiver),
        )))
    }

    async fn create_transcript_session(
        &self,
        request: Request<nlp::CreateTranscriptSessionRequest>,
    ) -> Result<Response<nlp::CreateTranscriptSessionResponse>, Status> {
        let request = request.into_inner();
        let session = self
            .sessions()?
            .create(
                &request.parent,
                request.transcript_session,
                &request.request_id,
            )
            .await?;
        Ok(Response::new(nlp::CreateTranscriptSessionResponse {
            transcript_session: Some(session),
        }))
    }

    async fn get_transcript_session(
        &self,
        request: Request<nlp::GetTranscriptSessionRequest>,
    ) -> Result<Response<nlp::GetTranscriptSessionResponse>, Status> {
        let session = self.sessions()?.get(&request.into_inner().name).await?;
        Ok(Response::new(nlp::GetTranscriptSessionResponse {
            transcript_session: Some(session),
        }))
    }

    async fn list_transcript_sessions(
        &self,
        request: Request<nlp::ListTranscriptSessionsRequest>,
    ) -> Result<Response<nlp::ListTranscriptSessionsResponse>, Status> {
        let request = request.into_inner();
        let (transcript_sessions, next_page_token) = self
            .sessions()?
            .list(
                &request.parent,
                request.page_size,
                &request.page_token,
                request.state,
            )
            .await?;
        Ok(Response::new(nlp::ListTranscriptSessionsResponse {
            transcript_sessions,
            next_page_token,
        }))
    }

    async fn append_transcript_segments(
        &self,
        request: Request<nlp::AppendTranscriptSegmentsRequest>,
    ) -> Result<Response<nlp::AppendTranscriptSegmentsResponse>, Status> {
        let request = request.into_inner();
        if request.segments.len() > 500 {
            return Err(ServiceError::invalid_argument(vec![(
                "segments".into(),
                "at most 500 segments per call".into(),
            )])
            .into());
        }
        let (appended_count, segment_count) = self
            .sessions()?
            .append(&request.name, request.segments, request.participants)
            .await?;
        Ok(Response::new(nlp::AppendTranscriptSegmentsResponse {
            appended_count,
            segment_count,
        }))
    }

    async fn watch_transcript_session(
        &self,
        request: Request<nlp::WatchTranscriptSessionRequest>,
    ) -> Result<Response<tonic::codegen::BoxStream<nlp::WatchTranscriptSessionResponse>>, Status>
    {
        let request = request.into_inner();
        let after = parse_position("after_position", &request.after_position)?;
        let events = self.sessions()?.watch(&request.name, after).await?;
        let stream = tokio_stream::wrappers::ReceiverStream::new(events).map(|event| {
            event
                .map(|event| nlp::WatchTranscriptSessionResponse { event: Some(event) })
                .map_err(Status::from)
        });
        Ok(Response::new(Box::pin(stream)))
    }

    async fn close_transcript_session(
        &self,
        request: Request<nlp::CloseTranscriptSessionRequest>,
    ) -> Result<Response<nlp::CloseTranscriptSessionResponse>, Status> {
        let request = request.into_inner();
        let session = self
            .sessions()?
            .close(&request.name, &request.etag, nlp::CloseReason::Client)
            .await?;
        Ok(Response::new(nlp::CloseTranscriptSessionResponse {
            transcript_session: Some(session),
        }))
    }

    async fn delete_transcript_session(
        &self,
        request: Request<nlp::DeleteTranscriptSessionRequest>,
    ) -> Result<Response<nlp::DeleteTranscriptSessionResponse>, Status> {
        let request = request.into_inner();
        self.sessions()?
            .delete(&request.name, &request.etag)
            .await?;
        Ok(Response::new(nlp::DeleteTranscriptSessionResponse {}))
    }
}
