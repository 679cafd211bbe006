//! Key queries. Every function is scoped by tenant except the lookup by secret hash, which is
//! how authentication discovers the tenant in the first place.

use diesel::dsl::not;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use db::schema::{api_keys, tenants};
use fleet_domain::{ApiKeyId, KeyMode, Tenant, TenantId};

use crate::manage::rules::Reach;
use crate::{ApiKey, KeyScope, KeyStatus};

pub async fn insert(conn: &mut AsyncPgConnection, key: &ApiKey) -> QueryResult<ApiKey> {
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(key.id),
            api_keys::tenant_id.eq(key.tenant_id),
            api_keys::name.eq(&key.name),
            api_keys::prefix.eq(&key.prefix),
            api_keys::key_hash.eq(&key.key_hash),
            api_keys::mode.eq(key.mode),
            api_keys::permissions.eq(&key.permissions),
            api_keys::scope.eq(key.scope),
            api_keys::subaccount_ids.eq(&key.subaccount_ids),
            api_keys::rate_limit_per_minute.eq(key.rate_limit_per_minute),
            api_keys::rate_limit_per_hour.eq(key.rate_limit_per_hour),
            api_keys::rate_limit_per_day.eq(key.rate_limit_per_day),
            api_keys::allowed_ips.eq(&key.allowed_ips),
            api_keys::expires_at.eq(key.expires_at),
            api_keys::active.eq(key.active),
            api_keys::created_by.eq(&key.created_by),
        ))
        .returning(ApiKey::as_returning())
        .get_result(conn)
        .await
}

/// How authentication finds a key: by the hash of a presented secret (current or
/// grace-period), or by id (signed tokens name their key).
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    Hash(&'a str),
    Id(ApiKeyId),
}

/// Non-deleted keys joined with their tenants.
#[diesel::dsl::auto_type]
fn live_with_tenant() -> _ {
    api_keys::table
        .inner_join(tenants::table)
        .filter(api_keys::deleted_at.is_null())
}

/// The non-deleted key `lookup` names, with its tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    lookup: Lookup<'_>,
) -> QueryResult<Option<(ApiKey, Tenant)>> {
    let both = (ApiKey::as_select(), Tenant::as_select());
    match lookup {
        Lookup::Hash(hash) => {
            let matches = api_keys::key_hash
                .eq(hash)
                .or(api_keys::previous_key_hash.eq(hash));
            live_with_tenant()
                .filter(matches)
                .select(both)
                .first(conn)
                .await
        }
        Lookup::Id(id) => {
            let matches = api_keys::id.eq(id);
            live_with_tenant()
                .filter(matches)
                .select(both)
                .first(conn)
                .await
        }
    }
    .optional()
}

/// The tenant's non-deleted key `id`.
#[diesel::dsl::auto_type]
fn live_key(tenant: TenantId, id: ApiKeyId) -> _ {
    api_keys::table
        .filter(api_keys::tenant_id.eq(tenant))
        .filter(api_keys::id.eq(id))
        .filter(api_keys::deleted_at.is_null())
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
) -> QueryResult<Option<ApiKey>> {
    let query = live_key(tenant, id).select(ApiKey::as_select());
    query.first(conn).await.optional()
}

/// Same as [`get`], holding the row lock until the transaction ends.
pub async fn get_for_update(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
) -> QueryResult<Option<ApiKey>> {
    let query = live_key(tenant, id).select(ApiKey::as_select());
    query.for_update().first(conn).await.optional()
}

/// Every non-deleted key of the tenant, oldest first (the CLI's list).
pub async fn list(conn: &mut AsyncPgConnection, tenant: TenantId) -> QueryResult<Vec<ApiKey>> {
    api_keys::table
        .filter(api_keys::tenant_id.eq(tenant))
        .filter(api_keys::deleted_at.is_null())
        .order((api_keys::created_at, api_keys::id))
        .select(ApiKey::as_select())
        .load(conn)
        .await
}

/// Which keys a paged list shows: within `reach` (all when `None`), of a status and a mode.
#[derive(Debug, Clone, Copy)]
pub struct ListQuery<'a> {
    pub tenant: TenantId,
    pub reach: Option<&'a Reach>,
    pub status: Option<KeyStatus>,
    pub mode: Option<KeyMode>,
    pub now: OffsetDateTime,
}

