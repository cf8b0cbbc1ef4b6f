//! Layered configuration: built-in defaults, then a TOML file (`--config` or
//! `TASKSTREAM_CONFIG`), then `TASKSTREAM_*` environment variables (nested keys joined by
//! `__`, e.g. `TASKSTREAM_TELEMETRY__LOG_FORMAT=json`), then command-line flags. The result is
//! validated once at start; a bad value stops the process with one message naming the key.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

/// Environment variables that configure the process start with this prefix.
pub const ENV_PREFIX: &str = "TASKSTREAM_";

/// The whole configuration of a `taskstream` process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the gRPC server listens on; every hosted service shares it.
    pub grpc_addr: SocketAddr,
    /// Address the HTTP gateway listens on.
    pub http_addr: SocketAddr,
    /// Where embedded (dev) adapters keep their files.
    pub data_dir: PathBuf,
    /// PostgreSQL URL for `serve` and `migrate` (e.g. `postgres://user:pass@host/db`).
    pub database_url: Option<String>,
    /// Redis URL for `serve` (e.g. `redis://host:6379`).
    pub redis_url: Option<String>,
    /// Limits and timeouts of the gRPC server.
    pub server: ServerConfig,
    /// Connection pool of the relational store.
    pub database: DatabaseConfig,
    /// Logs and traces.
    pub telemetry: TelemetryConfig,
    /// The HTTP gateway.
    pub gateway: GatewayConfig,
    /// Tokens.
    pub auth: AuthConfig,
    /// The NLP service's models and inference.
    pub nlp: NlpConfig,
    /// Where to reach services this process does not host, by role name
    /// (`[remote] auth = "http://auth:50051"`). Hosted services are always called in-process.
    pub remote: std::collections::BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            grpc_addr: SocketAddr::from(([127, 0, 0, 1], 50051)),
            http_addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from(".taskstream"),
            database_url: None,
            redis_url: None,
            server: ServerConfig::default(),
            database: DatabaseConfig::default(),
            telemetry: TelemetryConfig::default(),
            gateway: GatewayConfig::default(),
            auth: AuthConfig::default(),
            nlp: NlpConfig::default(),
            remote: Default::default(),
        }
    }
}

/// Limits and timeouts every gRPC server applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Largest request or response message, in bytes (1 KiB to 64 MiB).
    pub max_message_bytes: usize,
    /// Deadline of a unary request when the caller sets none (`grpc-timeout` wins when shorter).
    #[serde(with = "humantime_serde")]
    pub request_timeout: Duration,
    /// How long in-flight requests may finish after SIGTERM/SIGINT before they are cut.
    #[serde(with = "humantime_serde")]
    pub shutdown_grace: Duration,
    /// HTTP/2 concurrent streams allowed per connection.
    pub max_concurrent_streams: u32,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            max_message_bytes: 4 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
            max_concurrent_streams: 1024,
        }
    }
}

/// Relational connection pool settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// Most connections one service keeps open (1 to 500).
    pub max_connections: u32,
    /// How long a request waits for a free connection before `UNAVAILABLE`.
    #[serde(with = "humantime_serde")]
    pub acquire_timeout: Duration,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// The HTTP gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GatewayConfig {
    /// Requests one source address may make per minute (a token bucket holding a minute's
    /// budget, shared by every gateway replica through Redis in production); 0 turns it off.
    pub requests_per_minute: u32,
    /// Requests one authenticated principal may make per minute, from any address (a token
    /// bucket like the per-address one); 0 turns it off.
    pub principal_requests_per_minute: u32,
    /// PEM certificate chain for HTTPS; with `tls_key_file`, the gateway serves HTTPS only and
    /// reloads both files when they change.
    pub tls_cert_file: Option<PathBuf>,
    /// PEM private key matching `tls_cert_file`.
    pub tls_key_file: Option<PathBuf>,
    /// Browser origins (`https://app.example.com`) allowed to call the REST API from another
    /// origin; empty (the default) sends no CORS headers, so only same-origin pages may call.
    pub cors_allowed_origins: Vec<String>,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            requests_per_minute: 1200,
            principal_requests_per_minute: 600,
            tls_cert_file: None,
            tls_key_file: None,
            cors_allowed_origins: Vec::new(),
        }
    }
}

