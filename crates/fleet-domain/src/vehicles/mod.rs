//! Vehicles: model, store and service.

mod model;

pub use model::{FuelType, Vehicle, VehicleId, VehicleStatus, VehicleType};
