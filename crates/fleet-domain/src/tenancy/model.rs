use diesel::{Queryable, Selectable};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{SubaccountId, TenantId};

db::text_enum! {
    /// Commercial plan; decides default rate limits (SPEC §4).
    pub enum Plan {
        Trial = "trial",
        Starter = "starter",
        Professional = "professional",
        Enterprise = "enterprise",
    }
}

/// Requests per window for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct PlanLimits {
    pub per_minute: u32,
    pub per_hour: u32,
    pub per_day: u32,
}

impl Plan {
    /// Default per-key limits of the plan (SPEC §4).
    pub fn default_limits(self) -> PlanLimits {
        let (per_minute, per_hour, per_day) = match self {
            Plan::Trial => (60, 1_000, 10_000),
            Plan::Starter => (120, 3_000, 30_000),
            Plan::Professional => (600, 20_000, 200_000),
            Plan::Enterprise => (6_000, 200_000, 2_000_000),
        };
        PlanLimits {
            per_minute,
            per_hour,
            per_day,
        }
    }
}

db::text_enum! {
    /// Suspended and archived tenants' keys are refused (`403 tenant_inactive`).
    pub enum TenantStatus {
        Active = "active",
        Suspended = "suspended",
        Archived = "archived",
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = db::schema::tenants, check_for_backend(diesel::pg::Pg))]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub plan: Plan,
    pub status: TenantStatus,
    pub max_api_keys: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

// A subaccount. Also the management API's wire type (`SubaccountDetailOut`): every column but
// the tenant, which the caller's scope already fixes. No doc comments on the struct: they
// would become the schema's description (field docs are the fields' descriptions).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = db::schema::subaccounts, check_for_backend(diesel::pg::Pg))]
#[schema(as = SubaccountDetailOut)]
pub struct Subaccount {
    pub id: SubaccountId,
    #[serde(skip)]
    pub tenant_id: TenantId,
    pub name: String,
    // ISO 4217 code.
    #[schema(example = "EUR")]
    pub currency: String,
    // IANA time zone.
    #[schema(example = "Europe/Berlin")]
    pub timezone: String,
    /// Reached by test keys only (live keys reach the others).
    pub sandbox: bool,
    pub min_start_battery_percent: i32,
    pub battery_low_threshold_percent: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// Input for a new tenant.
#[derive(Debug, Clone, Deserialize)]
pub struct NewTenant {
    pub name: String,
    pub plan: Plan,
}

/// Input for a new subaccount.
#[derive(Debug, Clone, Deserialize)]
pub struct NewSubaccount {
    pub name: String,
    pub currency: String,
    pub timezone: String,
    pub sandbox: bool,
}

/// A partial update of a subaccount; `None` leaves a field as it is. Currency and the
/// sandbox flag are fixed at creation (wallets are kept in the currency; the flag decides
/// which keys reach the subaccount).
#[derive(Debug, Clone, Default)]
pub struct SubaccountChanges {
    pub name: Option<String>,
    pub timezone: Option<String>,
    pub min_start_battery_percent: Option<i32>,
    pub battery_low_threshold_percent: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_defaults_match_the_contract() {
        assert_eq!(Plan::Trial.default_limits().per_minute, 60);
        assert_eq!(Plan::Starter.default_limits().per_hour, 3_000);
        assert_eq!(Plan::Professional.default_limits().per_day, 200_000);
        assert_eq!(Plan::Enterprise.default_limits().per_day, 2_000_000);
        for plan in Plan::ALL {
            assert_eq!(plan.as_str().parse::<Plan>(), Ok(plan));
        }
        assert!("gold".parse::<Plan>().is_err());
    }
}
