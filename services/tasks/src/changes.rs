//! The live, resumable change stream (`WatchChanges`). Events are read from the outbox, never
//! from pub/sub: pub/sub only wakes watchers up (on every replica), and a periodic poll covers
//! a lost wake-up. Positions are gap-free per workspace, so resuming after position P returns
//! exactly the events after P, in order, then live ones.

use std::{sync::Arc, time::Duration};

use base64::{Engine, engine::general_purpose::STANDARD};
use futures::StreamExt;
use prost::Message;
use taskstream_cache::PubSub;
use taskstream_proto::tasks_v1 as pb;
use taskstream_runtime::ServiceError;
use tokio::sync::mpsc;
use tonic::Status;

use crate::tasks::{
    TaskStore,
    api::{change_channel, position_text},
    timestamp,
};

/// How often an idle stream sends a heartbeat.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often a watcher reads the outbox without a wake-up.
const POLL: Duration = Duration::from_secs(2);
/// Events read per outbox query.
const BATCH: i64 = 256;

/// What to watch and from where.
pub struct WatchRequest {
    /// The workspace id.
    pub workspace: String,
    /// Only this project's events, when set.
    pub project: Option<String>,
    /// The last position the client processed; `None` starts with the next live event.
    pub after: Option<i64>,
}

/// Starts a watch; the stream ends when the client goes away.
pub fn watch(
    store: Arc<dyn TaskStore>,
    pubsub: Arc<dyn PubSub>,
    request: WatchRequest,
) -> tokio_stream::wrappers::ReceiverStream<Result<pb::WatchChangesResponse, Status>> {
    let (sender, receiver) = mpsc::channel(64);
    tokio::spawn(async move {
        if let Err(error) = run(store, pubsub, request, &sender).await {
            let _ = sender.send(Err(error.into())).await;
        }
    });
    tokio_stream::wrappers::ReceiverStream::new(receiver)
}

type Sender = mpsc::Sender<Result<pb::WatchChangesResponse, Status>>;

async fn run(
    store: Arc<dyn TaskStore>,
    pubsub: Arc<dyn PubSub>,
    request: WatchRequest,
    sender: &Sender,
) -> Result<(), ServiceError> {
    // Subscribe before reading, so nothing committed after the read goes unannounced.
    let mut wake_ups = pubsub
        .subscribe(&change_channel(&request.workspace))
        .await
        .map_err(|error| ServiceError::unavailable("PUBSUB_UNAVAILABLE", error.to_string()))?;
    let newest = store.last_position(&request.workspace).await?;
    let mut last = match request.after {
        Some(after) if after > newest => {
            return Err(ServiceError::invalid_argument(vec![(
                "start_position".into(),
                "is ahead of this stream".into(),
            )]));
        }
        Some(after) => after,
        None => newest,
    };
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut poll = tokio::time::interval(POLL);
    loop {
        loop {
            let batch = store.events_after(&request.workspace, last, BATCH).await?;
            for stored in &batch {
                last = stored.position;
                if request
                    .project
                    .as_deref()
                    .is_some_and(|project| project != stored.project_id)
                {
                    continue;
                }
                let bytes = STANDARD
                    .decode(&stored.event)
                    .map_err(ServiceError::internal)?;
                let mut event =
                    pb::ChangeEvent::decode(bytes.as_slice()).map_err(ServiceError::internal)?;
                event.position = position_text(stored.position);
                let message = pb::WatchChangesResponse {
                    kind: Some(pb::watch_changes_response::Kind::Event(event)),
                };
                if sender.send(Ok(message)).await.is_err() {
                    return Ok(());
                }
            }
            if (batch.len() as i64) < BATCH {
                break;
            }
        }
        tokio::select! {
            _ = wake_ups.next() => {}
            _ = poll.tick() => {}
            _ = heartbeat.tick() => {
                let beat = pb::Heartbeat {
                    position: position_text(last),
                    send_time: Some(timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or_default())),
                };
                let message = pb::WatchChangesResponse { kind: Some(pb::watch_changes_response::Kind::Heartbeat(beat)) };
                if sender.send(Ok(message)).await.is_err() {
                    return Ok(());
                }
            }
            _ = sender.closed() => return Ok(()),
        }
    }
}
