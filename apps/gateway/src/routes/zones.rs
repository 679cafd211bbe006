//! Zones: list (filter `type`, page or cursor mode) and read, with GeoJSON geometry.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::zones::{service, Zone, ZoneId, ZoneType};
use fleet_domain::{Permission, SubaccountId};

use crate::error::HttpError;
use crate::extract::Auth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_zones).service(get_zone);
}

/// A zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZoneOut {
    pub id: ZoneId,
    #[schema(example = "Mitte operating area")]
    pub name: String,
    #[serde(rename = "type")]
    pub zone_type: ZoneType,
    /// GeoJSON `Polygon` or `MultiPolygon`, positions `[longitude, latitude]`.
    #[schema(value_type = Object, example = json!({"type": "Polygon", "coordinates": [[[13.38, 52.51], [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]]}))]
    pub geometry: Value,
    /// Set for `slow_speed` zones only.
    #[schema(example = json!(null))]
    pub speed_limit_kph: Option<i32>,
    pub subaccount_id: SubaccountId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Zone> for ZoneOut {
    fn from(z: Zone) -> Self {
        Self {
            id: z.id,
            name: z.name,
            zone_type: z.zone_type,
            geometry: z.geometry,
            speed_limit_kph: z.speed_limit_kph,
            subaccount_id: z.subaccount_id,
            created_at: z.created_at,
            updated_at: z.updated_at,
        }
    }
}

/// Filters of `GET /zones`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ZoneQuery {
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<ZoneType>)]
    pub zone_type: Option<String>,
}

/// Zones in scope, oldest first (page or cursor mode).
#[utoipa::path(
    tag = "Zones",
    operation_id = "list_zones",
    params(crate::openapi::SubaccountHeader, ZoneQuery, PageParams),
    responses(
        (status = 200, description = "One page of zones", body = envelope::ListEnvelope<ZoneOut>),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/zones")]
pub async fn list_zones(
    auth: Auth,
    filter: web::Query<ZoneQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::ZonesRead)?;
    let page = page.parse(true)?;
    let zone_type = service::parse_zone_type(filter.zone_type.as_deref())?;
    let mut conn = state.pool.get().await?;
    let listing = service::list_zones(&mut conn, &auth.0.scope, zone_type, &page).await?;
    Ok(respond::listing(listing, ZoneOut::from))
}

/// One zone.
#[utoipa::path(
    tag = "Zones",
    operation_id = "get_zone",
    params(crate::openapi::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Zone id")),
    responses(
        (status = 200, description = "The zone", body = envelope::DataEnvelope<ZoneOut>),
        (status = 404, description = "No such zone in scope", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/zones/{id}")]
pub async fn get_zone(
    auth: Auth,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::ZonesRead)?;
    // A path id that is not a UUID names no zone: 404 like an unknown id.
    let id: ZoneId = id
        .parse()
        .map_err(|_| fleet_domain::Error::not_found("zone", id.as_str()))?;
    let mut conn = state.pool.get().await?;
    let zone = service::get_zone(&mut conn, &auth.0.scope, id).await?;
    Ok(respond::ok(ZoneOut::from(zone)))
}
