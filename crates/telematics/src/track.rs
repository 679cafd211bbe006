//! Reads of the archive: a vehicle's track (cursor or page), ride distance from the track,
//! and the device-id registration other crates call.

use diesel_async::AsyncPgConnection;
use time::OffsetDateTime;

use fleet_domain::pagination::{Listing, Window};
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Error, Scope, TenantId};

use crate::model::distance_m;
use crate::store::{self, TrackFilter, TrackPoint};

/// One page of a vehicle's archived positions in `[from, to]`, oldest first. Vehicles out
/// of scope answer `NotFound` like unknown ones.
pub async fn track(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    vehicle: VehicleId,
    from: Option<OffsetDateTime>,
    to: Option<OffsetDateTime>,
    window: Window,
) -> Result<Listing<TrackPoint>, Error> {
    // The scope check, the rows and (page mode) the total read one snapshot.
    db::read_snapshot(conn)
        .run(async |conn| {
            if !store::vehicle_in_scope(conn, scope, vehicle).await? {
                return Err(Error::not_found("vehicle", vehicle));
            }
            let filter = TrackFilter { vehicle, from, to };
            let (limit, offset) = window.limit_offset();
            Ok(match window {
                Window::Cursor { after, limit: n } => {
                    let after = after.map(|k| (k.created_at, k.id));
                    let rows = store::track(conn, scope, &filter, after, limit, 0).await?;
                    Listing::from_cursor_rows(rows, n, |r| (r.ts, r.id))
                }
                Window::Page { page, limit: n } => {
                    let rows = store::track(conn, scope, &filter, None, limit, offset).await?;
                    let total = store::count_track(conn, scope, &filter).await?;
                    Listing::from_page(rows, page, n, total)
                }
            })
        })
        .await
}

/// Length in metres of a vehicle's archived track in `[from, to]` (the sum of great-circle
/// distances between consecutive archived positions); `None` with fewer than two points, so
/// the caller can fall back to another estimate. For the rides crate (ride distance).
pub async fn track_length_m(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    vehicle: VehicleId,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Option<f64>, Error> {
    let points = store::positions(conn, tenant, vehicle, from, to).await?;
    if points.len() < 2 {
        return Ok(None);
    }
    Ok(Some(
        points
            .windows(2)
            .map(|w| distance_m(w[0].0, w[0].1, w[1].0, w[1].1))
            .sum(),
    ))
}
