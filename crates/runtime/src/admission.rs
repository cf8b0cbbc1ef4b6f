//! Admission: the one place where every incoming call is authenticated and authorized before
//! it reaches a service. The runtime owns the mechanics (reading the first request message,
//! attaching the caller to the request, answering refusals); an [`Admission`] implementation
//! (the security crate's guard) owns the decision. Every [`crate::server::GrpcServices`] stack
//! is built with one: there is no way to build a server without it.

use async_trait::async_trait;
use bytes::{Buf, Bytes, BytesMut};
use futures::StreamExt;
use http_body_util::BodyExt;
use tonic::body::Body;

use crate::error::{ServiceError, ServiceResult};

/// The authenticated caller of an RPC, available to handlers as a request extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// `users/{user}` or `workspaces/{workspace}/serviceAccounts/{account}`.
    pub subject: String,
    /// The access token's id.
    pub token_id: String,
    /// The access token itself, forwarded on calls made on the caller's behalf.
    pub bearer: String,
    /// The caller's role in the workspace the call acts on (`owner`, `admin`, `member`,
    /// `viewer`), empty for calls not scoped to a workspace.
    pub role: String,
    /// Conditions the call was admitted under (from the authorization table), which the
    /// service must verify against the resource before acting; empty when the caller's role
    /// holds the permission outright.
    pub conditions: Vec<String>,
}

impl Principal {
    /// The caller of a request admitted with credentials.
    pub fn of<T>(request: &tonic::Request<T>) -> Option<&Principal> {
        request.extensions().get::<Principal>()
    }

    /// A downstream call made on this caller's behalf: it carries the caller's own token, so
    /// the callee's guard authorizes the real principal, never the calling service.
    pub fn forward<T>(&self, message: T) -> tonic::Request<T> {
        let mut request = tonic::Request::new(message);
        if let Ok(value) = format!("Bearer {}", self.bearer).parse() {
            request.metadata_mut().insert("authorization", value);
        }
        request
    }
}

/// Decides whether a call may proceed.
#[async_trait]
pub trait Admission: Send + Sync + 'static {
    /// Whether deciding on `method` needs its (first) request message.
    fn needs_message(&self, method: &str) -> bool;

    /// The caller (`None` for calls that need no credentials), or the refusal to answer with.
    /// `method` is fully qualified: `taskstream.tasks.v1.TaskService/GetTask`.
    async fn admit(
        &self,
        method: &str,
        headers: &http::HeaderMap,
        message: Option<&[u8]>,
    ) -> ServiceResult<Option<Principal>>;
}

/// Reads the first gRPC message of `body` (at most `limit` bytes) and returns it together with
/// a body that replays everything read, followed by the rest.
pub(crate) async fn peek_first_message(
    mut body: Body,
    limit: usize,
) -> ServiceResult<(Bytes, Body)> {
    let mut buffered = BytesMut::new();
    loop {
        if buffered.len() >= 5 {
            if buffered[0] != 0 {
                return Err(ServiceError::new(
                    tonic::Code::Unimplemented,
                    "COMPRESSION_UNSUPPORTED",
                    "compressed request messages are not supported",
                ));
            }
            let length =
                u32::from_be_bytes([buffered[1], buffered[2], buffered[3], buffered[4]]) as usize;
            if length > limit {
                return Err(ServiceError::new(
                    tonic::Code::ResourceExhausted,
                    "MESSAGE_TOO_LARGE",
                    format!("the request message is {length} bytes; at most {limit} are accepted"),
                ));
            }
            if buffered.len() >= 5 + length {
                let message = Bytes::copy_from_slice(&buffered[5..5 + length]);
                let replay = futures::stream::once(futures::future::ready(Ok::<_, tonic::Status>(
                    http_body::Frame::data(buffered.freeze()),
                )))
                .chain(
                    body.into_data_stream()
                        .map(|chunk| chunk.map(http_body::Frame::data)),
                );
                return Ok((message, Body::new(http_body_util::StreamBody::new(replay))));
            }
        }
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Ok(mut data) = frame.into_data() {
                    while data.has_remaining() {
                        let chunk = data.chunk().len();
                        buffered.extend_from_slice(data.chunk());
                        data.advance(chunk);
                    }
                }
            }
            Some(Err(status)) => {
                return Err(ServiceError::new(
                    status.code(),
                    "REQUEST_BODY_FAILED",
                    status.message().to_owned(),
                ));
            }
            None => {
                return Err(ServiceError::invalid_argument(vec![(
                    "request".into(),
                    "the request ended before its first message".into(),
                )]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_calls_carry_the_callers_token() {
        let principal = Principal {
            subject: "users/ana".into(),
            token_id: "j".into(),
            bearer: "abc.def.ghi".into(),
            role: String::new(),
            conditions: Vec::new(),
        };
        let request = principal.forward(());
        assert_eq!(
            request.metadata().get("authorization").unwrap(),
            "Bearer abc.def.ghi"
        );
    }
}
