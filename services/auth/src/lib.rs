//! The auth service (`taskstream.auth.v1.AuthService`): users and their passwords, workspaces
//! and memberships, invitations, first-party sessions (access JWT + rotating refresh token),
//! the signing key ring and its JWKS, the audit log, and the permission check the access
//! guard of every server asks.
//!
//! Layout: [`credentials`] (argon2id, opaque tokens), [`keys`] (the key ring), [`oidc`] (the
//! SSO relying party), [`store`] (the port and its SQLite/PostgreSQL adapters), [`purge`]
//! (deleted workspaces purged for good), [`grpc`] (handlers).

pub mod credentials;
pub mod grpc;
pub mod keys;
pub mod oidc;
pub mod purge;
pub mod store;

use std::{sync::Arc, time::Duration};

use taskstream_cache::{Cache, PubSub};
use taskstream_proto::auth_v1::auth_service_server::AuthServiceServer;
use taskstream_relational::{Database, ServiceDatabase};
use taskstream_runtime::config::ServerConfig;

/// The service's relational database: `auth.db` in dev, schema `auth` in PostgreSQL.
pub static DATABASE: ServiceDatabase = ServiceDatabase {
    name: "auth",
    sqlite_migrations: sqlx::migrate!("./migrations"),
    postgres_migrations: sqlx::migrate!("./migrations"),
};

/// Lifetimes and limits of the service.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// `iss` of every token; verifiers must be configured with the same value.
    pub issuer: String,
    /// Access-token lifetime.
    pub access_ttl: Duration,
    /// Refresh-token lifetime when unused.
    pub refresh_ttl: Duration,
    /// Lifetime of a refresh-token family (from its login).
    pub family_ttl: Duration,
    /// Invitation lifetime.
    pub invitation_ttl: Duration,
    /// Failed logins allowed per account in one window.
    pub failures_per_account: i64,
    /// Failed logins allowed per source address in one window.
    pub failures_per_address: i64,
    /// The brute-force window.
    pub failure_window: Duration,
    /// First-party callback URLs an SSO login may return to.
    pub sso_redirect_uris: Vec<String>,
}

impl AuthSettings {
    /// The deployment defaults documented in the contract.
    pub fn new(issuer: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            family_ttl: Duration::from_secs(90 * 24 * 3600),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            failures_per_account: 10,
            failures_per_address: 100,
            failure_window: Duration::from_secs(15 * 60),
            sso_redirect_uris: Vec::new(),
        }
    }
}

/// The store adapter for `database`.
pub fn store(database: &Database) -> Arc<dyn store::AuthStore> {
    match database {
        Database::Sqlite(pool) => Arc::new(store::SqliteAuthStore::new(pool.clone())),
        Database::Postgres(pool) => Arc::new(store::PostgresAuthStore::new(pool.clone())),
    }
}

/// The gRPC server of the service: ensures a signing key exists, starts the purge of deleted
/// workspaces (announced on `pubsub`), then serves.
pub async fn grpc_server(
    database: &Database,
    cache: Arc<dyn Cache>,
    pubsub: Arc<dyn PubSub>,
    settings: AuthSettings,
    limits: &ServerConfig,
) -> anyhow::Result<AuthServiceServer<grpc::AuthApi>> {
    purge::purge_periodically(store(database), cache.clone(), pubsub);
    let api = grpc::AuthApi::new(store(database), cache, settings).await?;
    Ok(AuthServiceServer::new(api)
        .max_decoding_message_size(limits.max_message_bytes)
        .max_encoding_message_size(limits.max_message_bytes))
}
