//! Extractors and the one input policy of the gateway: the authenticated principal, typed
//! path ids ([`PathId`]: a malformed id is an unknown id, 404), the `X-Subaccount-Id` header
//! parameter, and the envelope for JSON/query/path failures. A leaf of the gateway's layers:
//! routes and middleware import it, it imports only `error`.

use std::future::{ready, Ready};
use std::str::FromStr;

use actix_web::{dev::Payload, error::JsonPayloadError, FromRequest, HttpMessage, HttpRequest};
use envelope::{ApiError, ErrorCode};
use fleet_domain::Principal;

use crate::error::HttpError;

/// `X-Subaccount-Id`: selects one subaccount for a global key.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct SubaccountHeader {
    /// Narrows the request to one of the key's subaccounts (global keys): a subaccount id
    /// (UUID). Declared as a plain string with a UUID pattern, not `format: uuid`, so that
    /// generated clients send it as text (some pass a `UUID` object to the HTTP layer).
    #[serde(rename = "X-Subaccount-Id")]
    #[param(value_type = String, required = false, min_length = 36, max_length = 36, pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", example = "0192f5c3-a1b2-7c3e-9d1a-6b2f0c4d5e6f")]
    #[allow(dead_code)]
    x_subaccount_id: Option<uuid::Uuid>,
}

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

/// Path segments that do not parse: the path names nothing, so `404 NOT_FOUND` (the same
/// policy as [`PathId`]; routes use `PathId`, this covers any other typed `web::Path`).
pub fn path_error(_: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    HttpError(ApiError::new(ErrorCode::NotFound, "No such resource").with("path", clip(req.path())))
        .into()
}

/// An optional JSON object body (`POST /auth/token`, key regeneration): empty, white space
/// or `null` give `T::default()`; anything but an object is a `VALIDATION_ERROR` naming
/// `body` (serde's derive alone would also read a struct from an array such as `[60]`).
pub fn optional_object<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
) -> Result<T, HttpError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice::<Option<serde_json::Map<String, serde_json::Value>>>(body)
        .and_then(|map| map.map_or(Ok(T::default()), |m| serde_json::from_value(m.into())))
        .map_err(|e| HttpError(ApiError::invalid_field("body", sanitize(&e.to_string()))))
}

/// Parser messages are safe to show but can echo long input; keep them short.
fn sanitize(message: &str) -> String {
    message.chars().take(300).collect()
}

/// A resource addressed by a path segment (`/vehicles/{id}`): the name used in its
/// `404` (`"{RESOURCE} not found"`, `details.{RESOURCE}_id`) and the segment it is read from.
/// The names are those the services use for an unknown id, so both 404s are the same.
pub trait PathResource: FromStr {
    const RESOURCE: &'static str;
    const SEGMENT: &'static str = "id";
}

macro_rules! path_resources {
    ($($id:ty => $resource:literal $(in $segment:literal)?),* $(,)?) => {$(
        impl PathResource for $id {
            const RESOURCE: &'static str = $resource;
            $(const SEGMENT: &'static str = $segment;)?
        }
    )*};
}

path_resources! {
    fleet_domain::vehicles::VehicleId => "vehicle",
    fleet_domain::zones::ZoneId => "zone",
    fleet_domain::pricing::PricingPlanId => "pricing_plan",
    fleet_domain::customers::CustomerId => "customer",
    fleet_domain::SubaccountId => "subaccount",
    fleet_domain::OperatorId => "operator",
    fleet_domain::ApiKeyId => "api_key",
    fleet_domain::RideId => "ride",
    webhooks::EndpointId => "webhook",
    webhooks::DeliveryId => "delivery" in "delivery_id",
}

/// A typed path id, the one input policy for ids in paths: a segment that is not a
/// well-formed id names nothing, so it answers `404 NOT_FOUND` exactly like a well-formed id
/// that names no row (or one out of the caller's scope) — docs/errors.md. The segment is
/// percent-decoded first, as `web::Path` does; the id echoed in `details` is clipped.
pub struct PathId<T>(pub T);

impl<T: PathResource> PathId<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: PathResource> std::ops::Deref for PathId<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Parses one path segment as the id of `T` (the policy of [`PathId`]).
pub fn parse_path_id<T: PathResource>(raw: &str) -> Result<T, HttpError> {
    let decoded = percent_decode(raw);
    decoded
        .parse()
        .map_err(|_| HttpError(ApiError::not_found(T::RESOURCE, clip(&decoded))))
}

impl<T: PathResource> FromRequest for PathId<T> {
    type Error = HttpError;
    type Future = Ready<Result<Self, HttpError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match req.match_info().get(T::SEGMENT) {
            Some(raw) => parse_path_id(raw).map(PathId),
            None => Err(crate::error::internal(format!(
                "route without a {{{}}} segment",
                T::SEGMENT
            ))),
        })
    }
}

/// `%XX` escapes decoded (ids are ASCII; anything else stays as it came and fails to parse).
fn percent_decode(raw: &str) -> String {
    if !raw.contains('%') {
        return raw.to_owned();
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Echoed input is bounded: at most 64 characters.
fn clip(raw: &str) -> String {
    raw.chars().take(64).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use fleet_domain::vehicles::VehicleId;

    #[test]
    fn a_malformed_id_is_an_unknown_id() {
        let err = parse_path_id::<VehicleId>("not-a-uuid").unwrap_err();
        assert_eq!(err.0.code, ErrorCode::NotFound);
        assert_eq!(err.0.message, "Vehicle not found");
        assert_eq!(err.0.details["vehicle_id"], "not-a-uuid");
        let unknown = ApiError::not_found("vehicle", "not-a-uuid");
        assert_eq!(err.0.message, unknown.message);
        assert_eq!(err.0.details, unknown.details);
    }

    #[test]
    fn well_formed_ids_parse_also_when_percent_encoded() {
        let id = uuid::Uuid::now_v7();
        assert_eq!(parse_path_id::<VehicleId>(&id.to_string()).unwrap().0, id);
        let encoded = id
            .to_string()
            .replacen('-', "%2D", 1)
            .replacen('0', "%30", 1);
        assert_eq!(parse_path_id::<VehicleId>(&encoded).unwrap().0, id);
        assert_eq!(
            parse_path_id::<webhooks::DeliveryId>("%zz")
                .unwrap_err()
                .0
                .details["delivery_id"],
            "%zz"
        );
    }

    #[test]
    fn the_echoed_id_is_clipped() {
        let long = "x".repeat(500);
        let err = parse_path_id::<fleet_domain::RideId>(&long).unwrap_err();
        assert_eq!(err.0.details["ride_id"].as_str().map(str::len), Some(64));
    }
}
