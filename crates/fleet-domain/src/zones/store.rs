//! Zone queries. Every function filters by the caller's scope.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use db::schema::{vehicles, zones};

use super::{Zone, ZoneId, ZoneType};
use crate::{Scope, SubaccountId, TenantId};

type Boxed<'a> = zones::BoxedQuery<'a, diesel::pg::Pg>;

fn scoped(scope: &Scope) -> Boxed<'_> {
    zones::table
        .filter(zones::tenant_id.eq(scope.tenant_id()))
        .filter(zones::subaccount_id.eq_any(scope.subaccount_ids()))
        .into_boxed()
}

fn filtered(scope: &Scope, zone_type: Option<ZoneType>) -> Boxed<'_> {
    let mut q = scoped(scope);
    if let Some(t) = zone_type {
        q = q.filter(zones::zone_type.eq(t));
    }
    q
}

/// The columns a zone's author sets, written alike on insert and update (a `None` speed
/// limit writes NULL).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = zones, treat_none_as_null = true)]
struct ZoneColumns<'a> {
    name: &'a str,
    zone_type: ZoneType,
    geometry: &'a serde_json::Value,
    speed_limit_kph: Option<i32>,
    min_lat: f64,
    min_lng: f64,
    max_lat: f64,
    max_lng: f64,
}

impl<'a> From<&'a Zone> for ZoneColumns<'a> {
    fn from(zone: &'a Zone) -> Self {
        Self {
            name: &zone.name,
            zone_type: zone.zone_type,
            geometry: &zone.geometry,
            speed_limit_kph: zone.speed_limit_kph,
            min_lat: zone.min_lat,
            min_lng: zone.min_lng,
            max_lat: zone.max_lat,
            max_lng: zone.max_lng,
        }
    }
}

pub async fn insert(conn: &mut AsyncPgConnection, zone: &Zone) -> QueryResult<Zone> {
    diesel::insert_into(zones::table)
        .values((
            zones::id.eq(zone.id),
            zones::tenant_id.eq(zone.tenant_id),
            zones::subaccount_id.eq(zone.subaccount_id),
            ZoneColumns::from(zone),
        ))
        .returning(Zone::as_returning())
        .get_result(conn)
        .await
}

crate::scoped_row::scoped_get_and_lock!(zones, Zone, ZoneId, lock);

pub async fn count(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    zone_type: Option<ZoneType>,
) -> QueryResult<i64> {
    filtered(scope, zone_type).count().get_result(conn).await
}

/// Rows in `(created_at, id)` order, after `after` when given.
pub async fn page(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    zone_type: Option<ZoneType>,
    after: Option<&envelope::Keyset>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Zone>> {
    let mut q = filtered(scope, zone_type);
    if let Some(k) = after {
        q = q.filter(crate::pagination::after_keyset(k));
    }
    q.order((zones::created_at, zones::id))
        .limit(limit)
        .offset(offset)
        .select(Zone::as_select())
        .load(conn)
        .await
}

/// Zones in scope whose bounding box holds the point (the SQL prefilter of point queries).
pub async fn with_bbox_containing(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    lat: f64,
    lng: f64,
) -> QueryResult<Vec<Zone>> {
    scoped(scope)
        .filter(zones::min_lat.le(lat))
        .filter(zones::max_lat.ge(lat))
        .filter(zones::min_lng.le(lng))
        .filter(zones::max_lng.ge(lng))
        .order((zones::created_at, zones::id))
        .select(Zone::as_select())
        .load(conn)
        .await
}

/// Writes the mutable fields of `zone` (by id and tenant).
pub async fn update(conn: &mut AsyncPgConnection, zone: &Zone) -> QueryResult<Zone> {
    diesel::update(
        zones::table
            .filter(zones::tenant_id.eq(zone.tenant_id))
            .filter(zones::id.eq(zone.id)),
    )
    .set((
        ZoneColumns::from(zone),
        zones::updated_at.eq(zone.updated_at),
    ))
    .returning(Zone::as_returning())
    .get_result(conn)
    .await
}

pub async fn delete(conn: &mut AsyncPgConnection, zone: &Zone) -> QueryResult<usize> {
    diesel::delete(
        zones::table
            .filter(zones::tenant_id.eq(zone.tenant_id))
            .filter(zones::id.eq(zone.id)),
    )
    .execute(conn)
    .await
}

/// The ids of a subaccount's operating areas, locked until the transaction ends.
pub async fn lock_operating_areas(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
) -> QueryResult<Vec<ZoneId>> {
    zones::table
        .filter(zones::tenant_id.eq(tenant))
        .filter(zones::subaccount_id.eq(subaccount))
        .filter(zones::zone_type.eq(ZoneType::OperatingArea))
        .select(zones::id)
        .for_update()
        .load(conn)
        .await
}

/// How many of a subaccount's vehicles are in use (on a ride).
pub async fn vehicles_in_use(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
) -> QueryResult<i64> {
    vehicles::table
        .filter(vehicles::tenant_id.eq(tenant))
        .filter(vehicles::subaccount_id.eq(subaccount))
        .filter(vehicles::status.eq(crate::vehicles::VehicleStatus::InUse))
        .count()
        .get_result(conn)
        .await
}

/// Every zone of one subaccount (the GBFS feed), oldest first.
pub async fn all_of_subaccount(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
) -> QueryResult<Vec<Zone>> {
    zones::table
        .filter(zones::tenant_id.eq(tenant))
        .filter(zones::subaccount_id.eq(subaccount))
        .order((zones::created_at, zones::id))
        .select(Zone::as_select())
        .load(conn)
        .await
}
