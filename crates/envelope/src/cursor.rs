//! Keyset cursors: an opaque token naming the last row of a page by its sort key
//! `(created_at, id)`. The next page is "rows after this key", so rows inserted between page
//! fetches neither shift nor repeat the rows a client has still to see.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{ApiError, FieldError};

/// Version tag inside the token, so the format can change without misreading old cursors.
const VERSION: &str = "k1";

/// The sort key of the last row a page returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyset {
    pub created_at: OffsetDateTime,
    pub id: Uuid,
}

impl Keyset {
    pub fn new(created_at: OffsetDateTime, id: impl Into<Uuid>) -> Self {
        Self {
            created_at,
            id: id.into(),
        }
    }

    /// The opaque token: base64url of `k1:<unix microseconds>:<uuid>`.
    pub fn encode(&self) -> String {
        let micros = self.created_at.unix_timestamp_nanos() / 1_000;
        URL_SAFE_NO_PAD.encode(format!("{VERSION}:{micros}:{}", self.id.simple()))
    }

    /// Parses a token made by [`Keyset::encode`]; anything else is a `cursor` validation error.
    pub fn decode(token: &str) -> Result<Self, ApiError> {
        Self::parse(token).ok_or_else(|| {
            ApiError::validation(vec![FieldError::new("cursor", "is not a valid cursor")])
        })
    }

    fn parse(token: &str) -> Option<Self> {
        let raw = URL_SAFE_NO_PAD.decode(token.as_bytes()).ok()?;
        let raw = std::str::from_utf8(&raw).ok()?;
        let mut parts = raw.split(':');
        if parts.next()? != VERSION {
            return None;
        }
        let micros: i64 = parts.next()?.parse().ok()?;
        let id = Uuid::try_parse(parts.next()?).ok()?;
        if parts.next().is_some() {
            return None;
        }
        let created_at =
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000).ok()?;
        Some(Self { created_at, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_microsecond_precision() {
        let at = time::macros::datetime!(2026-12-01 10:30:00.123456 UTC);
        let key = Keyset::new(at, Uuid::now_v7());
        let token = key.encode();
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(Keyset::decode(&token), Ok(key));
    }

    #[test]
    fn rejects_anything_else_naming_the_field() {
        let valid = Keyset::new(OffsetDateTime::UNIX_EPOCH, Uuid::nil()).encode();
        let forged = [
            "",
            "abc",
            "!!!",
            &URL_SAFE_NO_PAD.encode("k2:1:00000000000000000000000000000000"),
            &URL_SAFE_NO_PAD.encode("k1:x:00000000000000000000000000000000"),
            &URL_SAFE_NO_PAD.encode("k1:1:nope"),
            &URL_SAFE_NO_PAD.encode("k1:1:00000000000000000000000000000000:extra"),
            &URL_SAFE_NO_PAD.encode(format!("k1:{}:{}", i64::MAX, Uuid::nil().simple())),
        ];
        for token in forged {
            let err = Keyset::decode(token).err();
            let field = err
                .as_ref()
                .and_then(|e| e.details.get("fields"))
                .and_then(|f| f[0]["field"].as_str().map(str::to_owned));
            assert_eq!(field.as_deref(), Some("cursor"), "{token}");
        }
        assert!(Keyset::decode(&valid).is_ok());
    }
}
