//! Key lifecycle and verification against a real Postgres (one database per test).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{
    Actor, KeyMode, Permission, PermissionSet, Plan, Principal, Scope, TenantStatus,
};
use keys::{service, Error, KeyScope, KeyVerifier, NewKey};
use time::OffsetDateTime;

mod common;

use common::{create, new_key, plain, verified_plain, verifier, world, LOCAL};

#[tokio::test]
async fn generated_keys_verify_and_resolve_their_scope() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let global = plain(&mut conn, &w).await;
    assert!(global.secret.starts_with("lf_pk_") && global.secret.len() == 38);
    assert_eq!(global.key.prefix, &global.secret[..12]);
    assert_ne!(
        global.key.key_hash, global.secret,
        "the secret is never stored"
    );
    assert_eq!(global.key.permission_set(), PermissionSet::defaults());
    let test = create(
        &mut conn,
        &w,
        new_key(KeyMode::Test, KeyScope::Global, vec![]),
    )
    .await;
    let one = create(
        &mut conn,
        &w,
        new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live2]),
    )
    .await;
    drop(conn);

    let verifier = verifier(&w);
    let now = OffsetDateTime::now_utc();
    let g = verifier.verify(&global.secret, LOCAL, now).await.unwrap();
    let mut reach = g.entry.subaccounts.clone();
    reach.sort();
    let mut expected = vec![w.live, w.live2];
    expected.sort();
    assert_eq!(
        reach, expected,
        "live global key reaches every live subaccount, no sandbox"
    );
    let t = verifier.verify(&test.secret, LOCAL, now).await.unwrap();
    assert_eq!(
        t.entry.subaccounts,
        vec![w.sandbox],
        "test key reaches only sandbox"
    );
    let o = verifier.verify(&one.secret, LOCAL, now).await.unwrap();
    assert_eq!(o.entry.subaccounts, vec![w.live2]);
    // X-Subaccount-Id narrowing.
    assert!(matches!(
        o.principal(Some(w.live)),
        Err(Error::SubaccountNotAllowed(_))
    ));
    assert!(matches!(
        t.principal(Some(w.live)),
        Err(Error::SubaccountNotAllowed(_))
    ));
    assert_eq!(
        g.principal(Some(w.live)).unwrap().scope.subaccount_ids(),
        &[w.live]
    );
    assert!(verifier.is_cached(&global.secret));
}

#[tokio::test]
async fn keys_cannot_reach_other_modes_or_tenants() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let other = tenancy::create_tenant(
        &mut conn,
        NewTenant {
            name: "Other".into(),
            plan: Plan::Trial,
        },
    )
    .await
    .unwrap()
    .id;
    let foreign = tenancy::create_subaccount(
        &mut conn,
        other,
        NewSubaccount {
            name: "X".into(),
            currency: "USD".into(),
            timezone: "UTC".into(),
            sandbox: false,
        },
    )
    .await
    .unwrap()
    .id;
    for (mode, sub) in [
        (KeyMode::Live, w.sandbox),
        (KeyMode::Test, w.live),
        (KeyMode::Live, foreign),
    ] {
        let err = service::create_key(
            &mut conn,
            w.tenant,
            new_key(mode, KeyScope::Subaccount, vec![sub]),
            None,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Invalid {
                    field: "subaccount_ids",
                    ..
                }
            ),
            "{err:?}"
        );
    }
    // A foreign key never resolves to this tenant's subaccounts.
    let theirs = service::create_key(
        &mut conn,
        other,
        new_key(KeyMode::Live, KeyScope::Global, vec![]),
        None,
    )
    .await
    .unwrap();
    drop(conn);
    let verifier = verifier(&w);
    let v = verifier
        .verify(&theirs.secret, LOCAL, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(v.entry.subaccounts, vec![foreign]);
    assert!(matches!(
        v.principal(Some(w.live)),
        Err(Error::SubaccountNotAllowed(_))
    ));
}

