//! Operational endpoints: the OpenAPI document, Swagger UI, liveness and readiness, and the
//! checked-in `openapi/openapi.json` (SPEC §11).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use serde_json::json;

use common::{TestApp, ME};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_json_is_the_document_with_key_security() {
    let app = TestApp::spawn().await;
    let reply = app.get("/openapi.json").await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    assert!(reply
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    let expected = serde_json::to_value(gateway::openapi::document()).unwrap();
    assert_eq!(reply.body, expected);

    let doc = &reply.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let me = &doc["paths"][ME]["get"];
    assert!(me.is_object(), "{ME} is not documented");
    assert_eq!(me["security"], json!([{"api_key": []}, {"bearer": []}]));
    for status in ["200", "401", "403", "429"] {
        assert!(
            me["responses"].get(status).is_some(),
            "{ME} does not document {status}"
        );
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["api_key"]["type"], json!("apiKey"));
    assert_eq!(schemes["api_key"]["in"], json!("header"));
    assert_eq!(schemes["api_key"]["name"], json!("X-Partner-Api-Key"));
    assert_eq!(schemes["bearer"]["type"], json!("http"));
    assert_eq!(schemes["bearer"]["scheme"], json!("bearer"));
    assert!(doc["paths"]["/healthz"]["get"].is_object());
    assert!(doc["paths"]["/readyz"]["get"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swagger_ui_is_served_from_the_binary() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = res.text().await.unwrap();
    assert!(html.to_lowercase().contains("swagger"), "{html}");

    // Its assets and its configuration (pointing at our document) come from the binary too.
    let init = app.get("/docs/swagger-initializer.js").await;
    assert_eq!(init.status.as_u16(), 200);
    assert!(init.text.contains("/openapi.json"), "{}", init.text);
    let css = app.get("/docs/swagger-ui.css").await;
    assert_eq!(css.status.as_u16(), 200);
    assert!(!css.text.is_empty());

    // `/docs` redirects to `/docs/`.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects.get(app.url("/docs")).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/docs/")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_readyz() {
    let app = TestApp::spawn().await;
    let reply = app.get("/healthz").await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    let body = reply.body.get("data").unwrap_or(&reply.body);
    assert_eq!(body["status"], json!("ok"), "{}", reply.text);

    let reply = app.get("/readyz").await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    let body = reply.body.get("data").unwrap_or(&reply.body);
    assert_eq!(body["status"], json!("ready"), "{}", reply.text);
    assert_eq!(body["database"], json!("ok"), "{}", reply.text);
    assert_eq!(body["redis"], json!("not_configured"), "{}", reply.text);
}

#[test]
fn checked_in_openapi_json_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nGenerate it with: cargo run -p gateway -- openapi > openapi/openapi.json",
            path.display()
        )
    });
    let current = gateway::openapi::document_json().unwrap();
    assert!(
        on_disk == current,
        "openapi/openapi.json is out of date; regenerate it with: \
         cargo run -p gateway -- openapi > openapi/openapi.json"
    );
}
