//! Request ids: `req_` + 32 hex characters of a UUID v7, or a sane client-supplied value.

use std::fmt;

/// The id of one request, echoed in `X-Request-Id` and `meta.request_id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

/// Longest client-supplied request id we keep.
const MAX_CLIENT_ID_LEN: usize = 128;

impl RequestId {
    /// A new, time-ordered request id.
    pub fn generate() -> Self {
        Self(format!("req_{}", uuid::Uuid::now_v7().simple()))
    }

    /// Keeps a client-supplied id when it is of sane form: 1–128 characters of
    /// `[A-Za-z0-9._:-]`. Anything else is ignored so it cannot inject into logs or headers.
    pub fn from_client(raw: &str) -> Option<Self> {
        let ok = !raw.is_empty()
            && raw.len() <= MAX_CLIENT_ID_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
        ok.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_have_the_documented_form() {
        let id = RequestId::generate();
        assert!(id.as_str().starts_with("req_"));
        assert_eq!(id.as_str().len(), 36);
        assert_ne!(id, RequestId::generate());
    }

    #[test]
    fn client_ids_are_kept_only_when_sane() {
        assert_eq!(
            RequestId::from_client("abc-123_x.y:z").map(|r| r.0),
            Some("abc-123_x.y:z".to_owned())
        );
        for bad in ["", "has space", "new\nline", "ünï", &"a".repeat(129)] {
            assert!(RequestId::from_client(bad).is_none(), "{bad:?}");
        }
        assert!(RequestId::from_client(&"a".repeat(128)).is_some());
    }
}
