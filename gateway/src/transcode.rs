//! REST/JSON → gRPC transcoding, built at start from the descriptor set and its
//! `google.api.http` rules: no route is written by hand, so a newly annotated RPC is served
//! with no gateway change.
//!
//! A request is matched against every binding (including `additional_bindings`): path
//! template variables (`{name=workspaces/*/projects/*}`, `**`, nested fields such as
//! `{task.name=...}`) fill request fields, the body fills `*` or the named field, and the
//! remaining query parameters fill the rest (repeated and nested too). JSON follows the proto3
//! mapping (prost-reflect): enums by name, 64-bit integers as strings, well-known types,
//! unknown fields rejected. A PATCH without `update_mask` gets one from the fields present in
//! its body, as grpc-gateway does. Server-streaming RPCs answer as Server-Sent Events, and
//! `Last-Event-ID` resumes them.

use std::{collections::HashMap, convert::Infallible, str::FromStr, time::Duration};

use axum::{
    body::Bytes,
    http::{HeaderMap, Method, StatusCode, Uri},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use futures::StreamExt;
use prost::Message;
use prost_reflect::{
    DescriptorPool, DeserializeOptions, DynamicMessage, FieldDescriptor, Kind, MessageDescriptor,
    MethodDescriptor, ReflectMessage, SerializeOptions, Value,
};
use serde_json::json;
use taskstream_runtime::{error::http_status, mesh::MeshChannel};
use tonic::{
    Status,
    codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder},
};

/// How a binding takes its body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BodyRule {
    None,
    All,
    Field(String),
}

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// `*`: exactly one segment.
    One,
    /// `**`: the rest of the path.
    Rest,
}

/// A variable of a template: the field it fills and the segments it spans.
#[derive(Debug, Clone)]
struct Variable {
    field: String,
    start: usize,
    end: usize,
}

/// A parsed path template.
#[derive(Debug, Clone)]
struct Template {
    segments: Vec<Segment>,
    variables: Vec<Variable>,
    verb: Option<String>,
}

impl Template {
    fn parse(template: &str) -> Option<Self> {
        let template = template.strip_prefix('/')?;
        // The verb follows the last ':' that is outside braces.
        let mut depth = 0;
        let mut verb_at = None;
        for (i, c) in template.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ':' if depth == 0 => verb_at = Some(i),
                _ => {}
            }
        }
        let (path, verb) = match verb_at {
            Some(i) => (&template[..i], Some(template[i + 1..].to_owned())),
            None => (template, None),
        };
        let mut segments = Vec::new();
        let mut variables = Vec::new();
        let mut rest = path;
        while !rest.is_empty() {
            if let Some(inner) = rest.strip_prefix('{') {
                let close = inner.find('}')?;
                let (field, pattern) = match inner[..close].split_once('=') {
                    Some((field, pattern)) => (field.to_owned(), pattern.to_owned()),
                    None => (inner[..close].to_owned(), "*".to_owned()),
                };
                let start = segments.len();
                for part in pattern.split('/') {
                    segments.push(match part {
                        "*" => Segment::One,
                        "**" => Segment::Rest,
                        literal => Segment::Literal(literal.to_owned()),
                    });
                }
                variables.push(Variable {
                    field,
                    start,
                    end: segments.len(),
                });
                rest = inner[close + 1..]
                    .strip_prefix('/')
                    .unwrap_or(&inner[close + 1..]);
            } else {
                let end = rest.find('/').unwrap_or(rest.len());
                segments.push(match &rest[..end] {
                    "*" => Segment::One,
                    "**" => Segment::Rest,
                    literal => Segment::Literal(literal.to_owned()),
                });
                rest = rest.get(end + 1..).unwrap_or("");
            }
        }
        Some(Self {
            segments,
            variables,
            verb,
        })
    }

    /// The variable values when `path` (decoded segments, verb removed) matches.
    /// Whether the path fits this template; allocates nothing, so the routes that do not
    /// match (nearly all of them, for every request) cost only comparisons.
    fn fits(&self, parts: &[String], verb: Option<&str>) -> bool {
        if self.verb.as_deref() != verb {
            return false;
        }
        let mut at = 0;
        for segment in &self.segments {
            match segment {
                Segment::Literal(literal) if parts.get(at) == Some(literal) => at += 1,
                Segment::One if parts.get(at).is_some_and(|part| !part.is_empty()) => at += 1,
                Segment::Rest if at < parts.len() => at = parts.len(),
                _ => return false,
            }
        }
        at == parts.len()
    }

    fn matches(&self, parts: &[String], verb: Option<&str>) -> Option<Vec<(String, String)>> {
        if !self.fits(parts, verb) {
            return None;
        }
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(self.segments.len());
        let mut at = 0;
        for segment in &self.segments {
            match segment {
                Segment::Literal(literal) => {
                    if parts.get(at)? != literal {
                        return None;
                    }
                    spans.push((at, at + 1));
                    at += 1;
                }
                Segment::One => {
                    if parts.get(at)?.is_empty() {
                        return None;
                    }
                    spans.push((at, at + 1));
                    at += 1;
                }
                Segment::Rest => {
                    if at >= parts.len() {
                        return None;
                    }
                    spans.push((at, parts.len()));
                    at = parts.len();
                }
            }
        }
        if at != parts.len() {
            return None;
        }
        Some(
            self.variables
                .iter()
                .map(|variable| {
                    let from = spans[variable.start].0;
                    let to = spans[variable.end - 1].1;
                    (variable.field.clone(), parts[from..to].join("/"))
                })
                .collect(),
        )
    }
}

