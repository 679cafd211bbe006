//! Rides: start, pause, resume and end (priced and charged), read and list.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::customers::CustomerId;
use fleet_domain::events::{PaymentStatus, RidePricing};
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Permission, RideId, SubaccountId, Window};
use rides::model::{EndRide, Ride, RideFilterText, StartRide};
use rides::{service, PlanSnapshot, RideStatus};

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_rides)
        .service(start_ride)
        .service(get_ride)
        .service(pause_ride)
        .service(resume_ride)
        .service(end_ride);
}

/// A ride.
#[derive(Debug, Serialize, ToSchema)]
pub struct RideOut {
    pub id: RideId,
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    pub subaccount_id: SubaccountId,
    pub status: RideStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub start_time: OffsetDateTime,
    /// Set when the ride ended.
    #[serde(with = "time::serde::rfc3339::option")]
    pub end_time: Option<OffsetDateTime>,
    /// Set while the ride is paused: when the pause began.
    #[serde(with = "time::serde::rfc3339::option")]
    pub paused_at: Option<OffsetDateTime>,
    #[schema(example = 52.520008)]
    pub start_latitude: Option<f64>,
    #[schema(example = 13.404954)]
    pub start_longitude: Option<f64>,
    pub end_latitude: Option<f64>,
    pub end_longitude: Option<f64>,
    /// Whole minutes from start to end, rounded up (ended rides).
    #[schema(example = 30)]
    pub duration_minutes: Option<i32>,
    /// Kilometres, two decimals (ended rides): the telematics track when there is one, else
    /// the great-circle distance start → end.
    #[schema(example = 5.2)]
    pub distance_km: Option<f64>,
    /// The fare (ended rides).
    pub pricing: Option<RidePricing>,
    /// `paid`, or `pending` when the wallet was left negative (ended rides).
    pub payment_status: Option<PaymentStatus>,
    /// The pricing plan in force when the ride started; later price changes do not touch it.
    pub plan: Option<PlanSnapshot>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Ride> for RideOut {
    fn from(r: Ride) -> Self {
        Self {
            plan: r.plan(),
            pricing: r.pricing(),
            distance_km: r.distance_km(),
            id: r.id,
            customer_id: r.customer_id,
            vehicle_id: r.vehicle_id,
            subaccount_id: r.subaccount_id,
            status: r.status,
            start_time: r.started_at,
            end_time: r.ended_at,
            paused_at: r.paused_at,
            start_latitude: r.start_latitude,
            start_longitude: r.start_longitude,
            end_latitude: r.end_latitude,
            end_longitude: r.end_longitude,
            duration_minutes: r.duration_minutes,
            payment_status: r.payment_status,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// Start a ride.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"customer_id": "0192f5c3-a1b2-7c3e-9d1a-6b2f0c4d5e6f", "vehicle_id": "0192f5c3-a1b2-7c3e-9d1a-6b2f0c4d5e70"}))]
pub struct StartRideIn {
    #[schema(value_type = uuid::Uuid)]
    pub customer_id: String,
    #[schema(value_type = uuid::Uuid)]
    pub vehicle_id: String,
    /// Where the ride starts (with `start_longitude`); the vehicle's last position when absent.
    #[schema(minimum = -90, maximum = 90)]
    pub start_latitude: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub start_longitude: Option<f64>,
}

/// End a ride.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"end_latitude": 52.5163, "end_longitude": 13.3777}))]
pub struct EndRideIn {
    #[schema(minimum = -90, maximum = 90)]
    pub end_latitude: f64,
    #[schema(minimum = -180, maximum = 180)]
    pub end_longitude: f64,
    /// Discount on this ride in cents (promotions); never more than the fare.
    #[schema(minimum = 0, maximum = 10000000)]
    pub discount_cents: Option<i64>,
}

/// Filters of `GET /rides` (as strings, so errors name the field).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RideQuery {
    /// Only rides in this state.
    #[param(value_type = Option<RideStatus>)]
    pub status: Option<String>,
    /// Only this customer's rides.
    #[param(value_type = Option<uuid::Uuid>)]
    pub customer_id: Option<String>,
    /// Only rides on this vehicle.
    #[param(value_type = Option<uuid::Uuid>)]
    pub vehicle_id: Option<String>,
    /// Rides that started at or after this instant (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub started_after: Option<String>,
    /// Rides that started before this instant (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub started_before: Option<String>,
}

fn body_id<T: std::str::FromStr>(field: &'static str, raw: &str) -> Result<T, HttpError> {
    raw.parse::<T>()
        .map_err(|_| HttpError(envelope::ApiError::invalid_field(field, "must be a UUID")))
}

/// Rides in scope, oldest first, with filters; page or cursor mode.
///
/// Needs `rides:read`; filter by `status`, `customer_id`, `vehicle_id` and start time. 400 names
/// each malformed filter.
#[utoipa::path(
    tag = "Rides",
    operation_id = "list_rides",
    params(crate::extract::SubaccountHeader, RideQuery, PageParams),
    responses(
        (status = 200, description = "One page of rides", body = envelope::ListEnvelope<RideOut>),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/rides")]
pub async fn list_rides(
    auth: Auth,
    query: web::Query<RideQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::RidesRead)?;
    let window = Window::from_request(&page.parse(true)?)?;
    let q = query.into_inner();
    let filter = RideFilterText {
        status: q.status,
        customer_id: q.customer_id,
        vehicle_id: q.vehicle_id,
        started_after: q.started_after,
        started_before: q.started_before,
    }
    .parse()?;
    let mut conn = state.pool.get().await?;
    let listing = service::list_rides(&mut conn, &auth.0.scope, &filter, window).await?;
    Ok(respond::listing(listing, RideOut::from))
}

/// One ride.
///
/// Needs `rides:read`; an ended ride carries its fare (`pricing`) and `payment_status`. 404 for ids
/// out of scope.
#[utoipa::path(
    tag = "Rides",
    operation_id = "get_ride",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Ride id")),
    responses(
        (status = 200, description = "The ride", body = envelope::DataEnvelope<RideOut>),
        (status = 404, description = "No such ride in scope", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/rides/{id}")]
pub async fn get_ride(
    auth: Auth,
    PathId(id): PathId<RideId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::RidesRead)?;
    let mut conn = state.pool.get().await?;
    let ride = service::get_ride(&mut conn, &auth.0.scope, id).await?;
    Ok(respond::ok(RideOut::from(ride)))
}

/// Start a ride: the customer must be active with no unfinished ride and a wallet covering
/// the unlock price; the vehicle `available` with at least the subaccount's minimum battery.
/// The vehicle becomes `in_use`; `ride.started` and `vehicle.status_changed` are emitted.
///
/// Needs `rides:write`. 404 when the customer or vehicle is out of scope; 409 `CONFLICT` or
/// `INSUFFICIENT_FUNDS` when a start condition fails; two concurrent starts on one vehicle: exactly
/// one wins.
#[utoipa::path(
    tag = "Rides",
    operation_id = "start_ride",
    params(crate::extract::SubaccountHeader),
    request_body = StartRideIn,
    responses(
        (status = 201, description = "The started ride", body = envelope::DataEnvelope<RideOut>),
        (status = 404, description = "No such customer or vehicle in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "Customer blocked or already riding, vehicle not available or battery too low, no pricing plan (`CONFLICT`), or the wallet cannot cover the unlock price (`INSUFFICIENT_FUNDS`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/rides")]
pub async fn start_ride(
    auth: Auth,
    body: web::Json<StartRideIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::RidesWrite)?;
    let body = body.into_inner();
    let input = StartRide {
        customer_id: body_id("customer_id", &body.customer_id)?,
        vehicle_id: body_id("vehicle_id", &body.vehicle_id)?,
        start_latitude: body.start_latitude,
        start_longitude: body.start_longitude,
    };
    let mut conn = state.pool.get().await?;
    let ride = service::start_ride(&mut conn, &auth.0.scope, input).await?;
    Ok(respond::created(RideOut::from(ride)))
}

/// Pause an active ride (`ride.paused`).
///
/// Needs `rides:write`; paused minutes are priced at the plan's pause rate. 409 when the ride is
/// not active; 404 for ids out of scope.
#[utoipa::path(
    tag = "Rides",
    operation_id = "pause_ride",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Ride id")),
    responses(
        (status = 200, description = "The paused ride", body = envelope::DataEnvelope<RideOut>),
        (status = 404, description = "No such ride in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "The ride is not active (`details.current_status`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/rides/{id}/pause")]
pub async fn pause_ride(
    auth: Auth,
    id: PathId<RideId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    change_state(&auth, id.0, &state, Change::Pause).await
}

/// Resume a paused ride (`ride.resumed`).
///
/// Needs `rides:write`. 409 when the ride is not paused; 404 for ids out of scope.
#[utoipa::path(
    tag = "Rides",
    operation_id = "resume_ride",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Ride id")),
    responses(
        (status = 200, description = "The resumed ride", body = envelope::DataEnvelope<RideOut>),
        (status = 404, description = "No such ride in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "The ride is not paused (`details.current_status`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/rides/{id}/resume")]
pub async fn resume_ride(
    auth: Auth,
    id: PathId<RideId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    change_state(&auth, id.0, &state, Change::Resume).await
}

/// What `change_state` does.
enum Change {
    Pause,
    Resume,
}

/// Pause or resume: the one body of both handlers.
async fn change_state(
    auth: &Auth,
    id: RideId,
    state: &AppState,
    change: Change,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::RidesWrite)?;
    let mut conn = state.pool.get().await?;
    let ride = match change {
        Change::Pause => service::pause_ride(&mut conn, &auth.0.scope, id).await?,
        Change::Resume => service::resume_ride(&mut conn, &auth.0.scope, id).await?,
    };
    Ok(respond::ok(RideOut::from(ride)))
}

/// End a ride at a point: priced with the plan snapshot, charged to the wallet in the same
/// transaction (`paid`, or `pending` when the wallet is left negative); the vehicle becomes
/// `available` at the end point; `ride.ended` and `vehicle.status_changed` are emitted.
///
/// Needs `rides:write`. 422 `RIDE_END_NOT_ALLOWED` outside every operating area or inside a
/// no-parking zone; 409 when the ride has already ended; 404 for ids out of scope.
#[utoipa::path(
    tag = "Rides",
    operation_id = "end_ride",
    params(crate::extract::SubaccountHeader, ("id" = uuid::Uuid, Path, description = "Ride id")),
    request_body = EndRideIn,
    responses(
        (status = 200, description = "The ended, priced ride", body = envelope::DataEnvelope<RideOut>),
        (status = 404, description = "No such ride in scope", body = envelope::ErrorEnvelope),
        (status = 409, description = "The ride has already ended (`details.current_status`)", body = envelope::ErrorEnvelope),
        (status = 422, description = "`RIDE_END_NOT_ALLOWED`: outside every operating area or inside a no-parking zone (`details.reason`, `details.zone_id`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/rides/{id}/end")]
pub async fn end_ride(
    auth: Auth,
    PathId(id): PathId<RideId>,
    body: web::Json<EndRideIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::RidesWrite)?;
    let body = body.into_inner();
    let input = EndRide {
        end_latitude: body.end_latitude,
        end_longitude: body.end_longitude,
        discount_cents: body.discount_cents.unwrap_or(0),
    };
    let mut conn = state.pool.get().await?;
    let ride = service::end_ride(&mut conn, &auth.0.scope, id, input).await?;
    Ok(respond::ok(RideOut::from(ride)))
}
