//! Key self-service over the partner API (`/api-keys`, `keys:read` / `keys:write`), and the
//! wire types the management API's key routes share.
//!
//! A key sees and manages only keys of its own mode whose subaccounts lie within its reach
//! (others answer 404 like unknown ids), can never grant a permission, subaccount or mode it
//! does not hold, never mint a key spanning all subaccounts, a subaccount-bound key never a
//! global one, and may not change keys holding permissions it lacks (403).

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Deserializer, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{ApiError, PageParams};
use fleet_domain::audit::Usage;
use fleet_domain::{
    ApiKeyId, KeyMode, Listing, Permission, PermissionSet, Principal, SubaccountId, TenantId,
};
use keys::manage::{KeyChanges, Reach};
use keys::{ApiKey, KeyScope, KeyStatus, NewKey, RateLimitOverrides};

use crate::error::HttpError;
use crate::extract::{Auth, Verified};
use crate::respond;
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

/// A key as shown in lists and on reads (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyOut {
    pub id: ApiKeyId,
    pub name: String,
    /// First 12 characters of the secret.
    #[schema(example = "lf_pk_a1b2c3")]
    pub prefix: String,
    pub mode: KeyMode,
    pub status: KeyStatus,
    pub active: bool,
    pub permissions: PermissionSet,
    pub scope: KeyScope,
    /// `subaccount` scope: its one subaccount.
    pub subaccount_id: Option<SubaccountId>,
    /// `global` scope: the allowed subaccounts (empty = all of the key's mode).
    pub allowed_subaccount_ids: Vec<SubaccountId>,
    /// Per-key overrides (`null` = plan default).
    pub rate_limits: RateLimitOverrides,
    pub allowed_ips: Vec<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// Who created it: `operator:<id>`, `api_key:<id>`, `cli`, `demo`.
    pub created_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Requests (UTC day, ISO week, calendar month) and last use; lags by a few seconds.
    pub usage: Usage,
}

impl ApiKeyOut {
    pub fn new(key: &ApiKey, usage: Option<Usage>, now: OffsetDateTime) -> Self {
        let subs = key.subaccounts();
        let (subaccount_id, allowed) = match key.scope {
            KeyScope::Subaccount => (subs.first().copied(), Vec::new()),
            KeyScope::Global => (None, subs),
        };
        Self {
            id: key.id,
            name: key.name.clone(),
            prefix: key.prefix.clone(),
            mode: key.mode,
            status: key.status(now),
            active: key.active,
            permissions: key.permission_set(),
            scope: key.scope,
            subaccount_id,
            allowed_subaccount_ids: allowed,
            rate_limits: key.overrides(),
            allowed_ips: key.allowed_ips.clone(),
            expires_at: key.expires_at,
            revoked_at: key.revoked_at,
            created_by: key.created_by.clone(),
            created_at: key.created_at,
            usage: usage.unwrap_or(Usage {
                today: 0,
                this_week: 0,
                this_month: 0,
                last_used_at: key.last_used_at,
            }),
        }
    }
}

/// A key with its secret: only in the create and regenerate responses.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeySecretOut {
    pub key: ApiKeyOut,
    /// The full key. Shown exactly once: store it now.
    #[schema(example = "lf_pk_AbCdEfGhIjKlMnOpQrStUvWxYz012345")]
    pub secret: String,
}

/// A removed resource.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedOut {
    pub id: uuid::Uuid,
    pub deleted: bool,
}

