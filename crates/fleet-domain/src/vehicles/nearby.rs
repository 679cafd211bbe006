//! The nearby search's arithmetic: parameter validation, great-circle (haversine) distance,
//! the bounding box of the search circle and the grid cells that cover it, which let the query
//! use `vehicles_tenant_status_cell_idx`.
//!
//! The box is the smallest latitude/longitude rectangle holding the spherical cap of the
//! radius around the point: ±Δφ = r/R in latitude and ±Δλ = asin(sin(r/R) / cos φ) in
//! longitude (the exact extent of a cap that does not contain a pole), widened by a small
//! margin against rounding. Near a pole the longitude range is the whole circle; across the
//! antimeridian it is split into two ranges. The exact haversine test on the rows in the box
//! decides.
//!
//! The grid is the stored column `vehicles.position_cell` (migration
//! `2026-12-01-000081_vehicle_position_cells`): `row * 1 000 000 + column`, with rows and
//! columns of 0.002° ([`CELLS_PER_DEGREE`]). The position itself is in no index, so a ping
//! that stays in its cell updates the vehicle without touching an index (a HOT update).
//! [`SearchBox::cell_ranges`] gives, per grid row of the box, the range of cells it spans;
//! the same floor of the same IEEE operations as the SQL column and monotone in the
//! coordinate, so every row inside the box has its cell inside a range.

use super::{NearbyParams, VehicleStatus, VehicleType};
use crate::Error;

/// Mean Earth radius (IUGG), metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;
pub const DEFAULT_RADIUS_M: f64 = 500.0;
pub const MAX_RADIUS_M: f64 = 10_000.0;
pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 100;

/// Great-circle distance in metres between two points given in degrees (haversine).
pub fn haversine_m(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Grid cells per degree of latitude and of longitude (0.002° ≈ 222 m north–south).
pub const CELLS_PER_DEGREE: f64 = 500.0;
/// `position_cell = row * ROW_STRIDE + column` (columns run to 180 000).
pub const ROW_STRIDE: i64 = 1_000_000;

/// The grid row of a latitude, as the SQL column computes it.
pub fn cell_row(lat: f64) -> i64 {
    ((lat + 90.0) * CELLS_PER_DEGREE).floor() as i64
}

/// The grid column of a longitude, as the SQL column computes it.
pub fn cell_column(lng: f64) -> i64 {
    ((lng + 180.0) * CELLS_PER_DEGREE).floor() as i64
}

/// The cell of a position (`vehicles.position_cell`).
pub fn position_cell(lat: f64, lng: f64) -> i64 {
    cell_row(lat) * ROW_STRIDE + cell_column(lng)
}

/// A validated nearby query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearbyQuery {
    pub lat: f64,
    pub lng: f64,
    pub radius_m: f64,
    pub status: VehicleStatus,
    /// Only this type; any when `None`.
    pub vehicle_type: Option<VehicleType>,
    pub limit: i64,
}

/// The index-friendly prefilter: a latitude range and (up to) two longitude ranges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchBox {
    pub min_lat: f64,
    pub max_lat: f64,
    /// Two ranges; the same range twice when the box does not cross the antimeridian.
    pub lng_ranges: [(f64, f64); 2],
}

fn number(field: &'static str, raw: Option<&str>) -> Result<Option<f64>, Error> {
    raw.map(|s| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| Error::invalid(field, "must be a number"))
    })
    .transpose()
}

