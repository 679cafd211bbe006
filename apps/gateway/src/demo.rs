//! The demo tenant of `gateway serve --demo`: an enterprise tenant with two live cities and a
//! sandbox, and three keys. Safe to repeat: the tenant and subaccounts are reused and the
//! keys regenerated, so their secrets can be printed again. The first run also seeds
//! [`DEMO_VEHICLES`] vehicles and [`DEMO_CUSTOMERS`] customers with zones and pricing plans
//! (`fleet_domain::seed`); later runs find vehicles and leave the data alone.

use fleet_domain::tenancy::{service as tenancy, store as tenancy_store, NewSubaccount, NewTenant};
use fleet_domain::{KeyMode, PermissionSet, Plan, Tenant};
use keys::{KeyScope, NewKey, RateLimitOverrides};

pub const DEMO_TENANT: &str = "Fleetgate Demo";
pub const DEMO_VEHICLES: u64 = 300;
pub const DEMO_CUSTOMERS: u64 = 100;
/// Fixed PRNG seed: every fresh demo looks the same.
const DEMO_SEED: u64 = 2026;

/// One printed key.
pub struct DemoKey {
    pub role: &'static str,
    pub secret: String,
}

pub struct Demo {
    pub tenant: Tenant,
    pub keys: Vec<DemoKey>,
    /// What this run seeded (`None` when the demo tenant already had vehicles).
    pub seeded: Option<Vec<fleet_domain::seed::SubaccountSeeded>>,
}

const SUBACCOUNTS: &[(&str, &str, &str, bool)] = &[
    ("Berlin", "EUR", "Europe/Berlin", false),
    ("Amsterdam", "EUR", "Europe/Amsterdam", false),
    ("Sandbox", "EUR", "Europe/Berlin", true),
];

pub async fn seed(conn: &mut db::AsyncPgConnection) -> Result<Demo, keys::Error> {
    let tenant = match tenancy_store::find_tenant_by_name(conn, DEMO_TENANT).await? {
        Some(t) => t,
        None => {
            tenancy::create_tenant(
                conn,
                NewTenant {
                    name: DEMO_TENANT.to_owned(),
                    plan: Plan::Enterprise,
                },
            )
            .await?
        }
    };
    let existing = tenancy_store::list_subaccounts(conn, tenant.id, None).await?;
    for (name, currency, timezone, sandbox) in SUBACCOUNTS {
        if !existing.iter().any(|s| s.name == *name) {
            tenancy::create_subaccount(
                conn,
                tenant.id,
                NewSubaccount {
                    name: (*name).to_owned(),
                    currency: (*currency).to_owned(),
                    timezone: (*timezone).to_owned(),
                    sandbox: *sandbox,
                },
            )
            .await?;
        }
    }
    let specs = [
        (
            "live, all permissions",
            "demo-live-full",
            KeyMode::Live,
            PermissionSet::all(),
        ),
        (
            "live, read-only",
            "demo-live-readonly",
            KeyMode::Live,
            PermissionSet::defaults(),
        ),
        (
            "test, all permissions",
            "demo-test-full",
            KeyMode::Test,
            PermissionSet::all(),
        ),
    ];
    let current = keys::service::list_keys(conn, tenant.id).await?;
    let mut printed = Vec::new();
    for (role, name, mode, permissions) in specs {
        let reusable = current
            .iter()
            .find(|k| k.name == name && k.revoked_at.is_none());
        let secret = match reusable {
            Some(key) => {
                keys::service::set_active(conn, tenant.id, key.id, true).await?;
                keys::service::regenerate_key(conn, tenant.id, key.id, None)
                    .await?
                    .secret
            }
            None => {
                keys::service::create_key(
                    conn,
                    tenant.id,
                    NewKey {
                        name: name.to_owned(),
                        mode,
                        permissions: Some(permissions),
                        scope: KeyScope::Global,
                        subaccount_ids: Vec::new(),
                        limits: RateLimitOverrides::default(),
                        expires_at: None,
                        allowed_ips: Vec::new(),
                        created_by: Some("demo".to_owned()),
                    },
                    None,
                )
                .await?
                .secret
            }
        };
        printed.push(DemoKey { role, secret });
    }
    let seeded = if fleet_domain::seed::has_vehicles(conn, tenant.id).await? {
        None
    } else {
        let options = fleet_domain::seed::SeedOptions {
            vehicles: DEMO_VEHICLES,
            customers: DEMO_CUSTOMERS,
            subaccounts: Vec::new(),
            seed: DEMO_SEED,
        };
        Some(fleet_domain::seed::seed_tenant(conn, tenant.id, &options).await?)
    };
    Ok(Demo {
        tenant,
        keys: printed,
        seeded,
    })
}

// ---- Demo operator (management API) -------------------------------------------------------

/// Email of the demo tenant's operator.
pub const DEMO_OPERATOR_EMAIL: &str = "demo-owner@fleetgate.example";

/// The printed demo operator.
pub struct DemoOperator {
    pub email: String,
    pub password: String,
}

/// Creates the demo tenant's owner, or gives the existing one a fresh random password (ending
/// their sessions), so the credentials can be printed on every start.
pub async fn seed_operator(
    conn: &mut db::AsyncPgConnection,
    tenant: fleet_domain::TenantId,
) -> Result<DemoOperator, keys::operators::Error> {
    use keys::operators::{service, NewOperator, Role};
    let password = keys::secret::random_alphanumeric(20)
        .map_err(|e| keys::operators::Error::Hash(e.to_string()))?;
    match service::find_operator_by_email(conn, DEMO_OPERATOR_EMAIL).await? {
        Some(op) if op.tenant_id == tenant => {
            service::set_password(conn, tenant, op.id, &password).await?;
        }
        Some(_) => {
            return Err(keys::operators::Error::DuplicateEmail);
        }
        None => {
            service::create_operator(
                conn,
                tenant,
                NewOperator {
                    email: DEMO_OPERATOR_EMAIL.to_owned(),
                    name: "Demo Owner".to_owned(),
                    role: Role::Owner,
                    password: password.clone(),
                },
            )
            .await?;
        }
    }
    Ok(DemoOperator {
        email: DEMO_OPERATOR_EMAIL.to_owned(),
        password,
    })
}

// ---- Demo GBFS feed ---------------------------------------------------------------------------

/// The demo subaccount whose public GBFS feed is switched on.
pub const DEMO_FEED_SUBACCOUNT: &str = "Berlin";

/// Enables the GBFS feed of the demo's [`DEMO_FEED_SUBACCOUNT`] (its token is kept across
/// runs); returns the feed token.
pub async fn enable_feed(
    conn: &mut db::AsyncPgConnection,
    tenant: fleet_domain::TenantId,
) -> Result<String, feeds::Error> {
    let subs = tenancy_store::list_subaccounts(conn, tenant, None).await?;
    let sub = subs
        .iter()
        .find(|s| s.name == DEMO_FEED_SUBACCOUNT)
        .ok_or_else(|| feeds::Error::Internal("demo subaccount missing".into()))?;
    let scope = fleet_domain::Scope::new(tenant, vec![sub.id]);
    let (_, feed) = feeds::settings::update_feed(
        conn,
        &scope,
        sub.id,
        feeds::settings::FeedChanges {
            enabled: Some(true),
            feed_contact_email: Some("opendata@fleetgate.example".into()),
            rental_uri_web: Some(Some("https://ride.fleetgate.example/v/{vehicle_id}".into())),
            ..Default::default()
        },
    )
    .await?;
    Ok(feed.token)
}
