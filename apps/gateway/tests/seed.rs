//! The seeder (`gateway seed`, `serve --demo`) against a real database: exact counts,
//! vehicles inside their operating area, no ride states, balance = ledger, repeatable
//! without duplicating zones or plans, unique numbers, reproducible by seed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};

use diesel::sql_types::{
    BigInt, Double, Integer, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel::QueryableByName;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use geo::{Contains, Coord, LineString, Point, Polygon};
use serde_json::Value;
use time::OffsetDateTime;

use db::test_db::TestDb;
use fleet_domain::seed::{seed_tenant, SeedOptions, SubaccountSeeded};
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{Error, Plan, Subaccount, SubaccountId, Tenant, TenantId};

async fn connect(db: &TestDb) -> AsyncPgConnection {
    AsyncPgConnection::establish(db.url()).await.unwrap()
}

async fn tenant_with_cities(conn: &mut AsyncPgConnection) -> (Tenant, Vec<Subaccount>) {
    let tenant = tenancy::create_tenant(
        conn,
        NewTenant {
            name: format!("Seeded {}", uuid::Uuid::now_v7().simple()),
            plan: Plan::Enterprise,
        },
    )
    .await
    .unwrap();
    let mut subs = Vec::new();
    for (name, currency, sandbox) in [
        ("Berlin", "EUR", false),
        ("London", "GBP", false),
        ("Sandbox", "USD", true),
    ] {
        subs.push(
            tenancy::create_subaccount(
                conn,
                tenant.id,
                NewSubaccount {
                    name: name.into(),
                    currency: currency.into(),
                    timezone: "UTC".into(),
                    sandbox,
                },
            )
            .await
            .unwrap(),
        );
    }
    (tenant, subs)
}

fn options(vehicles: u64, customers: u64, seed: u64) -> SeedOptions {
    SeedOptions {
        vehicles,
        customers,
        subaccounts: Vec::new(),
        seed,
    }
}

#[derive(QueryableByName, Debug, Clone, PartialEq)]
struct VehicleRow {
    #[diesel(sql_type = SqlUuid)]
    subaccount_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    vehicle_number: String,
    #[diesel(sql_type = Text)]
    vehicle_type: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Text>)]
    registration: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    make: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    year: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    battery_percent: Option<i32>,
    #[diesel(sql_type = Nullable<Double>)]
    latitude: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    longitude: Option<f64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_seen_at: Option<OffsetDateTime>,
}

async fn vehicles(conn: &mut AsyncPgConnection, tenant: TenantId) -> Vec<VehicleRow> {
    diesel::sql_query(
        "SELECT subaccount_id, vehicle_number, type AS vehicle_type, status, registration, make, \
           year, battery_percent, latitude, longitude, last_seen_at \
         FROM vehicles WHERE tenant_id = $1 ORDER BY vehicle_number",
    )
    .bind::<SqlUuid, _>(tenant.0)
    .load(conn)
    .await
    .unwrap()
}

#[derive(QueryableByName, Debug, Clone, PartialEq)]
struct ZoneRow {
    #[diesel(sql_type = SqlUuid)]
    subaccount_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    zone_type: String,
    #[diesel(sql_type = Jsonb)]
    geometry: Value,
    #[diesel(sql_type = Nullable<Integer>)]
    speed_limit_kph: Option<i32>,
    #[diesel(sql_type = Double)]
    min_lat: f64,
    #[diesel(sql_type = Double)]
    min_lng: f64,
    #[diesel(sql_type = Double)]
    max_lat: f64,
    #[diesel(sql_type = Double)]
    max_lng: f64,
}

