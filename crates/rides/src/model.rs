use std::str::FromStr;

use diesel::{Queryable, Selectable};
use serde_json::Value;
use time::OffsetDateTime;

use fleet_domain::customers::CustomerId;
use fleet_domain::events::{PaymentStatus, RidePricing};
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{RideId, SubaccountId, TenantId};

use crate::fare::PlanSnapshot;
use crate::state::RideStatus;
use crate::Error;

/// A ride row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = db::schema::rides, check_for_backend(diesel::pg::Pg))]
pub struct Ride {
    pub id: RideId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    pub status: RideStatus,
    pub started_at: OffsetDateTime,
    pub paused_at: Option<OffsetDateTime>,
    pub paused_seconds: i64,
    pub ended_at: Option<OffsetDateTime>,
    pub start_latitude: Option<f64>,
    pub start_longitude: Option<f64>,
    pub end_latitude: Option<f64>,
    pub end_longitude: Option<f64>,
    pub plan: Value,
    pub riding_seconds: Option<i64>,
    pub duration_minutes: Option<i32>,
    pub distance_m: Option<i64>,
    pub total_cents: Option<i64>,
    pub unlock_cents: Option<i64>,
    pub time_cents: Option<i64>,
    pub distance_cents: Option<i64>,
    pub discount_cents: Option<i64>,
    pub payment_status: Option<PaymentStatus>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Ride {
    /// The plan snapshot taken at the start.
    pub fn plan(&self) -> Option<PlanSnapshot> {
        serde_json::from_value(self.plan.clone()).ok()
    }

    /// The stored fare of an ended ride.
    pub fn pricing(&self) -> Option<RidePricing> {
        Some(RidePricing {
            total_cents: self.total_cents?,
            unlock_cents: self.unlock_cents?,
            time_cents: self.time_cents?,
            distance_cents: self.distance_cents?,
            discount_cents: self.discount_cents?,
        })
    }

    /// Distance in kilometres with two decimals (`5.2`), as the `ride.ended` payload shows.
    pub fn distance_km(&self) -> Option<f64> {
        self.distance_m.map(distance_km)
    }
}

/// Metres to kilometres rounded to two decimals.
pub fn distance_km(metres: i64) -> f64 {
    (metres as f64 / 10.0).round() / 100.0
}

/// Input of [`crate::service::start_ride`].
#[derive(Debug, Clone, PartialEq)]
pub struct StartRide {
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    /// Where the ride starts; the vehicle's last position when absent.
    pub start_latitude: Option<f64>,
    pub start_longitude: Option<f64>,
}

/// Input of [`crate::service::end_ride`].
#[derive(Debug, Clone, PartialEq)]
pub struct EndRide {
    pub end_latitude: f64,
    pub end_longitude: f64,
    /// Promotion applied to this ride; capped at the fare.
    pub discount_cents: i64,
}

/// Filters of the ride list, as sent (text, so that [`Self::parse`] names the field of
/// an error).
#[derive(Debug, Clone, Default)]
pub struct RideFilterText {
    pub status: Option<String>,
    pub customer_id: Option<String>,
    pub vehicle_id: Option<String>,
    pub started_after: Option<String>,
    pub started_before: Option<String>,
}

/// Filters of the ride list ([`crate::service::list_rides`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RideFilter {
    pub status: Option<RideStatus>,
    pub customer_id: Option<CustomerId>,
    pub vehicle_id: Option<VehicleId>,
    pub started_after: Option<OffsetDateTime>,
    pub started_before: Option<OffsetDateTime>,
}

impl RideFilterText {
    /// The typed filters; an error names the first field that does not parse.
    pub fn parse(&self) -> Result<RideFilter, Error> {
        Ok(RideFilter {
            status: parse(&self.status, |s| {
                s.parse().map_err(|m| Error::invalid("status", m))
            })?,
            customer_id: parse(&self.customer_id, |s| uuid_field("customer_id", s))?,
            vehicle_id: parse(&self.vehicle_id, |s| uuid_field("vehicle_id", s))?,
            started_after: parse(&self.started_after, |s| time_field("started_after", s))?,
            started_before: parse(&self.started_before, |s| time_field("started_before", s))?,
        })
    }
}

fn parse<T>(
    raw: &Option<String>,
    f: impl FnOnce(&str) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    raw.as_deref().map(f).transpose()
}

fn uuid_field<T: FromStr>(field: &'static str, raw: &str) -> Result<T, Error> {
    raw.parse()
        .map_err(|_| Error::invalid(field, "must be a UUID"))
}

fn time_field(field: &'static str, raw: &str) -> Result<OffsetDateTime, Error> {
    envelope::parse_rfc3339(raw).ok_or_else(|| Error::invalid(field, envelope::RFC3339_MESSAGE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_name_their_field() {
        let bad = [
            (
                RideFilterText {
                    status: Some("done".into()),
                    ..Default::default()
                },
                "status",
            ),
            (
                RideFilterText {
                    customer_id: Some("x".into()),
                    ..Default::default()
                },
                "customer_id",
            ),
            (
                RideFilterText {
                    vehicle_id: Some("x".into()),
                    ..Default::default()
                },
                "vehicle_id",
            ),
            (
                RideFilterText {
                    started_after: Some("yesterday".into()),
                    ..Default::default()
                },
                "started_after",
            ),
            (
                RideFilterText {
                    started_before: Some("2025-13-01T00:00:00Z".into()),
                    ..Default::default()
                },
                "started_before",
            ),
        ];
        for (filter, field) in bad {
            match filter.parse() {
                Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        let text = RideFilterText {
            status: Some("paused".into()),
            started_after: Some("2025-01-15T10:00:00Z".into()),
            ..Default::default()
        };
        let parsed = match text.parse() {
            Ok(parsed) => parsed,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(parsed.status, Some(RideStatus::Paused));
        assert!(parsed.started_after.is_some() && parsed.customer_id.is_none());
    }
}
