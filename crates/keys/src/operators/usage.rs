//! Partner-API usage over time for the dashboard's plots: requests of the tenant's keys (or of
//! one key) per time bucket split by status class, the busiest routes and latency
//! percentiles, aggregated from the request log. Each query is one range scan of
//! `request_logs_tenant_time_idx` (`request_logs_tenant_key_time_idx` for one key) over the
//! window; costs are in docs/performance.md.

use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::{QueryResult, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::{Duration, OffsetDateTime};

use fleet_domain::{ApiKeyId, TenantId};

/// The two windows the dashboard plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageRange {
    /// The last 24 hours in 5-minute buckets.
    Day,
    /// The last 30 days in UTC-day buckets.
    Month,
}

impl UsageRange {
    pub const fn bucket(self) -> Duration {
        match self {
            UsageRange::Day => Duration::minutes(5),
            UsageRange::Month => Duration::days(1),
        }
    }

    pub const fn span(self) -> Duration {
        match self {
            UsageRange::Day => Duration::hours(24),
            UsageRange::Month => Duration::days(30),
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            UsageRange::Day => "24h",
            UsageRange::Month => "30d",
        }
    }
}

impl std::str::FromStr for UsageRange {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "24h" => Ok(UsageRange::Day),
            "30d" => Ok(UsageRange::Month),
            _ => Err("must be 24h or 30d"),
        }
    }
}

/// Requests by outcome. `client_error` excludes 429s, which are counted in `rate_limited`;
/// `other` holds 1xx and 3xx, so the five parts add up to `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, QueryableByName)]
pub struct StatusCounts {
    #[diesel(sql_type = BigInt)]
    pub total: i64,
    #[diesel(sql_type = BigInt)]
    pub success: i64,
    #[diesel(sql_type = BigInt)]
    pub client_error: i64,
    #[diesel(sql_type = BigInt)]
    pub server_error: i64,
    #[diesel(sql_type = BigInt)]
    pub rate_limited: i64,
    #[diesel(sql_type = BigInt)]
    pub other: i64,
}

/// One time bucket (its start) and its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageBucket {
    pub start: OffsetDateTime,
    pub counts: StatusCounts,
}

#[derive(QueryableByName)]
struct BucketRow {
    #[diesel(sql_type = Timestamptz)]
    bucket: OffsetDateTime,
    #[diesel(embed)]
    counts: StatusCounts,
}

/// A route and how often it was called in the window.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct RouteCount {
    #[diesel(sql_type = Text)]
    pub method: String,
    #[diesel(sql_type = Text)]
    pub route: String,
    #[diesel(sql_type = BigInt)]
    pub requests: i64,
}

#[derive(QueryableByName)]
struct LatencyRow {
    #[diesel(sql_type = Nullable<Double>)]
    p50: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    p95: Option<f64>,
}

/// The whole picture of one window.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageReport {
    pub range: UsageRange,
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
    /// Every bucket of the window, oldest first, empty ones included.
    pub buckets: Vec<UsageBucket>,
    pub totals: StatusCounts,
    /// At most 10, busiest first.
    pub top_routes: Vec<RouteCount>,
    /// Milliseconds; `None` when there were no requests.
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
}

const COUNTS: &str = "count(*) AS total, \
     count(*) FILTER (WHERE status BETWEEN 200 AND 299) AS success, \
     count(*) FILTER (WHERE status BETWEEN 400 AND 499 AND status <> 429) AS client_error, \
     count(*) FILTER (WHERE status >= 500) AS server_error, \
     count(*) FILTER (WHERE status = 429) AS rate_limited, \
     count(*) FILTER (WHERE status < 200 OR status BETWEEN 300 AND 399) AS other";

/// Partner requests only (a key made them): the dashboard's own management calls would
/// otherwise swamp the picture. `$1` tenant, `$2` from, `$3` to, `$4` key or NULL.
const WHERE: &str = "WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 \
     AND api_key_id IS NOT NULL AND ($4::uuid IS NULL OR api_key_id = $4)";