/// One HTTP binding of one RPC.
#[derive(Clone)]
struct Route {
    /// `/package.Service/Method`, the gRPC path this binding calls.
    rpc_path: String,
    method: Method,
    template: Template,
    body: BodyRule,
    rpc: MethodDescriptor,
    channel: MeshChannel,
}

/// The transcoding table of the services behind the gateway.
#[derive(Clone)]
pub struct Transcoder {
    routes: Vec<Route>,
}

fn http_rule_bindings(rule: &prost_reflect::DynamicMessage) -> Vec<(Method, String, String)> {
    let mut bindings = Vec::new();
    let text = |message: &DynamicMessage, name: &str| {
        message
            .get_field_by_name(name)
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let mut add = |message: &DynamicMessage| {
        for (name, method) in [
            ("get", Method::GET),
            ("post", Method::POST),
            ("patch", Method::PATCH),
            ("delete", Method::DELETE),
            ("put", Method::PUT),
        ] {
            let path = text(message, name);
            if !path.is_empty() {
                bindings.push((method, path, text(message, "body")));
            }
        }
    };
    add(rule);
    if let Some(Value::List(more)) = rule.get_field_by_name("additional_bindings").as_deref() {
        for binding in more {
            if let Value::Message(binding) = binding {
                add(binding);
            }
        }
    }
    bindings
}

impl Transcoder {
    /// The routes of every annotated RPC of the services in `backends` (service name → channel).
    pub fn new(pool: &DescriptorPool, backends: &HashMap<String, MeshChannel>) -> Self {
        let mut routes = Vec::new();
        let Some(http) = pool.get_extension_by_name("google.api.http") else {
            return Self { routes };
        };
        for service in pool.services() {
            let Some(channel) = backends.get(service.full_name()) else {
                continue;
            };
            for rpc in service.methods() {
                if rpc.is_client_streaming() {
                    continue;
                }
                let options = rpc.options();
                if !options.has_extension(&http) {
                    continue;
                }
                let Value::Message(rule) = options.get_extension(&http).into_owned() else {
                    continue;
                };
                for (method, path, body) in http_rule_bindings(&rule) {
                    let Some(template) = Template::parse(&path) else {
                        tracing::warn!(rpc = rpc.full_name(), %path, "unparseable path template: not served");
                        continue;
                    };
                    let body = match body.as_str() {
                        "" => BodyRule::None,
                        "*" => BodyRule::All,
                        field => BodyRule::Field(field.to_owned()),
                    };
                    routes.push(Route {
                        rpc_path: format!("/{}/{}", rpc.parent_service().full_name(), rpc.name()),
                        method,
                        template,
                        body,
                        rpc: rpc.clone(),
                        channel: channel.clone(),
                    });
                }
            }
        }
        Self { routes }
    }

    /// How many bindings are served.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether nothing is served.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Answers one HTTP request; `None` when no binding matches its path.
    pub async fn handle(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Option<Response> {
        let raw = uri.path().strip_prefix('/')?;
        let (raw, verb) = match raw.rsplit_once('/') {
            Some((head, last)) => match last.split_once(':') {
                Some((segment, verb)) => (format!("{head}/{segment}"), Some(verb.to_owned())),
                None => (raw.to_owned(), None),
            },
            None => match raw.split_once(':') {
                Some((segment, verb)) => (segment.to_owned(), Some(verb.to_owned())),
                None => (raw.to_owned(), None),
            },
        };
        let mut parts = Vec::new();
        for part in raw.split('/') {
            let decoded = match percent_decode(part) {
                Some(decoded) => decoded,
                None => {
                    return Some(problem(
                        StatusCode::BAD_REQUEST,
                        3,
                        "the path is not valid percent-encoding",
                        "BAD_PATH",
                    ));
                }
            };
            if decoded.contains('/') || decoded == ".." || decoded == "." {
                return Some(problem(
                    StatusCode::BAD_REQUEST,
                    3,
                    "path segments must not contain `/`, `.` or `..`",
                    "BAD_PATH",
                ));
            }
            parts.push(decoded);
        }
        let mut path_matched = false;
        for route in &self.routes {
            let Some(variables) = route.template.matches(&parts, verb.as_deref()) else {
                continue;
            };
            path_matched = true;
            if route.method != method {
                continue;
            }
            let mut response = self
                .call(route, variables, uri.query().unwrap_or(""), headers, body)
                .await;
            response
                .extensions_mut()
                .insert(crate::metrics::MatchedRpc(route.rpc_path.clone()));
            return Some(response);
        }
        path_matched.then(|| {
            problem(
                StatusCode::METHOD_NOT_ALLOWED,
                12,
                &format!("{method} is not allowed on this path"),
                "METHOD_NOT_ALLOWED",
            )
        })
    }

    async fn call(
        &self,
        route: &Route,
        variables: Vec<(String, String)>,
        query: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Response {
        let input = route.rpc.input();
        let message = match build_request(route, &input, variables, query, headers, &body) {
            Ok(message) => message,
            Err((field, why)) => return invalid(&field, &why),
        };
        let mut request = tonic::Request::new(message);
        forward_headers(headers, &mut request);
        if route.rpc.is_server_streaming() {
            let path = match http::uri::PathAndQuery::from_str(&route.rpc_path) {
                Ok(path) => path,
                Err(_) => {
                    return problem(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        13,
                        "bad RPC path",
                        "INTERNAL",
                    );
                }
            };
            let mut grpc = tonic::client::Grpc::new(route.channel.clone());
            if grpc.ready().await.is_err() {
                return problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    14,
                    "the service is unavailable",
                    "UNAVAILABLE",
                );
            }
            let codec = DynamicCodec {
                output: route.rpc.output(),
            };
            return match grpc.server_streaming(request, path, codec).await {
                Ok(response) => sse(response.into_inner()),
                Err(status) => status_response(&status),
            };
        }
        // The caller's deadline holds here too: an in-process hop has no transport to enforce it.
        let deadline = headers.get("grpc-timeout").and_then(parse_grpc_timeout);
        let expired = || {
            problem(
                StatusCode::GATEWAY_TIMEOUT,
                4,
                "the deadline set by grpc-timeout passed",
                "DEADLINE_EXCEEDED",
            )
        };
        let (metadata, _, message) = request.into_parts();
        let call = unary(
            route.channel.clone(),
            &route.rpc_path,
            metadata,
            &message,
            route.rpc.output(),
        );
        let answer = match deadline {
            Some(deadline) if deadline.is_zero() => return expired(),
            Some(deadline) => match tokio::time::timeout(deadline, call).await {
                Ok(answer) => answer,
                Err(_) => return expired(),
            },
            None => call.await,
        };
        match answer {
            Ok(response) => match to_json(&response) {
                Ok(json) => (
                    StatusCode::OK,
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    json,
                )
                    .into_response(),
                Err(_) => problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    13,
                    "the response could not be rendered as JSON",
                    "INTERNAL",
                ),
            },
            Err(status) => status_response(&status),
        }
    }
}

/// Copies the caller's credentials, request id, trace context and deadline (`grpc-timeout`;
/// the server's own timeout still caps it) into the gRPC hop.
pub(crate) fn forward_headers<T>(headers: &HeaderMap, request: &mut tonic::Request<T>) {
    for name in [
        "authorization",
        "x-request-id",
        "traceparent",
        "tracestate",
        "grpc-timeout",
    ] {
        if let Some(value) = headers.get(name)
            && let Ok(value) = value.to_str()
            && let Ok(value) = value.parse()
        {
            request.metadata_mut().insert(name, value);
        }
    }
}

/// A `grpc-timeout` value (1 to 8 digits and a unit: `H M S m u n`), as the gRPC spec writes it.
fn parse_grpc_timeout(value: &http::HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?;
    let (digits, unit) = text.split_at(text.len().checked_sub(1)?);
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(amount * 3600),
        "M" => Duration::from_secs(amount * 60),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    })
}

