//! Bulk writes of the seeder: one `INSERT … SELECT * FROM unnest(…)` per chunk, each column
//! bound as one array, so Postgres parses one statement of fixed shape per chunk.

use diesel::prelude::*;
use diesel::sql_types::{
    Array, BigInt, Double, Integer, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{SubaccountId, TenantId};

/// Rows per statement.
pub const CHUNK: usize = 5_000;

fn col<R, T>(rows: &[R], f: impl Fn(&R) -> T) -> Vec<T> {
    rows.iter().map(f).collect()
}

pub struct ZoneRow {
    pub id: Uuid,
    pub name: String,
    pub zone_type: &'static str,
    pub geometry: Value,
    pub speed_limit_kph: Option<i32>,
    pub bbox: (f64, f64, f64, f64),
}

pub async fn insert_zones(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    rows: &[ZoneRow],
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO zones (id, tenant_id, subaccount_id, name, type, geometry, speed_limit_kph, \
           min_lat, min_lng, max_lat, max_lng) \
         SELECT u.id, $1, $2, u.name, u.type, u.geometry, u.speed_limit_kph, \
           u.min_lat, u.min_lng, u.max_lat, u.max_lng \
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::int4[], \
           $8::float8[], $9::float8[], $10::float8[], $11::float8[]) \
           AS u(id, name, type, geometry, speed_limit_kph, min_lat, min_lng, max_lat, max_lng)",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(subaccount)
    .bind::<Array<SqlUuid>, _>(col(rows, |r| r.id))
    .bind::<Array<Text>, _>(col(rows, |r| r.name.clone()))
    .bind::<Array<Text>, _>(col(rows, |r| r.zone_type.to_owned()))
    .bind::<Array<Jsonb>, _>(col(rows, |r| r.geometry.clone()))
    .bind::<Array<Nullable<Integer>>, _>(col(rows, |r| r.speed_limit_kph))
    .bind::<Array<Double>, _>(col(rows, |r| r.bbox.0))
    .bind::<Array<Double>, _>(col(rows, |r| r.bbox.1))
    .bind::<Array<Double>, _>(col(rows, |r| r.bbox.2))
    .bind::<Array<Double>, _>(col(rows, |r| r.bbox.3))
    .execute(conn)
    .await
}

pub struct PlanRow {
    pub vehicle_type: &'static str,
    pub name: &'static str,
    pub unlock_cents: i32,
    pub per_minute_cents: i32,
    pub pause_per_minute_cents: i32,
    pub per_km_cents: i32,
}

/// Inserts the plans the subaccount lacks (no active plan of the type); returns how many
/// were new.
pub async fn insert_plans(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    currency: &str,
    rows: &[PlanRow],
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO pricing_plans (id, tenant_id, subaccount_id, vehicle_type, name, unlock_cents, \
           per_minute_cents, pause_per_minute_cents, per_km_cents, currency) \
         SELECT u.id, $1, $2, u.vehicle_type, u.name, u.unlock_cents, u.per_minute_cents, \
           u.pause_per_minute_cents, u.per_km_cents, $3 \
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::int4[], $8::int4[], $9::int4[], \
           $10::int4[]) \
           AS u(id, vehicle_type, name, unlock_cents, per_minute_cents, pause_per_minute_cents, \
                per_km_cents) \
         ON CONFLICT (tenant_id, subaccount_id, vehicle_type) WHERE active DO NOTHING",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(subaccount)
    .bind::<Text, _>(currency)
    .bind::<Array<SqlUuid>, _>(col(rows, |_| Uuid::now_v7()))
    .bind::<Array<Text>, _>(col(rows, |r| r.vehicle_type.to_owned()))
    .bind::<Array<Text>, _>(col(rows, |r| r.name.to_owned()))
    .bind::<Array<Integer>, _>(col(rows, |r| r.unlock_cents))
    .bind::<Array<Integer>, _>(col(rows, |r| r.per_minute_cents))
    .bind::<Array<Integer>, _>(col(rows, |r| r.pause_per_minute_cents))
    .bind::<Array<Integer>, _>(col(rows, |r| r.per_km_cents))
    .execute(conn)
    .await
}

