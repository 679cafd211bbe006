//! Zone and pricing plan authoring (SPEC §13, issue 21): permissions (403 without
//! `zones:write` / `pricing:write`, 404 across tenants), per-field validation, the zone delete
//! rule, `zone.updated` / `pricing.updated` written with the change (and not without it), the
//! price snapshot rule, and the management API running the same use cases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_common;
mod common;

use reqwest::Method;
use serde_json::{json, Value};

use admin_common::{admin, admin_get, admin_patch, admin_post, signed_in};
use common::{live_key, Reply, TestApp};
use fleet_domain::{Permission, PermissionSet, Plan, Subaccount, Tenant};
use keys::operators::Role;
use keys::NewKey;

const BASE: &str = "/api/partner/v1";
const LAT: f64 = 52.52;
const LNG: f64 = 13.405;

/// Rounded to 1e-9° so the JSON numbers round-trip through jsonb exactly.
fn r(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

fn square(lat: f64, lng: f64, half: f64) -> Value {
    let (w, e, s, n) = (r(lng - half), r(lng + half), r(lat - half), r(lat + half));
    json!({"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]})
}

struct World {
    app: TestApp,
    tenant: Tenant,
    sub: Subaccount,
    /// Every permission.
    key: String,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let tenant = app.create_tenant(Plan::Enterprise).await;
        let sub = app.create_subaccount(tenant.id, false).await;
        let key = key_with(&app, &tenant, PermissionSet::all()).await;
        Self {
            app,
            tenant,
            sub,
            key,
        }
    }

    async fn call_as(&self, key: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut req = self
            .app
            .request(method, &format!("{BASE}{path}"))
            .header("X-Partner-Api-Key", key);
        if let Some(body) = body {
            req = req.json(&body);
        }
        self.app.send(req).await
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.call_as(&self.key, method, path, body).await
    }

    /// The [`city_area`] zone, created; the zone and its path.
    async fn create_city_area(&self) -> (Value, String) {
        let zone = self.create("/zones", city_area()).await;
        let path = format!("/zones/{}", zone["id"].as_str().unwrap());
        (zone, path)
    }

    async fn create(&self, path: &str, body: Value) -> Value {
        let reply = self.call(Method::POST, path, Some(body)).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.body["data"].clone()
    }

    /// `(event_type, data)` of every event, oldest first.
    async fn events(&self) -> Vec<(String, Value)> {
        self.app.events().await
    }

    async fn config_events(&self) -> Vec<(String, Value)> {
        self.events()
            .await
            .into_iter()
            .filter(|(n, _)| n == "zone.updated" || n == "pricing.updated")
            .collect()
    }

    /// The types of [`World::config_events`], oldest first.
    async fn config_event_names(&self) -> Vec<String> {
        let events = self.config_events().await;
        events.into_iter().map(|(n, _)| n).collect()
    }

    async fn vehicle(&self) -> String {
        let v = self
            .create(
                "/vehicles",
                json!({"type": "scooter", "battery_percent": 90, "latitude": LAT, "longitude": LNG}),
            )
            .await;
        v["id"].as_str().unwrap().to_owned()
    }

    async fn customer(&self, credit: i64) -> String {
        let email = format!("rider-{}@example.com", uuid::Uuid::now_v7().simple());
        let c = self.create("/customers", json!({"email": email})).await;
        let id = c["id"].as_str().unwrap().to_owned();
        self.create(
            &format!("/customers/{id}/wallet"),
            json!({"action": "credit", "amount_cents": credit}),
        )
        .await;
        id
    }

    async fn start_ride(&self) -> String {
        let vehicle = self.vehicle().await;
        let customer = self.customer(10_000).await;
        let ride = self
            .create(
                "/rides",
                json!({"customer_id": customer, "vehicle_id": vehicle}),
            )
            .await;
        ride["id"].as_str().unwrap().to_owned()
    }

    async fn end_ride(&self, ride: &str) -> Value {
        let reply = self
            .call(
                Method::POST,
                &format!("/rides/{ride}/end"),
                Some(json!({"end_latitude": LAT, "end_longitude": LNG})),
            )
            .await;
        reply.ok().clone()
    }

    async fn scooter_plan(&self, unlock: i32, per_minute: i32) -> Value {
        self.create(
            "/pricing",
            json!({"vehicle_type": "scooter", "name": "Scooters", "unlock_cents": unlock,
                   "per_minute_cents": per_minute, "pause_per_minute_cents": 0, "per_km_cents": 0}),
        )
        .await
    }
}

impl World {
    /// A key of the world's tenant with every permission but `missing`.
    async fn key_without(&self, missing: Permission) -> String {
        let mut permissions = PermissionSet::all();
        permissions.remove(missing);
        key_with(&self.app, &self.tenant, permissions).await
    }

    /// An all-powerful key of another tenant (with one subaccount).
    async fn stranger(&self) -> String {
        let other = self.app.create_tenant(Plan::Enterprise).await;
        self.app.create_subaccount(other.id, false).await;
        key_with(&self.app, &other, PermissionSet::all()).await
    }
}

/// The body of an operating area "City" around (LAT, LNG).
fn city_area() -> Value {
    json!({"name": "City", "type": "operating_area", "geometry": square(LAT, LNG, 0.05)})
}

async fn key_with(app: &TestApp, tenant: &Tenant, permissions: PermissionSet) -> String {
    app.create_key(
        tenant.id,
        NewKey {
            permissions: Some(permissions),
            ..live_key()
        },
    )
    .await
    .1
}

fn fields(reply: &Reply) -> Vec<String> {
    let err = reply.error(400, "VALIDATION_ERROR");
    err["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zone_writes_need_zones_write_and_stay_in_the_tenant() {
    let w = World::new().await;
    // Every permission but zones:write (zones:read included).
    let reader = w.key_without(Permission::ZonesWrite).await;
    let body = city_area();
    let reply = w
        .call_as(&reader, Method::POST, "/zones", Some(body.clone()))
        .await;
    let details = reply.forbidden("missing_permission");
    assert_eq!(details["details"]["required"], json!("zones:write"));

    let zone = w.create("/zones", body).await;
    let path = format!("/zones/{}", zone["id"].as_str().unwrap());
    assert_eq!(zone["type"], json!("operating_area"));
    assert_eq!(zone["subaccount_id"], json!(w.sub.id));
    for (method, body) in [
        (Method::PATCH, Some(json!({"name": "Renamed"}))),
        (Method::DELETE, None),
    ] {
        let reply = w.call_as(&reader, method, &path, body).await;
        reply.forbidden("missing_permission");
    }

    // Another tenant's all-powerful key: the zone does not exist for it.
    let stranger = w.stranger().await;
    for (method, body) in [
        (Method::GET, None),
        (Method::PATCH, Some(json!({"name": "Hijacked"}))),
        (Method::DELETE, None),
    ] {
        let reply = w.call_as(&stranger, method, &path, body).await;
        reply.error(404, "NOT_FOUND");
    }
    let reply = w.call(Method::GET, &path, None).await;
    assert_eq!(reply.ok()["name"], json!("City"));
    // Only the one creation was recorded.
    let events = w.config_events().await;
    assert_eq!(events.len(), 1, "{events:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pricing_writes_need_pricing_write_and_stay_in_the_tenant() {
    let w = World::new().await;
    let reader = w.key_without(Permission::PricingWrite).await;
    let body = json!({"vehicle_type": "ebike", "name": "E-bikes", "unlock_cents": 50,
                      "per_minute_cents": 20, "pause_per_minute_cents": 5, "per_km_cents": 0});
    let reply = w
        .call_as(&reader, Method::POST, "/pricing", Some(body.clone()))
        .await;
    assert_eq!(
        reply.forbidden("missing_permission")["details"]["required"],
        json!("pricing:write")
    );
    let plan = w.create("/pricing", body).await;
    assert_eq!(plan["currency"], json!("EUR"));
    assert_eq!(plan["active"], json!(true));
    let path = format!("/pricing/{}", plan["id"].as_str().unwrap());
    let writes = [
        (
            Method::PATCH,
            path.clone(),
            Some(json!({"unlock_cents": 1})),
        ),
        (Method::POST, format!("{path}/deactivate"), None),
    ];
    for (method, path, body) in writes.clone() {
        w.call_as(&reader, method, &path, body)
            .await
            .forbidden("missing_permission");
    }
    let stranger = w.stranger().await;
    for (method, path, body) in [(Method::GET, path.clone(), None)]
        .into_iter()
        .chain(writes)
    {
        w.call_as(&stranger, method, &path, body)
            .await
            .error(404, "NOT_FOUND");
    }
    let reply = w.call(Method::GET, &path, None).await;
    assert_eq!(reply.ok()["unlock_cents"], json!(50));
    assert_eq!(w.config_events().await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_zones_and_plans_name_the_field_and_write_nothing() {
    let w = World::new().await;
    let bow_tie =
        json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]});
    let open = json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]});
    let far = json!({"type": "Polygon", "coordinates": [[[0, 0], [181, 0], [181, 1], [0, 0]]]});
    let cases = [
        (
            json!({"name": "Z", "type": "operating_area", "geometry": bow_tie}),
            "geometry",
        ),
        (
            json!({"name": "Z", "type": "operating_area", "geometry": open}),
            "geometry",
        ),
        (
            json!({"name": "Z", "type": "operating_area", "geometry": far}),
            "geometry",
        ),
        (
            json!({"name": "Z", "type": "operating_area", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
            "geometry",
        ),
        (
            json!({"name": "", "type": "parking", "geometry": square(LAT, LNG, 0.01)}),
            "name",
        ),
        (
            json!({"name": "Z", "type": "moon_base", "geometry": square(LAT, LNG, 0.01)}),
            "type",
        ),
        (
            json!({"name": "Z", "type": "slow_speed", "geometry": square(LAT, LNG, 0.01)}),
            "speed_limit_kph",
        ),
        (
            json!({"name": "Z", "type": "slow_speed", "speed_limit_kph": 0, "geometry": square(LAT, LNG, 0.01)}),
            "speed_limit_kph",
        ),
        (
            json!({"name": "Z", "type": "parking", "speed_limit_kph": 10, "geometry": square(LAT, LNG, 0.01)}),
            "speed_limit_kph",
        ),
    ];
    for (body, field) in cases {
        let reply = w.call(Method::POST, "/zones", Some(body.clone())).await;
        assert_eq!(fields(&reply), [field], "{body}: {}", reply.text);
    }
    // Over 10 000 positions.
    let ring: Vec<Value> = (0..=10_000)
        .map(|i| {
            let a = f64::from(i) / 10_000.0 * std::f64::consts::TAU;
            json!([LNG + 0.01 * a.cos(), LAT + 0.01 * a.sin()])
        })
        .collect();
    let reply = w
        .call(
            Method::POST,
            "/zones",
            Some(json!({"name": "Z", "type": "parking", "geometry": {"type": "Polygon", "coordinates": [ring]}})),
        )
        .await;
    assert_eq!(fields(&reply), ["geometry"]);
    assert!(reply.text.contains("10000"), "{}", reply.text);

    let zone = w
        .create(
            "/zones",
            json!({"name": "Slow", "type": "slow_speed", "speed_limit_kph": 10, "geometry": square(LAT, LNG, 0.01)}),
        )
        .await;
    let path = format!("/zones/{}", zone["id"].as_str().unwrap());
    for (body, field) in [
        (
            json!({"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}),
            "geometry",
        ),
        (json!({"speed_limit_kph": 500}), "speed_limit_kph"),
        (json!({"speed_limit_kph": null}), "speed_limit_kph"),
        (
            json!({"type": "no_parking", "speed_limit_kph": 10}),
            "speed_limit_kph",
        ),
    ] {
        let reply = w.call(Method::PATCH, &path, Some(body.clone())).await;
        assert_eq!(fields(&reply), [field], "{body}: {}", reply.text);
    }
    // Leaving slow_speed drops the limit; a MultiPolygon is accepted.
    let multi = json!({"type": "MultiPolygon", "coordinates": [
        square(LAT, LNG, 0.01)["coordinates"].clone(),
        square(LAT + 0.1, LNG + 0.1, 0.01)["coordinates"].clone()
    ]});
    let reply = w
        .call(
            Method::PATCH,
            &path,
            Some(json!({"type": "no_parking", "geometry": multi.clone()})),
        )
        .await;
    let data = reply.ok();
    assert_eq!(data["type"], json!("no_parking"));
    assert_eq!(data["speed_limit_kph"], Value::Null);
    assert_eq!(data["geometry"], multi);

    let plan_cases = [
        (
            json!({"vehicle_type": "hovercraft", "name": "P", "unlock_cents": 1, "per_minute_cents": 1, "pause_per_minute_cents": 1, "per_km_cents": 1}),
            "vehicle_type",
        ),
        (
            json!({"vehicle_type": "car", "name": " ", "unlock_cents": 1, "per_minute_cents": 1, "pause_per_minute_cents": 1, "per_km_cents": 1}),
            "name",
        ),
        (
            json!({"vehicle_type": "car", "name": "P", "unlock_cents": -1, "per_minute_cents": 1, "pause_per_minute_cents": 1, "per_km_cents": 1}),
            "unlock_cents",
        ),
        (
            json!({"vehicle_type": "car", "name": "P", "unlock_cents": 1, "per_minute_cents": 1_000_001, "pause_per_minute_cents": 1, "per_km_cents": 1}),
            "per_minute_cents",
        ),
        (
            json!({"vehicle_type": "car", "name": "P", "unlock_cents": 1, "per_minute_cents": 1, "pause_per_minute_cents": -5, "per_km_cents": 1}),
            "pause_per_minute_cents",
        ),
        (
            json!({"vehicle_type": "car", "name": "P", "unlock_cents": 1, "per_minute_cents": 1, "pause_per_minute_cents": 1, "per_km_cents": 2_000_000}),
            "per_km_cents",
        ),
        (
            json!({"vehicle_type": "car", "name": "P", "unlock_cents": 1, "per_minute_cents": 1, "pause_per_minute_cents": 1, "per_km_cents": 1, "currency": "USD"}),
            "currency",
        ),
    ];
    for (body, field) in plan_cases {
        let reply = w.call(Method::POST, "/pricing", Some(body.clone())).await;
        assert_eq!(fields(&reply), [field], "{body}: {}", reply.text);
    }
    let plan = w.scooter_plan(100, 25).await;
    let path = format!("/pricing/{}", plan["id"].as_str().unwrap());
    let reply = w
        .call(Method::PATCH, &path, Some(json!({"per_km_cents": -1})))
        .await;
    assert_eq!(fields(&reply), ["per_km_cents"]);
    // A second active plan of the same type: 409.
    let reply = w
        .call(
            Method::POST,
            "/pricing",
            Some(
                json!({"vehicle_type": "scooter", "name": "Again", "unlock_cents": 1,
                        "per_minute_cents": 1, "pause_per_minute_cents": 1, "per_km_cents": 1}),
            ),
        )
        .await;
    reply.error(409, "CONFLICT");

    // Only the successful writes were recorded: zone created + updated, plan created.
    let names = w.config_event_names().await;
    assert_eq!(names, ["zone.updated", "zone.updated", "pricing.updated"]);
    let zones = w.call(Method::GET, "/zones", None).await;
    assert_eq!(zones.ok().as_array().unwrap().len(), 1);
    let plans = w.call(Method::GET, "/pricing", None).await;
    assert_eq!(plans.ok().as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_carry_the_change_and_are_written_with_it() {
    let w = World::new().await;
    let (zone, zone_path) = w.create_city_area().await;
    w.call(
        Method::PATCH,
        &zone_path,
        Some(json!({"name": "Greater city"})),
    )
    .await
    .ok();
    let plan = w.scooter_plan(100, 25).await;
    let plan_path = format!("/pricing/{}", plan["id"].as_str().unwrap());
    w.call(
        Method::PATCH,
        &plan_path,
        Some(json!({"per_minute_cents": 30})),
    )
    .await
    .ok();
    let reply = w
        .call(Method::POST, &format!("{plan_path}/deactivate"), None)
        .await;
    assert_eq!(reply.ok()["active"], json!(false));
    // Deactivated: no more changes.
    w.call(Method::POST, &format!("{plan_path}/deactivate"), None)
        .await
        .error(409, "CONFLICT");
    w.call(
        Method::PATCH,
        &plan_path,
        Some(json!({"per_minute_cents": 1})),
    )
    .await
    .error(409, "CONFLICT");
    // A new plan of the type can be created after deactivation.
    w.scooter_plan(200, 40).await;
    let reply = w.call(Method::DELETE, &zone_path, None).await;
    assert_eq!(reply.ok()["deleted"], json!(true));
    w.call(Method::GET, &zone_path, None)
        .await
        .error(404, "NOT_FOUND");

    let events = w.config_events().await;
    let summary: Vec<(String, String)> = events
        .iter()
        .map(|(n, d)| (n.clone(), d["action"].as_str().unwrap().to_owned()))
        .collect();
    let expected = [
        ("zone.updated", "created"),
        ("zone.updated", "updated"),
        ("pricing.updated", "created"),
        ("pricing.updated", "updated"),
        ("pricing.updated", "deactivated"),
        ("pricing.updated", "created"),
        ("zone.updated", "deleted"),
    ];
    assert_eq!(
        summary,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    let (_, updated) = &events[1];
    assert_eq!(updated["zone_id"], zone["id"]);
    assert_eq!(updated["name"], json!("Greater city"));
    assert_eq!(updated["type"], json!("operating_area"));
    assert_eq!(updated["subaccount_id"], json!(w.sub.id));
    assert_eq!(
        updated["bbox"],
        json!([r(LNG - 0.05), r(LAT - 0.05), r(LNG + 0.05), r(LAT + 0.05)])
    );
    let (_, price) = &events[3];
    assert_eq!(price["pricing_plan_id"], plan["id"]);
    assert_eq!(price["per_minute_cents"], json!(30));
    assert_eq!(price["currency"], json!("EUR"));
    assert_eq!(price["active"], json!(true));
    assert_eq!(events[4].1["active"], json!(false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_only_operating_area_cannot_go_while_vehicles_are_in_use() {
    let w = World::new().await;
    w.scooter_plan(0, 10).await;
    let (_, path) = w.create_city_area().await;
    let ride = w.start_ride().await;

    let reply = w.call(Method::DELETE, &path, None).await;
    let err = reply.error(409, "CONFLICT");
    assert_eq!(
        err["details"]["current_status"],
        json!("only_operating_area")
    );
    // Turning it into another type is the same removal.
    let reply = w
        .call(Method::PATCH, &path, Some(json!({"type": "parking"})))
        .await;
    reply.error(409, "CONFLICT");
    // Changing its shape is fine.
    w.call(
        Method::PATCH,
        &path,
        Some(json!({"geometry": square(LAT, LNG, 0.06)})),
    )
    .await
    .ok();

    // With a second operating area the first can go (and then the second cannot).
    let second = w
        .create(
            "/zones",
            json!({"name": "Suburb", "type": "operating_area", "geometry": square(LAT + 1.0, LNG, 0.05)}),
        )
        .await;
    w.call(Method::DELETE, &path, None).await.ok();
    let second_path = format!("/zones/{}", second["id"].as_str().unwrap());
    w.call(Method::DELETE, &second_path, None)
        .await
        .error(409, "CONFLICT");
    // Once no vehicle is in use, the last area can go. (The ride ends inside the suburb.)
    let reply = w
        .call(
            Method::POST,
            &format!("/rides/{ride}/end"),
            Some(json!({"end_latitude": LAT + 1.0, "end_longitude": LNG})),
        )
        .await;
    reply.ok();
    w.call(Method::DELETE, &second_path, None).await.ok();
    let deleted: Vec<String> = w
        .config_events()
        .await
        .into_iter()
        .filter(|(_, d)| d["action"] == json!("deleted"))
        .map(|(_, d)| d["zone_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(deleted.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_price_change_applies_to_rides_started_after_it() {
    let w = World::new().await;
    let plan = w.scooter_plan(100, 25).await;
    let before = w.start_ride().await;
    // The change: unlock 100 → 300, per minute 25 → 50.
    let reply = w
        .call(
            Method::PATCH,
            &format!("/pricing/{}", plan["id"].as_str().unwrap()),
            Some(json!({"unlock_cents": 300, "per_minute_cents": 50})),
        )
        .await;
    assert_eq!(reply.ok()["unlock_cents"], json!(300));
    let after = w.start_ride().await;

    // Both rides last under a minute (1 started minute each) and do not move.
    let old = w.end_ride(&before).await;
    assert_eq!(old["pricing"]["unlock_cents"], json!(100));
    assert_eq!(old["pricing"]["time_cents"], json!(25));
    assert_eq!(old["pricing"]["total_cents"], json!(125));
    let new = w.end_ride(&after).await;
    assert_eq!(new["pricing"]["unlock_cents"], json!(300));
    assert_eq!(new["pricing"]["time_cents"], json!(50));
    assert_eq!(new["pricing"]["total_cents"], json!(350));

    // A deactivated plan: no new rides of that type.
    w.call(
        Method::POST,
        &format!("/pricing/{}/deactivate", plan["id"].as_str().unwrap()),
        None,
    )
    .await
    .ok();
    let vehicle = w.vehicle().await;
    let customer = w.customer(10_000).await;
    let reply = w
        .call(
            Method::POST,
            "/rides",
            Some(json!({"customer_id": customer, "vehicle_id": vehicle})),
        )
        .await;
    assert!(reply.status.is_client_error(), "{}", reply.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_author_through_the_management_api() {
    let w = World::new().await;
    let (_, viewer) = signed_in(&w.app, w.tenant.id, Role::Viewer).await;
    let (_, admin_token) = signed_in(&w.app, w.tenant.id, Role::Admin).await;
    let zone_body = city_area();
    let reply = admin_post(&w.app, &viewer, "/zones", zone_body.clone()).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    let reply = admin_post(&w.app, &admin_token, "/zones", zone_body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let zone_id = reply.body["data"]["id"].as_str().unwrap().to_owned();
    // The partner API sees the operator's zone.
    let seen = w
        .call(Method::GET, &format!("/zones/{zone_id}"), None)
        .await;
    assert_eq!(seen.ok()["name"], json!("City"));

    let plan_body = json!({"vehicle_type": "moped", "name": "Mopeds", "unlock_cents": 0,
                           "per_minute_cents": 30, "pause_per_minute_cents": 0, "per_km_cents": 10});
    let reply = admin_post(&w.app, &viewer, "/pricing", plan_body.clone()).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    let reply = admin_post(&w.app, &admin_token, "/pricing", plan_body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let plan_id = reply.body["data"]["id"].as_str().unwrap().to_owned();
    let reply = admin_patch(
        &w.app,
        &admin_token,
        &format!("/pricing/{plan_id}"),
        json!({"per_km_cents": 12}),
    )
    .await;
    assert_eq!(reply.ok()["per_km_cents"], json!(12));
    // Viewers read.
    let reply = admin(&w.app, &viewer, Method::GET, "/zones", None).await;
    assert_eq!(reply.ok().as_array().unwrap().len(), 1);
    let reply = admin_get(&w.app, &viewer, &format!("/pricing/{plan_id}")).await;
    assert_eq!(reply.ok()["per_km_cents"], json!(12));
    let reply = admin(
        &w.app,
        &viewer,
        Method::DELETE,
        &format!("/zones/{zone_id}"),
        None,
    )
    .await;
    assert_eq!(reply.status, 403);
    let reply = admin(
        &w.app,
        &admin_token,
        Method::DELETE,
        &format!("/zones/{zone_id}"),
        None,
    )
    .await;
    reply.ok();
    let names = w.config_event_names().await;
    assert_eq!(
        names,
        [
            "zone.updated",
            "pricing.updated",
            "pricing.updated",
            "zone.updated"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presets_and_me_show_the_new_permissions() {
    let w = World::new().await;
    let rw = key_with(&w.app, &w.tenant, PermissionSet::read_write()).await;
    let me = w.app.me(&rw).await;
    let perms = me.ok()["key"]["permissions"].clone();
    for p in ["zones:write", "pricing:write", "zones:read"] {
        assert!(perms.as_array().unwrap().contains(&json!(p)), "{perms}");
    }
    assert!(!perms.as_array().unwrap().contains(&json!("keys:write")));
    let ro = key_with(&w.app, &w.tenant, PermissionSet::read_only()).await;
    let perms = w.app.me(&ro).await.ok()["key"]["permissions"].clone();
    assert!(!perms.as_array().unwrap().contains(&json!("zones:write")));
}
