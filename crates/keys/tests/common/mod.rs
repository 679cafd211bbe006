//! The world every key test starts from: a fresh database cloned from the migrated
//! template, one tenant with two live subaccounts and a sandbox one.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::IpAddr;

use db::test_db::TestDb;
use db::PgPool;
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{KeyMode, Plan, SubaccountId, Tenant, TenantId};
use keys::{service, KeyScope, NewKey, RateLimitOverrides};

pub const LOCAL: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

pub struct World {
    _db: TestDb,
    pub pool: PgPool,
    pub url: String,
    pub tenant: TenantId,
    pub tenant_row: Tenant,
    pub live: SubaccountId,
    pub live2: SubaccountId,
    pub sandbox: SubaccountId,
}

pub async fn world() -> World {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let tenant_row = tenancy::create_tenant(
        &mut conn,
        NewTenant {
            name: "Acme".into(),
            plan: Plan::Starter,
        },
    )
    .await
    .unwrap();
    let tenant = tenant_row.id;
    let mut sub = async |name: &str, sandbox: bool| {
        tenancy::create_subaccount(
            &mut conn,
            tenant,
            NewSubaccount {
                name: name.into(),
                currency: "EUR".into(),
                timezone: "Europe/Berlin".into(),
                sandbox,
            },
        )
        .await
        .unwrap()
        .id
    };
    let live = sub("Berlin", false).await;
    let live2 = sub("Paris", false).await;
    let sandbox = sub("Sandbox", true).await;
    drop(conn);
    World {
        url: db.url().to_owned(),
        _db: db,
        pool,
        tenant,
        tenant_row,
        live,
        live2,
        sandbox,
    }
}

/// Creates a key in the world's tenant (no creator), panicking on failure.
pub async fn create(conn: &mut db::AsyncPgConnection, w: &World, nk: NewKey) -> keys::CreatedKey {
    service::create_key(conn, w.tenant, nk, None).await.unwrap()
}

pub fn new_key(mode: KeyMode, scope: KeyScope, subs: Vec<SubaccountId>) -> NewKey {
    NewKey {
        name: "test key".into(),
        mode,
        permissions: None,
        scope,
        subaccount_ids: subs,
        limits: RateLimitOverrides::default(),
        expires_at: None,
        allowed_ips: Vec::new(),
        created_by: None,
    }
}

/// A live key spanning all live subaccounts, with the default permissions.
pub async fn plain(conn: &mut db::AsyncPgConnection, w: &World) -> keys::CreatedKey {
    create(conn, w, new_key(KeyMode::Live, KeyScope::Global, vec![])).await
}

/// A verifier over the world's pool (30 s cache).
pub fn verifier(w: &World) -> keys::KeyVerifier {
    keys::KeyVerifier::new(w.pool.clone(), std::time::Duration::from_secs(30))
}

/// A verifier, the time, and a [`plain`] key it has verified (and cached) at that time.
pub async fn verified_plain(
    conn: &mut db::AsyncPgConnection,
    w: &World,
) -> (keys::KeyVerifier, time::OffsetDateTime, keys::CreatedKey) {
    let verifier = verifier(w);
    let now = time::OffsetDateTime::now_utc();
    let k = plain(conn, w).await;
    verifier.verify(&k.secret, LOCAL, now).await.unwrap();
    (verifier, now, k)
}