impl<'a> ListQuery<'a> {
    /// The matching non-deleted keys, as a query to count or to page.
    fn rows(&self) -> api_keys::BoxedQuery<'a, Pg> {
        let mut query = api_keys::table
            .filter(api_keys::tenant_id.eq(self.tenant))
            .filter(api_keys::deleted_at.is_null())
            .into_boxed();
        if let Some(reach) = self.reach {
            query = query.filter(api_keys::mode.eq(reach.mode));
            if !reach.all {
                // Keys spanning all subaccounts stay hidden from keys that do not.
                let spans_all = api_keys::scope
                    .eq(KeyScope::Global)
                    .and(api_keys::subaccount_ids.eq(Vec::<Uuid>::new()));
                let within: Vec<Uuid> = reach.subaccounts.iter().map(|s| s.0).collect();
                query = query
                    .filter(not(spans_all))
                    .filter(api_keys::subaccount_ids.is_contained_by(within));
            }
        }
        if let Some(mode) = self.mode {
            query = query.filter(api_keys::mode.eq(mode));
        }
        let live = api_keys::revoked_at.is_null();
        let expired = api_keys::expires_at.le(self.now);
        let not_expired = api_keys::expires_at
            .is_null()
            .or(api_keys::expires_at.gt(self.now));
        match self.status {
            None => query,
            Some(KeyStatus::Revoked) => query.filter(api_keys::revoked_at.is_not_null()),
            Some(KeyStatus::Expired) => query.filter(live).filter(expired),
            Some(KeyStatus::Disabled) => query
                .filter(live)
                .filter(not_expired)
                .filter(api_keys::active.eq(false)),
            Some(KeyStatus::Active) => query
                .filter(live)
                .filter(not_expired)
                .filter(api_keys::active.eq(true)),
        }
    }
}

/// One page of the matching keys, oldest first, and how many match in all.
pub async fn list_page(
    conn: &mut AsyncPgConnection,
    query: &ListQuery<'_>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<ApiKey>, i64)> {
    let total = query.rows().count().get_result(conn).await?;
    let items = query
        .rows()
        .order((api_keys::created_at, api_keys::id))
        .offset(offset)
        .limit(limit)
        .select(ApiKey::as_select())
        .load(conn)
        .await?;
    Ok((items, total))
}

pub async fn count_non_deleted(conn: &mut AsyncPgConnection, tenant: TenantId) -> QueryResult<i64> {
    api_keys::table
        .filter(api_keys::tenant_id.eq(tenant))
        .filter(api_keys::deleted_at.is_null())
        .count()
        .get_result(conn)
        .await
}

/// Locks the tenant row so concurrent key creations count keys one at a time.
pub async fn lock_tenant(conn: &mut AsyncPgConnection, tenant: TenantId) -> QueryResult<Tenant> {
    tenants::table
        .find(tenant)
        .select(Tenant::as_select())
        .for_update()
        .first(conn)
        .await
}

/// A change to a key's row; `None` leaves a column as it is, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = api_keys)]
pub struct Changeset {
    pub name: Option<String>,
    pub permissions: Option<Vec<String>>,
    pub rate_limit_per_minute: Option<Option<i32>>,
    pub rate_limit_per_hour: Option<Option<i32>>,
    pub rate_limit_per_day: Option<Option<i32>>,
    pub active: Option<bool>,
    pub allowed_ips: Option<Vec<String>>,
    pub expires_at: Option<Option<OffsetDateTime>>,
    pub key_hash: Option<String>,
    pub prefix: Option<String>,
    pub previous_key_hash: Option<Option<String>>,
    pub previous_key_expires_at: Option<Option<OffsetDateTime>>,
    pub revoked_at: Option<Option<OffsetDateTime>>,
    pub deleted_at: Option<Option<OffsetDateTime>>,
    pub updated_at: Option<OffsetDateTime>,
}

impl Changeset {
    /// Revoked at `at`; a grace-period secret dies with it.
    pub fn revoke(at: OffsetDateTime) -> Self {
        Changeset {
            revoked_at: Some(Some(at)),
            ..Changeset::no_previous(at)
        }
    }

    /// Deleted (soft) at `at`: inactive, and a grace-period secret dies with it.
    pub fn delete(at: OffsetDateTime) -> Self {
        Changeset {
            deleted_at: Some(Some(at)),
            active: Some(false),
            ..Changeset::no_previous(at)
        }
    }

    /// A new secret; with a grace deadline the old hash keeps working until then.
    pub fn rotate(
        hash: String,
        prefix: String,
        previous: Option<(String, OffsetDateTime)>,
        at: OffsetDateTime,
    ) -> Self {
        Changeset {
            key_hash: Some(hash),
            prefix: Some(prefix),
            previous_key_hash: Some(previous.as_ref().map(|(h, _)| h.clone())),
            previous_key_expires_at: Some(previous.map(|(_, until)| until)),
            updated_at: Some(at),
            ..Changeset::default()
        }
    }

    fn no_previous(at: OffsetDateTime) -> Self {
        Changeset {
            previous_key_hash: Some(None),
            previous_key_expires_at: Some(None),
            updated_at: Some(at),
            ..Changeset::default()
        }
    }
}

/// Applies `set` to the tenant's key `id` and returns the row as it is now.
pub async fn update(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    set: &Changeset,
) -> QueryResult<ApiKey> {
    diesel::update(
        api_keys::table
            .filter(api_keys::tenant_id.eq(tenant))
            .find(id),
    )
    .set(set)
    .returning(ApiKey::as_returning())
    .get_result(conn)
    .await
}
