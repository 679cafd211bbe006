//! Zones (SPEC §7): validated creation through the service, list and read over HTTP with
//! GeoJSON geometry, the `zone_id` vehicle filter, `zones_containing`, and scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::Method;
use serde_json::{json, Value};

use common::{
    all_permissions, ids, live_key, sorted_keys, subaccount_key, test_key, Reply, Seed, TestApp,
};
use fleet_domain::zones::{service, NewZone, Zone, ZoneType};
use fleet_domain::{
    Error, KeyMode, PermissionSet, Plan, Scope, Subaccount, SubaccountId, TenantId,
};
use keys::NewKey;

const ZONES: &str = "/api/partner/v1/zones";
const VEHICLES: &str = "/api/partner/v1/vehicles";

/// A closed square ring, corners rounded to 1e-9° (JSON numbers that round-trip exactly).
fn square(lng0: f64, lat0: f64, size: f64) -> Value {
    let r = |v: f64| (v * 1e9).round() / 1e9;
    let (lng0, lat0, lng1, lat1) = (r(lng0), r(lat0), r(lng0 + size), r(lat0 + size));
    json!([
        [lng0, lat0],
        [lng1, lat0],
        [lng1, lat1],
        [lng0, lat1],
        [lng0, lat0]
    ])
}

fn polygon(rings: Vec<Value>) -> Value {
    json!({"type": "Polygon", "coordinates": rings})
}

async fn create(
    app: &TestApp,
    tenant: TenantId,
    sub: SubaccountId,
    zone_type: ZoneType,
    geometry: Value,
    speed: Option<i32>,
) -> Result<Zone, Error> {
    let mut conn = app.conn().await;
    service::create_zone(
        &mut conn,
        &Scope::new(tenant, vec![sub]),
        NewZone {
            subaccount_id: None,
            name: format!("{} zone", zone_type.as_str()),
            zone_type,
            geometry,
            speed_limit_kph: speed,
        },
    )
    .await
}

async fn zone(app: &TestApp, sub: &Subaccount, zone_type: ZoneType, geometry: Value) -> Zone {
    let speed = (zone_type == ZoneType::SlowSpeed).then_some(20);
    create(app, sub.tenant_id, sub.id, zone_type, geometry, speed)
        .await
        .unwrap()
}

/// A gateway and an enterprise seed whose subaccount has one operating area: the square
/// (13.0, 52.0)–(14.0, 53.0) with a hole (13.4, 52.4)–(13.6, 52.6).
async fn with_holed_area() -> (TestApp, Seed, Zone) {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(Plan::Enterprise).await;
    let area = zone(
        &app,
        &seed.subaccount,
        ZoneType::OperatingArea,
        polygon(vec![square(13.0, 52.0, 1.0), square(13.4, 52.4, 0.2)]),
    )
    .await;
    (app, seed, area)
}

/// A zone of `zone_type` whose geometry is one square (see [`square`]).
async fn square_zone(
    app: &TestApp,
    sub: &Subaccount,
    zone_type: ZoneType,
    lng0: f64,
    lat0: f64,
    size: f64,
) -> Zone {
    zone(app, sub, zone_type, polygon(vec![square(lng0, lat0, size)])).await
}

