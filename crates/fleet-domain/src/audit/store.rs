//! Request-log storage.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{
    Array, BigInt, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::{Date as CalendarDate, OffsetDateTime};
use uuid::Uuid;

use super::{RequestRecord, Usage};
use crate::{ApiKeyId, TenantId};

/// Rows per INSERT statement.
pub const MAX_ROWS_PER_STATEMENT: usize = 5_000;

/// One INSERT of fixed shape for any number of rows: each column bound as one array and
/// expanded with `unnest`, so Postgres parses 15 parameters, not 15 per row.
async fn insert_records(
    conn: &mut AsyncPgConnection,
    rows: &[RequestRecord],
) -> QueryResult<usize> {
    fn col<T: Clone>(rows: &[RequestRecord], f: impl Fn(&RequestRecord) -> T) -> Vec<T> {
        rows.iter().map(f).collect()
    }
    diesel::sql_query(
        "INSERT INTO request_logs (id, tenant_id, request_id, api_key_id, operator_id, method, \
           route, path, query, status, duration_ms, client_ip, user_agent, origin_app, created_at) \
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], \
           $6::text[], $7::text[], $8::text[], $9::text[], $10::int4[], $11::int4[], $12::text[], \
           $13::text[], $14::text[], $15::timestamptz[])",
    )
    .bind::<Array<SqlUuid>, _>(col(rows, |r| r.id))
    .bind::<Array<Nullable<SqlUuid>>, _>(col(rows, |r| r.tenant_id))
    .bind::<Array<Text>, _>(col(rows, |r| r.request_id.clone()))
    .bind::<Array<Nullable<SqlUuid>>, _>(col(rows, |r| r.api_key_id))
    .bind::<Array<Nullable<SqlUuid>>, _>(col(rows, |r| r.operator_id))
    .bind::<Array<Text>, _>(col(rows, |r| r.method.clone()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.route.clone()))
    .bind::<Array<Text>, _>(col(rows, |r| r.path.clone()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.query.clone()))
    .bind::<Array<Integer>, _>(col(rows, |r| r.status))
    .bind::<Array<Integer>, _>(col(rows, |r| r.duration_ms))
    .bind::<Array<Text>, _>(col(rows, |r| r.client_ip.clone()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.user_agent.clone()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.origin_app.clone()))
    .bind::<Array<Timestamptz>, _>(col(rows, |r| r.created_at))
    .execute(conn)
    .await
}

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
            insert_records(conn, chunk).await?;
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
