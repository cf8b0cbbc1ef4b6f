//! `make bench` (tasks part), on a real PostgreSQL (`TASKSTREAM_TEST_DATABASE_URL`, started by
//! `scripts/with-test-services.sh`):
//!
//! - CreateTask, GetTask and ListTasks through the whole gRPC stack (in-process channel, SQL
//!   adapter, outbox, history), next to the same insert / primary-key select / page select
//!   through plain sqlx on the same database in the same run: the ratio is what the service adds;
//! - WatchChanges fan-out: 1,000 watchers on one project, latency from a committed change to
//!   each watcher's receipt (p50/p99).

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use futures::StreamExt;
use taskstream_cache::MemoryPubSub;
use taskstream_proto::tasks_v1::{self as pb, task_service_client::TaskServiceClient};
use taskstream_relational::Database;
use taskstream_runtime::{
    config::{DatabaseConfig, ServerConfig},
    mesh::MeshChannel,
    server::GrpcServices,
};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, mut samples: Vec<Duration>, wall: Duration) -> f64 {
    samples.sort();
    let per_s = samples.len() as f64 / wall.as_secs_f64();
    println!(
        "{what:<34} {per_s:>8.0}/s  p50 {:>7.0} µs  p99 {:>7.0} µs",
        percentile(&samples, 0.5).as_secs_f64() * 1e6,
        percentile(&samples, 0.99).as_secs_f64() * 1e6
    );
    per_s
}

async fn timed<F, Fut>(n: usize, mut op: F) -> (Vec<Duration>, Duration)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        op(i).await;
        samples.push(t.elapsed());
    }
    (samples, start.elapsed())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let test_db = taskstream_testkit::postgres_database().await;
    let config = DatabaseConfig {
        max_connections: 20,
        ..DatabaseConfig::default()
    };
    taskstream_tasks::DATABASE
        .migrate_postgres(test_db.url(), &config)
        .await
        .unwrap();
    let database = taskstream_tasks::DATABASE
        .open_postgres(test_db.url(), &config)
        .await
        .unwrap();
    let Database::Postgres(pool) = &database else {
        unreachable!()
    };
    let mut services = GrpcServices::new();
    services.add(taskstream_tasks::grpc_server(
        &database,
        Arc::new(taskstream_cache::MemoryCache::new()),
        Arc::new(MemoryPubSub::new()),
        &ServerConfig::default(),
    ));
    let hosted = services
        .build(taskstream_testkit::admit_everything(), 4 << 20)
        .await
        .unwrap();
    let mut client = TaskServiceClient::new(MeshChannel::in_process(hosted.stack()));
    let project = client
        .create_project(pb::CreateProjectRequest {
            parent: "workspaces/bench".into(),
            project: Some(pb::Project {
                key: "BEN".into(),
                display_name: "Bench".into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .project
        .unwrap()
        .name;
    sqlx::query("CREATE TABLE plain (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, update_time BIGINT NOT NULL)")
        .execute(pool)
        .await
        .unwrap();

    let n = 2000;
    println!("PostgreSQL, one client, {n} operations each:");
    let mut names = Vec::new();
    let mut samples = Vec::with_capacity(n);
    let wall = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        let task = client
            .create_task(pb::CreateTaskRequest {
                parent: project.clone(),
                task: Some(pb::Task {
                    title: format!("Task {i}"),
                    description: "A short description.".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .unwrap()
            .into_inner()
            .task
            .unwrap();
        samples.push(t.elapsed());
        names.push(task.name);
    }
    let wall = wall.elapsed();
    let service = report("CreateTask (gRPC, outbox, history)", samples, wall);
    let (samples, wall) = timed(n, |i| {
        let pool = pool.clone();
        async move {
            sqlx::query("INSERT INTO plain (id, project_id, title, body, update_time) VALUES ($1, $2, $3, $4, $5)")
                .bind(uuid::Uuid::now_v7().to_string())
                .bind("p")
                .bind(format!("Task {i}"))
                .bind("A short description.")
                .bind(i as i64)
                .execute(&pool)
                .await
                .unwrap();
        }
    })
    .await;
    let plain = report("INSERT (plain sqlx)", samples, wall);
    println!(
        "  ratio CreateTask / plain insert throughput: {:.2}",
        service / plain
    );

    let (samples, wall) = timed(n, |i| {
        let mut client = client.clone();
        let name = names[i % names.len()].clone();
        async move {
            client.get_task(pb::GetTaskRequest { name }).await.unwrap();
        }
    })
    .await;
    let service = report("GetTask", samples, wall);
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM plain")
        .fetch_all(pool)
        .await
        .unwrap();
    let (samples, wall) = timed(n, |i| {
        let pool = pool.clone();
        let id = ids[i % ids.len()].clone();
        async move {
            sqlx::query("SELECT id, project_id, title, body, update_time FROM plain WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap();
        }
    })
    .await;
    let plain = report("SELECT by key (plain sqlx)", samples, wall);
    println!(
        "  ratio GetTask / plain select throughput: {:.2}",
        service / plain
    );

    let (samples, wall) = timed(n / 4, |_| {
        let mut client = client.clone();
        let parent = project.clone();
        async move {
            client
                .list_tasks(pb::ListTasksRequest {
                    parent,
                    page_size: 50,
                    ..Default::default()
                })
                .await
                .unwrap();
        }
    })
    .await;
    let service = report("ListTasks (50)", samples, wall);
    let (samples, wall) = timed(n / 4, |_| {
        let pool = pool.clone();
        async move {
            sqlx::query("SELECT id, project_id, title, body, update_time FROM plain WHERE id > $1 ORDER BY id LIMIT 51").bind("").fetch_all(&pool).await.unwrap();
        }
    })
    .await;
    let plain = report("SELECT page of 50 (plain sqlx)", samples, wall);
    println!(
        "  ratio ListTasks / plain page throughput: {:.2}",
        service / plain
    );

    // Fan-out: 1,000 watchers of one project, 20 changes.
    let watchers = 1000;
    let mut streams = Vec::with_capacity(watchers);
    for _ in 0..watchers {
        streams.push(
            client
                .watch_changes(pb::WatchChangesRequest {
                    parent: project.clone(),
                    start_position: String::new(),
                })
                .await
                .unwrap()
                .into_inner(),
        );
    }
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    for mut stream in streams {
        let sender = sender.clone();
        tokio::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                if matches!(
                    message.kind,
                    Some(pb::watch_changes_response::Kind::Event(_))
                ) {
                    let _ = sender.send(Instant::now());
                }
            }
        });
    }
    let mut latencies = Vec::new();
    let changes = 20;
    for i in 0..changes {
        let started = Instant::now();
        client
            .create_task(pb::CreateTaskRequest {
                parent: project.clone(),
                task: Some(pb::Task {
                    title: format!("fan-out {i}"),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .unwrap();
        for _ in 0..watchers {
            let received = tokio::time::timeout(Duration::from_secs(30), receiver.recv())
                .await
                .unwrap()
                .unwrap();
            latencies.push(received - started);
        }
    }
    latencies.sort();
    println!(
        "WatchChanges fan-out to {watchers} watchers ({changes} changes): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (from the write's start)",
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
}
