//! Vehicles over HTTP (SPEC §7): CRUD and validation, generated numbers, filters and both
//! pagination modes, status transitions with their outbox events, retirement, scope, and the
//! index-backed nearby search checked against a brute-force haversine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{HashMap, HashSet};

use diesel::sql_types::{Double, Integer, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

use common::{
    all_permissions, ids, live_key, sorted_keys, subaccount_key, test_key, Reply, TestApp,
};
use fleet_domain::vehicles::nearby::{haversine_m, position_cell, NearbyQuery};
use fleet_domain::vehicles::{store, NearbyParams};
use fleet_domain::{KeyMode, PermissionSet, Plan, Scope, Subaccount, Tenant, TenantId};
use keys::NewKey;

const VEHICLES: &str = "/api/partner/v1/vehicles";
const NEARBY: &str = "/api/partner/v1/vehicles/nearby";

/// A global live key with every permission.
fn writer_key() -> NewKey {
    all_permissions()
}

fn with_all(key: NewKey) -> NewKey {
    NewKey {
        permissions: Some(PermissionSet::all()),
        ..key
    }
}

struct World {
    tenant: Tenant,
    sub: Subaccount,
    /// Every permission, global over the live subaccounts.
    writer: String,
    /// Default permissions (no vehicles:write).
    reader: String,
}

async fn world(app: &TestApp) -> World {
    let tenant = app.create_tenant(Plan::Enterprise).await;
    let sub = app.create_subaccount(tenant.id, false).await;
    let (_, writer) = app.create_key(tenant.id, writer_key()).await;
    let (_, reader) = app.create_key(tenant.id, live_key()).await;
    World {
        tenant,
        sub,
        writer,
        reader,
    }
}

async fn call(app: &TestApp, method: Method, path: &str, key: &str, body: Option<Value>) -> Reply {
    app.call(key, method, path, body).await
}

async fn get(app: &TestApp, path: &str, key: &str) -> Reply {
    call(app, Method::GET, path, key, None).await
}

async fn patch(app: &TestApp, path: &str, key: &str, body: Value) -> Reply {
    call(app, Method::PATCH, path, key, Some(body)).await
}

async fn post(app: &TestApp, path: &str, key: &str, body: Value) -> Reply {
    call(app, Method::POST, path, key, Some(body)).await
}

async fn create(app: &TestApp, key: &str, body: Value) -> Reply {
    call(app, Method::POST, VEHICLES, key, Some(body)).await
}

/// A 201 envelope; returns `data`.
fn created(reply: &Reply) -> Value {
    assert_eq!(reply.status.as_u16(), 201, "expected 201: {}", reply.text);
    reply.assert_meta();
    reply.body["data"].clone()
}

async fn new_vehicle(app: &TestApp, key: &str, body: Value) -> Value {
    created(&create(app, key, body).await)
}

async fn sql(app: &TestApp, statement: &str) {
    let mut conn = app.conn().await;
    diesel::sql_query(statement)
        .execute(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

async fn set_status(app: &TestApp, id: &str, status: &str) {
    let mut conn = app.conn().await;
    diesel::sql_query("UPDATE vehicles SET status = $1 WHERE id = $2::uuid")
        .bind::<Text, _>(status)
        .bind::<Text, _>(id)
        .execute(&mut *conn)
        .await
        .unwrap();
}

/// The data of every `vehicle.status_changed` event of the vehicle, oldest first.
async fn status_events(app: &TestApp, tenant: TenantId, vehicle: &str) -> Vec<Value> {
    let mut conn = app.conn().await;
    fleet_domain::events::store::list_for_tenant(&mut conn, tenant, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.event_type == "vehicle.status_changed" && e.data["vehicle_id"] == json!(vehicle)
        })
        .map(|e| e.data)
        .collect()
}

async fn all_events(app: &TestApp, tenant: TenantId) -> usize {
    let mut conn = app.conn().await;
    fleet_domain::events::store::list_for_tenant(&mut conn, tenant, 100_000)
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_read_and_generated_numbers() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;

    let v1 = new_vehicle(
        &app,
        &w.writer,
        json!({
            "type": "scooter", "registration": " B-LF 1 ", "make": "Segway",
            "model": "Max G30", "year": 2024, "fuel_type": "electric", "capacity": 1,
            "battery_percent": 80, "latitude": 52.52, "longitude": 13.405,
            "metadata": {"partner_ref": "fleet-7"}
        }),
    )
    .await;
    assert_eq!(v1["vehicle_number"], json!("V001"));
    assert_eq!(v1["status"], json!("available"));
    assert_eq!(v1["type"], json!("scooter"));
    assert_eq!(v1["registration"], json!("B-LF 1"));
    assert_eq!(v1["battery_percent"], json!(80));
    assert_eq!(v1["latitude"], json!(52.52));
    assert_eq!(v1["metadata"], json!({"partner_ref": "fleet-7"}));
    assert_eq!(v1["subaccount_id"], json!(w.sub.id.to_string()));
    assert_eq!(v1["last_seen_at"], Value::Null);
    let keys = sorted_keys(&v1);
    assert_eq!(
        keys,
        [
            "battery_percent",
            "capacity",
            "created_at",
            "device_id",
            "fuel_type",
            "id",
            "last_seen_at",
            "latitude",
            "longitude",
            "make",
            "metadata",
            "model",
            "registration",
            "status",
            "subaccount_id",
            "type",
            "updated_at",
            "vehicle_number",
            "year"
        ]
    );

    // Read back: the same object.
    let id = v1["id"].as_str().unwrap();
    let reply = get(&app, &format!("{VEHICLES}/{id}"), &w.reader).await;
    assert_eq!(reply.ok(), &v1);

    let v2 = new_vehicle(&app, &w.writer, json!({"type": "ebike"})).await;
    assert_eq!(v2["vehicle_number"], json!("V002"));
    assert_eq!(v2["metadata"], json!({}));
    assert_eq!(v2["latitude"], Value::Null);

    // An explicit number that a generated one would reach later is skipped (any case).
    let explicit = new_vehicle(
        &app,
        &w.writer,
        json!({"type": "car", "vehicle_number": "v004"}),
    )
    .await;
    assert_eq!(explicit["vehicle_number"], json!("v004"));
    let v3 = new_vehicle(&app, &w.writer, json!({"type": "moped"})).await;
    assert_eq!(v3["vehicle_number"], json!("V003"));
    let v5 = new_vehicle(&app, &w.writer, json!({"type": "van"})).await;
    assert_eq!(v5["vehicle_number"], json!("V005"));

    // Duplicates, case-insensitively, are 409 and write nothing.
    let before = app.count_rows("vehicles").await;
    for dup in ["V001", "v001", "V004", "v005"] {
        let reply = create(
            &app,
            &w.writer,
            json!({"type": "car", "vehicle_number": dup}),
        )
        .await;
        reply.error(409, "CONFLICT");
    }
    assert_eq!(app.count_rows("vehicles").await, before);

    // Numbers are per tenant: another tenant starts at V001 and may reuse "v004".
    let other = world(&app).await;
    let first = new_vehicle(&app, &other.writer, json!({"type": "car"})).await;
    assert_eq!(first["vehicle_number"], json!("V001"));
    new_vehicle(
        &app,
        &other.writer,
        json!({"type": "car", "vehicle_number": "V004"}),
    )
    .await;

    // Unknown and malformed ids are 404 with vehicle_id.
    let unknown = uuid::Uuid::now_v7().to_string();
    let reply = get(&app, &format!("{VEHICLES}/{unknown}"), &w.reader).await;
    let error = reply.error(404, "NOT_FOUND");
    assert_eq!(error["details"]["vehicle_id"], json!(unknown));
    get(&app, &format!("{VEHICLES}/not-a-uuid"), &w.reader)
        .await
        .error(404, "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_field_is_a_400_naming_it_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let long = |n: usize| "x".repeat(n);
    let cases = [
        (json!({}), "type"),
        (json!({"type": "bike"}), "type"),
        (
            json!({"type": "scooter", "vehicle_number": ""}),
            "vehicle_number",
        ),
        (
            json!({"type": "scooter", "vehicle_number": "   "}),
            "vehicle_number",
        ),
        (
            json!({"type": "scooter", "vehicle_number": long(33)}),
            "vehicle_number",
        ),
        (
            json!({"type": "scooter", "vehicle_number": "V\u{0007}1"}),
            "vehicle_number",
        ),
        (
            json!({"type": "scooter", "registration": long(33)}),
            "registration",
        ),
        (json!({"type": "scooter", "make": long(101)}), "make"),
        (json!({"type": "scooter", "model": ""}), "model"),
        (json!({"type": "scooter", "year": 1899}), "year"),
        (json!({"type": "scooter", "year": 2101}), "year"),
        (json!({"type": "scooter", "year": 99999999999i64}), "year"),
        (json!({"type": "scooter", "fuel_type": "coal"}), "fuel_type"),
        (json!({"type": "scooter", "capacity": 0}), "capacity"),
        (json!({"type": "scooter", "capacity": 101}), "capacity"),
        (
            json!({"type": "scooter", "battery_percent": -1}),
            "battery_percent",
        ),
        (
            json!({"type": "scooter", "battery_percent": 101}),
            "battery_percent",
        ),
        (
            json!({"type": "scooter", "latitude": 91, "longitude": 0}),
            "latitude",
        ),
        (
            json!({"type": "scooter", "latitude": -90.5, "longitude": 0}),
            "latitude",
        ),
        (
            json!({"type": "scooter", "latitude": 0, "longitude": 180.01}),
            "longitude",
        ),
        (json!({"type": "scooter", "latitude": 10}), "longitude"),
        (json!({"type": "scooter", "longitude": 10}), "latitude"),
        (json!({"type": "scooter", "metadata": []}), "metadata"),
        (json!({"type": "scooter", "metadata": {"n": 1}}), "metadata"),
        (
            json!({"type": "scooter", "metadata": {"k": long(501)}}),
            "metadata",
        ),
    ];
    for (body, field) in cases {
        let reply = create(&app, &w.writer, body.clone()).await;
        assert_eq!(reply.invalid_field(), field, "{body}");
    }
    // A mistyped value is a 400 too (the body).
    let reply = create(&app, &w.writer, json!({"type": "scooter", "year": "2020"})).await;
    assert_eq!(reply.invalid_field(), "body");
    // A subaccount outside the key's reach.
    let foreign = app.create_subaccount(w.tenant.id, true).await;
    let reply = create(
        &app,
        &w.writer,
        json!({"type": "scooter", "subaccount_id": foreign.id}),
    )
    .await;
    reply.forbidden("subaccount_not_allowed");
    assert_eq!(app.count_rows("vehicles").await, 0);

    // A key reaching two subaccounts must choose one.
    app.create_subaccount(w.tenant.id, false).await;
    let (_, two) = app.create_key(w.tenant.id, writer_key()).await;
    let reply = create(&app, &two, json!({"type": "scooter"})).await;
    assert_eq!(reply.invalid_field(), "X-Subaccount-Id");
    let ok = new_vehicle(
        &app,
        &two,
        json!({"type": "scooter", "subaccount_id": w.sub.id}),
    )
    .await;
    assert_eq!(ok["subaccount_id"], json!(w.sub.id.to_string()));
    assert_eq!(app.count_rows("vehicles").await, 1);
    // Validation failures wrote no numbers either: the first vehicle is V001.
    assert_eq!(ok["vehicle_number"], json!("V001"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_and_both_pagination_modes() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let sub2 = app.create_subaccount(w.tenant.id, false).await;
    let mut made = Vec::new();
    for i in 0..12 {
        let kind = ["scooter", "ebike", "car"][i % 3];
        let sub = if i % 4 == 0 { sub2.id } else { w.sub.id };
        made.push(new_vehicle(&app, &w.writer, json!({"type": kind, "subaccount_id": sub})).await);
    }
    let id = |i: usize| made[i]["id"].as_str().unwrap().to_owned();
    for i in [1, 2, 5] {
        let reply = patch(
            &app,
            &format!("{VEHICLES}/{}", id(i)),
            &w.writer,
            json!({"status": "maintenance"}),
        )
        .await;
        reply.ok();
    }

    // Page mode: all, in creation order, with totals.
    let reply = get(&app, &format!("{VEHICLES}?limit=5"), &w.reader).await;
    assert_eq!(ids(reply.ok()), (0..5).map(id).collect::<Vec<_>>());
    assert_eq!(
        reply.body["pagination"],
        json!({"page": 1, "limit": 5, "total": 12, "has_next": true, "has_prev": false})
    );
    let reply = get(&app, &format!("{VEHICLES}?limit=5&page=3"), &w.reader).await;
    assert_eq!(ids(reply.ok()), (10..12).map(id).collect::<Vec<_>>());
    assert_eq!(reply.body["pagination"]["has_next"], json!(false));
    assert_eq!(reply.body["pagination"]["has_prev"], json!(true));

    // Filters, alone and combined.
    let expect =
        |pred: &dyn Fn(usize) -> bool| (0..12).filter(|i| pred(*i)).map(id).collect::<Vec<_>>();
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            "status=maintenance".into(),
            expect(&|i| [1, 2, 5].contains(&i)),
        ),
        (
            "status=available".into(),
            expect(&|i| ![1, 2, 5].contains(&i)),
        ),
        ("type=ebike".into(), expect(&|i| i % 3 == 1)),
        (
            format!("subaccount_id={}", sub2.id),
            expect(&|i| i % 4 == 0),
        ),
        (
            format!("type=scooter&subaccount_id={}", w.sub.id),
            expect(&|i| i % 3 == 0 && i % 4 != 0),
        ),
        ("type=ebike&status=maintenance".into(), expect(&|i| i == 1)),
        ("status=retired".into(), vec![]),
        // A subaccount outside the key's reach matches nothing.
        (format!("subaccount_id={}", uuid::Uuid::now_v7()), vec![]),
    ];
    for (query, expected) in cases {
        let reply = get(&app, &format!("{VEHICLES}?{query}"), &w.reader).await;
        assert_eq!(ids(reply.ok()), expected, "{query}");
        assert_eq!(
            reply.body["pagination"]["total"],
            json!(expected.len()),
            "{query}"
        );
        // Cursor mode gives the same rows.
        let reply = get(
            &app,
            &format!("{VEHICLES}?{query}&cursor=&limit=100"),
            &w.reader,
        )
        .await;
        assert_eq!(ids(reply.ok()), expected, "cursor {query}");
    }

    // Bad filters name their parameter.
    for (query, field) in [
        ("status=broken", "status"),
        ("type=rocket", "type"),
        ("subaccount_id=nope", "subaccount_id"),
        ("zone_id=nope", "zone_id"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("page=0", "page"),
        ("cursor=garbage", "cursor"),
        ("cursor=&page=2", "page"),
    ] {
        let reply = get(&app, &format!("{VEHICLES}?{query}"), &w.reader).await;
        assert_eq!(reply.invalid_field(), field, "{query}");
    }

    // Cursor mode: pages of 5 with next_cursor until the end.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let reply = get(
            &app,
            &format!("{VEHICLES}?limit=5&cursor={cursor}"),
            &w.reader,
        )
        .await;
        seen.extend(ids(reply.ok()));
        let p = &reply.body["pagination"];
        assert!(p.get("total").is_none(), "cursor mode has no total: {p}");
        assert_eq!(p["limit"], json!(5));
        if p["has_next"] == json!(false) {
            assert_eq!(p["next_cursor"], Value::Null);
            break;
        }
        cursor = p["next_cursor"].as_str().unwrap().to_owned();
    }
    assert_eq!(seen, (0..12).map(id).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cursor_walk_with_inserts_between_pages_sees_every_row_once() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut existing = Vec::new();
    for _ in 0..23 {
        existing.push(
            new_vehicle(&app, &w.writer, json!({"type": "scooter"})).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let mut seen: Vec<String> = Vec::new();
    let mut inserted = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let reply = get(
            &app,
            &format!("{VEHICLES}?limit=4&cursor={cursor}"),
            &w.reader,
        )
        .await;
        seen.extend(ids(reply.ok()));
        pages += 1;
        assert!(pages < 100, "the walk does not end");
        // Rows created while the walk is going on.
        for _ in 0..2 {
            inserted.push(
                new_vehicle(&app, &w.writer, json!({"type": "ebike"})).await["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        let p = &reply.body["pagination"];
        if p["has_next"] == json!(false) {
            break;
        }
        cursor = p["next_cursor"].as_str().unwrap().to_owned();
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "duplicates in the walk");
    for id in &existing {
        assert_eq!(
            seen.iter().filter(|s| *s == id).count(),
            1,
            "{id} not seen once"
        );
    }
    // Pre-existing rows come first, in creation order; rows created during the walk come
    // after them (the walk catches up with all but the last inserts).
    assert_eq!(seen[..existing.len()], existing[..]);
    assert!(seen[existing.len()..]
        .iter()
        .all(|id| inserted.contains(id)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_changes_record_exactly_one_event_each() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = new_vehicle(
        &app,
        &w.writer,
        json!({"type": "scooter", "metadata": {"partner_ref": "p-1"}, "battery_percent": 55}),
    )
    .await;
    let id = v["id"].as_str().unwrap().to_owned();
    let path = format!("{VEHICLES}/{id}");
    assert!(status_events(&app, w.tenant.id, &id).await.is_empty());

    let mut previous = "available";
    let mut expected_events = 0;
    for status in [
        "maintenance",
        "charging",
        "offline",
        "available",
        "charging",
    ] {
        let reply = patch(&app, &path, &w.writer, json!({"status": status})).await;
        let data = reply.ok();
        assert_eq!(data["status"], json!(status));
        expected_events += 1;
        let events = status_events(&app, w.tenant.id, &id).await;
        assert_eq!(events.len(), expected_events, "one event per change");
        let last = events.last().unwrap();
        assert_eq!(last["previous_status"], json!(previous));
        assert_eq!(last["status"], json!(status));
        assert_eq!(last["vehicle_number"], json!("V001"));
        assert_eq!(last["subaccount_id"], json!(w.sub.id.to_string()));
        assert_eq!(last["metadata"], json!({"partner_ref": "p-1"}));
        assert_eq!(last["battery_percent"], json!(55));
        assert_eq!(last["changed_at"], data["updated_at"]);
        previous = status;
    }

    // The same status again: 200, no event.
    let reply = patch(&app, &path, &w.writer, json!({"status": "charging"})).await;
    assert_eq!(reply.ok()["status"], json!("charging"));
    assert_eq!(
        status_events(&app, w.tenant.id, &id).await.len(),
        expected_events
    );

    // Statuses a partner may not set, and garbage: 400 naming status, nothing written.
    let events_before = all_events(&app, w.tenant.id).await;
    for bad in ["retired", "flying", ""] {
        let reply = patch(&app, &path, &w.writer, json!({"status": bad})).await;
        assert_eq!(reply.invalid_field(), "status", "{bad}");
    }
    // States only rides set: 409 CONFLICT with the vehicle's current status (SPEC §3/§7),
    // also together with other changes, and nothing written.
    for held in ["in_use", "reserved"] {
        for body in [
            json!({"status": held}),
            json!({"status": held, "make": "Changed"}),
        ] {
            let reply = call(&app, Method::PATCH, &path, &w.writer, Some(body)).await;
            let error = reply.error(409, "CONFLICT");
            assert_eq!(
                error["details"]["current_status"],
                json!("charging"),
                "{held}"
            );
        }
    }
    // A valid status with an invalid other field: nothing half-written.
    for (body, field) in [
        (json!({"status": "maintenance", "year": 1800}), "year"),
        (
            json!({"status": "maintenance", "metadata": {"x": 1}}),
            "metadata",
        ),
        (
            json!({"status": "maintenance", "fuel_type": "steam"}),
            "fuel_type",
        ),
        (json!({"status": "maintenance", "capacity": 0}), "capacity"),
        (json!({"status": "maintenance", "make": ""}), "make"),
    ] {
        let reply = call(&app, Method::PATCH, &path, &w.writer, Some(body.clone())).await;
        assert_eq!(reply.invalid_field(), field, "{body}");
    }
    assert_eq!(all_events(&app, w.tenant.id).await, events_before);
    let reply = get(&app, &path, &w.reader).await;
    assert_eq!(reply.ok()["status"], json!("charging"));

    // Details and a metadata merge patch: no status event.
    let reply = patch(
        &app,
        &path,
        &w.writer,
        json!({"make": "Niu", "year": 2023, "metadata": {"partner_ref": null, "depot": "north"}}),
    )
    .await;
    let data = reply.ok();
    assert_eq!(data["make"], json!("Niu"));
    assert_eq!(data["year"], json!(2023));
    assert_eq!(data["metadata"], json!({"depot": "north"}));
    assert_eq!(all_events(&app, w.tenant.id).await, events_before);

    // Unknown vehicles: 404.
    let unknown = format!("{VEHICLES}/{}", uuid::Uuid::now_v7());
    patch(&app, &unknown, &w.writer, json!({"status": "offline"}))
        .await
        .error(404, "NOT_FOUND");
    call(&app, Method::DELETE, &unknown, &w.writer, None)
        .await
        .error(404, "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_status_changes_form_one_chain_of_events() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = new_vehicle(&app, &w.writer, json!({"type": "scooter"})).await;
    let id = v["id"].as_str().unwrap().to_owned();
    let path = format!("{VEHICLES}/{id}");
    let statuses = ["maintenance", "charging", "offline", "available"];
    let replies = futures_util::future::join_all(
        (0..24).map(|i| patch(&app, &path, &w.writer, json!({"status": statuses[i % 4]}))),
    )
    .await;
    for reply in &replies {
        reply.ok();
    }
    // Each event leaves the status the previous one entered: no lost or doubled transition.
    // (In the order the changes were made under the row lock; `created_at` is the start of
    // each transaction, which is not that order.)
    let mut events = status_events(&app, w.tenant.id, &id).await;
    let at = |e: &Value| {
        time::OffsetDateTime::parse(
            e["changed_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    events.sort_by_key(|e| at(e));
    assert!(!events.is_empty());
    let mut current = json!("available");
    for e in &events {
        assert_eq!(e["previous_status"], current, "{events:?}");
        assert_ne!(e["status"], e["previous_status"]);
        current = e["status"].clone();
    }
    let reply = get(&app, &path, &w.reader).await;
    assert_eq!(reply.ok()["status"], current);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rides_hold_vehicles_and_retirement_keeps_them_readable() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = new_vehicle(&app, &w.writer, json!({"type": "scooter"})).await;
    let id = v["id"].as_str().unwrap().to_owned();
    let path = format!("{VEHICLES}/{id}");

    for held in ["in_use", "reserved"] {
        set_status(&app, &id, held).await;
        let events_before = all_events(&app, w.tenant.id).await;
        for status in ["available", "maintenance", "offline"] {
            let reply = patch(&app, &path, &w.writer, json!({"status": status})).await;
            let error = reply.error(409, "CONFLICT");
            assert_eq!(error["details"]["current_status"], json!(held));
            assert_eq!(error["details"]["vehicle_id"], json!(id));
        }
        let reply = call(&app, Method::DELETE, &path, &w.writer, None).await;
        let error = reply.error(409, "CONFLICT");
        assert_eq!(error["details"]["current_status"], json!(held));
        // Details may still change during a ride; the status stays.
        let reply = patch(&app, &path, &w.writer, json!({"registration": "R-1"})).await;
        assert_eq!(reply.ok()["status"], json!(held));
        assert_eq!(all_events(&app, w.tenant.id).await, events_before);
    }

    set_status(&app, &id, "maintenance").await;
    let reply = call(&app, Method::DELETE, &path, &w.writer, None).await;
    let data = reply.ok();
    assert_eq!(data["status"], json!("retired"));
    assert_eq!(data["id"], json!(id));
    let events = status_events(&app, w.tenant.id, &id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["previous_status"], json!("maintenance"));
    assert_eq!(events[0]["status"], json!("retired"));

    // Still readable and listed; retiring again changes nothing.
    assert_eq!(
        get(&app, &path, &w.reader).await.ok()["status"],
        json!("retired")
    );
    let reply = get(&app, &format!("{VEHICLES}?status=retired"), &w.reader).await;
    assert_eq!(ids(reply.ok()), vec![id.clone()]);
    assert_eq!(
        call(&app, Method::DELETE, &path, &w.writer, None)
            .await
            .ok()["status"],
        json!("retired")
    );
    assert_eq!(status_events(&app, w.tenant.id, &id).await.len(), 1);

    // A retired vehicle refuses every change.
    for body in [json!({"status": "available"}), json!({"make": "Niu"})] {
        let reply = call(&app, Method::PATCH, &path, &w.writer, Some(body)).await;
        let error = reply.error(409, "CONFLICT");
        assert_eq!(error["details"]["current_status"], json!("retired"));
    }
    assert_eq!(status_events(&app, w.tenant.id, &id).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_hides_other_tenants_subaccounts_and_modes() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let t = w.tenant.id;
    let live2 = app.create_subaccount(t, false).await;
    let sandbox = app.create_subaccount(t, true).await;
    let (_, all_live) = app.create_key(t, writer_key()).await;
    let (_, one_live) = app
        .create_key(t, with_all(subaccount_key(KeyMode::Live, w.sub.id)))
        .await;
    let (_, test) = app.create_key(t, with_all(test_key())).await;
    assert!(test.starts_with("lf_tk_"));

    let mine = new_vehicle(
        &app,
        &one_live,
        json!({"type": "scooter", "latitude": 1.0, "longitude": 1.0}),
    )
    .await;
    let theirs = new_vehicle(
        &app,
        &all_live,
        json!({"type": "scooter", "subaccount_id": live2.id, "latitude": 1.0, "longitude": 1.0}),
    )
    .await;
    let sandboxed = new_vehicle(
        &app,
        &test,
        json!({"type": "scooter", "latitude": 1.0, "longitude": 1.0}),
    )
    .await;
    assert_eq!(sandboxed["subaccount_id"], json!(sandbox.id.to_string()));
    let other = world(&app).await;
    let foreign = new_vehicle(
        &app,
        &other.writer,
        json!({"type": "scooter", "latitude": 1.0, "longitude": 1.0}),
    )
    .await;

    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    let nearby = format!("{NEARBY}?lat=1&lng=1&radius=100");
    for (key, visible) in [
        (&one_live, vec![id(&mine)]),
        (&all_live, vec![id(&mine), id(&theirs)]),
        (&test, vec![id(&sandboxed)]),
        (&other.writer, vec![id(&foreign)]),
    ] {
        let mut got = ids(get(&app, VEHICLES, key).await.ok());
        got.sort();
        let mut want = visible.clone();
        want.sort();
        assert_eq!(got, want);
        let mut near = ids(get(&app, &nearby, key).await.ok());
        near.sort();
        assert_eq!(near, want, "nearby");
        for v in [&mine, &theirs, &sandboxed, &foreign] {
            let path = format!("{VEHICLES}/{}", id(v));
            let reachable = visible.contains(&id(v));
            let reply = get(&app, &path, key).await;
            let patched = patch(&app, &path, key, json!({"make": "Scoped"})).await;
            if reachable {
                reply.ok();
                patched.ok();
            } else {
                let error = reply.error(404, "NOT_FOUND");
                assert_eq!(error["details"]["vehicle_id"], json!(id(v)));
                patched.error(404, "NOT_FOUND");
                call(&app, Method::DELETE, &path, key, None)
                    .await
                    .error(404, "NOT_FOUND");
            }
        }
    }
    // X-Subaccount-Id narrows a global key.
    let reply = app
        .send(
            app.request(Method::GET, VEHICLES)
                .header("X-Partner-Api-Key", &all_live)
                .header("X-Subaccount-Id", live2.id.to_string()),
        )
        .await;
    assert_eq!(ids(reply.ok()), vec![id(&theirs)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_requires_its_permission() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let v = new_vehicle(&app, &w.writer, json!({"type": "scooter"})).await;
    let path = format!("{VEHICLES}/{}", v["id"].as_str().unwrap());
    let (_, rides_only) = app
        .create_key(
            w.tenant.id,
            NewKey {
                permissions: Some(PermissionSet::parse_list("rides:read").unwrap()),
                ..live_key()
            },
        )
        .await;
    let cases = [
        (
            Method::GET,
            VEHICLES.to_owned(),
            None,
            &rides_only,
            "vehicles:read",
        ),
        (
            Method::GET,
            path.clone(),
            None,
            &rides_only,
            "vehicles:read",
        ),
        (
            Method::GET,
            format!("{NEARBY}?lat=0&lng=0"),
            None,
            &rides_only,
            "vehicles:read",
        ),
        // The default permissions read but do not write.
        (
            Method::POST,
            VEHICLES.to_owned(),
            Some(json!({"type": "car"})),
            &w.reader,
            "vehicles:write",
        ),
        (
            Method::PATCH,
            path.clone(),
            Some(json!({"status": "offline"})),
            &w.reader,
            "vehicles:write",
        ),
        (
            Method::DELETE,
            path.clone(),
            None,
            &w.reader,
            "vehicles:write",
        ),
    ];
    for (method, path, body, key, permission) in cases {
        let reply = call(&app, method.clone(), &path, key, body).await;
        let error = reply.forbidden("missing_permission");
        assert_eq!(
            error["details"]["required"],
            json!(permission),
            "{method} {path}"
        );
    }
    // Nothing changed.
    let reply = get(&app, &path, &w.reader).await;
    assert_eq!(reply.ok()["status"], json!("available"));
    assert_eq!(app.count_rows("vehicles").await, 1);
}

// ---- nearby ------------------------------------------------------------------------------

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_f64()
    }
}

/// Inserts `n` vehicles at seeded random positions within ±`spread`° of the centre.
/// Every 5th is in maintenance; every 7th in `other_sub` when given.
async fn scatter(
    app: &TestApp,
    tenant: TenantId,
    sub: &Subaccount,
    other_sub: Option<&Subaccount>,
    n: i32,
    (lat, lng, spread): (f64, f64, f64),
    seed: f64,
) {
    let mut conn = app.conn().await;
    diesel::sql_query("SELECT setseed($1)")
        .bind::<Double, _>(seed)
        .execute(&mut *conn)
        .await
        .unwrap();
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type, status, latitude, longitude) \
         SELECT gen_random_uuid(), $1, \
                CASE WHEN g % 7 = 0 THEN $2 ELSE $3 END, \
                'R' || g || '-' || $4, 'scooter', \
                CASE WHEN g % 5 = 0 THEN 'maintenance' ELSE 'available' END, \
                $5 + (random() * 2 - 1) * $7, $6 + (random() * 2 - 1) * $7 \
         FROM generate_series(1, $8) AS g",
    )
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(other_sub.unwrap_or(sub).id.0)
    .bind::<SqlUuid, _>(sub.id.0)
    .bind::<Text, _>(uuid::Uuid::new_v4().simple().to_string()[..8].to_owned())
    .bind::<Double, _>(lat)
    .bind::<Double, _>(lng)
    .bind::<Double, _>(spread)
    .bind::<Integer, _>(n)
    .execute(&mut *conn)
    .await
    .unwrap();
}

#[derive(diesel::QueryableByName)]
struct Row {
    #[diesel(sql_type = SqlUuid)]
    id: uuid::Uuid,
    #[diesel(sql_type = SqlUuid)]
    tenant_id: uuid::Uuid,
    #[diesel(sql_type = SqlUuid)]
    subaccount_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<Double>)]
    latitude: Option<f64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<Double>)]
    longitude: Option<f64>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nearby_equals_a_brute_force_haversine() {
    nearby_against_brute_force(&TestApp::spawn().await).await;
}

/// The same with the in-memory index on (`nearby_index`): the first search loads the tenant;
/// once it is loaded and in sync, the searches are answered from memory.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nearby_from_the_index_equals_a_brute_force_haversine() {
    let app = TestApp::spawn_with(|c| {
        c.nearby_index_max_lag = Some(std::time::Duration::from_millis(700));
    })
    .await;
    nearby_against_brute_force(&app).await;
}

async fn nearby_against_brute_force(app: &TestApp) {
    let w = world(app).await;
    let sandbox = app.create_subaccount(w.tenant.id, true).await;
    let centre = (52.52, 13.405);
    scatter(
        app,
        w.tenant.id,
        &w.sub,
        Some(&sandbox),
        2_000,
        (centre.0, centre.1, 0.03),
        0.25,
    )
    .await;
    // Another tenant's vehicles on the same streets.
    let other = world(app).await;
    scatter(
        app,
        other.tenant.id,
        &other.sub,
        None,
        300,
        (centre.0, centre.1, 0.03),
        0.5,
    )
    .await;
    // Vehicles without a position are never near anything.
    new_vehicle(app, &w.writer, json!({"type": "scooter"})).await;

    let rows: Vec<Row> = {
        let mut conn = app.conn().await;
        diesel::sql_query(
            "SELECT id, tenant_id, subaccount_id, status, latitude, longitude FROM vehicles",
        )
        .load(&mut *conn)
        .await
        .unwrap()
    };
    assert!(rows.len() > 2_300);

    // With the index on: the first search asks for the tenant; wait until it is loaded.
    let index = app.state().nearby.clone();
    if index.is_enabled() {
        let first = format!("{NEARBY}?lat={}&lng={}", centre.0, centre.1);
        for _ in 0..200 {
            get(app, &first, &w.reader).await.ok();
            if index.has_tenant(w.tenant.id) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert!(index.has_tenant(w.tenant.id), "the index loaded the tenant");
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut checked_limit_bound = 0;
    let mut checked_radius_bound = 0;
    for round in 0..22 {
        let lat = centre.0 + rng.range(-0.035, 0.035);
        let lng = centre.1 + rng.range(-0.035, 0.035);
        let radius = match round {
            0 => 10_000.0,
            1 => 1.0,
            _ => rng.range(30.0, 1_500.0).round(),
        };
        let limit: usize = [50, 100, 7, 1][round % 4];
        let status = if round % 5 == 4 {
            "maintenance"
        } else {
            "available"
        };
        let mut query = format!("{NEARBY}?lat={lat}&lng={lng}&radius={radius}&limit={limit}");
        if round % 5 == 4 || round == 3 {
            query.push_str(&format!("&status={status}"));
        }
        let reply = get(app, &query, &w.reader).await;
        let data = reply.ok().as_array().unwrap().clone();

        let mut expected: Vec<(f64, uuid::Uuid)> = rows
            .iter()
            .filter(|r| {
                r.tenant_id == w.tenant.id.0 && r.subaccount_id == w.sub.id.0 && r.status == status
            })
            .filter_map(|r| Some((haversine_m(lat, lng, r.latitude?, r.longitude?), r.id)))
            .filter(|(d, _)| *d <= radius)
            .collect();
        expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let within = expected.len();
        expected.truncate(limit);
        if within > limit {
            checked_limit_bound += 1;
        } else if within > 0 {
            checked_radius_bound += 1;
        }

        let got: Vec<(f64, String)> = data
            .iter()
            .map(|v| {
                (
                    v["distance_m"].as_f64().unwrap(),
                    v["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            got.iter().map(|g| g.1.clone()).collect::<Vec<_>>(),
            expected.iter().map(|e| e.1.to_string()).collect::<Vec<_>>(),
            "round {round}: {query}"
        );
        for ((gd, _), (ed, _)) in got.iter().zip(&expected) {
            assert!((gd - ed).abs() <= 0.5, "round {round}: {gd} vs {ed}");
            assert!(*gd <= radius + 0.5);
        }
        assert!(
            got.windows(2).all(|p| p[0].0 <= p[1].0),
            "sorted by distance"
        );
        for v in &data {
            assert_eq!(v["status"], json!(status));
            assert_eq!(v["subaccount_id"], json!(w.sub.id.to_string()));
        }
    }
    assert!(
        checked_limit_bound >= 3,
        "{checked_limit_bound} limit-bound rounds"
    );
    assert!(
        checked_radius_bound >= 3,
        "{checked_radius_bound} radius-bound rounds"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nearby_validates_its_parameters() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    for (query, field) in [
        ("", "lat"),
        ("lng=0", "lat"),
        ("lat=0", "lng"),
        ("lat=90.1&lng=0", "lat"),
        ("lat=abc&lng=0", "lat"),
        ("lat=0&lng=-180.5", "lng"),
        ("lat=0&lng=NaN", "lng"),
        ("lat=0&lng=0&radius=0", "radius"),
        ("lat=0&lng=0&radius=10001", "radius"),
        ("lat=0&lng=0&radius=-5", "radius"),
        ("lat=0&lng=0&radius=far", "radius"),
        ("lat=0&lng=0&limit=0", "limit"),
        ("lat=0&lng=0&limit=101", "limit"),
        ("lat=0&lng=0&status=lost", "status"),
    ] {
        let reply = get(&app, &format!("{NEARBY}?{query}"), &w.reader).await;
        assert_eq!(reply.invalid_field(), field, "{query}");
    }
    // Bounds are inclusive; an empty result is an empty list.
    for query in [
        "lat=0&lng=0&radius=1",
        "lat=0&lng=0&radius=10000&limit=100",
        "lat=90&lng=180",
        "lat=-90&lng=-180",
    ] {
        let reply = get(&app, &format!("{NEARBY}?{query}"), &w.reader).await;
        assert_eq!(reply.ok(), &json!([]), "{query}");
    }
    // Across the antimeridian and at a pole.
    let east = new_vehicle(
        &app,
        &w.writer,
        json!({"type": "scooter", "latitude": 0.0, "longitude": 179.9995}),
    )
    .await;
    let west = new_vehicle(
        &app,
        &w.writer,
        json!({"type": "scooter", "latitude": 0.0, "longitude": -179.9995}),
    )
    .await;
    let reply = get(
        &app,
        &format!("{NEARBY}?lat=0&lng=-179.9999&radius=200"),
        &w.reader,
    )
    .await;
    assert_eq!(
        ids(reply.ok()),
        vec![
            ids(&json!([west]))[0].clone(),
            ids(&json!([east]))[0].clone()
        ]
    );
    let pole = new_vehicle(
        &app,
        &w.writer,
        json!({"type": "scooter", "latitude": 89.9999, "longitude": 120.0}),
    )
    .await;
    let reply = get(
        &app,
        &format!("{NEARBY}?lat=90&lng=-60&radius=50"),
        &w.reader,
    )
    .await;
    assert_eq!(ids(reply.ok()), ids(&json!([pole])));
}

/// The stored `position_cell` (SQL) and `nearby::position_cell` (Rust) agree, including on
/// cell edges, the poles and the antimeridian: the nearby search relies on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn position_cells_agree_with_the_grid() {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Double)]
        latitude: f64,
        #[diesel(sql_type = Double)]
        longitude: f64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        position_cell: i64,
    }
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    scatter(
        &app,
        w.tenant.id,
        &w.sub,
        None,
        2_000,
        (52.52, 13.40, 0.05),
        0.3,
    )
    .await;
    for (lat, lng) in [
        (90.0, 180.0),
        (-90.0, -180.0),
        (0.0, 0.0),
        (52.002, 13.004),
        (-0.002, -179.998),
        (45.0019999, 179.9999999),
    ] {
        let reply = create(
            &app,
            &w.writer,
            json!({"type": "scooter", "latitude": lat, "longitude": lng}),
        )
        .await;
        created(&reply);
    }
    let mut conn = app.conn().await;
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT latitude, longitude, position_cell FROM vehicles WHERE latitude IS NOT NULL",
    )
    .load(&mut *conn)
    .await
    .unwrap();
    assert!(rows.len() > 2_000, "{}", rows.len());
    for r in rows {
        assert_eq!(
            r.position_cell,
            position_cell(r.latitude, r.longitude),
            "({}, {})",
            r.latitude,
            r.longitude
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nearby_query_uses_the_position_index() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    scatter(
        &app,
        w.tenant.id,
        &w.sub,
        None,
        25_000,
        (48.8566, 2.3522, 1.0),
        0.75,
    )
    .await;
    let other = world(&app).await;
    scatter(
        &app,
        other.tenant.id,
        &other.sub,
        None,
        5_000,
        (48.8566, 2.3522, 1.0),
        0.1,
    )
    .await;
    sql(&app, "ANALYZE vehicles").await;

    let scope = Scope::new(w.tenant.id, vec![w.sub.id]);
    let mut conn = app.conn().await;
    for (radius, status) in [("500", None), ("10000", None), ("100", Some("maintenance"))] {
        let query = NearbyQuery::parse(&NearbyParams {
            lat: Some("48.8566".into()),
            lng: Some("2.3522".into()),
            radius: Some(radius.into()),
            status: status.map(Into::into),
            vehicle_type: None,
            limit: None,
        })
        .unwrap();
        let plan = store::explain_nearby(&mut conn, &scope, &query)
            .await
            .unwrap()
            .join("\n");
        assert!(
            plan.contains("vehicles_tenant_status_cell_idx"),
            "radius {radius}:\n{plan}"
        );
        assert!(
            !plan.contains("Seq Scan on vehicles"),
            "radius {radius}:\n{plan}"
        );
    }
    drop(conn);
    // And the endpoint answers with that statement.
    let reply = get(
        &app,
        &format!("{NEARBY}?lat=48.8566&lng=2.3522&radius=2000&limit=100"),
        &w.reader,
    )
    .await;
    let data = reply.ok().as_array().unwrap().clone();
    assert!(!data.is_empty());
    let by_id: HashMap<&str, f64> = data
        .iter()
        .map(|v| (v["id"].as_str().unwrap(), v["distance_m"].as_f64().unwrap()))
        .collect();
    assert_eq!(by_id.len(), data.len());
    assert!(data
        .iter()
        .all(|v| v["distance_m"].as_f64().unwrap() <= 2000.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_get_distinct_numbers() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let bodies: Vec<Value> = (0..24)
        .map(|i| {
            if i % 4 == 3 {
                json!({"type": "scooter", "vehicle_number": format!("V{:03}", 5 + i / 4)})
            } else {
                json!({"type": "scooter"})
            }
        })
        .collect();
    let replies =
        futures_util::future::join_all(bodies.iter().map(|b| create(&app, &w.writer, b.clone())))
            .await;
    let mut numbers = Vec::new();
    for (body, reply) in bodies.iter().zip(&replies) {
        match reply.status.as_u16() {
            201 => numbers.push(
                reply.body["data"]["vehicle_number"]
                    .as_str()
                    .unwrap()
                    .to_lowercase(),
            ),
            // Only an explicit number can lose to a generated one.
            409 if body.get("vehicle_number").is_some() => {
                reply.error(409, "CONFLICT");
            }
            other => panic!("{body}: {other} {}", reply.text),
        }
    }
    let unique: HashSet<&String> = numbers.iter().collect();
    assert_eq!(unique.len(), numbers.len(), "{numbers:?}");
    assert_eq!(app.count_rows("vehicles").await, numbers.len() as i64);
    // Every generated create succeeded.
    assert!(numbers.len() >= 18, "{numbers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trackers_register_by_device_id_unique_per_tenant() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let other = world(&app).await;
    let a = created(
        &create(
            &app,
            &w.writer,
            json!({"type": "scooter", "device_id": "imei-1"}),
        )
        .await,
    );
    assert_eq!(a["device_id"], json!("imei-1"));
    let id = a["id"].as_str().unwrap().to_owned();
    // Taken within the tenant (create and PATCH), free in another tenant.
    let r = create(
        &app,
        &w.writer,
        json!({"type": "scooter", "device_id": "imei-1"}),
    )
    .await;
    r.error(409, "CONFLICT");
    created(
        &create(
            &app,
            &other.writer,
            json!({"type": "scooter", "device_id": "imei-1"}),
        )
        .await,
    );
    let b = created(&create(&app, &w.writer, json!({"type": "ebike"})).await);
    let b_path = format!("{VEHICLES}/{}", b["id"].as_str().unwrap());
    let r = patch(&app, &b_path, &w.writer, json!({"device_id": "imei-1"})).await;
    r.error(409, "CONFLICT");
    // Bad ids name the field.
    for bad in ["", "with space", &"x".repeat(65)] {
        let r = create(
            &app,
            &w.writer,
            json!({"type": "scooter", "device_id": bad}),
        )
        .await;
        assert_eq!(
            r.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
            json!("device_id"),
            "{bad:?}"
        );
    }
    // A ping may name the vehicle by its tracker id.
    let ping = json!({"device_id": "imei-1", "ts": now_rfc3339(), "lat": 52.5, "lng": 13.4});
    let r = post(
        &app,
        "/api/partner/v1/telematics/pings",
        &w.writer,
        ping.clone(),
    )
    .await;
    assert_eq!(r.body["data"]["accepted"], json!(1), "{}", r.text);
    let path = format!("{VEHICLES}/{id}");
    assert_eq!(
        get(&app, &path, &w.writer).await.ok()["latitude"],
        json!(52.5)
    );
    // PATCH null unregisters it; then it is free for the other vehicle.
    let r = patch(&app, &path, &w.writer, json!({"device_id": null})).await;
    assert!(r.ok()["device_id"].is_null());
    let r = patch(&app, &b_path, &w.writer, json!({"device_id": "imei-1"})).await;
    assert_eq!(r.ok()["device_id"], json!("imei-1"));
    // Retiring a vehicle lets go of its tracker.
    let r = call(&app, Method::DELETE, &b_path, &w.writer, None).await;
    assert!(r.ok()["device_id"].is_null());
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}
