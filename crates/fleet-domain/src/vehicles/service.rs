//! Vehicle rules (field checks in [`super::validate`]): generated numbers, status transitions with their events in the
//! same transaction, scoped lists (including the zone filter) and the nearby search.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use envelope::PageRequest;
use time::OffsetDateTime;

use super::nearby::NearbyQuery;
use super::store::{self, ListFilter, VehicleChangeset, VehicleDetails};
use super::validate::{validated_changes, validated_row};
use super::{
    NearbyParams, NearbyVehicle, NewVehicle, Vehicle, VehicleChanges, VehicleFilter, VehicleId,
    VehicleStatus,
};
use crate::events::{record_event, Event, VehicleStatusChanged};
use crate::sequences::{self, Sequence};
use crate::zones::{self, ZoneId};
use crate::{metadata, Error, Listing, Scope, SubaccountId, Window};

/// How many taken numbers a generated `vehicle_number` skips before giving up.
const MAX_NUMBER_SKIPS: usize = 1_000;
/// Rows per round trip when the zone filter walks candidates in cursor mode.
const ZONE_BATCH: i64 = 500;

/// The vehicle number generated from counter value `n`: `V001`, …, `V999`, `V1000`, …
pub fn generated_number(n: i64) -> String {
    format!("V{n:03}")
}

/// `scope` narrowed by a `subaccount_id` list filter. A subaccount outside the scope (or of
/// another tenant) simply matches nothing: its existence is not revealed.
pub fn narrow_by_filter(scope: &Scope, raw: Option<&str>) -> Result<Scope, Error> {
    let Some(raw) = raw else {
        return Ok(scope.clone());
    };
    let id: SubaccountId = raw
        .trim()
        .parse()
        .map_err(|_| Error::invalid("subaccount_id", "must be a subaccount id (UUID)"))?;
    Ok(scope
        .narrowed_to(id)
        .unwrap_or_else(|_| Scope::new(scope.tenant_id(), Vec::new())))
}

/// Is this the unique index on tracker ids?
fn is_device_conflict(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        ) if info.constraint_name() == Some(DEVICE_ID_INDEX)
    )
}

/// A unique violation on insert or update: the tracker id or the vehicle number is taken.
fn duplicate(e: diesel::result::Error) -> Error {
    if is_device_conflict(&e) {
        Error::Duplicate("a vehicle with this device_id")
    } else {
        duplicate_number(e)
    }
}

/// The unique index on `(tenant_id, device_id)`.
const DEVICE_ID_INDEX: &str = "vehicles_tenant_device_key";

fn duplicate_number(e: diesel::result::Error) -> Error {
    if db::is_unique_violation(&e) {
        Error::Duplicate("a vehicle with this vehicle_number")
    } else {
        e.into()
    }
}

/// Creates a vehicle (status `available`). Without `vehicle_number` the tenant's counter
/// gives the next free `V…` number (numbers taken by explicit creates are skipped).
pub async fn create_vehicle(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewVehicle,
) -> Result<Vehicle, Error> {
    let generate = new.vehicle_number.is_none();
    let mut row = validated_row(scope, new)?;
    conn.transaction(async |conn| {
        if !generate {
            if store::number_taken(conn, scope.tenant_id(), &row.vehicle_number).await? {
                return Err(Error::Duplicate("a vehicle with this vehicle_number"));
            }
            return store::insert(conn, &row).await.map_err(duplicate);
        }
        // The counter row stays locked until commit, so concurrent generated creates of one
        // tenant take turns and never pick the same number. Numbers taken by explicit creates
        // are skipped; one taken concurrently by an explicit create between the check and the
        // insert makes the insert (in a savepoint) fail, and the next number is tried.
        for _ in 0..MAX_NUMBER_SKIPS {
            let n = sequences::next(conn, scope.tenant_id(), Sequence::VehicleNumber).await?;
            row.vehicle_number = generated_number(n);
            if store::number_taken(conn, scope.tenant_id(), &row.vehicle_number).await? {
                continue;
            }
            let attempt = conn
                .transaction(async |conn| store::insert(conn, &row).await)
                .await;
            match attempt {
                Ok(vehicle) => return Ok(vehicle),
                Err(e) if db::is_unique_violation(&e) && !is_device_conflict(&e) => continue,
                Err(e) => return Err(duplicate(e)),
            }
        }
        Err(Error::Internal(
            "no free generated vehicle number".to_owned(),
        ))
    })
    .await
}

pub async fn get_vehicle(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: VehicleId,
) -> Result<Vehicle, Error> {
    store::get(conn, scope, id)
        .await
        .map_err(Error::or_not_found("vehicle", id))
}