pub struct VehicleRow {
    pub id: Uuid,
    pub vehicle_number: String,
    pub registration: Option<String>,
    pub vehicle_type: &'static str,
    pub make: &'static str,
    pub model: &'static str,
    pub year: i32,
    pub fuel_type: &'static str,
    pub capacity: i32,
    pub status: &'static str,
    pub battery_percent: i32,
    pub latitude: f64,
    pub longitude: f64,
    pub last_seen_at: OffsetDateTime,
}

pub async fn insert_vehicles(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    rows: &[VehicleRow],
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, registration, type, \
           make, model, year, fuel_type, capacity, status, battery_percent, latitude, longitude, \
           last_seen_at) \
         SELECT u.id, $1, $2, u.vehicle_number, u.registration, u.type, u.make, u.model, u.year, \
           u.fuel_type, u.capacity, u.status, u.battery_percent, u.latitude, u.longitude, \
           u.last_seen_at \
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], \
           $9::int4[], $10::text[], $11::int4[], $12::text[], $13::int4[], $14::float8[], \
           $15::float8[], $16::timestamptz[]) \
           AS u(id, vehicle_number, registration, type, make, model, year, fuel_type, capacity, \
                status, battery_percent, latitude, longitude, last_seen_at)",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(subaccount)
    .bind::<Array<SqlUuid>, _>(col(rows, |r| r.id))
    .bind::<Array<Text>, _>(col(rows, |r| r.vehicle_number.clone()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.registration.clone()))
    .bind::<Array<Text>, _>(col(rows, |r| r.vehicle_type.to_owned()))
    .bind::<Array<Text>, _>(col(rows, |r| r.make.to_owned()))
    .bind::<Array<Text>, _>(col(rows, |r| r.model.to_owned()))
    .bind::<Array<Integer>, _>(col(rows, |r| r.year))
    .bind::<Array<Text>, _>(col(rows, |r| r.fuel_type.to_owned()))
    .bind::<Array<Integer>, _>(col(rows, |r| r.capacity))
    .bind::<Array<Text>, _>(col(rows, |r| r.status.to_owned()))
    .bind::<Array<Integer>, _>(col(rows, |r| r.battery_percent))
    .bind::<Array<Double>, _>(col(rows, |r| r.latitude))
    .bind::<Array<Double>, _>(col(rows, |r| r.longitude))
    .bind::<Array<Timestamptz>, _>(col(rows, |r| r.last_seen_at))
    .execute(conn)
    .await
}

pub struct CustomerRow {
    pub id: Uuid,
    pub customer_number: i64,
    pub email: String,
    pub name: String,
    pub phone: String,
    pub status: &'static str,
    pub blocked_reason: Option<&'static str>,
    /// Welcome credit in cents (0 = none).
    pub credit_cents: i64,
}

