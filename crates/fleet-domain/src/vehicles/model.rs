use diesel::{Queryable, QueryableByName, Selectable};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::{SubaccountId, TenantId};

crate::id_type!(
    /// One vehicle.
    VehicleId
);

db::text_enum! {
    /// Kind of vehicle; pricing plans are per subaccount and vehicle type.
    pub enum VehicleType {
        Scooter = "scooter",
        Ebike = "ebike",
        Moped = "moped",
        Car = "car",
        Van = "van",
    }
}

db::text_enum! {
    /// Energy source.
    pub enum FuelType {
        Electric = "electric",
        Petrol = "petrol",
        Diesel = "diesel",
        Hybrid = "hybrid",
    }
}

db::text_enum! {
    /// Operational state. `in_use` and `reserved` are set by rides only; `retired` by DELETE.
    pub enum VehicleStatus {
        Available = "available",
        InUse = "in_use",
        Reserved = "reserved",
        Maintenance = "maintenance",
        Charging = "charging",
        Offline = "offline",
        Retired = "retired",
    }
}

impl VehicleStatus {
    /// The statuses a partner may set with PATCH (SPEC §7).
    pub const OPERATOR_SETTABLE: [VehicleStatus; 4] = [
        VehicleStatus::Available,
        VehicleStatus::Maintenance,
        VehicleStatus::Charging,
        VehicleStatus::Offline,
    ];

    pub fn is_operator_settable(self) -> bool {
        Self::OPERATOR_SETTABLE.contains(&self)
    }

    /// A ride holds the vehicle (`in_use` or `reserved`).
    pub fn is_in_ride(self) -> bool {
        matches!(self, VehicleStatus::InUse | VehicleStatus::Reserved)
    }
}

/// A vehicle row.
#[derive(Debug, Clone, PartialEq, Queryable, QueryableByName, Selectable, Serialize)]
#[diesel(table_name = db::schema::vehicles, check_for_backend(diesel::pg::Pg))]
pub struct Vehicle {
    pub id: VehicleId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub vehicle_number: String,
    pub registration: Option<String>,
    pub vehicle_type: VehicleType,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year: Option<i32>,
    pub fuel_type: Option<FuelType>,
    pub capacity: Option<i32>,
    pub status: VehicleStatus,
    pub battery_percent: Option<i32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub last_seen_at: Option<OffsetDateTime>,
    /// Partner-set custom data ([`crate::metadata`]).
    pub metadata: Value,
    /// The tracker's own id, which telematics pings may use instead of the vehicle id.
    pub device_id: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Input of [`super::service::create_vehicle`]: enums parsed by the caller
/// ([`crate::parse_field`]); text and numbers as sent, checked by the service so that every
/// error names its field.
#[derive(Debug, Clone)]
pub struct NewVehicle {
    /// `None`: the scope's only subaccount.
    pub subaccount_id: Option<SubaccountId>,
    /// `None`: generated (`V001`, `V002`, …).
    pub vehicle_number: Option<String>,
    pub registration: Option<String>,
    pub vehicle_type: VehicleType,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year: Option<i64>,
    pub fuel_type: Option<FuelType>,
    pub capacity: Option<i64>,
    pub battery_percent: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub metadata: Option<Value>,
    /// A tracker id (see [`validate_device_id`]), unique per tenant.
    pub device_id: Option<String>,
}

/// Input of [`super::service::update_vehicle`]: each field given replaces the stored one;
/// `metadata` is a merge patch.
#[derive(Debug, Clone, Default)]
pub struct VehicleChanges {
    /// `available`, `maintenance`, `charging` or `offline` (`in_use` and `reserved` are
    /// refused with a conflict, `retired` as invalid).
    pub status: Option<VehicleStatus>,
    pub registration: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year: Option<i64>,
    pub fuel_type: Option<FuelType>,
    pub capacity: Option<i64>,
    pub metadata: Option<Value>,
    /// `Some(None)` clears the tracker id.
    pub device_id: Option<Option<String>>,
}

/// Filters of the vehicle list: enums parsed by the caller, the ids as sent (parsed by the
/// service, which tells a malformed id from one out of scope).
#[derive(Debug, Clone, Default)]
pub struct VehicleFilter {
    pub status: Option<VehicleStatus>,
    pub vehicle_type: Option<VehicleType>,
    pub subaccount_id: Option<String>,
    pub zone_id: Option<String>,
}

/// Parameters of the nearby search, as sent.
#[derive(Debug, Clone, Default)]
pub struct NearbyParams {
    pub lat: Option<String>,
    pub lng: Option<String>,
    pub radius: Option<String>,
    pub status: Option<String>,
    /// Only vehicles of this type (`type`); any type when absent.
    pub vehicle_type: Option<String>,
    pub limit: Option<String>,
}

/// A vehicle found by the nearby search with its great-circle distance from the query point.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct NearbyVehicle {
    #[diesel(embed)]
    pub vehicle: Vehicle,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub distance_m: f64,
}

/// Longest tracker id.
pub const MAX_DEVICE_ID_LEN: usize = 64;

/// A tracker id: 1-64 characters of `A-Z a-z 0-9 . _ : -` (the message says what is wrong).
pub fn validate_device_id(raw: &str) -> Result<String, String> {
    let ok = !raw.is_empty()
        && raw.len() <= MAX_DEVICE_ID_LEN
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
    if ok {
        Ok(raw.to_owned())
    } else {
        Err("must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'".to_owned())
    }
}
