//! Request pipeline, outermost first: [`envelope`] (request id, panics and framework errors
//! into the envelope), then on the API scopes [`request_log`] (the audit trail) and [`auth`] (key verification, brute-force guard,
//! rate limit and its headers), innermost [`retry`] (one retry of a read whose database
//! connection died).

pub mod auth;
pub mod client;
pub mod envelope;
pub mod idempotency;
pub mod operator_auth;
pub mod request_log;
pub mod retry;
