//! Retention of the archive: pings past `TELEMATICS_RETENTION_DAYS` are deleted.

use time::OffsetDateTime;

use db::PgPool;

use crate::store;

/// Archived pings deleted per statement.
pub const PURGE_BATCH: i64 = 5_000;

/// Deletes every archived ping older than `before` in batches of [`PURGE_BATCH`]; returns how
/// many went. Fails only on the database.
pub async fn purge_archive(pool: &PgPool, before: OffsetDateTime) -> Result<usize, db::DbError> {
    db::purge_in_batches(pool, PURGE_BATCH, |conn, limit| {
        Box::pin(store::purge_before(conn, before, limit))
    })
    .await
}
