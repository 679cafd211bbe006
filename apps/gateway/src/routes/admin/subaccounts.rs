//! Subaccounts of the operator's tenant: list, create, update. The domain's `Subaccount` is
//! the wire type (`SubaccountDetailOut`).

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{ApiError, PageParams};
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, SubaccountChanges};
use fleet_domain::{Subaccount, SubaccountId, Window};
use keys::operators::Role;

use crate::error::HttpError;
use crate::extract::PathId;
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(admin_list_subaccounts)
        .service(admin_create_subaccount)
        .service(admin_update_subaccount);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Berlin", "currency": "EUR", "timezone": "Europe/Berlin", "sandbox": false}))]
pub struct CreateSubaccountIn {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: String,
    /// ISO 4217; default `EUR`.
    #[schema(min_length = 3, max_length = 3)]
    pub currency: Option<String>,
    /// IANA time zone; default `UTC`.
    #[schema(max_length = 64)]
    pub timezone: Option<String>,
    /// Default `false`.
    pub sandbox: Option<bool>,
}

/// Changes; absent fields stay. Currency and `sandbox` are fixed at creation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Berlin Mitte", "timezone": "Europe/Berlin"}))]
pub struct UpdateSubaccountIn {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: Option<String>,
    #[schema(max_length = 64)]
    pub timezone: Option<String>,
    #[schema(minimum = 0, maximum = 100)]
    pub min_start_battery_percent: Option<i32>,
    #[schema(minimum = 0, maximum = 100)]
    pub battery_low_threshold_percent: Option<i32>,
}

/// The tenant's subaccounts (live and sandbox), oldest first.
///
/// Any signed-in operator; each with its currency, time zone and battery thresholds.
#[utoipa::path(
    tag = "Management: Subaccounts",
    operation_id = "admin_list_subaccounts",
    params(envelope::PageOnlyParams),
    responses((status = 200, description = "Subaccounts", body = envelope::ListEnvelope<Subaccount>)),
    security(("session" = []))
)]
#[get("/subaccounts")]
pub async fn admin_list_subaccounts(
    auth: OperatorAuth,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    // Page mode only (a cursor is refused with 400).
    let window = Window::from_request(&page.parse(false)?)?;
    let mut conn = state.pool.get().await?;
    let listing = tenancy::list_subaccounts(&mut conn, auth.0.tenant.id, window).await?;
    Ok(respond::listing(listing, std::convert::identity))
}

/// Creates a subaccount (admin or owner).
///
/// Needs the admin or owner role. 409 when a subaccount of this name exists; 400 names each invalid
/// field.
#[utoipa::path(
    tag = "Management: Subaccounts",
    operation_id = "admin_create_subaccount",
    request_body = CreateSubaccountIn,
    responses(
        (status = 201, description = "Created", body = envelope::DataEnvelope<Subaccount>),
        (status = 409, description = "A subaccount with this name exists", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[post("/subaccounts")]
pub async fn admin_create_subaccount(
    auth: OperatorAuth,
    body: web::Json<CreateSubaccountIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    let body = body.into_inner();
    // Text reaching Postgres must be free of NUL and other control characters.
    for (field, value) in [
        ("currency", body.currency.as_deref()),
        ("timezone", body.timezone.as_deref()),
    ] {
        if value.is_some_and(|v| v.len() > 64 || v.chars().any(char::is_control)) {
            return Err(HttpError(ApiError::invalid_field(
                field,
                "must be at most 64 printable characters",
            )));
        }
    }
    let mut conn = state.pool.get().await?;
    let created = tenancy::create_subaccount(
        &mut conn,
        auth.0.tenant.id,
        NewSubaccount {
            name: body.name,
            currency: body.currency.unwrap_or_else(|| "EUR".to_owned()),
            timezone: body.timezone.unwrap_or_else(|| "UTC".to_owned()),
            sandbox: body.sandbox.unwrap_or(false),
        },
    )
    .await?;
    Ok(respond::created(created))
}

/// Renames a subaccount or changes its time zone or battery thresholds (admin or owner).
///
/// Needs the admin or owner role; fields not sent stay as they are. 409 when the new name is taken;
/// 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Subaccounts",
    operation_id = "admin_update_subaccount",
    params(("id" = String, Path, description = "The subaccount id.")),
    request_body = UpdateSubaccountIn,
    responses(
        (status = 200, description = "Updated", body = envelope::DataEnvelope<Subaccount>),
        (status = 409, description = "A subaccount with this name exists", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[patch("/subaccounts/{id}")]
pub async fn admin_update_subaccount(
    auth: OperatorAuth,
    PathId(id): PathId<SubaccountId>,
    body: web::Json<UpdateSubaccountIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    let body = body.into_inner();
    let mut conn = state.pool.get().await?;
    let updated = tenancy::update_subaccount(
        &mut conn,
        auth.0.tenant.id,
        id,
        SubaccountChanges {
            name: body.name,
            timezone: body.timezone,
            min_start_battery_percent: body.min_start_battery_percent,
            battery_low_threshold_percent: body.battery_low_threshold_percent,
        },
    )
    .await?;
    Ok(respond::ok(updated))
}
