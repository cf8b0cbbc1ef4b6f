//! Project CRUD through the generated gRPC client, written once and run against every store
//! adapter: SQLite (embedded) and PostgreSQL (a real server from the test kit).

use std::collections::HashSet;

use prost_types::FieldMask;
use taskstream_proto::tasks_v1::{self as pb, task_service_client::TaskServiceClient};
use taskstream_relational::Database;
use taskstream_runtime::{
    config::{DatabaseConfig, ServerConfig},
    mesh::MeshChannel,
    server::GrpcServices,
};
use tonic::{Code, Status};
use tonic_types::StatusExt;

type Client = TaskServiceClient<MeshChannel>;

/// Keeps a backend's resources alive for the duration of a test.
enum Backing {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres(#[allow(dead_code)] taskstream_testkit::TestDatabase),
}

#[derive(Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
}

async fn client(backend: Backend) -> (Client, Backing) {
    let config = DatabaseConfig::default();
    let (database, backing) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let db = taskstream_tasks::DATABASE
                .open_sqlite(dir.path(), &config)
                .await
                .unwrap();
            (db, Backing::Sqlite(dir))
        }
        Backend::Postgres => {
            let test_db = taskstream_testkit::postgres_database().await;
            taskstream_tasks::DATABASE
                .migrate_postgres(test_db.url(), &config)
                .await
                .unwrap();
            let db = taskstream_tasks::DATABASE
                .open_postgres(test_db.url(), &config)
                .await
                .unwrap();
            (db, Backing::Postgres(test_db))
        }
    };
    (client_on(&database).await, backing)
}

async fn client_on(database: &Database) -> Client {
    let mut services = GrpcServices::new();
    services.add(taskstream_tasks::grpc_server(
        database,
        std::sync::Arc::new(taskstream_cache::MemoryCache::new()),
        std::sync::Arc::new(taskstream_cache::MemoryPubSub::new()),
        &ServerConfig::default(),
    ));
    let hosted = services
        .build(taskstream_testkit::admit_everything(), 4 << 20)
        .await
        .unwrap();
    TaskServiceClient::new(MeshChannel::in_process(hosted.stack()))
}

fn new_project(key: &str) -> pb::Project {
    pb::Project {
        key: key.into(),
        display_name: format!("Project {key}"),
        description: "What we do".into(),
        ..Default::default()
    }
}

async fn create(client: &mut Client, workspace: &str, key: &str) -> pb::Project {
    client
        .create_project(pb::CreateProjectRequest {
            parent: format!("workspaces/{workspace}"),
            project: Some(new_project(key)),
            request_id: String::new(),
        })
        .await
        .expect("create")
        .into_inner()
        .project
        .unwrap()
}

async fn list_all(client: &mut Client, workspace: &str, show_deleted: bool) -> Vec<pb::Project> {
    client
        .list_projects(pb::ListProjectsRequest {
            parent: format!("workspaces/{workspace}"),
            page_size: 1000,
            page_token: String::new(),
            show_deleted,
        })
        .await
        .unwrap()
        .into_inner()
        .projects
}

fn violated_fields(status: &Status) -> Vec<String> {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let details = status.get_error_details();
    assert_eq!(
        details.error_info().expect("ErrorInfo").domain,
        "taskstream.dev"
    );
    details
        .bad_request()
        .expect("BadRequest details")
        .field_violations
        .iter()
        .map(|violation| violation.field.clone())
        .collect()
}

fn reason(status: &Status) -> String {
    status
        .get_error_details()
        .error_info()
        .expect("ErrorInfo")
        .reason
        .clone()
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| p.to_string()).collect(),
    })
}

