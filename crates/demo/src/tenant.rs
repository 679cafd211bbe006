//! The demo tenant, its subaccounts, its keys and its seeded data.

use db::AsyncPgConnection;
use fleet_domain::seed::{self, SeedOptions, SubaccountSeeded};
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{Plan, Tenant};

use crate::credentials::{seed_keys, DemoKey};
use crate::Error;

pub const DEMO_TENANT: &str = "Fleetgate Demo";
pub const DEMO_VEHICLES: u64 = 300;
pub const DEMO_CUSTOMERS: u64 = 100;
/// Fixed PRNG seed: every fresh demo looks the same.
const DEMO_SEED: u64 = 2026;

/// `(name, currency, time zone, sandbox)` of the demo's subaccounts.
const SUBACCOUNTS: &[(&str, &str, &str, bool)] = &[
    ("Berlin", "EUR", "Europe/Berlin", false),
    ("Amsterdam", "EUR", "Europe/Amsterdam", false),
    ("Sandbox", "EUR", "Europe/Berlin", true),
];

pub struct Demo {
    pub tenant: Tenant,
    pub keys: Vec<DemoKey>,
    /// What this run seeded (`None` when the demo tenant already had vehicles).
    pub seeded: Option<Vec<SubaccountSeeded>>,
}

/// The demo tenant, if `serve --demo` ran against this database before.
pub async fn demo_tenant(conn: &mut AsyncPgConnection) -> Result<Option<Tenant>, Error> {
    Ok(tenancy::find_tenant_by_name(conn, DEMO_TENANT).await?)
}

/// Creates (or finds) the tenant and its subaccounts, issues the keys again and seeds the
/// data of a tenant that has no vehicles yet.
pub async fn seed(conn: &mut AsyncPgConnection) -> Result<Demo, Error> {
    let tenant = match demo_tenant(conn).await? {
        Some(t) => t,
        None => {
            let new = NewTenant {
                name: DEMO_TENANT.to_owned(),
                plan: Plan::Enterprise,
            };
            tenancy::create_tenant(conn, new).await?
        }
    };
    let existing = tenancy::all_subaccounts(conn, tenant.id).await?;
    for (name, currency, timezone, sandbox) in SUBACCOUNTS {
        if !existing.iter().any(|s| s.name == *name) {
            let new = NewSubaccount {
                name: (*name).to_owned(),
                currency: (*currency).to_owned(),
                timezone: (*timezone).to_owned(),
                sandbox: *sandbox,
            };
            tenancy::create_subaccount(conn, tenant.id, new).await?;
        }
    }
    let keys = seed_keys(conn, tenant.id).await?;
    let seeded = if seed::has_vehicles(conn, tenant.id).await? {
        None
    } else {
        let options = SeedOptions {
            vehicles: DEMO_VEHICLES,
            customers: DEMO_CUSTOMERS,
            subaccounts: Vec::new(),
            seed: DEMO_SEED,
        };
        Some(seed::seed_tenant(conn, tenant.id, &options).await?)
    };
    Ok(Demo {
        tenant,
        keys,
        seeded,
    })
}
