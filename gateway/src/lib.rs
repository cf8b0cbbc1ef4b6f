//! The HTTP edge of the mesh. It knows no service by name: it is given the gRPC services
//! behind it (each reached through a [`MeshChannel`], in-process or remote) and answers:
//!
//! - `GET /healthz`: the process is alive;
//! - `GET /readyz`: every service behind the gateway reports `SERVING` on the gRPC health
//!   protocol (503 with the failing ones otherwise);
//! - `GET /.well-known/jwks.json`: the auth service's token verification keys;
//! - `GET /openapi.json` and `GET /docs`: the REST API of the services behind this gateway;
//! - `GET /metrics`: Prometheus metrics of the API routes ([`metrics`]);
//! - every `google.api.http` binding of those services, transcoded to gRPC ([`transcode`]);
//! - gRPC and grpc-web calls to those services, on the same port ([`grpc`]);
//! - the Connect protocol at the same RPC paths, unary and server-streaming ([`connect`]);
//! - every answer carries the request's `x-request-id` (a new UUID when the caller sent none);
//! - the API routes check bearer tokens and rate limits first ([`edge`]);
//! - pages on the configured origins may call it cross-origin ([`cors`]);
//! - HTTPS with certificates reloaded from disk when they change ([`tls`]).

mod connect;
pub mod edge;
mod grpc;
pub mod metrics;
pub mod openapi;
pub mod tls;
pub mod transcode;

use std::{collections::HashMap, sync::Arc, time::Duration};

pub use edge::{Edge, RateLimits};
pub use metrics::Metrics;

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::json;
use taskstream_runtime::{mesh::MeshChannel, shutdown::Shutdown};
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

/// A gRPC service the gateway fronts.
#[derive(Clone, Debug)]
pub struct Backend {
    /// Fully qualified service name, e.g. `taskstream.tasks.v1.TaskService`.
    pub service: String,
    /// How to reach it.
    pub channel: MeshChannel,
}

/// CORS for the configured browser origins: preflights answered for any method and for the
/// headers a REST, SSE or grpc-web client sends; `Retry-After`, `ETag`, the request id and
/// the gRPC status headers exposed.
/// `None` when no origin is configured: the gateway then sends no CORS headers at all.
pub fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use axum::http::{HeaderName, HeaderValue, Method, header};
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    (!origins.is_empty()).then(|| {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::PUT,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("last-event-id"),
                HeaderName::from_static("traceparent"),
                HeaderName::from_static("x-request-id"),
                HeaderName::from_static("x-grpc-web"),
                HeaderName::from_static("x-user-agent"),
                HeaderName::from_static("grpc-timeout"),
                HeaderName::from_static("connect-protocol-version"),
                HeaderName::from_static("connect-timeout-ms"),
            ])
            .expose_headers([
                header::RETRY_AFTER,
                header::ETAG,
                HeaderName::from_static("x-request-id"),
                HeaderName::from_static("grpc-status"),
                HeaderName::from_static("grpc-message"),
                HeaderName::from_static("grpc-status-details-bin"),
            ])
            .max_age(Duration::from_secs(600))
    })
}

/// How long a readiness probe waits for one backend.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The API routes' handlers: REST transcoding and gRPC passthrough.
#[derive(Clone)]
struct Api {
    transcoder: Arc<transcode::Transcoder>,
    grpc: grpc::GrpcRoutes,
    connect: connect::ConnectRoutes,
}

