//! Customer and wallet-row queries. Every read is filtered by the caller's [`Scope`]
//! (tenant and subaccounts); the caller owns the transaction.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::{customers, subaccounts, wallets};

use super::{Customer, CustomerFilter, CustomerId};
use crate::pagination::{after_keyset, Window};
use crate::{Listing, Scope, SubaccountId};

/// Name of the unique index on `(tenant_id, lower(email))`.
pub const EMAIL_UNIQUE_INDEX: &str = "customers_tenant_email_key";

/// The columns a customer's details and status live in, written alike on insert and update
/// (a `None` writes NULL).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = customers, treat_none_as_null = true)]
struct DetailColumns<'a> {
    email: &'a str,
    name: Option<&'a str>,
    phone: Option<&'a str>,
    status: super::CustomerStatus,
    blocked_reason: Option<&'a str>,
    metadata: &'a serde_json::Value,
}

impl<'a> From<&'a Customer> for DetailColumns<'a> {
    fn from(c: &'a Customer) -> Self {
        Self {
            email: &c.email,
            name: c.name.as_deref(),
            phone: c.phone.as_deref(),
            status: c.status,
            blocked_reason: c.blocked_reason.as_deref(),
            metadata: &c.metadata,
        }
    }
}

pub async fn insert(conn: &mut AsyncPgConnection, c: &Customer) -> QueryResult<Customer> {
    diesel::insert_into(customers::table)
        .values((
            customers::id.eq(c.id),
            customers::tenant_id.eq(c.tenant_id),
            customers::subaccount_id.eq(c.subaccount_id),
            customers::customer_number.eq(c.customer_number),
            DetailColumns::from(c),
            customers::created_at.eq(c.created_at),
            customers::updated_at.eq(c.updated_at),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
        .await
}

/// The wallet row of a new customer: balance 0 in `currency`.
pub async fn insert_wallet(
    conn: &mut AsyncPgConnection,
    c: &Customer,
    currency: &str,
) -> QueryResult<usize> {
    diesel::insert_into(wallets::table)
        .values((
            wallets::customer_id.eq(c.id),
            wallets::tenant_id.eq(c.tenant_id),
            wallets::subaccount_id.eq(c.subaccount_id),
            wallets::balance_cents.eq(0_i64),
            wallets::currency.eq(currency),
            wallets::created_at.eq(c.created_at),
            wallets::updated_at.eq(c.created_at),
        ))
        .execute(conn)
        .await
}

/// The currency of one of the scope's subaccounts.
pub async fn subaccount_currency(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    subaccount: SubaccountId,
) -> QueryResult<String> {
    subaccounts::table
        .filter(subaccounts::tenant_id.eq(scope.tenant_id()))
        .filter(subaccounts::id.eq(subaccount))
        .filter(subaccounts::id.eq_any(scope.subaccount_ids()))
        .select(subaccounts::currency)
        .first(conn)
        .await
}

fn scoped(scope: &Scope) -> customers::BoxedQuery<'static, diesel::pg::Pg> {
    customers::table
        .filter(customers::tenant_id.eq(scope.tenant_id()))
        .filter(customers::subaccount_id.eq_any(scope.subaccount_ids().to_vec()))
        .into_boxed()
}

crate::scoped_row::scoped_get_and_lock!(customers, Customer, CustomerId, get_for_update);

fn filtered(
    scope: &Scope,
    filter: &CustomerFilter,
) -> customers::BoxedQuery<'static, diesel::pg::Pg> {
    let mut query = scoped(scope);
    if let Some(email) = &filter.email {
        // Matches the unique index expression `lower(email)`.
        query = query.filter(
            sql::<Bool>("lower(email) = lower(")
                .bind::<Text, _>(email.clone())
                .sql(")"),
        );
    }
    if let Some(status) = filter.status {
        query = query.filter(customers::status.eq(status));
    }
    query
}

/// A page of the customers in scope matching `filter`, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &CustomerFilter,
    window: Window,
) -> QueryResult<Listing<Customer>> {
    let (limit, offset) = window.limit_offset();
    let mut query = filtered(scope, filter)
        .select(Customer::as_select())
        .order((customers::created_at, customers::id))
        .limit(limit)
        .offset(offset);
    match window {
        Window::Page { page, limit } => {
            let rows = query.load(conn).await?;
            let total: i64 = filtered(scope, filter).count().get_result(conn).await?;
            Ok(Listing::from_page(rows, page, limit, total))
        }
        Window::Cursor { after, limit } => {
            if let Some(key) = after {
                query = query.filter(after_keyset(&key));
            }
            let rows = query.load(conn).await?;
            Ok(Listing::from_cursor_rows(rows, limit, |c| {
                (c.created_at, c.id.0)
            }))
        }
    }
}

/// Writes the mutable fields of `c` (already validated) and returns the stored row.
pub async fn update(conn: &mut AsyncPgConnection, c: &Customer) -> QueryResult<Customer> {
    diesel::update(
        customers::table
            .filter(customers::tenant_id.eq(c.tenant_id))
            .filter(customers::id.eq(c.id)),
    )
    .set((
        DetailColumns::from(c),
        customers::updated_at.eq(OffsetDateTime::now_utc()),
    ))
    .returning(Customer::as_returning())
    .get_result(conn)
    .await
}
