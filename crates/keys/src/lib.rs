//! API keys (SPEC §2): secret generation and parsing, permissions, IP allow-lists, the key
//! store and lifecycle (create, disable, regenerate with grace, revoke, delete), and the
//! verifier whose in-process cache keeps the request hot path free of database round trips.
//!
//! Key management for callers (a partner key managing keys, an operator) runs through the
//! use cases of [`manage`]: `Caller::reader()` / `Caller::writer()` check the caller's right,
//! then each call checks reach and rules, changes, announces and reads usage in one
//! transaction. [`service`] holds the unguarded lifecycle for trusted callers (CLI, demo,
//! tests); [`tokens`] the signed tokens and how a token narrows its key's principal.
//! One error type, [`Error`], covers keys, tokens' key checks and operators alike.
//!
//! Every change to a key or tenant is announced with `NOTIFY fleetgate_keys` in the same
//! transaction, so every gateway instance (each runs [`KeyVerifier::listen`]) drops its cached
//! copy as soon as the change commits; a short cache TTL is the safety net.

mod error;
pub mod ip;
pub mod manage;
mod model;
pub mod operators;
pub mod secret;
pub mod service;
mod store;
pub mod tokens;
mod verify;

pub use error::Error;
pub use fleet_domain::notify;
pub use fleet_domain::{KeyMode, Permission, PermissionSet, UnknownPermission};
pub use ip::{client_ip, IpAllowList};
pub use model::{ApiKey, CreatedKey, KeyScope, KeyStatus, NewKey, RateLimitOverrides};
pub use verify::{CachedKey, KeyVerifier, Presented, VerifiedKey, DEFAULT_CACHE_TTL};
