//! The request log's use cases: write a batch, query, usage per key and over time, purge.
//! Every read is scoped to one tenant.

use std::collections::HashMap;

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use db::PgPool;
use envelope::Keyset;

use super::report::UsageReport;
use super::store::{self, DailyUsage, ReportWindow, MAX_ROWS_PER_STATEMENT};
use super::{LogFilter, RequestRecord, Usage, UsageRange};
use crate::{ApiKeyId, Error, Listing, TenantId};

/// Request-log rows deleted per statement by [`purge_expired`], so no purge holds locks or
/// runs long.
pub const PURGE_BATCH: i64 = 5_000;

/// Writes a batch in one transaction: the records, the usage roll-up (one upsert for all
/// keys in the batch) and `last_used_at` (moved only when it is more than a minute behind).
pub async fn write_batch(
    conn: &mut AsyncPgConnection,
    records: &[RequestRecord],
) -> Result<(), Error> {
    if records.is_empty() {
        return Ok(());
    }
    let usage = daily_usage(records);
    conn.transaction(async |conn| {
        for chunk in records.chunks(MAX_ROWS_PER_STATEMENT) {
            store::insert_records(conn, chunk).await?;
        }
        if !usage.keys.is_empty() {
            store::add_daily_usage(conn, &usage).await?;
            store::touch_last_used(conn, &usage).await?;
        }
        Ok(())
    })
    .await
}

/// Per (tenant, key, UTC day) of the records made with a key: request count and latest use.
fn daily_usage(records: &[RequestRecord]) -> DailyUsage {
    let mut by_day: HashMap<(Uuid, Uuid, Date), (i64, OffsetDateTime)> = HashMap::new();
    for r in records {
        if let (Some(tenant), Some(key)) = (r.tenant_id, r.api_key_id) {
            let day = r.created_at.to_offset(time::UtcOffset::UTC).date();
            let entry = by_day
                .entry((tenant, key, day))
                .or_insert((0, r.created_at));
            entry.0 += 1;
            entry.1 = entry.1.max(r.created_at);
        }
    }
    let mut usage = DailyUsage::default();
    for ((tenant, key, day), (count, at)) in by_day {
        usage.tenants.push(tenant);
        usage.keys.push(key);
        usage.days.push(day);
        usage.counts.push(count);
        usage.last_used.push(at);
    }
    usage
}

/// One page of the tenant's request log, newest first, cursor-paginated on
/// `(created_at, id)` descending.
pub async fn list_request_logs(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    filter: &LogFilter,
    after: Option<&Keyset>,
    limit: u32,
) -> Result<Listing<RequestRecord>, Error> {
    let rows = store::list(conn, tenant, filter, after, i64::from(limit) + 1).await?;
    Ok(Listing::from_cursor_rows(rows, limit, |r| {
        (r.created_at, r.id)
    }))
}

/// Usage of one key of the tenant at `now` (UTC day, ISO week starting Monday, calendar
/// month), from the daily roll-up.
pub async fn key_usage(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    key: ApiKeyId,
    now: OffsetDateTime,
) -> Result<Usage, Error> {
    Ok(store::usage(conn, tenant, key, now).await?)
}

/// Partner requests of `range` ending at `now`, for the whole tenant or one of its keys:
/// every bucket, the totals, the busiest routes and the latency percentiles.
pub async fn usage_report(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    key: Option<ApiKeyId>,
    range: UsageRange,
    now: OffsetDateTime,
) -> Result<UsageReport, Error> {
    let (from, to) = range.window(now);
    let window = ReportWindow {
        tenant,
        key,
        from,
        to,
    };
    // Buckets, routes and percentiles from one snapshot, so their totals agree.
    db::read_snapshot(conn)
        .run(async |conn| {
            let rows = store::bucket_counts(conn, window, range.bucket().whole_seconds()).await?;
            let mut report = UsageReport::from_rows(range, from, to, rows);
            report.top_routes = store::top_routes(conn, window).await?;
            (report.p50_ms, report.p95_ms) = store::latency(conn, window).await?;
            Ok(report)
        })
        .await
}

/// Deletes every request-log row older than `retention_days` before `now`, in batches of
/// [`PURGE_BATCH`] (a connection is taken per batch, so the purge never holds one long);
/// returns how many went. Fails only on the database (`db::DbError`).
pub async fn purge_expired(
    pool: &PgPool,
    retention_days: u32,
    now: OffsetDateTime,
) -> Result<usize, db::DbError> {
    let before = now - time::Duration::days(i64::from(retention_days));
    db::purge_in_batches(pool, PURGE_BATCH, |conn, batch| {
        Box::pin(store::purge_before(conn, before, batch))
    })
    .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn record(tenant: Uuid, key: Option<Uuid>, at: OffsetDateTime) -> RequestRecord {
        RequestRecord {
            id: Uuid::now_v7(),
            tenant_id: Some(tenant),
            request_id: "req".into(),
            api_key_id: key,
            operator_id: None,
            method: "GET".into(),
            route: None,
            path: "/".into(),
            query: None,
            status: 200,
            duration_ms: 1,
            client_ip: "127.0.0.1".into(),
            user_agent: None,
            origin_app: None,
            created_at: at,
        }
    }

    #[test]
    fn daily_usage_counts_keyed_records_per_utc_day() {
        let (tenant, key) = (Uuid::now_v7(), Uuid::now_v7());
        let day = time::macros::datetime!(2026-05-01 23:30 UTC);
        let usage = daily_usage(&[
            record(tenant, Some(key), day),
            record(tenant, Some(key), day + time::Duration::minutes(10)),
            // 00:30 the next day, though 02:30 in Berlin: counted on the UTC day.
            record(tenant, Some(key), day + time::Duration::hours(1)),
            record(tenant, None, day),
        ]);
        let mut rows: Vec<_> = (0..usage.keys.len())
            .map(|i| (usage.days[i], usage.counts[i], usage.last_used[i]))
            .collect();
        rows.sort();
        assert_eq!(
            rows,
            vec![
                (day.date(), 2, day + time::Duration::minutes(10)),
                (
                    day.date().next_day().unwrap(),
                    1,
                    day + time::Duration::hours(1)
                ),
            ]
        );
    }
}
