//! Zone geometry: a GeoJSON `Polygon` or `MultiPolygon` (`[lng, lat]` positions), parsed and
//! validated on write, and the exact point-in-zone test (with the `geo` crate) on read.
//!
//! A point on a zone's boundary counts as inside (`geo::Intersects`): a ride ending exactly
//! on the edge of an operating area is inside it, and so is one on the edge of a no-parking
//! zone. Holes (interior rings) are outside.

use geo::{Coord, Intersects, LineString, MultiPolygon, Point, Polygon, Validation};
use serde_json::{json, Value};

use crate::Error;

/// Most positions (summed over every ring) one zone may have.
pub const MAX_VERTICES: usize = 10_000;
/// Most polygons in one MultiPolygon.
pub const MAX_POLYGONS: usize = 1_000;

const FIELD: &str = "geometry";

/// The bounding box of a geometry, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub min_lng: f64,
    pub max_lat: f64,
    pub max_lng: f64,
}

impl BoundingBox {
    pub fn contains(&self, lat: f64, lng: f64) -> bool {
        (self.min_lat..=self.max_lat).contains(&lat) && (self.min_lng..=self.max_lng).contains(&lng)
    }
}

/// A parsed zone geometry: the shape for point tests, its bounding box and the normalised
/// GeoJSON (`type` and `coordinates` only) that is stored and returned.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneGeometry {
    shape: MultiPolygon<f64>,
    bbox: BoundingBox,
    json: Value,
}

impl ZoneGeometry {
    /// Parses and fully validates partner or seeder input: structure, closed rings of at
    /// least 4 positions, coordinate ranges, the vertex bound, and OGC validity (no
    /// self-intersections, holes inside their shell, polygons of a MultiPolygon not
    /// overlapping). Errors name the `geometry` field.
    ///
    /// The validity check costs roughly quadratic time in the vertex count (about 2 s for
    /// 4 000 vertices in a debug build); an HTTP endpoint that writes zones should run it on
    /// a blocking thread.
    pub fn parse(value: &Value) -> Result<Self, Error> {
        let geometry = Self::parse_structure(value)?;
        if let Err(e) = geometry.shape.check_validation() {
            return Err(Error::invalid(
                FIELD,
                format!("is not a valid polygon: {e}"),
            ));
        }
        Ok(geometry)
    }

    /// Rebuilds a geometry that was validated when it was written (no OGC validity check,
    /// which is the expensive part).
    pub fn from_stored(value: &Value) -> Result<Self, Error> {
        Self::parse_structure(value)
            .map_err(|e| Error::Internal(format!("stored zone geometry does not parse: {e}")))
    }

    fn parse_structure(value: &Value) -> Result<Self, Error> {
        let Value::Object(map) = value else {
            return Err(Error::invalid(FIELD, "must be a GeoJSON object"));
        };
        let kind = map.get("type").and_then(Value::as_str);
        let coordinates = map
            .get("coordinates")
            .ok_or_else(|| Error::invalid(FIELD, "`coordinates` is missing"))?;
        let mut budget = MAX_VERTICES;
        let polygons = match kind {
            Some("Polygon") => vec![parse_polygon(coordinates, "polygon", &mut budget)?],
            Some("MultiPolygon") => {
                let list = coordinates
                    .as_array()
                    .ok_or_else(|| Error::invalid(FIELD, "`coordinates` must be an array"))?;
                if list.is_empty() || list.len() > MAX_POLYGONS {
                    return Err(Error::invalid(
                        FIELD,
                        format!("a MultiPolygon needs 1-{MAX_POLYGONS} polygons"),
                    ));
                }
                list.iter()
                    .enumerate()
                    .map(|(i, p)| parse_polygon(p, &format!("polygon {i}"), &mut budget))
                    .collect::<Result<Vec<_>, _>>()?
            }
            _ => {
                return Err(Error::invalid(
                    FIELD,
                    "`type` must be \"Polygon\" or \"MultiPolygon\"",
                ))
            }
        };
        let mut bbox = BoundingBox {
            min_lat: f64::INFINITY,
            min_lng: f64::INFINITY,
            max_lat: f64::NEG_INFINITY,
            max_lng: f64::NEG_INFINITY,
        };
        for polygon in &polygons {
            for c in polygon.exterior().coords() {
                bbox.min_lat = bbox.min_lat.min(c.y);
                bbox.max_lat = bbox.max_lat.max(c.y);
                bbox.min_lng = bbox.min_lng.min(c.x);
                bbox.max_lng = bbox.max_lng.max(c.x);
            }
        }
        let json = json!({ "type": kind, "coordinates": coordinates });
        Ok(Self {
            shape: MultiPolygon::new(polygons),
            bbox,
            json,
        })
    }

    /// Is the point inside (boundary included, holes excluded)?
    pub fn contains(&self, lat: f64, lng: f64) -> bool {
        self.bbox.contains(lat, lng) && self.shape.intersects(&Point::new(lng, lat))
    }

