//! Partner authentication: reads the key (`X-Partner-Api-Key`, or `Authorization: Bearer`),
//! guards against brute force per client IP, verifies the key (cache first), resolves
//! `X-Subaccount-Id`, applies the key's rate limits, and puts the [`Principal`] in the request
//! for handlers. Rate-limit headers go on every authenticated response.

use std::net::IpAddr;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use time::OffsetDateTime;

use envelope::ApiError;
use fleet_domain::{Principal, SubaccountId};
use ratelimit::Decision;

use keys::VerifiedKey;

use crate::error::{rate_limited, HttpError};
use crate::middleware::client::{client_ip, ClientIp, RequestActor};
use crate::state::AppState;

pub const API_KEY_HEADER: &str = "x-partner-api-key";
pub const SUBACCOUNT_HEADER: &str = "x-subaccount-id";

pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(crate::error::internal("application state missing").into());
    };
    let known = req.extensions().get::<ClientIp>().map(|c| c.0);
    let ip = known.unwrap_or_else(|| client_ip(&req, &state));
    // Rejections are rendered here, so the request log still sees the request and route.
    let (principal, verified, decision) = match admit(&state, &req, ip).await {
        Ok(admitted) => admitted,
        Err(Rejection::Error(err)) => {
            let res = err.error_response();
            return Ok(ServiceResponse::new(req.into_parts().0, res));
        }
        Err(Rejection::Limited(decision, err)) => {
            let mut res = err.error_response();
            rate_limit_headers(res.headers_mut(), &decision);
            return Ok(ServiceResponse::new(req.into_parts().0, res));
        }
    };
    req.extensions_mut().insert(principal);
    req.extensions_mut().insert(verified);
    let mut res = next.call(req).await?.map_into_boxed_body();
    rate_limit_headers(res.headers_mut(), &decision);
    Ok(res)
}

enum Rejection {
    Error(HttpError),
    Limited(Decision, HttpError),
}

impl From<HttpError> for Rejection {
    fn from(err: HttpError) -> Self {
        Rejection::Error(err)
    }
}

impl From<keys::Error> for Rejection {
    fn from(err: keys::Error) -> Self {
        Rejection::Error(err.into())
    }
}

async fn admit(
    state: &AppState,
    req: &ServiceRequest,
    ip: IpAddr,
) -> Result<(Principal, VerifiedKey, Decision), Rejection> {
    let headers = req.headers();
    let raw = presented_key(headers)?;
    if keys::tokens::looks_like_token(raw) {
        return admit_token(state, req, ip, raw).await;
    }
    let presented = keys::Presented::new(raw);
    // Verify first: a valid key is never refused by the guard, only failures are counted.
    let verified = match state
        .verifier
        .verify_presented(&presented, ip, OffsetDateTime::now_utc())
        .await
    {
        Ok(v) => v,
        Err(keys::Error::InvalidKey) => {
            return Err(count_failure(state, ip, keys::Error::InvalidKey.into()).await)
        }
        Err(other) => return Err(other.into()),
    };
    req.extensions_mut().insert(RequestActor {
        tenant: verified.entry.tenant.id,
        key: Some(verified.id()),
        operator: None,
    });
    let selected = selected_subaccount(headers)?;
    let principal = verified.principal(selected)?;
    let decision = rate_limit(state, &verified).await?;
    Ok((principal, verified, decision))
}

/// Marks a request authenticated with a signed token rather than the key itself.
#[derive(Debug, Clone, Copy)]
pub struct TokenAuth {
    pub expires_at: OffsetDateTime,
}

/// A signed token (`POST /auth/token`) in place of the key: signature and expiry first (no
/// database), then its key through the verifier (cache first) with every check a key gets.
/// The principal is the key's as it is now, never wider than what the token carries.
async fn admit_token(
    state: &AppState,
    req: &ServiceRequest,
    ip: IpAddr,
    raw: &str,
) -> Result<(Principal, VerifiedKey, Decision), Rejection> {
    let now = OffsetDateTime::now_utc();
    let claims = match state.tokens.verify(raw, now) {
        Ok(claims) => claims,
        Err(keys::tokens::TokenError::Invalid) => {
            let invalid = HttpError::from(keys::tokens::TokenError::Invalid).into();
            return Err(count_failure(state, ip, invalid).await);
        }
        Err(other) => return Err(HttpError::from(other).into()),
    };
    let verified = state
        .verifier
        .verify_token(&claims, ip, now)
        .await?
        .ok_or_else(|| HttpError::from(keys::tokens::TokenError::Invalid))?;
    req.extensions_mut().insert(RequestActor {
        tenant: verified.entry.tenant.id,
        key: Some(verified.id()),
        operator: None,
    });
    req.extensions_mut().insert(TokenAuth {
        expires_at: claims.expires_at(),
    });
    let principal = claims.narrow(&verified, selected_subaccount(req.headers())?)?;
    let decision = rate_limit(state, &verified).await?;
    Ok((principal, verified, decision))
}

/// The key's rate limits: one check (counted in the metric); a refusal is a `429` with its
/// headers.
async fn rate_limit(state: &AppState, verified: &VerifiedKey) -> Result<Decision, Rejection> {
    let limits = state.key_limits(verified);
    let decision = state
        .limiter
        .check(&format!("key:{}", verified.id()), &limits)
        .await;
    let allowed = decision.allowed;
    let outcome = if allowed { "allowed" } else { "rejected" };
    state.metrics.rate_limit.with_label_values(&[outcome]).inc();
    if allowed {
        Ok(decision)
    } else {
        Err(limited(decision))
    }
}

