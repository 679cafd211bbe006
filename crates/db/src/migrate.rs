//! Creating the database when it is missing and running the embedded migrations.

use diesel::connection::SimpleConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::AsyncPgConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::{DbError, DbUrl};

const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// Changes whenever any migration file changes; names the test template database.
pub const MIGRATIONS_FINGERPRINT: &str = env!("FLEETGATE_MIGRATIONS_HASH");

/// Advisory lock key serialising migrations across processes starting at once.
const MIGRATION_LOCK: i64 = 0x466c_6565_7467_6174; // "Fleetgat"

/// Creates the database named in `url` when it does not exist (connecting to the server's
/// `postgres` maintenance database). Safe when several processes race to create it.
pub async fn ensure_database(url: &str) -> Result<(), DbError> {
    let parsed = DbUrl::parse(url)?;
    let client = admin_client(&parsed).await?;
    let exists = client
        .query_opt(
            "SELECT 1 FROM pg_database WHERE datname = $1",
            &[&parsed.database()],
        )
        .await
        .map_err(|e| DbError::Connect(e.to_string()))?
        .is_some();
    if !exists {
        // The name was validated by DbUrl::parse to [A-Za-z0-9_-]; quoting keeps it literal.
        let sql = format!("CREATE DATABASE \"{}\"", parsed.database());
        match client.batch_execute(&sql).await {
            Ok(()) => tracing::info!(database = parsed.database(), "created database"),
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::DUPLICATE_DATABASE) => {}
            Err(e) => return Err(DbError::Connect(e.to_string())),
        }
    }
    Ok(())
}

/// A tokio-postgres client on the server's `postgres` database, for administrative SQL.
pub(crate) async fn admin_client(url: &DbUrl) -> Result<tokio_postgres::Client, DbError> {
    let (client, connection) =
        tokio_postgres::connect(&url.with_database("postgres"), tokio_postgres::NoTls)
            .await
            .map_err(|e| DbError::Connect(e.to_string()))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "admin connection closed");
        }
    });
    Ok(client)
}

/// Runs every pending embedded migration under a cross-process advisory lock, returning the
/// versions applied. Runs on its own thread so it works from any runtime flavour.
pub async fn run_migrations(url: &str) -> Result<Vec<String>, DbError> {
    let url = url.to_owned();
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(migrate_blocking(&url));
    });
    rx.await
        .map_err(|_| DbError::Migration("migration thread died".into()))?
}

fn migrate_blocking(url: &str) -> Result<Vec<String>, DbError> {
    use diesel::Connection;
    let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(url)
        .map_err(|e| DbError::Connect(e.to_string()))?;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(|e| DbError::Migration(e.to_string()));
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
    applied
}
