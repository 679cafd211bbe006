//! Telematics over the full HTTP stack (SPEC §10): ping validation and partial acceptance,
//! camelCase aliases, out-of-order safety, down-sampling, derived events (battery hysteresis,
//! the 50 m rule), the live stream across two instances through Redis, scope filtering,
//! tenant isolation, the track and the domain helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use reqwest::Method;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

use common::{live_key, subaccount_key, Reply, TestApp};
use db::RunQueryDsl;
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{KeyMode, Permission, PermissionSet, Scope, SubaccountId, TenantId};
use keys::NewKey;

const PINGS: &str = "/api/partner/v1/telematics/pings";
const STREAM: &str = "/api/partner/v1/telematics/stream";
const REDIS: &str = "redis://127.0.0.1:6379";

// ---- helpers --------------------------------------------------------------------------------

/// A global live key with every permission.
fn all_key() -> NewKey {
    NewKey {
        permissions: Some(PermissionSet::all()),
        ..live_key()
    }
}

struct World {
    tenant: TenantId,
    subaccount: SubaccountId,
    key: String,
}

async fn world(app: &TestApp) -> World {
    let tenant = app.create_tenant(fleet_domain::Plan::Enterprise).await;
    let subaccount = app.create_subaccount(tenant.id, false).await;
    let (_, key) = app.create_key(tenant.id, all_key()).await;
    World {
        tenant: tenant.id,
        subaccount: subaccount.id,
        key,
    }
}

/// Inserts a vehicle with plain SQL (the vehicles service is another issue's).
async fn vehicle(
    app: &TestApp,
    tenant: TenantId,
    subaccount: SubaccountId,
    position: Option<(f64, f64)>,
    device: Option<&str>,
) -> Uuid {
    let id = Uuid::now_v7();
    let mut conn = app.conn().await;
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type, status, \
           battery_percent, latitude, longitude, device_id) \
         VALUES ($1, $2, $3, $4, 'scooter', 'available', 80, $5, $6, $7)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .bind::<Text, _>(format!("T{}", &id.simple().to_string()[24..]))
    .bind::<Nullable<Double>, _>(position.map(|p| p.0))
    .bind::<Nullable<Double>, _>(position.map(|p| p.1))
    .bind::<Nullable<Text>, _>(device)
    .execute(&mut conn)
    .await
    .unwrap();
    id
}

async fn post(app: &TestApp, key: &str, body: &Value) -> Reply {
    app.send(
        app.request(Method::POST, PINGS)
            .header("X-Partner-Api-Key", key)
            .json(body),
    )
    .await
}

/// A 202 ingest answer: (accepted, rejected).
fn accepted(reply: &Reply) -> (u64, Vec<Value>) {
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.text);
    reply.assert_meta();
    let data = &reply.body["data"];
    (
        data["accepted"].as_u64().expect("accepted"),
        data["rejected"].as_array().expect("rejected").clone(),
    )
}

fn rfc(ts: OffsetDateTime) -> String {
    ts.format(&Rfc3339).unwrap()
}

fn ping(vehicle: Uuid, ts: OffsetDateTime, lat: f64, lng: f64) -> Value {
    json!({"vehicle_id": vehicle, "ts": rfc(ts), "lat": lat, "lng": lng})
}

/// A time safely in the past aligned to a 10-second boundary (a slot boundary for 5 and 2 s).
fn aligned_past() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let base = (now - 3_600).div_euclid(10) * 10;
    OffsetDateTime::from_unix_timestamp(base).unwrap()
}

#[derive(Debug, diesel::QueryableByName)]
struct Pos {
    #[diesel(sql_type = Nullable<Double>)]
    latitude: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    longitude: Option<f64>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Integer>)]
    battery_percent: Option<i32>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_seen_at: Option<OffsetDateTime>,
}

