//! Operator authentication for the management API: `Authorization: Bearer <session token>`
//! (from `POST /api/admin/v1/auth/login`, the one route it lets through), or the dashboard's
//! session cookie. Puts the signed-in operator, a [`Principal`](fleet_domain::Principal) over
//! the whole tenant and the request actor (for the request log) in the request.
//!
//! A session presented as a cookie is one the browser attaches by itself, so every
//! state-changing request carrying it must also prove it comes from the dashboard's own pages
//! (CSRF): an `X-CSRF-Token` header equal to [`csrf_token`] of the session (which only a page
//! of this origin can read, from the `fg_csrf` cookie) and, when the browser sends `Origin`,
//! an origin whose host is this request's host. Otherwise `403 csrf_failed`.

use std::future::{ready, Ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, ResponseError};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use envelope::ApiError;
use keys::operators::{Error, SignedIn};

use crate::error::HttpError;
use crate::middleware::client::{client_ip, ClientIp, RequestActor};
use crate::state::AppState;

/// Routes reachable without a session (the sign-in itself).
pub fn is_public(path: &str) -> bool {
    path == crate::paths::LOGIN_PATH
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
    let token = match session_token(req.headers()) {
        Err(Error::MissingSession) => match cookie(req.headers(), SESSION_COOKIE) {
            Some(token) => {
                check_csrf(req.method(), req.headers(), token)?;
                token
            }
            None => return Err(Error::MissingSession.into()),
        },
        other => other?,
    };
    let ip = req
        .extensions()
        .get::<ClientIp>()
        .map(|c| c.0)
        .unwrap_or_else(|| client_ip(req, state));
    let result = keys::operators::service::authenticate(
        &state.pool,
        state.sessions,
        token,
        OffsetDateTime::now_utc(),
    )
    .await;
    if let Err(Error::InvalidSession) = &result {
        if let Some(refused) = crate::middleware::auth::guard_refusal(state, ip).await {
            return Err(Error::LockedOut(Box::new(refused)).into());
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

/// Name of the dashboard's session cookie (`HttpOnly; SameSite=Strict; Path=/`).
pub const SESSION_COOKIE: &str = "fg_session";
/// Name of the cookie holding the CSRF token (readable by the dashboard's script).
pub const CSRF_COOKIE: &str = "fg_csrf";
/// Header a cookie-authenticated write must carry.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token bound to a session token: a one-way derivation, so knowing it reveals
/// nothing of the session, and it dies with the session.
pub fn csrf_token(session_token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"fleetgate-dashboard-csrf\0");
    h.update(session_token.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn csrf_failed(message: &str) -> HttpError {
    HttpError(ApiError::forbidden("csrf_failed", message))
}

/// Safe methods pass; any other needs the session's CSRF token in `X-CSRF-Token` and, when
/// `Origin` is sent, the same host as the request.
pub fn check_csrf(method: &Method, headers: &HeaderMap, session: &str) -> Result<(), HttpError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    check_origin(headers)?;
    let sent = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let expected = csrf_token(session);
    let same = sent.len() == expected.len()
        && sent
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !same {
        return Err(csrf_failed(
            "This request needs the dashboard's X-CSRF-Token header",
        ));
    }
    Ok(())
}

/// When the browser names the page's origin, its host must be the request's host.
pub fn check_origin(headers: &HeaderMap) -> Result<(), HttpError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    match (origin_host, host) {
        (Some(o), Some(h)) if o.eq_ignore_ascii_case(h) => Ok(()),
        _ => Err(csrf_failed("Cross-site requests are refused")),
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
