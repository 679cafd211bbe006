//! Rides (SPEC §8): the ride state machine ([`state`]), the integer-cent fare calculation
//! ([`fare`]) — both pure, tested exhaustively — and the service that starts, pauses,
//! resumes and ends rides against the database ([`service`]): one transaction per operation
//! with the row locks that give concurrent requests exactly one winner, the plan snapshot,
//! the geofenced end, settlement through the wallet and the outbox events.
//!
//! Another team can call `rides::service::end_ride(conn, &scope, id, input)` from a worker
//! or a CLI with nothing but a connection.

mod error;
pub mod fare;
pub mod model;
pub mod service;
pub mod state;
pub mod store;

pub use error::{EndRefusal, Error};
pub use fare::{Fare, FareInput, PlanSnapshot};
pub use model::{EndRide, Ride, RideFilter, RideFilterText, StartRide};
pub use state::{RideAction, RideStatus, TransitionError};
