//! The dashboard's server side: embedded assets under a strict CSP, sign-in into an
//! `HttpOnly; SameSite=Strict` cookie, CSRF protection of cookie-authenticated writes, sign-out,
//! and the management endpoints the pages need (catalog, usage, key filters, role changes).
//! The pages themselves are tested in headless Chromium (tests/dashboard, docs/dashboard.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_common;
mod common;

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use admin_common::{
    admin_get, admin_patch, admin_post, operator, revoke_key, signed_in, ADMIN, PASSWORD,
};
use common::{eventually, Reply, TestApp};
use keys::operators::Role;

/// Signs in through the dashboard; returns the `Set-Cookie` values and the cookie pair.
async fn dashboard_sign_in(app: &TestApp, email: &str) -> (Vec<String>, String, String) {
    let res = app
        .request(Method::POST, "/dashboard/session")
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let set: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let value = |name: &str| {
        set.iter()
            .find_map(|c| c.strip_prefix(&format!("{name}=")))
            .and_then(|rest| rest.split(';').next())
            .unwrap()
            .to_owned()
    };
    let (session, csrf) = (value("fg_session"), value("fg_csrf"));
    (set, session, csrf)
}

async fn with_cookie(
    app: &TestApp,
    method: Method,
    path: &str,
    session: &str,
    extra: &[(&str, &str)],
    body: Option<Value>,
) -> Reply {
    let mut req = app
        .request(method, &format!("{ADMIN}{path}"))
        .header("Cookie", format!("fg_session={session}"));
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    app.send(req).await
}

