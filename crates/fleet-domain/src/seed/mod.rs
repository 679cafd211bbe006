//! Realistic bulk demo data for a tenant (`gateway seed`, `gateway serve --demo`): per
//! subaccount a city with zones, pricing plans per vehicle type, vehicles scattered inside
//! the operating area, and customers with wallets and welcome credits.
//!
//! - **Zones** are drawn only for a subaccount that has none yet (so repeating the seed
//!   does not duplicate them): one operating area (a ~10-16 km wide polygon around the
//!   city centre), 3-5 parking zones, 1-2 no-parking zones and one slow-speed zone inside
//!   it. The city is known by the subaccount's name (Berlin, Amsterdam, Paris, …), else
//!   picked deterministically from [`area::CITIES`] by subaccount id.
//! - **Pricing plans** are inserted per vehicle type with `ON CONFLICT DO NOTHING`:
//!   existing plans are never changed.
//! - **Vehicles** are split evenly over the subaccounts, placed uniformly inside the first
//!   operating area of the subaccount (outside its no-parking zones) by rejection sampling,
//!   with a realistic mix of types and statuses (never `in_use`/`reserved`: no rides exist).
//!   Vehicle numbers continue the tenant's `vehicle_number` sequence (`V001`…).
//! - **Customers** continue the tenant's `customer_number` sequence, with
//!   `rider<number>@example.com` emails; ~70 % get a welcome credit written as a ledger row
//!   *and* as the wallet balance, so balance = sum of ledger holds.
//!
//! Seeding writes **no outbox events**: it is bulk back-office data, not a change partners
//! should be notified of (thousands of `customer.created` webhooks would flood endpoints).
//! Rows are written with one `INSERT … SELECT * FROM unnest(…)` per chunk of
//! [`store::CHUNK`] rows (each chunk its own transaction), so a run that fails midway keeps
//! the chunks already written; numbers reserved for unwritten rows are skipped, not reused.
//! The same `seed` gives the same data values (ids are UUID v7 and differ per run).

pub mod area;
pub mod catalog;
pub mod rng;
pub mod store;

use diesel::sql_types::Uuid as SqlUuid;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use geo::Polygon;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::sequences::{self, Sequence};
use crate::tenancy::{service as tenancy, store as tenancy_store};
use crate::vehicles::{VehicleStatus, VehicleType};
use crate::{Error, Subaccount, SubaccountId, TenantId};
use area::City;
use rng::Rng;
use store::{CustomerRow, PlanRow, VehicleRow, ZoneRow, CHUNK};

/// Upper bound per run for either count.
pub const MAX_ROWS: u64 = 1_000_000;

/// What to seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedOptions {
    pub vehicles: u64,
    pub customers: u64,
    /// Subaccounts to seed; empty = every subaccount of the tenant (live and sandbox).
    pub subaccounts: Vec<SubaccountId>,
    /// PRNG seed: the same seed gives the same data.
    pub seed: u64,
}

/// What one subaccount received.
#[derive(Debug, Clone, PartialEq)]
pub struct SubaccountSeeded {
    pub subaccount_id: SubaccountId,
    pub name: String,
    pub sandbox: bool,
    pub city: &'static str,
    pub vehicles: u64,
    pub customers: u64,
    /// Zones created by this run (0 when the subaccount already had zones).
    pub zones_created: usize,
    /// Pricing plans created by this run (0 when all existed).
    pub plans_created: usize,
}

fn share(total: u64, parts: usize, index: usize) -> u64 {
    let parts = parts as u64;
    let index = index as u64;
    total / parts + u64::from(index < total % parts)
}