/// The brute-force guard: counts one failed verification from `ip` against its failure budget
/// and answers `429` once the budget is spent, else `failure` (the plain `401`). Only failures
/// are counted and only failures are refused, so a valid key always gets through.
async fn count_failure(state: &AppState, ip: IpAddr, failure: Rejection) -> Rejection {
    match guard_refusal(state, ip).await {
        Some(decision) => limited(decision),
        None => failure,
    }
}

/// Counts one failed verification (key, token or operator session) from `ip`; returns the
/// decision when the address has spent its failure budget and must be refused. Shared by the
/// partner and the management authentication so both keep one budget and one metric.
pub(crate) async fn guard_refusal(state: &AppState, ip: IpAddr) -> Option<Decision> {
    let counted = state
        .limiter
        .check(&format!("authfail:{ip}"), &state.auth_failure_limits())
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
    (!counted.allowed).then_some(counted)
}

fn limited(decision: Decision) -> Rejection {
    let t = &decision.tightest;
    let err = rate_limited(
        t.window.as_str(),
        t.limit,
        decision.retry_after_secs.max(1),
        &envelope::rfc3339_seconds(t.reset),
    );
    Rejection::Limited(decision, err)
}

/// The key as presented, from `X-Partner-Api-Key` or `Authorization: Bearer`.
fn presented_key(headers: &HeaderMap) -> Result<&str, keys::Error> {
    if let Some(value) = headers.get(API_KEY_HEADER) {
        let key = value.to_str().map_err(|_| keys::Error::InvalidKey)?.trim();
        return if key.is_empty() {
            Err(keys::Error::MissingKey)
        } else {
            Ok(key)
        };
    }
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let raw = value.to_str().map_err(|_| keys::Error::InvalidKey)?.trim();
        // HTTP trims trailing spaces, so `Bearer` alone arrives without its separator.
        let (scheme, token) = raw.split_once(char::is_whitespace).unwrap_or((raw, ""));
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(keys::Error::InvalidKey);
        }
        let token = token.trim();
        return if token.is_empty() {
            Err(keys::Error::MissingKey)
        } else {
            Ok(token)
        };
    }
    Err(keys::Error::MissingKey)
}

fn selected_subaccount(headers: &HeaderMap) -> Result<Option<SubaccountId>, HttpError> {
    let Some(value) = headers.get(SUBACCOUNT_HEADER) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<SubaccountId>().ok())
        .map(Some)
        .ok_or_else(|| {
            HttpError(ApiError::invalid_field(
                "X-Subaccount-Id",
                "must be a subaccount id (UUID)",
            ))
        })
}

/// `X-RateLimit-*` for the window closest to exhaustion, and the IETF draft fields. Every
/// value is written into one reused buffer (this runs on every authenticated response).
fn rate_limit_headers(headers: &mut HeaderMap, decision: &Decision) {
    use std::fmt::Write;
    let t = &decision.tightest;
    let now = OffsetDateTime::now_utc();
    let seconds_to_reset = (t.reset - now).whole_seconds().max(0);
    let mut buf = String::with_capacity(96);
    let mut put = |name: &'static str, buf: &mut String| {
        if let Ok(value) = HeaderValue::from_str(buf) {
            headers.insert(HeaderName::from_static(name), value);
        }
        buf.clear();
    };
    let _ = write!(buf, "{}", t.limit);
    put("x-ratelimit-limit", &mut buf);
    let _ = write!(buf, "{}", t.remaining);
    put("x-ratelimit-remaining", &mut buf);
    buf.push_str(&envelope::rfc3339_seconds(t.reset));
    put("x-ratelimit-reset", &mut buf);
    for (i, w) in decision.windows.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(
            buf,
            "{sep}\"{}\";q={};w={}",
            w.window.as_str(),
            w.limit,
            w.window.seconds()
        );
    }
    put("ratelimit-policy", &mut buf);
    let _ = write!(
        buf,
        "\"{}\";r={};t={}",
        t.window.as_str(),
        t.remaining,
        seconds_to_reset
    );
    put("ratelimit", &mut buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            if let Ok(v) = HeaderValue::from_str(v) {
                map.insert(HeaderName::from_static(k), v);
            }
        }
        map
    }

    #[test]
    fn key_comes_from_either_header() {
        assert_eq!(
            presented_key(&headers(&[(API_KEY_HEADER, " lf_pk_x ")])).ok(),
            Some("lf_pk_x")
        );
        assert_eq!(
            presented_key(&headers(&[("authorization", "Bearer lf_pk_y")])).ok(),
            Some("lf_pk_y")
        );
        assert_eq!(
            presented_key(&headers(&[("authorization", "bearer lf_pk_y")])).ok(),
            Some("lf_pk_y")
        );
        assert!(matches!(
            presented_key(&headers(&[])),
            Err(keys::Error::MissingKey)
        ));
        assert!(matches!(
            presented_key(&headers(&[(API_KEY_HEADER, "  ")])),
            Err(keys::Error::MissingKey)
        ));
        assert!(matches!(
            presented_key(&headers(&[("authorization", "Basic abc")])),
            Err(keys::Error::InvalidKey)
        ));
    }
}
