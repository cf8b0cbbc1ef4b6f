//! Wires roles to adapters and runs them: the embedded adapters for `dev`, the production ones
//! for `serve`. Every gRPC role shares one server; services reach each other, and the gateway
//! reaches them, through [`MeshChannel`]s: in-process when hosted here, remote otherwise.

use std::sync::Arc;

use anyhow::Context as _;
use taskstream_auth::AuthSettings;
use taskstream_cache::{
    Cache, MemoryCache, MemoryPubSub, PubSub, RedisCache, RedisPubSub, connect_redis,
};
use taskstream_gateway::{Backend, Edge, RateLimits, tls::ReloadingCertificate};
use taskstream_relational::{Database, ServiceDatabase};
use taskstream_runtime::{
    config::{Config, ConfigError},
    mesh::MeshChannel,
    server::{GrpcServices, HostedServices, bind},
    shutdown::Shutdown,
};
use taskstream_security::{
    guard::{AccessGuard, AuthServiceDirectory, CachedRevocations},
    token::TokenVerifier,
};
use tokio::task::JoinSet;

use crate::roles::{IMPLEMENTED, Role};

/// Which adapters back the roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// SQLite under the data directory, in-process cache: nothing external.
    Embedded,
    /// PostgreSQL and Redis from the configuration.
    Production,
}

/// The relational database a role owns, if any.
fn database_of(role: Role) -> Option<&'static ServiceDatabase> {
    match role {
        Role::Auth => Some(&taskstream_auth::DATABASE),
        Role::Tasks => Some(&taskstream_tasks::DATABASE),
        Role::Nlp => Some(&taskstream_nlp::DATABASE),
        Role::Gateway => None,
    }
}

async fn open_database(
    config: &Config,
    mode: Mode,
    database: &ServiceDatabase,
) -> anyhow::Result<Database> {
    match mode {
        Mode::Embedded => {
            database
                .open_sqlite(&config.data_dir, &config.database)
                .await
        }
        Mode::Production => {
            database
                .open_postgres(config.require_database_url()?, &config.database)
                .await
        }
    }
}

/// The cache and pub/sub every role of the process shares: in-process in dev, one Redis in
/// production (so every replica sees the same revocations, counters and change announcements).
#[derive(Clone)]
pub struct Shared {
    /// Key-value cache with expiry.
    pub cache: Arc<dyn Cache>,
    /// Publish/subscribe.
    pub pubsub: Arc<dyn PubSub>,
}

impl Shared {
    /// In-process adapters.
    pub fn in_process() -> Self {
        Self {
            cache: Arc::new(MemoryCache::new()),
            pubsub: Arc::new(MemoryPubSub::new()),
        }
    }
}

/// Opens the shared cache and pub/sub for `mode`.
pub async fn open_shared(config: &Config, mode: Mode) -> anyhow::Result<Shared> {
    Ok(match mode {
        Mode::Embedded => Shared::in_process(),
        Mode::Production => {
            let url = config.require_redis_url()?;
            let (client, subscriber) = connect_redis(url)
                .await
                .with_context(|| format!("cannot connect to Redis at {}", redact(url)))?;
            Shared {
                cache: Arc::new(RedisCache::new(client.clone(), "taskstream:")),
                pubsub: Arc::new(RedisPubSub::new(client, subscriber, "taskstream:")),
            }
        }
    })
}

/// A URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Runs `roles` until SIGTERM/SIGINT, then drains.
pub async fn run(config: Config, mode: Mode, roles: Vec<Role>) -> anyhow::Result<()> {
    let shutdown = Shutdown::on_signals();
    let grpc_roles: Vec<Role> = roles
        .iter()
        .copied()
        .filter(|role| role.grpc_service().is_some())
        .collect();

    // Bind first: a taken port should fail before anything else starts.
    let grpc_listener = match grpc_roles.is_empty() {
        true => None,
        false => Some(
            bind(
                config.grpc_addr,
                "gRPC",
                "--grpc-addr or TASKSTREAM_GRPC_ADDR",
            )
            .await?,
        ),
    };
    let http_listener = match roles.contains(&Role::Gateway) {
        true => Some(
            bind(
                config.http_addr,
                "the HTTP gateway",
                "--http-addr or TASKSTREAM_HTTP_ADDR",
            )
            .await?,
        ),
        false => None,
    };

    let shared = open_shared(&config, mode).await?;
    let hosted = match grpc_roles.is_empty() {
        true => None,
        false => Some(assemble(&config, mode, &grpc_roles, shared.clone()).await?),
    };

    let mut running = JoinSet::new();
    if let Some(listener) = http_listener {
        let backends = gateway_backends(&config, &grpc_roles, hosted.as_ref())?;
        let edge = gateway_edge(&config, &backends, &shared);
        let mut router =
            taskstream_gateway::router(backends, edge, config.server.max_message_bytes);
        if let Some(cors) = taskstream_gateway::cors(&config.gateway.cors_allowed_origins) {
            router = router.layer(cors);
        }
        let tls = match (&config.gateway.tls_cert_file, &config.gateway.tls_key_file) {
            (Some(cert), Some(key)) => Some(ReloadingCertificate::load(cert, key)?),
            _ => None,
        };
        let shutdown = shutdown.clone();
        let grace = config.server.shutdown_grace;
        running.spawn(async move {
            taskstream_gateway::serve(router, listener, tls, &shutdown, grace)
                .await
                .context("HTTP gateway failed")
        });
    }
    let grpc_names = hosted
        .as_ref()
        .map(|h| h.names().to_vec())
        .unwrap_or_default();
    if let (Some(listener), Some(hosted)) = (grpc_listener, hosted) {
        let shutdown = shutdown.clone();
        let server_config = config.server.clone();
        running.spawn(async move { hosted.serve(&server_config, listener, &shutdown).await });
    }

    print_banner(&config, mode, &roles, &grpc_names);

    let mut outcome = Ok(());
    while let Some(joined) = running.join_next().await {
        let result = joined
            .context("a server task panicked")
            .and_then(|result| result);
        if let Err(error) = result {
            // One listener failing takes the process down cleanly rather than half-serving.
            shutdown.trigger();
            if outcome.is_ok() {
                outcome = Err(error);
            }
        }
    }
    outcome
}

