//! What a caller asks for, before the rules: a new key as requested over the API
//! ([`KeyRequest`], with the scope rules that turn it into a [`NewKey`]) and a partial
//! update ([`KeyChanges`]).

use time::OffsetDateTime;

use fleet_domain::{KeyMode, PermissionSet, Principal, SubaccountId};

use super::rules;
use crate::store::Changeset;
use crate::{Error, KeyScope, NewKey, RateLimitOverrides};

/// A new key as a caller asks for it; absent fields take their defaults.
#[derive(Debug, Clone, Default)]
pub struct KeyRequest {
    pub name: String,
    /// Default: the calling key's mode, or `live` for operators.
    pub mode: Option<KeyMode>,
    /// Default: the read-only defaults of SPEC §2.
    pub permissions: Option<PermissionSet>,
    /// Default `global`.
    pub scope: Option<KeyScope>,
    /// `subaccount` scope: its one subaccount (required).
    pub subaccount_id: Option<SubaccountId>,
    /// `global` scope: the allowed subaccounts; empty or absent = all.
    pub allowed_subaccount_ids: Option<Vec<SubaccountId>>,
    pub rate_limits: Option<RateLimitOverrides>,
    pub expires_at: Option<OffsetDateTime>,
    pub allowed_ips: Option<Vec<String>>,
}

impl KeyRequest {
    /// The scope rules: a subaccount-scoped key names its one subaccount in
    /// `subaccount_id`, a global key its list in `allowed_subaccount_ids`, never the other.
    pub fn into_new_key(self, default_mode: KeyMode, created_by: String) -> Result<NewKey, Error> {
        let scope = self.scope.unwrap_or(KeyScope::Global);
        let subaccount_ids = match scope {
            KeyScope::Subaccount => {
                if self
                    .allowed_subaccount_ids
                    .as_ref()
                    .is_some_and(|l| !l.is_empty())
                {
                    return Err(Error::invalid(
                        "allowed_subaccount_ids",
                        "only for global keys; use subaccount_id",
                    ));
                }
                vec![self.subaccount_id.ok_or_else(|| {
                    Error::invalid("subaccount_id", "required for a subaccount-scoped key")
                })?]
            }
            KeyScope::Global => {
                if self.subaccount_id.is_some() {
                    return Err(Error::invalid(
                        "subaccount_id",
                        "only for subaccount-scoped keys; use allowed_subaccount_ids",
                    ));
                }
                self.allowed_subaccount_ids.unwrap_or_default()
            }
        };
        let allowed_ips = self.allowed_ips.unwrap_or_default();
        rules::ip_bounds(&allowed_ips)?;
        Ok(NewKey {
            name: self.name,
            mode: self.mode.unwrap_or(default_mode),
            permissions: self.permissions,
            scope,
            subaccount_ids,
            limits: self.rate_limits.unwrap_or_default(),
            expires_at: self.expires_at,
            allowed_ips,
            created_by: Some(created_by),
        })
    }
}

/// A partial key update; `None` leaves a field unchanged. For the doubly optional fields,
/// `Some(None)` clears (no expiry; the plan's limits).
#[derive(Debug, Clone, Default)]
pub struct KeyChanges {
    pub name: Option<String>,
    pub permissions: Option<PermissionSet>,
    pub rate_limits: Option<RateLimitOverrides>,
    pub active: Option<bool>,
    pub allowed_ips: Option<Vec<String>>,
    pub expires_at: Option<Option<OffsetDateTime>>,
}

impl KeyChanges {
    /// The validated row changes. With `actor` (a key editing keys) new permissions must
    /// be the actor's own.
    pub(crate) fn validate(self, actor: Option<&Principal>) -> Result<Changeset, Error> {
        let name = self.name.as_deref().map(rules::name).transpose()?;
        if let Some(p) = &self.permissions {
            rules::some_permission(p)?;
            rules::grantable(actor, p)?;
        }
        let allowed_ips = self
            .allowed_ips
            .as_deref()
            .map(rules::allowed_ips)
            .transpose()?;
        if let Some(limits) = &self.rate_limits {
            rules::limits(limits)?;
        }
        let now = OffsetDateTime::now_utc();
        rules::expiry(self.expires_at.flatten(), now)?;
        Ok(Changeset {
            name,
            permissions: self.permissions.map(|p| p.to_strings()),
            rate_limit_per_minute: self.rate_limits.map(|l| rules::to_db(l.per_minute)),
            rate_limit_per_hour: self.rate_limits.map(|l| rules::to_db(l.per_hour)),
            rate_limit_per_day: self.rate_limits.map(|l| rules::to_db(l.per_day)),
            active: self.active,
            allowed_ips,
            expires_at: self.expires_at,
            updated_at: Some(now),
            ..Changeset::default()
        })
    }
}
