//! The zones of a seeded city (an operating area with parking, no-parking and slow-speed
//! zones inside it) and its pricing plans.

use diesel::sql_types::Uuid as SqlUuid;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use geo::Polygon;
use uuid::Uuid;

use super::area::{self, City};
use super::catalog;
use super::rng::Rng;
use super::store::{self, PlanRow, ZoneRow};
use crate::vehicles::VehicleType;
use crate::{Error, Subaccount, SubaccountId, TenantId};

/// The zones drawn for a new city: operating area first.
pub(super) struct DrawnZones {
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
pub(super) async fn zones_and_plans(
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
pub(super) async fn fleet_area(
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
