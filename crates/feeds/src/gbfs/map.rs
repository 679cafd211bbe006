//! Rows → GBFS files. Every function is pure: the caller loads the rows
//! ([`crate::settings`]) and decides `last_updated`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

use fleet_domain::pricing::PricingPlan as Plan;
use fleet_domain::vehicles::{VehicleStatus as Status, VehicleType as Kind};
use fleet_domain::zones::{Zone, ZoneType};

use super::model::*;
use super::vehicle_ids::public_vehicle_id;
use super::{FeedFile, VERSION};

/// The one language texts are published in.
pub const LANGUAGE: &str = "en";
/// The time zone published when the subaccount's is not in GBFS's list.
pub const FALLBACK_TIMEZONE: &str = "Etc/UTC";

/// The system a feed describes: one subaccount.
#[derive(Debug, Clone)]
pub struct System {
    /// The subaccount id.
    pub system_id: String,
    /// `<tenant> <subaccount>`.
    pub name: String,
    /// The tenant's name.
    pub operator: String,
    pub timezone: String,
    pub feed_contact_email: String,
    /// Absolute URL of the feed's directory (`https://host/gbfs/<token>`), no trailing `/`.
    pub base_url: String,
    /// Rides may start at this battery percentage or above.
    pub min_start_battery_percent: i32,
    /// Deep-link templates; `{vehicle_id}` is replaced with the public vehicle id.
    pub rental_uris: RentalUris,
}

impl System {
    pub fn url(&self, file: FeedFile) -> String {
        format!("{}/{}.json", self.base_url, file.name())
    }
}

/// What `vehicle_status.json` needs of a vehicle (the feed's query loads only this).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedVehicle {
    pub id: Uuid,
    pub vehicle_type: Kind,
    pub status: Status,
    pub battery_percent: Option<i32>,
    pub latitude: f64,
    pub longitude: f64,
    pub last_seen_at: Option<OffsetDateTime>,
    /// Set by every status change, ride start and end: the rotation point of the public id.
    pub updated_at: OffsetDateTime,
}

/// RFC 3339 in whole seconds (what `last_updated` and `Last-Modified` carry).
pub fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_default()
}

pub fn envelope<T>(file: FeedFile, last_updated: OffsetDateTime, data: T) -> Envelope<T> {
    Envelope {
        last_updated: rfc3339(last_updated),
        ttl: file.ttl(),
        version: VERSION,
        data,
    }
}

fn text(s: impl Into<String>) -> Vec<Localized> {
    vec![Localized {
        text: s.into(),
        language: LANGUAGE,
    }]
}

fn this_version(system: &System) -> Vec<VersionUrl> {
    vec![VersionUrl {
        version: VERSION,
        url: system.url(FeedFile::Gbfs),
    }]
}

/// `manifest.json`: the datasets reachable with this feed's token (its own system only: a
/// tenant-wide list would hand out the other subaccounts' tokens).
pub fn manifest(system: &System) -> Manifest {
    Manifest {
        datasets: vec![Dataset {
            system_id: system.system_id.clone(),
            versions: this_version(system),
        }],
    }
}

/// `gbfs.json`: every file but the manifest.
pub fn gbfs(system: &System) -> Gbfs {
    Gbfs {
        feeds: FeedFile::ALL
            .into_iter()
            .filter(|f| *f != FeedFile::Manifest)
            .map(|f| FeedUrl {
                name: f.name(),
                url: system.url(f),
            })
            .collect(),
    }
}

pub fn gbfs_versions(system: &System) -> GbfsVersions {
    GbfsVersions {
        versions: this_version(system),
    }
}