/// The report of `range` ending at `now`, for the whole tenant or one of its keys.
pub async fn usage_report(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    key: Option<ApiKeyId>,
    range: UsageRange,
    now: OffsetDateTime,
) -> QueryResult<UsageReport> {
    let step = range.bucket().whole_seconds();
    // Buckets aligned to UTC multiples of the step; the window ends after the current one.
    let to_unix = (now.unix_timestamp().div_euclid(step) + 1) * step;
    let from_unix = to_unix - range.span().whole_seconds();
    let to = OffsetDateTime::from_unix_timestamp(to_unix).unwrap_or(now);
    let from = OffsetDateTime::from_unix_timestamp(from_unix).unwrap_or(now);
    let key = key.map(|k| k.0);
    let rows: Vec<BucketRow> = diesel::sql_query(format!(
        "SELECT to_timestamp(floor(extract(epoch FROM created_at) / $5) * $5) AS bucket, \
         {COUNTS} FROM request_logs {WHERE} GROUP BY 1 ORDER BY 1"
    ))
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Nullable<SqlUuid>, _>(key)
    .bind::<BigInt, _>(step)
    .load(conn)
    .await?;
    let top_routes: Vec<RouteCount> = diesel::sql_query(format!(
        "SELECT method, coalesce(route, 'unmatched') AS route, count(*) AS requests \
         FROM request_logs {WHERE} GROUP BY 1, 2 ORDER BY 3 DESC, 2, 1 LIMIT 10"
    ))
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Nullable<SqlUuid>, _>(key)
    .load(conn)
    .await?;
    let latency: Vec<LatencyRow> = diesel::sql_query(format!(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, \
         percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95 \
         FROM request_logs {WHERE}"
    ))
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Nullable<SqlUuid>, _>(key)
    .load(conn)
    .await?;
    let (p50_ms, p95_ms) = latency
        .into_iter()
        .next()
        .map_or((None, None), |l| (l.p50, l.p95));
    Ok(assemble(range, from, to, rows, top_routes, p50_ms, p95_ms))
}

fn assemble(
    range: UsageRange,
    from: OffsetDateTime,
    to: OffsetDateTime,
    rows: Vec<BucketRow>,
    top_routes: Vec<RouteCount>,
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
) -> UsageReport {
    let mut totals = StatusCounts::default();
    let mut rows = rows.into_iter().peekable();
    let mut buckets = Vec::new();
    let mut start = from;
    while start < to {
        let mut counts = StatusCounts::default();
        while let Some(row) = rows.next_if(|r| r.bucket <= start) {
            if row.bucket == start {
                counts = row.counts;
            }
        }
        totals.total += counts.total;
        totals.success += counts.success;
        totals.client_error += counts.client_error;
        totals.server_error += counts.server_error;
        totals.rate_limited += counts.rate_limited;
        totals.other += counts.other;
        buckets.push(UsageBucket { start, counts });
        start += range.bucket();
    }
    UsageReport {
        range,
        from,
        to,
        buckets,
        totals,
        top_routes,
        p50_ms,
        p95_ms,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn empty_buckets_are_filled_and_totals_add_up() {
        let from = OffsetDateTime::from_unix_timestamp(0).unwrap();
        let to = from + Duration::hours(24);
        let one = StatusCounts {
            total: 3,
            success: 1,
            client_error: 1,
            rate_limited: 1,
            ..StatusCounts::default()
        };
        let rows = vec![
            BucketRow {
                bucket: from + Duration::minutes(10),
                counts: one,
            },
            BucketRow {
                bucket: to - Duration::minutes(5),
                counts: one,
            },
        ];
        let r = assemble(UsageRange::Day, from, to, rows, Vec::new(), None, None);
        assert_eq!(r.buckets.len(), 288);
        assert_eq!(r.buckets[2].counts, one);
        assert_eq!(r.buckets[287].counts, one);
        assert_eq!(r.totals.total, 6);
        assert_eq!(r.totals.rate_limited, 2);
    }
}
