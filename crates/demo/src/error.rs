//! The demo's one error type: whatever the crates it drives report.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Domain(#[from] fleet_domain::Error),
    #[error(transparent)]
    Keys(#[from] keys::Error),
    #[error(transparent)]
    Feeds(#[from] feeds::Error),
    /// The demo operator's email belongs to an operator of another tenant.
    #[error("the demo operator's email ({0}) belongs to another tenant")]
    OperatorTaken(&'static str),
    /// A demo subaccount the feed needs is gone (renamed by hand).
    #[error("the demo subaccount {0} is missing")]
    SubaccountMissing(&'static str),
}
