use thiserror::Error;

use fleet_domain::vehicles::{VehicleId, VehicleStatus, VehicleType};
use fleet_domain::{customers::CustomerId, RideId};

use crate::state::TransitionError;

/// Why a ride may not end at a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndRefusal {
    /// The subaccount has operating areas and the point is in none of them.
    OutsideOperatingArea,
    /// The point lies inside a no-parking zone.
    NoParkingZone,
}

/// What can go wrong with rides. No HTTP here: the gateway maps each variant.
#[derive(Debug, Error)]
pub enum Error {
    #[error("{resource} not found")]
    NotFound { resource: &'static str, id: String },
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("customer {0} is blocked")]
    CustomerBlocked(CustomerId),
    #[error("customer {customer} already has an unfinished ride {ride}")]
    CustomerInRide { customer: CustomerId, ride: RideId },
    #[error("vehicle {vehicle} is {}", current.as_str())]
    VehicleNotAvailable {
        vehicle: VehicleId,
        current: VehicleStatus,
    },
    #[error("battery {battery_percent} % is below the {required_percent} % needed to start")]
    BatteryTooLow {
        vehicle: VehicleId,
        battery_percent: i32,
        required_percent: i32,
    },
    #[error("no pricing plan for {} vehicles in this subaccount", vehicle_type.as_str())]
    NoPricingPlan { vehicle_type: VehicleType },
    #[error("insufficient funds: balance {balance_cents}, required {required_cents}")]
    InsufficientFunds {
        balance_cents: i64,
        required_cents: i64,
    },
    #[error("ride {ride}: {transition}")]
    Transition {
        ride: RideId,
        transition: TransitionError,
    },
    /// The end point is outside every operating area, or inside a no-parking zone.
    #[error("the ride cannot end here: {reason:?}")]
    EndNotAllowed {
        reason: EndRefusal,
        zone_id: Option<String>,
    },
    #[error(transparent)]
    Domain(#[from] fleet_domain::Error),
    #[error(transparent)]
    Wallet(#[from] wallet::Error),
    #[error(transparent)]
    Telematics(#[from] telematics::Error),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fleet_domain::error_constructors!(Error: invalid, not_found);
