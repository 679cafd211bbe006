//! Ride analytics (SPEC §7 `/analytics/rides`, `/analytics/revenue`): ended rides bucketed
//! by hour, day or week in the subaccount's time zone, with every bucket of the range present
//! (empty ones as zeros). One SQL statement aggregates (`date_trunc` in the time zone, then a
//! `generate_series` of the buckets left-joined to the sums), reading the partial index
//! `rides_tenant_subaccount_ended_idx (tenant_id, subaccount_id, ended_at) WHERE status = 'ended'`.
//!
//! - A ride counts in the bucket that contains its **`ended_at`** (when it was priced and
//!   charged), and only if `from <= ended_at < to`.
//! - Days and weeks (ISO, from Monday) are calendar days in the zone: a DST change makes a
//!   day 23 or 25 hours long. Hours are real hours: on the autumn change the repeated local
//!   hour gives two buckets, the skipped spring hour none (exact for zones whose offsets
//!   change by whole hours, i.e. all but a handful such as Australia/Lord_Howe).
//! - The first and last buckets are the ones containing `from` and the instant before `to`;
//!   they count only rides inside the range.
//! - A scope spanning subaccounts with different time zones must pick one
//!   (`X-Subaccount-Id`), since one series cannot have two calendars.

use diesel::sql_types::{Array, BigInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::tenancy::store as tenancy_store;
use crate::{Error, Scope};

db::text_enum! {
    /// Bucket width.
    pub enum Interval {
        Hour = "hour",
        Day = "day",
        Week = "week",
    }
}

impl Interval {
    /// Nominal length, for bounding the number of buckets.
    pub fn nominal(self) -> Duration {
        match self {
            Interval::Hour => Duration::hours(1),
            Interval::Day => Duration::days(1),
            Interval::Week => Duration::weeks(1),
        }
    }
}

/// Most buckets one request may ask for.
pub const MAX_BUCKETS: i64 = 1_000;

/// Sums over the ended rides of one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct Bucket {
    #[diesel(sql_type = Timestamptz)]
    pub start: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    pub end: OffsetDateTime,
    #[diesel(sql_type = BigInt)]
    pub rides: i64,
    #[diesel(sql_type = BigInt)]
    pub riding_seconds: i64,
    #[diesel(sql_type = BigInt)]
    pub distance_m: i64,
    #[diesel(sql_type = BigInt)]
    pub revenue_cents: i64,
}

impl Bucket {
    /// Revenue per ride, rounded half up; `None` without rides.
    pub fn average_fare_cents(&self) -> Option<i64> {
        (self.rides > 0).then(|| (2 * self.revenue_cents + self.rides) / (2 * self.rides))
    }
}

/// A whole series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub timezone: String,
    /// The currency of the subaccounts in reach; `None` when they differ.
    pub currency: Option<String>,
    pub interval: Interval,
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
    pub buckets: Vec<Bucket>,
}

/// Buckets of the ended rides in `scope` between `from` (inclusive) and `to` (exclusive).
pub async fn ride_series(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    from: OffsetDateTime,
    to: OffsetDateTime,
    interval: Interval,
) -> Result<Series, Error> {
    if to <= from {
        return Err(Error::invalid("to", "must be after from"));
    }
    if (to - from).whole_seconds() / interval.nominal().whole_seconds() >= MAX_BUCKETS {
        return Err(Error::invalid(
            "to",
            format!(
                "the range spans more than {MAX_BUCKETS} {} buckets",
                interval.as_str()
            ),
        ));
    }
    let subaccounts =
        tenancy_store::subaccounts_by_ids(conn, scope.tenant_id(), scope.subaccount_ids()).await?;
    let mut zones: Vec<&str> = subaccounts.iter().map(|s| s.timezone.as_str()).collect();
    zones.sort_unstable();
    zones.dedup();
    let timezone = match zones.as_slice() {
        [] => "UTC".to_owned(),
        [one] => (*one).to_owned(),
        several => {
            return Err(Error::invalid(
                "X-Subaccount-Id",
                format!(
                    "the subaccounts in reach use different time zones ({}); choose one subaccount",
                    several.join(", ")
                ),
            ))
        }
    };
    let mut currencies: Vec<&str> = subaccounts.iter().map(|s| s.currency.as_str()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    let currency = match currencies.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    };
    let ids: Vec<Uuid> = scope.subaccount_ids().iter().map(|s| s.0).collect();
    let buckets = diesel::sql_query(series_sql(interval))
        .bind::<SqlUuid, _>(scope.tenant_id().0)
        .bind::<Array<SqlUuid>, _>(&ids)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<Text, _>(&timezone)
        .load::<Bucket>(conn)
        .await?;
    Ok(Series {
        timezone,
        currency,
        interval,
        from,
        to,
        buckets,
    })
}

