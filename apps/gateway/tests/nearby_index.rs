//! The in-memory nearby index (`fleet_domain::vehicles::nearby_index`): a property test
//! against a brute-force scan of the same rows in Postgres (random fleets, changes, points,
//! radii, statuses, types, scopes), and a change made through the API on one instance
//! reaching the nearby search of a second instance on the same database within a second.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use diesel::sql_types::{Array, BigInt, Double, Nullable, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use reqwest::Method;
use serde_json::{json, Value};

use common::{live_key, TestApp};
use fleet_domain::vehicles::nearby_index::NearbyIndex;
use fleet_domain::vehicles::NearbyParams;
use fleet_domain::{PermissionSet, Plan, Scope, SubaccountId, TenantId};
use gateway::config::Config;

const VEHICLES: &str = "/api/partner/v1/vehicles";
const NEARBY: &str = "/api/partner/v1/vehicles/nearby";
const PINGS: &str = "/api/partner/v1/telematics/pings";

fn index_on(config: &mut Config) {
    config.nearby_index_max_lag = Some(Duration::from_millis(700));
}

/// Cluster centres: a city, the antimeridian, near the north pole, the southern hemisphere.
const CENTRES: [(f64, f64); 4] = [(52.52, 13.405), (0.0, 179.99), (89.99, 0.0), (-33.9, 151.2)];
const STATUSES: [&str; 3] = ["available", "maintenance", "charging"];
const TYPES: [&str; 3] = ["scooter", "ebike", "car"];

#[derive(Debug, Clone)]
struct Spot {
    centre: usize,
    dlat: f64,
    dlng: f64,
}

impl Spot {
    /// Within ±0.03° of the centre, clamped to the globe.
    fn position(&self) -> (f64, f64) {
        let (lat, lng) = CENTRES[self.centre];
        let lat = (lat + self.dlat * 0.03).clamp(-90.0, 90.0);
        let mut lng = lng + self.dlng * 0.03;
        if lng > 180.0 {
            lng -= 360.0;
        }
        (lat, lng)
    }
}

fn spot() -> impl Strategy<Value = Spot> {
    (0..CENTRES.len(), -1.0..1.0_f64, -1.0..1.0_f64).prop_map(|(centre, dlat, dlng)| Spot {
        centre,
        dlat,
        dlng,
    })
}

#[derive(Debug, Clone)]
struct NewRow {
    /// `None`: no position. `Some(None)`: the previous row's position (an exact tie).
    spot: Option<Option<Spot>>,
    status: usize,
    vehicle_type: usize,
    sub: usize,
}

#[derive(Debug, Clone)]
enum Change {
    Move(usize, Spot),
    Status(usize, usize),
    Type(usize, usize),
    Subaccount(usize, usize),
    ClearPosition(usize),
    Delete(usize),
}

#[derive(Debug, Clone)]
struct Search {
    spot: Spot,
    radius: f64,
    limit: i64,
    status: usize,
    vehicle_type: Option<usize>,
    /// Only the first subaccount (a subaccount-bound key) rather than both.
    one_sub: bool,
}

#[derive(Debug, Clone)]
struct Case {
    rows: Vec<NewRow>,
    changes: Vec<Change>,
    searches: Vec<Search>,
}

fn case() -> impl Strategy<Value = Case> {
    let row = (
        prop_oneof![
            1 => Just(None),
            1 => Just(Some(None)),
            8 => spot().prop_map(|s| Some(Some(s))),
        ],
        0..STATUSES.len(),
        0..TYPES.len(),
        0..2_usize,
    )
        .prop_map(|(spot, status, vehicle_type, sub)| NewRow {
            spot,
            status,
            vehicle_type,
            sub,
        });
    let i = 0..400_usize;
    let change = prop_oneof![
        3 => (i.clone(), spot()).prop_map(|(i, s)| Change::Move(i, s)),
        3 => (i.clone(), 0..STATUSES.len()).prop_map(|(i, s)| Change::Status(i, s)),
        1 => (i.clone(), 0..TYPES.len()).prop_map(|(i, t)| Change::Type(i, t)),
        1 => (i.clone(), 0..2_usize).prop_map(|(i, s)| Change::Subaccount(i, s)),
        1 => i.clone().prop_map(Change::ClearPosition),
        1 => i.prop_map(Change::Delete),
    ];
    let search = (
        spot(),
        prop_oneof![1 => Just(10_000.0), 1 => Just(1.0), 6 => 1.0..3_000.0_f64],
        1..=100_i64,
        0..STATUSES.len(),
        proptest::option::of(0..TYPES.len()),
        any::<bool>(),
    )
        .prop_map(
            |(spot, radius, limit, status, vehicle_type, one_sub)| Search {
                spot,
                radius: radius.round().max(1.0),
                limit,
                status,
                vehicle_type,
                one_sub,
            },
        );
    (
        proptest::collection::vec(row, 1..400),
        proptest::collection::vec(change, 0..40),
        proptest::collection::vec(search, 1..10),
    )
        .prop_map(|(rows, changes, searches)| Case {
            rows,
            changes,
            searches,
        })
}

