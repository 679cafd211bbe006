//! Request-log queries. Functions take a connection; the service owns the transaction.

use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{
    Array, BigInt, Bool, Date, Double, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::{Date as CalendarDate, OffsetDateTime};
use uuid::Uuid;

use db::schema::request_logs;
use envelope::Keyset;

use super::report::BucketRow;
use super::{LogFilter, RequestRecord, RouteCount, StatusFilter, Usage};
use crate::{ApiKeyId, TenantId};

/// Rows per INSERT statement.
pub const MAX_ROWS_PER_STATEMENT: usize = 5_000;

/// One INSERT of fixed shape for up to [`MAX_ROWS_PER_STATEMENT`] rows: each column bound as one array and
/// expanded with `unnest`, so Postgres parses 15 parameters, not 15 per row.
pub async fn insert_records(
    conn: &mut AsyncPgConnection,
    rows: &[RequestRecord],
) -> QueryResult<usize> {
    // Text columns are bound as borrowed `&str`: no copy of every string of the batch.
    fn col<'a, T>(rows: &'a [RequestRecord], f: impl Fn(&'a RequestRecord) -> T) -> Vec<T> {
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
    .bind::<Array<Text>, _>(col(rows, |r| r.request_id.as_str()))
    .bind::<Array<Nullable<SqlUuid>>, _>(col(rows, |r| r.api_key_id))
    .bind::<Array<Nullable<SqlUuid>>, _>(col(rows, |r| r.operator_id))
    .bind::<Array<Text>, _>(col(rows, |r| r.method.as_str()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.route.as_deref()))
    .bind::<Array<Text>, _>(col(rows, |r| r.path.as_str()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.query.as_deref()))
    .bind::<Array<Integer>, _>(col(rows, |r| r.status))
    .bind::<Array<Integer>, _>(col(rows, |r| r.duration_ms))
    .bind::<Array<Text>, _>(col(rows, |r| r.client_ip.as_str()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.user_agent.as_deref()))
    .bind::<Array<Nullable<Text>>, _>(col(rows, |r| r.origin_app.as_deref()))
    .bind::<Array<Timestamptz>, _>(col(rows, |r| r.created_at))
    .execute(conn)
    .await
}

/// Per-(tenant, key, UTC day) request counts of a batch, as parallel arrays for `unnest`.
#[derive(Debug, Default)]
pub struct DailyUsage {
    pub tenants: Vec<Uuid>,
    pub keys: Vec<Uuid>,
    pub days: Vec<CalendarDate>,
    pub counts: Vec<i64>,
    /// The latest use in the batch of each row's key.
    pub last_used: Vec<OffsetDateTime>,
}

/// Adds the batch's counts to the daily roll-up (one upsert for all keys of the batch).
pub async fn add_daily_usage(conn: &mut AsyncPgConnection, u: &DailyUsage) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO api_key_usage_daily (tenant_id, api_key_id, day, requests) \
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::bigint[]) \
         ON CONFLICT (tenant_id, api_key_id, day) \
         DO UPDATE SET requests = api_key_usage_daily.requests + EXCLUDED.requests",
    )
    .bind::<Array<SqlUuid>, _>(&u.tenants)
    .bind::<Array<SqlUuid>, _>(&u.keys)
    .bind::<Array<Date>, _>(&u.days)
    .bind::<Array<BigInt>, _>(&u.counts)
    .execute(conn)
    .await
}

/// Moves each key's `last_used_at`, only when it is more than a minute behind.
pub async fn touch_last_used(conn: &mut AsyncPgConnection, u: &DailyUsage) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE api_keys k SET last_used_at = v.at \
         FROM (SELECT tenant_id, id, max(at) AS at \
               FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS u(tenant_id, id, at) \
               GROUP BY tenant_id, id) v \
         WHERE k.tenant_id = v.tenant_id AND k.id = v.id \
           AND (k.last_used_at IS NULL OR k.last_used_at < v.at - interval '1 minute')",
    )
    .bind::<Array<SqlUuid>, _>(&u.tenants)
    .bind::<Array<SqlUuid>, _>(&u.keys)
    .bind::<Array<Timestamptz>, _>(&u.last_used)
    .execute(conn)
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
/// The service loops until it returns less than `batch`, so no statement runs long.
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

