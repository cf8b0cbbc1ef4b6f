//! Relational storage for services: each service owns its own database, a SQLite file under
//! the data directory in dev and a schema of its own in PostgreSQL in production, with
//! migrations embedded in the service's crate for each backend.
//!
//! A service describes its database once with [`ServiceDatabase`] and gets back a [`Database`]
//! (a pool of either kind), from which it builds its store adapters.

mod assembled;

pub use assembled::{Bind, Binds};

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::Context as _;
use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};
use taskstream_runtime::{ServiceError, config::DatabaseConfig};

pub use sqlx::{PgPool, SqlitePool};

/// A service's relational database and its migrations, one set per backend.
#[derive(Debug)]
pub struct ServiceDatabase {
    /// Short service name: the SQLite file name and the PostgreSQL schema (`tasks`).
    pub name: &'static str,
    /// Migrations for SQLite (`sqlx::migrate!("./migrations/sqlite")`).
    pub sqlite_migrations: Migrator,
    /// Migrations for PostgreSQL (`sqlx::migrate!("./migrations/postgres")`).
    pub postgres_migrations: Migrator,
}

/// An open pool of either backend.
#[derive(Debug, Clone)]
pub enum Database {
    /// Embedded SQLite file.
    Sqlite(SqlitePool),
    /// PostgreSQL, with `search_path` set to the service's schema.
    Postgres(PgPool),
}

impl ServiceDatabase {
    /// Opens (creating if needed) `<data_dir>/<name>.db` and applies pending migrations.
    pub async fn open_sqlite(
        &self,
        data_dir: &Path,
        config: &DatabaseConfig,
    ) -> anyhow::Result<Database> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
        let file = data_dir.join(format!("{}.db", self.name));
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(&file)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open SQLite database {}", file.display()))?;
        self.sqlite_migrations
            .run(&pool)
            .await
            .with_context(|| format!("migrating {}", file.display()))?;
        Ok(Database::Sqlite(pool))
    }

    /// Connects to PostgreSQL with the service's schema as `search_path`. Fails with a hint to
    /// run `taskstream migrate` when the schema is behind this build's migrations.
    pub async fn open_postgres(
        &self,
        url: &str,
        config: &DatabaseConfig,
    ) -> anyhow::Result<Database> {
        let pool = self.postgres_pool(url, config).await?;
        let applied = applied_versions(&pool).await.unwrap_or_default();
        let missing: Vec<i64> = self
            .postgres_migrations
            .iter()
            .map(|migration| migration.version)
            .filter(|version| !applied.contains(version))
            .collect();
        if !missing.is_empty() {
            anyhow::bail!(
                "the `{}` schema is missing migrations {missing:?}: run `taskstream migrate` first",
                self.name
            );
        }
        Ok(Database::Postgres(pool))
    }

    /// Creates the service's schema when missing and applies pending migrations; returns how
    /// many were applied.
    pub async fn migrate_postgres(
        &self,
        url: &str,
        config: &DatabaseConfig,
    ) -> anyhow::Result<usize> {
        let pool = self.postgres_pool(url, config).await?;
        let before = applied_versions(&pool).await.unwrap_or_default().len();
        self.postgres_migrations
            .run(&pool)
            .await
            .with_context(|| format!("migrating schema `{}`", self.name))?;
        let after = applied_versions(&pool).await?.len();
        pool.close().await;
        Ok(after - before)
    }

    async fn postgres_pool(&self, url: &str, config: &DatabaseConfig) -> anyhow::Result<PgPool> {
        let options = PgConnectOptions::from_str(url)
            .context("database_url is not a valid PostgreSQL URL")?
            .options([("search_path", self.name)]);
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to PostgreSQL for `{}`", self.name))?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{}\"", self.name))
            .execute(&pool)
            .await
            .with_context(|| format!("cannot create schema `{}`", self.name))?;
        Ok(pool)
    }
}

async fn applied_versions(pool: &PgPool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(pool)
        .await
}

/// Maps a database failure to what the caller should see: `UNAVAILABLE` when the database
/// cannot be reached in time (safe to retry), `INTERNAL` (logged, details hidden) otherwise.
pub fn service_error(error: sqlx::Error) -> ServiceError {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            tracing::warn!(%error, "database unavailable");
            ServiceError::unavailable(
                "DATABASE_UNAVAILABLE",
                "the database is unavailable; retry shortly",
            )
        }
        other => ServiceError::internal(other),
    }
}

/// Whether the failure is a unique-constraint violation (both backends).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}