    pub fn bbox(&self) -> BoundingBox {
        self.bbox
    }

    /// The normalised GeoJSON object.
    pub fn json(&self) -> &Value {
        &self.json
    }

    pub fn into_json(self) -> Value {
        self.json
    }
}

fn parse_polygon(value: &Value, what: &str, budget: &mut usize) -> Result<Polygon<f64>, Error> {
    let rings = value
        .as_array()
        .ok_or_else(|| Error::invalid(FIELD, format!("{what} must be an array of rings")))?;
    if rings.is_empty() {
        return Err(Error::invalid(FIELD, format!("{what} has no rings")));
    }
    let mut parsed = rings
        .iter()
        .enumerate()
        .map(|(i, r)| parse_ring(r, &format!("ring {i} of {what}"), budget))
        .collect::<Result<Vec<_>, _>>()?;
    let exterior = parsed.remove(0);
    Ok(Polygon::new(exterior, parsed))
}

fn parse_ring(value: &Value, what: &str, budget: &mut usize) -> Result<LineString<f64>, Error> {
    let positions = value
        .as_array()
        .ok_or_else(|| Error::invalid(FIELD, format!("{what} must be an array of positions")))?;
    if positions.len() > *budget {
        return Err(Error::invalid(
            FIELD,
            format!("has more than {MAX_VERTICES} positions"),
        ));
    }
    *budget -= positions.len();
    if positions.len() < 4 {
        return Err(Error::invalid(
            FIELD,
            format!("{what} needs at least 4 positions (closed: the last equals the first)"),
        ));
    }
    let coords = positions
        .iter()
        .enumerate()
        .map(|(i, p)| parse_position(p, &format!("position {i} of {what}")))
        .collect::<Result<Vec<_>, _>>()?;
    if coords.first() != coords.last() {
        return Err(Error::invalid(
            FIELD,
            format!("{what} is not closed: its last position must equal its first"),
        ));
    }
    Ok(LineString::new(coords))
}