type Failure = (String, String);

fn build_request(
    route: &Route,
    input: &MessageDescriptor,
    variables: Vec<(String, String)>,
    query: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<DynamicMessage, Failure> {
    let mut message = match &route.body {
        BodyRule::All if !body.is_empty() => parse_json(input.clone(), body, "body")?,
        _ => DynamicMessage::new(input.clone()),
    };
    if let BodyRule::Field(field) = &route.body {
        let descriptor = input
            .get_field_by_name(field)
            .ok_or_else(|| (field.clone(), "is not a field of the request".into()))?;
        if !body.is_empty() {
            let Kind::Message(kind) = descriptor.kind() else {
                return Err((field.clone(), "the body field must be a message".into()));
            };
            let value = parse_json(kind, body, field)?;
            message.set_field(&descriptor, Value::Message(value));
            // PATCH without an update mask: the fields present in the body.
            if route.method == Method::PATCH
                && let Some(mask) = input.get_field_by_name("update_mask")
                && !message.has_field(&mask)
                && !query
                    .split('&')
                    .any(|pair| pair.starts_with("update_mask=") || pair.starts_with("updateMask="))
            {
                let present: Vec<String> = match serde_json::from_slice::<serde_json::Value>(body) {
                    Ok(serde_json::Value::Object(map)) => {
                        let Kind::Message(kind) = descriptor.kind() else {
                            unreachable!("checked above")
                        };
                        map.keys()
                            .filter_map(|key| {
                                kind.get_field_by_json_name(key)
                                    .or_else(|| kind.get_field_by_name(key))
                                    .map(|f| f.name().to_owned())
                            })
                            .filter(|name| name != "name" && name != "etag")
                            .collect()
                    }
                    _ => Vec::new(),
                };
                let mut mask_message = DynamicMessage::new(match mask.kind() {
                    Kind::Message(kind) => kind,
                    _ => return Err(("update_mask".into(), "is not a FieldMask".into())),
                });
                mask_message.set_field_by_name(
                    "paths",
                    Value::List(present.into_iter().map(Value::String).collect()),
                );
                message.set_field(&mask, Value::Message(mask_message));
            }
        }
    }
    for (field, value) in variables {
        set_path(&mut message, &field, &value, false)?;
    }
    if route.body != BodyRule::All {
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(&key.replace('+', " "))
                .ok_or_else(|| (key.to_owned(), "is not valid percent-encoding".to_owned()))?;
            let value = percent_decode(&value.replace('+', " "))
                .ok_or_else(|| (key.clone(), "is not valid percent-encoding".to_owned()))?;
            set_path(&mut message, &key, &value, true)?;
        }
    }
    // A browser resuming a stream sends the last event id it saw.
    if route.rpc.is_server_streaming()
        && let Some(last) = headers.get("last-event-id").and_then(|v| v.to_str().ok())
        && let Some(field) = input
            .fields()
            .find(|f| f.name().ends_with("position") && f.kind() == Kind::String)
    {
        message.set_field(&field, Value::String(last.to_owned()));
    }
    Ok(message)
}

