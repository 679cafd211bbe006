//! Authentication through the real HTTP stack: every 401 and 403 reason of SPEC §3, both key
//! headers, IP allow-lists, tenant status and `X-Subaccount-Id`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::json;
use time::OffsetDateTime;

use common::{eventually, live_key, Reply, TestApp, ME};
use fleet_domain::{Permission, PermissionSet, Plan, TenantStatus};
use keys::NewKey;

/// `GET /me` once with `X-Partner-Api-Key` and once with `Authorization: Bearer`.
async fn both_ways(app: &TestApp, key: &str) -> [Reply; 2] {
    let via_header = app.me(key).await;
    let via_bearer = app
        .send(
            app.request(Method::GET, ME)
                .header("Authorization", format!("Bearer {key}")),
        )
        .await;
    [via_header, via_bearer]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn valid_key_works_with_either_header() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    for reply in both_ways(&app, &seed.secret).await {
        let data = reply.ok();
        assert_eq!(data["key"]["id"], json!(seed.key.id.to_string()));
        assert_eq!(data["key"]["prefix"], json!(&seed.secret[..12]));
        assert_eq!(data["key"]["mode"], json!("live"));
        assert_eq!(data["key"]["status"], json!("active"));
        assert_eq!(
            data["key"]["permissions"],
            json!(PermissionSet::defaults().to_strings())
        );
        assert_eq!(data["tenant"]["id"], json!(seed.tenant.id.to_string()));
        assert_eq!(data["tenant"]["plan"], json!("trial"));
        assert_eq!(data["tenant"]["max_api_keys"], json!(50));
        assert_eq!(
            data["rate_limits"],
            json!({"per_minute": 60, "per_hour": 1000, "per_day": 10000})
        );
        // The secret is shown once, at creation; never again.
        assert!(!reply.text.contains(&seed.secret), "{}", reply.text);
        assert!(!reply.text.contains(&seed.key.key_hash), "{}", reply.text);
    }
    // Lower-case scheme and surrounding whitespace are accepted too.
    let reply = app
        .send(
            app.request(Method::GET, ME)
                .header("Authorization", format!("bearer  {} ", seed.secret)),
        )
        .await;
    reply.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_key_is_401_missing_api_key() {
    let app = TestApp::spawn().await;
    app.get(ME).await.unauthorized("missing_api_key");
    app.send(app.request(Method::GET, ME).header("X-Partner-Api-Key", ""))
        .await
        .unauthorized("missing_api_key");
    app.send(
        app.request(Method::GET, ME)
            .header("X-Partner-Api-Key", "   "),
    )
    .await
    .unauthorized("missing_api_key");
}

/// `Authorization: Bearer` with no token presents no key. (HTTP strips the trailing space
/// of `Bearer `, so the server sees the bare scheme.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_without_token_is_401_missing_api_key() {
    let app = TestApp::spawn().await;
    for value in ["Bearer ", "Bearer", "bearer   "] {
        app.send(app.request(Method::GET, ME).header("Authorization", value))
            .await
            .unauthorized("missing_api_key");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_unknown_keys_are_401_invalid_api_key() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let unknown_live = format!("lf_pk_{}", "A1b2C3d4".repeat(4));
    let unknown_test = format!("lf_tk_{}", "Z9y8X7w6".repeat(4));
    let malformed = [
        "not-a-key".to_owned(),
        "lf_pk_short".to_owned(),
        format!("lf_xx_{}", "a".repeat(32)),
        format!("{}x", seed.secret),          // one character too many
        seed.secret[..37].to_owned(),         // one too few
        format!("lf_pk_{}!", "a".repeat(31)), // outside the alphabet
    ];
    for key in malformed.iter().chain([&unknown_live, &unknown_test]) {
        for reply in both_ways(&app, key).await {
            reply.unauthorized("invalid_api_key");
        }
    }
    // A real key with one character changed is just unknown.
    let mut tampered = seed.secret.clone().into_bytes();
    tampered[20] = if tampered[20] == b'a' { b'b' } else { b'a' };
    app.me(&String::from_utf8(tampered).unwrap())
        .await
        .unauthorized("invalid_api_key");
    // The genuine key still works (fewer than 20 failures so far from this IP).
    app.me(&seed.secret).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_key_is_401_revoked_api_key() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let revoked = keys::service::revoke_key(&mut *app.conn().await, seed.tenant.id, seed.key.id)
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    for reply in both_ways(&app, &seed.secret).await {
        reply.unauthorized("revoked_api_key");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabled_key_is_401_disabled_api_key() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    keys::service::set_active(&mut *app.conn().await, seed.tenant.id, seed.key.id, false)
        .await
        .unwrap();
    for reply in both_ways(&app, &seed.secret).await {
        reply.unauthorized("disabled_api_key");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_past_expires_at_is_401_expired_api_key() {
    let app = TestApp::spawn().await;
    // Polled for seconds: a plan whose per-minute limit polling cannot reach.
    let tenant = app.create_tenant(Plan::Enterprise).await;
    app.create_subaccount(tenant.id, false).await;

    // A key that expires while it sits in the verifier's cache.
    let expires_at = OffsetDateTime::now_utc() + time::Duration::seconds(2);
    let (_, secret) = app
        .create_key(
            tenant.id,
            NewKey {
                expires_at: Some(expires_at),
                ..live_key()
            },
        )
        .await;
    let data = app.me(&secret).await;
    assert_eq!(data.ok()["key"]["status"], json!("active"));
    assert!(app.state().verifier.is_cached(&secret));
    let expired = eventually(Duration::from_secs(10), || async {
        let reply = app.me(&secret).await;
        (reply.status.as_u16() != 200).then_some(reply)
    })
    .await
    .expect("the key never expired");
    assert!(OffsetDateTime::now_utc() >= expires_at);
    expired.unauthorized("expired_api_key");

    // A key whose expires_at is already past when first presented (never cached).
    let (key, secret) = app
        .create_key(
            tenant.id,
            NewKey {
                expires_at: Some(OffsetDateTime::now_utc() + time::Duration::hours(1)),
                ..live_key()
            },
        )
        .await;
    {
        use db::schema::api_keys::dsl;
        let mut conn = app.conn().await;
        let n = diesel::update(dsl::api_keys.filter(dsl::id.eq(key.id.0)))
            .set(dsl::expires_at.eq(OffsetDateTime::now_utc() - time::Duration::minutes(1)))
            .execute(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 1);
    }
    assert!(!app.state().verifier.is_cached(&secret));
    for reply in both_ways(&app, &secret).await {
        reply.unauthorized("expired_api_key");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_wins_over_disabled_and_expired() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut conn = app.conn().await;
    keys::service::set_active(&mut conn, seed.tenant.id, seed.key.id, false)
        .await
        .unwrap();
    keys::service::revoke_key(&mut conn, seed.tenant.id, seed.key.id)
        .await
        .unwrap();
    drop(conn);
    app.me(&seed.secret).await.unauthorized("revoked_api_key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ip_allow_list_is_enforced() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Trial).await;
    app.create_subaccount(tenant.id, false).await;

    let (_, elsewhere) = app
        .create_key(
            tenant.id,
            NewKey {
                allowed_ips: vec!["203.0.113.7".into(), "2001:db8::/32".into()],
                ..live_key()
            },
        )
        .await;
    for reply in both_ways(&app, &elsewhere).await {
        let error = reply.forbidden("ip_not_allowed");
        // The allow-list itself is not disclosed.
        assert!(!reply.text.contains("203.0.113.7"), "{}", reply.text);
        assert!(error["message"].as_str().is_some());
    }

    for allowed in [
        vec!["127.0.0.0/8".to_owned()],
        vec!["127.0.0.1".to_owned()],
        vec!["203.0.113.7".to_owned(), "127.0.0.1/32".to_owned()],
        vec!["::ffff:127.0.0.1".to_owned()],
    ] {
        let (key, secret) = app
            .create_key(
                tenant.id,
                NewKey {
                    allowed_ips: allowed.clone(),
                    ..live_key()
                },
            )
            .await;
        let reply = app.me(&secret).await;
        let data = reply.ok();
        assert_eq!(data["key"]["id"], json!(key.id.to_string()), "{allowed:?}");
        assert!(data["key"]["allowed_ips"].is_array());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inactive_tenant_is_403_tenant_inactive() {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(Plan::Enterprise).await;
    let (_, never_used) = app.create_key(seed.tenant.id, live_key()).await;
    // Cached first: the status change must reach the cached entry.
    app.me(&seed.secret).await.ok();
    assert!(app.state().verifier.is_cached(&seed.secret));

    for status in [TenantStatus::Suspended, TenantStatus::Archived] {
        keys::service::set_tenant_status(&mut *app.conn().await, seed.tenant.id, status)
            .await
            .unwrap();
        let reply = eventually(testkit::scaled(Duration::from_secs(1)), || async {
            let reply = app.me(&seed.secret).await;
            (reply.status.as_u16() == 403).then_some(reply)
        })
        .await
        .unwrap_or_else(|| panic!("{status:?} tenant still admitted after 1 s"));
        reply.forbidden("tenant_inactive");
        app.send(
            app.request(Method::GET, ME)
                .header("Authorization", format!("Bearer {}", seed.secret)),
        )
        .await
        .forbidden("tenant_inactive");
    }

    // A key never used before (not cached) is refused the same way.
    keys::service::set_tenant_status(
        &mut *app.conn().await,
        seed.tenant.id,
        TenantStatus::Suspended,
    )
    .await
    .unwrap();
    app.me(&never_used).await.forbidden("tenant_inactive");

    keys::service::set_tenant_status(&mut *app.conn().await, seed.tenant.id, TenantStatus::Active)
        .await
        .unwrap();
    let back = eventually(testkit::scaled(Duration::from_secs(1)), || async {
        let reply = app.me(&seed.secret).await;
        (reply.status.as_u16() == 200).then_some(reply)
    })
    .await
    .expect("reactivated tenant still refused after 1 s");
    back.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subaccount_outside_the_key_is_403_subaccount_not_allowed() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Trial).await;
    let mine = app.create_subaccount(tenant.id, false).await;
    let other_of_mine = app.create_subaccount(tenant.id, false).await;
    let foreign_tenant = app.create_tenant(Plan::Trial).await;
    let foreign = app.create_subaccount(foreign_tenant.id, false).await;

    let (_, listed) = app
        .create_key(
            tenant.id,
            NewKey {
                subaccount_ids: vec![mine.id],
                ..live_key()
            },
        )
        .await;
    let (_, global_all) = app.create_key(tenant.id, live_key()).await;

    // Inside the list: fine.
    let data = app.me_in(&listed, &mine.id.to_string()).await;
    assert_eq!(common::subaccount_ids(data.ok()), vec![mine.id.to_string()]);

    // Same tenant, outside the key's list.
    let reply = app.me_in(&listed, &other_of_mine.id.to_string()).await;
    reply.forbidden("subaccount_not_allowed");

    // Another tenant's subaccount, and an id that exists nowhere: indistinguishable.
    let nowhere = uuid::Uuid::now_v7().to_string();
    for key in [&listed, &global_all] {
        let a = app.me_in(key, &foreign.id.to_string()).await;
        let b = app.me_in(key, &nowhere).await;
        let ea = a.forbidden("subaccount_not_allowed").clone();
        let eb = b.forbidden("subaccount_not_allowed").clone();
        assert_eq!(ea["message"], eb["message"]);
        let keys_a: Vec<_> = ea["details"].as_object().unwrap().keys().collect();
        let keys_b: Vec<_> = eb["details"].as_object().unwrap().keys().collect();
        assert_eq!(keys_a, keys_b);
        for reply in [&a, &b] {
            assert!(!reply.text.contains(&foreign_tenant.id.to_string()));
            assert!(!reply.text.contains(&foreign_tenant.name));
            assert!(!reply.text.contains(&foreign.name));
        }
    }

    // A header that is not a UUID is a validation error naming the header.
    let reply = app.me_in(&global_all, "not-a-uuid").await;
    let error = reply.error(400, "VALIDATION_ERROR");
    assert_eq!(
        error["details"]["fields"][0]["field"],
        json!("X-Subaccount-Id"),
        "{}",
        reply.text
    );
}

/// No partner endpoint requiring a permission exists yet, so `missing_permission` is checked
/// on the principal that authentication builds for a real key, and through the one error
/// mapping every handler uses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_permission_from_the_authenticated_principal() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Trial).await;
    app.create_subaccount(tenant.id, false).await;
    let permissions: PermissionSet = [Permission::KeysRead, Permission::VehiclesRead]
        .into_iter()
        .collect();
    let (_, secret) = app
        .create_key(
            tenant.id,
            NewKey {
                permissions: Some(permissions),
                ..live_key()
            },
        )
        .await;
    let reply = app.me(&secret).await;
    assert_eq!(
        reply.ok()["key"]["permissions"],
        json!(["vehicles:read", "keys:read"])
    );

    let verified = app.verify(&secret).await;
    let principal = verified.principal(None).unwrap();
    assert!(principal.require(Permission::VehiclesRead).is_ok());
    assert!(principal.require(Permission::KeysRead).is_ok());
    let err = principal.require(Permission::VehiclesWrite).unwrap_err();
    assert!(matches!(
        err,
        fleet_domain::Error::MissingPermission(Permission::VehiclesWrite)
    ));
    let gateway::error::HttpError(api) = err.into();
    assert_eq!(api.status(), 403);
    assert_eq!(api.code.as_str(), "FORBIDDEN");
    assert_eq!(
        api.details.get("reason"),
        Some(&json!("missing_permission"))
    );
    assert_eq!(api.details.get("required"), Some(&json!("vehicles:write")));
}
