//! The transcript-session sweep on both storage adapters: an idle session is closed (its
//! watchers told why) and an expired one deleted, without anybody reading them.

use std::sync::Arc;

use prost::Message as _;
use taskstream_nlp::sessions::{
    Sessions,
    store::{PostgresSessionStore, SessionRecord, SessionStore, SqliteSessionStore},
};
use taskstream_proto::nlp_v1 as nlp;
use taskstream_relational::Database;
use taskstream_runtime::config::DatabaseConfig;

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

async fn store(backend: Backend) -> (Arc<dyn SessionStore>, Backing) {
    let config = DatabaseConfig::default();
    let database = &taskstream_nlp::DATABASE;
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let Database::Sqlite(pool) = database.open_sqlite(dir.path(), &config).await.unwrap()
            else {
                unreachable!()
            };
            (
                Arc::new(SqliteSessionStore::new(pool)),
                Backing::Sqlite(dir),
            )
        }
        Backend::Postgres => {
            let test_db = taskstream_testkit::postgres_database().await;
            database
                .migrate_postgres(test_db.url(), &config)
                .await
                .unwrap();
            let Database::Postgres(pool) = database
                .open_postgres(test_db.url(), &config)
                .await
                .unwrap()
            else {
                unreachable!()
            };
            (
                Arc::new(PostgresSessionStore::new(pool)),
                Backing::Postgres(test_db),
            )
        }
    }
}

fn micros_ago(seconds: i64) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64;
    now - seconds * 1_000_000
}

fn record(
    id: &str,
    state: nlp::TranscriptSessionState,
    updated: i64,
    expires: Option<i64>,
) -> SessionRecord {
    let session = nlp::TranscriptSession {
        name: format!("workspaces/w1/transcriptSessions/{id}"),
        state: state as i32,
        time_zone: "UTC".into(),
        etag: "1".into(),
        ..Default::default()
    };
    SessionRecord {
        workspace_id: "w1".into(),
        id: id.into(),
        state: state as i64,
        request_id: None,
        version: 1,
        next_candidate: 1,
        last_position: 0,
        update_time: updated,
        expire_time: expires,
        data: session.encode_to_vec(),
    }
}

async fn idle_sessions_are_closed_and_expired_ones_deleted(backend: Backend) {
    let (store, _backing) = store(backend).await;
    let active = nlp::TranscriptSessionState::Active;
    let closed = nlp::TranscriptSessionState::Closed;
    store
        .insert(&record("idle", active, micros_ago(31 * 60), None))
        .await
        .unwrap();
    store
        .insert(&record("busy", active, micros_ago(60), None))
        .await
        .unwrap();
    store
        .insert(&record(
            "expired",
            closed,
            micros_ago(8 * 24 * 3600),
            Some(micros_ago(3600)),
        ))
        .await
        .unwrap();
    let sessions = Sessions::new(
        store.clone(),
        Arc::new(taskstream_cache::MemoryPubSub::new()),
        Arc::new(taskstream_cache::MemoryCache::new()),
        Vec::new(),
        no_models(),
    );
    let mut watch = sessions
        .watch("workspaces/w1/transcriptSessions/idle", 0)
        .await
        .unwrap();

    sessions.sweep().await;

    let idle = sessions
        .get("workspaces/w1/transcriptSessions/idle")
        .await
        .unwrap();
    assert_eq!(idle.state, closed as i32);
    assert_eq!(idle.close_reason, nlp::CloseReason::IdleTimeout as i32);
    let event = tokio::time::timeout(std::time::Duration::from_secs(5), watch.recv())
        .await
        .expect("the watcher hears of it")
        .unwrap()
        .unwrap();
    assert!(matches!(
        event.event,
        Some(nlp::transcript_event::Event::SessionClosed(nlp::SessionClosed { reason, .. }))
            if reason == nlp::CloseReason::IdleTimeout as i32
    ));
    let busy = sessions
        .get("workspaces/w1/transcriptSessions/busy")
        .await
        .unwrap();
    assert_eq!(busy.state, active as i32, "a session in use stays open");
    assert!(
        store.get("w1", "expired").await.unwrap().is_none(),
        "closed sessions are deleted after their expiry"
    );
}

/// Replicas share one cache: in a round, exactly one of them takes the sweep.
async fn replicas_take_turns_to_sweep(backend: Backend) {
    let (store, _backing) = store(backend).await;
    let cache: Arc<dyn taskstream_cache::Cache> = match backend {
        Backend::Sqlite => Arc::new(taskstream_cache::MemoryCache::new()),
        Backend::Postgres => {
            let (url, prefix) = taskstream_testkit::redis_namespace();
            let (client, _) = taskstream_cache::connect_redis(&url).await.unwrap();
            Arc::new(taskstream_cache::RedisCache::new(client, prefix))
        }
    };
    let replica = || {
        Sessions::new(
            store.clone(),
            Arc::new(taskstream_cache::MemoryPubSub::new()),
            cache.clone(),
            Vec::new(),
            no_models(),
        )
    };
    // Their own loops first sweep a minute after start: these are the only takers.
    let replicas = [replica(), replica(), replica()];
    let mut turns = 0;
    for replica in &replicas {
        turns += usize::from(replica.take_sweep_turn().await);
    }
    assert_eq!(turns, 1, "one sweep per round across replicas");
    // The next round starts when the lease lapses.
    cache.delete("nlp:sessions:sweep-lease").await.unwrap();
    assert!(replicas[2].take_sweep_turn().await);
}

/// A purged workspace's sessions go; another workspace's stay.
async fn a_purged_workspace_loses_its_sessions(backend: Backend) {
    let (store, _backing) = store(backend).await;
    let active = nlp::TranscriptSessionState::Active;
    for id in ["a", "b"] {
        store
            .insert(&record(id, active, micros_ago(60), None))
            .await
            .unwrap();
    }
    let elsewhere = SessionRecord {
        workspace_id: "w2".into(),
        ..record("c", active, micros_ago(60), None)
    };
    store.insert(&elsewhere).await.unwrap();

    assert_eq!(store.purge_workspace("w1").await.unwrap(), 2);
    assert!(store.get("w1", "a").await.unwrap().is_none());
    assert!(store.get("w1", "b").await.unwrap().is_none());
    assert!(store.get("w2", "c").await.unwrap().is_some());
    assert_eq!(store.purge_workspace("w1").await.unwrap(), 0, "idempotent");
}

taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
    idle_sessions_are_closed_and_expired_ones_deleted,
    replicas_take_turns_to_sweep,
    a_purged_workspace_loses_its_sessions,
]);

/// A model catalogue over an empty directory: the rules alone analyse.
fn no_models() -> Arc<taskstream_nlp::models::Models> {
    taskstream_nlp::models::Models::open(
        std::env::temp_dir().join("taskstream-no-models"),
        taskstream_nlp::models::InferenceLimits {
            workers: 1,
            threads_per_worker: 1,
            max_queued_batches: 1,
        },
    )
}
