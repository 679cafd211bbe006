//! Rides (SPEC §8): the ride state machine ([`state`]) and the integer-cent fare
//! calculation ([`fare`]), both pure so they can be tested exhaustively. Starting, pausing
//! and ending rides against the database (with settlement through the wallet) builds on them.

pub mod fare;
pub mod state;

pub use fare::{Fare, FareInput, PlanSnapshot};
pub use state::{RideAction, RideStatus, TransitionError};
