use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::customers::{Customer, CustomerId, CustomerStatus};
use crate::vehicles::{Vehicle, VehicleId, VehicleStatus};
use crate::{RideId, SubaccountId};

crate::id_type!(
    /// One domain event; on the wire `evt_` + 32 hex digits (see [`EventId::wire`]).
    EventId
);

impl EventId {
    /// The `event_id` integrators see: `evt_` + the UUID's 32 hex digits. Stable across
    /// delivery attempts and resends.
    pub fn wire(&self) -> String {
        format!("evt_{}", self.0.simple())
    }
}

/// Every event name of the contract (SPEC §9), in one place. The outbox stores `as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum EventType {
    #[serde(rename = "ride.started")]
    RideStarted,
    #[serde(rename = "ride.ended")]
    RideEnded,
    #[serde(rename = "ride.paused")]
    RidePaused,
    #[serde(rename = "ride.resumed")]
    RideResumed,
    #[serde(rename = "customer.created")]
    CustomerCreated,
    #[serde(rename = "customer.updated")]
    CustomerUpdated,
    #[serde(rename = "customer.blocked")]
    CustomerBlocked,
    #[serde(rename = "customer.unblocked")]
    CustomerUnblocked,
    #[serde(rename = "vehicle.status_changed")]
    VehicleStatusChanged,
    #[serde(rename = "vehicle.battery_low")]
    VehicleBatteryLow,
    #[serde(rename = "vehicle.location_updated")]
    VehicleLocationUpdated,
    /// A zone was created, changed or deleted (`data.action`).
    #[serde(rename = "zone.updated")]
    ZoneUpdated,
    /// A pricing plan was created, changed or deactivated (`data.action`).
    #[serde(rename = "pricing.updated")]
    PricingUpdated,
    /// Sent by the webhook test button only; never written to the outbox.
    #[serde(rename = "webhook.test")]
    WebhookTest,
}

impl EventType {
    pub const ALL: [EventType; 14] = [
        EventType::RideStarted,
        EventType::RideEnded,
        EventType::RidePaused,
        EventType::RideResumed,
        EventType::CustomerCreated,
        EventType::CustomerUpdated,
        EventType::CustomerBlocked,
        EventType::CustomerUnblocked,
        EventType::VehicleStatusChanged,
        EventType::VehicleBatteryLow,
        EventType::VehicleLocationUpdated,
        EventType::ZoneUpdated,
        EventType::PricingUpdated,
        EventType::WebhookTest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::RideStarted => "ride.started",
            EventType::RideEnded => "ride.ended",
            EventType::RidePaused => "ride.paused",
            EventType::RideResumed => "ride.resumed",
            EventType::CustomerCreated => "customer.created",
            EventType::CustomerUpdated => "customer.updated",
            EventType::CustomerBlocked => "customer.blocked",
            EventType::CustomerUnblocked => "customer.unblocked",
            EventType::VehicleStatusChanged => "vehicle.status_changed",
            EventType::VehicleBatteryLow => "vehicle.battery_low",
            EventType::VehicleLocationUpdated => "vehicle.location_updated",
            EventType::ZoneUpdated => "zone.updated",
            EventType::PricingUpdated => "pricing.updated",
            EventType::WebhookTest => "webhook.test",
        }
    }
}

