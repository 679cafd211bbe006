//! Key management beyond the lifecycle in [`crate::service`]: editing a key (PATCH), which
//! keys a key may see and touch (self-service over the partner API), and usage for lists.
//!
//! Reach rule for key self-service: a key sees and manages the keys of its own mode whose
//! subaccounts all lie within its own reach; a key spanning all subaccounts (global, empty
//! list) is seen only by keys that also span all. A key may change only keys whose
//! permissions it holds itself, and may grant only permissions it holds.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use db::schema::api_keys;
use fleet_domain::audit::Usage;
use fleet_domain::{ApiKeyId, PermissionSet, Principal, SubaccountId, TenantId};

use crate::notify::{announce, Change};
use crate::service::MAX_LIMIT_OVERRIDE;
use crate::{store, ApiKey, Error, IpAllowList, KeyMode, KeyScope, RateLimitOverrides};

/// A partial key update; `None` leaves a field unchanged. For the doubly optional fields,
/// `Some(None)` clears (no expiry; the plan's limits).
#[derive(Debug, Clone, Default)]
pub struct KeyChanges {
    pub name: Option<String>,
    pub permissions: Option<PermissionSet>,
    pub rate_limits: Option<RateLimitOverrides>,
    pub active: Option<bool>,
    pub allowed_ips: Option<Vec<String>>,
    pub expires_at: Option<Option<OffsetDateTime>>,
}

/// What a calling key reaches, for the reach rule.
#[derive(Debug, Clone)]
pub struct Reach {
    pub mode: KeyMode,
    /// Spans every subaccount of its mode (global key, empty list, not narrowed).
    pub all: bool,
    pub subaccounts: Vec<SubaccountId>,
}

impl Reach {
    pub fn covers(&self, key: &ApiKey) -> bool {
        if key.mode != self.mode {
            return false;
        }
        if self.all {
            return true;
        }
        let spans_all = key.scope == KeyScope::Global && key.subaccount_ids.is_empty();
        !spans_all
            && key
                .subaccount_ids
                .iter()
                .all(|id| self.subaccounts.contains(&SubaccountId(*id)))
    }
}

/// A key within reach, or "not found" exactly like an unknown id.
pub async fn get_within(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    reach: Option<&Reach>,
) -> Result<ApiKey, Error> {
    let key = store::get(conn, tenant, id)
        .await?
        .ok_or(Error::NotFound(id))?;
    if reach.is_some_and(|r| !r.covers(&key)) {
        return Err(Error::NotFound(id));
    }
    Ok(key)
}

/// The tenant's non-deleted keys within reach, oldest first (at most `max_api_keys`).
pub async fn list_within(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    reach: Option<&Reach>,
) -> Result<Vec<ApiKey>, Error> {
    let all = store::list(conn, tenant).await?;
    Ok(all
        .into_iter()
        .filter(|k| reach.is_none_or(|r| r.covers(k)))
        .collect())
}

/// Refuses changes by `actor` to a key holding permissions the actor lacks.
pub fn check_may_touch(actor: Option<&Principal>, key: &ApiKey) -> Result<(), Error> {
    if let Some(actor) = actor {
        let extra = key.permission_set().difference(&actor.permissions);
        if !extra.is_empty() {
            return Err(Error::CannotGrant(format!(
                "changes to a key holding permissions it does not hold: {}",
                extra.to_strings().join(", ")
            )));
        }
    }
    Ok(())
}

#[derive(AsChangeset)]
#[diesel(table_name = api_keys)]
struct Changeset {
    name: Option<String>,
    permissions: Option<Vec<String>>,
    rate_limit_per_minute: Option<Option<i32>>,
    rate_limit_per_hour: Option<Option<i32>>,
    rate_limit_per_day: Option<Option<i32>>,
    active: Option<bool>,
    allowed_ips: Option<Vec<String>>,
    expires_at: Option<Option<OffsetDateTime>>,
    updated_at: OffsetDateTime,
}

