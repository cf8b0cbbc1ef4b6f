//! The task service (`taskstream.tasks.v1.TaskService`): projects, tasks and everything
//! attached to them.
//!
//! Layout: [`names`] parses resource names; [`projects`] holds the project domain (validation,
//! the store port and its SQL adapters); [`grpc`] is the thin gRPC layer over them. Today the
//! project resource is implemented; the other RPCs of the contract answer `UNIMPLEMENTED`.

pub mod grpc;
pub mod names;
pub mod projects;

use std::sync::Arc;

use taskstream_proto::tasks_v1::task_service_server::TaskServiceServer;
use taskstream_relational::{Database, ServiceDatabase};
use taskstream_runtime::config::ServerConfig;

/// The service's relational database: `tasks.db` in dev, schema `tasks` in PostgreSQL.
pub static DATABASE: ServiceDatabase = ServiceDatabase {
    name: "tasks",
    sqlite_migrations: sqlx::migrate!("./migrations"),
    postgres_migrations: sqlx::migrate!("./migrations"),
};

/// The gRPC server of the service on `database`, with the process's message-size limits.
pub fn grpc_server(database: &Database, limits: &ServerConfig) -> TaskServiceServer<grpc::TaskApi> {
    let projects: Arc<dyn projects::ProjectStore> = match database {
        Database::Sqlite(pool) => Arc::new(projects::SqliteProjectStore::new(pool.clone())),
        Database::Postgres(pool) => Arc::new(projects::PostgresProjectStore::new(pool.clone())),
    };
    TaskServiceServer::new(grpc::TaskApi::new(projects))
        .max_decoding_message_size(limits.max_message_bytes)
        .max_encoding_message_size(limits.max_message_bytes)
}
