//! Tenancy queries. Functions take a connection; the caller owns the transaction.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::{subaccounts, tenants};

use super::{Subaccount, Tenant, TenantStatus};
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
