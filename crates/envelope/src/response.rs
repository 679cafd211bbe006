//! Success envelopes.

use serde::Serialize;
use utoipa::ToSchema;

use crate::{Pagination, RequestId};

/// Present on every response, errors included.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Meta {
    /// Equal to the `X-Request-Id` response header.
    #[schema(example = "req_0192f5c3a1b27c3e9d1a6b2f0c4d5e6f")]
    pub request_id: String,
    /// When the response was produced (RFC 3339, UTC).
    #[schema(example = "2025-01-15T10:30:00Z")]
    pub timestamp: String,
}

impl Meta {
    pub fn new(request_id: &RequestId) -> Self {
        Self {
            request_id: request_id.as_str().to_owned(),
            timestamp: crate::rfc3339_seconds(time::OffsetDateTime::now_utc()),
        }
    }
}

/// `{"data": …, "meta": …}`
#[derive(Debug, Serialize, ToSchema)]
pub struct DataEnvelope<T> {
    pub data: T,
    pub meta: Meta,
}

/// `{"data": [...], "pagination": …, "meta": …}`
#[derive(Debug, Serialize, ToSchema)]
pub struct ListEnvelope<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
    pub meta: Meta,
}
