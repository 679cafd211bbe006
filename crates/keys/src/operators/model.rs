//! Operators, their roles and sessions.

use diesel::{Queryable, Selectable};
use time::OffsetDateTime;
use uuid::Uuid;

use fleet_domain::{Actor, OperatorId, PermissionSet, Principal, Scope, SubaccountId, TenantId};

db::text_enum! {
    /// `viewer`: reads everything of the tenant. `admin`: also changes keys, webhooks and
    /// subaccounts. `owner`: also manages operators.
    pub enum Role {
        Owner = "owner",
        Admin = "admin",
        Viewer = "viewer",
    }
}

impl Role {
    /// Whether this role includes everything `required` may do.
    pub fn includes(self, required: Role) -> bool {
        self.rank() >= required.rank()
    }

    /// The permissions an operator of this role holds as a [`fleet_domain::Principal`]:
    /// viewers every `…:read`, admins and owners everything.
    pub fn permissions(self) -> PermissionSet {
        match self {
            Role::Viewer => PermissionSet::all()
                .iter()
                .filter(|p| p.as_str().ends_with(":read"))
                .collect(),
            Role::Admin | Role::Owner => PermissionSet::all(),
        }
    }

    fn rank(self) -> u8 {
        match self {
            Role::Viewer => 0,
            Role::Admin => 1,
            Role::Owner => 2,
        }
    }
}

/// A stored operator, exactly as its row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = db::schema::operators, check_for_backend(diesel::pg::Pg))]
pub struct Operator {
    pub id: OperatorId,
    pub tenant_id: TenantId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub last_login_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// A stored session (the token itself is never stored).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = db::schema::operator_sessions, check_for_backend(diesel::pg::Pg))]
pub struct Session {
    pub id: Uuid,
    pub tenant_id: TenantId,
    pub operator_id: OperatorId,
    pub token_hash: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Input for a new operator.
#[derive(Debug, Clone)]
pub struct NewOperator {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

/// A session just opened: the token exists only in this value.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    pub token: String,
    pub session: Session,
    pub operator: Operator,
}

/// An authenticated operator request.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub operator: Operator,
    pub tenant: fleet_domain::Tenant,
    pub session_id: Uuid,
    pub expires_at: OffsetDateTime,
    /// Every subaccount of the tenant (operators see live and sandbox alike).
    pub subaccounts: Vec<SubaccountId>,
}

impl SignedIn {
    /// `Ok` when the operator's role includes `role`.
    pub fn require(&self, role: Role) -> Result<(), super::Error> {
        if self.operator.role.includes(role) {
            Ok(())
        } else {
            Err(super::Error::RoleRequired(role))
        }
    }

    /// The operator as a principal over the whole tenant, for domain calls taking one.
    pub fn principal(&self) -> Principal {
        Principal {
            actor: Actor::Operator {
                id: self.operator.id,
            },
            mode: None,
            permissions: self.operator.role.permissions(),
            plan: self.tenant.plan,
            scope: Scope::new(self.tenant.id, self.subaccounts.clone()),
        }
    }
}
