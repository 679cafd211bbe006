//! The hourly retention jobs of a gateway process: request-log rows past
//! `REQUEST_LOG_RETENTION_DAYS`, expired idempotency keys (SPEC §6, 24 h) and archived
//! telematics pings past `TELEMATICS_RETENTION_DAYS`. Each purge deletes in bounded batches
//! (`db::purge_in_batches`); this module only schedules them and logs what they did.

use std::future::Future;
use std::time::Duration;

use time::OffsetDateTime;

use db::PgPool;

const EVERY: Duration = Duration::from_secs(3600);

/// Runs `purge` now and then once every hour, logging what it deleted as `what`.
async fn hourly<F, Fut>(what: &'static str, mut purge: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<usize, db::DbError>>,
{
    loop {
        match purge().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "purged {what}"),
            Err(e) => tracing::warn!(error = %e, "purge of {what} failed"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// Purges request-log rows past their retention, once an hour.
pub async fn run(pool: PgPool, retention_days: u32) {
    hourly("expired request log rows", || {
        purge_once(&pool, retention_days)
    })
    .await;
}

/// Deletes every request-log row older than the retention; returns the count.
pub async fn purge_once(pool: &PgPool, retention_days: u32) -> Result<usize, db::DbError> {
    fleet_domain::audit::service::purge_expired(pool, retention_days, OffsetDateTime::now_utc())
        .await
}

/// Purges expired idempotency keys once an hour.
pub async fn run_idempotency(pool: PgPool) {
    hourly("expired idempotency keys", || purge_idempotency_once(&pool)).await;
}

/// Deletes every expired idempotency key; returns the count.
pub async fn purge_idempotency_once(pool: &PgPool) -> Result<usize, db::DbError> {
    use crate::idempotency_store::{purge_expired, PURGE_BATCH};
    db::purge_in_batches(pool, PURGE_BATCH, |conn, batch| {
        Box::pin(purge_expired(conn, batch))
    })
    .await
}

/// Purges archived telematics pings past their retention, once an hour.
pub async fn run_telematics(pool: PgPool, retention_days: u32) {
    hourly("expired telematics pings", || {
        purge_telematics_once(&pool, retention_days)
    })
    .await;
}

/// Deletes every archived ping older than the retention; returns the count.
pub async fn purge_telematics_once(
    pool: &PgPool,
    retention_days: u32,
) -> Result<usize, db::DbError> {
    let before = OffsetDateTime::now_utc() - time::Duration::days(i64::from(retention_days));
    telematics::purge_archive(pool, before).await
}
