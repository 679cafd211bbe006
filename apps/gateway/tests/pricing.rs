//! Pricing plans (SPEC §7, §8): validated upsert, `plan_for`, and `GET /pricing` with its
//! filters, pagination and scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::Method;
use serde_json::json;

use common::{ids, live_key, subaccount_key, test_key, Reply, TestApp};
use fleet_domain::pricing::service::{plan_for, upsert_plan};
use fleet_domain::pricing::{NewPricingPlan, PricingPlan};
use fleet_domain::vehicles::VehicleType;
use fleet_domain::{Error, KeyMode, PermissionSet, Plan, Scope, Subaccount};
use keys::NewKey;

const PRICING: &str = "/api/partner/v1/pricing";

fn plan(vehicle_type: VehicleType, unlock_cents: i32) -> NewPricingPlan {
    NewPricingPlan {
        subaccount_id: None,
        vehicle_type,
        name: format!("{} standard", vehicle_type.as_str()),
        unlock_cents,
        per_minute_cents: 25,
        pause_per_minute_cents: 10,
        per_km_cents: 5,
        currency: None,
    }
}

async fn upsert(
    app: &TestApp,
    sub: &Subaccount,
    new: NewPricingPlan,
) -> Result<PricingPlan, Error> {
    let mut conn = app.conn().await;
    upsert_plan(&mut conn, &Scope::new(sub.tenant_id, vec![sub.id]), new).await
}