/// Seeds `tenant` as described in the module documentation.
pub async fn seed_tenant(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    options: &SeedOptions,
) -> Result<Vec<SubaccountSeeded>, Error> {
    if options.vehicles > MAX_ROWS {
        return Err(Error::invalid("vehicles", format!("at most {MAX_ROWS}")));
    }
    if options.customers > MAX_ROWS {
        return Err(Error::invalid("customers", format!("at most {MAX_ROWS}")));
    }
    tenancy::get_tenant(conn, tenant).await?;
    let subaccounts = select_subaccounts(conn, tenant, &options.subaccounts).await?;
    let mut rng = Rng::new(options.seed);
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let mut next_vehicle = if options.vehicles > 0 {
        sequences::reserve(
            conn,
            tenant,
            Sequence::VehicleNumber,
            count(options.vehicles),
        )
        .await?
    } else {
        0
    };
    let mut next_customer = if options.customers > 0 {
        sequences::reserve(
            conn,
            tenant,
            Sequence::CustomerNumber,
            count(options.customers),
        )
        .await?
    } else {
        0
    };
    let mut report = Vec::with_capacity(subaccounts.len());
    for (index, sub) in subaccounts.iter().enumerate() {
        let city = area::city_for(&sub.name, sub.id);
        let (zones_created, plans_created, generated) =
            zones_and_plans(conn, tenant, sub, city, &mut rng).await?;
        let (operating_area, no_parking) =
            fleet_area(conn, tenant, sub.id, generated, city, &mut rng).await?;
        let vehicles = share(options.vehicles, subaccounts.len(), index);
        let customers = share(options.customers, subaccounts.len(), index);
        seed_vehicles(
            conn,
            tenant,
            sub.id,
            city,
            &operating_area,
            &no_parking,
            vehicles,
            &mut next_vehicle,
            &mut rng,
        )
        .await?;
        seed_customers(
            conn,
            tenant,
            sub,
            city,
            customers,
            &mut next_customer,
            &mut rng,
        )
        .await?;
        report.push(SubaccountSeeded {
            subaccount_id: sub.id,
            name: sub.name.clone(),
            sandbox: sub.sandbox,
            city: city.name,
            vehicles,
            customers,
            zones_created,
            plans_created,
        });
    }
    Ok(report)
}

/// Whether the tenant has any vehicle (`serve --demo` seeds only an empty demo tenant).
pub async fn has_vehicles(conn: &mut AsyncPgConnection, tenant: TenantId) -> Result<bool, Error> {
    Ok(store::count_vehicles(conn, tenant).await? > 0)
}

async fn select_subaccounts(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    wanted: &[SubaccountId],
) -> Result<Vec<Subaccount>, Error> {
    let subaccounts = if wanted.is_empty() {
        tenancy_store::list_subaccounts(conn, tenant, None).await?
    } else {
        let found = tenancy_store::subaccounts_by_ids(conn, tenant, wanted).await?;
        let mut ordered = Vec::with_capacity(wanted.len());
        for id in wanted {
            let sub = found
                .iter()
                .find(|s| s.id == *id)
                .ok_or_else(|| Error::not_found("subaccount", id))?;
            if !ordered.iter().any(|s: &Subaccount| s.id == *id) {
                ordered.push(sub.clone());
            }
        }
        ordered
    };
    if subaccounts.is_empty() {
        return Err(Error::invalid(
            "subaccount",
            "the tenant has no subaccounts to seed",
        ));
    }
    Ok(subaccounts)
}

/// The zones drawn for a new city: operating area first.
struct DrawnZones {
    rows: Vec<ZoneRow>,
    operating_area: Polygon<f64>,
    no_parking: Vec<Polygon<f64>>,
}

