//! Records every request of the API scopes in the audit trail, after its response is known.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use time::OffsetDateTime;

use envelope::RequestId;
use fleet_domain::audit::RequestRecord;

use crate::middleware::client::{client_ip, ClientIp, RequestActor};
use crate::state::AppState;

/// Longest text kept per field.
const MAX_FIELD: usize = 1024;

fn clip(s: &str) -> String {
    if s.len() <= MAX_FIELD {
        return s.to_owned();
    }
    let mut end = MAX_FIELD;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

fn header(req: &ServiceRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(clip)
}

pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let created_at = OffsetDateTime::now_utc();
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.as_str().to_owned())
        .unwrap_or_default();
    let method = req.method().as_str().to_owned();
    let path = clip(req.path());
    let query = Some(req.query_string()).filter(|q| !q.is_empty()).map(clip);
    let ip = client_ip(&req, &state);
    // Computed once per request; authentication reads it from here.
    req.extensions_mut().insert(ClientIp(ip));
    let client_ip = ip.to_string();
    let user_agent = header(&req, "user-agent");
    let origin_app = header(&req, "x-origin-app");
    let result = next
        .call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body);
    let (status, route, actor) = match &result {
        Ok(res) => (
            res.status(),
            res.request()
                .extensions()
                .get::<crate::middleware::retry::RoutePattern>()
                .map(|p| p.0.clone())
                .or_else(|| res.request().match_pattern()),
            res.request().extensions().get::<RequestActor>().copied(),
        ),
        Err(err) => (err.as_response_error().status_code(), None, None),
    };
    let route_label = route.as_deref().unwrap_or("unmatched");
    let elapsed = started.elapsed();
    state
        .metrics
        .requests
        .with_label_values(&[route_label, method.as_str(), status.as_str()])
        .inc();
    state
        .metrics
        .latency
        .with_label_values(&[route_label])
        .observe(elapsed.as_secs_f64());
    let record = RequestRecord {
        id: uuid::Uuid::now_v7(),
        tenant_id: actor.map(|a| a.tenant.0),
        request_id,
        api_key_id: actor.and_then(|a| a.key).map(|k| k.0),
        operator_id: actor.and_then(|a| a.operator).map(|o| o.0),
        method,
        route,
        path,
        query,
        status: i32::from(status.as_u16()),
        duration_ms: i32::try_from(elapsed.as_millis()).unwrap_or(i32::MAX),
        client_ip,
        user_agent,
        origin_app,
        created_at,
    };
    state.request_log.record(record).await;
    result
}
