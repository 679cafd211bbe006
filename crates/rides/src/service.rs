//! Starting, pausing, resuming and ending rides (SPEC §8). Each operation is one
//! transaction that locks what it decides on — customer, then vehicle, then wallet at a
//! start; the ride at a pause, resume or end — so concurrent requests have exactly one
//! winner, and writes the ride's and the vehicle's events in the same transaction.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::OffsetDateTime;

use fleet_domain::customers::{self, CustomerId, CustomerStatus};
use fleet_domain::events::{PaymentStatus, RideEnded, RideStateChanged, VehicleStatusChanged};
use fleet_domain::pagination::{Listing, Window};
use fleet_domain::vehicles::{self, Vehicle, VehicleId, VehicleStatus};
use fleet_domain::zones::{self, ZoneType};
use fleet_domain::{pricing, record_event, tenancy, Event, RideId, Scope};

use crate::fare::{self, FareInput, PlanSnapshot};
use crate::model::{EndRide, ParsedRideFilter, Ride, RideFilter, StartRide};
use crate::state::{transition, RideAction, RideStatus};
use crate::{store, EndRefusal, Error};

/// The current instant at the database's precision (microseconds), so what events carry
/// equals what the ride row stores.
fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .unwrap_or(t)
}

/// Largest discount an end may ask for (the fare caps it anyway).
pub const MAX_DISCOUNT_CENTS: i64 = 10_000_000;

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

