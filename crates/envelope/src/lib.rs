//! The wire envelope every Fleetgate API speaks: `{"data", "meta"}` on success,
//! `{"data", "pagination", "meta"}` for lists and `{"error", "meta"}` on failure, the
//! error codes of the contract (SPEC §3), pagination types and request ids.
//!
//! Framework-free: the gateway turns these values into HTTP responses in one place.

mod cursor;
mod error;
mod input;
mod pagination;
mod request_id;
mod response;

pub use cursor::Keyset;
pub use error::{ApiError, ErrorBody, ErrorCode, ErrorEnvelope, FieldError};
pub use input::{nullable, parse_rfc3339, rfc3339_field, RFC3339_MESSAGE};
pub use pagination::{
    parse_limit, CursorPagination, PageOnlyParams, PagePagination, PageParams, PageRequest,
    Pagination, DEFAULT_LIMIT, MAX_LIMIT,
};
pub use request_id::RequestId;
pub use response::{DataEnvelope, ListEnvelope, Meta};

/// Formats an instant as RFC 3339 in UTC with whole seconds (`2025-01-15T10:30:00Z`), the
/// form the product documents use in `meta.timestamp` and rate-limit headers.
pub fn rfc3339_seconds(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_whole_seconds() {
        let at = time::macros::datetime!(2025-01-15 11:30:00.999 +01:00);
        assert_eq!(rfc3339_seconds(at), "2025-01-15T10:30:00Z");
    }
}
