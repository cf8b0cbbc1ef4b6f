//! Transcript sessions: a live meeting's segments in, candidate task events out. The session
//! and its events are stored (SQLite in dev, PostgreSQL in production), so any replica can
//! answer `Get`, `Watch` or `Append`, and a client that lost its stream resumes from a
//! position. Watchers are woken through pub/sub and read the events from the store.

pub mod analysis;
pub mod store;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use bytes::Bytes;
use futures::StreamExt as _;
use prost::Message as _;
use taskstream_cache::{Cache, PubSub};
use taskstream_proto::nlp_v1 as nlp;
use taskstream_runtime::{ServiceError, ServiceResult};
use tokio::sync::mpsc;

use store::{SessionRecord, SessionStore};

use crate::{
    filter,
    models::{EncoderState, Models},
};

/// An active session with no new segment for this long is closed (`CLOSE_REASON_IDLE_TIMEOUT`),
/// by the sweep within a minute or when it is next read.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// A closed session and its events are deleted this long after closing.
pub const RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);
/// Most segments one session takes (`CLOSE_REASON_LIMIT_REACHED` beyond).
pub const MAX_SEGMENTS: usize = 20_000;
/// Longest segment text, in code points.
pub const MAX_SEGMENT_CHARS: usize = 8_000;
/// How often idle sessions are closed and expired ones deleted.
const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// How long the task filter may take over one batch of segments.
const EMBED_CAP: Duration = Duration::from_secs(10);
/// The shared-cache key whose holder sweeps this round; it lapses a little before the next
/// round, so the replicas take turns rather than all sweeping.
const SWEEP_LEASE: &str = "nlp:sessions:sweep-lease";
const SWEEP_LEASE_TTL: Duration = Duration::from_secs(55);
/// A watch with nothing to send checks the store at least this often.
const WATCH_POLL: Duration = Duration::from_secs(15);

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}

fn timestamp(micros: i64) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: micros.div_euclid(1_000_000),
        nanos: (micros.rem_euclid(1_000_000) * 1000) as i32,
    }
}

pub use taskstream_runtime::position::position_text;

/// Reads a position sent by a client; empty means the start of the session.
pub fn parse_position(field: &str, text: &str) -> ServiceResult<i64> {
    match text {
        "" => Ok(0),
        text => taskstream_runtime::position::parse_position(field, text),
    }
}

fn invalid(field: &str, why: impl Into<String>, reason: &'static str) -> ServiceError {
    ServiceError::invalid_argument(vec![(field.to_owned(), why.into())]).with_reason(reason)
}

fn channel(session: &str) -> String {
    format!("nlp:transcript:{session}")
}

/// The sessions of this service.
#[derive(Clone)]
pub struct Sessions {
    store: Arc<dyn SessionStore>,
    pubsub: Arc<dyn PubSub>,
    /// Shared by the replicas: holds the sweep lease.
    cache: Arc<dyn Cache>,
    /// One writer per session in this process (the version check covers other replicas).
    locks: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    model_versions: Vec<nlp::ModelVersion>,
    /// The encoder the task filter reads.
    models: Arc<Models>,
}

/// A session read from the store.
struct Loaded {
    record: SessionRecord,
    session: nlp::TranscriptSession,
}

impl Sessions {
    /// Sessions in `store`, announced on `pubsub`, analysed by the rules of `model_versions`
    /// and, when `models` has the encoder at a session's creation, by the task filter.
    pub fn new(
        store: Arc<dyn SessionStore>,
        pubsub: Arc<dyn PubSub>,
        cache: Arc<dyn Cache>,
        model_versions: Vec<nlp::ModelVersion>,
        models: Arc<Models>,
    ) -> Self {
        let sessions = Self {
            store,
            pubsub,
            cache,
            locks: Arc::default(),
            model_versions,
            models,
        };
        let sweeper = sessions.clone();
        tokio::spawn(async move {
            // The first round a minute after start, like every other.
            let first = tokio::time::Instant::now() + SWEEP_EVERY;
            let mut every = tokio::time::interval_at(first, SWEEP_EVERY);
            loop {
                every.tick().await;
                if sweeper.take_sweep_turn().await {
                    sweeper.sweep().await;
                }
            }
        });
        sessions
    }