fn parse_json(
    descriptor: MessageDescriptor,
    body: &[u8],
    field: &str,
) -> Result<DynamicMessage, Failure> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let message = DynamicMessage::deserialize_with_options(
        descriptor,
        &mut deserializer,
        &DeserializeOptions::new(),
    )
    .map_err(|error| {
        (
            field.to_owned(),
            format!("is not valid JSON for this request: {error}"),
        )
    })?;
    deserializer
        .end()
        .map_err(|error| (field.to_owned(), format!("has trailing data: {error}")))?;
    Ok(message)
}

fn field_of(descriptor: &MessageDescriptor, name: &str) -> Option<FieldDescriptor> {
    descriptor
        .get_field_by_name(name)
        .or_else(|| descriptor.get_field_by_json_name(name))
}

/// Sets the field at a dotted path from text (path variables and query parameters).
fn set_path(
    message: &mut DynamicMessage,
    path: &str,
    text: &str,
    from_query: bool,
) -> Result<(), Failure> {
    let bad = |why: &str| (path.to_owned(), why.to_owned());
    let (head, rest) = match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let field = field_of(&message.descriptor(), head)
        .ok_or_else(|| bad("is not a field of the request"))?;
    if let Some(rest) = rest {
        let Kind::Message(kind) = field.kind() else {
            return Err(bad("is not a message field"));
        };
        if field.is_list() || field.is_map() {
            return Err(bad("repeated messages cannot be set from the URL"));
        }
        // Well-known types whose JSON form is a string are set whole, not through their fields.
        let value = message.get_field_mut(&field);
        if !matches!(value, Value::Message(_)) {
            *value = Value::Message(DynamicMessage::new(kind.clone()));
        }
        let Value::Message(inner) = value else {
            return Err(bad("is not a message field"));
        };
        return set_path(inner, rest, text, from_query);
    }
    let value = scalar(&field, text).map_err(|why| bad(&why))?;
    if field.is_list() {
        match message.get_field_mut(&field) {
            Value::List(list) => list.push(value),
            other => *other = Value::List(vec![value]),
        }
    } else {
        let _ = from_query;
        message.set_field(&field, value);
    }
    Ok(())
}

