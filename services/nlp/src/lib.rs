//! The NLP service (`taskstream.nlp.v1.NlpService`): what people write and say, turned into
//! candidate tasks, intents and embeddings.
//!
//! Layout: [`document`] checks a request's document and decodes raw email; the rules live in
//! their own crates (`taskstream-nlp-extract` for tasks and intents, `taskstream-nlp-dates`
//! for due dates); [`models`] is the catalogue and the provisioned files; [`encoder`] runs the
//! sentence encoder on ONNX Runtime; [`filter`] rescores the rules' candidates with a trained
//! model; [`create`] turns candidates into tasks in the task
//! service; [`sessions`] analyses live meetings (stored, resumable, watched); [`grpc`] is
//! the gRPC layer.

pub mod create;
pub mod document;
pub mod encoder;
pub mod filter;
pub mod grpc;
pub mod labelled;
pub mod models;
pub mod names;
pub mod sessions;

use std::sync::Arc;

use taskstream_cache::{Cache, PubSub};
use taskstream_proto::nlp_v1::nlp_service_server::NlpServiceServer;
use taskstream_relational::{Database, ServiceDatabase};
use taskstream_runtime::config::{NlpConfig, ServerConfig};

/// Largest request the service reads: a 10 MiB raw email and the rest of its request.
pub const MAX_REQUEST_BYTES: usize = document::MAX_RAW_EMAIL_BYTES + (1 << 20);

/// The service's relational database (transcript sessions): `nlp.db` in dev, schema `nlp` in
/// PostgreSQL.
pub static DATABASE: ServiceDatabase = ServiceDatabase {
    name: "nlp",
    sqlite_migrations: sqlx::migrate!("./migrations/sqlite"),
    postgres_migrations: sqlx::migrate!("./migrations/postgres"),
};

/// The gRPC server of the service: models from `config.models_dir` (loaded in the
/// background; the rule-based RPCs serve at once), answers cached in `cache`, tasks created
/// through `peers`, transcript sessions in `database`, their watchers woken through `pubsub`.
pub fn grpc_server(
    config: &NlpConfig,
    database: &Database,
    cache: Arc<dyn Cache>,
    pubsub: Arc<dyn PubSub>,
    peers: create::Peers,
    limits: &ServerConfig,
) -> NlpServiceServer<grpc::NlpApi> {
    let store: Arc<dyn sessions::store::SessionStore> = match database {
        Database::Sqlite(pool) => Arc::new(sessions::store::SqliteSessionStore::new(pool.clone())),
        Database::Postgres(pool) => {
            Arc::new(sessions::store::PostgresSessionStore::new(pool.clone()))
        }
    };
    // A workspace the auth service purged: its transcript sessions go too.
    let purging = store.clone();
    taskstream_cache::purges::on_workspace_purged(
        pubsub.clone(),
        "transcript sessions",
        move |workspace| {
            let store = purging.clone();
            async move { store.purge_workspace(&workspace).await }
        },
    );
    let models = models::Models::open(
        config.models_dir.clone(),
        models::InferenceLimits {
            workers: config.inference_workers,
            threads_per_worker: config.threads_per_worker,
            max_queued_batches: config.max_queued_batches,
        },
    );
    let sessions = sessions::Sessions::new(
        store,
        pubsub,
        cache.clone(),
        grpc::rule_versions(),
        models.clone(),
    );
    NlpServiceServer::new(grpc::NlpApi::new(models, cache, peers, Some(sessions)))
        .max_decoding_message_size(limits.max_message_bytes.max(MAX_REQUEST_BYTES))
        .max_encoding_message_size(limits.max_message_bytes)
}
