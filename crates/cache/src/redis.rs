//! Redis adapters for production: every replica sees the same cache and the same channels.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use bytes::Bytes;
use fred::{
    clients::SubscriberClient,
    prelude::*,
    types::{ExpireOptions, Value},
};
use futures::StreamExt;
use tokio_stream::wrappers::{BroadcastStream, errors::BroadcastStreamRecvError};

use crate::{Cache, CacheResult, PubSub, PubSubEvent, Subscription, TokenBucket};

/// Connects a command client and a subscriber client to `url`; both reconnect on their own
/// (the subscriber re-subscribes its channels after a reconnect).
pub async fn connect_redis(url: &str) -> Result<(Client, SubscriberClient), fred::error::Error> {
    let config = Config::from_url(url)?;
    let policy = ReconnectPolicy::new_exponential(0, 100, 5_000, 2);
    let builder = {
        let mut builder = Builder::from_config(config);
        builder.set_policy(policy);
        builder
    };
    let client = builder.build()?;
    let subscriber = builder.build_subscriber_client()?;
    client.init().await?;
    subscriber.init().await?;
    subscriber.manage_subscriptions();
    Ok((client, subscriber))
}

fn millis(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX).max(1)
}

/// A cache in Redis, every key under `prefix`.
#[derive(Clone)]
pub struct RedisCache {
    client: Client,
    prefix: String,
}

impl RedisCache {
    /// A cache on `client` whose keys all start with `prefix` (e.g. `taskstream:`).
    pub fn new(client: Client, prefix: impl Into<String>) -> Self {
        Self {
            client,
            prefix: prefix.into(),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

#[async_trait]
impl Cache for RedisCache {
    async fn get(&self, key: &str) -> CacheResult<Option<Bytes>> {
        Ok(self.client.get::<Option<Bytes>, _>(self.key(key)).await?)
    }

    async fn set(&self, key: &str, value: Bytes, ttl: Duration) -> CacheResult<()> {
        self.client
            .set::<(), _, _>(
                self.key(key),
                Value::Bytes(value),
                Some(Expiration::PX(millis(ttl))),
                None,
                false,
            )
            .await?;
        Ok(())
    }

    async fn set_if_absent(&self, key: &str, value: Bytes, ttl: Duration) -> CacheResult<bool> {
        let reply: Option<String> = self
            .client
            .set(
                self.key(key),
                Value::Bytes(value),
                Some(Expiration::PX(millis(ttl))),
                Some(SetOptions::NX),
                false,
            )
            .await?;
        Ok(reply.is_some())
    }

    async fn delete(&self, key: &str) -> CacheResult<bool> {
        Ok(self.client.del::<i64, _>(self.key(key)).await? > 0)
    }

    async fn increment(&self, key: &str, ttl: Duration) -> CacheResult<i64> {
        let key = self.key(key);
        let pipeline = self.client.pipeline();
        pipeline.incr::<(), _>(&key).await?;
        // NX: only a new counter gets an expiry, so the window does not slide.
        pipeline
            .pexpire::<(), _>(&key, millis(ttl), Some(ExpireOptions::NX))
            .await?;
        let (count, _): (i64, i64) = pipeline.all().await?;
        Ok(count)
    }

    async fn take_token(&self, key: &str, bucket: TokenBucket) -> CacheResult<Option<Duration>> {
        let wait_micros: i64 = self
            .client
            .eval(
                TAKE_TOKEN,
                vec![self.key(key)],
                vec![
                    bucket.capacity.to_string(),
                    (bucket.per_second / 1e6).to_string(),
                    millis(bucket.refill_time()).to_string(),
                ],
            )
            .await?;
        Ok((wait_micros > 0).then(|| Duration::from_micros(wait_micros.unsigned_abs())))
    }
}

/// One token-bucket step, atomic in Redis and timed by Redis's clock (so replicas with skewed
/// clocks agree). Keys: the bucket. Args: capacity, tokens per microsecond, state TTL (ms).
/// Returns the wait in microseconds, 0 when a token was taken.
const TAKE_TOKEN: &str = r#"
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return wait
"#;

/// Pub/sub over Redis channels, every channel under `prefix`.
#[derive(Clone)]
pub struct RedisPubSub {
    client: Client,
    subscriber: SubscriberClient,
    prefix: String,
    /// Local subscriptions per Redis channel: Redis is subscribed while this is above zero.
    listeners: Arc<Mutex<HashMap<String, usize>>>,
}

impl RedisPubSub {
    /// Publishes with `client`, receives with `subscriber`.
    pub fn new(client: Client, subscriber: SubscriberClient, prefix: impl Into<String>) -> Self {
        Self {
            client,
            subscriber,
            prefix: prefix.into(),
            listeners: Arc::default(),
        }
    }
}

/// Unsubscribes from Redis when the last local subscription of a channel goes away.
struct ListenerGuard {
    channel: String,
    subscriber: SubscriberClient,
    listeners: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for ListenerGuard {
    fn drop(&mut self) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
        let last = match listeners.get_mut(&self.channel) {
            Some(count) => {
                *count -= 1;
                *count == 0
            }
            None => false,
        };
        if last {
            listeners.remove(&self.channel);
            let subscriber = self.subscriber.clone();
            let channel = self.channel.clone();
            let listeners = self.listeners.clone();
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    // A new local subscriber may have arrived meanwhile: then stay subscribed.
                    let still_unused = !listeners
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .contains_key(&channel);
                    if still_unused && let Err(error) = subscriber.unsubscribe(channel).await {
                        tracing::debug!(%error, "redis unsubscribe failed");
                    }
                });
            }
        }
    }
}

