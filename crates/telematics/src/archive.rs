//! Down-sampling of the archive: at most one ping without events per vehicle and time slot.

use std::collections::HashSet;

use time::OffsetDateTime;
use uuid::Uuid;

use fleet_domain::TenantId;

use crate::model::Ping;
use crate::store::{LockedVehicle, WriteSet};

/// Down-sampling: the time slot of a ping (`floor(unix seconds / interval)`).
pub fn slot(ts: OffsetDateTime, interval_s: i64) -> i64 {
    ts.unix_timestamp().div_euclid(interval_s.max(1))
}

/// Chooses the pings to archive (`pings` in time order): every ping with events; of the
/// others at most one per slot. The vehicle row says which slot is taken (`archived_at`, the
/// newest archived ping without events): a ping in a later slot is archived, the first of
/// each such slot; one in the taken slot is dropped here; one in an earlier slot (late) is
/// sent with its slot's bounds, and the write archives it only if the slot has no ping
/// without events yet. Returns the newest ping archived into a later slot, if any (the
/// vehicle's new `archived_at`).
pub(crate) fn archive(
    w: &mut WriteSet,
    tenant: TenantId,
    v: &LockedVehicle,
    pings: &[&Ping],
    interval: i64,
) -> Option<OffsetDateTime> {
    let taken = v.archived_at.map(|t| slot(t, interval));
    let mut newest = None;
    let mut seen = HashSet::new();
    for p in pings {
        let mut probe = None;
        if p.events.is_empty() {
            let slot = slot(p.ts, interval);
            match taken {
                Some(t) if slot == t => continue,
                Some(t) if slot < t => match slot_bounds(slot, interval) {
                    Some(bounds) => probe = Some(bounds),
                    None => continue,
                },
                _ => {}
            }
            if !seen.insert(slot) {
                continue;
            }
            if probe.is_none() {
                newest = Some(p.ts);
            }
        }
        w.a_id.push(Uuid::now_v7());
        w.a_tenant.push(tenant.0);
        w.a_subaccount.push(v.subaccount_id);
        w.a_vehicle.push(v.id);
        w.a_ts.push(p.ts);
        w.a_lat.push(p.lat);
        w.a_lng.push(p.lng);
        w.a_speed.push(p.speed_kph);
        w.a_heading.push(p.heading_deg);
        w.a_ignition.push(p.ignition);
        w.a_accuracy.push(p.accuracy_m);
        w.a_battery.push(p.battery_percent);
        w.a_events
            .push((!p.events.is_empty()).then(|| p.events.join(",")));
        w.a_probe_from.push(probe.map(|b| b.0));
        w.a_probe_to.push(probe.map(|b| b.1));
    }
    newest
}

/// A slot's `[start, end)`.
fn slot_bounds(slot: i64, interval_s: i64) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let start = OffsetDateTime::from_unix_timestamp(slot.checked_mul(interval_s)?).ok()?;
    let end = start.checked_add(time::Duration::seconds(interval_s))?;
    Some((start, end))
}
