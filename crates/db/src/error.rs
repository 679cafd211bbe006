use thiserror::Error;

/// Failures of the database layer itself (connecting, migrating, pooling).
#[derive(Debug, Error)]
pub enum DbError {
    #[error("invalid database url: {0}")]
    InvalidUrl(String),
    #[error("cannot connect to postgres: {0}")]
    Connect(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database pool unavailable: {0}")]
    Pool(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<bb8::RunError<diesel_async::pooled_connection::PoolError>> for DbError {
    fn from(err: bb8::RunError<diesel_async::pooled_connection::PoolError>) -> Self {
        DbError::Pool(err.to_string())
    }
}