#[derive(diesel::QueryableByName, Debug)]
struct Found {
    #[diesel(sql_type = SqlUuid)]
    id: uuid::Uuid,
    #[diesel(sql_type = Double)]
    d: f64,
}

/// Every row of the scope that matches, by a full scan: the haversine of the SQL search,
/// radius test, `(distance, id)` order, limit.
const BRUTE_FORCE: &str = "\
SELECT id, d FROM (SELECT id, 2 * 6371008.8 * asin(least(1.0, sqrt(\
power(sin(radians(latitude - $4) / 2), 2) \
+ cos(radians($4)) * cos(radians(latitude)) * power(sin(radians(longitude - $5) / 2), 2)\
))) AS d FROM vehicles \
WHERE tenant_id = $1 AND subaccount_id = ANY($2) AND status = $3 \
AND ($7::text IS NULL OR type = $7::text) AND latitude IS NOT NULL AND longitude IS NOT NULL\
) s WHERE d <= $6 ORDER BY d, id LIMIT $8";

struct Fleet {
    tenant: TenantId,
    subs: [SubaccountId; 2],
    ids: Vec<uuid::Uuid>,
}

async fn insert_fleet(app: &TestApp, rows: &[NewRow]) -> Fleet {
    let tenant = app.create_tenant(Plan::Enterprise).await;
    let subs = [
        app.create_subaccount(tenant.id, false).await.id,
        app.create_subaccount(tenant.id, false).await.id,
    ];
    let (mut ids, mut sub, mut number, mut kind, mut status, mut lat, mut lng) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut previous: Option<(f64, f64)> = None;
    for (n, r) in rows.iter().enumerate() {
        let position = match &r.spot {
            None => None,
            Some(None) => previous,
            Some(Some(s)) => Some(s.position()),
        };
        previous = position.or(previous);
        ids.push(uuid::Uuid::now_v7());
        sub.push(subs[r.sub].0);
        number.push(format!("P{n}"));
        kind.push(TYPES[r.vehicle_type]);
        status.push(STATUSES[r.status]);
        lat.push(position.map(|p| p.0));
        lng.push(position.map(|p| p.1));
    }
    let mut conn = app.conn().await;
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type, status, \
         latitude, longitude) \
         SELECT u.id, $1, u.sub, u.number, u.kind, u.status, u.lat, u.lng \
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], \
           $7::float8[], $8::float8[]) AS u(id, sub, number, kind, status, lat, lng)",
    )
    .bind::<SqlUuid, _>(tenant.id.0)
    .bind::<Array<SqlUuid>, _>(&ids)
    .bind::<Array<SqlUuid>, _>(&sub)
    .bind::<Array<Text>, _>(&number)
    .bind::<Array<Text>, _>(&kind)
    .bind::<Array<Text>, _>(&status)
    .bind::<Array<Nullable<Double>>, _>(&lat)
    .bind::<Array<Nullable<Double>>, _>(&lng)
    .execute(&mut *conn)
    .await
    .unwrap();
    Fleet {
        tenant: tenant.id,
        subs,
        ids,
    }
}

