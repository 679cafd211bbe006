//! Pricing plans (SPEC §8): one plan per subaccount and vehicle type, integer cents.
//! [`service::upsert_plan`] writes one (seeder, tests), [`service::plan_for`] is what a ride
//! snapshots at its start, [`service::list_plans`] backs `GET /pricing`.

mod model;
pub mod service;
pub mod store;

pub use model::{NewPricingPlan, PricingPlan, PricingPlanId};
