//! Retention: delivered deliveries are kept `delivered_days` (default 3), failed ones
//! `failed_days` (default 14), then purged with their attempts in bounded batches.

use std::time::Duration;

use time::OffsetDateTime;
use tokio::sync::watch;

use db::PgPool;

use crate::{store, Error};

/// Rows deleted per statement.
pub const PURGE_BATCH: i64 = 1_000;
const EVERY: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub delivered_days: u32,
    pub failed_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            delivered_days: 3,
            failed_days: 14,
        }
    }
}

/// Purges everything past retention at `now`, `batch` rows per statement; returns the count.
pub async fn purge_once(
    pool: &PgPool,
    retention: Retention,
    now: OffsetDateTime,
    batch: i64,
) -> Result<usize, Error> {
    let delivered_before = now - time::Duration::days(i64::from(retention.delivered_days));
    let failed_before = now - time::Duration::days(i64::from(retention.failed_days));
    let mut total = 0;
    loop {
        let mut conn = pool.get().await?;
        let n = store::purge_batch(&mut conn, delivered_before, failed_before, batch).await?;
        total += n;
        if (n as i64) < batch {
            return Ok(total);
        }
        drop(conn);
        tokio::task::yield_now().await;
    }
}

/// Purges hourly until `shutdown`.
pub async fn run(pool: PgPool, retention: Retention, mut shutdown: watch::Receiver<bool>) {
    loop {
        match purge_once(&pool, retention, OffsetDateTime::now_utc(), PURGE_BATCH).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "purged expired webhook deliveries"),
            Err(e) => tracing::warn!(error = %e, "webhook delivery purge failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}
