//! `taskstream`: one binary for every role of the mesh.
//!
//! - `taskstream dev`: every implemented service and the gateway in one process, on embedded
//!   adapters (SQLite, in-process cache and pub/sub): nothing else to install or start.
//! - `taskstream serve --services tasks,gateway`: chosen roles on the production adapters
//!   (PostgreSQL, Redis), configured by file and environment.
//! - `taskstream migrate`: applies the embedded migrations to the configured PostgreSQL.
//! - `taskstream check-config --services tasks`: validates what `serve` would need, without
//!   connecting to anything (for CI on rendered deployment config).

use taskstream::{mesh, roles};

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use serde::Serialize;
use taskstream_runtime::config::{Config, LogFormat};

/// TaskStream: the backend that turns messages into tracked tasks.
#[derive(Debug, Parser)]
#[command(name = "taskstream", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    flags: Flags,
}

/// Flags that override the configuration file and environment.
#[derive(Debug, clap::Args, Serialize)]
struct Flags {
    /// TOML configuration file (also `TASKSTREAM_CONFIG`).
    #[arg(long, global = true, env = "TASKSTREAM_CONFIG")]
    #[serde(skip)]
    config: Option<PathBuf>,
    /// gRPC listen address [default: 127.0.0.1:50051].
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    grpc_addr: Option<SocketAddr>,
    /// HTTP gateway listen address [default: 127.0.0.1:8080].
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    http_addr: Option<SocketAddr>,
    /// Directory for embedded data [default: ./.taskstream].
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL URL (serve, migrate).
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    database_url: Option<String>,
    /// Redis URL (serve).
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    redis_url: Option<String>,
    /// Log format.
    #[arg(long, global = true, value_enum)]
    #[serde(skip)]
    log_format: Option<LogFormatFlag>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LogFormatFlag {
    Pretty,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs every implemented service and the gateway in one process on embedded storage.
    Dev,
    /// Runs the chosen services on the production adapters (PostgreSQL, Redis).
    Serve {
        /// Comma-separated roles, e.g. `tasks,gateway`.
        #[arg(long, value_delimiter = ',', required = true)]
        services: Vec<String>,
    },
    /// Validates the configuration `serve --services` would start with, connecting to nothing:
    /// exit 0 when it is complete, 2 naming the key that is wrong or missing.
    CheckConfig {
        /// Comma-separated roles, as for `serve`.
        #[arg(long, value_delimiter = ',', required = true)]
        services: Vec<String>,
    },
    /// Applies the embedded database migrations to the configured PostgreSQL.
    Migrate {
        /// Only these services' schemas (default: all).
        #[arg(long, value_delimiter = ',')]
        services: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = match Config::load(cli.flags.config.as_deref(), &cli.flags) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if let Some(format) = cli.flags.log_format {
        config.telemetry.log_format = match format {
            LogFormatFlag::Pretty => LogFormat::Pretty,
            LogFormatFlag::Json => LogFormat::Json,
        };
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let _telemetry = taskstream_runtime::telemetry::init(&config.telemetry)?;
        match cli.command {
            Command::Dev => {
                mesh::run(config, mesh::Mode::Embedded, roles::IMPLEMENTED.to_vec()).await
            }
            Command::Serve { services } => {
                let roles = roles::parse_roles(&services.join(",")).map_err(UsageError)?;
                mesh::run(config, mesh::Mode::Production, roles).await
            }
            Command::CheckConfig { services } => {
                let roles = roles::parse_roles(&services.join(",")).map_err(UsageError)?;
                mesh::check_production_config(&config, &roles)?;
                println!(
                    "configuration is complete for `serve --services {}`",
                    roles
                        .iter()
                        .map(|role| role.name())
                        .collect::<Vec<_>>()
                        .join(",")
                );
                Ok(())
            }
            Command::Migrate { services } => {
                let roles = if services.is_empty() {
                    roles::IMPLEMENTED.to_vec()
                } else {
                    roles::parse_roles(&services.join(",")).map_err(UsageError)?
                };
                mesh::migrate(&config, &roles).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            let usage = error.downcast_ref::<UsageError>().is_some()
                || error
                    .downcast_ref::<taskstream_runtime::config::ConfigError>()
                    .is_some();
            if usage {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// A mistake in the command line, reported like a configuration error (exit code 2).
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}
