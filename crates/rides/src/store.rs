//! Ride queries. Functions take a connection; the service owns the transaction.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use time::OffsetDateTime;

use db::schema::{rides, vehicles};
use envelope::Keyset;
use fleet_domain::customers::CustomerId;
use fleet_domain::events::{PaymentStatus, RidePricing};
use fleet_domain::vehicles::{Vehicle, VehicleId, VehicleStatus};
use fleet_domain::{RideId, Scope, SubaccountId, TenantId};

use crate::model::{Ride, RideFilter};
use crate::state::RideStatus;

type Boxed = rides::BoxedQuery<'static, diesel::pg::Pg>;

fn scoped(scope: &Scope) -> Boxed {
    rides::table
        .filter(rides::tenant_id.eq(scope.tenant_id()))
        .filter(rides::subaccount_id.eq_any(scope.subaccount_ids().to_vec()))
        .into_boxed()
}

/// The ride row to insert at a start.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = rides)]
pub struct NewRideRow {
    pub id: RideId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    pub status: RideStatus,
    pub started_at: OffsetDateTime,
    pub start_latitude: Option<f64>,
    pub start_longitude: Option<f64>,
    pub plan: Value,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

pub async fn insert(conn: &mut AsyncPgConnection, row: &NewRideRow) -> QueryResult<Ride> {
    diesel::insert_into(rides::table)
        .values(row)
        .returning(Ride::as_returning())
        .get_result(conn)
        .await
}

pub async fn get(conn: &mut AsyncPgConnection, scope: &Scope, id: RideId) -> QueryResult<Ride> {
    scoped(scope)
        .filter(rides::id.eq(id))
        .select(Ride::as_select())
        .first(conn)
        .await
}

/// The ride in scope, locked until the caller's transaction ends.
pub async fn lock(conn: &mut AsyncPgConnection, scope: &Scope, id: RideId) -> QueryResult<Ride> {
    rides::table
        .filter(rides::tenant_id.eq(scope.tenant_id()))
        .filter(rides::subaccount_id.eq_any(scope.subaccount_ids()))
        .filter(rides::id.eq(id))
        .for_update()
        .select(Ride::as_select())
        .first(conn)
        .await
}

/// The customer's ride that has not ended, if any.
pub async fn unfinished_for_customer(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    customer: CustomerId,
) -> QueryResult<Option<RideId>> {
    rides::table
        .filter(rides::tenant_id.eq(tenant))
        .filter(rides::customer_id.eq(customer))
        .filter(rides::status.ne(RideStatus::Ended))
        .select(rides::id)
        .first(conn)
        .await
        .optional()
}

pub async fn pause(
    conn: &mut AsyncPgConnection,
    id: RideId,
    at: OffsetDateTime,
) -> QueryResult<Ride> {
    diesel::update(rides::table.find(id))
        .set((
            rides::status.eq(RideStatus::Paused),
            rides::paused_at.eq(Some(at)),
            rides::updated_at.eq(at),
        ))
        .returning(Ride::as_returning())
        .get_result(conn)
        .await
}

pub async fn resume(
    conn: &mut AsyncPgConnection,
    id: RideId,
    paused_seconds: i64,
    at: OffsetDateTime,
) -> QueryResult<Ride> {
    diesel::update(rides::table.find(id))
        .set((
            rides::status.eq(RideStatus::Active),
            rides::paused_at.eq(None::<OffsetDateTime>),
            rides::paused_seconds.eq(paused_seconds),
            rides::updated_at.eq(at),
        ))
        .returning(Ride::as_returning())
        .get_result(conn)
        .await
}

/// Everything an end writes on the ride.
#[derive(Debug, Clone)]
pub struct Ending {
    pub ended_at: OffsetDateTime,
    pub end_latitude: f64,
    pub end_longitude: f64,
    pub paused_seconds: i64,
    pub riding_seconds: i64,
    pub duration_minutes: i32,
    pub distance_m: i64,
    pub pricing: RidePricing,
    pub payment_status: PaymentStatus,
}

pub async fn end(conn: &mut AsyncPgConnection, id: RideId, e: &Ending) -> QueryResult<Ride> {
    diesel::update(rides::table.find(id))
        .set((
            rides::status.eq(RideStatus::Ended),
            rides::paused_at.eq(None::<OffsetDateTime>),
            rides::ended_at.eq(Some(e.ended_at)),
            rides::end_latitude.eq(Some(e.end_latitude)),
            rides::end_longitude.eq(Some(e.end_longitude)),
            rides::paused_seconds.eq(e.paused_seconds),
            rides::riding_seconds.eq(Some(e.riding_seconds)),
            rides::duration_minutes.eq(Some(e.duration_minutes)),
            rides::distance_m.eq(Some(e.distance_m)),
            rides::total_cents.eq(Some(e.pricing.total_cents)),
            rides::unlock_cents.eq(Some(e.pricing.unlock_cents)),
            rides::time_cents.eq(Some(e.pricing.time_cents)),
            rides::distance_cents.eq(Some(e.pricing.distance_cents)),
            rides::discount_cents.eq(Some(e.pricing.discount_cents)),
            rides::payment_status.eq(Some(e.payment_status)),
            rides::updated_at.eq(e.ended_at),
        ))
        .returning(Ride::as_returning())
        .get_result(conn)
        .await
}

/// Moves a vehicle a ride holds (or releases) to `status`, only from `from`; with an end
/// position when the ride ends. `NotFound` when the vehicle was not in `from`.
pub async fn move_vehicle(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    vehicle: VehicleId,
    from: VehicleStatus,
    to: VehicleStatus,
    position: Option<(f64, f64)>,
    at: OffsetDateTime,
) -> QueryResult<Vehicle> {
    let target = vehicles::table
        .filter(vehicles::tenant_id.eq(tenant))
        .filter(vehicles::id.eq(vehicle))
        .filter(vehicles::status.eq(from));
    match position {
        Some((lat, lng)) => {
            diesel::update(target)
                .set((
                    vehicles::status.eq(to),
                    vehicles::latitude.eq(Some(lat)),
                    vehicles::longitude.eq(Some(lng)),
                    vehicles::updated_at.eq(at),
                ))
                .returning(Vehicle::as_returning())
                .get_result(conn)
                .await
        }
        None => {
            diesel::update(target)
                .set((vehicles::status.eq(to), vehicles::updated_at.eq(at)))
                .returning(Vehicle::as_returning())
                .get_result(conn)
                .await
        }
    }
}

fn filtered(scope: &Scope, f: &RideFilter) -> Boxed {
    let mut q = scoped(scope);
    if let Some(status) = f.status {
        q = q.filter(rides::status.eq(status));
    }
    if let Some(customer) = f.customer_id {
        q = q.filter(rides::customer_id.eq(customer));
    }
    if let Some(vehicle) = f.vehicle_id {
        q = q.filter(rides::vehicle_id.eq(vehicle));
    }
    if let Some(after) = f.started_after {
        q = q.filter(rides::started_at.ge(after));
    }
    if let Some(before) = f.started_before {
        q = q.filter(rides::started_at.lt(before));
    }
    q
}

pub async fn count(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    f: &RideFilter,
) -> QueryResult<i64> {
    filtered(scope, f).count().get_result(conn).await
}

/// Rides in `(created_at, id)` order, after `after` when given.
pub async fn window(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    f: &RideFilter,
    after: Option<&Keyset>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Ride>> {
    let mut q = filtered(scope, f);
    if let Some(k) = after {
        q = q.filter(fleet_domain::pagination::after_keyset(k));
    }
    q.order((rides::created_at, rides::id))
        .limit(limit)
        .offset(offset)
        .select(Ride::as_select())
        .load(conn)
        .await
}
