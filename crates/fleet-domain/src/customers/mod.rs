//! Customers (riders) and the wallet row created with each.

mod model;

pub use model::{Customer, CustomerId, CustomerStatus};
