//! Zones: list (filter `type`, page or cursor mode) and read, with GeoJSON geometry;
//! create, update and delete (`zones:write`). The management API (`routes::admin::fleet`)
//! runs the same `ops` with the operator's principal.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::zones::{service, NewZone, Zone, ZoneId, ZonePatch, ZoneType};
use fleet_domain::{Permission, Principal, SubaccountId};

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_zones)
        .service(create_zone)
        .service(get_zone)
        .service(update_zone)
        .service(delete_zone);
}

/// A new zone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Old town slow zone", "type": "slow_speed", "speed_limit_kph": 10,
    "geometry": {"type": "Polygon", "coordinates": [[[13.38, 52.51], [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]]}}))]
pub struct CreateZoneIn {
    /// Required when more than one subaccount is in reach.
    pub subaccount_id: Option<SubaccountId>,
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: String,
    #[serde(rename = "type")]
    #[schema(value_type = ZoneType)]
    pub zone_type: String,
    /// GeoJSON `Polygon` or `MultiPolygon`, positions `[longitude, latitude]`: closed rings of
    /// at least 4 positions, no self-intersection, holes inside their shell, at most 10 000
    /// positions in all.
    #[schema(value_type = fleet_domain::zones::ZoneGeometry)]
    pub geometry: Value,
    /// Required for `slow_speed` (1-200), not allowed otherwise.
    #[schema(minimum = 1, maximum = 200)]
    pub speed_limit_kph: Option<i32>,
}

/// Changes to a zone; absent fields stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Old town (20 km/h)", "speed_limit_kph": 20}))]
pub struct UpdateZoneIn {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: Option<String>,
    #[serde(rename = "type")]
    #[schema(value_type = Option<ZoneType>)]
    pub zone_type: Option<String>,
    /// Validated like on create.
    #[schema(value_type = Option<fleet_domain::zones::ZoneGeometry>)]
    pub geometry: Option<Value>,
    /// `null` clears it; leaving `slow_speed` without sending it clears it too.
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 200)]
    pub speed_limit_kph: Option<Option<i32>>,
}

/// A deleted zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZoneDeletedOut {
    pub id: ZoneId,
    pub deleted: bool,
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
    #[schema(value_type = fleet_domain::zones::ZoneGeometry, example = json!({"type": "Polygon", "coordinates": [[[13.38, 52.51], [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]]}))]
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
    /// Only zones of this type.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<ZoneType>)]
    pub zone_type: Option<String>,
}

/// Zones in scope, oldest first (page or cursor mode).
///
/// Needs `zones:read`; filter by `type` (400 for an unknown one).
#[utoipa::path(
    tag = "Zones",
    operation_id = "list_zones",
    params(crate::extract::SubaccountHeader, ZoneQuery, PageParams),
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
    ops::list(&auth.0, &filter, &page, &state).await
}

