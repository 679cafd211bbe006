use diesel::{Queryable, Selectable};
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
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
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
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
