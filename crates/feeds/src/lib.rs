//! Open-data projections of fleet state (SPEC §13). [`gbfs`] maps a subaccount's vehicles,
//! zones and pricing plans to the GBFS 3.0 files (pure functions, no HTTP, no database);
//! [`settings`] stores which subaccounts publish a feed, under which rotatable token, and
//! loads the rows a feed is built from.

mod error;
pub mod gbfs;
pub mod settings;

pub use error::Error;
