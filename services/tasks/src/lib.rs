//! The task service (`taskstream.tasks.v1.TaskService`): projects, tasks and everything
//! attached to them.
//!
//! Layout: [`names`] parses resource names; [`projects`] and [`tasks`] hold the domains
//! (validation, store ports and their SQL adapters, the outbox); [`changes`] is the resumable
//! change stream; [`grpc`] is the thin gRPC layer over them. A workspace the auth service
//! purges loses its rows here too (see `grpc_server`).

pub mod changes;
pub mod grpc;
pub mod names;
pub mod projects;
pub mod tasks;

use std::sync::Arc;

use taskstream_cache::{Cache, PubSub};
use taskstream_proto::tasks_v1::task_service_server::TaskServiceServer;
use taskstream_relational::{Database, ServiceDatabase};
use taskstream_runtime::config::ServerConfig;

/// The service's relational database: `tasks.db` in dev, schema `tasks` in PostgreSQL.
pub static DATABASE: ServiceDatabase = ServiceDatabase {
    name: "tasks",
    sqlite_migrations: sqlx::migrate!("./migrations"),
    postgres_migrations: sqlx::migrate!("./migrations"),
};

/// The gRPC server of the service on `database`, announcing changes on `pubsub`, taking
/// turns at periodic work with other replicas through `cache`, with the process's
/// message-size limits.
pub fn grpc_server(
    database: &Database,
    cache: Arc<dyn Cache>,
    pubsub: Arc<dyn PubSub>,
    limits: &ServerConfig,
) -> TaskServiceServer<grpc::TaskApi> {
    let (projects, tasks): (Arc<dyn projects::ProjectStore>, Arc<dyn tasks::TaskStore>) =
        match database {
            Database::Sqlite(pool) => (
                Arc::new(projects::SqliteProjectStore::new(pool.clone())),
                Arc::new(tasks::SqliteTaskStore::new(pool.clone())),
            ),
            Database::Postgres(pool) => (
                Arc::new(projects::PostgresProjectStore::new(pool.clone())),
                Arc::new(tasks::PostgresTaskStore::new(pool.clone())),
            ),
        };
    changes::prune_periodically(tasks.clone(), cache);
    // A workspace the auth service purged: its projects and tasks go too.
    let purging = tasks.clone();
    taskstream_cache::purges::on_workspace_purged(pubsub.clone(), "tasks", move |workspace| {
        let store = purging.clone();
        async move { store.purge_workspace(&workspace).await }
    });
    let logic = tasks::api::TaskLogic::new(tasks, projects.clone(), pubsub);
    TaskServiceServer::new(grpc::TaskApi::new(projects, logic))
        .max_decoding_message_size(limits.max_message_bytes)
        .max_encoding_message_size(limits.max_message_bytes)
}