fn draw_zones(rng: &mut Rng, city: City) -> DrawnZones {
    let mut rows = Vec::new();
    let mut zone = |name: String, zone_type: &'static str, polygon: &Polygon<f64>, speed| {
        rows.push(ZoneRow {
            id: Uuid::now_v7(),
            name,
            zone_type,
            geometry: area::to_geojson(polygon),
            speed_limit_kph: speed,
            bbox: area::bbox(polygon),
        });
    };
    // Vertices between 80 % and 100 % of a 6-8 km radius: 10-16 km across.
    let radius = rng.range_f64(6.0, 8.0);
    let operating_area = area::ring(rng, city.lat, city.lng, radius * 0.8, radius, 16);
    zone(
        format!("{} operating area", city.name),
        "operating_area",
        &operating_area,
        None,
    );
    // Everything below stays within 4.5 km of the centre: inside the area (its chords stay
    // beyond 0.8 × 6 × cos(π/16) ≈ 4.7 km).
    let mut parking_centres = Vec::new();
    for i in 1..=rng.range_i32(3, 5) {
        let (lat, lng) = area::offset(rng, city.lat, city.lng, 0.3, 3.5);
        parking_centres.push((lat, lng));
        let p = area::ring(rng, lat, lng, 0.12, 0.25, 6);
        zone(
            format!("{} parking hub {i}", city.name),
            "parking",
            &p,
            None,
        );
    }
    let mut no_parking = Vec::new();
    for i in 1..=rng.range_i32(1, 2) {
        // Keep no-parking zones clear of the parking hubs (~1 km apart).
        let mut centre = area::offset(rng, city.lat, city.lng, 1.0, 3.8);
        for _ in 0..50 {
            let clear = parking_centres.iter().all(|&(lat, lng)| {
                let dy = (lat - centre.0) * 111.32;
                let dx = (lng - centre.1) * 111.32 * city.lat.to_radians().cos();
                dx.hypot(dy) > 1.0
            });
            if clear {
                break;
            }
            centre = area::offset(rng, city.lat, city.lng, 1.0, 3.8);
        }
        let p = area::ring(rng, centre.0, centre.1, 0.2, 0.4, 8);
        zone(
            format!("{} no-parking area {i}", city.name),
            "no_parking",
            &p,
            None,
        );
        no_parking.push(p);
    }
    let slow = area::ring(rng, city.lat, city.lng, 0.8, 1.2, 10);
    zone(
        format!("{} old town slow zone", city.name),
        "slow_speed",
        &slow,
        Some(15),
    );
    DrawnZones {
        rows,
        operating_area,
        no_parking,
    }
}

