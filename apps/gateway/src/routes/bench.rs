//! Benchmark baseline (only with `BENCH_ROUTES=true`, never documented): a bare handler that
//! does exactly one rate-limit round trip and answers a small JSON body, so the cost of key
//! verification, headers and the request log can be measured against it.

use actix_web::{web, HttpResponse};
use ratelimit::Limits;

use crate::state::AppState;

pub async fn evalsha(state: web::Data<AppState>) -> HttpResponse {
    let limits = Limits::new(1_000_000_000, 1_000_000_000, 1_000_000_000);
    let decision = state.limiter.check("bench:evalsha", &limits).await;
    HttpResponse::Ok().json(serde_json::json!({ "allowed": decision.allowed }))
}