/// A field value from its text form in a URL.
fn scalar(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    let number = |what: &str| format!("must be {what}");
    Ok(match field.kind() {
        Kind::String => Value::String(text.to_owned()),
        Kind::Bool => Value::Bool(text.parse().map_err(|_| number("true or false"))?),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => {
            Value::I32(text.parse().map_err(|_| number("a 32-bit integer"))?)
        }
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => {
            Value::I64(text.parse().map_err(|_| number("a 64-bit integer"))?)
        }
        Kind::Uint32 | Kind::Fixed32 => Value::U32(
            text.parse()
                .map_err(|_| number("an unsigned 32-bit integer"))?,
        ),
        Kind::Uint64 | Kind::Fixed64 => Value::U64(
            text.parse()
                .map_err(|_| number("an unsigned 64-bit integer"))?,
        ),
        Kind::Float => Value::F32(text.parse().map_err(|_| number("a number"))?),
        Kind::Double => Value::F64(text.parse().map_err(|_| number("a number"))?),
        Kind::Bytes => Value::Bytes(
            base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                text.trim_end_matches('='),
            )
            .map_err(|_| number("base64"))?
            .into(),
        ),
        Kind::Enum(kind) => match kind.get_value_by_name(text) {
            Some(value) => Value::EnumNumber(value.number()),
            None => match text.parse::<i32>() {
                Ok(n) if kind.get_value(n).is_some() => Value::EnumNumber(n),
                _ => return Err(format!("is not a value of {}", kind.name())),
            },
        },
        Kind::Message(kind) => {
            // Well-known types that JSON writes as strings.
            let json = serde_json::Value::String(text.to_owned());
            DynamicMessage::deserialize(kind.clone(), json)
                .map(Value::Message)
                .map_err(|_| format!("is not a valid {}", kind.name()))?
        }
    })
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn to_json(message: &DynamicMessage) -> Result<Vec<u8>, serde_json::Error> {
    let mut serializer = serde_json::Serializer::new(Vec::new());
    message.serialize_with_options(&mut serializer, &SerializeOptions::new())?;
    Ok(serializer.into_inner())
}