impl NearbyQuery {
    /// Validates the query parameters; each error names its parameter.
    pub fn parse(params: &NearbyParams) -> Result<Self, Error> {
        let lat = number("lat", params.lat.as_deref())?
            .ok_or_else(|| Error::invalid("lat", "is required"))?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(Error::invalid("lat", "must be between -90 and 90"));
        }
        let lng = number("lng", params.lng.as_deref())?
            .ok_or_else(|| Error::invalid("lng", "is required"))?;
        if !(-180.0..=180.0).contains(&lng) {
            return Err(Error::invalid("lng", "must be between -180 and 180"));
        }
        let radius_m = number("radius", params.radius.as_deref())?.unwrap_or(DEFAULT_RADIUS_M);
        if !(1.0..=MAX_RADIUS_M).contains(&radius_m) {
            return Err(Error::invalid(
                "radius",
                "must be between 1 and 10000 (metres)",
            ));
        }
        let status = match params.status.as_deref() {
            None => VehicleStatus::Available,
            Some(s) => s.parse().map_err(|e: String| Error::invalid("status", e))?,
        };
        let vehicle_type = params
            .vehicle_type
            .as_deref()
            .map(|s| s.parse().map_err(|e: String| Error::invalid("type", e)))
            .transpose()?;
        let limit = match params.limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(s) => s
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| Error::invalid("limit", "must be an integer between 1 and 100"))?,
        };
        Ok(Self {
            lat,
            lng,
            radius_m,
            status,
            vehicle_type,
            limit,
        })
    }

    /// The bounding box of the search circle (see the module doc).
    pub fn search_box(&self) -> SearchBox {
        // 0.1 % plus ~1 cm: rounding can never push a row inside the radius out of the box.
        let angle = self.radius_m / EARTH_RADIUS_M * 1.001 + 1e-9;
        let dlat = angle.to_degrees();
        let (min_lat, max_lat) = (self.lat - dlat, self.lat + dlat);
        let full = [(-180.0, 180.0); 2];
        if min_lat <= -90.0 || max_lat >= 90.0 {
            return SearchBox {
                min_lat: min_lat.max(-90.0),
                max_lat: max_lat.min(90.0),
                lng_ranges: full,
            };
        }
        let ratio = angle.sin() / self.lat.to_radians().cos();
        if ratio.is_nan() || ratio >= 1.0 {
            return SearchBox {
                min_lat,
                max_lat,
                lng_ranges: full,
            };
        }
        let dlng = ratio.asin().to_degrees();
        let (lo, hi) = (self.lng - dlng, self.lng + dlng);
        let lng_ranges = if lo < -180.0 {
            [(lo + 360.0, 180.0), (-180.0, hi)]
        } else if hi > 180.0 {
            [(lo, 180.0), (-180.0, hi - 360.0)]
        } else {
            [(lo, hi); 2]
        };
        SearchBox {
            min_lat,
            max_lat,
            lng_ranges,
        }
    }
}

