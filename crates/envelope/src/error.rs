//! The error codes of the contract (SPEC §3) and the error envelope.

use serde::Serialize;
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use crate::Meta;

/// Every error code a client can receive. The HTTP status is a function of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    ValidationError,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    InsufficientFunds,
    IdempotencyInProgress,
    PayloadTooLarge,
    UnsupportedMediaType,
    IdempotencyKeyReused,
    RideEndNotAllowed,
    RateLimitExceeded,
    InternalError,
    ServiceUnavailable,
    /// The request body did not arrive within the body read timeout.
    RequestTimeout,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 16] = [
        Self::ValidationError,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::Conflict,
        Self::InsufficientFunds,
        Self::IdempotencyInProgress,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::IdempotencyKeyReused,
        Self::RideEndNotAllowed,
        Self::RateLimitExceeded,
        Self::InternalError,
        Self::ServiceUnavailable,
        Self::RequestTimeout,
    ];

    /// The HTTP status that carries this code.
    pub fn status(self) -> u16 {
        match self {
            Self::ValidationError => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict | Self::InsufficientFunds | Self::IdempotencyInProgress => 409,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::IdempotencyKeyReused | Self::RideEndNotAllowed => 422,
            Self::RateLimitExceeded => 429,
            Self::InternalError => 500,
            Self::ServiceUnavailable => 503,
            Self::RequestTimeout => 408,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationError => "VALIDATION_ERROR",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::Conflict => "CONFLICT",
            Self::InsufficientFunds => "INSUFFICIENT_FUNDS",
            Self::IdempotencyInProgress => "IDEMPOTENCY_IN_PROGRESS",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
            Self::RideEndNotAllowed => "RIDE_END_NOT_ALLOWED",
            Self::RateLimitExceeded => "RATE_LIMIT_EXCEEDED",
            Self::InternalError => "INTERNAL_ERROR",
            Self::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Self::RequestTimeout => "REQUEST_TIMEOUT",
        }
    }

    /// The code a bare HTTP status maps to, for failures raised by the framework itself.
    pub fn for_status(status: u16) -> Self {
        match status {
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed,
            408 => Self::RequestTimeout,
            409 => Self::Conflict,
            413 => Self::PayloadTooLarge,
            415 => Self::UnsupportedMediaType,
            429 => Self::RateLimitExceeded,
            503 => Self::ServiceUnavailable,
            400..=499 => Self::ValidationError,
            _ => Self::InternalError,
        }
    }
}

/// One invalid input field in a `VALIDATION_ERROR`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field as the client named it (`limit`, `body.permissions[2]`, `X-Subaccount-Id`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A failure as the client will see it: code, human message, machine-readable details.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Map<String, Value>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Map::new(),
        }
    }

    /// Adds one entry to `details`.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [one] => format!("Invalid {}: {}", one.field, one.message),
            _ => "The request is invalid".to_owned(),
        };
        Self::new(ErrorCode::ValidationError, message).with("fields", json!(fields))
    }

    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    pub fn unauthorized(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message).with("reason", reason)
    }

    pub fn forbidden(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message).with("reason", reason)
    }

    /// `404` for an id of a named resource: `details` carries `<resource>_id`.
    pub fn not_found(resource: &str, id: impl Into<Value>) -> Self {
        let mut title = resource.replace('_', " ");
        if let Some(first) = title.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Self::new(ErrorCode::NotFound, format!("{title} not found"))
            .with(&format!("{resource}_id"), id)
    }

    pub fn internal() -> Self {
        Self::new(ErrorCode::InternalError, "An internal error occurred")
    }

    pub fn unavailable() -> Self {
        Self::new(
            ErrorCode::ServiceUnavailable,
            "The service is temporarily unavailable",
        )
    }

    /// The full error envelope.
    pub fn envelope(&self, meta: Meta) -> ErrorEnvelope {
        ErrorEnvelope {
            error: ErrorBody {
                code: self.code,
                message: self.message.clone(),
                details: self.details.clone(),
            },
            meta,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    #[schema(example = "Vehicle not found")]
    pub message: String,
    /// Machine-readable context: `reason`, `fields`, `required`, `limit`, … (see the error guide).
    #[schema(value_type = Object)]
    pub details: Map<String, Value>,
}

/// `{"error": {"code", "message", "details"}, "meta": {…}}`
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
    pub meta: Meta,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_the_contract_spells_them() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).ok(), Some(json!(code.as_str())));
            // 422 has only specific codes, never raised by the framework itself.
            if code.status() != 422 {
                assert_eq!(ErrorCode::for_status(code.status()).status(), code.status());
            }
        }
        assert_eq!(ErrorCode::for_status(418), ErrorCode::ValidationError);
        assert_eq!(ErrorCode::for_status(502), ErrorCode::InternalError);
    }

    #[test]
    fn not_found_names_the_resource_and_id() {
        let e = ApiError::not_found("vehicle", "abc");
        assert_eq!(e.message, "Vehicle not found");
        assert_eq!(e.details.get("vehicle_id"), Some(&json!("abc")));
        assert_eq!(e.status(), 404);
    }

    #[test]
    fn validation_lists_fields() {
        let e = ApiError::invalid_field("limit", "must be between 1 and 100");
        assert_eq!(e.message, "Invalid limit: must be between 1 and 100");
        assert_eq!(
            e.details.get("fields"),
            Some(&json!([{"field": "limit", "message": "must be between 1 and 100"}]))
        );
    }
}
