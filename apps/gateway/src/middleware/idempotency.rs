//! `Idempotency-Key` (SPEC §6) for every POST, PATCH and DELETE of the partner API. Runs inside
//! authentication (the key scope comes from the [`Principal`]). Requests without the header
//! pass through untouched, with no database work.
//!
//! With the header: the body is buffered (bounded) to fingerprint the request (SHA-256 over
//! method, path, query, `X-Subaccount-Id` and body) and put back for the handler; the key is
//! claimed in Postgres; a different request under the same key answers 422
//! `IDEMPOTENCY_KEY_REUSED`, a concurrent duplicate 409 `IDEMPOTENCY_IN_PROGRESS`, a finished
//! one its stored status and body with `Idempotent-Replayed: true`. After the handler, 2xx and
//! 4xx outcomes are stored for 24 h; 5xx outcomes release the claim so a retry runs again.
//! See `docs/idempotency.md`.

use actix_web::body::{self, BodySize, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{web, HttpMessage, HttpResponse, ResponseError};
use futures_util::StreamExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

use envelope::{ApiError, ErrorCode};
use fleet_domain::Principal;

use crate::error::{Enveloped, HttpError};
use crate::idempotency_store::{self as store, Claim, KeyRef, StoredResponse};
use crate::middleware::auth::SUBACCOUNT_HEADER;
use crate::state::AppState;

pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// Longest accepted key.
pub const MAX_KEY_LEN: usize = 255;
/// Bodies buffered for fingerprinting are bounded by the larger of `MAX_BODY_BYTES` and the
/// largest per-route limit (telematics batches, 5 MiB); each route still applies its own.
pub const LARGEST_ROUTE_BODY: usize = 5 * 1024 * 1024;

/// `Idempotency-Key`: makes a POST, PATCH or DELETE safe to retry (SPEC §6).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKeyHeader {
    /// 1–255 visible ASCII characters, unique per request you mean (e.g. a UUID). Retrying
    /// with the same key and the same request replays the first outcome
    /// (`Idempotent-Replayed: true`) for 24 h.
    #[serde(rename = "Idempotency-Key")]
    #[param(value_type = String, required = false, min_length = 1, max_length = 255, pattern = "^[\\x21-\\x7E]{1,255}$")]
    #[allow(dead_code)]
    idempotency_key: Option<String>,
}

pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !matches!(*req.method(), Method::POST | Method::PATCH | Method::DELETE)
        || !req.headers().contains_key(IDEMPOTENCY_KEY_HEADER)
    {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let key = match parse_key(req.headers()) {
        Ok(key) => key,
        Err(err) => return Ok(reject(req, err)),
    };
    let principal = req.extensions().get::<Principal>().cloned();
    let (Some(principal), Some(state)) =
        (principal, req.app_data::<web::Data<AppState>>().cloned())
    else {
        return Ok(reject(
            req,
            crate::error::internal("idempotency without authentication"),
        ));
    };
    let Some(api_key) = principal.key_id() else {
        // Operators (management API) are not keyed: nothing to scope the key by.
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let cap = body_cap(state.config.max_body_bytes);
    let body = match read_body(&mut req, cap).await {
        Ok(body) => body,
        Err(err) => return Ok(reject(req, err)),
    };
    let fingerprint = fingerprint(&req, &body);
    req.set_payload(Payload::from(body));
    let key_ref = KeyRef {
        tenant: principal.tenant_id(),
        api_key,
        key: &key,
    };
    let claim = {
        // Released before the handler runs: it takes its own connection.
        let mut conn = match state.pool.get().await {
            Ok(conn) => conn,
            Err(e) => return Ok(reject(req, HttpError::from(e))),
        };
        store::claim(&mut conn, key_ref, &fingerprint).await
    };
    let claim_id = match claim {
        Ok(Claim::Claimed(id)) => id,
        Ok(Claim::Mismatch) => {
            let err = ApiError::new(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was already used for a different request",
            )
            .with("idempotency_key", key.clone());
            return Ok(reject(req, HttpError(err)));
        }
        Ok(Claim::InProgress) => {
            let err = ApiError::new(
                ErrorCode::IdempotencyInProgress,
                "A request with this Idempotency-Key is still in progress; retry later",
            )
            .with("idempotency_key", key.clone());
            return Ok(reject(req, HttpError(err)));
        }
        Ok(Claim::Completed(stored)) => return Ok(replay(req, stored)),
        Err(e) => return Ok(reject(req, HttpError::from(e))),
    };
    let outcome = next.call(req).await;
    let res = match outcome {
        Ok(res) => res.map_into_boxed_body(),
        Err(err) => {
            release(&state, key_ref, claim_id).await;
            return Err(err);
        }
    };
    let status = res.status();
    let size = res.response().body().size();
    if decide(status, size, cap) == Decision::Release {
        release(&state, key_ref, claim_id).await;
        return Ok(res);
    }
    let (http_req, response) = res.into_parts();
    let (response, body) = response.into_parts();
    let bytes = match body::to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(e) => {
            release(&state, key_ref, claim_id).await;
            let err = crate::error::internal(format!("reading the response body: {e}"));
            return Ok(ServiceResponse::new(http_req, err.error_response()));
        }
    };
    let stored = StoredResponse {
        status: status.as_u16(),
        content_type: response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: bytes.to_vec(),
    };
    match state.pool.get().await {
        Ok(mut conn) => match store::complete(&mut conn, key_ref, claim_id, &stored).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                request_id = %crate::context::request_id(),
                "idempotency claim was taken over before the response was stored"
            ),
            Err(e) => tracing::error!(
                request_id = %crate::context::request_id(),
                error = %e,
                "storing the idempotent response failed"
            ),
        },
        Err(e) => tracing::error!(
            request_id = %crate::context::request_id(),
            error = %e,
            "storing the idempotent response failed"
        ),
    }
    Ok(ServiceResponse::new(
        http_req,
        response.set_body(BoxBody::new(bytes)),
    ))
}

