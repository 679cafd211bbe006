//! The demo tenant of `gateway serve --demo` as one use case outside HTTP: an enterprise
//! tenant with two live cities and a sandbox, three keys, seeded vehicles, customers, zones
//! and pricing plans, an owner for the management API and a public GBFS feed. [`run`] does
//! it all; the steps are public for callers that want only a part.
//!
//! Safe to repeat: the tenant and subaccounts are reused, the keys regenerated and the
//! operator given a fresh password (so every secret can be printed again), the feed keeps
//! its token; the first run seeds [`DEMO_VEHICLES`] vehicles and [`DEMO_CUSTOMERS`]
//! customers (`fleet_domain::seed`), later runs find vehicles and leave the data alone.
//!
//! A crate of its own because it spans `fleet-domain`, `keys` and `feeds`, and `keys`
//! depends on `fleet-domain`: the use case sits above all three.

mod credentials;
mod error;
mod feed;
mod tenant;

pub use credentials::{seed_operator, DemoKey, DemoOperator, DEMO_OPERATOR_EMAIL};
pub use error::Error;
pub use feed::{enable_feed, DEMO_FEED_SUBACCOUNT};
pub use tenant::{demo_tenant, seed, Demo, DEMO_CUSTOMERS, DEMO_TENANT, DEMO_VEHICLES};

use db::AsyncPgConnection;

/// Everything one `serve --demo` start sets up.
pub struct DemoRun {
    pub demo: Demo,
    pub operator: DemoOperator,
    /// The token of [`DEMO_FEED_SUBACCOUNT`]'s public GBFS feed.
    pub feed_token: String,
}

impl DemoRun {
    /// The secret of the live key with every permission (the walkthroughs' `KEY`).
    pub fn full_key(&self) -> Option<&str> {
        self.demo
            .keys
            .iter()
            .find(|k| k.role == credentials::FULL_KEY_ROLE)
            .map(|k| k.secret.as_str())
    }
}

/// Sets up (or refreshes) the whole demo: tenant, subaccounts, keys and data ([`seed`]),
/// the operator ([`seed_operator`]) and the feed ([`enable_feed`]).
pub async fn run(conn: &mut AsyncPgConnection) -> Result<DemoRun, Error> {
    let demo = seed(conn).await?;
    let operator = seed_operator(conn, demo.tenant.id).await?;
    let feed_token = enable_feed(conn, demo.tenant.id).await?;
    Ok(DemoRun {
        demo,
        operator,
        feed_token,
    })
}
