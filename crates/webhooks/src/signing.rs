//! Signatures (SPEC §9).
//!
//! - `X-Levy-Signature: t=<unix>,v1=<hex HMAC-SHA256(key = the whole secret string,
//!   "<t>.<body>")>`, one `v1=` entry per signing secret (two during a rotation overlap).
//! - Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256(key = base64-decoded part
//!   after `whsec_`, "<id>.<t>.<body>")>`, space-separated entries.
//!
//! [`verify`] is what Rust integrators call on their side.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Prefix of every signing secret.
pub const SECRET_PREFIX: &str = "whsec_";
/// Random characters after the prefix.
pub const SECRET_BODY_LEN: usize = 32;
/// Default accepted clock difference in [`verify`].
pub const DEFAULT_TOLERANCE: std::time::Duration = std::time::Duration::from_secs(300);

/// A new `whsec_` + 32 alphanumeric characters secret from the OS CSPRNG.
pub fn generate_secret() -> Result<String, keys::secret::SecretError> {
    Ok(format!(
        "{SECRET_PREFIX}{}",
        keys::secret::random_alphanumeric(SECRET_BODY_LEN)?
    ))
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Hex HMAC of `"<t>.<body>"` keyed by the whole secret string.
pub fn levy_v1(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let t = timestamp.to_string();
    hex::encode(hmac(secret.as_bytes(), &[t.as_bytes(), b".", body]))
}

/// The `X-Levy-Signature` value for `secrets` (current first).
pub fn levy_header(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let mut h = format!("t={timestamp}");
    for s in secrets {
        h.push_str(",v1=");
        h.push_str(&levy_v1(s, timestamp, body));
    }
    h
}

/// The Standard Webhooks key: the base64-decoded part after `whsec_` (the whole string's
/// bytes if it does not decode, which never happens for generated secrets).
pub fn standard_key(secret: &str) -> Vec<u8> {
    let body = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    STANDARD
        .decode(body)
        .unwrap_or_else(|_| body.as_bytes().to_vec())
}

/// The `webhook-signature` value for `secrets` (current first).
pub fn standard_header(secrets: &[&str], msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    let t = timestamp.to_string();
    secrets
        .iter()
        .map(|s| {
            let mac = hmac(
                &standard_key(s),
                &[msg_id.as_bytes(), b".", t.as_bytes(), b".", body],
            );
            format!("v1,{}", STANDARD.encode(mac))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the signature header is malformed")]
    Malformed,
    #[error("the signature timestamp is outside the tolerance")]
    TimestampOutOfTolerance,
    #[error("no v1 signature matches")]
    NoMatch,
}

/// Verifies an `X-Levy-Signature` header against the raw `body` with `secret` (the whole
/// `whsec_…` string): the timestamp must be within `tolerance` of now and any `v1=` entry
/// must match (constant-time comparison).
pub fn verify(
    secret: &str,
    header: &str,
    body: &[u8],
    tolerance: std::time::Duration,
) -> Result<(), VerifyError> {
    verify_at(
        secret,
        header,
        body,
        tolerance,
        time::OffsetDateTime::now_utc().unix_timestamp(),
    )
}

/// [`verify`] with an explicit "now" (unix seconds).
pub fn verify_at(
    secret: &str,
    header: &str,
    body: &[u8],
    tolerance: std::time::Duration,
    now: i64,
) -> Result<(), VerifyError> {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',').map(str::trim) {
        if let Some(t) = part.strip_prefix("t=") {
            timestamp = Some(t.parse::<i64>().map_err(|_| VerifyError::Malformed)?);
        } else if let Some(sig) = part.strip_prefix("v1=") {
            candidates.push(sig);
        }
    }
    let t = timestamp.ok_or(VerifyError::Malformed)?;
    if candidates.is_empty() {
        return Err(VerifyError::Malformed);
    }
    let tolerance = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
    if now.abs_diff(t) > tolerance.unsigned_abs() {
        return Err(VerifyError::TimestampOutOfTolerance);
    }
    let expected = levy_v1(secret, t, body);
    let mut matched = false;
    for c in candidates {
        matched |= bool::from(c.as_bytes().ct_eq(expected.as_bytes()));
    }
    if matched {
        Ok(())
    } else {
        Err(VerifyError::NoMatch)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn secrets_have_the_documented_shape() {
        let s = generate_secret().unwrap();
        assert!(s.starts_with("whsec_") && s.len() == 38, "{s}");
        assert!(s[6..].chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(standard_key(&s).len(), 24);
        assert_ne!(s, generate_secret().unwrap());
    }

    #[test]
    fn verify_accepts_any_v1_and_rejects_tampering() {
        let (old, new) = ("whsec_old", "whsec_new");
        let body = br#"{"event":"webhook.test"}"#;
        let h = levy_header(&[new, old], 1_700_000_000, body);
        let tol = DEFAULT_TOLERANCE;
        assert_eq!(verify_at(new, &h, body, tol, 1_700_000_010), Ok(()));
        assert_eq!(verify_at(old, &h, body, tol, 1_700_000_010), Ok(()));
        assert_eq!(
            verify_at("whsec_other", &h, body, tol, 1_700_000_010),
            Err(VerifyError::NoMatch)
        );
        assert_eq!(
            verify_at(new, &h, b"{}", tol, 1_700_000_010),
            Err(VerifyError::NoMatch)
        );
        assert_eq!(
            verify_at(new, &h, body, tol, 1_700_000_301),
            Err(VerifyError::TimestampOutOfTolerance)
        );
        assert_eq!(
            verify_at(new, "v1=abc", body, tol, 0),
            Err(VerifyError::Malformed)
        );
    }
}