    /// Whether this replica sweeps this round: the first to take the round's lease in the
    /// shared cache does, so N replicas sweep once a minute between them, not N times. When
    /// the cache fails it sweeps anyway: sweeping twice is harmless, never sweeping is not.
    pub async fn take_sweep_turn(&self) -> bool {
        taskstream_cache::take_turn(self.cache.as_ref(), SWEEP_LEASE, SWEEP_LEASE_TTL).await
    }

    /// Closes sessions idle past [`IDLE_TIMEOUT`] (their watchers get `session_closed`) and
    /// deletes closed ones past [`RETENTION`]. Idempotent, so a round that two replicas both
    /// sweep (the lease lapsed, the cache failed) does no harm.
    pub async fn sweep(&self) {
        let cutoff = now_micros() - IDLE_TIMEOUT.as_micros() as i64;
        match self
            .store
            .idle_sessions(nlp::TranscriptSessionState::Active as i64, cutoff)
            .await
        {
            Ok(idle) => {
                for (workspace, id) in idle {
                    let name = format!("workspaces/{workspace}/transcriptSessions/{id}");
                    if let Err(error) = self.close(&name, "", nlp::CloseReason::IdleTimeout).await {
                        tracing::warn!(%error, %name, "closing an idle transcript session failed");
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "listing idle transcript sessions failed"),
        }
        match self.store.purge_expired(now_micros()).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "deleted expired transcript sessions"),
            Err(error) => tracing::warn!(%error, "purging transcript sessions failed"),
        }
    }

