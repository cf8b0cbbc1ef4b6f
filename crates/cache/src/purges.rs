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
/// runs; a lost subscription is renewed after a pause.
pub fn on_workspace_purged<F, Fut>(pubsub: Arc<dyn PubSub>, purge: F)
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        loop {
            match pubsub.subscribe(WORKSPACE_PURGED).await {
                Ok(mut messages) => {
                    while let Some(event) = messages.next().await {
                        match event {
                            PubSubEvent::Message(payload) => {
                                match String::from_utf8(payload.to_vec()) {
                                    Ok(workspace) => purge(workspace).await,
                                    Err(_) => tracing::warn!("a purge announcement is not UTF-8"),
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
