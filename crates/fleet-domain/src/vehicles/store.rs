//! Vehicle queries. Every function filters by the caller's scope (tenant first, then
//! `subaccount_id = ANY(…)`); the service owns the transactions.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::BoxedSqlQuery;
use diesel::sql_types::{Array, BigInt, Double, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use time::OffsetDateTime;

use db::schema::vehicles;
use envelope::Keyset;

use super::nearby::NearbyQuery;
use super::{FuelType, NearbyVehicle, Vehicle, VehicleId, VehicleStatus, VehicleType};
use crate::pagination::after_keyset;
use crate::zones::BoundingBox;
use crate::Scope;

type Boxed<'a> = vehicles::BoxedQuery<'a, Pg>;

/// Typed list filters (the scope already carries the subaccount filter).
#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter {
    pub status: Option<VehicleStatus>,
    pub vehicle_type: Option<VehicleType>,
    /// Only vehicles with a position inside this box (the zone prefilter).
    pub bbox: Option<BoundingBox>,
}

fn scoped(scope: &Scope) -> Boxed<'_> {
    vehicles::table
        .filter(vehicles::tenant_id.eq(scope.tenant_id()))
        .filter(vehicles::subaccount_id.eq_any(scope.subaccount_ids()))
        .into_boxed()
}

fn filtered<'a>(scope: &'a Scope, filter: &ListFilter) -> Boxed<'a> {
    let mut q = scoped(scope);
    if let Some(s) = filter.status {
        q = q.filter(vehicles::status.eq(s));
    }
    if let Some(t) = filter.vehicle_type {
        q = q.filter(vehicles::vehicle_type.eq(t));
    }
    if let Some(b) = filter.bbox {
        q = q
            .filter(vehicles::latitude.between(b.min_lat, b.max_lat))
            .filter(vehicles::longitude.between(b.min_lng, b.max_lng));
    }
    q
}

/// The descriptive columns (validated), set on create and changed on update: written as
/// given by an insert; in an update a `None` leaves the column as it is.
#[derive(Debug, Clone, Default, Insertable, AsChangeset)]
#[diesel(table_name = vehicles)]
pub struct VehicleDetails {
    pub registration: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year: Option<i32>,
    pub fuel_type: Option<FuelType>,
    pub capacity: Option<i32>,
}

/// A new row (everything validated).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = vehicles)]
pub struct VehicleRow {
    pub id: VehicleId,
    pub tenant_id: crate::TenantId,
    pub subaccount_id: crate::SubaccountId,
    pub vehicle_number: String,
    pub vehicle_type: VehicleType,
    #[diesel(embed)]
    pub details: VehicleDetails,
    pub battery_percent: Option<i32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub metadata: Value,
    pub device_id: Option<String>,
}

/// Changed columns (validated); `None` leaves a column as it is.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = vehicles)]
pub struct VehicleChangeset {
    pub status: Option<VehicleStatus>,
    #[diesel(embed)]
    pub details: VehicleDetails,
    pub metadata: Option<Value>,
    /// `Some(None)` sets NULL.
    pub device_id: Option<Option<String>>,
    pub updated_at: OffsetDateTime,
}

pub async fn insert(conn: &mut AsyncPgConnection, row: &VehicleRow) -> QueryResult<Vehicle> {
    diesel::insert_into(vehicles::table)
        .values(row)
        .returning(Vehicle::as_returning())
        .get_result(conn)
        .await
}

/// Is `number` taken in the tenant (case-insensitively, as the unique index compares)?
pub async fn number_taken(
    conn: &mut AsyncPgConnection,
    tenant: crate::TenantId,
    number: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        vehicles::table
            .filter(vehicles::tenant_id.eq(tenant))
            .filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>("lower(vehicle_number) = lower(")
                    .bind::<Text, _>(number)
                    .sql(")"),
            ),
    ))
    .get_result(conn)
    .await
}

crate::scoped_row::scoped_get_and_lock!(vehicles, Vehicle, VehicleId, lock);

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: VehicleId,
    changes: &VehicleChangeset,
) -> QueryResult<Vehicle> {
    diesel::update(vehicles::table.find(id))
        .set(changes)
        .returning(Vehicle::as_returning())
        .get_result(conn)
        .await
}

pub async fn count(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &ListFilter,
) -> QueryResult<i64> {
    filtered(scope, filter).count().get_result(conn).await
}

