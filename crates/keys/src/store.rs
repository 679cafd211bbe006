//! Key queries. Every function is scoped by tenant except the lookup by secret hash, which is
//! how authentication discovers the tenant in the first place.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::{api_keys, tenants};
use fleet_domain::{ApiKeyId, Tenant, TenantId};

use crate::ApiKey;

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

/// The non-deleted key whose current or grace-period hash is `hash`, with its tenant.
pub async fn find_by_hash(
    conn: &mut AsyncPgConnection,
    hash: &str,
) -> QueryResult<Option<(ApiKey, Tenant)>> {
    api_keys::table
        .inner_join(tenants::table)
        .filter(
            api_keys::key_hash
                .eq(hash)
                .or(api_keys::previous_key_hash.eq(hash)),
        )
        .filter(api_keys::deleted_at.is_null())
        .select((ApiKey::as_select(), Tenant::as_select()))
        .first(conn)
        .await
        .optional()
}

/// The non-deleted key with this id, with its tenant (signed tokens name their key).
pub async fn find_by_id(
    conn: &mut AsyncPgConnection,
    id: ApiKeyId,
) -> QueryResult<Option<(ApiKey, Tenant)>> {
    api_keys::table
        .inner_join(tenants::table)
        .filter(api_keys::id.eq(id))
        .filter(api_keys::deleted_at.is_null())
        .select((ApiKey::as_select(), Tenant::as_select()))
        .first(conn)
        .await
        .optional()
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
) -> QueryResult<Option<ApiKey>> {
    api_keys::table
        .filter(api_keys::tenant_id.eq(tenant))
        .filter(api_keys::id.eq(id))
        .filter(api_keys::deleted_at.is_null())
        .select(ApiKey::as_select())
        .first(conn)
        .await
        .optional()
}

/// Same as [`get`], holding the row lock until the transaction ends.
pub async fn get_for_update(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
) -> QueryResult<Option<ApiKey>> {
    api_keys::table
        .filter(api_keys::tenant_id.eq(tenant))
        .filter(api_keys::id.eq(id))
        .filter(api_keys::deleted_at.is_null())
        .select(ApiKey::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn list(conn: &mut AsyncPgConnection, tenant: TenantId) -> QueryResult<Vec<ApiKey>> {
    api_keys::table
        .filter(api_keys::tenant_id.eq(tenant))
        .filter(api_keys::deleted_at.is_null())
        .order((api_keys::created_at, api_keys::id))
        .select(ApiKey::as_select())
        .load(conn)
        .await
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

pub async fn set_active(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    active: bool,
) -> QueryResult<ApiKey> {
    diesel::update(
        api_keys::table
            .filter(api_keys::tenant_id.eq(tenant))
            .find(id),
    )
    .set((
        api_keys::active.eq(active),
        api_keys::updated_at.eq(OffsetDateTime::now_utc()),
    ))
    .returning(ApiKey::as_returning())
    .get_result(conn)
    .await
}

pub async fn revoke(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    at: OffsetDateTime,
) -> QueryResult<ApiKey> {
    diesel::update(
        api_keys::table
            .filter(api_keys::tenant_id.eq(tenant))
            .find(id),
    )
    .set((
        api_keys::revoked_at.eq(at),
        api_keys::previous_key_hash.eq(None::<String>),
        api_keys::previous_key_expires_at.eq(None::<OffsetDateTime>),
        api_keys::updated_at.eq(at),
    ))
    .returning(ApiKey::as_returning())
    .get_result(conn)
    .await
}

pub async fn soft_delete(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    at: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(
        api_keys::table
            .filter(api_keys::tenant_id.eq(tenant))
            .filter(api_keys::deleted_at.is_null())
            .find(id),
    )
    .set((
        api_keys::deleted_at.eq(at),
        api_keys::active.eq(false),
        api_keys::previous_key_hash.eq(None::<String>),
        api_keys::previous_key_expires_at.eq(None::<OffsetDateTime>),
        api_keys::updated_at.eq(at),
    ))
    .execute(conn)
    .await
}

/// Replaces the secret; with a grace deadline the old hash keeps working until then.
pub async fn rotate_hash(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: ApiKeyId,
    new_hash: &str,
    new_prefix: &str,
    previous: Option<(&str, OffsetDateTime)>,
) -> QueryResult<ApiKey> {
    diesel::update(
        api_keys::table
            .filter(api_keys::tenant_id.eq(tenant))
            .find(id),
    )
    .set((
        api_keys::key_hash.eq(new_hash),
        api_keys::prefix.eq(new_prefix),
        api_keys::previous_key_hash.eq(previous.map(|(h, _)| h.to_owned())),
        api_keys::previous_key_expires_at.eq(previous.map(|(_, at)| at)),
        api_keys::updated_at.eq(OffsetDateTime::now_utc()),
    ))
    .returning(ApiKey::as_returning())
    .get_result(conn)
    .await
}
