// docs/webhooks/examples/verify.rs — verify a Fleetgate webhook in Rust with `webhooks::verify`
use std::time::Duration;

/// `raw_body`: the request body bytes exactly as received; `signature`: the
/// `X-Levy-Signature` header; `secret`: your `whsec_…` secret. Checks the timestamp
/// (±5 minutes) and every `v1=` entry in constant time.
pub fn is_genuine(raw_body: &[u8], signature: &str, secret: &str) -> bool {
    webhooks::verify(secret, signature, raw_body, Duration::from_secs(300)).is_ok()
}