/// A new key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "booking app", "permissions": ["vehicles:read", "rides:read"]}))]
pub struct CreateApiKeyIn {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: String,
    /// Default: the calling key's mode (partner API) or `live` (management API).
    pub mode: Option<KeyMode>,
    /// Default: `vehicles:read rides:read customers:read zones:read pricing:read`.
    #[schema(value_type = Option<Vec<Permission>>, min_items = 1)]
    pub permissions: Option<Vec<String>>,
    /// Default `global`.
    pub scope: Option<KeyScope>,
    /// Required for `subaccount` scope.
    pub subaccount_id: Option<SubaccountId>,
    /// `global` scope: the allowed subaccounts; empty or absent = all (management API only;
    /// a key must list them).
    pub allowed_subaccount_ids: Option<Vec<SubaccountId>>,
    pub rate_limits: Option<RateLimitOverrides>,
    /// RFC 3339; absent = never.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<String>,
    /// IPs or CIDRs; empty = any.
    pub allowed_ips: Option<Vec<String>>,
}

fn parse_permissions(raw: &[String]) -> Result<PermissionSet, HttpError> {
    if raw.len() > 64 {
        return Err(ApiError::invalid_field("permissions", "at most 64 entries").into());
    }
    PermissionSet::parse_strings(raw)
        .map_err(|e| HttpError(ApiError::invalid_field("permissions", e.to_string())))
}

fn parse_time(field: &'static str, raw: &str) -> Result<OffsetDateTime, HttpError> {
    OffsetDateTime::parse(raw.trim(), &Rfc3339).map_err(|_| {
        HttpError(ApiError::invalid_field(
            field,
            "must be an RFC 3339 timestamp",
        ))
    })
}

fn check_ips(ips: &[String]) -> Result<(), HttpError> {
    if ips.len() > 100 || ips.iter().any(|ip| ip.len() > 64) {
        return Err(
            ApiError::invalid_field("allowed_ips", "at most 100 entries of 64 characters").into(),
        );
    }
    Ok(())
}

impl CreateApiKeyIn {
    pub fn into_new_key(
        self,
        default_mode: KeyMode,
        created_by: String,
    ) -> Result<NewKey, HttpError> {
        let permissions = self
            .permissions
            .as_deref()
            .map(parse_permissions)
            .transpose()?;
        let scope = self.scope.unwrap_or(KeyScope::Global);
        let subaccount_ids = match scope {
            KeyScope::Subaccount => {
                if self
                    .allowed_subaccount_ids
                    .as_ref()
                    .is_some_and(|l| !l.is_empty())
                {
                    return Err(ApiError::invalid_field(
                        "allowed_subaccount_ids",
                        "only for global keys; use subaccount_id",
                    )
                    .into());
                }
                vec![self.subaccount_id.ok_or_else(|| {
                    HttpError(ApiError::invalid_field(
                        "subaccount_id",
                        "required for a subaccount-scoped key",
                    ))
                })?]
            }
            KeyScope::Global => {
                if self.subaccount_id.is_some() {
                    return Err(ApiError::invalid_field(
                        "subaccount_id",
                        "only for subaccount-scoped keys; use allowed_subaccount_ids",
                    )
                    .into());
                }
                self.allowed_subaccount_ids.unwrap_or_default()
            }
        };
        let allowed_ips = self.allowed_ips.unwrap_or_default();
        check_ips(&allowed_ips)?;
        Ok(NewKey {
            name: self.name,
            mode: self.mode.unwrap_or(default_mode),
            permissions,
            scope,
            subaccount_ids,
            limits: self.rate_limits.unwrap_or_default(),
            expires_at: self
                .expires_at
                .as_deref()
                .map(|t| parse_time("expires_at", t))
                .transpose()?,
            allowed_ips,
            created_by: Some(created_by),
        })
    }
}

/// `Some(None)` for an explicit `null`, `None` when the field is absent.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Changes to a key; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateApiKeyIn {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: Option<String>,
    #[schema(value_type = Option<Vec<Permission>>, min_items = 1)]
    pub permissions: Option<Vec<String>>,
    /// Replaces all three overrides (`null` entries = plan default).
    pub rate_limits: Option<RateLimitOverrides>,
    /// `false` disables the key (reversible), `true` enables it again.
    pub active: Option<bool>,
    pub allowed_ips: Option<Vec<String>>,
    /// RFC 3339, or `null` for no expiry.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = DateTime, nullable)]
    pub expires_at: Option<Option<String>>,
}

