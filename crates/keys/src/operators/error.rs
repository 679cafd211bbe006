use thiserror::Error;

use fleet_domain::OperatorId;

use super::Role;

/// Sign-in, session and operator management outcomes.
#[derive(Debug, Error)]
pub enum Error {
    /// Unknown email or wrong password: one answer for both (no user enumeration).
    #[error("the email or password is not correct")]
    InvalidCredentials,
    /// Too many failed sign-ins for this account or this client IP.
    #[error("too many failed sign-ins; retry in {} s", .0.retry_after_secs)]
    LockedOut(Box<ratelimit::Decision>),
    #[error("no session token was presented")]
    MissingSession,
    #[error("the session token is not valid")]
    InvalidSession,
    #[error("the session has expired")]
    ExpiredSession,
    #[error("the tenant is not active")]
    TenantInactive,
    #[error("this requires the {} role", .0.as_str())]
    RoleRequired(Role),
    #[error("operator {0} not found")]
    NotFound(OperatorId),
    #[error("an operator with this email already exists")]
    DuplicateEmail,
    #[error("the tenant must keep at least one owner")]
    LastOwner,
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Domain(#[from] fleet_domain::Error),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("database unavailable: {0}")]
    Unavailable(String),
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl From<db::DbError> for Error {
    fn from(err: db::DbError) -> Self {
        match err {
            db::DbError::Query(e) => Error::Database(e),
            other => Error::Unavailable(other.to_string()),
        }
    }
}

impl From<super::password::HashError> for Error {
    fn from(err: super::password::HashError) -> Self {
        Error::Hash(err.to_string())
    }
}
