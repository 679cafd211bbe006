//! Who is calling and what they may touch. Authentication builds one [`Principal`]; every
//! domain function that reads or writes tenant data takes its [`Scope`] and filters by it.

use std::sync::Arc;

use serde::Serialize;

use crate::{
    ApiKeyId, Error, KeyMode, OperatorId, Permission, PermissionSet, Plan, SubaccountId, TenantId,
};

/// The data a caller may reach: one tenant and a concrete list of its subaccounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    tenant_id: TenantId,
    subaccounts: Arc<[SubaccountId]>,
}

impl Scope {
    pub fn new(tenant_id: TenantId, subaccounts: impl Into<Arc<[SubaccountId]>>) -> Self {
        Self {
            tenant_id,
            subaccounts: subaccounts.into(),
        }
    }

    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }

    /// Every subaccount in reach. Queries filter with `subaccount_id = ANY(…)` on this list.
    pub fn subaccount_ids(&self) -> &[SubaccountId] {
        &self.subaccounts
    }

    pub fn allows(&self, id: SubaccountId) -> bool {
        self.subaccounts.contains(&id)
    }

    /// This scope narrowed to one of its subaccounts (`X-Subaccount-Id`).
    pub fn narrowed_to(&self, id: SubaccountId) -> Result<Scope, Error> {
        if self.allows(id) {
            Ok(Scope::new(self.tenant_id, vec![id]))
        } else {
            Err(Error::SubaccountNotAllowed(id))
        }
    }

    /// The subaccount a create lands in: the only one in reach, or an explicit choice.
    pub fn target_subaccount(&self, explicit: Option<SubaccountId>) -> Result<SubaccountId, Error> {
        match (explicit, &*self.subaccounts) {
            (Some(id), _) if self.allows(id) => Ok(id),
            (Some(id), _) => Err(Error::SubaccountNotAllowed(id)),
            (None, [only]) => Ok(*only),
            (None, _) => Err(Error::SubaccountRequired),
        }
    }
}

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    ApiKey { id: ApiKeyId, prefix: String },
    Operator { id: OperatorId },
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub actor: Actor,
    /// Live or test for keys; operators see both and have none.
    pub mode: Option<KeyMode>,
    pub permissions: PermissionSet,
    pub plan: Plan,
    pub scope: Scope,
}

impl Principal {
    /// `Ok` when the caller holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), Error> {
        if self.permissions.contains(permission) {
            Ok(())
        } else {
            Err(Error::MissingPermission(permission))
        }
    }

    pub fn tenant_id(&self) -> TenantId {
        self.scope.tenant_id()
    }

    pub fn key_id(&self) -> Option<ApiKeyId> {
        match &self.actor {
            Actor::ApiKey { id, .. } => Some(*id),
            Actor::Operator { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_narrowing_and_targets() {
        let (a, b, c) = (
            SubaccountId::new(),
            SubaccountId::new(),
            SubaccountId::new(),
        );
        let scope = Scope::new(TenantId::new(), vec![a, b]);
        assert!(scope.allows(a) && !scope.allows(c));
        assert_eq!(
            scope
                .narrowed_to(b)
                .map(|s| s.subaccount_ids().to_vec())
                .ok(),
            Some(vec![b])
        );
        assert!(matches!(
            scope.narrowed_to(c),
            Err(Error::SubaccountNotAllowed(_))
        ));
        assert!(matches!(
            scope.target_subaccount(None),
            Err(Error::SubaccountRequired)
        ));
        assert_eq!(scope.target_subaccount(Some(a)).ok(), Some(a));
        let single = Scope::new(TenantId::new(), vec![c]);
        assert_eq!(single.target_subaccount(None).ok(), Some(c));
    }
}
