//! One suite, every adapter: the in-process cache and pub/sub, and the Redis ones against a
//! real Redis server (from the test kit).

use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use futures::StreamExt;
use taskstream_cache::{
    Cache, MemoryCache, MemoryPubSub, PubSub, PubSubEvent, RedisCache, RedisPubSub, TokenBucket,
    connect_redis,
};

#[derive(Clone, Copy)]
enum Backend {
    Memory,
    Redis,
}

async fn adapters(backend: Backend) -> (Arc<dyn Cache>, Arc<dyn PubSub>) {
    match backend {
        Backend::Memory => (Arc::new(MemoryCache::new()), Arc::new(MemoryPubSub::new())),
        Backend::Redis => {
            let (url, prefix) = taskstream_testkit::redis_namespace();
            let (client, subscriber) = connect_redis(&url)
                .await
                .expect("connect to the test Redis");
            (
                Arc::new(RedisCache::new(client.clone(), prefix.clone())),
                Arc::new(RedisPubSub::new(client, subscriber, prefix)),
            )
        }
    }
}

const MINUTE: Duration = Duration::from_secs(60);

async fn values_round_trip_and_delete(backend: Backend) {
    let (cache, _) = adapters(backend).await;
    assert_eq!(cache.get("k").await.unwrap(), None);
    let binary = Bytes::from_static(&[0, 159, 146, 150, 255]);
    cache.set("k", binary.clone(), MINUTE).await.unwrap();
    assert_eq!(cache.get("k").await.unwrap(), Some(binary));
    cache
        .set("k", Bytes::from_static(b"v2"), MINUTE)
        .await
        .unwrap();
    assert_eq!(
        cache.get("k").await.unwrap(),
        Some(Bytes::from_static(b"v2"))
    );
    assert!(cache.delete("k").await.unwrap());
    assert!(!cache.delete("k").await.unwrap());
    assert_eq!(cache.get("k").await.unwrap(), None);
}

async fn values_expire(backend: Backend) {
    let (cache, _) = adapters(backend).await;
    cache
        .set("short", Bytes::from_static(b"x"), Duration::from_millis(50))
        .await
        .unwrap();
    cache
        .set("long", Bytes::from_static(b"y"), MINUTE)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(cache.get("short").await.unwrap(), None);
    assert_eq!(
        cache.get("long").await.unwrap(),
        Some(Bytes::from_static(b"y"))
    );
}

async fn set_if_absent_has_one_winner(backend: Backend) {
    let (cache, _) = adapters(backend).await;
    let attempts = (0..10).map(|i| {
        let cache = cache.clone();
        async move {
            cache
                .set_if_absent("lock", Bytes::from(format!("{i}")), MINUTE)
                .await
                .unwrap()
        }
    });
    let won = futures::future::join_all(attempts)
        .await
        .into_iter()
        .filter(|w| *w)
        .count();
    assert_eq!(won, 1);
    // Once expired, the key can be taken again.
    cache
        .set_if_absent("brief", Bytes::from_static(b"a"), Duration::from_millis(30))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        cache
            .set_if_absent("brief", Bytes::from_static(b"b"), MINUTE)
            .await
            .unwrap()
    );
    assert_eq!(
        cache.get("brief").await.unwrap(),
        Some(Bytes::from_static(b"b"))
    );
}

async fn counters_count_within_a_fixed_window(backend: Backend) {
    let (cache, _) = adapters(backend).await;
    let increments = (0..20).map(|_| {
        let cache = cache.clone();
        async move {
            cache
                .increment("hits", Duration::from_millis(300))
                .await
                .unwrap()
        }
    });
    let mut counts = futures::future::join_all(increments).await;
    counts.sort();
    assert_eq!(counts, (1..=20).collect::<Vec<i64>>());
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        cache.increment("hits", MINUTE).await.unwrap(),
        1,
        "the window expired"
    );
}

