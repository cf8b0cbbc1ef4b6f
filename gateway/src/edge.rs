//! What the gateway checks before a request reaches any service:
//!
//! 1. **Authentication**: a bearer token is verified here, against the auth service's JWKS
//!    (keys cached, refetched when an unknown `kid` appears), so forged or expired tokens are
//!    turned away at the edge. Requests without a token pass on: public RPCs need none, and
//!    the guard behind the gateway still decides what each principal may do.
//! 2. **Rate limits**: token buckets per source address and, for authenticated requests, per
//!    principal. Buckets live in the cache port: in-process in dev, Redis in production, so
//!    every gateway replica draws on the same budget. When the cache is down requests pass
//!    (and it is logged): an outage of the limiter must not become an outage of the API.
//!
//! Rejections speak the caller's protocol: `google.rpc.Status` JSON with the standard HTTP
//! status for REST, a trailers-only gRPC answer for gRPC and grpc-web, Connect's error JSON
//! for Connect.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use taskstream_cache::{Cache, TokenBucket};
use taskstream_runtime::error::ServiceError;
use taskstream_security::token::TokenVerifier;

use crate::metrics::Metrics;

/// Token buckets for the API routes.
#[derive(Clone)]
pub struct RateLimits {
    cache: Arc<dyn Cache>,
    per_address: Option<TokenBucket>,
    per_principal: Option<TokenBucket>,
}

impl RateLimits {
    /// `per_address` requests a minute from one source address and `per_principal` for one
    /// authenticated principal (whatever its address), each with bursts of up to a minute's
    /// budget; 0 turns that limit off.
    pub fn new(cache: Arc<dyn Cache>, per_address: u32, per_principal: u32) -> Self {
        let bucket =
            |per_minute: u32| (per_minute > 0).then(|| TokenBucket::per_minute(per_minute));
        Self {
            cache,
            per_address: bucket(per_address),
            per_principal: bucket(per_principal),
        }
    }

    /// `Err(wait)` when `key`'s bucket is empty.
    async fn take(&self, key: &str, bucket: Option<TokenBucket>) -> Result<(), Duration> {
        let Some(bucket) = bucket else { return Ok(()) };
        match self.cache.take_token(key, bucket).await {
            Ok(None) => Ok(()),
            Ok(Some(wait)) => Err(wait),
            Err(error) => {
                tracing::warn!(%error, "rate limiter unavailable: letting the request through");
                Ok(())
            }
        }
    }
}

/// The edge checks; both are optional (tests and single-purpose gateways leave them out).
#[derive(Clone, Default)]
pub struct Edge {
    /// Verifies bearer tokens; `None` passes them on unchecked.
    pub verifier: Option<Arc<TokenVerifier>>,
    /// Rate limits; `None` admits everything.
    pub limits: Option<RateLimits>,
}

/// Middleware over the API routes.
pub(crate) async fn check(
    State((edge, metrics)): State<(Edge, Metrics)>,
    request: Request,
    next: Next,
) -> Response {
    let protocol = Protocol::of(&request);
    let mut principal = None;
    if let (Some(verifier), Some(token)) = (&edge.verifier, bearer(request.headers())) {
        match verifier.verify(token).await {
            Ok(claims) => principal = Some(claims.sub),
            Err(error) => {
                metrics.rejected("token");
                let mut response = reject(error, protocol, request.headers());
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(r#"Bearer error="invalid_token""#),
                );
                return response;
            }
        }
    }
    if let Some(limits) = &edge.limits {
        let address = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        let mut verdict = limits
            .take(
                &format!("gateway:bucket:address:{address}"),
                limits.per_address,
            )
            .await
            .map_err(|wait| ("address", wait));
        if let (Ok(()), Some(principal)) = (&verdict, &principal) {
            verdict = limits
                .take(
                    &format!("gateway:bucket:principal:{principal}"),
                    limits.per_principal,
                )
                .await
                .map_err(|wait| ("principal", wait));
        }
        if let Err((scope, wait)) = verdict {
            metrics.rejected(if scope == "address" {
                "rate_limit_address"
            } else {
                "rate_limit_principal"
            });
            // Whole seconds, rounded up: `Retry-After` has no finer unit.
            let seconds = Duration::from_secs(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
            return reject(
                ServiceError::resource_exhausted("RATE_LIMITED", seconds),
                protocol,
                request.headers(),
            );
        }
    }
    next.run(request).await
}

fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Whether the request speaks gRPC or grpc-web (any `application/grpc…` content type).
pub(crate) fn is_grpc(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/grpc"))
}

/// How a request expects its errors.
#[derive(Clone, Copy)]
enum Protocol {
    Rest,
    Grpc,
    Connect(crate::connect::Shape),
}

impl Protocol {
    fn of(request: &Request) -> Self {
        if is_grpc(request.headers()) {
            return Protocol::Grpc;
        }
        match crate::connect::Shape::of(request.headers()) {
            // RPC paths (`/pkg.Service/Method`), not REST routes (`/v1/...`).
            Some(shape) if !request.uri().path().starts_with("/v1/") => Protocol::Connect(shape),
            _ => Protocol::Rest,
        }
    }
}

/// `error` in the caller's protocol.
fn reject(
    error: ServiceError,
    protocol: Protocol,
    request_headers: &axum::http::HeaderMap,
) -> Response {
    let status = tonic::Status::from(error);
    if let Protocol::Connect(shape) = protocol {
        return crate::connect::error_response(&status, shape);
    }
    if matches!(protocol, Protocol::Grpc) {
        let mut response = status.into_http::<axum::body::Body>();
        // Trailers-only: the gRPC status travels in the headers, under the caller's own
        // content type so grpc-web clients read it.
        if let Some(content_type) = request_headers.get(header::CONTENT_TYPE) {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type.clone());
        }
        response
    } else {
        crate::transcode::status_response(&status)
    }
}
