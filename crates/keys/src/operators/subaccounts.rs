//! Subaccount changes made by operators. Currency and the sandbox flag are fixed at creation
//! (wallets are kept in the currency; the flag decides which keys reach the subaccount).

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::subaccounts;
use fleet_domain::tenancy::store as tenancy_store;
use fleet_domain::{Subaccount, SubaccountId, TenantId};

use crate::notify::{announce, Change};
use crate::Error;

/// A partial update; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct SubaccountChanges {
    pub name: Option<String>,
    pub timezone: Option<String>,
    pub min_start_battery_percent: Option<i32>,
    pub battery_low_threshold_percent: Option<i32>,
}

#[derive(AsChangeset)]
#[diesel(table_name = subaccounts)]
struct Changeset {
    name: Option<String>,
    timezone: Option<String>,
    min_start_battery_percent: Option<i32>,
    battery_low_threshold_percent: Option<i32>,
    updated_at: OffsetDateTime,
}

pub async fn update_subaccount(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: SubaccountId,
    changes: SubaccountChanges,
) -> Result<Subaccount, Error> {
    let name = match changes.name.as_deref().map(str::trim) {
        Some(n) if n.is_empty() || n.chars().count() > 200 || n.chars().any(char::is_control) => {
            return Err(Error::invalid("name", "must be 1-200 printable characters"))
        }
        other => other.map(str::to_owned),
    };
    if let Some(tz) = &changes.timezone {
        if tz.len() > 64
            || tz.chars().any(char::is_control)
            || !tenancy_store::is_known_timezone(conn, tz).await?
        {
            return Err(Error::invalid(
                "timezone",
                "must be an IANA time zone such as Europe/Berlin",
            ));
        }
    }
    for (field, value) in [
        (
            "min_start_battery_percent",
            changes.min_start_battery_percent,
        ),
        (
            "battery_low_threshold_percent",
            changes.battery_low_threshold_percent,
        ),
    ] {
        if value.is_some_and(|v| !(0..=100).contains(&v)) {
            return Err(Error::invalid(field, "must be between 0 and 100"));
        }
    }
    let set = Changeset {
        name,
        timezone: changes.timezone,
        min_start_battery_percent: changes.min_start_battery_percent,
        battery_low_threshold_percent: changes.battery_low_threshold_percent,
        updated_at: OffsetDateTime::now_utc(),
    };
    conn.transaction(async |conn| {
        let updated = diesel::update(
            subaccounts::table
                .filter(subaccounts::tenant_id.eq(tenant))
                .filter(subaccounts::id.eq(id)),
        )
        .set(&set)
        .returning(Subaccount::as_returning())
        .get_result(conn)
        .await
        .optional()
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                Error::Domain(fleet_domain::Error::Duplicate(
                    "a subaccount with this name",
                ))
            } else {
                Error::from(e)
            }
        })?
        .ok_or_else(|| {
            Error::Domain(fleet_domain::Error::NotFound {
                resource: "subaccount",
                id: id.to_string(),
            })
        })?;
        // Keys cache their subaccounts' details.
        announce(conn, Change::Tenant(tenant)).await?;
        Ok(updated)
    })
    .await
}