/// The gateway's routes over `backends`. Probes and `/metrics` bypass the `edge` checks; the
/// API does not. REST request bodies above `max_body_bytes` are refused with 413 (gRPC
/// messages are bounded by the services' own limit).
pub fn router(backends: Vec<Backend>, edge: Edge, max_body_bytes: usize) -> Router {
    let pool = prost_reflect::DescriptorPool::decode(taskstream_proto::FILE_DESCRIPTOR_SET)
        .expect("the built-in descriptor set decodes");
    let channels: HashMap<String, _> = backends
        .iter()
        .map(|b| (b.service.clone(), b.channel.clone()))
        .collect();
    let transcoder = Arc::new(transcode::Transcoder::new(&pool, &channels));
    tracing::info!(bindings = transcoder.len(), "REST bindings served");
    let services: Vec<String> = backends.iter().map(|b| b.service.clone()).collect();
    let spec = std::sync::Arc::new(openapi::document(&pool, &services, |method| {
        taskstream_security::table::TABLE
            .rule(method)
            .is_some_and(|rule| rule.access == taskstream_security::table::AccessKind::Public)
    }));
    let metrics = Metrics::new();
    let api = Router::new()
        .fallback(api_request)
        .with_state(Api {
            transcoder,
            grpc: grpc::GrpcRoutes::new(&channels),
            connect: connect::ConnectRoutes::new(&pool, &channels),
        })
        .layer(axum::extract::DefaultBodyLimit::max(max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            (edge, metrics.clone()),
            edge::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics.clone(),
            metrics::record,
        ));
    let metrics_route = Router::new()
        .route("/metrics", get(metrics::serve))
        .with_state(metrics);
    Router::new()
        .route(
            "/healthz",
            get(|| async { Json(json!({ "status": "alive" })) }),
        )
        .route("/readyz", get(readiness))
        .route("/.well-known/jwks.json", get(jwks))
        .route(
            "/openapi.json",
            get(move || {
                let spec = spec.clone();
                async move { Json((*spec).clone()) }
            }),
        )
        .route(
            "/docs",
            get(|| async { axum::response::Html(openapi::DOCS_PAGE) }),
        )
        .with_state(backends)
        .merge(metrics_route)
        .merge(api)
        // Every request carries an `x-request-id` (the caller's, or a new UUID) into the gRPC
        // hop and back out on the response, so one id ties a client's report to our logs.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

async fn readiness(State(backends): State<Vec<Backend>>) -> Response {
    let probes = backends.iter().map(|backend| async move {
        let mut client = HealthClient::new(backend.channel.clone());
        let request = HealthCheckRequest {
            service: backend.service.clone(),
        };
        let status = match tokio::time::timeout(PROBE_TIMEOUT, client.check(request)).await {
            Ok(Ok(response)) => ServingStatus::try_from(response.into_inner().status)
                .map(|status| status.as_str_name().to_owned())
                .unwrap_or_else(|_| "UNKNOWN".into()),
            Ok(Err(status)) => format!("UNREACHABLE: {}", status.message()),
            Err(_) => "UNREACHABLE: health check timed out".into(),
        };
        (backend.service.clone(), status)
    });
    let statuses: serde_json::Map<String, serde_json::Value> = futures::future::join_all(probes)
        .await
        .into_iter()
        .map(|(service, status)| (service, status.into()))
        .collect();
    let ready = statuses.values().all(|status| status == "SERVING");
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(json!({ "ready": ready, "services": statuses }))).into_response()
}

