//! Zone rules: validated creation, update and deletion (each records `zone.updated` in its
//! transaction), scoped reads and the point query rides use.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use envelope::PageRequest;
use serde_json::Value;
use time::OffsetDateTime;

use super::{store, NewZone, Zone, ZoneGeometry, ZoneId, ZonePatch, ZoneType};
use crate::events::{ConfigAction, ZoneUpdated};
use crate::{record_event, Error, Event, Listing, Scope, Window};

/// Parses and validates a geometry on a blocking thread (the OGC validity check is roughly
/// quadratic in the vertex count and must not stall the async runtime).
async fn parse_geometry(value: Value) -> Result<ZoneGeometry, Error> {
    tokio::task::spawn_blocking(move || ZoneGeometry::parse(&value))
        .await
        .map_err(|e| Error::Internal(format!("geometry validation task: {e}")))?
}

/// The speed limit rule: required (1-200) for `slow_speed`, absent otherwise.
fn check_speed(zone_type: ZoneType, kph: Option<i32>) -> Result<(), Error> {
    match (zone_type, kph) {
        (ZoneType::SlowSpeed, None) => Err(Error::invalid(
            "speed_limit_kph",
            "is required for slow_speed zones",
        )),
        (ZoneType::SlowSpeed, Some(kph)) if !(1..=200).contains(&kph) => Err(Error::invalid(
            "speed_limit_kph",
            "must be between 1 and 200",
        )),
        (ZoneType::SlowSpeed, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err(Error::invalid(
            "speed_limit_kph",
            "is only allowed for slow_speed zones",
        )),
    }
}

fn validate_name(name: &str) -> Result<String, Error> {
    crate::input::display_name("name", name)
}

/// Creates a zone in `scope` (its only subaccount, or `new.subaccount_id`) and records
/// `zone.updated` (`created`) in the same transaction. The geometry is validated
/// ([`ZoneGeometry::parse`]) and stored normalised with its bounding box.
pub async fn create_zone(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewZone,
) -> Result<Zone, Error> {
    let subaccount = scope.target_subaccount(new.subaccount_id)?;
    let name = validate_name(&new.name)?;
    check_speed(new.zone_type, new.speed_limit_kph)?;
    let geometry = parse_geometry(new.geometry).await?;
    let bbox = geometry.bbox();
    let now = OffsetDateTime::now_utc();
    let zone = Zone {
        id: ZoneId::new(),
        tenant_id: scope.tenant_id(),
        subaccount_id: subaccount,
        name,
        zone_type: new.zone_type,
        geometry: geometry.into_json(),
        speed_limit_kph: new.speed_limit_kph,
        min_lat: bbox.min_lat,
        min_lng: bbox.min_lng,
        max_lat: bbox.max_lat,
        max_lng: bbox.max_lng,
        created_at: now,
        updated_at: now,
    };
    conn.transaction(async |conn| {
        let zone = store::insert(conn, &zone).await?;
        record_event(
            conn,
            scope,
            &Event::ZoneUpdated(ZoneUpdated::new(ConfigAction::Created, &zone, now)),
        )
        .await?;
        Ok(zone)
    })
    .await
}

/// Refuses to take away the last operating area of a subaccount while any of its vehicles is
/// in use: a ride could then end anywhere, and the riders on the road were told where they
/// may park. Locks the subaccount's operating areas so two concurrent removals serialise.
async fn check_operating_area_removal(
    conn: &mut AsyncPgConnection,
    zone: &Zone,
) -> Result<(), Error> {
    if zone.zone_type != ZoneType::OperatingArea {
        return Ok(());
    }
    let areas = store::lock_operating_areas(conn, zone.tenant_id, zone.subaccount_id).await?;
    if areas.len() > 1 {
        return Ok(());
    }
    let in_use = store::vehicles_in_use(conn, zone.tenant_id, zone.subaccount_id).await?;
    if in_use > 0 {
        return Err(Error::Conflict {
            resource: "zone",
            id: zone.id.to_string(),
            current_status: "only_operating_area".into(),
            message: format!(
                "This is the subaccount's only operating area and {in_use} vehicle(s) are in use: \
                 add another operating area first, or wait until the rides have ended"
            ),
        });
    }
    Ok(())
}

/// Changes a zone (name, type, geometry, speed limit) and records `zone.updated`
/// (`updated`) in the same transaction. Changing the type of the subaccount's only operating
/// area is refused like its deletion ([`delete_zone`]).
pub async fn update_zone(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: ZoneId,
    patch: ZonePatch,
) -> Result<Zone, Error> {
    let name = patch.name.as_deref().map(validate_name).transpose()?;
    let geometry = match patch.geometry {
        Some(value) => Some(parse_geometry(value).await?),
        None => None,
    };
    conn.transaction(async |conn| {
        let mut zone = store::lock(conn, scope, id)
            .await
            .map_err(Error::or_not_found("zone", id))?;
        let new_type = patch.zone_type.unwrap_or(zone.zone_type);
        let speed = match patch.speed_limit_kph {
            Some(kph) => kph,
            // Leaving slow_speed without saying anything about the limit drops it.
            None if new_type != ZoneType::SlowSpeed => None,
            None => zone.speed_limit_kph,
        };
        check_speed(new_type, speed)?;
        if new_type != zone.zone_type {
            check_operating_area_removal(conn, &zone).await?;
        }
        if let Some(name) = name {
            zone.name = name;
        }
        zone.zone_type = new_type;
        zone.speed_limit_kph = speed;
        if let Some(geometry) = geometry {
            let bbox = geometry.bbox();
            zone.geometry = geometry.into_json();
            zone.min_lat = bbox.min_lat;
            zone.min_lng = bbox.min_lng;
            zone.max_lat = bbox.max_lat;
            zone.max_lng = bbox.max_lng;
        }
        zone.updated_at = OffsetDateTime::now_utc();
        let zone = store::update(conn, &zone).await?;
        record_event(
            conn,
            scope,
            &Event::ZoneUpdated(ZoneUpdated::new(
                ConfigAction::Updated,
                &zone,
                zone.updated_at,
            )),
        )
        .await?;
        Ok(zone)
    })
    .await
}

/// Deletes a zone and records `zone.updated` (`deleted`) in the same transaction.
/// `409 CONFLICT` (`current_status: only_operating_area`) while it is the subaccount's only
/// operating area and a vehicle of the subaccount is in use.
pub async fn delete_zone(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: ZoneId,
) -> Result<Zone, Error> {
    conn.transaction(async |conn| {
        let zone = store::lock(conn, scope, id)
            .await
            .map_err(Error::or_not_found("zone", id))?;
        check_operating_area_removal(conn, &zone).await?;
        store::delete(conn, &zone).await?;
        record_event(
            conn,
            scope,
            &Event::ZoneUpdated(ZoneUpdated::new(
                ConfigAction::Deleted,
                &zone,
                OffsetDateTime::now_utc(),
            )),
        )
        .await?;
        Ok(zone)
    })
    .await
}

pub async fn get_zone(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: ZoneId,
) -> Result<Zone, Error> {
    store::get(conn, scope, id)
        .await
        .map_err(Error::or_not_found("zone", id))
}

/// `type` filter text → [`ZoneType`], naming the `type` field.
pub fn parse_zone_type(raw: Option<&str>) -> Result<Option<ZoneType>, Error> {
    raw.map(|s| s.parse().map_err(|e: String| Error::invalid("type", e)))
        .transpose()
}

/// The zones in scope, optionally of one type, in creation order (page or cursor mode).
pub async fn list_zones(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    zone_type: Option<ZoneType>,
    page: &PageRequest,
) -> Result<Listing<Zone>, Error> {
    let window = Window::from_request(page)?;
    let (lim, offset) = window.limit_offset();
    match window {
        // Rows and total from one snapshot.
        Window::Page { page, limit } => {
            db::read_snapshot(conn)
                .run(async |conn| {
                    let total = store::count(conn, scope, zone_type).await?;
                    let rows = store::page(conn, scope, zone_type, None, lim, offset).await?;
                    Ok(Listing::from_page(rows, page, limit, total))
                })
                .await
        }
        Window::Cursor { after, limit } => {
            let rows = store::page(conn, scope, zone_type, after.as_ref(), lim, 0).await?;
            Ok(Listing::from_cursor_rows(rows, limit, |r| {
                (r.created_at, r.id.0)
            }))
        }
    }
}

/// The zones of `scope` that contain the point (boundary included, holes excluded), in
/// creation order. Rides pass a scope narrowed to the ride's subaccount
/// (`Scope::new(tenant, vec![subaccount])`). Bounding-box prefilter in SQL, exact test with
/// `geo`.
pub async fn zones_containing(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    lat: f64,
    lng: f64,
) -> Result<Vec<Zone>, Error> {
    if !lat.is_finite() || !lng.is_finite() {
        return Ok(Vec::new());
    }
    let candidates = store::with_bbox_containing(conn, scope, lat, lng).await?;
    let mut inside = Vec::with_capacity(candidates.len());
    for zone in candidates {
        if zone.shape()?.contains(lat, lng) {
            inside.push(zone);
        }
    }
    Ok(inside)
}
