//! Key lifecycle (SPEC §2): create, disable/enable, regenerate (optional grace period),
//! revoke, delete. Each change commits together with its invalidation notice.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::{Duration, OffsetDateTime};

use fleet_domain::tenancy::store as tenancy_store;
use fleet_domain::{ApiKeyId, Principal, SubaccountId, TenantId};

use crate::notify::{announce, Change};
use crate::{secret, store, ApiKey, CreatedKey, Error, IpAllowList, KeyScope, NewKey};

/// Longest grace period during which a regenerated key's old secret still works.
pub const MAX_GRACE: Duration = Duration::hours(24);
/// Highest per-window override accepted.
pub const MAX_LIMIT_OVERRIDE: u32 = 1_000_000_000;

/// Creates a key. When `creator` is a principal (a key minting keys), the new key can hold
/// no permission, subaccount or mode the creator does not hold itself.
pub async fn create_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    new: NewKey,
    creator: Option<&Principal>,
) -> Result<CreatedKey, Error> {
    let name = new.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "must be 1-200 printable characters"));
    }
    let permissions = new
        .permissions
        .unwrap_or_else(fleet_domain::PermissionSet::defaults);
    if permissions.is_empty() {
        return Err(Error::invalid(
            "permissions",
            "must grant at least one permission",
        ));
    }
    let allowed_ips = IpAllowList::parse(&new.allowed_ips)
        .map_err(|e| Error::invalid("allowed_ips", e.to_string()))?;
    for (field, value) in [
        ("rate_limits.per_minute", new.limits.per_minute),
        ("rate_limits.per_hour", new.limits.per_hour),
        ("rate_limits.per_day", new.limits.per_day),
    ] {
        if value.is_some_and(|v| v == 0 || v > MAX_LIMIT_OVERRIDE) {
            return Err(Error::invalid(field, "must be between 1 and 1000000000"));
        }
    }
    let now = OffsetDateTime::now_utc();
    if new.expires_at.is_some_and(|at| at <= now) {
        return Err(Error::invalid("expires_at", "must be in the future"));
    }
    let mut subaccounts = new.subaccount_ids.clone();
    subaccounts.sort();
    subaccounts.dedup();
    if subaccounts.len() > 1000 {
        return Err(Error::invalid("subaccount_ids", "at most 1000 subaccounts"));
    }
    if new.scope == KeyScope::Subaccount && subaccounts.len() != 1 {
        return Err(Error::invalid(
            "subaccount_ids",
            "a subaccount-scoped key needs exactly one subaccount",
        ));
    }
    if let Some(creator) = creator {
        check_can_grant(creator, &new, &permissions, &subaccounts)?;
    }
    let generated = secret::generate(new.mode)?;

    conn.transaction(async move |conn| {
        let tenant_row = store::lock_tenant(conn, tenant)
            .await
            .map_err(|e| match e {
                diesel::result::Error::NotFound => Error::Domain(fleet_domain::Error::NotFound {
                    resource: "tenant",
                    id: tenant.to_string(),
                }),
                other => other.into(),
            })?;
        // Subaccounts must be the tenant's and of the key's mode; others are "not found".
        let found = tenancy_store::subaccounts_by_ids(conn, tenant, &subaccounts).await?;
        for id in &subaccounts {
            let ok = found
                .iter()
                .any(|s| s.id == *id && s.sandbox == new.mode.sandbox());
            if !ok {
                return Err(Error::invalid(
                    "subaccount_ids",
                    format!(
                        "subaccount {id} does not exist or is not a {} subaccount",
                        if new.mode.sandbox() {
                            "sandbox"
                        } else {
                            "live"
                        }
                    ),
                ));
            }
        }
        let count = store::count_non_deleted(conn, tenant).await?;
        if count >= i64::from(tenant_row.max_api_keys) {
            return Err(Error::TooManyKeys {
                max: tenant_row.max_api_keys,
            });
        }
        let to_db = |v: Option<u32>| v.and_then(|v| i32::try_from(v).ok());
        let key = ApiKey {
            id: ApiKeyId::new(),
            tenant_id: tenant,
            name,
            prefix: generated.prefix.clone(),
            key_hash: generated.hash.clone(),
            previous_key_hash: None,
            previous_key_expires_at: None,
            mode: new.mode,
            permissions: permissions.to_strings(),
            scope: new.scope,
            subaccount_ids: subaccounts.iter().map(|s| s.0).collect(),
            rate_limit_per_minute: to_db(new.limits.per_minute),
            rate_limit_per_hour: to_db(new.limits.per_hour),
            rate_limit_per_day: to_db(new.limits.per_day),
            allowed_ips: allowed_ips.to_strings(),
            expires_at: new.expires_at,
            active: true,
            revoked_at: None,
            deleted_at: None,
            created_by: new.created_by.clone(),
            last_used_at: None,
            created_at: now,
            updated_at: now,
        };
        let key = store::insert(conn, &key).await?;
        Ok(CreatedKey {
            key,
            secret: generated.secret,
        })
    })
    .await
}

