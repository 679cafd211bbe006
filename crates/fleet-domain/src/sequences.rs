//! Per-tenant counters: customer numbers and generated vehicle numbers. Advancing a counter
//! locks its row until the caller's transaction ends, so concurrent creators get distinct,
//! consecutive numbers.

use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::TenantId;

/// Which counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sequence {
    CustomerNumber,
    VehicleNumber,
}

impl Sequence {
    fn name(self) -> &'static str {
        match self {
            Sequence::CustomerNumber => "customer_number",
            Sequence::VehicleNumber => "vehicle_number",
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Last {
    #[diesel(sql_type = BigInt)]
    last_value: i64,
}

/// Reserves `count` (≥ 1) consecutive numbers and returns the first; numbers start at 1.
pub async fn reserve(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    sequence: Sequence,
    count: i64,
) -> diesel::QueryResult<i64> {
    let count = count.max(1);
    let last: Last = diesel::sql_query(
        "INSERT INTO tenant_sequences (tenant_id, name, last_value) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id, name) \
         DO UPDATE SET last_value = tenant_sequences.last_value + EXCLUDED.last_value \
         RETURNING last_value",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<Text, _>(sequence.name())
    .bind::<BigInt, _>(count)
    .get_result(conn)
    .await?;
    Ok(last.last_value - count + 1)
}

/// The next single number.
pub async fn next(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    sequence: Sequence,
) -> diesel::QueryResult<i64> {
    reserve(conn, tenant, sequence, 1).await
}
