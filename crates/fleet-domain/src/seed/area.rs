//! Where a subaccount's fleet lives: a city centre (known coordinates by name, else a
//! deterministic pick by id) and the zones drawn around it, as GeoJSON and as `geo` polygons.

use geo::{Contains, Coord, LineString, Point, Polygon};
use serde_json::{json, Value};

use super::rng::Rng;
use crate::SubaccountId;

/// A city the seeder knows: name, centre, plate prefix and phone prefix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct City {
    pub name: &'static str,
    pub lat: f64,
    pub lng: f64,
    pub plate: &'static str,
    pub phone: &'static str,
}

const fn city(
    name: &'static str,
    lat: f64,
    lng: f64,
    plate: &'static str,
    phone: &'static str,
) -> City {
    City {
        name,
        lat,
        lng,
        plate,
        phone,
    }
}

pub const CITIES: &[City] = &[
    city("Berlin", 52.5200, 13.4050, "B", "+49 30"),
    city("Amsterdam", 52.3676, 4.9041, "AMS", "+31 20"),
    city("Paris", 48.8566, 2.3522, "PAR", "+33 1"),
    city("London", 51.5074, -0.1278, "LDN", "+44 20"),
    city("Madrid", 40.4168, -3.7038, "M", "+34 91"),
    city("Lisbon", 38.7223, -9.1393, "LIS", "+351 21"),
    city("Vienna", 48.2082, 16.3738, "W", "+43 1"),
    city("New York", 40.7128, -74.0060, "NY", "+1 212"),
    city("Munich", 48.1351, 11.5820, "M", "+49 89"),
    city("Hamburg", 53.5511, 9.9937, "HH", "+49 40"),
    city("Barcelona", 41.3874, 2.1686, "BCN", "+34 93"),
    city("Rome", 41.9028, 12.4964, "RM", "+39 06"),
    city("Milan", 45.4642, 9.1900, "MI", "+39 02"),
    city("Copenhagen", 55.6761, 12.5683, "KBH", "+45 3"),
    city("Stockholm", 59.3293, 18.0686, "STO", "+46 8"),
    city("Oslo", 59.9139, 10.7522, "OSL", "+47 2"),
    city("Warsaw", 52.2297, 21.0122, "WA", "+48 22"),
    city("Prague", 50.0755, 14.4378, "PRG", "+420 2"),
    city("Zurich", 47.3769, 8.5417, "ZH", "+41 44"),
    city("Brussels", 50.8503, 4.3517, "BXL", "+32 2"),
    city("Dublin", 53.3498, -6.2603, "D", "+353 1"),
    city("San Francisco", 37.7749, -122.4194, "SF", "+1 415"),
    city("Chicago", 41.8781, -87.6298, "CHI", "+1 312"),
    city("Toronto", 43.6532, -79.3832, "TOR", "+1 416"),
    city("Tel Aviv", 32.0853, 34.7818, "TLV", "+972 3"),
    city("Singapore", 1.3521, 103.8198, "SG", "+65 6"),
    city("Sydney", -33.8688, 151.2093, "SYD", "+61 2"),
];

/// The city named in the subaccount's name (case-insensitive), else one picked
/// deterministically from the subaccount id.
pub fn city_for(name: &str, id: SubaccountId) -> City {
    let lower = name.to_lowercase();
    if let Some(c) = CITIES
        .iter()
        .find(|c| lower.contains(&c.name.to_lowercase()))
    {
        return *c;
    }
    let index = usize::try_from(id.0.as_u128() % CITIES.len() as u128).unwrap_or(0);
    CITIES.get(index).copied().unwrap_or(CITIES[0])
}

const KM_PER_DEGREE_LAT: f64 = 111.32;

/// A star-shaped ring of `vertices` points around (`lat`, `lng`), each at a radius between
/// `min_km` and `max_km`: a simple (non-self-intersecting) polygon.
pub fn ring(
    rng: &mut Rng,
    lat: f64,
    lng: f64,
    min_km: f64,
    max_km: f64,
    vertices: usize,
) -> Polygon<f64> {
    let km_per_degree_lng = KM_PER_DEGREE_LAT * lat.to_radians().cos().max(0.01);
    let phase = rng.range_f64(0.0, std::f64::consts::TAU);
    let mut coords: Vec<Coord<f64>> = (0..vertices)
        .map(|i| {
            let angle = phase + std::f64::consts::TAU * i as f64 / vertices as f64;
            let r = rng.range_f64(min_km, max_km);
            Coord {
                x: round6(lng + r * angle.cos() / km_per_degree_lng),
                y: round6(lat + r * angle.sin() / KM_PER_DEGREE_LAT),
            }
        })
        .collect();
    if let Some(first) = coords.first().copied() {
        coords.push(first);
    }
    Polygon::new(LineString::new(coords), Vec::new())
}

