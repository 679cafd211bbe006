//! Key management as use cases: the calls behind both the partner API's key self-service
//! (`/api-keys`) and the management API's key routes (`/api/admin/v1/api-keys`), and any
//! other front end (a worker, a CLI) that manages keys on someone's behalf.
//!
//! # The API
//! A [`Caller`] says who asks: a partner key ([`Caller::Key`]: the request's principal
//! and the verified key) or an operator ([`Caller::Operator`]). Asking for a desk checks
//! the caller's right first, so no use case can run unchecked:
//! - [`Caller::reader`] (`keys:read`, or any operator role) gives a [`Reader`] with
//!   [`Reader::list`] (one page, filtered and paged in SQL) and [`Reader::get`];
//! - [`Caller::writer`] (`keys:write`, or the `admin` role) gives a [`Writer`] with
//!   [`Writer::create`], [`Writer::update`], [`Writer::delete`], [`Writer::regenerate`]
//!   and [`Writer::revoke`].
//!
//! Each change runs in **one transaction**: the key is locked, the caller's reach and
//! rights are checked, the row changes, the invalidation notice (`NOTIFY fleetgate_keys`)
//! is written, and the key's usage is read; after the commit the writer also drops the
//! key from this process's verifier cache, so the caller's next request already sees the
//! change. Results come as [`KeyView`] (a key with its usage) or [`KeyWithSecret`] (create
//! and regenerate: the secret, shown once). The audit record of a change is its request
//! log row (actor, route, outcome), written by the gateway for every management request;
//! a created key also records who created it (`created_by`).
//!
//! # The rules ([`rules`])
//! - **Reach** ([`Reach`]): a key sees and manages the keys of its own mode whose
//!   subaccounts all lie within its reach; a key spanning all subaccounts (global, empty
//!   list) is seen only by keys that also span all. Keys out of reach answer "not found"
//!   exactly like unknown ids. Operators reach the whole tenant.
//! - **Granting**: a key grants only permissions, subaccounts and the mode it holds, never
//!   a key spanning all subaccounts, and a subaccount-bound key never a global key.
//! - **Touching**: a key changes only keys holding no permission it lacks (403).
//! - **Scope of a request** ([`KeyRequest::into_new_key`]): a subaccount-scoped key names
//!   its one subaccount in `subaccount_id`, a global key its list in
//!   `allowed_subaccount_ids`, never the other.
//!
//! Input is validated before any lookup, so an invalid change to a key out of reach is a
//! validation error, not "not found" (the same for every change, partner or operator).

mod cases;
mod input;
mod key_ref;
pub mod rules;
#[cfg(test)]
mod testing;
mod usage;

pub use cases::{Caller, KeyListFilter, KeyView, KeyWithSecret, Reader, Writer};
pub use input::{KeyChanges, KeyRequest};
pub use key_ref::KeyRef;
pub use rules::Reach;
pub use usage::usage_of;
