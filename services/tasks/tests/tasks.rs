//! Tasks and their change stream through the generated gRPC client, written once and run on
//! SQLite and on PostgreSQL; the cross-replica watch runs two servers on one PostgreSQL and
//! one Redis.

use std::{collections::HashSet, sync::Arc, time::Duration};

use futures::StreamExt;
use prost_types::FieldMask;
use taskstream_cache::{MemoryPubSub, PubSub, RedisPubSub, connect_redis};
use taskstream_proto::{
    google::r#type::Date,
    tasks_v1::{self as pb, task_service_client::TaskServiceClient},
};
use taskstream_relational::Database;
use taskstream_runtime::{
    config::{DatabaseConfig, ServerConfig},
    mesh::MeshChannel,
    server::GrpcServices,
};
use tonic::{Code, Status};
use tonic_types::StatusExt;

type Client = TaskServiceClient<MeshChannel>;

#[derive(Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
}

/// Keeps storage alive for a test.
#[allow(dead_code)]
enum Backing {
    Sqlite(tempfile::TempDir),
    Postgres(taskstream_testkit::TestDatabase),
}

async fn database(backend: Backend) -> (Database, Backing, Option<String>) {
    let config = DatabaseConfig::default();
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let db = taskstream_tasks::DATABASE
                .open_sqlite(dir.path(), &config)
                .await
                .unwrap();
            (db, Backing::Sqlite(dir), None)
        }
        Backend::Postgres => {
            let test_db = taskstream_testkit::postgres_database().await;
            let url = test_db.url().to_owned();
            taskstream_tasks::DATABASE
                .migrate_postgres(&url, &config)
                .await
                .unwrap();
            let db = taskstream_tasks::DATABASE
                .open_postgres(&url, &config)
                .await
                .unwrap();
            (db, Backing::Postgres(test_db), Some(url))
        }
    }
}

async fn server(database: &Database, pubsub: Arc<dyn PubSub>) -> Client {
    let mut services = GrpcServices::new();
    services.add(taskstream_tasks::grpc_server(
        database,
        std::sync::Arc::new(taskstream_cache::MemoryCache::new()),
        pubsub,
        &ServerConfig::default(),
    ));
    let hosted = services
        .build(taskstream_testkit::admit_everything(), 4 << 20)
        .await
        .unwrap();
    TaskServiceClient::new(MeshChannel::in_process(hosted.stack()))
}

async fn client(backend: Backend) -> (Client, Backing) {
    let (database, backing, _) = database(backend).await;
    (
        server(&database, Arc::new(MemoryPubSub::new())).await,
        backing,
    )
}

