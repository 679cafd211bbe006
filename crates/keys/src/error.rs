use thiserror::Error;

use fleet_domain::{ApiKeyId, OperatorId, Permission, SubaccountId, TenantId};

use crate::operators::Role;

/// Everything that can go wrong in this crate: key authentication outcomes, key management,
/// operator sign-in and sessions, validation and lookups. One type for the crate (house
/// rule); `operators::Error` is the same type under its old name.
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
    #[error("this requires the {} role", .0.as_str())]
    RoleRequired(Role),
    #[error("operator {0} not found")]
    OperatorNotFound(OperatorId),
    #[error("an operator with this email already exists")]
    DuplicateEmail,
    #[error("the tenant must keep at least one owner")]
    LastOwner,
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

    /// The tenant does not exist (`404 tenant`).
    pub fn tenant_not_found(tenant: TenantId) -> Self {
        Error::Domain(fleet_domain::Error::NotFound {
            resource: "tenant",
            id: tenant.to_string(),
        })
    }

    /// A failed lookup of `tenant`'s row: a missing row is [`Error::tenant_not_found`].
    pub(crate) fn tenant_lookup(tenant: TenantId) -> impl FnOnce(diesel::result::Error) -> Self {
        move |e| match e {
            diesel::result::Error::NotFound => Error::tenant_not_found(tenant),
            other => other.into(),
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

impl From<crate::operators::password::HashError> for Error {
    fn from(err: crate::operators::password::HashError) -> Self {
        Error::Hash(err.to_string())
    }
}