/// The vehicle list: filters `status`, `type`, `subaccount_id`, `zone_id`; page or cursor.
///
/// Without `zone_id` it is one indexed query (plus a count in page mode). With `zone_id`
/// (the zone must be in scope, else 404 `zone_id`): the zone's bounding box is added to the
/// SQL filters, the candidates (id, sort key, position only) are read in `(created_at, id)`
/// order and tested against the exact geometry with `geo`; then the window is cut from the
/// matches and only its rows are loaded in full. Page mode tests every candidate in the box
/// (the total needs them all); cursor mode reads candidates after the cursor in batches of
/// 500 until `limit + 1` matches are found.
pub async fn list_vehicles(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &VehicleFilter,
    page: &PageRequest,
) -> Result<Listing<Vehicle>, Error> {
    let caller = scope;
    let scope = narrow_by_filter(caller, filter.subaccount_id.as_deref())?;
    let typed = ListFilter {
        status: filter.status,
        vehicle_type: filter.vehicle_type,
        bbox: None,
    };
    let window = Window::from_request(page)?;
    let zone_id = match filter.zone_id.as_deref() {
        None => None,
        Some(raw) => Some(
            raw.trim()
                .parse::<ZoneId>()
                .map_err(|_| Error::invalid("zone_id", "must be a zone id (UUID)"))?,
        ),
    };
    // Several reads (rows and count, or the zone and its candidates) share one snapshot.
    if zone_id.is_some() || matches!(window, Window::Page { .. }) {
        db::read_snapshot(conn)
            .run(async |conn| list_in(conn, caller, &scope, typed, window, zone_id).await)
            .await
    } else {
        list_in(conn, caller, &scope, typed, window, zone_id).await
    }
}

/// [`list_vehicles`] once its input is parsed.
async fn list_in(
    conn: &mut AsyncPgConnection,
    caller: &Scope,
    scope: &Scope,
    mut typed: ListFilter,
    window: Window,
    zone_id: Option<ZoneId>,
) -> Result<Listing<Vehicle>, Error> {
    let zone = match zone_id {
        None => None,
        // The zone is looked up in the caller's whole scope, not the one narrowed by
        // `subaccount_id`: the filters combine, they do not hide the zone.
        Some(id) => Some(zones::service::get_zone(conn, caller, id).await?),
    };
    let Some(zone) = zone else {
        return match window {
            Window::Page { page, limit } => {
                let (lim, offset) = window.limit_offset();
                let total = store::count(conn, scope, &typed).await?;
                let rows = store::window(conn, scope, &typed, None, lim, offset).await?;
                Ok(Listing::from_page(rows, page, limit, total))
            }
            Window::Cursor { after, limit } => {
                let (lim, _) = window.limit_offset();
                let rows = store::window(conn, scope, &typed, after.as_ref(), lim, 0).await?;
                Ok(Listing::from_cursor_rows(rows, limit, |v| {
                    (v.created_at, v.id.0)
                }))
            }
        };
    };
    let shape = zone.shape()?;
    typed.bbox = Some(shape.bbox());
    let inside = |c: &store::Candidate| match (c.2, c.3) {
        (Some(lat), Some(lng)) => shape.contains(lat, lng),
        _ => false,
    };
    match window {
        Window::Page { page, limit } => {
            let matches: Vec<VehicleId> = store::candidates(conn, scope, &typed, None, None)
                .await?
                .into_iter()
                .filter(|c| inside(c))
                .map(|c| c.0)
                .collect();
            let total = i64::try_from(matches.len()).unwrap_or(i64::MAX);
            let (lim, offset) = window.limit_offset();
            let ids: Vec<VehicleId> = matches
                .into_iter()
                .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                .take(usize::try_from(lim).unwrap_or(0))
                .collect();
            let rows = store::by_ids(conn, scope, &ids).await?;
            Ok(Listing::from_page(rows, page, limit, total))
        }
        Window::Cursor { after, limit } => {
            let wanted = usize::try_from(limit).unwrap_or(0) + 1;
            let mut ids = Vec::with_capacity(wanted);
            let mut after = after;
            while ids.len() < wanted {
                let batch =
                    store::candidates(conn, scope, &typed, after.as_ref(), Some(ZONE_BATCH))
                        .await?;
                let exhausted = batch.len() < ZONE_BATCH as usize;
                if let Some(last) = batch.last() {
                    after = Some(envelope::Keyset::new(last.1, last.0 .0));
                }
                ids.extend(batch.iter().filter(|c| inside(c)).map(|c| c.0));
                if exhausted {
                    break;
                }
            }
            ids.truncate(wanted);
            let rows = store::by_ids(conn, scope, &ids).await?;
            Ok(Listing::from_cursor_rows(rows, limit, |v| {
                (v.created_at, v.id.0)
            }))
        }
    }
}