async fn create_then_get_round_trips(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let created = create(&mut client, "acme", "WEB").await;
    assert!(
        created.name.starts_with("workspaces/acme/projects/"),
        "{}",
        created.name
    );
    assert_eq!(created.key, "WEB");
    assert_eq!(created.display_name, "Project WEB");
    assert!(!created.etag.is_empty());
    assert!(created.create_time.is_some() && created.delete_time.is_none());
    assert_eq!(created.create_time, created.update_time);

    let fetched = client
        .get_project(pb::GetProjectRequest {
            name: created.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert_eq!(fetched, created);
}

async fn create_rejects_bad_input_and_writes_nothing(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let status = client
        .create_project(pb::CreateProjectRequest {
            parent: "workspaces/../acme".into(),
            project: Some(pb::Project {
                key: "w".into(),
                display_name: "   ".into(),
                description: "x".repeat(100_000),
                lead: "someone".into(),
                ..Default::default()
            }),
            request_id: "not-a-uuid".into(),
        })
        .await
        .unwrap_err();
    let fields: HashSet<String> = violated_fields(&status).into_iter().collect();
    let expected: HashSet<String> = [
        "parent",
        "request_id",
        "project.key",
        "project.display_name",
        "project.description",
        "project.lead",
    ]
    .map(String::from)
    .into();
    assert_eq!(fields, expected);

    let status = client
        .create_project(pb::CreateProjectRequest {
            parent: "workspaces/acme".into(),
            project: None,
            request_id: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&status), ["project"]);
    assert!(list_all(&mut client, "acme", true).await.is_empty());
}

async fn duplicate_key_is_already_exists(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    create(&mut client, "acme", "OPS").await;
    let status = client
        .create_project(pb::CreateProjectRequest {
            parent: "workspaces/acme".into(),
            project: Some(new_project("OPS")),
            request_id: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::AlreadyExists);
    assert_eq!(reason(&status), "PROJECT_KEY_TAKEN");
    // Keys are per workspace.
    create(&mut client, "globex", "OPS").await;
}

async fn request_id_makes_create_idempotent(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let request = pb::CreateProjectRequest {
        parent: "workspaces/acme".into(),
        project: Some(new_project("API")),
        request_id: "7f0c1b9e-3f55-4a8e-9d7e-3f2b7a1c0d11".into(),
    };
    let first = client
        .create_project(request.clone())
        .await
        .unwrap()
        .into_inner();
    let retry = client.create_project(request).await.unwrap().into_inner();
    assert_eq!(first, retry);
    assert_eq!(list_all(&mut client, "acme", true).await.len(), 1);
}

async fn paging_neither_skips_nor_repeats_while_others_insert(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let mut existing = HashSet::new();
    for i in 0..7 {
        existing.insert(create(&mut client, "acme", &format!("P{i}")).await.name);
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let page = client
            .list_projects(pb::ListProjectsRequest {
                parent: "workspaces/acme".into(),
                page_size: 3,
                page_token: token.clone(),
                show_deleted: false,
            })
            .await
            .unwrap()
            .into_inner();
        assert!(page.projects.len() <= 3);
        seen.extend(page.projects.into_iter().map(|p| p.name));
        pages += 1;
        // A writer inserts between every page.
        create(&mut client, "acme", &format!("N{pages}")).await;
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
        assert!(pages < 20, "paging does not terminate");
    }
    let unique: HashSet<_> = seen.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        seen.len(),
        "a project was returned twice: {seen:?}"
    );
    assert!(
        existing.is_subset(&unique),
        "a project that existed throughout was skipped"
    );
}

async fn page_tokens_are_bound_to_their_query(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    for key in ["AA", "BB", "CC"] {
        create(&mut client, "acme", key).await;
    }
    let first = client
        .list_projects(pb::ListProjectsRequest {
            parent: "workspaces/acme".into(),
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.projects.len(), 1);
    assert!(!first.next_page_token.is_empty());
    for request in [
        pb::ListProjectsRequest {
            parent: "workspaces/acme".into(),
            page_size: 1,
            page_token: first.next_page_token.clone(),
            show_deleted: true,
        },
        pb::ListProjectsRequest {
            parent: "workspaces/globex".into(),
            page_size: 1,
            page_token: first.next_page_token.clone(),
            show_deleted: false,
        },
        pb::ListProjectsRequest {
            parent: "workspaces/acme".into(),
            page_size: 1,
            page_token: format!("{}x", first.next_page_token),
            show_deleted: false,
        },
    ] {
        let status = client.list_projects(request).await.unwrap_err();
        assert_eq!(violated_fields(&status), ["page_token"]);
    }
    let status = client
        .list_projects(pb::ListProjectsRequest {
            parent: "workspaces/acme".into(),
            page_size: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&status), ["page_size"]);
}

async fn update_changes_only_masked_fields_and_checks_etag(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let created = create(&mut client, "acme", "WEB").await;
    let updated = client
        .update_project(pb::UpdateProjectRequest {
            project: Some(pb::Project {
                name: created.name.clone(),
                display_name: "  Website  ".into(),
                description: "ignored: not in the mask".into(),
                etag: created.etag.clone(),
                ..Default::default()
            }),
            update_mask: mask(&["display_name"]),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert_eq!(updated.display_name, "Website");
    assert_eq!(updated.description, created.description);
    assert_eq!(updated.key, "WEB");
    assert_ne!(updated.etag, created.etag);
    let micros = |t: &Option<prost_types::Timestamp>| {
        t.as_ref()
            .map(|t| t.seconds * 1_000_000 + i64::from(t.nanos) / 1000)
            .unwrap()
    };
    assert!(micros(&updated.update_time) >= micros(&created.update_time));
    assert_eq!(updated.create_time, created.create_time);

    // The first etag is stale now.
    let status = client
        .update_project(pb::UpdateProjectRequest {
            project: Some(pb::Project {
                name: created.name.clone(),
                lead: "users/ana".into(),
                etag: created.etag.clone(),
                ..Default::default()
            }),
            update_mask: mask(&["lead"]),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Aborted);
    assert_eq!(reason(&status), "ETAG_MISMATCH");

    // `*` updates every updatable field; no etag means no check.
    let all = client
        .update_project(pb::UpdateProjectRequest {
            project: Some(pb::Project {
                name: created.name.clone(),
                display_name: "Web".into(),
                description: String::new(),
                lead: "users/ana".into(),
                ..Default::default()
            }),
            update_mask: mask(&["*"]),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert_eq!(
        (
            all.display_name.as_str(),
            all.description.as_str(),
            all.lead.as_str()
        ),
        ("Web", "", "users/ana")
    );

    for (paths, expected) in [
        (None, "update_mask"),
        (mask(&[]), "update_mask"),
        (mask(&["key"]), "update_mask"),
        (mask(&["etag"]), "update_mask"),
        (mask(&["colour"]), "update_mask"),
        (mask(&["display_name"]), "project.display_name"),
    ] {
        let status = client
            .update_project(pb::UpdateProjectRequest {
                project: Some(pb::Project {
                    name: created.name.clone(),
                    ..Default::default()
                }),
                update_mask: paths,
            })
            .await
            .unwrap_err();
        assert_eq!(violated_fields(&status), [expected]);
    }
    let unchanged = client
        .get_project(pb::GetProjectRequest {
            name: created.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert_eq!(unchanged, all, "rejected updates must not write");
}

async fn racing_updates_with_one_etag_have_one_winner(backend: Backend) {
    let (client, _backing) = client(backend).await;
    let project = create(&mut client.clone(), "acme", "RACE").await;
    let attempts = (0..8).map(|i| {
        let mut client = client.clone();
        let project = project.clone();
        tokio::spawn(async move {
            client
                .update_project(pb::UpdateProjectRequest {
                    project: Some(pb::Project {
                        name: project.name,
                        display_name: format!("writer {i}"),
                        etag: project.etag,
                        ..Default::default()
                    }),
                    update_mask: mask(&["display_name"]),
                })
                .await
                .map(|_| ())
                .map_err(|status| status.code())
        })
    });
    let results = futures::future::join_all(attempts).await;
    let wins = results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
    let aborted = results
        .iter()
        .filter(|r| matches!(r, Ok(Err(Code::Aborted))))
        .count();
    assert_eq!((wins, aborted), (1, 7), "{results:?}");
}

async fn soft_delete_and_undelete(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let project = create(&mut client, "acme", "OLD").await;
    let status = client
        .delete_project(pb::DeleteProjectRequest {
            name: project.name.clone(),
            etag: "\"999\"".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Aborted);

    let deleted = client
        .delete_project(pb::DeleteProjectRequest {
            name: project.name.clone(),
            etag: project.etag.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert!(deleted.delete_time.is_some());
    assert!(list_all(&mut client, "acme", false).await.is_empty());
    assert_eq!(
        list_all(&mut client, "acme", true).await,
        std::slice::from_ref(&deleted)
    );

    let again = client
        .delete_project(pb::DeleteProjectRequest {
            name: project.name.clone(),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(again.code(), Code::NotFound);
    let update = client
        .update_project(pb::UpdateProjectRequest {
            project: Some(pb::Project {
                name: project.name.clone(),
                display_name: "x".into(),
                ..Default::default()
            }),
            update_mask: mask(&["display_name"]),
        })
        .await
        .unwrap_err();
    assert_eq!(update.code(), Code::FailedPrecondition);
    assert_eq!(reason(&update), "DELETED");

    let restored = client
        .undelete_project(pb::UndeleteProjectRequest {
            name: project.name.clone(),
            etag: deleted.etag,
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert!(restored.delete_time.is_none());
    assert_eq!(list_all(&mut client, "acme", false).await, [restored]);
    let twice = client
        .undelete_project(pb::UndeleteProjectRequest {
            name: project.name.clone(),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(twice.code(), Code::FailedPrecondition);
    assert_eq!(reason(&twice), "NOT_DELETED");
}

async fn other_workspaces_see_nothing(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let project = create(&mut client, "acme", "SECRET").await;
    let foreign = project
        .name
        .replace("workspaces/acme/", "workspaces/globex/");
    let status = client
        .get_project(pb::GetProjectRequest {
            name: foreign.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = client
        .update_project(pb::UpdateProjectRequest {
            project: Some(pb::Project {
                name: foreign.clone(),
                display_name: "pwned".into(),
                ..Default::default()
            }),
            update_mask: mask(&["display_name"]),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = client
        .delete_project(pb::DeleteProjectRequest {
            name: foreign,
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert!(list_all(&mut client, "globex", true).await.is_empty());
    let intact = client
        .get_project(pb::GetProjectRequest {
            name: project.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap();
    assert_eq!(intact, project);
}

async fn malformed_and_missing_names(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let status = client
        .get_project(pb::GetProjectRequest {
            name: "projects/1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&status), ["name"]);
    let status = client
        .get_project(pb::GetProjectRequest {
            name: "workspaces/acme/projects/0192f0c4-5d1e-7c3a-9b2e-0123456789ab".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(reason(&status), "NOT_FOUND");
}

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    create_then_get_round_trips,
    create_rejects_bad_input_and_writes_nothing,
    duplicate_key_is_already_exists,
    request_id_makes_create_idempotent,
    paging_neither_skips_nor_repeats_while_others_insert,
    page_tokens_are_bound_to_their_query,
    update_changes_only_masked_fields_and_checks_etag,
    racing_updates_with_one_etag_have_one_winner,
    soft_delete_and_undelete,
    other_workspaces_see_nothing,
    malformed_and_missing_names,
]);
