//! `GET /me`: the calling key, its scope, limits and tenant.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use fleet_domain::{ApiKeyId, KeyMode, PermissionSet, Plan, PlanLimits, SubaccountId, TenantId};
use keys::{KeyScope, KeyStatus};

use crate::error::HttpError;
use crate::extract::{Auth, Verified};
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_me);
}

/// A key as shown to its holders (never the secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyOut {
    pub id: ApiKeyId,
    pub name: String,
    /// First 12 characters of the secret.
    #[schema(example = "lf_pk_a1b2c3")]
    pub prefix: String,
    pub mode: KeyMode,
    pub status: KeyStatus,
    pub permissions: PermissionSet,
    pub scope: KeyScope,
    /// `subaccount` scope: its one subaccount. `global`: the allowed list (empty = all).
    pub allowed_subaccount_ids: Vec<SubaccountId>,
    /// Per-key overrides (`null` = plan default).
    pub rate_limit_overrides: keys::RateLimitOverrides,
    pub allowed_ips: Vec<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl KeyOut {
    pub fn from_key(key: &keys::ApiKey, now: OffsetDateTime) -> Self {
        Self {
            id: key.id,
            name: key.name.clone(),
            prefix: key.prefix.clone(),
            mode: key.mode,
            status: key.status(now),
            permissions: key.permission_set(),
            scope: key.scope,
            allowed_subaccount_ids: key.subaccounts(),
            rate_limit_overrides: key.overrides(),
            allowed_ips: key.allowed_ips.clone(),
            expires_at: key.expires_at,
            last_used_at: key.last_used_at,
            created_at: key.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubaccountOut {
    pub id: SubaccountId,
    pub name: String,
    #[schema(example = "EUR")]
    pub currency: String,
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    pub sandbox: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantOut {
    pub id: TenantId,
    pub name: String,
    pub plan: Plan,
    pub max_api_keys: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    pub key: KeyOut,
    /// The subaccounts this request reaches (narrowed by `X-Subaccount-Id` when sent).
    pub subaccounts: Vec<SubaccountOut>,
    /// Limits in force per window (overrides over the plan defaults).
    pub rate_limits: PlanLimits,
    /// Requests made with this key (UTC day, ISO week, calendar month); lags by a few seconds.
    pub usage: fleet_domain::audit::Usage,
    pub tenant: TenantOut,
}

/// The calling key: identity, permissions, scope, limits, usage and tenant.
///
/// Needs any valid key or token, no particular permission.
#[utoipa::path(
    tag = "Account",
    operation_id = "get_me",
    params(crate::extract::SubaccountHeader),
    responses((status = 200, description = "The calling key", body = envelope::DataEnvelope<MeOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/me")]
pub async fn get_me(
    auth: Auth,
    verified: Verified,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    // Served from the verified-key cache (invalidated on every key change) and the usage
    // cache: no database round trip on the hot path.
    let entry = &verified.0.entry;
    let tenant = &entry.tenant;
    let usage = state
        .usage
        .get(&state.pool, tenant.id, entry.key.id)
        .await?;
    let limits = entry.limits();
    let mut key = KeyOut::from_key(&entry.key, OffsetDateTime::now_utc());
    key.last_used_at = usage.last_used_at;
    Ok(respond::ok(MeOut {
        key,
        subaccounts: entry
            .subaccount_details
            .iter()
            .filter(|s| auth.0.scope.allows(s.id))
            .map(|s| SubaccountOut {
                id: s.id,
                name: s.name.clone(),
                currency: s.currency.clone(),
                timezone: s.timezone.clone(),
                sandbox: s.sandbox,
            })
            .collect(),
        rate_limits: limits,
        usage,
        tenant: TenantOut {
            id: tenant.id,
            name: tenant.name.clone(),
            plan: tenant.plan,
            max_api_keys: tenant.max_api_keys,
        },
    }))
}
