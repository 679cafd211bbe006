//! Partner-API usage over time for the dashboard's plots: requests of the tenant's keys (or
//! of one key) per time bucket split by status class, the busiest routes and latency
//! percentiles, aggregated from the request log (queries in [`super::store`]; costs in
//! docs/performance.md).

use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel::QueryableByName;
use time::{Duration, OffsetDateTime};

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

    /// The window ending after the bucket that holds `now`, buckets aligned to UTC
    /// multiples of the bucket length: `(from, to)`.
    pub fn window(self, now: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
        let step = self.bucket().whole_seconds();
        let to_unix = (now.unix_timestamp().div_euclid(step) + 1) * step;
        let from_unix = to_unix - self.span().whole_seconds();
        let to = OffsetDateTime::from_unix_timestamp(to_unix).unwrap_or(now);
        let from = OffsetDateTime::from_unix_timestamp(from_unix).unwrap_or(now);
        (from, to)
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

impl StatusCounts {
    fn add(&mut self, c: &StatusCounts) {
        self.total += c.total;
        self.success += c.success;
        self.client_error += c.client_error;
        self.server_error += c.server_error;
        self.rate_limited += c.rate_limited;
        self.other += c.other;
    }
}

/// One time bucket (its start) and its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageBucket {
    pub start: OffsetDateTime,
    pub counts: StatusCounts,
}

/// A bucket as the query returns it (only buckets with requests).
#[derive(QueryableByName)]
pub(crate) struct BucketRow {
    #[diesel(sql_type = Timestamptz)]
    pub bucket: OffsetDateTime,
    #[diesel(embed)]
    pub counts: StatusCounts,
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

impl UsageReport {
    /// Fills the window's every bucket from the query's rows (oldest first) and adds up the
    /// totals; the caller sets the routes and percentiles.
    pub(crate) fn from_rows(
        range: UsageRange,
        from: OffsetDateTime,
        to: OffsetDateTime,
        rows: Vec<BucketRow>,
    ) -> Self {
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
            totals.add(&counts);
            buckets.push(UsageBucket { start, counts });
            start += range.bucket();
        }
        UsageReport {
            range,
            from,
            to,
            buckets,
            totals,
            top_routes: Vec::new(),
            p50_ms: None,
            p95_ms: None,
        }
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
        let r = UsageReport::from_rows(UsageRange::Day, from, to, rows);
        assert_eq!(r.buckets.len(), 288);
        assert_eq!(r.buckets[2].counts, one);
        assert_eq!(r.buckets[287].counts, one);
        assert_eq!(r.totals.total, 6);
        assert_eq!(r.totals.rate_limited, 2);
    }

    #[test]
    fn windows_end_after_the_current_bucket() {
        let now = OffsetDateTime::from_unix_timestamp(86_400 * 10 + 301).unwrap();
        let (from, to) = UsageRange::Day.window(now);
        assert_eq!(to.unix_timestamp(), 86_400 * 10 + 600);
        assert_eq!(to - from, Duration::hours(24));
        let (from, to) = UsageRange::Month.window(now);
        assert_eq!(to.unix_timestamp(), 86_400 * 11);
        assert_eq!(to - from, Duration::days(30));
    }
}
