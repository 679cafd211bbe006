//! The one batched-purge loop every retention job shares.

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use futures_util::future::BoxFuture;

use crate::{DbError, PgPool};

/// Runs `delete_batch(conn, batch)` (a statement deleting at most `batch` rows, returning
/// how many went) until it deletes fewer than `batch`; returns the total. Each batch takes
/// its own connection from the pool and yields between batches, so a long purge neither holds
/// a connection nor starves other tasks, and no single statement runs long.
///
/// `delete_batch` returns a boxed future (`|conn, n| Box::pin(store::purge(conn, n))`) so
/// that the loop stays `Send` for every connection lifetime and can run in `tokio::spawn`.
pub async fn purge_in_batches<F>(
    pool: &PgPool,
    batch: i64,
    mut delete_batch: F,
) -> Result<usize, DbError>
where
    F: for<'c> FnMut(&'c mut AsyncPgConnection, i64) -> BoxFuture<'c, QueryResult<usize>>,
{
    let mut total = 0;
    loop {
        let mut conn = pool.get().await?;
        let n = delete_batch(&mut conn, batch).await?;
        drop(conn);
        total += n;
        if i64::try_from(n).is_ok_and(|n| n < batch) {
            return Ok(total);
        }
        tokio::task::yield_now().await;
    }
}