impl std::str::FromStr for EventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| format!("unknown event `{s}`"))
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Data of `vehicle.status_changed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VehicleStatusChanged {
    pub vehicle_id: VehicleId,
    #[schema(example = "V001")]
    pub vehicle_number: String,
    pub subaccount_id: SubaccountId,
    pub previous_status: VehicleStatus,
    pub status: VehicleStatus,
    pub battery_percent: Option<i32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The vehicle's partner-set metadata.
    #[schema(value_type = Object, example = json!({"partner_ref": "fleet-7"}))]
    pub metadata: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
}

impl VehicleStatusChanged {
    /// The event for `vehicle` (already in its new status) leaving `previous`.
    pub fn new(vehicle: &Vehicle, previous: VehicleStatus) -> Self {
        Self {
            vehicle_id: vehicle.id,
            vehicle_number: vehicle.vehicle_number.clone(),
            subaccount_id: vehicle.subaccount_id,
            previous_status: previous,
            status: vehicle.status,
            battery_percent: vehicle.battery_percent,
            latitude: vehicle.latitude,
            longitude: vehicle.longitude,
            metadata: vehicle.metadata.clone(),
            changed_at: vehicle.updated_at,
        }
    }
}

/// Data of `customer.created`, `customer.updated`, `customer.blocked` and
/// `customer.unblocked`: the customer as it is after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerEventData {
    pub customer_id: CustomerId,
    #[schema(example = 12345)]
    pub customer_number: i64,
    pub email: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub status: CustomerStatus,
    pub blocked_reason: Option<String>,
    pub subaccount_id: SubaccountId,
    /// The customer's partner-set metadata.
    #[schema(value_type = Object, example = json!({"crm_id": "C-991"}))]
    pub metadata: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<&Customer> for CustomerEventData {
    fn from(c: &Customer) -> Self {
        Self {
            customer_id: c.id,
            customer_number: c.customer_number,
            email: c.email.clone(),
            name: c.name.clone(),
            phone: c.phone.clone(),
            status: c.status,
            blocked_reason: c.blocked_reason.clone(),
            subaccount_id: c.subaccount_id,
            metadata: c.metadata.clone(),
            updated_at: c.updated_at,
        }
    }
}

db::text_enum! {
    /// Whether a ride's fare was covered by the wallet when it ended (`pending`: the wallet
    /// was left negative).
    pub enum PaymentStatus {
        Pending = "pending",
        Paid = "paid",
    }
}

/// The priced ride: the `pricing` object of `ride.ended` and of a ride.
/// `total_cents = unlock_cents + time_cents + distance_cents - discount_cents` always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RidePricing {
    #[schema(example = 850)]
    pub total_cents: i64,
    #[schema(example = 100)]
    pub unlock_cents: i64,
    #[schema(example = 750)]
    pub time_cents: i64,
    #[schema(example = 0)]
    pub distance_cents: i64,
    #[schema(example = 0)]
    pub discount_cents: i64,
}

/// Data of `ride.started`, `ride.paused` and `ride.resumed`: the ride after the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RideStateChanged {
    pub ride_id: RideId,
    pub customer_id: CustomerId,
    #[schema(example = 12345)]
    pub customer_number: i64,
    pub vehicle_id: VehicleId,
    #[schema(example = "V001")]
    pub vehicle_number: String,
    /// `active` or `paused`.
    #[schema(example = "active")]
    pub status: String,
    #[serde(with = "time::serde::rfc3339")]
    pub start_time: OffsetDateTime,
    /// When this change happened (start, pause or resume).
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
    pub subaccount_id: SubaccountId,
}

/// Data of `ride.ended`, exactly the documented shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RideEnded {
    pub ride_id: RideId,
    pub customer_id: CustomerId,
    #[schema(example = 12345)]
    pub customer_number: i64,
    pub vehicle_id: VehicleId,
    #[schema(example = "V001")]
    pub vehicle_number: String,
    #[serde(with = "time::serde::rfc3339")]
    pub start_time: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub end_time: OffsetDateTime,
    #[schema(example = 30)]
    pub duration_minutes: i32,
    #[schema(example = 5.2)]
    pub distance_km: f64,
    pub pricing: RidePricing,
    pub payment_status: PaymentStatus,
    pub subaccount_id: SubaccountId,
}

/// Data of `vehicle.battery_low`: the battery fell below the subaccount's threshold (it fires
/// again only after the battery recovered above threshold + 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VehicleBatteryLow {
    pub vehicle_id: VehicleId,
    #[schema(example = "V001")]
    pub vehicle_number: String,
    pub subaccount_id: SubaccountId,
    #[schema(example = 18)]
    pub battery_percent: i32,
    /// The subaccount's `battery_low_threshold_percent` at the time.
    #[schema(example = 20)]
    pub threshold_percent: i32,
    #[schema(example = 52.52)]
    pub latitude: f64,
    #[schema(example = 13.405)]
    pub longitude: f64,
    /// The vehicle's partner-set metadata.
    #[schema(value_type = Object, example = json!({"partner_ref": "fleet-7"}))]
    pub metadata: Value,
    /// Device time of the ping that crossed the threshold.
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

/// Data of `vehicle.location_updated`: the vehicle moved at least the configured distance
/// (default 50 m) since the previous `vehicle.location_updated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VehicleLocationUpdated {
    pub vehicle_id: VehicleId,
    #[schema(example = "V001")]
    pub vehicle_number: String,
    pub subaccount_id: SubaccountId,
    #[schema(example = 52.52)]
    pub latitude: f64,
    #[schema(example = 13.405)]
    pub longitude: f64,
    /// Position of the previous event (or the vehicle's stored position); `null` for the first.
    pub previous_latitude: Option<f64>,
    pub previous_longitude: Option<f64>,
    /// Metres from the previous position (`null` for the first).
    #[schema(example = 73.4)]
    pub distance_m: Option<f64>,
    pub speed_kph: Option<f64>,
    pub heading_deg: Option<f64>,
    pub battery_percent: Option<i32>,
    /// The vehicle's partner-set metadata.
    #[schema(value_type = Object, example = json!({"partner_ref": "fleet-7"}))]
    pub metadata: Value,
    /// Device time of the ping.
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

/// What happened to a zone or pricing plan (`action` of `zone.updated` / `pricing.updated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConfigAction {
    Created,
    Updated,
    /// Zones only.
    Deleted,
    /// Pricing plans only: no longer used for new rides.
    Deactivated,
}