/// Builds the gRPC services of `roles` (all gRPC roles) behind one stack, guarded by the
/// access guard. The guard reaches the auth service through a [`MeshChannel`]: in-process when
/// this process hosts it, at `remote.auth` otherwise.
pub async fn assemble(
    config: &Config,
    mode: Mode,
    roles: &[Role],
    shared: Shared,
) -> anyhow::Result<HostedServices> {
    let cache = shared.cache.clone();
    // Services hosted here call each other through this channel, bound once the stack exists.
    let (local, late) = MeshChannel::late();
    let peer = |role: Role| -> anyhow::Result<Option<MeshChannel>> {
        if roles.contains(&role) {
            return Ok(Some(local.clone()));
        }
        config
            .remote
            .get(role.name())
            .map(|url| MeshChannel::remote(url))
            .transpose()
    };
    let auth_channel = peer(Role::Auth)?.ok_or_else(|| {
        ConfigError::key_error(
            "remote.auth",
            "is required when this process does not host the auth service",
        )
    })?;
    let directory = Arc::new(AuthServiceDirectory::new(
        auth_channel.clone(),
        cache.clone(),
    ));
    let verifier = Arc::new(TokenVerifier::new(
        config.auth.issuer.clone(),
        directory.clone(),
    ));
    let guard = Arc::new(AccessGuard::new(
        verifier,
        directory,
        Arc::new(CachedRevocations(cache.clone())),
    ));

    let mut services = GrpcServices::new();
    for role in roles {
        let database = match database_of(*role) {
            Some(database) => Some(
                open_database(config, mode, database)
                    .await
                    .with_context(|| format!("starting the {role} service"))?,
            ),
            None => None,
        };
        match (role, database) {
            (Role::Auth, Some(database)) => {
                let settings = AuthSettings {
                    sso_redirect_uris: config.auth.sso_redirect_uris.clone(),
                    ..AuthSettings::new(config.auth.issuer.clone())
                };
                services.add(
                    taskstream_auth::grpc_server(
                        &database,
                        cache.clone(),
                        shared.pubsub.clone(),
                        settings,
                        &config.server,
                    )
                    .await?,
                );
            }
            (Role::Tasks, Some(database)) => {
                services.add(taskstream_tasks::grpc_server(
                    &database,
                    shared.cache.clone(),
                    shared.pubsub.clone(),
                    &config.server,
                ));
            }
            (Role::Nlp, Some(database)) => {
                let peers = taskstream_nlp::create::Peers {
                    tasks: peer(Role::Tasks)?,
                    auth: Some(auth_channel.clone()),
                };
                if peers.tasks.is_none() {
                    tracing::warn!(
                        "no `remote.tasks` configured: CreateTasksFromDocument will answer UNAVAILABLE"
                    );
                }
                services.allow_larger_messages(
                    "taskstream.nlp.v1.NlpService",
                    taskstream_nlp::MAX_REQUEST_BYTES,
                );
                services.add(taskstream_nlp::grpc_server(
                    &config.nlp,
                    &database,
                    cache.clone(),
                    shared.pubsub.clone(),
                    peers,
                    &config.server,
                ));
            }
            (role, _) => anyhow::bail!("role {role} has no gRPC wiring"),
        }
    }
    let hosted = services
        .build(guard, config.server.max_message_bytes)
        .await?;
    late.bind(hosted.stack());
    Ok(hosted)
}

