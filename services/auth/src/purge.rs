//! Purging soft-deleted workspaces for good, `PURGE_AFTER` after their delete (the
//! `purge_time` the contract shows): the auth service's own rows go in one transaction per
//! workspace, and each purge is announced to the other services
//! ([`taskstream_cache::purges`]) every round for `ANNOUNCE_FOR`, so a service that was down
//! still hears of it.

use std::{sync::Arc, time::Duration};

use taskstream_cache::{Cache, PubSub, purges};
use taskstream_runtime::ServiceResult;

use taskstream_proto::auth_v1 as pb;

use crate::store::{AuditRecord, AuthStore};

/// How long a deleted workspace can still be undeleted.
pub const PURGE_AFTER: Duration = Duration::from_secs(30 * 24 * 3600);
/// How long each purge keeps being announced.
pub const ANNOUNCE_FOR: Duration = Duration::from_secs(7 * 24 * 3600);
/// Between rounds.
const EVERY: Duration = Duration::from_secs(3600);
/// The shared-cache key whose holder runs this round (replicas take turns).
const LEASE: &str = "auth:workspace-purge-lease";
/// Workspaces purged per round at most; the rest wait for the next round.
const PER_ROUND: i64 = 100;

/// One round at `now` (µs since the epoch): purges what is due, then announces every purge
/// of the last [`ANNOUNCE_FOR`]. Returns the workspaces purged in this round.
pub async fn purge_round(
    store: &dyn AuthStore,
    pubsub: &dyn PubSub,
    now: i64,
) -> ServiceResult<Vec<String>> {
    let deleted_before = now - PURGE_AFTER.as_micros() as i64;
    let mut purged = Vec::new();
    for workspace in store
        .workspaces_due_for_purge(deleted_before, PER_ROUND)
        .await?
    {
        // One that fails is logged and retried next round; it never blocks the others.
        match store.purge_workspace(&workspace, deleted_before, now).await {
            Ok(true) => {
                let event = AuditRecord {
                    id: uuid::Uuid::now_v7().hyphenated().to_string(),
                    workspace_id: String::new(),
                    event_type: pb::AuditEventType::WorkspacePurged as i32,
                    outcome: pb::AuditOutcome::Success as i32,
                    actor: "services/auth".into(),
                    target: format!("workspaces/{workspace}"),
                    source_ip: String::new(),
                    details: "{}".into(),
                    create_time: now,
                };
                if let Err(error) = store.append_audit(&event).await {
                    tracing::error!(%error, %workspace, "could not audit a workspace purge");
                }
                purged.push(workspace);
            }
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, %workspace, "purging a workspace failed"),
        }
    }
    if !purged.is_empty() {
        tracing::info!(count = purged.len(), "purged deleted workspaces");
    }
    for workspace in store
        .purged_workspaces(now - ANNOUNCE_FOR.as_micros() as i64)
        .await?
    {
        if let Err(error) = purges::announce_purge(pubsub, &workspace).await {
            tracing::warn!(%error, %workspace, "announcing a purge failed; next round retries");
        }
    }
    Ok(purged)
}

/// Runs [`purge_round`] every hour in the replica that takes the round's lease.
pub fn purge_periodically(
    store: Arc<dyn AuthStore>,
    cache: Arc<dyn Cache>,
    pubsub: Arc<dyn PubSub>,
) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            let lease = Duration::from_secs(EVERY.as_secs() - 60);
            if !taskstream_cache::take_turn(cache.as_ref(), LEASE, lease).await {
                continue;
            }
            let now = crate::grpc::now_micros();
            if let Err(error) = purge_round(store.as_ref(), pubsub.as_ref(), now).await {
                tracing::warn!(%error, "purging deleted workspaces failed; retrying next round");
            }
        }
    });
}
