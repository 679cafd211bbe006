//! One fresh database per test, cloned from a migrated template.
//!
//! The template (`fleetgate_tpl_<fingerprint of the migrations>`) is built once per change of
//! the migrations, under a Postgres advisory lock so parallel test processes agree; each
//! [`TestDb`] is a `CREATE DATABASE … TEMPLATE …` copy, dropped again when the value drops.
//! The server is `TEST_DATABASE_URL` (any database on it), by default the machine's
//! `postgres://postgres@127.0.0.1:5432/postgres`.
//!
//! This is test support: failures panic with a message, which is what a test wants.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::OnceLock;

use crate::{run_migrations, DbUrl, PgPool, PoolOptions};

const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const TEMPLATE_LOCK: i64 = 0x466c_6565_7454_706c;

fn server() -> DbUrl {
    let url = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_SERVER.to_owned());
    DbUrl::parse(&url).expect("TEST_DATABASE_URL must be a postgres:// url naming a database")
}

fn template_name() -> String {
    format!("fleetgate_tpl_{}", crate::MIGRATIONS_FINGERPRINT)
}

/// Builds the template once per process (and once per migrations change across processes).
fn ensure_template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let server = server();
        let name = template_name();
        run_on_own_runtime(async move {
            let client = crate::migrate::admin_client(&server)
                .await
                .expect("connect to the test postgres server");
            client
                .batch_execute(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"))
                .await
                .expect("template lock");
            let exists = client
                .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
                .await
                .expect("query pg_database")
                .is_some();
            if !exists {
                let building = format!("{name}_building");
                // Separate statements: DROP/CREATE DATABASE cannot share a transaction.
                client
                    .batch_execute(&format!(
                        "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
                    ))
                    .await
                    .expect("drop a half-built template database");
                client
                    .batch_execute(&format!("CREATE DATABASE \"{building}\""))
                    .await
                    .expect("create template database");
                run_migrations(&server.with_database(&building))
                    .await
                    .expect("migrate the template database");
                client
                    .batch_execute(&format!(
                        "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
                    ))
                    .await
                    .expect("publish the template database");
            }
            client
                .batch_execute(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"))
                .await
                .expect("template unlock");
            name
        })
    })
}

/// Runs a future to completion on a fresh current-thread runtime on its own OS thread, so it
/// works whether or not the caller is inside a runtime.
fn run_on_own_runtime<T: Send + 'static>(
    fut: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("test runtime")
            .block_on(fut)
    })
    .join()
    .expect("test database thread panicked")
}

/// A migrated database of its own for one test; dropped (with `FORCE`) when this drops.
#[derive(Debug)]
pub struct TestDb {
    name: String,
    url: String,
}

impl TestDb {
    pub async fn new() -> Self {
        let template = ensure_template().to_owned();
        let server = server();
        let name = format!("fleetgate_test_{}", uuid::Uuid::now_v7().simple());
        let client = crate::migrate::admin_client(&server)
            .await
            .expect("connect to the test postgres server");
        let sql = format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        let mut attempt = 0;
        loop {
            match client.batch_execute(&sql).await {
                Ok(()) => break,
                // Another process may be briefly connected to the template.
                Err(e) if attempt < 50 => {
                    attempt += 1;
                    tracing::debug!(error = %e, "retrying test database creation");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot create test database: {e}"),
            }
        }
        Self {
            url: server.with_database(&name),
            name,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// A small pool on this database.
    pub async fn pool(&self) -> PgPool {
        let options = PoolOptions {
            max_size: 8,
            ..PoolOptions::default()
        };
        crate::connect(&self.url, &options)
            .await
            .expect("pool on the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.name);
        admin_client_with(move |client| {
            Box::pin(async move {
                let _ = client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            })
        });
    }
}

/// Runs `f` with an admin client on a thread of its own (usable from `Drop`).
pub(crate) fn admin_client_with<F>(f: F)
where
    F: for<'a> FnOnce(
            &'a tokio_postgres::Client,
        )
            -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>>
        + Send
        + 'static,
{
    let server = server();
    run_on_own_runtime(async move {
        if let Ok(client) = crate::migrate::admin_client(&server).await {
            f(&client).await;
        }
    });
}
