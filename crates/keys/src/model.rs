//! API key records and their inputs.

use diesel::{Queryable, Selectable};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use fleet_domain::{ApiKeyId, KeyMode, PermissionSet, PlanLimits, SubaccountId, TenantId};

db::text_enum! {
    /// `subaccount`: exactly one subaccount. `global`: `allowed_subaccount_ids`, empty = all of
    /// the tenant's subaccounts of the key's mode.
    pub enum KeyScope {
        Subaccount = "subaccount",
        Global = "global",
    }
}

/// Where a key stands in its lifecycle, most final first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Revoked,
    Expired,
    Disabled,
    Active,
}

/// A stored key, exactly as its row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = db::schema::api_keys, check_for_backend(diesel::pg::Pg))]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub tenant_id: TenantId,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub previous_key_hash: Option<String>,
    pub previous_key_expires_at: Option<OffsetDateTime>,
    pub mode: KeyMode,
    pub permissions: Vec<String>,
    pub scope: KeyScope,
    pub subaccount_ids: Vec<Uuid>,
    pub rate_limit_per_minute: Option<i32>,
    pub rate_limit_per_hour: Option<i32>,
    pub rate_limit_per_day: Option<i32>,
    pub allowed_ips: Vec<String>,
    pub expires_at: Option<OffsetDateTime>,
    pub active: bool,
    pub revoked_at: Option<OffsetDateTime>,
    pub deleted_at: Option<OffsetDateTime>,
    pub created_by: Option<String>,
    pub last_used_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl ApiKey {
    /// Permissions as a set; strings the code no longer knows are ignored (never granted).
    pub fn permission_set(&self) -> PermissionSet {
        self.permissions
            .iter()
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    pub fn subaccounts(&self) -> Vec<SubaccountId> {
        self.subaccount_ids
            .iter()
            .copied()
            .map(SubaccountId)
            .collect()
    }

    pub fn status(&self, now: OffsetDateTime) -> KeyStatus {
        if self.revoked_at.is_some() {
            KeyStatus::Revoked
        } else if self.expires_at.is_some_and(|at| at <= now) {
            KeyStatus::Expired
        } else if !self.active {
            KeyStatus::Disabled
        } else {
            KeyStatus::Active
        }
    }

    pub fn overrides(&self) -> RateLimitOverrides {
        let pos = |v: Option<i32>| v.and_then(|v| u32::try_from(v).ok());
        RateLimitOverrides {
            per_minute: pos(self.rate_limit_per_minute),
            per_hour: pos(self.rate_limit_per_hour),
            per_day: pos(self.rate_limit_per_day),
        }
    }
}

/// Per-key overrides of the plan's limits; `None` = the plan default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RateLimitOverrides {
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub per_minute: Option<u32>,
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub per_hour: Option<u32>,
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub per_day: Option<u32>,
}

impl RateLimitOverrides {
    /// The limits in force: each override, else the plan default.
    pub fn effective(&self, plan: PlanLimits) -> PlanLimits {
        PlanLimits {
            per_minute: self.per_minute.unwrap_or(plan.per_minute),
            per_hour: self.per_hour.unwrap_or(plan.per_hour),
            per_day: self.per_day.unwrap_or(plan.per_day),
        }
    }
}

/// Input for a new key.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub name: String,
    pub mode: KeyMode,
    /// `None` = the read-only defaults of SPEC §2.
    pub permissions: Option<PermissionSet>,
    pub scope: KeyScope,
    pub subaccount_ids: Vec<SubaccountId>,
    pub limits: RateLimitOverrides,
    pub expires_at: Option<OffsetDateTime>,
    pub allowed_ips: Vec<String>,
    pub created_by: Option<String>,
}

/// A key together with its secret, which exists only in this value (shown once).
#[derive(Debug, Clone)]
pub struct CreatedKey {
    pub key: ApiKey,
    pub secret: String,
}
