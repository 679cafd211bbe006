//! What the request log holds and how it is asked.

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{ApiKeyId, OperatorId};

// Also the management API's wire type (`RequestLogOut`): every column but the tenant, which
// the caller's scope already fixes. The doc line below is the schema's description.
/// One recorded request.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    diesel::Insertable,
    diesel::Queryable,
    diesel::Selectable,
    Serialize,
    ToSchema,
)]
#[diesel(table_name = db::schema::request_logs, check_for_backend(diesel::pg::Pg))]
#[schema(as = RequestLogOut)]
pub struct RequestRecord {
    pub id: Uuid,
    #[serde(skip)]
    pub tenant_id: Option<Uuid>,
    #[schema(example = "req_01HZX3YQ5V8K2M4N6P8R0T2W4Y")]
    pub request_id: String,
    /// The key that made it (partner API).
    pub api_key_id: Option<Uuid>,
    /// The operator who made it (management API).
    pub operator_id: Option<Uuid>,
    #[schema(example = "GET")]
    pub method: String,
    /// The route template, e.g. `/api/partner/v1/vehicles/{id}`.
    pub route: Option<String>,
    pub path: String,
    pub query: Option<String>,
    pub status: i32,
    pub duration_ms: i32,
    pub client_ip: String,
    pub user_agent: Option<String>,
    /// The client's `X-Origin-App`.
    pub origin_app: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Requests made with one key (UTC calendar periods, ISO weeks), from the daily roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Usage {
    pub today: i64,
    pub this_week: i64,
    pub this_month: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
}

/// `status=404` or `status=4xx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Exact(i32),
    /// The hundreds digit: 1–5.
    Class(i32),
}

impl std::str::FromStr for StatusFilter {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const MSG: &str = "must be an HTTP status (100-599) or a class such as 4xx";
        let s = s.trim();
        if let Some(digit) = s.strip_suffix("xx").or_else(|| s.strip_suffix("XX")) {
            return match digit.parse::<i32>() {
                Ok(d) if (1..=5).contains(&d) && digit.len() == 1 => Ok(Self::Class(d)),
                _ => Err(MSG),
            };
        }
        match s.parse::<i32>() {
            Ok(n) if (100..=599).contains(&n) => Ok(Self::Exact(n)),
            _ => Err(MSG),
        }
    }
}

/// A query of the request log. Every filter is optional; given ones all apply. `from` is
/// inclusive, `to` exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub api_key_id: Option<ApiKeyId>,
    pub operator_id: Option<OperatorId>,
    pub status: Option<StatusFilter>,
    pub method: Option<String>,
    pub route: Option<String>,
    pub path: Option<String>,
    pub request_id: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_filters_parse() {
        assert_eq!("404".parse(), Ok(StatusFilter::Exact(404)));
        assert_eq!("4xx".parse(), Ok(StatusFilter::Class(4)));
        assert_eq!(" 5XX ".parse(), Ok(StatusFilter::Class(5)));
        assert!("6xx".parse::<StatusFilter>().is_err());
        assert!("99".parse::<StatusFilter>().is_err());
        assert!("44xx".parse::<StatusFilter>().is_err());
    }
}