/// Data of `zone.updated`: the zone after the change (for `deleted`, as it was). The
/// geometry is not repeated (it can hold 10 000 positions): its bounding box is, and
/// `GET /zones/{id}` returns the whole zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ZoneUpdated {
    pub action: ConfigAction,
    pub zone_id: crate::zones::ZoneId,
    #[schema(example = "Mitte operating area")]
    pub name: String,
    #[serde(rename = "type")]
    pub zone_type: crate::zones::ZoneType,
    /// Set for `slow_speed` zones only.
    pub speed_limit_kph: Option<i32>,
    /// `[min_lng, min_lat, max_lng, max_lat]` of the geometry.
    #[schema(example = json!([13.38, 52.51, 13.42, 52.53]))]
    pub bbox: [f64; 4],
    pub subaccount_id: SubaccountId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl ZoneUpdated {
    pub fn new(action: ConfigAction, z: &crate::zones::Zone, at: OffsetDateTime) -> Self {
        Self {
            action,
            zone_id: z.id,
            name: z.name.clone(),
            zone_type: z.zone_type,
            speed_limit_kph: z.speed_limit_kph,
            bbox: [z.min_lng, z.min_lat, z.max_lng, z.max_lat],
            subaccount_id: z.subaccount_id,
            updated_at: at,
        }
    }
}

/// Data of `pricing.updated`: the plan after the change. Rides started before the change
/// keep the prices they started with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PricingUpdated {
    pub action: ConfigAction,
    pub pricing_plan_id: crate::pricing::PricingPlanId,
    #[schema(example = "Scooter standard")]
    pub name: String,
    pub vehicle_type: crate::vehicles::VehicleType,
    #[schema(example = 100)]
    pub unlock_cents: i32,
    #[schema(example = 25)]
    pub per_minute_cents: i32,
    #[schema(example = 10)]
    pub pause_per_minute_cents: i32,
    #[schema(example = 0)]
    pub per_km_cents: i32,
    #[schema(example = "EUR")]
    pub currency: String,
    /// `false` once deactivated.
    pub active: bool,
    pub subaccount_id: SubaccountId,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl PricingUpdated {
    pub fn new(action: ConfigAction, p: &crate::pricing::PricingPlan) -> Self {
        Self {
            action,
            pricing_plan_id: p.id,
            name: p.name.clone(),
            vehicle_type: p.vehicle_type,
            unlock_cents: p.unlock_cents,
            per_minute_cents: p.per_minute_cents,
            pause_per_minute_cents: p.pause_per_minute_cents,
            per_km_cents: p.per_km_cents,
            currency: p.currency.clone(),
            active: p.active,
            subaccount_id: p.subaccount_id,
            updated_at: p.updated_at,
        }
    }
}

