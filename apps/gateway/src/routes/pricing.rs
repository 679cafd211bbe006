//! Pricing plans per subaccount and vehicle type: list and read; create, update and
//! deactivate (`pricing:write`). The management API (`routes::admin::fleet`) runs the same
//! `ops` with the operator's principal.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::pricing::service::{self, PlanFilter};
use fleet_domain::pricing::{NewPricingPlan, PricingPlan, PricingPlanId, PricingPlanPatch};
use fleet_domain::vehicles::VehicleType;
use fleet_domain::{Permission, Principal, SubaccountId};

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_pricing)
        .service(create_pricing_plan)
        .service(get_pricing_plan)
        .service(update_pricing_plan)
        .service(deactivate_pricing_plan);
}

/// A new pricing plan (the active one of its vehicle type; the currency is the
/// subaccount's).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"vehicle_type": "scooter", "name": "Scooter standard", "unlock_cents": 100,
    "per_minute_cents": 25, "pause_per_minute_cents": 10, "per_km_cents": 0}))]
pub struct CreatePricingPlanIn {
    /// Required when more than one subaccount is in reach.
    pub subaccount_id: Option<SubaccountId>,
    #[schema(value_type = VehicleType)]
    pub vehicle_type: String,
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: String,
    #[schema(minimum = 0, maximum = 1000000)]
    pub unlock_cents: i32,
    #[schema(minimum = 0, maximum = 1000000)]
    pub per_minute_cents: i32,
    #[schema(minimum = 0, maximum = 1000000)]
    pub pause_per_minute_cents: i32,
    #[schema(minimum = 0, maximum = 1000000)]
    pub per_km_cents: i32,
    /// Must be the subaccount's currency when sent.
    #[schema(example = "EUR")]
    pub currency: Option<String>,
}

/// Changes to an active plan; absent fields stay. Rides already started keep the prices
/// they started with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"per_minute_cents": 30}))]
pub struct UpdatePricingPlanIn {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: Option<String>,
    #[schema(minimum = 0, maximum = 1000000)]
    pub unlock_cents: Option<i32>,
    #[schema(minimum = 0, maximum = 1000000)]
    pub per_minute_cents: Option<i32>,
    #[schema(minimum = 0, maximum = 1000000)]
    pub pause_per_minute_cents: Option<i32>,
    #[schema(minimum = 0, maximum = 1000000)]
    pub per_km_cents: Option<i32>,
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
    /// `false` once deactivated (kept for history, not used for new rides).
    pub active: bool,
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
            active: p.active,
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
    /// Only plans for this vehicle type.
    #[param(value_type = Option<VehicleType>)]
    pub vehicle_type: Option<String>,
}

/// Pricing plans in scope, oldest first (page or cursor mode).
///
/// Needs `pricing:read`; filter by `vehicle_type` (400 for an unknown one).
#[utoipa::path(
    tag = "Pricing",
    operation_id = "list_pricing",
    params(crate::extract::SubaccountHeader, PricingQuery, PageParams),
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
    ops::list(&auth.0, filter.into_inner(), &page, &state).await
}

/// Creates the active plan of a vehicle type; emits `pricing.updated` (`action: created`).
///
/// Needs `pricing:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
/// `subaccount_id` is required (400). 409 when the vehicle type already has an active plan in the
/// subaccount.
#[utoipa::path(
    tag = "Pricing",
    operation_id = "create_pricing_plan",
    params(crate::extract::SubaccountHeader),
    request_body = CreatePricingPlanIn,
    responses(
        (status = 201, description = "The new plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 409, description = "The vehicle type already has an active plan", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/pricing")]
pub async fn create_pricing_plan(
    auth: Auth,
    body: web::Json<CreatePricingPlanIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::create(&auth.0, body.into_inner(), &state).await
}

/// One pricing plan (active or deactivated).
///
/// Needs `pricing:read`; 404 for ids out of scope.
#[utoipa::path(
    tag = "Pricing",
    operation_id = "get_pricing_plan",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Pricing plan id")),
    responses(
        (status = 200, description = "The plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 404, description = "No such plan in scope", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/pricing/{id}")]
pub async fn get_pricing_plan(
    auth: Auth,
    id: PathId<PricingPlanId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::get(&auth.0, id.0, &state).await
}

