//! `GET /analytics/rides` and `/analytics/revenue` (`analytics:read`): ended rides bucketed
//! by hour, day or week in the subaccount's time zone (see `fleet_domain::analytics`).

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{ApiError, FieldError};
use fleet_domain::analytics::{ride_series, Bucket, Interval, Series};
use fleet_domain::Permission;

use crate::error::HttpError;
use crate::extract::Auth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_ride_analytics)
        .service(get_revenue_analytics);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsQuery {
    /// Start (inclusive), RFC 3339. Default: `to` minus 24 hours (hour), 30 days (day) or
    /// 12 weeks (week).
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<String>,
    /// End (exclusive), RFC 3339. Default: now.
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<String>,
    /// `hour`, `day` (default) or `week` (ISO weeks from Monday).
    #[param(value_type = Option<Interval>)]
    pub interval: Option<String>,
}

impl AnalyticsQuery {
    fn parse(&self) -> Result<(OffsetDateTime, OffsetDateTime, Interval), HttpError> {
        let mut errors = Vec::new();
        let interval = match self.interval.as_deref() {
            None => Interval::Day,
            Some(raw) => raw.trim().parse().unwrap_or_else(|_| {
                errors.push(FieldError::new("interval", "must be hour, day or week"));
                Interval::Day
            }),
        };
        let mut instant = |field: &'static str, raw: &Option<String>| {
            let parsed = raw.as_deref().map(envelope::parse_rfc3339);
            if parsed == Some(None) {
                errors.push(FieldError::new(field, envelope::RFC3339_MESSAGE));
            }
            parsed.flatten()
        };
        let to = instant("to", &self.to);
        let from = instant("from", &self.from);
        if !errors.is_empty() {
            return Err(HttpError(ApiError::validation(errors)));
        }
        let to = to.unwrap_or_else(OffsetDateTime::now_utc);
        let from = from.unwrap_or_else(|| {
            to - match interval {
                Interval::Hour => Duration::hours(24),
                Interval::Day => Duration::days(30),
                Interval::Week => Duration::weeks(12),
            }
        });
        Ok((from, to, interval))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RideBucketOut {
    /// Bucket start (UTC instant of the local hour, midnight or Monday).
    #[serde(with = "time::serde::rfc3339")]
    pub start: OffsetDateTime,
    /// Bucket end (exclusive) = the next bucket's start.
    #[serde(with = "time::serde::rfc3339")]
    pub end: OffsetDateTime,
    /// Rides that ended in the bucket.
    pub rides: i64,
    /// Riding time (pauses excluded), minutes, two decimals.
    pub riding_minutes: f64,
    /// Distance, kilometres.
    pub distance_km: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevenueBucketOut {
    #[serde(with = "time::serde::rfc3339")]
    pub start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub end: OffsetDateTime,
    pub rides: i64,
    /// Fares charged, minor units of `currency`.
    pub revenue_cents: i64,
    /// `revenue_cents / rides`, rounded half up; `null` without rides.
    pub average_fare_cents: Option<i64>,
}

fn minutes(seconds: i64) -> f64 {
    (seconds as f64 / 60.0 * 100.0).round() / 100.0
}

fn km(metres: i64) -> f64 {
    metres as f64 / 1000.0
}

fn ride_bucket(b: &Bucket) -> RideBucketOut {
    RideBucketOut {
        start: b.start,
        end: b.end,
        rides: b.rides,
        riding_minutes: minutes(b.riding_seconds),
        distance_km: km(b.distance_m),
    }
}

fn revenue_bucket(b: &Bucket) -> RevenueBucketOut {
    RevenueBucketOut {
        start: b.start,
        end: b.end,
        rides: b.rides,
        revenue_cents: b.revenue_cents,
        average_fare_cents: b.average_fare_cents(),
    }
}

/// Everything of the range in one bucket (for the totals).
fn total(series: &Series) -> Bucket {
    series.buckets.iter().fold(
        Bucket {
            start: series.from,
            end: series.to,
            rides: 0,
            riding_seconds: 0,
            distance_m: 0,
            revenue_cents: 0,
        },
        |acc, b| Bucket {
            rides: acc.rides + b.rides,
            riding_seconds: acc.riding_seconds + b.riding_seconds,
            distance_m: acc.distance_m + b.distance_m,
            revenue_cents: acc.revenue_cents + b.revenue_cents,
            ..acc
        },
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RideAnalyticsOut {
    /// The IANA zone the buckets follow.
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    pub interval: Interval,
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
    /// Every bucket of the range, empty ones included, in time order.
    pub buckets: Vec<RideBucketOut>,
    /// The whole range.
    pub totals: RideBucketOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevenueAnalyticsOut {
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    #[schema(example = "EUR")]
    pub currency: String,
    pub interval: Interval,
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
    pub buckets: Vec<RevenueBucketOut>,
    pub totals: RevenueBucketOut,
}

/// The one use case of both routes: permission, query, the bucketed series.
async fn series(
    auth: &Auth,
    query: &AnalyticsQuery,
    state: &AppState,
) -> Result<Series, HttpError> {
    auth.0.require(Permission::AnalyticsRead)?;
    let (from, to, interval) = query.parse()?;
    let mut conn = state.pool.get().await?;
    Ok(ride_series(&mut conn, &auth.0.scope, from, to, interval).await?)
}

/// Ride counts, riding minutes and kilometres per bucket.
///
/// Needs `analytics:read`. Buckets follow the subaccounts' time zone; 400 when `to` is not after
/// `from`, the range spans too many buckets, or the subaccounts in reach differ in time zone
/// (choose one with `X-Subaccount-Id`).
#[utoipa::path(
    tag = "Analytics",
    operation_id = "get_ride_analytics",
    params(crate::extract::SubaccountHeader, AnalyticsQuery),
    responses((status = 200, description = "Buckets", body = envelope::DataEnvelope<RideAnalyticsOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/analytics/rides")]
pub async fn get_ride_analytics(
    auth: Auth,
    query: web::Query<AnalyticsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let series = series(&auth, &query, &state).await?;
    let totals = ride_bucket(&total(&series));
    Ok(respond::ok(RideAnalyticsOut {
        buckets: series.buckets.iter().map(ride_bucket).collect(),
        timezone: series.timezone,
        interval: series.interval,
        from: series.from,
        to: series.to,
        totals,
    }))
}

/// Revenue, ride count and average fare per bucket.
///
/// Needs `analytics:read`; `currency` is `null` when the subaccounts in reach differ in it. 400
/// when `to` is not after `from`, the range spans too many buckets, or the subaccounts in reach
/// differ in time zone (choose one with `X-Subaccount-Id`).
#[utoipa::path(
    tag = "Analytics",
    operation_id = "get_revenue_analytics",
    params(crate::extract::SubaccountHeader, AnalyticsQuery),
    responses((status = 200, description = "Buckets", body = envelope::DataEnvelope<RevenueAnalyticsOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/analytics/revenue")]
pub async fn get_revenue_analytics(
    auth: Auth,
    query: web::Query<AnalyticsQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let series = series(&auth, &query, &state).await?;
    let Some(currency) = series.currency.clone() else {
        return Err(HttpError(ApiError::invalid_field(
            "X-Subaccount-Id",
            "the subaccounts in reach use different currencies (or there are none); choose one subaccount",
        )));
    };
    let totals = revenue_bucket(&total(&series));
    Ok(respond::ok(RevenueAnalyticsOut {
        buckets: series.buckets.iter().map(revenue_bucket).collect(),
        timezone: series.timezone,
        currency,
        interval: series.interval,
        from: series.from,
        to: series.to,
        totals,
    }))
}
