//! The gRPC server every role runs on. [`GrpcServices`] collects a process's services and
//! always adds the gRPC health service (a status per service) and reflection in both its v1
//! and v1alpha forms (grpcurl builds in common use only speak v1alpha). [`GrpcStack`] is the
//! resulting tower service, the same one served over the network and called in-process by
//! [`crate::mesh::MeshChannel`], so both paths run the same layers.

use std::{convert::Infallible, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context as _;
use tokio::net::TcpListener;
use tonic::{Status, body::Body, server::NamedService, service::RoutesBuilder};
use tonic_health::{ServingStatus, server::HealthReporter};
use tower::{Service, ServiceExt, util::BoxCloneSyncService};
use tracing::Instrument;

use crate::{
    admission::{Admission, peek_first_message},
    config::ServerConfig,
    shutdown::Shutdown,
    telemetry,
};

/// Every hosted service behind one tower service: what the server serves and what in-process
/// clients call.
pub type GrpcStack = BoxCloneSyncService<http::Request<Body>, http::Response<Body>, Infallible>;

/// Collects the services one process hosts.
pub struct GrpcServices {
    routes: RoutesBuilder,
    names: Vec<&'static str>,
    health: HealthReporter,
    /// Services whose requests may exceed the process-wide message limit, and by how much.
    larger_messages: std::collections::HashMap<&'static str, usize>,
}

impl Default for GrpcServices {
    fn default() -> Self {
        Self::new()
    }
}

impl GrpcServices {
    /// An empty set, already carrying the health service.
    pub fn new() -> Self {
        let (health, health_service) = tonic_health::server::health_reporter();
        let mut routes = RoutesBuilder::default();
        routes.add_service(health_service);
        Self {
            routes,
            names: Vec::new(),
            health,
            larger_messages: Default::default(),
        }
    }

    /// Lets requests to `service` be up to `bytes` long, above the process-wide limit, for a
    /// contract that promises larger input (the NLP service reads 10 MiB raw emails). The
    /// service's own tonic server must be configured for the same size.
    pub fn allow_larger_messages(&mut self, service: &'static str, bytes: usize) -> &mut Self {
        self.larger_messages.insert(service, bytes);
        self
    }

    /// Adds a generated tonic server (already configured with its message-size limits).
    pub fn add<S>(&mut self, service: S) -> &mut Self
    where
        S: Service<http::Request<Body>, Error = Infallible>
            + NamedService
            + Clone
            + Send
            + Sync
            + 'static,
        S::Response: axum::response::IntoResponse,
        S::Future: Send + 'static,
    {
        self.names.push(S::NAME);
        self.routes.add_service(service);
        self
    }

    /// Fully qualified names of the hosted services, e.g. `taskstream.tasks.v1.TaskService`.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// Adds reflection for the hosted services, marks them all `SERVING`, and returns the stack,
    /// which puts every call through `admission` (health and reflection excepted).
    pub async fn build(
        mut self,
        admission: Arc<dyn Admission>,
        max_message_bytes: usize,
    ) -> anyhow::Result<HostedServices> {
        let reflection = || {
            let mut builder = tonic_reflection::server::Builder::configure()
                .register_encoded_file_descriptor_set(taskstream_proto::FILE_DESCRIPTOR_SET)
                .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
                .with_service_name("grpc.health.v1.Health");
            for name in &self.names {
                builder = builder.with_service_name(*name);
            }
            builder
        };
        self.routes
            .add_service(reflection().build_v1().context("building reflection v1")?)
            .add_service(
                reflection()
                    .build_v1alpha()
                    .context("building reflection v1alpha")?,
            );
        for name in &self.names {
            self.health
                .set_service_status(*name, ServingStatus::Serving)
                .await;
        }
        self.health
            .set_service_status("", ServingStatus::Serving)
            .await;
        let routes = self.routes.routes().prepare();
        let larger = Arc::new(self.larger_messages);
        let stack = tower::service_fn(move |request: http::Request<Body>| {
            let span = request_span(&request);
            let service = request.uri().path().trim_start_matches('/');
            let service = service.split('/').next().unwrap_or_default();
            let limit = larger
                .get(service)
                .copied()
                .unwrap_or(max_message_bytes)
                .max(max_message_bytes);
            admit(routes.clone(), admission.clone(), limit, request).instrument(span)
        });
        Ok(HostedServices {
            stack: BoxCloneSyncService::new(stack),
            names: self.names,
            health: self.health,
        })
    }
}

/// Puts one call through admission, then hands it to its service with the caller attached.
async fn admit(
    routes: tonic::service::Routes,
    admission: Arc<dyn Admission>,
    max_message_bytes: usize,
    request: http::Request<Body>,
) -> Result<http::Response<Body>, Infallible> {
    let method = request.uri().path().trim_start_matches('/').to_owned();
    if method.starts_with("grpc.health.") || method.starts_with("grpc.reflection.") {
        return routes.oneshot(request).await;
    }
    let (parts, body) = request.into_parts();
    let (message, body) = if admission.needs_message(&method) {
        match peek_first_message(body, max_message_bytes).await {
            Ok((message, body)) => (Some(message), body),
            Err(error) => return Ok(Status::from(error).into_http()),
        }
    } else {
        (None, body)
    };
    match admission
        .admit(&method, &parts.headers, message.as_deref())
        .await
    {
        Ok(principal) => {
            let mut request = http::Request::from_parts(parts, body);
            if let Some(principal) = principal {
                request.extensions_mut().insert(principal);
            }
            routes.oneshot(request).await
        }
        Err(error) => {
            tracing::debug!(%method, code = ?error.code(), reason = error.reason(), "call refused");
            Ok(Status::from(error).into_http())
        }
    }
}

/// The span of one incoming RPC, a child of the caller's trace when it sent `traceparent`.
fn request_span(request: &http::Request<Body>) -> tracing::Span {
    let method = request.uri().path();
    let span =
        tracing::info_span!("rpc", otel.kind = "server", otel.name = %method, rpc.method = %method);
    telemetry::extract_context(request.headers(), &span);
    span
}

/// The services of a process, ready to serve and to be called in-process.
pub struct HostedServices {
    stack: GrpcStack,
    names: Vec<&'static str>,
    health: HealthReporter,
}

impl HostedServices {
    /// The tower service behind every hosted service.
    pub fn stack(&self) -> GrpcStack {
        self.stack.clone()
    }

    /// Names of the hosted services.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// Serves until shutdown is requested, then reports `NOT_SERVING` (so load balancers stop
    /// sending work) and gives in-flight requests `config.shutdown_grace` to finish.
    pub async fn serve(
        self,
        config: &ServerConfig,
        listener: TcpListener,
        shutdown: &Shutdown,
    ) -> anyhow::Result<()> {
        let address = listener.local_addr()?;
        let health = self.health.clone();
        let names = self.names.clone();
        let mark_not_serving = {
            let shutdown = shutdown.clone();
            async move {
                shutdown.requested().await;
                for name in names.iter().copied().chain([""]) {
                    health
                        .set_service_status(name, ServingStatus::NotServing)
                        .await;
                }
            }
        };
        // `Server::tcp_nodelay` only reaches sockets tonic accepts itself: set it on ours, or
        // small replies wait ~40 ms for delayed ACKs (found by `make bench`).
        let incoming =
            tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
        let server = tonic::transport::Server::builder()
            .timeout(config.request_timeout)
            .max_concurrent_streams(config.max_concurrent_streams)
            .http2_keepalive_interval(Some(Duration::from_secs(30)))
            .http2_keepalive_timeout(Some(Duration::from_secs(10)))
            .tcp_nodelay(true)
            .serve_with_incoming_shutdown(self.stack, incoming, mark_not_serving);
        tracing::info!(%address, services = ?self.names, "gRPC server listening");
        match shutdown.drain(server, config.shutdown_grace).await {
            Some(result) => result.context("gRPC server failed")?,
            None => tracing::warn!("gRPC server cut off after the grace period"),
        }
        tracing::info!(%address, "gRPC server stopped");
        Ok(())
    }
}

/// Binds a listener, turning the usual failures into a message that says what to do.
pub async fn bind(address: SocketAddr, purpose: &str, flag: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address).await.map_err(|error| {
        let hint = match error.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "the port is already in use (is another taskstream running?); choose another with {flag}"
            ),
            std::io::ErrorKind::PermissionDenied => {
                format!("permission denied; choose a port above 1023 with {flag}")
            }
            std::io::ErrorKind::AddrNotAvailable => {
                format!("the address is not on this machine; fix {flag}")
            }
            _ => error.to_string(),
        };
        anyhow::anyhow!("cannot listen on {address} for {purpose}: {hint}")
    })
}
