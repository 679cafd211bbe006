//! Tenancy rules: validation, creation, update and listing of tenants and subaccounts.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::OffsetDateTime;

use super::store::{self, SubaccountChangeset};
use super::{NewSubaccount, NewTenant, Subaccount, SubaccountChanges, Tenant, TenantStatus};
use crate::notify::{announce, Change};
use crate::{Error, Listing, SubaccountId, TenantId, Window};

/// Default cap on non-deleted API keys per tenant (SPEC §2).
pub const DEFAULT_MAX_API_KEYS: i32 = 50;

use crate::input::display_name as validate_name;

async fn validate_timezone(conn: &mut AsyncPgConnection, tz: &str) -> Result<(), Error> {
    if tz.len() > 64
        || tz.chars().any(char::is_control)
        || !store::is_known_timezone(conn, tz).await?
    {
        return Err(Error::invalid(
            "timezone",
            "must be an IANA time zone such as Europe/Berlin",
        ));
    }
    Ok(())
}

fn duplicate_subaccount(e: diesel::result::Error) -> Error {
    if db::is_unique_violation(&e) {
        Error::Duplicate("a subaccount with this name")
    } else {
        Error::from(e)
    }
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

/// The tenant with this name (compared case-insensitively), if any (CLI and demo).
pub async fn find_tenant_by_name(
    conn: &mut AsyncPgConnection,
    name: &str,
) -> Result<Option<Tenant>, Error> {
    Ok(store::find_tenant_by_name(conn, name).await?)
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
    validate_timezone(conn, &new.timezone).await?;
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
        let created = store::insert_subaccount(conn, &sub)
            .await
            .map_err(duplicate_subaccount)?;
        announce(conn, Change::Tenant(tenant)).await?;
        Ok(created)
    })
    .await
}

/// Every subaccount of the tenant, live and sandbox, oldest first.
pub async fn all_subaccounts(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> Result<Vec<Subaccount>, Error> {
    Ok(store::list_subaccounts(conn, tenant, None).await?)
}

/// One page of the tenant's subaccounts, oldest first (page or cursor mode, paged in SQL).
pub async fn list_subaccounts(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    window: Window,
) -> Result<Listing<Subaccount>, Error> {
    let (limit, offset) = window.limit_offset();
    Ok(match window {
        // Rows and total from one snapshot.
        Window::Page { page, limit: n } => {
            db::read_snapshot(conn)
                .run(async |conn| {
                    let rows = store::page_subaccounts(conn, tenant, None, limit, offset).await?;
                    let total = store::count_subaccounts(conn, tenant).await?;
                    Ok::<_, Error>(Listing::from_page(rows, page, n, total))
                })
                .await?
        }
        Window::Cursor { after, limit: n } => {
            let rows = store::page_subaccounts(conn, tenant, after.as_ref(), limit, 0).await?;
            Listing::from_cursor_rows(rows, n, |s| (s.created_at, s.id.0))
        }
    })
}

/// Renames a subaccount or changes its time zone or battery thresholds. Keys that reach it
/// are told (they cache their subaccounts' details) in the same transaction.
pub async fn update_subaccount(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: SubaccountId,
    changes: SubaccountChanges,
) -> Result<Subaccount, Error> {
    let name = changes
        .name
        .as_deref()
        .map(|n| validate_name("name", n))
        .transpose()?;
    if let Some(tz) = &changes.timezone {
        validate_timezone(conn, tz).await?;
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
    let set = SubaccountChangeset {
        name,
        timezone: changes.timezone,
        min_start_battery_percent: changes.min_start_battery_percent,
        battery_low_threshold_percent: changes.battery_low_threshold_percent,
        updated_at: OffsetDateTime::now_utc(),
    };
    conn.transaction(async |conn| {
        let updated = store::update_subaccount(conn, tenant, id, &set)
            .await
            .map_err(duplicate_subaccount)?
            .ok_or_else(|| Error::not_found("subaccount", id))?;
        announce(conn, Change::Tenant(tenant)).await?;
        Ok(updated)
    })
    .await
}
