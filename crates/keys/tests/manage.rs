//! The key-management use cases (`keys::manage`) against a real Postgres: rights checked
//! before anything runs, the reach rule, the granting and touching rules, paging and
//! filters in SQL, and each change committed with its cache invalidation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use fleet_domain::{KeyMode, OperatorId, Permission, PermissionSet, SubaccountId};
use keys::manage::{Caller, KeyChanges, KeyListFilter, KeyRequest};
use keys::operators::{Operator, Role, SignedIn};
use keys::{Error, KeyScope, KeyStatus, VerifiedKey};

mod common;

use common::{create, new_key, verifier, world, World, LOCAL};

/// An operator of the world's tenant with `role`, signed in (no session row is needed by
/// the use cases).
fn operator(w: &World, role: Role) -> SignedIn {
    let now = OffsetDateTime::now_utc();
    SignedIn {
        operator: Operator {
            id: OperatorId::new(),
            tenant_id: w.tenant,
            email: "op@example.com".into(),
            name: "Op".into(),
            role,
            password_hash: String::new(),
            last_login_at: None,
            created_at: now,
            updated_at: now,
        },
        tenant: w.tenant_row.clone(),
        session_id: Uuid::now_v7(),
        expires_at: now + Duration::hours(1),
        subaccounts: vec![w.live, w.live2, w.sandbox],
    }
}

/// A key of `mode`/`scope`/`subs` holding `perms`, verified (as a request would be).
async fn key_caller(
    w: &World,
    mode: KeyMode,
    scope: KeyScope,
    subs: Vec<SubaccountId>,
    perms: &[Permission],
) -> VerifiedKey {
    let mut conn = w.pool.get().await.unwrap();
    let mut nk = new_key(mode, scope, subs);
    nk.permissions = Some(perms.iter().copied().collect());
    let created = create(&mut conn, w, nk).await;
    verifier(w)
        .verify(&created.secret, LOCAL, OffsetDateTime::now_utc())
        .await
        .unwrap()
}

const ALL_KEYS: [Permission; 2] = [Permission::KeysRead, Permission::KeysWrite];

#[tokio::test]
async fn rights_are_checked_before_any_use_case_runs() {
    let w = world().await;
    let verifier = verifier(&w);
    let viewer = operator(&w, Role::Viewer);
    assert!(Caller::Operator(&viewer).reader().is_ok());
    assert!(matches!(
        Caller::Operator(&viewer).writer(&verifier),
        Err(Error::RoleRequired(Role::Admin))
    ));
    assert!(Caller::Operator(&operator(&w, Role::Admin))
        .writer(&verifier)
        .is_ok());

    let reader_only = key_caller(
        &w,
        KeyMode::Live,
        KeyScope::Global,
        vec![],
        &[Permission::KeysRead],
    )
    .await;
    let principal = reader_only.principal(None).unwrap();
    let caller = Caller::Key {
        principal: &principal,
        key: &reader_only,
    };
    assert!(caller.reader().is_ok());
    assert!(matches!(
        caller.writer(&verifier),
        Err(Error::Domain(fleet_domain::Error::MissingPermission(
            Permission::KeysWrite
        )))
    ));
    let nothing = key_caller(
        &w,
        KeyMode::Live,
        KeyScope::Global,
        vec![],
        &[Permission::VehiclesRead],
    )
    .await;
    let principal = nothing.principal(None).unwrap();
    let caller = Caller::Key {
        principal: &principal,
        key: &nothing,
    };
    assert!(caller.reader().is_err());
}

