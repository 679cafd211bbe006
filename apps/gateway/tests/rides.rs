//! Rides over HTTP (SPEC §8): preconditions of a start, the transition table, exactly one
//! winner under concurrency, pricing with the plan snapshot, geofenced ends, settlement and
//! the events each change writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use diesel::sql_types::{BigInt, Uuid as SqlUuid};
use reqwest::Method;
use serde_json::{json, Value};

use common::{all_permissions, live_key, sorted_keys, Reply, TestApp};
use db::RunQueryDsl;
use fleet_domain::pricing::{service as pricing, NewPricingPlan};
use fleet_domain::vehicles::VehicleType;
use fleet_domain::zones::{service as zones, NewZone, ZoneType};
use fleet_domain::{PermissionSet, Plan, Scope, Subaccount, Tenant};
use keys::NewKey;

const BASE: &str = "/api/partner/v1";
/// The test city: a square operating area around (52.52, 13.405) with a no-parking square
/// in its north-east corner.
const LAT: f64 = 52.52;
const LNG: f64 = 13.405;

struct World {
    app: TestApp,
    tenant: Tenant,
    sub: Subaccount,
    key: String,
}

fn square(lat: f64, lng: f64, half: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [lng - half, lat - half], [lng + half, lat - half], [lng + half, lat + half],
        [lng - half, lat + half], [lng - half, lat - half]
    ]]})
}

impl World {
    /// A tenant with one live subaccount, a scooter plan (100 unlock, 25/min, 10/paused min,
    /// 30/km), an operating area with a no-parking zone, and an all-permissions key.
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let tenant = app.create_tenant(Plan::Enterprise).await;
        let sub = app.create_subaccount(tenant.id, false).await;
        let scope = Scope::new(tenant.id, vec![sub.id]);
        {
            let mut conn = app.conn().await;
            pricing::upsert_plan(&mut conn, &scope, plan(100, 25))
                .await
                .unwrap();
            zones::create_zone(
                &mut conn,
                &scope,
                NewZone {
                    subaccount_id: None,
                    name: "City".into(),
                    zone_type: ZoneType::OperatingArea,
                    geometry: square(LAT, LNG, 0.05),
                    speed_limit_kph: None,
                },
            )
            .await
            .unwrap();
            zones::create_zone(
                &mut conn,
                &scope,
                NewZone {
                    subaccount_id: None,
                    name: "Park".into(),
                    zone_type: ZoneType::NoParking,
                    geometry: square(LAT + 0.03, LNG + 0.03, 0.005),
                    speed_limit_kph: None,
                },
            )
            .await
            .unwrap();
        }
        let (_, key) = app.create_key(tenant.id, all_permissions()).await;
        Self {
            app,
            tenant,
            sub,
            key,
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.app
            .call(&self.key, method, &format!("{BASE}{path}"), body)
            .await
    }

    /// `POST /rides/{ride}/{action}` without a body (`pause`, `resume`).
    async fn act(&self, ride: &str, action: &str) -> Reply {
        self.call(Method::POST, &format!("/rides/{ride}/{action}"), None)
            .await
    }

