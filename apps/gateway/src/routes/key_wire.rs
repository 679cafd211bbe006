//! The key wire types both key APIs share (partner `/api-keys` and management
//! `/api/admin/v1/api-keys`), and [`ops`]: the one adapter from them to the `keys` use
//! cases. The two route files only say who the caller is.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use envelope::ApiError;
use fleet_domain::audit::Usage;
use fleet_domain::{ApiKeyId, KeyMode, Permission, PermissionSet, SubaccountId};
use keys::manage::{KeyChanges, KeyRequest, KeyView, KeyWithSecret};
use keys::{ApiKey, KeyScope, KeyStatus, RateLimitOverrides};

use crate::error::HttpError;

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
    pub fn new(key: &ApiKey, usage: Usage, now: OffsetDateTime) -> Self {
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
            usage,
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

impl From<KeyWithSecret> for ApiKeySecretOut {
    fn from(created: KeyWithSecret) -> Self {
        ApiKeySecretOut {
            key: ApiKeyOut::from(created.view),
            secret: created.secret,
        }
    }
}

impl From<KeyView> for ApiKeyOut {
    fn from(view: KeyView) -> Self {
        ApiKeyOut::new(&view.key, view.usage, OffsetDateTime::now_utc())
    }
}

fn parse_permissions(raw: &[String]) -> Result<PermissionSet, HttpError> {
    if raw.len() > 64 {
        return Err(ApiError::invalid_field("permissions", "at most 64 entries").into());
    }
    PermissionSet::parse_strings(raw)
        .map_err(|e| HttpError(ApiError::invalid_field("permissions", e.to_string())))
}

fn parse_expiry(raw: &str) -> Result<OffsetDateTime, HttpError> {
    Ok(envelope::rfc3339_field("expires_at", raw)?)
}

impl CreateApiKeyIn {
    /// The request as the use case takes it (permissions and expiry parsed).
    pub fn into_request(self) -> Result<KeyRequest, HttpError> {
        Ok(KeyRequest {
            permissions: self
                .permissions
                .as_deref()
                .map(parse_permissions)
                .transpose()?,
            expires_at: self.expires_at.as_deref().map(parse_expiry).transpose()?,
            name: self.name,
            mode: self.mode,
            scope: self.scope,
            subaccount_id: self.subaccount_id,
            allowed_subaccount_ids: self.allowed_subaccount_ids,
            rate_limits: self.rate_limits,
            allowed_ips: self.allowed_ips,
        })
    }
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
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>, format = DateTime, nullable)]
    pub expires_at: Option<Option<String>>,
}

impl UpdateApiKeyIn {
    pub fn into_changes(self) -> Result<KeyChanges, HttpError> {
        if let Some(ips) = &self.allowed_ips {
            keys::manage::rules::ip_bounds(ips)?;
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
                Some(Some(raw)) => Some(Some(parse_expiry(&raw)?)),
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
        crate::extract::optional_object(body)
    }

    pub fn grace(&self) -> Option<time::Duration> {
        self.grace_period_seconds.map(time::Duration::seconds)
    }
}

/// The one adapter from the wire to the `keys` use cases, for both key APIs: asking for a
/// reader or writer checks the caller's right first (before the body is looked at; the id
/// arrives parsed by [`crate::extract::PathId`], a malformed one already answered 404), then
/// the body is parsed, one use case runs, and the answer goes out in the envelope.
pub(crate) mod ops {
    use actix_web::HttpResponse;

    use envelope::{PageParams, PageRequest};
    use fleet_domain::ApiKeyId;
    use keys::manage::{Caller, KeyListFilter};

    use super::{
        ApiKeyOut, ApiKeySecretOut, CreateApiKeyIn, DeletedOut, RegenerateApiKeyIn, UpdateApiKeyIn,
    };
    use crate::error::HttpError;
    use crate::respond;
    use crate::state::AppState;

    pub async fn list(
        caller: Caller<'_>,
        filter: KeyListFilter,
        page: &PageParams,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        let reader = caller.reader()?;
        let (page, limit) = match page.parse(false)? {
            PageRequest::Page { page, limit } => (page, limit),
            PageRequest::Cursor { limit, .. } => (1, limit),
        };
        let mut conn = state.pool.get().await?;
        let listing = reader.list(&mut conn, filter, page, limit).await?;
        Ok(respond::listing(listing, ApiKeyOut::from))
    }

    pub async fn get(
        caller: Caller<'_>,
        id: ApiKeyId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        let reader = caller.reader()?;
        let mut conn = state.pool.get().await?;
        let view = reader.get(&mut conn, id).await?;
        Ok(respond::ok(ApiKeyOut::from(view)))
    }

    pub async fn create(
        caller: Caller<'_>,
        body: CreateApiKeyIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        let writer = caller.writer(&state.verifier)?;
        let request = body.into_request()?;
        let mut conn = state.pool.get().await?;
        let created = writer.create(&mut conn, request).await?;
        Ok(respond::created(ApiKeySecretOut::from(created)))
    }

    pub async fn update(
        caller: Caller<'_>,
        id: ApiKeyId,
        body: UpdateApiKeyIn,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        let writer = caller.writer(&state.verifier)?;
        let changes = body.into_changes()?;
        let mut conn = state.pool.get().await?;
        let view = writer.update(&mut conn, id, changes).await?;
        Ok(respond::ok(ApiKeyOut::from(view)))
    }

    pub async fn delete(
        caller: Caller<'_>,
        id: ApiKeyId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        let writer = caller.writer(&state.verifier)?;
        let mut conn = state.pool.get().await?;
        writer.delete(&mut conn, id).await?;
        Ok(respond::ok(DeletedOut {
            id: id.0,
            deleted: true,
        }))
    }

    pub async fn regenerate(
        caller: Caller<'_>,
        id: ApiKeyId,
        body: &[u8],
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        let writer = caller.writer(&state.verifier)?;
        let options = RegenerateApiKeyIn::from_body(body)?;
        let mut conn = state.pool.get().await?;
        let created = writer.regenerate(&mut conn, id, options.grace()).await?;
        Ok(respond::ok(ApiKeySecretOut::from(created)))
    }

    pub async fn revoke(
        caller: Caller<'_>,
        id: ApiKeyId,
        state: &AppState,
    ) -> Result<HttpResponse, HttpError> {
        let writer = caller.writer(&state.verifier)?;
        let mut conn = state.pool.get().await?;
        let view = writer.revoke(&mut conn, id).await?;
        Ok(respond::ok(ApiKeyOut::from(view)))
    }
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
