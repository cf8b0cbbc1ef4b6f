//! The NLP service in the mesh: documents become tasks in the task service, with the caller's
//! rights, duplicates of open tasks skipped by embedding similarity, assignees mapped to
//! members, and retries answered once.

mod common;

use std::time::Duration;

use common::*;
use taskstream::roles::Role;
use taskstream_proto::{
    auth_v1 as auth,
    nlp_v1::{self as nlp, nlp_service_client::NlpServiceClient},
    tasks_v1 as tasks,
};

fn nlp_client(mesh: &TestMesh) -> NlpServiceClient<taskstream_runtime::mesh::MeshChannel> {
    NlpServiceClient::new(mesh.channel.clone())
}

/// Waits until the encoder serves.
async fn encoder_ready(mesh: &TestMesh, token: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let model = nlp_client(mesh)
            .get_model(authed(
                nlp::GetModelRequest {
                    name: "models/minilm-l6-v2-int8".into(),
                },
                token,
            ))
            .await
            .unwrap()
            .into_inner()
            .model
            .unwrap();
        match nlp::ModelState::try_from(model.state) {
            Ok(nlp::ModelState::Ready) => return,
            Ok(nlp::ModelState::Loading) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            state => panic!("encoder not ready ({state:?}): {}", model.state_message),
        }
    }
}

fn chat(text: &str, participants: Vec<nlp::Participant>) -> nlp::Document {
    nlp::Document {
        kind: nlp::DocumentKind::Chat as i32,
        content: Some(nlp::document::Content::Text(text.into())),
        // Monday 2026-05-04 10:00 in Berlin.
        reference_time: Some(prost_types::Timestamp {
            seconds: 1_777_881_600,
            nanos: 0,
        }),
        time_zone: "Europe/Berlin".into(),
        participants,
        author: "u1".into(),
        reference: "chat://ops/1234".into(),
    }
}

