//! Vehicles: model, store and service.
//!
//! - Lists are scoped, filtered by `status`, `type`, `subaccount_id` and `zone_id`, in page
//!   or cursor mode on `(created_at, id)`. The `zone_id` filter prefilters in SQL on the
//!   zone's stored bounding box, tests each candidate's position against the exact geometry
//!   with `geo` (boundary inside, holes outside), then paginates the matches (details on
//!   [`service::list_vehicles`]).
//! - Status changes lock the row (`SELECT … FOR UPDATE`) and write `vehicle.status_changed`
//!   in the same transaction; `in_use`/`reserved` belong to rides (409 for partners).
//! - Nearby search: the grid cells covering the circle's bounding box, one range scan each on
//!   `vehicles_tenant_status_cell_idx (tenant_id, status, position_cell)`, then haversine
//!   distance (R = 6 371 008.8 m), exact radius test and sort in the same statement
//!   ([`store::NEARBY_SQL`], [`nearby`]). The coordinates are in no index, so telematics
//!   pings update vehicles heap-only. The gateway answers from the in-memory index
//!   ([`nearby_index`], fed by the `vehicle_changes` feed) when it is in sync, and runs this
//!   statement otherwise.

mod model;
pub mod nearby;
mod nearby_feed;
pub mod nearby_index;
pub mod service;
pub mod store;
mod validate;

pub use model::{validate_device_id, MAX_DEVICE_ID_LEN};
pub use model::{
    FuelType, NearbyParams, NearbyVehicle, NewVehicle, Vehicle, VehicleChanges, VehicleFilter,
    VehicleId, VehicleStatus, VehicleType,
};
