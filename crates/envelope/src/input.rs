//! Input rules every surface shares: one RFC 3339 timestamp parser and one way to tell an
//! explicit `null` from an absent field. Handlers and services call these instead of
//! writing their own, so the same input is accepted (or refused) the same way everywhere.

use serde::{Deserialize, Deserializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::ApiError;

/// What a client is told when a timestamp does not parse.
pub const RFC3339_MESSAGE: &str = "must be an RFC 3339 timestamp";

/// Parses an RFC 3339 timestamp (`2026-05-01T12:00:00Z`, any offset); surrounding white
/// space is ignored. `None` when it does not parse.
pub fn parse_rfc3339(raw: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(raw.trim(), &Rfc3339).ok()
}

/// [`parse_rfc3339`] for a named input field: a `VALIDATION_ERROR` naming the field when
/// it does not parse.
pub fn rfc3339_field(field: &str, raw: &str) -> Result<OffsetDateTime, ApiError> {
    parse_rfc3339(raw).ok_or_else(|| ApiError::invalid_field(field, RFC3339_MESSAGE))
}

/// Serde helper for PATCH bodies: `Some(None)` for an explicit `null`, `None` when the
/// field is absent (use with `#[serde(default, deserialize_with = "nullable")]`).
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_offset_and_ignores_surrounding_space() {
        let a = parse_rfc3339(" 2026-05-01T12:00:00Z ").unwrap();
        let b = parse_rfc3339("2026-05-01T14:00:00+02:00").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn refuses_what_is_not_rfc3339_and_names_the_field() {
        assert!(parse_rfc3339("2026-05-01").is_none());
        assert!(parse_rfc3339("1714564800").is_none());
        let err = rfc3339_field("from", "yesterday").unwrap_err();
        assert_eq!(
            err.details["fields"][0]["field"], "from",
            "{:?}",
            err.details
        );
    }

    #[derive(Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "nullable")]
        note: Option<Option<String>>,
    }

    #[test]
    fn nullable_tells_null_from_absent() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        let null: Patch = serde_json::from_str(r#"{"note":null}"#).unwrap();
        let set: Patch = serde_json::from_str(r#"{"note":"x"}"#).unwrap();
        assert_eq!(absent.note, None);
        assert_eq!(null.note, Some(None));
        assert_eq!(set.note, Some(Some("x".into())));
    }
}