impl UpdateApiKeyIn {
    pub fn into_changes(self) -> Result<KeyChanges, HttpError> {
        if let Some(ips) = &self.allowed_ips {
            check_ips(ips)?;
        }
        Ok(KeyChanges {
            name: self.name,
            permissions: self
                .permissions
                .as_deref()
                .map(parse_permissions)
                .transpose()?,
            rate_limits: self.rate_limits,
            active: self.active,
            allowed_ips: self.allowed_ips,
            expires_at: match self.expires_at {
                None => None,
                Some(None) => Some(None),
                Some(Some(raw)) => Some(Some(parse_time("expires_at", &raw)?)),
            },
        })
    }
}

/// Regeneration options.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegenerateApiKeyIn {
    /// Seconds (0–86400) during which the old secret keeps working; default 0.
    #[schema(minimum = 0, maximum = 86400)]
    pub grace_period_seconds: Option<i64>,
}

impl RegenerateApiKeyIn {
    /// An optional JSON body: empty (or `null`) = defaults.
    pub fn from_body(body: &[u8]) -> Result<Self, HttpError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        // A JSON object (serde's derive would also read `[60]`) or `null`.
        serde_json::from_slice::<Option<serde_json::Map<String, serde_json::Value>>>(body)
            .and_then(|map| map.map_or(Ok(Self::default()), |m| serde_json::from_value(m.into())))
            .map_err(|e| {
                HttpError(ApiError::invalid_field(
                    "body",
                    e.to_string().chars().take(300).collect::<String>(),
                ))
            })
    }

    pub fn grace(&self) -> Option<time::Duration> {
        self.grace_period_seconds.map(time::Duration::seconds)
    }
}

/// `/api-keys/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(names("id"), parameter_in = Path)]
pub struct KeyPath(
    /// The key id.
    pub String,
);

impl KeyPath {
    pub fn id(&self) -> Result<ApiKeyId, HttpError> {
        self.0
            .parse()
            .map_err(|_| HttpError(ApiError::not_found("api_key", self.0.clone())))
    }
}

/// A key and its usage, read after a change.
pub async fn key_out(
    conn: &mut db::AsyncPgConnection,
    tenant: TenantId,
    key: &ApiKey,
) -> Result<ApiKeyOut, HttpError> {
    let now = OffsetDateTime::now_utc();
    let usage = keys::manage::usage_of(conn, tenant, &[key.id], now).await?;
    Ok(ApiKeyOut::new(key, usage.get(&key.id).copied(), now))
}

/// One page of keys with their usage.
pub async fn key_page(
    conn: &mut db::AsyncPgConnection,
    tenant: TenantId,
    all: Vec<ApiKey>,
    page: &PageParams,
) -> Result<HttpResponse, HttpError> {
    let (page, limit) = match page.parse(false)? {
        envelope::PageRequest::Page { page, limit } => (page, limit),
        envelope::PageRequest::Cursor { limit, .. } => (1, limit),
    };
    let total = all.len() as i64;
    let items: Vec<ApiKey> = all
        .into_iter()
        .skip(((page - 1) as usize).saturating_mul(limit as usize))
        .take(limit as usize)
        .collect();
    let now = OffsetDateTime::now_utc();
    let ids: Vec<ApiKeyId> = items.iter().map(|k| k.id).collect();
    let usage = keys::manage::usage_of(conn, tenant, &ids, now).await?;
    let listing = Listing::from_page(items, page, limit, total);
    Ok(respond::listing(listing, |k| {
        let u = usage.get(&k.id).copied();
        ApiKeyOut::new(&k, u, now)
    }))
}

