//! Tenants (operator companies) and their subaccounts (markets, cities, brands). Callers use
//! [`service`]: create, look up, update and page; [`store`] holds the queries.

mod model;
pub mod service;
pub mod store;

pub use model::{
    NewSubaccount, NewTenant, Plan, PlanLimits, Subaccount, SubaccountChanges, Tenant, TenantStatus,
};
