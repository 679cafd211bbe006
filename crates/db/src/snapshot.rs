//! One snapshot for a response assembled from several reads.

use diesel_async::pg::TransactionBuilder;
use diesel_async::AsyncPgConnection;

/// A `REPEATABLE READ, READ ONLY` transaction: every statement run inside it sees the same
/// snapshot, so a response built from several reads (rows and their count, a resource and
/// its children) never mixes two states of the database. Use it wherever one response is
/// assembled from more than one SELECT:
///
/// ```ignore
/// db::read_snapshot(&mut conn)
///     .run(async |conn| {
///         let rows = store::rows(conn, ..).await?;
///         let total = store::count(conn, ..).await?;
///         Ok::<_, Error>((rows, total))
///     })
///     .await
/// ```
///
/// Cost: one `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` and one `COMMIT` more per
/// response; the reads themselves are unchanged. A read-only snapshot takes no locks and
/// cannot fail with a serialization error. Not for use inside another transaction.
pub fn read_snapshot(conn: &mut AsyncPgConnection) -> TransactionBuilder<'_, AsyncPgConnection> {
    conn.build_transaction().repeatable_read().read_only()
}
