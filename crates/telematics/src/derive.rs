//! Events derived from a vehicle's new pings: `vehicle.battery_low` with hysteresis and
//! `vehicle.location_updated` per configured distance.

use fleet_domain::events::{Event, EventId, VehicleBatteryLow, VehicleLocationUpdated};
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Error as DomainError, SubaccountId, TenantId};

use crate::model::{distance_m, Ping};
use crate::service::Settings;
use crate::store::{LockedVehicle, WriteSet};
use crate::Error;

/// Battery hysteresis: after `vehicle.battery_low` the event is re-armed only once the
/// battery is above threshold + this.
pub const BATTERY_REARM_MARGIN: i32 = 5;

/// Derived events from the pings newer than the vehicle's last position, in time order:
/// `vehicle.battery_low` with hysteresis, `vehicle.location_updated` per configured distance.
/// Returns the state to store with the new last position: armed, reference position.
pub(crate) fn derive(
    w: &mut WriteSet,
    settings: &Settings,
    tenant: TenantId,
    v: &LockedVehicle,
    pings: &[&Ping],
) -> Result<(bool, Option<(f64, f64)>), Error> {
    let has_state = v.battery_low_armed.is_some();
    let mut armed = v.battery_low_armed.unwrap_or(true);
    // Without state yet (no batch has derived for this vehicle) the reference is the
    // vehicle's stored position; it is stored with the new last position (returned below).
    let mut reference = match (v.event_latitude, v.event_longitude, has_state) {
        (Some(lat), Some(lng), _) => Some((lat, lng)),
        (_, _, true) => None,
        (_, _, false) => v.latitude.zip(v.longitude),
    };
    let threshold = v.battery_low_threshold_percent;
    let newer = pings
        .iter()
        .filter(|p| v.last_seen_at.is_none_or(|seen| p.ts > seen));
    for p in newer {
        if let Some(b) = p.battery_percent.map(i32::from) {
            if armed && b < threshold {
                armed = false;
                push_event(
                    w,
                    tenant,
                    Event::VehicleBatteryLow(VehicleBatteryLow {
                        vehicle_id: VehicleId(v.id),
                        vehicle_number: v.vehicle_number.clone(),
                        subaccount_id: SubaccountId(v.subaccount_id),
                        battery_percent: b,
                        threshold_percent: threshold,
                        latitude: p.lat,
                        longitude: p.lng,
                        metadata: v.metadata.clone(),
                        recorded_at: p.ts,
                    }),
                )?;
            } else if !armed && b > threshold + BATTERY_REARM_MARGIN {
                armed = true;
            }
        }
        let moved = reference.map(|(lat, lng)| distance_m(lat, lng, p.lat, p.lng));
        if moved.is_none_or(|d| d >= settings.location_min_distance_m) {
            push_event(
                w,
                tenant,
                Event::VehicleLocationUpdated(VehicleLocationUpdated {
                    vehicle_id: VehicleId(v.id),
                    vehicle_number: v.vehicle_number.clone(),
                    subaccount_id: SubaccountId(v.subaccount_id),
                    latitude: p.lat,
                    longitude: p.lng,
                    previous_latitude: reference.map(|r| r.0),
                    previous_longitude: reference.map(|r| r.1),
                    distance_m: moved.map(|d| (d * 10.0).round() / 10.0),
                    speed_kph: p.speed_kph.map(f64::from),
                    heading_deg: p.heading_deg.map(f64::from),
                    battery_percent: p.battery_percent.map(i32::from),
                    metadata: v.metadata.clone(),
                    recorded_at: p.ts,
                }),
            )?;
            reference = Some((p.lat, p.lng));
        }
    }
    Ok((armed, reference))
}

fn push_event(w: &mut WriteSet, tenant: TenantId, event: Event) -> Result<(), Error> {
    let data = event
        .data()
        .map_err(|e| DomainError::Internal(format!("event data: {e}")))?;
    w.e_id.push(EventId::new().0);
    w.e_tenant.push(tenant.0);
    w.e_subaccount.push(event.subaccount_id().0);
    w.e_type.push(event.event_type().as_str().to_owned());
    w.e_data.push(data);
    Ok(())
}