async fn apply_changes(app: &TestApp, fleet: &Fleet, changes: &[Change]) {
    let mut conn = app.conn().await;
    for c in changes {
        let pick = |i: &usize| fleet.ids[i % fleet.ids.len()];
        let (sql, id) = match c {
            Change::Move(i, s) => {
                let (lat, lng) = s.position();
                (
                    format!("UPDATE vehicles SET latitude = {lat:?}, longitude = {lng:?}"),
                    pick(i),
                )
            }
            Change::Status(i, s) => (
                format!("UPDATE vehicles SET status = '{}'", STATUSES[*s]),
                pick(i),
            ),
            Change::Type(i, t) => (
                format!("UPDATE vehicles SET type = '{}'", TYPES[*t]),
                pick(i),
            ),
            Change::Subaccount(i, s) => (
                format!("UPDATE vehicles SET subaccount_id = '{}'", fleet.subs[*s]),
                pick(i),
            ),
            Change::ClearPosition(i) => (
                "UPDATE vehicles SET latitude = NULL, longitude = NULL".to_owned(),
                pick(i),
            ),
            Change::Delete(i) => ("DELETE FROM vehicles".to_owned(), pick(i)),
        };
        diesel::sql_query(format!("{sql} WHERE tenant_id = $1 AND id = $2"))
            .bind::<SqlUuid, _>(fleet.tenant.0)
            .bind::<SqlUuid, _>(id)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

/// Syncs until the index answers for the tenant (the first search asks for it).
async fn synced(app: &TestApp, index: &NearbyIndex, scope: &Scope) {
    let probe = NearbyParams {
        lat: Some("0".into()),
        lng: Some("0".into()),
        ..NearbyParams::default()
    };
    for _ in 0..50 {
        let mut conn = app.conn().await;
        index.sync(&mut conn).await.unwrap();
        if index.search(scope, &probe).unwrap().is_some() {
            return;
        }
    }
    panic!("the index never answered");
}

async fn compare(
    app: &TestApp,
    index: &NearbyIndex,
    fleet: &Fleet,
    searches: &[Search],
    hits: &std::sync::atomic::AtomicUsize,
) -> Result<(), TestCaseError> {
    let all = Scope::new(fleet.tenant, fleet.subs.to_vec());
    synced(app, index, &all).await;
    for s in searches {
        let subs: Vec<SubaccountId> = if s.one_sub {
            vec![fleet.subs[0]]
        } else {
            fleet.subs.to_vec()
        };
        let scope = Scope::new(fleet.tenant, subs.clone());
        let (lat, lng) = s.spot.position();
        let params = NearbyParams {
            lat: Some(format!("{lat:?}")),
            lng: Some(format!("{lng:?}")),
            radius: Some(s.radius.to_string()),
            status: Some(STATUSES[s.status].into()),
            vehicle_type: s.vehicle_type.map(|t| TYPES[t].to_owned()),
            limit: Some(s.limit.to_string()),
        };
        let got = match index.search(&scope, &params).unwrap() {
            Some(got) => got,
            None => {
                // Too long since the last sync (a loaded machine): sync and ask again.
                synced(app, index, &scope).await;
                index.search(&scope, &params).unwrap().unwrap()
            }
        };
        let mut conn = app.conn().await;
        let want: Vec<Found> = diesel::sql_query(BRUTE_FORCE)
            .bind::<SqlUuid, _>(fleet.tenant.0)
            .bind::<Array<SqlUuid>, _>(subs.iter().map(|s| s.0).collect::<Vec<_>>())
            .bind::<Text, _>(STATUSES[s.status])
            .bind::<Double, _>(lat)
            .bind::<Double, _>(lng)
            .bind::<Double, _>(s.radius)
            .bind::<Nullable<Text>, _>(s.vehicle_type.map(|t| TYPES[t]))
            .bind::<BigInt, _>(s.limit)
            .load(&mut *conn)
            .await
            .unwrap();
        prop_assert_eq!(
            got.iter().map(|g| g.vehicle.id.0).collect::<Vec<_>>(),
            want.iter().map(|w| w.id).collect::<Vec<_>>(),
            "{:?}",
            s
        );
        if !want.is_empty() {
            hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        for (g, w) in got.iter().zip(&want) {
            prop_assert!(
                (g.distance_m - w.d).abs() < 1e-6,
                "{} vs {}",
                g.distance_m,
                w.d
            );
            prop_assert_eq!(g.vehicle.status.as_str(), STATUSES[s.status]);
        }
    }
    Ok(())
}

#[test]
fn the_index_equals_a_brute_force_scan() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = rt.block_on(TestApp::spawn_with(index_on));
    let index = app.state().nearby.clone();
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let searched = std::sync::atomic::AtomicUsize::new(0);
    // Searches whose brute-force answer was not empty.
    let hits = std::sync::atomic::AtomicUsize::new(0);
    let result = runner.run(&case(), |case| {
        rt.block_on(async {
            let fleet = insert_fleet(&app, &case.rows).await;
            compare(&app, &index, &fleet, &case.searches, &hits).await?;
            apply_changes(&app, &fleet, &case.changes).await;
            compare(&app, &index, &fleet, &case.searches, &hits).await?;
            searched.fetch_add(case.searches.len(), std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
    });
    rt.block_on(async move { drop(app) });
    result.unwrap();
    let (searched, hits) = (searched.into_inner(), hits.into_inner());
    assert!(
        hits * 3 >= searched,
        "{hits} of {searched} searches found something"
    );
}

async fn call(base: &str, method: Method, path: &str, key: &str, body: Option<Value>) -> Value {
    let mut req = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .header("X-Partner-Api-Key", key);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    body["data"].clone()
}

/// The ids nearby (`radius` 300 m) on the instance at `base`.
async fn near(base: &str, key: &str, (lat, lng): (f64, f64)) -> Vec<String> {
    let data = call(
        base,
        Method::GET,
        &format!("{NEARBY}?lat={lat}&lng={lng}&radius=300"),
        key,
        None,
    )
    .await;
    data.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Polls `near` on instance B until `done`; the time from `since` it took.
async fn visible_after(
    base: &str,
    key: &str,
    at: (f64, f64),
    since: Instant,
    done: impl Fn(&[String]) -> bool,
) -> Duration {
    loop {
        if done(&near(base, key, at).await) {
            return since.elapsed();
        }
        assert!(since.elapsed() < Duration::from_secs(10), "never visible");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_reaches_nearby_on_another_instance_within_a_second() {
    let a = TestApp::spawn_with(index_on).await;
    let mut config = Config::for_tests(a.db().url());
    index_on(&mut config);
    let b = gateway::Application::build(config).await.unwrap();
    let b_base = format!("http://127.0.0.1:{}", b.port());
    let b_state = b.state();
    let b_handle = b.handle();
    tokio::spawn(b.run_until_stopped());

    let tenant = a.create_tenant(Plan::Enterprise).await;
    let sub = a.create_subaccount(tenant.id, false).await;
    let (_, key) = a
        .create_key(
            tenant.id,
            keys::NewKey {
                permissions: Some(PermissionSet::all()),
                ..live_key()
            },
        )
        .await;
    let here = (52.52, 13.405);
    let there = (52.56, 13.405); // ~4.4 km north
    let v = call(
        &a.base_url,
        Method::POST,
        VEHICLES,
        &key,
        Some(json!({"type": "scooter", "latitude": here.0, "longitude": here.1})),
    )
    .await;
    let id = v["id"].as_str().unwrap().to_owned();
    let path = format!("{VEHICLES}/{id}");

    // B loads the tenant on its first search; wait until it answers from memory.
    let scope = Scope::new(tenant.id, vec![sub.id]);
    let probe = NearbyParams {
        lat: Some(here.0.to_string()),
        lng: Some(here.1.to_string()),
        ..NearbyParams::default()
    };
    let start = Instant::now();
    loop {
        let found = near(&b_base, &key, here).await;
        let from_memory = b_state.nearby.search(&scope, &probe).unwrap();
        if from_memory.is_some_and(|f| f.len() == 1) && found == vec![id.clone()] {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "B never indexed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // A status change through the API on A.
    call(
        &a.base_url,
        Method::PATCH,
        &path,
        &key,
        Some(json!({"status": "maintenance"})),
    )
    .await;
    let t = visible_after(&b_base, &key, here, Instant::now(), |ids| ids.is_empty()).await;
    assert!(t < Duration::from_secs(1), "status change took {t:?}");
    call(
        &a.base_url,
        Method::PATCH,
        &path,
        &key,
        Some(json!({"status": "available"})),
    )
    .await;
    let t = visible_after(&b_base, &key, here, Instant::now(), |ids| ids.len() == 1).await;
    assert!(t < Duration::from_secs(1), "status change back took {t:?}");

    // A position change through telematics on A.
    let ts = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    call(
        &a.base_url,
        Method::POST,
        PINGS,
        &key,
        Some(json!({"vehicle_id": id, "ts": ts, "lat": there.0, "lng": there.1})),
    )
    .await;
    let since = Instant::now();
    let t = visible_after(&b_base, &key, there, since, |ids| ids == [id.clone()]).await;
    assert!(t < Duration::from_secs(1), "move took {t:?}");
    assert!(
        near(&b_base, &key, here).await.is_empty(),
        "still at the old spot"
    );
    // …and B answered from its index, which holds the new position.
    let moved = NearbyParams {
        lat: Some(there.0.to_string()),
        lng: Some(there.1.to_string()),
        ..NearbyParams::default()
    };
    let mut from_memory = None;
    for _ in 0..50 {
        from_memory = b_state.nearby.search(&scope, &moved).unwrap();
        if from_memory.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let from_memory = from_memory.expect("B's index answers");
    assert_eq!(from_memory.len(), 1);
    assert_eq!(from_memory[0].vehicle.latitude, Some(there.0));

    // Another tenant's key never sees the vehicle through B's index.
    let other = a.create_tenant(Plan::Enterprise).await;
    a.create_subaccount(other.id, false).await;
    let (_, other_key) = a.create_key(other.id, live_key()).await;
    for _ in 0..10 {
        assert!(near(&b_base, &other_key, there).await.is_empty());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    b_handle.stop(false).await;
}
