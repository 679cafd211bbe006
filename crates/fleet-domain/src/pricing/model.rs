use diesel::{Queryable, Selectable};
use serde::Serialize;
use time::OffsetDateTime;

use crate::vehicles::VehicleType;
use crate::{SubaccountId, TenantId};

crate::id_type!(
    /// One pricing plan.
    PricingPlanId
);

/// A pricing plan row: what a ride of `vehicle_type` in `subaccount_id` costs.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = db::schema::pricing_plans, check_for_backend(diesel::pg::Pg))]
pub struct PricingPlan {
    pub id: PricingPlanId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub vehicle_type: VehicleType,
    pub name: String,
    pub unlock_cents: i32,
    pub per_minute_cents: i32,
    pub pause_per_minute_cents: i32,
    pub per_km_cents: i32,
    /// ISO 4217; always the subaccount's currency.
    pub currency: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// `false` once deactivated: kept for history, no longer used for new rides.
    pub active: bool,
}

/// Changes of [`super::service::update_plan`]; `None` leaves a field as it is. The vehicle
/// type and currency are fixed at creation.
#[derive(Debug, Clone, Default)]
pub struct PricingPlanPatch {
    pub name: Option<String>,
    pub unlock_cents: Option<i32>,
    pub per_minute_cents: Option<i32>,
    pub pause_per_minute_cents: Option<i32>,
    pub per_km_cents: Option<i32>,
}

/// Input of [`super::service::create_plan`] and [`super::service::upsert_plan`].
#[derive(Debug, Clone)]
pub struct NewPricingPlan {
    /// `None`: the scope's only subaccount.
    pub subaccount_id: Option<SubaccountId>,
    pub vehicle_type: VehicleType,
    pub name: String,
    /// Each amount 0-1 000 000 cents.
    pub unlock_cents: i32,
    pub per_minute_cents: i32,
    pub pause_per_minute_cents: i32,
    pub per_km_cents: i32,
    /// `None`: the subaccount's currency; when given it must be the subaccount's currency
    /// (wallets are kept in it).
    pub currency: Option<String>,
}