/// What the calling key reaches (the reach rule of [`keys::manage`]).
fn reach_of(verified: &keys::VerifiedKey, principal: &Principal) -> Reach {
    let entry = &verified.entry;
    let in_scope = principal.scope.subaccount_ids();
    Reach {
        mode: entry.key.mode,
        all: entry.key.scope == KeyScope::Global
            && entry.key.subaccount_ids.is_empty()
            && in_scope.len() == entry.subaccounts.len(),
        subaccounts: in_scope.to_vec(),
    }
}

/// The keys within the calling key's reach.
///
/// Needs `keys:read`. Lists the keys whose subaccounts the caller reaches, page mode; secrets never
/// appear.
#[utoipa::path(
    tag = "API keys",
    operation_id = "list_api_keys",
    params(crate::openapi::SubaccountHeader, envelope::PageOnlyParams),
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
    auth.0.require(Permission::KeysRead)?;
    let reach = reach_of(&verified.0, &auth.0);
    let mut conn = state.pool.get().await?;
    let tenant = auth.0.tenant_id();
    let all = keys::manage::list_within(&mut conn, tenant, Some(&reach)).await?;
    key_page(&mut conn, tenant, all, &page).await
}

/// Creates a key within the caller's own permissions and reach; the secret is shown once.
///
/// Needs `keys:write`; 403 when it asks for a permission or a subaccount the caller does not hold
/// itself. 409 when the tenant holds `max_api_keys` keys.
#[utoipa::path(
    tag = "API keys",
    operation_id = "create_api_key",
    params(crate::openapi::SubaccountHeader),
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
    let principal = auth.0;
    principal.require(Permission::KeysWrite)?;
    let caller = &verified.0.entry.key;
    let new = body
        .into_inner()
        .into_new_key(caller.mode, format!("api_key:{}", caller.id))?;
    if caller.scope == KeyScope::Subaccount && new.scope == KeyScope::Global {
        return Err(keys::Error::CannotGrant(
            "a global key (this key is bound to one subaccount)".into(),
        )
        .into());
    }
    let mut conn = state.pool.get().await?;
    let tenant = principal.tenant_id();
    let created = keys::service::create_key(&mut conn, tenant, new, Some(&principal)).await?;
    let key = key_out(&mut conn, tenant, &created.key).await?;
    Ok(respond::created(ApiKeySecretOut {
        key,
        secret: created.secret,
    }))
}

/// One key within the caller's reach.
///
/// Needs `keys:read`; 404 for ids outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "get_api_key",
    params(crate::openapi::SubaccountHeader, KeyPath),
    responses((status = 200, description = "The key", body = envelope::DataEnvelope<ApiKeyOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/api-keys/{id}")]
pub async fn get_api_key(
    auth: Auth,
    verified: Verified,
    path: web::Path<KeyPath>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::KeysRead)?;
    let id = path.id()?;
    let reach = reach_of(&verified.0, &auth.0);
    let mut conn = state.pool.get().await?;
    let tenant = auth.0.tenant_id();
    let key = keys::manage::get_within(&mut conn, tenant, id, Some(&reach)).await?;
    Ok(respond::ok(key_out(&mut conn, tenant, &key).await?))
}

/// Changes name, permissions (only ones the caller holds), limits, active, IPs or expiry.
///
/// Needs `keys:write`; 403 when granting a permission the caller lacks. 409 when the key is
/// revoked; 404 for ids outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "update_api_key",
    params(crate::openapi::SubaccountHeader, KeyPath),
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
    path: web::Path<KeyPath>,
    body: web::Json<UpdateApiKeyIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::KeysWrite)?;
    let id = path.id()?;
    let changes = body.into_inner().into_changes()?;
    let reach = reach_of(&verified.0, &auth.0);
    let mut conn = state.pool.get().await?;
    let tenant = auth.0.tenant_id();
    let key = keys::manage::update_key(&mut conn, tenant, id, changes, Some(&auth.0), Some(&reach))
        .await?;
    state.verifier.invalidate(keys::notify::Change::Key(id));
    Ok(respond::ok(key_out(&mut conn, tenant, &key).await?))
}