async fn position(app: &TestApp, id: Uuid) -> Pos {
    let mut conn = app.conn().await;
    diesel::sql_query(
        "SELECT latitude, longitude, battery_percent, last_seen_at FROM vehicles WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .get_result(&mut conn)
    .await
    .unwrap()
}

#[derive(Debug, diesel::QueryableByName)]
struct Archived {
    #[diesel(sql_type = Timestamptz)]
    ts: OffsetDateTime,
    #[diesel(sql_type = Nullable<diesel::sql_types::Array<Text>>)]
    events: Option<Vec<String>>,
}

async fn archived(app: &TestApp, id: Uuid) -> Vec<Archived> {
    let mut conn = app.conn().await;
    diesel::sql_query("SELECT ts, events FROM telematics_pings WHERE vehicle_id = $1 ORDER BY ts, events NULLS FIRST")
        .bind::<SqlUuid, _>(id)
        .load(&mut conn)
        .await
        .unwrap()
}

#[derive(Debug, diesel::QueryableByName)]
struct EventRow {
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    data: Value,
}

/// The outbox rows about `vehicle`, in the order they were written.
async fn events_of(app: &TestApp, vehicle: Uuid) -> Vec<EventRow> {
    let mut conn = app.conn().await;
    diesel::sql_query(
        "SELECT event_type, data FROM events WHERE data->>'vehicle_id' = $1 ORDER BY id",
    )
    .bind::<Text, _>(vehicle.to_string())
    .load(&mut conn)
    .await
    .unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut conn = app.conn().await;
    diesel::sql_query(sql)
        .get_result::<N>(&mut conn)
        .await
        .unwrap()
        .n
}

/// Metres north of `lat` as degrees of latitude (haversine-exact enough for metres).
fn north(lat: f64, metres: f64) -> f64 {
    lat + metres / 111_195.08
}

// ---- validation ---------------------------------------------------------------------------

#[tokio::test]
async fn validation_table_rejects_each_bad_ping_by_field_and_code() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, Some("dev-1")).await;
    let now = OffsetDateTime::now_utc();
    let ts = rfc(now - time::Duration::seconds(10));
    let ok = json!({"vehicle_id": v, "ts": ts, "lat": 52.5, "lng": 13.4});
    let with = |k: &str, val: Value| {
        let mut p = ok.clone();
        p[k] = val;
        p
    };
    let without = |k: &str| {
        let mut p = ok.clone();
        p.as_object_mut().unwrap().remove(k);
        p
    };
    let cases: Vec<(Value, &str, Option<&str>)> = vec![
        (with("lat", json!(90.5)), "out_of_range", Some("lat")),
        (with("lat", json!(-91)), "out_of_range", Some("lat")),
        (with("lng", json!(180.01)), "out_of_range", Some("lng")),
        (with("lng", json!(-181)), "out_of_range", Some("lng")),
        (
            with("speed_kph", json!(-1)),
            "out_of_range",
            Some("speed_kph"),
        ),
        (
            with("heading_deg", json!(360.5)),
            "out_of_range",
            Some("heading_deg"),
        ),
        (
            with("heading_deg", json!(-0.1)),
            "out_of_range",
            Some("heading_deg"),
        ),
        (
            with("battery_percent", json!(101)),
            "out_of_range",
            Some("battery_percent"),
        ),
        (
            with("battery_percent", json!(-1)),
            "out_of_range",
            Some("battery_percent"),
        ),
        (
            with("accuracy_m", json!(-3)),
            "out_of_range",
            Some("accuracy_m"),
        ),
        (
            with("ts", json!(rfc(now + time::Duration::minutes(6)))),
            "future_timestamp",
            Some("ts"),
        ),
        (with("ts", json!("yesterday")), "invalid_ping", Some("ts")),
        (with("ts", json!(12)), "invalid_ping", Some("ts")),
        (with("lat", json!("52.5")), "invalid_ping", None),
        (
            with("vehicle_id", json!("not-a-uuid")),
            "invalid_ping",
            Some("vehicle_id"),
        ),
        (
            with("vehicle_id", json!(Uuid::now_v7())),
            "vehicle_not_found",
            Some("vehicle_id"),
        ),
        (
            with("events", json!(["Harsh Brake"])),
            "invalid_ping",
            Some("events"),
        ),
        (
            with("tenant_id", json!(Uuid::now_v7())),
            "tenant_mismatch",
            Some("tenant_id"),
        ),
        (without("ts"), "missing_field", Some("ts")),
        (without("lat"), "missing_field", Some("lat")),
        (without("lng"), "missing_field", Some("lng")),
        (without("vehicle_id"), "missing_field", Some("vehicle_id")),
        (
            json!({"device_id": "no such device", "ts": ts, "lat": 1, "lng": 1}),
            "invalid_ping",
            Some("device_id"),
        ),
        (
            json!({"device_id": "dev-2", "ts": ts, "lat": 1, "lng": 1}),
            "vehicle_not_found",
            Some("device_id"),
        ),
        (
            json!({"vehicle_id": Uuid::now_v7(), "device_id": "dev-1", "ts": ts, "lat": 1, "lng": 1}),
            "vehicle_not_found",
            Some("vehicle_id"),
        ),
        (json!(7), "invalid_ping", None),
    ];
    // All in one batch (index = position) and each on its own (index 0).
    let batch: Vec<Value> = cases.iter().map(|c| c.0.clone()).collect();
    let (n, rejected) = accepted(&post(&app, &w.key, &json!({ "pings": batch })).await);
    assert_eq!(n, 0, "{rejected:?}");
    assert_eq!(rejected.len(), cases.len());
    for (i, (body, code, field)) in cases.iter().enumerate() {
        let r = &rejected[i];
        assert_eq!(r["index"], json!(i), "{r}");
        assert_eq!(r["code"], json!(code), "case {i} {body}: {r}");
        assert_eq!(r["field"].as_str(), *field, "case {i} {body}: {r}");
        assert!(r["message"].as_str().is_some_and(|m| !m.is_empty()));
        if body.is_object() {
            let (n, single) = accepted(&post(&app, &w.key, body).await);
            assert_eq!((n, single.len()), (0, 1), "case {i}");
            assert_eq!(single[0]["index"], json!(0));
            assert_eq!(single[0]["code"], json!(code), "case {i} {body}");
        }
    }
    // The boundaries themselves are fine.
    let edge = json!({"vehicle_id": v, "ts": rfc(now + time::Duration::minutes(4)), "lat": -90,
        "lng": 180, "heading_deg": 360, "speed_kph": 0, "battery_percent": 0,
        "tenant_id": w.tenant, "events": ["harsh_brake"]});
    assert_eq!(accepted(&post(&app, &w.key, &edge).await), (1, vec![]));
    assert!(archived(&app, v).await.len() == 1);

    // Whole-body errors: 400 naming the field, 415, 413.
    for (body, field) in [
        (json!({"pings": []}), "pings"),
        (json!({"pings": "x"}), "pings"),
        (json!([ok]), "body"),
        (json!({"pings": vec![ok.clone(); 1001]}), "pings"),
    ] {
        let r = post(&app, &w.key, &body).await;
        let err = r.error(400, "VALIDATION_ERROR");
        assert_eq!(
            err["details"]["fields"][0]["field"],
            json!(field),
            "{}",
            r.text
        );
    }
    let r = app
        .send(
            app.request(Method::POST, PINGS)
                .header("X-Partner-Api-Key", &w.key)
                .body(ok.to_string()),
        )
        .await;
    r.error(415, "UNSUPPORTED_MEDIA_TYPE");
    // The pings route takes 5 MiB (the default limit is 1 MiB) and not more.
    let padded = |bytes: usize| {
        let mut s = String::from("{\"pings\": [");
        s.push_str(&ok.to_string());
        s.push_str("], \"padding\": \"");
        s.push_str(&"x".repeat(bytes));
        s.push_str("\"}");
        s
    };
    let big = app
        .send(
            app.request(Method::POST, PINGS)
                .header("X-Partner-Api-Key", &w.key)
                .header("Content-Type", "application/json")
                .body(padded(3 * 1024 * 1024)),
        )
        .await;
    assert_eq!(accepted(&big).0, 1);
    let huge = app
        .send(
            app.request(Method::POST, PINGS)
                .header("X-Partner-Api-Key", &w.key)
                .header("Content-Type", "application/json")
                .body(padded(5 * 1024 * 1024)),
        )
        .await;
    huge.error(413, "PAYLOAD_TOO_LARGE");

    // Permissions: telematics:write to ingest.
    let (_, reader) = app
        .create_key(
            w.tenant,
            NewKey {
                permissions: Some([Permission::TelematicsRead].into_iter().collect()),
                ..live_key()
            },
        )
        .await;
    post(&app, &reader, &ok)
        .await
        .forbidden("missing_permission");
}

