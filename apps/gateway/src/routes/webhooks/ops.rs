//! The webhook use cases behind both the partner routes and the management API
//! (`routes::admin::webhooks`): permission check, one service call, envelope. Callers pass
//! the principal (an API key's, or an operator's over the whole tenant).

use actix_web::HttpResponse;

use ::webhooks::model::{EndpointPatch, Health, NewEndpoint};
use ::webhooks::{service, DeliveryId, EndpointId};
use envelope::PageParams;
use fleet_domain::{Permission, Principal, Window};

use super::wire::{
    AttemptOut, DeliveryOut, DeliveryQuery, ResendDeliveriesIn, ResendDeliveriesOut,
    UpdateWebhookIn, WebhookDeletedOut, WebhookOut, WebhookSecretOut, WebhookTestOut,
};
use crate::error::HttpError;
use crate::respond;
use crate::state::AppState;

/// What the single-row operations start with: the caller's permission, then a connection.
async fn connect<'a>(
    p: &Principal,
    needed: Permission,
    state: &'a AppState,
) -> Result<db::PooledConn<'a>, HttpError> {
    p.require(needed)?;
    Ok(state.pool.get().await?)
}

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
    b: NewEndpoint,
    state: &AppState,
) -> Result<HttpResponse, HttpError> {
    p.require(Permission::WebhooksWrite)?;
    let e = service::create_endpoint(
        &state.pool,
        &p.scope,
        b,
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
    let mut conn = connect(p, Permission::WebhooksRead, state).await?;
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
    let mut conn = connect(p, Permission::WebhooksWrite, state).await?;
    service::delete_endpoint(&mut conn, &p.scope, id).await?;
    Ok(respond::ok(WebhookDeletedOut { id, deleted: true }))
}

pub async fn rotate_secret(
    p: &Principal,
    id: EndpointId,
    state: &AppState,
) -> Result<HttpResponse, HttpError> {
    let mut conn = connect(p, Permission::WebhooksWrite, state).await?;
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
    let mut conn = connect(p, Permission::WebhooksWrite, state).await?;
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
    let since = envelope::rfc3339_field("since", &body.since).map_err(HttpError)?;
    let mut conn = state.pool.get().await?;
    let resent = service::resend_failed(&mut conn, &p.scope, id, since).await?;
    Ok(respond::ok(ResendDeliveriesOut { resent }))
}
