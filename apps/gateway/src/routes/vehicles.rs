//! Vehicles: list (page or cursor, filters incl. `zone_id`), read, create, update status and
//! details, retire, and the index-backed nearby search.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::vehicles::{
    service, FuelType, NearbyParams, NearbyVehicle, NewVehicle, Vehicle, VehicleChanges,
    VehicleFilter, VehicleId, VehicleStatus, VehicleType,
};
use fleet_domain::{Permission, SubaccountId};

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    // `/vehicles/nearby` before `/vehicles/{id}`, so the id route never captures it.
    cfg.service(nearby_vehicles)
        .service(list_vehicles)
        .service(create_vehicle)
        .service(get_vehicle)
        .service(update_vehicle)
        .service(delete_vehicle);
}

/// A vehicle.
#[derive(Debug, Serialize, ToSchema)]
pub struct VehicleOut {
    pub id: VehicleId,
    /// Unique per tenant (case-insensitively); generated `V001`, `V002`… when not given.
    #[schema(example = "V001")]
    pub vehicle_number: String,
    #[schema(example = "B-LF 1234")]
    pub registration: Option<String>,
    #[serde(rename = "type")]
    pub vehicle_type: VehicleType,
    #[schema(example = "Segway")]
    pub make: Option<String>,
    #[schema(example = "Ninebot Max G30")]
    pub model: Option<String>,
    #[schema(example = 2024)]
    pub year: Option<i32>,
    pub fuel_type: Option<FuelType>,
    /// Seats or riders.
    #[schema(example = 1)]
    pub capacity: Option<i32>,
    pub status: VehicleStatus,
    #[schema(example = 87)]
    pub battery_percent: Option<i32>,
    #[schema(example = 52.520008)]
    pub latitude: Option<f64>,
    #[schema(example = 13.404954)]
    pub longitude: Option<f64>,
    /// Time of the last telematics ping.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_seen_at: Option<OffsetDateTime>,
    pub subaccount_id: SubaccountId,
    /// Partner-set custom data (string values).
    #[schema(value_type = HashMap<String, String>, example = json!({"partner_ref": "fleet-7"}))]
    pub metadata: Value,
    /// The tracker's id: telematics pings may name the vehicle by it (`device_id`).
    #[schema(example = "imei-356938035643809")]
    pub device_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Vehicle> for VehicleOut {
    fn from(v: Vehicle) -> Self {
        Self {
            id: v.id,
            vehicle_number: v.vehicle_number,
            registration: v.registration,
            vehicle_type: v.vehicle_type,
            make: v.make,
            model: v.model,
            year: v.year,
            fuel_type: v.fuel_type,
            capacity: v.capacity,
            status: v.status,
            battery_percent: v.battery_percent,
            latitude: v.latitude,
            longitude: v.longitude,
            last_seen_at: v.last_seen_at,
            subaccount_id: v.subaccount_id,
            metadata: v.metadata,
            device_id: v.device_id,
            created_at: v.created_at,
            updated_at: v.updated_at,
        }
    }
}

/// A vehicle found by the nearby search.
#[derive(Debug, Serialize, ToSchema)]
pub struct NearbyVehicleOut {
    #[serde(flatten)]
    pub vehicle: VehicleOut,
    /// Great-circle (haversine) distance from the query point, metres (2 decimals).
    #[schema(example = 123.45)]
    pub distance_m: f64,
}

/// The vehicles found by the nearby search, nearest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(transparent)]
pub struct NearbyVehicles(Vec<NearbyVehicleOut>);

impl From<NearbyVehicle> for NearbyVehicleOut {
    fn from(n: NearbyVehicle) -> Self {
        Self {
            vehicle: n.vehicle.into(),
            distance_m: (n.distance_m * 100.0).round() / 100.0,
        }
    }
}

/// A new vehicle.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"type": "scooter", "make": "Segway", "model": "Ninebot Max G30", "battery_percent": 100, "latitude": 52.52, "longitude": 13.405}))]
pub struct CreateVehicleIn {
    /// 1-32 characters, unique per tenant; generated (`V001`…) when absent.
    #[schema(
        max_length = 32,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub vehicle_number: Option<String>,
    #[schema(
        max_length = 32,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub registration: Option<String>,
    /// Required.
    #[serde(rename = "type")]
    #[schema(value_type = VehicleType)]
    pub vehicle_type: Option<String>,
    #[schema(
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub make: Option<String>,
    #[schema(
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub model: Option<String>,
    #[schema(minimum = 1900, maximum = 2100)]
    pub year: Option<i64>,
    #[schema(value_type = Option<FuelType>)]
    pub fuel_type: Option<String>,
    #[schema(minimum = 1, maximum = 100)]
    pub capacity: Option<i64>,
    #[schema(minimum = 0, maximum = 100)]
    pub battery_percent: Option<i64>,
    /// With `longitude`, or neither.
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    /// With `latitude`, or neither.
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// At most 50 keys (1-40 characters), string values of at most 500 characters.
    #[schema(value_type = Option<HashMap<String, String>>)]
    pub metadata: Option<Value>,
    /// Where to create it (global keys reaching several subaccounts).
    /// A tracker id (1-64 of `A-Z a-z 0-9 . _ : -`), unique per tenant.
    #[schema(max_length = 64, pattern = "^[A-Za-z0-9._:-]{1,64}$")]
    pub device_id: Option<String>,
    pub subaccount_id: Option<SubaccountId>,
}

impl TryFrom<CreateVehicleIn> for NewVehicle {
    type Error = fleet_domain::Error;
    fn try_from(b: CreateVehicleIn) -> Result<Self, Self::Error> {
        Ok(Self {
            subaccount_id: b.subaccount_id,
            vehicle_number: b.vehicle_number,
            registration: b.registration,
            vehicle_type: fleet_domain::required_field("type", b.vehicle_type.as_deref())?,
            make: b.make,
            model: b.model,
            year: b.year,
            fuel_type: fleet_domain::parse_field("fuel_type", b.fuel_type.as_deref())?,
            capacity: b.capacity,
            battery_percent: b.battery_percent,
            latitude: b.latitude,
            longitude: b.longitude,
            metadata: b.metadata,
            device_id: b.device_id,
        })
    }
}

/// The statuses a partner may set (documentation of `UpdateVehicleIn.status`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SettableStatus {
    Available,
    Maintenance,
    Charging,
    Offline,
}

