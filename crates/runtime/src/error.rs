//! One error type for every service: it knows its canonical gRPC code, the HTTP status the
//! gateway answers with, and the stable `google.rpc.ErrorInfo` reason clients branch on.

use std::{fmt, time::Duration};

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// Domain of every `ErrorInfo` we return.
pub const ERROR_DOMAIN: &str = taskstream_proto::ERROR_DOMAIN;

/// Result of service logic.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// A failure to report to a caller, with everything needed to render it over gRPC or HTTP.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    code: Code,
    reason: &'static str,
    message: String,
    violations: Vec<(String, String)>,
    retry_after: Option<Duration>,
}

impl ServiceError {
    /// A new error; prefer the named constructors below.
    pub fn new(code: Code, reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            reason,
            message: message.into(),
            violations: Vec::new(),
            retry_after: None,
        }
    }

    /// Bad input: one `BadRequest` field violation per `(field, description)`.
    pub fn invalid_argument(violations: Vec<(String, String)>) -> Self {
        let message = match violations.as_slice() {
            [(field, description)] => format!("invalid {field}: {description}"),
            _ => format!(
                "invalid request: {}",
                violations
                    .iter()
                    .map(|(field, _)| field.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Self {
            violations,
            ..Self::new(Code::InvalidArgument, "INVALID_ARGUMENT", message)
        }
    }

    /// The named resource does not exist in the caller's workspace (or exists in another one:
    /// the answer must not tell the difference).
    pub fn not_found(name: &str) -> Self {
        Self::new(Code::NotFound, "NOT_FOUND", format!("{name} not found"))
    }

    /// The same error under a more specific `ErrorInfo` reason (e.g. a field violation that
    /// also names its cause for clients that switch on reasons).
    pub fn with_reason(self, reason: &'static str) -> Self {
        Self { reason, ..self }
    }

    /// The same error with a `RetryInfo`: the caller may try again after `delay`.
    pub fn with_retry_after(self, delay: Duration) -> Self {
        Self {
            retry_after: Some(delay),
            ..self
        }
    }

    /// The caller has no valid credentials.
    pub fn unauthenticated(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(Code::Unauthenticated, reason, message)
    }

    /// The caller may see the resource but not do this to it.
    pub fn permission_denied(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(Code::PermissionDenied, reason, message)
    }

    /// A resource with the same unique key exists.
    pub fn already_exists(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(Code::AlreadyExists, reason, message)
    }

    /// The caller's etag is stale: someone else wrote first.
    pub fn etag_mismatch(name: &str) -> Self {
        Self::new(
            Code::Aborted,
            "ETAG_MISMATCH",
            format!("{name} was changed by someone else: re-read it and retry with its new etag"),
        )
    }

    /// The system is not in the state the call needs.
    pub fn failed_precondition(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(Code::FailedPrecondition, reason, message)
    }

    /// A dependency is down; safe to retry.
    pub fn unavailable(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(Code::Unavailable, reason, message)
    }

    /// The work did not finish within its deadline.
    pub fn deadline_exceeded(message: impl Into<String>) -> Self {
        Self::new(Code::DeadlineExceeded, "DEADLINE_EXCEEDED", message)
    }

    /// Too many requests; retry after the given delay.
    pub fn resource_exhausted(reason: &'static str, retry_after: Duration) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                Code::ResourceExhausted,
                reason,
                format!(
                    "too many requests: retry in {}s",
                    retry_after.as_secs().max(1)
                ),
            )
        }
    }

    /// The RPC exists in the contract but this build does not implement it yet.
    pub fn unimplemented(what: &str) -> Self {
        Self::new(
            Code::Unimplemented,
            "NOT_IMPLEMENTED",
            format!("{what} is not implemented yet"),
        )
    }

    /// An unexpected failure. The cause is logged here, with the span of the request, and never
    /// sent to the caller (it may hold internals).
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(Code::Internal, "INTERNAL", "internal error")
    }

    /// The canonical gRPC code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The stable `ErrorInfo.reason`.
    pub fn reason(&self) -> &'static str {
        self.reason
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The field violations of an `INVALID_ARGUMENT`.
    pub fn violations(&self) -> &[(String, String)] {
        &self.violations
    }

    /// The HTTP status the gateway answers with.
    pub fn http_status(&self) -> u16 {
        http_status(self.code)
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({}): {}", self.code, self.reason, self.message)
    }
}

