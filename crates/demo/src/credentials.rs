//! The demo's credentials: three API keys and an owner for the management API, issued
//! afresh on every run so they can be printed.

use db::AsyncPgConnection;
use fleet_domain::{KeyMode, PermissionSet, TenantId};
use keys::operators::{service as operators, NewOperator, Role};
use keys::{KeyScope, NewKey, RateLimitOverrides};

use crate::Error;

/// Email of the demo tenant's operator.
pub const DEMO_OPERATOR_EMAIL: &str = "demo-owner@fleetgate.example";

/// The role of the key the walkthroughs use.
pub(crate) const FULL_KEY_ROLE: &str = "live, all permissions";

/// One printed key.
pub struct DemoKey {
    pub role: &'static str,
    pub secret: String,
}

/// The printed demo operator.
pub struct DemoOperator {
    pub email: String,
    pub password: String,
}

/// Regenerates the demo keys that exist (reactivating them) and creates the missing ones.
pub(crate) async fn seed_keys(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> Result<Vec<DemoKey>, Error> {
    let specs = [
        (
            FULL_KEY_ROLE,
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
    let current = keys::service::list_keys(conn, tenant).await?;
    let mut printed = Vec::new();
    for (role, name, mode, permissions) in specs {
        let reusable = current
            .iter()
            .find(|k| k.name == name && k.revoked_at.is_none());
        let created = match reusable {
            Some(key) => {
                keys::service::set_active(conn, tenant, key.id, true).await?;
                keys::service::regenerate_key(conn, tenant, key.id, None).await?
            }
            None => {
                let new = NewKey {
                    name: name.to_owned(),
                    mode,
                    permissions: Some(permissions),
                    scope: KeyScope::Global,
                    subaccount_ids: Vec::new(),
                    limits: RateLimitOverrides::default(),
                    expires_at: None,
                    allowed_ips: Vec::new(),
                    created_by: Some("demo".to_owned()),
                };
                keys::service::create_key(conn, tenant, new, None).await?
            }
        };
        printed.push(DemoKey {
            role,
            secret: created.secret,
        });
    }
    Ok(printed)
}

/// Creates the demo tenant's owner, or gives the existing one a fresh random password (ending
/// their sessions), so the credentials can be printed on every start.
pub async fn seed_operator(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> Result<DemoOperator, Error> {
    let password = keys::secret::random_alphanumeric(20)
        .map_err(|e| keys::operators::Error::Hash(e.to_string()))?;
    match operators::find_operator_by_email(conn, DEMO_OPERATOR_EMAIL).await? {
        Some(op) if op.tenant_id == tenant => {
            operators::set_password(conn, tenant, op.id, &password).await?;
        }
        Some(_) => return Err(Error::OperatorTaken(DEMO_OPERATOR_EMAIL)),
        None => {
            let new = NewOperator {
                email: DEMO_OPERATOR_EMAIL.to_owned(),
                name: "Demo Owner".to_owned(),
                role: Role::Owner,
                password: password.clone(),
            };
            operators::create_operator(conn, tenant, new).await?;
        }
    }
    Ok(DemoOperator {
        email: DEMO_OPERATOR_EMAIL.to_owned(),
        password,
    })
}
