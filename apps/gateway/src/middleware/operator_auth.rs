//! Operator authentication for the management API: `Authorization: Bearer <session token>`
//! (from `POST /api/admin/v1/auth/login`, the one route it lets through). Puts the signed-in
//! operator, a [`Principal`](fleet_domain::Principal) over the whole tenant and the request
//! actor (for the request log) in the request.

use std::future::{ready, Ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, ResponseError};
use time::OffsetDateTime;

use keys::operators::{Error, SignedIn};

use crate::error::HttpError;
use crate::middleware::request_log::{ClientIp, RequestActor};
use crate::state::AppState;

/// Routes reachable without a session (the sign-in itself).
pub fn is_public(path: &str) -> bool {
    path == crate::routes::admin::LOGIN_PATH
}

pub async fn operator_auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if is_public(req.path()) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(crate::error::internal("application state missing").into());
    };
    let signed_in = match admit(&state, &req).await {
        Ok(s) => s,
        Err(err) => {
            let res = err.error_response();
            return Ok(ServiceResponse::new(req.into_parts().0, res));
        }
    };
    req.extensions_mut().insert(RequestActor {
        tenant: signed_in.tenant.id,
        key: None,
        operator: Some(signed_in.operator.id),
    });
    req.extensions_mut().insert(signed_in.principal());
    req.extensions_mut().insert(signed_in);
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// Resolves the session. Unknown tokens count against the same per-IP failure budget as
/// invalid API keys (brute-force guard); once it is spent they get `429`. The session is
/// checked first, so a valid session is never refused by the guard.
async fn admit(state: &AppState, req: &ServiceRequest) -> Result<SignedIn, HttpError> {
    let token = session_token(req.headers())?;
    let ip = req
        .extensions()
        .get::<ClientIp>()
        .map(|c| c.0)
        .unwrap_or_else(|| crate::middleware::auth::client_ip(req, state));
    let result = keys::operators::service::authenticate(
        &state.pool,
        state.sessions,
        token,
        OffsetDateTime::now_utc(),
    )
    .await;
    if let Err(Error::InvalidSession) = &result {
        let limits = state.auth_failure_limits();
        let counted = state
            .limiter
            .check(&format!("authfail:{ip}"), &limits)
            .await;
        let outcome = if counted.allowed {
            "counted"
        } else {
            "refused"
        };
        state
            .metrics
            .auth_failures
            .with_label_values(&[outcome])
            .inc();
        if !counted.allowed {
            return Err(Error::LockedOut(Box::new(counted)).into());
        }
    }
    Ok(result?)
}

/// The token of `Authorization: Bearer <token>`.
fn session_token(headers: &HeaderMap) -> Result<&str, Error> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(Error::MissingSession);
    };
    let raw = value.to_str().map_err(|_| Error::InvalidSession)?.trim();
    let (scheme, token) = raw.split_once(char::is_whitespace).unwrap_or((raw, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(Error::InvalidSession);
    }
    match token.trim() {
        "" => Err(Error::MissingSession),
        token => Ok(token),
    }
}

/// The signed-in operator of a management request.
pub struct OperatorAuth(pub SignedIn);

impl FromRequest for OperatorAuth {
    type Error = HttpError;
    type Future = Ready<Result<Self, HttpError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<SignedIn>()
                .cloned()
                .map(OperatorAuth)
                .ok_or_else(|| crate::error::internal("route without operator authentication")),
        )
    }
}
