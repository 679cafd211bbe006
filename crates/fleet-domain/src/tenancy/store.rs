//! Tenancy queries. Functions take a connection; the caller owns the transaction.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::{subaccounts, tenants};
use envelope::Keyset;

use super::{Subaccount, Tenant, TenantStatus};
use crate::pagination::after_keyset;
use crate::{SubaccountId, TenantId};

pub async fn insert_tenant(conn: &mut AsyncPgConnection, tenant: &Tenant) -> QueryResult<Tenant> {
    diesel::insert_into(tenants::table)
        .values((
            tenants::id.eq(tenant.id),
            tenants::name.eq(&tenant.name),
            tenants::plan.eq(tenant.plan),
            tenants::status.eq(tenant.status),
            tenants::max_api_keys.eq(tenant.max_api_keys),
        ))
        .returning(Tenant::as_returning())
        .get_result(conn)
        .await
}

pub async fn get_tenant(conn: &mut AsyncPgConnection, id: TenantId) -> QueryResult<Tenant> {
    tenants::table
        .find(id)
        .select(Tenant::as_select())
        .first(conn)
        .await
}

pub async fn find_tenant_by_name(
    conn: &mut AsyncPgConnection,
    name: &str,
) -> QueryResult<Option<Tenant>> {
    tenants::table
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("lower(name) = lower(")
                .bind::<diesel::sql_types::Text, _>(name)
                .sql(")"),
        )
        .select(Tenant::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn set_tenant_status(
    conn: &mut AsyncPgConnection,
    id: TenantId,
    status: TenantStatus,
) -> QueryResult<usize> {
    diesel::update(tenants::table.find(id))
        .set((
            tenants::status.eq(status),
            tenants::updated_at.eq(OffsetDateTime::now_utc()),
        ))
        .execute(conn)
        .await
}

pub async fn insert_subaccount(
    conn: &mut AsyncPgConnection,
    sub: &Subaccount,
) -> QueryResult<Subaccount> {
    diesel::insert_into(subaccounts::table)
        .values((
            subaccounts::id.eq(sub.id),
            subaccounts::tenant_id.eq(sub.tenant_id),
            subaccounts::name.eq(&sub.name),
            subaccounts::currency.eq(&sub.currency),
            subaccounts::timezone.eq(&sub.timezone),
            subaccounts::sandbox.eq(sub.sandbox),
            subaccounts::min_start_battery_percent.eq(sub.min_start_battery_percent),
            subaccounts::battery_low_threshold_percent.eq(sub.battery_low_threshold_percent),
        ))
        .returning(Subaccount::as_returning())
        .get_result(conn)
        .await
}

/// The tenant's subaccounts, optionally only those with the given sandbox flag.
pub async fn list_subaccounts(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    sandbox: Option<bool>,
) -> QueryResult<Vec<Subaccount>> {
    let mut query = subaccounts::table
        .filter(subaccounts::tenant_id.eq(tenant))
        .select(Subaccount::as_select())
        .order((subaccounts::created_at, subaccounts::id))
        .into_boxed();
    if let Some(sandbox) = sandbox {
        query = query.filter(subaccounts::sandbox.eq(sandbox));
    }
    query.load(conn).await
}

/// A page of the tenant's subaccounts, oldest first: `limit` rows after `offset`, or after
/// the cursor `after` on `(created_at, id)`.
pub async fn page_subaccounts(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    after: Option<&Keyset>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Subaccount>> {
    let mut query = subaccounts::table
        .filter(subaccounts::tenant_id.eq(tenant))
        .select(Subaccount::as_select())
        .into_boxed();
    if let Some(key) = after {
        query = query.filter(after_keyset(key));
    }
    query
        .order((subaccounts::created_at, subaccounts::id))
        .limit(limit)
        .offset(offset)
        .load(conn)
        .await
}

pub async fn count_subaccounts(conn: &mut AsyncPgConnection, tenant: TenantId) -> QueryResult<i64> {
    subaccounts::table
        .filter(subaccounts::tenant_id.eq(tenant))
        .count()
        .get_result(conn)
        .await
}

/// The columns of a subaccount that may change after creation; `None` leaves one as it is.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = subaccounts)]
pub struct SubaccountChangeset {
    pub name: Option<String>,
    pub timezone: Option<String>,
    pub min_start_battery_percent: Option<i32>,
    pub battery_low_threshold_percent: Option<i32>,
    pub updated_at: OffsetDateTime,
}

/// Applies `set` to the tenant's subaccount; `None` when it has no such subaccount.
pub async fn update_subaccount(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: SubaccountId,
    set: &SubaccountChangeset,
) -> QueryResult<Option<Subaccount>> {
    diesel::update(
        subaccounts::table
            .filter(subaccounts::tenant_id.eq(tenant))
            .filter(subaccounts::id.eq(id)),
    )
    .set(set)
    .returning(Subaccount::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Subaccounts of the tenant among `ids` (ids of other tenants are silently absent).
pub async fn subaccounts_by_ids(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    ids: &[SubaccountId],
) -> QueryResult<Vec<Subaccount>> {
    subaccounts::table
        .filter(subaccounts::tenant_id.eq(tenant))
        .filter(subaccounts::id.eq_any(ids))
        .select(Subaccount::as_select())
        .load(conn)
        .await
}

#[derive(QueryableByName)]
struct Known {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    known: bool,
}

/// Is `name` a time zone Postgres knows (the IANA database it ships)?
pub async fn is_known_timezone(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<bool> {
    diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS known")
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<Known>(conn)
        .await
        .map(|k| k.known)
}
