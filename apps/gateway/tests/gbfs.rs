//! The public GBFS 3.0 feed over HTTP (SPEC §13): every file validates against the official
//! schemas on the demo data and on an empty subaccount; the feed equals the API's state and
//! rotates vehicle ids after a rental; disabled / wrong / rotated tokens and sandbox
//! subaccounts answer 404; ETag, Last-Modified, Cache-Control, 304 and gzip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_common;
mod common;

use std::collections::BTreeSet;
use std::path::Path;

use reqwest::Method;
use serde_json::{json, Value};

use admin_common::{admin, signed_in};
use common::{all_permissions, TestApp};
use feeds::gbfs::{vehicle_ids::public_vehicle_id, FeedFile};
use fleet_domain::{Plan, Subaccount, Tenant};
use keys::operators::Role;

const BASE: &str = "/api/partner/v1";
const LAT: f64 = 52.52;
const LNG: f64 = 13.405;

fn validate(file: FeedFile, body: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../crates/feeds/tests/gbfs-json-schema/v3.0")
        .join(format!("{}.json", file.name()));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", file.name());
}

async fn fetch(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

/// Fetches and validates all nine files; returns them by name.
async fn all_valid(app: &TestApp, token: &str) -> std::collections::HashMap<&'static str, Value> {
    let mut out = std::collections::HashMap::new();
    for file in FeedFile::ALL {
        let (status, body) = fetch(app, &format!("/gbfs/{token}/{}.json", file.name())).await;
        assert_eq!(status, 200, "{}: {body}", file.name());
        assert_eq!(body["version"], json!("3.0"));
        assert_eq!(body["ttl"], json!(file.ttl()));
        validate(file, &body);
        out.insert(file.name(), body);
    }
    out
}

async fn enable(app: &TestApp, token: &str, sub: &Subaccount) -> reqwest::StatusCode {
    let reply = admin(
        app,
        token,
        Method::PATCH,
        &format!("/subaccounts/{}/gbfs", sub.id),
        Some(
            json!({"enabled": true, "feed_contact_email": "opendata@example.com",
                    "rental_uris": {"web": "https://ride.example.com/v/{vehicle_id}"}}),
        ),
    )
    .await;
    reply.status
}

