//! `/webhooks`: endpoints, secret rotation, the test button, deliveries, retry and bulk
//! resend (SPEC §9). Rules live in the `webhooks` crate; handlers check the permission, call
//! one service function and wrap the result.
//!
//! Split by idea: [`wire`] holds the request and response types, [`ops`] the use cases both
//! API surfaces run, this file the partner handlers (one line each over `ops`).

pub mod ops;
pub mod wire;

use actix_web::{delete, get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use ::webhooks::{DeliveryId, EndpointId};
use envelope::PageParams;

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::state::AppState;
pub use wire::{
    AttemptOut, CreateWebhookIn, DeliveryOut, DeliveryQuery, ResendDeliveriesIn,
    ResendDeliveriesOut, UpdateWebhookIn, WebhookDeletedOut, WebhookOut, WebhookSecretOut,
    WebhookTestOut,
};

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

/// The webhook endpoints in the caller's scope.
///
/// Needs `webhooks:read`; signing secrets are never listed.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "list_webhooks",
    params(crate::extract::SubaccountHeader, PageParams),
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
    params(crate::extract::SubaccountHeader),
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
    params(crate::extract::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The endpoint", body = envelope::DataEnvelope<WebhookOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    auth: Auth,
    id: PathId<EndpointId>,
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
    params(crate::extract::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
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
    id: PathId<EndpointId>,
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
    params(crate::extract::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Deleted", body = envelope::DataEnvelope<WebhookDeletedOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    auth: Auth,
    id: PathId<EndpointId>,
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
    params(crate::extract::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Rotated, with the new secret", body = envelope::DataEnvelope<WebhookSecretOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    auth: Auth,
    id: PathId<EndpointId>,
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
    params(crate::extract::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The attempt's outcome", body = envelope::DataEnvelope<WebhookTestOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/webhooks/{id}/test")]
pub async fn test_webhook(
    auth: Auth,
    id: PathId<EndpointId>,
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
    params(crate::extract::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id"), DeliveryQuery, PageParams),
    responses(
        (status = 200, description = "Deliveries", body = envelope::ListEnvelope<DeliveryOut>),
        (status = 404, description = "Unknown webhook or delivery (ids out of scope look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    auth: Auth,
    id: PathId<EndpointId>,
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
        crate::extract::SubaccountHeader,
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
    id: PathId<EndpointId>,
    delivery_id: PathId<DeliveryId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::retry(&auth.0, id.0, delivery_id.0, &state).await
}

/// Queues again every failed delivery of the endpoint created since `since`, oldest first,
/// at a bounded rate (10/s), at most 10 000.
///
/// Needs `webhooks:write`; answers with the number queued. 400 for a malformed `since`; 404 for
/// endpoints out of scope.
#[utoipa::path(
    tag = "Webhooks",
    operation_id = "resend_webhook_deliveries",
    params(crate::extract::SubaccountHeader, ("id" = EndpointId, Path, description = "Webhook id")),
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
    id: PathId<EndpointId>,
    body: web::Json<ResendDeliveriesIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::resend(&auth.0, id.into_inner(), &body, &state).await
}
