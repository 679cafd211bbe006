//! Postgres access for Fleetgate: the diesel schema, a bb8 pool of diesel-async connections,
//! embedded migrations that run at start-up, the transaction helper, and (feature `test-util`,
//! for test suites only) a test helper that hands every test its own database cloned from a
//! migrated template. A response built from several reads uses [`read_snapshot`].

mod error;
mod migrate;
mod outage;
mod pool;
mod purge;
pub mod schema;
mod snapshot;
pub mod sql_enum;
#[cfg(feature = "test-util")]
pub mod test_db;
mod url;

pub use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
pub use error::DbError;
pub use migrate::{ensure_database, run_migrations, MIGRATIONS_FINGERPRINT};
pub use outage::Outage;
pub use pool::{connect, Manager, PgPool, PoolOptions, PooledConn};
pub use purge::purge_in_batches;
pub use snapshot::read_snapshot;
pub use url::DbUrl;

/// Is this diesel error a unique-constraint violation (→ `409 CONFLICT`)?
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Is this diesel error the connection failing rather than the statement: the server
/// terminated the session (`pg_terminate_backend`, shutdown, restart), the socket closed, or
/// the command could not be sent? Such a failure says nothing about the request, so an
/// idempotent read may be retried once on a fresh connection and otherwise answers `503`.
pub fn is_connection_error(err: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        ) => true,
        // diesel-async reports these SQLSTATEs (57P01..57P03, the server going away) as
        // `Unknown`; only the message tells them apart.
        Error::DatabaseError(DatabaseErrorKind::Unknown, info) => {
            let message = info.message();
            message.starts_with("terminating connection")
                || message.starts_with("the database system is")
                || message.contains("connection closed")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorKind, Error};

    use super::is_connection_error;

    fn db_error(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_owned()))
    }

    #[test]
    fn connection_failures_are_told_from_statement_failures() {
        for (err, expected) in [
            (db_error(DatabaseErrorKind::ClosedConnection, "x"), true),
            (
                db_error(DatabaseErrorKind::UnableToSendCommand, "connection closed"),
                true,
            ),
            (
                db_error(
                    DatabaseErrorKind::Unknown,
                    "terminating connection due to administrator command",
                ),
                true,
            ),
            (
                db_error(
                    DatabaseErrorKind::Unknown,
                    "the database system is shutting down",
                ),
                true,
            ),
            (
                db_error(DatabaseErrorKind::UniqueViolation, "duplicate key"),
                false,
            ),
            (
                db_error(DatabaseErrorKind::Unknown, "division by zero"),
                false,
            ),
            (
                db_error(
                    DatabaseErrorKind::Unknown,
                    "canceling statement due to statement timeout",
                ),
                false,
            ),
            (Error::NotFound, false),
        ] {
            assert_eq!(is_connection_error(&err), expected, "{err}");
        }
    }
}