/// Changes to a vehicle; fields not given stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"status": "maintenance", "metadata": {"note": "brake check"}}))]
pub struct UpdateVehicleIn {
    /// `available`, `maintenance`, `charging` or `offline` (`in_use`/`reserved` are set by
    /// rides, `retired` by DELETE). Refused with 409 while a ride holds the vehicle.
    #[schema(value_type = Option<SettableStatus>, example = "maintenance")]
    pub status: Option<String>,
    #[schema(
        max_length = 32,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub registration: Option<String>,
    #[schema(
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub make: Option<String>,
    #[schema(
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub model: Option<String>,
    #[schema(minimum = 1900, maximum = 2100)]
    pub year: Option<i64>,
    #[schema(value_type = Option<FuelType>)]
    pub fuel_type: Option<String>,
    #[schema(minimum = 1, maximum = 100)]
    pub capacity: Option<i64>,
    /// JSON merge patch: each key given replaces that key, a key set to `null` is removed.
    #[schema(value_type = Option<HashMap<String, Option<String>>>)]
    pub metadata: Option<Value>,
    /// A tracker id, unique per tenant; `null` unregisters it.
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>, max_length = 64, pattern = "^[A-Za-z0-9._:-]{1,64}$")]
    pub device_id: Option<Option<String>>,
}

impl TryFrom<UpdateVehicleIn> for VehicleChanges {
    type Error = fleet_domain::Error;
    fn try_from(b: UpdateVehicleIn) -> Result<Self, Self::Error> {
        Ok(Self {
            status: fleet_domain::parse_field("status", b.status.as_deref())?,
            registration: b.registration,
            make: b.make,
            model: b.model,
            year: b.year,
            fuel_type: fleet_domain::parse_field("fuel_type", b.fuel_type.as_deref())?,
            capacity: b.capacity,
            metadata: b.metadata,
            device_id: b.device_id,
        })
    }
}

