//! The event outbox (SPEC §9): [`record_event`] writes a domain event in the caller's
//! transaction, so an event exists exactly when the change that caused it committed.
//! Delivery (fan-out to webhook endpoints) reads the rows later and is not done here.

mod model;
pub mod store;

pub use model::{ConfigAction, PricingUpdated, ZoneUpdated};
pub use model::{
    CustomerEventData, Event, EventId, EventType, PaymentStatus, RideEnded, RidePricing,
    RideStateChanged, StoredEvent, VehicleStatusChanged,
};
pub use model::{VehicleBatteryLow, VehicleLocationUpdated};

use diesel_async::AsyncPgConnection;

use crate::{Error, Scope};

/// Inserts `event` into the outbox on `conn`, which must be inside the transaction that makes
/// the change. The event's subaccount must be in `scope`.
pub async fn record_event(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    event: &Event,
) -> Result<EventId, Error> {
    let subaccount = event.subaccount_id();
    if !scope.allows(subaccount) {
        return Err(Error::SubaccountNotAllowed(subaccount));
    }
    let data = event
        .data()
        .map_err(|e| Error::Internal(format!("event data: {e}")))?;
    let id = EventId::new();
    store::insert(
        conn,
        id,
        scope.tenant_id(),
        subaccount,
        event.event_type().as_str(),
        &data,
    )
    .await?;
    Ok(id)
}
