//! Real databases for integration tests, never mocks.
//!
//! `make test` starts a throwaway PostgreSQL cluster and Redis server on free loopback ports
//! (unless the URLs are given) and exports them as `TASKSTREAM_TEST_DATABASE_URL` and
//! `TASKSTREAM_TEST_REDIS_URL`. Each test then gets a database of its own ([`postgres_database`])
//! and a key namespace of its own ([`redis_namespace`]), so tests run in parallel without
//! seeing each other.

use std::{str::FromStr, sync::Arc};

use sqlx::{ConnectOptions, Connection, postgres::PgConnectOptions};

/// Environment variable holding a PostgreSQL URL whose user may create databases.
pub const DATABASE_URL_VAR: &str = "TASKSTREAM_TEST_DATABASE_URL";
/// Environment variable holding a Redis URL.
pub const REDIS_URL_VAR: &str = "TASKSTREAM_TEST_REDIS_URL";

fn required(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: run the tests with `make test`, which starts throwaway PostgreSQL \
             and Redis servers, or point {var} at servers of your own"
        )
    })
}

/// A fresh, empty PostgreSQL database that is dropped when this value is.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// URL of the database.
    pub fn url(&self) -> &str {
        &self.url
    }
}

/// Creates a database of its own for one test on the server `TASKSTREAM_TEST_DATABASE_URL`
/// points at.
pub async fn postgres_database() -> TestDatabase {
    let admin_url = required(DATABASE_URL_VAR);
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnectOptions::from_str(&admin_url)
        .expect("TASKSTREAM_TEST_DATABASE_URL is a PostgreSQL URL")
        .connect()
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .expect("create the test database");
    admin.close().await.ok();
    let url = PgConnectOptions::from_str(&admin_url)
        .expect("valid URL")
        .database(&name)
        .to_url_lossy()
        .to_string();
    TestDatabase {
        admin_url,
        name,
        url,
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs outside any runtime guarantee: use a private one on a plain thread.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = PgConnectOptions::from_str(&admin_url)
                    .ok()?
                    .connect()
                    .await
                    .ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .ok()
            })
        })
        .join();
    }
}

/// The Redis URL and a key prefix of its own for one test.
pub fn redis_namespace() -> (String, String) {
    (
        required(REDIS_URL_VAR),
        format!("test:{}:", uuid::Uuid::new_v4().simple()),
    )
}

/// Runs each scenario (an `async fn(Backend)`) once per backend, as `#[tokio::test]`s grouped
/// in one module per backend, so a suite is written once and every adapter must pass it:
///
/// ```ignore
/// taskstream_testkit::per_backend!(Backend { sqlite => Sqlite, postgres => Postgres }, [
///     create_then_get_round_trips,
///     paging_neither_skips_nor_repeats,
/// ]);
/// ```
#[macro_export]
macro_rules! per_backend {
    ($backend:ident { $($module:ident => $variant:ident),+ $(,)? }, $scenarios:tt) => {
        $($crate::per_backend!(@module $backend, $module, $variant, $scenarios);)+
    };
    (@module $backend:ident, $module:ident, $variant:ident, [$($scenario:ident),* $(,)?]) => {
        mod $module {
            $(#[tokio::test]
            async fn $scenario() {
                super::$scenario(super::$backend::$variant).await
            })*
        }
    };
}

/// An admission that lets every call through without a principal, for tests of a service's own
/// logic. Access control has its own tests; production servers are always built with the
/// security crate's guard.
pub fn admit_everything() -> Arc<dyn taskstream_runtime::admission::Admission> {
    struct Everything;

    #[async_trait::async_trait]
    impl taskstream_runtime::admission::Admission for Everything {
        fn needs_message(&self, _method: &str) -> bool {
            false
        }

        async fn admit(
            &self,
            _method: &str,
            _headers: &http::HeaderMap,
            _message: Option<&[u8]>,
        ) -> taskstream_runtime::ServiceResult<Option<taskstream_runtime::admission::Principal>>
        {
            Ok(None)
        }
    }

    Arc::new(Everything)
}
