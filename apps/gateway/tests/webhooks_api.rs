//! The webhook endpoints API: CRUD, validation, URL policy (SSRF), secret rotation, the test
//! button, permissions, and tenant/subaccount isolation of every route.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod webhooks_support;

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use common::{live_key, subaccount_key, TestApp};
use fleet_domain::{KeyMode, Permission, PermissionSet};
use keys::NewKey;
use webhooks_support::*;

#[tokio::test]
async fn crud_shows_the_secret_only_at_creation() {
    let (app, seed, key) = manual_app().await;
    let r = call(
        &app,
        &key,
        Method::POST,
        WEBHOOKS,
        Some(json!({
            "url": "https://partner.example.com/hooks",
            "events": ["customer.created", "ride.ended", "customer.created"],
            "headers": {"X-Partner-Token": "abc"},
            "description": "CRM sync"
        })),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let d = &r.body["data"];
    let id = d["id"].as_str().unwrap().to_owned();
    let secret = d["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 38,
        "{secret}"
    );
    assert!(secret[6..].chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(d["events"], json!(["customer.created", "ride.ended"]));
    assert_eq!(d["headers"], json!({"x-partner-token": "abc"}));
    assert_eq!(d["active"], true);
    assert_eq!(d["auto_recover"], true);
    assert_eq!(d["circuit"], "closed");
    assert_eq!(d["recent_success_rate"], Value::Null);
    assert_eq!(d["subaccount_id"], seed.subaccount.id.to_string());

    let got = get_endpoint(&app, &key, &id).await;
    assert!(got.get("secret").is_none(), "{got}");
    assert_eq!(got["url"], "https://partner.example.com/hooks");

    let list = call(&app, &key, Method::GET, WEBHOOKS, None).await;
    let items = list.ok().as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert!(items[0].get("secret").is_none());
    assert_eq!(list.body["pagination"]["total"], 1);

    let r = call(
        &app,
        &key,
        Method::PATCH,
        &format!("{WEBHOOKS}/{id}"),
        Some(
            json!({"url": "https://other.example.com/x", "events": ["vehicle.status_changed"],
                     "active": false, "description": "", "auto_recover": false, "headers": {}}),
        ),
    )
    .await;
    let d = r.ok();
    assert_eq!(d["url"], "https://other.example.com/x");
    assert_eq!(d["events"], json!(["vehicle.status_changed"]));
    assert_eq!(d["active"], false);
    assert_eq!(d["auto_recover"], false);
    assert_eq!(d["description"], Value::Null);
    assert_eq!(d["headers"], json!({}));

    let r = call(
        &app,
        &key,
        Method::DELETE,
        &format!("{WEBHOOKS}/{id}"),
        None,
    )
    .await;
    assert_eq!(r.ok()["deleted"], true);
    let r = call(&app, &key, Method::GET, &format!("{WEBHOOKS}/{id}"), None).await;
    let e = r.error(404, "NOT_FOUND");
    assert_eq!(e["details"]["webhook_id"], id);
}

fn field_of(r: &common::Reply) -> String {
    let e = r.error(400, "VALIDATION_ERROR");
    e["details"]["fields"][0]["field"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn invalid_input_names_the_field_and_custom_headers_cannot_override_ours() {
    let (app, _seed, key) = manual_app().await;
    let url = "https://partner.example.com/hooks";
    let cases = [
        (json!({"url": url, "events": []}), "events"),
        (json!({"url": url, "events": ["ride.exploded"]}), "events"),
        (
            json!({"url": "ftp://x.example.com", "events": ["ride.ended"]}),
            "url",
        ),
        (json!({"url": "not a url", "events": ["ride.ended"]}), "url"),
        (
            json!({"url": url, "events": ["ride.ended"], "description": "x".repeat(501)}),
            "description",
        ),
    ];
    for (body, field) in cases {
        let r = call(&app, &key, Method::POST, WEBHOOKS, Some(body.clone())).await;
        assert_eq!(field_of(&r), field, "{body}: {}", r.text);
    }
    for reserved in [
        "X-Levy-Signature",
        "X-Levy-Event",
        "X-Levy-Delivery",
        "Content-Type",
        "webhook-id",
        "webhook-timestamp",
        "Webhook-Signature",
        "Host",
    ] {
        let r = post(
            &app,
            &key,
            WEBHOOKS,
            json!({"url": url, "events": ["ride.ended"], "headers": {reserved: "x"}}),
        )
        .await;
        assert_eq!(field_of(&r), "headers", "{reserved}: {}", r.text);
    }
    let r = call(&app, &key, Method::GET, WEBHOOKS, None).await;
    assert_eq!(r.ok().as_array().unwrap().len(), 0, "nothing half-written");
}

#[tokio::test]
async fn private_and_plain_http_targets_are_refused_without_the_flag() {
    let app = TestApp::spawn_with(|c| {
        c.webhook_workers = 0;
        c.webhook_allow_private_targets = false;
    })
    .await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, all_permissions()).await;
    for url in [
        "https://127.0.0.1/hook",
        "https://127.0.0.1:8443/hook",
        "https://10.0.0.1/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "https://localhost:9443/hook",
        "http://partner.example.com/hook",
    ] {
        let r = post(
            &app,
            &key,
            WEBHOOKS,
            json!({"url": url, "events": ["ride.ended"]}),
        )
        .await;
        assert_eq!(field_of(&r), "url", "{url} must be refused: {}", r.text);
    }
    let (id, _) = endpoint(
        &app,
        &key,
        "https://partner.example.com/hook",
        &["ride.ended"],
    )
    .await;
    let r = patch(
        &app,
        &key,
        &format!("{WEBHOOKS}/{id}"),
        json!({"url": "https://10.1.2.3/"}),
    )
    .await;
    assert_eq!(field_of(&r), "url");
    assert_eq!(
        get_endpoint(&app, &key, &id).await["url"],
        "https://partner.example.com/hook"
    );
}

#[tokio::test]
async fn rotation_signs_with_both_secrets_for_24_hours() {
    let (app, _seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let (id, old) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    let r = call(
        &app,
        &key,
        Method::POST,
        &format!("{WEBHOOKS}/{id}/rotate-secret"),
        None,
    )
    .await;
    let d = r.ok();
    let new = d["secret"].as_str().unwrap().to_owned();
    assert!(new.starts_with("whsec_") && new != old);
    let until =
        OffsetDateTime::parse(d["previous_secret_expires_at"].as_str().unwrap(), &Rfc3339).unwrap();
    let left = until - OffsetDateTime::now_utc();
    assert!(
        left > time::Duration::hours(23) && left <= time::Duration::hours(24),
        "{left}"
    );
    assert!(get_endpoint(&app, &key, &id).await.get("secret").is_none());

    let r = send_test(&app, &key, &id).await;
    assert_eq!(r.ok()["attempt"]["success"], true, "{}", r.text);
    let got = rx.received();
    assert_eq!(got.len(), 1);
    let sig = got[0].header("x-levy-signature");
    assert_eq!(sig.matches("v1=").count(), 2, "{sig}");
    let body = got[0].body.as_bytes();
    let tol = webhooks::DEFAULT_TOLERANCE;
    assert_eq!(webhooks::verify(&new, sig, body, tol), Ok(()));
    assert_eq!(webhooks::verify(&old, sig, body, tol), Ok(()));
    assert!(webhooks::verify("whsec_somethingelse", sig, body, tol).is_err());
    assert_eq!(got[0].header("webhook-signature").matches("v1,").count(), 2);
}

#[tokio::test]
async fn the_test_button_returns_the_attempt_even_when_it_fails() {
    let (app, _seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    // Answers after 200 ms: the recorded latency must include that wait and fit in the call.
    let answer_delay = Duration::from_millis(200);
    rx.set(move |_| Answer {
        body: "x".repeat(5000),
        delay: Some(answer_delay),
        ..Answer::status(500)
    });
    let (id, _) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    let called = std::time::Instant::now();
    let r = send_test(&app, &key, &id).await;
    let call_ms = i64::try_from(called.elapsed().as_millis()).unwrap();
    let d = r.ok();
    assert_eq!(d["attempt"]["success"], false);
    assert_eq!(d["attempt"]["status_code"], 500);
    assert_eq!(d["attempt"]["error"], "HTTP 500");
    assert_eq!(d["attempt"]["response_body"].as_str().unwrap().len(), 1024);
    let latency = d["attempt"]["latency_ms"].as_i64().unwrap();
    assert!(
        (200..=call_ms).contains(&latency),
        "latency_ms {latency} must cover the receiver's 200 ms and fit in the {call_ms} ms call"
    );
    assert_eq!(d["delivery"]["status"], "failed");
    assert_eq!(d["delivery"]["event"], "webhook.test");
    let body: Value = serde_json::from_str(&rx.received()[0].body).unwrap();
    assert_eq!(body["event"], "webhook.test");
    assert_eq!(body["event_id"], d["delivery"]["event_id"]);
    assert_eq!(body["data"]["webhook_id"], id);

    rx.set(|_| Answer::status(204));
    let r = send_test(&app, &key, &id).await;
    assert_eq!(r.ok()["attempt"]["success"], true);
    assert_eq!(r.ok()["delivery"]["status"], "delivered");

    // Nothing listens on this port: a connection failure, still a 200 with the attempt.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (dead, _) = endpoint(
        &app,
        &key,
        &format!("http://127.0.0.1:{port}/"),
        &["ride.ended"],
    )
    .await;
    let r = send_test(&app, &key, &dead).await;
    let d = r.ok();
    assert_eq!(d["attempt"]["success"], false);
    assert_eq!(d["attempt"]["status_code"], Value::Null);
    assert!(
        d["attempt"]["error"]
            .as_str()
            .unwrap()
            .contains("connection"),
        "{d}"
    );

    // Deliveries list: newest test sends with their attempts; filters.
    let all = deliveries(&app, &key, &id).await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["attempts"].as_array().unwrap().len(), 1);
    let failed = deliveries_where(&app, &key, &id, "status=failed").await;
    assert_eq!(failed.ok().as_array().unwrap().len(), 1);
    let by_event = deliveries_where(&app, &key, &id, "event=ride.ended").await;
    assert_eq!(by_event.ok().as_array().unwrap().len(), 0);
    let bad = deliveries_where(&app, &key, &id, "status=lost").await;
    assert_eq!(field_of(&bad), "status");
    let bad = deliveries_where(&app, &key, &id, "event=nope").await;
    assert_eq!(field_of(&bad), "event");
    // Cursor pagination.
    let page1 = deliveries_where(&app, &key, &id, "limit=1&cursor=").await;
    assert_eq!(page1.ok().as_array().unwrap().len(), 1);
    let next = page1.body["pagination"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let page2 = deliveries_where(&app, &key, &id, &format!("limit=1&cursor={next}")).await;
    let items = page2.ok().as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_ne!(items[0]["id"], page1.body["data"][0]["id"]);
    assert_eq!(page2.body["pagination"]["has_next"], false);
}

#[tokio::test]
async fn permissions_are_webhooks_read_and_write() {
    let (app, seed, key) = manual_app().await;
    let (id, _) = endpoint(&app, &key, "https://partner.example.com/h", &["ride.ended"]).await;
    let (_, reader) = app
        .create_key(
            seed.tenant.id,
            NewKey {
                permissions: Some(PermissionSet::from(Permission::WebhooksRead)),
                ..live_key()
            },
        )
        .await;
    let (_, none) = app.create_key(seed.tenant.id, live_key()).await;
    assert_eq!(
        call(&app, &reader, Method::GET, WEBHOOKS, None)
            .await
            .status,
        200
    );
    assert_eq!(
        call(
            &app,
            &reader,
            Method::GET,
            &format!("{WEBHOOKS}/{id}/deliveries"),
            None
        )
        .await
        .status,
        200
    );
    let mut writes = vec![(
        Method::POST,
        WEBHOOKS.to_owned(),
        Some(json!({"url": "https://a.example.com", "events": ["ride.ended"]})),
    )];
    writes.extend(writes_on(WEBHOOKS, &id, &uuid::Uuid::now_v7().to_string()));
    for (m, path, body) in writes {
        let r = call(&app, &reader, m.clone(), &path, body).await;
        let e = r.forbidden("missing_permission");
        assert_eq!(e["details"]["required"], "webhooks:write", "{m} {path}");
    }
    for path in [
        WEBHOOKS.to_owned(),
        format!("{WEBHOOKS}/{id}"),
        format!("{WEBHOOKS}/{id}/deliveries"),
    ] {
        let r = call(&app, &none, Method::GET, &path, None).await;
        let e = r.forbidden("missing_permission");
        assert_eq!(e["details"]["required"], "webhooks:read", "{path}");
    }
    assert_eq!(get_endpoint(&app, &key, &id).await["active"], true);
}

/// Every route with an id, for a caller that must not reach `id`: all answer 404 and
/// nothing changes.
async fn assert_unreachable(app: &TestApp, key: &str, id: &str, delivery: &str) {
    let mut routes = vec![
        (Method::GET, format!("{WEBHOOKS}/{id}"), None),
        (Method::GET, format!("{WEBHOOKS}/{id}/deliveries"), None),
    ];
    routes.extend(writes_on(WEBHOOKS, id, delivery));
    for (m, path, body) in routes {
        let r = call(app, key, m.clone(), &path, body).await;
        assert_eq!(
            (r.status.as_u16(), r.body["error"]["code"].as_str()),
            (404, Some("NOT_FOUND")),
            "{m} {path} must answer 404 NOT_FOUND to a caller that cannot reach it: {}",
            r.text
        );
        r.error(404, "NOT_FOUND");
    }
    let list = call(app, key, Method::GET, WEBHOOKS, None).await;
    assert!(
        list.ok().as_array().unwrap().iter().all(|e| e["id"] != id),
        "list leaks {id}"
    );
}

#[tokio::test]
async fn other_tenants_and_subaccounts_get_404_on_every_route() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    rx.set(|_| Answer::status(500));
    let (id, _) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    let test = send_test(&app, &key, &id).await;
    let delivery = test.ok()["delivery"]["id"].as_str().unwrap().to_owned();

    // Another tenant with every permission.
    let other = app.seed().await;
    let (_, stranger) = app.create_key(other.tenant.id, all_permissions()).await;
    assert_unreachable(&app, &stranger, &id, &delivery).await;

    // Same tenant, a key bound to another subaccount.
    let second = app.create_subaccount(seed.tenant.id, false).await;
    let (_, narrow) = app
        .create_key(
            seed.tenant.id,
            NewKey {
                permissions: Some(PermissionSet::all()),
                ..subaccount_key(KeyMode::Live, second.id)
            },
        )
        .await;
    assert_unreachable(&app, &narrow, &id, &delivery).await;
    // X-Subaccount-Id narrowing of the global key to the second subaccount hides it too.
    let r = app
        .send(
            with_key(app.request(Method::GET, &format!("{WEBHOOKS}/{id}")), &key)
                .header("X-Subaccount-Id", second.id.to_string()),
        )
        .await;
    r.error(404, "NOT_FOUND");

    // Malformed ids are unknown ids (docs/errors.md): 404 naming the id, never 400.
    assert_unreachable(&app, &key, "not-a-uuid", &delivery).await;
    let r = call(
        &app,
        &key,
        Method::POST,
        &format!("{WEBHOOKS}/{id}/deliveries/not-a-uuid/retry"),
        None,
    )
    .await;
    assert_eq!(
        r.error(404, "NOT_FOUND")["details"]["delivery_id"],
        "not-a-uuid"
    );

    // The owner still sees it unchanged, with its one delivery; a delivery id under another
    // endpoint of the owner is 404 too.
    let got = get_endpoint(&app, &key, &id).await;
    assert_eq!(got["active"], true);
    assert_eq!(deliveries(&app, &key, &id).await.len(), 1);
    let (mine, _) = create_endpoint(
        &app,
        &key,
        json!({"url": rx.url, "events": ["customer.created"], "subaccount_id": seed.subaccount.id}),
    )
    .await;
    let r = call(
        &app,
        &key,
        Method::POST,
        &format!("{WEBHOOKS}/{mine}/deliveries/{delivery}/retry"),
        None,
    )
    .await;
    let e = r.error(404, "NOT_FOUND");
    assert_eq!(e["details"]["delivery_id"], delivery);
    // Creating for a subaccount outside the key's reach is refused.
    let r = post(
        &app,
        &narrow,
        WEBHOOKS,
        json!({"url": rx.url, "events": ["ride.ended"], "subaccount_id": seed.subaccount.id}),
    )
    .await;
    r.forbidden("subaccount_not_allowed");
}