/// The access-token verification keys (RFC 7517), from the auth service. Until REST
/// transcoding lands this well-known document is served by hand; `GetJwks`'s
/// `additional_bindings` will then serve it from the contract.
async fn jwks(State(backends): State<Vec<Backend>>) -> Response {
    use taskstream_proto::auth_v1::{GetJwksRequest, auth_service_client::AuthServiceClient};
    let Some(auth) = backends
        .iter()
        .find(|b| b.service == "taskstream.auth.v1.AuthService")
    else {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"code": 14, "message": "the auth service is not reachable from this gateway"}))).into_response();
    };
    match AuthServiceClient::new(auth.channel.clone())
        .get_jwks(GetJwksRequest {})
        .await
    {
        Ok(response) => {
            let keys: Vec<_> = response
                .into_inner()
                .keys
                .into_iter()
                .map(|k| json!({"kty": k.kty, "use": k.r#use, "alg": k.alg, "kid": k.kid, "crv": k.crv, "x": k.x}))
                .collect();
            let mut response = Json(json!({ "keys": keys })).into_response();
            // Verifiers may cache the set briefly; they refetch on an unknown kid anyway.
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("public, max-age=300"),
            );
            response
        }
        Err(status) => (
            StatusCode::from_u16(taskstream_runtime::error::http_status(status.code()))
                .unwrap_or(StatusCode::BAD_GATEWAY),
            Json(json!({"code": status.code() as i32, "message": status.message()})),
        )
            .into_response(),
    }
}

async fn api_request(State(api): State<Api>, request: axum::extract::Request) -> Response {
    if edge::is_grpc(request.headers()) {
        return api.grpc.handle(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // The body extractor reads its limit from the extensions, not the headers: move them out.
    let (method, uri, headers) = (
        parts.method.clone(),
        parts.uri.clone(),
        std::mem::take(&mut parts.headers),
    );
    let body = match <axum::body::Bytes as axum::extract::FromRequest<()>>::from_request(
        axum::extract::Request::from_parts(parts, body),
        &(),
    )
    .await
    {
        Ok(body) => body,
        Err(rejection) => return rejection.into_response(),
    };
    if method == axum::http::Method::POST
        && let Some(shape) = connect::Shape::of(&headers)
        && api.connect.serves(uri.path())
    {
        return api.connect.handle(shape, uri.path(), &headers, body).await;
    }
    match api.transcoder.handle(&method, &uri, &headers, body).await {
        Some(response) => response,
        None => transcode::problem(
            StatusCode::NOT_FOUND,
            5,
            &format!("no API route at {}", uri.path()),
            "NOT_FOUND",
        ),
    }
}

/// Serves `router` on `listener` until shutdown, over HTTPS when `tls` is given (its
/// certificate reloaded as the files change), then gives open requests `grace` to finish.
pub async fn serve(
    router: Router,
    listener: tokio::net::TcpListener,
    tls: Option<Arc<tls::ReloadingCertificate>>,
    shutdown: &Shutdown,
    grace: Duration,
) -> anyhow::Result<()> {
    use axum::serve::ListenerExt as _;
    let address = listener.local_addr()?;
    let app = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let stop = shutdown.clone();
    let stopped = async move { stop.requested().await };
    let server = match tls {
        Some(certificate) => {
            tracing::info!(%address, "HTTPS gateway listening");
            tokio::spawn(certificate.clone().watch(shutdown.clone()));
            let listener = tls::TlsListener::new(listener, certificate.server_config()?)?;
            // `tap_io` lends the listener axum's `ConnectInfo<SocketAddr>` support.
            let server = axum::serve(listener.tap_io(|_| {}), app).with_graceful_shutdown(stopped);
            Box::pin(server.into_future())
                as futures::future::BoxFuture<'static, std::io::Result<()>>
        }
        None => {
            tracing::info!(%address, "HTTP gateway listening");
            // Without TCP_NODELAY an HTTP/2 response (HEADERS, DATA and trailers written
            // separately) waits on Nagle and delayed ACKs: 40 ms stalls per request.
            let listener = listener.tap_io(|stream| {
                let _ = stream.set_nodelay(true);
            });
            Box::pin(
                axum::serve(listener, app)
                    .with_graceful_shutdown(stopped)
                    .into_future(),
            )
        }
    };
    match shutdown.drain(server, grace).await {
        Some(result) => result?,
        None => tracing::warn!("HTTP gateway cut off after the grace period"),
    }
    tracing::info!(%address, "HTTP gateway stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use taskstream_runtime::server::GrpcServices;
    use tower::ServiceExt;

    async fn get_json(router: Router, path: &str) -> (StatusCode, serde_json::Value) {
        let (status, _, body) = get(router, path, [127, 0, 0, 1]).await;
        (status, body)
    }

    async fn get(
        router: Router,
        path: &str,
        source: [u8; 4],
    ) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
        let mut request = axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap();
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                source, 40000,
            ))));
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, headers, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn ready_only_when_every_backend_serves() {
        let hosted = GrpcServices::new()
            .build(taskstream_testkit::admit_everything(), 4 << 20)
            .await
            .unwrap();
        let channel = MeshChannel::in_process(hosted.stack());
        // The health service itself is registered; an unknown service is not.
        let healthy = Backend {
            service: String::new(),
            channel: channel.clone(),
        };
        let missing = Backend {
            service: "taskstream.nope.v1.NopeService".into(),
            channel,
        };

        let (status, body) = get_json(
            router(vec![healthy.clone()], Edge::default(), 1 << 20),
            "/readyz",
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["ready"], true);

        let (status, body) = get_json(
            router(vec![healthy, missing], Edge::default(), 1 << 20),
            "/readyz",
        )
        .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["ready"], false);
        assert!(
            body["services"]["taskstream.nope.v1.NopeService"]
                .as_str()
                .unwrap()
                .starts_with("UNREACHABLE")
        );
    }

    #[tokio::test]
    async fn only_configured_origins_get_cors_answers() {
        let preflight = |router: Router, origin: &'static str| async move {
            let request = axum::http::Request::builder()
                .method("OPTIONS")
                .uri("/v1/workspaces/acme/projects")
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type",
                )
                .body(axum::body::Body::empty())
                .unwrap();
            let response = router.oneshot(request).await.unwrap();
            response
                .headers()
                .get("access-control-allow-origin")
                .map(|v| v.to_str().unwrap().to_owned())
        };
        let allowed = vec!["https://app.example.com".to_owned()];
        let with_cors = router(vec![], Edge::default(), 1 << 20).layer(cors(&allowed).unwrap());
        assert_eq!(
            preflight(with_cors.clone(), "https://app.example.com")
                .await
                .as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(preflight(with_cors, "https://evil.example").await, None);
        assert!(cors(&[]).is_none(), "no origins, no CORS headers");
        assert_eq!(
            preflight(
                router(vec![], Edge::default(), 1 << 20),
                "https://app.example.com"
            )
            .await,
            None
        );
    }

    #[tokio::test]
    async fn every_answer_carries_a_request_id() {
        let (_, headers, _) = get(
            router(vec![], Edge::default(), 1 << 20),
            "/healthz",
            [127, 0, 0, 1],
        )
        .await;
        let made = headers["x-request-id"].to_str().unwrap();
        assert_eq!(made.len(), 36, "a UUID when the caller sent none: {made}");
        let request = axum::http::Request::get("/v1/nowhere")
            .header("x-request-id", "client-chosen-42")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router(vec![], Edge::default(), 1 << 20)
            .oneshot(request)
            .await
            .unwrap();
        assert_eq!(response.headers()["x-request-id"], "client-chosen-42");
    }

    #[tokio::test]
    async fn grpc_web_calls_carry_the_callers_trace_to_a_remote_service() {
        use prost::Message as _;
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let record = seen.clone();
        let (_reporter, health) = tonic_health::server::health_reporter();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(
            tonic::transport::Server::builder()
                .layer(tower::util::MapRequestLayer::new(
                    move |request: http::Request<tonic::body::Body>| {
                        record.lock().unwrap().push(request.headers().clone());
                        request
                    },
                ))
                .add_service(health)
                .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
        );
        let backend = Backend {
            service: "grpc.health.v1.Health".into(),
            channel: MeshChannel::remote(&url).unwrap(),
        };
        let message = HealthCheckRequest::default().encode_to_vec();
        let mut body = vec![0];
        body.extend_from_slice(&(message.len() as u32).to_be_bytes());
        body.extend_from_slice(&message);
        let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let request = axum::http::Request::post("/grpc.health.v1.Health/Check")
            .header("content-type", "application/grpc-web+proto")
            .header("traceparent", trace)
            .body(axum::body::Body::from(body))
            .unwrap();
        let response = router(vec![backend], Edge::default(), 1 << 20)
            .oneshot(request)
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(
            String::from_utf8_lossy(&body).contains("grpc-status:0"),
            "{body:?}"
        );
        let seen = seen.lock().unwrap();
        let traceparent = seen[0]["traceparent"].to_str().unwrap();
        assert!(
            traceparent.contains("4bf92f3577b34da6a3ce929d0e0e4736"),
            "the service joins the caller's trace: {traceparent}"
        );
        assert_eq!(
            seen[0]["content-type"], "application/grpc",
            "translated to gRPC"
        );
    }

    #[tokio::test]
    async fn alive_and_unbuilt_routes_say_so() {
        let (status, body) = get_json(router(vec![], Edge::default(), 1 << 20), "/healthz").await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("alive"))
        );
        let (status, body) = get_json(
            router(vec![], Edge::default(), 1 << 20),
            "/v1/workspaces/acme/projects",
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "no service behind this gateway serves the route"
        );
        assert_eq!(body["code"], 5);
    }

    #[tokio::test]
    async fn each_source_address_gets_its_own_budget_and_probes_are_exempt() {
        let cache = std::sync::Arc::new(taskstream_cache::MemoryCache::new());
        let edge = Edge {
            verifier: None,
            limits: Some(RateLimits::new(cache, 3, 0)),
        };
        let router = router(vec![], edge, 1 << 20);
        for _ in 0..3 {
            let (status, _, _) = get(router.clone(), "/v1/x", [10, 0, 0, 1]).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (status, headers, body) = get(router.clone(), "/v1/x", [10, 0, 0, 1]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(
            (1..=20).contains(&retry_after),
            "3 a minute: a token every 20 s, not the end of a window: {retry_after}"
        );
        assert_eq!(body["details"][0]["reason"], "RATE_LIMITED");
        let (status, _, _) = get(router.clone(), "/v1/x", [10, 0, 0, 2]).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "another address has its own budget"
        );
        let (status, _, _) = get(router, "/healthz", [10, 0, 0, 1]).await;
        assert_eq!(status, StatusCode::OK, "probes are not limited");
    }
}