fn check_can_grant(
    creator: &Principal,
    new: &NewKey,
    permissions: &fleet_domain::PermissionSet,
    subaccounts: &[SubaccountId],
) -> Result<(), Error> {
    let extra = permissions.difference(&creator.permissions);
    if !extra.is_empty() {
        return Err(Error::CannotGrant(format!(
            "permissions it does not hold: {}",
            extra.to_strings().join(", ")
        )));
    }
    if creator.mode.is_some_and(|mode| mode != new.mode) {
        return Err(Error::CannotGrant("a key of another mode".into()));
    }
    let reach = creator.scope.subaccount_ids();
    // "All subaccounts" would include subaccounts created later, beyond what the creating
    // key reaches today, so a key may only mint keys with an explicit list.
    if new.scope == KeyScope::Global && subaccounts.is_empty() {
        return Err(Error::CannotGrant(
            "a global key spanning all subaccounts (list subaccount_ids explicitly)".into(),
        ));
    }
    if let Some(outside) = subaccounts.iter().find(|s| !reach.contains(s)) {
        return Err(Error::CannotGrant(format!("subaccount {outside}")));
    }
    Ok(())
}

pub async fn get_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
) -> Result<ApiKey, Error> {
    store::get(conn, tenant, id)
        .await?
        .ok_or(Error::NotFound(id))
}

pub async fn list_keys(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> Result<Vec<ApiKey>, Error> {
    Ok(store::list(conn, tenant).await?)
}

/// One change to an existing key.
enum KeyChange {
    SetActive(bool),
    Revoke,
    Rotate { grace: Option<Duration> },
}

/// Locks the key, refuses changes to revoked keys, applies the change and announces it in
/// the same transaction. Returns the new secret for rotations.
async fn apply_change(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    change: KeyChange,
) -> Result<(ApiKey, Option<String>), Error> {
    conn.transaction(async move |conn| {
        let key = store::get_for_update(conn, tenant, id)
            .await?
            .ok_or(Error::NotFound(id))?;
        if key.revoked_at.is_some() {
            return Err(Error::AlreadyRevoked(id));
        }
        let now = OffsetDateTime::now_utc();
        let (key, secret) = match change {
            KeyChange::SetActive(active) => {
                (store::set_active(conn, tenant, id, active).await?, None)
            }
            KeyChange::Revoke => (store::revoke(conn, tenant, id, now).await?, None),
            KeyChange::Rotate { grace } => {
                let fresh = secret::generate(key.mode)?;
                let previous = grace.map(|g| (key.key_hash.as_str(), now + g));
                let updated =
                    store::rotate_hash(conn, tenant, id, &fresh.hash, &fresh.prefix, previous)
                        .await?;
                (updated, Some(fresh.secret))
            }
        };
        announce(conn, Change::Key(id)).await?;
        Ok((key, secret))
    })
    .await
}

/// Disables (reversibly) or re-enables a key.
pub async fn set_active(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    active: bool,
) -> Result<ApiKey, Error> {
    Ok(apply_change(conn, tenant, id, KeyChange::SetActive(active))
        .await?
        .0)
}

/// Revokes a key for good; it stays listed for the audit trail.
pub async fn revoke_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
) -> Result<ApiKey, Error> {
    Ok(apply_change(conn, tenant, id, KeyChange::Revoke).await?.0)
}

/// Deletes a key: gone from lists and unusable; its request log stays.
pub async fn delete_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
) -> Result<(), Error> {
    conn.transaction(async move |conn| {
        let deleted = store::soft_delete(conn, tenant, id, OffsetDateTime::now_utc()).await?;
        if deleted == 0 {
            return Err(Error::NotFound(id));
        }
        announce(conn, Change::Key(id)).await?;
        Ok(())
    })
    .await
}

/// Issues a new secret. Without grace the old one dies at once; with a grace period (up to
/// 24 h) both work until the deadline.
pub async fn regenerate_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    grace: Option<Duration>,
) -> Result<CreatedKey, Error> {
    if grace.is_some_and(|g| g.is_negative() || g > MAX_GRACE) {
        return Err(Error::invalid(
            "grace_period_seconds",
            "must be between 0 and 86400",
        ));
    }
    let grace = grace.filter(|g| g.is_positive());
    let (key, secret) = apply_change(conn, tenant, id, KeyChange::Rotate { grace }).await?;
    let secret = secret.ok_or_else(|| Error::invalid("secret", "rotation produced no secret"))?;
    Ok(CreatedKey { key, secret })
}

/// Suspends, archives or re-activates a tenant; its keys feel it on the next request.
pub async fn set_tenant_status(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    status: fleet_domain::TenantStatus,
) -> Result<(), Error> {
    conn.transaction(async move |conn| {
        if tenancy_store::set_tenant_status(conn, tenant, status).await? == 0 {
            return Err(Error::Domain(fleet_domain::Error::NotFound {
                resource: "tenant",
                id: tenant.to_string(),
            }));
        }
        announce(conn, Change::Tenant(tenant)).await?;
        Ok(())
    })
    .await
}
