//! Pricing plans per subaccount and vehicle type.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::pricing::service::{self, PlanFilter};
use fleet_domain::pricing::{PricingPlan, PricingPlanId};
use fleet_domain::vehicles::VehicleType;
use fleet_domain::{Permission, SubaccountId};

use crate::error::HttpError;
use crate::extract::Auth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_pricing);
}

/// What a ride of one vehicle type costs in one subaccount (integer cents). A ride costs
/// `unlock_cents` + ⌈riding minutes⌉ × `per_minute_cents` + ⌈paused minutes⌉ ×
/// `pause_per_minute_cents` + km × `per_km_cents`, minus discounts.
#[derive(Debug, Serialize, ToSchema)]
pub struct PricingPlanOut {
    pub id: PricingPlanId,
    #[schema(example = "Scooter standard")]
    pub name: String,
    pub subaccount_id: SubaccountId,
    pub vehicle_type: VehicleType,
    #[schema(example = 100)]
    pub unlock_cents: i32,
    #[schema(example = 25)]
    pub per_minute_cents: i32,
    #[schema(example = 10)]
    pub pause_per_minute_cents: i32,
    #[schema(example = 0)]
    pub per_km_cents: i32,
    /// ISO 4217, the subaccount's currency.
    #[schema(example = "EUR")]
    pub currency: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<PricingPlan> for PricingPlanOut {
    fn from(p: PricingPlan) -> Self {
        Self {
            id: p.id,
            name: p.name,
            subaccount_id: p.subaccount_id,
            vehicle_type: p.vehicle_type,
            unlock_cents: p.unlock_cents,
            per_minute_cents: p.per_minute_cents,
            pause_per_minute_cents: p.pause_per_minute_cents,
            per_km_cents: p.per_km_cents,
            currency: p.currency,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Filters of `GET /pricing`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PricingQuery {
    /// Only this subaccount's plans (one of the key's; others match nothing).
    #[param(value_type = Option<uuid::Uuid>)]
    pub subaccount_id: Option<String>,
    #[param(value_type = Option<VehicleType>)]
    pub vehicle_type: Option<String>,
}

/// Pricing plans in scope, oldest first (page or cursor mode).
#[utoipa::path(
    tag = "Pricing",
    operation_id = "list_pricing",
    params(crate::openapi::SubaccountHeader, PricingQuery, PageParams),
    responses(
        (status = 200, description = "One page of pricing plans", body = envelope::ListEnvelope<PricingPlanOut>),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/pricing")]
pub async fn list_pricing(
    auth: Auth,
    filter: web::Query<PricingQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::PricingRead)?;
    let page = page.parse(true)?;
    let filter = filter.into_inner();
    let filter = PlanFilter {
        subaccount_id: filter.subaccount_id,
        vehicle_type: filter.vehicle_type,
    };
    let mut conn = state.pool.get().await?;
    let listing = service::list_plans(&mut conn, &auth.0.scope, &filter, &page).await?;
    Ok(respond::listing(listing, PricingPlanOut::from))
}
