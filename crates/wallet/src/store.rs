//! Wallet queries. Functions take a connection and a scope; the caller owns the transaction.

use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use db::schema::{wallet_transactions, wallets};
use envelope::Keyset;
use fleet_domain::customers::CustomerId;
use fleet_domain::Scope;

use crate::model::{Wallet, WalletTransaction};

fn subaccount_uuids(scope: &Scope) -> Vec<Uuid> {
    scope.subaccount_ids().iter().map(|s| s.0).collect()
}

/// The customer's wallet when it is in scope; with `for_update` the row stays locked until
/// the caller's transaction ends.
pub async fn find_wallet(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    for_update: bool,
) -> QueryResult<Option<Wallet>> {
    let query = wallets::table
        .filter(wallets::tenant_id.eq(scope.tenant_id()))
        .filter(wallets::customer_id.eq(customer))
        .filter(wallets::subaccount_id.eq_any(scope.subaccount_ids()))
        .select(Wallet::as_select());
    if for_update {
        query.for_update().first(conn).await.optional()
    } else {
        query.first(conn).await.optional()
    }
}

/// The wallet row after a balance change.
#[derive(Debug, Clone, QueryableByName)]
pub struct Applied {
    #[diesel(sql_type = BigInt)]
    pub balance_cents: i64,
    #[diesel(sql_type = Text)]
    pub currency: String,
    #[diesel(sql_type = SqlUuid)]
    pub subaccount_id: Uuid,
    /// When the change was applied (after the row lock was obtained).
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: OffsetDateTime,
}

/// Adds `delta` to the in-scope wallet's balance in one statement, locking the row until the
/// caller's transaction ends. With `allow_negative = false` the update only happens when the
/// new balance stays ≥ 0. `None`: no row changed (not in scope, or the balance would go
/// negative: tell them apart with [`find_wallet`]).
pub async fn apply_delta(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    delta: i64,
    allow_negative: bool,
) -> QueryResult<Option<Applied>> {
    let guard = if allow_negative {
        ""
    } else {
        " AND balance_cents + $3 >= 0"
    };
    // clock_timestamp(), not now(): evaluated once the row lock is held, so per wallet the
    // ledger's created_at order is the order in which the balance changed.
    diesel::sql_query(format!(
        "UPDATE wallets SET balance_cents = balance_cents + $3, updated_at = clock_timestamp() \
         WHERE tenant_id = $1 AND customer_id = $2 AND subaccount_id = ANY($4){guard} \
         RETURNING balance_cents, currency, subaccount_id, updated_at"
    ))
    .bind::<SqlUuid, _>(scope.tenant_id().0)
    .bind::<SqlUuid, _>(customer.0)
    .bind::<BigInt, _>(delta)
    .bind::<Array<SqlUuid>, _>(subaccount_uuids(scope))
    .get_result::<Applied>(conn)
    .await
    .optional()
}

pub async fn insert_transaction(
    conn: &mut AsyncPgConnection,
    new: &WalletTransaction,
) -> QueryResult<WalletTransaction> {
    diesel::insert_into(wallet_transactions::table)
        .values(new)
        .returning(WalletTransaction::as_returning())
        .get_result(conn)
        .await
}

/// `(created_at, id) < (key)`: the rows after a cursor in newest-first order.
fn before_keyset(
    key: &Keyset,
) -> Box<dyn BoxableExpression<wallet_transactions::table, Pg, SqlType = Bool>> {
    Box::new(
        sql::<Bool>("(created_at, id) < (")
            .bind::<Timestamptz, _>(key.created_at)
            .sql(", ")
            .bind::<SqlUuid, _>(key.id)
            .sql(")"),
    )
}

/// The in-scope customer's ledger, newest first, `limit` rows from `offset`, optionally only
/// the rows older than the cursor `before`.
pub async fn list_transactions(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    before: Option<&Keyset>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<WalletTransaction>> {
    let mut query = wallet_transactions::table
        .filter(wallet_transactions::tenant_id.eq(scope.tenant_id()))
        .filter(wallet_transactions::customer_id.eq(customer))
        .filter(wallet_transactions::subaccount_id.eq_any(scope.subaccount_ids()))
        .select(WalletTransaction::as_select())
        .order((
            wallet_transactions::created_at.desc(),
            wallet_transactions::id.desc(),
        ))
        .limit(limit)
        .offset(offset)
        .into_boxed();
    if let Some(key) = before {
        query = query.filter(before_keyset(key));
    }
    query.load(conn).await
}

pub async fn count_transactions(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
) -> QueryResult<i64> {
    wallet_transactions::table
        .filter(wallet_transactions::tenant_id.eq(scope.tenant_id()))
        .filter(wallet_transactions::customer_id.eq(customer))
        .filter(wallet_transactions::subaccount_id.eq_any(scope.subaccount_ids()))
        .count()
        .get_result(conn)
        .await
}

#[derive(QueryableByName)]
struct Sums {
    #[diesel(sql_type = BigInt)]
    ledger: i64,
}

/// The sum of the customer's ledger (credits and refunds minus debits and charges); equals
/// the wallet balance at every commit. For checks and reconciliation.
pub async fn ledger_sum(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
) -> QueryResult<i64> {
    diesel::sql_query(
        "SELECT coalesce(sum(CASE WHEN kind IN ('credit', 'refund') THEN amount_cents \
                                  ELSE -amount_cents END), 0)::bigint AS ledger \
         FROM wallet_transactions \
         WHERE tenant_id = $1 AND customer_id = $2 AND subaccount_id = ANY($3)",
    )
    .bind::<SqlUuid, _>(scope.tenant_id().0)
    .bind::<SqlUuid, _>(customer.0)
    .bind::<Array<SqlUuid>, _>(subaccount_uuids(scope))
    .get_result::<Sums>(conn)
    .await
    .map(|s| s.ledger)
}
