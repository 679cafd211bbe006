//! Ending a ride: one transaction that locks the ride, checks the geofence, prices the ride
//! with the plan snapshot taken at its start, settles it through the wallet, releases the
//! vehicle and records `ride.ended` and `vehicle.status_changed`.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::OffsetDateTime;

use fleet_domain::events::{PaymentStatus, RideEnded, RidePricing, VehicleStatusChanged};
use fleet_domain::vehicles::{self, Vehicle, VehicleStatus};
use fleet_domain::zones::{self, ZoneType};
use fleet_domain::{record_event, Event, RideId, Scope};

use super::{
    check_position, current_pause_seconds, lock_for, not_found, now, numbers, subaccount_scope,
};
use crate::fare::{self, FareInput};
use crate::model::{EndRide, Ride};
use crate::state::RideAction;
use crate::{store, EndRefusal, Error};

/// Largest discount an end may ask for (the fare caps it anyway).
pub const MAX_DISCOUNT_CENTS: i64 = 10_000_000;

/// Ends a ride at a point: checks the geofence, prices it with the plan snapshot taken at
/// its start (distance from its telematics track when there is one, else the great-circle
/// distance start → end), debits the fare from the wallet (`paid`, or `pending` when the
/// wallet is left negative) and releases the vehicle (`available`, at the end point) — all
/// in one transaction.
pub async fn end_ride(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: RideId,
    input: EndRide,
) -> Result<Ride, Error> {
    check_input(&input)?;
    conn.transaction(async |conn| {
        let ride = lock_for(conn, scope, id, RideAction::End).await?;
        let ride_scope = subaccount_scope(scope, ride.subaccount_id);
        let at = (input.end_latitude, input.end_longitude);
        check_end_point(conn, &ride_scope, at.0, at.1).await?;
        let now = now();
        let mut bill = price(conn, &ride, at, input.discount_cents, now).await?;
        let settlement = wallet::service::ride_charge(
            conn,
            &ride_scope,
            ride.customer_id,
            bill.pricing.total_cents,
            ride.id,
        )
        .await?;
        if settlement.covered {
            bill.payment_status = PaymentStatus::Paid;
        }
        let ended = store::end(conn, ride.id, &bill.ending(at)).await?;
        let released = store::move_vehicle(
            conn,
            ride.tenant_id,
            ride.vehicle_id,
            VehicleStatus::InUse,
            VehicleStatus::Available,
            Some(at),
            now,
        )
        .await
        .map_err(not_found("vehicle", ride.vehicle_id))?;
        record_end(conn, &ride_scope, &ended, &bill, &released).await?;
        Ok(ended)
    })
    .await
}

/// The end point is a position; the discount within bounds.
fn check_input(input: &EndRide) -> Result<(), Error> {
    check_position(
        "end_latitude",
        "end_longitude",
        input.end_latitude,
        input.end_longitude,
    )?;
    if !(0..=MAX_DISCOUNT_CENTS).contains(&input.discount_cents) {
        return Err(Error::invalid(
            "discount_cents",
            format!("must be between 0 and {MAX_DISCOUNT_CENTS}"),
        ));
    }
    Ok(())
}

/// May the ride end at this point? Inside an operating area of its subaccount (when the
/// subaccount has any) and outside every no-parking zone.
async fn check_end_point(
    conn: &mut AsyncPgConnection,
    ride_scope: &Scope,
    lat: f64,
    lng: f64,
) -> Result<(), Error> {
    let containing = zones::service::zones_containing(conn, ride_scope, lat, lng).await?;
    if let Some(zone) = containing
        .iter()
        .find(|z| z.zone_type == ZoneType::NoParking)
    {
        return Err(Error::EndNotAllowed {
            reason: EndRefusal::NoParkingZone,
            zone_id: Some(zone.id.to_string()),
        });
    }
    let areas = zones::store::count(conn, ride_scope, Some(ZoneType::OperatingArea)).await?;
    if areas > 0
        && !containing
            .iter()
            .any(|z| z.zone_type == ZoneType::OperatingArea)
    {
        return Err(Error::EndNotAllowed {
            reason: EndRefusal::OutsideOperatingArea,
            zone_id: None,
        });
    }
    Ok(())
}