#[tokio::test]
async fn every_lifecycle_state_is_refused_with_its_reason() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let (verifier, now, k) = verified_plain(&mut conn, &w).await;
    service::set_active(&mut conn, w.tenant, k.key.id, false)
        .await
        .unwrap();
    verifier.invalidate(keys::notify::Change::Key(k.key.id));
    assert!(matches!(
        verifier.verify(&k.secret, LOCAL, now).await,
        Err(Error::DisabledKey)
    ));
    service::set_active(&mut conn, w.tenant, k.key.id, true)
        .await
        .unwrap();
    verifier.invalidate(keys::notify::Change::Key(k.key.id));
    verifier.verify(&k.secret, LOCAL, now).await.unwrap();
    service::revoke_key(&mut conn, w.tenant, k.key.id)
        .await
        .unwrap();
    verifier.invalidate(keys::notify::Change::Key(k.key.id));
    assert!(matches!(
        verifier.verify(&k.secret, LOCAL, now).await,
        Err(Error::RevokedKey)
    ));
    assert!(matches!(
        service::set_active(&mut conn, w.tenant, k.key.id, true).await,
        Err(Error::AlreadyRevoked(_))
    ));

    let mut expiring = new_key(KeyMode::Live, KeyScope::Global, vec![]);
    expiring.expires_at = Some(now + time::Duration::minutes(5));
    let e = create(&mut conn, &w, expiring).await;
    verifier.verify(&e.secret, LOCAL, now).await.unwrap();
    let later = now + time::Duration::minutes(6);
    assert!(matches!(
        verifier.verify(&e.secret, LOCAL, later).await,
        Err(Error::ExpiredKey)
    ));

    let mut fenced = new_key(KeyMode::Live, KeyScope::Global, vec![]);
    fenced.allowed_ips = vec!["203.0.113.0/24".into(), "2001:db8::1".into()];
    let f = create(&mut conn, &w, fenced).await;
    assert!(matches!(
        verifier.verify(&f.secret, LOCAL, now).await,
        Err(Error::IpNotAllowed)
    ));
    verifier
        .verify(&f.secret, "203.0.113.77".parse().unwrap(), now)
        .await
        .unwrap();
    verifier
        .verify(&f.secret, "2001:db8::1".parse().unwrap(), now)
        .await
        .unwrap();

    let d = plain(&mut conn, &w).await;
    service::delete_key(&mut conn, w.tenant, d.key.id)
        .await
        .unwrap();
    assert!(matches!(
        verifier.verify(&d.secret, LOCAL, now).await,
        Err(Error::InvalidKey)
    ));
    assert!(service::list_keys(&mut conn, w.tenant)
        .await
        .unwrap()
        .iter()
        .all(|k| k.id != d.key.id));

    let t = plain(&mut conn, &w).await;
    keys::service::set_tenant_status(&mut conn, w.tenant, TenantStatus::Suspended)
        .await
        .unwrap();
    assert!(matches!(
        verifier.verify(&t.secret, LOCAL, now).await,
        Err(Error::TenantInactive)
    ));

    assert!(matches!(
        verifier
            .verify("lf_pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", LOCAL, now)
            .await,
        Err(Error::InvalidKey)
    ));
    assert!(matches!(
        verifier.verify("not a key", LOCAL, now).await,
        Err(Error::InvalidKey)
    ));
}

#[tokio::test]
async fn regenerate_with_and_without_grace() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let (verifier, now, k) = verified_plain(&mut conn, &w).await;

    let hard = service::regenerate_key(&mut conn, w.tenant, k.key.id, None)
        .await
        .unwrap();
    verifier.invalidate(keys::notify::Change::Key(k.key.id));
    assert!(matches!(
        verifier.verify(&k.secret, LOCAL, now).await,
        Err(Error::InvalidKey)
    ));
    assert!(
        !verifier
            .verify(&hard.secret, LOCAL, now)
            .await
            .unwrap()
            .via_grace
    );

    let soft = service::regenerate_key(
        &mut conn,
        w.tenant,
        k.key.id,
        Some(time::Duration::hours(1)),
    )
    .await
    .unwrap();
    verifier.invalidate(keys::notify::Change::Key(k.key.id));
    assert!(
        verifier
            .verify(&hard.secret, LOCAL, now)
            .await
            .unwrap()
            .via_grace
    );
    verifier.verify(&soft.secret, LOCAL, now).await.unwrap();
    let after_grace = now + time::Duration::hours(2);
    assert!(matches!(
        verifier.verify(&hard.secret, LOCAL, after_grace).await,
        Err(Error::InvalidKey)
    ));
    verifier
        .verify(&soft.secret, LOCAL, after_grace)
        .await
        .unwrap();

    assert!(matches!(
        service::regenerate_key(
            &mut conn,
            w.tenant,
            k.key.id,
            Some(time::Duration::hours(25))
        )
        .await,
        Err(Error::Invalid {
            field: "grace_period_seconds",
            ..
        })
    ));
}