async fn get(app: &TestApp, path: &str, key: &str) -> Reply {
    app.call(key, Method::GET, path, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upsert_validates_and_replaces() {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(Plan::Enterprise).await;
    let sub = &seed.subaccount;
    let created = upsert(&app, sub, plan(VehicleType::Scooter, 100))
        .await
        .unwrap();
    assert_eq!(created.currency, "EUR");
    assert_eq!(created.unlock_cents, 100);

    // The same subaccount and type: replaced in place (same id), not duplicated.
    let replaced = upsert(
        &app,
        sub,
        NewPricingPlan {
            name: "Scooter night".into(),
            currency: Some("EUR".into()),
            ..plan(VehicleType::Scooter, 150)
        },
    )
    .await
    .unwrap();
    assert_eq!(replaced.id, created.id);
    assert_eq!(replaced.created_at, created.created_at);
    assert_eq!(replaced.unlock_cents, 150);
    assert_eq!(replaced.name, "Scooter night");
    assert!(replaced.updated_at >= created.updated_at);

    let mut conn = app.conn().await;
    let found = plan_for(&mut conn, seed.tenant.id, sub.id, VehicleType::Scooter)
        .await
        .unwrap();
    assert_eq!(found, Some(replaced.clone()));
    assert_eq!(
        plan_for(&mut conn, seed.tenant.id, sub.id, VehicleType::Car)
            .await
            .unwrap(),
        None
    );
    let other = app.seed_on(Plan::Enterprise).await;
    assert_eq!(
        plan_for(&mut conn, other.tenant.id, sub.id, VehicleType::Scooter)
            .await
            .unwrap(),
        None
    );
    drop(conn);

    let bad = [
        (
            NewPricingPlan {
                name: " ".into(),
                ..plan(VehicleType::Car, 1)
            },
            "name",
        ),
        (
            NewPricingPlan {
                name: "x".repeat(201),
                ..plan(VehicleType::Car, 1)
            },
            "name",
        ),
        (plan(VehicleType::Car, -1), "unlock_cents"),
        (plan(VehicleType::Car, 1_000_001), "unlock_cents"),
        (
            NewPricingPlan {
                per_minute_cents: -5,
                ..plan(VehicleType::Car, 1)
            },
            "per_minute_cents",
        ),
        (
            NewPricingPlan {
                pause_per_minute_cents: 2_000_000,
                ..plan(VehicleType::Car, 1)
            },
            "pause_per_minute_cents",
        ),
        (
            NewPricingPlan {
                per_km_cents: -1,
                ..plan(VehicleType::Car, 1)
            },
            "per_km_cents",
        ),
        (
            NewPricingPlan {
                currency: Some("USD".into()),
                ..plan(VehicleType::Car, 1)
            },
            "currency",
        ),
        (
            NewPricingPlan {
                currency: Some("eur".into()),
                ..plan(VehicleType::Car, 1)
            },
            "currency",
        ),
    ];
    for (new, field) in bad {
        let err = upsert(&app, sub, new).await;
        assert!(
            matches!(&err, Err(Error::Invalid { field: f, .. }) if *f == field),
            "{field}: {err:?}"
        );
    }
    let mut conn = app.conn().await;
    assert_eq!(
        plan_for(&mut conn, seed.tenant.id, sub.id, VehicleType::Car)
            .await
            .unwrap(),
        None
    );
    // A subaccount outside the scope.
    let foreign = other.subaccount.id;
    let err = upsert_plan(
        &mut conn,
        &Scope::new(seed.tenant.id, vec![sub.id]),
        NewPricingPlan {
            subaccount_id: Some(foreign),
            ..plan(VehicleType::Car, 1)
        },
    )
    .await;
    assert!(
        matches!(err, Err(Error::SubaccountNotAllowed(_))),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_filter_page_and_scope() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Enterprise).await;
    let live1 = app.create_subaccount(tenant.id, false).await;
    let live2 = app.create_subaccount(tenant.id, false).await;
    let sandbox = app.create_subaccount(tenant.id, true).await;
    let mut l1 = Vec::new();
    for (t, cents) in [
        (VehicleType::Scooter, 100),
        (VehicleType::Ebike, 120),
        (VehicleType::Car, 500),
    ] {
        l1.push(upsert(&app, &live1, plan(t, cents)).await.unwrap());
    }
    let l2 = upsert(&app, &live2, plan(VehicleType::Scooter, 90))
        .await
        .unwrap();
    let sb = upsert(&app, &sandbox, plan(VehicleType::Scooter, 0))
        .await
        .unwrap();
    let other = app.seed_on(Plan::Enterprise).await;
    let foreign = upsert(&app, &other.subaccount, plan(VehicleType::Scooter, 1))
        .await
        .unwrap();

    let (_, global) = app.create_key(tenant.id, live_key()).await;
    let reply = get(&app, PRICING, &global).await;
    let data = reply.ok();
    let mut expected: Vec<String> = l1.iter().map(|p| p.id.to_string()).collect();
    expected.push(l2.id.to_string());
    assert_eq!(ids(data), expected);
    assert_eq!(reply.body["pagination"]["total"], json!(4));
    let first = &data[0];
    assert_eq!(
        first,
        &json!({
            "id": l1[0].id, "name": "scooter standard", "subaccount_id": live1.id,
            "vehicle_type": "scooter", "unlock_cents": 100, "per_minute_cents": 25,
            "pause_per_minute_cents": 10, "per_km_cents": 5, "currency": "EUR",
            "created_at": first["created_at"], "updated_at": first["updated_at"],
            "active": true
        })
    );
    assert!(first["created_at"].as_str().unwrap().ends_with('Z'));

    // Filters.
    let reply = get(&app, &format!("{PRICING}?vehicle_type=scooter"), &global).await;
    assert_eq!(
        ids(reply.ok()),
        vec![l1[0].id.to_string(), l2.id.to_string()]
    );
    let reply = get(
        &app,
        &format!("{PRICING}?subaccount_id={}", live2.id),
        &global,
    )
    .await;
    assert_eq!(ids(reply.ok()), vec![l2.id.to_string()]);
    let reply = get(
        &app,
        &format!("{PRICING}?subaccount_id={}&vehicle_type=car", live1.id),
        &global,
    )
    .await;
    assert_eq!(ids(reply.ok()), vec![l1[2].id.to_string()]);
    for foreign_sub in [sandbox.id, other.subaccount.id] {
        let reply = get(
            &app,
            &format!("{PRICING}?subaccount_id={foreign_sub}"),
            &global,
        )
        .await;
        assert_eq!(reply.ok(), &json!([]));
        assert_eq!(reply.body["pagination"]["total"], json!(0));
    }
    for (query, field) in [
        ("vehicle_type=rocket", "vehicle_type"),
        ("subaccount_id=abc", "subaccount_id"),
        ("limit=500", "limit"),
    ] {
        let reply = get(&app, &format!("{PRICING}?{query}"), &global).await;
        let error = reply.error(400, "VALIDATION_ERROR");
        assert_eq!(
            error["details"]["fields"][0]["field"],
            json!(field),
            "{query}"
        );
    }
    // Pages and cursors.
    let reply = get(&app, &format!("{PRICING}?limit=3&page=2"), &global).await;
    assert_eq!(ids(reply.ok()), vec![l2.id.to_string()]);
    assert_eq!(
        reply.body["pagination"],
        json!({"page": 2, "limit": 3, "total": 4, "has_next": false, "has_prev": true})
    );
    let reply = get(&app, &format!("{PRICING}?limit=3&cursor="), &global).await;
    assert_eq!(ids(reply.ok()), expected[..3]);
    let next = reply.body["pagination"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = get(&app, &format!("{PRICING}?limit=3&cursor={next}"), &global).await;
    assert_eq!(ids(reply.ok()), expected[3..]);

    // Scope: one subaccount, the sandbox, another tenant.
    let (_, one) = app
        .create_key(tenant.id, subaccount_key(KeyMode::Live, live2.id))
        .await;
    assert_eq!(
        ids(get(&app, PRICING, &one).await.ok()),
        vec![l2.id.to_string()]
    );
    let reply = get(&app, &format!("{PRICING}?subaccount_id={}", live1.id), &one).await;
    assert_eq!(reply.ok(), &json!([]));
    let (_, test) = app.create_key(tenant.id, test_key()).await;
    assert_eq!(
        ids(get(&app, PRICING, &test).await.ok()),
        vec![sb.id.to_string()]
    );
    assert_eq!(
        ids(get(&app, PRICING, &other.secret).await.ok()),
        vec![foreign.id.to_string()]
    );

    // Permission.
    let (_, no_pricing) = app
        .create_key(
            tenant.id,
            NewKey {
                permissions: Some(PermissionSet::parse_list("vehicles:read,zones:read").unwrap()),
                ..live_key()
            },
        )
        .await;
    let reply = get(&app, PRICING, &no_pricing).await;
    assert_eq!(
        reply.forbidden("missing_permission")["details"]["required"],
        json!("pricing:read")
    );
}
