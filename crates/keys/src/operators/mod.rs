//! Operators: the people of a tenant who use the management API. Passwords are argon2id
//! ([`password`]); sign-in opens an opaque session whose token is stored only as a SHA-256
//! hash, expires after an idle period (sliding) and at an absolute deadline, and ends on
//! logout ([`service`]). The request log, usage over time and subaccount changes the
//! management API also serves live in `fleet_domain::audit` and `fleet_domain::tenancy`.

mod model;
pub mod password;
pub mod service;
mod store;

/// The crate's one error type, under the name operator code has always used.
pub use crate::Error;
pub use model::{NewOperator, OpenedSession, Operator, Role, Session, SignedIn};
pub use service::{LoginContext, LoginThrottle, SessionPolicy};
