//! The wallet service against a real database: settlement (ride charges may go negative,
//! inside the caller's transaction), refunds, scope, and the invariant under concurrency.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use db::test_db::TestDb;
use fleet_domain::customers::CustomerId;
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{Plan, Scope, SubaccountId};
use wallet::{Error, TransactionKind, WalletAction};

struct World {
    _db: TestDb,
    pool: db::PgPool,
    scope: Scope,
    customer: CustomerId,
}

async fn world() -> World {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let tenant = tenancy::create_tenant(
        &mut conn,
        NewTenant {
            name: format!("T {}", Uuid::now_v7().simple()),
            plan: Plan::Trial,
        },
    )
    .await
    .unwrap();
    let sub = tenancy::create_subaccount(
        &mut conn,
        tenant.id,
        NewSubaccount {
            name: "City".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
            sandbox: false,
        },
    )
    .await
    .unwrap();
    let customer = insert_customer(&mut conn, tenant.id.0, sub.id).await;
    drop(conn);
    World {
        _db: db,
        pool,
        scope: Scope::new(tenant.id, vec![sub.id]),
        customer,
    }
}

async fn insert_customer(
    conn: &mut AsyncPgConnection,
    tenant: Uuid,
    sub: SubaccountId,
) -> CustomerId {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO customers (id, tenant_id, subaccount_id, customer_number, email) \
         VALUES ($1, $2, $3, (SELECT count(*) + 1 FROM customers WHERE tenant_id = $2), $4)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(sub.0)
    .bind::<Text, _>(format!("{id}@example.com"))
    .execute(conn)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO wallets (customer_id, tenant_id, subaccount_id, currency) VALUES ($1, $2, $3, 'EUR')",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(tenant)
    .bind::<SqlUuid, _>(sub.0)
    .execute(conn)
    .await
    .unwrap();
    CustomerId(id)
}