/// The statement for one interval. Parameters: $1 tenant, $2 subaccounts, $3 from, $4 to,
/// $5 time zone. Only the interval (a fixed keyword) is spliced in. Public so tests can
/// `EXPLAIN` it.
pub fn series_sql(interval: Interval) -> String {
    let iv = interval.as_str();
    // The start (an instant) of the bucket holding instant `x`, and the series of starts.
    let (bucket_of, series, end_of) = match interval {
        // Real hours: step back from the instant by its local minutes and seconds.
        Interval::Hour => (
            "x - ((x AT TIME ZONE $5) - date_trunc('hour', x AT TIME ZONE $5))".to_owned(),
            "SELECT generate_series(first.b, $4 - interval '1 microsecond', interval '1 hour') AS start FROM first".to_owned(),
            "s.start + interval '1 hour'".to_owned(),
        ),
        // Calendar days and weeks: truncate the local wall-clock time, step in local time.
        Interval::Day | Interval::Week => (
            format!("date_trunc('{iv}', x AT TIME ZONE $5) AT TIME ZONE $5"),
            format!(
                "SELECT g AT TIME ZONE $5 AS start FROM generate_series(\
                   date_trunc('{iv}', $3 AT TIME ZONE $5), \
                   ($4 - interval '1 microsecond') AT TIME ZONE $5, interval '1 {iv}') AS g"
            ),
            format!("((s.start AT TIME ZONE $5) + interval '1 {iv}') AT TIME ZONE $5"),
        ),
    };
    let bucket_of_from = bucket_of.replace('x', "$3");
    let bucket_of_ride = bucket_of.replace('x', "r.ended_at");
    format!(
        "WITH first AS (SELECT {bucket_of_from} AS b), \
         series AS ({series}), \
         sums AS ( \
           SELECT {bucket_of_ride} AS start, count(*)::bigint AS rides, \
             coalesce(sum(r.riding_seconds), 0)::bigint AS riding_seconds, \
             coalesce(sum(r.distance_m), 0)::bigint AS distance_m, \
             coalesce(sum(r.total_cents), 0)::bigint AS revenue_cents \
           FROM rides r \
           WHERE r.tenant_id = $1 AND r.subaccount_id = ANY($2) AND r.status = 'ended' \
             AND r.ended_at >= $3 AND r.ended_at < $4 \
           GROUP BY 1) \
         SELECT s.start, {end_of} AS \"end\", \
           coalesce(m.rides, 0)::bigint AS rides, \
           coalesce(m.riding_seconds, 0)::bigint AS riding_seconds, \
           coalesce(m.distance_m, 0)::bigint AS distance_m, \
           coalesce(m.revenue_cents, 0)::bigint AS revenue_cents \
         FROM series s LEFT JOIN sums m ON m.start = s.start \
         ORDER BY s.start"
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn average_fare_rounds_half_up() {
        let b = Bucket {
            start: OffsetDateTime::UNIX_EPOCH,
            end: OffsetDateTime::UNIX_EPOCH,
            rides: 2,
            riding_seconds: 0,
            distance_m: 0,
            revenue_cents: 301,
        };
        assert_eq!(b.average_fare_cents(), Some(151));
        assert_eq!(Bucket { rides: 0, ..b }.average_fare_cents(), None);
    }

    #[test]
    fn only_the_interval_keyword_is_spliced() {
        for iv in Interval::ALL {
            let sql = series_sql(iv);
            assert!(sql.contains("$5") && !sql.contains("{iv}"), "{sql}");
        }
    }
}
