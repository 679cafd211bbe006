//! Webhook endpoints through the management API: an admin runs the whole lifecycle against a
//! local receiver, viewers read but cannot write, operators of another tenant see nothing,
//! and a session is required.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_common;
mod common;
mod webhooks_support;

use reqwest::Method;
use serde_json::{json, Value};

use admin_common::{admin, admin_get, admin_patch, admin_post, created, ids, signed_in, ADMIN};
use common::TestApp;
use keys::operators::Role;
use webhooks_support::{manual_app, writes_on, Receiver};

/// Creates an endpoint as `token` in `subaccount`; returns the created data.
async fn create(app: &TestApp, token: &str, url: &str, subaccount: &str) -> Value {
    let r = admin_post(
        app,
        token,
        "/webhooks",
        json!({"url": url, "events": ["customer.created"], "subaccount_id": subaccount}),
    )
    .await;
    created(&r).clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_runs_the_whole_lifecycle_across_subaccounts() {
    let (app, seed, _key) = manual_app().await;
    let second = app.create_subaccount(seed.tenant.id, false).await;
    let (_, token) = signed_in(&app, seed.tenant.id, Role::Admin).await;
    let rx = Receiver::start().await;

    // Several subaccounts: a create without `subaccount_id` is refused, naming the body
    // field (the management API has no X-Subaccount-Id header).
    let r = admin_post(
        &app,
        &token,
        "/webhooks",
        json!({"url": rx.url, "events": ["customer.created"]}),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(
        r.body["error"]["details"]["fields"][0]["field"], "subaccount_id",
        "{}",
        r.text
    );
    assert!(!r.text.contains("X-Subaccount-Id"), "{}", r.text);

    let first = create(&app, &token, &rx.url, &seed.subaccount.id.to_string()).await;
    let d = create(&app, &token, &rx.url, &second.id.to_string()).await;
    assert_eq!(d["subaccount_id"], second.id.to_string());
    let secret = d["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let id = d["id"].as_str().unwrap().to_owned();
    let first_id = first["id"].as_str().unwrap().to_owned();

    // The list spans the tenant's subaccounts and never shows secrets.
    let list = admin_get(&app, &token, "/webhooks").await;
    assert_eq!(ids(&list), vec![first_id.clone(), id.clone()]);
    assert_eq!(list.body["pagination"]["total"], 2);
    assert!(list.ok()[0].get("secret").is_none());
    let got = admin_get(&app, &token, &format!("/webhooks/{id}")).await;
    assert!(got.ok().get("secret").is_none());
    assert_eq!(got.ok()["url"], rx.url);

    // The partner route of the same tenant sees the same endpoint.
    let partner = webhooks_support::get_endpoint(&app, &_key, &id).await;
    assert_eq!(partner["subaccount_id"], second.id.to_string());

    let r = admin_patch(
        &app,
        &token,
        &format!("/webhooks/{id}"),
        json!({"description": "CRM", "events": ["ride.ended", "webhook.test"]}),
    )
    .await;
    assert_eq!(r.ok()["description"], "CRM");
    assert_eq!(r.ok()["events"], json!(["ride.ended", "webhook.test"]));

    let r = admin(
        &app,
        &token,
        Method::POST,
        &format!("/webhooks/{id}/rotate-secret"),
        None,
    )
    .await;
    let new_secret = r.ok()["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    assert!(!r.ok()["previous_secret_expires_at"].is_null());

    // The test button reaches the receiver, signed with both secrets.
    let r = admin(
        &app,
        &token,
        Method::POST,
        &format!("/webhooks/{id}/test"),
        None,
    )
    .await;
    assert_eq!(r.ok()["attempt"]["success"], true, "{}", r.text);
    assert_eq!(r.ok()["delivery"]["status"], "delivered");
    let got = rx.received();
    assert_eq!(got.len(), 1);
    let sig = got[0].header("x-levy-signature");
    let body = got[0].body.as_bytes();
    let tol = webhooks::DEFAULT_TOLERANCE;
    assert_eq!(webhooks::verify(&new_secret, sig, body, tol), Ok(()));
    assert_eq!(webhooks::verify(&secret, sig, body, tol), Ok(()));

    // Deliveries, filters, retry and resend.
    let r = admin_get(&app, &token, &format!("/webhooks/{id}/deliveries")).await;
    let deliveries = r.ok().as_array().unwrap().clone();
    assert_eq!(deliveries.len(), 1);
    let delivery = deliveries[0]["id"].as_str().unwrap().to_owned();
    let r = admin_get(
        &app,
        &token,
        &format!("/webhooks/{id}/deliveries?status=failed"),
    )
    .await;
    assert_eq!(r.ok().as_array().unwrap().len(), 0);
    let r = admin_get(&app, &token, &format!("/webhooks/{id}/deliveries?status=x")).await;
    assert_eq!(
        r.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
        "status",
        "{}",
        r.text
    );
    let r = admin(
        &app,
        &token,
        Method::POST,
        &format!("/webhooks/{id}/deliveries/{delivery}/retry"),
        None,
    )
    .await;
    assert_eq!(r.ok()["status"], "pending");
    assert_eq!(r.ok()["id"], delivery);
    let r = admin_post(
        &app,
        &token,
        &format!("/webhooks/{id}/deliveries/resend"),
        json!({"since": "2020-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(r.ok()["resent"], 0);
    let r = admin_post(
        &app,
        &token,
        &format!("/webhooks/{id}/deliveries/resend"),
        json!({"since": "yesterday"}),
    )
    .await;
    r.error(400, "VALIDATION_ERROR");

    let r = admin(
        &app,
        &token,
        Method::DELETE,
        &format!("/webhooks/{id}"),
        None,
    )
    .await;
    assert_eq!(r.ok()["deleted"], true);
    admin_get(&app, &token, &format!("/webhooks/{id}"))
        .await
        .error(404, "NOT_FOUND");
    assert_eq!(
        ids(&admin_get(&app, &token, "/webhooks").await),
        vec![first_id]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewers_read_but_cannot_write() {
    let (app, seed, _key) = manual_app().await;
    let (_, admin_token) = signed_in(&app, seed.tenant.id, Role::Admin).await;
    let (_, viewer) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    let sub = seed.subaccount.id.to_string();
    let d = create(&app, &admin_token, "https://partner.example.com/h", &sub).await;
    let id = d["id"].as_str().unwrap().to_owned();

    assert_eq!(
        ids(&admin_get(&app, &viewer, "/webhooks").await),
        vec![id.clone()]
    );
    assert_eq!(
        admin_get(&app, &viewer, &format!("/webhooks/{id}"))
            .await
            .ok()["id"],
        id
    );
    admin_get(&app, &viewer, &format!("/webhooks/{id}/deliveries"))
        .await
        .ok();

    let delivery = uuid::Uuid::now_v7();
    let mut writes = vec![(
        Method::POST,
        "/webhooks".to_owned(),
        Some(
            json!({"url": "https://x.example.com/h", "events": ["customer.created"], "subaccount_id": sub}),
        ),
    )];
    writes.extend(writes_on("/webhooks", &id, &delivery.to_string()));
    for (method, path, body) in writes {
        let r = admin(&app, &viewer, method.clone(), &path, body).await;
        let error = r.forbidden("insufficient_role");
        assert_eq!(
            error["details"]["required_role"], "admin",
            "{method} {path}"
        );
    }
    // Nothing changed.
    let got = admin_get(&app, &viewer, &format!("/webhooks/{id}")).await;
    assert_eq!(got.ok()["active"], true);
    assert_eq!(got.ok()["updated_at"], d["updated_at"]);
    assert_eq!(ids(&admin_get(&app, &viewer, "/webhooks").await).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_tenants_see_nothing_and_a_session_is_required() {
    let (app, seed, _key) = manual_app().await;
    let (_, a) = signed_in(&app, seed.tenant.id, Role::Admin).await;
    let other = app.seed().await;
    let (_, b) = signed_in(&app, other.tenant.id, Role::Owner).await;
    let d = create(
        &app,
        &a,
        "https://partner.example.com/h",
        &seed.subaccount.id.to_string(),
    )
    .await;
    let id = d["id"].as_str().unwrap().to_owned();
    let delivery = uuid::Uuid::now_v7();

    assert!(ids(&admin_get(&app, &b, "/webhooks").await).is_empty());
    let mut routes = vec![
        (Method::GET, format!("/webhooks/{id}"), None),
        (Method::GET, format!("/webhooks/{id}/deliveries"), None),
    ];
    routes.extend(writes_on("/webhooks", &id, &delivery.to_string()));
    for (method, path, body) in routes {
        let r = admin(&app, &b, method.clone(), &path, body).await;
        assert_eq!(r.status, 404, "{method} {path}: {}", r.text);
        r.error(404, "NOT_FOUND");
    }
    // Tenant B cannot create in tenant A's subaccount either.
    let r = admin(
        &app,
        &b,
        Method::POST,
        "/webhooks",
        Some(
            json!({"url": "https://x.example.com/h", "events": ["customer.created"],
                    "subaccount_id": seed.subaccount.id}),
        ),
    )
    .await;
    assert!(r.status.is_client_error(), "{}", r.text);
    assert!(ids(&admin_get(&app, &b, "/webhooks").await).is_empty());
    // A's endpoint is untouched.
    let got = admin_get(&app, &a, &format!("/webhooks/{id}")).await;
    assert_eq!(got.ok()["active"], true);
    assert_eq!(
        ids(&admin_get(&app, &a, "/webhooks").await),
        vec![id.clone()]
    );

    // No session.
    for (method, path) in [
        (Method::GET, "/webhooks".to_owned()),
        (Method::POST, "/webhooks".to_owned()),
        (Method::GET, format!("/webhooks/{id}")),
        (Method::DELETE, format!("/webhooks/{id}")),
    ] {
        let r = app
            .send(app.request(method, &format!("{ADMIN}{path}")))
            .await;
        r.error(401, "UNAUTHORIZED");
    }
    admin_get(&app, &a, &format!("/webhooks/{id}")).await.ok();
}