/// Two "instances" (verifiers with their own caches) listening on one database: a change
/// committed through either is seen by the other well within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_reach_every_instance_through_notify() {
    let w = world().await;
    let a = Arc::new(KeyVerifier::new(w.pool.clone(), Duration::from_secs(3600)));
    let b = Arc::new(KeyVerifier::new(w.pool.clone(), Duration::from_secs(3600)));
    for v in [&a, &b] {
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(v.clone().listen(w.url.clone(), Some(tx)));
        rx.await.unwrap();
    }
    let mut conn = w.pool.get().await.unwrap();
    let k = plain(&mut conn, &w).await;
    let now = OffsetDateTime::now_utc();
    a.verify(&k.secret, LOCAL, now).await.unwrap();
    b.verify(&k.secret, LOCAL, now).await.unwrap();
    assert!(a.is_cached(&k.secret) && b.is_cached(&k.secret));

    // A change made outside both (like the CLI) with a 1-hour TTL: only NOTIFY can explain it.
    service::revoke_key(&mut conn, w.tenant, k.key.id)
        .await
        .unwrap();
    // SPEC §2: within 1 s on every instance (times TEST_TIME_SLACK on a loaded machine).
    let deadline = tokio::time::Instant::now() + testkit::scaled(Duration::from_secs(1));
    loop {
        let ra = a.verify(&k.secret, LOCAL, now).await;
        let rb = b.verify(&k.secret, LOCAL, now).await;
        if matches!(ra, Err(Error::RevokedKey)) && matches!(rb, Err(Error::RevokedKey)) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "revocation not seen within 1 s"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn keys_cannot_grant_more_than_they_hold_and_the_cap_holds() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let creator = Principal {
        actor: Actor::ApiKey {
            id: fleet_domain::ApiKeyId::new(),
            prefix: "lf_pk_x".into(),
        },
        mode: Some(KeyMode::Live),
        permissions: [Permission::KeysWrite, Permission::VehiclesRead]
            .into_iter()
            .collect(),
        plan: Plan::Starter,
        scope: Scope::new(w.tenant, vec![w.live]),
    };
    let mut escalate = new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live]);
    escalate.permissions = Some([Permission::WalletWrite].into_iter().collect());
    assert!(matches!(
        service::create_key(&mut conn, w.tenant, escalate, Some(&creator)).await,
        Err(Error::CannotGrant(_))
    ));
    let wider = new_key(KeyMode::Live, KeyScope::Global, vec![]);
    let mut wider = wider;
    wider.permissions = Some([Permission::VehiclesRead].into_iter().collect());
    assert!(matches!(
        service::create_key(&mut conn, w.tenant, wider, Some(&creator)).await,
        Err(Error::CannotGrant(_))
    ));
    let mut other_sub = new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live2]);
    other_sub.permissions = Some([Permission::VehiclesRead].into_iter().collect());
    assert!(matches!(
        service::create_key(&mut conn, w.tenant, other_sub, Some(&creator)).await,
        Err(Error::CannotGrant(_))
    ));
    let mut fine = new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live]);
    fine.permissions = Some([Permission::VehiclesRead].into_iter().collect());
    service::create_key(&mut conn, w.tenant, fine, Some(&creator))
        .await
        .unwrap();

    // The tenant's cap (lowered to 2 here) counts non-deleted keys.
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("UPDATE tenants SET max_api_keys = 2"),
        &mut conn,
    )
    .await
    .unwrap();
    plain(&mut conn, &w).await;
    assert!(matches!(
        service::create_key(
            &mut conn,
            w.tenant,
            new_key(KeyMode::Live, KeyScope::Global, vec![]),
            None
        )
        .await,
        Err(Error::TooManyKeys { max: 2 })
    ));
}

#[tokio::test]
async fn invalid_inputs_name_their_field() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let cases: Vec<(NewKey, &str)> = vec![
        (
            {
                let mut k = new_key(KeyMode::Live, KeyScope::Global, vec![]);
                k.name = " ".into();
                k
            },
            "name",
        ),
        (
            {
                let mut k = new_key(KeyMode::Live, KeyScope::Global, vec![]);
                k.permissions = Some(PermissionSet::empty());
                k
            },
            "permissions",
        ),
        (
            {
                let mut k = new_key(KeyMode::Live, KeyScope::Global, vec![]);
                k.allowed_ips = vec!["nope".into()];
                k
            },
            "allowed_ips",
        ),
        (
            {
                let mut k = new_key(KeyMode::Live, KeyScope::Global, vec![]);
                k.limits.per_minute = Some(0);
                k
            },
            "rate_limits.per_minute",
        ),
        (
            {
                let mut k = new_key(KeyMode::Live, KeyScope::Global, vec![]);
                k.expires_at = Some(OffsetDateTime::now_utc() - time::Duration::seconds(1));
                k
            },
            "expires_at",
        ),
        (
            new_key(KeyMode::Live, KeyScope::Subaccount, vec![]),
            "subaccount_ids",
        ),
        (
            new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live, w.live2]),
            "subaccount_ids",
        ),
    ];
    for (nk, field) in cases {
        match service::create_key(&mut conn, w.tenant, nk, None).await {
            Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected Invalid, got {other:?}"),
        }
    }
    assert!(
        service::list_keys(&mut conn, w.tenant)
            .await
            .unwrap()
            .is_empty(),
        "nothing half-written"
    );
}
