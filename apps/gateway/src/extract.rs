//! Extractors: the authenticated principal, JSON/query/path error handling.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, error::JsonPayloadError, FromRequest, HttpMessage, HttpRequest};
use envelope::{ApiError, ErrorCode};
use fleet_domain::Principal;

use crate::error::HttpError;

/// A value the middleware stored in the request; its absence is a wiring bug (500).
fn from_extensions<T: Clone + 'static>(req: &HttpRequest, what: &str) -> Result<T, HttpError> {
    req.extensions()
        .get::<T>()
        .cloned()
        .ok_or_else(|| crate::error::internal(format!("route without {what}")))
}

/// The caller, as authenticated by the auth middleware.
pub struct Auth(pub Principal);

impl FromRequest for Auth {
    type Error = HttpError;
    type Future = Ready<Result<Self, HttpError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(from_extensions(req, "authentication").map(Auth))
    }
}

/// The verified key behind the request (key-authenticated routes only).
pub struct Verified(pub keys::VerifiedKey);

impl FromRequest for Verified {
    type Error = HttpError;
    type Future = Ready<Result<Self, HttpError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(from_extensions(req, "key authentication").map(Verified))
    }
}

/// JSON bodies: at most `limit` bytes, `application/json`, failures in the envelope.
pub fn json_config(limit: usize) -> actix_web::web::JsonConfig {
    actix_web::web::JsonConfig::default()
        .limit(limit)
        .error_handler(json_error)
}

/// Query strings: failures in the envelope.
pub fn query_config() -> actix_web::web::QueryConfig {
    actix_web::web::QueryConfig::default().error_handler(query_error)
}

/// Path parameters: failures in the envelope.
pub fn path_config() -> actix_web::web::PathConfig {
    actix_web::web::PathConfig::default().error_handler(path_error)
}

/// Malformed, oversized or mistyped JSON bodies, as the envelope.
pub fn json_error(err: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => {
            ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large")
                .with("limit_bytes", *limit)
        }
        JsonPayloadError::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body with Content-Type: application/json",
        ),
        JsonPayloadError::Deserialize(e) => {
            let field = e.to_string();
            ApiError::invalid_field("body", sanitize(&field))
        }
        _ => ApiError::invalid_field("body", "is not valid JSON"),
    };
    HttpError(api).into()
}

/// Query strings that do not parse, as the envelope.
pub fn query_error(err: actix_web::error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    HttpError(ApiError::invalid_field("query", sanitize(&err.to_string()))).into()
}

/// Path segments that do not parse (e.g. a malformed id), as the envelope.
pub fn path_error(err: actix_web::error::PathError, _: &HttpRequest) -> actix_web::Error {
    HttpError(ApiError::invalid_field("path", sanitize(&err.to_string()))).into()
}

/// Parser messages are safe to show but can echo long input; keep them short.
fn sanitize(message: &str) -> String {
    message.chars().take(300).collect()
}

/// `Some(None)` for an explicit `null`, `None` when the field is absent.
pub fn nullable<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}