async fn project(client: &mut Client, key: &str) -> String {
    client
        .create_project(pb::CreateProjectRequest {
            parent: "workspaces/acme".into(),
            project: Some(pb::Project {
                key: key.into(),
                display_name: key.into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap()
        .name
}

fn task(title: &str) -> pb::Task {
    pb::Task {
        title: title.into(),
        ..Default::default()
    }
}

async fn create(client: &mut Client, parent: &str, task: pb::Task) -> Result<pb::Task, Status> {
    client
        .create_task(pb::CreateTaskRequest {
            parent: parent.into(),
            task: Some(task),
            request_id: String::new(),
        })
        .await
        .map(|r| r.into_inner().task.unwrap())
}

fn fields(status: &Status) -> Vec<String> {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    status
        .get_error_details()
        .bad_request()
        .map(|b| b.field_violations.iter().map(|v| v.field.clone()).collect())
        .unwrap_or_default()
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| p.to_string()).collect(),
    })
}

async fn tasks_get_keys_states_and_round_trip(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let first = create(&mut client, &web, task("  Ship the login page  "))
        .await
        .unwrap();
    let second = create(
        &mut client,
        &web,
        pb::Task {
            title: "Fix the build".into(),
            priority: pb::Priority::Urgent as i32,
            assignees: vec!["users/ana".into(), "users/ana".into(), "users/bo".into()],
            due_date: Some(Date {
                year: 2027,
                month: 3,
                day: 1,
            }),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (first.key.as_str(), second.key.as_str()),
        ("WEB-1", "WEB-2")
    );
    assert_eq!(first.title, "Ship the login page");
    assert!(
        first.state.ends_with("/states/todo"),
        "new tasks start in the default state: {}",
        first.state
    );
    assert_eq!(first.state_group, pb::StateGroup::Unstarted as i32);
    assert_eq!(first.priority, pb::Priority::None as i32);
    assert_eq!(second.assignees, ["users/ana", "users/bo"]);
    let fetched = client
        .get_task(pb::GetTaskRequest {
            name: second.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    assert_eq!(fetched, second);
    let states = client
        .list_workflow_states(pb::ListWorkflowStatesRequest {
            parent: web.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .states;
    assert_eq!(states.len(), 5);
}

async fn bad_tasks_are_refused_and_nothing_is_written(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let ops = project(&mut client, "OPS").await;
    let elsewhere = create(&mut client, &ops, task("In another project"))
        .await
        .unwrap();
    let cases: Vec<(pb::Task, &str)> = vec![
        (task(""), "task.title"),
        (task(&"x".repeat(100_000)), "task.title"),
        (
            pb::Task {
                priority: 42,
                ..task("t")
            },
            "task.priority",
        ),
        (
            pb::Task {
                state: format!("{web}/states/nope"),
                ..task("t")
            },
            "task.state",
        ),
        (
            pb::Task {
                start_date: Some(Date {
                    year: 2027,
                    month: 5,
                    day: 2,
                }),
                due_date: Some(Date {
                    year: 2027,
                    month: 5,
                    day: 1,
                }),
                ..task("t")
            },
            "task.due_date",
        ),
        (
            pb::Task {
                due_date: Some(Date {
                    year: 2027,
                    month: 2,
                    day: 30,
                }),
                ..task("t")
            },
            "task.due_date",
        ),
        (
            pb::Task {
                parent: elsewhere.name.clone(),
                ..task("t")
            },
            "task.parent",
        ),
        (
            pb::Task {
                assignees: vec!["ana".into()],
                ..task("t")
            },
            "task.assignees[0]",
        ),
        (
            pb::Task {
                estimate: f64::NAN,
                ..task("t")
            },
            "task.estimate",
        ),
    ];
    for (bad, field) in cases {
        let status = create(&mut client, &web, bad).await.unwrap_err();
        assert_eq!(fields(&status), [field]);
    }
    // A parent id of another workspace is simply not found.
    let foreign = elsewhere
        .name
        .replace("workspaces/acme/", "workspaces/globex/");
    let status = create(
        &mut client,
        &web,
        pb::Task {
            parent: foreign,
            ..task("t")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let listed = client
        .list_tasks(pb::ListTasksRequest {
            parent: web.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(listed.tasks.is_empty(), "nothing was written");
}

async fn batch_create_is_all_or_nothing_and_idempotent(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let request = |titles: &[&str], request_id: &str| pb::BatchCreateTasksRequest {
        parent: web.clone(),
        requests: titles
            .iter()
            .map(|t| pb::CreateTaskRequest {
                parent: String::new(),
                task: Some(task(t)),
                request_id: String::new(),
            })
            .collect(),
        request_id: request_id.into(),
    };
    let status = client
        .batch_create_tasks(request(&["ok", "", "also ok"], ""))
        .await
        .unwrap_err();
    assert_eq!(fields(&status), ["requests[1].task.title"]);
    let id = "0f9f0a3e-5a8e-4b7a-9d1c-2f0e8a7f1d10";
    let first = client
        .batch_create_tasks(request(&["a", "b", "c"], id))
        .await
        .unwrap()
        .into_inner()
        .tasks;
    let retry = client
        .batch_create_tasks(request(&["a", "b", "c"], id))
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert_eq!(first, retry);
    assert_eq!(
        first.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(),
        ["WEB-1", "WEB-2", "WEB-3"]
    );
    let listed = client
        .list_tasks(pb::ListTasksRequest {
            parent: web.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.tasks.len(), 3);
}

async fn updates_follow_the_mask_record_history_and_race_on_etags(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let created = create(&mut client, &web, task("Draft")).await.unwrap();
    let updated = client
        .update_task(pb::UpdateTaskRequest {
            task: Some(pb::Task {
                name: created.name.clone(),
                title: "Final".into(),
                description: "ignored".into(),
                etag: created.etag.clone(),
                ..Default::default()
            }),
            update_mask: mask(&["title"]),
        })
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    assert_eq!(
        (updated.title.as_str(), updated.description.as_str()),
        ("Final", "")
    );
    for (paths, expected) in [
        (mask(&["state"]), "update_mask"),
        (mask(&["colour"]), "update_mask"),
        (None, "update_mask"),
    ] {
        let status = client
            .update_task(pb::UpdateTaskRequest {
                task: Some(pb::Task {
                    name: created.name.clone(),
                    ..task("x")
                }),
                update_mask: paths,
            })
            .await
            .unwrap_err();
        assert_eq!(fields(&status), [expected]);
    }

    // Eight writers with the same etag: exactly one wins.
    let attempts = (0..8).map(|i| {
        let mut client = client.clone();
        let request = pb::UpdateTaskRequest {
            task: Some(pb::Task {
                name: updated.name.clone(),
                title: format!("writer {i}"),
                etag: updated.etag.clone(),
                ..Default::default()
            }),
            update_mask: mask(&["title"]),
        };
        async move {
            client
                .update_task(request)
                .await
                .map(|_| ())
                .map_err(|s| s.code())
        }
    });
    let results = futures::future::join_all(attempts).await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(()) | Err(Code::Aborted))),
        "{results:?}"
    );

    let done = client
        .transition_task(pb::TransitionTaskRequest {
            name: created.name.clone(),
            state: format!("{web}/states/done"),
            etag: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    assert_eq!(done.state_group, pb::StateGroup::Completed as i32);
    assert!(done.complete_time.is_some());
    let status = client
        .transition_task(pb::TransitionTaskRequest {
            name: created.name.clone(),
            state: format!("{web}/states/nope"),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(fields(&status), ["state"]);
    client
        .assign_task(pb::AssignTaskRequest {
            name: created.name.clone(),
            assignees: vec!["users/ana".into()],
            etag: String::new(),
        })
        .await
        .unwrap();

    let history = client
        .list_task_history(pb::ListTaskHistoryRequest {
            name: created.name.clone(),
            page_size: 0,
            page_token: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .entries;
    let changed: Vec<&str> = history.iter().map(|h| h.field.as_str()).collect();
    for field in ["title", "state", "complete_time", "assignees"] {
        assert!(changed.contains(&field), "{field} missing from {changed:?}");
    }
    let title = history.iter().find(|h| h.field == "title").unwrap();
    assert_eq!(
        (title.old_value.as_str(), title.new_value.as_str()),
        ("\"Draft\"", "\"Final\"")
    );
}

async fn soft_delete_hides_and_restores(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let created = create(&mut client, &web, task("Temporary")).await.unwrap();
    client
        .delete_task(pb::DeleteTaskRequest {
            name: created.name.clone(),
            etag: created.etag.clone(),
        })
        .await
        .unwrap();
    let visible = client
        .list_tasks(pb::ListTasksRequest {
            parent: web.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert!(visible.is_empty());
    let status = client
        .update_task(pb::UpdateTaskRequest {
            task: Some(pb::Task {
                name: created.name.clone(),
                ..task("x")
            }),
            update_mask: mask(&["title"]),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);
    client
        .undelete_task(pb::UndeleteTaskRequest {
            name: created.name.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    let visible = client
        .list_tasks(pb::ListTasksRequest {
            parent: web.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert_eq!(visible.len(), 1);
}

async fn paging_with_filters_neither_skips_nor_repeats_while_others_write(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let mut urgent = HashSet::new();
    for i in 0..9 {
        let t = create(
            &mut client,
            &web,
            pb::Task {
                priority: pb::Priority::Urgent as i32,
                ..task(&format!("u{i}"))
            },
        )
        .await
        .unwrap();
        urgent.insert(t.name);
        create(&mut client, &web, task(&format!("n{i}")))
            .await
            .unwrap();
    }
    let query = pb::ListTasksRequest {
        parent: web.clone(),
        page_size: 4,
        priorities: vec![pb::Priority::Urgent as i32],
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_tasks(pb::ListTasksRequest {
                page_token: token.clone(),
                ..query.clone()
            })
            .await
            .unwrap()
            .into_inner();
        seen.extend(page.tasks.iter().map(|t| t.name.clone()));
        assert!(
            page.tasks
                .iter()
                .all(|t| t.priority == pb::Priority::Urgent as i32)
        );
        // Someone else writes between pages.
        create(
            &mut client,
            &web,
            pb::Task {
                priority: pb::Priority::Urgent as i32,
                ..task("late")
            },
        )
        .await
        .unwrap();
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let unique: HashSet<_> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    assert!(urgent.is_subset(&unique), "no skips");

    // A token is bound to its query, and tampering is detected.
    let first = client.list_tasks(query.clone()).await.unwrap().into_inner();
    let status = client
        .list_tasks(pb::ListTasksRequest {
            page_token: first.next_page_token.clone(),
            priorities: vec![pb::Priority::Low as i32],
            ..query.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(fields(&status), ["page_token"]);
    let status = client
        .list_tasks(pb::ListTasksRequest {
            page_token: format!("{}A", first.next_page_token),
            ..query.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(fields(&status), ["page_token"]);
    let status = client
        .list_tasks(pb::ListTasksRequest {
            priorities: vec![99],
            ..query.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(fields(&status), ["priorities[0]"]);
}

async fn next_event(stream: &mut tonic::Streaming<pb::WatchChangesResponse>) -> pb::ChangeEvent {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("an event in time")
            .unwrap()
            .unwrap();
        if let Some(pb::watch_changes_response::Kind::Event(event)) = message.kind {
            return event;
        }
    }
}

fn title_of(event: &pb::ChangeEvent) -> String {
    match &event.resource {
        Some(pb::change_event::Resource::Task(task)) => task.title.clone(),
        other => panic!("not a task event: {other:?}"),
    }
}

async fn a_resumed_watch_gets_every_event_once_in_order(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let ops = project(&mut client, "OPS").await;
    let mut watch = client
        .watch_changes(pb::WatchChangesRequest {
            parent: web.clone(),
            start_position: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    for i in 0..3 {
        create(&mut client, &web, task(&format!("e{i}")))
            .await
            .unwrap();
        create(&mut client, &ops, task("other project"))
            .await
            .unwrap();
    }
    let mut received = Vec::new();
    for _ in 0..3 {
        received.push(next_event(&mut watch).await);
    }
    // The client goes away after e2 ... and changes keep happening.
    drop(watch);
    let last_seen = received.last().unwrap().position.clone();
    for i in 3..6 {
        create(&mut client, &web, task(&format!("e{i}")))
            .await
            .unwrap();
    }
    let mut resumed = client
        .watch_changes(pb::WatchChangesRequest {
            parent: web.clone(),
            start_position: last_seen,
        })
        .await
        .unwrap()
        .into_inner();
    for _ in 0..3 {
        received.push(next_event(&mut resumed).await);
    }
    create(&mut client, &web, task("e6")).await.unwrap();
    received.push(next_event(&mut resumed).await);
    let titles: Vec<String> = received.iter().map(title_of).collect();
    assert_eq!(titles, ["e0", "e1", "e2", "e3", "e4", "e5", "e6"]);
    let positions: Vec<&String> = received.iter().map(|e| &e.position).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "positions increase: {positions:?}"
    );
    assert!(
        received
            .iter()
            .all(|e| e.change_type == pb::ChangeType::Created as i32)
    );

    let status = client
        .watch_changes(pb::WatchChangesRequest {
            parent: web.clone(),
            start_position: "garbage".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(fields(&status), ["start_position"]);
}

async fn blocking_relations_never_form_a_cycle(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let ops = project(&mut client, "OPS").await;
    let a = create(&mut client, &web, task("A")).await.unwrap();
    let b = create(&mut client, &web, task("B")).await.unwrap();
    let c = create(&mut client, &ops, task("C in another project"))
        .await
        .unwrap();
    let d = create(&mut client, &web, task("D")).await.unwrap();
    let e = create(&mut client, &web, task("E")).await.unwrap();
    let relations_client = client.clone();
    let relate = |from: &pb::Task, to: &pb::Task, kind: pb::RelationType| {
        let request = pb::CreateTaskRelationRequest {
            parent: from.name.clone(),
            relation: Some(pb::TaskRelation {
                r#type: kind as i32,
                target: to.name.clone(),
                ..Default::default()
            }),
        };
        let mut client = relations_client.clone();
        async move {
            client
                .create_task_relation(request)
                .await
                .map(|r| r.into_inner().relation.unwrap())
        }
    };
    relate(&a, &b, pb::RelationType::Blocks).await.unwrap();
    relate(&b, &c, pb::RelationType::Blocks).await.unwrap();
    let status = relate(&c, &a, pb::RelationType::Blocks).await.unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(
        status.get_error_details().error_info().unwrap().reason,
        "BLOCKING_CYCLE"
    );
    // Other kinds may loop; the same relation twice may not exist.
    relate(&c, &a, pb::RelationType::RelatesTo).await.unwrap();
    assert_eq!(
        relate(&a, &b, pb::RelationType::Blocks)
            .await
            .unwrap_err()
            .code(),
        Code::AlreadyExists
    );
    assert_eq!(
        fields(&relate(&a, &a, pb::RelationType::Blocks).await.unwrap_err()),
        ["relation.target"]
    );
    let foreign = pb::Task {
        name: b.name.replace("workspaces/acme/", "workspaces/globex/"),
        ..b.clone()
    };
    assert_eq!(
        relate(&a, &foreign, pb::RelationType::Blocks)
            .await
            .unwrap_err()
            .code(),
        Code::NotFound
    );

    let listed = client
        .list_task_relations(pb::ListTaskRelationsRequest {
            parent: b.name.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((listed.outgoing.len(), listed.incoming.len()), (1, 1));
    assert_eq!(listed.incoming[0].target, b.name, "B is blocked by A");

    // Removing B -> C lets C block A.
    client
        .delete_task_relation(pb::DeleteTaskRelationRequest {
            name: listed.outgoing[0].name.clone(),
        })
        .await
        .unwrap();
    relate(&c, &a, pb::RelationType::Blocks).await.unwrap();

    // Two racing halves of a new cycle: exactly one lands.
    let (one, other) = tokio::join!(
        relate(&d, &e, pb::RelationType::Blocks),
        relate(&e, &d, pb::RelationType::Blocks)
    );
    assert_eq!(
        one.is_ok() as u8 + other.is_ok() as u8,
        1,
        "{one:?} {other:?}"
    );
}

async fn the_workflow_decides_which_moves_are_legal(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let review = client
        .create_workflow_state(pb::CreateWorkflowStateRequest {
            parent: web.clone(),
            state: Some(pb::WorkflowState {
                display_name: "In review".into(),
                group: pb::StateGroup::Started as i32,
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner()
        .state
        .unwrap();
    assert!(
        review.name.ends_with("/states/in-review"),
        "{}",
        review.name
    );
    let status = client
        .create_workflow_state(pb::CreateWorkflowStateRequest {
            parent: web.clone(),
            state: Some(pb::WorkflowState {
                display_name: "in REVIEW".into(),
                group: pb::StateGroup::Started as i32,
                ..Default::default()
            }),
        })
        .await
        .unwrap_err();
    assert_eq!(fields(&status), ["state.display_name"]);

    // From Todo, only In Progress is allowed.
    client
        .update_workflow_state(pb::UpdateWorkflowStateRequest {
            state: Some(pb::WorkflowState {
                name: format!("{web}/states/todo"),
                allowed_transitions: vec![format!("{web}/states/in-progress")],
                ..Default::default()
            }),
            update_mask: mask(&["allowed_transitions"]),
        })
        .await
        .unwrap();
    let created = create(&mut client, &web, task("Gatekept")).await.unwrap();
    let status = client
        .transition_task(pb::TransitionTaskRequest {
            name: created.name.clone(),
            state: format!("{web}/states/done"),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (
            status.code(),
            status
                .get_error_details()
                .error_info()
                .unwrap()
                .reason
                .as_str()
        ),
        (Code::FailedPrecondition, "ILLEGAL_TRANSITION")
    );
    client
        .transition_task(pb::TransitionTaskRequest {
            name: created.name.clone(),
            state: format!("{web}/states/in-progress"),
            etag: String::new(),
        })
        .await
        .unwrap();

    // The default moves; a state in use or the default cannot be removed.
    client
        .update_workflow_state(pb::UpdateWorkflowStateRequest {
            state: Some(pb::WorkflowState {
                name: format!("{web}/states/backlog"),
                is_default: true,
                ..Default::default()
            }),
            update_mask: mask(&["is_default"]),
        })
        .await
        .unwrap();
    assert!(
        create(&mut client, &web, task("Starts in backlog"))
            .await
            .unwrap()
            .state
            .ends_with("/states/backlog")
    );
    let status = client
        .delete_workflow_state(pb::DeleteWorkflowStateRequest {
            name: format!("{web}/states/in-progress"),
        })
        .await
        .unwrap_err();
    assert_eq!(
        status.get_error_details().error_info().unwrap().reason,
        "STATE_IN_USE"
    );
    let status = client
        .delete_workflow_state(pb::DeleteWorkflowStateRequest {
            name: format!("{web}/states/backlog"),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);
    client
        .delete_workflow_state(pb::DeleteWorkflowStateRequest {
            name: review.name.clone(),
        })
        .await
        .unwrap();
    let states = client
        .list_workflow_states(pb::ListWorkflowStatesRequest {
            parent: web.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .states;
    assert_eq!(states.len(), 5);
    assert_eq!(states.iter().filter(|s| s.is_default).count(), 1);
}

async fn labels_tag_tasks_and_comments_thread_them(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let label = |name: &str, color: &str| pb::CreateLabelRequest {
        parent: web.clone(),
        label: Some(pb::Label {
            display_name: name.into(),
            color: color.into(),
            ..Default::default()
        }),
    };
    let bug = client
        .create_label(label("Bug", "#D73A4A"))
        .await
        .unwrap()
        .into_inner()
        .label
        .unwrap();
    let ux = client
        .create_label(label("UX", ""))
        .await
        .unwrap()
        .into_inner()
        .label
        .unwrap();
    assert_eq!(bug.color, "#d73a4a");
    assert_eq!(
        client
            .create_label(label("bug", ""))
            .await
            .unwrap_err()
            .code(),
        Code::AlreadyExists
    );
    assert_eq!(
        fields(&client.create_label(label("Red", "red")).await.unwrap_err()),
        ["label.color"]
    );

    let tagged = create(
        &mut client,
        &web,
        pb::Task {
            labels: vec![bug.name.clone()],
            ..task("Crash on save")
        },
    )
    .await
    .unwrap();
    create(
        &mut client,
        &web,
        pb::Task {
            labels: vec![ux.name.clone()],
            ..task("Tidy the form")
        },
    )
    .await
    .unwrap();
    let status = create(
        &mut client,
        &web,
        pb::Task {
            labels: vec![format!("{web}/labels/nope")],
            ..task("x")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(fields(&status), ["task.labels[0]"]);
    let bugs = client
        .list_tasks(pb::ListTasksRequest {
            parent: web.clone(),
            labels: vec![bug.name.clone()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert_eq!(
        bugs.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
        ["Crash on save"]
    );
    client
        .delete_label(pb::DeleteLabelRequest {
            name: bug.name.clone(),
        })
        .await
        .unwrap();
    let untagged = client
        .get_task(pb::GetTaskRequest {
            name: tagged.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    assert!(
        untagged.labels.is_empty(),
        "deleting a label takes it off its tasks"
    );

    let comment = client
        .create_comment(pb::CreateCommentRequest {
            parent: tagged.name.clone(),
            comment: Some(pb::Comment {
                body: "Reproduced on Firefox.".into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .comment
        .unwrap();
    let edited = client
        .update_comment(pb::UpdateCommentRequest {
            comment: Some(pb::Comment {
                name: comment.name.clone(),
                body: "Reproduced on Firefox and Chrome.".into(),
                etag: comment.etag.clone(),
                ..Default::default()
            }),
            update_mask: mask(&["body"]),
        })
        .await
        .unwrap()
        .into_inner()
        .comment
        .unwrap();
    assert_ne!(edited.etag, comment.etag);
    let status = client
        .update_comment(pb::UpdateCommentRequest {
            comment: Some(pb::Comment {
                name: comment.name.clone(),
                body: "stale".into(),
                etag: comment.etag.clone(),
                ..Default::default()
            }),
            update_mask: mask(&["body"]),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Aborted);
    client
        .delete_comment(pb::DeleteCommentRequest {
            name: comment.name.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    let thread = client
        .list_comments(pb::ListCommentsRequest {
            parent: tagged.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .comments;
    assert_eq!(thread.len(), 1, "a deleted comment keeps its place");
    assert!(thread[0].delete_time.is_some() && thread[0].body.is_empty());
    assert_eq!(
        fields(
            &client
                .create_comment(pb::CreateCommentRequest {
                    parent: tagged.name.clone(),
                    comment: Some(pb::Comment::default()),
                    request_id: String::new()
                })
                .await
                .unwrap_err()
        ),
        ["comment.body"]
    );
}

async fn every_order_pages_exactly(backend: Backend) {
    let (mut client, _backing) = client(backend).await;
    let web = project(&mut client, "WEB").await;
    let specs = [
        ("a", pb::Priority::Low, Some(3)),
        ("b", pb::Priority::Urgent, None),
        ("c", pb::Priority::Urgent, Some(1)),
        ("d", pb::Priority::None, Some(3)),
        ("e", pb::Priority::High, None),
        ("f", pb::Priority::Low, Some(2)),
        ("g", pb::Priority::High, Some(1)),
    ];
    let mut made = Vec::new();
    for (title, priority, day) in specs {
        let due_date = day.map(|day| Date {
            year: 2027,
            month: 1,
            day,
        });
        made.push(
            create(
                &mut client,
                &web,
                pb::Task {
                    priority: priority as i32,
                    due_date,
                    ..task(title)
                },
            )
            .await
            .unwrap(),
        );
    }
    // Touch "a" so it is the most recently changed.
    client
        .update_task(pb::UpdateTaskRequest {
            task: Some(pb::Task {
                name: made[0].name.clone(),
                ..task("a")
            }),
            update_mask: mask(&["description"]),
        })
        .await
        .unwrap();
    let titles = |order: pb::TaskOrder| {
        let mut client = client.clone();
        let web = web.clone();
        async move {
            let mut seen = Vec::new();
            let mut token = String::new();
            loop {
                let page = client
                    .list_tasks(pb::ListTasksRequest {
                        parent: web.clone(),
                        page_size: 2,
                        page_token: token,
                        order_by: order as i32,
                        ..Default::default()
                    })
                    .await
                    .unwrap()
                    .into_inner();
                seen.extend(page.tasks.into_iter().map(|t| t.title));
                if page.next_page_token.is_empty() {
                    return seen;
                }
                token = page.next_page_token;
            }
        }
    };
    assert_eq!(
        titles(pb::TaskOrder::CreateTime).await,
        ["a", "b", "c", "d", "e", "f", "g"]
    );
    assert_eq!(
        titles(pb::TaskOrder::PriorityDesc).await,
        ["b", "c", "e", "g", "a", "f", "d"]
    );
    assert_eq!(
        titles(pb::TaskOrder::DueDate).await,
        ["c", "g", "f", "a", "d", "b", "e"]
    );
    assert_eq!(
        titles(pb::TaskOrder::UpdateTimeDesc).await,
        ["a", "g", "f", "e", "d", "c", "b"]
    );
}

async fn positions_past_retention_are_out_of_range(backend: Backend) {
    let (database, _backing, _) = database(backend).await;
    let mut client = server(&database, Arc::new(MemoryPubSub::new())).await;
    let web = project(&mut client, "WEB").await;
    let mut watch = client
        .watch_changes(pb::WatchChangesRequest {
            parent: web.clone(),
            start_position: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    create(&mut client, &web, task("old")).await.unwrap();
    let old = next_event(&mut watch).await.position;
    create(&mut client, &web, task("newer")).await.unwrap();
    // Retention passes for everything written so far.
    let store: Arc<dyn taskstream_tasks::tasks::TaskStore> = match &database {
        Database::Sqlite(pool) => {
            Arc::new(taskstream_tasks::tasks::SqliteTaskStore::new(pool.clone()))
        }
        Database::Postgres(pool) => Arc::new(taskstream_tasks::tasks::PostgresTaskStore::new(
            pool.clone(),
        )),
    };
    assert_eq!(store.prune_events(i64::MAX).await.unwrap(), 2);
    let status = client
        .watch_changes(pb::WatchChangesRequest {
            parent: web.clone(),
            start_position: old,
        })
        .await
        .unwrap_err();
    assert_eq!(
        (
            status.code(),
            status
                .get_error_details()
                .error_info()
                .unwrap()
                .reason
                .as_str()
        ),
        (Code::OutOfRange, "POSITION_EXPIRED")
    );
    // Watching from now still works.
    let mut fresh = client
        .watch_changes(pb::WatchChangesRequest {
            parent: web.clone(),
            start_position: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    create(&mut client, &web, task("live")).await.unwrap();
    assert_eq!(title_of(&next_event(&mut fresh).await), "live");
}

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    tasks_get_keys_states_and_round_trip,
    bad_tasks_are_refused_and_nothing_is_written,
    batch_create_is_all_or_nothing_and_idempotent,
    updates_follow_the_mask_record_history_and_race_on_etags,
    soft_delete_hides_and_restores,
    paging_with_filters_neither_skips_nor_repeats_while_others_write,
    a_resumed_watch_gets_every_event_once_in_order,
    blocking_relations_never_form_a_cycle,
    the_workflow_decides_which_moves_are_legal,
    labels_tag_tasks_and_comments_thread_them,
    every_order_pages_exactly,
    positions_past_retention_are_out_of_range,
]);

/// Two replicas on one PostgreSQL and one Redis: a change made through one reaches a watcher on
/// the other, announced over Redis pub/sub.
#[tokio::test]
async fn a_change_on_one_replica_reaches_a_watcher_on_another() {
    let (database_a, _backing, url) = database(Backend::Postgres).await;
    let database_b = taskstream_tasks::DATABASE
        .open_postgres(&url.unwrap(), &DatabaseConfig::default())
        .await
        .unwrap();
    let (redis_url, prefix) = taskstream_testkit::redis_namespace();
    let replica = |database: Database| {
        let redis_url = redis_url.clone();
        let prefix = prefix.clone();
        async move {
            let (client, subscriber) = connect_redis(&redis_url).await.unwrap();
            server(
                &database,
                Arc::new(RedisPubSub::new(client, subscriber, prefix)),
            )
            .await
        }
    };
    let mut a = replica(database_a).await;
    let mut b = replica(database_b).await;
    let web = project(&mut a, "WEB").await;
    let mut watch = b
        .watch_changes(pb::WatchChangesRequest {
            parent: "workspaces/acme".into(),
            start_position: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    // Wait for the first heartbeat: the watch is subscribed and positioned.
    let first = tokio::time::timeout(Duration::from_secs(10), watch.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(matches!(
        first.kind,
        Some(pb::watch_changes_response::Kind::Heartbeat(_))
    ));
    let started = std::time::Instant::now();
    create(&mut a, &web, task("made on replica A"))
        .await
        .unwrap();
    let event = next_event(&mut watch).await;
    assert_eq!(title_of(&event), "made on replica A");
    // Announced over Redis, not found by the 2 s fallback poll.
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "took {:?}",
        started.elapsed()
    );
}
