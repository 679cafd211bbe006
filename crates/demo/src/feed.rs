//! The demo's public GBFS feed.

use db::AsyncPgConnection;
use feeds::settings::{self, FeedChanges};
use fleet_domain::tenancy::service as tenancy;
use fleet_domain::{Scope, TenantId};

use crate::Error;

/// The demo subaccount whose public GBFS feed is switched on.
pub const DEMO_FEED_SUBACCOUNT: &str = "Berlin";

/// Enables the GBFS feed of the demo's [`DEMO_FEED_SUBACCOUNT`] (its token is kept across
/// runs); returns the feed token.
pub async fn enable_feed(conn: &mut AsyncPgConnection, tenant: TenantId) -> Result<String, Error> {
    let subs = tenancy::all_subaccounts(conn, tenant).await?;
    let sub = subs
        .iter()
        .find(|s| s.name == DEMO_FEED_SUBACCOUNT)
        .ok_or(Error::SubaccountMissing(DEMO_FEED_SUBACCOUNT))?;
    let scope = Scope::new(tenant, vec![sub.id]);
    let changes = FeedChanges {
        enabled: Some(true),
        feed_contact_email: Some("opendata@fleetgate.example".into()),
        rental_uri_web: Some(Some("https://ride.fleetgate.example/v/{vehicle_id}".into())),
        ..Default::default()
    };
    let (_, feed) = settings::update_feed(conn, &scope, sub.id, changes).await?;
    Ok(feed.token)
}
