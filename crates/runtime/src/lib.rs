//! The runtime every TaskStream server shares, so a service crate only writes its logic:
//!
//! - [`admission`]: the hook through which every call is authenticated and authorized;
//! - [`config`]: layered configuration (defaults → TOML file → `TASKSTREAM_*` env → flags),
//!   validated at start with one message naming the bad key;
//! - [`telemetry`]: `tracing` logs (pretty or JSON) and OTLP export when configured;
//! - [`server`]: the gRPC server builder that always adds health, reflection (v1 and v1alpha),
//!   limits, timeouts and graceful shutdown;
//! - [`error`]: the one error type, which knows its gRPC code, HTTP status and `ErrorInfo` reason;
//! - [`mesh`]: a channel that reaches a service in-process or over the network alike;
//! - [`shutdown`]: SIGTERM/SIGINT handling shared by every listener of the process.

pub mod admission;
pub mod config;
pub mod error;
pub mod etag;
pub mod mesh;
pub mod paging;
pub mod position;
pub mod server;
pub mod shutdown;
pub mod telemetry;

pub use error::{ServiceError, ServiceResult, Violations};