/// Rows in `(created_at, id)` order, after `after` when given.
pub async fn window(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &ListFilter,
    after: Option<&Keyset>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Vehicle>> {
    let mut q = filtered(scope, filter);
    if let Some(k) = after {
        q = q.filter(after_keyset(k));
    }
    q.order((vehicles::created_at, vehicles::id))
        .limit(limit)
        .offset(offset)
        .select(Vehicle::as_select())
        .load(conn)
        .await
}

/// What the zone filter needs of a candidate: its sort key and position.
pub type Candidate = (VehicleId, OffsetDateTime, Option<f64>, Option<f64>);

/// Candidates (sort key and position only) in `(created_at, id)` order, after `after`.
pub async fn candidates(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &ListFilter,
    after: Option<&Keyset>,
    limit: Option<i64>,
) -> QueryResult<Vec<Candidate>> {
    let mut q = filtered(scope, filter);
    if let Some(k) = after {
        q = q.filter(after_keyset(k));
    }
    if let Some(limit) = limit {
        q = q.limit(limit);
    }
    q.order((vehicles::created_at, vehicles::id))
        .select((
            vehicles::id,
            vehicles::created_at,
            vehicles::latitude,
            vehicles::longitude,
        ))
        .load(conn)
        .await
}

/// Full rows for `ids` (in scope), in `(created_at, id)` order.
pub async fn by_ids(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    ids: &[VehicleId],
) -> QueryResult<Vec<Vehicle>> {
    scoped(scope)
        .filter(vehicles::id.eq_any(ids))
        .order((vehicles::created_at, vehicles::id))
        .select(Vehicle::as_select())
        .load(conn)
        .await
}

/// The nearby statement. Parameters: `$1` tenant, `$2` subaccounts (uuid[]), `$3` status,
/// `$4` lat, `$5` lng, `$6` radius (m), `$7`/`$8` latitude range, `$9`/`$10` and `$11`/`$12`
/// longitude ranges, `$13` limit, `$14`/`$15` the lower and upper bounds of the grid-cell
/// ranges covering the box, `$16` the vehicle type or NULL for any (see [`nearby_query`], [`super::nearby::SearchBox::cell_ranges`]).
///
/// Each cell range is one range scan of `vehicles_tenant_status_cell_idx`
/// `(tenant_id, status, position_cell)`; the position itself is deliberately in no index, so
/// telematics can move vehicles with heap-only updates (see the migration
/// `2026-12-01-000081_vehicle_position_cells`). The rows found get the bounding-box test, the
/// haversine distance, the exact radius test and a top-`limit` sort, all in one pass. The
/// scan is a `LATERAL` subquery per range, fenced with `OFFSET 0`: flattened into a join, the
/// planner's tiny row estimate for the box made a sequential scan look cheaper.
pub const NEARBY_SQL: &str = "\
SELECT c.* FROM unnest($14::int8[], $15::int8[]) AS r(lo, hi) \
CROSS JOIN LATERAL (\
SELECT v.id, v.tenant_id, v.subaccount_id, v.vehicle_number, v.registration, \
v.type AS vehicle_type, v.make, v.model, v.year, v.fuel_type, v.capacity, v.status, \
v.battery_percent, v.latitude, v.longitude, v.last_seen_at, v.metadata, v.device_id, \
v.created_at, v.updated_at, 2 * 6371008.8 * asin(least(1.0, sqrt(\
power(sin(radians(v.latitude - $4) / 2), 2) \
+ cos(radians($4)) * cos(radians(v.latitude)) * power(sin(radians(v.longitude - $5) / 2), 2)\
))) AS distance_m \
FROM vehicles v \
WHERE v.tenant_id = $1 AND v.status = $3 AND v.position_cell BETWEEN r.lo AND r.hi \
AND v.subaccount_id = ANY($2) \
AND ($16::text IS NULL OR v.type = $16::text) \
AND v.latitude BETWEEN $7 AND $8 \
AND (v.longitude BETWEEN $9 AND $10 OR v.longitude BETWEEN $11 AND $12) \
OFFSET 0\
) AS c \
WHERE c.distance_m <= $6 \
ORDER BY c.distance_m, c.id \
LIMIT $13";

/// `sql` (the nearby statement, or `EXPLAIN` + it) with the parameters of `query` bound.
pub fn nearby_query(
    sql: String,
    scope: &Scope,
    query: &NearbyQuery,
) -> BoxedSqlQuery<'static, Pg, diesel::query_builder::SqlQuery> {
    let b = query.search_box();
    let (cells_lo, cells_hi) = b.cell_ranges();
    let subaccounts: Vec<uuid::Uuid> = scope.subaccount_ids().iter().map(|s| s.0).collect();
    diesel::sql_query(sql)
        .into_boxed()
        .bind::<SqlUuid, _>(scope.tenant_id().0)
        .bind::<Array<SqlUuid>, _>(subaccounts)
        .bind::<Text, _>(query.status.as_str())
        .bind::<Double, _>(query.lat)
        .bind::<Double, _>(query.lng)
        .bind::<Double, _>(query.radius_m)
        .bind::<Double, _>(b.min_lat)
        .bind::<Double, _>(b.max_lat)
        .bind::<Double, _>(b.lng_ranges[0].0)
        .bind::<Double, _>(b.lng_ranges[0].1)
        .bind::<Double, _>(b.lng_ranges[1].0)
        .bind::<Double, _>(b.lng_ranges[1].1)
        .bind::<BigInt, _>(query.limit)
        .bind::<Array<BigInt>, _>(cells_lo)
        .bind::<Array<BigInt>, _>(cells_hi)
        .bind::<diesel::sql_types::Nullable<Text>, _>(query.vehicle_type.map(|t| t.as_str()))
}

pub async fn nearby(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    query: &NearbyQuery,
) -> QueryResult<Vec<NearbyVehicle>> {
    nearby_query(NEARBY_SQL.to_owned(), scope, query)
        .load(conn)
        .await
}

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// `EXPLAIN` of exactly the statement [`nearby`] runs, with the same parameters: the plan
/// lines (tests assert that it uses the position index).
pub async fn explain_nearby(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    query: &NearbyQuery,
) -> QueryResult<Vec<String>> {
    let lines: Vec<PlanLine> = nearby_query(format!("EXPLAIN {NEARBY_SQL}"), scope, query)
        .load(conn)
        .await?;
    Ok(lines.into_iter().map(|l| l.line).collect())
}