async fn zones(conn: &mut AsyncPgConnection, tenant: TenantId) -> Vec<ZoneRow> {
    diesel::sql_query(
        "SELECT subaccount_id, type AS zone_type, geometry, speed_limit_kph, min_lat, min_lng, \
           max_lat, max_lng FROM zones WHERE tenant_id = $1 ORDER BY subaccount_id, created_at, id",
    )
    .bind::<SqlUuid, _>(tenant.0)
    .load(conn)
    .await
    .unwrap()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn count(conn: &mut AsyncPgConnection, sql: &str, tenant: TenantId) -> i64 {
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(tenant.0)
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

/// An independent reading of the stored GeoJSON: a closed ring of `[lng, lat]` positions.
fn polygon(geometry: &Value) -> Polygon<f64> {
    assert_eq!(geometry["type"], "Polygon", "{geometry}");
    let rings = geometry["coordinates"].as_array().unwrap();
    assert_eq!(rings.len(), 1, "no holes");
    let coords: Vec<Coord<f64>> = rings[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Coord {
            x: p[0].as_f64().unwrap(),
            y: p[1].as_f64().unwrap(),
        })
        .collect();
    assert!(coords.len() >= 4, "a ring has at least 4 positions");
    assert_eq!(coords[0], coords[coords.len() - 1], "closed ring");
    Polygon::new(LineString::new(coords), Vec::new())
}

async fn check_invariants(conn: &mut AsyncPgConnection, tenant: TenantId, subs: &[Subaccount]) {
    let zs = zones(conn, tenant).await;
    let mut areas: HashMap<uuid::Uuid, Polygon<f64>> = HashMap::new();
    let mut no_parking: HashMap<uuid::Uuid, Vec<Polygon<f64>>> = HashMap::new();
    for sub in subs {
        let mine: Vec<&ZoneRow> = zs.iter().filter(|z| z.subaccount_id == sub.id.0).collect();
        let of = |t: &str| mine.iter().filter(|z| z.zone_type == t).count();
        assert_eq!(of("operating_area"), 1, "{}", sub.name);
        assert!((3..=5).contains(&of("parking")), "{}", sub.name);
        assert!((1..=2).contains(&of("no_parking")), "{}", sub.name);
        assert_eq!(of("slow_speed"), 1, "{}", sub.name);
        let area = mine
            .iter()
            .find(|z| z.zone_type == "operating_area")
            .unwrap();
        let area_polygon = polygon(&area.geometry);
        // ~10-16 km wide.
        let km = (area.max_lat - area.min_lat) * 111.32;
        assert!((8.0..=17.0).contains(&km), "{} is {km} km tall", sub.name);
        for z in &mine {
            let p = polygon(&z.geometry);
            // bbox columns match the ring.
            let (mut a, mut b, mut c, mut d) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for q in p.exterior().coords() {
                a = a.min(q.y);
                b = b.min(q.x);
                c = c.max(q.y);
                d = d.max(q.x);
            }
            assert_eq!((a, b, c, d), (z.min_lat, z.min_lng, z.max_lat, z.max_lng));
            assert_eq!(z.speed_limit_kph.is_some(), z.zone_type == "slow_speed");
            if z.zone_type != "operating_area" {
                assert!(
                    area_polygon.contains(&p),
                    "{} {} inside the area",
                    sub.name,
                    z.zone_type
                );
            }
            if z.zone_type == "no_parking" {
                no_parking.entry(sub.id.0).or_default().push(p);
            }
        }
        areas.insert(sub.id.0, area_polygon);
    }
    // Berlin is Berlin.
    let berlin = subs.iter().find(|s| s.name == "Berlin").unwrap();
    assert!(areas[&berlin.id.0].contains(&Point::new(13.4050, 52.5200)));

    let now = OffsetDateTime::now_utc();
    for v in vehicles(conn, tenant).await {
        let (lat, lng) = (v.latitude.unwrap(), v.longitude.unwrap());
        let p = Point::new(lng, lat);
        assert!(
            areas[&v.subaccount_id].contains(&p),
            "{} outside its area",
            v.vehicle_number
        );
        assert!(
            !no_parking[&v.subaccount_id].iter().any(|z| z.contains(&p)),
            "{} parked in a no-parking zone",
            v.vehicle_number
        );
        assert!(
            ["available", "charging", "maintenance", "offline"].contains(&v.status.as_str()),
            "{v:?}"
        );
        assert!((5..=100).contains(&v.battery_percent.unwrap()), "{v:?}");
        let seen = now - v.last_seen_at.unwrap();
        assert!(
            seen >= time::Duration::ZERO - time::Duration::seconds(5)
                && seen <= time::Duration::minutes(61),
            "{v:?}"
        );
        assert!(v.make.is_some() && (2019..=2025).contains(&v.year.unwrap()));
        assert_eq!(
            v.registration.is_some(),
            ["moped", "car", "van"].contains(&v.vehicle_type.as_str()),
            "{v:?}"
        );
        let digits = v.vehicle_number.strip_prefix('V').unwrap();
        assert!(
            digits.len() >= 3 && digits.bytes().all(|b| b.is_ascii_digit()),
            "{v:?}"
        );
    }
    assert_eq!(
        count(conn, "SELECT (count(*) - count(DISTINCT lower(vehicle_number)))::int8 AS n FROM vehicles WHERE tenant_id = $1", tenant).await,
        0,
        "vehicle numbers unique"
    );
    // Balance = sum of ledger for every wallet; wallets in the subaccount's currency.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) AS n FROM wallets w WHERE w.tenant_id = $1 AND w.balance_cents <> \
               coalesce((SELECT sum(CASE WHEN t.kind IN ('credit', 'refund') THEN t.amount_cents \
                                     ELSE -t.amount_cents END) \
                         FROM wallet_transactions t WHERE t.tenant_id = w.tenant_id \
                           AND t.customer_id = w.customer_id), 0)",
            tenant
        )
        .await,
        0
    );
    assert_eq!(
        count(
            conn,
            "SELECT count(*) AS n FROM wallets w JOIN subaccounts s ON s.id = w.subaccount_id \
             WHERE w.tenant_id = $1 AND w.currency <> s.currency",
            tenant
        )
        .await,
        0
    );
    assert_eq!(
        count(
            conn,
            "SELECT count(*) AS n FROM wallet_transactions WHERE tenant_id = $1 \
               AND (kind <> 'credit' OR description <> 'Welcome credit' OR balance_after_cents <> amount_cents)",
            tenant
        )
        .await,
        0
    );
    assert_eq!(
        count(conn, "SELECT count(*) AS n FROM customers c LEFT JOIN wallets w ON w.customer_id = c.id WHERE c.tenant_id = $1 AND w.customer_id IS NULL", tenant).await,
        0,
        "every customer has a wallet"
    );
    assert_eq!(
        count(conn, "SELECT count(*) AS n FROM customers WHERE tenant_id = $1 AND (status = 'blocked') <> (blocked_reason IS NOT NULL)", tenant).await,
        0
    );
    // Pricing: one plan per vehicle type per subaccount, in its currency.
    assert_eq!(
        count(conn, "SELECT count(*) AS n FROM pricing_plans p JOIN subaccounts s ON s.id = p.subaccount_id WHERE p.tenant_id = $1 AND p.currency = s.currency", tenant).await,
        5 * subs.len() as i64
    );
    // Bulk data writes no events.
    assert_eq!(
        count(
            conn,
            "SELECT count(*) AS n FROM events WHERE tenant_id = $1",
            tenant
        )
        .await,
        0
    );
}