    fn lock(&self, session: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        if locks.len() > 10_000 {
            locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        locks.entry(session.to_owned()).or_default().clone()
    }

    async fn load(&self, workspace: &str, id: &str, name: &str) -> ServiceResult<Loaded> {
        let record = self
            .store
            .get(workspace, id)
            .await?
            .ok_or_else(|| ServiceError::not_found(name))?;
        let session = nlp::TranscriptSession::decode(record.data.as_slice())
            .map_err(ServiceError::internal)?;
        Ok(Loaded { record, session })
    }

    /// Creates a session (or returns the one an earlier call with `request_id` created).
    pub async fn create(
        &self,
        parent: &str,
        session: Option<nlp::TranscriptSession>,
        request_id: &str,
    ) -> ServiceResult<nlp::TranscriptSession> {
        let workspace = crate::names::workspace("parent", parent)?;
        let mut session = session
            .ok_or_else(|| invalid("transcript_session", "is required", "INVALID_ARGUMENT"))?;
        if session.display_name.chars().count() > 200 {
            return Err(invalid(
                "transcript_session.display_name",
                "at most 200 characters",
                "INVALID_ARGUMENT",
            ));
        }
        if session.reference.chars().count() > 2048 {
            return Err(invalid(
                "transcript_session.reference",
                "at most 2,048 characters",
                "INVALID_ARGUMENT",
            ));
        }
        if request_id.chars().count() > 64 {
            return Err(invalid(
                "request_id",
                "at most 64 characters",
                "INVALID_ARGUMENT",
            ));
        }
        if taskstream_nlp_dates::parse_zone(&session.time_zone).is_none() {
            return Err(invalid(
                "transcript_session.time_zone",
                format!(
                    "`{}` is not an IANA time zone (e.g. Europe/Berlin)",
                    session.time_zone
                ),
                "UNKNOWN_TIME_ZONE",
            ));
        }
        crate::document::check_participants(
            "transcript_session.participants",
            &[],
            &session.participants,
        )?;
        let now = now_micros();
        let id = uuid::Uuid::now_v7().hyphenated().to_string();
        session.name = format!("workspaces/{workspace}/transcriptSessions/{id}");
        session.state = nlp::TranscriptSessionState::Active as i32;
        session.close_reason = 0;
        session.segment_count = 0;
        session.candidates.clear();
        session.last_position = position_text(0);
        session.model_versions = self.model_versions.clone();
        // The task filter scores this session's candidates if the encoder serves now or is
        // still loading (pushes meanwhile are told to retry).
        if matches!(
            self.models.encoder_state(),
            EncoderState::Ready(..) | EncoderState::Loading
        ) {
            session.model_versions.extend(filter::model_versions());
        }
        session.start_time = Some(session.start_time.unwrap_or_else(|| timestamp(now)));
        session.create_time = Some(timestamp(now));
        session.update_time = Some(timestamp(now));
        session.close_time = None;
        session.expire_time = None;
        session.etag = "1".into();
        let record = SessionRecord {
            workspace_id: workspace.to_owned(),
            id,
            state: session.state as i64,
            request_id: (!request_id.is_empty()).then(|| request_id.to_owned()),
            version: 1,
            next_candidate: 1,
            last_position: 0,
            update_time: now,
            expire_time: None,
            data: session.encode_to_vec(),
        };
        match self.store.insert(&record).await? {
            None => Ok(session),
            Some(first) => nlp::TranscriptSession::decode(first.data.as_slice())
                .map_err(ServiceError::internal),
        }
    }

    /// A session, closed first if it sat idle too long.
    pub async fn get(&self, name: &str) -> ServiceResult<nlp::TranscriptSession> {
        let (workspace, id) = crate::names::session("name", name)?;
        let loaded = self.load(&workspace, &id, name).await?;
        if loaded.session.state == nlp::TranscriptSessionState::Active as i32
            && now_micros() - loaded.record.update_time > IDLE_TIMEOUT.as_micros() as i64
        {
            return self.close(name, "", nlp::CloseReason::IdleTimeout).await;
        }
        Ok(loaded.session)
    }

    /// Sessions of a workspace, by id.
    pub async fn list(
        &self,
        parent: &str,
        page_size: i32,
        page_token: &str,
        state: i32,
    ) -> ServiceResult<(Vec<nlp::TranscriptSession>, String)> {
        let workspace = crate::names::workspace("parent", parent)?;
        if page_size < 0 {
            return Err(invalid(
                "page_size",
                "must not be negative",
                "INVALID_ARGUMENT",
            ));
        }
        let size = match page_size {
            0 => 50,
            size => size.min(1000),
        } as i64;
        let state = match nlp::TranscriptSessionState::try_from(state) {
            Ok(nlp::TranscriptSessionState::Unspecified) => None,
            Ok(state) => Some(state as i64),
            Err(_) => {
                return Err(invalid(
                    "state",
                    "is not a session state",
                    "INVALID_ARGUMENT",
                ));
            }
        };
        if page_token.len() > 64 {
            return Err(invalid(
                "page_token",
                "is not a token this list issued",
                "INVALID_ARGUMENT",
            ));
        }
        let records = self
            .store
            .list(workspace, state, page_token, size + 1)
            .await?;
        let next = match records.len() as i64 > size {
            true => records[size as usize - 1].id.clone(),
            false => String::new(),
        };
        let sessions = records
            .into_iter()
            .take(size as usize)
            .map(|r| {
                nlp::TranscriptSession::decode(r.data.as_slice()).map_err(ServiceError::internal)
            })
            .collect::<ServiceResult<Vec<_>>>()?;
        Ok((sessions, next))
    }

    /// Adds segments and participants and analyses the transcript; (segments appended,
    /// segments in the session).
    pub async fn append(
        &self,
        name: &str,
        segments: Vec<nlp::TranscriptSegment>,
        participants: Vec<nlp::Participant>,
    ) -> ServiceResult<(i32, i32)> {
        let (workspace, id) = crate::names::session("name", name)?;
        for (index, segment) in segments.iter().enumerate() {
            let field = format!("segments[{index}]");
            if segment.segment_id.is_empty() || segment.segment_id.chars().count() > 64 {
                return Err(invalid(
                    &format!("{field}.segment_id"),
                    "must be 1 to 64 characters",
                    "INVALID_ARGUMENT",
                ));
            }
            let length = segment.text.chars().count();
            if segment.text.trim().is_empty() || length > MAX_SEGMENT_CHARS {
                return Err(invalid(
                    &format!("{field}.text"),
                    format!("must be 1 to {MAX_SEGMENT_CHARS} code points, not blank"),
                    "INVALID_ARGUMENT",
                ));
            }
            if segment.speaker_label.chars().count() > 200 {
                return Err(invalid(
                    &format!("{field}.speaker_label"),
                    "at most 200 characters",
                    "INVALID_ARGUMENT",
                ));
            }
        }
        let lock = self.lock(&id);
        let _writer = lock.lock().await;
        for _attempt in 0..5 {
            let Loaded {
                record,
                mut session,
            } = self.load(&workspace, &id, name).await?;
            if session.state != nlp::TranscriptSessionState::Active as i32 {
                return Err(ServiceError::failed_precondition(
                    "SESSION_CLOSED",
                    format!("{name} is closed and takes no more segments"),
                ));
            }
            crate::document::check_participants(
                "participants",
                &session.participants,
                &participants,
            )?;
            for (index, segment) in segments.iter().enumerate() {
                let known = segment.speaker.is_empty()
                    || session
                        .participants
                        .iter()
                        .chain(&participants)
                        .any(|p| p.id == segment.speaker);
                if !known {
                    return Err(invalid(
                        &format!("segments[{index}].speaker"),
                        format!("`{}` is not a participant of the session", segment.speaker),
                        "UNKNOWN_PARTICIPANT",
                    ));
                }
            }
            let stored: Vec<nlp::TranscriptSegment> = self
                .store
                .segments(&id)
                .await?
                .iter()
                .map(|bytes| {
                    nlp::TranscriptSegment::decode(bytes.as_slice()).map_err(ServiceError::internal)
                })
                .collect::<ServiceResult<_>>()?;
            let mut all = stored.clone();
            let mut fresh = Vec::new();
            for (index, segment) in segments.iter().enumerate() {
                match all.iter().find(|s| s.segment_id == segment.segment_id) {
                    Some(same) if same == segment => continue,
                    Some(_) => {
                        return Err(invalid(
                            &format!("segments[{index}].segment_id"),
                            format!(
                                "`{}` was received before with other content",
                                segment.segment_id
                            ),
                            "SEGMENT_CONFLICT",
                        ));
                    }
                    None => {
                        all.push(segment.clone());
                        fresh.push(segment.clone());
                    }
                }
            }
            if fresh.is_empty() && participants.is_empty() {
                return Ok((0, session.segment_count));
            }
            if all.len() > MAX_SEGMENTS {
                return Err(ServiceError::failed_precondition(
                    "SEGMENT_LIMIT",
                    format!(
                        "a session takes at most {MAX_SEGMENTS} segments: close it and start another"
                    ),
                ));
            }
            let now = now_micros();
            let mut events = Vec::new();
            for participant in &participants {
                session.participants.push(participant.clone());
                events.push(nlp::transcript_event::Event::ParticipantAdded(
                    participant.clone(),
                ));
            }
            let mut next_candidate = record.next_candidate;
            if !fresh.is_empty() {
                let zone =
                    taskstream_nlp_dates::parse_zone(&session.time_zone).unwrap_or(chrono_tz::UTC);
                // A session created with the task filter is scored by it throughout.
                let encoder = if filter::listed(&session.model_versions) {
                    Some(self.models.ready_encoder()?)
                } else {
                    None
                };
                let transcript = analysis::transcript(&all, &session.participants);
                let for_rules = session.clone();
                let (mut found, transcript) = tokio::task::spawn_blocking(move || {
                    (analysis::find(&transcript, &for_rules, zone), transcript)
                })
                .await
                .map_err(ServiceError::internal)?;
                if let Some(encoder) = &encoder {
                    filter::rescore(
                        encoder,
                        taskstream_nlp_extract::Kind::Transcript,
                        &transcript.text,
                        &mut found,
                        EMBED_CAP,
                    )
                    .await?;
                }
                // Live candidates are cut where `ExtractTasks` cuts by default.
                found.retain(|c| c.confidence >= filter::DEFAULT_MIN_CONFIDENCE);
                let found = analysis::candidates(found, &transcript, zone);
                let last = fresh.last().expect("fresh is not empty");
                let cause_range = transcript
                    .spans
                    .iter()
                    .find(|(segment, _)| *segment == last.segment_id)
                    .map(|(_, span)| span.clone())
                    .unwrap_or_default();
                let cause = nlp::TextSpan {
                    segment_id: last.segment_id.clone(),
                    start_offset: 0,
                    end_offset: last.text.chars().count() as i32,
                    text: transcript
                        .text
                        .get(cause_range)
                        .unwrap_or_default()
                        .to_owned(),
                };
                let (standing, changes) =
                    analysis::diff(&session.candidates, found, &mut next_candidate, &cause);
                session.candidates = standing;
                events.extend(changes);
                session.segment_count = all.len() as i32;
                events.push(nlp::transcript_event::Event::SegmentsProcessed(
                    nlp::SegmentsProcessed {
                        last_segment_id: last.segment_id.clone(),
                        segment_count: session.segment_count,
                    },
                ));
            }
            let (rows, last_position) = event_rows(record.last_position, events, now);
            let version = record.version + 1;
            session.last_position = position_text(last_position);
            session.update_time = Some(timestamp(now));
            session.etag = version.to_string();
            let first_seq = stored.len() as i64;
            let segment_rows: Vec<_> = fresh
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    (
                        s.segment_id.clone(),
                        first_seq + i as i64,
                        s.encode_to_vec(),
                    )
                })
                .collect();
            let updated = SessionRecord {
                next_candidate,
                last_position,
                update_time: now,
                version,
                data: session.encode_to_vec(),
                ..record.clone()
            };
            if self
                .store
                .commit(&updated, record.version, &segment_rows, &rows)
                .await?
            {
                self.announce(&id).await;
                return Ok((fresh.len() as i32, session.segment_count));
            }
        }
        Err(concurrent_write())
    }

    /// Closes a session (a no-op on a closed one), after checking `etag` when given.
    pub async fn close(
        &self,
        name: &str,
        etag: &str,
        reason: nlp::CloseReason,
    ) -> ServiceResult<nlp::TranscriptSession> {
        let (workspace, id) = crate::names::session("name", name)?;
        let lock = self.lock(&id);
        let _writer = lock.lock().await;
        for _attempt in 0..5 {
            let Loaded {
                record,
                mut session,
            } = self.load(&workspace, &id, name).await?;
            if !etag.is_empty() && etag != session.etag {
                return Err(ServiceError::etag_mismatch(name));
            }
            if session.state == nlp::TranscriptSessionState::Closed as i32 {
                return Ok(session);
            }
            let now = now_micros();
            let expire = now + RETENTION.as_micros() as i64;
            session.state = nlp::TranscriptSessionState::Closed as i32;
            session.close_reason = reason as i32;
            session.close_time = Some(timestamp(now));
            session.expire_time = Some(timestamp(expire));
            session.update_time = Some(timestamp(now));
            let closed = nlp::transcript_event::Event::SessionClosed(nlp::SessionClosed {
                reason: reason as i32,
                candidate_count: session.candidates.len() as i32,
            });
            let (rows, last_position) = event_rows(record.last_position, vec![closed], now);
            let version = record.version + 1;
            session.last_position = position_text(last_position);
            session.etag = version.to_string();
            let updated = SessionRecord {
                state: session.state as i64,
                version,
                last_position,
                update_time: now,
                expire_time: Some(expire),
                data: session.encode_to_vec(),
                ..record.clone()
            };
            if self
                .store
                .commit(&updated, record.version, &[], &rows)
                .await?
            {
                self.announce(&id).await;
                return Ok(session);
            }
        }
        Err(concurrent_write())
    }

    /// The text of every segment of a session, by segment id.
    pub async fn segment_texts(&self, name: &str) -> ServiceResult<HashMap<String, String>> {
        let (workspace, id) = crate::names::session("transcript_session", name)?;
        self.load(&workspace, &id, name).await?;
        self.store
            .segments(&id)
            .await?
            .iter()
            .map(|bytes| {
                nlp::TranscriptSegment::decode(bytes.as_slice())
                    .map(|segment| (segment.segment_id, segment.text))
                    .map_err(ServiceError::internal)
            })
            .collect()
    }

    /// Deletes a session and its events, after checking `etag` when given.
    pub async fn delete(&self, name: &str, etag: &str) -> ServiceResult<()> {
        let (workspace, id) = crate::names::session("name", name)?;
        let loaded = self.load(&workspace, &id, name).await?;
        if !etag.is_empty() && etag != loaded.session.etag {
            return Err(ServiceError::etag_mismatch(name));
        }
        self.store.delete(&workspace, &id).await?;
        self.announce(&id).await;
        Ok(())
    }

    async fn announce(&self, session: &str) {
        if let Err(error) = self.pubsub.publish(&channel(session), Bytes::new()).await {
            tracing::warn!(%error, "cannot wake the session's watchers; they poll");
        }
    }

    /// The session's events after `after`, then live ones, until it closes (or is deleted).
    pub async fn watch(
        &self,
        name: &str,
        after: i64,
    ) -> ServiceResult<mpsc::Receiver<ServiceResult<nlp::TranscriptEvent>>> {
        let (workspace, id) = crate::names::session("name", name)?;
        self.load(&workspace, &id, name).await?;
        let mut wake = self
            .pubsub
            .subscribe(&channel(&id))
            .await
            .map_err(|error| {
                ServiceError::unavailable(
                    "PUBSUB_UNAVAILABLE",
                    format!("cannot follow the session: {error}"),
                )
            })?;
        let (sender, receiver) = mpsc::channel(64);
        let store = self.store.clone();
        tokio::spawn(async move {
            let mut after = after;
            loop {
                let rows = match store.events_after(&id, after, 500).await {
                    Ok(rows) => rows,
                    Err(error) => {
                        let _ = sender.send(Err(error)).await;
                        return;
                    }
                };
                let fetched = rows.len();
                for (position, data) in rows {
                    after = position;
                    let Ok(event) = nlp::TranscriptEvent::decode(data.as_slice()) else {
                        continue;
                    };
                    let last = matches!(
                        event.event,
                        Some(nlp::transcript_event::Event::SessionClosed(_))
                    );
                    if sender.send(Ok(event)).await.is_err() || last {
                        return;
                    }
                }
                if fetched == 500 {
                    continue;
                }
                if matches!(store.get(&workspace, &id).await, Ok(None)) {
                    return;
                }
                tokio::select! {
                    _ = wake.next() => {}
                    _ = tokio::time::sleep(WATCH_POLL) => {}
                    _ = sender.closed() => return,
                }
            }
        });
        Ok(receiver)
    }
}

/// The session changed under every attempt of a write.
fn concurrent_write() -> ServiceError {
    ServiceError::new(
        tonic::Code::Aborted,
        "CONCURRENT_WRITE",
        "the session kept changing under this write; retry",
    )
}

/// Numbers `events` after `last_position`: their rows and the new last position.
fn event_rows(
    last_position: i64,
    events: Vec<nlp::transcript_event::Event>,
    now: i64,
) -> (Vec<store::EventRow>, i64) {
    let mut position = last_position;
    let rows = events
        .into_iter()
        .map(|event| {
            position += 1;
            let event = nlp::TranscriptEvent {
                position: position_text(position),
                event_time: Some(timestamp(now)),
                event: Some(event),
            };
            (position, event.encode_to_vec())
        })
        .collect();
    (rows, position)
}
