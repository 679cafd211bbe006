//! The one mapping from every crate's errors to the envelope (SPEC §3).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

use envelope::{ApiError, ErrorCode};

/// An error on its way to the client. Internal causes are logged here, never sent.
#[derive(Debug)]
pub struct HttpError(pub ApiError);

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<ApiError> for HttpError {
    fn from(err: ApiError) -> Self {
        Self(err)
    }
}

impl ResponseError for HttpError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        self.error_response_with(&crate::context::request_id())
    }
}

impl HttpError {
    /// The envelope response, with `meta.request_id` = `request_id`.
    pub fn error_response_with(&self, request_id: &envelope::RequestId) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        if let Some(retry) = self.0.details.get("retry_after").and_then(|v| v.as_u64()) {
            if self.0.code == ErrorCode::RateLimitExceeded {
                res.insert_header((header::RETRY_AFTER, retry.to_string()));
            }
        }
        if self.0.code == ErrorCode::ServiceUnavailable {
            res.insert_header((
                header::RETRY_AFTER,
                UNAVAILABLE_RETRY_AFTER_SECS.to_string(),
            ));
        }
        let mut res = res.json(self.0.envelope(envelope::Meta::new(request_id)));
        res.extensions_mut().insert(Enveloped);
        res
    }
}

/// Marks an error response whose body is already final (the error envelope, or a documented
/// body such as `/readyz`'s), so the envelope middleware leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct Enveloped;

/// Logs an internal failure with the request id and returns the opaque 500.
pub fn internal(cause: impl std::fmt::Display) -> HttpError {
    tracing::error!(request_id = %crate::context::request_id(), error = %cause, "internal error");
    HttpError(ApiError::internal())
}

/// `Retry-After` on `503 SERVICE_UNAVAILABLE`: the pool replaces dead connections at once, so
/// a database that is back answers the next attempt.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 1;

/// The database connection failed under the request (terminated backend, closed socket):
/// `503`, and a read is retried once ([`crate::middleware::retry`]).
fn connection_lost(cause: impl std::fmt::Display) -> HttpError {
    crate::middleware::retry::note_connection_lost();
    tracing::warn!(request_id = %crate::context::request_id(), error = %cause, "database connection lost");
    HttpError(ApiError::unavailable())
}

fn unavailable(cause: impl std::fmt::Display) -> HttpError {
    tracing::error!(request_id = %crate::context::request_id(), error = %cause, "database unavailable");
    HttpError(ApiError::unavailable())
}

impl From<diesel::result::Error> for HttpError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => HttpError(ApiError::new(ErrorCode::NotFound, "Not found")),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => HttpError(
                ApiError::new(ErrorCode::Conflict, "The resource already exists"),
            ),
            ref e if db::is_connection_error(e) => connection_lost(err),
            other => internal(other),
        }
    }
}

impl From<db::DbError> for HttpError {
    fn from(err: db::DbError) -> Self {
        match err {
            db::DbError::Query(e) => e.into(),
            db::DbError::InvalidUrl(_) | db::DbError::Migration(_) => internal(err),
            db::DbError::Connect(_) | db::DbError::Pool(_) => unavailable(err),
        }
    }
}

impl From<bb8::RunError<diesel_async::pooled_connection::PoolError>> for HttpError {
    fn from(err: bb8::RunError<diesel_async::pooled_connection::PoolError>) -> Self {
        unavailable(err)
    }
}

impl From<fleet_domain::Error> for HttpError {
    fn from(err: fleet_domain::Error) -> Self {
        use fleet_domain::Error as E;
        HttpError(match err {
            E::NotFound { resource, id } => ApiError::not_found(resource, id),
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::MissingPermission(p) => missing_permission(p),
            E::SubaccountNotAllowed(id) => subaccount_not_allowed(id),
            E::SubaccountRequired => ApiError::invalid_field(
                "X-Subaccount-Id",
                "several subaccounts are in reach: choose one with the body's subaccount_id or, for a global key, the X-Subaccount-Id header",
            ),
            E::Duplicate(what) => {
                ApiError::new(ErrorCode::Conflict, format!("{what} already exists"))
            }
            E::Conflict {
                resource,
                id,
                current_status,
                message,
            } => ApiError::new(ErrorCode::Conflict, message)
                .with(&format!("{resource}_id"), id)
                .with("current_status", current_status),
            E::Internal(cause) => return internal(cause),
            E::Database(e) => return e.into(),
        })
    }
}

impl From<telematics::Error> for HttpError {
    fn from(err: telematics::Error) -> Self {
        match err {
            telematics::Error::Domain(e) => e.into(),
            telematics::Error::Unavailable(cause) => unavailable(cause),
            telematics::Error::BatchFailed(cause) => internal(cause),
        }
    }
}