#[tokio::test]
async fn lists_are_paged_and_filtered_in_sql_within_reach() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    // Five keys bound to `live`, one to `live2`, one sandbox key, one spanning all live.
    let mut on_live = Vec::new();
    for _ in 0..5 {
        let nk = new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live]);
        on_live.push(create(&mut conn, &w, nk).await.key.id);
    }
    create(
        &mut conn,
        &w,
        new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live2]),
    )
    .await;
    create(
        &mut conn,
        &w,
        new_key(KeyMode::Test, KeyScope::Global, vec![]),
    )
    .await;
    let spanning = create(
        &mut conn,
        &w,
        new_key(KeyMode::Live, KeyScope::Global, vec![]),
    )
    .await;

    // A key bound to `live` (itself the sixth key on `live`) sees exactly those six.
    let bound = key_caller(
        &w,
        KeyMode::Live,
        KeyScope::Subaccount,
        vec![w.live],
        &ALL_KEYS,
    )
    .await;
    let principal = bound.principal(None).unwrap();
    let reader = Caller::Key {
        principal: &principal,
        key: &bound,
    }
    .reader()
    .unwrap();
    let first = reader
        .list(&mut conn, KeyListFilter::default(), 1, 4)
        .await
        .unwrap();
    let second = reader
        .list(&mut conn, KeyListFilter::default(), 2, 4)
        .await
        .unwrap();
    let ids: Vec<_> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|v| v.key.id)
        .collect();
    assert_eq!(first.items.len(), 4);
    assert_eq!(second.items.len(), 2, "the last page holds the rest");
    let mut expected = on_live.clone();
    expected.push(bound.id());
    assert_eq!(ids, expected, "oldest first, pages in order");
    let page = serde_json::to_value(&first.pagination).unwrap();
    assert_eq!(page["total"], 6, "{page}");
    assert!(first.items.iter().all(|v| v.usage.today == 0));
    assert!(matches!(
        reader.get(&mut conn, spanning.key.id).await,
        Err(Error::NotFound(_))
    ));

    // An operator sees every key; filters run in SQL.
    let admin = operator(&w, Role::Admin);
    let verifier = verifier(&w);
    Caller::Operator(&admin)
        .writer(&verifier)
        .unwrap()
        .revoke(&mut conn, on_live[0])
        .await
        .unwrap();
    let disable = KeyChanges {
        active: Some(false),
        ..KeyChanges::default()
    };
    Caller::Operator(&admin)
        .writer(&verifier)
        .unwrap()
        .update(&mut conn, on_live[1], disable)
        .await
        .unwrap();
    let all = Caller::Operator(&admin).reader().unwrap();
    let count = async |status, mode| {
        let mut conn = w.pool.get().await.unwrap();
        let filter = KeyListFilter { status, mode };
        let listing = all.list(&mut conn, filter, 1, 100).await.unwrap();
        listing.items.len()
    };
    assert_eq!(count(None, None).await, 9);
    assert_eq!(count(None, Some(KeyMode::Test)).await, 1);
    assert_eq!(count(Some(KeyStatus::Revoked), None).await, 1);
    assert_eq!(count(Some(KeyStatus::Disabled), None).await, 1);
    assert_eq!(count(Some(KeyStatus::Active), Some(KeyMode::Live)).await, 6);
    assert_eq!(count(Some(KeyStatus::Expired), None).await, 0);
}

#[tokio::test]
async fn creating_follows_the_scope_and_granting_rules() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let verifier = verifier(&w);
    let request = |scope, one: Option<SubaccountId>, list: Option<Vec<SubaccountId>>| KeyRequest {
        name: "minted".into(),
        scope,
        subaccount_id: one,
        allowed_subaccount_ids: list,
        ..KeyRequest::default()
    };

    let admin = operator(&w, Role::Admin);
    let writer = Caller::Operator(&admin).writer(&verifier).unwrap();
    for (bad, field) in [
        (
            request(Some(KeyScope::Subaccount), None, None),
            "subaccount_id",
        ),
        (
            request(Some(KeyScope::Subaccount), Some(w.live), Some(vec![w.live])),
            "allowed_subaccount_ids",
        ),
        (request(None, Some(w.live), None), "subaccount_id"),
    ] {
        match writer.create(&mut conn, bad).await {
            Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let made = writer
        .create(&mut conn, request(None, None, None))
        .await
        .unwrap();
    assert_eq!(made.view.key.mode, KeyMode::Live);
    assert_eq!(
        made.view.key.created_by,
        Some(format!("operator:{}", admin.operator.id))
    );
    assert!(made.secret.starts_with("lf_pk_"));

    // A subaccount-bound key may not mint a global key, even one listing its own
    // subaccount; it may mint one bound to it, in its own mode by default.
    let bound = key_caller(
        &w,
        KeyMode::Test,
        KeyScope::Subaccount,
        vec![w.sandbox],
        &[Permission::KeysWrite, Permission::VehiclesRead],
    )
    .await;
    let principal = bound.principal(None).unwrap();
    let writer = Caller::Key {
        principal: &principal,
        key: &bound,
    }
    .writer(&verifier)
    .unwrap();
    let global = request(Some(KeyScope::Global), None, Some(vec![w.sandbox]));
    assert!(matches!(
        writer.create(&mut conn, global).await,
        Err(Error::CannotGrant(what)) if what.contains("bound to one subaccount")
    ));
    let mut own = request(Some(KeyScope::Subaccount), Some(w.sandbox), None);
    own.permissions = Some(PermissionSet::from_iter([Permission::VehiclesRead]));
    let minted = writer.create(&mut conn, own).await.unwrap();
    assert_eq!(minted.view.key.mode, KeyMode::Test);
    assert_eq!(
        minted.view.key.created_by,
        Some(format!("api_key:{}", bound.id()))
    );
    let mut wider = request(Some(KeyScope::Subaccount), Some(w.sandbox), None);
    wider.permissions = Some(PermissionSet::from_iter([Permission::RidesWrite]));
    assert!(matches!(
        writer.create(&mut conn, wider).await,
        Err(Error::CannotGrant(_))
    ));
}

#[tokio::test]
async fn each_change_commits_and_invalidates_the_cache_itself() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let verifier = verifier(&w);
    let now = OffsetDateTime::now_utc();
    let target = create(
        &mut conn,
        &w,
        new_key(KeyMode::Live, KeyScope::Global, vec![]),
    )
    .await;
    verifier.verify(&target.secret, LOCAL, now).await.unwrap();

    // Disabled through the use case: the very next verification sees it, with no manual
    // invalidation (the cache TTL is 30 s).
    let admin = operator(&w, Role::Admin);
    let writer = Caller::Operator(&admin).writer(&verifier).unwrap();
    let off = KeyChanges {
        active: Some(false),
        ..KeyChanges::default()
    };
    let view = writer.update(&mut conn, target.key.id, off).await.unwrap();
    assert!(!view.key.active);
    assert!(matches!(
        verifier.verify(&target.secret, LOCAL, now).await,
        Err(Error::DisabledKey)
    ));
    let on = KeyChanges {
        active: Some(true),
        ..KeyChanges::default()
    };
    writer.update(&mut conn, target.key.id, on).await.unwrap();
    verifier.verify(&target.secret, LOCAL, now).await.unwrap();

    let rotated = writer
        .regenerate(&mut conn, target.key.id, Some(Duration::minutes(5)))
        .await
        .unwrap();
    assert!(
        verifier
            .verify(&target.secret, LOCAL, now)
            .await
            .unwrap()
            .via_grace
    );
    verifier.verify(&rotated.secret, LOCAL, now).await.unwrap();
    assert!(matches!(
        writer
            .regenerate(&mut conn, target.key.id, Some(Duration::hours(25)))
            .await,
        Err(Error::Invalid {
            field: "grace_period_seconds",
            ..
        })
    ));

    let revoked = writer.revoke(&mut conn, target.key.id).await.unwrap();
    assert!(revoked.key.revoked_at.is_some());
    assert!(matches!(
        verifier.verify(&rotated.secret, LOCAL, now).await,
        Err(Error::RevokedKey)
    ));
    assert!(matches!(
        writer.revoke(&mut conn, target.key.id).await,
        Err(Error::AlreadyRevoked(_))
    ));
    // Deleting a revoked key is allowed; afterwards it is gone for every use case.
    writer.delete(&mut conn, target.key.id).await.unwrap();
    assert!(matches!(
        writer.delete(&mut conn, target.key.id).await,
        Err(Error::NotFound(_))
    ));
    let reader = Caller::Operator(&admin).reader().unwrap();
    assert!(matches!(
        reader.get(&mut conn, target.key.id).await,
        Err(Error::NotFound(_))
    ));
}

