//! Key lifecycle (SPEC §2): create, disable/enable, regenerate (optional grace period),
//! revoke, delete. Each change commits together with its invalidation notice.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::{Duration, OffsetDateTime};

use fleet_domain::tenancy::store as tenancy_store;
use fleet_domain::{ApiKeyId, Principal, SubaccountId, TenantId};

use crate::manage::rules::{self, Guard};
use crate::notify::{announce, Change};
use crate::store::Changeset;
use crate::{secret, store, ApiKey, CreatedKey, Error, KeyScope, NewKey};

/// Longest grace period during which a regenerated key's old secret still works.
pub const MAX_GRACE: Duration = Duration::hours(24);

/// Creates a key. When `creator` is a principal (a key minting keys), the new key can hold
/// no permission, subaccount or mode the creator does not hold itself.
pub async fn create_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    new: NewKey,
    creator: Option<&Principal>,
) -> Result<CreatedKey, Error> {
    let name = rules::name(&new.name)?;
    let permissions = new
        .permissions
        .unwrap_or_else(fleet_domain::PermissionSet::defaults);
    rules::some_permission(&permissions)?;
    let allowed_ips = rules::allowed_ips(&new.allowed_ips)?;
    rules::limits(&new.limits)?;
    let now = OffsetDateTime::now_utc();
    rules::expiry(new.expires_at, now)?;
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
            .map_err(Error::tenant_lookup(tenant))?;
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
            rate_limit_per_minute: rules::to_db(new.limits.per_minute),
            rate_limit_per_hour: rules::to_db(new.limits.per_hour),
            rate_limit_per_day: rules::to_db(new.limits.per_day),
            allowed_ips,
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
    rules::grantable(Some(creator), permissions)?;
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
    key_within(conn, tenant, id, Guard::NONE).await
}

/// The tenant's key `id` if `guard` sees it, else "not found" as for an unknown id.
pub(crate) async fn key_within(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    guard: Guard<'_>,
) -> Result<ApiKey, Error> {
    let key = store::get(conn, tenant, id).await?;
    let key = key.ok_or(Error::NotFound(id))?;
    guard.sees(&key)?;
    Ok(key)
}

pub async fn list_keys(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> Result<Vec<ApiKey>, Error> {
    Ok(store::list(conn, tenant).await?)
}

/// One change to an existing key.
pub(crate) enum KeyChange {
    Edit(Box<Changeset>),
    SetActive(bool),
    Revoke,
    Rotate { grace: Option<Duration> },
    Delete,
}

/// Inside the caller's transaction: locks the key, checks `guard`, refuses changes to
/// revoked keys (deleting one is allowed), applies the change and announces it. Returns the
/// key as it is after the change (before it, for a deletion) and the new secret of a
/// rotation.
pub(crate) async fn change_in(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    guard: Guard<'_>,
    change: KeyChange,
) -> Result<(ApiKey, Option<String>), Error> {
    let key = store::get_for_update(conn, tenant, id)
        .await?
        .ok_or(Error::NotFound(id))?;
    guard.check(&key)?;
    if key.revoked_at.is_some() && !matches!(change, KeyChange::Delete) {
        return Err(Error::AlreadyRevoked(id));
    }
    let now = OffsetDateTime::now_utc();
    let (set, secret) = match change {
        KeyChange::Edit(set) => (*set, None),
        KeyChange::SetActive(active) => {
            let set = Changeset {
                active: Some(active),
                updated_at: Some(now),
                ..Changeset::default()
            };
            (set, None)
        }
        KeyChange::Revoke => (Changeset::revoke(now), None),
        KeyChange::Rotate { grace } => {
            let fresh = secret::generate(key.mode)?;
            let previous = grace.map(|g| (key.key_hash.clone(), now + g));
            let set = Changeset::rotate(fresh.hash, fresh.prefix, previous, now);
            (set, Some(fresh.secret))
        }
        KeyChange::Delete => (Changeset::delete(now), None),
    };
    let updated = store::update(conn, tenant, id, &set).await?;
    // A deletion answers with the key as it was.
    let changed = (
        if set.deleted_at.is_some() {
            key
        } else {
            updated
        },
        secret,
    );
    announce(conn, Change::Key(id)).await?;
    Ok(changed)
}

/// [`change_in`] in its own transaction, unguarded (trusted callers: the CLI, tests).
async fn apply_change(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    change: KeyChange,
) -> Result<(ApiKey, Option<String>), Error> {
    conn.transaction(async move |conn| change_in(conn, tenant, id, Guard::NONE, change).await)
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
    apply_change(conn, tenant, id, KeyChange::Delete).await?;
    Ok(())
}

/// Issues a new secret. Without grace the old one dies at once; with a grace period (up to
/// 24 h) both work until the deadline.
pub async fn regenerate_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    grace: Option<Duration>,
) -> Result<CreatedKey, Error> {
    let change = rotation(grace)?;
    let (key, secret) = apply_change(conn, tenant, id, change).await?;
    with_secret(key, secret)
}

/// The rotation for a requested grace period (validated: 0 to 24 h; 0 = none).
pub(crate) fn rotation(grace: Option<Duration>) -> Result<KeyChange, Error> {
    if grace.is_some_and(|g| g.is_negative() || g > MAX_GRACE) {
        return Err(Error::invalid(
            "grace_period_seconds",
            "must be between 0 and 86400",
        ));
    }
    Ok(KeyChange::Rotate {
        grace: grace.filter(|g| g.is_positive()),
    })
}

/// A rotated key with the secret the rotation produced.
pub(crate) fn with_secret(key: ApiKey, secret: Option<String>) -> Result<CreatedKey, Error> {
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
            return Err(Error::tenant_not_found(tenant));
        }
        announce(conn, Change::Tenant(tenant)).await?;
        Ok(())
    })
    .await
}