pub fn missing_permission(p: fleet_domain::Permission) -> ApiError {
    ApiError::forbidden(
        "missing_permission",
        format!("This API key lacks the {p} permission"),
    )
    .with("required", p.as_str())
}

fn subaccount_not_allowed(id: fleet_domain::SubaccountId) -> ApiError {
    ApiError::forbidden(
        "subaccount_not_allowed",
        "This API key may not access the requested subaccount",
    )
    .with("subaccount_id", id.to_string())
}

impl From<keys::Error> for HttpError {
    fn from(err: keys::Error) -> Self {
        use keys::Error as E;
        HttpError(match err {
            E::MissingKey => ApiError::unauthorized(
                "missing_api_key",
                "Send your API key in the X-Partner-Api-Key header",
            ),
            E::InvalidKey => ApiError::unauthorized("invalid_api_key", "The API key is not valid"),
            E::RevokedKey => {
                ApiError::unauthorized("revoked_api_key", "The API key has been revoked")
            }
            E::ExpiredKey => ApiError::unauthorized("expired_api_key", "The API key has expired"),
            E::DisabledKey => ApiError::unauthorized("disabled_api_key", "The API key is disabled"),
            E::IpNotAllowed => ApiError::forbidden(
                "ip_not_allowed",
                "Requests from this IP address are not allowed for this API key",
            ),
            E::TenantInactive => {
                ApiError::forbidden("tenant_inactive", "The account is not active")
            }
            E::SubaccountNotAllowed(id) => subaccount_not_allowed(id),
            E::MissingPermission(p) => missing_permission(p),
            E::CannotGrant(what) => {
                ApiError::forbidden("missing_permission", format!("A key cannot grant {what}"))
            }
            E::NotFound(id) => ApiError::not_found("api_key", id.to_string()),
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::TooManyKeys { max } => ApiError::new(
                ErrorCode::Conflict,
                format!("The account already holds its maximum of {max} API keys"),
            )
            .with("max_api_keys", max),
            E::AlreadyRevoked(id) => ApiError::new(
                ErrorCode::Conflict,
                "The API key is revoked and cannot change",
            )
            .with("api_key_id", id.to_string())
            .with("current_status", "revoked"),
            E::Secret(e) => return internal(e),
            E::InvalidCredentials => ApiError::unauthorized(
                "invalid_credentials",
                "The email or password is not correct",
            ),
            E::LockedOut(decision) => {
                let t = &decision.tightest;
                return rate_limited(
                    t.window.as_str(),
                    t.limit,
                    decision.retry_after_secs.max(1),
                    &envelope::rfc3339_seconds(t.reset),
                );
            }
            E::MissingSession => ApiError::unauthorized(
                "missing_session",
                "Sign in with POST /api/admin/v1/auth/login and send Authorization: Bearer <token>",
            ),
            E::InvalidSession => {
                ApiError::unauthorized("invalid_session", "The session token is not valid")
            }
            E::ExpiredSession => {
                ApiError::unauthorized("expired_session", "The session has expired; sign in again")
            }
            E::RoleRequired(role) => ApiError::forbidden(
                "insufficient_role",
                format!("This requires the {} role", role.as_str()),
            )
            .with("required_role", role.as_str()),
            E::OperatorNotFound(id) => ApiError::not_found("operator", id.to_string()),
            E::DuplicateEmail => ApiError::new(
                ErrorCode::Conflict,
                "An operator with this email already exists",
            ),
            E::LastOwner => ApiError::new(
                ErrorCode::Conflict,
                "The account must keep at least one owner",
            ),
            E::Hash(e) => return internal(e),
            E::Domain(e) => return e.into(),
            E::Database(e) => return e.into(),
            E::Unavailable(e) => return unavailable(e),
        })
    }
}

impl From<wallet::Error> for HttpError {
    fn from(err: wallet::Error) -> Self {
        use wallet::Error as E;
        HttpError(match err {
            E::NotFound(id) => ApiError::not_found("customer", id.to_string()),
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::InsufficientFunds {
                balance_cents,
                required_cents,
            } => ApiError::new(
                ErrorCode::InsufficientFunds,
                "The wallet balance does not cover this amount",
            )
            .with("balance_cents", balance_cents)
            .with("required_cents", required_cents),
            E::Domain(e) => return e.into(),
            E::Database(e) => return e.into(),
        })
    }
}

impl From<keys::tokens::TokenError> for HttpError {
    fn from(err: keys::tokens::TokenError) -> Self {
        use keys::tokens::TokenError as E;
        HttpError(match err {
            E::Invalid => ApiError::unauthorized("invalid_token", "The token is not valid"),
            E::Expired => ApiError::unauthorized("expired_token", "The token has expired"),
            E::Signing => return internal(err),
        })
    }
}

