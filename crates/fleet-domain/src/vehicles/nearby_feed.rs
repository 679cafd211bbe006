//! The queries behind the nearby index (see [`super::nearby_index`]): a tenant's positioned
//! vehicles, and the `vehicle_changes` feed (migration `2026-12-04-000301_vehicle_change_feed`).
//! Every read names the tenants it is for.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use db::schema::vehicles;

use super::{Vehicle, VehicleId};
use crate::TenantId;

/// One row of `vehicle_changes`.
#[derive(Debug, Clone, QueryableByName)]
pub struct Change {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = BigInt)]
    pub xid: i64,
    #[diesel(sql_type = Array<SqlUuid>)]
    pub vehicle_ids: Vec<uuid::Uuid>,
}

#[derive(QueryableByName)]
struct Xmin {
    #[diesel(sql_type = BigInt)]
    xmin: i64,
}

/// The xmin of the current snapshot: every transaction with a smaller id had ended when it
/// was taken. In a `REPEATABLE READ` transaction, the snapshot every later read sees.
pub async fn snapshot_xmin(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    let row: Xmin =
        diesel::sql_query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::int8 AS xmin")
            .get_result(conn)
            .await?;
    Ok(row.xmin)
}

/// Change rows of `tenants` written by transactions with id `>= xmin`, in id order.
pub async fn changes_since(
    conn: &mut AsyncPgConnection,
    tenants: &[TenantId],
    xmin: i64,
) -> QueryResult<Vec<Change>> {
    let tenants: Vec<uuid::Uuid> = tenants.iter().map(|t| t.0).collect();
    diesel::sql_query(
        "SELECT id, xid, vehicle_ids FROM vehicle_changes \
         WHERE xid >= $1 AND tenant_id = ANY($2) ORDER BY id",
    )
    .bind::<BigInt, _>(xmin)
    .bind::<Array<SqlUuid>, _>(tenants)
    .load(conn)
    .await
}

/// The current rows of `ids` among `tenants`' vehicles (an id missing was deleted).
pub async fn vehicles_by_id(
    conn: &mut AsyncPgConnection,
    tenants: &[TenantId],
    ids: &[VehicleId],
) -> QueryResult<Vec<Vehicle>> {
    vehicles::table
        .filter(vehicles::tenant_id.eq_any(tenants))
        .filter(vehicles::id.eq_any(ids))
        .select(Vehicle::as_select())
        .load(conn)
        .await
}

/// Every vehicle of `tenant` that has a position.
pub async fn positioned_vehicles(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> QueryResult<Vec<Vehicle>> {
    vehicles::table
        .filter(vehicles::tenant_id.eq(tenant))
        .filter(vehicles::latitude.is_not_null())
        .filter(vehicles::longitude.is_not_null())
        .select(Vehicle::as_select())
        .load(conn)
        .await
}

/// Deletes change rows older than `minutes` (every instance's feed does this now and then).
pub async fn prune(conn: &mut AsyncPgConnection, minutes: i64) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM vehicle_changes WHERE changed_at < now() - make_interval(mins => $1::int)",
    )
    .bind::<BigInt, _>(minutes)
    .execute(conn)
    .await
}
