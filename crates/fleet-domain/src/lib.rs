//! The fleet domain, framework-free: tenants and subaccounts, the caller's [`Scope`] and
//! [`Principal`] that every tenant-data function takes, permissions and key modes, vehicles,
//! customers, zones, pricing plans, partner metadata, shared pagination and the event outbox.

pub mod analytics;
pub mod audit;
pub mod customers;
mod error;
pub mod events;
pub mod ids;
pub mod input;
pub mod metadata;
mod mode;
pub mod notify;
pub mod pagination;
mod permission;
pub mod preset;
pub mod pricing;
mod principal;
mod scoped_row;
pub mod seed;
pub mod sequences;
pub mod tenancy;
pub mod vehicles;
pub mod zones;

pub use error::Error;
pub use events::{record_event, Event, EventType};
pub use ids::{ApiKeyId, OperatorId, RideId, SubaccountId, TenantId};
pub use input::{parse_field, required_field};
pub use mode::{KeyMode, UnknownKeyMode};
pub use pagination::{Listing, Window};
pub use permission::{Permission, PermissionSet, UnknownPermission};
pub use preset::PermissionPreset;
pub use principal::{Actor, Principal, Scope};
pub use tenancy::{Plan, PlanLimits, Subaccount, Tenant, TenantStatus};