#[tokio::test]
async fn a_mixed_batch_stores_the_good_pings_and_reports_the_rest_by_index() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let t0 = aligned_past();
    let at = |s: i64| t0 + time::Duration::seconds(s);
    let body = json!({"pings": [
        ping(v, at(0), 52.50, 13.40),
        {"vehicle_id": v, "ts": rfc(at(5)), "lat": 95.0, "lng": 13.4},
        ping(v, at(10), 52.51, 13.41),
        {"vehicle_id": v, "lat": 52.5, "lng": 13.4},
        ping(v, at(15), 52.52, 13.42),
    ]});
    let (n, rejected) = accepted(&post(&app, &w.key, &body).await);
    assert_eq!(n, 3);
    let got: Vec<(u64, &str)> = rejected
        .iter()
        .map(|r| (r["index"].as_u64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(got, vec![(1, "out_of_range"), (3, "missing_field")]);
    let rows = archived(&app, v).await;
    assert_eq!(
        rows.iter().map(|r| r.ts).collect::<Vec<_>>(),
        vec![at(0), at(10), at(15)]
    );
    let pos = position(&app, v).await;
    assert_eq!((pos.latitude, pos.longitude), (Some(52.52), Some(13.42)));
    assert_eq!(pos.last_seen_at, Some(at(15)));
    // Counted in /metrics.
    let metrics = app.get("/metrics").await.text;
    assert!(
        metrics.contains("fleetgate_telematics_pings{outcome=\"accepted\"} 3")
            && metrics.contains("fleetgate_telematics_pings{outcome=\"rejected\"} 2"),
        "{metrics}"
    );
}

#[tokio::test]
async fn camel_case_aliases_and_epoch_milliseconds_are_accepted() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, Some("imei:35693803564")).await;
    let t0 = aligned_past();
    let ms = t0.unix_timestamp() * 1000 + 250;
    let body = json!({"deviceId": "imei:35693803564", "tenantId": w.tenant, "ts": ms,
        "lat": 48.1, "lng": 11.5, "speedKph": 21.5, "headingDeg": 90, "accuracyM": 3.5,
        "batteryPercent": 64, "ignition": true, "events": ["harsh_brake"]});
    assert_eq!(accepted(&post(&app, &w.key, &body).await), (1, vec![]));
    let body2 = json!({"vehicleId": v, "ts": rfc(t0 + time::Duration::seconds(7)), "lat": 48.2, "lng": 11.6});
    assert_eq!(accepted(&post(&app, &w.key, &body2).await), (1, vec![]));
    let track = app
        .send(
            app.request(Method::GET, &format!("/api/partner/v1/vehicles/{v}/track"))
                .header("X-Partner-Api-Key", &w.key),
        )
        .await;
    let data = track.ok().as_array().unwrap().clone();
    assert_eq!(data.len(), 2, "{}", track.text);
    let p = &data[0];
    assert_eq!(p["ts"], json!(rfc(t0 + time::Duration::milliseconds(250))));
    assert_eq!(
        (
            p["lat"].clone(),
            p["speed_kph"].clone(),
            p["heading_deg"].clone()
        ),
        (json!(48.1), json!(21.5), json!(90.0))
    );
    assert_eq!(
        (
            p["accuracy_m"].clone(),
            p["battery_percent"].clone(),
            p["ignition"].clone()
        ),
        (json!(3.5), json!(64), json!(true))
    );
    assert_eq!(p["events"], json!(["harsh_brake"]));
    let pos = position(&app, v).await;
    assert_eq!(pos.latitude, Some(48.2));
    assert_eq!(
        pos.battery_percent,
        Some(64),
        "battery kept from the earlier ping"
    );
}

#[tokio::test]
async fn out_of_order_pings_never_move_the_last_position_backwards() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let t0 = aligned_past();
    let at = |s: i64| t0 + time::Duration::seconds(s);
    let newest = json!({"vehicle_id": v, "ts": rfc(at(60)), "lat": 10.0, "lng": 10.0, "battery_percent": 70});
    assert_eq!(accepted(&post(&app, &w.key, &newest).await).0, 1);
    // Older pings, single and in a batch (the batch's own newest is still older).
    let older = json!({"vehicle_id": v, "ts": rfc(at(30)), "lat": 20.0, "lng": 20.0, "battery_percent": 10});
    assert_eq!(accepted(&post(&app, &w.key, &older).await).0, 1);
    let batch = json!({"pings": [ping(v, at(40), 30.0, 30.0), ping(v, at(50), 31.0, 31.0)]});
    assert_eq!(accepted(&post(&app, &w.key, &batch).await).0, 2);
    // Same timestamp as the current one: not newer either.
    let same = json!({"vehicle_id": v, "ts": rfc(at(60)), "lat": 40.0, "lng": 40.0});
    assert_eq!(accepted(&post(&app, &w.key, &same).await).0, 1);
    let pos = position(&app, v).await;
    assert_eq!((pos.latitude, pos.longitude), (Some(10.0), Some(10.0)));
    assert_eq!(
        (pos.battery_percent, pos.last_seen_at),
        (Some(70), Some(at(60)))
    );
    // They are history nonetheless: archived (different slots), but drive no events.
    assert_eq!(archived(&app, v).await.len(), 4);
    let battery_low = events_of(&app, v)
        .await
        .into_iter()
        .filter(|e| e.event_type == "vehicle.battery_low")
        .count();
    assert_eq!(battery_low, 0, "an old ping does not derive events");
    // A newer one moves it again.
    assert_eq!(
        accepted(&post(&app, &w.key, &ping(v, at(61), 11.0, 11.0)).await).0,
        1
    );
    assert_eq!(position(&app, v).await.latitude, Some(11.0));
}

