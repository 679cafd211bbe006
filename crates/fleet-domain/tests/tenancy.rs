//! The tenancy service against a real Postgres (one database per test): subaccounts paged in
//! SQL and updated with validation, tenants found by name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use db::test_db::TestDb;
use envelope::{Keyset, Pagination};
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant, SubaccountChanges};
use fleet_domain::{Error, Plan, Subaccount, SubaccountId, TenantId, Window};

async fn tenant(conn: &mut db::AsyncPgConnection, name: &str) -> TenantId {
    let new = NewTenant {
        name: name.into(),
        plan: Plan::Starter,
    };
    tenancy::create_tenant(conn, new).await.unwrap().id
}

async fn subaccount(conn: &mut db::AsyncPgConnection, t: TenantId, name: &str) -> Subaccount {
    let new = NewSubaccount {
        name: name.into(),
        currency: "EUR".into(),
        timezone: "Europe/Berlin".into(),
        sandbox: false,
    };
    tenancy::create_subaccount(conn, t, new).await.unwrap()
}

fn names(subs: &[Subaccount]) -> Vec<&str> {
    subs.iter().map(|s| s.name.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subaccounts_are_paged_in_sql_oldest_first() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let t = tenant(&mut conn, "Acme").await;
    let other = tenant(&mut conn, "Other").await;
    for name in ["A", "B", "C", "D", "E"] {
        subaccount(&mut conn, t, name).await;
    }
    subaccount(&mut conn, other, "X").await;

    let page = |page, limit| Window::Page { page, limit };
    let second = tenancy::list_subaccounts(&mut conn, t, page(2, 2))
        .await
        .unwrap();
    assert_eq!(names(&second.items), ["C", "D"]);
    match second.pagination {
        Pagination::Page(p) => assert_eq!(p.total, 5),
        other => panic!("{other:?}"),
    }
    let beyond = tenancy::list_subaccounts(&mut conn, t, page(4, 2))
        .await
        .unwrap();
    assert!(beyond.items.is_empty());

    let mut seen = Vec::new();
    let mut after: Option<Keyset> = None;
    loop {
        let window = Window::Cursor { after, limit: 2 };
        let listing = tenancy::list_subaccounts(&mut conn, t, window)
            .await
            .unwrap();
        seen.extend(listing.items.iter().map(|s| s.name.clone()));
        after = match listing.pagination {
            Pagination::Cursor(c) => c.next_cursor.as_deref().map(|c| Keyset::decode(c).unwrap()),
            other => panic!("{other:?}"),
        };
        if after.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["A", "B", "C", "D", "E"]);
    assert_eq!(
        tenancy::all_subaccounts(&mut conn, t).await.unwrap().len(),
        5
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subaccount_updates_are_validated_and_scoped_to_the_tenant() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let t = tenant(&mut conn, "Acme").await;
    let berlin = subaccount(&mut conn, t, "Berlin").await;
    subaccount(&mut conn, t, "Paris").await;
    let other = tenant(&mut conn, "Other").await;
    let foreign = subaccount(&mut conn, other, "Rome").await;

    let updated = tenancy::update_subaccount(
        &mut conn,
        t,
        berlin.id,
        SubaccountChanges {
            name: Some("  Berlin Mitte ".into()),
            timezone: Some("Europe/Paris".into()),
            min_start_battery_percent: Some(25),
            ..SubaccountChanges::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(updated.name, "Berlin Mitte");
    assert_eq!(updated.timezone, "Europe/Paris");
    assert_eq!(updated.min_start_battery_percent, 25);
    assert_eq!(
        updated.battery_low_threshold_percent, berlin.battery_low_threshold_percent,
        "absent fields stay"
    );
    assert!(updated.updated_at >= berlin.updated_at);

    for (changes, field) in [
        (
            SubaccountChanges {
                name: Some(" ".into()),
                ..Default::default()
            },
            "name",
        ),
        (
            SubaccountChanges {
                timezone: Some("Mars/Olympus".into()),
                ..Default::default()
            },
            "timezone",
        ),
        (
            SubaccountChanges {
                timezone: Some("Europe/\0Berlin".into()),
                ..Default::default()
            },
            "timezone",
        ),
        (
            SubaccountChanges {
                battery_low_threshold_percent: Some(101),
                ..Default::default()
            },
            "battery_low_threshold_percent",
        ),
        (
            SubaccountChanges {
                min_start_battery_percent: Some(-1),
                ..Default::default()
            },
            "min_start_battery_percent",
        ),
    ] {
        match tenancy::update_subaccount(&mut conn, t, berlin.id, changes).await {
            Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let renamed = SubaccountChanges {
        name: Some("Paris".into()),
        ..Default::default()
    };
    assert!(matches!(
        tenancy::update_subaccount(&mut conn, t, berlin.id, renamed).await,
        Err(Error::Duplicate(_))
    ));
    for id in [foreign.id, SubaccountId::new()] {
        let rename = SubaccountChanges {
            name: Some("Mine".into()),
            ..Default::default()
        };
        assert!(matches!(
            tenancy::update_subaccount(&mut conn, t, id, rename).await,
            Err(Error::NotFound {
                resource: "subaccount",
                ..
            })
        ));
    }
    let rome = tenancy::all_subaccounts(&mut conn, other).await.unwrap();
    assert_eq!(
        names(&rome),
        ["Rome"],
        "the other tenant's subaccount is untouched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenants_are_found_by_name_regardless_of_case() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let t = tenant(&mut conn, "Fleetgate Demo").await;
    let found = tenancy::find_tenant_by_name(&mut conn, "fleetgate demo")
        .await
        .unwrap();
    assert_eq!(found.map(|f| f.id), Some(t));
    assert!(tenancy::find_tenant_by_name(&mut conn, "Nobody")
        .await
        .unwrap()
        .is_none());
}