/// Starts a ride: the customer must be active with no unfinished ride, the vehicle
/// `available` with enough battery, a pricing plan must exist for its type, and the wallet
/// must cover the unlock price (and not be negative). The vehicle becomes `in_use`.
pub async fn start_ride(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    input: StartRide,
) -> Result<Ride, Error> {
    let start = match (input.start_latitude, input.start_longitude) {
        (Some(lat), Some(lng)) => {
            check_position("start_latitude", "start_longitude", lat, lng)?;
            Some((lat, lng))
        }
        (None, None) => None,
        (Some(_), None) => {
            return Err(Error::invalid(
                "start_longitude",
                "is required with start_latitude",
            ))
        }
        (None, Some(_)) => {
            return Err(Error::invalid(
                "start_latitude",
                "is required with start_longitude",
            ))
        }
    };
    conn.transaction(async |conn| {
        let customer = customers::store::get_for_update(conn, scope, input.customer_id)
            .await
            .map_err(not_found("customer", input.customer_id))?;
        if customer.status == CustomerStatus::Blocked {
            return Err(Error::CustomerBlocked(customer.id));
        }
        if let Some(ride) =
            store::unfinished_for_customer(conn, scope.tenant_id(), customer.id).await?
        {
            return Err(Error::CustomerInRide {
                customer: customer.id,
                ride,
            });
        }
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
        let subaccount =
            tenancy::store::subaccounts_by_ids(conn, scope.tenant_id(), &[vehicle.subaccount_id])
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| Error::not_found("vehicle", vehicle.id))?;
        // A vehicle that reports no battery (e.g. a combustion car) is not refused for it.
        if let Some(battery) = vehicle.battery_percent {
            if battery < subaccount.min_start_battery_percent {
                return Err(Error::BatteryTooLow {
                    vehicle: vehicle.id,
                    battery_percent: battery,
                    required_percent: subaccount.min_start_battery_percent,
                });
            }
        }
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
        let snapshot = PlanSnapshot {
            unlock_cents: i64::from(plan.unlock_cents),
            per_minute_cents: i64::from(plan.per_minute_cents),
            pause_per_minute_cents: i64::from(plan.pause_per_minute_cents),
            per_km_cents: i64::from(plan.per_km_cents),
            currency: plan.currency.clone(),
        };
        let ride_scope = subaccount_scope(scope, vehicle.subaccount_id);
        // Locked until commit: a concurrent debit cannot empty the wallet between this check
        // and the start.
        let wallet = wallet::service::lock_wallet(conn, &ride_scope, customer.id).await?;
        let required = snapshot.unlock_cents.max(0);
        if wallet.balance_cents < required || wallet.balance_cents < 0 {
            return Err(Error::InsufficientFunds {
                balance_cents: wallet.balance_cents,
                required_cents: required,
            });
        }
        let now = now();
        let position = start.or(vehicle.latitude.zip(vehicle.longitude));
        let ride = store::insert(
            conn,
            &store::NewRideRow {
                id: RideId::new(),
                tenant_id: scope.tenant_id(),
                subaccount_id: vehicle.subaccount_id,
                customer_id: customer.id,
                vehicle_id: vehicle.id,
                status: RideStatus::Active,
                started_at: now,
                start_latitude: position.map(|p| p.0),
                start_longitude: position.map(|p| p.1),
                plan: serde_json::to_value(&snapshot)
                    .map_err(|e| fleet_domain::Error::Internal(e.to_string()))?,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        let held = store::move_vehicle(
            conn,
            scope.tenant_id(),
            vehicle.id,
            VehicleStatus::Available,
            VehicleStatus::InUse,
            None,
            now,
        )
        .await?;
        record_event(
            conn,
            &ride_scope,
            &Event::RideStarted(ride_state_data(
                &ride,
                customer.customer_number,
                &vehicle.vehicle_number,
                now,
            )),
        )
        .await?;
        record_event(
            conn,
            &ride_scope,
            &Event::VehicleStatusChanged(VehicleStatusChanged::new(
                &held,
                VehicleStatus::Available,
            )),
        )
        .await?;
        Ok(ride)
    })
    .await
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
    conn.transaction(async |conn| {
        let ride = lock_for(conn, scope, id, RideAction::End).await?;
        let ride_scope = subaccount_scope(scope, ride.subaccount_id);
        let (lat, lng) = (input.end_latitude, input.end_longitude);
        check_end_point(conn, &ride_scope, lat, lng).await?;
        let plan = ride
            .plan()
            .ok_or_else(|| fleet_domain::Error::Internal(format!("ride {} plan", ride.id)))?;
        let now = now();
        let total_seconds = fare::ride_second(ride.started_at, now);
        let paused_seconds =
            (ride.paused_seconds + current_pause_seconds(&ride, now)).min(total_seconds);
        let riding_seconds = total_seconds - paused_seconds;
        let tracked =
            telematics::track_length_m(conn, ride.tenant_id, ride.vehicle_id, ride.started_at, now)
                .await?;
        let distance = match tracked {
            Some(m) => m,
            None => match (ride.start_latitude, ride.start_longitude) {
                (Some(a), Some(b)) => vehicles::nearby::haversine_m(a, b, lat, lng),
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
                discount_cents: input.discount_cents,
            },
        );
        let settlement = wallet::service::ride_charge(
            conn,
            &ride_scope,
            ride.customer_id,
            pricing.total_cents,
            ride.id.0,
        )
        .await?;
        let payment_status = if settlement.covered {
            PaymentStatus::Paid
        } else {
            PaymentStatus::Pending
        };
        let ended = store::end(
            conn,
            ride.id,
            &store::Ending {
                ended_at: now,
                end_latitude: lat,
                end_longitude: lng,
                paused_seconds,
                riding_seconds,
                duration_minutes: i32::try_from(fare::whole_minutes_up(total_seconds))
                    .unwrap_or(i32::MAX),
                distance_m,
                pricing,
                payment_status,
            },
        )
        .await?;
        let released = store::move_vehicle(
            conn,
            ride.tenant_id,
            ride.vehicle_id,
            VehicleStatus::InUse,
            VehicleStatus::Available,
            Some((lat, lng)),
            now,
        )
        .await
        .map_err(not_found("vehicle", ride.vehicle_id))?;
        let (customer_number, _) = numbers(conn, &ended).await?;
        record_event(
            conn,
            &ride_scope,
            &Event::RideEnded(RideEnded {
                ride_id: ended.id,
                customer_id: ended.customer_id,
                customer_number,
                vehicle_id: ended.vehicle_id,
                vehicle_number: released.vehicle_number.clone(),
                start_time: ended.started_at,
                end_time: now,
                duration_minutes: ended.duration_minutes.unwrap_or(0),
                distance_km: crate::model::distance_km(distance_m),
                pricing,
                payment_status,
                subaccount_id: ended.subaccount_id,
            }),
        )
        .await?;
        record_event(
            conn,
            &ride_scope,
            &Event::VehicleStatusChanged(VehicleStatusChanged::new(
                &released,
                VehicleStatus::InUse,
            )),
        )
        .await?;
        Ok(ended)
    })
    .await
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

fn parse_time(field: &'static str, raw: &str) -> Result<OffsetDateTime, Error> {
    envelope::parse_rfc3339(raw).ok_or_else(|| Error::invalid(field, envelope::RFC3339_MESSAGE))
}

fn parse_filter(f: &RideFilter) -> Result<ParsedRideFilter, Error> {
    let status = f
        .status
        .as_deref()
        .map(|s| {
            s.parse::<RideStatus>()
                .map_err(|m| Error::invalid("status", m))
        })
        .transpose()?;
    let customer_id = f
        .customer_id
        .as_deref()
        .map(|s| {
            s.parse::<CustomerId>()
                .map_err(|_| Error::invalid("customer_id", "must be a UUID"))
        })
        .transpose()?;
    let vehicle_id = f
        .vehicle_id
        .as_deref()
        .map(|s| {
            s.parse::<VehicleId>()
                .map_err(|_| Error::invalid("vehicle_id", "must be a UUID"))
        })
        .transpose()?;
    let started_after = f
        .started_after
        .as_deref()
        .map(|s| parse_time("started_after", s))
        .transpose()?;
    let started_before = f
        .started_before
        .as_deref()
        .map(|s| parse_time("started_before", s))
        .transpose()?;
    Ok(ParsedRideFilter {
        status,
        customer_id,
        vehicle_id,
        started_after,
        started_before,
    })
}

/// The rides in scope matching `filter`, oldest first (page or cursor mode).
pub async fn list_rides(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &RideFilter,
    window: Window,
) -> Result<Listing<Ride>, Error> {
    let filter = parse_filter(filter)?;
    let (limit, offset) = window.limit_offset();
    Ok(match window {
        Window::Page { page, limit: n } => {
            let rows = store::window(conn, scope, &filter, None, limit, offset).await?;
            let total = store::count(conn, scope, &filter).await?;
            Listing::from_page(rows, page, n, total)
        }
        Window::Cursor { after, limit: n } => {
            let rows = store::window(conn, scope, &filter, after.as_ref(), limit, 0).await?;
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

    #[test]
    fn filters_name_their_field() {
        let bad = [
            (
                RideFilter {
                    status: Some("done".into()),
                    ..Default::default()
                },
                "status",
            ),
            (
                RideFilter {
                    customer_id: Some("x".into()),
                    ..Default::default()
                },
                "customer_id",
            ),
            (
                RideFilter {
                    vehicle_id: Some("x".into()),
                    ..Default::default()
                },
                "vehicle_id",
            ),
            (
                RideFilter {
                    started_after: Some("yesterday".into()),
                    ..Default::default()
                },
                "started_after",
            ),
            (
                RideFilter {
                    started_before: Some("2025-13-01T00:00:00Z".into()),
                    ..Default::default()
                },
                "started_before",
            ),
        ];
        for (filter, field) in bad {
            match parse_filter(&filter) {
                Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        assert!(parse_filter(&RideFilter {
            status: Some("paused".into()),
            started_after: Some("2025-01-15T10:00:00Z".into()),
            ..Default::default()
        })
        .is_ok());
    }
}
