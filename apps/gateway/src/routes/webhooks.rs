//! `/webhooks`: endpoints, secret rotation, the test button, deliveries, retry and bulk
//! resend (SPEC §9). Rules live in the `webhooks` crate; handlers check the permission, call
//! one service function and wrap the result.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use ::webhooks::model::{EndpointPatch, Health, NewEndpoint};
use ::webhooks::store::DeliveryFilter;
use ::webhooks::{
    service, Attempt, CircuitState, Delivery, DeliveryId, DeliveryStatus, Endpoint, EndpointId,
};
use envelope::PageParams;
use fleet_domain::events::{EventId, EventType};
use fleet_domain::{Permission, Principal, SubaccountId, Window};

use crate::error::HttpError;
use crate::extract::Auth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(rotate_webhook_secret)
        .service(test_webhook)
        .service(list_webhook_deliveries)
        .service(resend_webhook_deliveries)
        .service(retry_webhook_delivery);
}

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
    fn new(e: &Endpoint, h: Health) -> Self {
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

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateWebhookIn {
    /// HTTPS URL receiving the POSTs.
    #[schema(example = "https://partner.example.com/webhooks/levy")]
    pub url: String,
    /// Events to receive (at least one).
    #[schema(value_type = Vec<EventType>, min_items = 1)]
    pub events: Vec<String>,
    /// Extra headers (string values) sent with every delivery; cannot replace `Content-Type`,
    /// `X-Levy-*` or `webhook-*`.
    #[schema(value_type = Option<HashMap<String, String>>, example = json!({"x-partner-token": "abc"}))]
    pub headers: Option<Map<String, Value>>,
    #[schema(max_length = 500, pattern = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]*$")]
    pub description: Option<String>,
    /// Default true.
    pub active: Option<bool>,
    /// Default true.
    pub auto_recover: Option<bool>,
    /// The subaccount whose events it receives (required when the key reaches several).
    pub subaccount_id: Option<SubaccountId>,
}

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
    fn new(d: Delivery, attempts: Vec<Attempt>) -> Self {
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
    fn filter(&self) -> Result<DeliveryFilter, HttpError> {
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

/// The webhook endpoints in the caller's scope.
///
/// Needs `webhooks:read`; signing secrets are never listed.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "list_webhooks",
    params(crate::openapi::SubaccountHeader, PageParams),
    responses((status = 200, description = "Endpoints", body = envelope::ListEnvelope<WebhookOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    auth: Auth,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::list(&auth.0, &page, &state).await
}

/// Creates an endpoint; the response carries its signing secret, shown only once.
///
/// Needs `webhooks:write`. 400 names each invalid field (a target that is not a public `https://`
/// URL, an unknown event, …).
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "create_webhook",
    params(crate::openapi::SubaccountHeader),
    request_body = CreateWebhookIn,
    responses((status = 201, description = "Created, with the secret", body = envelope::DataEnvelope<WebhookSecretOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/webhooks")]
pub async fn create_webhook(
    auth: Auth,
    body: web::Json<CreateWebhookIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::create(&auth.0, body.into_inner(), &state).await
}

/// One endpoint, with its circuit state and recent success rate.
///
/// Needs `webhooks:read`; 404 for ids out of scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "get_webhook",
    params(crate::openapi::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The endpoint", body = envelope::DataEnvelope<WebhookOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    auth: Auth,
    id: web::Path<EndpointId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::get(&auth.0, id.into_inner(), &state).await
}

/// Changes url, events, headers, description, active or auto_recover.
///
/// Needs `webhooks:write`; fields not sent stay as they are. 400 as on create; 404 for ids out of
/// scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "update_webhook",
    params(crate::openapi::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    request_body = UpdateWebhookIn,
    responses(
        (status = 200, description = "Updated", body = envelope::DataEnvelope<WebhookOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    auth: Auth,
    id: web::Path<EndpointId>,
    body: web::Json<UpdateWebhookIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::update(&auth.0, id.into_inner(), body.into_inner(), &state).await
}

/// Deletes an endpoint with its deliveries.
///
/// Needs `webhooks:write`. 404 for ids out of scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "delete_webhook",
    params(crate::openapi::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Deleted", body = envelope::DataEnvelope<WebhookDeletedOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    auth: Auth,
    id: web::Path<EndpointId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::delete(&auth.0, id.into_inner(), &state).await
}

/// A new signing secret (shown once); the previous one keeps signing for 24 h, so
/// deliveries carry two `v1=` entries meanwhile.
///
/// Needs `webhooks:write`; the new secret is in the response only. 404 for ids out of scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "rotate_webhook_secret",
    params(crate::openapi::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Rotated, with the new secret", body = envelope::DataEnvelope<WebhookSecretOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    auth: Auth,
    id: web::Path<EndpointId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::rotate_secret(&auth.0, id.into_inner(), &state).await
}

/// Sends `webhook.test` now and answers with the attempt (waits at most 8 s). A failed
/// attempt (refused target, timeout, non-2xx) is still `200`: see `attempt.success`.
///
/// Needs `webhooks:write`; the attempt is recorded like any delivery. 404 for ids out of scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "test_webhook",
    params(crate::openapi::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The attempt's outcome", body = envelope::DataEnvelope<WebhookTestOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/webhooks/{id}/test")]
pub async fn test_webhook(
    auth: Auth,
    id: web::Path<EndpointId>,
    state: web::Data<AppState>,
    sender: web::Data<::webhooks::Sender>,
) -> Result<HttpResponse, HttpError> {
    ops::test(&auth.0, id.into_inner(), &state, &sender).await
}

/// The endpoint's deliveries, oldest first, each with its attempts; filter by `status` and
/// `event`; page or cursor.
///
/// Needs `webhooks:read`. 400 for an unknown `status` or `event`; 404 for endpoints out of scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "list_webhook_deliveries",
    params(crate::openapi::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id"), DeliveryQuery, PageParams),
    responses(
        (status = 200, description = "Deliveries", body = envelope::ListEnvelope<DeliveryOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    auth: Auth,
    id: web::Path<EndpointId>,
    query: web::Query<DeliveryQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::deliveries(&auth.0, id.into_inner(), &query, &page, &state).await
}

/// Queues one delivered or failed delivery again now, with a fresh budget of five
/// attempts (same `event_id`); `409` while it is still pending.
///
/// Needs `webhooks:write`. 409 while the delivery is pending; 404 for an endpoint out of scope or a
/// delivery of another endpoint.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "retry_webhook_delivery",
    params(
        crate::openapi::SubaccountHeader,
        ("id" = EndpointId, Path, description = "Webhook id"),
        ("delivery_id" = DeliveryId, Path, description = "Delivery id")
    ),
    responses(
        (status = 200, description = "Queued again", body = envelope::DataEnvelope<DeliveryOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope),
        (status = 409, description = "The delivery is still pending (`details.current_status`)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/retry")]
pub async fn retry_webhook_delivery(
    auth: Auth,
    path: web::Path<(EndpointId, DeliveryId)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let (id, delivery_id) = path.into_inner();
    ops::retry(&auth.0, id, delivery_id, &state).await
}

/// Queues again every failed delivery of the endpoint created since `since`, oldest first,
/// at a bounded rate (10/s), at most 10 000.
///
/// Needs `webhooks:write`; answers with the number queued. 400 for a malformed `since`; 404 for
/// endpoints out of scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "resend_webhook_deliveries",
    params(crate::openapi::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    request_body = ResendDeliveriesIn,
    responses(
        (status = 200, description = "Queued again", body = envelope::DataEnvelope<ResendDeliveriesOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/webhooks/{id}/deliveries/resend")]
pub async fn resend_webhook_deliveries(
    auth: Auth,
    id: web::Path<EndpointId>,
    body: web::Json<ResendDeliveriesIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::resend(&auth.0, id.into_inner(), &body, &state).await
}

/// The operations behind both the partner routes and the management API
/// (`routes::admin::webhooks`): permission check, one service call, envelope. Callers pass
/// the principal (an API key's, or an operator's over the whole tenant).
pub(crate) mod ops {
    use super::*;

    pub async fn list(
        p: &Principal,
        page: &PageParams,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksRead)?;
        let window = Window::from_request(&page.parse(true)?)?;
        let mut conn = state.pool.get().await?;
        let listing = service::list_endpoints(&mut conn, &p.scope, &window).await?;
        Ok(respond::listing(listing, |(e, h)| WebhookOut::new(&e, h)))
    }

    /// The subaccount comes from `body.subaccount_id` (`scope.target_subaccount`).
    pub async fn create(
        p: &Principal,
        b: CreateWebhookIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksWrite)?;
        let e = service::create_endpoint(
            &state.pool,
            &p.scope,
            NewEndpoint {
                url: b.url,
                events: b.events,
                headers: b.headers,
                description: b.description,
                active: b.active,
                auto_recover: b.auto_recover,
                subaccount_id: b.subaccount_id,
            },
            state.config.webhook_allow_private_targets,
        )
        .await
        .map_err(|e| match (e, &p.actor) {
            // An operator has no X-Subaccount-Id header to fall back on: name the body field.
            (
                ::webhooks::Error::Domain(fleet_domain::Error::SubaccountRequired),
                fleet_domain::Actor::Operator { .. },
            ) => HttpError(envelope::ApiError::invalid_field(
                "subaccount_id",
                "is required: the tenant has several subaccounts, choose one",
            )),
            (e, _) => e.into(),
        })?;
        Ok(respond::created(WebhookSecretOut {
            webhook: WebhookOut::new(&e, Health::default()),
            secret: e.secret.clone(),
        }))
    }

    pub async fn get(
        p: &Principal,
        id: EndpointId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksRead)?;
        let mut conn = state.pool.get().await?;
        let (e, h) = service::get_endpoint(&mut conn, &p.scope, id).await?;
        Ok(respond::ok(WebhookOut::new(&e, h)))
    }

    pub async fn update(
        p: &Principal,
        id: EndpointId,
        b: UpdateWebhookIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksWrite)?;
        let (e, h) = service::update_endpoint(
            &state.pool,
            &p.scope,
            id,
            EndpointPatch {
                url: b.url,
                events: b.events,
                headers: b.headers,
                description: b.description.map(Some),
                active: b.active,
                auto_recover: b.auto_recover,
            },
            state.config.webhook_allow_private_targets,
        )
        .await?;
        Ok(respond::ok(WebhookOut::new(&e, h)))
    }

    pub async fn delete(
        p: &Principal,
        id: EndpointId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksWrite)?;
        let mut conn = state.pool.get().await?;
        service::delete_endpoint(&mut conn, &p.scope, id).await?;
        Ok(respond::ok(WebhookDeletedOut { id, deleted: true }))
    }

    pub async fn rotate_secret(
        p: &Principal,
        id: EndpointId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksWrite)?;
        let mut conn = state.pool.get().await?;
        let (e, h) = service::rotate_secret(&mut conn, &p.scope, id).await?;
        Ok(respond::ok(WebhookSecretOut {
            webhook: WebhookOut::new(&e, h),
            secret: e.secret.clone(),
        }))
    }

    pub async fn test(
        p: &Principal,
        id: EndpointId,
        state: &AppState,
        sender: &::webhooks::Sender,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksWrite)?;
        let (d, a) = service::send_test(&state.pool, sender, &p.scope, id).await?;
        Ok(respond::ok(WebhookTestOut {
            attempt: AttemptOut::from(a.clone()),
            delivery: DeliveryOut::new(d, vec![a]),
        }))
    }

    pub async fn deliveries(
        p: &Principal,
        id: EndpointId,
        query: &DeliveryQuery,
        page: &PageParams,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksRead)?;
        let filter = query.filter()?;
        let window = Window::from_request(&page.parse(true)?)?;
        let mut conn = state.pool.get().await?;
        let listing = service::list_deliveries(&mut conn, &p.scope, id, &filter, &window).await?;
        Ok(respond::listing(listing, |(d, a)| DeliveryOut::new(d, a)))
    }

    pub async fn retry(
        p: &Principal,
        id: EndpointId,
        delivery_id: DeliveryId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksWrite)?;
        let mut conn = state.pool.get().await?;
        let (d, a) = service::retry_delivery(&mut conn, &p.scope, id, delivery_id).await?;
        Ok(respond::ok(DeliveryOut::new(d, a)))
    }

    pub async fn resend(
        p: &Principal,
        id: EndpointId,
        body: &ResendDeliveriesIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        p.require(Permission::WebhooksWrite)?;
        let since = OffsetDateTime::parse(
            body.since.trim(),
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|_| {
            HttpError(envelope::ApiError::invalid_field(
                "since",
                "must be an RFC 3339 time",
            ))
        })?;
        let mut conn = state.pool.get().await?;
        let resent = service::resend_failed(&mut conn, &p.scope, id, since).await?;
        Ok(respond::ok(ResendDeliveriesOut { resent }))
    }
}