/// Filters of `GET /vehicles`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VehicleQuery {
    /// Only vehicles in this status.
    #[param(value_type = Option<VehicleStatus>)]
    pub status: Option<String>,
    /// Only vehicles of this type.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<VehicleType>)]
    pub vehicle_type: Option<String>,
    /// Only this subaccount's vehicles (one of the key's; others match nothing).
    #[param(value_type = Option<uuid::Uuid>)]
    pub subaccount_id: Option<String>,
    /// Only vehicles whose position lies inside this zone (boundary included).
    #[param(value_type = Option<uuid::Uuid>)]
    pub zone_id: Option<String>,
}

/// Parameters of `GET /vehicles/nearby`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NearbyQuery {
    /// Latitude of the point, -90..90.
    #[param(value_type = f64, required = true, minimum = -90, maximum = 90, example = 40.7128)]
    pub lat: Option<String>,
    /// Longitude of the point, -180..180.
    #[param(value_type = f64, required = true, minimum = -180, maximum = 180, example = -74.006)]
    pub lng: Option<String>,
    /// Search radius in metres, 1-10000 (default 500).
    #[param(value_type = Option<f64>, minimum = 1, maximum = 10000)]
    pub radius: Option<String>,
    /// Status of the vehicles to find (default `available`).
    #[param(value_type = Option<VehicleStatus>)]
    pub status: Option<String>,
    /// Only vehicles of this type (default: any type).
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<VehicleType>)]
    pub vehicle_type: Option<String>,
    /// At most this many, 1-100 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

