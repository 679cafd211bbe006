//! The envelope on every response (SPEC §3): unknown routes, wrong methods, request ids.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::Method;

use common::{Reply, TestApp, ME};

fn is_generated_id(id: &str) -> bool {
    id.len() == 36
        && id.starts_with("req_")
        && id[4..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_are_404_not_found() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    for (method, path) in [
        (Method::GET, "/nope"),
        (Method::POST, "/nope"),
        (Method::DELETE, "/api/partner/v2/me"),
        (Method::GET, "/api/partner"),
        (Method::GET, "/docs/no-such-asset.js"),
    ] {
        let reply = app.send(app.request(method.clone(), path)).await;
        let error = reply.error(404, "NOT_FOUND");
        assert!(is_generated_id(reply.request_id()), "{method} {path}");
        assert!(
            error["details"]
                .get("path")
                .is_none_or(|p| p.as_str() == Some(path)),
            "{}",
            reply.text
        );
    }
    // Inside the partner API, with a valid key.
    let reply = app
        .send(
            app.request(Method::GET, "/api/partner/v1/no-such-thing")
                .header("X-Partner-Api-Key", &seed.secret),
        )
        .await;
    reply.error(404, "NOT_FOUND");
    assert!(reply.header("x-ratelimit-limit").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_partner_route_without_a_key_answers_in_the_envelope() {
    let app = TestApp::spawn().await;
    let reply = app.get("/api/partner/v1/no-such-thing").await;
    // Authentication may come first (401) or routing (404); either way, the envelope.
    match reply.status.as_u16() {
        401 => reply.unauthorized("missing_api_key"),
        _ => {
            reply.error(404, "NOT_FOUND");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_method_on_me_is_405_with_allow() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let reply = app
            .send(
                app.request(method.clone(), ME)
                    .header("X-Partner-Api-Key", &seed.secret),
            )
            .await;
        assert_get_only(&reply, &method);
        // Authenticated: it carries the rate-limit headers (SPEC §4).
        assert!(reply.header("x-ratelimit-limit").is_some(), "{method}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_method_on_healthz_is_405_with_allow() {
    let app = TestApp::spawn().await;
    for method in [Method::DELETE, Method::POST] {
        let reply = app.send(app.request(method.clone(), "/healthz")).await;
        assert_get_only(&reply, &method);
    }
}

/// A `405` naming `GET` as the one allowed method (`method` was sent).
fn assert_get_only(reply: &Reply, method: &Method) {
    reply.error(405, "METHOD_NOT_ALLOWED");
    assert_eq!(
        reply.header("allow"),
        Some("GET"),
        "{method}: {:?}",
        reply.headers
    );
}

/// `GET /me` with `key` and `X-Request-Id: id`.
async fn me_with_request_id(app: &TestApp, key: &str, id: &str) -> Reply {
    app.send(
        app.request(Method::GET, ME)
            .header("X-Partner-Api-Key", key)
            .header("X-Request-Id", id),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sane_client_request_ids_are_kept() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let long_ok = "a".repeat(128);
    for id in ["abc-123", "0192f5c3.a1b2_7c3e:9d1a-6b2f", long_ok.as_str()] {
        // 200
        let reply = me_with_request_id(&app, &seed.secret, id).await;
        reply.ok();
        assert_eq!(reply.request_id(), id);
        // 401, 404, 405
        let replies = [
            app.send(app.request(Method::GET, ME).header("X-Request-Id", id))
                .await,
            app.send(app.request(Method::GET, "/nope").header("X-Request-Id", id))
                .await,
            app.send(
                app.request(Method::DELETE, "/healthz")
                    .header("X-Request-Id", id),
            )
            .await,
        ];
        for reply in &replies {
            assert!(reply.status.as_u16() >= 400);
            reply.assert_meta();
            assert_eq!(reply.request_id(), id, "{}", reply.text);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insane_client_request_ids_are_replaced() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let too_long = "a".repeat(129);
    let way_too_long = "b".repeat(300);
    for id in [
        too_long.as_str(),
        way_too_long.as_str(),
        "has space",
        "semi;colon",
        "quote\"d",
        "<script>",
    ] {
        let reply = me_with_request_id(&app, &seed.secret, id).await;
        reply.ok();
        assert!(
            is_generated_id(reply.request_id()),
            "{id:?} gave {}",
            reply.request_id()
        );
        assert!(!reply.text.contains(id));
        let reply = app
            .send(app.request(Method::GET, "/nope").header("X-Request-Id", id))
            .await;
        reply.error(404, "NOT_FOUND");
        assert!(is_generated_id(reply.request_id()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_its_request_id() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut seen = Vec::new();
    let replies: Vec<Reply> = vec![
        app.me(&seed.secret).await,
        app.get(ME).await,
        app.me("lf_pk_nope").await,
        app.me_in(&seed.secret, &uuid::Uuid::now_v7().to_string())
            .await,
        app.get("/nope").await,
        app.send(
            app.request(Method::POST, ME)
                .header("X-Partner-Api-Key", &seed.secret),
        )
        .await,
    ];
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, vec![200, 401, 401, 403, 404, 405]);
    for reply in &replies {
        reply.assert_meta();
        assert!(is_generated_id(reply.request_id()));
        seen.push(reply.request_id().to_owned());
    }
    // Operational endpoints carry the header too.
    for path in ["/healthz", "/readyz", "/openapi.json", "/docs/"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status.as_u16(), 200, "{path}");
        assert!(is_generated_id(reply.request_id()), "{path}");
        seen.push(reply.request_id().to_owned());
    }
    let count = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), count, "request ids must be unique");
}
