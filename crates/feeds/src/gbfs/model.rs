//! The published GBFS 3.0 shapes (a subset of the optional fields).

use serde::Serialize;
use serde_json::Value;

/// Every file: `{last_updated, ttl, version, data}`.
#[derive(Debug, Clone, Serialize)]
pub struct Envelope<T> {
    /// RFC 3339 (`2026-12-04T13:00:00Z`).
    pub last_updated: String,
    pub ttl: u32,
    pub version: &'static str,
    pub data: T,
}

/// A text in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Localized {
    pub text: String,
    pub language: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionUrl {
    pub version: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    pub system_id: String,
    pub versions: Vec<VersionUrl>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    pub datasets: Vec<Dataset>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedUrl {
    pub name: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gbfs {
    pub feeds: Vec<FeedUrl>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GbfsVersions {
    pub versions: Vec<VersionUrl>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemInformation {
    pub system_id: String,
    pub languages: Vec<&'static str>,
    pub name: Vec<Localized>,
    pub operator: Vec<Localized>,
    pub opening_hours: &'static str,
    pub feed_contact_email: String,
    pub manifest_url: String,
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VehicleType {
    pub vehicle_type_id: String,
    pub form_factor: &'static str,
    pub propulsion_type: &'static str,
    pub max_range_meters: f64,
    pub name: Vec<Localized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_pricing_plan_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pricing_plan_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VehicleTypes {
    pub vehicle_types: Vec<VehicleType>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RentalUris {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ios: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
}

impl RentalUris {
    pub fn is_empty(&self) -> bool {
        self.android.is_none() && self.ios.is_none() && self.web.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VehicleStatusEntry {
    /// Rotating public id: never the vehicle's id or number ([`super::vehicle_ids`]).
    pub vehicle_id: String,
    pub lat: f64,
    pub lon: f64,
    pub is_reserved: bool,
    pub is_disabled: bool,
    pub vehicle_type_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reported: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_range_meters: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_fuel_percent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing_plan_id: Option<String>,
    #[serde(skip_serializing_if = "RentalUris::is_empty")]
    pub rental_uris: RentalUris,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VehicleStatus {
    pub vehicles: Vec<VehicleStatusEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub start: u32,
    pub rate: f64,
    pub interval: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricingPlan {
    pub plan_id: String,
    pub name: Vec<Localized>,
    pub currency: String,
    pub price: f64,
    pub is_taxable: bool,
    pub description: Vec<Localized>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_min_pricing: Vec<Rate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_km_pricing: Vec<Rate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemPricingPlans {
    pub plans: Vec<PricingPlan>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vehicle_type_ids: Option<Vec<String>>,
    pub ride_start_allowed: bool,
    pub ride_end_allowed: bool,
    pub ride_through_allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_speed_kph: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneProperties {
    pub name: Vec<Localized>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Always a GeoJSON `MultiPolygon`.
    pub geometry: Value,
    pub properties: ZoneProperties,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub features: Vec<Feature>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeofencingZones {
    pub geofencing_zones: FeatureCollection,
    pub global_rules: Vec<Rule>,
}

/// An alert; none are published yet (the file is served with an empty list).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub alert_id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub summary: Vec<Localized>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemAlerts {
    pub alerts: Vec<Alert>,
}