fn parse_position(value: &Value, what: &str) -> Result<Coord<f64>, Error> {
    let bad = || Error::invalid(FIELD, format!("{what} must be [longitude, latitude]"));
    let [lng, lat] = value.as_array().map(Vec::as_slice).ok_or_else(bad)? else {
        return Err(bad());
    };
    let (lng, lat) = (
        lng.as_f64().filter(|v| v.is_finite()).ok_or_else(bad)?,
        lat.as_f64().filter(|v| v.is_finite()).ok_or_else(bad)?,
    );
    if !(-180.0..=180.0).contains(&lng) {
        return Err(Error::invalid(
            FIELD,
            format!("{what}: longitude must be between -180 and 180"),
        ));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(Error::invalid(
            FIELD,
            format!("{what}: latitude must be between -90 and 90"),
        ));
    }
    Ok(Coord { x: lng, y: lat })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn square(lng0: f64, lat0: f64, size: f64) -> Value {
        json!([
            [lng0, lat0],
            [lng0 + size, lat0],
            [lng0 + size, lat0 + size],
            [lng0, lat0 + size],
            [lng0, lat0]
        ])
    }

    fn message(value: Value) -> String {
        match ZoneGeometry::parse(&value) {
            Err(Error::Invalid { field, message }) => {
                assert_eq!(field, "geometry");
                message
            }
            other => panic!("{value} should be rejected, got {other:?}"),
        }
    }

    #[test]
    fn point_in_polygon_with_a_hole() {
        // A 1°×1° square at (13, 52) with a 0.2° hole in the middle.
        let geometry = ZoneGeometry::parse(&json!({
            "type": "Polygon",
            "coordinates": [square(13.0, 52.0, 1.0), square(13.4, 52.4, 0.2)]
        }))
        .unwrap();
        let table = [
            // (lat, lng, inside)
            (52.1, 13.1, true),    // in the shell
            (52.9, 13.9, true),    // near the far corner
            (52.5, 13.5, false),   // in the hole
            (52.45, 13.45, false), // in the hole, off-centre
            (52.35, 13.5, true),   // between shell and hole
            (52.0, 13.5, true),    // on the shell boundary
            (52.4, 13.5, true),    // on the hole boundary (the zone's boundary)
            (51.99, 13.5, false),  // just south
            (52.5, 14.01, false),  // just east
            (-52.5, -13.5, false), // mirrored: far away
        ];
        for (lat, lng, inside) in table {
            assert_eq!(geometry.contains(lat, lng), inside, "({lat}, {lng})");
        }
        assert_eq!(
            geometry.bbox(),
            BoundingBox {
                min_lat: 52.0,
                min_lng: 13.0,
                max_lat: 53.0,
                max_lng: 14.0
            }
        );
    }

    #[test]
    fn point_in_multipolygon() {
        let geometry = ZoneGeometry::parse(&json!({
            "type": "MultiPolygon",
            "coordinates": [
                [square(0.0, 0.0, 1.0)],
                [square(10.0, 10.0, 2.0), square(10.5, 10.5, 0.5)]
            ]
        }))
        .unwrap();
        let table = [
            (0.5, 0.5, true),
            (11.0, 11.5, true),
            (10.7, 10.7, false), // hole of the second polygon
            (5.0, 5.0, false),   // between the polygons, inside the bbox
            (1.5, 0.5, false),
            (12.0, 12.0, true), // corner
        ];
        for (lat, lng, inside) in table {
            assert_eq!(geometry.contains(lat, lng), inside, "({lat}, {lng})");
        }
        assert_eq!(geometry.bbox().max_lat, 12.0);
        assert_eq!(geometry.bbox().min_lng, 0.0);
    }

    #[test]
    fn concave_polygon() {
        // An L shape: the notch at the top right is outside.
        let geometry = ZoneGeometry::parse(&json!({
            "type": "Polygon",
            "coordinates": [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]]
        }))
        .unwrap();
        assert!(geometry.contains(0.5, 1.5));
        assert!(geometry.contains(1.5, 0.5));
        assert!(!geometry.contains(1.5, 1.5));
    }

    #[test]
    fn normalises_to_type_and_coordinates() {
        let geometry = ZoneGeometry::parse(&json!({
            "type": "Polygon",
            "coordinates": [square(1.0, 1.0, 1.0)],
            "bbox": [1, 1, 2, 2],
            "extra": "dropped"
        }))
        .unwrap();
        assert_eq!(
            geometry.json(),
            &json!({"type": "Polygon", "coordinates": [square(1.0, 1.0, 1.0)]})
        );
        let again = ZoneGeometry::from_stored(geometry.json()).unwrap();
        assert_eq!(again, geometry);
    }

    #[test]
    fn rejects_bad_geometries() {
        let open = json!([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0.5]]);
        let cases = [
            (json!("Polygon"), "GeoJSON object"),
            (json!({"type": "Point", "coordinates": [1, 2]}), "`type`"),
            (
                json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
                "`type`",
            ),
            (json!({"coordinates": [square(0.0, 0.0, 1.0)]}), "`type`"),
            (json!({"type": "Polygon"}), "`coordinates` is missing"),
            (json!({"type": "Polygon", "coordinates": []}), "no rings"),
            (
                json!({"type": "Polygon", "coordinates": [open]}),
                "not closed",
            ),
            (
                json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}),
                "at least 4 positions",
            ),
            (
                json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0, 0]]]}),
                "at least 4 positions",
            ),
            (
                json!({"type": "Polygon", "coordinates": [square(179.5, 0.0, 1.0)]}),
                "longitude",
            ),
            (
                json!({"type": "Polygon", "coordinates": [square(0.0, 89.5, 1.0)]}),
                "latitude",
            ),
            (
                json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], ["1", 1], [0, 0]]]}),
                "[longitude, latitude]",
            ),
            (
                json!({"type": "Polygon", "coordinates": [[[0, 0, 5], [1, 0], [1, 1], [0, 0, 5]]]}),
                "[longitude, latitude]",
            ),
            (
                json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], null, [0, 0]]]}),
                "[longitude, latitude]",
            ),
            // A bow tie crosses itself.
            (
                json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}),
                "self-intersection",
            ),
            // A hole outside its shell.
            (
                json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 1.0), square(5.0, 5.0, 1.0)]}),
                "not a valid polygon",
            ),
            (
                json!({"type": "MultiPolygon", "coordinates": []}),
                "1-1000 polygons",
            ),
            (
                json!({"type": "MultiPolygon", "coordinates": [[square(0.0, 0.0, 2.0)], [square(1.0, 1.0, 2.0)]]}),
                "overlap",
            ),
        ];
        for (value, expected) in cases {
            let msg = message(value.clone());
            assert!(
                msg.contains(expected),
                "{value}: {msg:?} lacks {expected:?}"
            );
        }
    }

    #[test]
    fn vertex_count_is_bounded() {
        let ring = |n: usize| {
            let mut positions: Vec<Value> = (0..n)
                .map(|i| {
                    let a = i as f64 / n as f64 * std::f64::consts::TAU;
                    json!([a.cos(), a.sin()])
                })
                .collect();
            positions.push(positions[0].clone());
            Value::Array(positions)
        };
        // At the bound the structure is accepted (the OGC validity check, which grows
        // quadratically with the vertex count, is exercised on a smaller ring here).
        let ok = ZoneGeometry::parse_structure(
            &json!({"type": "Polygon", "coordinates": [ring(MAX_VERTICES - 1)]}),
        );
        assert!(ok.is_ok(), "{ok:?}");
        let ok = ZoneGeometry::parse(&json!({"type": "Polygon", "coordinates": [ring(500)]}));
        assert!(ok.is_ok(), "{ok:?}");
        let msg = message(json!({"type": "Polygon", "coordinates": [ring(MAX_VERTICES)]}));
        assert!(msg.contains("more than 10000"), "{msg}");
    }
}