impl std::error::Error for ServiceError {}

impl From<ServiceError> for Status {
    fn from(error: ServiceError) -> Self {
        let mut details = ErrorDetails::with_error_info(
            error.reason,
            ERROR_DOMAIN,
            std::collections::HashMap::<String, String>::new(),
        );
        if !error.violations.is_empty() {
            details.set_bad_request(
                error
                    .violations
                    .iter()
                    .map(|(field, description)| {
                        tonic_types::FieldViolation::new(field.clone(), description.clone())
                    })
                    .collect::<Vec<_>>(),
            );
        }
        if let Some(delay) = error.retry_after {
            details.set_retry_info(Some(delay));
        }
        Status::with_error_details(error.code, error.message, details)
    }
}

/// The HTTP status for a gRPC code, as `google.rpc.Code` documents the mapping.
pub fn http_status(code: Code) -> u16 {
    match code {
        Code::Ok => 200,
        Code::Cancelled => 499,
        Code::Unknown | Code::Internal | Code::DataLoss => 500,
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => 400,
        Code::DeadlineExceeded => 504,
        Code::NotFound => 404,
        Code::AlreadyExists | Code::Aborted => 409,
        Code::PermissionDenied => 403,
        Code::ResourceExhausted => 429,
        Code::Unimplemented => 501,
        Code::Unavailable => 503,
        Code::Unauthenticated => 401,
    }
}

/// Collects every problem of a request before answering, so a caller fixes them all at once.
#[derive(Debug, Default)]
pub struct Violations(Vec<(String, String)>);

impl Violations {
    /// Records a violation of `field`.
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push((field.into(), description.into()));
    }

    /// Records a violation unless `ok`.
    pub fn check(&mut self, ok: bool, field: &str, description: impl FnOnce() -> String) {
        if !ok {
            self.add(field, description());
        }
    }

    /// Keeps the value of a check that may fail, recording its field violations otherwise, so
    /// later checks still run and the caller hears of every bad field at once.
    pub fn absorb<T>(&mut self, result: ServiceResult<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.extend(error.violations);
                None
            }
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded, else `INVALID_ARGUMENT` with every violation.
    pub fn into_result(self) -> ServiceResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::invalid_argument(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_carries_error_info_and_field_violations() {
        let error = ServiceError::invalid_argument(vec![
            ("project.key".into(), "must be 2 to 10 characters".into()),
            (
                "parent".into(),
                "must look like workspaces/{workspace}".into(),
            ),
        ]);
        assert_eq!(error.http_status(), 400);
        let status = Status::from(error);
        assert_eq!(status.code(), Code::InvalidArgument);
        let details = status.get_error_details();
        let info = details.error_info().expect("ErrorInfo");
        assert_eq!(info.reason, "INVALID_ARGUMENT");
        assert_eq!(info.domain, "taskstream.dev");
        let fields: Vec<_> = details
            .bad_request()
            .expect("BadRequest")
            .field_violations
            .iter()
            .map(|v| v.field.as_str())
            .collect();
        assert_eq!(fields, ["project.key", "parent"]);
    }

    #[test]
    fn retry_info_rides_on_resource_exhausted() {
        let status = Status::from(ServiceError::resource_exhausted(
            "RATE_LIMITED",
            Duration::from_secs(3),
        ));
        assert_eq!(status.code(), Code::ResourceExhausted);
        let retry = status
            .get_error_details()
            .retry_info()
            .cloned()
            .expect("RetryInfo");
        assert_eq!(retry.retry_delay, Some(Duration::from_secs(3)));
    }

    #[test]
    fn http_statuses_follow_google_rpc_code() {
        assert_eq!(http_status(Code::NotFound), 404);
        assert_eq!(http_status(Code::Aborted), 409);
        assert_eq!(http_status(Code::ResourceExhausted), 429);
        assert_eq!(http_status(Code::Unauthenticated), 401);
        assert_eq!(http_status(Code::Unavailable), 503);
    }
}
