//! The live, resumable change stream (`WatchChanges`).
//!
//! Events are read from the outbox, never from pub/sub: pub/sub only wakes readers up (on every
//! replica), and a periodic poll covers a lost wake-up. One [`ChangeHub`] reader per workspace
//! and process reads each new event once and fans it out to that process's watchers, however
//! many. Positions are gap-free per workspace, so a watcher that sees position P+2 after P
//! knows it missed P+1 and reads it from the outbox: resuming after P yields exactly the
//! events after P, in order, then live ones.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use base64::{Engine, engine::general_purpose::STANDARD};
use futures::StreamExt;
use prost::Message;
use taskstream_cache::{Cache, PubSub};
use taskstream_proto::tasks_v1 as pb;
use taskstream_runtime::{ServiceError, ServiceResult};
use tokio::sync::{broadcast, mpsc};
use tonic::Status;

use crate::tasks::{
    StoredEvent, TaskStore,
    api::{change_channel, position_text},
    timestamp,
};

/// How often an idle stream sends a heartbeat.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often a hub reads the outbox without a wake-up.
const POLL: Duration = Duration::from_secs(2);
/// Events read per outbox query.
const BATCH: i64 = 256;
/// Events a slow watcher may fall behind its hub before it re-reads the outbox itself.
const HUB_BUFFER: usize = 4096;

/// How long events stay in the outbox for resuming watchers.
pub const RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);

/// Deletes outbox events past [`RETENTION`] every hour, for as long as the process runs; one
/// replica per round (a lease in `cache`).
pub fn prune_periodically(store: Arc<dyn TaskStore>, cache: Arc<dyn Cache>) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            let lease = Duration::from_secs(3600 - 60);
            if !taskstream_cache::take_turn(cache.as_ref(), "tasks:outbox-prune-lease", lease).await
            {
                continue;
            }
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_micros() as i64)
                .unwrap_or_default();
            match store.prune_events(now - RETENTION.as_micros() as i64).await {
                Ok(0) => {}
                Ok(pruned) => tracing::info!(pruned, "pruned change events past retention"),
                Err(error) => {
                    tracing::warn!(%error, "pruning change events failed; retrying in an hour")
                }
            }
        }
    });
}

/// A decoded event with its position and project.
#[derive(Debug, Clone)]
struct Event {
    position: i64,
    project_id: String,
    event: pb::ChangeEvent,
}

fn decode(stored: &StoredEvent) -> ServiceResult<Event> {
    let bytes = STANDARD
        .decode(&stored.event)
        .map_err(ServiceError::internal)?;
    let mut event = pb::ChangeEvent::decode(bytes.as_slice()).map_err(ServiceError::internal)?;
    event.position = position_text(stored.position);
    Ok(Event {
        position: stored.position,
        project_id: stored.project_id.clone(),
        event,
    })
}

/// Per-process fan-out: one outbox reader per watched workspace.
#[derive(Clone)]
pub struct ChangeHub {
    store: Arc<dyn TaskStore>,
    pubsub: Arc<dyn PubSub>,
    readers: Arc<Mutex<HashMap<String, broadcast::Sender<Event>>>>,
}

impl ChangeHub {
    /// A hub over the outbox of `store`, woken by `pubsub`.
    pub fn new(store: Arc<dyn TaskStore>, pubsub: Arc<dyn PubSub>) -> Self {
        Self {
            store,
            pubsub,
            readers: Arc::default(),
        }
    }

    /// Receives the workspace's new events, starting the workspace's reader if needed.
    async fn subscribe(&self, workspace: &str) -> ServiceResult<broadcast::Receiver<Event>> {
        if let Some(sender) = self
            .readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(workspace)
        {
            return Ok(sender.subscribe());
        }
        // Subscribe to wake-ups and position the reader before anyone listens, so the reader
        // misses nothing committed from now on.
        let wake_ups = self
            .pubsub
            .subscribe(&change_channel(workspace))
            .await
            .map_err(|error| ServiceError::unavailable("PUBSUB_UNAVAILABLE", error.to_string()))?;
        let start = self.store.last_position(workspace).await?;
        let mut readers = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = readers.get(workspace) {
            return Ok(sender.subscribe());
        }
        let (sender, receiver) = broadcast::channel(HUB_BUFFER);
        readers.insert(workspace.to_owned(), sender.clone());
        drop(readers);
        tokio::spawn(read(
            self.clone(),
            workspace.to_owned(),
            start,
            wake_ups,
            sender,
        ));
        Ok(receiver)
    }
}

