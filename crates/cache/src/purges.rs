//! Workspace purges across services: the auth service announces each purged workspace on
//! one channel, and every service that keeps data per workspace deletes its share.
//!
//! Pub/sub delivers only to those listening, so the auth service repeats each announcement
//! for days (every round of its purge job); handlers are idempotent and a replica that was
//! down catches up on the next round.

use std::{future::Future, sync::Arc, time::Duration};

use bytes::Bytes;
use futures::StreamExt as _;

use crate::{CacheResult, PubSub, PubSubEvent};

/// The channel; each message is one workspace id.
pub const WORKSPACE_PURGED: &str = "workspaces.purged";

/// Announces that `workspace` was purged.
pub async fn announce_purge(pubsub: &dyn PubSub, workspace: &str) -> CacheResult<()> {
    pubsub
        .publish(
            WORKSPACE_PURGED,
            Bytes::copy_from_slice(workspace.as_bytes()),
        )
        .await
}

/// Runs `purge` for every workspace announced from now on, for as long as the process
/// runs, and logs what it deleted (`what`: "tasks", "transcript sessions") or why it failed;
/// a failure is retried by the next announcement. A lost subscription is renewed after a
/// pause.
pub fn on_workspace_purged<F, Fut, E>(pubsub: Arc<dyn PubSub>, what: &'static str, purge: F)
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<u64, E>> + Send,
    E: std::fmt::Display,
{
    tokio::spawn(async move {
        loop {
            match pubsub.subscribe(WORKSPACE_PURGED).await {
                Ok(mut messages) => {
                    while let Some(event) = messages.next().await {
                        match event {
                            PubSubEvent::Message(payload) => {
                                let Ok(workspace) = String::from_utf8(payload.to_vec()) else {
                                    tracing::warn!("a purge announcement is not UTF-8");
                                    continue;
                                };
                                match purge(workspace.clone()).await {
                                    Ok(deleted) => {
                                        tracing::info!(%workspace, deleted, what, "purged a deleted workspace's data")
                                    }
                                    Err(error) => {
                                        tracing::warn!(%error, %workspace, what, "purging a workspace's data failed")
                                    }
                                }
                            }
                            // The next round of announcements repeats what was missed.
                            PubSubEvent::Lagged(missed) => {
                                tracing::warn!(missed, "purge announcements dropped")
                            }
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "cannot subscribe to purge announcements"),
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}
