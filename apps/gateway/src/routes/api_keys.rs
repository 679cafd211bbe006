//! Key self-service over the partner API (`/api-keys`, `keys:read` / `keys:write`): the
//! caller is the calling key; the rules and the work are `keys::manage`'s.
//!
//! A key sees and manages only keys of its own mode whose subaccounts lie within its reach
//! (others answer 404 like unknown ids), can never grant a permission, subaccount or mode it
//! does not hold, never mint a key spanning all subaccounts, a subaccount-bound key never a
//! global one, and may not change keys holding permissions it lacks (403).

use actix_web::{delete, get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::ApiKeyId;
use keys::manage::{Caller, KeyListFilter};

use crate::error::HttpError;
use crate::extract::{Auth, PathId, Verified};
use crate::routes::key_wire::{
    ops, ApiKeyOut, ApiKeySecretOut, CreateApiKeyIn, DeletedOut, RegenerateApiKeyIn, UpdateApiKeyIn,
};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_api_keys)
        .service(create_api_key)
        .service(get_api_key)
        .service(update_api_key)
        .service(delete_api_key)
        .service(regenerate_api_key)
        .service(revoke_api_key);
}

/// The calling key as the caller of the key use cases.
fn as_caller<'a>(auth: &'a Auth, verified: &'a Verified) -> Caller<'a> {
    Caller::Key {
        principal: &auth.0,
        key: &verified.0,
    }
}

/// The keys within the calling key's reach.
///
/// Needs `keys:read`. Lists the keys whose subaccounts the caller reaches, page mode; secrets never
/// appear.
#[utoipa::path(
    tag = "API keys",
    operation_id = "list_api_keys",
    params(crate::extract::SubaccountHeader, envelope::PageOnlyParams),
    responses((status = 200, description = "Keys within the caller's reach, oldest first", body = envelope::ListEnvelope<ApiKeyOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    auth: Auth,
    verified: Verified,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::list(
        as_caller(&auth, &verified),
        KeyListFilter::default(),
        &page,
        &state,
    )
    .await
}

/// Creates a key within the caller's own permissions and reach; the secret is shown once.
///
/// Needs `keys:write`; 403 when it asks for a permission or a subaccount the caller does not hold
/// itself. 409 when the tenant holds `max_api_keys` keys.
#[utoipa::path(
    tag = "API keys",
    operation_id = "create_api_key",
    params(crate::extract::SubaccountHeader),
    request_body = CreateApiKeyIn,
    responses(
        (status = 201, description = "The new key and its secret (shown once)", body = envelope::DataEnvelope<ApiKeySecretOut>),
        (status = 409, description = "The account holds its maximum of keys (`details.max_api_keys`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/api-keys")]
pub async fn create_api_key(
    auth: Auth,
    verified: Verified,
    body: web::Json<CreateApiKeyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::create(as_caller(&auth, &verified), body.into_inner(), &state).await
}

/// One key within the caller's reach.
///
/// Needs `keys:read`; 404 for ids outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "get_api_key",
    params(crate::extract::SubaccountHeader, ("id" = String, Path, description = "The key id.")),
    responses((status = 200, description = "The key", body = envelope::DataEnvelope<ApiKeyOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/api-keys/{id}")]
pub async fn get_api_key(
    auth: Auth,
    verified: Verified,
    PathId(id): PathId<ApiKeyId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::get(as_caller(&auth, &verified), id, &state).await
}

/// Changes name, permissions (only ones the caller holds), limits, active, IPs or expiry.
///
/// Needs `keys:write`; 403 when granting a permission the caller lacks. 409 when the key is
/// revoked; 404 for ids outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "update_api_key",
    params(crate::extract::SubaccountHeader, ("id" = String, Path, description = "The key id.")),
    request_body = UpdateApiKeyIn,
    responses(
        (status = 200, description = "The changed key", body = envelope::DataEnvelope<ApiKeyOut>),
        (status = 409, description = "The key is revoked", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[patch("/api-keys/{id}")]
pub async fn update_api_key(
    auth: Auth,
    verified: Verified,
    PathId(id): PathId<ApiKeyId>,
    body: web::Json<UpdateApiKeyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::update(as_caller(&auth, &verified), id, body.into_inner(), &state).await
}

/// Deletes a key: gone from lists and unusable at once; its request log stays.
///
/// Needs `keys:write`; 404 for ids outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "delete_api_key",
    params(crate::extract::SubaccountHeader, ("id" = String, Path, description = "The key id.")),
    responses((status = 200, description = "Deleted", body = envelope::DataEnvelope<DeletedOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[delete("/api-keys/{id}")]
pub async fn delete_api_key(
    auth: Auth,
    verified: Verified,
    PathId(id): PathId<ApiKeyId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::delete(as_caller(&auth, &verified), id, &state).await
}

/// Issues a new secret (shown once); the old one dies at once or after the grace period.
///
/// Needs `keys:write`; a grace period (at most 24 h) keeps the old secret working meanwhile. 409
/// when the key is revoked; 404 outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "regenerate_api_key",
    params(crate::extract::SubaccountHeader, ("id" = String, Path, description = "The key id.")),
    request_body(content = Option<RegenerateApiKeyIn>, description = "Optional; an empty body means no grace period"),
    responses(
        (status = 200, description = "The key and its new secret (shown once)", body = envelope::DataEnvelope<ApiKeySecretOut>),
        (status = 409, description = "The key is revoked", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/api-keys/{id}/regenerate")]
pub async fn regenerate_api_key(
    auth: Auth,
    verified: Verified,
    PathId(id): PathId<ApiKeyId>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::regenerate(as_caller(&auth, &verified), id, &body, &state).await
}

/// Revokes a key for good (it stays listed, status `revoked`).
///
/// Needs `keys:write`; the key then gets 401 `revoked_api_key`. 409 when it is already revoked; 404
/// outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "revoke_api_key",
    params(crate::extract::SubaccountHeader, ("id" = String, Path, description = "The key id.")),
    responses(
        (status = 200, description = "The revoked key", body = envelope::DataEnvelope<ApiKeyOut>),
        (status = 409, description = "Already revoked", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/api-keys/{id}/revoke")]
pub async fn revoke_api_key(
    auth: Auth,
    verified: Verified,
    PathId(id): PathId<ApiKeyId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::revoke(as_caller(&auth, &verified), id, &state).await
}