    async fn vehicle(&self, battery: i64) -> String {
        let reply = self
            .call(
                Method::POST,
                "/vehicles",
                Some(json!({"type": "scooter", "battery_percent": battery,
                            "latitude": LAT, "longitude": LNG})),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.body["data"]["id"].as_str().unwrap().to_owned()
    }

    /// A customer with `credit` cents in the wallet.
    async fn customer(&self, credit: i64) -> String {
        let email = format!("rider-{}@example.com", uuid::Uuid::now_v7().simple());
        let reply = self
            .call(Method::POST, "/customers", Some(json!({"email": email})))
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        let id = reply.body["data"]["id"].as_str().unwrap().to_owned();
        if credit > 0 {
            let reply = self
                .call(
                    Method::POST,
                    &format!("/customers/{id}/wallet"),
                    Some(json!({"action": "credit", "amount_cents": credit})),
                )
                .await;
            assert_eq!(reply.status, 201, "{}", reply.text);
        }
        id
    }

    async fn start(&self, customer: &str, vehicle: &str) -> Reply {
        self.call(
            Method::POST,
            "/rides",
            Some(json!({"customer_id": customer, "vehicle_id": vehicle})),
        )
        .await
    }

    async fn end_at(&self, ride: &str, lat: f64, lng: f64) -> Reply {
        self.call(
            Method::POST,
            &format!("/rides/{ride}/end"),
            Some(json!({"end_latitude": lat, "end_longitude": lng})),
        )
        .await
    }

    async fn started(&self, credit: i64) -> (String, String, String) {
        let vehicle = self.vehicle(90).await;
        let customer = self.customer(credit).await;
        let reply = self.start(&customer, &vehicle).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        let ride = reply.body["data"]["id"].as_str().unwrap().to_owned();
        (ride, customer, vehicle)
    }

    async fn vehicle_status(&self, vehicle: &str) -> String {
        let reply = self
            .call(Method::GET, &format!("/vehicles/{vehicle}"), None)
            .await;
        reply.ok()["status"].as_str().unwrap().to_owned()
    }

    async fn balance(&self, customer: &str) -> i64 {
        let reply = self
            .call(Method::GET, &format!("/customers/{customer}/wallet"), None)
            .await;
        reply.ok()["balance_cents"].as_i64().unwrap()
    }

    /// Moves the ride's start (and a pause start) back by `seconds`, as if time had passed.
    async fn age(&self, ride: &str, seconds: i64) {
        let mut conn = self.app.conn().await;
        diesel::sql_query(
            "UPDATE rides SET started_at = started_at - make_interval(secs => $2), \
               created_at = created_at - make_interval(secs => $2), \
               paused_at = paused_at - make_interval(secs => $2) WHERE id = $1",
        )
        .bind::<SqlUuid, _>(ride.parse::<uuid::Uuid>().unwrap())
        .bind::<diesel::sql_types::Double, _>(seconds as f64)
        .execute(&mut conn)
        .await
        .unwrap();
    }

    /// `(event_type, data)` of every event, oldest first.
    async fn events(&self) -> Vec<(String, Value)> {
        self.app.events().await
    }

    async fn ledger_sum(&self, customer: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Sum {
            #[diesel(sql_type = BigInt)]
            s: i64,
        }
        let mut conn = self.app.conn().await;
        diesel::sql_query(
            "SELECT coalesce(sum(CASE WHEN kind IN ('credit', 'refund') THEN amount_cents \
               ELSE -amount_cents END), 0)::int8 AS s FROM wallet_transactions WHERE customer_id = $1",
        )
        .bind::<SqlUuid, _>(customer.parse::<uuid::Uuid>().unwrap())
        .get_result::<Sum>(&mut conn)
        .await
        .unwrap()
        .s
    }
}

/// `409 CONFLICT` naming the current status.
fn conflict(reply: &Reply, current_status: &str) {
    let details = &reply.error(409, "CONFLICT")["details"];
    assert_eq!(
        details["current_status"],
        json!(current_status),
        "{}",
        reply.text
    );
}

fn plan(unlock: i32, per_minute: i32) -> NewPricingPlan {
    NewPricingPlan {
        subaccount_id: None,
        vehicle_type: VehicleType::Scooter,
        name: "Scooters".into(),
        unlock_cents: unlock,
        per_minute_cents: per_minute,
        pause_per_minute_cents: 10,
        per_km_cents: 30,
        currency: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_ride_is_priced_with_its_snapshot_charged_and_releases_the_vehicle() {
    let w = World::new().await;
    let (ride, customer, vehicle) = w.started(5_000).await;
    assert_eq!(w.vehicle_status(&vehicle).await, "in_use");

    // A price change after the start does not touch this ride.
    {
        let mut conn = w.app.conn().await;
        let scope = Scope::new(w.tenant.id, vec![w.sub.id]);
        pricing::upsert_plan(&mut conn, &scope, plan(999, 999))
            .await
            .unwrap();
    }
    // 29 min 30 s riding → 30 minutes at 25; end 1 km north (≈ 1.112 km → 33 cents).
    w.age(&ride, 29 * 60 + 30).await;
    let reply = w.end_at(&ride, LAT + 0.01, LNG).await;
    let data = reply.ok();
    assert_eq!(data["status"], json!("ended"));
    assert_eq!(data["duration_minutes"], json!(30));
    assert_eq!(data["distance_km"], json!(1.11));
    assert_eq!(
        data["pricing"],
        json!({"total_cents": 100 + 750 + 33, "unlock_cents": 100, "time_cents": 750,
               "distance_cents": 33, "discount_cents": 0})
    );
    assert_eq!(data["payment_status"], json!("paid"));
    assert_eq!(data["plan"]["unlock_cents"], json!(100));
    assert_eq!(w.balance(&customer).await, 5_000 - 883);
    assert_eq!(w.ledger_sum(&customer).await, 5_000 - 883);
    assert_eq!(w.vehicle_status(&vehicle).await, "available");
    let v = w
        .call(Method::GET, &format!("/vehicles/{vehicle}"), None)
        .await;
    assert_eq!(v.ok()["latitude"], json!(LAT + 0.01));

    // Events: started, vehicle in_use, ended, vehicle available — in the transactions.
    let events = w.events().await;
    let names: Vec<&str> = events
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("ride.") || *n == "vehicle.status_changed")
        .collect();
    assert_eq!(
        names,
        [
            "ride.started",
            "vehicle.status_changed",
            "ride.ended",
            "vehicle.status_changed"
        ]
    );
    let (_, ended) = events.iter().find(|(n, _)| n == "ride.ended").unwrap();
    let keys = sorted_keys(ended);
    assert_eq!(
        keys,
        [
            "customer_id",
            "customer_number",
            "distance_km",
            "duration_minutes",
            "end_time",
            "payment_status",
            "pricing",
            "ride_id",
            "start_time",
            "subaccount_id",
            "vehicle_id",
            "vehicle_number"
        ]
    );
    // Field by field, against the ride as the API shows it.
    let vehicle_number = w
        .call(Method::GET, &format!("/vehicles/{vehicle}"), None)
        .await
        .ok()["vehicle_number"]
        .clone();
    assert_eq!(ended["ride_id"], json!(ride));
    assert_eq!(ended["customer_id"], json!(customer));
    assert_eq!(ended["customer_number"], json!(1));
    assert_eq!(ended["vehicle_id"], json!(vehicle));
    assert_eq!(ended["vehicle_number"], vehicle_number);
    let rfc = |v: &Value| {
        time::OffsetDateTime::parse(
            v.as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    assert_eq!(rfc(&ended["start_time"]), rfc(&data["start_time"]));
    assert_eq!(rfc(&ended["end_time"]), rfc(&data["end_time"]));
    assert_eq!(ended["duration_minutes"], json!(30));
    assert_eq!(ended["distance_km"], json!(1.11));
    assert_eq!(ended["pricing"], data["pricing"]);
    assert_eq!(ended["payment_status"], json!("paid"));
    assert_eq!(ended["subaccount_id"], json!(w.sub.id.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_state_and_action() {
    let w = World::new().await;
    // From active.
    let (ride, _, _) = w.started(5_000).await;
    let r = w.act(&ride, "resume").await;
    conflict(&r, "active");
    let r = w.act(&ride, "pause").await;
    assert_eq!(r.ok()["status"], json!("paused"));
    assert!(r.ok()["paused_at"].is_string());
    // From paused.
    let r = w.act(&ride, "pause").await;
    conflict(&r, "paused");
    let r = w.act(&ride, "resume").await;
    assert_eq!(r.ok()["status"], json!("active"));
    assert!(r.ok()["paused_at"].is_null());
    w.act(&ride, "pause").await.ok();
    let r = w.end_at(&ride, LAT, LNG).await;
    assert_eq!(r.ok()["status"], json!("ended"));
    // From ended: everything refused.
    for action in ["pause", "resume"] {
        let r = w
            .call(Method::POST, &format!("/rides/{ride}/{action}"), None)
            .await;
        conflict(&r, "ended");
    }
    let r = w.end_at(&ride, LAT, LNG).await;
    conflict(&r, "ended");
    // Active → end directly.
    let (ride, _, _) = w.started(5_000).await;
    assert_eq!(
        w.end_at(&ride, LAT, LNG).await.ok()["status"],
        json!("ended")
    );
    // Unknown and malformed ids.
    for id in [uuid::Uuid::now_v7().to_string(), "not-a-uuid".to_owned()] {
        for action in ["pause", "resume"] {
            w.call(Method::POST, &format!("/rides/{id}/{action}"), None)
                .await
                .error(404, "NOT_FOUND");
        }
        w.end_at(&id, LAT, LNG).await.error(404, "NOT_FOUND");
        w.call(Method::GET, &format!("/rides/{id}"), None)
            .await
            .error(404, "NOT_FOUND");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_time_is_priced_at_the_pause_rate() {
    let w = World::new().await;
    let (ride, _, _) = w.started(5_000).await;
    w.act(&ride, "pause").await.ok();
    // 9 min 30 s ago it started and paused at the same instant: 10 paused minutes, 0 riding.
    w.age(&ride, 9 * 60 + 30).await;
    {
        let mut conn = w.app.conn().await;
        diesel::sql_query("UPDATE rides SET paused_at = started_at WHERE id = $1")
            .bind::<SqlUuid, _>(ride.parse::<uuid::Uuid>().unwrap())
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let data = w.end_at(&ride, LAT, LNG).await;
    let data = data.ok();
    assert_eq!(data["pricing"]["time_cents"], json!(10 * 10), "{data}");
    assert_eq!(data["pricing"]["total_cents"], json!(100 + 100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starts_check_every_precondition_and_write_nothing_when_refused() {
    let w = World::new().await;
    let vehicle = w.vehicle(90).await;
    let flat = w.vehicle(14).await;
    let just_enough = w.vehicle(15).await;
    let busy = w.vehicle(90).await;
    let rich = w.customer(5_000).await;
    let poor = w.customer(50).await;
    let blocked = w.customer(5_000).await;
    w.call(
        Method::POST,
        &format!("/customers/{blocked}/block"),
        Some(json!({"reason": "fraud"})),
    )
    .await
    .ok();
    w.call(
        Method::PATCH,
        &format!("/vehicles/{busy}"),
        Some(json!({"status": "maintenance"})),
    )
    .await
    .ok();
    let events_before = w.events().await.len();

    // Unknown customer / vehicle; malformed ids name the field.
    w.start(&uuid::Uuid::now_v7().to_string(), &vehicle)
        .await
        .error(404, "NOT_FOUND");
    w.start(&rich, &uuid::Uuid::now_v7().to_string())
        .await
        .error(404, "NOT_FOUND");
    let r = w.start("nope", &vehicle).await;
    assert_eq!(
        r.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
        json!("customer_id")
    );
    // Not enough money for the unlock (100): 50 in the wallet.
    let r = w.start(&poor, &vehicle).await;
    let e = r.error(409, "INSUFFICIENT_FUNDS");
    assert_eq!(e["details"]["balance_cents"], json!(50));
    assert_eq!(e["details"]["required_cents"], json!(100));
    // Blocked customers cannot ride.
    let r = w.start(&blocked, &vehicle).await;
    conflict(&r, "blocked");
    // Battery below the subaccount's minimum (15 %).
    let r = w.start(&rich, &flat).await;
    let e = r.error(409, "CONFLICT");
    assert_eq!(e["details"]["battery_percent"], json!(14));
    assert_eq!(e["details"]["required_percent"], json!(15));
    // Vehicle not available.
    let r = w.start(&rich, &busy).await;
    conflict(&r, "maintenance");
    assert_eq!(
        w.events().await.len(),
        events_before,
        "refused starts write no event"
    );
    assert_eq!(w.vehicle_status(&vehicle).await, "available");

    // One unfinished ride per customer, one per vehicle.
    let r = w.start(&rich, &just_enough).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = w.start(&rich, &vehicle).await;
    assert!(r.error(409, "CONFLICT")["details"]["ride_id"].is_string());
    let r = w.start(&poor, &just_enough).await;
    conflict(&r, "in_use");

    // A vehicle in a ride cannot be set to another status or retired by partners.
    let r = w
        .call(
            Method::PATCH,
            &format!("/vehicles/{just_enough}"),
            Some(json!({"status": "available"})),
        )
        .await;
    r.error(409, "CONFLICT");
    w.call(Method::DELETE, &format!("/vehicles/{just_enough}"), None)
        .await
        .error(409, "CONFLICT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fare_the_wallet_cannot_cover_leaves_it_negative_and_pending() {
    let w = World::new().await;
    let (ride, customer, _) = w.started(150).await;
    w.age(&ride, 9 * 60 + 30).await; // 10 min × 25 = 250 + 100 unlock
    let r = w.end_at(&ride, LAT, LNG).await;
    let data = r.ok();
    assert_eq!(data["payment_status"], json!("pending"));
    assert_eq!(data["pricing"]["total_cents"], json!(350));
    assert_eq!(w.balance(&customer).await, -200);
    assert_eq!(w.ledger_sum(&customer).await, -200);
    // A negative balance cannot start a ride, even with a free unlock.
    let vehicle = w.vehicle(90).await;
    let r = w.start(&customer, &vehicle).await;
    assert_eq!(
        r.error(409, "INSUFFICIENT_FUNDS")["details"]["balance_cents"],
        json!(-200)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ends_are_geofenced() {
    let w = World::new().await;
    let (ride, customer, vehicle) = w.started(5_000).await;
    let balance = w.balance(&customer).await;
    // Outside every operating area.
    let r = w.end_at(&ride, LAT + 0.2, LNG).await;
    let e = r.error(422, "RIDE_END_NOT_ALLOWED");
    assert_eq!(e["details"]["reason"], json!("outside_operating_area"));
    // Inside the no-parking zone (which is inside the operating area).
    let r = w.end_at(&ride, LAT + 0.03, LNG + 0.03).await;
    let e = r.error(422, "RIDE_END_NOT_ALLOWED");
    assert_eq!(e["details"]["reason"], json!("no_parking_zone"));
    assert!(e["details"]["zone_id"].is_string());
    // Refused ends change nothing.
    assert_eq!(w.balance(&customer).await, balance);
    assert_eq!(w.vehicle_status(&vehicle).await, "in_use");
    let r = w.call(Method::GET, &format!("/rides/{ride}"), None).await;
    assert_eq!(r.ok()["status"], json!("active"));
    // Inside the operating area, outside the no-parking zone.
    assert_eq!(
        w.end_at(&ride, LAT + 0.02, LNG - 0.02).await.ok()["status"],
        json!("ended")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_starts_and_ends_have_exactly_one_winner() {
    let w = World::new().await;
    // 20 customers race for one vehicle.
    let vehicle = w.vehicle(90).await;
    let mut customers = Vec::new();
    for _ in 0..20 {
        customers.push(w.customer(1_000).await);
    }
    let replies =
        futures_util::future::join_all(customers.iter().map(|c| w.start(c, &vehicle))).await;
    let won: Vec<&Reply> = replies.iter().filter(|r| r.status == 201).collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in replies.iter().filter(|r| r.status != 201) {
        r.error(409, "CONFLICT");
    }
    let ride = won[0].body["data"]["id"].as_str().unwrap().to_owned();

    // One customer races for 20 vehicles.
    let rider = w.customer(1_000).await;
    let mut vehicles = Vec::new();
    for _ in 0..20 {
        vehicles.push(w.vehicle(90).await);
    }
    let replies = futures_util::future::join_all(vehicles.iter().map(|v| w.start(&rider, v))).await;
    assert_eq!(replies.iter().filter(|r| r.status == 201).count(), 1);
    assert_eq!(replies.iter().filter(|r| r.status == 409).count(), 19);

    // 20 ends of one ride: one 200, and the fare charged once.
    let winner = won[0].body["data"]["customer_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let replies = futures_util::future::join_all((0..20).map(|_| w.end_at(&ride, LAT, LNG))).await;
    assert_eq!(replies.iter().filter(|r| r.status == 200).count(), 1);
    for r in replies.iter().filter(|r| r.status != 200) {
        conflict(r, "ended");
    }
    assert_eq!(w.balance(&winner).await, 1_000 - 125);
    assert_eq!(w.ledger_sum(&winner).await, 1_000 - 125);
    let ended = w
        .events()
        .await
        .into_iter()
        .filter(|(n, _)| n == "ride.ended")
        .count();
    assert_eq!(ended, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_filter_and_page() {
    let w = World::new().await;
    let (r1, c1, v1) = w.started(5_000).await;
    let (_r2, _c2, _v2) = w.started(5_000).await;
    let (r3, _c3, _v3) = w.started(5_000).await;
    w.end_at(&r1, LAT, LNG).await.ok();
    w.act(&r3, "pause").await.ok();
    let ids = |r: &Reply| -> Vec<String> {
        r.ok()
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = w.call(Method::GET, "/rides", None).await;
    assert_eq!(all.body["pagination"]["total"], json!(3));
    assert_eq!(
        ids(&w.call(Method::GET, "/rides?status=ended", None).await),
        vec![r1.clone()]
    );
    assert_eq!(
        ids(&w.call(Method::GET, "/rides?status=paused", None).await),
        vec![r3.clone()]
    );
    assert_eq!(
        ids(&w
            .call(Method::GET, &format!("/rides?customer_id={c1}"), None)
            .await),
        vec![r1.clone()]
    );
    assert_eq!(
        ids(&w
            .call(Method::GET, &format!("/rides?vehicle_id={v1}"), None)
            .await),
        vec![r1.clone()]
    );
    let future = "2999-01-01T00:00:00Z";
    assert_eq!(
        ids(&w
            .call(Method::GET, &format!("/rides?started_after={future}"), None)
            .await)
        .len(),
        0
    );
    assert_eq!(
        ids(&w
            .call(
                Method::GET,
                &format!("/rides?started_before={future}"),
                None
            )
            .await)
        .len(),
        3
    );
    for (query, field) in [
        ("status=done", "status"),
        ("customer_id=x", "customer_id"),
        ("started_after=yesterday", "started_after"),
        ("limit=0", "limit"),
        ("cursor=garbage", "cursor"),
    ] {
        let r = w.call(Method::GET, &format!("/rides?{query}"), None).await;
        assert_eq!(
            r.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
            json!(field),
            "{query}"
        );
    }
    // Cursor walk, two at a time.
    let first = w.call(Method::GET, "/rides?cursor=&limit=2", None).await;
    let mut seen = ids(&first);
    let next = first.body["pagination"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = w
        .call(Method::GET, &format!("/rides?cursor={next}&limit=2"), None)
        .await;
    seen.extend(ids(&second));
    assert_eq!(second.body["pagination"]["has_next"], json!(false));
    assert_eq!(seen, ids(&all));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rides_are_scoped_and_need_their_permissions() {
    let w = World::new().await;
    let (ride, customer, vehicle) = w.started(5_000).await;
    // Another tenant's key sees nothing of it.
    let other = w.app.create_tenant(Plan::Enterprise).await;
    w.app.create_subaccount(other.id, false).await;
    let (_, foreign) = w.app.create_key(other.id, all_permissions()).await;
    let call = |key: String, method: Method, path: String, body: Option<Value>| {
        let app = &w.app;
        async move {
            let mut req = app
                .request(method, &format!("{BASE}{path}"))
                .header("X-Partner-Api-Key", key);
            if let Some(b) = body {
                req = req.json(&b);
            }
            app.send(req).await
        }
    };
    for (method, path, body) in [
        (Method::GET, format!("/rides/{ride}"), None),
        (Method::POST, format!("/rides/{ride}/pause"), None),
        (Method::POST, format!("/rides/{ride}/resume"), None),
        (
            Method::POST,
            format!("/rides/{ride}/end"),
            Some(json!({"end_latitude": LAT, "end_longitude": LNG})),
        ),
        (
            Method::POST,
            "/rides".to_owned(),
            Some(json!({"customer_id": customer, "vehicle_id": vehicle})),
        ),
    ] {
        call(foreign.clone(), method, path, body)
            .await
            .error(404, "NOT_FOUND");
    }
    let list = call(foreign.clone(), Method::GET, "/rides".into(), None).await;
    assert_eq!(list.ok().as_array().unwrap().len(), 0);

    // Each endpoint needs its permission.
    let mut no_read = PermissionSet::all();
    no_read.remove(fleet_domain::Permission::RidesRead);
    let mut no_write = PermissionSet::all();
    no_write.remove(fleet_domain::Permission::RidesWrite);
    let (_, no_read) = w
        .app
        .create_key(
            w.tenant.id,
            NewKey {
                permissions: Some(no_read),
                ..live_key()
            },
        )
        .await;
    let (_, no_write) = w
        .app
        .create_key(
            w.tenant.id,
            NewKey {
                permissions: Some(no_write),
                ..live_key()
            },
        )
        .await;
    for path in ["/rides".to_owned(), format!("/rides/{ride}")] {
        let r = call(no_read.clone(), Method::GET, path, None).await;
        assert_eq!(
            r.forbidden("missing_permission")["details"]["required"],
            json!("rides:read")
        );
    }
    for (path, body) in [
        (
            "/rides".to_owned(),
            Some(json!({"customer_id": customer, "vehicle_id": vehicle})),
        ),
        (format!("/rides/{ride}/pause"), None),
        (format!("/rides/{ride}/resume"), None),
        (
            format!("/rides/{ride}/end"),
            Some(json!({"end_latitude": LAT, "end_longitude": LNG})),
        ),
    ] {
        let r = call(no_write.clone(), Method::POST, path, body).await;
        assert_eq!(
            r.forbidden("missing_permission")["details"]["required"],
            json!("rides:write")
        );
    }
    let r = w.call(Method::GET, &format!("/rides/{ride}"), None).await;
    assert_eq!(
        r.ok()["status"],
        json!("active"),
        "nothing changed the ride"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distance_comes_from_the_telematics_track_when_there_is_one() {
    let w = World::new().await;
    let (ride, _, vehicle) = w.started(5_000).await;
    w.age(&ride, 600).await;
    // Three archived positions during the ride, 0.01° of latitude apart (≈ 1 112 m each).
    let now = time::OffsetDateTime::now_utc();
    let pings: Vec<Value> = (0..3)
        .map(|i| {
            let ts = now - time::Duration::seconds(540 - 60 * i);
            json!({
                "vehicle_id": vehicle,
                "ts": ts.format(&time::format_description::well_known::Rfc3339).unwrap(),
                "lat": LAT + 0.01 * i as f64,
                "lng": LNG,
                "battery_percent": 80,
            })
        })
        .collect();
    let r = w
        .call(
            Method::POST,
            "/telematics/pings",
            Some(json!({"pings": pings})),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.body["data"]["accepted"], json!(3), "{}", r.text);
    // The straight line start → end would be ≈ 0.68 km; the track is ≈ 2.22 km.
    let data = w.end_at(&ride, LAT, LNG + 0.01).await;
    let data = data.ok();
    assert_eq!(data["distance_km"], json!(2.22), "{data}");
    assert_eq!(data["pricing"]["distance_cents"], json!(67), "{data}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_track_distance_is_the_great_circle_start_to_end() {
    let w = World::new().await;
    let (ride, _, _) = w.started(5_000).await;
    let data = w.end_at(&ride, LAT, LNG + 0.01).await;
    let data = data.ok();
    assert_eq!(data["distance_km"], json!(0.68), "{data}");
}
