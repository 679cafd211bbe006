//! Scope (SPEC §1–2): which subaccounts a key reaches, by scope, list, mode and
//! `X-Subaccount-Id`, as `/me` shows and as the principal carries into the domain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use serde_json::json;

use common::{live_key, sorted, subaccount_ids, subaccount_key, test_key, TestApp};
use fleet_domain::{KeyMode, Plan, Subaccount, Tenant};
use keys::NewKey;

struct World {
    tenant: Tenant,
    live: [Subaccount; 2],
    sandbox: [Subaccount; 2],
    foreign_tenant: Tenant,
    foreign_live: Subaccount,
    foreign_sandbox: Subaccount,
}

async fn world(app: &TestApp) -> World {
    let tenant = app.create_tenant(Plan::Professional).await;
    let live = [
        app.create_subaccount(tenant.id, false).await,
        app.create_subaccount(tenant.id, false).await,
    ];
    let sandbox = [
        app.create_subaccount(tenant.id, true).await,
        app.create_subaccount(tenant.id, true).await,
    ];
    let foreign_tenant = app.create_tenant(Plan::Trial).await;
    let foreign_live = app.create_subaccount(foreign_tenant.id, false).await;
    let foreign_sandbox = app.create_subaccount(foreign_tenant.id, true).await;
    World {
        tenant,
        live,
        sandbox,
        foreign_tenant,
        foreign_live,
        foreign_sandbox,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn me_lists_exactly_the_reachable_subaccounts() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let t = w.tenant.id;
    let [l1, l2] = [w.live[0].id, w.live[1].id];
    let [s1, s2] = [w.sandbox[0].id, w.sandbox[1].id];

    // A subaccount-scoped live key sees its one subaccount, in full.
    let (key, secret) = app.create_key(t, subaccount_key(KeyMode::Live, l1)).await;
    let reply = app.me(&secret).await;
    let me = reply.ok();
    assert_eq!(subaccount_ids(me), sorted(&[l1]));
    assert_eq!(me["key"]["scope"], json!("subaccount"));
    assert_eq!(me["key"]["allowed_subaccount_ids"], json!([l1.to_string()]));
    assert_eq!(me["key"]["id"], json!(key.id.to_string()));
    let sub = &me["subaccounts"][0];
    assert_eq!(sub["name"], json!(w.live[0].name));
    assert_eq!(sub["currency"], json!("EUR"));
    assert_eq!(sub["timezone"], json!("Europe/Berlin"));
    assert_eq!(sub["sandbox"], json!(false));

    // A global live key with an empty list: all live subaccounts of its tenant, no sandbox.
    let (_, global_live) = app.create_key(t, live_key()).await;
    let reply = app.me(&global_live).await;
    let me = reply.ok();
    assert_eq!(subaccount_ids(me), sorted(&[l1, l2]));
    assert_eq!(me["key"]["scope"], json!("global"));
    assert_eq!(me["key"]["allowed_subaccount_ids"], json!([]));

    // A global test key with an empty list: only the sandbox ones.
    let (_, global_test) = app.create_key(t, test_key()).await;
    assert!(global_test.starts_with("lf_tk_"));
    let reply = app.me(&global_test).await;
    let me = reply.ok();
    assert_eq!(me["key"]["mode"], json!("test"));
    assert_eq!(subaccount_ids(me), sorted(&[s1, s2]));
    assert!(me["subaccounts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["sandbox"] == json!(true)));

    // A subaccount-scoped test key.
    let (_, sandbox_one) = app.create_key(t, subaccount_key(KeyMode::Test, s2)).await;
    assert_eq!(
        subaccount_ids(app.me(&sandbox_one).await.ok()),
        sorted(&[s2])
    );

    // A global key with an explicit list sees the list only.
    let (_, listed) = app
        .create_key(
            t,
            NewKey {
                subaccount_ids: vec![l2],
                ..live_key()
            },
        )
        .await;
    let reply = app.me(&listed).await;
    let me = reply.ok();
    assert_eq!(subaccount_ids(me), sorted(&[l2]));
    assert_eq!(me["key"]["allowed_subaccount_ids"], json!([l2.to_string()]));

    // X-Subaccount-Id narrows to one.
    assert_eq!(
        subaccount_ids(app.me_in(&global_live, &l2.to_string()).await.ok()),
        sorted(&[l2])
    );
    assert_eq!(
        subaccount_ids(app.me_in(&global_test, &s1.to_string()).await.ok()),
        sorted(&[s1])
    );
    assert_eq!(
        subaccount_ids(app.me_in(&secret, &l1.to_string()).await.ok()),
        sorted(&[l1])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subaccounts_of_the_other_mode_or_tenant_are_not_allowed() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let t = w.tenant.id;
    let (_, global_live) = app.create_key(t, live_key()).await;
    let (_, global_test) = app.create_key(t, test_key()).await;
    let (_, one_live) = app
        .create_key(t, subaccount_key(KeyMode::Live, w.live[0].id))
        .await;

    let cases = [
        // A test key sending a live subaccount id, and the reverse.
        (&global_test, w.live[0].id),
        (&global_live, w.sandbox[0].id),
        // Another tenant's subaccounts, of either mode.
        (&global_live, w.foreign_live.id),
        (&global_test, w.foreign_sandbox.id),
        // A subaccount-scoped key asking for a sibling.
        (&one_live, w.live[1].id),
    ];
    for (key, subaccount) in cases {
        let reply = app.me_in(key, &subaccount.to_string()).await;
        let error = reply.forbidden("subaccount_not_allowed");
        assert_eq!(
            error["details"]["subaccount_id"],
            json!(subaccount.to_string()),
            "{}",
            reply.text
        );
        // Nothing about the other tenant or the subaccount leaks.
        for secret_name in [
            &w.foreign_tenant.name,
            &w.foreign_live.name,
            &w.foreign_sandbox.name,
            &w.live[1].name,
            &w.sandbox[0].name,
        ] {
            assert!(!reply.text.contains(secret_name.as_str()), "{}", reply.text);
        }
        assert!(!reply.text.contains(&w.foreign_tenant.id.to_string()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_cannot_be_bound_to_subaccounts_of_another_mode_or_tenant() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let t = w.tenant.id;
    let refused = [
        (
            "live key on a sandbox subaccount",
            subaccount_key(KeyMode::Live, w.sandbox[0].id),
        ),
        (
            "test key on a live subaccount",
            subaccount_key(KeyMode::Test, w.live[0].id),
        ),
        (
            "live key on another tenant's subaccount",
            subaccount_key(KeyMode::Live, w.foreign_live.id),
        ),
        (
            "test key on another tenant's sandbox",
            subaccount_key(KeyMode::Test, w.foreign_sandbox.id),
        ),
        (
            "global live list with a sandbox subaccount",
            NewKey {
                subaccount_ids: vec![w.live[0].id, w.sandbox[1].id],
                ..live_key()
            },
        ),
        (
            "global live list with another tenant's subaccount",
            NewKey {
                subaccount_ids: vec![w.live[0].id, w.foreign_live.id],
                ..live_key()
            },
        ),
        (
            "a subaccount that does not exist",
            subaccount_key(KeyMode::Live, fleet_domain::SubaccountId::new()),
        ),
        (
            "subaccount scope without a subaccount",
            NewKey {
                scope: keys::KeyScope::Subaccount,
                ..live_key()
            },
        ),
        (
            "subaccount scope with two subaccounts",
            NewKey {
                scope: keys::KeyScope::Subaccount,
                subaccount_ids: vec![w.live[0].id, w.live[1].id],
                ..live_key()
            },
        ),
    ];
    let mut conn = app.conn().await;
    for (what, new) in refused {
        match keys::service::create_key(&mut conn, t, new, None).await {
            Err(keys::Error::Invalid { field, .. }) => {
                assert_eq!(field, "subaccount_ids", "{what}");
            }
            other => panic!("{what}: expected Invalid subaccount_ids, got {other:?}"),
        }
    }
    let listed = keys::service::list_keys(&mut conn, t).await.unwrap();
    assert!(listed.is_empty(), "refused keys were stored: {listed:?}");
    // The same inputs with matching modes are accepted.
    keys::service::create_key(
        &mut conn,
        t,
        subaccount_key(KeyMode::Test, w.sandbox[0].id),
        None,
    )
    .await
    .unwrap();
    keys::service::create_key(
        &mut conn,
        t,
        subaccount_key(KeyMode::Live, w.live[0].id),
        None,
    )
    .await
    .unwrap();
}

/// The principal authentication builds for a request carries the same scope into the
/// domain: the tenant, the reachable subaccounts, the narrowing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_principal_carries_the_scope_into_the_domain() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let (key, secret) = app.create_key(w.tenant.id, live_key()).await;
    let verified = app.verify(&secret).await;
    let principal = verified.principal(None).unwrap();
    assert_eq!(principal.tenant_id(), w.tenant.id);
    assert_eq!(principal.key_id(), Some(key.id));
    assert_eq!(principal.mode, Some(KeyMode::Live));
    assert_eq!(
        sorted(principal.scope.subaccount_ids()),
        sorted(&[w.live[0].id, w.live[1].id])
    );
    assert!(!principal.scope.allows(w.sandbox[0].id));
    assert!(!principal.scope.allows(w.foreign_live.id));

    // A create without X-Subaccount-Id is ambiguous for a key reaching two: 400.
    let err = principal.scope.target_subaccount(None).unwrap_err();
    let gateway::error::HttpError(api) = err.into();
    assert_eq!(api.status(), 400);
    assert_eq!(api.details["fields"][0]["field"], json!("X-Subaccount-Id"));

    let narrowed = verified.principal(Some(w.live[1].id)).unwrap();
    assert_eq!(narrowed.scope.subaccount_ids(), &[w.live[1].id]);
    assert_eq!(
        narrowed.scope.target_subaccount(None).unwrap(),
        w.live[1].id
    );
    for outside in [w.sandbox[0].id, w.foreign_live.id] {
        assert!(matches!(
            verified.principal(Some(outside)),
            Err(keys::Error::SubaccountNotAllowed(id)) if id == outside
        ));
    }
}

/// "empty = all of the tenant's subaccounts of the key's mode": a subaccount created while a
/// global key sits in the verifier's cache is reachable by it (and selectable with
/// `X-Subaccount-Id`) within the 1 s every other change takes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_subaccount_reaches_a_cached_global_key_within_a_second() {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(Plan::Enterprise).await;
    app.me(&seed.secret).await.ok();
    assert!(app.state().verifier.is_cached(&seed.secret));

    let added = app.create_subaccount(seed.tenant.id, false).await;
    let reached = common::eventually(std::time::Duration::from_secs(1), || async {
        let reply = app.me(&seed.secret).await;
        (subaccount_ids(reply.ok()) == sorted(&[seed.subaccount.id, added.id])).then_some(())
    })
    .await;
    assert!(
        reached.is_some(),
        "a subaccount created 1 s ago is still outside the cached global key's scope"
    );
    app.me_in(&seed.secret, &added.id.to_string()).await.ok();
}