#[tokio::test]
async fn down_sampling_keeps_one_ping_per_slot_plus_every_ping_with_events() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, Some((52.5, 13.4)), None).await;
    let t0 = aligned_past();
    let at = |s: i64| t0 + time::Duration::seconds(s);
    // 1 Hz for 23 s; seconds 3, 8 and 9 carry events. Sent in three batches whose borders
    // fall inside slots (7 and 16), then seconds 0-4 again out of order.
    let stream: Vec<Value> = (0..23)
        .map(|s| {
            let mut p = ping(v, at(s), 52.5, 13.4);
            if [3, 8, 9].contains(&s) {
                p["events"] = json!(["harsh_brake"]);
            }
            p
        })
        .collect();
    for part in [&stream[0..7], &stream[7..16], &stream[16..23]] {
        assert_eq!(
            accepted(&post(&app, &w.key, &json!({ "pings": part })).await).0,
            part.len() as u64
        );
    }
    let replay: Vec<Value> = [4, 2, 1].iter().map(|s| stream[*s].clone()).collect();
    assert_eq!(
        accepted(&post(&app, &w.key, &json!({ "pings": replay })).await).0,
        3
    );
    // Later: a ping in a new slot (40), late ones into empty earlier slots (two in one
    // batch at 31 and 33, one alone at 26, then 27 into the slot 26 just took) and one into
    // the slot 40 took.
    let later = [
        json!([40]),
        json!([33, 31]),
        json!([26]),
        json!([27]),
        json!([41]),
    ];
    for seconds in later {
        let part: Vec<Value> = seconds
            .as_array()
            .unwrap()
            .iter()
            .map(|s| ping(v, at(s.as_i64().unwrap()), 52.5, 13.4))
            .collect();
        let n = part.len() as u64;
        assert_eq!(
            accepted(&post(&app, &w.key, &json!({ "pings": part })).await).0,
            n
        );
    }
    let rows = archived(&app, v).await;
    let got: Vec<(i64, bool)> = rows
        .iter()
        .map(|r| ((r.ts - t0).whole_seconds(), r.events.is_some()))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, false),
            (3, true),
            (5, false),
            (8, true),
            (9, true),
            (10, false),
            (15, false),
            (20, false),
            (26, false),
            (31, false),
            (40, false)
        ]
    );
}

#[tokio::test]
async fn the_archive_interval_is_configurable() {
    let app = TestApp::spawn_with(|c| c.telematics.ingest.archive_interval_s = 2).await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let t0 = aligned_past();
    let pings: Vec<Value> = (0..10)
        .map(|s| ping(v, t0 + time::Duration::seconds(s), 1.0, 1.0))
        .collect();
    accepted(&post(&app, &w.key, &json!({ "pings": pings })).await);
    assert_eq!(archived(&app, v).await.len(), 5);
}

// ---- derived events -----------------------------------------------------------------------

#[tokio::test]
async fn battery_low_fires_once_per_crossing_with_hysteresis() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, Some((52.5, 13.4)), None).await;
    let t0 = aligned_past();
    let readings = [50, 30, 19, 15, 22, 19, 25, 26, 18, 18, 40];
    // The first half as one batch, the rest as single pings (micro-batched).
    let mk = |i: usize| {
        json!({"vehicle_id": v, "ts": rfc(t0 + time::Duration::seconds(i as i64)),
            "lat": 52.5, "lng": 13.4, "battery_percent": readings[i]})
    };
    let first: Vec<Value> = (0..5).map(mk).collect();
    accepted(&post(&app, &w.key, &json!({ "pings": first })).await);
    for i in 5..readings.len() {
        assert_eq!(accepted(&post(&app, &w.key, &mk(i)).await).0, 1);
    }
    let events = events_of(&app, v).await;
    let low: Vec<&EventRow> = events
        .iter()
        .filter(|e| e.event_type == "vehicle.battery_low")
        .collect();
    assert_eq!(low.len(), 2, "{events:?}");
    assert_eq!(low[0].data["battery_percent"], json!(19));
    assert_eq!(
        low[0].data["recorded_at"],
        json!(rfc(t0 + time::Duration::seconds(2)))
    );
    assert_eq!(low[1].data["battery_percent"], json!(18));
    assert_eq!(
        low[1].data["recorded_at"],
        json!(rfc(t0 + time::Duration::seconds(8)))
    );
    assert_eq!(low[0].data["threshold_percent"], json!(20));
    assert_eq!(low[0].data["vehicle_id"], json!(v));
    assert_eq!(low[0].data["subaccount_id"], json!(w.subaccount));
    // Standing still: no location events at all.
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(position(&app, v).await.battery_percent, Some(40));

    // The threshold is the subaccount's.
    let mut conn = app.conn().await;
    diesel::sql_query("UPDATE subaccounts SET battery_low_threshold_percent = 50 WHERE id = $1")
        .bind::<SqlUuid, _>(w.subaccount.0)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let v2 = vehicle(&app, w.tenant, w.subaccount, Some((52.5, 13.4)), None).await;
    let p =
        json!({"vehicle_id": v2, "ts": rfc(t0), "lat": 52.5, "lng": 13.4, "battery_percent": 45});
    accepted(&post(&app, &w.key, &p).await);
    let e = events_of(&app, v2).await;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].data["threshold_percent"], json!(50));
}