/// One zone.
///
/// Needs `zones:read`; 404 for ids out of scope.
#[utoipa::path(
    tag = "Zones",
    operation_id = "get_zone",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Zone id")),
    responses(
        (status = 200, description = "The zone", body = envelope::DataEnvelope<ZoneOut>),
        (status = 404, description = "No such zone in scope", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/zones/{id}")]
pub async fn get_zone(
    auth: Auth,
    id: PathId<ZoneId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::get(&auth.0, id.0, &state).await
}

/// Creates a zone; emits `zone.updated` (`action: created`).
///
/// Needs `zones:write`. 400 names an invalid geometry (a GeoJSON Polygon or MultiPolygon of closed
/// rings of `[lon, lat]` positions) or speed limit; with a global key reaching several subaccounts
/// `X-Subaccount-Id` or `subaccount_id` is required.
#[utoipa::path(
    tag = "Zones",
    operation_id = "create_zone",
    params(crate::extract::SubaccountHeader),
    request_body = CreateZoneIn,
    responses(
        (status = 201, description = "The new zone", body = envelope::DataEnvelope<ZoneOut>),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/zones")]
pub async fn create_zone(
    auth: Auth,
    body: web::Json<CreateZoneIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::create(&auth.0, body.into_inner(), &state).await
}

/// Changes a zone's name, type, geometry or speed limit; emits `zone.updated`.
///
/// Needs `zones:write`; fields not sent stay as they are, and 400 names an invalid geometry. 409
/// when a type change would remove the only operating area while vehicles are in use.
#[utoipa::path(
    tag = "Zones",
    operation_id = "update_zone",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Zone id")),
    request_body = UpdateZoneIn,
    responses(
        (status = 200, description = "The updated zone", body = envelope::DataEnvelope<ZoneOut>),
        (status = 404, description = "No such zone in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "The type change would remove the subaccount's only operating area while vehicles are in use (`details.current_status: only_operating_area`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[patch("/zones/{id}")]
pub async fn update_zone(
    auth: Auth,
    id: PathId<ZoneId>,
    body: web::Json<UpdateZoneIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::update(&auth.0, id.0, body.into_inner(), &state).await
}

/// Deletes a zone; emits `zone.updated` (`action: deleted`).
///
/// Needs `zones:write`. 409 when it is the subaccount's only operating area while vehicles are in
/// use; 404 for ids out of scope.
#[utoipa::path(
    tag = "Zones",
    operation_id = "delete_zone",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Zone id")),
    responses(
        (status = 200, description = "Deleted", body = envelope::DataEnvelope<ZoneDeletedOut>),
        (status = 404, description = "No such zone in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "The subaccount's only operating area while vehicles are in use (`details.current_status: only_operating_area`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[delete("/zones/{id}")]
pub async fn delete_zone(
    auth: Auth,
    id: PathId<ZoneId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::delete(&auth.0, id.0, &state).await
}

/// The zone use cases, shared by the partner and management routes.
pub(crate) mod ops {
    use super::*;

    pub async fn list(
        p: &Principal,
        filter: &ZoneQuery,
        page: &PageParams,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::ZonesRead)?;
        let page = page.parse(true)?;
        let zone_type = service::parse_zone_type(filter.zone_type.as_deref())?;
        let mut conn = state.pool.get().await?;
        let listing = service::list_zones(&mut conn, &p.scope, zone_type, &page).await?;
        Ok(respond::listing(listing, ZoneOut::from))
    }

    pub async fn get(
        p: &Principal,
        id: ZoneId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::ZonesRead)?;
        let mut conn = state.pool.get().await?;
        let zone = service::get_zone(&mut conn, &p.scope, id).await?;
        Ok(respond::ok(ZoneOut::from(zone)))
    }

    pub async fn create(
        p: &Principal,
        b: CreateZoneIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::ZonesWrite)?;
        let zone_type = service::parse_zone_type(Some(&b.zone_type))?
            .ok_or_else(|| fleet_domain::Error::invalid("type", "is required"))?;
        let mut conn = state.pool.get().await?;
        let zone = service::create_zone(
            &mut conn,
            &p.scope,
            NewZone {
                subaccount_id: b.subaccount_id,
                name: b.name,
                zone_type,
                geometry: b.geometry,
                speed_limit_kph: b.speed_limit_kph,
            },
        )
        .await?;
        Ok(respond::created(ZoneOut::from(zone)))
    }

    pub async fn update(
        p: &Principal,
        id: ZoneId,
        b: UpdateZoneIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::ZonesWrite)?;
        let zone_type = service::parse_zone_type(b.zone_type.as_deref())?;
        let mut conn = state.pool.get().await?;
        let zone = service::update_zone(
            &mut conn,
            &p.scope,
            id,
            ZonePatch {
                name: b.name,
                zone_type,
                geometry: b.geometry,
                speed_limit_kph: b.speed_limit_kph,
            },
        )
        .await?;
        Ok(respond::ok(ZoneOut::from(zone)))
    }

    pub async fn delete(
        p: &Principal,
        id: ZoneId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::ZonesWrite)?;
        let mut conn = state.pool.get().await?;
        let zone = service::delete_zone(&mut conn, &p.scope, id).await?;
        Ok(respond::ok(ZoneDeletedOut {
            id: zone.id,
            deleted: true,
        }))
    }
}
