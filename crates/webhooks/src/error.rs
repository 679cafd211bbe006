//! What can go wrong in the webhooks crate. No HTTP here: the gateway maps each variant.

use crate::policy::Refused;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not found, invalid input, scope and permission failures, conflicts.
    #[error(transparent)]
    Domain(#[from] fleet_domain::Error),
    /// The endpoint URL is not allowed (400 naming `url`).
    #[error("url {0}")]
    Url(Refused),
    #[error("secret generation failed: {0}")]
    Secret(#[from] keys::secret::SecretError),
    /// No database connection could be had (503).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Domain(fleet_domain::Error::invalid(field, message))
    }

    pub fn not_found(resource: &'static str, id: impl ToString) -> Self {
        Error::Domain(fleet_domain::Error::not_found(resource, id))
    }
}

fleet_domain::error_constructors!(Error: or_not_found);

impl<E: std::error::Error + 'static> From<bb8::RunError<E>> for Error {
    fn from(e: bb8::RunError<E>) -> Self {
        Error::Unavailable(e.to_string())
    }
}