/// Credits `cents` to the world's customer.
async fn credit(conn: &mut AsyncPgConnection, w: &World, cents: i64, note: Option<&str>) {
    wallet::apply_action(
        conn,
        &w.scope,
        w.customer,
        WalletAction::Credit,
        cents,
        note,
    )
    .await
    .unwrap();
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn entries(conn: &mut AsyncPgConnection) -> i64 {
    diesel::sql_query("SELECT count(*) AS n FROM wallet_transactions")
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

#[tokio::test]
async fn ride_charges_may_go_negative_and_commit_with_the_callers_transaction() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    credit(&mut conn, &w, 300, Some("top-up")).await;
    let ride = fleet_domain::RideId::new();

    // Rolled back with the caller's transaction: nothing stays.
    let result: Result<(), Error> = conn
        .transaction(async |conn| {
            let s = wallet::ride_charge(conn, &w.scope, w.customer, 500, ride).await?;
            assert_eq!(s.balance_cents, -200);
            assert!(!s.covered);
            Err(Error::invalid("ride", "simulated failure after the charge"))
        })
        .await;
    assert!(result.is_err());
    assert_eq!(
        wallet::get_wallet(&mut conn, &w.scope, w.customer)
            .await
            .unwrap()
            .balance_cents,
        300
    );
    assert_eq!(entries(&mut conn).await, 1);

    // Committed with it.
    let settlement = conn
        .transaction(async |conn| wallet::ride_charge(conn, &w.scope, w.customer, 500, ride).await)
        .await
        .unwrap();
    assert!(!settlement.covered);
    assert_eq!(settlement.balance_cents, -200);
    let tx = settlement.transaction.unwrap();
    assert_eq!(tx.kind, TransactionKind::RideCharge);
    assert_eq!(tx.amount_cents, 500);
    assert_eq!(tx.ride_id, Some(ride.0));
    assert_eq!(tx.balance_after_cents, -200);

    // Partner debits cannot go further below zero; a refund can bring it back.
    let refused = wallet::apply_action(
        &mut conn,
        &w.scope,
        w.customer,
        WalletAction::Debit,
        1,
        None,
    )
    .await;
    assert!(matches!(
        refused,
        Err(Error::InsufficientFunds {
            balance_cents: -200,
            required_cents: 1
        })
    ));
    let refund = wallet::refund(
        &mut conn,
        &w.scope,
        w.customer,
        250,
        Some(ride),
        Some("goodwill"),
    )
    .await
    .unwrap();
    assert_eq!(refund.kind, TransactionKind::Refund);
    assert_eq!(refund.balance_after_cents, 50);

    // A covered charge, and a zero charge that writes nothing.
    let covered = wallet::ride_charge(&mut conn, &w.scope, w.customer, 50, ride)
        .await
        .unwrap();
    assert!(covered.covered);
    assert_eq!(covered.balance_cents, 0);
    let free = wallet::ride_charge(&mut conn, &w.scope, w.customer, 0, ride)
        .await
        .unwrap();
    assert!(free.transaction.is_none() && free.covered && free.balance_cents == 0);
    assert!(matches!(
        wallet::ride_charge(&mut conn, &w.scope, w.customer, -1, ride).await,
        Err(Error::Invalid {
            field: "amount_cents",
            ..
        })
    ));
    assert_eq!(entries(&mut conn).await, 4);
    assert_eq!(
        wallet::store::ledger_sum(&mut conn, &w.scope, w.customer)
            .await
            .unwrap(),
        wallet::get_wallet(&mut conn, &w.scope, w.customer)
            .await
            .unwrap()
            .balance_cents
    );
}

#[tokio::test]
async fn every_entry_point_is_scoped() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let elsewhere = Scope::new(w.scope.tenant_id(), vec![SubaccountId::new()]);
    let ride = fleet_domain::RideId::new();
    assert!(matches!(
        wallet::get_wallet(&mut conn, &elsewhere, w.customer).await,
        Err(Error::NotFound(_))
    ));
    for action in [WalletAction::Credit, WalletAction::Debit] {
        let refused = wallet::apply_action(&mut conn, &elsewhere, w.customer, action, 1, None);
        assert!(
            matches!(refused.await, Err(Error::NotFound(_))),
            "{action:?}"
        );
    }
    assert!(matches!(
        wallet::ride_charge(&mut conn, &elsewhere, w.customer, 1, ride).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        wallet::refund(&mut conn, &elsewhere, w.customer, 1, None, None).await,
        Err(Error::NotFound(_))
    ));
    let window = fleet_domain::Window::Page { page: 1, limit: 10 };
    assert!(matches!(
        wallet::list_transactions(&mut conn, &elsewhere, w.customer, window).await,
        Err(Error::NotFound(_))
    ));
    assert_eq!(entries(&mut conn).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_debits_never_overdraw() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    credit(&mut conn, &w, 1_000, None).await;
    drop(conn);
    // 40 debits of 100 against 1 000: exactly 10 succeed, whatever the interleaving.
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let pool = w.pool.clone();
            let scope = w.scope.clone();
            let customer = w.customer;
            tokio::spawn(async move {
                let mut conn = pool.get_owned().await.unwrap();
                wallet::apply_action(&mut conn, &scope, customer, WalletAction::Debit, 100, None)
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(tx) => {
                assert!(tx.balance_after_cents >= 0);
                ok += 1;
            }
            Err(Error::InsufficientFunds {
                required_cents: 100,
                ..
            }) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(ok, 10);
    let mut conn = w.pool.get().await.unwrap();
    assert_eq!(
        wallet::get_wallet(&mut conn, &w.scope, w.customer)
            .await
            .unwrap()
            .balance_cents,
        0
    );
    assert_eq!(
        wallet::store::ledger_sum(&mut conn, &w.scope, w.customer)
            .await
            .unwrap(),
        0
    );
}