/// A point `min_km..max_km` from the centre in a random direction.
pub fn offset(rng: &mut Rng, lat: f64, lng: f64, min_km: f64, max_km: f64) -> (f64, f64) {
    let km_per_degree_lng = KM_PER_DEGREE_LAT * lat.to_radians().cos().max(0.01);
    let angle = rng.range_f64(0.0, std::f64::consts::TAU);
    let r = rng.range_f64(min_km, max_km);
    (
        lat + r * angle.sin() / KM_PER_DEGREE_LAT,
        lng + r * angle.cos() / km_per_degree_lng,
    )
}

/// Coordinates rounded to 6 decimals (~0.1 m), as a tracker would report them.
pub fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Bounding box `(min_lat, min_lng, max_lat, max_lng)` of the exterior ring.
pub fn bbox(polygon: &Polygon<f64>) -> (f64, f64, f64, f64) {
    polygon.exterior().coords().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), p| (a.min(p.y), b.min(p.x), c.max(p.y), d.max(p.x)),
    )
}

/// The polygon as a GeoJSON `Polygon` geometry (`[lng, lat]` positions, closed ring).
pub fn to_geojson(polygon: &Polygon<f64>) -> Value {
    let ring: Vec<Value> = polygon
        .exterior()
        .coords()
        .map(|c| json!([c.x, c.y]))
        .collect();
    json!({"type": "Polygon", "coordinates": [ring]})
}

/// A GeoJSON `Polygon` (or the first polygon of a `MultiPolygon`) as a `geo` polygon,
/// holes included. `None` when the value is not such a geometry.
pub fn from_geojson(value: &Value) -> Option<Polygon<f64>> {
    let rings = match value.get("type")?.as_str()? {
        "Polygon" => value.get("coordinates")?,
        "MultiPolygon" => value.get("coordinates")?.get(0)?,
        _ => return None,
    };
    let mut parsed = rings.as_array()?.iter().map(|ring| {
        ring.as_array()?
            .iter()
            .map(|p| {
                Some(Coord {
                    x: p.get(0)?.as_f64()?,
                    y: p.get(1)?.as_f64()?,
                })
            })
            .collect::<Option<Vec<_>>>()
            .map(LineString::new)
    });
    let exterior = parsed.next()??;
    let holes = parsed.collect::<Option<Vec<_>>>()?;
    Some(Polygon::new(exterior, holes))
}

/// A uniform random point inside `area` and outside every polygon of `avoid`, by rejection
/// sampling in the bounding box. `None` after 10 000 misses (a degenerate area).
pub fn point_inside(
    rng: &mut Rng,
    area: &Polygon<f64>,
    avoid: &[Polygon<f64>],
) -> Option<(f64, f64)> {
    let (min_lat, min_lng, max_lat, max_lng) = bbox(area);
    for _ in 0..10_000 {
        let lat = round6(rng.range_f64(min_lat, max_lat));
        let lng = round6(rng.range_f64(min_lng, max_lng));
        let p = Point::new(lng, lat);
        if area.contains(&p) && !avoid.iter().any(|z| z.contains(&p)) {
            return Some((lat, lng));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_by_name_else_by_id() {
        let id = SubaccountId::new();
        assert_eq!(city_for("Berlin", id).name, "Berlin");
        assert_eq!(city_for("Fleet AMSTERDAM north", id).name, "Amsterdam");
        let a = city_for("Sandbox", id);
        assert_eq!(a, city_for("Sandbox", id), "deterministic by id");
    }

    #[test]
    fn rings_are_closed_and_sampled_points_lie_inside() {
        let mut rng = Rng::new(3);
        let area = ring(&mut rng, 52.52, 13.405, 5.5, 8.0, 16);
        let coords: Vec<_> = area.exterior().coords().collect();
        assert_eq!(coords.first(), coords.last());
        assert_eq!(coords.len(), 17);
        let (min_lat, min_lng, max_lat, max_lng) = bbox(&area);
        // ~11-16 km wide.
        let width_km = (max_lat - min_lat) * KM_PER_DEGREE_LAT;
        assert!((9.0..17.0).contains(&width_km), "{width_km}");
        assert!(min_lng < 13.405 && 13.405 < max_lng);
        let hole = ring(&mut rng, 52.52, 13.405, 0.5, 0.6, 8);
        for _ in 0..1_000 {
            let (lat, lng) =
                point_inside(&mut rng, &area, std::slice::from_ref(&hole)).unwrap_or_default();
            assert!(area.contains(&Point::new(lng, lat)));
            assert!(!hole.contains(&Point::new(lng, lat)));
        }
        let back = from_geojson(&to_geojson(&area));
        assert_eq!(back.as_ref(), Some(&area));
        assert_eq!(from_geojson(&json!({"type": "Point"})), None);
    }
}