async fn documents_become_tasks_once_and_duplicates_are_skipped(backend: Backend) {
    let mesh = mesh_of(backend, &[Role::Auth, Role::Tasks, Role::Nlp]).await;
    let (_, owner) = sign_up(&mesh, "marta@harbor.example").await;
    let owner = owner.access_token;
    let (dev_user, dev) = sign_up(&mesh, "dev@harbor.example").await;
    let workspace = create_workspace(&mesh, &owner).await;
    invite(
        &mesh,
        &owner,
        &workspace,
        "dev@harbor.example",
        auth::Role::Member,
        &dev.access_token,
    )
    .await;
    let project = create_project(&mesh, &owner, &workspace, "OPS")
        .await
        .unwrap()
        .name;
    task_client(&mesh)
        .create_task(authed(
            tasks::CreateTaskRequest {
                parent: project.clone(),
                task: Some(tasks::Task {
                    title: "Send the revised dock schedule to the carriers".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
            &owner,
        ))
        .await
        .unwrap();
    encoder_ready(&mesh, &owner).await;

    let participants = vec![
        nlp::Participant {
            id: "u1".into(),
            display_name: "Marta Kowalski".into(),
            email: "marta@harbor.example".into(),
            ..Default::default()
        },
        nlp::Participant {
            id: "u2".into(),
            display_name: "Dev Patel".into(),
            email: "DEV@harbor.example".into(),
            handle: "dev".into(),
            ..Default::default()
        },
        nlp::Participant {
            id: "u3".into(),
            display_name: "Ola Nordmann".into(),
            email: "ola@elsewhere.example".into(),
            ..Default::default()
        },
    ];
    let text = "Marta: Dev, could you send the revised dock schedule to the carriers by Friday?\n\
                Marta: @dev also please book the forklift training for the new hires by Thursday.\n\
                Marta: Ola, can you renew the fire safety certificate by the 20th?";
    let request = |validate_only: bool| nlp::CreateTasksFromDocumentRequest {
        project: project.clone(),
        source: Some(nlp::create_tasks_from_document_request::Source::Document(
            chat(text, participants.clone()),
        )),
        candidates: Vec::new(),
        min_confidence: None,
        duplicate_threshold: None,
        validate_only,
        request_id: "5c1f1a8e-2f0b-4a53-9d1e-0e6f7b1b2c3d".into(),
    };

    // Validate only: the plan, nothing created.
    let plan = nlp_client(&mesh)
        .create_tasks_from_document(authed(request(true), &owner))
        .await
        .unwrap()
        .into_inner();
    assert!(plan.created_tasks.iter().all(|c| c.task.is_empty()));

    let answer = nlp_client(&mesh)
        .create_tasks_from_document(authed(request(false), &owner))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.skipped_duplicates.len(), 1, "{answer:#?}");
    let duplicate = &answer.skipped_duplicates[0];
    assert!(duplicate.similarity >= 0.85, "{duplicate:?}");
    assert!(duplicate.duplicate_of.starts_with(&project));
    assert_eq!(answer.created_tasks.len(), 2, "{answer:#?}");
    let training = &answer.created_tasks[0];
    assert!(
        training
            .candidate
            .as_ref()
            .unwrap()
            .title
            .to_lowercase()
            .contains("forklift")
    );
    assert_eq!(
        training.assignee_user, dev_user,
        "mapped by email, case-insensitively"
    );
    let certificate = &answer.created_tasks[1];
    assert_eq!(certificate.assignee_user, "", "not a member");
    assert!(
        answer
            .warnings
            .iter()
            .any(|w| w.code == "UNRESOLVED_ASSIGNEE"),
        "{:?}",
        answer.warnings
    );
    assert_eq!(plan.created_tasks.len(), answer.created_tasks.len());

    let task = task_client(&mesh)
        .get_task(authed(
            tasks::GetTaskRequest {
                name: training.task.clone(),
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    assert_eq!(task.assignees, vec![dev_user.clone()]);
    let source = task.source.unwrap();
    assert_eq!(source.origin, tasks::TaskOrigin::Nlp as i32);
    assert_eq!(source.reference, "chat://ops/1234");
    assert!(source.evidence_text.contains("forklift training"));
    let evidence: String = text
        .chars()
        .skip(source.evidence_start as usize)
        .take((source.evidence_end - source.evidence_start) as usize)
        .collect();
    assert_eq!(evidence, source.evidence_text);
    assert_eq!(
        task.due_date,
        Some(taskstream_proto::google::r#type::Date {
            year: 2026,
            month: 5,
            day: 7
        })
    );

    // A retry with the same request_id answers the same and creates nothing more.
    let again = nlp_client(&mesh)
        .create_tasks_from_document(authed(request(false), &owner))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again, answer);
    let listed = task_client(&mesh)
        .list_tasks(authed(
            tasks::ListTasksRequest {
                parent: project.clone(),
                ..Default::default()
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        listed.tasks.len(),
        3,
        "the existing task and the two created"
    );

    // Reviewed candidates must quote the document.
    let mut forged = answer.created_tasks[0].candidate.clone().unwrap();
    forged.evidence.as_mut().unwrap().text = "transfer the budget to my account".into();
    let status = nlp_client(&mesh)
        .create_tasks_from_document(authed(
            nlp::CreateTasksFromDocumentRequest {
                candidates: vec![forged],
                request_id: String::new(),
                ..request(false)
            },
            &owner,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);

    // Somebody outside the workspace sees nothing of it.
    let (_, stranger) = sign_up(&mesh, "stranger@else.example").await;
    let status = nlp_client(&mesh)
        .create_tasks_from_document(authed(
            nlp::CreateTasksFromDocumentRequest {
                request_id: String::new(),
                ..request(false)
            },
            &stranger.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);
}

fn segment(id: &str, speaker: &str, text: &str) -> nlp::TranscriptSegment {
    nlp::TranscriptSegment {
        segment_id: id.into(),
        speaker: speaker.into(),
        text: text.into(),
        ..Default::default()
    }
}

fn meeting_participants() -> Vec<nlp::Participant> {
    [("u1", "Marta Kowalski"), ("u2", "Dev Patel")]
        .map(|(id, name)| nlp::Participant {
            id: id.into(),
            display_name: name.into(),
            ..Default::default()
        })
        .to_vec()
}

fn new_session() -> nlp::TranscriptSession {
    nlp::TranscriptSession {
        display_name: "Ops weekly".into(),
        time_zone: "Europe/Berlin".into(),
        // Monday 2026-05-04 10:00 in Berlin.
        start_time: Some(prost_types::Timestamp {
            seconds: 1_777_881_600,
            nanos: 0,
        }),
        participants: meeting_participants(),
        ..Default::default()
    }
}

/// Receives events until one matches, within 10 s.
async fn until<S>(
    stream: &mut S,
    what: impl Fn(&nlp::TranscriptEvent) -> bool,
) -> Vec<nlp::TranscriptEvent>
where
    S: futures::Stream<Item = Result<nlp::TranscriptEvent, tonic::Status>> + Unpin,
{
    use futures::StreamExt as _;
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let event = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("no matching event in time; saw {seen:#?}"))
            .expect("the stream stays open")
            .expect("an event, not an error");
        let done = what(&event);
        seen.push(event);
        if done {
            return seen;
        }
    }
}

fn added(event: &nlp::TranscriptEvent) -> Option<&nlp::CandidateTask> {
    match &event.event {
        Some(nlp::transcript_event::Event::CandidateAdded(added)) => added.candidate.as_ref(),
        _ => None,
    }
}

async fn live_meetings_yield_candidate_events_that_resume_and_close(backend: Backend) {
    use futures::StreamExt as _;
    let mesh = mesh_of(backend, &[Role::Auth, Role::Tasks, Role::Nlp]).await;
    let (_, owner) = sign_up(&mesh, "marta@harbor.example").await;
    let owner = owner.access_token;
    let workspace = create_workspace(&mesh, &owner).await;
    // With the encoder serving at creation, the task filter scores the session throughout.
    encoder_ready(&mesh, &owner).await;
    let created = nlp_client(&mesh)
        .create_transcript_session(authed(
            nlp::CreateTranscriptSessionRequest {
                parent: workspace.clone(),
                transcript_session: Some(new_session()),
                request_id: "b9f4f0b2-5a1d-4c5e-8d3e-2f1a0c9e7d6b".into(),
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner()
        .transcript_session
        .unwrap();
    assert!(
        created
            .name
            .starts_with(&format!("{workspace}/transcriptSessions/"))
    );
    assert_eq!(created.state, nlp::TranscriptSessionState::Active as i32);
    assert!(
        created
            .model_versions
            .iter()
            .any(|v| v.model == "models/task-filter"),
        "{:?}",
        created.model_versions
    );
    let again = nlp_client(&mesh)
        .create_transcript_session(authed(
            nlp::CreateTranscriptSessionRequest {
                parent: workspace.clone(),
                transcript_session: Some(new_session()),
                request_id: "b9f4f0b2-5a1d-4c5e-8d3e-2f1a0c9e7d6b".into(),
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner()
        .transcript_session
        .unwrap();
    assert_eq!(
        again.name, created.name,
        "a retried create returns the first session"
    );

    let mut watch = nlp_client(&mesh)
        .watch_transcript_session(authed(
            nlp::WatchTranscriptSessionRequest {
                name: created.name.clone(),
                after_position: String::new(),
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner()
        .map(|m| m.map(|m| m.event.unwrap()));
    let append = |segments: Vec<nlp::TranscriptSegment>| {
        let mesh = &mesh;
        let owner = owner.clone();
        let name = created.name.clone();
        async move {
            nlp_client(mesh)
                .append_transcript_segments(authed(
                    nlp::AppendTranscriptSegmentsRequest {
                        name,
                        segments,
                        participants: Vec::new(),
                    },
                    &owner,
                ))
                .await
        }
    };
    let first = segment(
        "s1",
        "u1",
        "Dev, can you send the revised dock schedule to the carriers by Friday?",
    );
    let appended = append(vec![first.clone()]).await.unwrap().into_inner();
    assert_eq!((appended.appended_count, appended.segment_count), (1, 1));
    let events = until(&mut watch, |e| added(e).is_some()).await;
    let candidate = added(events.last().unwrap()).unwrap().clone();
    assert_eq!(candidate.candidate_id, "c1");
    assert_eq!(candidate.assignee, "u2");
    assert_eq!(
        candidate.due,
        Some(nlp::candidate_task::Due::DueDate(
            taskstream_proto::google::r#type::Date {
                year: 2026,
                month: 5,
                day: 8
            }
        ))
    );
    let evidence = candidate.evidence.unwrap();
    assert_eq!(
        evidence.segment_id, "s1",
        "evidence points into its segment"
    );
    let in_segment: String = first
        .text
        .chars()
        .skip(evidence.start_offset as usize)
        .take((evidence.end_offset - evidence.start_offset) as usize)
        .collect();
    assert_eq!(in_segment, evidence.text);
    until(&mut watch, |e| {
        matches!(&e.event, Some(nlp::transcript_event::Event::SegmentsProcessed(p)) if p.last_segment_id == "s1")
    })
    .await;

    // Re-sending a segment is a no-op; the same id with other words is a conflict.
    let resent = append(vec![first.clone()]).await.unwrap().into_inner();
    assert_eq!(resent.appended_count, 0);
    let conflict = append(vec![segment("s1", "u1", "Something else entirely")])
        .await
        .unwrap_err();
    assert_eq!(conflict.code(), tonic::Code::InvalidArgument);
    assert_eq!(reason(&conflict), "SEGMENT_CONFLICT");

    // A later segment changes the date: the candidate is revised, not added again.
    append(vec![segment(
        "s2",
        "u2",
        "Sure, but I'll only manage it by Thursday.",
    )])
    .await
    .unwrap();
    let events = until(&mut watch, |e| {
        matches!(&e.event, Some(nlp::transcript_event::Event::SegmentsProcessed(p)) if p.last_segment_id == "s2")
    })
    .await;
    assert!(
        events.iter().all(|e| added(e).is_none()),
        "no second candidate for the same task: {events:#?}"
    );
    let session = nlp_client(&mesh)
        .get_transcript_session(authed(
            nlp::GetTranscriptSessionRequest {
                name: created.name.clone(),
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner()
        .transcript_session
        .unwrap();
    assert_eq!(session.segment_count, 2);
    assert_eq!(session.candidates.len(), 1, "{:#?}", session.candidates);
    assert_eq!(session.candidates[0].candidate_id, "c1");
    let last_seen = session.last_position.clone();

    // Somebody from another workspace cannot see it.
    let (_, stranger) = sign_up(&mesh, "stranger@else.example").await;
    let hidden = nlp_client(&mesh)
        .get_transcript_session(authed(
            nlp::GetTranscriptSessionRequest {
                name: created.name.clone(),
            },
            &stranger.access_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(hidden.code(), tonic::Code::NotFound);

    // The bidirectional stream: resume after what was seen, send a segment, half-close.
    let (requests, inbound) = tokio::sync::mpsc::channel(8);
    requests
        .send(nlp::StreamTranscriptRequest {
            message: Some(nlp::stream_transcript_request::Message::Resume(
                nlp::ResumeTranscriptStream {
                    name: created.name.clone(),
                    after_position: last_seen,
                },
            )),
        })
        .await
        .unwrap();
    requests
        .send(nlp::StreamTranscriptRequest {
            message: Some(nlp::stream_transcript_request::Message::Segment(segment(
                "s3",
                "u1",
                "Thanks. I'll book the forklift training for the new hires by Wednesday.",
            ))),
        })
        .await
        .unwrap();
    drop(requests);
    let mut stream = nlp_client(&mesh)
        .stream_transcript(authed(
            tokio_stream::wrappers::ReceiverStream::new(inbound),
            &owner,
        ))
        .await
        .unwrap()
        .into_inner();
    let first_message = stream.next().await.unwrap().unwrap();
    assert!(matches!(
        first_message.message,
        Some(nlp::stream_transcript_response::Message::TranscriptSession(
            _
        ))
    ));
    let mut events = stream.map(|m| {
        m.map(|m| match m.message {
            Some(nlp::stream_transcript_response::Message::Event(event)) => event,
            other => panic!("only events after the session: {other:?}"),
        })
    });
    let streamed = until(&mut events, |e| {
        matches!(
            e.event,
            Some(nlp::transcript_event::Event::SessionClosed(_))
        )
    })
    .await;
    let training = streamed
        .iter()
        .find_map(added)
        .expect("the new commitment arrives on the stream");
    assert_eq!(training.candidate_id, "c2");
    assert_eq!(training.assignee, "u1");
    assert!(
        streamed.first().unwrap().position > session.last_position,
        "resumed after the last position seen"
    );
    assert!(
        events.next().await.is_none(),
        "the call ends after session_closed"
    );

    // Closed: no more segments; the watcher saw the close too.
    until(&mut watch, |e| {
        matches!(
            e.event,
            Some(nlp::transcript_event::Event::SessionClosed(_))
        )
    })
    .await;
    let closed = append(vec![segment("s4", "u2", "One more thing")])
        .await
        .unwrap_err();
    assert_eq!(closed.code(), tonic::Code::FailedPrecondition);
    assert_eq!(reason(&closed), "SESSION_CLOSED");
    let listed = nlp_client(&mesh)
        .list_transcript_sessions(authed(
            nlp::ListTranscriptSessionsRequest {
                parent: workspace.clone(),
                state: nlp::TranscriptSessionState::Closed as i32,
                ..Default::default()
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.transcript_sessions.len(), 1);
    assert!(listed.transcript_sessions[0].expire_time.is_some());

    // The meeting's standing candidates become tasks.
    let project = create_project(&mesh, &owner, &workspace, "OPS")
        .await
        .unwrap()
        .name;
    let from_meeting = nlp_client(&mesh)
        .create_tasks_from_document(authed(
            nlp::CreateTasksFromDocumentRequest {
                project,
                source: Some(
                    nlp::create_tasks_from_document_request::Source::TranscriptSession(
                        created.name.clone(),
                    ),
                ),
                ..Default::default()
            },
            &owner,
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(from_meeting.created_tasks.len(), 2, "{from_meeting:#?}");
    assert!(
        from_meeting
            .created_tasks
            .iter()
            .all(|t| !t.task.is_empty())
    );

    nlp_client(&mesh)
        .delete_transcript_session(authed(
            nlp::DeleteTranscriptSessionRequest {
                name: created.name.clone(),
                etag: String::new(),
            },
            &owner,
        ))
        .await
        .unwrap();
    let gone = nlp_client(&mesh)
        .get_transcript_session(authed(
            nlp::GetTranscriptSessionRequest {
                name: created.name.clone(),
            },
            &owner,
        ))
        .await
        .unwrap_err();
    assert_eq!(gone.code(), tonic::Code::NotFound);
}

/// Calls `ExtractTasks` with a hand-made request body; the answer's `grpc-status`.
async fn raw_extract(mesh: &TestMesh, token: &str, message: Vec<u8>) -> (String, String) {
    use tower::ServiceExt as _;
    let mut framed = vec![0u8];
    framed.extend_from_slice(&(message.len() as u32).to_be_bytes());
    framed.extend_from_slice(&message);
    let request = http::Request::post("/taskstream.nlp.v1.NlpService/ExtractTasks")
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .header("authorization", format!("Bearer {token}"))
        .body(tonic::body::Body::new(http_body_util::Full::new(
            bytes::Bytes::from(framed),
        )))
        .unwrap();
    let response = mesh.channel.clone().oneshot(request).await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    (header("grpc-status"), header("grpc-message"))
}

async fn hostile_documents_get_clear_errors_through_the_guard(backend: Backend) {
    use prost::Message as _;
    let mesh = mesh_of(backend, &[Role::Auth, Role::Tasks, Role::Nlp]).await;
    let (_, owner) = sign_up(&mesh, "marta@harbor.example").await;
    let owner = owner.access_token;
    let workspace = create_workspace(&mesh, &owner).await;
    let request = |content: nlp::document::Content| nlp::ExtractTasksRequest {
        workspace: workspace.clone(),
        document: Some(nlp::Document {
            kind: nlp::DocumentKind::Email as i32,
            content: Some(content),
            reference_time: Some(prost_types::Timestamp {
                seconds: 1_777_881_600,
                nanos: 0,
            }),
            time_zone: "Europe/Berlin".into(),
            ..Default::default()
        }),
        min_confidence: None,
    };

    // Text that is not UTF-8 cannot be a proto string: refused before any service runs.
    let mut bytes = request(nlp::document::Content::Text(
        "Please send the XXXX by Friday".into(),
    ))
    .encode_to_vec();
    let at = bytes.windows(4).position(|w| w == b"XXXX").unwrap();
    bytes[at..at + 4].copy_from_slice(&[0xff, 0xfe, 0xc3, 0x28]);
    let (status, message) = raw_extract(&mesh, &owner, bytes).await;
    assert_eq!(status, "3", "INVALID_ARGUMENT: {message}");

    // A raw email of 10 MiB is read (it is within the contract's limit) and its decoded text
    // is refused for being over 1 MiB; beyond the limit the message itself is refused.
    let mut big = b"From: a@example.com\r\nSubject: big\r\n\r\n".to_vec();
    big.resize(10 << 20, b'a');
    let status = nlp_client(&mesh)
        .extract_tasks(authed(
            request(nlp::document::Content::RawEmail(big)),
            &owner,
        ))
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert_eq!(
        reason(&status),
        "DOCUMENT_TOO_LARGE",
        "{}",
        status.message()
    );
    let huge = vec![b'a'; 12 << 20];
    let status = nlp_client(&mesh)
        .extract_tasks(authed(
            request(nlp::document::Content::RawEmail(huge)),
            &owner,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        status.code(),
        tonic::Code::ResourceExhausted,
        "{}",
        status.message()
    );

    // Binary content is not an email.
    let status = nlp_client(&mesh)
        .extract_tasks(authed(
            request(nlp::document::Content::RawEmail(
                [0x89, b'P', b'N', b'G', 0, 0, 0, 13].repeat(64),
            )),
            &owner,
        ))
        .await
        .unwrap_err();
    assert_eq!(reason(&status), "NOT_TEXT");
}

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    hostile_documents_get_clear_errors_through_the_guard,
    documents_become_tasks_once_and_duplicates_are_skipped,
    live_meetings_yield_candidate_events_that_resume_and_close,
]);