/// An error answer in the `google.rpc.Status` JSON form.
pub fn problem(status: StatusCode, code: i32, message: &str, reason: &str) -> Response {
    let body = json!({
        "code": code,
        "message": message,
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": taskstream_runtime::error::ERROR_DOMAIN}],
    });
    (status, axum::Json(body)).into_response()
}

fn invalid(field: &str, why: &str) -> Response {
    let body = json!({
        "code": 3,
        "message": format!("invalid {field}: {why}"),
        "details": [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "INVALID_ARGUMENT", "domain": taskstream_runtime::error::ERROR_DOMAIN},
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": field, "description": why}]},
        ],
    });
    (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
}

/// A gRPC status as HTTP: the standard status code and the `google.rpc.Status` JSON with its
/// details.
pub fn status_response(status: &Status) -> Response {
    use tonic_types::StatusExt;
    let details = status.get_error_details();
    let mut rendered = Vec::new();
    if let Some(info) = details.error_info() {
        rendered.push(json!({"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": info.reason, "domain": info.domain, "metadata": info.metadata}));
    }
    if let Some(bad) = details.bad_request() {
        let violations: Vec<_> = bad
            .field_violations
            .iter()
            .map(|v| json!({"field": v.field, "description": v.description}))
            .collect();
        rendered.push(json!({"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": violations}));
    }
    let mut retry_after = None;
    if let Some(retry) = details.retry_info()
        && let Some(delay) = retry.retry_delay
    {
        retry_after = Some(delay.as_secs().max(1));
        rendered.push(json!({"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": format!("{}s", delay.as_secs())}));
    }
    let code = StatusCode::from_u16(http_status(status.code()))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body =
        json!({"code": status.code() as i32, "message": status.message(), "details": rendered});
    let mut response = (code, axum::Json(body)).into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(seconds),
        );
    }
    response
}

