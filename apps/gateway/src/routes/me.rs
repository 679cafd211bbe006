//! `GET /me`: the calling key, its scope, limits and tenant.
//!
//! The `data` part of the body is serialised once per key and kept, per worker thread, until
//! anything it shows changes (see [`MeCache`]): a client polling `/me` costs the envelope, not
//! a 1.2 KB JSON serialisation, per request.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use fleet_domain::{ApiKeyId, KeyMode, PermissionSet, Plan, PlanLimits, SubaccountId, TenantId};
use keys::{CachedKey, KeyScope, KeyStatus};

use crate::error::HttpError;
use crate::extract::{Auth, Verified};
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
    let usage = state
        .usage
        .get(&state.pool, entry.tenant.id, entry.key.id)
        .await?;
    let now = OffsetDateTime::now_utc();
    let shown = Shown {
        entry,
        usage,
        status: entry.key.status(now),
        reaches: &|id| auth.0.scope.allows(id),
    };
    let data = match MeCache::get(&shown) {
        Some(data) => data,
        None => {
            let data: Arc<[u8]> = serde_json::to_vec(&me_out(&shown, now))
                .map_err(crate::error::internal)?
                .into();
            MeCache::put(&shown, data.clone());
            data
        }
    };
    crate::respond::ok_serialized(&data)
}

/// Everything the `data` of `/me` is made of: the verified entry (key, tenant, limits,
/// subaccounts; replaced by a new one on every key change), the key's usage (which carries
/// `last_used_at`), its status now (it moves to `expired` with time alone), and which of its
/// subaccounts this request reaches (`X-Subaccount-Id`, a token's narrower scope).
struct Shown<'a> {
    entry: &'a Arc<CachedKey>,
    usage: fleet_domain::audit::Usage,
    status: KeyStatus,
    reaches: &'a dyn Fn(SubaccountId) -> bool,
}

impl Shown<'_> {
    fn subaccounts(&self) -> impl Iterator<Item = &fleet_domain::Subaccount> + '_ {
        self.entry
            .subaccount_details
            .iter()
            .filter(|s| (self.reaches)(s.id))
    }
}

fn me_out(shown: &Shown<'_>, now: OffsetDateTime) -> MeOut {
    let entry = shown.entry;
    let tenant = &entry.tenant;
    let mut key = KeyOut::from_key(&entry.key, now);
    key.last_used_at = shown.usage.last_used_at;
    MeOut {
        key,
        subaccounts: shown
            .subaccounts()
            .map(|s| SubaccountOut {
                id: s.id,
                name: s.name.clone(),
                currency: s.currency.clone(),
                timezone: s.timezone.clone(),
                sandbox: s.sandbox,
            })
            .collect(),
        rate_limits: entry.limits(),
        usage: shown.usage,
        tenant: TenantOut {
            id: tenant.id,
            name: tenant.name.clone(),
            plan: tenant.plan,
            max_api_keys: tenant.max_api_keys,
        },
    }
}

/// The serialised `data` of `/me` per key, per worker thread (no lock; each worker keeps its
/// own copy). An entry is used only while everything in [`Shown`] is as it was when it was
/// made: the same verified entry (held here, so its address cannot be reused by another),
/// equal usage, equal status, the same subaccounts reached. Key changes invalidate through the
/// verifier (a changed key is loaded into a new entry); nothing else is needed.
struct MeCache;

struct CachedMe {
    entry: Arc<CachedKey>,
    usage: fleet_domain::audit::Usage,
    status: KeyStatus,
    subaccounts: Vec<SubaccountId>,
    data: Arc<[u8]>,
}

/// Keys cached per thread; the map is emptied when it reaches this.
const ME_CACHE_MAX: usize = 10_000;

thread_local! {
    static ME_CACHE: RefCell<HashMap<ApiKeyId, CachedMe>> = RefCell::new(HashMap::new());
}

impl MeCache {
    fn get(shown: &Shown<'_>) -> Option<Arc<[u8]>> {
        ME_CACHE.with_borrow(|cache| {
            let hit = cache.get(&shown.entry.key.id)?;
            let same = Arc::ptr_eq(&hit.entry, shown.entry)
                && hit.usage == shown.usage
                && hit.status == shown.status
                && shown
                    .subaccounts()
                    .map(|s| s.id)
                    .eq(hit.subaccounts.iter().copied());
            same.then(|| hit.data.clone())
        })
    }

    fn put(shown: &Shown<'_>, data: Arc<[u8]>) {
        ME_CACHE.with_borrow_mut(|cache| {
            if cache.len() >= ME_CACHE_MAX {
                cache.clear();
            }
            cache.insert(
                shown.entry.key.id,
                CachedMe {
                    entry: shown.entry.clone(),
                    usage: shown.usage,
                    status: shown.status,
                    subaccounts: shown.subaccounts().map(|s| s.id).collect(),
                    data,
                },
            );
        });
    }
}