async fn get(app: &TestApp, path: &str, key: &str) -> Reply {
    app.call(key, Method::GET, path, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creation_validates_geometry_and_speed_limits() {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(Plan::Enterprise).await;
    let (t, s) = (seed.tenant.id, seed.subaccount.id);
    let open = json!([[0, 0], [1, 0], [1, 1], [0, 1]]);
    let cases = [
        (polygon(vec![open]), "geometry"),
        (polygon(vec![json!([[0, 0], [1, 1], [0, 0]])]), "geometry"),
        (polygon(vec![square(179.9, 10.0, 0.2)]), "geometry"),
        (polygon(vec![square(10.0, -90.5, 1.0)]), "geometry"),
        (json!({"type": "Point", "coordinates": [1, 2]}), "geometry"),
        (
            json!({"type": "polygon", "coordinates": [square(0.0, 0.0, 1.0)]}),
            "geometry",
        ),
        (json!([square(0.0, 0.0, 1.0)]), "geometry"),
    ];
    for (geometry, field) in cases {
        let err = create(&app, t, s, ZoneType::Parking, geometry.clone(), None).await;
        assert!(
            matches!(&err, Err(Error::Invalid { field: f, .. }) if *f == field),
            "{geometry}: {err:?}"
        );
    }
    let ok = polygon(vec![square(13.0, 52.0, 0.1)]);
    for (zone_type, speed) in [
        (ZoneType::SlowSpeed, None),
        (ZoneType::SlowSpeed, Some(0)),
        (ZoneType::SlowSpeed, Some(201)),
        (ZoneType::Parking, Some(20)),
        (ZoneType::OperatingArea, Some(20)),
    ] {
        let err = create(&app, t, s, zone_type, ok.clone(), speed).await;
        assert!(
            matches!(
                &err,
                Err(Error::Invalid {
                    field: "speed_limit_kph",
                    ..
                })
            ),
            "{zone_type:?} {speed:?}: {err:?}"
        );
    }
    assert_eq!(app.count_rows("zones").await, 0);

    let slow = create(&app, t, s, ZoneType::SlowSpeed, ok.clone(), Some(15))
        .await
        .unwrap();
    assert_eq!(slow.speed_limit_kph, Some(15));
    assert_eq!((slow.min_lat, slow.min_lng), (52.0, 13.0));
    assert!((slow.max_lat - 52.1).abs() < 1e-9 && (slow.max_lng - 13.1).abs() < 1e-9);
    // A subaccount outside the scope.
    let mut conn = app.conn().await;
    let err = service::create_zone(
        &mut conn,
        &Scope::new(t, vec![s]),
        NewZone {
            subaccount_id: Some(SubaccountId::new()),
            name: "x".into(),
            zone_type: ZoneType::Parking,
            geometry: ok,
            speed_limit_kph: None,
        },
    )
    .await;
    assert!(
        matches!(err, Err(Error::SubaccountNotAllowed(_))),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_and_read_zones_with_their_geometry() {
    let (app, seed, area) = with_holed_area().await;
    let sub = &seed.subaccount;
    let parking = square_zone(&app, sub, ZoneType::Parking, 13.1, 52.1, 0.01).await;
    let multi = json!({"type": "MultiPolygon", "coordinates": [[square(13.2, 52.2, 0.01)], [square(13.3, 52.3, 0.01)]]});
    let no_parking = zone(&app, sub, ZoneType::NoParking, multi.clone()).await;
    let slow = square_zone(&app, sub, ZoneType::SlowSpeed, 13.5, 52.5, 0.05).await;

    let reply = get(&app, ZONES, &seed.secret).await;
    let data = reply.ok();
    assert_eq!(
        ids(data),
        [area.id, parking.id, no_parking.id, slow.id].map(|i| i.to_string())
    );
    assert_eq!(reply.body["pagination"]["total"], json!(4));
    let first = &data[0];
    assert_eq!(first["type"], json!("operating_area"));
    assert_eq!(first["geometry"]["type"], json!("Polygon"));
    assert_eq!(first["geometry"]["coordinates"][1], square(13.4, 52.4, 0.2));
    assert_eq!(first["speed_limit_kph"], Value::Null);
    assert_eq!(first["subaccount_id"], json!(sub.id.to_string()));
    let keys = sorted_keys(first);
    assert_eq!(
        keys,
        [
            "created_at",
            "geometry",
            "id",
            "name",
            "speed_limit_kph",
            "subaccount_id",
            "type",
            "updated_at"
        ]
    );

    for (zone_type, expected) in [
        ("parking", vec![parking.id]),
        ("no_parking", vec![no_parking.id]),
        ("slow_speed", vec![slow.id]),
        ("operating_area", vec![area.id]),
    ] {
        let reply = get(&app, &format!("{ZONES}?type={zone_type}"), &seed.secret).await;
        let expected: Vec<String> = expected.iter().map(ToString::to_string).collect();
        assert_eq!(ids(reply.ok()), expected);
    }
    for (query, field) in [
        ("type=lake", "type"),
        ("limit=0", "limit"),
        ("page=x", "page"),
    ] {
        let reply = get(&app, &format!("{ZONES}?{query}"), &seed.secret).await;
        assert_eq!(reply.invalid_field(), field, "{query}");
    }
    // Pages and cursors.
    let reply = get(&app, &format!("{ZONES}?limit=3&page=2"), &seed.secret).await;
    assert_eq!(ids(reply.ok()), vec![slow.id.to_string()]);
    let reply = get(&app, &format!("{ZONES}?limit=3&cursor="), &seed.secret).await;
    assert_eq!(ids(reply.ok()).len(), 3);
    let next = reply.body["pagination"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = get(
        &app,
        &format!("{ZONES}?limit=3&cursor={next}"),
        &seed.secret,
    )
    .await;
    assert_eq!(ids(reply.ok()), vec![slow.id.to_string()]);
    assert_eq!(reply.body["pagination"]["has_next"], json!(false));

    let reply = get(&app, &format!("{ZONES}/{}", no_parking.id), &seed.secret).await;
    let data = reply.ok();
    assert_eq!(data["geometry"], multi);
    assert_eq!(data["type"], json!("no_parking"));
    let reply = get(&app, &format!("{ZONES}/{}", slow.id), &seed.secret).await;
    assert_eq!(reply.ok()["speed_limit_kph"], json!(20));

    let unknown = uuid::Uuid::now_v7().to_string();
    let reply = get(&app, &format!("{ZONES}/{unknown}"), &seed.secret).await;
    assert_eq!(
        reply.error(404, "NOT_FOUND")["details"]["zone_id"],
        json!(unknown)
    );
    get(&app, &format!("{ZONES}/nope"), &seed.secret)
        .await
        .error(404, "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zones_containing_tests_the_exact_geometry() {
    let (app, seed, area) = with_holed_area().await;
    let sub = &seed.subaccount;
    let parking = square_zone(&app, sub, ZoneType::Parking, 13.45, 52.45, 0.01).await;
    let multi = zone(
        &app,
        sub,
        ZoneType::NoParking,
        json!({"type": "MultiPolygon", "coordinates": [[square(13.1, 52.1, 0.1)], [square(13.8, 52.8, 0.1)]]}),
    )
    .await;
    // Another subaccount's zone covering everything.
    let other_sub = app.create_subaccount(seed.tenant.id, false).await;
    square_zone(&app, &other_sub, ZoneType::OperatingArea, 0.0, 0.0, 60.0).await;

    let scope = Scope::new(seed.tenant.id, vec![sub.id]);
    let mut conn = app.conn().await;
    let table = [
        ((52.05, 13.05), vec![area.id]),
        ((52.15, 13.15), vec![area.id, multi.id]),
        ((52.85, 13.85), vec![area.id, multi.id]),
        // Between the two parts of the MultiPolygon, inside its bounding box.
        ((52.5, 13.15), vec![area.id]),
        // The hole of the operating area, with a parking zone inside the hole.
        ((52.5, 13.5), vec![]),
        ((52.455, 13.455), vec![parking.id]),
        // Boundary counts as inside.
        ((52.0, 13.5), vec![area.id]),
        ((51.9, 13.5), vec![]),
    ];
    for ((lat, lng), expected) in table {
        let got: Vec<_> = service::zones_containing(&mut conn, &scope, lat, lng)
            .await
            .unwrap()
            .into_iter()
            .map(|z| z.id)
            .collect();
        assert_eq!(got, expected, "({lat}, {lng})");
    }
    let everything = Scope::new(seed.tenant.id, vec![sub.id, other_sub.id]);
    assert_eq!(
        service::zones_containing(&mut conn, &everything, 52.5, 13.5)
            .await
            .unwrap()
            .len(),
        1
    );
    let other_tenant = Scope::new(TenantId::new(), vec![sub.id]);
    assert!(
        service::zones_containing(&mut conn, &other_tenant, 52.05, 13.05)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vehicles_filtered_by_zone() {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(Plan::Enterprise).await;
    let sub = &seed.subaccount;
    let (_, writer) = app.create_key(seed.tenant.id, all_permissions()).await;
    // An L-shaped area with a hole: the notch and the hole are outside.
    let area = zone(
        &app,
        sub,
        ZoneType::OperatingArea,
        polygon(vec![
            json!([
                [13.0, 52.0],
                [13.2, 52.0],
                [13.2, 52.1],
                [13.1, 52.1],
                [13.1, 52.2],
                [13.0, 52.2],
                [13.0, 52.0]
            ]),
            square(13.02, 52.02, 0.02),
        ]),
    )
    .await;
    let positions = [
        (Some((52.05, 13.15)), true),  // lower arm
        (Some((52.15, 13.05)), true),  // upper arm
        (Some((52.15, 13.15)), false), // the notch (inside the bbox)
        (Some((52.03, 13.03)), false), // the hole
        (Some((52.0, 13.1)), true),    // on the boundary
        (Some((52.3, 13.05)), false),  // outside the bbox
        (None, false),                 // no position
        (Some((52.06, 13.01)), true),
        (Some((52.19, 13.09)), true),
    ];
    let mut inside = Vec::new();
    for (i, (position, is_inside)) in positions.iter().enumerate() {
        let mut body = json!({"type": if i % 2 == 0 { "scooter" } else { "ebike" }});
        if let Some((lat, lng)) = position {
            body["latitude"] = json!(lat);
            body["longitude"] = json!(lng);
        }
        let reply = app
            .send(
                app.request(Method::POST, VEHICLES)
                    .header("X-Partner-Api-Key", &writer)
                    .json(&body),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
        if *is_inside {
            inside.push((i, reply.body["data"]["id"].as_str().unwrap().to_owned()));
        }
    }
    let all_inside: Vec<String> = inside.iter().map(|(_, id)| id.clone()).collect();
    let path = format!("{VEHICLES}?zone_id={}", area.id);

    // Page mode: the exact set, with its total, paged.
    let reply = get(&app, &path, &seed.secret).await;
    assert_eq!(ids(reply.ok()), all_inside);
    assert_eq!(reply.body["pagination"]["total"], json!(all_inside.len()));
    let reply = get(&app, &format!("{path}&limit=2&page=2"), &seed.secret).await;
    assert_eq!(ids(reply.ok()), all_inside[2..4]);
    assert_eq!(reply.body["pagination"]["has_next"], json!(true));
    assert_eq!(reply.body["pagination"]["total"], json!(all_inside.len()));
    // Combined with another filter.
    let reply = get(&app, &format!("{path}&type=scooter"), &seed.secret).await;
    let scooters: Vec<String> = inside
        .iter()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, id)| id.clone())
        .collect();
    assert_eq!(ids(reply.ok()), scooters);

    // Cursor mode, one at a time: the same set in the same order.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let reply = get(
            &app,
            &format!("{path}&limit=1&cursor={cursor}"),
            &seed.secret,
        )
        .await;
        seen.extend(ids(reply.ok()));
        if reply.body["pagination"]["has_next"] == json!(false) {
            break;
        }
        cursor = reply.body["pagination"]["next_cursor"]
            .as_str()
            .unwrap()
            .to_owned();
    }
    assert_eq!(seen, all_inside);

    // Unknown, foreign and malformed zone ids.
    let unknown = uuid::Uuid::now_v7().to_string();
    let reply = get(&app, &format!("{VEHICLES}?zone_id={unknown}"), &seed.secret).await;
    assert_eq!(
        reply.error(404, "NOT_FOUND")["details"]["zone_id"],
        json!(unknown)
    );
    let other = app.seed_on(Plan::Enterprise).await;
    let foreign = square_zone(&app, &other.subaccount, ZoneType::Parking, 13.0, 52.0, 1.0).await;
    get(
        &app,
        &format!("{VEHICLES}?zone_id={}", foreign.id),
        &seed.secret,
    )
    .await
    .error(404, "NOT_FOUND");
    let reply = get(&app, &format!("{VEHICLES}?zone_id=zone-1"), &seed.secret).await;
    assert_eq!(reply.invalid_field(), "zone_id");
    // The other tenant's key sees its zone but none of these vehicles.
    let reply = get(
        &app,
        &format!("{VEHICLES}?zone_id={}", foreign.id),
        &other.secret,
    )
    .await;
    assert_eq!(reply.ok(), &json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_and_permission() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Enterprise).await;
    let live1 = app.create_subaccount(tenant.id, false).await;
    let live2 = app.create_subaccount(tenant.id, false).await;
    let sandbox = app.create_subaccount(tenant.id, true).await;
    let geometry = polygon(vec![square(2.0, 48.0, 0.5)]);
    let z1 = zone(&app, &live1, ZoneType::Parking, geometry.clone()).await;
    let z2 = zone(&app, &live2, ZoneType::Parking, geometry.clone()).await;
    let zs = zone(&app, &sandbox, ZoneType::Parking, geometry.clone()).await;
    let other = app.seed_on(Plan::Enterprise).await;
    let zf = zone(&app, &other.subaccount, ZoneType::Parking, geometry).await;

    let (_, global) = app.create_key(tenant.id, live_key()).await;
    let (_, one) = app
        .create_key(tenant.id, subaccount_key(KeyMode::Live, live1.id))
        .await;
    let (_, test) = app.create_key(tenant.id, test_key()).await;
    let all = [&z1, &z2, &zs, &zf];
    for (key, visible) in [
        (&global, vec![&z1, &z2]),
        (&one, vec![&z1]),
        (&test, vec![&zs]),
        (&other.secret, vec![&zf]),
    ] {
        let expected: Vec<String> = visible.iter().map(|z| z.id.to_string()).collect();
        assert_eq!(ids(get(&app, ZONES, key).await.ok()), expected);
        for z in all {
            let reply = get(&app, &format!("{ZONES}/{}", z.id), key).await;
            if visible.iter().any(|v| v.id == z.id) {
                assert_eq!(reply.ok()["id"], json!(z.id.to_string()));
            } else {
                reply.error(404, "NOT_FOUND");
            }
        }
    }
    let (_, no_zones) = app
        .create_key(
            tenant.id,
            NewKey {
                permissions: Some(PermissionSet::parse_list("vehicles:read").unwrap()),
                ..live_key()
            },
        )
        .await;
    for path in [ZONES.to_owned(), format!("{ZONES}/{}", z1.id)] {
        let reply = get(&app, &path, &no_zones).await;
        assert_eq!(
            reply.forbidden("missing_permission")["details"]["required"],
            json!("zones:read")
        );
    }
}
