//! Key lifecycle through the verifier's cache (SPEC §2): every change is made by the keys
//! service on its own database connection (as another process would), announced with
//! `NOTIFY`, and must be felt although the key was cached by an earlier request.
//!
//! SPEC §2: "Changes take effect on every gateway instance within 1 second." The notice is
//! asynchronous, so the very next request may still be answered from the cache (observed in
//! practice); each check therefore polls for at most 1 s, then requires the outcome to stay.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use serde_json::json;

use common::{eventually, Reply, Seed, TestApp};

/// One successful request, after which the key is served from the cache.
async fn warm(app: &TestApp, seed: &Seed) {
    let reply = app.me(&seed.secret).await;
    assert_eq!(reply.ok()["key"]["id"], json!(seed.key.id.to_string()));
    assert!(
        app.state().verifier.is_cached(&seed.secret),
        "the key should be cached after a successful request"
    );
}

/// The first answer with `status` to `GET /me` with `secret`, within 1 s of the change
/// (SPEC §2; times `TEST_TIME_SLACK`).
async fn within_a_second(app: &TestApp, secret: &str, status: u16) -> Reply {
    eventually(testkit::scaled(Duration::from_secs(1)), || async {
        let reply = app.me(secret).await;
        (reply.status.as_u16() == status).then_some(reply)
    })
    .await
    .unwrap_or_else(|| {
        panic!(
            "the change was not in effect 1 s later (no {status}; cached: {})",
            app.state().verifier.is_cached(secret)
        )
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoke_is_felt_within_a_second_of_a_cached_key() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    warm(&app, &seed).await;

    let revoked = keys::service::revoke_key(&mut *app.conn().await, seed.tenant.id, seed.key.id)
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    within_a_second(&app, &seed.secret, 401)
        .await
        .unauthorized("revoked_api_key");
    app.me(&seed.secret).await.unauthorized("revoked_api_key");

    // Revoked is final: it stays listed for the audit trail and cannot change again.
    let mut conn = app.conn().await;
    let listed = keys::service::list_keys(&mut conn, seed.tenant.id)
        .await
        .unwrap();
    let row = listed
        .iter()
        .find(|k| k.id == seed.key.id)
        .expect("still listed");
    assert!(row.revoked_at.is_some());
    assert!(matches!(
        keys::service::set_active(&mut conn, seed.tenant.id, seed.key.id, true).await,
        Err(keys::Error::AlreadyRevoked(_))
    ));
    assert!(matches!(
        keys::service::regenerate_key(&mut conn, seed.tenant.id, seed.key.id, None).await,
        Err(keys::Error::AlreadyRevoked(_))
    ));
    drop(conn);
    app.me(&seed.secret).await.unauthorized("revoked_api_key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disable_is_felt_within_a_second_and_enable_restores() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    warm(&app, &seed).await;

    keys::service::set_active(&mut *app.conn().await, seed.tenant.id, seed.key.id, false)
        .await
        .unwrap();
    within_a_second(&app, &seed.secret, 401)
        .await
        .unauthorized("disabled_api_key");
    app.me(&seed.secret).await.unauthorized("disabled_api_key");

    keys::service::set_active(&mut *app.conn().await, seed.tenant.id, seed.key.id, true)
        .await
        .unwrap();
    let reply = within_a_second(&app, &seed.secret, 200).await;
    assert_eq!(reply.ok()["key"]["status"], json!("active"));
    app.me(&seed.secret).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regenerate_without_grace_kills_the_old_secret_at_once() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    warm(&app, &seed).await;

    let fresh =
        keys::service::regenerate_key(&mut *app.conn().await, seed.tenant.id, seed.key.id, None)
            .await
            .unwrap();
    assert_ne!(fresh.secret, seed.secret);
    assert!(fresh.secret.starts_with("lf_pk_") && fresh.secret.len() == 38);
    assert_eq!(fresh.key.id, seed.key.id);
    assert_eq!(fresh.key.prefix, fresh.secret[..12]);
    assert!(fresh.key.previous_key_hash.is_none());

    within_a_second(&app, &seed.secret, 401)
        .await
        .unauthorized("invalid_api_key");
    let reply = app.me(&fresh.secret).await;
    let me = reply.ok();
    assert_eq!(me["key"]["id"], json!(seed.key.id.to_string()));
    assert_eq!(me["key"]["prefix"], json!(&fresh.secret[..12]));
    // Still dead after the new secret was cached.
    app.me(&seed.secret).await.unauthorized("invalid_api_key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regenerate_with_grace_keeps_both_secrets_until_the_deadline() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    warm(&app, &seed).await;

    let mut conn = app.conn().await;
    assert!(matches!(
        keys::service::regenerate_key(
            &mut conn,
            seed.tenant.id,
            seed.key.id,
            Some(time::Duration::hours(25)),
        )
        .await,
        Err(keys::Error::Invalid {
            field: "grace_period_seconds",
            ..
        })
    ));
    let fresh = keys::service::regenerate_key(
        &mut conn,
        seed.tenant.id,
        seed.key.id,
        Some(time::Duration::seconds(60)),
    )
    .await
    .unwrap();
    drop(conn);
    assert_ne!(fresh.secret, seed.secret);

    // The old secret never stops working; within 1 s it shows the rotated key.
    let new_prefix = json!(&fresh.secret[..12]);
    eventually(testkit::scaled(Duration::from_secs(1)), || async {
        let reply = app.me(&seed.secret).await;
        let me = reply.ok();
        assert_eq!(me["key"]["id"], json!(seed.key.id.to_string()));
        (me["key"]["prefix"] == new_prefix).then_some(())
    })
    .await
    .expect("the old secret still shows the old prefix 1 s after the rotation");
    for secret in [&fresh.secret, &seed.secret, &fresh.secret, &seed.secret] {
        let reply = app.me(secret).await;
        let me = reply.ok();
        assert_eq!(me["key"]["id"], json!(seed.key.id.to_string()));
        assert_eq!(me["key"]["prefix"], new_prefix);
    }

    // A second rotation without grace ends the first one's grace too.
    let newest =
        keys::service::regenerate_key(&mut *app.conn().await, seed.tenant.id, seed.key.id, None)
            .await
            .unwrap();
    within_a_second(&app, &seed.secret, 401)
        .await
        .unauthorized("invalid_api_key");
    within_a_second(&app, &fresh.secret, 401)
        .await
        .unauthorized("invalid_api_key");
    app.me(&seed.secret).await.unauthorized("invalid_api_key");
    app.me(&newest.secret).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_secret_dies_when_the_grace_period_ends() {
    let app = TestApp::spawn().await;
    // Polled for seconds: a plan whose per-minute limit polling cannot reach.
    let seed = app.seed_on(fleet_domain::Plan::Enterprise).await;
    warm(&app, &seed).await;

    let fresh = keys::service::regenerate_key(
        &mut *app.conn().await,
        seed.tenant.id,
        seed.key.id,
        Some(time::Duration::seconds(3)),
    )
    .await
    .unwrap();
    app.me(&fresh.secret).await.ok();
    // Within 1 s the rotated entry (holding both hashes) is what the cache serves.
    let new_prefix = json!(&fresh.secret[..12]);
    eventually(testkit::scaled(Duration::from_secs(1)), || async {
        let reply = app.me(&seed.secret).await;
        let rotated = reply.ok()["key"]["prefix"] == new_prefix;
        (rotated && app.state().verifier.is_cached(&seed.secret)).then_some(())
    })
    .await
    .expect("the rotated key is not served from the cache");
    let after = eventually(Duration::from_secs(10), || async {
        let reply = app.me(&seed.secret).await;
        (reply.status.as_u16() != 200).then_some(reply)
    })
    .await
    .expect("the old secret outlived its grace period");
    after.unauthorized("invalid_api_key");
    app.me(&fresh.secret).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_is_felt_within_a_second_and_unlists_the_key() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (other, other_secret) = app.create_key(seed.tenant.id, common::live_key()).await;
    warm(&app, &seed).await;

    keys::service::delete_key(&mut *app.conn().await, seed.tenant.id, seed.key.id)
        .await
        .unwrap();
    within_a_second(&app, &seed.secret, 401)
        .await
        .unauthorized("invalid_api_key");

    let mut conn = app.conn().await;
    let listed = keys::service::list_keys(&mut conn, seed.tenant.id)
        .await
        .unwrap();
    let ids: Vec<_> = listed.iter().map(|k| k.id).collect();
    assert_eq!(ids, vec![other.id]);
    assert!(matches!(
        keys::service::get_key(&mut conn, seed.tenant.id, seed.key.id).await,
        Err(keys::Error::NotFound(_))
    ));
    drop(conn);
    app.me(&seed.secret).await.unauthorized("invalid_api_key");
    // The tenant's other key is untouched.
    app.me(&other_secret).await.ok();
}

/// A deleted key is gone: deleting it again is `NotFound` (404 through the API), like
/// reading it, and does not rewrite its deletion time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_deleted_key_is_not_found() {
    use diesel::{ExpressionMethods, QueryDsl};
    use diesel_async::RunQueryDsl;

    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut conn = app.conn().await;
    keys::service::delete_key(&mut conn, seed.tenant.id, seed.key.id)
        .await
        .unwrap();
    let deleted_at = || {
        use db::schema::api_keys::dsl;
        dsl::api_keys
            .filter(dsl::id.eq(seed.key.id.0))
            .select(dsl::deleted_at)
    };
    let first: Option<time::OffsetDateTime> = deleted_at().first(&mut *conn).await.unwrap();
    assert!(first.is_some());
    let again = keys::service::delete_key(&mut conn, seed.tenant.id, seed.key.id).await;
    let second: Option<time::OffsetDateTime> = deleted_at().first(&mut *conn).await.unwrap();
    assert_eq!(second, first, "a second delete rewrote deleted_at");
    assert!(
        matches!(again, Err(keys::Error::NotFound(_))),
        "deleting a deleted key answered {again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_one_key_leave_other_cached_keys_alone() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, other_secret) = app.create_key(seed.tenant.id, common::live_key()).await;
    warm(&app, &seed).await;
    app.me(&other_secret).await.ok();
    assert!(app.state().verifier.is_cached(&other_secret));

    keys::service::revoke_key(&mut *app.conn().await, seed.tenant.id, seed.key.id)
        .await
        .unwrap();
    within_a_second(&app, &seed.secret, 401)
        .await
        .unauthorized("revoked_api_key");
    app.me(&other_secret).await.ok();
}
