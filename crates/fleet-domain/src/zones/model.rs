use diesel::{Queryable, Selectable};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::ZoneGeometry;
use crate::{Error, SubaccountId, TenantId};

crate::id_type!(
    /// One zone.
    ZoneId
);

db::text_enum! {
    /// What a zone means for rides.
    pub enum ZoneType {
        /// Rides may end only inside an operating area (when the subaccount has any).
        OperatingArea = "operating_area",
        Parking = "parking",
        /// Rides may not end inside.
        NoParking = "no_parking",
        /// Carries `speed_limit_kph`.
        SlowSpeed = "slow_speed",
    }
}

/// A zone row. `geometry` is the normalised GeoJSON written by [`super::service::create_zone`].
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = db::schema::zones, check_for_backend(diesel::pg::Pg))]
pub struct Zone {
    pub id: ZoneId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub name: String,
    pub zone_type: ZoneType,
    pub geometry: Value,
    pub speed_limit_kph: Option<i32>,
    pub min_lat: f64,
    pub min_lng: f64,
    pub max_lat: f64,
    pub max_lng: f64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Zone {
    /// The parsed geometry, for exact point tests.
    pub fn shape(&self) -> Result<ZoneGeometry, Error> {
        ZoneGeometry::from_stored(&self.geometry)
    }
}

/// Input of [`super::service::create_zone`] (seeder, tests, a future management API).
#[derive(Debug, Clone)]
pub struct NewZone {
    /// `None`: the scope's only subaccount.
    pub subaccount_id: Option<SubaccountId>,
    pub name: String,
    pub zone_type: ZoneType,
    /// GeoJSON Polygon or MultiPolygon.
    pub geometry: Value,
    /// Required for `slow_speed` (1-200), forbidden otherwise.
    pub speed_limit_kph: Option<i32>,
}

/// Changes of [`super::service::update_zone`]; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ZonePatch {
    pub name: Option<String>,
    pub zone_type: Option<ZoneType>,
    /// GeoJSON Polygon or MultiPolygon, validated like on create.
    pub geometry: Option<Value>,
    /// `Some(None)` clears it (needed when the type changes away from `slow_speed`).
    pub speed_limit_kph: Option<Option<i32>>,
}