/// Changes an active plan's prices or name; emits `pricing.updated`. Applies to rides started
/// after the change.
///
/// Needs `pricing:write`; rides already started keep their snapshot. 409 when the plan is
/// deactivated; 404 for ids out of scope.
#[utoipa::path(
    tag = "Pricing",
    operation_id = "update_pricing_plan",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Pricing plan id")),
    request_body = UpdatePricingPlanIn,
    responses(
        (status = 200, description = "The updated plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 404, description = "No such plan in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "The plan is deactivated (`details.current_status: inactive`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[patch("/pricing/{id}")]
pub async fn update_pricing_plan(
    auth: Auth,
    id: PathId<PricingPlanId>,
    body: web::Json<UpdatePricingPlanIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::update(&auth.0, id.0, body.into_inner(), &state).await
}

/// Deactivates a plan: rides of its vehicle type cannot start until a plan is active again;
/// rides already started keep their prices. Emits `pricing.updated` (`action: deactivated`).
///
/// Needs `pricing:write`. 409 when it is already deactivated; 404 for ids out of scope.
#[utoipa::path(
    tag = "Pricing",
    operation_id = "deactivate_pricing_plan",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Pricing plan id")),
    responses(
        (status = 200, description = "The deactivated plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 404, description = "No such plan in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "Already deactivated (`details.current_status: inactive`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/pricing/{id}/deactivate")]
pub async fn deactivate_pricing_plan(
    auth: Auth,
    id: PathId<PricingPlanId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::deactivate(&auth.0, id.0, &state).await
}

/// The pricing use cases, shared by the partner and management routes.
pub(crate) mod ops {
    use super::*;

    pub async fn list(
        p: &Principal,
        filter: PricingQuery,
        page: &PageParams,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::PricingRead)?;
        let page = page.parse(true)?;
        let filter = PlanFilter {
            subaccount_id: filter.subaccount_id,
            vehicle_type: fleet_domain::parse_field(
                "vehicle_type",
                filter.vehicle_type.as_deref(),
            )?,
        };
        let mut conn = state.pool.get().await?;
        let listing = service::list_plans(&mut conn, &p.scope, &filter, &page).await?;
        Ok(respond::listing(listing, PricingPlanOut::from))
    }

    pub async fn get(
        p: &Principal,
        id: PricingPlanId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::PricingRead)?;
        let mut conn = state.pool.get().await?;
        let plan = service::get_plan(&mut conn, &p.scope, id).await?;
        Ok(respond::ok(PricingPlanOut::from(plan)))
    }

    pub async fn create(
        p: &Principal,
        b: CreatePricingPlanIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::PricingWrite)?;
        let vehicle_type: VehicleType = b
            .vehicle_type
            .parse()
            .map_err(|e: String| fleet_domain::Error::invalid("vehicle_type", e))?;
        let mut conn = state.pool.get().await?;
        let plan = service::create_plan(
            &mut conn,
            &p.scope,
            NewPricingPlan {
                subaccount_id: b.subaccount_id,
                vehicle_type,
                name: b.name,
                unlock_cents: b.unlock_cents,
                per_minute_cents: b.per_minute_cents,
                pause_per_minute_cents: b.pause_per_minute_cents,
                per_km_cents: b.per_km_cents,
                currency: b.currency,
            },
        )
        .await?;
        Ok(respond::created(PricingPlanOut::from(plan)))
    }

    pub async fn update(
        p: &Principal,
        id: PricingPlanId,
        b: UpdatePricingPlanIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::PricingWrite)?;
        let mut conn = state.pool.get().await?;
        let plan = service::update_plan(
            &mut conn,
            &p.scope,
            id,
            PricingPlanPatch {
                name: b.name,
                unlock_cents: b.unlock_cents,
                per_minute_cents: b.per_minute_cents,
                pause_per_minute_cents: b.pause_per_minute_cents,
                per_km_cents: b.per_km_cents,
            },
        )
        .await?;
        Ok(respond::ok(PricingPlanOut::from(plan)))
    }

    pub async fn deactivate(
        p: &Principal,
        id: PricingPlanId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::PricingWrite)?;
        let mut conn = state.pool.get().await?;
        let plan = service::deactivate_plan(&mut conn, &p.scope, id).await?;
        Ok(respond::ok(PricingPlanOut::from(plan)))
    }
}