/// A domain event on its way into the outbox. Each variant's data is a typed struct with an
/// OpenAPI schema; later issues add the ride and telematics variants here.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    VehicleStatusChanged(VehicleStatusChanged),
    CustomerCreated(CustomerEventData),
    CustomerUpdated(CustomerEventData),
    CustomerBlocked(CustomerEventData),
    CustomerUnblocked(CustomerEventData),
    RideStarted(RideStateChanged),
    RidePaused(RideStateChanged),
    RideResumed(RideStateChanged),
    RideEnded(RideEnded),
    VehicleBatteryLow(VehicleBatteryLow),
    VehicleLocationUpdated(VehicleLocationUpdated),
    ZoneUpdated(ZoneUpdated),
    PricingUpdated(PricingUpdated),
}

impl Event {
    pub fn event_type(&self) -> EventType {
        match self {
            Event::VehicleStatusChanged(_) => EventType::VehicleStatusChanged,
            Event::CustomerCreated(_) => EventType::CustomerCreated,
            Event::CustomerUpdated(_) => EventType::CustomerUpdated,
            Event::CustomerBlocked(_) => EventType::CustomerBlocked,
            Event::CustomerUnblocked(_) => EventType::CustomerUnblocked,
            Event::RideStarted(_) => EventType::RideStarted,
            Event::RidePaused(_) => EventType::RidePaused,
            Event::RideResumed(_) => EventType::RideResumed,
            Event::RideEnded(_) => EventType::RideEnded,
            Event::VehicleBatteryLow(_) => EventType::VehicleBatteryLow,
            Event::VehicleLocationUpdated(_) => EventType::VehicleLocationUpdated,
            Event::ZoneUpdated(_) => EventType::ZoneUpdated,
            Event::PricingUpdated(_) => EventType::PricingUpdated,
        }
    }

    /// The subaccount the event belongs to (its row's).
    pub fn subaccount_id(&self) -> SubaccountId {
        match self {
            Event::VehicleStatusChanged(d) => d.subaccount_id,
            Event::CustomerCreated(d)
            | Event::CustomerUpdated(d)
            | Event::CustomerBlocked(d)
            | Event::CustomerUnblocked(d) => d.subaccount_id,
            Event::RideStarted(d) | Event::RidePaused(d) | Event::RideResumed(d) => d.subaccount_id,
            Event::RideEnded(d) => d.subaccount_id,
            Event::VehicleBatteryLow(d) => d.subaccount_id,
            Event::VehicleLocationUpdated(d) => d.subaccount_id,
            Event::ZoneUpdated(d) => d.subaccount_id,
            Event::PricingUpdated(d) => d.subaccount_id,
        }
    }

    /// The `data` object of the webhook payload.
    pub fn data(&self) -> Result<Value, serde_json::Error> {
        match self {
            Event::VehicleStatusChanged(d) => serde_json::to_value(d),
            Event::CustomerCreated(d)
            | Event::CustomerUpdated(d)
            | Event::CustomerBlocked(d)
            | Event::CustomerUnblocked(d) => serde_json::to_value(d),
            Event::RideStarted(d) | Event::RidePaused(d) | Event::RideResumed(d) => {
                serde_json::to_value(d)
            }
            Event::RideEnded(d) => serde_json::to_value(d),
            Event::VehicleBatteryLow(d) => serde_json::to_value(d),
            Event::VehicleLocationUpdated(d) => serde_json::to_value(d),
            Event::ZoneUpdated(d) => serde_json::to_value(d),
            Event::PricingUpdated(d) => serde_json::to_value(d),
        }
    }
}

/// A stored outbox row.
#[derive(Debug, Clone, PartialEq, diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = db::schema::events, check_for_backend(diesel::pg::Pg))]
pub struct StoredEvent {
    pub id: EventId,
    pub tenant_id: crate::TenantId,
    pub subaccount_id: SubaccountId,
    pub event_type: String,
    pub data: Value,
    pub created_at: OffsetDateTime,
    pub dispatched_at: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for e in EventType::ALL {
            assert_eq!(e.as_str().parse::<EventType>(), Ok(e));
            assert_eq!(
                serde_json::to_value(e).ok(),
                Some(Value::String(e.as_str().to_owned()))
            );
        }
        assert!("ride.exploded".parse::<EventType>().is_err());
    }

    #[test]
    fn wire_ids_are_evt_hex() {
        let id = EventId::new();
        let wire = id.wire();
        assert!(wire.starts_with("evt_") && wire.len() == 36, "{wire}");
    }
}