/// Tokens, shared by the auth service (which signs them) and every guard (which verifies them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// The `iss` of access tokens: the deployment's public auth URL. Every process of a
    /// deployment must use the same value.
    pub issuer: String,
    /// First-party callback URLs an SSO login may send the browser back to.
    pub sso_redirect_uris: Vec<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            issuer: "http://127.0.0.1:8080".into(),
            sso_redirect_uris: vec!["http://127.0.0.1:8080/sso/callback".into()],
        }
    }
}

/// The NLP service's models and inference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NlpConfig {
    /// Where `make models` put the model files and the ONNX Runtime library.
    pub models_dir: PathBuf,
    /// Inference sessions run in parallel (1 to 64), each on its own blocking thread.
    pub inference_workers: usize,
    /// Threads one inference session uses inside ONNX Runtime (1 to 64).
    pub threads_per_worker: usize,
    /// Inference batches allowed to wait for a worker before calls fail with
    /// `RESOURCE_EXHAUSTED` (1 to 100000).
    pub max_queued_batches: usize,
}

impl Default for NlpConfig {
    fn default() -> Self {
        Self {
            models_dir: PathBuf::from(".cache/models"),
            inference_workers: 1,
            threads_per_worker: 1,
            max_queued_batches: 256,
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-friendly, coloured when writing to a terminal.
    Pretty,
    /// One JSON object per line, for log shippers.
    Json,
}

/// Logs and traces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// `pretty` or `json`.
    pub log_format: LogFormat,
    /// `tracing` filter directives, e.g. `info,taskstream_tasks=debug`.
    pub log_filter: String,
    /// OTLP/gRPC collector endpoint (e.g. `http://otel-collector:4317`); traces are exported
    /// only when set.
    pub otlp_endpoint: Option<String>,
    /// `service.name` reported with traces.
    pub service_name: String,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        Self {
            log_format: LogFormat::Pretty,
            log_filter: "info,sqlx=warn".into(),
            otlp_endpoint: None,
            service_name: "taskstream".into(),
        }
    }
}

/// A configuration that cannot be used: names the key and says why.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

impl ConfigError {
    /// An error about `key`, saying `reason`.
    pub fn key_error(key: &str, reason: impl std::fmt::Display) -> Self {
        Self::key(key, reason)
    }

    fn key(key: &str, reason: impl std::fmt::Display) -> Self {
        Self(format!("`{key}` {reason}"))
    }
}

