use std::str::FromStr;

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::{Queryable, Selectable};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{SubaccountId, TenantId};

/// Commercial plan; decides default rate limits (SPEC §4).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    AsExpression,
    FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Plan {
    Trial,
    Starter,
    Professional,
    Enterprise,
}

/// Requests per window for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct PlanLimits {
    pub per_minute: u32,
    pub per_hour: u32,
    pub per_day: u32,
}

impl Plan {
    pub const ALL: [Plan; 4] = [
        Plan::Trial,
        Plan::Starter,
        Plan::Professional,
        Plan::Enterprise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Trial => "trial",
            Plan::Starter => "starter",
            Plan::Professional => "professional",
            Plan::Enterprise => "enterprise",
        }
    }

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

impl FromStr for Plan {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Plan::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown plan `{s}` (trial, starter, professional, enterprise)"))
    }
}
db::text_enum!(Plan);

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    AsExpression,
    FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum TenantStatus {
    Active,
    Suspended,
    Archived,
}

impl TenantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
            TenantStatus::Archived => "archived",
        }
    }
}

impl FromStr for TenantStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "active" => Ok(Self::Active),
            "suspended" => Ok(Self::Suspended),
            "archived" => Ok(Self::Archived),
            other => Err(format!("unknown tenant status `{other}`")),
        }
    }
}
db::text_enum!(TenantStatus);

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

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = db::schema::subaccounts, check_for_backend(diesel::pg::Pg))]
pub struct Subaccount {
    pub id: SubaccountId,
    pub tenant_id: TenantId,
    pub name: String,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub timezone: String,
    /// Sandbox subaccounts are reached by test keys only; the others by live keys only.
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