#[tokio::test]
async fn location_updated_fires_after_each_50_metres() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let (lat0, lng0) = (52.5, 13.4);
    let v = vehicle(&app, w.tenant, w.subaccount, Some((lat0, lng0)), None).await;
    let t0 = aligned_past();
    // Every 20 m north for 200 m: events at 60, 120 and 180 m.
    let pings: Vec<Value> = (1..=10)
        .map(|k| {
            ping(
                v,
                t0 + time::Duration::seconds(k),
                north(lat0, 20.0 * k as f64),
                lng0,
            )
        })
        .collect();
    accepted(&post(&app, &w.key, &json!({"pings": pings[..4]})).await);
    for p in &pings[4..] {
        accepted(&post(&app, &w.key, p).await);
    }
    // An old ping far away derives nothing.
    accepted(&post(&app, &w.key, &ping(v, t0, 10.0, 10.0)).await);
    let events = events_of(&app, v).await;
    let lat_at = |m: f64| north(lat0, m);
    let got: Vec<(f64, f64)> = events
        .iter()
        .map(|e| {
            assert_eq!(e.event_type, "vehicle.location_updated");
            (
                e.data["latitude"].as_f64().unwrap(),
                e.data["distance_m"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "{events:?}");
    for (i, m) in [60.0, 120.0, 180.0].iter().enumerate() {
        assert!((got[i].0 - lat_at(*m)).abs() < 1e-9, "{got:?}");
        assert!((got[i].1 - 60.0).abs() < 0.2, "{got:?}");
    }
    assert_eq!(events[0].data["previous_latitude"], json!(lat0));

    // The distance is configurable; a vehicle without a stored position gets its first event.
    let app2 = TestApp::spawn_with(|c| c.telematics.ingest.location_min_distance_m = 90.0).await;
    let w2 = world(&app2).await;
    let v2 = vehicle(&app2, w2.tenant, w2.subaccount, None, None).await;
    let pings: Vec<Value> = (0..=10)
        .map(|k| {
            ping(
                v2,
                t0 + time::Duration::seconds(k),
                north(lat0, 20.0 * k as f64),
                lng0,
            )
        })
        .collect();
    accepted(&post(&app2, &w2.key, &json!({ "pings": pings })).await);
    let e = events_of(&app2, v2).await;
    let metres: Vec<Value> = e.iter().map(|e| e.data["distance_m"].clone()).collect();
    assert_eq!(metres.len(), 3, "{metres:?}");
    assert_eq!(metres[0], Value::Null);
}

// ---- live stream --------------------------------------------------------------------------

/// Redis for limiter and live fan-out. The per-IP invalid-key budget lives in the shared
/// Redis, where other test processes spend it on purpose; this test presents valid keys only.
fn with_redis(config: &mut gateway::config::Config) {
    config.redis_url = Some(REDIS.into());
    config.auth_failures_per_minute = 1_000_000;
}

/// A second gateway on the same database as `app` (its own pool, port and Redis links).
struct Peer {
    base_url: String,
    handle: ServerHandle,
}

impl Peer {
    async fn spawn(app: &TestApp, redis: bool) -> Self {
        let mut config = gateway::config::Config::for_tests(app.db().url());
        if redis {
            with_redis(&mut config);
        }
        let server = gateway::Application::build(config).await.expect("peer");
        let base_url = format!("http://127.0.0.1:{}", server.port());
        let handle = server.handle();
        tokio::spawn(server.run_until_stopped());
        Self { base_url, handle }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// An open event stream, read frame by frame.
struct EventStream {
    res: reqwest::Response,
    buf: String,
}

impl EventStream {
    async fn open(base_url: &str, key: &str, query: &str) -> Self {
        let res = reqwest::Client::new()
            .get(format!("{base_url}{STREAM}{query}"))
            .header("X-Partner-Api-Key", key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(
            res.headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        let mut s = Self {
            res,
            buf: String::new(),
        };
        let first = s.frame(Duration::from_secs(5)).await.unwrap();
        assert!(first.contains(": connected"), "{first}");
        s
    }

    /// The next frame (text up to a blank line), or `None` at the deadline or stream end.
    async fn frame(&mut self, within: Duration) -> Option<String> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let frame = self.buf[..end].to_owned();
                self.buf.drain(..end + 2);
                return Some(frame);
            }
            match tokio::time::timeout_at(deadline, self.res.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buf.push_str(std::str::from_utf8(&bytes).unwrap()),
                _ => return None,
            }
        }
    }

    /// The next `position` event's data.
    async fn position(&mut self, within: Duration) -> Option<Value> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let frame = self.frame(left).await?;
            if let Some(data) = frame.strip_prefix("event: position\ndata: ") {
                return Some(serde_json::from_str(data).unwrap());
            }
        }
    }
}

#[tokio::test]
async fn a_subscriber_on_one_instance_sees_pings_ingested_on_another_within_a_second() {
    if !testkit::redis(REDIS) {
        return;
    }
    let a = TestApp::spawn_with(with_redis).await;
    let b = Peer::spawn(&a, true).await;
    let w = world(&a).await;
    let v = vehicle(&a, w.tenant, w.subaccount, None, None).await;
    // Another tenant and another subaccount of this tenant, pinged first each time.
    let other = world(&a).await;
    let foreign = vehicle(&a, other.tenant, other.subaccount, None, None).await;
    let sub2 = a.create_subaccount(w.tenant, false).await.id;
    let v_sub2 = vehicle(&a, w.tenant, sub2, None, None).await;
    let (_, narrow_key) = a
        .create_key(
            w.tenant,
            NewKey {
                permissions: Some(PermissionSet::all()),
                ..subaccount_key(KeyMode::Live, w.subaccount)
            },
        )
        .await;

    let mut global = EventStream::open(&a.base_url, &w.key, "").await;
    let mut narrow = EventStream::open(&a.base_url, &narrow_key, "").await;
    let mut by_vehicle =
        EventStream::open(&a.base_url, &w.key, &format!("?vehicle_id={v_sub2}")).await;

    let client = reqwest::Client::new();
    let ingest_on_b = |key: String, body: Value| {
        let client = client.clone();
        let url = format!("{}{PINGS}", b.base_url);
        async move {
            let r = client
                .post(url)
                .header("X-Partner-Api-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 202);
        }
    };
    let now = OffsetDateTime::from_unix_timestamp(OffsetDateTime::now_utc().unix_timestamp() - 1)
        .unwrap();
    ingest_on_b(other.key.clone(), ping(foreign, now, 1.0, 1.0)).await;
    ingest_on_b(w.key.clone(), ping(v_sub2, now, 2.0, 2.0)).await;
    let sent = Instant::now();
    ingest_on_b(w.key.clone(), ping(v, now, 3.0, 3.0)).await;

    // The global key sees its two vehicles (in ingest order), never the foreign one.
    let first = global
        .position(testkit::scaled(Duration::from_secs(1)))
        .await
        .expect("position");
    assert_eq!(first["vehicle_id"], json!(v_sub2));
    let second = global
        .position(testkit::scaled(Duration::from_secs(1)))
        .await
        .expect("position");
    assert_eq!(second["vehicle_id"], json!(v));
    assert!(
        sent.elapsed() < testkit::scaled(Duration::from_secs(1)),
        "the live position took {:?} (SPEC: within 1 s; TEST_TIME_SLACK scales it)",
        sent.elapsed()
    );
    assert_eq!(
        (second["lat"].clone(), second["lng"].clone()),
        (json!(3.0), json!(3.0))
    );
    assert_eq!(second["subaccount_id"], json!(w.subaccount));
    assert_eq!(second["ts"], json!(rfc(now)));
    // The subaccount key sees only its subaccount's vehicle.
    let only = narrow
        .position(testkit::scaled(Duration::from_secs(1)))
        .await
        .expect("position");
    assert_eq!(only["vehicle_id"], json!(v));
    // The vehicle filter.
    let only = by_vehicle
        .position(testkit::scaled(Duration::from_secs(1)))
        .await
        .expect("position");
    assert_eq!(only["vehicle_id"], json!(v_sub2));
    // The foreign tenant never shows up: nothing else arrives.
    assert!(global.position(Duration::from_millis(300)).await.is_none());
    assert!(narrow.position(Duration::from_millis(300)).await.is_none());
    assert!(!global.buf.contains(&foreign.to_string()));

    // Filters outside the scope are refused.
    let r = a
        .send(
            a.request(Method::GET, &format!("{STREAM}?vehicle_id={foreign}"))
                .header("X-Partner-Api-Key", &w.key),
        )
        .await;
    r.error(404, "NOT_FOUND");
    let r = a
        .send(
            a.request(Method::GET, &format!("{STREAM}?subaccount_id={sub2}"))
                .header("X-Partner-Api-Key", &narrow_key),
        )
        .await;
    r.forbidden("subaccount_not_allowed");
    let r = a
        .send(
            a.request(Method::GET, &format!("{STREAM}?max_seconds=0"))
                .header("X-Partner-Api-Key", &w.key),
        )
        .await;
    r.error(400, "VALIDATION_ERROR");
}

#[tokio::test]
async fn without_redis_the_stream_is_fed_in_process_with_heartbeats_and_an_end() {
    let app = TestApp::spawn_with(|c| c.telematics.heartbeat = Duration::from_millis(300)).await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let mut s = EventStream::open(&app.base_url, &w.key, "?max_seconds=2").await;
    let hb = s.frame(Duration::from_secs(2)).await.unwrap();
    assert_eq!(hb, ": heartbeat");
    let sent = Instant::now();
    let ts = OffsetDateTime::now_utc();
    accepted(&post(&app, &w.key, &ping(v, ts, 5.0, 6.0)).await);
    let p = s
        .position(testkit::scaled(Duration::from_secs(1)))
        .await
        .expect("position");
    assert!(
        sent.elapsed() < testkit::scaled(Duration::from_secs(1)),
        "the live position took {:?} (SPEC: within 1 s; TEST_TIME_SLACK scales it)",
        sent.elapsed()
    );
    assert_eq!(p["vehicle_id"], json!(v));
    // An older ping is history, not a live position.
    accepted(
        &post(
            &app,
            &w.key,
            &ping(v, ts - time::Duration::seconds(30), 7.0, 7.0),
        )
        .await,
    );
    let mut rest = String::new();
    while let Some(f) = s.frame(Duration::from_secs(3)).await {
        rest.push_str(&f);
        rest.push('\n');
    }
    assert!(!rest.contains("event: position"), "{rest}");
    assert!(
        rest.contains("event: end"),
        "the stream ends after max_seconds: {rest}"
    );
}

// ---- outbox -------------------------------------------------------------------------------

/// Derived events go through the outbox only when an active endpoint of the vehicle's
/// subaccount subscribes to their type; the others are stored as already dispatched (the
/// dispatcher would have found no endpoint), and the dispatcher delivers exactly the rest.
#[tokio::test]
async fn derived_events_wait_for_the_dispatcher_only_when_an_endpoint_wants_them() {
    let app = TestApp::spawn_with(|c| c.webhook_workers = 0).await;
    let w = world(&app).await;
    let other = app.create_subaccount(w.tenant, false).await;
    let mut conn = app.conn().await;
    for (subaccount, active, event) in [
        (w.subaccount, true, "vehicle.battery_low"),
        (w.subaccount, false, "vehicle.location_updated"),
        (other.id, true, "vehicle.location_updated"),
    ] {
        diesel::sql_query(
            "INSERT INTO webhook_endpoints (id, tenant_id, subaccount_id, url, events, secret, active) \
             VALUES ($1, $2, $3, 'https://hooks.example.com/in', ARRAY[$4], 'whsec_test', $5)",
        )
        .bind::<SqlUuid, _>(Uuid::now_v7())
        .bind::<SqlUuid, _>(w.tenant.0)
        .bind::<SqlUuid, _>(subaccount.0)
        .bind::<Text, _>(event)
        .bind::<diesel::sql_types::Bool, _>(active)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    drop(conn);
    let v = vehicle(&app, w.tenant, w.subaccount, Some((52.5, 13.4)), None).await;
    let t0 = aligned_past();
    let pings = json!({"pings": [
        {"vehicle_id": v, "ts": rfc(t0), "lat": 52.5, "lng": 13.4, "battery_percent": 15},
        ping(v, t0 + time::Duration::seconds(1), north(52.5, 100.0), 13.4),
    ]});
    assert_eq!(accepted(&post(&app, &w.key, &pings).await).0, 2);
    let pending = |event: &str| {
        format!(
            "SELECT count(*) AS n FROM events WHERE tenant_id = '{}' AND event_type = '{event}' \
             AND dispatched_at IS NULL",
            w.tenant.0
        )
    };
    let done = |event: &str| pending(event).replace("IS NULL", "IS NOT NULL");
    assert_eq!(count(&app, &pending("vehicle.battery_low")).await, 1);
    assert_eq!(count(&app, &done("vehicle.location_updated")).await, 1);
    assert_eq!(count(&app, &pending("vehicle.location_updated")).await, 0);

    let mut conn = app.conn().await;
    let (events, deliveries) =
        webhooks::dispatcher::dispatch_once(&mut conn, OffsetDateTime::now_utc())
            .await
            .unwrap();
    assert_eq!((events, deliveries), (1, 1));
    drop(conn);
    assert_eq!(count(&app, &pending("vehicle.battery_low")).await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM webhook_deliveries WHERE event_type = 'vehicle.battery_low'"
        )
        .await,
        1
    );
}

// ---- isolation ----------------------------------------------------------------------------

#[tokio::test]
async fn pings_for_another_tenants_vehicle_are_rejected_and_change_nothing() {
    let app = TestApp::spawn().await;
    let mine = world(&app).await;
    let theirs = world(&app).await;
    let v = vehicle(
        &app,
        theirs.tenant,
        theirs.subaccount,
        Some((1.0, 1.0)),
        Some("shared-dev"),
    )
    .await;
    // My own vehicle with the same device id: device ids are per tenant.
    let own = vehicle(&app, mine.tenant, mine.subaccount, None, Some("shared-dev")).await;
    let ts = rfc(OffsetDateTime::now_utc() - time::Duration::seconds(5));
    let body = json!({"pings": [
        {"vehicle_id": v, "ts": ts, "lat": 9.0, "lng": 9.0, "battery_percent": 3},
        {"vehicle_id": v, "device_id": "shared-dev", "ts": ts, "lat": 9.0, "lng": 9.0},
        {"vehicle_id": own, "tenant_id": theirs.tenant, "ts": ts, "lat": 9.0, "lng": 9.0},
        {"device_id": "shared-dev", "ts": ts, "lat": 8.0, "lng": 8.0},
    ]});
    let (n, rejected) = accepted(&post(&app, &mine.key, &body).await);
    assert_eq!(n, 1, "only the ping for my own device");
    let codes: Vec<&str> = rejected
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec!["vehicle_not_found", "vehicle_not_found", "tenant_mismatch"]
    );
    let pos = position(&app, v).await;
    assert_eq!(
        (pos.latitude, pos.battery_percent, pos.last_seen_at),
        (Some(1.0), Some(80), None)
    );
    assert!(archived(&app, v).await.is_empty());
    assert!(events_of(&app, v).await.is_empty());
    assert_eq!(position(&app, own).await.latitude, Some(8.0));
    // Their track is a 404 for me.
    let r = app
        .send(
            app.request(Method::GET, &format!("/api/partner/v1/vehicles/{v}/track"))
                .header("X-Partner-Api-Key", &mine.key),
        )
        .await;
    let err = r.error(404, "NOT_FOUND");
    assert_eq!(err["details"]["vehicle_id"], json!(v.to_string()));
    // And a key of another subaccount of their tenant cannot ping it either.
    let sub2 = app.create_subaccount(theirs.tenant, false).await.id;
    let (_, narrow) = app
        .create_key(
            theirs.tenant,
            NewKey {
                permissions: Some(PermissionSet::all()),
                ..subaccount_key(KeyMode::Live, sub2)
            },
        )
        .await;
    let (n, rejected) =
        accepted(&post(&app, &narrow, &ping(v, OffsetDateTime::now_utc(), 3.0, 3.0)).await);
    assert_eq!(
        (n, rejected[0]["code"].as_str()),
        (0, Some("vehicle_not_found"))
    );
    assert_eq!(position(&app, v).await.latitude, Some(1.0));
}

// ---- concurrency, track, helpers ------------------------------------------------------------

#[tokio::test]
async fn concurrent_single_pings_are_all_committed_before_they_are_answered() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut vehicles = Vec::new();
    for _ in 0..40 {
        vehicles.push(vehicle(&app, w.tenant, w.subaccount, None, None).await);
    }
    let ts = OffsetDateTime::now_utc() - time::Duration::seconds(2);
    let futures = vehicles.iter().enumerate().map(|(i, v)| {
        let body = ping(*v, ts, i as f64, 1.0);
        let req = app
            .request(Method::POST, PINGS)
            .header("X-Partner-Api-Key", &w.key)
            .json(&body);
        async move { Reply::from(req.send().await.unwrap()).await }
    });
    let replies = futures_util::future::join_all(futures).await;
    for (i, r) in replies.iter().enumerate() {
        assert_eq!(accepted(r), (1, vec![]));
        // Answered only after commit: the position is visible now.
        assert_eq!(position(&app, vehicles[i]).await.latitude, Some(i as f64));
    }
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM telematics_pings").await,
        40
    );
}

