//! The telematics crate's errors. No HTTP here: the gateway maps each variant.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// Validation, not-found, scope and database errors shared with the fleet domain.
    #[error(transparent)]
    Domain(#[from] fleet_domain::Error),
    /// No database connection could be had (pool timeout, connection lost): `503`.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The micro-batch that carried this ping failed as a whole; the cause was logged once.
    #[error("ingest failed: {0}")]
    BatchFailed(String),
}

impl From<diesel::result::Error> for Error {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as D};
        match err {
            D::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                Error::Unavailable(err.to_string())
            }
            other => Error::Domain(fleet_domain::Error::Database(other)),
        }
    }
}

impl From<bb8::RunError<diesel_async::pooled_connection::PoolError>> for Error {
    fn from(err: bb8::RunError<diesel_async::pooled_connection::PoolError>) -> Self {
        Error::Unavailable(err.to_string())
    }
}

impl Error {
    /// A copy to hand to every request of a failed micro-batch.
    pub(crate) fn for_batch(&self) -> Error {
        match self {
            Error::Unavailable(m) => Error::Unavailable(m.clone()),
            other => Error::BatchFailed(other.to_string()),
        }
    }
}
