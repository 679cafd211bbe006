//! Customers (riders) and the wallet row created with each: model, store (scoped queries)
//! and service (validation, transactions, outbox events).

mod model;
pub mod service;
pub mod store;

pub use model::{Customer, CustomerId, CustomerStatus};
pub use service::{CustomerFilter, CustomerPatch, NewCustomer};
