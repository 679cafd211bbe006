use thiserror::Error;

use crate::{Permission, SubaccountId};

/// What can go wrong in the fleet domain. No HTTP here: the gateway maps each variant.
#[derive(Debug, Error)]
pub enum Error {
    #[error("{resource} not found")]
    NotFound { resource: &'static str, id: String },
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("missing permission {0}")]
    MissingPermission(Permission),
    #[error("subaccount {0} is not allowed for this key")]
    SubaccountNotAllowed(SubaccountId),
    #[error("the request spans several subaccounts: send X-Subaccount-Id to choose one")]
    SubaccountRequired,
    #[error("{0} already exists")]
    Duplicate(&'static str),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}
