//! gRPC and grpc-web on the gateway's port. A request whose content type is
//! `application/grpc…` is passed to the service its path names (`/pkg.Service/Method`), through
//! that service's [`MeshChannel`]. grpc-web (binary `application/grpc-web[+proto]` and base64
//! `application/grpc-web-text`, over HTTP/1.1 or HTTP/2) is translated to gRPC on the way in
//! and back on the way out by `tonic-web`; plain gRPC over HTTP/2 passes through as is.

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Body,
    extract::Request,
    response::{IntoResponse, Response},
};
use taskstream_runtime::mesh::MeshChannel;
use tower::{Layer, ServiceExt};

use crate::metrics::MatchedRpc;

/// Routes gRPC calls to the services behind the gateway.
#[derive(Clone)]
pub(crate) struct GrpcRoutes {
    backends: Arc<HashMap<String, MeshChannel>>,
}

impl GrpcRoutes {
    pub(crate) fn new(backends: &HashMap<String, MeshChannel>) -> Self {
        Self {
            backends: Arc::new(backends.clone()),
        }
    }

    /// Answers one gRPC or grpc-web request.
    pub(crate) async fn handle(&self, request: Request) -> Response {
        let path = request.uri().path().to_owned();
        let service = path
            .strip_prefix('/')
            .and_then(|rest| rest.split_once('/'))
            .map(|(service, _method)| service);
        let channel = service
            .and_then(|service| self.backends.get(service))
            .cloned();
        let known = channel.is_some();
        let dispatch = tower::service_fn(move |request: http::Request<tonic::body::Body>| {
            let channel = channel.clone();
            async move {
                match channel {
                    Some(channel) => channel.oneshot(request).await,
                    None => Ok(tonic::Status::unimplemented(format!(
                        "no service behind this gateway serves {}",
                        request.uri().path()
                    ))
                    .into_http()),
                }
            }
        });
        let mut response = match tonic_web::GrpcWebLayer::new()
            .layer(dispatch)
            .oneshot(request)
            .await
        {
            Ok(response) => response.map(Body::new),
            Err(error) => {
                tracing::warn!(%error, %path, "gRPC call through the gateway failed");
                tonic::Status::unavailable(format!("the service is unreachable: {error}"))
                    .into_http::<Body>()
                    .into_response()
            }
        };
        if known {
            response.extensions_mut().insert(MatchedRpc(path));
        }
        response
    }
}
