//! The wire types of `/webhooks` (partner and management routes): what a client sends and
//! receives, built from the `webhooks` crate's models. No handler code here.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use ::webhooks::model::Health;
use ::webhooks::store::DeliveryFilter;
use ::webhooks::{
    Attempt, CircuitState, Delivery, DeliveryId, DeliveryStatus, Endpoint, EndpointId,
};
use fleet_domain::events::{EventId, EventType};
use fleet_domain::SubaccountId;

use crate::error::HttpError;

/// A webhook endpoint (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookOut {
    pub id: EndpointId,
    pub subaccount_id: SubaccountId,
    #[schema(example = "https://partner.example.com/webhooks/levy")]
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<EventType>,
    /// Custom headers sent with every delivery.
    #[schema(value_type = Object, example = json!({"x-partner-token": "abc"}))]
    pub headers: Value,
    pub active: bool,
    /// Re-send what failed during an outage once the circuit closes again.
    pub auto_recover: bool,
    pub circuit: CircuitState,
    /// Share of successful attempts among the last 20 (`null` before any attempt).
    #[schema(example = 0.95)]
    pub recent_success_rate: Option<f64>,
    /// Attempts counted in `recent_success_rate`.
    pub recent_attempts: i64,
    /// Until when the previous secret still signs after a rotation.
    #[serde(with = "time::serde::rfc3339::option")]
    pub previous_secret_expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl WebhookOut {
    pub(super) fn new(e: &Endpoint, h: Health) -> Self {
        let now = OffsetDateTime::now_utc();
        Self {
            id: e.id,
            subaccount_id: e.subaccount_id,
            url: e.url.clone(),
            description: e.description.clone(),
            events: e.event_types(),
            headers: e.headers.clone(),
            active: e.active,
            auto_recover: e.auto_recover,
            circuit: e.circuit,
            recent_success_rate: h.success_rate(),
            recent_attempts: h.attempts,
            previous_secret_expires_at: e.previous_secret_expires_at.filter(|t| *t > now),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An endpoint with its signing secret: shown only here (creation and rotation).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSecretOut {
    #[serde(flatten)]
    pub webhook: WebhookOut,
    /// The signing secret (`whsec_` + 32 characters). Store it now: it is not shown again.
    #[schema(example = "whsec_3kTQ9bW2mZ7xVnL0pR5sY8cA1dF4gH6j")]
    pub secret: String,
}

/// The body of `POST /webhooks` is the service's input as is (documented there).
pub use ::webhooks::model::NewEndpoint as CreateWebhookIn;

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateWebhookIn {
    pub url: Option<String>,
    #[schema(value_type = Option<Vec<EventType>>, min_items = 1)]
    pub events: Option<Vec<String>>,
    /// Replaces all custom headers (string values).
    #[schema(value_type = Option<HashMap<String, String>>)]
    pub headers: Option<Map<String, Value>>,
    /// An empty string clears it.
    #[schema(max_length = 500, pattern = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]*$")]
    pub description: Option<String>,
    pub active: Option<bool>,
    pub auto_recover: Option<bool>,
}

/// One HTTP attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptOut {
    pub attempt_number: i32,
    /// A 2xx within the timeout.
    pub success: bool,
    /// The receiver's status (`null` when no response arrived).
    pub status_code: Option<i32>,
    pub latency_ms: i32,
    /// Why it failed: timeout, connection error, refused target, HTTP status, redirect.
    pub error: Option<String>,
    /// The first 1 KiB of the response body.
    pub response_body: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<Attempt> for AttemptOut {
    fn from(a: Attempt) -> Self {
        Self {
            attempt_number: a.attempt_number,
            success: a.success,
            status_code: a.status_code,
            latency_ms: a.latency_ms,
            error: a.error,
            response_body: a.response_body,
            created_at: a.created_at,
        }
    }
}

/// One event on its way to one endpoint, with every attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryOut {
    pub id: DeliveryId,
    pub webhook_id: EndpointId,
    pub event: EventType,
    /// Stable across attempts and resends: dedupe on it.
    #[schema(example = "evt_0193e0b5c2a87f3b9d4e5f60718293a4")]
    pub event_id: String,
    pub status: DeliveryStatus,
    pub attempt_count: i32,
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub failed_at: Option<OffsetDateTime>,
    /// The exact body sent.
    pub payload: String,
    pub attempts: Vec<AttemptOut>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl DeliveryOut {
    pub(super) fn new(d: Delivery, attempts: Vec<Attempt>) -> Self {
        Self {
            id: d.id,
            webhook_id: d.endpoint_id,
            event: d.event_type.parse().unwrap_or(EventType::WebhookTest),
            event_id: EventId(d.event_id).wire(),
            status: d.status,
            attempt_count: d.attempt_count,
            next_attempt_at: d.next_attempt_at,
            last_status_code: d.last_status_code,
            last_error: d.last_error,
            delivered_at: d.delivered_at,
            failed_at: d.failed_at,
            payload: d.payload,
            attempts: attempts.into_iter().map(AttemptOut::from).collect(),
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// The outcome of the test button.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookTestOut {
    /// The attempt (a failed one is still `200`: look at `success`, `status_code`, `error`).
    pub attempt: AttemptOut,
    pub delivery: DeliveryOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeletedOut {
    pub id: EndpointId,
    pub deleted: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResendDeliveriesIn {
    /// Re-send the failed deliveries created at or after this instant (RFC 3339).
    #[schema(example = "2025-01-15T10:00:00Z", format = DateTime)]
    pub since: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResendDeliveriesOut {
    /// How many failed deliveries were queued again (oldest first, at most 10 000).
    pub resent: usize,
}

/// Filters of the deliveries list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// `pending`, `delivered` or `failed`.
    #[param(value_type = Option<DeliveryStatus>)]
    pub status: Option<String>,
    /// An event name, e.g. `customer.created`.
    #[param(value_type = Option<EventType>)]
    pub event: Option<String>,
}

impl DeliveryQuery {
    pub(super) fn filter(&self) -> Result<DeliveryFilter, HttpError> {
        let status = self
            .status
            .as_deref()
            .map(str::parse::<DeliveryStatus>)
            .transpose()
            .map_err(|m| HttpError(envelope::ApiError::invalid_field("status", m)))?;
        let event = self
            .event
            .as_deref()
            .map(str::parse::<EventType>)
            .transpose()
            .map_err(|m| HttpError(envelope::ApiError::invalid_field("event", m)))?;
        Ok(DeliveryFilter {
            status,
            event: event.map(|e| e.as_str().to_owned()),
        })
    }
}
