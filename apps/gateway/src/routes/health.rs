//! Liveness and readiness.

use actix_web::http::header::ContentType;
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthOut {
    /// `ok` when the process is up.
    #[schema(example = "ok")]
    pub status: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessOut {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    /// `ok` or `unavailable`.
    pub database: &'static str,
    /// `ok`, `unavailable` (serving with the in-process limiter) or `not_configured`.
    pub redis: &'static str,
}

/// The process is up.
///
/// Needs no credentials and checks no dependency (see `/readyz` for that).
#[utoipa::path(tag = "Operations", operation_id = "healthz",
    responses((status = 200, description = "The process is up", body = HealthOut)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    // Liveness probes and load balancers call this constantly: the body is a constant, not
    // serialised per request (a test checks it equals `HealthOut { status: "ok" }`).
    HttpResponse::Ok()
        .insert_header(ContentType::json())
        .body(HEALTHZ_BODY)
}

/// `HealthOut { status: "ok" }` as JSON.
const HEALTHZ_BODY: &str = r#"{"status":"ok"}"#;

/// How long `/readyz` waits for a database connection and `SELECT 1`.
const READINESS_DB_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// The database and (when configured) Redis answer.
///
/// Needs no credentials. 503 while the database (or a configured Redis) does not answer.
#[utoipa::path(tag = "Operations", operation_id = "readyz",
    responses(
        (status = 200, description = "Ready to serve", body = ReadinessOut),
        (status = 503, description = "A dependency is unreachable", body = ReadinessOut),
    ))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    // A working connection within a probe's patience: a pool that cannot hand one out (the
    // server refuses connections, every backend was terminated and none can be made) fails.
    let probe = async {
        use diesel_async::RunQueryDsl;
        let mut conn = state.pool.get().await.ok()?;
        diesel::sql_query("SELECT 1").execute(&mut *conn).await.ok()
    };
    let database = match tokio::time::timeout(READINESS_DB_TIMEOUT, probe).await {
        Ok(Some(_)) => "ok",
        _ => "unavailable",
    };
    let redis = match state.config.redis_url {
        None => "not_configured",
        Some(_) if state.limiter.redis_healthy().await => "ok",
        Some(_) => "unavailable",
    };
    let ready = database == "ok" && redis != "unavailable";
    let body = ReadinessOut {
        status: if ready { "ready" } else { "unavailable" },
        database,
        redis,
    };
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        let mut res = HttpResponse::ServiceUnavailable().json(body);
        // A documented body of its own, not a failure for the envelope middleware to rewrite.
        res.extensions_mut().insert(crate::error::Enveloped);
        res
    }
}

/// Prometheus metrics in the text exposition format.
///
/// Needs no credentials: restrict it at the network edge.
#[utoipa::path(tag = "Operations", operation_id = "metrics",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain", body = String)))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render(&state.gauges()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn healthz_body_is_the_serialised_health_out() {
        let serialised = serde_json::to_string(&HealthOut { status: "ok" }).ok();
        assert_eq!(serialised.as_deref(), Some(HEALTHZ_BODY));
    }
}
