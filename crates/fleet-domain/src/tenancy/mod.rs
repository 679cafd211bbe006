//! Tenants (operator companies) and their subaccounts (markets, cities, brands).

mod model;
pub mod service;
pub mod store;

pub use model::{NewSubaccount, NewTenant, Plan, PlanLimits, Subaccount, Tenant, TenantStatus};
