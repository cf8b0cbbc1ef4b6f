//! The Connect protocol (connectrpc.com/docs/protocol) on the gateway's port, for browsers
//! and scripts that want plain HTTP with JSON or binary bodies at the RPC's own path
//! (`POST /taskstream.tasks.v1.TaskService/GetTask`):
//!
//! - unary: `application/json` or `application/proto` bodies, errors as Connect's JSON error
//!   (`code` as a string, `details` as base64 `google.rpc` messages) with the mapped HTTP
//!   status, `connect-timeout-ms` honoured;
//! - server streaming: `application/connect+json` or `+proto` envelopes, ending with the
//!   end-of-stream envelope that carries the error, if any.
//!
//! Calls go to the service through its `MeshChannel` as gRPC. Client streaming is not offered
//! (no RPC of ours is client-streaming only, and browsers cannot send request streams);
//! compressed bodies and GET requests are refused with clear errors.

use std::{collections::HashMap, str::FromStr, time::Duration};

use axum::{
    body::{Body, Bytes},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use futures::StreamExt as _;
use prost::Message as _;
use prost_reflect::{DescriptorPool, DynamicMessage, MethodDescriptor};
use serde_json::json;
use taskstream_runtime::mesh::MeshChannel;
use tonic::{Code, Status};

use crate::{
    metrics::MatchedRpc,
    transcode::{DynamicCodec, forward_headers, to_json, unary},
};

/// Largest `connect-timeout-ms` honoured (longer ones are capped).
const MAX_TIMEOUT: Duration = Duration::from_secs(300);

/// The RPCs reachable over Connect: every method of every service behind the gateway.
#[derive(Clone)]
pub(crate) struct ConnectRoutes {
    methods: std::sync::Arc<HashMap<String, (MethodDescriptor, MeshChannel)>>,
}

/// The body encoding of a Connect call.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Json,
    Proto,
}

/// What kind of Connect call a request is, from its content type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One message each way.
    Unary(Encoding),
    /// Enveloped messages, ending with an end-of-stream envelope.
    Stream(Encoding),
}

impl Shape {
    /// The Connect call shape of a request with these headers, if it is one.
    pub(crate) fn of(headers: &HeaderMap) -> Option<Self> {
        let content_type = headers
            .get(header::CONTENT_TYPE)?
            .to_str()
            .ok()?
            .split(';')
            .next()?
            .trim()
            .to_ascii_lowercase();
        match content_type.as_str() {
            "application/json" => Some(Shape::Unary(Encoding::Json)),
            "application/proto" => Some(Shape::Unary(Encoding::Proto)),
            "application/connect+json" => Some(Shape::Stream(Encoding::Json)),
            "application/connect+proto" => Some(Shape::Stream(Encoding::Proto)),
            _ => None,
        }
    }
}

/// Connect's name for a gRPC code.
fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "ok",
        Code::Cancelled => "canceled",
        Code::Unknown => "unknown",
        Code::InvalidArgument => "invalid_argument",
        Code::DeadlineExceeded => "deadline_exceeded",
        Code::NotFound => "not_found",
        Code::AlreadyExists => "already_exists",
        Code::PermissionDenied => "permission_denied",
        Code::ResourceExhausted => "resource_exhausted",
        Code::FailedPrecondition => "failed_precondition",
        Code::Aborted => "aborted",
        Code::OutOfRange => "out_of_range",
        Code::Unimplemented => "unimplemented",
        Code::Internal => "internal",
        Code::Unavailable => "unavailable",
        Code::DataLoss => "data_loss",
        Code::Unauthenticated => "unauthenticated",
    }
}