impl RedisPubSub {
    /// Waits until Redis itself counts a subscriber on `channel` (`PUBSUB NUMSUB`, asked over
    /// the publishing connection), so a message published right after `subscribe` returns
    /// cannot overtake the subscription on its way to the server. Gives up quietly after about
    /// a second: the subscription stands either way.
    async fn until_subscribed(&self, channel: &str) -> CacheResult<()> {
        for _ in 0..50 {
            let reply: Vec<Value> = self.client.pubsub_numsub(channel.to_owned()).await?;
            let count = reply.get(1).and_then(|value| value.as_i64()).unwrap_or(0);
            if count > 0 {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }
}

#[async_trait]
impl PubSub for RedisPubSub {
    async fn publish(&self, channel: &str, payload: Bytes) -> CacheResult<()> {
        self.client
            .publish::<i64, _, _>(format!("{}{channel}", self.prefix), Value::Bytes(payload))
            .await?;
        Ok(())
    }

    async fn subscribe(&self, channel: &str) -> CacheResult<Subscription> {
        let channel = format!("{}{channel}", self.prefix);
        // Listen before subscribing so nothing published after `subscribe` returns is missed.
        let receiver = self.subscriber.message_rx();
        let first = {
            let mut listeners = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
            let count = listeners.entry(channel.clone()).or_default();
            *count += 1;
            *count == 1
        };
        let guard = ListenerGuard {
            channel: channel.clone(),
            subscriber: self.subscriber.clone(),
            listeners: self.listeners.clone(),
        };
        if first
            || !self
                .subscriber
                .tracked_channels()
                .contains(channel.as_str())
        {
            self.subscriber.subscribe(channel.clone()).await?;
            self.until_subscribed(&channel).await?;
        }
        let stream = BroadcastStream::new(receiver).filter_map(move |item| {
            let _keep_subscribed = &guard;
            let event = match item {
                Ok(message) if *message.channel == *channel => match message.value {
                    Value::Bytes(bytes) => Some(PubSubEvent::Message(bytes)),
                    Value::String(text) => Some(PubSubEvent::Message(text.into_inner())),
                    _ => None,
                },
                Ok(_) => None,
                Err(BroadcastStreamRecvError::Lagged(missed)) => Some(PubSubEvent::Lagged(missed)),
            };
            futures::future::ready(event)
        });
        Ok(stream.boxed())
    }
}
