//! Request-log storage.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Nullable, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::{Date as CalendarDate, OffsetDateTime};
use uuid::Uuid;

use db::schema::request_logs;

use super::{RequestRecord, Usage};
use crate::{ApiKeyId, TenantId};

/// Rows per INSERT statement (13 bind parameters each, well under Postgres' 65 535).
pub const MAX_ROWS_PER_STATEMENT: usize = 2_000;

/// Writes a batch in one transaction: the records, the usage roll-up (one upsert for all
/// keys in the batch) and `last_used_at` (moved only when it is more than a minute behind).
pub async fn write_batch(
    conn: &mut AsyncPgConnection,
    records: &[RequestRecord],
) -> QueryResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    // Per (tenant, key, UTC day): request count and latest use.
    let mut usage: HashMap<(Uuid, Uuid, CalendarDate), (i64, OffsetDateTime)> = HashMap::new();
    for r in records {
        if let (Some(tenant), Some(key)) = (r.tenant_id, r.api_key_id) {
            let day = r.created_at.to_offset(time::UtcOffset::UTC).date();
            let entry = usage.entry((tenant, key, day)).or_insert((0, r.created_at));
            entry.0 += 1;
            entry.1 = entry.1.max(r.created_at);
        }
    }
    conn.transaction(async |conn| {
        for chunk in records.chunks(MAX_ROWS_PER_STATEMENT) {
            diesel::insert_into(request_logs::table)
                .values(chunk)
                .execute(conn)
                .await?;
        }
        if !usage.is_empty() {
            let mut tenants = Vec::with_capacity(usage.len());
            let mut keys = Vec::with_capacity(usage.len());
            let mut days = Vec::with_capacity(usage.len());
            let mut counts = Vec::with_capacity(usage.len());
            let mut last_used = Vec::with_capacity(usage.len());
            for ((tenant, key, day), (count, at)) in &usage {
                tenants.push(*tenant);
                keys.push(*key);
                days.push(*day);
                counts.push(*count);
                last_used.push(*at);
            }
            diesel::sql_query(
                "INSERT INTO api_key_usage_daily (tenant_id, api_key_id, day, requests) \
                 SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::bigint[]) \
                 ON CONFLICT (tenant_id, api_key_id, day) \
                 DO UPDATE SET requests = api_key_usage_daily.requests + EXCLUDED.requests",
            )
            .bind::<Array<SqlUuid>, _>(&tenants)
            .bind::<Array<SqlUuid>, _>(&keys)
            .bind::<Array<Date>, _>(&days)
            .bind::<Array<BigInt>, _>(&counts)
            .execute(conn)
            .await?;
            diesel::sql_query(
                "UPDATE api_keys k SET last_used_at = v.at \
                 FROM (SELECT tenant_id, id, max(at) AS at \
                       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS u(tenant_id, id, at) \
                       GROUP BY tenant_id, id) v \
                 WHERE k.tenant_id = v.tenant_id AND k.id = v.id \
                   AND (k.last_used_at IS NULL OR k.last_used_at < v.at - interval '1 minute')",
            )
            .bind::<Array<SqlUuid>, _>(&tenants)
            .bind::<Array<SqlUuid>, _>(&keys)
            .bind::<Array<Timestamptz>, _>(&last_used)
            .execute(conn)
            .await?;
        }
        Ok(())
    })
    .await
}

#[derive(QueryableByName)]
struct UsageRow {
    #[diesel(sql_type = BigInt)]
    today: i64,
    #[diesel(sql_type = BigInt)]
    this_week: i64,
    #[diesel(sql_type = BigInt)]
    this_month: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_used_at: Option<OffsetDateTime>,
}

/// Usage of one key at `now` (UTC day, ISO week starting Monday, calendar month).
pub async fn usage(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    key: ApiKeyId,
    now: OffsetDateTime,
) -> QueryResult<Usage> {
    let row: UsageRow = diesel::sql_query(
        "SELECT \
           coalesce(sum(u.requests) FILTER (WHERE u.day = d.today), 0)::bigint AS today, \
           coalesce(sum(u.requests) FILTER (WHERE u.day >= date_trunc('week', d.today)::date), 0)::bigint AS this_week, \
           coalesce(sum(u.requests) FILTER (WHERE u.day >= date_trunc('month', d.today)::date), 0)::bigint AS this_month, \
           (SELECT last_used_at FROM api_keys WHERE tenant_id = $1 AND id = $2) AS last_used_at \
         FROM (SELECT ($3 AT TIME ZONE 'UTC')::date AS today) d \
         LEFT JOIN api_key_usage_daily u \
           ON u.tenant_id = $1 AND u.api_key_id = $2 \
          AND u.day >= least(date_trunc('week', d.today)::date, date_trunc('month', d.today)::date)",
    )
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(key.0)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await?;
    Ok(Usage {
        today: row.today,
        this_week: row.this_week,
        this_month: row.this_month,
        last_used_at: row.last_used_at,
    })
}

/// Deletes up to `batch` request-log rows older than `before`; returns how many went.
/// Callers loop until it returns less than `batch`, so no statement runs long.
pub async fn purge_before(
    conn: &mut AsyncPgConnection,
    before: OffsetDateTime,
    batch: i64,
) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM request_logs WHERE id IN \
           (SELECT id FROM request_logs WHERE created_at < $1 ORDER BY created_at LIMIT $2)",
    )
    .bind::<Timestamptz, _>(before)
    .bind::<BigInt, _>(batch)
    .execute(conn)
    .await
}
