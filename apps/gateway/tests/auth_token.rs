//! `POST /auth/token`: a signed token works like its key, expires, dies with its key, and
//! cannot be minted from a disabled key (nor from another token).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::Method;
use serde_json::json;
use time::{Duration, OffsetDateTime};

use common::{live_key, Reply, TestApp, ME};
use fleet_domain::{Permission, PermissionSet};

const TOKEN: &str = "/api/partner/v1/auth/token";

async fn mint(app: &TestApp, key: &str, body: Option<serde_json::Value>) -> Reply {
    let mut req = app
        .request(Method::POST, TOKEN)
        .header("X-Partner-Api-Key", key);
    if let Some(body) = body {
        req = req.json(&body);
    }
    app.send(req).await
}

async fn token_of(app: &TestApp, key: &str) -> String {
    mint(app, key, None).await.ok()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Waits up to `secs` for the token to be refused on `GET /me`, then checks the reason.
async fn refused_soon(app: &TestApp, token: &str, secs: u64, reason: &str) {
    common::eventually(std::time::Duration::from_secs(secs), || async {
        (with_bearer(app, token, ME).await.status == 401).then_some(())
    })
    .await
    .unwrap();
    with_bearer(app, token, ME).await.unauthorized(reason);
}

async fn with_bearer(app: &TestApp, token: &str, path: &str) -> Reply {
    app.send(app.request(Method::GET, path).bearer_auth(token))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_works_like_its_key() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let second = app.create_subaccount(seed.tenant.id, false).await;
    let (key, secret) = app
        .create_key(
            seed.tenant.id,
            keys::NewKey {
                permissions: Some(
                    [Permission::KeysRead, Permission::VehiclesRead]
                        .into_iter()
                        .collect::<PermissionSet>(),
                ),
                ..live_key()
            },
        )
        .await;
    let reply = mint(&app, &secret, None).await;
    let data = reply.ok();
    let token = data["token"].as_str().unwrap().to_owned();
    assert_eq!(data["token_type"], "Bearer");
    assert_eq!(data["expires_in"], 900);
    assert_eq!(data["api_key_id"], key.id.to_string());
    assert_eq!(token.split('.').count(), 3);
    assert!(!token.contains(&secret));

    let via_key = app.me(&secret).await;
    let via_token = with_bearer(&app, &token, ME).await;
    assert_eq!(via_token.ok()["key"], via_key.ok()["key"]);
    assert_eq!(via_token.ok()["subaccounts"], via_key.ok()["subaccounts"]);
    // Same permission checks: keys:read yes, analytics:read no.
    with_bearer(&app, &token, "/api/partner/v1/api-keys")
        .await
        .ok();
    with_bearer(&app, &token, "/api/partner/v1/analytics/rides")
        .await
        .forbidden("missing_permission");
    // Same rate-limit bucket as the key.
    assert!(via_token.header("x-ratelimit-remaining").is_some());
    // Accepted in the key header too.
    assert_eq!(app.me(&token).await.ok()["key"]["id"], key.id.to_string());

    // Minted for one subaccount, it reaches only that one.
    let narrowed = app
        .send(
            app.request(Method::POST, TOKEN)
                .header("X-Partner-Api-Key", &secret)
                .header("X-Subaccount-Id", second.id.to_string()),
        )
        .await;
    let narrow_token = narrowed.ok()["token"].as_str().unwrap().to_owned();
    let me = with_bearer(&app, &narrow_token, ME).await;
    assert_eq!(common::subaccount_ids(me.ok()), vec![second.id.to_string()]);
    let elsewhere = app
        .send(
            app.request(Method::GET, ME)
                .bearer_auth(&narrow_token)
                .header("X-Subaccount-Id", seed.subaccount.id.to_string()),
        )
        .await;
    elsewhere.forbidden("subaccount_not_allowed");

    // A token cannot mint another token; lifetimes are bounded.
    let again = app
        .send(app.request(Method::POST, TOKEN).bearer_auth(&token))
        .await;
    again.forbidden("api_key_required");
    let short = mint(&app, &secret, Some(json!({"ttl_seconds": 60}))).await;
    assert_eq!(short.ok()["expires_in"], 60);
    for ttl in [59, 3601] {
        let reply = mint(&app, &secret, Some(json!({"ttl_seconds": ttl}))).await;
        assert_eq!(
            reply.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
            "ttl_seconds"
        );
    }
    // Forged or garbled tokens.
    let mut parts: Vec<&str> = token.split('.').collect();
    let other_sig = "c2lnbmF0dXJlLW9mLWFub3RoZXItc2VjcmV0";
    parts[2] = other_sig;
    with_bearer(&app, &parts.join("."), ME)
        .await
        .unauthorized("invalid_token");
    with_bearer(&app, "eyJhbGciOiJIUzI1NiJ9.e30.x", ME)
        .await
        .unauthorized("invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_expires() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let verified = app.verify(&seed.secret).await;
    let key = &verified.entry.key;
    let signer = &app.state().tokens;
    // Minted (with the server's secret) by a clock 20 minutes behind: expired 5 minutes ago.
    let past = OffsetDateTime::now_utc() - Duration::minutes(20);
    let claims = keys::tokens::TokenSigner::claims_for(
        key,
        &verified.entry.subaccounts,
        &key.key_hash,
        past,
        Duration::minutes(15),
    );
    let stale = signer.sign(&claims).unwrap();
    with_bearer(&app, &stale, ME)
        .await
        .unauthorized("expired_token");
    // The same claims minted now are accepted, so only the time differs.
    let now = OffsetDateTime::now_utc();
    let fresh = keys::tokens::TokenSigner::claims_for(
        key,
        &verified.entry.subaccounts,
        &key.key_hash,
        now,
        Duration::minutes(15),
    );
    with_bearer(&app, &signer.sign(&fresh).unwrap(), ME)
        .await
        .ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_dies_with_its_key() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let tenant = seed.tenant.id;

    // Disabled, then enabled again: the token follows the key.
    let token = token_of(&app, &seed.secret).await;
    keys::service::set_active(&mut *app.conn().await, tenant, seed.key.id, false)
        .await
        .unwrap();
    refused_soon(&app, &token, 5, "disabled_api_key").await;
    // A disabled key cannot mint one.
    mint(&app, &seed.secret, None)
        .await
        .unauthorized("disabled_api_key");
    keys::service::set_active(&mut *app.conn().await, tenant, seed.key.id, true)
        .await
        .unwrap();
    common::eventually(std::time::Duration::from_secs(5), || async {
        (with_bearer(&app, &token, ME).await.status == 200).then_some(())
    })
    .await
    .expect("enabled again");

    // Regenerated without grace: tokens of the old secret die, new ones work.
    let regenerated =
        keys::service::regenerate_key(&mut *app.conn().await, tenant, seed.key.id, None)
            .await
            .unwrap();
    refused_soon(&app, &token, 5, "invalid_token").await;
    let token = token_of(&app, &regenerated.secret).await;
    with_bearer(&app, &token, ME).await.ok();

    // Regenerated with a grace period: tokens of the old secret live as long as it does,
    // and the old secret can still mint them during the grace.
    let graced = keys::service::regenerate_key(
        &mut *app.conn().await,
        tenant,
        seed.key.id,
        Some(Duration::minutes(10)),
    )
    .await
    .unwrap();
    let old_token = token;
    let from_old_secret = token_of(&app, &regenerated.secret).await;
    for t in [&old_token, &from_old_secret] {
        with_bearer(&app, t, ME).await.ok();
    }
    let token = token_of(&app, &graced.secret).await;
    with_bearer(&app, &token, ME).await.ok();

    // Revoked: every token of the key dies, whichever secret minted it.
    keys::service::revoke_key(&mut *app.conn().await, tenant, seed.key.id)
        .await
        .unwrap();
    refused_soon(&app, &token, 5, "revoked_api_key").await;
    // Revocation also ends the grace period, so a token of the old secret no longer matches
    // its key at all.
    with_bearer(&app, &from_old_secret, ME)
        .await
        .unauthorized("invalid_token");

    // Deleted.
    let (other, other_secret) = app.create_key(tenant, live_key()).await;
    let token = token_of(&app, &other_secret).await;
    with_bearer(&app, &token, ME).await.ok();
    keys::service::delete_key(&mut *app.conn().await, tenant, other.id)
        .await
        .unwrap();
    refused_soon(&app, &token, 5, "invalid_token").await;

    // Expired key.
    let (_, expiring) = app
        .create_key(
            tenant,
            keys::NewKey {
                expires_at: Some(OffsetDateTime::now_utc() + Duration::seconds(2)),
                ..live_key()
            },
        )
        .await;
    let token = token_of(&app, &expiring).await;
    refused_soon(&app, &token, 10, "expired_api_key").await;
}
