//! How services call each other: a [`MeshChannel`] is a tonic transport that either calls a
//! service hosted in this process (no socket, same layers as the network path) or a remote one
//! over HTTP/2. Generated clients take either, so calling code never knows which it got.

use std::sync::{Arc, OnceLock};

use tonic::body::Body;
use tower::{BoxError, ServiceExt, util::BoxCloneSyncService};

use crate::{server::GrpcStack, telemetry};

/// A transport for generated clients (`TaskServiceClient::new(channel)`).
#[derive(Clone)]
pub struct MeshChannel {
    inner: BoxCloneSyncService<http::Request<Body>, http::Response<Body>, BoxError>,
}

impl std::fmt::Debug for MeshChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MeshChannel")
    }
}

impl MeshChannel {
    /// Calls services hosted in this process.
    pub fn in_process(stack: GrpcStack) -> Self {
        Self::from_service(stack.map_err(|never| match never {}))
    }

    /// A channel bound later, for services that call each other in one process: clients can be
    /// handed out before the stack they call exists. Calls made before [`LateBinding::bind`]
    /// fail with `UNAVAILABLE`.
    pub fn late() -> (Self, LateBinding) {
        let slot: Arc<OnceLock<GrpcStack>> = Arc::default();
        let binding = LateBinding(slot.clone());
        let service = tower::service_fn(move |request: http::Request<Body>| {
            let stack = slot.get().cloned();
            async move {
                match stack {
                    Some(stack) => Ok(stack
                        .oneshot(request)
                        .await
                        .unwrap_or_else(|never| match never {})),
                    None => Ok(tonic::Status::unavailable(
                        "in-process services are still starting",
                    )
                    .into_http()),
                }
            }
        });
        (Self::from_service(service), binding)
    }

    /// Calls a service at `url` (`http://host:port`) over HTTP/2; connects on first use and
    /// reconnects as needed.
    pub fn remote(url: &str) -> anyhow::Result<Self> {
        let channel = tonic::transport::Endpoint::from_shared(url.to_owned())?
            .tcp_nodelay(true)
            .http2_keep_alive_interval(std::time::Duration::from_secs(30))
            .connect_lazy();
        Ok(Self::from_service(channel.map_err(BoxError::from)))
    }

    fn from_service<S>(service: S) -> Self
    where
        S: tower::Service<http::Request<Body>, Response = http::Response<Body>, Error = BoxError>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Future: Send + 'static,
    {
        // Every hop carries the caller's trace context, in-process or not.
        let service = service.map_request(|mut request: http::Request<Body>| {
            telemetry::inject_context(request.headers_mut());
            request
        });
        Self {
            inner: BoxCloneSyncService::new(service),
        }
    }
}

/// Completes a [`MeshChannel::late`] channel.
#[derive(Debug)]
pub struct LateBinding(Arc<OnceLock<GrpcStack>>);

impl LateBinding {
    /// Points the channel at the stack; later calls are ignored.
    pub fn bind(self, stack: GrpcStack) {
        let _ = self.0.set(stack);
    }
}

impl tower::Service<http::Request<Body>> for MeshChannel {
    type Response = http::Response<Body>;
    type Error = BoxError;
    type Future = <BoxCloneSyncService<http::Request<Body>, http::Response<Body>, BoxError> as tower::Service<http::Request<Body>>>::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        self.inner.call(request)
    }
}
