//! Pings as devices send them (SPEC §10), their validation, and what ingest answers.
//!
//! A body is one ping object or `{"pings": [...]}` of 1 to [`MAX_PINGS_PER_BATCH`]. Each ping
//! is parsed and validated on its own, so one bad ping is reported by its index and does not
//! spoil the batch. Field names are snake_case with the camelCase aliases of the contract.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use time::OffsetDateTime;
use utoipa::ToSchema;

use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Error as DomainError, SubaccountId, TenantId};

/// Great-circle distance in metres (the haversine of the nearby search).
pub use fleet_domain::vehicles::nearby::haversine_m as distance_m;
pub use fleet_domain::vehicles::{validate_device_id, MAX_DEVICE_ID_LEN};

/// Most pings in one request.
pub const MAX_PINGS_PER_BATCH: usize = 1_000;
/// How far in the future a ping's `ts` may lie (device clocks drift).
pub const MAX_FUTURE: time::Duration = time::Duration::minutes(5);
/// Most entries in a ping's `events`, and the longest entry.
pub const MAX_EVENTS: usize = 16;
pub const MAX_EVENT_LEN: usize = 64;
/// Highest believable speed; anything above is a broken sensor.
pub const MAX_SPEED_KPH: f64 = 1_000.0;
pub const MAX_ACCURACY_M: f64 = 100_000.0;

/// How a ping names its vehicle.
#[derive(Debug, Clone, PartialEq)]
pub enum VehicleRef {
    Id(VehicleId),
    Device(String),
    /// Both given: they must name the same vehicle.
    Both(VehicleId, String),
}

impl VehicleRef {
    pub fn vehicle_id(&self) -> Option<VehicleId> {
        match self {
            VehicleRef::Id(id) | VehicleRef::Both(id, _) => Some(*id),
            VehicleRef::Device(_) => None,
        }
    }

    pub fn device_id(&self) -> Option<&str> {
        match self {
            VehicleRef::Device(d) | VehicleRef::Both(_, d) => Some(d),
            VehicleRef::Id(_) => None,
        }
    }
}

/// A validated ping.
#[derive(Debug, Clone, PartialEq)]
pub struct Ping {
    pub vehicle: VehicleRef,
    /// Device time.
    pub ts: OffsetDateTime,
    pub lat: f64,
    pub lng: f64,
    pub speed_kph: Option<f32>,
    pub heading_deg: Option<f32>,
    pub ignition: Option<bool>,
    pub accuracy_m: Option<f32>,
    pub battery_percent: Option<i16>,
    /// Device-reported events (`harsh_brake`, …); pings with events are always archived.
    pub events: Vec<String>,
}

/// Why one ping of a request was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// Not a JSON object, or a field of the wrong type.
    InvalidPing,
    /// A required field (`ts`, `lat`, `lng`, `vehicle_id` or `device_id`) is absent.
    MissingField,
    /// A value outside its range (see `field`).
    OutOfRange,
    /// `ts` is more than 5 minutes ahead of the server clock.
    FutureTimestamp,
    /// `tenant_id` names another tenant than the key's.
    TenantMismatch,
    /// No vehicle with this `vehicle_id`/`device_id` in the key's scope.
    VehicleNotFound,
}

/// One rejected ping, by its index in the request (0 for a single ping).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Rejection {
    #[schema(example = 3)]
    pub index: usize,
    pub code: RejectCode,
    /// The offending field, when one is to blame.
    #[schema(example = "lat")]
    pub field: Option<&'static str>,
    #[schema(example = "must be between -90 and 90")]
    pub message: String,
}

impl Rejection {
    pub fn new(
        index: usize,
        code: RejectCode,
        field: Option<&'static str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            index,
            code,
            field,
            message: message.into(),
        }
    }
}

/// What ingest answers (`202`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct IngestOutcome {
    /// Pings stored (the last position moves only for pings newer than the current one).
    #[schema(example = 998)]
    pub accepted: usize,
    /// The other pings, by index, in index order.
    pub rejected: Vec<Rejection>,
}

/// A live position as the stream sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LivePosition {
    pub vehicle_id: VehicleId,
    pub subaccount_id: SubaccountId,
    #[schema(example = "V001")]
    pub vehicle_number: String,
    #[schema(example = 52.52)]
    pub lat: f64,
    #[schema(example = 13.405)]
    pub lng: f64,
    /// Device time of the ping.
    #[serde(with = "time::serde::rfc3339")]
    pub ts: OffsetDateTime,
    pub speed_kph: Option<f32>,
    pub heading_deg: Option<f32>,
    pub battery_percent: Option<i16>,
}

/// Every position one ingest moved forward, for one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveBatch {
    pub tenant_id: TenantId,
    pub positions: Vec<LivePosition>,
}

/// One entry of a parsed body: a ping or why it was rejected.
pub type Parsed = Result<Ping, Rejection>;

/// Timestamps: RFC 3339 text or epoch milliseconds.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawTs {
    Millis(i64),
    Float(f64),
    Text(String),
}