async fn feed_token(app: &TestApp, session: &str, sub: &Subaccount) -> String {
    let reply = admin(
        app,
        session,
        Method::GET,
        &format!("/subaccounts/{}/gbfs", sub.id),
        None,
    )
    .await;
    let url = reply.ok()["url"].as_str().unwrap().to_owned();
    url.split("/gbfs/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_file_validates_on_the_demo_data() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn().await;
    let demo = gateway::demo::seed(&mut conn).await.unwrap();
    let token = gateway::demo::enable_feed(&mut conn, demo.tenant.id)
        .await
        .unwrap();
    drop(conn);
    let files = all_valid(&app, &token).await;
    let vehicles = files["vehicle_status"]["data"]["vehicles"]
        .as_array()
        .unwrap();
    assert!(vehicles.len() > 10, "the demo city publishes its vehicles");
    let zones = files["geofencing_zones"]["data"]["geofencing_zones"]["features"]
        .as_array()
        .unwrap();
    assert!(!zones.is_empty());
    assert!(!files["system_pricing_plans"]["data"]["plans"]
        .as_array()
        .unwrap()
        .is_empty());
}

struct World {
    app: TestApp,
    tenant: Tenant,
    sub: Subaccount,
    key: String,
    session: String,
}

/// `GET url` with one (conditional) request header.
async fn conditional_get(app: &TestApp, url: &str, name: &str, value: &str) -> reqwest::Response {
    app.client
        .get(url)
        .header(name, value)
        .send()
        .await
        .unwrap()
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let tenant = app.create_tenant(Plan::Enterprise).await;
        let sub = app.create_subaccount(tenant.id, false).await;
        let (_, key) = app.create_key(tenant.id, all_permissions()).await;
        let (_, session) = signed_in(&app, tenant.id, Role::Admin).await;
        Self {
            app,
            tenant,
            sub,
            key,
            session,
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .app
            .request(method, &format!("{BASE}{path}"))
            .header("X-Partner-Api-Key", &self.key)
            .header("X-Subaccount-Id", self.sub.id.to_string());
        if let Some(body) = body {
            req = req.json(&body);
        }
        let reply = self.app.send(req).await;
        assert!(reply.status.is_success(), "{path}: {}", reply.text);
        reply.body["data"].clone()
    }

    async fn vehicle(&self, battery: i64) -> Value {
        self.call(
            Method::POST,
            "/vehicles",
            Some(json!({"type": "scooter", "battery_percent": battery, "latitude": LAT, "longitude": LNG})),
        )
        .await
    }

    async fn secret(&self) -> Vec<u8> {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = self.app.conn().await;
        db::schema::gbfs_feeds::table
            .filter(db::schema::gbfs_feeds::subaccount_id.eq(self.sub.id))
            .select(db::schema::gbfs_feeds::id_secret)
            .first::<Vec<u8>>(&mut conn)
            .await
            .unwrap()
    }

    /// The public id the feed should give this vehicle (as the API shows it now).
    async fn public_id(&self, vehicle: &Value) -> String {
        let id: uuid::Uuid = vehicle["id"].as_str().unwrap().parse().unwrap();
        let at = time::OffsetDateTime::parse(
            vehicle["updated_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        public_vehicle_id(&self.secret().await, id, at)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_subaccount_and_a_multipolygon_validate() {
    let w = World::new().await;
    assert_eq!(enable(&w.app, &w.session, &w.sub).await, 200);
    let token = feed_token(&w.app, &w.session, &w.sub).await;
    let files = all_valid(&w.app, &token).await;
    assert_eq!(files["vehicle_status"]["data"]["vehicles"], json!([]));
    assert_eq!(files["system_pricing_plans"]["data"]["plans"], json!([]));
    assert_eq!(files["vehicle_types"]["data"]["vehicle_types"], json!([]));
    assert_eq!(
        files["system_information"]["data"]["timezone"],
        json!("Europe/Berlin")
    );
    let ring = |lng: f64, lat: f64| {
        json!([
            [lng, lat],
            [lng + 0.01, lat],
            [lng + 0.01, lat + 0.01],
            [lng, lat + 0.01],
            [lng, lat]
        ])
    };
    w.call(
        Method::POST,
        "/zones",
        Some(json!({"name": "Two parks", "type": "no_parking",
                    "geometry": {"type": "MultiPolygon", "coordinates": [[ring(13.4, 52.5)], [ring(13.5, 52.6)]]}})),
    )
    .await;
    w.app.state().feed_cache.clear();
    let files = all_valid(&w.app, &token).await;
    let features = &files["geofencing_zones"]["data"]["geofencing_zones"]["features"];
    assert_eq!(
        features[0]["geometry"]["coordinates"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        features[0]["properties"]["rules"][0]["ride_end_allowed"],
        json!(false)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feed_equals_the_api_and_ids_rotate_after_a_rental() {
    let w = World::new().await;
    w.call(
        Method::POST,
        "/pricing",
        Some(
            json!({"vehicle_type": "scooter", "name": "Scooters", "unlock_cents": 0,
                    "per_minute_cents": 10, "pause_per_minute_cents": 0, "per_km_cents": 0}),
        ),
    )
    .await;
    w.call(
        Method::POST,
        "/zones",
        Some(json!({"name": "City", "type": "operating_area", "geometry": {"type": "Polygon",
            "coordinates": [[[13.3, 52.4], [13.5, 52.4], [13.5, 52.6], [13.3, 52.6], [13.3, 52.4]]]}})),
    )
    .await;
    let mut ids = Vec::new();
    for battery in [90, 80, 70, 5] {
        ids.push(w.vehicle(battery).await["id"].clone());
    }
    // One in maintenance: not in the feed.
    w.call(
        Method::PATCH,
        &format!("/vehicles/{}", ids[2].as_str().unwrap()),
        Some(json!({"status": "maintenance"})),
    )
    .await;
    assert_eq!(enable(&w.app, &w.session, &w.sub).await, 200);
    let token = feed_token(&w.app, &w.session, &w.sub).await;

    let feed_available = |files: &std::collections::HashMap<&str, Value>| -> BTreeSet<String> {
        files["vehicle_status"]["data"]["vehicles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["is_reserved"] == json!(false) && v["is_disabled"] == json!(false))
            .map(|v| v["vehicle_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let api_available = async || -> BTreeSet<String> {
        let list = w
            .call(Method::GET, "/vehicles?status=available", None)
            .await;
        let mut set = BTreeSet::new();
        for v in list.as_array().unwrap() {
            if v["battery_percent"].as_i64().unwrap() >= 15 {
                set.insert(w.public_id(v).await);
            }
        }
        set
    };
    let files = all_valid(&w.app, &token).await;
    let before = feed_available(&files);
    assert_eq!(before.len(), 2);
    assert_eq!(before, api_available().await);
    // Low battery: listed, disabled. Maintenance: not listed.
    assert_eq!(
        files["vehicle_status"]["data"]["vehicles"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // Never the real id or number.
    for v in files["vehicle_status"]["data"]["vehicles"]
        .as_array()
        .unwrap()
    {
        let public = v["vehicle_id"].as_str().unwrap();
        assert!(!ids
            .iter()
            .any(|id| id.as_str().unwrap().replace('-', "").contains(public)));
        assert!(!public.starts_with('V'));
    }
    // Zones and plans equal the API's.
    let zones = w.call(Method::GET, "/zones", None).await;
    let feed_zones = &files["geofencing_zones"]["data"]["geofencing_zones"]["features"];
    assert_eq!(
        feed_zones.as_array().unwrap().len(),
        zones.as_array().unwrap().len()
    );
    assert_eq!(
        feed_zones[0]["properties"]["name"][0]["text"],
        zones[0]["name"]
    );
    let plans = w.call(Method::GET, "/pricing", None).await;
    assert_eq!(
        files["system_pricing_plans"]["data"]["plans"][0]["plan_id"],
        plans[0]["id"]
    );

    // A rental: the vehicle leaves the feed and comes back with a new id.
    let vehicle = ids[0].as_str().unwrap().to_owned();
    let old_id = w
        .public_id(
            &w.call(Method::GET, &format!("/vehicles/{vehicle}"), None)
                .await,
        )
        .await;
    assert!(before.contains(&old_id));
    let email = format!("r-{}@example.com", uuid::Uuid::now_v7().simple());
    let customer = w
        .call(Method::POST, "/customers", Some(json!({"email": email})))
        .await;
    let cid = customer["id"].as_str().unwrap();
    w.call(
        Method::POST,
        &format!("/customers/{cid}/wallet"),
        Some(json!({"action": "credit", "amount_cents": 1000})),
    )
    .await;
    let ride = w
        .call(
            Method::POST,
            "/rides",
            Some(json!({"customer_id": cid, "vehicle_id": vehicle})),
        )
        .await;
    w.app.state().feed_cache.clear();
    let during = feed_available(&all_valid(&w.app, &token).await);
    assert_eq!(during.len(), 1);
    assert!(!during.contains(&old_id));
    w.call(
        Method::POST,
        &format!("/rides/{}/end", ride["id"].as_str().unwrap()),
        Some(json!({"end_latitude": LAT, "end_longitude": LNG})),
    )
    .await;
    w.app.state().feed_cache.clear();
    let after = feed_available(&all_valid(&w.app, &token).await);
    assert_eq!(after.len(), 2);
    assert!(!after.contains(&old_id), "the id rotated after the rental");
    let new_id = w
        .public_id(
            &w.call(Method::GET, &format!("/vehicles/{vehicle}"), None)
                .await,
        )
        .await;
    assert!(after.contains(&new_id));
    assert_eq!(after, api_available().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_enabled_live_feed_with_its_current_token_is_public() {
    let w = World::new().await;
    let path = |t: &str| format!("/gbfs/{t}/gbfs.json");
    // Configured but off.
    let reply = admin(
        &w.app,
        &w.session,
        Method::PATCH,
        &format!("/subaccounts/{}/gbfs", w.sub.id),
        Some(json!({"feed_contact_email": "opendata@example.com"})),
    )
    .await;
    assert_eq!(reply.ok()["enabled"], json!(false));
    let token = feed_token(&w.app, &w.session, &w.sub).await;
    assert_eq!(fetch(&w.app, &path(&token)).await.0, 404);
    assert_eq!(enable(&w.app, &w.session, &w.sub).await, 200);
    assert_eq!(fetch(&w.app, &path(&token)).await.0, 200);
    // Wrong token, unknown file.
    assert_eq!(fetch(&w.app, &path(&"x".repeat(32))).await.0, 404);
    assert_eq!(
        fetch(&w.app, &format!("/gbfs/{token}/station_status.json"))
            .await
            .0,
        404
    );
    // Rotation: old 404, new 200.
    let reply = admin(
        &w.app,
        &w.session,
        Method::POST,
        &format!("/subaccounts/{}/gbfs/rotate-token", w.sub.id),
        None,
    )
    .await;
    reply.ok();
    let rotated = feed_token(&w.app, &w.session, &w.sub).await;
    assert_ne!(rotated, token);
    assert_eq!(fetch(&w.app, &path(&token)).await.0, 404);
    assert_eq!(fetch(&w.app, &path(&rotated)).await.0, 200);
    // Disabled again: 404.
    admin(
        &w.app,
        &w.session,
        Method::PATCH,
        &format!("/subaccounts/{}/gbfs", w.sub.id),
        Some(json!({"enabled": false})),
    )
    .await
    .ok();
    assert_eq!(fetch(&w.app, &path(&rotated)).await.0, 404);

    // A sandbox subaccount cannot enable, and a forced row is still never served.
    let sandbox = w.app.create_subaccount(w.tenant.id, true).await;
    let reply = admin(
        &w.app,
        &w.session,
        Method::PATCH,
        &format!("/subaccounts/{}/gbfs", sandbox.id),
        Some(json!({"enabled": true, "feed_contact_email": "opendata@example.com"})),
    )
    .await;
    let err = reply.error(400, "VALIDATION_ERROR");
    assert_eq!(err["details"]["fields"][0]["field"], json!("enabled"));
    admin(
        &w.app,
        &w.session,
        Method::PATCH,
        &format!("/subaccounts/{}/gbfs", sandbox.id),
        Some(json!({"feed_contact_email": "opendata@example.com"})),
    )
    .await
    .ok();
    let sandbox_token = feed_token(&w.app, &w.session, &sandbox).await;
    {
        use diesel_async::RunQueryDsl;
        let mut conn = w.app.conn().await;
        diesel::sql_query("UPDATE gbfs_feeds SET enabled = true WHERE subaccount_id = $1")
            .bind::<diesel::sql_types::Uuid, _>(sandbox.id.0)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    assert_eq!(fetch(&w.app, &path(&sandbox_token)).await.0, 404);
    // Another tenant's operator cannot see or change the feed.
    let other = w.app.create_tenant(Plan::Trial).await;
    let (_, stranger) = signed_in(&w.app, other.id, Role::Admin).await;
    let reply = admin(
        &w.app,
        &stranger,
        Method::GET,
        &format!("/subaccounts/{}/gbfs", w.sub.id),
        None,
    )
    .await;
    reply.error(404, "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_caching_and_gzip() {
    let w = World::new().await;
    for battery in [90, 80] {
        w.vehicle(battery).await;
    }
    assert_eq!(enable(&w.app, &w.session, &w.sub).await, 200);
    let token = feed_token(&w.app, &w.session, &w.sub).await;
    let url = w.app.url(&format!("/gbfs/{token}/vehicle_status.json"));
    let res = w.app.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let etag = h["etag"].to_str().unwrap().to_owned();
    let modified = h["last-modified"].to_str().unwrap().to_owned();
    assert_eq!(h["cache-control"].to_str().unwrap(), "public, max-age=30");
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    let body: Value = res.json().await.unwrap();
    // last_updated and Last-Modified name the same second.
    let at = time::OffsetDateTime::parse(
        body["last_updated"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let http = httpdate(&modified);
    assert_eq!(at.unix_timestamp(), http);

    let res = conditional_get(&w.app, &url, "If-None-Match", &etag).await;
    assert_eq!(res.status(), 304);
    assert_eq!(res.headers()["etag"].to_str().unwrap(), etag);
    let res = conditional_get(&w.app, &url, "If-Modified-Since", &modified).await;
    assert_eq!(res.status(), 304);
    let res = conditional_get(&w.app, &url, "If-None-Match", "\"other\"").await;
    assert_eq!(res.status(), 200);
    // Rebuilt with unchanged data: same ETag, still 304.
    w.app.state().feed_cache.clear();
    let res = conditional_get(&w.app, &url, "If-None-Match", &etag).await;
    // (A cleared cache rebuilds; the body differs only if last_updated moved to a new second.)
    assert!(res.status() == 304 || res.status() == 200);
    // A change: a new ETag.
    w.vehicle(70).await;
    w.app.state().feed_cache.clear();
    let res = w.app.client.get(&url).send().await.unwrap();
    assert_ne!(res.headers()["etag"].to_str().unwrap(), etag);

    let res = conditional_get(&w.app, &url, "Accept-Encoding", "gzip").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"].to_str().unwrap(), "gzip");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "a gzip stream");
}

/// Seconds since the epoch of an IMF-fixdate (`Thu, 04 Dec 2026 13:00:00 GMT`).
fn httpdate(s: &str) -> i64 {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(s, &format)
        .unwrap()
        .assume_utc()
        .unix_timestamp()
}