/// A workspace's reader: reads each new event once and broadcasts it; stops when nobody listens.
async fn read(
    hub: ChangeHub,
    workspace: String,
    mut last: i64,
    mut wake_ups: taskstream_cache::Subscription,
    sender: broadcast::Sender<Event>,
) {
    let mut poll = tokio::time::interval(POLL);
    loop {
        if sender.receiver_count() == 0 {
            let mut readers = hub.readers.lock().unwrap_or_else(|p| p.into_inner());
            if sender.receiver_count() == 0 {
                readers.remove(&workspace);
                return;
            }
        }
        loop {
            match hub.store.events_after(&workspace, last, BATCH).await {
                Ok(batch) => {
                    for stored in &batch {
                        match decode(stored) {
                            Ok(event) => {
                                last = event.position;
                                let _ = sender.send(event);
                            }
                            Err(error) => {
                                tracing::error!(%error, position = stored.position, "undecodable change event")
                            }
                        }
                    }
                    if (batch.len() as i64) < BATCH {
                        break;
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "reading the outbox failed; retrying");
                    break;
                }
            }
        }
        tokio::select! {
            _ = wake_ups.next() => {}
            _ = poll.tick() => {}
        }
    }
}

/// What to watch and from where.
pub struct WatchRequest {
    /// The workspace id.
    pub workspace: String,
    /// Only this project's events, when set.
    pub project: Option<String>,
    /// The last position the client processed; `None` starts with the next live event.
    pub after: Option<i64>,
}

type Sender = mpsc::Sender<Result<pb::WatchChangesResponse, Status>>;

/// Starts a watch. Its starting point is fixed before this returns (events committed after
/// the call is answered are never missed); the stream ends when the client goes away.
pub async fn watch(
    hub: ChangeHub,
    request: WatchRequest,
) -> ServiceResult<tokio_stream::wrappers::ReceiverStream<Result<pb::WatchChangesResponse, Status>>>
{
    // Listen first, then read the position: whatever commits meanwhile is in the outbox or on
    // the hub, and positions tell which was already delivered.
    let live = hub.subscribe(&request.workspace).await?;
    let newest = hub.store.last_position(&request.workspace).await?;
    let last = match request.after {
        Some(after) if after > newest => {
            return Err(ServiceError::invalid_argument(vec![(
                "start_position".into(),
                "is ahead of this stream".into(),
            )]));
        }
        Some(after)
            if after < newest
                && hub
                    .store
                    .first_position(&request.workspace)
                    .await?
                    .is_none_or(|first| first > after + 1) =>
        {
            return Err(ServiceError::new(
                tonic::Code::OutOfRange,
                "POSITION_EXPIRED",
                "the events after this position are past the retention window: reload, then watch from now",
            ));
        }
        Some(after) => after,
        None => newest,
    };
    let (sender, receiver) = mpsc::channel(64);
    tokio::spawn(async move {
        if let Err(error) = run(hub, request, live, last, &sender).await {
            let _ = sender.send(Err(error.into())).await;
        }
    });
    Ok(tokio_stream::wrappers::ReceiverStream::new(receiver))
}

/// Delivers `event` if the watch wants it; `false` once the client has gone.
async fn deliver(sender: &Sender, request: &WatchRequest, event: Event) -> bool {
    if request
        .project
        .as_deref()
        .is_some_and(|project| project != event.project_id)
    {
        return true;
    }
    let message = pb::WatchChangesResponse {
        kind: Some(pb::watch_changes_response::Kind::Event(event.event)),
    };
    sender.send(Ok(message)).await.is_ok()
}

/// Reads and delivers the outbox events after `last` up to `until` (inclusive, when given).
async fn catch_up(
    hub: &ChangeHub,
    request: &WatchRequest,
    sender: &Sender,
    last: &mut i64,
    until: Option<i64>,
) -> ServiceResult<bool> {
    loop {
        let batch = hub
            .store
            .events_after(&request.workspace, *last, BATCH)
            .await?;
        for stored in &batch {
            if until.is_some_and(|until| stored.position > until) {
                return Ok(true);
            }
            let event = decode(stored)?;
            *last = event.position;
            if !deliver(sender, request, event).await {
                return Ok(false);
            }
        }
        if (batch.len() as i64) < BATCH {
            return Ok(true);
        }
    }
}

async fn run(
    hub: ChangeHub,
    request: WatchRequest,
    mut live: broadcast::Receiver<Event>,
    mut last: i64,
    sender: &Sender,
) -> ServiceResult<()> {
    if !catch_up(&hub, &request, sender, &mut last, None).await? {
        return Ok(());
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    loop {
        tokio::select! {
            received = live.recv() => match received {
                Ok(event) if event.position <= last => {}
                Ok(event) => {
                    if event.position > last + 1 && !catch_up(&hub, &request, sender, &mut last, Some(event.position - 1)).await? {
                        return Ok(());
                    }
                    last = event.position;
                    if !deliver(sender, &request, event).await {
                        return Ok(());
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    if !catch_up(&hub, &request, sender, &mut last, None).await? {
                        return Ok(());
                    }
                }
                Err(broadcast::error::RecvError::Closed) => {
                    live = hub.subscribe(&request.workspace).await?;
                }
            },
            _ = heartbeat.tick() => {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or_default();
                let beat = pb::Heartbeat { position: position_text(last), send_time: Some(timestamp(now)) };
                let message = pb::WatchChangesResponse { kind: Some(pb::watch_changes_response::Kind::Heartbeat(beat)) };
                if sender.send(Ok(message)).await.is_err() {
                    return Ok(());
                }
            }
            _ = sender.closed() => return Ok(()),
        }
    }
}
