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

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    documents_become_tasks_once_and_duplicates_are_skipped,
]);
