//! The demo (`serve --demo`) and the `gateway seed` command against a real database; the
//! seeder itself is tested in `crates/fleet-domain/tests/seed.rs`, whose helpers these share.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../../crates/fleet-domain/tests/seed_support/mod.rs"]
mod seed_support;

use db::test_db::TestDb;
use seed_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_seeded_once() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let first = gateway::demo::seed(&mut conn).await.unwrap();
    let seeded = first.seeded.expect("first run seeds");
    assert_eq!(
        totals(&seeded),
        (gateway::demo::DEMO_VEHICLES, gateway::demo::DEMO_CUSTOMERS)
    );
    assert_eq!(seeded.len(), 3, "two live cities and the sandbox");
    let t = first.tenant.id;
    let second = gateway::demo::seed(&mut conn).await.unwrap();
    assert!(second.seeded.is_none());
    assert_eq!(second.tenant.id, t);
    assert_eq!(rows(&mut conn, "vehicles", t).await, 300);
    assert_eq!(rows(&mut conn, "customers", t).await, 100);
    let subs = fleet_domain::tenancy::store::list_subaccounts(&mut conn, t, None)
        .await
        .unwrap();
    check_invariants(&mut conn, t, &subs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_seeds_the_demo_tenant_by_name() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let args = |tenant: &str| gateway::cli::SeedArgs {
        tenant: tenant.into(),
        vehicles: 12,
        customers: 3,
        subaccounts: Vec::new(),
        seed: Some(5),
    };
    // No demo tenant yet: a clear error, nothing written.
    assert!(gateway::cli::seed(&mut conn, args("demo")).await.is_err());
    assert!(gateway::cli::seed(&mut conn, args("not-a-uuid"))
        .await
        .is_err());
    let demo = gateway::demo::seed(&mut conn).await.unwrap();
    gateway::cli::seed(&mut conn, args("DEMO")).await.unwrap();
    let t = demo.tenant.id;
    assert_eq!(rows(&mut conn, "vehicles", t).await, 312);
    assert_eq!(rows(&mut conn, "customers", t).await, 103);
    gateway::cli::seed(&mut conn, args(&t.to_string()))
        .await
        .unwrap();
    assert_eq!(rows(&mut conn, "vehicles", t).await, 324);
    // Still one set of zones per subaccount.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM zones WHERE tenant_id = $1 AND type = 'operating_area'",
            t
        )
        .await,
        3
    );
}
