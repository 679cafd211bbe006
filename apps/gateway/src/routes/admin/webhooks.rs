//! Webhook endpoints of the whole tenant, for operators: the same operations as the partner
//! routes (`routes::webhooks`), run by the shared `ops` functions with the operator's
//! principal (every subaccount of the tenant). Viewers read; admins and owners change.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use ::webhooks::{DeliveryId, EndpointId};
use envelope::{ApiError, PageParams};
use fleet_domain::SubaccountId;
use keys::operators::Role;

use crate::error::HttpError;
use crate::extract::PathId;
use crate::middleware::operator_auth::OperatorAuth;
use crate::routes::webhooks::{
    ops, CreateWebhookIn, DeliveryOut, DeliveryQuery, ResendDeliveriesIn, ResendDeliveriesOut,
    UpdateWebhookIn, WebhookDeletedOut, WebhookOut, WebhookSecretOut, WebhookTestOut,
};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(admin_list_webhooks)
        .service(admin_create_webhook)
        .service(admin_get_webhook)
        .service(admin_update_webhook)
        .service(admin_delete_webhook)
        .service(admin_rotate_webhook_secret)
        .service(admin_test_webhook)
        .service(admin_list_webhook_deliveries)
        .service(admin_resend_webhook_deliveries)
        .service(admin_retry_webhook_delivery);
}

/// Every webhook endpoint of the tenant, oldest first.
///
/// Any signed-in operator; the signing secrets are never listed.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_list_webhooks",
    params(PageParams, WebhookFilter),
    responses((status = 200, description = "Endpoints", body = envelope::ListEnvelope<WebhookOut>)),
    security(("session" = []))
)]
#[get("/webhooks")]
pub async fn admin_list_webhooks(
    auth: OperatorAuth,
    page: web::Query<PageParams>,
    filter: web::Query<WebhookFilter>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let mut principal = auth.0.principal();
    if let Some(raw) = filter.subaccount_id.as_deref().filter(|s| !s.is_empty()) {
        let id = raw
            .trim()
            .parse::<uuid::Uuid>()
            .map_err(|_| HttpError(ApiError::invalid_field("subaccount_id", "must be a UUID")))?;
        principal.scope = principal.scope.narrowed_to(SubaccountId(id))?;
    }
    ops::list(&principal, &page, &state).await
}

/// Optional filter of the endpoint list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WebhookFilter {
    /// Only this subaccount's endpoints (a UUID; empty = every subaccount).
    #[param(value_type = Option<String>, pattern = "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$")]
    pub subaccount_id: Option<String>,
}

/// Creates an endpoint (admin or owner) in the subaccount named by `subaccount_id`
/// (required when the tenant has several); the secret is shown once.
///
/// Needs the admin or owner role. 400 names each invalid field (a target that is not a public
/// `https://` URL, an unknown event, …).
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_create_webhook",
    request_body = CreateWebhookIn,
    responses((status = 201, description = "Created, with the secret", body = envelope::DataEnvelope<WebhookSecretOut>)),
    security(("session" = []))
)]
#[post("/webhooks")]
pub async fn admin_create_webhook(
    auth: OperatorAuth,
    body: web::Json<CreateWebhookIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    ops::create(&auth.0.principal(), body.into_inner(), &state).await
}