impl From<webhooks::Error> for HttpError {
    fn from(err: webhooks::Error) -> Self {
        use webhooks::Error as E;
        match err {
            E::Domain(e) => e.into(),
            E::Url(refused) => HttpError(ApiError::invalid_field("url", refused.0)),
            E::Secret(e) => internal(e),
            E::Unavailable(e) => unavailable(e),
            E::Database(e) => e.into(),
        }
    }
}

impl From<rides::Error> for HttpError {
    fn from(err: rides::Error) -> Self {
        use rides::Error as E;
        HttpError(match err {
            E::NotFound { resource, id } => ApiError::not_found(resource, id),
            E::Invalid { field, message } => ApiError::invalid_field(field, message),
            E::CustomerBlocked(id) => ApiError::new(ErrorCode::Conflict, "The customer is blocked")
                .with("customer_id", id.to_string())
                .with("current_status", "blocked"),
            E::CustomerInRide { customer, ride } => ApiError::new(
                ErrorCode::Conflict,
                "The customer already has an unfinished ride",
            )
            .with("customer_id", customer.to_string())
            .with("ride_id", ride.to_string()),
            E::VehicleNotAvailable { vehicle, current } => ApiError::new(
                ErrorCode::Conflict,
                format!("The vehicle is {}", current.as_str()),
            )
            .with("vehicle_id", vehicle.to_string())
            .with("current_status", current.as_str()),
            E::BatteryTooLow {
                vehicle,
                battery_percent,
                required_percent,
            } => ApiError::new(
                ErrorCode::Conflict,
                format!("The vehicle's battery ({battery_percent} %) is below the {required_percent} % needed to start"),
            )
            .with("vehicle_id", vehicle.to_string())
            .with("battery_percent", battery_percent)
            .with("required_percent", required_percent),
            E::NoPricingPlan { vehicle_type } => ApiError::new(
                ErrorCode::Conflict,
                format!("No pricing plan for {} vehicles in this subaccount", vehicle_type.as_str()),
            )
            .with("vehicle_type", vehicle_type.as_str()),
            E::InsufficientFunds {
                balance_cents,
                required_cents,
            } => ApiError::new(
                ErrorCode::InsufficientFunds,
                "The wallet balance does not cover the unlock price",
            )
            .with("balance_cents", balance_cents)
            .with("required_cents", required_cents),
            E::Transition { ride, transition } => ApiError::new(
                ErrorCode::Conflict,
                format!("The ride is {}", transition.current.as_str()),
            )
            .with("ride_id", ride.to_string())
            .with("current_status", transition.current.as_str()),
            E::EndNotAllowed { reason, zone_id } => match reason {
                rides::EndRefusal::NoParkingZone => ApiError::new(
                    ErrorCode::RideEndNotAllowed,
                    "The ride cannot end inside a no-parking zone",
                )
                .with("reason", "no_parking_zone"),
                rides::EndRefusal::OutsideOperatingArea => ApiError::new(
                    ErrorCode::RideEndNotAllowed,
                    "The ride cannot end outside the operating area",
                )
                .with("reason", "outside_operating_area"),
            }
            .with("zone_id", zone_id),
            E::Domain(e) => return e.into(),
            E::Wallet(e) => return e.into(),
            E::Telematics(e) => return e.into(),
            E::Database(e) if db::is_unique_violation(&e) => ApiError::new(
                ErrorCode::Conflict,
                "The vehicle or the customer is already in a ride",
            ),
            E::Database(e) => return e.into(),
        })
    }
}

/// `429` for a rate-limit decision.
pub fn rate_limited(window: &str, limit: u64, retry_after: u64, reset: &str) -> HttpError {
    HttpError(
        ApiError::new(
            ErrorCode::RateLimitExceeded,
            format!("Rate limit exceeded for {window} window. Retry after {reset}"),
        )
        .with("limit", limit)
        .with("window", window)
        .with("retry_after", retry_after),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn auth_errors_carry_their_reason() {
        let cases = [
            (keys::Error::MissingKey, 401, "missing_api_key"),
            (keys::Error::InvalidKey, 401, "invalid_api_key"),
            (keys::Error::RevokedKey, 401, "revoked_api_key"),
            (keys::Error::ExpiredKey, 401, "expired_api_key"),
            (keys::Error::DisabledKey, 401, "disabled_api_key"),
            (keys::Error::IpNotAllowed, 403, "ip_not_allowed"),
            (keys::Error::TenantInactive, 403, "tenant_inactive"),
        ];
        for (err, status, reason) in cases {
            let HttpError(api) = err.into();
            assert_eq!(api.status(), status);
            assert_eq!(api.details.get("reason"), Some(&json!(reason)));
        }
    }
}