/// A server stream as Server-Sent Events: one `data:` JSON message per event, its `id` the
/// message's position when it has one, so `Last-Event-ID` resumes.
fn sse(stream: tonic::Streaming<DynamicMessage>) -> Response {
    let events = stream.map(|item| {
        Ok::<_, Infallible>(match item {
            Ok(message) => {
                let mut event = Event::default().data(
                    String::from_utf8(to_json(&message).unwrap_or_default()).unwrap_or_default(),
                );
                if let Some(position) = position_of(&message) {
                    event = event.id(position);
                }
                event
            }
            Err(status) => Event::default().event("error").data(
                json!({"code": status.code() as i32, "message": status.message()}).to_string(),
            ),
        })
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The `position` of a stream message (top level or one oneof member down), if any.
fn position_of(message: &DynamicMessage) -> Option<String> {
    for (field, value) in message.fields() {
        match value {
            Value::String(text) if field.name() == "position" && !text.is_empty() => {
                return Some(text.clone());
            }
            Value::Message(inner) => {
                if let Some(Value::String(text)) = inner.get_field_by_name("position").as_deref()
                    && !text.is_empty()
                {
                    return Some(text.clone());
                }
            }
            _ => {}
        }
    }
    None
}

/// One unary call: the request goes out as a single length-prefixed frame and the answer is
/// collected whole, its status read from the trailers (or from the headers when the service
/// answered trailers-only). Unary calls need none of tonic's client streaming machinery;
/// skipping it is most of what the REST path costs beyond the call itself.
pub(crate) async fn unary(
    channel: MeshChannel,
    rpc_path: &str,
    metadata: tonic::metadata::MetadataMap,
    message: &DynamicMessage,
    output: MessageDescriptor,
) -> Result<DynamicMessage, Status> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let length = message.encoded_len();
    let mut frame = Vec::with_capacity(5 + length);
    frame.push(0);
    frame.extend_from_slice(
        &u32::try_from(length)
            .map_err(|_| Status::invalid_argument("the request is too large"))?
            .to_be_bytes(),
    );
    message
        .encode(&mut frame)
        .map_err(|error| Status::internal(error.to_string()))?;
    let mut request = http::Request::new(tonic::body::Body::new(http_body_util::Full::new(
        Bytes::from(frame),
    )));
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() =
        http::Uri::from_str(rpc_path).map_err(|_| Status::internal("bad RPC path"))?;
    let headers = request.headers_mut();
    *headers = metadata.into_headers();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/grpc"),
    );
    headers.insert(http::header::TE, http::HeaderValue::from_static("trailers"));
    let response = channel
        .oneshot(request)
        .await
        .map_err(|_| Status::unavailable("the service is unavailable"))?;
    let (parts, body) = response.into_parts();
    if let Some(status) = Status::from_header_map(&parts.headers)
        && status.code() != tonic::Code::Ok
    {
        return Err(status);
    }
    let collected = body.collect().await.map_err(|status| {
        Status::unavailable(format!(
            "the service's answer broke off: {}",
            status.message()
        ))
    })?;
    let status = collected
        .trailers()
        .and_then(Status::from_header_map)
        .or_else(|| Status::from_header_map(&parts.headers))
        .unwrap_or_else(|| Status::unknown("the service sent no grpc-status"));
    if status.code() != tonic::Code::Ok {
        return Err(status);
    }
    let bytes = collected.to_bytes();
    let declared = bytes
        .get(1..5)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    match (bytes.first(), declared) {
        (Some(0), Some(declared)) if declared == bytes.len() - 5 => {
            DynamicMessage::decode(output, &bytes[5..])
                .map_err(|error| Status::internal(format!("the service's answer: {error}")))
        }
        _ => Err(Status::internal(
            "the service's answer is not one uncompressed gRPC message",
        )),
    }
}

/// Encodes and decodes dynamic messages for the generic gRPC client.
#[derive(Clone)]
pub(crate) struct DynamicCodec {
    pub(crate) output: MessageDescriptor,
}

pub(crate) struct DynamicEncoder;

pub(crate) struct DynamicDecoder(MessageDescriptor);

impl Codec for DynamicCodec {
    type Encode = DynamicMessage;
    type Decode = DynamicMessage;
    type Encoder = DynamicEncoder;
    type Decoder = DynamicDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        DynamicEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        DynamicDecoder(self.output.clone())
    }
}

impl Encoder for DynamicEncoder {
    type Item = DynamicMessage;
    type Error = Status;

    fn encode(&mut self, item: Self::Item, buf: &mut EncodeBuf<'_>) -> Result<(), Self::Error> {
        item.encode(buf)
            .map_err(|error| Status::internal(error.to_string()))
    }
}