/// A ping exactly as sent; every field optional so absence is reported by name.
#[derive(Deserialize)]
struct RawPing {
    #[serde(alias = "vehicleId")]
    vehicle_id: Option<String>,
    #[serde(alias = "deviceId")]
    device_id: Option<String>,
    #[serde(alias = "tenantId")]
    tenant_id: Option<String>,
    ts: Option<RawTs>,
    lat: Option<f64>,
    lng: Option<f64>,
    #[serde(alias = "speedKph")]
    speed_kph: Option<f64>,
    #[serde(alias = "headingDeg")]
    heading_deg: Option<f64>,
    ignition: Option<bool>,
    #[serde(alias = "accuracyM")]
    accuracy_m: Option<f64>,
    #[serde(alias = "batteryPercent")]
    battery_percent: Option<f64>,
    events: Option<Vec<String>>,
}

/// Splits a request body into its pings and validates each. Errors are about the body as a
/// whole (not JSON, `pings` not an array, empty or too long) and name the field.
pub fn parse_body(
    body: &[u8],
    tenant: TenantId,
    now: OffsetDateTime,
) -> Result<Vec<Parsed>, DomainError> {
    let map: std::collections::HashMap<String, Box<RawValue>> = serde_json::from_slice(body)
        .map_err(|_| DomainError::invalid("body", "must be a ping object or {\"pings\": [...]}"))?;
    let Some(pings) = map.get("pings") else {
        let text =
            std::str::from_utf8(body).map_err(|_| DomainError::invalid("body", "not UTF-8"))?;
        return Ok(vec![parse_ping(0, text, tenant, now)]);
    };
    let pings: Vec<Box<RawValue>> = serde_json::from_str(pings.get())
        .map_err(|_| DomainError::invalid("pings", "must be an array of pings"))?;
    if pings.is_empty() || pings.len() > MAX_PINGS_PER_BATCH {
        return Err(DomainError::invalid(
            "pings",
            format!("must hold 1 to {MAX_PINGS_PER_BATCH} pings"),
        ));
    }
    Ok(pings
        .iter()
        .enumerate()
        .map(|(i, raw)| parse_ping(i, raw.get(), tenant, now))
        .collect())
}

fn out_of_range(index: usize, field: &'static str, message: &str) -> Rejection {
    Rejection::new(index, RejectCode::OutOfRange, Some(field), message)
}

fn missing(index: usize, field: &'static str) -> Rejection {
    Rejection::new(
        index,
        RejectCode::MissingField,
        Some(field),
        format!("{field} is required"),
    )
}

/// Parses and validates one ping (`index` is its place in the request).
pub fn parse_ping(index: usize, json: &str, tenant: TenantId, now: OffsetDateTime) -> Parsed {
    let raw: RawPing = serde_json::from_str(json).map_err(|e| {
        let mut message = e.to_string();
        message.truncate(200);
        Rejection::new(index, RejectCode::InvalidPing, None, message)
    })?;
    if let Some(t) = &raw.tenant_id {
        if t.parse::<TenantId>().ok() != Some(tenant) {
            return Err(Rejection::new(
                index,
                RejectCode::TenantMismatch,
                Some("tenant_id"),
                "does not match the API key's tenant",
            ));
        }
    }
    let vehicle_id = match raw.vehicle_id.as_deref() {
        None => None,
        Some(s) => Some(s.parse::<VehicleId>().map_err(|_| {
            Rejection::new(
                index,
                RejectCode::InvalidPing,
                Some("vehicle_id"),
                "must be a UUID",
            )
        })?),
    };
    let device_id = match raw.device_id {
        None => None,
        Some(d) => Some(validate_device_id(&d).map_err(|message| {
            Rejection::new(index, RejectCode::InvalidPing, Some("device_id"), message)
        })?),
    };
    let vehicle = match (vehicle_id, device_id) {
        (Some(id), None) => VehicleRef::Id(id),
        (None, Some(d)) => VehicleRef::Device(d),
        (Some(id), Some(d)) => VehicleRef::Both(id, d),
        (None, None) => {
            return Err(Rejection::new(
                index,
                RejectCode::MissingField,
                Some("vehicle_id"),
                "vehicle_id or device_id is required",
            ))
        }
    };
    let ts = match raw.ts {
        None => return Err(missing(index, "ts")),
        Some(ts) => parse_ts(ts).ok_or_else(|| {
            Rejection::new(
                index,
                RejectCode::InvalidPing,
                Some("ts"),
                "must be RFC 3339 or epoch milliseconds after 2000-01-01",
            )
        })?,
    };
    if ts > now + MAX_FUTURE {
        return Err(Rejection::new(
            index,
            RejectCode::FutureTimestamp,
            Some("ts"),
            "is more than 5 minutes in the future",
        ));
    }
    let lat = raw.lat.ok_or_else(|| missing(index, "lat"))?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(out_of_range(index, "lat", "must be between -90 and 90"));
    }
    let lng = raw.lng.ok_or_else(|| missing(index, "lng"))?;
    if !(-180.0..=180.0).contains(&lng) {
        return Err(out_of_range(index, "lng", "must be between -180 and 180"));
    }
    let speed_kph = match raw.speed_kph {
        Some(v) if !(0.0..=MAX_SPEED_KPH).contains(&v) => {
            return Err(out_of_range(
                index,
                "speed_kph",
                "must be between 0 and 1000",
            ))
        }
        v => v.map(|v| v as f32),
    };
    let heading_deg = match raw.heading_deg {
        Some(v) if !(0.0..=360.0).contains(&v) => {
            return Err(out_of_range(
                index,
                "heading_deg",
                "must be between 0 and 360",
            ))
        }
        v => v.map(|v| v as f32),
    };
    let accuracy_m = match raw.accuracy_m {
        Some(v) if !(0.0..=MAX_ACCURACY_M).contains(&v) => {
            return Err(out_of_range(
                index,
                "accuracy_m",
                "must be between 0 and 100000",
            ))
        }
        v => v.map(|v| v as f32),
    };
    let battery_percent = match raw.battery_percent {
        Some(v) if !(0.0..=100.0).contains(&v) => {
            return Err(out_of_range(
                index,
                "battery_percent",
                "must be between 0 and 100",
            ))
        }
        v => v.map(|v| v.round() as i16),
    };
    let events = raw.events.unwrap_or_default();
    if events.len() > MAX_EVENTS {
        return Err(out_of_range(index, "events", "at most 16 events per ping"));
    }
    for e in &events {
        let ok = !e.is_empty()
            && e.len() <= MAX_EVENT_LEN
            && e.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return Err(Rejection::new(
                index,
                RejectCode::InvalidPing,
                Some("events"),
                "each event is 1 to 64 characters of a-z, 0-9 and _",
            ));
        }
    }
    Ok(Ping {
        vehicle,
        ts,
        lat,
        lng,
        speed_kph,
        heading_deg,
        ignition: raw.ignition,
        accuracy_m,
        battery_percent,
        events,
    })
}

