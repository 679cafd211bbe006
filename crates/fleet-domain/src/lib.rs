//! The fleet domain, framework-free: tenants and subaccounts, the caller's [`Scope`] and
//! [`Principal`] that every tenant-data function takes, permissions and key modes.
//! Vehicles, customers, zones, pricing and the event outbox join here with their issue.

pub mod audit;
mod error;
pub mod ids;
mod mode;
pub mod notify;
mod permission;
mod principal;
pub mod tenancy;

pub use error::Error;
pub use ids::{ApiKeyId, OperatorId, SubaccountId, TenantId};
pub use mode::{KeyMode, UnknownKeyMode};
pub use permission::{Permission, PermissionSet, UnknownPermission};
pub use principal::{Actor, Principal, Scope};
pub use tenancy::{Plan, PlanLimits, Subaccount, Tenant, TenantStatus};