/// Zones (when the subaccount has none) and missing pricing plans, in one transaction that
/// locks the subaccount row so concurrent seeds cannot both draw zones.
async fn zones_and_plans(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    sub: &Subaccount,
    city: City,
    rng: &mut Rng,
) -> Result<(usize, usize, Option<DrawnZones>), Error> {
    let drawn = draw_zones(rng, city);
    let plans: Vec<PlanRow> = VehicleType::ALL
        .iter()
        .map(|t| {
            let (name, unlock, per_minute, pause, per_km) = catalog::pricing(*t);
            PlanRow {
                vehicle_type: t.as_str(),
                name,
                unlock_cents: unlock,
                per_minute_cents: per_minute,
                pause_per_minute_cents: pause,
                per_km_cents: per_km,
            }
        })
        .collect();
    conn.transaction(async |conn| {
        diesel::sql_query("SELECT id FROM subaccounts WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
            .bind::<SqlUuid, _>(tenant)
            .bind::<SqlUuid, _>(sub.id)
            .execute(conn)
            .await?;
        let (zones_created, drawn) = if store::count_zones(conn, tenant, sub.id).await? == 0 {
            (
                store::insert_zones(conn, tenant, sub.id, &drawn.rows).await?,
                Some(drawn),
            )
        } else {
            (0, None)
        };
        let plans_created =
            store::insert_plans(conn, tenant, sub.id, &sub.currency, &plans).await?;
        Ok((zones_created, plans_created, drawn))
    })
    .await
}

/// Where vehicles go: the zones just drawn, else the subaccount's stored first operating
/// area and its no-parking zones, else (zones exist but no operating area) a fresh area
/// around the city centre that is not stored.
async fn fleet_area(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    drawn: Option<DrawnZones>,
    city: City,
    rng: &mut Rng,
) -> Result<(Polygon<f64>, Vec<Polygon<f64>>), Error> {
    if let Some(d) = drawn {
        return Ok((d.operating_area, d.no_parking));
    }
    let stored = store::zones(conn, tenant, subaccount).await?;
    let operating = stored
        .iter()
        .filter(|z| z.zone_type == "operating_area")
        .find_map(|z| area::from_geojson(&z.geometry));
    let no_parking = stored
        .iter()
        .filter(|z| z.zone_type == "no_parking")
        .filter_map(|z| area::from_geojson(&z.geometry))
        .collect();
    Ok(match operating {
        Some(area) => (area, no_parking),
        None => (draw_zones(rng, city).operating_area, no_parking),
    })
}

#[allow(clippy::too_many_arguments)]
async fn seed_vehicles(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
    city: City,
    operating_area: &Polygon<f64>,
    no_parking: &[Polygon<f64>],
    count: u64,
    next_number: &mut i64,
    rng: &mut Rng,
) -> Result<(), Error> {
    let now = OffsetDateTime::now_utc();
    let mut left = count;
    while left > 0 {
        let n = left.min(CHUNK as u64);
        let candidates: Vec<i64> = (0..n)
            .map(|_| {
                let number = *next_number;
                *next_number += 1;
                number
            })
            .collect();
        let numbers = free_vehicle_numbers(conn, tenant, candidates).await?;
        let mut rows = Vec::with_capacity(numbers.len());
        for number in numbers {
            let (latitude, longitude) = area::point_inside(rng, operating_area, no_parking)
                .or_else(|| area::point_inside(rng, operating_area, &[]))
                .ok_or_else(|| {
                    Error::Internal("operating area too small to place vehicles".into())
                })?;
            rows.push(vehicle(rng, city, number, latitude, longitude, now));
        }
        store::insert_vehicles(conn, tenant, subaccount, &rows).await?;
        left -= n;
    }
    Ok(())
}

fn vehicle_number(number: i64) -> String {
    format!("V{number:03}")
}

/// `candidates` with every number whose `V…` form a vehicle of the tenant already carries
/// (a partner may have chosen it by hand) replaced by fresh numbers from the sequence.
async fn free_vehicle_numbers(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    mut candidates: Vec<i64>,
) -> Result<Vec<i64>, Error> {
    let mut free = Vec::with_capacity(candidates.len());
    while !candidates.is_empty() {
        let formatted: Vec<String> = candidates.iter().map(|n| vehicle_number(*n)).collect();
        let taken = store::taken_vehicle_numbers(conn, tenant, &formatted).await?;
        let before = free.len();
        free.extend(
            candidates
                .iter()
                .zip(&formatted)
                .filter(|(_, f)| !taken.contains(&f.to_lowercase()))
                .map(|(n, _)| *n),
        );
        let missing = candidates.len() - (free.len() - before);
        candidates = if missing == 0 {
            Vec::new()
        } else {
            let count = i64::try_from(missing).unwrap_or(i64::MAX);
            let first = sequences::reserve(conn, tenant, Sequence::VehicleNumber, count).await?;
            (first..first + count).collect()
        };
    }
    Ok(free)
}

fn vehicle(
    rng: &mut Rng,
    city: City,
    number: i64,
    latitude: f64,
    longitude: f64,
    now: OffsetDateTime,
) -> VehicleRow {
    let vehicle_type = rng
        .weighted(catalog::TYPE_MIX)
        .unwrap_or(VehicleType::Scooter);
    let status = rng
        .weighted(catalog::STATUS_MIX)
        .unwrap_or(VehicleStatus::Available);
    let model = rng.pick(catalog::models(vehicle_type));
    let battery_percent = match status {
        VehicleStatus::Charging => rng.range_i32(5, 60),
        VehicleStatus::Available => rng.range_i32(20, 100),
        _ => rng.range_i32(5, 100),
    };
    let seen_secs_ago = i64::try_from(rng.below(3_600)).unwrap_or(0);
    VehicleRow {
        id: Uuid::now_v7(),
        vehicle_number: vehicle_number(number),
        registration: catalog::has_registration(vehicle_type)
            .then(|| format!("{}-FG {number}", city.plate)),
        vehicle_type: vehicle_type.as_str(),
        make: model.map_or("Generic", |m| m.make),
        model: model.map_or("Standard", |m| m.model),
        year: rng.range_i32(2019, 2025),
        fuel_type: model.map_or("electric", |m| m.fuel.as_str()),
        capacity: model.map_or(1, |m| m.capacity),
        status: status.as_str(),
        battery_percent,
        latitude,
        longitude,
        last_seen_at: now - time::Duration::seconds(seen_secs_ago),
    }
}

async fn seed_customers(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    sub: &Subaccount,
    city: City,
    count: u64,
    next_number: &mut i64,
    rng: &mut Rng,
) -> Result<(), Error> {
    let mut left = count;
    while left > 0 {
        let n = left.min(CHUNK as u64);
        let mut rows = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let number = *next_number;
            *next_number += 1;
            rows.push(customer(rng, city, number));
        }
        // `rider<n>@example.com` may have been registered by hand: give those riders
        // another address.
        let emails: Vec<String> = rows.iter().map(|r| r.email.clone()).collect();
        let taken = store::taken_emails(conn, tenant, &emails).await?;
        for row in rows
            .iter_mut()
            .filter(|r| taken.contains(&r.email.to_lowercase()))
        {
            row.email = format!(
                "rider{}.{:08x}@example.com",
                row.customer_number,
                rng.next_u64() >> 32
            );
        }
        conn.transaction(async |conn| {
            store::insert_customers(conn, tenant, sub.id, &sub.currency, &rows).await
        })
        .await?;
        left -= n;
    }
    Ok(())
}