impl Config {
    /// Loads the layers in order: defaults, `file` (when given), `TASKSTREAM_*` environment,
    /// then `overrides` (flags: only the keys they set), and validates the result.
    pub fn load(
        file: Option<&std::path::Path>,
        overrides: impl Serialize,
    ) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError(format!(
                    "config file {} does not exist",
                    file.display()
                )));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        let config: Config = figment
            .merge(
                Env::prefixed(ENV_PREFIX)
                    // Variables that are not configuration keys: the file path and test harness URLs.
                    .filter(|key| {
                        let key = key.as_str().to_ascii_lowercase();
                        key != "config" && !key.starts_with("test_")
                    })
                    .split("__"),
            )
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(|error| ConfigError(describe_figment_error(error)))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let server = &self.server;
        if !(1024..=64 * 1024 * 1024).contains(&server.max_message_bytes) {
            return Err(ConfigError::key(
                "server.max_message_bytes",
                format!(
                    "is {}; it must be between 1024 and 67108864",
                    server.max_message_bytes
                ),
            ));
        }
        if server.request_timeout.is_zero() {
            return Err(ConfigError::key(
                "server.request_timeout",
                "must be longer than 0s",
            ));
        }
        if server.shutdown_grace > Duration::from_secs(600) {
            return Err(ConfigError::key(
                "server.shutdown_grace",
                "must be at most 10m",
            ));
        }
        if server.max_concurrent_streams == 0 {
            return Err(ConfigError::key(
                "server.max_concurrent_streams",
                "must be at least 1",
            ));
        }
        if !(1..=500).contains(&self.database.max_connections) {
            return Err(ConfigError::key(
                "database.max_connections",
                "must be between 1 and 500",
            ));
        }
        if !(self.auth.issuer.starts_with("https://") || self.auth.issuer.starts_with("http://")) {
            return Err(ConfigError::key(
                "auth.issuer",
                "must be the auth service's public URL (http:// or https://)",
            ));
        }
        if let Some(url) = &self.database_url
            && !(url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::key(
                "database_url",
                "must be a PostgreSQL URL starting with postgres:// or postgresql://",
            ));
        }
        if let Some(url) = &self.redis_url
            && !(url.starts_with("redis://") || url.starts_with("rediss://"))
        {
            return Err(ConfigError::key(
                "redis_url",
                "must start with redis:// or rediss://",
            ));
        }
        if let Some(endpoint) = &self.telemetry.otlp_endpoint
            && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
        {
            return Err(ConfigError::key(
                "telemetry.otlp_endpoint",
                "must start with http:// or https://",
            ));
        }
        if tracing_subscriber::EnvFilter::try_new(&self.telemetry.log_filter).is_err() {
            return Err(ConfigError::key(
                "telemetry.log_filter",
                "is not a valid tracing filter",
            ));
        }
        for origin in &self.gateway.cors_allowed_origins {
            let well_formed = origin.split_once("://").is_some_and(|(scheme, host)| {
                matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains('/')
            });
            if !well_formed || origin.parse::<http::HeaderValue>().is_err() {
                return Err(ConfigError::key(
                    "gateway.cors_allowed_origins",
                    format!("`{origin}` is not an origin: write scheme://host[:port], no path"),
                ));
            }
        }
        for (key, value, max) in [
            ("nlp.inference_workers", self.nlp.inference_workers, 64),
            ("nlp.threads_per_worker", self.nlp.threads_per_worker, 64),
            (
                "nlp.max_queued_batches",
                self.nlp.max_queued_batches,
                100_000,
            ),
        ] {
            if !(1..=max).contains(&value) {
                return Err(ConfigError::key(
                    key,
                    format!("must be between 1 and {max}"),
                ));
            }
        }
        match (&self.gateway.tls_cert_file, &self.gateway.tls_key_file) {
            (Some(_), None) => {
                return Err(ConfigError::key(
                    "gateway.tls_key_file",
                    "is required when gateway.tls_cert_file is set",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::key(
                    "gateway.tls_cert_file",
                    "is required when gateway.tls_key_file is set",
                ));
            }
            (Some(cert), Some(key)) => {
                for (name, path) in [
                    ("gateway.tls_cert_file", cert),
                    ("gateway.tls_key_file", key),
                ] {
                    if !path.is_file() {
                        return Err(ConfigError::key(
                            name,
                            format!("{} is not a readable file", path.display()),
                        ));
                    }
                }
            }
            (None, None) => {}
        }
        for (role, url) in &self.remote {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError::key(
                    &format!("remote.{role}"),
                    "must start with http:// or https://",
                ));
            }
        }
        Ok(())
    }

    /// The PostgreSQL URL, or an error naming the key that must be set.
    pub fn require_database_url(&self) -> Result<&str, ConfigError> {
        self.database_url.as_deref().ok_or_else(|| {
            ConfigError::key(
                "database_url",
                "is required here: set TASKSTREAM_DATABASE_URL or database_url in the config file",
            )
        })
    }

    /// The Redis URL, or an error naming the key that must be set.
    pub fn require_redis_url(&self) -> Result<&str, ConfigError> {
        self.redis_url.as_deref().ok_or_else(|| {
            ConfigError::key(
                "redis_url",
                "is required here: set TASKSTREAM_REDIS_URL or redis_url in the config file",
            )
        })
    }
}