impl SearchBox {
    /// The inclusive `position_cell` ranges covering the box: one per grid row and longitude
    /// range (at most 2 × 92 for the largest radius), as two parallel arrays of bounds.
    pub fn cell_ranges(&self) -> (Vec<i64>, Vec<i64>) {
        let mut columns = vec![self.lng_ranges[0]];
        if self.lng_ranges[1] != self.lng_ranges[0] {
            columns.push(self.lng_ranges[1]);
        }
        let (mut lo, mut hi) = (Vec::new(), Vec::new());
        for row in cell_row(self.min_lat)..=cell_row(self.max_lat) {
            for (west, east) in &columns {
                lo.push(row * ROW_STRIDE + cell_column(*west));
                hi.push(row * ROW_STRIDE + cell_column(*east));
            }
        }
        (lo, hi)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn params(lat: &str, lng: &str, radius: Option<&str>) -> NearbyParams {
        NearbyParams {
            lat: Some(lat.into()),
            lng: Some(lng.into()),
            radius: radius.map(Into::into),
            ..NearbyParams::default()
        }
    }

    fn field(result: Result<NearbyQuery, Error>) -> &'static str {
        match result {
            Err(Error::Invalid { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn haversine_known_distances() {
        // One degree of latitude on the mean sphere.
        let d = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111_195.08).abs() < 0.1, "{d}");
        assert_eq!(haversine_m(52.5, 13.4, 52.5, 13.4), 0.0);
        // Antipodes: half the circumference.
        let d = haversine_m(0.0, 0.0, 0.0, 180.0);
        assert!(
            (d - std::f64::consts::PI * EARTH_RADIUS_M).abs() < 1e-6,
            "{d}"
        );
        // Across the antimeridian is short.
        assert!(haversine_m(0.0, 179.999, 0.0, -179.999) < 250.0);
    }

    #[test]
    fn parameters_are_validated() {
        let q = NearbyQuery::parse(&params("40.7128", "-74.0060", None)).unwrap();
        assert_eq!(q.radius_m, 500.0);
        assert_eq!(q.limit, 50);
        assert_eq!(q.status, VehicleStatus::Available);
        assert_eq!(field(NearbyQuery::parse(&NearbyParams::default())), "lat");
        assert_eq!(field(NearbyQuery::parse(&params("91", "0", None))), "lat");
        assert_eq!(field(NearbyQuery::parse(&params("x", "0", None))), "lat");
        assert_eq!(field(NearbyQuery::parse(&params("NaN", "0", None))), "lat");
        assert_eq!(
            field(NearbyQuery::parse(&params("0", "180.5", None))),
            "lng"
        );
        assert_eq!(field(NearbyQuery::parse(&params("0", "inf", None))), "lng");
        assert_eq!(
            field(NearbyQuery::parse(&params("0", "0", Some("0")))),
            "radius"
        );
        assert_eq!(
            field(NearbyQuery::parse(&params("0", "0", Some("10001")))),
            "radius"
        );
        assert!(NearbyQuery::parse(&params("0", "0", Some("10000"))).is_ok());
        assert!(NearbyQuery::parse(&params("0", "0", Some("1"))).is_ok());
        let mut p = params("0", "0", None);
        p.limit = Some("101".into());
        assert_eq!(field(NearbyQuery::parse(&p)), "limit");
        p.limit = Some("0".into());
        assert_eq!(field(NearbyQuery::parse(&p)), "limit");
        p.limit = None;
        p.status = Some("flying".into());
        assert_eq!(field(NearbyQuery::parse(&p)), "status");
        p.status = None;
        p.vehicle_type = Some("hovercraft".into());
        assert_eq!(field(NearbyQuery::parse(&p)), "type");
        p.vehicle_type = Some("scooter".into());
        assert_eq!(
            NearbyQuery::parse(&p).map(|q| q.vehicle_type).ok(),
            Some(Some(VehicleType::Scooter))
        );
    }

    #[test]
    fn the_box_holds_the_circle() {
        // Points on the circle (every 10°) must lie inside the box, wherever the centre is.
        for (lat, lng) in [
            (0.0, 0.0),
            (52.52, 13.40),
            (-33.9, 151.2),
            (69.6, 18.9),
            (89.95, 0.0),
            (-89.99, 45.0),
            (10.0, 179.995),
            (-10.0, -179.995),
        ] {
            let q = NearbyQuery {
                lat,
                lng,
                radius_m: 10_000.0,
                status: VehicleStatus::Available,
                vehicle_type: None,
                limit: 50,
            };
            let b = q.search_box();
            let in_box = |plat: f64, plng: f64| {
                (b.min_lat..=b.max_lat).contains(&plat)
                    && b.lng_ranges
                        .iter()
                        .any(|(lo, hi)| (*lo..=*hi).contains(&plng))
            };
            for k in 0..36 {
                let bearing = f64::from(k * 10).to_radians();
                let delta = q.radius_m / EARTH_RADIUS_M;
                let (p1, l1) = (lat.to_radians(), lng.to_radians());
                let p2 = (p1.sin() * delta.cos() + p1.cos() * delta.sin() * bearing.cos()).asin();
                let l2 = l1
                    + (bearing.sin() * delta.sin() * p1.cos())
                        .atan2(delta.cos() - p1.sin() * p2.sin());
                let (plat, mut plng) = (p2.to_degrees(), l2.to_degrees());
                if plng > 180.0 {
                    plng -= 360.0;
                }
                if plng < -180.0 {
                    plng += 360.0;
                }
                assert!(
                    (haversine_m(lat, lng, plat, plng) - q.radius_m).abs() < 1e-3,
                    "destination formula"
                );
                assert!(
                    in_box(plat, plng),
                    "({lat}, {lng}) bearing {k}0: ({plat}, {plng}) outside {b:?}"
                );
            }
        }
    }

    #[test]
    fn grid_cells() {
        assert_eq!(position_cell(-90.0, -180.0), 0);
        assert_eq!(position_cell(0.0, 0.0), 45_000 * ROW_STRIDE + 90_000);
        assert_eq!(position_cell(90.0, 180.0), 90_000 * ROW_STRIDE + 180_000);
        // 52.5203 → row floor(142.5203 * 500) = 71 260; 13.4049 → floor(193.4049 * 500).
        assert_eq!(
            position_cell(52.5203, 13.4049),
            71_260 * ROW_STRIDE + 96_702
        );
        // A cell is 0.002° on each side.
        assert_eq!(cell_row(52.5213), cell_row(52.5201));
        assert_ne!(cell_row(52.5221), cell_row(52.5201));
    }

    #[test]
    fn the_cell_ranges_cover_the_box() {
        for (lat, lng, radius_m) in [
            (52.52, 13.40, 500.0),
            (52.52, 13.40, 10_000.0),
            (0.0, 0.0, 1.0),
            (-33.9, 151.2, 2_000.0),
            (89.95, 0.0, 10_000.0),
            (10.0, 179.999, 3_000.0),
            (-10.0, -179.999, 3_000.0),
        ] {
            let q = NearbyQuery {
                lat,
                lng,
                radius_m,
                status: VehicleStatus::Available,
                vehicle_type: None,
                limit: 50,
            };
            let b = q.search_box();
            let (lo, hi) = b.cell_ranges();
            assert_eq!(lo.len(), hi.len());
            assert!(lo.len() <= 2 * 92, "{} ranges", lo.len());
            assert!(lo.iter().zip(&hi).all(|(l, h)| l <= h));
            // Points on a fine lattice over the box, its edges included.
            let steps = 40;
            for (west, east) in b.lng_ranges {
                for i in 0..=steps {
                    for j in 0..=steps {
                        let plat = b.min_lat + (b.max_lat - b.min_lat) * f64::from(i) / 40.0;
                        let plng = west + (east - west) * f64::from(j) / 40.0;
                        let cell = position_cell(plat, plng);
                        assert!(
                            lo.iter().zip(&hi).any(|(l, h)| (*l..=*h).contains(&cell)),
                            "({lat}, {lng}, {radius_m}): ({plat}, {plng}) cell {cell} uncovered"
                        );
                    }
                }
            }
        }
    }
}
