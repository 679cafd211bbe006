use thiserror::Error;

/// What can go wrong with feeds. No HTTP here: the gateway maps each variant.
#[derive(Debug, Error)]
pub enum Error {
    /// Also for a disabled feed, a wrong token and a sandbox subaccount: a public URL never
    /// tells them apart.
    #[error("feed not found")]
    NotFound,
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Domain(#[from] fleet_domain::Error),
    #[error("internal: {0}")]
    Internal(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fleet_domain::error_constructors!(Error: invalid);