/// The HTTP status Connect gives a unary error: its table is `google.rpc.Code`'s own.
fn http_status(code: Code) -> StatusCode {
    StatusCode::from_u16(taskstream_runtime::error::http_status(code))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A status as Connect's error JSON, its `google.rpc` details included.
fn error_json(status: &Status) -> serde_json::Value {
    let details: Vec<serde_json::Value> =
        taskstream_proto::google::rpc::Status::decode(status.details())
            .map(|rich| {
                rich.details
            .into_iter()
            .map(|any| {
                json!({
                    "type": any.type_url.rsplit('/').next().unwrap_or_default(),
                    "value": base64::engine::general_purpose::STANDARD_NO_PAD.encode(any.value),
                })
            })
            .collect()
            })
            .unwrap_or_default();
    json!({"code": code_name(status.code()), "message": status.message(), "details": details})
}

/// An error in the shape the call expects: a unary error response, or a stream that holds
/// only the end-of-stream envelope.
pub(crate) fn error_response(status: &Status, shape: Shape) -> Response {
    if let Shape::Stream(encoding) = shape {
        let end = envelope(
            0x02,
            json!({"error": error_json(status)}).to_string().as_bytes(),
        );
        return streaming_response(encoding, Body::from(end));
    }
    let mut response = (http_status(status.code()), axum::Json(error_json(status))).into_response();
    if status.code() == Code::ResourceExhausted {
        use tonic_types::StatusExt as _;
        if let Some(delay) = status
            .get_error_details()
            .retry_info()
            .and_then(|retry| retry.retry_delay)
        {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(delay.as_secs().max(1)),
            );
        }
    }
    response
}

fn envelope(flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut framed = Vec::with_capacity(payload.len() + 5);
    framed.push(flags);
    framed.extend_from_slice(
        &u32::try_from(payload.len())
            .unwrap_or(u32::MAX)
            .to_be_bytes(),
    );
    framed.extend_from_slice(payload);
    framed
}

