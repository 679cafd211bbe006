//! Webhook domain types: endpoints, deliveries, attempts and their states.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

use fleet_domain::events::EventType;
use fleet_domain::{SubaccountId, TenantId};

fleet_domain::id_type!(
    /// One webhook endpoint.
    EndpointId
);
fleet_domain::id_type!(
    /// One delivery: an event on its way to one endpoint.
    DeliveryId
);
fleet_domain::id_type!(
    /// One HTTP attempt of a delivery.
    AttemptId
);

db::text_enum! {
    /// `pending` (waiting or in flight), `delivered` (a 2xx) or `failed` (attempts exhausted).
    pub enum DeliveryStatus {
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
    }
}

db::text_enum! {
    /// Circuit breaker state of an endpoint: `closed` (normal), `open` (deliveries wait),
    /// `half_open` (one probe in flight).
    pub enum CircuitState {
        Closed = "closed",
        Open = "open",
        HalfOpen = "half_open",
    }
}

/// Most custom headers per endpoint.
pub const MAX_HEADERS: usize = 20;
/// Longest custom header name / value.
pub const MAX_HEADER_NAME: usize = 64;
pub const MAX_HEADER_VALUE: usize = 1024;
/// Longest description.
pub const MAX_DESCRIPTION: usize = 500;

/// Header names an endpoint's custom headers may not set (case-insensitive): ours, and the
/// ones that would break HTTP framing.
pub fn is_reserved_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("x-levy-")
        || n.starts_with("webhook-")
        || matches!(
            n.as_str(),
            "content-type"
                | "content-length"
                | "content-encoding"
                | "transfer-encoding"
                | "host"
                | "connection"
                | "keep-alive"
                | "upgrade"
                | "te"
                | "trailer"
                | "proxy-authorization"
                | "proxy-connection"
                | "expect"
        )
}