/// One page of the tenant's request log, newest first: up to `limit + 1` rows after the
/// cursor `after` on `(created_at, id)` descending. Served by `request_logs_tenant_time_idx`
/// (and the per-key and per-operator indexes when those filters are given).
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    filter: &LogFilter,
    after: Option<&Keyset>,
    limit: i64,
) -> QueryResult<Vec<RequestRecord>> {
    let mut query = request_logs::table
        .filter(request_logs::tenant_id.eq(tenant.0))
        .select(RequestRecord::as_select())
        .into_boxed();
    if let Some(key) = filter.api_key_id {
        query = query.filter(request_logs::api_key_id.eq(key.0));
    }
    if let Some(op) = filter.operator_id {
        query = query.filter(request_logs::operator_id.eq(op.0));
    }
    match filter.status {
        Some(StatusFilter::Exact(s)) => query = query.filter(request_logs::status.eq(s)),
        Some(StatusFilter::Class(c)) => {
            query = query
                .filter(request_logs::status.ge(c * 100))
                .filter(request_logs::status.lt(c * 100 + 100));
        }
        None => {}
    }
    if let Some(method) = &filter.method {
        query = query.filter(request_logs::method.eq(method.to_ascii_uppercase()));
    }
    if let Some(route) = &filter.route {
        query = query.filter(request_logs::route.eq(route.clone()));
    }
    if let Some(path) = &filter.path {
        query = query.filter(request_logs::path.eq(path.clone()));
    }
    if let Some(request_id) = &filter.request_id {
        query = query.filter(request_logs::request_id.eq(request_id.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(request_logs::created_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(request_logs::created_at.lt(to));
    }
    if let Some(k) = after {
        query = query.filter(
            sql::<Bool>("(created_at, id) < (")
                .bind::<Timestamptz, _>(k.created_at)
                .sql(", ")
                .bind::<SqlUuid, _>(k.id)
                .sql(")"),
        );
    }
    query
        .order((request_logs::created_at.desc(), request_logs::id.desc()))
        .limit(limit)
        .load(conn)
        .await
}

const COUNTS: &str = "count(*) AS total, \
     count(*) FILTER (WHERE status BETWEEN 200 AND 299) AS success, \
     count(*) FILTER (WHERE status BETWEEN 400 AND 499 AND status <> 429) AS client_error, \
     count(*) FILTER (WHERE status >= 500) AS server_error, \
     count(*) FILTER (WHERE status = 429) AS rate_limited, \
     count(*) FILTER (WHERE status < 200 OR status BETWEEN 300 AND 399) AS other";

/// Partner requests only (a key made them): the dashboard's own management calls would
/// otherwise swamp the picture. `$1` tenant, `$2` from, `$3` to, `$4` key or NULL.
const PARTNER_WINDOW: &str = "WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 \
     AND api_key_id IS NOT NULL AND ($4::uuid IS NULL OR api_key_id = $4)";

/// The partner requests of one window: the tenant's, or one key's.
#[derive(Debug, Clone, Copy)]
pub struct ReportWindow {
    pub tenant: TenantId,
    pub key: Option<ApiKeyId>,
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
}

/// `sql` (which filters with [`PARTNER_WINDOW`]) with the window's four parameters bound.
fn in_window(sql: String, w: ReportWindow) -> BoxedSqlQuery<'static, Pg, SqlQuery> {
    diesel::sql_query(sql)
        .into_boxed()
        .bind::<SqlUuid, _>(w.tenant.0)
        .bind::<Timestamptz, _>(w.from)
        .bind::<Timestamptz, _>(w.to)
        .bind::<Nullable<SqlUuid>, _>(w.key.map(|k| k.0))
}

/// Counts per bucket of `step_seconds` (UTC-aligned), only buckets with requests, oldest
/// first. One range scan of `request_logs_tenant_time_idx` (the per-key index for one key).
pub(crate) async fn bucket_counts(
    conn: &mut AsyncPgConnection,
    w: ReportWindow,
    step_seconds: i64,
) -> QueryResult<Vec<BucketRow>> {
    in_window(
        format!(
            "SELECT to_timestamp(floor(extract(epoch FROM created_at) / $5) * $5) AS bucket, \
             {COUNTS} FROM request_logs {PARTNER_WINDOW} GROUP BY 1 ORDER BY 1"
        ),
        w,
    )
    .bind::<BigInt, _>(step_seconds)
    .load(conn)
    .await
}

/// The ten busiest routes of the window, busiest first.
pub async fn top_routes(
    conn: &mut AsyncPgConnection,
    w: ReportWindow,
) -> QueryResult<Vec<RouteCount>> {
    in_window(
        format!(
            "SELECT method, coalesce(route, 'unmatched') AS route, count(*) AS requests \
             FROM request_logs {PARTNER_WINDOW} GROUP BY 1, 2 ORDER BY 3 DESC, 2, 1 LIMIT 10"
        ),
        w,
    )
    .load(conn)
    .await
}

#[derive(QueryableByName)]
struct LatencyRow {
    #[diesel(sql_type = Nullable<Double>)]
    p50: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    p95: Option<f64>,
}

/// The median and 95th percentile duration (ms) of the window; `None` without requests.
pub async fn latency(
    conn: &mut AsyncPgConnection,
    w: ReportWindow,
) -> QueryResult<(Option<f64>, Option<f64>)> {
    let rows: Vec<LatencyRow> = in_window(
        format!(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, \
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95 \
             FROM request_logs {PARTNER_WINDOW}"
        ),
        w,
    )
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .next()
        .map_or((None, None), |l| (l.p50, l.p95)))
}
