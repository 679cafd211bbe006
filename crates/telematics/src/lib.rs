//! Telematics (SPEC §10), framework-free: ping parsing and validation ([`model`]); the
//! ingest service ([`service`]) with its micro-batching of single pings (`batcher`), the
//! one-transaction ingest (`ingest`), the archive's down-sampling (`archive`) and the derived
//! `vehicle.battery_low` / `vehicle.location_updated` events (`derive`); the archive and
//! last-position statements ([`store`]), track reads and ride distance ([`track`]), and the
//! live fan-out over Redis pub/sub or in-process ([`live`]).

mod archive;
mod batcher;
mod derive;
mod error;
mod ingest;
pub mod live;
pub mod model;
pub mod service;
pub mod store;
pub mod track;

pub use error::Error;
pub use fleet_domain::vehicles::service::set_device_id;
pub use live::LiveHub;
pub use model::{IngestOutcome, LivePosition, RejectCode, Rejection};
pub use service::{Settings, Telematics};
pub use track::track_length_m;

// The gateway's way in for the live stream's scope check, the track's type and retention.
mod retention;
mod scope;
pub use retention::purge_archive;
pub use scope::vehicle_in_scope;
pub use store::TrackPoint;