/// A stored endpoint.
#[derive(Debug, Clone, PartialEq, diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = db::schema::webhook_endpoints, check_for_backend(diesel::pg::Pg))]
pub struct Endpoint {
    pub id: EndpointId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<String>,
    pub headers: Value,
    pub active: bool,
    pub auto_recover: bool,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<OffsetDateTime>,
    pub circuit: CircuitState,
    pub outage_started_at: Option<OffsetDateTime>,
    pub circuit_opened_at: Option<OffsetDateTime>,
    pub circuit_closed_at: Option<OffsetDateTime>,
    pub next_probe_at: Option<OffsetDateTime>,
    pub probe_interval_ms: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Endpoint {
    /// The secrets that sign at `now`: the current one, then the previous one during its
    /// 24 h overlap.
    pub fn signing_secrets(&self, now: OffsetDateTime) -> Vec<&str> {
        let mut v = vec![self.secret.as_str()];
        if let (Some(prev), Some(until)) = (&self.previous_secret, self.previous_secret_expires_at)
        {
            if until > now {
                v.push(prev.as_str());
            }
        }
        v
    }

    /// Custom headers as (name, value) pairs.
    pub fn header_pairs(&self) -> Vec<(String, String)> {
        self.headers
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn event_types(&self) -> Vec<EventType> {
        self.events.iter().filter_map(|e| e.parse().ok()).collect()
    }
}

/// A delivery: as stored, and as inserted (a new one has no outcome yet).
#[derive(
    Debug,
    Clone,
    PartialEq,
    diesel::Queryable,
    diesel::QueryableByName,
    diesel::Selectable,
    diesel::Insertable,
)]
#[diesel(table_name = db::schema::webhook_deliveries, check_for_backend(diesel::pg::Pg))]
pub struct Delivery {
    pub id: DeliveryId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub endpoint_id: EndpointId,
    pub event_id: uuid::Uuid,
    pub event_type: String,
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempt_count: i32,
    pub attempt_limit: i32,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub locked_until: Option<OffsetDateTime>,
    pub lock_token: Option<uuid::Uuid>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<OffsetDateTime>,
    pub failed_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Delivery {
    /// A new delivery of one event to one endpoint (`(tenant, subaccount, endpoint)`):
    /// pending, due at `now`, with the whole attempt budget and no outcome yet.
    pub fn pending(
        (tenant_id, subaccount_id, endpoint_id): (TenantId, SubaccountId, EndpointId),
        event_id: uuid::Uuid,
        event_type: String,
        payload: String,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id: DeliveryId::new(),
            tenant_id,
            subaccount_id,
            endpoint_id,
            event_id,
            event_type,
            payload,
            status: DeliveryStatus::Pending,
            attempt_count: 0,
            attempt_limit: crate::dispatcher::MAX_ATTEMPTS,
            next_attempt_at: Some(now),
            locked_until: None,
            lock_token: None,
            last_status_code: None,
            last_error: None,
            delivered_at: None,
            failed_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// `evt_<hex>` as sent.
    pub fn wire_event_id(&self) -> String {
        fleet_domain::events::EventId(self.event_id).wire()
    }
}

/// A recorded attempt.
#[derive(Debug, Clone, PartialEq, Serialize, diesel::Queryable, diesel::Selectable, ToSchema)]
#[diesel(table_name = db::schema::webhook_attempts, check_for_backend(diesel::pg::Pg))]
pub struct Attempt {
    pub id: AttemptId,
    pub delivery_id: DeliveryId,
    #[serde(skip)]
    pub endpoint_id: EndpointId,
    /// 1 for the first attempt; counts across resends.
    pub attempt_number: i32,
    /// A 2xx within the timeout.
    pub success: bool,
    /// The receiver's HTTP status (`null` when no response arrived).
    pub status_code: Option<i32>,
    pub latency_ms: i32,
    /// Why the attempt failed (timeout, connection, refused target, non-2xx, redirect).
    pub error: Option<String>,
    /// The first 1 KiB of the response body.
    pub response_body: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

// What creating an endpoint needs (validated by the service). Also the body of
// `POST /webhooks` as is, documented as `CreateWebhookIn` (a plain comment: the schema has
// no description of its own).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(as = CreateWebhookIn)]
pub struct NewEndpoint {
    /// HTTPS URL receiving the POSTs.
    #[schema(example = "https://partner.example.com/webhooks/levy")]
    pub url: String,
    /// Events to receive (at least one).
    #[schema(value_type = Vec<fleet_domain::events::EventType>, min_items = 1)]
    pub events: Vec<String>,
    /// Extra headers (string values) sent with every delivery; cannot replace `Content-Type`,
    /// `X-Levy-*` or `webhook-*`.
    #[schema(value_type = Option<HashMap<String, String>>, example = json!({"x-partner-token": "abc"}))]
    pub headers: Option<serde_json::Map<String, Value>>,
    #[schema(max_length = 500, pattern = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]*$")]
    pub description: Option<String>,
    /// Default true.
    pub active: Option<bool>,
    /// Default true.
    pub auto_recover: Option<bool>,
    /// The subaccount whose events it receives (required when the key reaches several).
    pub subaccount_id: Option<SubaccountId>,
}

/// A partial update; `None` leaves a field alone, `description: Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct EndpointPatch {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub headers: Option<serde_json::Map<String, Value>>,
    pub description: Option<Option<String>>,
    pub active: Option<bool>,
    pub auto_recover: Option<bool>,
}

/// Recent delivery health of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Health {
    /// Attempts in the window (the last [`crate::circuit::WINDOW`]).
    pub attempts: i64,
    pub successes: i64,
}

impl Health {
    /// Successes / attempts, `None` without attempts.
    pub fn success_rate(&self) -> Option<f64> {
        (self.attempts > 0).then(|| self.successes as f64 / self.attempts as f64)
    }
}

/// Data of `webhook.test` (sent by `POST /webhooks/{id}/test` only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookTestData {
    pub webhook_id: EndpointId,
    pub subaccount_id: SubaccountId,
    #[schema(example = "This is a test event from Fleetgate")]
    pub message: String,
}
