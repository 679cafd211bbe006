//! Tenancy rules: validation and creation of tenants and subaccounts.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::OffsetDateTime;

use super::{store, NewSubaccount, NewTenant, Subaccount, Tenant, TenantStatus};
use crate::notify::{announce, Change};
use crate::{Error, SubaccountId, TenantId};

/// Default cap on non-deleted API keys per tenant (SPEC §2).
pub const DEFAULT_MAX_API_KEYS: i32 = 50;

fn validate_name(field: &'static str, name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must be 1-200 printable characters"));
    }
    Ok(name.to_owned())
}

pub async fn create_tenant(conn: &mut AsyncPgConnection, new: NewTenant) -> Result<Tenant, Error> {
    let now = OffsetDateTime::now_utc();
    let tenant = Tenant {
        id: TenantId::new(),
        name: validate_name("name", &new.name)?,
        plan: new.plan,
        status: TenantStatus::Active,
        max_api_keys: DEFAULT_MAX_API_KEYS,
        created_at: now,
        updated_at: now,
    };
    store::insert_tenant(conn, &tenant).await.map_err(|e| {
        if db::is_unique_violation(&e) {
            Error::Duplicate("a tenant with this name")
        } else {
            e.into()
        }
    })
}

pub async fn get_tenant(conn: &mut AsyncPgConnection, id: TenantId) -> Result<Tenant, Error> {
    store::get_tenant(conn, id).await.map_err(|e| match e {
        diesel::result::Error::NotFound => Error::NotFound {
            resource: "tenant",
            id: id.to_string(),
        },
        other => other.into(),
    })
}

pub async fn create_subaccount(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    new: NewSubaccount,
) -> Result<Subaccount, Error> {
    let name = validate_name("name", &new.name)?;
    if new.currency.len() != 3 || !new.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid(
            "currency",
            "must be an ISO 4217 code such as EUR",
        ));
    }
    if new.timezone.len() > 64 || !store::is_known_timezone(conn, &new.timezone).await? {
        return Err(Error::invalid(
            "timezone",
            "must be an IANA time zone such as Europe/Berlin",
        ));
    }
    get_tenant(conn, tenant).await?;
    let now = OffsetDateTime::now_utc();
    let sub = Subaccount {
        id: SubaccountId::new(),
        tenant_id: tenant,
        name,
        currency: new.currency,
        timezone: new.timezone,
        sandbox: new.sandbox,
        min_start_battery_percent: 15,
        battery_low_threshold_percent: 20,
        created_at: now,
        updated_at: now,
    };
    // Keys whose reach is "every subaccount" must see the new one at once.
    conn.transaction(async |conn| {
        let created = store::insert_subaccount(conn, &sub).await.map_err(|e| {
            if db::is_unique_violation(&e) {
                Error::Duplicate("a subaccount with this name")
            } else {
                Error::from(e)
            }
        })?;
        announce(conn, Change::Tenant(tenant)).await?;
        Ok(created)
    })
    .await
}
