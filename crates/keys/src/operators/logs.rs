//! Request-log queries for operators (SPEC §5): the tenant's requests, newest first, filtered
//! by key, operator, status, method, route template, path and time, cursor-paginated on
//! `(created_at, id)` descending. Served by `request_logs_tenant_time_idx` (and the per-key
//! and per-operator indexes when those filters are given).

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::request_logs;
use envelope::Keyset;
use fleet_domain::audit::RequestRecord;
use fleet_domain::{ApiKeyId, Listing, OperatorId, TenantId};

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

/// Every filter is optional; given ones all apply. `from` is inclusive, `to` exclusive.
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

/// One page of the tenant's request log, newest first.
pub async fn list_request_logs(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    filter: &LogFilter,
    after: Option<&Keyset>,
    limit: u32,
) -> QueryResult<Listing<RequestRecord>> {
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
    let rows = query
        .order((request_logs::created_at.desc(), request_logs::id.desc()))
        .limit(i64::from(limit) + 1)
        .load(conn)
        .await?;
    Ok(Listing::from_cursor_rows(rows, limit, |r| {
        (r.created_at, r.id)
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn status_filters_parse() {
        assert_eq!("404".parse(), Ok(StatusFilter::Exact(404)));
        assert_eq!("4xx".parse(), Ok(StatusFilter::Class(4)));
        assert!("6xx".parse::<StatusFilter>().is_err());
        assert!("99".parse::<StatusFilter>().is_err());
        assert!("44xx".parse::<StatusFilter>().is_err());
    }
}
