//! Checks of what partners send for vehicles (field by field, the first bad field named):
//! the row a create inserts and the changes an update applies.

use super::store::{VehicleDetails, VehicleRow};
use super::{NewVehicle, VehicleChanges, VehicleId, VehicleStatus};
use crate::{metadata, Error, Scope};

fn text(field: &'static str, raw: Option<String>, max: usize) -> Result<Option<String>, Error> {
    raw.map(|s| {
        let s = s.trim();
        if s.is_empty() || s.chars().count() > max || s.chars().any(char::is_control) {
            Err(Error::invalid(
                field,
                format!("must be 1-{max} printable characters"),
            ))
        } else {
            Ok(s.to_owned())
        }
    })
    .transpose()
}

fn int(field: &'static str, raw: Option<i64>, min: i64, max: i64) -> Result<Option<i32>, Error> {
    raw.map(|n| {
        if (min..=max).contains(&n) {
            i32::try_from(n).map_err(|_| Error::invalid(field, "out of range"))
        } else {
            Err(Error::invalid(
                field,
                format!("must be between {min} and {max}"),
            ))
        }
    })
    .transpose()
}
pub(super) fn validated_row(scope: &Scope, new: NewVehicle) -> Result<VehicleRow, Error> {
    let subaccount_id = scope.target_subaccount(new.subaccount_id)?;
    let vehicle_number = text("vehicle_number", new.vehicle_number, 32)?;
    let vehicle_type = new.vehicle_type;
    let details = validated_details(
        new.registration,
        new.make,
        new.model,
        new.year,
        new.fuel_type,
        new.capacity,
    )?;
    let battery_percent = int("battery_percent", new.battery_percent, 0, 100)?;
    let (latitude, longitude) = match (new.latitude, new.longitude) {
        (None, None) => (None, None),
        (Some(_), None) => return Err(Error::invalid("longitude", "is required with latitude")),
        (None, Some(_)) => return Err(Error::invalid("latitude", "is required with longitude")),
        (Some(lat), Some(lng)) => {
            if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
                return Err(Error::invalid("latitude", "must be between -90 and 90"));
            }
            if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
                return Err(Error::invalid("longitude", "must be between -180 and 180"));
            }
            (Some(lat), Some(lng))
        }
    };
    let metadata = match new.metadata {
        None | Some(serde_json::Value::Null) => serde_json::json!({}),
        Some(m) => metadata::validate(m)?,
    };
    let device_id = new.device_id.as_deref().map(device_id).transpose()?;
    Ok(VehicleRow {
        id: VehicleId::new(),
        tenant_id: scope.tenant_id(),
        subaccount_id,
        vehicle_number: vehicle_number.unwrap_or_default(),
        vehicle_type,
        details,
        battery_percent,
        latitude,
        longitude,
        metadata,
        device_id,
    })
}

/// The descriptive fields, checked alike on create and update.
fn validated_details(
    registration: Option<String>,
    make: Option<String>,
    model: Option<String>,
    year: Option<i64>,
    fuel_type: Option<super::FuelType>,
    capacity: Option<i64>,
) -> Result<VehicleDetails, Error> {
    Ok(VehicleDetails {
        registration: text("registration", registration, 32)?,
        make: text("make", make, 100)?,
        model: text("model", model, 100)?,
        year: int("year", year, 1900, 2100)?,
        fuel_type,
        capacity: int("capacity", capacity, 1, 100)?,
    })
}

fn device_id(raw: &str) -> Result<String, Error> {
    super::validate_device_id(raw).map_err(|m| Error::invalid("device_id", m))
}

pub(super) fn validated_changes(changes: VehicleChanges) -> Result<ChangesIn, Error> {
    // `in_use`/`reserved` are well-formed but belong to rides: 409 once the vehicle is read
    // (SPEC §7), not 400.
    let status = changes.status;
    if status.is_some_and(|s| !s.is_operator_settable() && !s.is_in_ride()) {
        return Err(Error::invalid(
            "status",
            "must be one of available, maintenance, charging, offline",
        ));
    }
    Ok(ChangesIn {
        status,
        details: validated_details(
            changes.registration,
            changes.make,
            changes.model,
            changes.year,
            changes.fuel_type,
            changes.capacity,
        )?,
        metadata: changes.metadata,
        device_id: changes
            .device_id
            .map(|d| d.as_deref().map(device_id).transpose())
            .transpose()?,
    })
}

pub(super) struct ChangesIn {
    pub(super) status: Option<VehicleStatus>,
    pub(super) details: VehicleDetails,
    pub(super) metadata: Option<serde_json::Value>,
    pub(super) device_id: Option<Option<String>>,
}