/// 2000-01-01T00:00:00Z: older timestamps are a device without a clock.
const EARLIEST_UNIX_S: i64 = 946_684_800;

fn parse_ts(ts: RawTs) -> Option<OffsetDateTime> {
    let parsed = match ts {
        RawTs::Millis(ms) => {
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?
        }
        RawTs::Float(ms) if ms.is_finite() && ms.abs() < 1e16 => {
            OffsetDateTime::from_unix_timestamp_nanos((ms * 1_000.0) as i128 * 1_000).ok()?
        }
        RawTs::Float(_) => return None,
        RawTs::Text(s) => envelope::parse_rfc3339(&s)?,
    };
    // Postgres keeps microseconds; so do we, so what is stored is what is compared.
    let micros = parsed.unix_timestamp_nanos() / 1_000;
    let parsed = OffsetDateTime::from_unix_timestamp_nanos(micros * 1_000).ok()?;
    (parsed.unix_timestamp() >= EARLIEST_UNIX_S).then_some(parsed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
    }

    #[test]
    fn epoch_ms_and_rfc3339_agree() {
        let t = TenantId::new();
        let v = VehicleId::new();
        let a = parse_ping(
            0,
            &format!(r#"{{"vehicle_id":"{v}","ts":1799999999123,"lat":1,"lng":2}}"#),
            t,
            now(),
        )
        .unwrap();
        let b = parse_ping(
            0,
            &format!(r#"{{"vehicleId":"{v}","ts":"2027-01-15T07:59:59.123Z","lat":1,"lng":2}}"#),
            t,
            now(),
        )
        .unwrap();
        assert_eq!(a.ts, b.ts);
        assert_eq!(a.vehicle, VehicleRef::Id(v));
    }

    #[test]
    fn body_shapes() {
        let t = TenantId::new();
        assert!(parse_body(b"[1]", t, now()).is_err());
        assert!(parse_body(br#"{"pings": []}"#, t, now()).is_err());
        assert!(parse_body(br#"{"pings": 3}"#, t, now()).is_err());
        let single = parse_body(
            br#"{"device_id":"d1","ts":1799999999000,"lat":0,"lng":0}"#,
            t,
            now(),
        )
        .unwrap();
        assert_eq!(single.len(), 1);
        assert!(single[0].is_ok());
        let batch = parse_body(br#"{"pings": [{"lat": 1}, 7]}"#, t, now()).unwrap();
        assert_eq!(batch.len(), 2);
        assert_eq!(batch[1].as_ref().unwrap_err().code, RejectCode::InvalidPing);
        assert_eq!(batch[1].as_ref().unwrap_err().index, 1);
    }

    #[test]
    fn distance_is_sane() {
        // One degree of latitude is ~111.2 km.
        let d = distance_m(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
        assert!(distance_m(52.5, 13.4, 52.5, 13.4) < 1e-6);
    }
}
