//! Seeded vehicles: placed inside the operating area (outside no-parking zones) with a
//! realistic mix of types, models and statuses, numbered from the tenant's sequence.

use diesel_async::AsyncPgConnection;
use geo::Polygon;
use time::OffsetDateTime;
use uuid::Uuid;

use super::area::{self, City};
use super::catalog;
use super::rng::Rng;
use super::store::{self, VehicleRow, CHUNK};
use crate::sequences::{self, Sequence};
use crate::vehicles::service::generated_number as vehicle_number;
use crate::vehicles::{VehicleStatus, VehicleType};
use crate::{Error, SubaccountId, TenantId};

#[allow(clippy::too_many_arguments)]
pub(super) async fn seed_vehicles(
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

#[cfg(test)]
mod tests {
    use super::*;

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
