//! The seeder against a real database: exact counts, vehicles inside their operating area,
//! no ride states, balance = ledger, repeatable without duplicating zones or plans, unique
//! numbers, reproducible by seed. (The demo and the `gateway seed` command: the gateway's
//! `tests/seed.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod seed_support;

use std::collections::{HashMap, HashSet};

use diesel::sql_types::Uuid as SqlUuid;
use diesel_async::RunQueryDsl;

use db::test_db::TestDb;
use fleet_domain::seed::{seed_tenant, SeedOptions};
use fleet_domain::{Error, SubaccountId, TenantId};

use seed_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_writes_exact_counts_of_plausible_data_and_repeats_cleanly() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let (tenant, subs) = tenant_with_cities(&mut conn).await;
    let t = tenant.id;

    let report = seed_tenant(&mut conn, t, &options(3_001, 301, 7))
        .await
        .unwrap();
    assert_eq!(report.len(), 3);
    assert_eq!(totals(&report), (3_001, 301));
    assert_eq!(report[0].city, "Berlin");
    assert_eq!(report[1].city, "London");
    assert!(report
        .iter()
        .all(|s| s.plans_created == 5 && (6..=9).contains(&s.zones_created)));
    assert_eq!(rows(&mut conn, "vehicles", t).await, 3_001);
    assert_eq!(rows(&mut conn, "customers", t).await, 301);
    assert_eq!(rows(&mut conn, "wallets", t).await, 301);
    for s in &report {
        let n = diesel::sql_query(
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1 AND subaccount_id = $2",
        )
        .bind::<SqlUuid, _>(t.0)
        .bind::<SqlUuid, _>(s.subaccount_id.0)
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n;
        assert_eq!(n as u64, s.vehicles);
    }
    check_invariants(&mut conn, t, &subs).await;

    // A realistic mix: mostly available, mostly scooters and e-bikes, ~70 % credited.
    let vs = vehicles(&mut conn, t).await;
    let share = |f: &dyn Fn(&VehicleRow) -> bool| {
        vs.iter().filter(|v| f(v)).count() as f64 / vs.len() as f64
    };
    assert!((0.68..0.82).contains(&share(&|v| v.status.as_str() == "available")));
    assert!(share(&|v| ["scooter", "ebike"].contains(&v.vehicle_type.as_str())) > 0.7);
    assert!(share(&|v| v.vehicle_type.as_str() == "car") > 0.0);
    let credited = count(
        &mut conn,
        "SELECT count(*) AS n FROM wallets WHERE tenant_id = $1 AND balance_cents > 0",
        t,
    )
    .await;
    assert!(
        (150..=270).contains(&credited),
        "{credited} of 301 credited"
    );
    let blocked = count(
        &mut conn,
        "SELECT count(*) AS n FROM customers WHERE tenant_id = $1 AND status = 'blocked'",
        t,
    )
    .await;
    assert!((1..=40).contains(&blocked), "{blocked} blocked");
    assert_eq!(
        count(&mut conn, "SELECT count(DISTINCT customer_number) AS n FROM customers WHERE tenant_id = $1 AND customer_number BETWEEN 1 AND 301", t).await,
        301
    );
    let zones_before = zones(&mut conn, t).await;

    // Again: more vehicles and customers, the same zones and plans, numbers continue.
    let report = seed_tenant(&mut conn, t, &options(1_000, 100, 8))
        .await
        .unwrap();
    assert_eq!(totals(&report), (1_000, 100));
    assert!(report
        .iter()
        .all(|s| s.zones_created == 0 && s.plans_created == 0));
    assert_eq!(zones(&mut conn, t).await, zones_before);
    assert_eq!(rows(&mut conn, "vehicles", t).await, 4_001);
    assert_eq!(rows(&mut conn, "customers", t).await, 401);
    assert_eq!(
        count(
            &mut conn,
            "SELECT max(customer_number) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        401
    );
    let numbers: HashSet<String> = vehicles(&mut conn, t)
        .await
        .into_iter()
        .map(|v| v.vehicle_number)
        .collect();
    assert_eq!(numbers.len(), 4_001);
    assert!(numbers.contains("V001") && numbers.contains("V4001"));
    check_invariants(&mut conn, t, &subs).await;

    // Only the named subaccount.
    let london = subs[1].id;
    let report = seed_tenant(
        &mut conn,
        t,
        &SeedOptions {
            subaccounts: vec![london],
            ..options(10, 2, 9)
        },
    )
    .await
    .unwrap();
    assert_eq!(report.len(), 1);
    assert_eq!(
        (
            report[0].subaccount_id,
            report[0].vehicles,
            report[0].customers
        ),
        (london, 10, 2)
    );
    check_invariants(&mut conn, t, &subs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_data() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let db = TestDb::new().await;
        let mut conn = connect(&db).await;
        let (tenant, subs) = tenant_with_cities(&mut conn).await;
        seed_tenant(&mut conn, tenant.id, &options(300, 30, 1234))
            .await
            .unwrap();
        // The cities named Berlin and London are fixed; "Sandbox" is picked by its (random)
        // id, so only the named ones can be compared across databases.
        let named: HashMap<uuid::Uuid, String> = subs
            .iter()
            .filter(|s| !s.sandbox)
            .map(|s| (s.id.0, s.name.clone()))
            .collect();
        let vs: Vec<_> = vehicles(&mut conn, tenant.id)
            .await
            .into_iter()
            .filter_map(|v| {
                named.get(&v.subaccount_id.0).map(|city| {
                    (
                        city.clone(),
                        v.vehicle_number,
                        v.vehicle_type,
                        v.status,
                        v.battery_percent,
                        v.latitude,
                        v.longitude,
                    )
                })
            })
            .collect();
        let zs: Vec<_> = zones(&mut conn, tenant.id)
            .await
            .into_iter()
            .filter_map(|z| {
                named
                    .get(&z.subaccount_id)
                    .map(|city| (city.clone(), z.geometry.to_string()))
            })
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        runs.push((vs, zs.into_iter().collect::<HashSet<_>>()));
    }
    assert_eq!(runs[0].0.len(), 200);
    assert!(runs[0].1.len() >= 12);
    assert_eq!(runs[0].0, runs[1].0);
    assert_eq!(runs[0].1, runs[1].1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_targets_are_refused_before_writing() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let (tenant, _) = tenant_with_cities(&mut conn).await;
    let (other, other_subs) = tenant_with_cities(&mut conn).await;
    let unknown = seed_tenant(&mut conn, TenantId::new(), &options(1, 1, 1)).await;
    assert!(
        matches!(
            unknown,
            Err(Error::NotFound {
                resource: "tenant",
                ..
            })
        ),
        "{unknown:?}"
    );
    for sub in [other_subs[0].id, SubaccountId::new()] {
        let r = seed_tenant(
            &mut conn,
            tenant.id,
            &SeedOptions {
                subaccounts: vec![sub],
                ..options(1, 1, 1)
            },
        )
        .await;
        assert!(
            matches!(
                r,
                Err(Error::NotFound {
                    resource: "subaccount",
                    ..
                })
            ),
            "{r:?}"
        );
    }
    let r = seed_tenant(&mut conn, tenant.id, &options(2_000_000, 0, 1)).await;
    assert!(
        matches!(
            r,
            Err(Error::Invalid {
                field: "vehicles",
                ..
            })
        ),
        "{r:?}"
    );
    for t in [tenant.id, other.id] {
        assert_eq!(rows(&mut conn, "vehicles", t).await, 0);
        assert_eq!(rows(&mut conn, "zones", t).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_chosen_numbers_and_emails_are_skipped() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let (tenant, subs) = tenant_with_cities(&mut conn).await;
    let t = tenant.id;
    // A vehicle numbered by hand where the sequence will pass, and a customer (number 1)
    // holding the address the seeder would give customer 2.
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type) \
         VALUES ($1, $2, $3, 'v002', 'scooter')",
    )
    .bind::<SqlUuid, _>(uuid::Uuid::now_v7())
    .bind::<SqlUuid, _>(t.0)
    .bind::<SqlUuid, _>(subs[0].id.0)
    .execute(&mut conn)
    .await
    .unwrap();
    let scope = fleet_domain::Scope::new(t, vec![subs[0].id]);
    fleet_domain::customers::service::create(
        &mut conn,
        &scope,
        fleet_domain::customers::NewCustomer {
            email: Some("RIDER2@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    seed_tenant(&mut conn, t, &options(30, 9, 3)).await.unwrap();
    assert_eq!(rows(&mut conn, "vehicles", t).await, 31);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT lower(vehicle_number)) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        31
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1 AND vehicle_number = 'V031'",
            t
        )
        .await,
        1,
        "V002 was replaced by the next free number"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT lower(email)) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        10
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM customers WHERE tenant_id = $1 AND customer_number = 2 AND email LIKE 'rider2.%@example.com'", t).await,
        1
    );
}