fn customer(rng: &mut Rng, city: City, number: i64) -> CustomerRow {
    let first = rng.pick(catalog::FIRST_NAMES).copied().unwrap_or("Alex");
    let last = rng.pick(catalog::LAST_NAMES).copied().unwrap_or("Doe");
    let status = rng
        .weighted(catalog::CUSTOMER_STATUS_MIX)
        .unwrap_or(crate::customers::CustomerStatus::Active);
    let blocked = status == crate::customers::CustomerStatus::Blocked;
    let credit_cents = if rng.chance(catalog::CREDIT_SHARE) {
        rng.pick(catalog::CREDIT_AMOUNTS).copied().unwrap_or(1_000)
    } else {
        0
    };
    CustomerRow {
        id: Uuid::now_v7(),
        customer_number: number,
        email: format!("rider{number}@example.com"),
        name: format!("{first} {last}"),
        phone: format!("{} {:07}", city.phone, rng.below(10_000_000)),
        status: status.as_str(),
        blocked_reason: if blocked {
            rng.pick(catalog::BLOCK_REASONS).copied()
        } else {
            None
        },
        credit_cents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up() {
        for (total, parts) in [(100_000, 3), (7, 3), (0, 2), (1, 5)] {
            let sum: u64 = (0..parts).map(|i| share(total, parts, i)).sum();
            assert_eq!(sum, total);
        }
        assert_eq!(share(7, 3, 0), 3);
        assert_eq!(share(7, 3, 2), 2);
    }

    #[test]
    fn drawn_zones_lie_inside_the_operating_area() {
        use geo::Contains;
        let mut rng = Rng::new(11);
        for city in area::CITIES {
            let drawn = draw_zones(&mut rng, *city);
            assert_eq!(drawn.rows[0].zone_type, "operating_area");
            let inner = drawn.rows.iter().skip(1);
            let mut kinds = std::collections::HashMap::new();
            for z in inner {
                *kinds.entry(z.zone_type).or_insert(0) += 1;
                let polygon = area::from_geojson(&z.geometry).unwrap_or_else(|| panic!("geojson"));
                assert!(
                    drawn.operating_area.contains(&polygon),
                    "{} {}",
                    city.name,
                    z.name
                );
                assert_eq!(z.speed_limit_kph.is_some(), z.zone_type == "slow_speed");
            }
            assert!((3..=5).contains(&kinds["parking"]));
            assert!((1..=2).contains(&kinds["no_parking"]));
            assert_eq!(kinds["slow_speed"], 1);
        }
    }

    #[test]
    fn vehicles_are_plausible() {
        let mut rng = Rng::new(5);
        let city = area::CITIES[0];
        let now = OffsetDateTime::now_utc();
        for n in 1..2_000 {
            let v = vehicle(&mut rng, city, n, 52.5, 13.4, now);
            assert!(!["in_use", "reserved", "retired"].contains(&v.status));
            assert!((5..=100).contains(&v.battery_percent));
            assert!(v.vehicle_number.starts_with('V') && v.vehicle_number.len() >= 4);
            assert_eq!(
                v.registration.is_some(),
                ["moped", "car", "van"].contains(&v.vehicle_type)
            );
            assert!(now - v.last_seen_at <= time::Duration::hours(1));
        }
        assert_eq!(
            vehicle(&mut rng, city, 7, 0.0, 0.0, now).vehicle_number,
            "V007"
        );
    }
}
