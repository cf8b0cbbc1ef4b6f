//! Cache and pub/sub: two ports, each with an in-process adapter (dev, one process) and a Redis
//! adapter (production, shared by every replica). Both adapters pass the same conformance
//! suite (`tests/conformance.rs`).
//!
//! Pub/sub is fire-and-forget, as in Redis: a subscriber that falls behind is told how many
//! messages it missed ([`PubSubEvent::Lagged`]) and must resynchronise from a durable source
//! (the task-change stream does so from its positions).

mod memory;
pub mod purges;
mod redis;

use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::BoxStream;

pub use memory::{MemoryCache, MemoryPubSub};
pub use redis::{RedisCache, RedisPubSub, connect_redis};

/// A cache or pub/sub failure (only the Redis adapters fail: the server is unreachable or
/// answered an error).
#[derive(Debug, thiserror::Error)]
#[error("cache backend failed: {0}")]
pub struct CacheError(#[from] fred::error::Error);

/// Result of a cache or pub/sub call.
pub type CacheResult<T> = Result<T, CacheError>;

/// Whether this replica does this round of a periodic job: the first replica to take the
/// round's lease (`key`, lapsing after `lease`) does, so N replicas do the work once per round
/// between them. When the cache fails the answer is yes: the jobs that use this are
/// idempotent, so doing a round twice is harmless and skipping it is not.
pub async fn take_turn(cache: &dyn Cache, key: &str, lease: Duration) -> bool {
    match cache
        .set_if_absent(key, Bytes::from_static(b"1"), lease)
        .await
    {
        Ok(taken) => taken,
        Err(error) => {
            tracing::warn!(%error, key, "a job lease is unavailable: doing the round regardless");
            true
        }
    }
}

/// A key-value cache with expiry. Keys are namespaced by the adapter's prefix.
#[async_trait]
pub trait Cache: Send + Sync + 'static {
    /// The value under `key`, unless absent or expired.
    async fn get(&self, key: &str) -> CacheResult<Option<Bytes>>;
    /// Stores `value` under `key` for `ttl`, replacing any value.
    async fn set(&self, key: &str, value: Bytes, ttl: Duration) -> CacheResult<()>;
    /// Stores `value` only if `key` holds nothing; `true` when stored. A building block for
    /// locks and at-most-once work.
    async fn set_if_absent(&self, key: &str, value: Bytes, ttl: Duration) -> CacheResult<bool>;
    /// Removes `key`; `true` when it held a value.
    async fn delete(&self, key: &str) -> CacheResult<bool>;
    /// Adds one to the counter under `key` and returns the new count; a new counter expires
    /// after `ttl` (fixed-window rate limits).
    async fn increment(&self, key: &str, ttl: Duration) -> CacheResult<i64>;
    /// Takes one token from the bucket under `key` (created full), which holds up to
    /// `bucket.capacity` tokens and regains `bucket.per_second` tokens a second. `Ok(None)`
    /// when a token was taken, `Ok(Some(wait))` when the bucket is empty for `wait` more.
    /// Atomic across every client of the adapter, so replicas share one budget.
    async fn take_token(&self, key: &str, bucket: TokenBucket) -> CacheResult<Option<Duration>>;
}

/// The shape of a token bucket: bursts of up to `capacity`, a sustained `per_second` rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenBucket {
    /// Most tokens the bucket holds (the largest burst).
    pub capacity: f64,
    /// Tokens regained each second.
    pub per_second: f64,
}

impl TokenBucket {
    /// A bucket for `per_minute` requests a minute, with bursts of up to `per_minute`.
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            capacity: f64::from(per_minute.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
        }
    }

    /// How long a full bucket takes to refill: how long its state must be kept.
    pub fn refill_time(&self) -> Duration {
        Duration::from_secs_f64((self.capacity / self.per_second).clamp(0.001, 86_400.0))
    }

    /// Refills `tokens`, last updated `elapsed` ago, and takes one: the tokens left and, when
    /// none could be taken, how long until one can.
    pub fn take(&self, tokens: f64, elapsed: Duration) -> (f64, Option<Duration>) {
        let tokens = (tokens + elapsed.as_secs_f64() * self.per_second).min(self.capacity);
        if tokens >= 1.0 {
            (tokens - 1.0, None)
        } else {
            let wait = (1.0 - tokens) / self.per_second;
            (tokens, Some(Duration::from_secs_f64(wait.min(86_400.0))))
        }
    }
}

/// What a subscription yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubSubEvent {
    /// A published payload.
    Message(Bytes),
    /// This many messages were dropped because the subscriber fell behind.
    Lagged(u64),
}

/// A live subscription; dropping it unsubscribes.
pub type Subscription = BoxStream<'static, PubSubEvent>;

/// Publish/subscribe on named channels, namespaced by the adapter's prefix.
#[async_trait]
pub trait PubSub: Send + Sync + 'static {
    /// Sends `payload` to every current subscriber of `channel` (none is fine).
    async fn publish(&self, channel: &str, payload: Bytes) -> CacheResult<()>;
    /// Receives what is published on `channel` from now on.
    async fn subscribe(&self, channel: &str) -> CacheResult<Subscription>;
}
