use thiserror::Error;

use fleet_domain::{ApiKeyId, Permission, SubaccountId};

/// Everything that can go wrong with keys: authentication outcomes, validation, lookups.
#[derive(Debug, Error)]
pub enum Error {
    #[error("no API key was presented")]
    MissingKey,
    #[error("the API key is not valid")]
    InvalidKey,
    #[error("the API key has been revoked")]
    RevokedKey,
    #[error("the API key has expired")]
    ExpiredKey,
    #[error("the API key is disabled")]
    DisabledKey,
    #[error("requests from this IP address are not allowed for this key")]
    IpNotAllowed,
    #[error("the tenant is not active")]
    TenantInactive,
    #[error("subaccount {0} is not allowed for this key")]
    SubaccountNotAllowed(SubaccountId),
    #[error("the key lacks permission {0}")]
    MissingPermission(Permission),
    #[error("a key cannot grant {0}")]
    CannotGrant(String),
    #[error("API key {0} not found")]
    NotFound(ApiKeyId),
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("the tenant already holds its maximum of {max} API keys")]
    TooManyKeys { max: i32 },
    #[error("API key {0} is revoked and cannot change")]
    AlreadyRevoked(ApiKeyId),
    #[error("cannot generate a secret: {0}")]
    Secret(#[from] crate::secret::SecretError),
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
