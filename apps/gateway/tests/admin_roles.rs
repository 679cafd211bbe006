//! Management API roles and tenancy: viewers read, admins write, owners manage operators;
//! operators of one tenant see nothing of another. Also the key workflow end to end:
//! create a key, use it, revoke it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_common;
mod common;

use reqwest::Method;
use serde_json::json;

use admin_common::{
    admin, admin_get, admin_patch, admin_post, created, ids, revoke_key, signed_in,
};
use common::TestApp;
use keys::operators::Role;

fn insufficient(reply: &common::Reply, role: &str) {
    let error = reply.forbidden("insufficient_role");
    assert_eq!(error["details"]["required_role"], role, "{}", reply.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewers_read_but_cannot_write() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, viewer) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    let key = seed.key.id;
    for path in [
        "/api-keys".to_owned(),
        format!("/api-keys/{key}"),
        "/subaccounts".to_owned(),
        "/operators".to_owned(),
        "/request-logs".to_owned(),
        "/auth/me".to_owned(),
    ] {
        admin_get(&app, &viewer, &path).await.ok();
    }
    let writes = [
        (
            Method::POST,
            "/api-keys".to_owned(),
            Some(json!({"name": "x"})),
        ),
        (
            Method::PATCH,
            format!("/api-keys/{key}"),
            Some(json!({"name": "y"})),
        ),
        (Method::POST, format!("/api-keys/{key}/revoke"), None),
        (Method::POST, format!("/api-keys/{key}/regenerate"), None),
        (Method::DELETE, format!("/api-keys/{key}"), None),
        (
            Method::POST,
            "/subaccounts".to_owned(),
            Some(json!({"name": "Paris"})),
        ),
        (
            Method::PATCH,
            format!("/subaccounts/{}", seed.subaccount.id),
            Some(json!({"name": "Renamed"})),
        ),
    ];
    for (method, path, body) in writes {
        insufficient(&admin(&app, &viewer, method, &path, body).await, "admin");
    }
    // Nothing changed: the key still works.
    app.me(&seed.secret).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_write_but_only_owners_manage_operators() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, admin_token) = signed_in(&app, seed.tenant.id, Role::Admin).await;
    let (owner, owner_token) = signed_in(&app, seed.tenant.id, Role::Owner).await;

    let sub = admin_post(
        &app,
        &admin_token,
        "/subaccounts",
        json!({"name": "Paris", "currency": "EUR", "timezone": "Europe/Paris"}),
    )
    .await;
    let sub_id = created(&sub)["id"].as_str().unwrap().to_owned();
    let renamed = admin_patch(
        &app,
        &admin_token,
        &format!("/subaccounts/{sub_id}"),
        json!({"name": "Paris Centre", "timezone": "Europe/Berlin"}),
    )
    .await;
    assert_eq!(renamed.ok()["name"], "Paris Centre");
    assert_eq!(renamed.ok()["timezone"], "Europe/Berlin");
    let bad_tz = admin_patch(
        &app,
        &admin_token,
        &format!("/subaccounts/{sub_id}"),
        json!({"timezone": "Mars/Olympus"}),
    )
    .await;
    bad_tz.error(400, "VALIDATION_ERROR");
    for (method, path) in [
        (Method::POST, "/subaccounts".to_owned()),
        (Method::PATCH, format!("/subaccounts/{sub_id}")),
    ] {
        let nul = admin(
            &app,
            &admin_token,
            method,
            &path,
            Some(json!({"name": "Nul", "timezone": "Europe/\u{0}Berlin"})),
        )
        .await;
        assert_eq!(
            nul.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
            "timezone",
            "{}",
            nul.text
        );
    }
    assert_eq!(
        bad_tz.body["error"]["details"]["fields"][0]["field"],
        "timezone"
    );

    let invite = json!({"email": "new@example.com", "name": "New", "role": "viewer"});
    insufficient(
        &admin_post(&app, &admin_token, "/operators", invite.clone()).await,
        "owner",
    );
    insufficient(
        &admin(
            &app,
            &admin_token,
            Method::DELETE,
            &format!("/operators/{}", owner.id),
            None,
        )
        .await,
        "owner",
    );
    // Admins may list operators.
    assert!(ids(&admin_get(&app, &admin_token, "/operators").await).contains(&owner.id.to_string()));

    let invited = admin_post(&app, &owner_token, "/operators", invite.clone()).await;
    let data = created(&invited);
    let password = data["initial_password"].as_str().unwrap().to_owned();
    let invited_id = data["operator"]["id"].as_str().unwrap().to_owned();
    admin_common::login(&app, "new@example.com", &password)
        .await
        .ok();
    let again = admin(&app, &owner_token, Method::POST, "/operators", Some(invite)).await;
    again.error(409, "CONFLICT");

    let removed = admin(
        &app,
        &owner_token,
        Method::DELETE,
        &format!("/operators/{invited_id}"),
        None,
    )
    .await;
    assert_eq!(removed.ok()["deleted"], true);
    admin_common::login(&app, "new@example.com", &password)
        .await
        .unauthorized("invalid_credentials");
    // The last owner stays.
    admin(
        &app,
        &owner_token,
        Method::DELETE,
        &format!("/operators/{}", owner.id),
        None,
    )
    .await
    .error(409, "CONFLICT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_of_one_tenant_cannot_see_another_at_all() {
    let app = TestApp::spawn().await;
    let a = app.seed().await;
    let b = app.seed().await;
    let (_, token_a) = signed_in(&app, a.tenant.id, Role::Owner).await;
    let (op_b, token_b) = signed_in(&app, b.tenant.id, Role::Owner).await;
    // B has some traffic of its own.
    app.me(&b.secret).await.ok();
    admin_get(&app, &token_b, "/api-keys").await.ok();

    assert_eq!(
        ids(&admin_get(&app, &token_a, "/api-keys").await),
        vec![a.key.id.to_string()]
    );
    assert_eq!(
        ids(&admin_get(&app, &token_a, "/subaccounts").await),
        vec![a.subaccount.id.to_string()]
    );
    assert!(!ids(&admin_get(&app, &token_a, "/operators").await).contains(&op_b.id.to_string()));

    let bk = b.key.id;
    let attempts = [
        (Method::GET, format!("/api-keys/{bk}"), None, "api_key_id"),
        (
            Method::PATCH,
            format!("/api-keys/{bk}"),
            Some(json!({"active": false})),
            "api_key_id",
        ),
        (
            Method::POST,
            format!("/api-keys/{bk}/revoke"),
            None,
            "api_key_id",
        ),
        (
            Method::POST,
            format!("/api-keys/{bk}/regenerate"),
            None,
            "api_key_id",
        ),
        (
            Method::DELETE,
            format!("/api-keys/{bk}"),
            None,
            "api_key_id",
        ),
        (
            Method::PATCH,
            format!("/subaccounts/{}", b.subaccount.id),
            Some(json!({"name": "Mine now"})),
            "subaccount_id",
        ),
        (
            Method::DELETE,
            format!("/operators/{}", op_b.id),
            None,
            "operator_id",
        ),
    ];
    for (method, path, body, field) in attempts {
        let reply = admin(&app, &token_a, method, &path, body).await;
        let error = reply.error(404, "NOT_FOUND");
        assert!(error["details"].get(field).is_some(), "{}", reply.text);
    }
    // A creating a key with B's subaccount: that subaccount does not exist for A.
    let reply = admin_post(
        &app,
        &token_a,
        "/api-keys",
        json!({"name": "x", "scope": "subaccount", "subaccount_id": b.subaccount.id}),
    )
    .await;
    reply.error(400, "VALIDATION_ERROR");

    // B's request log never shows up for A, even filtered by B's key.
    let logs = admin_get(&app, &token_a, &format!("/request-logs?api_key_id={bk}")).await;
    assert_eq!(logs.ok().as_array().unwrap().len(), 0);
    // B's key still works.
    app.me(&b.secret).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_creates_a_key_uses_it_and_revokes_it() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (op, token) = signed_in(&app, seed.tenant.id, Role::Admin).await;
    let reply = admin(
        &app,
        &token,
        Method::POST,
        "/api-keys",
        Some(json!({
            "name": "partner app",
            "permissions": ["vehicles:read", "analytics:read"],
            "scope": "subaccount",
            "subaccount_id": seed.subaccount.id,
            "rate_limits": {"per_minute": 30},
            "allowed_ips": ["127.0.0.1"],
        })),
    )
    .await;
    let data = created(&reply);
    let secret = data["secret"].as_str().unwrap().to_owned();
    let id = data["key"]["id"].as_str().unwrap().to_owned();
    assert_eq!(data["key"]["created_by"], format!("operator:{}", op.id));
    assert_eq!(
        data["key"]["permissions"],
        json!(["vehicles:read", "analytics:read"])
    );
    assert_eq!(data["key"]["subaccount_id"], seed.subaccount.id.to_string());
    assert_eq!(data["key"]["prefix"], secret[..12]);

    let me = app.me(&secret).await;
    assert_eq!(me.ok()["key"]["id"], id.as_str());
    assert_eq!(me.header("x-ratelimit-limit"), Some("30"));

    // PATCH: disable, then enable with a new name and an expiry; clear the expiry.
    let off = admin_patch(
        &app,
        &token,
        &format!("/api-keys/{id}"),
        json!({"active": false}),
    )
    .await;
    assert_eq!(off.ok()["status"], "disabled");
    app.me(&secret).await.unauthorized("disabled_api_key");
    let on = admin_patch(
        &app,
        &token,
        &format!("/api-keys/{id}"),
        json!({"active": true, "name": "renamed", "expires_at": "2999-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(on.ok()["name"], "renamed");
    assert_eq!(on.ok()["expires_at"], "2999-01-01T00:00:00Z");
    let cleared = admin_patch(
        &app,
        &token,
        &format!("/api-keys/{id}"),
        json!({"expires_at": null}),
    )
    .await;
    assert!(cleared.ok()["expires_at"].is_null());
    app.me(&secret).await.ok();
    let bad = admin_patch(
        &app,
        &token,
        &format!("/api-keys/{id}"),
        json!({"permissions": ["fly:high"]}),
    )
    .await;
    assert_eq!(
        bad.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
        "permissions"
    );

    // Regenerate with a grace period: both secrets work.
    let regen = admin_post(
        &app,
        &token,
        &format!("/api-keys/{id}/regenerate"),
        json!({"grace_period_seconds": 600}),
    )
    .await;
    let fresh = regen.ok()["secret"].as_str().unwrap().to_owned();
    app.me(&fresh).await.ok();
    app.me(&secret).await.ok();

    let revoked = revoke_key(&app, &token, &id).await;
    assert_eq!(revoked.ok()["status"], "revoked");
    app.me(&fresh).await.unauthorized("revoked_api_key");
    revoke_key(&app, &token, &id).await.error(409, "CONFLICT");
    // Revoked keys stay listed; deleted ones go.
    assert!(ids(&admin_get(&app, &token, "/api-keys").await).contains(&id));
    let deleted = admin(
        &app,
        &token,
        Method::DELETE,
        &format!("/api-keys/{id}"),
        None,
    )
    .await;
    assert_eq!(deleted.ok()["deleted"], true);
    assert!(!ids(&admin_get(&app, &token, "/api-keys").await).contains(&id));
    admin_get(&app, &token, &format!("/api-keys/{id}"))
        .await
        .error(404, "NOT_FOUND");
}
