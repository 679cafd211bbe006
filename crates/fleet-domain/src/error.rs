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
    /// The row exists but its state forbids the change (`409 CONFLICT` with `current_status`).
    #[error("{message}")]
    Conflict {
        resource: &'static str,
        id: String,
        current_status: String,
        message: String,
    },
    /// A bug or an impossible state; logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

crate::error_constructors!(Error: not_found, or_not_found, invalid);

/// The constructors of a crate's error type whose variants follow [`Error`]'s
/// (`Invalid { field, message }`, `NotFound { resource, id }`, `Database(diesel::result::Error)`),
/// one per name listed: `invalid(field, message)`, `not_found(resource, id)` and
/// `or_not_found(resource, id)` (diesel's `NotFound` as `Self::not_found`, anything else as
/// `Database`; the type may define its own `not_found`). Usage:
/// `fleet_domain::error_constructors!(Error: invalid, not_found);`
#[macro_export]
macro_rules! error_constructors {
    (@ invalid) => {
        pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
            Self::Invalid {
                field,
                message: message.into(),
            }
        }
    };
    (@ not_found) => {
        pub fn not_found(resource: &'static str, id: impl ToString) -> Self {
            Self::NotFound {
                resource,
                id: id.to_string(),
            }
        }
    };
    (@ or_not_found) => {
        /// Maps diesel's `NotFound` to `Self::not_found(resource, id)`, any other error to
        /// `Database`.
        pub fn or_not_found(
            resource: &'static str,
            id: impl ToString,
        ) -> impl FnOnce(diesel::result::Error) -> Self {
            move |e| match e {
                diesel::result::Error::NotFound => Self::not_found(resource, id),
                other => Self::Database(other),
            }
        }
    };
    ($ty:ident: $($ctor:ident),+ $(,)?) => {
        impl $ty {
            $($crate::error_constructors!(@ $ctor);)+
        }
    };
}
