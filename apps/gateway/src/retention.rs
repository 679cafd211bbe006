//! Purges request-log rows past their retention, in bounded batches, once an hour.

use std::time::Duration;

use time::OffsetDateTime;

use db::PgPool;
use fleet_domain::audit::store;

/// Rows deleted per statement, so no purge holds locks or runs long.
pub const PURGE_BATCH: i64 = 5_000;
const EVERY: Duration = Duration::from_secs(3600);

pub async fn run(pool: PgPool, retention_days: u32) {
    loop {
        match purge_once(&pool, retention_days).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "purged expired request log rows"),
            Err(e) => tracing::warn!(error = %e, "request log purge failed"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// Deletes every row older than the retention, batch by batch; returns the count.
pub async fn purge_once(pool: &PgPool, retention_days: u32) -> Result<usize, String> {
    let before = OffsetDateTime::now_utc() - time::Duration::days(i64::from(retention_days));
    let mut total = 0;
    loop {
        let mut conn = pool.get().await.map_err(|e| e.to_string())?;
        let n = store::purge_before(&mut conn, before, PURGE_BATCH)
            .await
            .map_err(|e| e.to_string())?;
        total += n;
        if (n as i64) < PURGE_BATCH {
            return Ok(total);
        }
        drop(conn);
        tokio::task::yield_now().await;
    }
}

/// Purges expired idempotency keys (SPEC §6, 24 h) once an hour, in bounded batches.
pub async fn run_idempotency(pool: PgPool) {
    loop {
        match purge_idempotency_once(&pool).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "purged expired idempotency keys"),
            Err(e) => tracing::warn!(error = %e, "idempotency key purge failed"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// Deletes every expired idempotency key, batch by batch; returns the count.
pub async fn purge_idempotency_once(pool: &PgPool) -> Result<usize, String> {
    use crate::idempotency_store::{purge_expired, PURGE_BATCH};
    let mut total = 0;
    loop {
        let mut conn = pool.get().await.map_err(|e| e.to_string())?;
        let n = purge_expired(&mut conn, PURGE_BATCH)
            .await
            .map_err(|e| e.to_string())?;
        total += n;
        if (n as i64) < PURGE_BATCH {
            return Ok(total);
        }
        drop(conn);
        tokio::task::yield_now().await;
    }
}

/// Purges archived telematics pings past `TELEMATICS_RETENTION_DAYS`, hourly, in batches.
pub async fn run_telematics(pool: PgPool, retention_days: u32) {
    loop {
        match purge_telematics_once(&pool, retention_days).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "purged expired telematics pings"),
            Err(e) => tracing::warn!(error = %e, "telematics purge failed"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// Deletes every archived ping older than the retention, batch by batch; returns the count.
pub async fn purge_telematics_once(pool: &PgPool, retention_days: u32) -> Result<usize, String> {
    let before = OffsetDateTime::now_utc() - time::Duration::days(i64::from(retention_days));
    let mut total = 0;
    loop {
        let mut conn = pool.get().await.map_err(|e| e.to_string())?;
        let n = telematics::store::purge_before(&mut conn, before, PURGE_BATCH)
            .await
            .map_err(|e| e.to_string())?;
        total += n;
        if (n as i64) < PURGE_BATCH {
            return Ok(total);
        }
        drop(conn);
        tokio::task::yield_now().await;
    }
}
