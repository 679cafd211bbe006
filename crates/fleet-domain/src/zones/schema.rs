//! The OpenAPI schema of a zone's geometry: what [`ZoneGeometry::parse`] accepts, as far as a
//! JSON Schema can say it. `ZoneGeometry` is a `oneOf` of `GeoJsonPolygon` and
//! `GeoJsonMultiPolygon` told apart by `type`; rings (`LinearRing`) hold 4 to
//! [`MAX_VERTICES`] positions, a MultiPolygon 1 to [`MAX_POLYGONS`] polygons, and a `Position`
//! is exactly `[longitude, latitude]` within range. What no schema can state (a ring is closed,
//! it does not cross itself, holes lie inside their shell, at most [`MAX_VERTICES`] positions
//! over all rings) is in the descriptions and checked by the parser (400 naming `geometry`).

use std::borrow::Cow;

use utoipa::openapi::schema::{
    ArrayBuilder, Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::{Ref, RefOr};

use super::geometry::{ZoneGeometry, MAX_POLYGONS, MAX_VERTICES};

const POLYGON: &str = "GeoJsonPolygon";
const MULTI_POLYGON: &str = "GeoJsonMultiPolygon";
const RING: &str = "LinearRing";
const POSITION: &str = "Position";

fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

fn number(minimum: f64, maximum: f64, description: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Number)
        .minimum(Some(minimum))
        .maximum(Some(maximum))
        .description(Some(description))
        .into()
}

/// `[longitude, latitude]`: two numbers, nothing else (no altitude).
fn position() -> RefOr<Schema> {
    ArrayBuilder::new()
        .description(Some(
            "A GeoJSON position: `[longitude, latitude]` in degrees (WGS 84), exactly two numbers.",
        ))
        .prefix_items([
            number(-180.0, 180.0, "Longitude, -180..180"),
            number(-90.0, 90.0, "Latitude, -90..90"),
        ])
        .items(ObjectBuilder::new().schema_type(Type::Number))
        .min_items(Some(2))
        .max_items(Some(2))
        .examples([serde_json::json!([13.405, 52.52])])
        .into()
}

fn ring() -> RefOr<Schema> {
    ArrayBuilder::new()
        .description(Some(format!(
            "A closed linear ring: at least 4 positions, the last equal to the first, not \
             crossing itself. At most {MAX_VERTICES} positions over all rings of a geometry."
        )))
        .items(reference(POSITION))
        .min_items(Some(4))
        .max_items(Some(MAX_VERTICES))
        .into()
}

fn kind(name: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([name]))
}

/// A polygon's rings: the shell first, then its holes (each inside the shell).
fn rings(description: &str) -> ArrayBuilder {
    ArrayBuilder::new()
        .description(Some(description))
        .items(reference(RING))
        .min_items(Some(1))
}

fn polygon() -> RefOr<Schema> {
    ObjectBuilder::new()
        .description(Some("A GeoJSON `Polygon`."))
        .property("type", kind("Polygon"))
        .required("type")
        .property(
            "coordinates",
            rings("The exterior ring first, then holes (each inside the exterior ring)."),
        )
        .required("coordinates")
        .examples([serde_json::json!({"type": "Polygon", "coordinates": [[[13.38, 52.51], [13.42, 52.51], [13.42, 52.53], [13.38, 52.53], [13.38, 52.51]]]})])
        .into()
}

fn multi_polygon() -> RefOr<Schema> {
    ObjectBuilder::new()
        .description(Some(
            "A GeoJSON `MultiPolygon`: polygons that do not overlap one another.",
        ))
        .property("type", kind("MultiPolygon"))
        .required("type")
        .property(
            "coordinates",
            ArrayBuilder::new()
                .description(Some(format!(
                    "1 to {MAX_POLYGONS} polygons, each as a Polygon's `coordinates`."
                )))
                .items(rings("The exterior ring first, then holes."))
                .min_items(Some(1))
                .max_items(Some(MAX_POLYGONS)),
        )
        .required("coordinates")
        .into()
}

impl utoipa::PartialSchema for ZoneGeometry {
    fn schema() -> RefOr<Schema> {
        let mut discriminator = Discriminator::new("type");
        for (value, name) in [("Polygon", POLYGON), ("MultiPolygon", MULTI_POLYGON)] {
            discriminator
                .mapping
                .insert(value.to_owned(), format!("#/components/schemas/{name}"));
        }
        OneOfBuilder::new()
            .description(Some(
                "GeoJSON `Polygon` or `MultiPolygon`, positions `[longitude, latitude]`. Stored \
                 and returned as `type` and `coordinates` only.",
            ))
            .item(reference(POLYGON))
            .item(reference(MULTI_POLYGON))
            .discriminator(Some(discriminator))
            .into()
    }
}

impl utoipa::ToSchema for ZoneGeometry {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ZoneGeometry")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.extend([
            (POLYGON.to_owned(), polygon()),
            (MULTI_POLYGON.to_owned(), multi_polygon()),
            (RING.to_owned(), ring()),
            (POSITION.to_owned(), position()),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn components() -> Value {
        let mut all = vec![(
            "ZoneGeometry".to_owned(),
            <ZoneGeometry as utoipa::PartialSchema>::schema(),
        )];
        <ZoneGeometry as utoipa::ToSchema>::schemas(&mut all);
        let map: serde_json::Map<String, Value> = all
            .into_iter()
            .map(|(name, schema)| match serde_json::to_value(schema) {
                Ok(v) => (name, v),
                Err(e) => panic!("{name}: {e}"),
            })
            .collect();
        Value::Object(map)
    }

    /// The bounds in the schema are the parser's: a ring of 3 positions, a position of 3
    /// numbers, a latitude of 91 are refused by both.
    #[test]
    fn schema_states_the_parsers_bounds() {
        let c = components();
        assert_eq!(c["LinearRing"]["minItems"], json!(4));
        assert_eq!(c["LinearRing"]["maxItems"], json!(MAX_VERTICES));
        assert_eq!(c["Position"]["minItems"], json!(2));
        assert_eq!(c["Position"]["maxItems"], json!(2));
        assert_eq!(
            c["Position"]["prefixItems"][0]["maximum"].as_f64(),
            Some(180.0)
        );
        assert_eq!(
            c["Position"]["prefixItems"][1]["maximum"].as_f64(),
            Some(90.0)
        );
        assert_eq!(
            c["GeoJsonMultiPolygon"]["properties"]["coordinates"]["maxItems"],
            json!(MAX_POLYGONS)
        );
        assert_eq!(
            c["ZoneGeometry"]["discriminator"]["mapping"]["Polygon"],
            json!("#/components/schemas/GeoJsonPolygon")
        );
        let square = json!([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]);
        let open =
            json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]]});
        assert!(ZoneGeometry::parse(&open).is_err(), "3 positions");
        let three = json!({"type": "Polygon", "coordinates": [[[0.0, 0.0, 5.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0, 5.0]]]});
        assert!(ZoneGeometry::parse(&three).is_err(), "altitude");
        let lat = json!({"type": "Polygon", "coordinates": [[[0.0, 91.0], [1.0, 0.0], [1.0, 1.0], [0.0, 91.0]]]});
        assert!(ZoneGeometry::parse(&lat).is_err(), "latitude 91");
        let ok = json!({"type": "MultiPolygon", "coordinates": [[square]]});
        assert!(ZoneGeometry::parse(&ok).is_ok());
    }
}
