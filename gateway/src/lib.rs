//! The HTTP edge of the mesh. It knows no service by name: it is given the gRPC services
//! behind it (each reached through a [`MeshChannel`], in-process or remote) and answers:
//!
//! - `GET /healthz`: the process is alive;
//! - `GET /readyz`: every service behind the gateway reports `SERVING` on the gRPC health
//!   protocol (503 with the failing ones otherwise);
//! - anything else: `501` with a `google.rpc.Status` JSON body, because REST transcoding from
//!   the `google.api.http` annotations is not built yet (it is the next gateway milestone).

use std::time::Duration;

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::json;
use taskstream_runtime::{error::ERROR_DOMAIN, mesh::MeshChannel, shutdown::Shutdown};
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};

/// A gRPC service the gateway fronts.
#[derive(Clone, Debug)]
pub struct Backend {
    /// Fully qualified service name, e.g. `taskstream.tasks.v1.TaskService`.
    pub service: String,
    /// How to reach it.
    pub channel: MeshChannel,
}

/// How long a readiness probe waits for one backend.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The gateway's routes over `backends`.
pub fn router(backends: Vec<Backend>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { Json(json!({ "status": "alive" })) }))
        .route("/readyz", get(readiness))
        .fallback(not_built_yet)
        .with_state(backends)
}

async fn readiness(State(backends): State<Vec<Backend>>) -> Response {
    let probes = backends.iter().map(|backend| async move {
        let mut client = HealthClient::new(backend.channel.clone());
        let request = HealthCheckRequest { service: backend.service.clone() };
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
    let code = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, Json(json!({ "ready": ready, "services": statuses }))).into_response()
}

async fn not_built_yet() -> Response {
    let body = json!({
        "code": tonic::Code::Unimplemented as i32,
        "message": "REST/JSON transcoding is not implemented yet; call the gRPC API (see README)",
        "details": [{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "NOT_IMPLEMENTED",
            "domain": ERROR_DOMAIN,
        }],
    });
    (StatusCode::NOT_IMPLEMENTED, Json(body)).into_response()
}

/// Serves `router` on `listener` until shutdown, then gives open requests `grace` to finish.
pub async fn serve(
    router: Router,
    listener: tokio::net::TcpListener,
    shutdown: &Shutdown,
    grace: Duration,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(%address, "HTTP gateway listening");
    let stop = shutdown.clone();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move { stop.requested().await });
    match shutdown.drain(server.into_future(), grace).await {
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
        let response = router
            .oneshot(axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&body).unwrap())
    }

    #[tokio::test]
    async fn ready_only_when_every_backend_serves() {
        let hosted = GrpcServices::new().build().await.unwrap();
        let channel = MeshChannel::in_process(hosted.stack());
        // The health service itself is registered; an unknown service is not.
        let healthy = Backend { service: String::new(), channel: channel.clone() };
        let missing = Backend { service: "taskstream.nope.v1.NopeService".into(), channel };

        let (status, body) = get_json(router(vec![healthy.clone()]), "/readyz").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["ready"], true);

        let (status, body) = get_json(router(vec![healthy, missing]), "/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["ready"], false);
        assert!(body["services"]["taskstream.nope.v1.NopeService"].as_str().unwrap().starts_with("UNREACHABLE"));
    }

    #[tokio::test]
    async fn alive_and_unbuilt_routes_say_so() {
        let (status, body) = get_json(router(vec![]), "/healthz").await;
        assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("alive")));
        let (status, body) = get_json(router(vec![]), "/v1/workspaces/acme/projects").await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
        assert_eq!(body["code"], 12);
        assert_eq!(body["details"][0]["reason"], "NOT_IMPLEMENTED");
    }
}