/// What to do with a finished request's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Store the response for replay.
    Store,
    /// Delete the claim: a retry runs again.
    Release,
}

/// 2xx–4xx outcomes with a body of known size within `cap` are stored; 5xx (and anything
/// that cannot be replayed faithfully: streams, oversized bodies) are not.
pub fn decide(status: StatusCode, size: BodySize, cap: usize) -> Decision {
    let storable_status = (200..500).contains(&status.as_u16());
    let storable_body = match size {
        BodySize::None => true,
        BodySize::Sized(n) => usize::try_from(n).is_ok_and(|n| n <= cap),
        BodySize::Stream => false,
    };
    if storable_status && storable_body {
        Decision::Store
    } else {
        Decision::Release
    }
}

pub fn body_cap(max_body_bytes: usize) -> usize {
    max_body_bytes.max(LARGEST_ROUTE_BODY)
}

/// The header's value: exactly one, 1–255 visible ASCII characters (0x21–0x7E).
pub fn parse_key(headers: &HeaderMap) -> Result<String, HttpError> {
    let invalid = || {
        HttpError(ApiError::invalid_field(
            "Idempotency-Key",
            "must be 1-255 visible ASCII characters (sent once)",
        ))
    };
    let mut values = headers.get_all(IDEMPOTENCY_KEY_HEADER);
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(invalid());
    };
    let bytes = value.as_bytes();
    if bytes.is_empty()
        || bytes.len() > MAX_KEY_LEN
        || !bytes.iter().all(|b| (0x21..=0x7e).contains(b))
    {
        return Err(invalid());
    }
    // Visible ASCII is valid UTF-8.
    value.to_str().map(str::to_owned).map_err(|_| invalid())
}

