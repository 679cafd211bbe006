//! Pricing plans (SPEC §8): one plan per subaccount and vehicle type, integer cents.
//! [`service::create_plan`], [`service::update_plan`] and [`service::deactivate_plan`] are
//! the authoring use cases (partner and management API; each emits `pricing.updated` in its
//! transaction), [`service::upsert_plan`] writes one for the seeder, [`service::plan_for`] is
//! what a ride snapshots at its start (the active plan), [`service::list_plans`] backs
//! `GET /pricing`. At most one plan per subaccount and vehicle type is active.

mod model;
pub mod service;
pub mod store;

pub use model::{NewPricingPlan, PricingPlan, PricingPlanId, PricingPlanPatch};
