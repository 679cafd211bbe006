//! The demo use case against a real Postgres (one database per test).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use db::test_db::TestDb;
use fleet_domain::tenancy::service as tenancy;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_set_up_once_and_its_secrets_renewed_on_every_run() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    assert!(fleet_demo::demo_tenant(&mut conn).await.unwrap().is_none());

    let first = fleet_demo::run(&mut conn).await.unwrap();
    let tenant = first.demo.tenant.id;
    assert_eq!(first.demo.tenant.name, fleet_demo::DEMO_TENANT);
    let seeded = first.demo.seeded.as_ref().expect("the first run seeds");
    let vehicles: u64 = seeded.iter().map(|s| s.vehicles).sum();
    assert_eq!(vehicles, fleet_demo::DEMO_VEHICLES);
    let subs = tenancy::all_subaccounts(&mut conn, tenant).await.unwrap();
    let names: Vec<&str> = subs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Berlin", "Amsterdam", "Sandbox"]);
    assert_eq!(first.demo.keys.len(), 3);
    assert!(first.full_key().is_some_and(|k| k.starts_with("lf_pk_")));
    assert_eq!(first.operator.email, fleet_demo::DEMO_OPERATOR_EMAIL);

    let second = fleet_demo::run(&mut conn).await.unwrap();
    assert_eq!(second.demo.tenant.id, tenant, "the tenant is reused");
    assert!(second.demo.seeded.is_none(), "data is seeded once");
    assert_eq!(
        tenancy::all_subaccounts(&mut conn, tenant)
            .await
            .unwrap()
            .len(),
        3
    );
    for (a, b) in first.demo.keys.iter().zip(&second.demo.keys) {
        assert_eq!(a.role, b.role);
        assert_ne!(a.secret, b.secret, "{}: regenerated", a.role);
    }
    assert_ne!(first.operator.password, second.operator.password);
    assert_eq!(
        first.feed_token, second.feed_token,
        "the feed keeps its token"
    );
    let found = fleet_demo::demo_tenant(&mut conn).await.unwrap();
    assert_eq!(found.map(|t| t.id), Some(tenant));
}
