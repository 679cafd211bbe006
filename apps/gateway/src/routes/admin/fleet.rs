//! Zones and pricing plans of the whole tenant, for operators: the same use cases as the
//! partner routes (`routes::zones::ops`, `routes::pricing::ops`) run with the operator's
//! principal (every subaccount of the tenant). Viewers read; admins and owners change.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::pricing::PricingPlanId;
use fleet_domain::zones::ZoneId;
use keys::operators::Role;

use crate::error::HttpError;
use crate::extract::PathId;
use crate::middleware::operator_auth::OperatorAuth;
use crate::routes::pricing::{
    ops as pricing, CreatePricingPlanIn, PricingPlanOut, PricingQuery, UpdatePricingPlanIn,
};
use crate::routes::zones::{
    ops as zones, CreateZoneIn, UpdateZoneIn, ZoneDeletedOut, ZoneOut, ZoneQuery,
};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(admin_list_zones)
        .service(admin_create_zone)
        .service(admin_get_zone)
        .service(admin_update_zone)
        .service(admin_delete_zone)
        .service(admin_list_pricing)
        .service(admin_create_pricing_plan)
        .service(admin_get_pricing_plan)
        .service(admin_update_pricing_plan)
        .service(admin_deactivate_pricing_plan);
}

/// Every zone of the tenant, oldest first.
///
/// Any signed-in operator; filter by `type`, page or cursor mode.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_list_zones",
    params(ZoneQuery, PageParams),
    responses((status = 200, description = "Zones", body = envelope::ListEnvelope<ZoneOut>)),
    security(("session" = []))
)]
#[get("/zones")]
pub async fn admin_list_zones(
    auth: OperatorAuth,
    filter: web::Query<ZoneQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    zones::list(&auth.0.principal(), &filter, &page, &state).await
}

/// Creates a zone (admin or owner) in the subaccount named by `subaccount_id` (required
/// when the tenant has several); emits `zone.updated`.
///
/// Needs the admin or owner role. 400 names an invalid geometry (a GeoJSON Polygon or MultiPolygon
/// of closed rings) or a missing `subaccount_id`.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_create_zone",
    request_body = CreateZoneIn,
    responses((status = 201, description = "The new zone", body = envelope::DataEnvelope<ZoneOut>)),
    security(("session" = []))
)]
#[post("/zones")]
pub async fn admin_create_zone(
    auth: OperatorAuth,
    body: web::Json<CreateZoneIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    zones::create(&auth.0.principal(), body.into_inner(), &state).await
}

