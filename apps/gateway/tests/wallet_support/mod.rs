//! Wallet test support shared by `wallet.rs` and `idempotency.rs`: customers and their wallets
//! inserted with plain SQL (the customers service is built elsewhere), wallet keys, requests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicI64, Ordering};

use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

use db::RunQueryDsl;
use fleet_domain::{Permission, PermissionSet, SubaccountId, TenantId};
use keys::{NewKey, RateLimitOverrides};

use crate::common::{live_key, Reply, TestApp};

pub fn wallet_path(customer: Uuid) -> String {
    format!("/api/partner/v1/customers/{customer}/wallet")
}

pub fn transactions_path(customer: Uuid) -> String {
    format!("/api/partner/v1/customers/{customer}/wallet/transactions")
}

/// Limits no test reaches.
pub fn unlimited() -> RateLimitOverrides {
    RateLimitOverrides {
        per_minute: Some(1_000_000),
        per_hour: Some(1_000_000),
        per_day: Some(1_000_000),
    }
}

/// `base` with `permissions` and unreachable rate limits.
pub fn with_permissions(base: NewKey, permissions: &[Permission]) -> NewKey {
    NewKey {
        permissions: Some(PermissionSet::from(permissions)),
        limits: unlimited(),
        ..base
    }
}

/// A global live key with wallet:read and wallet:write.
pub fn wallet_key() -> NewKey {
    with_permissions(
        live_key(),
        &[Permission::WalletRead, Permission::WalletWrite],
    )
}

static NUMBER: AtomicI64 = AtomicI64::new(1);

/// Inserts a customer (`active` or `blocked`) and its empty EUR wallet; returns its id.
pub async fn insert_customer(
    app: &TestApp,
    tenant: TenantId,
    subaccount: SubaccountId,
    status: &str,
) -> Uuid {
    let id = Uuid::now_v7();
    let number = NUMBER.fetch_add(1, Ordering::Relaxed);
    let mut conn = app.conn().await;
    diesel::sql_query(
        "INSERT INTO customers (id, tenant_id, subaccount_id, customer_number, email, status, \
                                blocked_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 = 'blocked' THEN 'test' END)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .bind::<BigInt, _>(number)
    .bind::<Text, _>(format!("rider{number}@example.com"))
    .bind::<Text, _>(status)
    .execute(&mut conn)
    .await
    .expect("insert customer");
    diesel::sql_query(
        "INSERT INTO wallets (customer_id, tenant_id, subaccount_id, currency) \
         VALUES ($1, $2, $3, 'EUR')",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .execute(&mut conn)
    .await
    .expect("insert wallet");
    id
}

/// `POST /customers/{id}/wallet` with `body`.
pub fn post_wallet(
    app: &TestApp,
    key: &str,
    customer: Uuid,
    body: &Value,
) -> reqwest::RequestBuilder {
    app.request(Method::POST, &wallet_path(customer))
        .header("X-Partner-Api-Key", key)
        .json(body)
}

pub async fn get_as(app: &TestApp, key: &str, path: &str) -> Reply {
    app.send(
        app.request(Method::GET, path)
            .header("X-Partner-Api-Key", key),
    )
    .await
}

#[derive(diesel::QueryableByName, Debug, Clone, PartialEq)]
pub struct LedgerRow {
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = BigInt)]
    pub amount_cents: i64,
    #[diesel(sql_type = BigInt)]
    pub balance_after_cents: i64,
}

/// The customer's ledger in the order it was written.
pub async fn ledger(app: &TestApp, customer: Uuid) -> Vec<LedgerRow> {
    let mut conn = app.conn().await;
    diesel::sql_query(
        "SELECT kind, amount_cents, balance_after_cents FROM wallet_transactions \
         WHERE customer_id = $1 ORDER BY created_at, id",
    )
    .bind::<SqlUuid, _>(customer)
    .load(&mut conn)
    .await
    .expect("ledger")
}

#[derive(diesel::QueryableByName)]
struct Balance {
    #[diesel(sql_type = BigInt)]
    balance_cents: i64,
}

/// The stored balance.
pub async fn balance(app: &TestApp, customer: Uuid) -> i64 {
    let mut conn = app.conn().await;
    diesel::sql_query("SELECT balance_cents FROM wallets WHERE customer_id = $1")
        .bind::<SqlUuid, _>(customer)
        .get_result::<Balance>(&mut conn)
        .await
        .expect("balance")
        .balance_cents
}

/// The signed sum of the ledger rows.
pub fn ledger_sum(rows: &[LedgerRow]) -> i64 {
    rows.iter()
        .map(|r| match r.kind.as_str() {
            "credit" | "refund" => r.amount_cents,
            _ => -r.amount_cents,
        })
        .sum()
}