#[tokio::test]
async fn a_key_touches_only_keys_in_reach_holding_nothing_more() {
    let w = world().await;
    let mut conn = w.pool.get().await.unwrap();
    let verifier = verifier(&w);
    let mut strong = new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live]);
    strong.permissions = Some(PermissionSet::from_iter([
        Permission::VehiclesRead,
        Permission::RidesWrite,
    ]));
    let strong = create(&mut conn, &w, strong).await;
    let elsewhere = create(
        &mut conn,
        &w,
        new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live2]),
    )
    .await;
    let mut weak = new_key(KeyMode::Live, KeyScope::Subaccount, vec![w.live]);
    weak.permissions = Some(PermissionSet::from_iter([Permission::VehiclesRead]));
    let weak = create(&mut conn, &w, weak).await;

    let caller_key = key_caller(
        &w,
        KeyMode::Live,
        KeyScope::Subaccount,
        vec![w.live],
        &[Permission::KeysWrite, Permission::VehiclesRead],
    )
    .await;
    let principal = caller_key.principal(None).unwrap();
    let writer = Caller::Key {
        principal: &principal,
        key: &caller_key,
    }
    .writer(&verifier)
    .unwrap();

    // Out of reach: "not found", and nothing changed.
    assert!(matches!(
        writer.delete(&mut conn, elsewhere.key.id).await,
        Err(Error::NotFound(_))
    ));
    // Holding a permission the caller lacks: refused, and nothing changed.
    assert!(matches!(
        writer.revoke(&mut conn, strong.key.id).await,
        Err(Error::CannotGrant(_))
    ));
    let admin = operator(&w, Role::Viewer);
    let reader = Caller::Operator(&admin).reader().unwrap();
    for id in [elsewhere.key.id, strong.key.id] {
        let view = reader.get(&mut conn, id).await.unwrap();
        assert_eq!(
            view.key.status(OffsetDateTime::now_utc()),
            KeyStatus::Active
        );
    }
    // Granting beyond its own permissions on update: refused.
    let grant = KeyChanges {
        permissions: Some(PermissionSet::from_iter([Permission::RidesWrite])),
        ..KeyChanges::default()
    };
    assert!(matches!(
        writer.update(&mut conn, weak.key.id, grant).await,
        Err(Error::CannotGrant(_))
    ));
    writer.delete(&mut conn, weak.key.id).await.unwrap();
    assert!(matches!(
        reader.get(&mut conn, weak.key.id).await,
        Err(Error::NotFound(_))
    ));
}