/// One endpoint of the tenant, with its circuit state and recent success rate.
///
/// Any signed-in operator; 404 for unknown or other tenants' ids.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_get_webhook",
    params(("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The endpoint", body = envelope::DataEnvelope<WebhookOut>),
        (status = 404, description = "Unknown webhook (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[get("/webhooks/{id}")]
pub async fn admin_get_webhook(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::get(&auth.0.principal(), id.into_inner(), &state).await
}

/// Changes url, events, headers, description, active or auto_recover (admin or owner).
///
/// Needs the admin or owner role; fields not sent stay as they are. 400 as on create; 404 for
/// unknown ids.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_update_webhook",
    params(("id" = EndpointId, Path, description = "Webhook id")),
    request_body = UpdateWebhookIn,
    responses(
        (status = 200, description = "Updated", body = envelope::DataEnvelope<WebhookOut>),
        (status = 404, description = "Unknown webhook (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[patch("/webhooks/{id}")]
pub async fn admin_update_webhook(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    body: web::Json<UpdateWebhookIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    ops::update(
        &auth.0.principal(),
        id.into_inner(),
        body.into_inner(),
        &state,
    )
    .await
}

/// Deletes an endpoint with its deliveries (admin or owner).
///
/// Needs the admin or owner role. 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_delete_webhook",
    params(("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Deleted", body = envelope::DataEnvelope<WebhookDeletedOut>),
        (status = 404, description = "Unknown webhook (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[delete("/webhooks/{id}")]
pub async fn admin_delete_webhook(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    ops::delete(&auth.0.principal(), id.into_inner(), &state).await
}

/// A new signing secret (admin or owner, shown once); the previous one keeps signing for 24 h.
///
/// Needs the admin or owner role; the new secret is in the response only. 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_rotate_webhook_secret",
    params(("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "Rotated, with the new secret", body = envelope::DataEnvelope<WebhookSecretOut>),
        (status = 404, description = "Unknown webhook (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn admin_rotate_webhook_secret(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    ops::rotate_secret(&auth.0.principal(), id.into_inner(), &state).await
}

/// Sends `webhook.test` now (admin or owner) and answers with the attempt (waits at most
/// 8 s). A failed attempt is still `200`: see `attempt.success`.
///
/// Needs the admin or owner role; the attempt is recorded like any delivery. 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_test_webhook",
    params(("id" = EndpointId, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "The attempt's outcome", body = envelope::DataEnvelope<WebhookTestOut>),
        (status = 404, description = "Unknown webhook (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[post("/webhooks/{id}/test")]
pub async fn admin_test_webhook(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    state: web::Data<AppState>,
    sender: web::Data<::webhooks::Sender>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    ops::test(&auth.0.principal(), id.into_inner(), &state, &sender).await
}

/// The endpoint's deliveries, oldest first, each with its attempts; filter by `status` and
/// `event`; page or cursor.
///
/// Any signed-in operator. 400 for an unknown `status` or `event`; 404 for unknown endpoints.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_list_webhook_deliveries",
    params(("id" = EndpointId, Path, description = "Webhook id"), DeliveryQuery, PageParams),
    responses(
        (status = 200, description = "Deliveries", body = envelope::ListEnvelope<DeliveryOut>),
        (status = 404, description = "Unknown webhook (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn admin_list_webhook_deliveries(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    query: web::Query<DeliveryQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::deliveries(&auth.0.principal(), id.into_inner(), &query, &page, &state).await
}

/// Queues one delivered or failed delivery again now (admin or owner), with a fresh budget
/// of five attempts; `409` while it is still pending.
///
/// Needs the admin or owner role. 409 while the delivery is pending; 404 for an unknown endpoint or
/// a delivery of another endpoint.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_retry_webhook_delivery",
    params(
        ("id" = EndpointId, Path, description = "Webhook id"),
        ("delivery_id" = DeliveryId, Path, description = "Delivery id")
    ),
    responses(
        (status = 200, description = "Queued again", body = envelope::DataEnvelope<DeliveryOut>),
        (status = 404, description = "Unknown webhook or delivery (other tenants' ids look the same)", body = envelope::ErrorEnvelope),
        (status = 409, description = "The delivery is still pending (`details.current_status`)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/retry")]
pub async fn admin_retry_webhook_delivery(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    delivery_id: PathId<DeliveryId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    ops::retry(&auth.0.principal(), id.0, delivery_id.0, &state).await
}

/// Queues again every failed delivery of the endpoint created since `since` (admin or
/// owner), oldest first, at a bounded rate (10/s), at most 10 000.
///
/// Needs the admin or owner role; answers with the number queued. 400 for a malformed `since`; 404
/// for unknown endpoints.
#[utoipa::path(
    tag = "Management: Webhooks",
    operation_id = "admin_resend_webhook_deliveries",
    params(("id" = EndpointId, Path, description = "Webhook id")),
    request_body = ResendDeliveriesIn,
    responses(
        (status = 200, description = "Queued again", body = envelope::DataEnvelope<ResendDeliveriesOut>),
        (status = 404, description = "Unknown webhook (other tenants' ids look the same)", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[post("/webhooks/{id}/deliveries/resend")]
pub async fn admin_resend_webhook_deliveries(
    auth: OperatorAuth,
    id: PathId<EndpointId>,
    body: web::Json<ResendDeliveriesIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    ops::resend(&auth.0.principal(), id.into_inner(), &body, &state).await
}
