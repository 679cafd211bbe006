//! Postgres access for Fleetgate: the diesel schema, a bb8 pool of diesel-async connections,
//! embedded migrations that run at start-up, the transaction helper, and a test helper that
//! hands every test its own database cloned from a migrated template.

mod error;
mod migrate;
mod pool;
pub mod schema;
pub mod sql_enum;
pub mod test_db;
mod url;

pub use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
pub use error::DbError;
pub use migrate::{ensure_database, run_migrations, MIGRATIONS_FINGERPRINT};
pub use pool::{connect, PgPool, PoolOptions, PooledConn};
pub use url::DbUrl;

/// Is this diesel error a unique-constraint violation (→ `409 CONFLICT`)?
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
