//! In-process adapters for `taskstream dev`: one process, no server.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use async_trait::async_trait;
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::broadcast;
use tokio_stream::wrappers::{BroadcastStream, errors::BroadcastStreamRecvError};

use crate::{Cache, CacheResult, PubSub, PubSubEvent, Subscription, TokenBucket};

/// Messages a slow in-process subscriber may fall behind before it lags.
const CHANNEL_CAPACITY: usize = 1024;
/// Writes between sweeps of expired entries.
const SWEEP_EVERY: u64 = 1024;

#[derive(Default)]
struct Entries {
    values: HashMap<String, (Bytes, Instant)>,
    writes: u64,
}

impl Entries {
    fn live(&mut self, key: &str, now: Instant) -> Option<&mut (Bytes, Instant)> {
        if self
            .values
            .get(key)
            .is_some_and(|(_, expires)| *expires <= now)
        {
            self.values.remove(key);
        }
        self.values.get_mut(key)
    }

    fn insert(&mut self, key: &str, value: Bytes, expires: Instant, now: Instant) {
        self.writes += 1;
        if self.writes.is_multiple_of(SWEEP_EVERY) {
            self.values.retain(|_, (_, expires)| *expires > now);
        }
        // Overwrite in place when the key exists: no new key allocation on hot counters.
        match self.values.get_mut(key) {
            Some(slot) => *slot = (value, expires),
            None => {
                self.values.insert(key.to_owned(), (value, expires));
            }
        }
    }
}

/// A cache in this process's memory.
#[derive(Clone, Default)]
pub struct MemoryCache {
    entries: Arc<Mutex<Entries>>,
}

impl MemoryCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock cannot leave the map half-written: keep serving.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl Cache for MemoryCache {
    async fn get(&self, key: &str) -> CacheResult<Option<Bytes>> {
        Ok(self
            .entries()
            .live(key, Instant::now())
            .map(|(value, _)| value.clone()))
    }

    async fn set(&self, key: &str, value: Bytes, ttl: Duration) -> CacheResult<()> {
        let now = Instant::now();
        self.entries().insert(key, value, now + ttl, now);
        Ok(())
    }

    async fn set_if_absent(&self, key: &str, value: Bytes, ttl: Duration) -> CacheResult<bool> {
        let now = Instant::now();
        let mut entries = self.entries();
        if entries.live(key, now).is_some() {
            return Ok(false);
        }
        entries.insert(key, value, now + ttl, now);
        Ok(true)
    }

    async fn delete(&self, key: &str) -> CacheResult<bool> {
        let mut entries = self.entries();
        let was_live = entries.live(key, Instant::now()).is_some();
        entries.values.remove(key);
        Ok(was_live)
    }

    async fn increment(&self, key: &str, ttl: Duration) -> CacheResult<i64> {
        let now = Instant::now();
        let mut entries = self.entries();
        let (count, expires) = match entries.live(key, now) {
            Some((value, expires)) => {
                let count = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0);
                (count + 1, *expires)
            }
            None => (1, now + ttl),
        };
        entries.insert(key, Bytes::from(count.to_string()), expires, now);
        Ok(count)
    }

    async fn take_token(&self, key: &str, bucket: TokenBucket) -> CacheResult<Option<Duration>> {
        let now = Instant::now();
        let mut entries = self.entries();
        // The entry's expiry doubles as the clock: it is always `refill_time` after the last
        // update, so the time since then is recovered without storing an instant.
        let refill = bucket.refill_time();
        let (tokens, elapsed) = match entries.live(key, now) {
            Some((value, expires)) => (
                <[u8; 8]>::try_from(&value[..])
                    .map(f64::from_le_bytes)
                    .unwrap_or(bucket.capacity),
                refill.saturating_sub(expires.saturating_duration_since(now)),
            ),
            None => (bucket.capacity, Duration::ZERO),
        };
        let (left, wait) = bucket.take(tokens, elapsed);
        entries.insert(
            key,
            Bytes::copy_from_slice(&left.to_le_bytes()),
            now + refill,
            now,
        );
        Ok(wait)
    }
}

/// Pub/sub between the tasks of this process.
#[derive(Clone, Default)]
pub struct MemoryPubSub {
    channels: Arc<Mutex<HashMap<String, broadcast::Sender<Bytes>>>>,
}

impl MemoryPubSub {
    /// A pub/sub with no channels yet.
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl PubSub for MemoryPubSub {
    async fn publish(&self, channel: &str, payload: Bytes) -> CacheResult<()> {
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = channels.get(channel) {
            if sender.receiver_count() == 0 {
                channels.remove(channel);
            } else {
                let _ = sender.send(payload);
            }
        }
        Ok(())
    }

    async fn subscribe(&self, channel: &str) -> CacheResult<Subscription> {
        let receiver = self
            .channels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(channel.to_owned())
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe();
        Ok(BroadcastStream::new(receiver)
            .map(|item| match item {
                Ok(payload) => PubSubEvent::Message(payload),
                Err(BroadcastStreamRecvError::Lagged(missed)) => PubSubEvent::Lagged(missed),
            })
            .boxed())
    }
}
