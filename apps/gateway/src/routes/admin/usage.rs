//! Partner-API usage over time (the dashboard's plots): requests per bucket split by status
//! class, top routes and latency percentiles, for the tenant or one key.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{ApiError, FieldError};
use fleet_domain::audit::{service as audit, RouteCount, StatusCounts, UsageRange, UsageReport};
use fleet_domain::ApiKeyId;

use crate::error::HttpError;
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_usage);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsageQuery {
    /// `24h` (5-minute buckets, the default) or `30d` (UTC-day buckets).
    #[param(example = "24h", pattern = "^(24h|30d)$")]
    pub range: Option<String>,
    /// Only this key's requests; absent = every key of the tenant.
    #[param(value_type = Option<uuid::Uuid>)]
    pub api_key_id: Option<String>,
}

impl UsageQuery {
    /// The window and the key, or a `VALIDATION_ERROR` naming every bad field.
    fn parse(&self) -> Result<(UsageRange, Option<ApiKeyId>), HttpError> {
        let mut errors = Vec::new();
        let range = match self.range.as_deref() {
            None => UsageRange::Day,
            Some(r) => r.parse().unwrap_or_else(|m| {
                errors.push(FieldError::new("range", m));
                UsageRange::Day
            }),
        };
        let key = match self.api_key_id.as_deref() {
            None => None,
            Some(k) => match k.trim().parse::<uuid::Uuid>() {
                Ok(id) => Some(ApiKeyId(id)),
                Err(_) => {
                    errors.push(FieldError::new("api_key_id", "must be a UUID"));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(HttpError(ApiError::validation(errors)));
        }
        Ok((range, key))
    }
}

/// Requests by outcome; the five parts add up to `total`.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCountsOut {
    pub total: i64,
    /// 2xx.
    pub success: i64,
    /// 4xx other than 429.
    pub client_error: i64,
    /// 5xx.
    pub server_error: i64,
    /// 429.
    pub rate_limited: i64,
    /// 1xx and 3xx.
    pub other: i64,
}

impl From<StatusCounts> for StatusCountsOut {
    fn from(c: StatusCounts) -> Self {
        Self {
            total: c.total,
            success: c.success,
            client_error: c.client_error,
            server_error: c.server_error,
            rate_limited: c.rate_limited,
            other: c.other,
        }
    }
}

/// One time bucket, from `start` for `bucket_seconds`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageBucketOut {
    #[serde(with = "time::serde::rfc3339")]
    pub start: OffsetDateTime,
    #[serde(flatten)]
    pub counts: StatusCountsOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RouteUsageOut {
    #[schema(example = "GET")]
    pub method: String,
    /// Route template (`unmatched` for unknown paths).
    #[schema(example = "/api/partner/v1/vehicles")]
    pub route: String,
    pub requests: i64,
}

impl From<RouteCount> for RouteUsageOut {
    fn from(r: RouteCount) -> Self {
        Self {
            method: r.method,
            route: r.route,
            requests: r.requests,
        }
    }
}

/// Usage of one window.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageOut {
    #[schema(example = "24h")]
    pub range: &'static str,
    pub bucket_seconds: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
    pub api_key_id: Option<ApiKeyId>,
    /// Every bucket of the window, oldest first (empty ones included).
    pub buckets: Vec<UsageBucketOut>,
    pub totals: StatusCountsOut,
    /// The ten busiest routes, busiest first.
    pub top_routes: Vec<RouteUsageOut>,
    /// Median duration in milliseconds (`null` without requests).
    pub p50_ms: Option<f64>,
    /// 95th percentile duration in milliseconds.
    pub p95_ms: Option<f64>,
}

impl UsageOut {
    fn new(r: UsageReport, key: Option<ApiKeyId>) -> Self {
        Self {
            range: r.range.as_str(),
            bucket_seconds: r.range.bucket().whole_seconds(),
            from: r.from,
            to: r.to,
            api_key_id: key,
            buckets: r
                .buckets
                .into_iter()
                .map(|b| UsageBucketOut {
                    start: b.start,
                    counts: b.counts.into(),
                })
                .collect(),
            totals: r.totals.into(),
            top_routes: r.top_routes.into_iter().map(Into::into).collect(),
            p50_ms: r.p50_ms,
            p95_ms: r.p95_ms,
        }
    }
}

/// Partner-API requests (made with the tenant's keys) over the last 24 hours by 5 minutes or
/// the last 30 days by day, split into 2xx / 4xx / 5xx / 429, with the top routes and the
/// p50 / p95 latency. Recording is asynchronous: a request counts within about a second.
///
/// Any signed-in operator; optionally one key (`api_key_id`). 400 for an unknown `range` or a
/// malformed `api_key_id`.
#[utoipa::path(
    tag = "Management: Request logs",
    operation_id = "get_usage",
    params(UsageQuery),
    responses(
        (status = 200, description = "Usage of the window", body = envelope::DataEnvelope<UsageOut>),
        (status = 400, description = "Bad `range` or `api_key_id`", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[get("/usage")]
pub async fn get_usage(
    auth: OperatorAuth,
    query: web::Query<UsageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let (range, key) = query.parse()?;
    let mut conn = state.pool.get().await?;
    let report = audit::usage_report(
        &mut conn,
        auth.0.tenant.id,
        key,
        range,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(respond::ok(UsageOut::new(report, key)))
}