/// Batches read vehicles without row locks and move them only if nobody moved them since
/// (retrying with locks otherwise): concurrent batches over the same vehicles must still
/// derive each event exactly once and leave the newest position.
#[tokio::test]
async fn a_failed_write_is_rolled_back_and_the_connection_serves_the_next_ingest() {
    // One pooled connection: the ingest after the failure runs on the very connection whose
    // hand-driven transaction (BEGIN pipelined with the locking read) failed.
    let app = TestApp::spawn_with(|c| c.db_pool_size = 1).await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    {
        let mut conn = app.conn().await;
        diesel::sql_query(
            "CREATE FUNCTION refuse_ping() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'archive refused'; END $$",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        diesel::sql_query(
            "CREATE TRIGGER refuse_ping BEFORE INSERT ON telematics_pings \
             FOR EACH ROW EXECUTE FUNCTION refuse_ping()",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let t0 = aligned_past();
    for body in [
        ping(v, t0, 1.0, 1.0),
        json!({"pings": [ping(v, t0, 1.0, 1.0), ping(v, t0 + time::Duration::seconds(9), 2.0, 2.0)]}),
    ] {
        let reply = post(&app, &w.key, &body).await;
        assert!(reply.status.is_server_error(), "{}", reply.text);
    }
    // Nothing of either request is left: no position, no event, no transaction still open.
    assert_eq!(position(&app, v).await.last_seen_at, None);
    assert_eq!(events_of(&app, v).await.len(), 0);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND state LIKE 'idle in transaction%'"
        )
        .await,
        0
    );
    {
        let mut conn = app.conn().await;
        diesel::sql_query("DROP TRIGGER refuse_ping ON telematics_pings")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    assert_eq!(
        accepted(&post(&app, &w.key, &ping(v, t0, 3.0, 3.0)).await).0,
        1
    );
    let batch = json!({"pings": [ping(v, t0 + time::Duration::seconds(10), 4.0, 4.0)]});
    assert_eq!(accepted(&post(&app, &w.key, &batch).await).0, 1);
    assert_eq!(position(&app, v).await.latitude, Some(4.0));
    assert_eq!(archived(&app, v).await.len(), 2);
}

#[tokio::test]
async fn concurrent_batches_over_the_same_vehicles_derive_each_event_once() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut vehicles = Vec::new();
    for _ in 0..50 {
        vehicles.push(vehicle(&app, w.tenant, w.subaccount, Some((52.5, 13.4)), None).await);
    }
    let t0 = aligned_past();
    for round in 0..3 {
        // Eight batches at once, each with every vehicle once, all below the battery
        // threshold and standing still: one vehicle.battery_low per vehicle in all.
        let bodies: Vec<Value> = (0..8)
            .map(|k| {
                let ts = t0 + time::Duration::seconds(round * 100 + k);
                let pings: Vec<Value> = vehicles
                    .iter()
                    .map(|v| {
                        json!({"vehicle_id": v, "ts": rfc(ts), "lat": 52.5, "lng": 13.4,
                            "battery_percent": 10 + k})
                    })
                    .collect();
                json!({ "pings": pings })
            })
            .collect();
        let futures = bodies.iter().map(|body| post(&app, &w.key, body));
        for r in futures_util::future::join_all(futures).await {
            assert_eq!(accepted(&r).0, 50);
        }
    }
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM events WHERE event_type = 'vehicle.battery_low'"
        )
        .await,
        50
    );
    let newest = t0 + time::Duration::seconds(207);
    for v in &vehicles {
        let p = position(&app, *v).await;
        assert_eq!(p.last_seen_at, Some(newest));
        assert_eq!(p.battery_percent, Some(17));
    }
}