/// Inserts the customers, their wallets (balance = the welcome credit) and one `credit`
/// ledger row per credited wallet, so every balance equals the sum of its ledger.
pub async fn insert_customers(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    currency: &str,
    rows: &[CustomerRow],
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO customers (id, tenant_id, subaccount_id, customer_number, email, name, phone, \
           status, blocked_reason) \
         SELECT u.id, $1, $2, u.customer_number, u.email, u.name, u.phone, u.status, \
           u.blocked_reason \
         FROM unnest($3::uuid[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::text[], \
           $9::text[]) \
           AS u(id, customer_number, email, name, phone, status, blocked_reason)",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(subaccount)
    .bind::<Array<SqlUuid>, _>(col(rows, |r| r.id))
    .bind::<Array<BigInt>, _>(col(rows, |r| r.customer_number))
    .bind::<Array<Text>, _>(col(rows, |r| r.email.clone()))
    .bind::<Array<Text>, _>(col(rows, |r| r.name.clone()))
    .bind::<Array<Text>, _>(col(rows, |r| r.phone.clone()))
    .bind::<Array<Text>, _>(col(rows, |r| r.status.to_owned()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.blocked_reason.map(str::to_owned)))
    .execute(conn)
    .await?;
    diesel::sql_query(
        "INSERT INTO wallets (customer_id, tenant_id, subaccount_id, balance_cents, currency) \
         SELECT u.id, $1, $2, u.balance, $3 FROM unnest($4::uuid[], $5::int8[]) AS u(id, balance)",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(subaccount)
    .bind::<Text, _>(currency)
    .bind::<Array<SqlUuid>, _>(col(rows, |r| r.id))
    .bind::<Array<BigInt>, _>(col(rows, |r| r.credit_cents))
    .execute(conn)
    .await?;
    let credited: Vec<&CustomerRow> = rows.iter().filter(|r| r.credit_cents > 0).collect();
    if !credited.is_empty() {
        diesel::sql_query(
            "INSERT INTO wallet_transactions (id, tenant_id, subaccount_id, customer_id, kind, \
               amount_cents, balance_after_cents, currency, description) \
             SELECT u.id, $1, $2, u.customer_id, 'credit', u.amount, u.amount, $3, 'Welcome credit' \
             FROM unnest($4::uuid[], $5::uuid[], $6::int8[]) AS u(id, customer_id, amount)",
        )
        .bind::<SqlUuid, _>(tenant)
        .bind::<SqlUuid, _>(subaccount)
        .bind::<Text, _>(currency)
        .bind::<Array<SqlUuid>, _>(col(&credited, |_| Uuid::now_v7()))
        .bind::<Array<SqlUuid>, _>(col(&credited, |r| r.id))
        .bind::<Array<BigInt>, _>(col(&credited, |r| r.credit_cents))
        .execute(conn)
        .await?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Zones the subaccount already has.
pub async fn count_zones(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
) -> QueryResult<i64> {
    diesel::sql_query("SELECT count(*) AS n FROM zones WHERE tenant_id = $1 AND subaccount_id = $2")
        .bind::<SqlUuid, _>(tenant)
        .bind::<SqlUuid, _>(subaccount)
        .get_result::<Count>(conn)
        .await
        .map(|c| c.n)
}

/// Vehicles of the tenant (any subaccount, any status).
pub async fn count_vehicles(conn: &mut AsyncPgConnection, tenant: TenantId) -> QueryResult<i64> {
    diesel::sql_query("SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1")
        .bind::<SqlUuid, _>(tenant)
        .get_result::<Count>(conn)
        .await
        .map(|c| c.n)
}

#[derive(QueryableByName)]
pub struct StoredZone {
    #[diesel(sql_type = Text)]
    pub zone_type: String,
    #[diesel(sql_type = Jsonb)]
    pub geometry: Value,
}

/// The subaccount's zones, oldest first.
pub async fn zones(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
) -> QueryResult<Vec<StoredZone>> {
    diesel::sql_query(
        "SELECT type AS zone_type, geometry FROM zones \
         WHERE tenant_id = $1 AND subaccount_id = $2 ORDER BY created_at, id",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(subaccount)
    .load(conn)
    .await
}

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Text)]
    value: String,
}

/// Which of `numbers` (compared lower-case) the tenant's vehicles already use, e.g. numbers
/// a partner chose by hand that the sequence later reaches.
pub async fn taken_vehicle_numbers(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    numbers: &[String],
) -> QueryResult<std::collections::HashSet<String>> {
    let lower: Vec<String> = numbers.iter().map(|n| n.to_lowercase()).collect();
    let rows: Vec<Taken> = diesel::sql_query(
        "SELECT lower(vehicle_number) AS value FROM vehicles \
         WHERE tenant_id = $1 AND lower(vehicle_number) = ANY($2)",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<Array<Text>, _>(&lower)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.value).collect())
}

/// Which of `emails` (compared lower-case) the tenant's customers already use.
pub async fn taken_emails(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    emails: &[String],
) -> QueryResult<std::collections::HashSet<String>> {
    let lower: Vec<String> = emails.iter().map(|n| n.to_lowercase()).collect();
    let rows: Vec<Taken> = diesel::sql_query(
        "SELECT lower(email) AS value FROM customers \
         WHERE tenant_id = $1 AND lower(email) = ANY($2)",
    )
    .bind::<SqlUuid, _>(tenant)
    .bind::<Array<Text>, _>(&lower)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.value).collect())
}