impl Decoder for DynamicDecoder {
    type Item = DynamicMessage;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<Self::Item>, Self::Error> {
        DynamicMessage::decode(self.0.clone(), buf)
            .map(Some)
            .map_err(|error| Status::internal(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A channel whose service answers every call with `answer`.
    fn answering(answer: fn() -> http::Response<tonic::body::Body>) -> MeshChannel {
        let service = tower::service_fn(move |_: http::Request<tonic::body::Body>| async move {
            Ok::<_, Infallible>(answer())
        });
        MeshChannel::in_process(tower::util::BoxCloneSyncService::new(service))
    }

    fn empty_request() -> (MessageDescriptor, DynamicMessage) {
        let pool = DescriptorPool::decode(taskstream_proto::FILE_DESCRIPTOR_SET).unwrap();
        let input = pool
            .get_message_by_name("taskstream.tasks.v1.GetTaskRequest")
            .unwrap();
        (input.clone(), DynamicMessage::new(input))
    }

    #[tokio::test]
    async fn unary_calls_read_trailers_only_errors_and_refuse_broken_frames() {
        let (descriptor, message) = empty_request();
        // Trailers-only: the status is in the headers.
        let not_found = answering(|| tonic::Status::not_found("no such task").into_http());
        let status = unary(
            not_found,
            "/taskstream.tasks.v1.TaskService/GetTask",
            Default::default(),
            &message,
            descriptor.clone(),
        )
        .await
        .unwrap_err();
        assert_eq!(status.code(), tonic::Code::NotFound);
        assert_eq!(status.message(), "no such task");
        // A frame whose declared length disagrees with the body is no answer.
        let broken = answering(|| {
            let mut response = http::Response::new(tonic::body::Body::new(
                http_body_util::Full::new(Bytes::from_static(&[0, 0, 0, 0, 9, 1])),
            ));
            response
                .headers_mut()
                .insert("grpc-status", "0".parse().unwrap());
            response
        });
        let status = unary(
            broken,
            "/taskstream.tasks.v1.TaskService/GetTask",
            Default::default(),
            &message,
            descriptor,
        )
        .await
        .unwrap_err();
        assert_eq!(status.code(), tonic::Code::Internal, "{status:?}");
    }

    fn parts(path: &str) -> Vec<String> {
        path.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn templates_match_variables_nested_fields_and_verbs() {
        let t = Template::parse("/v1/{name=workspaces/*/projects/*}:undelete").unwrap();
        assert_eq!(t.verb.as_deref(), Some("undelete"));
        let vars = t
            .matches(&parts("v1/workspaces/a/projects/b"), Some("undelete"))
            .unwrap();
        assert_eq!(
            vars,
            [("name".to_owned(), "workspaces/a/projects/b".to_owned())]
        );
        assert!(
            t.matches(&parts("v1/workspaces/a/projects/b"), None)
                .is_none()
        );

        let t = Template::parse("/v1/{task.name=workspaces/*/projects/*/tasks/*}").unwrap();
        let vars = t
            .matches(&parts("v1/workspaces/a/projects/b/tasks/c"), None)
            .unwrap();
        assert_eq!(vars[0].0, "task.name");
        assert!(
            t.matches(&parts("v1/workspaces/a/projects/b"), None)
                .is_none()
        );

        let t = Template::parse("/v1/{parent=workspaces/*}/projects").unwrap();
        assert!(
            t.matches(&parts("v1/workspaces/a/projects"), None)
                .is_some()
        );
        assert!(
            t.matches(&parts("v1/workspaces/a/projects/x"), None)
                .is_none()
        );

        let t = Template::parse("/v1/users:login").unwrap();
        assert!(t.matches(&parts("v1/users"), Some("login")).is_some());

        let t = Template::parse("/v1/{path=files/**}").unwrap();
        let vars = t.matches(&parts("v1/files/a/b/c"), None).unwrap();
        assert_eq!(vars[0].1, "files/a/b/c");
    }

    #[test]
    fn percent_decoding_is_strict() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("a%2Fb").as_deref(), Some("a/b"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%2"), None);
    }
}
