//! The tenant's request log, newest first, filtered and cursor-paginated.

use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{ApiError, FieldError, Keyset, RFC3339_MESSAGE};
use fleet_domain::audit::{service as audit, LogFilter, RequestRecord, StatusFilter};

use crate::error::HttpError;
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_request_logs);
}

/// Filters (all optional, combined with AND) and the cursor.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestLogQuery {
    /// Requests made with this key.
    #[param(value_type = Option<uuid::Uuid>)]
    pub api_key_id: Option<String>,
    /// Requests made by this operator.
    #[param(value_type = Option<uuid::Uuid>)]
    pub operator_id: Option<String>,
    /// An HTTP status (`404`) or a class (`4xx`).
    #[param(example = "4xx", pattern = "^([1-5][0-9][0-9]|[1-5]xx|[1-5]XX)$")]
    pub status: Option<String>,
    /// `GET`, `POST`, …
    #[param(pattern = "^[A-Za-z]{1,16}$")]
    pub method: Option<String>,
    /// The route template, exactly (e.g. `/api/partner/v1/me`).
    #[param(max_length = 1024, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$")]
    pub route: Option<String>,
    /// The raw path, exactly.
    #[param(max_length = 1024, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$")]
    pub path: Option<String>,
    /// The request id (`X-Request-Id`), exactly.
    #[param(example = "req_01HZX3YQ5V8K2M4N6P8R0T2W4Y")]
    pub request_id: Option<String>,
    /// From this instant (inclusive), RFC 3339.
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<String>,
    /// Before this instant (exclusive), RFC 3339.
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<String>,
    /// Items per page, 1–100 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// Opaque cursor from `pagination.next_cursor`.
    pub cursor: Option<String>,
}

struct Parsed {
    filter: LogFilter,
    after: Option<Keyset>,
    limit: u32,
}

fn bounded(
    field: &'static str,
    raw: &Option<String>,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match raw {
        Some(v) if v.len() > 1024 || v.chars().any(char::is_control) => {
            errors.push(FieldError::new(field, "at most 1024 printable characters"));
            None
        }
        other => other.clone(),
    }
}

impl RequestLogQuery {
    fn parse(&self) -> Result<Parsed, HttpError> {
        let mut errors = Vec::new();
        let mut uuid = |field: &'static str, raw: &Option<String>| match raw.as_deref() {
            None => None,
            Some(s) => match s.trim().parse::<uuid::Uuid>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(FieldError::new(field, "must be a UUID"));
                    None
                }
            },
        };
        let api_key_id = uuid("api_key_id", &self.api_key_id);
        let operator_id = uuid("operator_id", &self.operator_id);
        let status = match self.status.as_deref() {
            None => None,
            Some(s) => match s.parse::<StatusFilter>() {
                Ok(f) => Some(f),
                Err(m) => {
                    errors.push(FieldError::new("status", m));
                    None
                }
            },
        };
        let method = match self.method.as_deref().map(str::trim) {
            None => None,
            Some(m)
                if !m.is_empty() && m.len() <= 16 && m.bytes().all(|b| b.is_ascii_alphabetic()) =>
            {
                Some(m.to_ascii_uppercase())
            }
            Some(_) => {
                errors.push(FieldError::new(
                    "method",
                    "must be an HTTP method such as GET",
                ));
                None
            }
        };
        let route = bounded("route", &self.route, &mut errors);
        let path = bounded("path", &self.path, &mut errors);
        let request_id = bounded("request_id", &self.request_id, &mut errors);
        let mut instant = |field: &'static str, raw: &Option<String>| match raw.as_deref() {
            None => None,
            Some(s) => match envelope::parse_rfc3339(s) {
                Some(t) => Some(t),
                None => {
                    errors.push(FieldError::new(field, RFC3339_MESSAGE));
                    None
                }
            },
        };
        let from = instant("from", &self.from);
        let to = instant("to", &self.to);
        let limit = envelope::parse_limit(self.limit.as_deref(), &mut errors);
        let after = match self.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => match (c.len() <= 512).then(|| Keyset::decode(c)) {
                Some(Ok(k)) => Some(k),
                _ => {
                    errors.push(FieldError::new("cursor", "is not a valid cursor"));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(HttpError(ApiError::validation(errors)));
        }
        Ok(Parsed {
            filter: LogFilter {
                api_key_id: api_key_id.map(fleet_domain::ApiKeyId),
                operator_id: operator_id.map(fleet_domain::OperatorId),
                status,
                method,
                route,
                path,
                request_id,
                from,
                to,
            },
            after,
            limit,
        })
    }
}

/// The tenant's recorded requests (partner and management), newest first. Recording is
/// asynchronous: a request shows up within about a second.
///
/// Any signed-in operator; filter by key, status, method, path and time, cursor pagination. 400
/// names each invalid filter.
#[utoipa::path(
    tag = "Management: Request logs",
    operation_id = "list_request_logs",
    params(RequestLogQuery),
    responses((status = 200, description = "Requests, newest first", body = envelope::ListEnvelope<RequestRecord>)),
    security(("session" = []))
)]
#[get("/request-logs")]
pub async fn list_request_logs(
    auth: OperatorAuth,
    query: web::Query<RequestLogQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let parsed = query.parse()?;
    let mut conn = state.pool.get().await?;
    let listing = audit::list_request_logs(
        &mut conn,
        auth.0.tenant.id,
        &parsed.filter,
        parsed.after.as_ref(),
        parsed.limit,
    )
    .await?;
    // The record is its own wire type (`RequestLogOut`).
    Ok(respond::listing(listing, std::convert::identity))
}
