//! The audit trail (SPEC §5): request records, written in batches together with the per-key
//! daily usage roll-up and the key's `last_used_at` (moved at most once a minute), and the
//! retention purge. The batching writer itself lives with the process that owns it (the
//! gateway); this module is storage only.

pub mod store;

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// One request as recorded.
#[derive(
    Debug, Clone, PartialEq, Eq, diesel::Insertable, diesel::Queryable, diesel::Selectable,
)]
#[diesel(table_name = db::schema::request_logs, check_for_backend(diesel::pg::Pg))]
pub struct RequestRecord {
    pub id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub request_id: String,
    pub api_key_id: Option<Uuid>,
    pub operator_id: Option<Uuid>,
    pub method: String,
    pub route: Option<String>,
    pub path: String,
    pub query: Option<String>,
    pub status: i32,
    pub duration_ms: i32,
    pub client_ip: String,
    pub user_agent: Option<String>,
    pub origin_app: Option<String>,
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