/// Applies `changes` to a key. With `actor` (a key editing keys) the key must be one the
/// actor may touch and the new permissions must be the actor's own.
pub async fn update_key(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    changes: KeyChanges,
    actor: Option<&Principal>,
    reach: Option<&Reach>,
) -> Result<ApiKey, Error> {
    let name = match changes.name.as_deref().map(str::trim) {
        Some(n) if n.is_empty() || n.chars().count() > 200 || n.chars().any(char::is_control) => {
            return Err(Error::invalid("name", "must be 1-200 printable characters"))
        }
        other => other.map(str::to_owned),
    };
    if let Some(p) = &changes.permissions {
        if p.is_empty() {
            return Err(Error::invalid(
                "permissions",
                "must grant at least one permission",
            ));
        }
        if let Some(actor) = actor {
            let extra = p.difference(&actor.permissions);
            if !extra.is_empty() {
                return Err(Error::CannotGrant(format!(
                    "permissions it does not hold: {}",
                    extra.to_strings().join(", ")
                )));
            }
        }
    }
    let allowed_ips = match &changes.allowed_ips {
        Some(list) => Some(
            IpAllowList::parse(list)
                .map_err(|e| Error::invalid("allowed_ips", e.to_string()))?
                .to_strings(),
        ),
        None => None,
    };
    if let Some(limits) = &changes.rate_limits {
        for (field, value) in [
            ("rate_limits.per_minute", limits.per_minute),
            ("rate_limits.per_hour", limits.per_hour),
            ("rate_limits.per_day", limits.per_day),
        ] {
            if value.is_some_and(|v| v == 0 || v > MAX_LIMIT_OVERRIDE) {
                return Err(Error::invalid(field, "must be between 1 and 1000000000"));
            }
        }
    }
    let now = OffsetDateTime::now_utc();
    if let Some(Some(at)) = changes.expires_at {
        if at <= now {
            return Err(Error::invalid("expires_at", "must be in the future"));
        }
    }
    let to_db = |v: Option<u32>| v.and_then(|v| i32::try_from(v).ok());
    let set = Changeset {
        name,
        permissions: changes.permissions.map(|p| p.to_strings()),
        rate_limit_per_minute: changes.rate_limits.map(|l| to_db(l.per_minute)),
        rate_limit_per_hour: changes.rate_limits.map(|l| to_db(l.per_hour)),
        rate_limit_per_day: changes.rate_limits.map(|l| to_db(l.per_day)),
        active: changes.active,
        allowed_ips,
        expires_at: changes.expires_at,
        updated_at: now,
    };
    conn.transaction(async |conn| {
        let key = store::get_for_update(conn, tenant, id)
            .await?
            .ok_or(Error::NotFound(id))?;
        if reach.is_some_and(|r| !r.covers(&key)) {
            return Err(Error::NotFound(id));
        }
        check_may_touch(actor, &key)?;
        if key.revoked_at.is_some() {
            return Err(Error::AlreadyRevoked(id));
        }
        let updated = diesel::update(
            api_keys::table
                .filter(api_keys::tenant_id.eq(tenant))
                .filter(api_keys::id.eq(id)),
        )
        .set(&set)
        .returning(ApiKey::as_returning())
        .get_result(conn)
        .await?;
        announce(conn, Change::Key(id)).await?;
        Ok(updated)
    })
    .await
}

#[derive(QueryableByName)]
struct UsageRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = BigInt)]
    today: i64,
    #[diesel(sql_type = BigInt)]
    this_week: i64,
    #[diesel(sql_type = BigInt)]
    this_month: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_used_at: Option<OffsetDateTime>,
}

/// Usage of many keys in one query (UTC day, ISO week, calendar month), from the roll-up.
pub async fn usage_of(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    ids: &[ApiKeyId],
    now: OffsetDateTime,
) -> QueryResult<HashMap<ApiKeyId, Usage>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let rows: Vec<UsageRow> = diesel::sql_query(
        "SELECT k.id, \
           coalesce(sum(u.requests) FILTER (WHERE u.day = d.today), 0)::bigint AS today, \
           coalesce(sum(u.requests) FILTER (WHERE u.day >= date_trunc('week', d.today)::date), 0)::bigint AS this_week, \
           coalesce(sum(u.requests) FILTER (WHERE u.day >= date_trunc('month', d.today)::date), 0)::bigint AS this_month, \
           k.last_used_at \
         FROM api_keys k \
         CROSS JOIN (SELECT ($3 AT TIME ZONE 'UTC')::date AS today) d \
         LEFT JOIN api_key_usage_daily u \
           ON u.tenant_id = k.tenant_id AND u.api_key_id = k.id \
          AND u.day >= least(date_trunc('week', d.today)::date, date_trunc('month', d.today)::date) \
         WHERE k.tenant_id = $1 AND k.id = ANY($2) \
         GROUP BY k.id, k.last_used_at",
    )
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                ApiKeyId(r.id),
                Usage {
                    today: r.today,
                    this_week: r.this_week,
                    this_month: r.this_month,
                    last_used_at: r.last_used_at,
                },
            )
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn key(mode: KeyMode, scope: KeyScope, subs: Vec<Uuid>) -> ApiKey {
        let now = OffsetDateTime::now_utc();
        ApiKey {
            id: ApiKeyId::new(),
            tenant_id: TenantId::new(),
            name: "k".into(),
            prefix: "lf_pk_abcdef".into(),
            key_hash: "h".into(),
            previous_key_hash: None,
            previous_key_expires_at: None,
            mode,
            permissions: vec![],
            scope,
            subaccount_ids: subs,
            rate_limit_per_minute: None,
            rate_limit_per_hour: None,
            rate_limit_per_day: None,
            allowed_ips: vec![],
            expires_at: None,
            active: true,
            revoked_at: None,
            deleted_at: None,
            created_by: None,
            last_used_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn reach_rule() {
        let (a, b) = (SubaccountId::new(), SubaccountId::new());
        let narrow = Reach {
            mode: KeyMode::Live,
            all: false,
            subaccounts: vec![a],
        };
        assert!(narrow.covers(&key(KeyMode::Live, KeyScope::Subaccount, vec![a.0])));
        assert!(!narrow.covers(&key(KeyMode::Live, KeyScope::Subaccount, vec![b.0])));
        assert!(!narrow.covers(&key(KeyMode::Live, KeyScope::Global, vec![a.0, b.0])));
        assert!(!narrow.covers(&key(KeyMode::Live, KeyScope::Global, vec![])));
        assert!(!narrow.covers(&key(KeyMode::Test, KeyScope::Subaccount, vec![a.0])));
        let all = Reach {
            mode: KeyMode::Live,
            all: true,
            subaccounts: vec![a, b],
        };
        assert!(all.covers(&key(KeyMode::Live, KeyScope::Global, vec![])));
        assert!(!all.covers(&key(KeyMode::Test, KeyScope::Global, vec![])));
    }
}
