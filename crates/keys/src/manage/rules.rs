//! The rules every key change obeys, whoever asks: what a name, permission set, limit,
//! expiry and IP list may be, which keys a key reaches (the reach rule), what a key may
//! grant and which keys it may touch.

use time::OffsetDateTime;

use fleet_domain::{KeyMode, PermissionSet, Principal, SubaccountId};

use crate::{ApiKey, Error, IpAllowList, KeyScope, RateLimitOverrides};

/// Highest per-window override accepted.
pub const MAX_LIMIT_OVERRIDE: u32 = 1_000_000_000;
/// Most entries of an IP allow-list, and the longest entry.
pub const MAX_ALLOWED_IPS: usize = 100;
const MAX_IP_ENTRY_LEN: usize = 64;

/// What a calling key reaches, for the reach rule: a key sees and manages the keys of its
/// own mode whose subaccounts all lie within its reach; a key spanning all subaccounts
/// (global, empty list) is seen only by keys that also span all.
#[derive(Debug, Clone)]
pub struct Reach {
    pub mode: KeyMode,
    /// Spans every subaccount of its mode (global key, empty list, not narrowed).
    pub all: bool,
    pub subaccounts: Vec<SubaccountId>,
}

impl Reach {
    /// The reach of a request made by `key` as `principal` (narrowed by `X-Subaccount-Id`
    /// or a token): its mode, and the subaccounts the request reaches; it spans all only
    /// when the key is global with an empty list and the request is not narrowed.
    pub fn of(key: &crate::VerifiedKey, principal: &Principal) -> Self {
        let entry = &key.entry;
        let in_scope = principal.scope.subaccount_ids();
        Reach {
            mode: entry.key.mode,
            all: entry.key.scope == KeyScope::Global
                && entry.key.subaccount_ids.is_empty()
                && in_scope.len() == entry.subaccounts.len(),
            subaccounts: in_scope.to_vec(),
        }
    }

    pub fn covers(&self, key: &ApiKey) -> bool {
        if key.mode != self.mode {
            return false;
        }
        if self.all {
            return true;
        }
        let spans_all = key.scope == KeyScope::Global && key.subaccount_ids.is_empty();
        !spans_all
            && key
                .subaccount_ids
                .iter()
                .all(|id| self.subaccounts.contains(&SubaccountId(*id)))
    }
}

/// Who may change a key: a key managing keys is limited to its reach and to keys holding
/// no permission it lacks; operators and the CLI are not limited ([`Guard::NONE`]).
#[derive(Debug, Clone, Copy)]
pub struct Guard<'a> {
    pub reach: Option<&'a Reach>,
    pub actor: Option<&'a Principal>,
}

impl Guard<'_> {
    pub const NONE: Guard<'static> = Guard {
        reach: None,
        actor: None,
    };

    /// A key out of reach answers "not found", exactly like an unknown id.
    pub fn sees(&self, key: &ApiKey) -> Result<(), Error> {
        if self.reach.is_some_and(|r| !r.covers(key)) {
            return Err(Error::NotFound(key.id));
        }
        Ok(())
    }

    /// [`Guard::sees`], then refuses changes to a key holding permissions the actor lacks.
    pub fn check(&self, key: &ApiKey) -> Result<(), Error> {
        self.sees(key)?;
        if let Some(actor) = self.actor {
            let extra = key.permission_set().difference(&actor.permissions);
            if !extra.is_empty() {
                return Err(Error::CannotGrant(format!(
                    "changes to a key holding permissions it does not hold: {}",
                    extra.to_strings().join(", ")
                )));
            }
        }
        Ok(())
    }
}

/// A key may grant only permissions it holds (`actor` `None`: anything).
pub fn grantable(actor: Option<&Principal>, permissions: &PermissionSet) -> Result<(), Error> {
    let Some(actor) = actor else {
        return Ok(());
    };
    let extra = permissions.difference(&actor.permissions);
    if !extra.is_empty() {
        return Err(Error::CannotGrant(format!(
            "permissions it does not hold: {}",
            extra.to_strings().join(", ")
        )));
    }
    Ok(())
}

/// A key name: trimmed, 1-200 printable characters.
pub fn name(raw: &str) -> Result<String, Error> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "must be 1-200 printable characters"));
    }
    Ok(name.to_owned())
}

pub fn some_permission(permissions: &PermissionSet) -> Result<(), Error> {
    if permissions.is_empty() {
        return Err(Error::invalid(
            "permissions",
            "must grant at least one permission",
        ));
    }
    Ok(())
}

/// The size bounds of an allow-list as sent, checked before any entry is parsed.
pub fn ip_bounds(ips: &[String]) -> Result<(), Error> {
    if ips.len() > MAX_ALLOWED_IPS || ips.iter().any(|ip| ip.len() > MAX_IP_ENTRY_LEN) {
        return Err(Error::invalid(
            "allowed_ips",
            "at most 100 entries of 64 characters",
        ));
    }
    Ok(())
}

/// An allow-list parsed and written back in its stored form.
pub fn allowed_ips(ips: &[String]) -> Result<Vec<String>, Error> {
    Ok(IpAllowList::parse(ips)
        .map_err(|e| Error::invalid("allowed_ips", e.to_string()))?
        .to_strings())
}

pub fn limits(limits: &RateLimitOverrides) -> Result<(), Error> {
    for (field, value) in [
        ("rate_limits.per_minute", limits.per_minute),
        ("rate_limits.per_hour", limits.per_hour),
        ("rate_limits.per_day", limits.per_day),
    ] {
        if value.is_some_and(|v| v == 0 || v > MAX_LIMIT_OVERRIDE) {
            return Err(Error::invalid(field, "must be between 1 and 1000000000"));
        }
    }
    Ok(())
}

pub fn expiry(at: Option<OffsetDateTime>, now: OffsetDateTime) -> Result<(), Error> {
    if at.is_some_and(|at| at <= now) {
        return Err(Error::invalid("expires_at", "must be in the future"));
    }
    Ok(())
}

/// An override as stored (validated values always fit).
pub fn to_db(value: Option<u32>) -> Option<i32> {
    value.and_then(|v| i32::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manage::testing::key;

    #[test]
    fn reach_rule() {
        let (a, b) = (SubaccountId::new(), SubaccountId::new());
        let narrow = Reach {
            mode: KeyMode::Live,
            all: false,
            subaccounts: vec![a],
        };
        assert!(narrow.covers(&key(KeyMode::Live, KeyScope::Subaccount, vec![a.0])));
        assert!(!narrow.covers(&key(KeyMode::Live, KeyScope::Subaccount, vec![b.0])));
        assert!(!narrow.covers(&key(KeyMode::Live, KeyScope::Global, vec![a.0, b.0])));
        assert!(!narrow.covers(&key(KeyMode::Live, KeyScope::Global, vec![])));
        assert!(!narrow.covers(&key(KeyMode::Test, KeyScope::Subaccount, vec![a.0])));
        let all = Reach {
            mode: KeyMode::Live,
            all: true,
            subaccounts: vec![a, b],
        };
        assert!(all.covers(&key(KeyMode::Live, KeyScope::Global, vec![])));
        assert!(!all.covers(&key(KeyMode::Test, KeyScope::Global, vec![])));
    }
}