fn streaming_response(encoding: Encoding, body: Body) -> Response {
    let content_type = match encoding {
        Encoding::Json => "application/connect+json",
        Encoding::Proto => "application/connect+proto",
    };
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn invalid(message: impl Into<String>) -> Status {
    Status::invalid_argument(message)
}

impl ConnectRoutes {
    /// Every method of the services in `backends`.
    pub(crate) fn new(pool: &DescriptorPool, backends: &HashMap<String, MeshChannel>) -> Self {
        let mut methods = HashMap::new();
        for service in pool.services() {
            let Some(channel) = backends.get(service.full_name()) else {
                continue;
            };
            for method in service.methods() {
                methods.insert(
                    format!("/{}/{}", service.full_name(), method.name()),
                    (method, channel.clone()),
                );
            }
        }
        Self {
            methods: std::sync::Arc::new(methods),
        }
    }

    /// Whether `path` names an RPC served here.
    pub(crate) fn serves(&self, path: &str) -> bool {
        self.methods.contains_key(path)
    }

    /// Answers one Connect call.
    pub(crate) async fn handle(
        &self,
        shape: Shape,
        path: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Response {
        let mut response = match self.call(shape, path, headers, body).await {
            Ok(response) => response,
            Err(status) => error_response(&status, shape),
        };
        response
            .extensions_mut()
            .insert(MatchedRpc(path.to_owned()));
        response
    }

    async fn call(
        &self,
        shape: Shape,
        path: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Response, Status> {
        let (method, channel) = self
            .methods
            .get(path)
            .cloned()
            .ok_or_else(|| Status::unimplemented(format!("no RPC at {path}")))?;
        if headers
            .get(header::CONTENT_ENCODING)
            .is_some_and(|value| value != "identity")
        {
            return Err(Status::unimplemented(
                "compressed Connect bodies are not supported",
            ));
        }
        if method.is_client_streaming() {
            return Err(Status::unimplemented(format!(
                "{path} streams requests, which Connect over HTTP/1.1 cannot carry: use gRPC"
            )));
        }
        let (encoding, payload) = match shape {
            Shape::Unary(encoding) => {
                if method.is_server_streaming() {
                    return Err(invalid(format!(
                        "{path} streams its answer: send application/connect+json or +proto"
                    )));
                }
                (encoding, body)
            }
            Shape::Stream(encoding) => {
                if !method.is_server_streaming() {
                    return Err(invalid(format!(
                        "{path} is unary: send application/json or application/proto"
                    )));
                }
                // One enveloped message, uncompressed.
                if body.len() < 5 || body[0] != 0 {
                    return Err(invalid(
                        "the request must be one uncompressed Connect envelope",
                    ));
                }
                let length = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
                if body.len() != 5 + length {
                    return Err(invalid(
                        "the request envelope's length does not match its body",
                    ));
                }
                (encoding, body.slice(5..))
            }
        };
        let message = match encoding {
            Encoding::Proto => {
                DynamicMessage::decode(method.input(), payload).map_err(|error| {
                    invalid(format!(
                        "the body is not a valid {}: {error}",
                        method.input().full_name()
                    ))
                })?
            }
            Encoding::Json => {
                let mut deserializer = serde_json::Deserializer::from_slice(&payload);
                let message = DynamicMessage::deserialize(method.input(), &mut deserializer)
                    .map_err(|error| {
                        invalid(format!(
                            "the body is not valid JSON for {}: {error}",
                            method.input().full_name()
                        ))
                    })?;
                deserializer
                    .end()
                    .map_err(|error| invalid(format!("the body has trailing data: {error}")))?;
                message
            }
        };
        let timeout = headers
            .get("connect-timeout-ms")
            .map(|value| {
                value
                    .to_str()
                    .ok()
                    .and_then(|text| {
                        (text.len() <= 10)
                            .then(|| text.parse::<u64>().ok())
                            .flatten()
                    })
                    .map(|ms| Duration::from_millis(ms).min(MAX_TIMEOUT))
                    .ok_or_else(|| invalid("connect-timeout-ms must be a number of milliseconds"))
            })
            .transpose()?;
        let mut request = tonic::Request::new(message);
        forward_headers(headers, &mut request);
        if let Some(timeout) = timeout
            && let Ok(value) = format!("{}m", timeout.as_millis()).parse()
        {
            request.metadata_mut().insert("grpc-timeout", value);
        }
        let render = move |message: &DynamicMessage| -> Vec<u8> {
            match encoding {
                Encoding::Proto => message.encode_to_vec(),
                Encoding::Json => to_json(message).unwrap_or_default(),
            }
        };
        if method.is_server_streaming() {
            let rpc_path = http::uri::PathAndQuery::from_str(path)
                .map_err(|_| Status::internal("bad RPC path"))?;
            let mut grpc = tonic::client::Grpc::new(channel);
            grpc.ready()
                .await
                .map_err(|_| Status::unavailable("the service is unavailable"))?;
            let codec = DynamicCodec {
                output: method.output(),
            };
            let stream = grpc
                .server_streaming(request, rpc_path, codec)
                .await?
                .into_inner();
            let frames = stream
                .map(Some)
                .chain(futures::stream::once(async { None }))
                .scan(false, move |ended, item| {
                    if *ended {
                        return futures::future::ready(None);
                    }
                    let frame = match item {
                        Some(Ok(message)) => envelope(0, &render(&message)),
                        Some(Err(status)) => {
                            *ended = true;
                            envelope(
                                0x02,
                                json!({"error": error_json(&status)}).to_string().as_bytes(),
                            )
                        }
                        None => {
                            *ended = true;
                            envelope(0x02, b"{}")
                        }
                    };
                    futures::future::ready(Some(Ok::<_, std::convert::Infallible>(Bytes::from(
                        frame,
                    ))))
                });
            return Ok(streaming_response(encoding, Body::from_stream(frames)));
        }
        let (metadata, _, message) = request.into_parts();
        let call = unary(channel, path, metadata, &message, method.output());
        let answer = match timeout {
            Some(timeout) => tokio::time::timeout(timeout, call)
                .await
                .map_err(|_| Status::deadline_exceeded("connect-timeout-ms passed"))??,
            None => call.await?,
        };
        let content_type = match encoding {
            Encoding::Json => "application/json",
            Encoding::Proto => "application/proto",
        };
        Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, content_type)],
            render(&answer),
        )
            .into_response())
    }
}
