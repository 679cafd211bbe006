//! The envelope for failures no endpoint can produce yet (malformed JSON, wrong content
//! type, oversized body, bad query, bad path, panics): the gateway's own envelope middleware
//! and extractor configuration, exercised through a test-only actix app with the same
//! wiring as the server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use actix_web::middleware::from_fn;
use actix_web::{test, web, App, HttpResponse};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Body {
    #[allow(dead_code)]
    name: String,
}

#[derive(Deserialize)]
struct Query {
    #[allow(dead_code)]
    limit: u32,
}

async fn echo(_: web::Json<Body>) -> HttpResponse {
    HttpResponse::Ok().finish()
}

async fn query(_: web::Query<Query>) -> HttpResponse {
    HttpResponse::Ok().finish()
}

async fn path(_: web::Path<uuid::Uuid>) -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[allow(clippy::panic)]
async fn boom() -> HttpResponse {
    panic!("secret internal detail")
}

macro_rules! app {
    () => {
        test::init_service(
            App::new()
                .app_data(gateway::extract::json_config(64))
                .app_data(gateway::extract::query_config())
                .app_data(gateway::extract::path_config())
                .route("/echo", web::post().to(echo))
                .route("/query", web::get().to(query))
                .route("/things/{id}", web::get().to(path))
                .route("/boom", web::get().to(boom))
                .wrap(from_fn(gateway::middleware::envelope::envelope)),
        )
        .await
    };
}

async fn envelope(res: actix_web::dev::ServiceResponse) -> (u16, Option<String>, Value) {
    let status = res.status().as_u16();
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(body["meta"]["request_id"].as_str(), id.as_deref(), "{body}");
    (status, id, body)
}

#[actix_web::test]
async fn malformed_json_is_a_validation_error() {
    let app = app!();
    let req = test::TestRequest::post()
        .uri("/echo")
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"name\": ")
        .to_request();
    let (status, _, body) = envelope(test::call_service(&app, req).await).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
    assert_eq!(body["error"]["details"]["fields"][0]["field"], "body");

    let req = test::TestRequest::post()
        .uri("/echo")
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"name\": 5}")
        .to_request();
    let (status, _, body) = envelope(test::call_service(&app, req).await).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
}

#[actix_web::test]
async fn wrong_content_type_is_415() {
    let app = app!();
    let req = test::TestRequest::post()
        .uri("/echo")
        .insert_header(("content-type", "text/plain"))
        .set_payload("{\"name\": \"x\"}")
        .to_request();
    let (status, _, body) = envelope(test::call_service(&app, req).await).await;
    assert_eq!(status, 415);
    assert_eq!(body["error"]["code"], "UNSUPPORTED_MEDIA_TYPE");
}

#[actix_web::test]
async fn oversized_body_is_413() {
    let app = app!();
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(1000));
    let req = test::TestRequest::post()
        .uri("/echo")
        .insert_header(("content-type", "application/json"))
        .set_payload(big)
        .to_request();
    let (status, _, body) = envelope(test::call_service(&app, req).await).await;
    assert_eq!(status, 413);
    assert_eq!(body["error"]["code"], "PAYLOAD_TOO_LARGE");
    assert_eq!(body["error"]["details"]["limit_bytes"], 64);
}

#[actix_web::test]
async fn a_bad_query_is_a_validation_error_and_a_bad_path_not_found() {
    let app = app!();
    let req = test::TestRequest::get()
        .uri("/query?limit=abc")
        .to_request();
    let (status, _, body) = envelope(test::call_service(&app, req).await).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["details"]["fields"][0]["field"], "query");
    // A path segment that does not parse names nothing: 404, like an unknown id.
    let req = test::TestRequest::get()
        .uri("/things/not-a-uuid")
        .to_request();
    let (status, _, body) = envelope(test::call_service(&app, req).await).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    assert_eq!(body["error"]["details"]["path"], "/things/not-a-uuid");
}

#[actix_web::test]
async fn panics_become_an_opaque_500() {
    let app = app!();
    let req = test::TestRequest::get()
        .uri("/boom")
        .insert_header(("x-request-id", "trace-7"))
        .to_request();
    let res = app.call_panicking(req).await;
    let (status, id, body) = envelope(res).await;
    assert_eq!(status, 500);
    assert_eq!(id.as_deref(), Some("trace-7"));
    assert_eq!(body["error"]["code"], "INTERNAL_ERROR");
    assert!(!body.to_string().contains("secret internal detail"));
}

/// `test::call_service` would turn an `Err` into a panic; the envelope middleware hands a
/// caught panic back as an error that actix renders, as the server does.
trait CallPanicking {
    async fn call_panicking(&self, req: actix_http::Request) -> actix_web::dev::ServiceResponse;
}

impl<S> CallPanicking for S
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
    >,
{
    async fn call_panicking(&self, req: actix_http::Request) -> actix_web::dev::ServiceResponse {
        match self.call(req).await {
            Ok(res) => res,
            Err(err) => {
                let req = test::TestRequest::default().to_http_request();
                actix_web::dev::ServiceResponse::new(req, err.error_response())
            }
        }
    }
}
