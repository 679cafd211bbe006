//! The scope check the live stream needs before it subscribes to one vehicle.

use diesel_async::AsyncPgConnection;

use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Error, Scope};

use crate::store;

/// Is the vehicle in `scope` (the tenant's, and one of the allowed subaccounts)?
pub async fn vehicle_in_scope(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    vehicle: VehicleId,
) -> Result<bool, Error> {
    Ok(store::vehicle_in_scope(conn, scope, vehicle).await?)
}