async fn read_body(req: &mut ServiceRequest, cap: usize) -> Result<Bytes, HttpError> {
    let too_large = || {
        HttpError(
            ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large")
                .with("limit_bytes", cap),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > cap as u64) {
        return Err(too_large());
    }
    let mut payload = req.take_payload();
    let mut buf = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| HttpError(ApiError::invalid_field("body", "could not be read")))?;
        if buf.len() + chunk.len() > cap {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// SHA-256 over the length-prefixed method, path, query, `X-Subaccount-Id` and body.
pub fn fingerprint(req: &ServiceRequest, body: &[u8]) -> [u8; 32] {
    let subaccount = req
        .headers()
        .get(SUBACCOUNT_HEADER)
        .map(HeaderValue::as_bytes)
        .unwrap_or_default();
    let mut hash = Sha256::new();
    for part in [
        req.method().as_str().as_bytes(),
        req.path().as_bytes(),
        req.query_string().as_bytes(),
        subaccount,
        body,
    ] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.finalize().into()
}

fn reject(req: ServiceRequest, err: HttpError) -> ServiceResponse<BoxBody> {
    let res = err.error_response();
    ServiceResponse::new(req.into_parts().0, res)
}

fn replay(req: ServiceRequest, stored: StoredResponse) -> ServiceResponse<BoxBody> {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = HttpResponse::build(status);
    if let Some(content_type) = stored
        .content_type
        .as_deref()
        .and_then(|ct| HeaderValue::from_str(ct).ok())
    {
        builder.insert_header((header::CONTENT_TYPE, content_type));
    }
    builder.insert_header((REPLAYED_HEADER, "true"));
    let mut res = builder.body(stored.body);
    // The stored body is final (for 4xx: the original error envelope).
    res.extensions_mut().insert(Enveloped);
    ServiceResponse::new(req.into_parts().0, res)
}

async fn release(state: &AppState, key: KeyRef<'_>, claim_id: uuid::Uuid) {
    let result = match state.pool.get().await {
        Ok(mut conn) => store::release(&mut conn, key, claim_id)
            .await
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(e) = result {
        // The claim then ends as abandoned (re-claimable after ABANDONED_AFTER).
        tracing::error!(request_id = %crate::context::request_id(), error = %e, "releasing an idempotency claim failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderName;

    #[test]
    fn only_non_5xx_replayable_bodies_are_stored() {
        let cap = 1024;
        for status in [200, 201, 204, 400, 404, 409, 422, 499] {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            assert_eq!(decide(status, BodySize::Sized(10), cap), Decision::Store);
            assert_eq!(decide(status, BodySize::None, cap), Decision::Store);
        }
        for status in [500, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            assert_eq!(decide(status, BodySize::Sized(10), cap), Decision::Release);
        }
        assert_eq!(
            decide(StatusCode::OK, BodySize::Stream, cap),
            Decision::Release
        );
        assert_eq!(
            decide(StatusCode::OK, BodySize::Sized(1025), cap),
            Decision::Release
        );
        assert_eq!(
            decide(StatusCode::OK, BodySize::Sized(1024), cap),
            Decision::Store
        );
    }

    #[test]
    fn fingerprints_cover_method_path_query_subaccount_and_body() {
        use actix_web::test::TestRequest;
        let fp = |method: Method, uri: &str, sub: Option<&str>, body: &[u8]| {
            let mut req = TestRequest::default().method(method).uri(uri);
            if let Some(sub) = sub {
                req = req.insert_header((SUBACCOUNT_HEADER, sub));
            }
            fingerprint(&req.to_srv_request(), body)
        };
        let base = fp(Method::POST, "/a/b?x=1", None, b"{}");
        assert_eq!(base, fp(Method::POST, "/a/b?x=1", None, b"{}"));
        for other in [
            fp(Method::PATCH, "/a/b?x=1", None, b"{}"),
            fp(Method::POST, "/a/c?x=1", None, b"{}"),
            fp(Method::POST, "/a/b?x=2", None, b"{}"),
            fp(Method::POST, "/a/b", None, b"{}"),
            fp(Method::POST, "/a/b?x=1", Some("s1"), b"{}"),
            fp(Method::POST, "/a/b?x=1", None, b"{ }"),
        ] {
            assert_ne!(base, other);
        }
        // Parts are length-prefixed: moving bytes between them changes the fingerprint.
        assert_ne!(
            fp(Method::POST, "/ab?", None, b"c"),
            fp(Method::POST, "/a?b", None, b"c")
        );
    }

    #[test]
    fn keys_are_visible_ascii_sent_once() {
        let name = HeaderName::from_static(IDEMPOTENCY_KEY_HEADER);
        let with = |values: &[&[u8]]| {
            let mut map = HeaderMap::new();
            for v in values {
                if let Ok(v) = HeaderValue::from_bytes(v) {
                    map.append(name.clone(), v);
                }
            }
            parse_key(&map)
        };
        assert_eq!(with(&[b"abc-123"]).ok().as_deref(), Some("abc-123"));
        let max = vec![b'~'; 255];
        assert!(with(&[&max]).is_ok());
        let long = vec![b'a'; 256];
        for bad in [&b"a b"[..], b"\t", b"caf\xc3\xa9", &long] {
            assert!(with(&[bad]).is_err(), "{bad:?}");
        }
        assert!(with(&[b"a", b"b"]).is_err());
        assert!(with(&[]).is_err());
    }
}