async fn token_buckets_allow_bursts_then_refill(backend: Backend) {
    let (cache, _) = adapters(backend).await;
    // 5 tokens, 10 a second: a burst of 5, then one every 100 ms.
    let bucket = TokenBucket {
        capacity: 5.0,
        per_second: 10.0,
    };
    let takes = (0..8).map(|_| {
        let cache = cache.clone();
        async move { cache.take_token("bucket", bucket).await.unwrap() }
    });
    let started = std::time::Instant::now();
    let outcomes = futures::future::join_all(takes).await;
    // On a loaded machine the eight takes may spread over time, and the bucket refills one
    // token per 100 ms meanwhile.
    let refilled_meanwhile = (started.elapsed().as_secs_f64() * 10.0).floor() as usize;
    let admitted = outcomes.iter().filter(|wait| wait.is_none()).count();
    assert!(
        (5..=5 + refilled_meanwhile).contains(&admitted),
        "the burst is admitted, and no more: {outcomes:?}"
    );
    for wait in outcomes.iter().flatten() {
        assert!(
            *wait > Duration::ZERO && *wait <= Duration::from_millis(100),
            "an empty bucket refills one token within 100 ms: {wait:?}"
        );
    }
    assert!(
        cache.take_token("another", bucket).await.unwrap().is_none(),
        "buckets are per key"
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    let refilled = futures::future::join_all((0..4).map(|_| {
        let cache = cache.clone();
        async move { cache.take_token("bucket", bucket).await.unwrap() }
    }))
    .await;
    let admitted = refilled.iter().filter(|wait| wait.is_none()).count();
    assert!(
        (2..=4).contains(&admitted),
        "250 ms at 10/s refills about 2 tokens: {refilled:?}"
    );
}

async fn subscribers_receive_what_is_published_after_subscribing(backend: Backend) {
    let (_, pubsub) = adapters(backend).await;
    pubsub
        .publish("news", Bytes::from_static(b"before"))
        .await
        .unwrap();
    let mut first = pubsub.subscribe("news").await.unwrap();
    let mut second = pubsub.subscribe("news").await.unwrap();
    let mut other = pubsub.subscribe("sports").await.unwrap();
    for i in 0..3 {
        pubsub
            .publish("news", Bytes::from(format!("m{i}")))
            .await
            .unwrap();
    }
    for subscription in [&mut first, &mut second] {
        for i in 0..3 {
            let event = tokio::time::timeout(Duration::from_secs(5), subscription.next())
                .await
                .expect("delivered in time")
                .expect("stream open");
            assert_eq!(event, PubSubEvent::Message(Bytes::from(format!("m{i}"))));
        }
    }
    assert!(
        tokio::time::timeout(Duration::from_millis(200), other.next())
            .await
            .is_err(),
        "another channel must receive nothing"
    );
}

async fn dropping_one_subscription_keeps_the_others(backend: Backend) {
    let (_, pubsub) = adapters(backend).await;
    let dropped = pubsub.subscribe("c").await.unwrap();
    let mut kept = pubsub.subscribe("c").await.unwrap();
    drop(dropped);
    tokio::time::sleep(Duration::from_millis(50)).await;
    pubsub
        .publish("c", Bytes::from_static(b"still here"))
        .await
        .unwrap();
    let event = tokio::time::timeout(Duration::from_secs(5), kept.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        event,
        PubSubEvent::Message(Bytes::from_static(b"still here"))
    );
    // Subscribing again after every subscription went away works.
    drop(kept);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut again = pubsub.subscribe("c").await.unwrap();
    pubsub
        .publish("c", Bytes::from_static(b"back"))
        .await
        .unwrap();
    let event = tokio::time::timeout(Duration::from_secs(5), again.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event, PubSubEvent::Message(Bytes::from_static(b"back")));
}

taskstream_testkit::per_backend!(Backend { memory => Memory, redis => Redis }, [
    values_round_trip_and_delete,
    values_expire,
    set_if_absent_has_one_winner,
    counters_count_within_a_fixed_window,
    token_buckets_allow_bursts_then_refill,
    subscribers_receive_what_is_published_after_subscribing,
    dropping_one_subscription_keeps_the_others,
]);
