//! Zones (SPEC §7, §8): operating areas, parking, no-parking and slow-speed zones of a
//! subaccount, each a GeoJSON Polygon or MultiPolygon validated on write.
//!
//! Point queries ([`service::zones_containing`], the `zone_id` filter of the vehicle list)
//! prefilter in SQL on the bounding box stored with every zone (`min_lat`…`max_lng`), then
//! test the exact geometry with the `geo` crate ([`ZoneGeometry::contains`]; boundary
//! inside, holes outside).

pub mod geometry;
mod model;
mod schema;
pub mod service;
pub mod store;

pub use geometry::{BoundingBox, ZoneGeometry};
pub use model::{NewZone, Zone, ZoneId, ZonePatch, ZoneType};