#[tokio::test]
async fn the_track_pages_by_cursor_and_filters_by_time() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let t0 = aligned_past();
    let at = |s: i64| t0 + time::Duration::seconds(s);
    let pings: Vec<Value> = (0..12).map(|k| ping(v, at(k * 5), k as f64, 0.0)).collect();
    accepted(&post(&app, &w.key, &json!({ "pings": pings })).await);
    let path = format!("/api/partner/v1/vehicles/{v}/track");
    let get = |q: String| {
        let req = app
            .request(Method::GET, &format!("{path}{q}"))
            .header("X-Partner-Api-Key", &w.key);
        app.send(req)
    };
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = get(format!(
            "?limit=5&cursor={cursor}&from={}",
            rfc(at(10)).replace('+', "%2B")
        ))
        .await;
        let data = r.ok().as_array().unwrap().clone();
        seen.extend(data.iter().map(|p| p["lat"].as_f64().unwrap() as i64));
        match r.body["pagination"]["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, (2..12).collect::<Vec<_>>());
    let r = get(format!("?page=2&limit=3&to={}", rfc(at(40)))).await;
    let data = r.ok().as_array().unwrap().clone();
    assert_eq!(
        data.iter()
            .map(|p| p["lat"].as_f64().unwrap() as i64)
            .collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
    assert_eq!(r.body["pagination"]["total"], json!(9));
    get("?from=yesterday".into())
        .await
        .error(400, "VALIDATION_ERROR");
    get(format!("?from={}&to={}", rfc(at(10)), rfc(at(5))))
        .await
        .error(400, "VALIDATION_ERROR");
    get("?cursor=garbage".into())
        .await
        .error(400, "VALIDATION_ERROR");
    let r = app
        .send(
            app.request(Method::GET, "/api/partner/v1/vehicles/not-a-uuid/track")
                .header("X-Partner-Api-Key", &w.key),
        )
        .await;
    r.error(404, "NOT_FOUND");

    // The ride distance helper: 11 steps of 1 degree of latitude.
    let mut conn = app.conn().await;
    let len = telematics::track_length_m(&mut conn, w.tenant, VehicleId(v), at(0), at(55))
        .await
        .unwrap()
        .unwrap();
    assert!((len - 11.0 * 111_195.08).abs() < 50.0, "{len}");
    assert_eq!(
        telematics::track_length_m(&mut conn, w.tenant, VehicleId(v), at(0), at(3))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        telematics::track_length_m(&mut conn, TenantId::new(), VehicleId(v), at(0), at(55))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn device_ids_are_validated_and_unique_per_tenant() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let other = world(&app).await;
    let a = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let b = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let c = vehicle(&app, other.tenant, other.subaccount, None, None).await;
    let scope = Scope::new(w.tenant, vec![w.subaccount]);
    let other_scope = Scope::new(other.tenant, vec![other.subaccount]);
    let mut conn = app.conn().await;
    telematics::set_device_id(&mut conn, &scope, VehicleId(a), Some("trk-1".into()))
        .await
        .unwrap();
    let dup =
        telematics::set_device_id(&mut conn, &scope, VehicleId(b), Some("trk-1".into())).await;
    assert!(
        matches!(dup, Err(fleet_domain::Error::Duplicate(_))),
        "{dup:?}"
    );
    telematics::set_device_id(&mut conn, &other_scope, VehicleId(c), Some("trk-1".into()))
        .await
        .unwrap();
    let bad =
        telematics::set_device_id(&mut conn, &scope, VehicleId(b), Some("with space".into())).await;
    assert!(matches!(
        bad,
        Err(fleet_domain::Error::Invalid {
            field: "device_id",
            ..
        })
    ));
    let foreign = telematics::set_device_id(&mut conn, &scope, VehicleId(c), None).await;
    assert!(matches!(foreign, Err(fleet_domain::Error::NotFound { .. })));
    drop(conn);
    // The registered id addresses the vehicle.
    let p =
        json!({"device_id": "trk-1", "ts": rfc(OffsetDateTime::now_utc()), "lat": 4.0, "lng": 4.0});
    assert_eq!(accepted(&post(&app, &w.key, &p).await).0, 1);
    assert_eq!(position(&app, a).await.latitude, Some(4.0));
    assert_eq!(position(&app, c).await.latitude, None);
    // Cleared: no longer.
    let mut conn = app.conn().await;
    telematics::set_device_id(&mut conn, &scope, VehicleId(a), None)
        .await
        .unwrap();
    drop(conn);
    let (n, rejected) = accepted(&post(&app, &w.key, &p).await);
    assert_eq!(
        (n, rejected[0]["code"].as_str()),
        (0, Some("vehicle_not_found"))
    );
}

#[tokio::test]
async fn retention_purges_old_pings_only() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = vehicle(&app, w.tenant, w.subaccount, None, None).await;
    let now = OffsetDateTime::now_utc();
    let pings = json!({"pings": [
        ping(v, now - time::Duration::days(100), 1.0, 1.0),
        ping(v, now - time::Duration::days(10), 2.0, 2.0),
    ]});
    accepted(&post(&app, &w.key, &pings).await);
    let state = app.state();
    let purged = gateway::retention::purge_telematics_once(&state.pool, 90)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(archived(&app, v).await.len(), 1);
}
