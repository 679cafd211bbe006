use thiserror::Error;

use fleet_domain::customers::CustomerId;

/// What can go wrong with a wallet. No HTTP here: the gateway maps each variant.
#[derive(Debug, Error)]
pub enum Error {
    /// The customer (and so its wallet) does not exist or is outside the caller's scope.
    #[error("customer {0} not found")]
    NotFound(CustomerId),
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// A debit would take the balance below zero; nothing was written.
    #[error("insufficient funds: balance {balance_cents}, required {required_cents}")]
    InsufficientFunds {
        balance_cents: i64,
        required_cents: i64,
    },
    #[error(transparent)]
    Domain(#[from] fleet_domain::Error),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fleet_domain::error_constructors!(Error: invalid);
