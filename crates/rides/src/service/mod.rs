//! Starting, pausing, resuming and ending rides (SPEC §8). Each operation is one
//! transaction that locks what it decides on — customer, then vehicle, then wallet at a
//! start; the ride at a pause, resume or end — so concurrent requests have exactly one
//! winner, and writes the ride's and the vehicle's events in the same transaction.
//! A start is in [`start`], an end in [`end`]; pause, resume, reads and the steps they share
//! are here.

mod end;
mod start;

pub use end::{end_ride, MAX_DISCOUNT_CENTS};
pub use start::start_ride;

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::OffsetDateTime;

use fleet_domain::customers;
use fleet_domain::events::RideStateChanged;
use fleet_domain::pagination::{Listing, Window};
use fleet_domain::vehicles::{self, Vehicle};
use fleet_domain::{record_event, Event, RideId, Scope};

use crate::fare;
use crate::model::{Ride, RideFilter};
use crate::state::{transition, RideAction};
use crate::{store, Error};

/// The current instant at the database's precision (microseconds), so what events carry
/// equals what the ride row stores.
fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .unwrap_or(t)
}

fn check_position(
    lat_field: &'static str,
    lng_field: &'static str,
    lat: f64,
    lng: f64,
) -> Result<(), Error> {
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return Err(Error::invalid(lat_field, "must be between -90 and 90"));
    }
    if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
        return Err(Error::invalid(lng_field, "must be between -180 and 180"));
    }
    Ok(())
}

/// The scope of one subaccount of the same tenant (for the wallet, zones and events of a
/// ride, which all live in the ride's subaccount).
fn subaccount_scope(scope: &Scope, ride_subaccount: fleet_domain::SubaccountId) -> Scope {
    Scope::new(scope.tenant_id(), vec![ride_subaccount])
}

fn ride_state_data(
    ride: &Ride,
    customer_number: i64,
    vehicle_number: &str,
    at: OffsetDateTime,
) -> RideStateChanged {
    RideStateChanged {
        ride_id: ride.id,
        customer_id: ride.customer_id,
        customer_number,
        vehicle_id: ride.vehicle_id,
        vehicle_number: vehicle_number.to_owned(),
        status: ride.status.as_str().to_owned(),
        start_time: ride.started_at,
        changed_at: at,
        subaccount_id: ride.subaccount_id,
    }
}

fn not_found(
    resource: &'static str,
    id: impl ToString,
) -> impl FnOnce(diesel::result::Error) -> Error {
    move |e| match e {
        diesel::result::Error::NotFound => Error::not_found(resource, id),
        other => Error::Database(other),
    }
}

/// The customer number and vehicle number events carry.
async fn numbers(conn: &mut AsyncPgConnection, ride: &Ride) -> Result<(i64, Vehicle), Error> {
    let scope = Scope::new(ride.tenant_id, vec![ride.subaccount_id]);
    let customer = customers::store::get(conn, &scope, ride.customer_id)
        .await
        .map_err(not_found("customer", ride.customer_id))?;
    let vehicle = vehicles::store::get(conn, &scope, ride.vehicle_id)
        .await
        .map_err(not_found("vehicle", ride.vehicle_id))?;
    Ok((customer.customer_number, vehicle))
}

/// Locks the ride and checks that `action` is allowed in its state.
async fn lock_for(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: RideId,
    action: RideAction,
) -> Result<Ride, Error> {
    let ride = store::lock(conn, scope, id)
        .await
        .map_err(not_found("ride", id))?;
    transition(ride.status, action).map_err(|transition| Error::Transition {
        ride: ride.id,
        transition,
    })?;
    Ok(ride)
}

/// Pauses an active ride (the paused time is priced at `pause_per_minute_cents`).
pub async fn pause_ride(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: RideId,
) -> Result<Ride, Error> {
    pause_or_resume(conn, scope, id, RideAction::Pause).await
}

/// Resumes a paused ride.
pub async fn resume_ride(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: RideId,
) -> Result<Ride, Error> {
    pause_or_resume(conn, scope, id, RideAction::Resume).await
}

/// One transaction: lock the ride, check the transition, apply it (a resume adds the
/// finished pause to `paused_seconds`) and record `ride.paused` / `ride.resumed`.
async fn pause_or_resume(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: RideId,
    action: RideAction,
) -> Result<Ride, Error> {
    conn.transaction(async |conn| {
        let ride = lock_for(conn, scope, id, action).await?;
        let now = now();
        let pausing = action == RideAction::Pause;
        let ride = if pausing {
            store::pause(conn, ride.id, now).await?
        } else {
            let paused = ride.paused_seconds + current_pause_seconds(&ride, now);
            store::resume(conn, ride.id, paused, now).await?
        };
        let (customer_number, vehicle) = numbers(conn, &ride).await?;
        let data = ride_state_data(&ride, customer_number, &vehicle.vehicle_number, now);
        let event = if pausing {
            Event::RidePaused(data)
        } else {
            Event::RideResumed(data)
        };
        record_event(conn, &subaccount_scope(scope, ride.subaccount_id), &event).await?;
        Ok(ride)
    })
    .await
}

/// Paused seconds of the pause in progress on the ride's whole-second clock (0 when the
/// ride is not paused): see [`fare::ride_second`].
fn current_pause_seconds(ride: &Ride, now: OffsetDateTime) -> i64 {
    ride.paused_at
        .map(|p| fare::pause_seconds(ride.started_at, p, now))
        .unwrap_or(0)
}

pub async fn get_ride(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: RideId,
) -> Result<Ride, Error> {
    store::get(conn, scope, id)
        .await
        .map_err(not_found("ride", id))
}

/// The rides in scope matching `filter`, oldest first (page or cursor mode).
pub async fn list_rides(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &RideFilter,
    window: Window,
) -> Result<Listing<Ride>, Error> {
    let (limit, offset) = window.limit_offset();
    Ok(match window {
        // Rows and total from one snapshot.
        Window::Page { page, limit: n } => {
            db::read_snapshot(conn)
                .run(async |conn| {
                    let rows = store::window(conn, scope, filter, None, limit, offset).await?;
                    let total = store::count(conn, scope, filter).await?;
                    Ok::<_, Error>(Listing::from_page(rows, page, n, total))
                })
                .await?
        }
        Window::Cursor { after, limit: n } => {
            let rows = store::window(conn, scope, filter, after.as_ref(), limit, 0).await?;
            Listing::from_cursor_rows(rows, n, |r| (r.created_at, r.id.0))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_up_to_whole_seconds() {
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let second = |d: time::Duration| fare::ride_second(t0, t0 + d);
        assert_eq!(second(time::Duration::ZERO), 0);
        assert_eq!(second(time::Duration::milliseconds(1)), 1);
        assert_eq!(second(time::Duration::seconds(60)), 60);
        assert_eq!(second(time::Duration::milliseconds(60_001)), 61);
        assert_eq!(second(time::Duration::seconds(-5)), 0);
    }
}