/// What a ride costs and the time and distance it is priced on.
struct Bill {
    ended_at: OffsetDateTime,
    paused_seconds: i64,
    riding_seconds: i64,
    total_seconds: i64,
    distance_m: i64,
    pricing: RidePricing,
    /// `paid`, or `pending` when the wallet is left negative; known after the charge.
    payment_status: PaymentStatus,
}

impl Bill {
    fn ending(&self, at: (f64, f64)) -> store::Ending {
        store::Ending {
            ended_at: self.ended_at,
            end_latitude: at.0,
            end_longitude: at.1,
            paused_seconds: self.paused_seconds,
            riding_seconds: self.riding_seconds,
            duration_minutes: i32::try_from(fare::whole_minutes_up(self.total_seconds))
                .unwrap_or(i32::MAX),
            distance_m: self.distance_m,
            pricing: self.pricing,
            payment_status: self.payment_status,
        }
    }
}

/// Prices the ride ending at `at` now with its plan snapshot: the distance from its
/// telematics track when there is one, else the great-circle distance start → end.
async fn price(
    conn: &mut AsyncPgConnection,
    ride: &Ride,
    at: (f64, f64),
    discount_cents: i64,
    now: OffsetDateTime,
) -> Result<Bill, Error> {
    let plan = ride
        .plan()
        .ok_or_else(|| fleet_domain::Error::Internal(format!("ride {} plan", ride.id)))?;
    let total_seconds = fare::ride_second(ride.started_at, now);
    let paused_seconds =
        (ride.paused_seconds + current_pause_seconds(ride, now)).min(total_seconds);
    let riding_seconds = total_seconds - paused_seconds;
    let tracked =
        telematics::track_length_m(conn, ride.tenant_id, ride.vehicle_id, ride.started_at, now)
            .await?;
    let distance = match tracked {
        Some(m) => m,
        None => match (ride.start_latitude, ride.start_longitude) {
            (Some(a), Some(b)) => vehicles::nearby::haversine_m(a, b, at.0, at.1),
            _ => 0.0,
        },
    };
    let distance_m = distance.round() as i64;
    let pricing = fare::calculate(
        &plan,
        FareInput {
            riding_seconds,
            paused_seconds,
            distance_m,
            discount_cents,
        },
    );
    Ok(Bill {
        ended_at: now,
        paused_seconds,
        riding_seconds,
        total_seconds,
        distance_m,
        pricing,
        payment_status: PaymentStatus::Pending,
    })
}

/// Records `ride.ended` and `vehicle.status_changed` (`in_use` → `available`).
async fn record_end(
    conn: &mut AsyncPgConnection,
    ride_scope: &Scope,
    ended: &Ride,
    bill: &Bill,
    released: &Vehicle,
) -> Result<(), Error> {
    let (customer_number, _) = numbers(conn, ended).await?;
    let event = RideEnded {
        ride_id: ended.id,
        customer_id: ended.customer_id,
        customer_number,
        vehicle_id: ended.vehicle_id,
        vehicle_number: released.vehicle_number.clone(),
        start_time: ended.started_at,
        end_time: bill.ended_at,
        duration_minutes: ended.duration_minutes.unwrap_or(0),
        distance_km: crate::model::distance_km(bill.distance_m),
        pricing: bill.pricing,
        payment_status: bill.payment_status,
        subaccount_id: ended.subaccount_id,
    };
    record_event(conn, ride_scope, &Event::RideEnded(event)).await?;
    let changed = VehicleStatusChanged::new(released, VehicleStatus::InUse);
    record_event(conn, ride_scope, &Event::VehicleStatusChanged(changed)).await?;
    Ok(())
}
