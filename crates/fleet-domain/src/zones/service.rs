//! Zone rules: validated creation, scoped reads and the point query rides use.

use diesel_async::AsyncPgConnection;
use envelope::PageRequest;
use time::OffsetDateTime;

use super::{store, NewZone, Zone, ZoneGeometry, ZoneId, ZoneType};
use crate::{Error, Listing, Scope, Window};

fn validate_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "must be 1-200 printable characters"));
    }
    Ok(name.to_owned())
}

/// Creates a zone in `scope` (its only subaccount, or `new.subaccount_id`). The geometry is
/// validated ([`ZoneGeometry::parse`]) and stored normalised with its bounding box.
pub async fn create_zone(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewZone,
) -> Result<Zone, Error> {
    let subaccount = scope.target_subaccount(new.subaccount_id)?;
    let name = validate_name(&new.name)?;
    match (new.zone_type, new.speed_limit_kph) {
        (ZoneType::SlowSpeed, None) => {
            return Err(Error::invalid(
                "speed_limit_kph",
                "is required for slow_speed zones",
            ))
        }
        (ZoneType::SlowSpeed, Some(kph)) if !(1..=200).contains(&kph) => {
            return Err(Error::invalid(
                "speed_limit_kph",
                "must be between 1 and 200",
            ))
        }
        (ZoneType::SlowSpeed, Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(Error::invalid(
                "speed_limit_kph",
                "is only allowed for slow_speed zones",
            ))
        }
    }
    let geometry = ZoneGeometry::parse(&new.geometry)?;
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
    Ok(store::insert(conn, &zone).await?)
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
        Window::Page { page, limit } => {
            let total = store::count(conn, scope, zone_type).await?;
            let rows = store::page(conn, scope, zone_type, None, lim, offset).await?;
            Ok(Listing::from_page(rows, page, limit, total))
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
