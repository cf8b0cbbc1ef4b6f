//! Prometheus metrics of the API routes, served at `GET /metrics` in the text exposition
//! format. Labels are bounded: the protocol, the RPC a route resolved to (only RPCs this
//! gateway serves, never a raw path) and the HTTP status.

use std::{
    sync::{Arc, Mutex},
    time::Instant,
};

use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};

/// The RPC a request resolved to, set on the response by the route that served it.
#[derive(Clone, Debug)]
pub(crate) struct MatchedRpc(pub(crate) String);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    protocol: &'static str,
    rpc: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LatencyLabels {
    protocol: &'static str,
    rpc: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RejectionLabels {
    reason: String,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to ~16 s.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.0005, 2.0, 16,
    ))
}

/// The gateway's metrics; clones share them.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Mutex<Registry>>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<LatencyLabels, Histogram, fn() -> Histogram>,
    in_flight: Gauge,
    rejections: Family<RejectionLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Fresh counters in their own registry.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("taskstream_gateway");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "API requests answered, by protocol (rest, sse, grpc-web, grpc, connect), RPC and HTTP status",
            requests.clone(),
        );
        let latency = Family::<LatencyLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time until the response head was ready (streams are counted until their first byte)",
            latency.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "http_requests_in_flight",
            "API requests being answered now",
            in_flight.clone(),
        );
        let rejections = Family::<RejectionLabels, Counter>::default();
        registry.register(
            "edge_rejections",
            "Requests turned away at the edge: invalid token, rate limit per address or principal",
            rejections.clone(),
        );
        Self {
            registry: Arc::new(Mutex::new(registry)),
            requests,
            latency,
            in_flight,
            rejections,
        }
    }

    /// Counts a request turned away at the edge.
    pub(crate) fn rejected(&self, reason: &str) {
        self.rejections
            .get_or_create(&RejectionLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut text = String::new();
        let registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        // Writing into a String cannot fail.
        let _ = encode(&mut text, &registry);
        text
    }
}

fn protocol(request: &Request) -> &'static str {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("application/grpc-web") {
        "grpc-web"
    } else if content_type.starts_with("application/grpc") {
        "grpc"
    } else if crate::connect::Shape::of(request.headers()).is_some()
        && !request.uri().path().starts_with("/v1/")
    {
        "connect"
    } else {
        "rest"
    }
}

/// Counts one request in flight until dropped, even when the client goes away mid-request.
struct InFlight(Gauge);

impl InFlight {
    fn enter(gauge: &Gauge) -> Self {
        gauge.inc();
        Self(gauge.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Middleware over the API routes: counts and times every answer.
pub(crate) async fn record(
    State(metrics): State<Metrics>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let mut protocol = protocol(&request);
    let response = {
        let _in_flight = InFlight::enter(&metrics.in_flight);
        next.run(request).await
    };
    if response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/event-stream"))
    {
        protocol = "sse";
    }
    let rpc = response
        .extensions()
        .get::<MatchedRpc>()
        .map(|MatchedRpc(name)| name.clone())
        .unwrap_or_default();
    metrics
        .latency
        .get_or_create(&LatencyLabels {
            protocol,
            rpc: rpc.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            protocol,
            rpc,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// `GET /metrics`.
pub(crate) async fn serve(State(metrics): State<Metrics>) -> Response {
    let mut response = metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