/// Figment's errors name the key and where its value came from; keep that, drop the noise.
fn describe_figment_error(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let source = e
                .metadata
                .as_ref()
                .map(|m| match &m.source {
                    Some(source) => format!(" (from {source})"),
                    None => format!(" (from {})", m.name),
                })
                .unwrap_or_default();
            if key.is_empty() {
                format!("{}{source}", e.kind)
            } else {
                format!("`{key}`: {}{source}", e.kind)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
// `figment::Jail` closures return figment's own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    #[derive(Serialize, Default)]
    struct Flags {
        #[serde(skip_serializing_if = "Option::is_none")]
        grpc_addr: Option<String>,
    }

    #[test]
    fn layers_apply_in_order_file_env_flags() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "ts.toml",
                "grpc_addr = '127.0.0.1:1111'\nhttp_addr = '127.0.0.1:2222'\n[server]\nrequest_timeout = '5s'",
            )?;
            jail.set_env("TASKSTREAM_HTTP_ADDR", "127.0.0.1:3333");
            jail.set_env("TASKSTREAM_TELEMETRY__LOG_FORMAT", "json");
            jail.set_env("TASKSTREAM_TEST_DATABASE_URL", "postgres://ignored");
            let flags = Flags {
                grpc_addr: Some("127.0.0.1:4444".into()),
            };
            let config = Config::load(Some("ts.toml".as_ref()), flags).expect("valid");
            assert_eq!(config.grpc_addr.port(), 4444, "flag beats file");
            assert_eq!(config.http_addr.port(), 3333, "env beats file");
            assert_eq!(
                config.server.request_timeout,
                Duration::from_secs(5),
                "file beats default"
            );
            assert_eq!(config.telemetry.log_format, LogFormat::Json);
            assert_eq!(
                config.data_dir,
                PathBuf::from(".taskstream"),
                "default kept"
            );
            Ok(())
        });
    }

    #[test]
    fn cors_origins_come_from_the_environment_as_a_list() {
        Jail::expect_with(|jail| {
            jail.set_env(
                "TASKSTREAM_GATEWAY__CORS_ALLOWED_ORIGINS",
                "[https://a.example, http://localhost:5173]",
            );
            let config = Config::load(None, Flags::default()).unwrap();
            assert_eq!(
                config.gateway.cors_allowed_origins,
                ["https://a.example", "http://localhost:5173"]
            );
            Ok(())
        });
    }

    #[test]
    fn bad_values_name_their_key() {
        Jail::expect_with(|jail| {
            jail.set_env("TASKSTREAM_GRPC_ADDR", "not-an-address");
            let error = Config::load(None, Flags::default())
                .unwrap_err()
                .to_string();
            assert!(error.contains("`grpc_addr`"), "{error}");
            assert!(error.contains("TASKSTREAM_"), "{error}");
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.set_env("TASKSTREAM_SERVER__MAX_MESSAGE_BYTES", "12");
            let error = Config::load(None, Flags::default())
                .unwrap_err()
                .to_string();
            assert!(error.contains("server.max_message_bytes"), "{error}");
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.create_file("ts.toml", "grpc_adr = '127.0.0.1:1'")?;
            let error = Config::load(Some("ts.toml".as_ref()), Flags::default())
                .unwrap_err()
                .to_string();
            assert!(error.contains("grpc_adr"), "{error}");
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.set_env("TASKSTREAM_DATABASE_URL", "mysql://nope");
            let error = Config::load(None, Flags::default())
                .unwrap_err()
                .to_string();
            assert!(error.contains("`database_url`"), "{error}");
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.create_file(
                "ts.toml",
                "[gateway]\ncors_allowed_origins = ['https://app.example.com', 'https://x.example/path']",
            )?;
            let error = Config::load(Some("ts.toml".as_ref()), Flags::default())
                .unwrap_err()
                .to_string();
            assert!(error.contains("gateway.cors_allowed_origins"), "{error}");
            assert!(error.contains("https://x.example/path"), "{error}");
            Ok(())
        });
    }
}