/// The gateway's edge checks: bearer tokens verified against the auth service's keys (when
/// the gateway can reach it) and the configured token buckets in the shared cache.
fn gateway_edge(config: &Config, backends: &[Backend], shared: &Shared) -> Edge {
    let verifier = backends
        .iter()
        .find(|backend| Some(backend.service.as_str()) == Role::Auth.grpc_service())
        .map(|auth| {
            let keys = Arc::new(AuthServiceDirectory::new(
                auth.channel.clone(),
                shared.cache.clone(),
            ));
            Arc::new(TokenVerifier::new(config.auth.issuer.clone(), keys))
        });
    if verifier.is_none() {
        tracing::warn!(
            "the gateway cannot reach the auth service: tokens are checked only behind it"
        );
    }
    Edge {
        verifier,
        limits: Some(RateLimits::new(
            shared.cache.clone(),
            config.gateway.requests_per_minute,
            config.gateway.principal_requests_per_minute,
        )),
    }
}

/// The gRPC services the gateway fronts: hosted ones in-process, the others where
/// `[remote]` says they are (skipped, with a warning, when it does not).
fn gateway_backends(
    config: &Config,
    hosted_roles: &[Role],
    hosted: Option<&HostedServices>,
) -> anyhow::Result<Vec<Backend>> {
    let mut backends = Vec::new();
    for role in IMPLEMENTED {
        let Some(service) = role.grpc_service() else {
            continue;
        };
        let channel = if let (true, Some(hosted)) = (hosted_roles.contains(&role), hosted) {
            MeshChannel::in_process(hosted.stack())
        } else if let Some(url) = config.remote.get(role.name()) {
            MeshChannel::remote(url).with_context(|| format!("`remote.{role}` = {url}"))?
        } else {
            tracing::warn!(%role, "not hosted here and no `remote.{role}` configured: the gateway will not route to it");
            continue;
        };
        backends.push(Backend {
            service: service.to_owned(),
            channel,
        });
    }
    Ok(backends)
}

fn print_banner(config: &Config, mode: Mode, roles: &[Role], grpc_names: &[&str]) {
    let roles: Vec<&str> = roles.iter().map(|role| role.name()).collect();
    let storage = match mode {
        Mode::Embedded => format!("embedded storage in {}", config.data_dir.display()),
        Mode::Production => "PostgreSQL and Redis".to_owned(),
    };
    tracing::info!(
        roles = %roles.join(","),
        grpc = %config.grpc_addr,
        http = %config.http_addr,
        %storage,
        "TaskStream is up"
    );
    if !grpc_names.is_empty() {
        println!(
            "TaskStream is up on {storage}.\n  gRPC  {}  {}\n  HTTP  {}://{}  (REST /v1/..., /docs, /openapi.json, grpc-web and Connect, /healthz, /readyz, /metrics)\n  Sign up with taskstream.auth.v1.AuthService/SignUp, then send `authorization: Bearer <access_token>`. Ctrl-C stops.",
            config.grpc_addr,
            grpc_names.join(", "),
            if config.gateway.tls_cert_file.is_some() {
                "https"
            } else {
                "http"
            },
            config.http_addr,
        );
    }
}

/// What `serve` on `roles` needs from the configuration beyond what [`Config::load`] checks:
/// Redis always, PostgreSQL for roles with a schema, and a way to reach every gRPC role that
/// is not hosted here (the guard needs `remote.auth`; the gateway routes to the rest, where
/// `serve` would only warn and leave the role out).
pub fn check_production_config(config: &Config, roles: &[Role]) -> Result<(), ConfigError> {
    config.require_redis_url()?;
    if roles.iter().any(|role| database_of(*role).is_some()) {
        config.require_database_url()?;
    }
    let has_grpc = roles.iter().any(|role| role.grpc_service().is_some());
    // The guard needs auth; the gateway routes to every role; the NLP service creates
    // tasks through the task service.
    let needs = |role: Role| {
        (has_grpc && role == Role::Auth)
            || roles.contains(&Role::Gateway)
            || (role == Role::Tasks && roles.contains(&Role::Nlp))
    };
    for role in IMPLEMENTED {
        if role.grpc_service().is_some()
            && !roles.contains(&role)
            && needs(role)
            && !config.remote.contains_key(role.name())
        {
            return Err(ConfigError::key_error(
                &format!("remote.{role}"),
                "is required: this process does not host it and must reach it",
            ));
        }
    }
    Ok(())
}
/// Applies every chosen role's migrations to the configured PostgreSQL.
pub async fn migrate(config: &Config, roles: &[Role]) -> anyhow::Result<()> {
    let url = config.require_database_url()?;
    for role in roles {
        if let Some(database) = database_of(*role) {
            let applied = database.migrate_postgres(url, &config.database).await?;
            println!(
                "{role}: schema `{}` up to date ({applied} migration(s) applied)",
                database.name
            );
        }
    }
    Ok(())
}
