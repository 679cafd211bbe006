//! GBFS 3.0 (MobilityData): the nine files of one subaccount's feed, as pure functions of
//! the rows they are built from. Serde types of our own (only the fields we publish), tested
//! against the official JSON Schemas (`crates/feeds/tests/gbfs-json-schema/v3.0/`).
//! docs/gbfs.md documents the mapping.

mod map;
mod model;
pub mod vehicle_ids;

pub use map::*;
pub use model::*;

/// The GBFS version served.
pub const VERSION: &str = "3.0";
/// Seconds a client may cache `vehicle_status.json` (`ttl`, `Cache-Control: max-age`).
pub const VEHICLE_STATUS_TTL: u32 = 30;
/// Seconds a client may cache every other file.
pub const CONFIG_TTL: u32 = 60;

/// The nine files, as they appear in the URL (`<name>.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFile {
    Manifest,
    Gbfs,
    GbfsVersions,
    SystemInformation,
    VehicleTypes,
    VehicleStatus,
    SystemPricingPlans,
    GeofencingZones,
    SystemAlerts,
}

impl FeedFile {
    pub const ALL: [FeedFile; 9] = [
        FeedFile::Manifest,
        FeedFile::Gbfs,
        FeedFile::GbfsVersions,
        FeedFile::SystemInformation,
        FeedFile::VehicleTypes,
        FeedFile::VehicleStatus,
        FeedFile::SystemPricingPlans,
        FeedFile::GeofencingZones,
        FeedFile::SystemAlerts,
    ];

    /// The file name without `.json` (the `name` in `gbfs.json`).
    pub fn name(self) -> &'static str {
        match self {
            FeedFile::Manifest => "manifest",
            FeedFile::Gbfs => "gbfs",
            FeedFile::GbfsVersions => "gbfs_versions",
            FeedFile::SystemInformation => "system_information",
            FeedFile::VehicleTypes => "vehicle_types",
            FeedFile::VehicleStatus => "vehicle_status",
            FeedFile::SystemPricingPlans => "system_pricing_plans",
            FeedFile::GeofencingZones => "geofencing_zones",
            FeedFile::SystemAlerts => "system_alerts",
        }
    }

    /// `vehicle_status.json` → [`FeedFile::VehicleStatus`].
    pub fn from_path(segment: &str) -> Option<FeedFile> {
        let name = segment.strip_suffix(".json")?;
        FeedFile::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn ttl(self) -> u32 {
        match self {
            FeedFile::VehicleStatus => VEHICLE_STATUS_TTL,
            _ => CONFIG_TTL,
        }
    }
}