fn in_ride_conflict(vehicle: &Vehicle, action: &str) -> Error {
    Error::Conflict {
        resource: "vehicle",
        id: vehicle.id.to_string(),
        current_status: vehicle.status.as_str().to_owned(),
        message: format!(
            "The vehicle is {} and cannot be {action}",
            vehicle.status.as_str()
        ),
    }
}

/// Applies a partner's changes. A `status` change is refused (409 with `current_status`)
/// while a ride holds the vehicle, a retired vehicle refuses every change, and a status
/// change records `vehicle.status_changed` in the same transaction as the update, on the
/// row locked with `SELECT … FOR UPDATE` (no check-then-act race with rides). Setting the
/// status it already has records nothing.
pub async fn update_vehicle(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: VehicleId,
    changes: VehicleChanges,
) -> Result<Vehicle, Error> {
    let changes = validated_changes(changes)?;
    conn.transaction(async |conn| {
        let current = store::lock(conn, scope, id)
            .await
            .map_err(Error::or_not_found("vehicle", id))?;
        if current.status == VehicleStatus::Retired {
            return Err(in_ride_conflict(&current, "changed"));
        }
        if let Some(held) = changes.status.filter(|s| s.is_in_ride()) {
            return Err(in_ride_conflict(
                &current,
                &format!("set to {} by a partner (rides set it)", held.as_str()),
            ));
        }
        let new_status = changes.status.filter(|s| *s != current.status);
        if new_status.is_some() && current.status.is_in_ride() {
            return Err(in_ride_conflict(
                &current,
                "changed by a partner during a ride",
            ));
        }
        let metadata = changes
            .metadata
            .map(|patch| metadata::merge(&current.metadata, patch))
            .transpose()?;
        let changeset = VehicleChangeset {
            status: new_status,
            details: changes.details,
            metadata,
            device_id: changes.device_id,
            updated_at: OffsetDateTime::now_utc(),
        };
        let updated = store::update(conn, id, &changeset)
            .await
            .map_err(duplicate)?;
        if new_status.is_some() {
            let event = VehicleStatusChanged::new(&updated, current.status);
            record_event(conn, scope, &Event::VehicleStatusChanged(event)).await?;
        }
        Ok(updated)
    })
    .await
}

/// Registers (or with `None` clears) the tracker id that telematics pings may use instead
/// of the vehicle id: validated (`device_id`), unique per tenant (`Duplicate`), vehicle in
/// scope (`NotFound`). The same as a PATCH of `device_id` alone.
pub async fn set_device_id(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: VehicleId,
    device_id: Option<String>,
) -> Result<Vehicle, Error> {
    update_vehicle(
        conn,
        scope,
        id,
        VehicleChanges {
            device_id: Some(device_id),
            ..VehicleChanges::default()
        },
    )
    .await
}

/// Retires the vehicle (status `retired`; it stays readable). 409 with `current_status`
/// while a ride holds it; retiring a retired vehicle changes nothing and records nothing.
pub async fn retire_vehicle(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: VehicleId,
) -> Result<Vehicle, Error> {
    conn.transaction(async |conn| {
        let current = store::lock(conn, scope, id)
            .await
            .map_err(Error::or_not_found("vehicle", id))?;
        if current.status == VehicleStatus::Retired {
            return Ok(current);
        }
        if current.status.is_in_ride() {
            return Err(in_ride_conflict(&current, "retired during a ride"));
        }
        let changeset = VehicleChangeset {
            status: Some(VehicleStatus::Retired),
            details: VehicleDetails::default(),
            metadata: None,
            // A retired vehicle lets go of its tracker, which can then move to another one.
            device_id: Some(None),
            updated_at: OffsetDateTime::now_utc(),
        };
        let updated = store::update(conn, id, &changeset).await?;
        let event = VehicleStatusChanged::new(&updated, current.status);
        record_event(conn, scope, &Event::VehicleStatusChanged(event)).await?;
        Ok(updated)
    })
    .await
}

/// Vehicles in scope within `radius` metres of the point, nearest first (ties by id), each
/// with its haversine distance. Index-backed: see [`store::NEARBY_SQL`].
pub async fn nearby_vehicles(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    params: &NearbyParams,
) -> Result<Vec<NearbyVehicle>, Error> {
    let query = NearbyQuery::parse(params)?;
    Ok(store::nearby(conn, scope, &query).await?)
}
