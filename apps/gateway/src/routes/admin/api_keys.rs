//! API keys of the whole tenant, for operators (viewers read; admins and owners change).

use actix_web::{delete, get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use serde::Deserialize;
use utoipa::IntoParams;

use envelope::{ApiError, FieldError, PageParams};
use fleet_domain::{ApiKeyId, KeyMode};
use keys::manage::{Caller, KeyListFilter};
use keys::KeyStatus;

use crate::error::HttpError;
use crate::extract::PathId;
use crate::middleware::operator_auth::OperatorAuth;
use crate::routes::key_wire::{
    ops, ApiKeyOut, ApiKeySecretOut, CreateApiKeyIn, DeletedOut, RegenerateApiKeyIn, UpdateApiKeyIn,
};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(admin_list_api_keys)
        .service(admin_create_api_key)
        .service(admin_get_api_key)
        .service(admin_update_api_key)
        .service(admin_delete_api_key)
        .service(admin_regenerate_api_key)
        .service(admin_revoke_api_key);
}

/// Every non-deleted key of the tenant (revoked ones included), oldest first, with usage.
///
/// Any signed-in operator (viewer, admin or owner) may list; filter by `status` and `mode`. Deleted
/// keys are not listed; the secrets never appear.
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "admin_list_api_keys",
    params(envelope::PageOnlyParams, KeyFilter),
    responses((status = 200, description = "Keys", body = envelope::ListEnvelope<ApiKeyOut>)),
    security(("session" = []))
)]
#[get("/api-keys")]
pub async fn admin_list_api_keys(
    auth: OperatorAuth,
    page: web::Query<PageParams>,
    filter: web::Query<KeyFilter>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let filter = filter.parse()?;
    ops::list(Caller::Operator(&auth.0), filter, &page, &state).await
}

/// Optional filters of the key list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyFilter {
    /// `active`, `disabled`, `expired` or `revoked`.
    #[param(value_type = Option<KeyStatus>)]
    pub status: Option<String>,
    /// `live` or `test`.
    #[param(value_type = Option<KeyMode>)]
    pub mode: Option<String>,
}

impl KeyFilter {
    fn parse(&self) -> Result<KeyListFilter, HttpError> {
        let mut errors = Vec::new();
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some("active") => Some(KeyStatus::Active),
            Some("disabled") => Some(KeyStatus::Disabled),
            Some("expired") => Some(KeyStatus::Expired),
            Some("revoked") => Some(KeyStatus::Revoked),
            Some(_) => {
                errors.push(FieldError::new(
                    "status",
                    "must be active, disabled, expired or revoked",
                ));
                None
            }
        };
        let mode = match self.mode.as_deref() {
            None | Some("") => None,
            Some("live") => Some(KeyMode::Live),
            Some("test") => Some(KeyMode::Test),
            Some(_) => {
                errors.push(FieldError::new("mode", "must be live or test"));
                None
            }
        };
        if !errors.is_empty() {
            return Err(HttpError(ApiError::validation(errors)));
        }
        Ok(KeyListFilter { status, mode })
    }
}

/// Creates a key (admin or owner); the secret is shown once.
///
/// Needs the admin or owner role (403 for viewers). 409 when the tenant already holds
/// `max_api_keys` non-deleted keys; 400 names each invalid field (permissions, scope, limits, IPs,
/// expiry).
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "admin_create_api_key",
    request_body = CreateApiKeyIn,
    responses(
        (status = 201, description = "The new key and its secret (shown once)", body = envelope::DataEnvelope<ApiKeySecretOut>),
        (status = 409, description = "The account holds its maximum of keys (`details.max_api_keys`)", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[post("/api-keys")]
pub async fn admin_create_api_key(
    auth: OperatorAuth,
    body: web::Json<CreateApiKeyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::create(Caller::Operator(&auth.0), body.into_inner(), &state).await
}

/// One key of the tenant.
///
/// Any signed-in operator. 404 for unknown, deleted or other tenants' ids.
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "admin_get_api_key",
    params(("id" = String, Path, description = "The key id.")),
    responses((status = 200, description = "The key", body = envelope::DataEnvelope<ApiKeyOut>)),
    security(("session" = []))
)]
#[get("/api-keys/{id}")]
pub async fn admin_get_api_key(
    auth: OperatorAuth,
    PathId(id): PathId<ApiKeyId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::get(Caller::Operator(&auth.0), id, &state).await
}

/// Changes name, permissions, limits, active, allowed IPs or expiry (admin or owner).
///
/// Needs the admin or owner role; fields not sent stay as they are, and changes reach every gateway
/// instance within a second. 409 when the key is revoked; 404 when it is unknown.
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "admin_update_api_key",
    params(("id" = String, Path, description = "The key id.")),
    request_body = UpdateApiKeyIn,
    responses(
        (status = 200, description = "The changed key", body = envelope::DataEnvelope<ApiKeyOut>),
        (status = 409, description = "The key is revoked", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[patch("/api-keys/{id}")]
pub async fn admin_update_api_key(
    auth: OperatorAuth,
    PathId(id): PathId<ApiKeyId>,
    body: web::Json<UpdateApiKeyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::update(Caller::Operator(&auth.0), id, body.into_inner(), &state).await
}

/// Deletes a key (admin or owner): gone from lists and unusable; its request log stays.
///
/// Needs the admin or owner role. The key stops working on every gateway instance within a second;
/// 404 when it is unknown or already deleted.
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "admin_delete_api_key",
    params(("id" = String, Path, description = "The key id.")),
    responses((status = 200, description = "Deleted", body = envelope::DataEnvelope<DeletedOut>)),
    security(("session" = []))
)]
#[delete("/api-keys/{id}")]
pub async fn admin_delete_api_key(
    auth: OperatorAuth,
    PathId(id): PathId<ApiKeyId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::delete(Caller::Operator(&auth.0), id, &state).await
}

/// Issues a new secret (admin or owner), optionally keeping the old one for a grace period.
///
/// Needs the admin or owner role. The new secret is in the response only; with a grace period (at
/// most 24 h) the old secret keeps working until it ends. 409 when the key is revoked.
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "admin_regenerate_api_key",
    params(("id" = String, Path, description = "The key id.")),
    request_body(content = Option<RegenerateApiKeyIn>, description = "Optional; an empty body means no grace period"),
    responses(
        (status = 200, description = "The key and its new secret (shown once)", body = envelope::DataEnvelope<ApiKeySecretOut>),
        (status = 409, description = "The key is revoked", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[post("/api-keys/{id}/regenerate")]
pub async fn admin_regenerate_api_key(
    auth: OperatorAuth,
    PathId(id): PathId<ApiKeyId>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::regenerate(Caller::Operator(&auth.0), id, &body, &state).await
}

/// Revokes a key for good (admin or owner).
///
/// Needs the admin or owner role. Requests with the key then get 401 `revoked_api_key`; 409 when it
/// is already revoked.
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "admin_revoke_api_key",
    params(("id" = String, Path, description = "The key id.")),
    responses(
        (status = 200, description = "The revoked key", body = envelope::DataEnvelope<ApiKeyOut>),
        (status = 409, description = "Already revoked", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[post("/api-keys/{id}/revoke")]
pub async fn admin_revoke_api_key(
    auth: OperatorAuth,
    PathId(id): PathId<ApiKeyId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    ops::revoke(Caller::Operator(&auth.0), id, &state).await
}
