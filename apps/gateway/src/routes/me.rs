//! `GET /me`: the calling key, its scope, limits and tenant.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use fleet_domain::tenancy::store as tenancy_store;
use fleet_domain::{ApiKeyId, KeyMode, PermissionSet, Plan, PlanLimits, SubaccountId, TenantId};
use keys::{KeyScope, KeyStatus};

use crate::error::HttpError;
use crate::extract::Auth;
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
    pub tenant: TenantOut,
}

/// The calling key: identity, permissions, scope, limits and tenant.
#[utoipa::path(
    tag = "Account",
    operation_id = "get_me",
    params(crate::openapi::SubaccountHeader),
    responses((status = 200, description = "The calling key", body = inline(envelope::DataEnvelope<MeOut>))),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/me")]
pub async fn get_me(auth: Auth, state: web::Data<AppState>) -> Result<HttpResponse, HttpError> {
    let principal = auth.0;
    let key_id = principal
        .key_id()
        .ok_or_else(|| crate::error::internal("/me without a key"))?;
    let tenant_id = principal.tenant_id();
    let mut conn = state.pool.get().await?;
    let key = keys::service::get_key(&mut conn, tenant_id, key_id).await?;
    let tenant = fleet_domain::tenancy::service::get_tenant(&mut conn, tenant_id).await?;
    let subaccounts =
        tenancy_store::subaccounts_by_ids(&mut conn, tenant_id, principal.scope.subaccount_ids())
            .await?;
    drop(conn);
    let limits = key.overrides().effective(tenant.plan.default_limits());
    Ok(respond::ok(MeOut {
        key: KeyOut::from_key(&key, OffsetDateTime::now_utc()),
        subaccounts: subaccounts
            .into_iter()
            .map(|s| SubaccountOut {
                id: s.id,
                name: s.name,
                currency: s.currency,
                timezone: s.timezone,
                sandbox: s.sandbox,
            })
            .collect(),
        rate_limits: limits,
        tenant: TenantOut {
            id: tenant.id,
            name: tenant.name,
            plan: tenant.plan,
            max_api_keys: tenant.max_api_keys,
        },
    }))
}