#[tokio::test]
async fn the_console_is_embedded_and_served_under_a_strict_csp() {
    let app = TestApp::spawn().await;
    let res = app
        .request(Method::GET, "/dashboard/")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<script src="/dashboard/assets/app.js" defer></script>"#));
    assert_eq!(html.matches("<script").count(), 1, "no inline script");
    for asset in ["app.js", "app.css", "favicon.svg"] {
        let r = app.get(&format!("/dashboard/assets/{asset}")).await;
        assert_eq!(r.status.as_u16(), 200, "{asset}");
        assert!(!r.text.is_empty());
    }
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status().as_u16(), 308);
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_token_and_a_same_origin_for_writes() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let op = operator(&app, seed.tenant.id, Role::Admin).await;
    let (set, session, csrf) = dashboard_sign_in(&app, &op.email).await;
    let session_cookie = set.iter().find(|c| c.starts_with("fg_session=")).unwrap();
    assert!(session_cookie.contains("HttpOnly"), "{session_cookie}");
    assert!(
        session_cookie.contains("SameSite=Strict"),
        "{session_cookie}"
    );
    assert!(
        !session_cookie.contains("Secure"),
        "plain HTTP: {session_cookie}"
    );
    let csrf_cookie = set.iter().find(|c| c.starts_with("fg_csrf=")).unwrap();
    assert!(csrf_cookie.contains("SameSite=Strict") && !csrf_cookie.contains("HttpOnly"));
    assert_ne!(csrf, session, "the CSRF token is not the session");

    // Reads need no token.
    let me = with_cookie(&app, Method::GET, "/auth/me", &session, &[], None).await;
    assert_eq!(me.ok()["operator"]["email"], op.email.as_str());

    let body = || Some(json!({"name": "from the dashboard"}));
    let no_token = with_cookie(&app, Method::POST, "/api-keys", &session, &[], body()).await;
    no_token.forbidden("csrf_failed");
    let wrong = with_cookie(
        &app,
        Method::POST,
        "/api-keys",
        &session,
        &[("X-CSRF-Token", "0000")],
        body(),
    )
    .await;
    wrong.forbidden("csrf_failed");
    let cross_origin = with_cookie(
        &app,
        Method::POST,
        "/api-keys",
        &session,
        &[("X-CSRF-Token", &csrf), ("Origin", "https://evil.example")],
        body(),
    )
    .await;
    cross_origin.forbidden("csrf_failed");
    let host = app.url("").trim_start_matches("http://").to_owned();
    let origin = format!("http://{host}");
    let ok = with_cookie(
        &app,
        Method::POST,
        "/api-keys",
        &session,
        &[("X-CSRF-Token", &csrf), ("Origin", &origin)],
        body(),
    )
    .await;
    assert_eq!(ok.status.as_u16(), 201, "{}", ok.text);
    let keys = admin_get_cookie(&app, &session, "/api-keys").await;
    assert_eq!(
        keys.body["pagination"]["total"], 2,
        "only the one good write landed"
    );

    // A sign-in from another origin is refused too.
    let cross_login = app
        .request(Method::POST, "/dashboard/session")
        .header("Origin", "https://evil.example")
        .json(&json!({"email": op.email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_login.status().as_u16(), 403);

    // Sign-out needs the token, ends the session and clears both cookies.
    let refused = app
        .request(Method::POST, "/dashboard/session/end")
        .header("Cookie", format!("fg_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    let out = app
        .request(Method::POST, "/dashboard/session/end")
        .header("Cookie", format!("fg_session={session}"))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status().as_u16(), 200);
    let cleared: Vec<_> = out.headers().get_all("set-cookie").iter().collect();
    assert_eq!(cleared.len(), 2);
    assert!(cleared
        .iter()
        .all(|c| c.to_str().unwrap().contains("Max-Age=0")));
    let after = with_cookie(&app, Method::GET, "/auth/me", &session, &[], None).await;
    after.unauthorized("invalid_session");
}

async fn admin_get_cookie(app: &TestApp, session: &str, path: &str) -> Reply {
    with_cookie(app, Method::GET, path, session, &[], None).await
}

#[tokio::test]
async fn cookies_are_secure_over_https() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let op = operator(&app, seed.tenant.id, Role::Viewer).await;
    let res = app
        .request(Method::POST, "/dashboard/session")
        .header("X-Forwarded-Proto", "https")
        .json(&json!({"email": op.email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let set: Vec<_> = res.headers().get_all("set-cookie").iter().collect();
    assert_eq!(set.len(), 2);
    assert!(set.iter().all(|c| c.to_str().unwrap().contains("; Secure")));
}

#[tokio::test]
async fn the_catalog_derives_presets_from_the_permission_table() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, token) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    let cat = admin_get(&app, &token, "/catalog").await;
    let data = cat.ok();
    let all: Vec<&str> = data["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["permission"].as_str().unwrap())
        .collect();
    assert_eq!(all.len(), fleet_domain::Permission::ALL.len());
    let preset = |name: &str| -> Vec<String> {
        data["presets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["preset"] == name)
            .unwrap()["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect()
    };
    let reads: Vec<String> = all
        .iter()
        .filter(|p| p.ends_with(":read"))
        .map(|p| p.to_string())
        .collect();
    assert_eq!(preset("read_only"), reads);
    assert!(preset("read_write")
        .iter()
        .all(|p| !p.starts_with("keys:") && !p.starts_with("webhooks:")));
    assert!(preset("read_write").contains(&"vehicles:write".to_owned()));
    assert_eq!(preset("admin").len(), all.len());
    // Every subscribable event (all but webhook.test, which only the test button sends).
    let events: Vec<&str> = data["webhook_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert_eq!(events.len(), fleet_domain::events::EventType::ALL.len() - 1);
    assert!(events.contains(&"ride.ended") && events.contains(&"zone.updated"));
    assert!(!events.contains(&"webhook.test"));
}

#[tokio::test]
async fn usage_counts_each_keys_requests_by_status_class() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, token) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    for _ in 0..4 {
        assert_eq!(app.me(&seed.secret).await.status.as_u16(), 200);
    }
    let forbidden = app
        .send(
            app.request(Method::GET, "/api/partner/v1/analytics/rides")
                .header("X-Partner-Api-Key", &seed.secret),
        )
        .await;
    assert_eq!(forbidden.status.as_u16(), 403);
    let path = format!("/usage?range=24h&api_key_id={}", seed.key.id.0);
    let usage = eventually(Duration::from_secs(10), || async {
        let r = admin_get(&app, &token, &path).await;
        (r.ok()["totals"]["total"] == 5).then_some(r)
    })
    .await
    .expect("five requests counted");
    let data = usage.ok();
    assert_eq!(data["totals"]["success"], 4);
    assert_eq!(data["totals"]["client_error"], 1);
    assert_eq!(data["bucket_seconds"], 300);
    let buckets = data["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 288);
    let summed: i64 = buckets.iter().map(|b| b["total"].as_i64().unwrap()).sum();
    assert_eq!(summed, 5);
    assert_eq!(data["top_routes"][0]["route"], "/api/partner/v1/me");
    assert_eq!(data["top_routes"][0]["requests"], 4);
    assert!(data["p50_ms"].as_f64().is_some());
    // The management requests of the operator are not partner usage.
    let all = admin_get(&app, &token, "/usage?range=30d").await;
    assert_eq!(all.ok()["totals"]["total"], 5);
    assert_eq!(all.ok()["buckets"].as_array().unwrap().len(), 30);
    let bad = admin_get(&app, &token, "/usage?range=7d&api_key_id=nope").await;
    let err = bad.error(400, "VALIDATION_ERROR");
    assert_eq!(err["details"]["fields"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn keys_filter_by_status_and_mode_and_roles_change_but_one_owner_stays() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (owner, token) = signed_in(&app, seed.tenant.id, Role::Owner).await;
    let revoked = admin_post(&app, &token, "/api-keys", json!({"name": "old"})).await;
    let id = revoked.body["data"]["key"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    revoke_key(&app, &token, &id).await;
    let listed = admin_get(&app, &token, "/api-keys?status=revoked").await;
    assert_eq!(listed.body["pagination"]["total"], 1);
    assert_eq!(listed.ok()[0]["id"], id.as_str());
    let live = admin_get(&app, &token, "/api-keys?status=active&mode=live").await;
    assert_eq!(live.body["pagination"]["total"], 1);
    admin_get(&app, &token, "/api-keys?status=gone")
        .await
        .error(400, "VALIDATION_ERROR");

    let viewer = operator(&app, seed.tenant.id, Role::Viewer).await;
    let promoted = admin_patch(
        &app,
        &token,
        &format!("/operators/{}", viewer.id.0),
        json!({"role": "admin"}),
    )
    .await;
    assert_eq!(promoted.ok()["role"], "admin");
    let demote_self = admin_patch(
        &app,
        &token,
        &format!("/operators/{}", owner.id.0),
        json!({"role": "viewer"}),
    )
    .await;
    demote_self.error(409, "CONFLICT");
}