fn totals(report: &[SubaccountSeeded]) -> (u64, u64) {
    (
        report.iter().map(|s| s.vehicles).sum(),
        report.iter().map(|s| s.customers).sum(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_writes_exact_counts_of_plausible_data_and_repeats_cleanly() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let (tenant, subs) = tenant_with_cities(&mut conn).await;
    let t = tenant.id;

    let report = seed_tenant(&mut conn, t, &options(3_001, 301, 7))
        .await
        .unwrap();
    assert_eq!(report.len(), 3);
    assert_eq!(totals(&report), (3_001, 301));
    assert_eq!(report[0].city, "Berlin");
    assert_eq!(report[1].city, "London");
    assert!(report
        .iter()
        .all(|s| s.plans_created == 5 && (6..=9).contains(&s.zones_created)));
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        3_001
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        301
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM wallets WHERE tenant_id = $1",
            t
        )
        .await,
        301
    );
    for s in &report {
        let n = diesel::sql_query(
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1 AND subaccount_id = $2",
        )
        .bind::<SqlUuid, _>(t.0)
        .bind::<SqlUuid, _>(s.subaccount_id.0)
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n;
        assert_eq!(n as u64, s.vehicles);
    }
    check_invariants(&mut conn, t, &subs).await;

    // A realistic mix: mostly available, mostly scooters and e-bikes, ~70 % credited.
    let vs = vehicles(&mut conn, t).await;
    let share = |f: &dyn Fn(&VehicleRow) -> bool| {
        vs.iter().filter(|v| f(v)).count() as f64 / vs.len() as f64
    };
    assert!((0.68..0.82).contains(&share(&|v| v.status == "available")));
    assert!(share(&|v| v.vehicle_type == "scooter" || v.vehicle_type == "ebike") > 0.7);
    assert!(share(&|v| v.vehicle_type == "car") > 0.0);
    let credited = count(
        &mut conn,
        "SELECT count(*) AS n FROM wallets WHERE tenant_id = $1 AND balance_cents > 0",
        t,
    )
    .await;
    assert!(
        (150..=270).contains(&credited),
        "{credited} of 301 credited"
    );
    let blocked = count(
        &mut conn,
        "SELECT count(*) AS n FROM customers WHERE tenant_id = $1 AND status = 'blocked'",
        t,
    )
    .await;
    assert!((1..=40).contains(&blocked), "{blocked} blocked");
    assert_eq!(
        count(&mut conn, "SELECT count(DISTINCT customer_number) AS n FROM customers WHERE tenant_id = $1 AND customer_number BETWEEN 1 AND 301", t).await,
        301
    );
    let zones_before = zones(&mut conn, t).await;

    // Again: more vehicles and customers, the same zones and plans, numbers continue.
    let report = seed_tenant(&mut conn, t, &options(1_000, 100, 8))
        .await
        .unwrap();
    assert_eq!(totals(&report), (1_000, 100));
    assert!(report
        .iter()
        .all(|s| s.zones_created == 0 && s.plans_created == 0));
    assert_eq!(zones(&mut conn, t).await, zones_before);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        4_001
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        401
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT max(customer_number) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        401
    );
    let numbers: HashSet<String> = vehicles(&mut conn, t)
        .await
        .into_iter()
        .map(|v| v.vehicle_number)
        .collect();
    assert_eq!(numbers.len(), 4_001);
    assert!(numbers.contains("V001") && numbers.contains("V4001"));
    check_invariants(&mut conn, t, &subs).await;

    // Only the named subaccount.
    let london = subs[1].id;
    let report = seed_tenant(
        &mut conn,
        t,
        &SeedOptions {
            subaccounts: vec![london],
            ..options(10, 2, 9)
        },
    )
    .await
    .unwrap();
    assert_eq!(report.len(), 1);
    assert_eq!(
        (
            report[0].subaccount_id,
            report[0].vehicles,
            report[0].customers
        ),
        (london, 10, 2)
    );
    check_invariants(&mut conn, t, &subs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_data() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let db = TestDb::new().await;
        let mut conn = connect(&db).await;
        let (tenant, subs) = tenant_with_cities(&mut conn).await;
        seed_tenant(&mut conn, tenant.id, &options(300, 30, 1234))
            .await
            .unwrap();
        // The cities named Berlin and London are fixed; "Sandbox" is picked by its (random)
        // id, so only the named ones can be compared across databases.
        let named: HashMap<uuid::Uuid, String> = subs
            .iter()
            .filter(|s| !s.sandbox)
            .map(|s| (s.id.0, s.name.clone()))
            .collect();
        let vs: Vec<_> = vehicles(&mut conn, tenant.id)
            .await
            .into_iter()
            .filter_map(|v| {
                named.get(&v.subaccount_id).map(|city| {
                    (
                        city.clone(),
                        v.vehicle_number,
                        v.vehicle_type,
                        v.status,
                        v.battery_percent,
                        v.latitude,
                        v.longitude,
                    )
                })
            })
            .collect();
        let zs: Vec<_> = zones(&mut conn, tenant.id)
            .await
            .into_iter()
            .filter_map(|z| {
                named
                    .get(&z.subaccount_id)
                    .map(|city| (city.clone(), z.geometry.to_string()))
            })
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        runs.push((vs, zs.into_iter().collect::<HashSet<_>>()));
    }
    assert_eq!(runs[0].0.len(), 200);
    assert!(runs[0].1.len() >= 12);
    assert_eq!(runs[0].0, runs[1].0);
    assert_eq!(runs[0].1, runs[1].1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_targets_are_refused_before_writing() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let (tenant, _) = tenant_with_cities(&mut conn).await;
    let (other, other_subs) = tenant_with_cities(&mut conn).await;
    let unknown = seed_tenant(&mut conn, TenantId::new(), &options(1, 1, 1)).await;
    assert!(
        matches!(
            unknown,
            Err(Error::NotFound {
                resource: "tenant",
                ..
            })
        ),
        "{unknown:?}"
    );
    for sub in [other_subs[0].id, SubaccountId::new()] {
        let r = seed_tenant(
            &mut conn,
            tenant.id,
            &SeedOptions {
                subaccounts: vec![sub],
                ..options(1, 1, 1)
            },
        )
        .await;
        assert!(
            matches!(
                r,
                Err(Error::NotFound {
                    resource: "subaccount",
                    ..
                })
            ),
            "{r:?}"
        );
    }
    let r = seed_tenant(&mut conn, tenant.id, &options(2_000_000, 0, 1)).await;
    assert!(
        matches!(
            r,
            Err(Error::Invalid {
                field: "vehicles",
                ..
            })
        ),
        "{r:?}"
    );
    for t in [tenant.id, other.id] {
        assert_eq!(
            count(
                &mut conn,
                "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1",
                t
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &mut conn,
                "SELECT count(*) AS n FROM zones WHERE tenant_id = $1",
                t
            )
            .await,
            0
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_seeded_once() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let first = gateway::demo::seed(&mut conn).await.unwrap();
    let seeded = first.seeded.expect("first run seeds");
    assert_eq!(
        totals(&seeded),
        (gateway::demo::DEMO_VEHICLES, gateway::demo::DEMO_CUSTOMERS)
    );
    assert_eq!(seeded.len(), 3, "two live cities and the sandbox");
    let t = first.tenant.id;
    let second = gateway::demo::seed(&mut conn).await.unwrap();
    assert!(second.seeded.is_none());
    assert_eq!(second.tenant.id, t);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        300
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        100
    );
    let subs = fleet_domain::tenancy::store::list_subaccounts(&mut conn, t, None)
        .await
        .unwrap();
    check_invariants(&mut conn, t, &subs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_chosen_numbers_and_emails_are_skipped() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let (tenant, subs) = tenant_with_cities(&mut conn).await;
    let t = tenant.id;
    // A vehicle numbered by hand where the sequence will pass, and a customer (number 1)
    // holding the address the seeder would give customer 2.
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type) \
         VALUES ($1, $2, $3, 'v002', 'scooter')",
    )
    .bind::<SqlUuid, _>(uuid::Uuid::now_v7())
    .bind::<SqlUuid, _>(t.0)
    .bind::<SqlUuid, _>(subs[0].id.0)
    .execute(&mut conn)
    .await
    .unwrap();
    let scope = fleet_domain::Scope::new(t, vec![subs[0].id]);
    fleet_domain::customers::service::create(
        &mut conn,
        &scope,
        fleet_domain::customers::NewCustomer {
            email: Some("RIDER2@example.com".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    seed_tenant(&mut conn, t, &options(30, 9, 3)).await.unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        31
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT lower(vehicle_number)) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        31
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1 AND vehicle_number = 'V031'",
            t
        )
        .await,
        1,
        "V002 was replaced by the next free number"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT lower(email)) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        10
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM customers WHERE tenant_id = $1 AND customer_number = 2 AND email LIKE 'rider2.%@example.com'", t).await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_seeds_the_demo_tenant_by_name() {
    let db = TestDb::new().await;
    let mut conn = connect(&db).await;
    let args = |tenant: &str| gateway::cli::SeedArgs {
        tenant: tenant.into(),
        vehicles: 12,
        customers: 3,
        subaccounts: Vec::new(),
        seed: Some(5),
    };
    // No demo tenant yet: a clear error, nothing written.
    assert!(gateway::cli::seed(&mut conn, args("demo")).await.is_err());
    assert!(gateway::cli::seed(&mut conn, args("not-a-uuid"))
        .await
        .is_err());
    let demo = gateway::demo::seed(&mut conn).await.unwrap();
    gateway::cli::seed(&mut conn, args("DEMO")).await.unwrap();
    let t = demo.tenant.id;
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        312
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM customers WHERE tenant_id = $1",
            t
        )
        .await,
        103
    );
    gateway::cli::seed(&mut conn, args(&t.to_string()))
        .await
        .unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM vehicles WHERE tenant_id = $1",
            t
        )
        .await,
        324
    );
    // Still one set of zones per subaccount.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM zones WHERE tenant_id = $1 AND type = 'operating_area'",
            t
        )
        .await,
        3
    );
}