/// Vehicles in scope, oldest first. Page mode (`page`, `limit`) or cursor mode (`cursor`).
///
/// Needs `vehicles:read`. 400 for an unknown `status` or `type`; 404 when `zone_id` names no zone
/// in scope.
#[utoipa::path(
    tag = "Vehicles",
    operation_id = "list_vehicles",
    params(crate::extract::SubaccountHeader, VehicleQuery, PageParams),
    responses(
        (status = 200, description = "One page of vehicles", body = envelope::ListEnvelope<VehicleOut>),
        (status = 404, description = "`zone_id` names no zone in scope", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/vehicles")]
pub async fn list_vehicles(
    auth: Auth,
    filter: web::Query<VehicleQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::VehiclesRead)?;
    let page = page.parse(true)?;
    let filter = filter.into_inner();
    let filter = VehicleFilter {
        status: fleet_domain::parse_field("status", filter.status.as_deref())?,
        vehicle_type: fleet_domain::parse_field("type", filter.vehicle_type.as_deref())?,
        subaccount_id: filter.subaccount_id,
        zone_id: filter.zone_id,
    };
    let mut conn = state.pool.get().await?;
    let listing = service::list_vehicles(&mut conn, &auth.0.scope, &filter, &page).await?;
    Ok(respond::listing(listing, VehicleOut::from))
}

/// Vehicles in scope within `radius` metres of a point, nearest first, each with `distance_m`.
///
/// Needs `vehicles:read`. 400 names a missing or out-of-range `lat`, `lng`, `radius` or `limit`.
#[utoipa::path(
    tag = "Vehicles",
    operation_id = "nearby_vehicles",
    params(crate::extract::SubaccountHeader, NearbyQuery),
    responses(
        (status = 200, description = "Vehicles by distance (at most `limit`)", body = envelope::DataEnvelope<NearbyVehicles>),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/vehicles/nearby")]
pub async fn nearby_vehicles(
    auth: Auth,
    query: web::Query<NearbyQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::VehiclesRead)?;
    let q = query.into_inner();
    let params = NearbyParams {
        lat: q.lat,
        lng: q.lng,
        radius: q.radius,
        status: q.status,
        vehicle_type: q.vehicle_type,
        limit: q.limit,
    };
    // From memory when the index is in sync for the tenant, else the SQL statement.
    let found = match state.nearby.search(&auth.0.scope, &params)? {
        Some(found) => found,
        None => {
            let mut conn = state.pool.get().await?;
            service::nearby_vehicles(&mut conn, &auth.0.scope, &params).await?
        }
    };
    Ok(respond::ok(NearbyVehicles(
        found.into_iter().map(NearbyVehicleOut::from).collect(),
    )))
}

/// One vehicle (retired ones too).
///
/// Needs `vehicles:read`; 404 for unknown ids and ids out of scope alike.
#[utoipa::path(
    tag = "Vehicles",
    operation_id = "get_vehicle",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Vehicle id")),
    responses(
        (status = 200, description = "The vehicle", body = envelope::DataEnvelope<VehicleOut>),
        (status = 404, description = "No such vehicle in scope", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/vehicles/{id}")]
pub async fn get_vehicle(
    auth: Auth,
    PathId(id): PathId<VehicleId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::VehiclesRead)?;
    let mut conn = state.pool.get().await?;
    let vehicle = service::get_vehicle(&mut conn, &auth.0.scope, id).await?;
    Ok(respond::ok(VehicleOut::from(vehicle)))
}

/// Registers a vehicle (status `available`).
///
/// Needs `vehicles:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
/// `subaccount_id` is required (400). 409 when `vehicle_number` is taken.
#[utoipa::path(
    tag = "Vehicles",
    operation_id = "create_vehicle",
    params(crate::extract::SubaccountHeader),
    request_body = CreateVehicleIn,
    responses(
        (status = 201, description = "The new vehicle", body = envelope::DataEnvelope<VehicleOut>),
        (status = 409, description = "`vehicle_number` is taken", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/vehicles")]
pub async fn create_vehicle(
    auth: Auth,
    body: web::Json<CreateVehicleIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::VehiclesWrite)?;
    let new = NewVehicle::try_from(body.into_inner())?;
    let mut conn = state.pool.get().await?;
    let vehicle = service::create_vehicle(&mut conn, &auth.0.scope, new).await?;
    Ok(respond::created(VehicleOut::from(vehicle)))
}

/// Changes a vehicle's status (emits `vehicle.status_changed`) and/or details.
///
/// Needs `vehicles:write`; fields not sent stay as they are, `metadata` is merged. 409 while a ride
/// holds the vehicle or when it is retired; 404 for ids out of scope.
#[utoipa::path(
    tag = "Vehicles",
    operation_id = "update_vehicle",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Vehicle id")),
    request_body = UpdateVehicleIn,
    responses(
        (status = 200, description = "The updated vehicle", body = envelope::DataEnvelope<VehicleOut>),
        (status = 404, description = "No such vehicle in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "A ride holds the vehicle, or it is retired (`details.current_status`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[patch("/vehicles/{id}")]
pub async fn update_vehicle(
    auth: Auth,
    PathId(id): PathId<VehicleId>,
    body: web::Json<UpdateVehicleIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::VehiclesWrite)?;
    let changes = VehicleChanges::try_from(body.into_inner())?;
    let mut conn = state.pool.get().await?;
    let vehicle = service::update_vehicle(&mut conn, &auth.0.scope, id, changes).await?;
    Ok(respond::ok(VehicleOut::from(vehicle)))
}

/// Retires a vehicle (status `retired`, kept for history; emits `vehicle.status_changed`).
///
/// Needs `vehicles:write`. 409 while a ride holds the vehicle; 404 for ids out of scope.
#[utoipa::path(
    tag = "Vehicles",
    operation_id = "delete_vehicle",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Vehicle id")),
    responses(
        (status = 200, description = "The retired vehicle", body = envelope::DataEnvelope<VehicleOut>),
        (status = 404, description = "No such vehicle in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "A ride holds the vehicle (`details.current_status`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[delete("/vehicles/{id}")]
pub async fn delete_vehicle(
    auth: Auth,
    PathId(id): PathId<VehicleId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::VehiclesWrite)?;
    let mut conn = state.pool.get().await?;
    let vehicle = service::retire_vehicle(&mut conn, &auth.0.scope, id).await?;
    Ok(respond::ok(VehicleOut::from(vehicle)))
}
