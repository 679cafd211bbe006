//! Benchmark baselines (only with `BENCH_ROUTES=true`, never documented): bare handlers doing
//! exactly the round trips of an authenticated route and nothing else, so the cost of key
//! verification, headers and the request log can be measured against them
//! (`scripts/bench-auth.sh`, `docs/performance.md`).
//!
//! - `GET /bench/evalsha`: one rate-limit `EVALSHA` per request, always for the same limited
//!   key.
//! - `GET /bench/evalsha/{slot}`: the same for the key `slot` (0–999), so a load generator
//!   rotating slots pays one call per request as partners with their own keys did before
//!   checks were coalesced.
//! - `GET /bench/evalsha_select/{slot}/{vehicle}`: that, then one primary-key `SELECT` of the
//!   vehicle row (any tenant) — the round trips of `GET /vehicles/{id}`.
//! - `GET /bench/limiter/{slot}`: one check of the key `slot` through the limiter as the
//!   gateway makes it, sharing Redis calls with the worker's concurrent checks (the
//!   `ratelimit` crate docs): what the rate limit itself costs the authenticated routes.
//!
//! The `evalsha` baselines check with [`ratelimit::Limiter::check_alone`]: exactly one script
//! call per request, whatever else the worker has in flight.

use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use ratelimit::Limits;

use fleet_domain::vehicles::Vehicle;

use crate::state::AppState;

/// Most distinct limited keys the rotating baselines use.
const SLOTS: u16 = 1000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/bench/evalsha", web::get().to(evalsha))
        .route("/bench/evalsha/{slot}", web::get().to(evalsha_slot))
        .route(
            "/bench/evalsha_select/{slot}/{vehicle}",
            web::get().to(evalsha_select),
        )
        .route("/bench/limiter/{slot}", web::get().to(limiter_slot));
}

/// Limits no benchmark reaches.
const LOOSE: Limits = Limits::new(1_000_000_000, 1_000_000_000, 1_000_000_000);

async fn check(state: &AppState, key: &str) -> bool {
    state.limiter.check_alone(key, &LOOSE).await.allowed
}

fn slot_key(slot: u16) -> Option<String> {
    (slot < SLOTS).then(|| format!("bench:evalsha:{slot}"))
}

fn allowed(allowed: bool) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "allowed": allowed }))
}

pub async fn evalsha(state: web::Data<AppState>) -> HttpResponse {
    allowed(check(&state, "bench:evalsha").await)
}

async fn evalsha_slot(state: web::Data<AppState>, slot: web::Path<u16>) -> HttpResponse {
    match slot_key(slot.into_inner()) {
        Some(key) => allowed(check(&state, &key).await),
        None => HttpResponse::NotFound().finish(),
    }
}

async fn limiter_slot(state: web::Data<AppState>, slot: web::Path<u16>) -> HttpResponse {
    match slot_key(slot.into_inner()) {
        Some(key) => allowed(state.limiter.check(&key, &LOOSE).await.allowed),
        None => HttpResponse::NotFound().finish(),
    }
}

async fn evalsha_select(
    state: web::Data<AppState>,
    path: web::Path<(u16, uuid::Uuid)>,
) -> HttpResponse {
    let (slot, vehicle) = path.into_inner();
    let Some(key) = slot_key(slot) else {
        return HttpResponse::NotFound().finish();
    };
    let allowed = check(&state, &key).await;
    let Ok(mut conn) = state.pool.get().await else {
        return HttpResponse::ServiceUnavailable().finish();
    };
    let row = db::schema::vehicles::table
        .find(vehicle)
        .select(Vehicle::as_select())
        .first(&mut *conn)
        .await
        .optional();
    match row {
        Ok(Some(v)) if allowed => HttpResponse::Ok().json(serde_json::json!({ "data": v })),
        Ok(Some(_)) => HttpResponse::TooManyRequests().finish(),
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}
