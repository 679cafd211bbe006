//! What the seeder's tests share: a tenant with three cities, the seeded rows read back, and
//! the invariants every seeded tenant keeps (counts, positions inside the operating area, no
//! ride states, balance = ledger, unique numbers). Also used by the gateway's tests of the
//! demo and the `seed` command (`#[path]` include).
#![allow(dead_code)]

use std::collections::HashMap;

use diesel::sql_types::{BigInt, Double, Integer, Jsonb, Nullable, Text, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use geo::{Contains, Coord, LineString, Point, Polygon};
use serde_json::Value;
use time::OffsetDateTime;

use db::test_db::TestDb;
use fleet_domain::seed::{SeedOptions, SubaccountSeeded};
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{Plan, Subaccount, Tenant, TenantId};

pub async fn connect(db: &TestDb) -> AsyncPgConnection {
    AsyncPgConnection::establish(db.url()).await.unwrap()
}

pub async fn tenant_with_cities(conn: &mut AsyncPgConnection) -> (Tenant, Vec<Subaccount>) {
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

pub fn options(vehicles: u64, customers: u64, seed: u64) -> SeedOptions {
    SeedOptions {
        vehicles,
        customers,
        subaccounts: Vec::new(),
        seed,
    }
}

/// A seeded vehicle, read back.
pub type VehicleRow = fleet_domain::vehicles::Vehicle;

pub async fn vehicles(conn: &mut AsyncPgConnection, tenant: TenantId) -> Vec<VehicleRow> {
    use db::schema::vehicles;
    use diesel::{ExpressionMethods, QueryDsl, SelectableHelper};
    vehicles::table
        .filter(vehicles::tenant_id.eq(tenant))
        .order(vehicles::vehicle_number)
        .select(VehicleRow::as_select())
        .load(conn)
        .await
        .unwrap()
}

#[derive(QueryableByName, Debug, Clone, PartialEq)]
pub struct ZoneRow {
    #[diesel(sql_type = SqlUuid)]
    pub subaccount_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    pub zone_type: String,
    #[diesel(sql_type = Jsonb)]
    pub geometry: Value,
    #[diesel(sql_type = Nullable<Integer>)]
    pub speed_limit_kph: Option<i32>,
    #[diesel(sql_type = Double)]
    pub min_lat: f64,
    #[diesel(sql_type = Double)]
    pub min_lng: f64,
    #[diesel(sql_type = Double)]
    pub max_lat: f64,
    #[diesel(sql_type = Double)]
    pub max_lng: f64,
}

pub async fn zones(conn: &mut AsyncPgConnection, tenant: TenantId) -> Vec<ZoneRow> {
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
pub struct Count {
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// The rows of `table` that belong to `tenant`.
pub async fn rows(conn: &mut AsyncPgConnection, table: &str, tenant: TenantId) -> i64 {
    count(
        conn,
        &format!("SELECT count(*) AS n FROM {table} WHERE tenant_id = $1"),
        tenant,
    )
    .await
}

pub async fn count(conn: &mut AsyncPgConnection, sql: &str, tenant: TenantId) -> i64 {
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(tenant.0)
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

/// An independent reading of the stored GeoJSON: a closed ring of `[lng, lat]` positions.
pub fn polygon(geometry: &Value) -> Polygon<f64> {
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

pub async fn check_invariants(conn: &mut AsyncPgConnection, tenant: TenantId, subs: &[Subaccount]) {
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
            areas[&v.subaccount_id.0].contains(&p),
            "{} outside its area",
            v.vehicle_number
        );
        assert!(
            !no_parking[&v.subaccount_id.0]
                .iter()
                .any(|z| z.contains(&p)),
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

pub fn totals(report: &[SubaccountSeeded]) -> (u64, u64) {
    (
        report.iter().map(|s| s.vehicles).sum(),
        report.iter().map(|s| s.customers).sum(),
    )
}