/// The IANA names GBFS 3.0 accepts (from the official schema, vendored in the crate).
fn gbfs_timezones() -> &'static BTreeSet<String> {
    static ZONES: OnceLock<BTreeSet<String>> = OnceLock::new();
    ZONES.get_or_init(|| {
        let schema: Value = serde_json::from_str(include_str!(
            "../../tests/gbfs-json-schema/v3.0/system_information.json"
        ))
        .unwrap_or(Value::Null);
        schema["properties"]["data"]["properties"]["timezone"]["enum"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The subaccount's time zone when GBFS knows it, else [`FALLBACK_TIMEZONE`].
pub fn gbfs_timezone(timezone: &str) -> String {
    if gbfs_timezones().contains(timezone) {
        timezone.to_owned()
    } else {
        FALLBACK_TIMEZONE.to_owned()
    }
}

pub fn system_information(system: &System) -> SystemInformation {
    SystemInformation {
        system_id: system.system_id.clone(),
        languages: vec![LANGUAGE],
        name: text(system.name.clone()),
        operator: text(system.operator.clone()),
        opening_hours: "24/7",
        feed_contact_email: system.feed_contact_email.clone(),
        manifest_url: system.url(FeedFile::Manifest),
        timezone: gbfs_timezone(&system.timezone),
    }
}

/// GBFS form factor, propulsion, nominal full-battery range (m) and display name per type.
pub fn type_profile(kind: Kind) -> (&'static str, &'static str, f64, &'static str) {
    match kind {
        Kind::Scooter => ("scooter_standing", "electric", 40_000.0, "E-scooter"),
        Kind::Ebike => ("bicycle", "electric_assist", 70_000.0, "E-bike"),
        Kind::Moped => ("moped", "electric", 100_000.0, "E-moped"),
        Kind::Car => ("car", "electric", 300_000.0, "Car"),
        Kind::Van => ("car", "electric", 250_000.0, "Van"),
    }
}

/// `vehicle_types.json`: the types the subaccount runs (`kinds`, e.g. those of its vehicles)
/// and those with an active plan, each with its plan.
pub fn vehicle_types(kinds: &[Kind], plans: &[Plan]) -> VehicleTypes {
    let mut all: Vec<Kind> = kinds.to_vec();
    all.extend(plans.iter().filter(|p| p.active).map(|p| p.vehicle_type));
    let mut seen = BTreeSet::new();
    all.retain(|k| seen.insert(k.as_str()));
    all.sort_by_key(|k| k.as_str());
    VehicleTypes {
        vehicle_types: all
            .into_iter()
            .map(|kind| {
                let (form_factor, propulsion_type, max_range_meters, name) = type_profile(kind);
                let plan = active_plan(plans, kind);
                VehicleType {
                    vehicle_type_id: kind.as_str().to_owned(),
                    form_factor,
                    propulsion_type,
                    max_range_meters,
                    name: text(name),
                    default_pricing_plan_id: plan.clone(),
                    pricing_plan_ids: plan.into_iter().collect(),
                }
            })
            .collect(),
    }
}

fn active_plan(plans: &[Plan], kind: Kind) -> Option<String> {
    plans
        .iter()
        .find(|p| p.active && p.vehicle_type == kind)
        .map(|p| p.id.to_string())
}

/// Is the vehicle listed at all? Available (rentable or not) and reserved vehicles are;
/// vehicles on a ride, in maintenance, charging, offline or retired are not (GBFS: vehicles
/// in an active rental must not be published).
pub fn listed(status: Status) -> bool {
    matches!(status, Status::Available | Status::Reserved)
}

/// `vehicle_status.json`. `is_disabled` when the battery is below the start threshold (a ride
/// would be refused); `current_range_meters` = battery share × the type's nominal range.
pub fn vehicle_status(
    system: &System,
    secret: &[u8],
    vehicles: &[FeedVehicle],
    plans: &[Plan],
) -> VehicleStatus {
    let plan_of = |kind: Kind| active_plan(plans, kind);
    VehicleStatus {
        vehicles: vehicles
            .iter()
            .filter(|v| listed(v.status))
            .map(|v| {
                let vehicle_id = public_vehicle_id(secret, v.id, v.updated_at);
                let (_, _, range, _) = type_profile(v.vehicle_type);
                let battery = v.battery_percent.map(|b| f64::from(b.clamp(0, 100)));
                let rental_uris = RentalUris {
                    android: fill(&system.rental_uris.android, &vehicle_id),
                    ios: fill(&system.rental_uris.ios, &vehicle_id),
                    web: fill(&system.rental_uris.web, &vehicle_id),
                };
                VehicleStatusEntry {
                    lat: v.latitude,
                    lon: v.longitude,
                    is_reserved: v.status == Status::Reserved,
                    is_disabled: v
                        .battery_percent
                        .is_some_and(|b| b < system.min_start_battery_percent),
                    vehicle_type_id: v.vehicle_type.as_str().to_owned(),
                    last_reported: v.last_seen_at.map(rfc3339),
                    current_range_meters: battery.map(|b| (range * b / 100.0).round()),
                    current_fuel_percent: battery.map(|b| b / 100.0),
                    pricing_plan_id: plan_of(v.vehicle_type),
                    rental_uris,
                    vehicle_id,
                }
            })
            .collect(),
    }
}

fn fill(template: &Option<String>, vehicle_id: &str) -> Option<String> {
    template
        .as_ref()
        .map(|t| t.replace("{vehicle_id}", vehicle_id))
}

/// Cents → currency units (GBFS prices are decimal numbers).
fn units(cents: i32) -> f64 {
    f64::from(cents) / 100.0
}

fn money(cents: i32, currency: &str) -> String {
    format!("{}.{:02} {currency}", cents / 100, cents % 100)
}

/// `system_pricing_plans.json`: the active plans. `price` is the unlock fee; riding minutes
/// are `per_min_pricing` (charged per started minute, as rides are); distance is
/// `per_km_pricing`; the paused-minute price has no GBFS field and is in `description`.
pub fn system_pricing_plans(plans: &[Plan]) -> SystemPricingPlans {
    SystemPricingPlans {
        plans: plans
            .iter()
            .filter(|p| p.active)
            .map(|p| {
                let rate = |cents: i32| {
                    if cents > 0 {
                        vec![Rate {
                            start: 0,
                            rate: units(cents),
                            interval: 1,
                        }]
                    } else {
                        Vec::new()
                    }
                };
                let c = &p.currency;
                PricingPlan {
                    plan_id: p.id.to_string(),
                    name: text(p.name.clone()),
                    currency: p.currency.clone(),
                    price: units(p.unlock_cents),
                    is_taxable: false,
                    description: text(format!(
                        "{} to unlock, {} per minute riding, {} per minute paused, {} per km",
                        money(p.unlock_cents, c),
                        money(p.per_minute_cents, c),
                        money(p.pause_per_minute_cents, c),
                        money(p.per_km_cents, c),
                    )),
                    per_min_pricing: rate(p.per_minute_cents),
                    per_km_pricing: rate(p.per_km_cents),
                }
            })
            .collect(),
    }
}

fn rank(t: ZoneType) -> u8 {
    // GBFS: where zones overlap, the one listed first wins.
    match t {
        ZoneType::NoParking => 0,
        ZoneType::SlowSpeed => 1,
        ZoneType::Parking => 2,
        ZoneType::OperatingArea => 3,
    }
}

fn rule(start: bool, end: bool, speed: Option<i32>) -> Rule {
    Rule {
        vehicle_type_ids: None,
        ride_start_allowed: start,
        ride_end_allowed: end,
        ride_through_allowed: true,
        maximum_speed_kph: speed.and_then(|s| u32::try_from(s).ok()),
    }
}

/// GeoJSON Polygon or MultiPolygon → MultiPolygon (GBFS accepts only the latter).
fn multi_polygon(geometry: &Value) -> Value {
    match geometry["type"].as_str() {
        Some("Polygon") => {
            json!({"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]})
        }
        _ => json!({"type": "MultiPolygon", "coordinates": geometry["coordinates"]}),
    }
}

/// `geofencing_zones.json`: no-parking zones (`ride_end_allowed: false`), slow zones
/// (`maximum_speed_kph`), parking zones and operating areas, in that order (first listed
/// wins where they overlap). Outside every zone (`global_rules`) a ride may not end when the
/// subaccount has an operating area (SPEC §8), else anywhere.
pub fn geofencing_zones(zones: &[Zone]) -> GeofencingZones {
    let mut ordered: Vec<&Zone> = zones.iter().collect();
    ordered.sort_by_key(|z| (rank(z.zone_type), z.created_at, z.id));
    let has_area = zones.iter().any(|z| z.zone_type == ZoneType::OperatingArea);
    GeofencingZones {
        geofencing_zones: FeatureCollection {
            kind: "FeatureCollection",
            features: ordered
                .into_iter()
                .map(|z| Feature {
                    kind: "Feature",
                    geometry: multi_polygon(&z.geometry),
                    properties: ZoneProperties {
                        name: text(z.name.clone()),
                        rules: vec![match z.zone_type {
                            ZoneType::NoParking => rule(true, false, None),
                            ZoneType::SlowSpeed => rule(true, true, z.speed_limit_kph),
                            ZoneType::Parking | ZoneType::OperatingArea => rule(true, true, None),
                        }],
                    },
                })
                .collect(),
        },
        global_rules: vec![rule(true, !has_area, None)],
    }
}

pub fn system_alerts() -> SystemAlerts {
    SystemAlerts { alerts: Vec::new() }
}
