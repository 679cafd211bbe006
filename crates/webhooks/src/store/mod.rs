//! Diesel queries, by concern: [`endpoints`], [`deliveries`] and the worker-side [`claims`].
//! Every tenant-facing query filters by the caller's tenant and subaccounts; the worker-side
//! queries (claim, record) run for all tenants and are keyed by ids.

mod claims;
mod deliveries;
mod endpoints;

pub use claims::*;
pub use deliveries::*;
pub use endpoints::*;