/// A key the caller may change: within reach and holding no permission the caller lacks.
async fn touchable(
    conn: &mut db::AsyncPgConnection,
    auth: &Principal,
    verified: &keys::VerifiedKey,
    id: ApiKeyId,
) -> Result<ApiKey, HttpError> {
    let reach = reach_of(verified, auth);
    let key = keys::manage::get_within(conn, auth.tenant_id(), id, Some(&reach)).await?;
    keys::manage::check_may_touch(Some(auth), &key)?;
    Ok(key)
}

/// Deletes a key: gone from lists and unusable at once; its request log stays.
///
/// Needs `keys:write`; 404 for ids outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "delete_api_key",
    params(crate::openapi::SubaccountHeader, KeyPath),
    responses((status = 200, description = "Deleted", body = envelope::DataEnvelope<DeletedOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[delete("/api-keys/{id}")]
pub async fn delete_api_key(
    auth: Auth,
    verified: Verified,
    path: web::Path<KeyPath>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::KeysWrite)?;
    let id = path.id()?;
    let mut conn = state.pool.get().await?;
    touchable(&mut conn, &auth.0, &verified.0, id).await?;
    keys::service::delete_key(&mut conn, auth.0.tenant_id(), id).await?;
    state.verifier.invalidate(keys::notify::Change::Key(id));
    Ok(respond::ok(DeletedOut {
        id: id.0,
        deleted: true,
    }))
}

/// Issues a new secret (shown once); the old one dies at once or after the grace period.
///
/// Needs `keys:write`; a grace period (at most 24 h) keeps the old secret working meanwhile. 409
/// when the key is revoked; 404 outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "regenerate_api_key",
    params(crate::openapi::SubaccountHeader, KeyPath),
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
    path: web::Path<KeyPath>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::KeysWrite)?;
    let id = path.id()?;
    let options = RegenerateApiKeyIn::from_body(&body)?;
    let mut conn = state.pool.get().await?;
    touchable(&mut conn, &auth.0, &verified.0, id).await?;
    let tenant = auth.0.tenant_id();
    let created = keys::service::regenerate_key(&mut conn, tenant, id, options.grace()).await?;
    state.verifier.invalidate(keys::notify::Change::Key(id));
    let key = key_out(&mut conn, tenant, &created.key).await?;
    Ok(respond::ok(ApiKeySecretOut {
        key,
        secret: created.secret,
    }))
}

/// Revokes a key for good (it stays listed, status `revoked`).
///
/// Needs `keys:write`; the key then gets 401 `revoked_api_key`. 409 when it is already revoked; 404
/// outside the caller's reach.
#[utoipa::path(
    tag = "API keys",
    operation_id = "revoke_api_key",
    params(crate::openapi::SubaccountHeader, KeyPath),
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
    path: web::Path<KeyPath>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::KeysWrite)?;
    let id = path.id()?;
    let mut conn = state.pool.get().await?;
    touchable(&mut conn, &auth.0, &verified.0, id).await?;
    let tenant = auth.0.tenant_id();
    let key = keys::service::revoke_key(&mut conn, tenant, id).await?;
    state.verifier.invalidate(keys::notify::Change::Key(id));
    Ok(respond::ok(key_out(&mut conn, tenant, &key).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The optional regenerate body: empty, whitespace or `null` mean the defaults.
    #[test]
    fn regenerate_body_may_be_empty_or_null() {
        for body in [&b""[..], b"  ", b"null", b" null\n"] {
            let parsed = RegenerateApiKeyIn::from_body(body);
            assert!(parsed.is_ok_and(|o| o.grace_period_seconds.is_none()));
        }
        let parsed = RegenerateApiKeyIn::from_body(br#"{"grace_period_seconds": 60}"#);
        assert!(parsed.is_ok_and(|o| o.grace_period_seconds == Some(60)));
        assert!(RegenerateApiKeyIn::from_body(b"[60]").is_err());
    }
}