/// One zone of the tenant.
///
/// Any signed-in operator; 404 for unknown or other tenants' ids.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_get_zone",
    params(("id" = uuid::Uuid, Path, description = "Zone id")),
    responses(
        (status = 200, description = "The zone", body = envelope::DataEnvelope<ZoneOut>),
        (status = 404, description = "Unknown zone (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[get("/zones/{id}")]
pub async fn admin_get_zone(
    auth: OperatorAuth,
    id: PathId<ZoneId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    zones::get(&auth.0.principal(), id.0, &state).await
}

/// Changes a zone (admin or owner); emits `zone.updated`.
///
/// Needs the admin or owner role; fields not sent stay as they are. 409 when a type change would
/// remove the subaccount's only operating area while vehicles are in use.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_update_zone",
    params(("id" = uuid::Uuid, Path, description = "Zone id")),
    request_body = UpdateZoneIn,
    responses(
        (status = 200, description = "The updated zone", body = envelope::DataEnvelope<ZoneOut>),
        (status = 404, description = "Unknown zone", body = envelope::ErrorEnvelope),
        (status = 409, description = "Would remove the only operating area while vehicles are in use", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[patch("/zones/{id}")]
pub async fn admin_update_zone(
    auth: OperatorAuth,
    id: PathId<ZoneId>,
    body: web::Json<UpdateZoneIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    zones::update(&auth.0.principal(), id.0, body.into_inner(), &state).await
}

/// Deletes a zone (admin or owner); emits `zone.updated`.
///
/// Needs the admin or owner role. 409 when it is the subaccount's only operating area while
/// vehicles are in use; 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_delete_zone",
    params(("id" = uuid::Uuid, Path, description = "Zone id")),
    responses(
        (status = 200, description = "Deleted", body = envelope::DataEnvelope<ZoneDeletedOut>),
        (status = 404, description = "Unknown zone", body = envelope::ErrorEnvelope),
        (status = 409, description = "The only operating area while vehicles are in use", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[delete("/zones/{id}")]
pub async fn admin_delete_zone(
    auth: OperatorAuth,
    id: PathId<ZoneId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    zones::delete(&auth.0.principal(), id.0, &state).await
}

/// Every pricing plan of the tenant (active and deactivated), oldest first.
///
/// Any signed-in operator; filter by `vehicle_type`, page or cursor mode.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_list_pricing",
    params(PricingQuery, PageParams),
    responses((status = 200, description = "Pricing plans", body = envelope::ListEnvelope<PricingPlanOut>)),
    security(("session" = []))
)]
#[get("/pricing")]
pub async fn admin_list_pricing(
    auth: OperatorAuth,
    filter: web::Query<PricingQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    pricing::list(&auth.0.principal(), filter.into_inner(), &page, &state).await
}

/// Creates the active plan of a vehicle type (admin or owner); emits `pricing.updated`.
///
/// Needs the admin or owner role; `subaccount_id` is required when the tenant has several
/// subaccounts (400). 409 when the vehicle type already has an active plan in that subaccount.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_create_pricing_plan",
    request_body = CreatePricingPlanIn,
    responses(
        (status = 201, description = "The new plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 409, description = "The vehicle type already has an active plan", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[post("/pricing")]
pub async fn admin_create_pricing_plan(
    auth: OperatorAuth,
    body: web::Json<CreatePricingPlanIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    pricing::create(&auth.0.principal(), body.into_inner(), &state).await
}

/// One pricing plan of the tenant.
///
/// Any signed-in operator; 404 for unknown or other tenants' ids.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_get_pricing_plan",
    params(("id" = uuid::Uuid, Path, description = "Pricing plan id")),
    responses(
        (status = 200, description = "The plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 404, description = "Unknown plan", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[get("/pricing/{id}")]
pub async fn admin_get_pricing_plan(
    auth: OperatorAuth,
    id: PathId<PricingPlanId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    pricing::get(&auth.0.principal(), id.0, &state).await
}

/// Changes an active plan (admin or owner); emits `pricing.updated`.
///
/// Needs the admin or owner role; applies to rides started afterwards. 409 when the plan is
/// deactivated; 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_update_pricing_plan",
    params(("id" = uuid::Uuid, Path, description = "Pricing plan id")),
    request_body = UpdatePricingPlanIn,
    responses(
        (status = 200, description = "The updated plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 404, description = "Unknown plan", body = envelope::ErrorEnvelope),
        (status = 409, description = "The plan is deactivated", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[patch("/pricing/{id}")]
pub async fn admin_update_pricing_plan(
    auth: OperatorAuth,
    id: PathId<PricingPlanId>,
    body: web::Json<UpdatePricingPlanIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    pricing::update(&auth.0.principal(), id.0, body.into_inner(), &state).await
}

/// Deactivates a plan (admin or owner); emits `pricing.updated`.
///
/// Needs the admin or owner role; rides of that vehicle type cannot start until a plan is active
/// again. 409 when it is already deactivated.
#[utoipa::path(
    tag = "Management: Fleet configuration",
    operation_id = "admin_deactivate_pricing_plan",
    params(("id" = uuid::Uuid, Path, description = "Pricing plan id")),
    responses(
        (status = 200, description = "The deactivated plan", body = envelope::DataEnvelope<PricingPlanOut>),
        (status = 404, description = "Unknown plan", body = envelope::ErrorEnvelope),
        (status = 409, description = "Already deactivated", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[post("/pricing/{id}/deactivate")]
pub async fn admin_deactivate_pricing_plan(
    auth: OperatorAuth,
    id: PathId<PricingPlanId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    pricing::deactivate(&auth.0.principal(), id.0, &state).await
}
