//! The by-id reads every scoped store shares.

/// Generates `get` (one row by id in the caller's scope: its tenant and one of its
/// subaccounts; diesel's `NotFound` otherwise) and `$lock`, the same read locked
/// (`SELECT … FOR UPDATE`) until the caller's transaction ends, for `$table` (a schema module
/// with `tenant_id`, `subaccount_id` and `id` columns) and its row type `$row`. One filter
/// serves both: diesel's boxed queries, which the list queries use, cannot lock. The caller's
/// module imports diesel's prelude, `RunQueryDsl`, `AsyncPgConnection` and `Scope`.
macro_rules! scoped_get_and_lock {
    ($table:ident, $row:ident, $id:ty, $lock:ident) => {
        async fn by_id(
            conn: &mut AsyncPgConnection,
            scope: &Scope,
            id: $id,
            lock: bool,
        ) -> QueryResult<$row> {
            let row = $table::table
                .filter($table::tenant_id.eq(scope.tenant_id()))
                .filter($table::subaccount_id.eq_any(scope.subaccount_ids()))
                .filter($table::id.eq(id))
                .select($row::as_select());
            if lock {
                row.for_update().first(conn).await
            } else {
                row.first(conn).await
            }
        }

        /// One row in scope (`NotFound` otherwise).
        pub async fn get(
            conn: &mut AsyncPgConnection,
            scope: &Scope,
            id: $id,
        ) -> QueryResult<$row> {
            by_id(conn, scope, id, false).await
        }

        /// The row in scope, locked (`FOR UPDATE`) until the caller's transaction ends.
        pub async fn $lock(
            conn: &mut AsyncPgConnection,
            scope: &Scope,
            id: $id,
        ) -> QueryResult<$row> {
            by_id(conn, scope, id, true).await
        }
    };
}
pub(crate) use scoped_get_and_lock;
