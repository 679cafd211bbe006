//! Starting a ride: one transaction that locks the customer, then the vehicle, then the
//! wallet, checks each in turn, writes the ride with the plan snapshot, holds the vehicle and
//! records `ride.started` and `vehicle.status_changed`.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use fleet_domain::customers::{self, Customer, CustomerStatus};
use fleet_domain::events::VehicleStatusChanged;
use fleet_domain::vehicles::{self, Vehicle, VehicleStatus};
use fleet_domain::{pricing, record_event, tenancy, Event, RideId, Scope};

use super::{check_position, not_found, now, ride_state_data, subaccount_scope};
use crate::fare::PlanSnapshot;
use crate::model::{Ride, StartRide};
use crate::state::RideStatus;
use crate::{store, Error};

/// Starts a ride: the customer must be active with no unfinished ride, the vehicle
/// `available` with enough battery, a pricing plan must exist for its type, and the wallet
/// must cover the unlock price (and not be negative). The vehicle becomes `in_use`.
pub async fn start_ride(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    input: StartRide,
) -> Result<Ride, Error> {
    let start = start_point(&input)?;
    conn.transaction(async |conn| {
        let customer = lock_customer(conn, scope, &input).await?;
        let vehicle = lock_vehicle(conn, scope, &input, &customer).await?;
        check_battery(conn, scope, &vehicle).await?;
        let snapshot = plan_snapshot(conn, scope, &vehicle).await?;
        let ride_scope = subaccount_scope(scope, vehicle.subaccount_id);
        check_funds(conn, &ride_scope, &customer, &snapshot).await?;
        let position = start.or(vehicle.latitude.zip(vehicle.longitude));
        record_start(conn, &ride_scope, &customer, &vehicle, &snapshot, position).await
    })
    .await
}

/// Where the ride starts, when the input says: both coordinates or neither.
fn start_point(input: &StartRide) -> Result<Option<(f64, f64)>, Error> {
    match (input.start_latitude, input.start_longitude) {
        (Some(lat), Some(lng)) => {
            check_position("start_latitude", "start_longitude", lat, lng)?;
            Ok(Some((lat, lng)))
        }
        (None, None) => Ok(None),
        (Some(_), None) => Err(Error::invalid(
            "start_longitude",
            "is required with start_latitude",
        )),
        (None, Some(_)) => Err(Error::invalid(
            "start_latitude",
            "is required with start_longitude",
        )),
    }
}

/// The customer, locked: not blocked and without an unfinished ride.
async fn lock_customer(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    input: &StartRide,
) -> Result<Customer, Error> {
    let customer = customers::store::get_for_update(conn, scope, input.customer_id)
        .await
        .map_err(not_found("customer", input.customer_id))?;
    if customer.status == CustomerStatus::Blocked {
        return Err(Error::CustomerBlocked(customer.id));
    }
    if let Some(ride) = store::unfinished_for_customer(conn, scope.tenant_id(), customer.id).await?
    {
        return Err(Error::CustomerInRide {
            customer: customer.id,
            ride,
        });
    }
    Ok(customer)
}

/// The vehicle, locked: in the customer's subaccount and `available`.
async fn lock_vehicle(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    input: &StartRide,
    customer: &Customer,
) -> Result<Vehicle, Error> {
    let vehicle = vehicles::store::lock(conn, scope, input.vehicle_id)
        .await
        .map_err(not_found("vehicle", input.vehicle_id))?;
    if vehicle.subaccount_id != customer.subaccount_id {
        return Err(Error::invalid(
            "vehicle_id",
            "belongs to another subaccount than the customer",
        ));
    }
    if vehicle.status != VehicleStatus::Available {
        return Err(Error::VehicleNotAvailable {
            vehicle: vehicle.id,
            current: vehicle.status,
        });
    }
    Ok(vehicle)
}

/// The subaccount's minimum battery for a start. A vehicle that reports no battery (e.g. a
/// combustion car) is not refused for it.
async fn check_battery(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    vehicle: &Vehicle,
) -> Result<(), Error> {
    let subaccount =
        tenancy::store::subaccounts_by_ids(conn, scope.tenant_id(), &[vehicle.subaccount_id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found("vehicle", vehicle.id))?;
    match vehicle.battery_percent {
        Some(battery) if battery < subaccount.min_start_battery_percent => {
            Err(Error::BatteryTooLow {
                vehicle: vehicle.id,
                battery_percent: battery,
                required_percent: subaccount.min_start_battery_percent,
            })
        }
        _ => Ok(()),
    }
}

/// The prices in force for the vehicle's type, kept with the ride.
async fn plan_snapshot(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    vehicle: &Vehicle,
) -> Result<PlanSnapshot, Error> {
    let plan = pricing::service::plan_for(
        conn,
        scope.tenant_id(),
        vehicle.subaccount_id,
        vehicle.vehicle_type,
    )
    .await?
    .ok_or(Error::NoPricingPlan {
        vehicle_type: vehicle.vehicle_type,
    })?;
    Ok(PlanSnapshot {
        unlock_cents: i64::from(plan.unlock_cents),
        per_minute_cents: i64::from(plan.per_minute_cents),
        pause_per_minute_cents: i64::from(plan.pause_per_minute_cents),
        per_km_cents: i64::from(plan.per_km_cents),
        currency: plan.currency,
    })
}

/// The wallet covers the unlock price and is not negative. It stays locked until commit: a
/// concurrent debit cannot empty it between this check and the start.
async fn check_funds(
    conn: &mut AsyncPgConnection,
    ride_scope: &Scope,
    customer: &Customer,
    snapshot: &PlanSnapshot,
) -> Result<(), Error> {
    let wallet = wallet::service::lock_wallet(conn, ride_scope, customer.id).await?;
    let required = snapshot.unlock_cents.max(0);
    if wallet.balance_cents < required || wallet.balance_cents < 0 {
        return Err(Error::InsufficientFunds {
            balance_cents: wallet.balance_cents,
            required_cents: required,
        });
    }
    Ok(())
}

/// Writes the ride, holds the vehicle (`available` → `in_use`) and records both events.
async fn record_start(
    conn: &mut AsyncPgConnection,
    ride_scope: &Scope,
    customer: &Customer,
    vehicle: &Vehicle,
    snapshot: &PlanSnapshot,
    position: Option<(f64, f64)>,
) -> Result<Ride, Error> {
    let now = now();
    let ride = store::insert(
        conn,
        &store::NewRideRow {
            id: RideId::new(),
            tenant_id: ride_scope.tenant_id(),
            subaccount_id: vehicle.subaccount_id,
            customer_id: customer.id,
            vehicle_id: vehicle.id,
            status: RideStatus::Active,
            started_at: now,
            start_latitude: position.map(|p| p.0),
            start_longitude: position.map(|p| p.1),
            plan: serde_json::to_value(snapshot)
                .map_err(|e| fleet_domain::Error::Internal(e.to_string()))?,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let held = store::move_vehicle(
        conn,
        ride_scope.tenant_id(),
        vehicle.id,
        VehicleStatus::Available,
        VehicleStatus::InUse,
        None,
        now,
    )
    .await?;
    let started = ride_state_data(
        &ride,
        customer.customer_number,
        &vehicle.vehicle_number,
        now,
    );
    record_event(conn, ride_scope, &Event::RideStarted(started)).await?;
    let changed = VehicleStatusChanged::new(&held, VehicleStatus::Available);
    record_event(conn, ride_scope, &Event::VehicleStatusChanged(changed)).await?;
    Ok(ride)
}
