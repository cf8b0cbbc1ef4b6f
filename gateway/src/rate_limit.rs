//! Per-source-address rate limiting with a fixed one-minute window. Counters live in the
//! cache port: in-process in dev, Redis in production, so every gateway replica shares them.
//! When the cache is down the gateway lets requests through (and logs it): an outage of the
//! limiter must not become an outage of the API.

use std::{
    net::SocketAddr,
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{
    Json,
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::json;
use taskstream_cache::Cache;
use taskstream_runtime::error::ERROR_DOMAIN;

const WINDOW: Duration = Duration::from_secs(60);

/// A fixed-window limit of requests per source address.
#[derive(Clone)]
pub struct RateLimiter {
    cache: Arc<dyn Cache>,
    per_window: u32,
}

impl RateLimiter {
    /// Allows `per_minute` requests per source address and minute.
    pub fn new(cache: Arc<dyn Cache>, per_minute: u32) -> Self {
        Self {
            cache,
            per_window: per_minute,
        }
    }

    /// `Err(retry_after)` once `source` used up its window.
    async fn admit(&self, source: &str) -> Result<(), Duration> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let window = now.as_secs() / WINDOW.as_secs();
        let key = format!("gateway:rate:{source}:{window}");
        match self.cache.increment(&key, WINDOW).await {
            Ok(count) if count > i64::from(self.per_window) => {
                let window_end = (window + 1) * WINDOW.as_secs();
                Err(Duration::from_secs(
                    window_end.saturating_sub(now.as_secs()).max(1),
                ))
            }
            Ok(_) => Ok(()),
            Err(error) => {
                tracing::warn!(%error, "rate limiter unavailable: letting the request through");
                Ok(())
            }
        }
    }
}

/// Middleware: answers `429` with `Retry-After` and a `google.rpc.Status` body when over limit.
pub async fn limit(State(limiter): State<RateLimiter>, request: Request, next: Next) -> Response {
    let source = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    match limiter.admit(&source).await {
        Ok(()) => next.run(request).await,
        Err(retry_after) => {
            let seconds = retry_after.as_secs();
            let body = json!({
                "code": tonic::Code::ResourceExhausted as i32,
                "message": format!("too many requests from {source}: retry in {seconds}s"),
                "details": [
                    {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMITED", "domain": ERROR_DOMAIN},
                    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": format!("{seconds}s")},
                ],
            });
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
    }
}
