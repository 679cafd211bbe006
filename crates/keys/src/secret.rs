//! API key secrets: generation from the OS CSPRNG, strict parsing, SHA-256 hashing and
//! constant-time comparison (SPEC §2).
//!
//! A key looks like `lf_pk_` (live) or `lf_tk_` (test) followed by exactly 32 characters of
//! `[A-Za-z0-9]`. Only the first [`PREFIX_LEN`] characters (the *prefix*) and the hex SHA-256
//! of the whole key are ever stored.

use std::fmt;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Alphabet of the random part of keys and other generated secrets.
pub const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Number of random characters after the `lf_pk_` / `lf_tk_` prefix.
pub const SECRET_BODY_LEN: usize = 32;

/// Length of the stored, displayable key prefix (e.g. `lf_pk_a1b2c3`).
pub const PREFIX_LEN: usize = 12;

/// Literal prefix of live keys.
pub const LIVE_KEY_PREFIX: &str = "lf_pk_";

/// Literal prefix of test keys.
pub const TEST_KEY_PREFIX: &str = "lf_tk_";

/// Total length of a key: 6-character mode prefix plus the random body.
pub const KEY_LEN: usize = LIVE_KEY_PREFIX.len() + SECRET_BODY_LEN;

/// Largest multiple of 62 that fits in a byte: bytes at or above it are rejected so that
/// `byte % 62` is uniform.
const REJECTION_LIMIT: u8 = 248;

pub use fleet_domain::{KeyMode, UnknownKeyMode};

/// The literal key prefix of a mode: `lf_pk_` or `lf_tk_`.
pub const fn key_prefix(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Live => LIVE_KEY_PREFIX,
        KeyMode::Test => TEST_KEY_PREFIX,
    }
}

/// Failure to produce a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// The OS random number generator failed.
    #[error("OS random number generator failed: {0}")]
    Rng(getrandom::Error),
}

impl From<getrandom::Error> for SecretError {
    fn from(e: getrandom::Error) -> Self {
        SecretError::Rng(e)
    }
}

/// A freshly generated key. `secret` must be shown to the caller exactly once and never
/// stored; `prefix` and `hash` are what gets persisted.
#[derive(Clone, PartialEq, Eq)]
pub struct GeneratedKey {
    /// The full key, e.g. `lf_pk_…` (38 characters).
    pub secret: String,
    /// The first [`PREFIX_LEN`] characters of `secret`.
    pub prefix: String,
    /// Lowercase hex SHA-256 of `secret`.
    pub hash: String,
}

impl fmt::Debug for GeneratedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedKey")
            .field("secret", &"<redacted>")
            .field("prefix", &self.prefix)
            .field("hash", &self.hash)
            .finish()
    }
}

/// Generate a new API key of the given mode from the OS CSPRNG.
pub fn generate(mode: KeyMode) -> Result<GeneratedKey, SecretError> {
    let body = random_alphanumeric(SECRET_BODY_LEN)?;
    let mut secret = String::with_capacity(KEY_LEN);
    secret.push_str(key_prefix(mode));
    secret.push_str(&body);
    let prefix = key_prefix_of(&secret).to_owned();
    let hash = hash_secret(&secret);
    Ok(GeneratedKey {
        secret,
        prefix,
        hash,
    })
}

/// `len` characters drawn uniformly from [`ALPHABET`] (`[A-Za-z0-9]`) using the OS CSPRNG
/// and rejection sampling (no modulo bias). Used for API keys and webhook secrets
/// (`whsec_` + 32).
pub fn random_alphanumeric(len: usize) -> Result<String, SecretError> {
    let mut out = String::with_capacity(len);
    // Expected acceptance rate is 248/256, so a small slack makes refills rare.
    let mut buf = vec![0u8; len + len / 8 + 8];
    while out.len() < len {
        getrandom::fill(&mut buf)?;
        for &b in &buf {
            if out.len() == len {
                break;
            }
            if b < REJECTION_LIMIT {
                out.push(char::from(ALPHABET[usize::from(b % 62)]));
            }
        }
    }
    Ok(out)
}

/// Lowercase hex SHA-256 of the whole key string.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compare two secrets (or hashes) in constant time with respect to their contents.
/// Strings of different lengths compare unequal (the length itself is not hidden).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// The first [`PREFIX_LEN`] characters of a key (the whole string if shorter).
fn key_prefix_of(key: &str) -> &str {
    key.get(..PREFIX_LEN).unwrap_or(key)
}

/// A syntactically valid key, borrowed from the presented header value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ParsedKey<'a> {
    /// The mode encoded in the key's prefix.
    pub mode: KeyMode,
    /// The full key as presented (prefix included), i.e. the string that is hashed.
    pub secret: &'a str,
}

impl<'a> ParsedKey<'a> {
    /// The stored/displayable prefix: the first [`PREFIX_LEN`] characters.
    pub fn prefix(&self) -> &'a str {
        key_prefix_of(self.secret)
    }

    /// The 32 random characters after `lf_pk_` / `lf_tk_`.
    pub fn body(&self) -> &'a str {
        self.secret.get(LIVE_KEY_PREFIX.len()..).unwrap_or("")
    }

    /// Lowercase hex SHA-256 of the full key, for the hash lookup.
    pub fn hash(&self) -> String {
        hash_secret(self.secret)
    }
}

impl fmt::Debug for ParsedKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedKey")
            .field("mode", &self.mode)
            .field("prefix", &self.prefix())
            .finish_non_exhaustive()
    }
}

/// Why a presented string is not a well-formed API key. Messages never echo the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseKeyError {
    /// Nothing was presented.
    #[error("API key is empty")]
    Empty,
    /// The key does not start with `lf_pk_` or `lf_tk_`.
    #[error("API key has an unknown prefix")]
    UnknownPrefix,
    /// The part after the prefix is not exactly 32 characters long.
    #[error("API key has the wrong length")]
    WrongLength,
    /// The part after the prefix contains something other than `[A-Za-z0-9]`.
    #[error("API key contains invalid characters")]
    InvalidCharacter,
}

/// Parse a presented key. Accepts exactly `lf_pk_` / `lf_tk_` followed by exactly 32 ASCII
/// alphanumerics; nothing is trimmed (the caller trims the header value).
pub fn parse(raw: &str) -> Result<ParsedKey<'_>, ParseKeyError> {
    if raw.is_empty() {
        return Err(ParseKeyError::Empty);
    }
    let (mode, body) = if let Some(body) = raw.strip_prefix(LIVE_KEY_PREFIX) {
        (KeyMode::Live, body)
    } else if let Some(body) = raw.strip_prefix(TEST_KEY_PREFIX) {
        (KeyMode::Test, body)
    } else {
        return Err(ParseKeyError::UnknownPrefix);
    };
    if !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ParseKeyError::InvalidCharacter);
    }
    // All bytes are ASCII here, so the byte length is the character count.
    if body.len() != SECRET_BODY_LEN {
        return Err(ParseKeyError::WrongLength);
    }
    Ok(ParsedKey { mode, secret: raw })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn generated_keys_have_prefix_length_and_alphabet() {
        for mode in KeyMode::ALL.iter().copied() {
            for _ in 0..2_000 {
                let k = generate(mode).unwrap();
                assert_eq!(k.secret.len(), KEY_LEN);
                assert_eq!(k.secret.len(), 38);
                assert!(k.secret.starts_with(key_prefix(mode)));
                let body = &k.secret[6..];
                assert_eq!(body.len(), 32);
                assert!(body.bytes().all(|b| b.is_ascii_alphanumeric()), "{body}");
            }
        }
    }

    #[test]
    fn generated_keys_are_unique() {
        let mut seen = HashSet::new();
        for i in 0..10_000 {
            let mode = if i % 2 == 0 {
                KeyMode::Live
            } else {
                KeyMode::Test
            };
            let k = generate(mode).unwrap();
            assert!(seen.insert(k.secret[6..].to_owned()), "duplicate key body");
        }
        assert_eq!(seen.len(), 10_000);
    }

    #[test]
    fn prefix_and_hash_are_derived_from_the_full_key() {
        let k = generate(KeyMode::Live).unwrap();
        assert_eq!(k.prefix.len(), 12);
        assert_eq!(k.prefix, &k.secret[..12]);
        assert!(k.prefix.starts_with("lf_pk_"));
        assert_eq!(k.hash, hash_secret(&k.secret));
        assert_eq!(k.hash.len(), 64);
        assert!(k
            .hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));

        let t = generate(KeyMode::Test).unwrap();
        assert!(t.prefix.starts_with("lf_tk_"));
    }

    #[test]
    fn hash_matches_known_sha256_vectors() {
        assert_eq!(
            hash_secret(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn debug_output_redacts_the_secret() {
        let k = generate(KeyMode::Live).unwrap();
        let dbg = format!("{k:?}");
        assert!(!dbg.contains(&k.secret));
        let parsed = parse(&k.secret).unwrap();
        assert!(!format!("{parsed:?}").contains(&k.secret));
    }

    #[test]
    fn parser_accepts_generated_keys_of_both_modes() {
        for mode in KeyMode::ALL.iter().copied() {
            for _ in 0..200 {
                let k = generate(mode).unwrap();
                let p = parse(&k.secret).unwrap();
                assert_eq!(p.mode, mode);
                assert_eq!(p.secret, k.secret);
                assert_eq!(p.prefix(), k.prefix);
                assert_eq!(p.body(), &k.secret[6..]);
                assert_eq!(p.hash(), k.hash);
            }
        }
    }

    #[test]
    fn parser_rejects_near_misses() {
        let body = "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY";
        assert_eq!(body.len(), 32);
        assert!(parse(&format!("lf_pk_{body}")).is_ok());
        assert!(parse(&format!("lf_tk_{body}")).is_ok());

        let cases: Vec<(String, ParseKeyError)> = vec![
            (String::new(), ParseKeyError::Empty),
            (format!("lf_sk_{body}"), ParseKeyError::UnknownPrefix),
            (format!("LF_PK_{body}"), ParseKeyError::UnknownPrefix),
            (format!("Lf_pk_{body}"), ParseKeyError::UnknownPrefix),
            (format!("sk_live_{body}"), ParseKeyError::UnknownPrefix),
            (format!("lfpk_{body}"), ParseKeyError::UnknownPrefix),
            (format!(" lf_pk_{body}"), ParseKeyError::UnknownPrefix),
            (body.to_owned(), ParseKeyError::UnknownPrefix),
            ("lf_pk".to_owned(), ParseKeyError::UnknownPrefix),
            ("lf_pk_".to_owned(), ParseKeyError::WrongLength),
            (format!("lf_pk_{}", &body[..31]), ParseKeyError::WrongLength),
            (format!("lf_pk_{body}A"), ParseKeyError::WrongLength),
            (format!("lf_tk_{body}{body}"), ParseKeyError::WrongLength),
            (
                format!("lf_pk_{}-", &body[..31]),
                ParseKeyError::InvalidCharacter,
            ),
            (
                format!("lf_pk_{}_", &body[..31]),
                ParseKeyError::InvalidCharacter,
            ),
            (
                format!("lf_pk_{} ", &body[..31]),
                ParseKeyError::InvalidCharacter,
            ),
            (format!("lf_pk_{body} "), ParseKeyError::InvalidCharacter),
            (format!("lf_pk_{body}\n"), ParseKeyError::InvalidCharacter),
            (
                format!("lf_pk_{}é", &body[..31]),
                ParseKeyError::InvalidCharacter,
            ),
            (
                format!("lf_pk_{}é", &body[..30]),
                ParseKeyError::InvalidCharacter,
            ),
            (
                format!("lf_pk_{}\u{0663}", &body[..31]),
                ParseKeyError::InvalidCharacter,
            ),
            (
                format!("lf_pk_{}\0", &body[..31]),
                ParseKeyError::InvalidCharacter,
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse(&raw), Err(expected), "{raw:?}");
        }
    }

    #[test]
    fn random_alphanumeric_covers_the_whole_alphabet() {
        let mut counts = [0usize; 128];
        let s = random_alphanumeric(62 * 1_000).unwrap();
        assert_eq!(s.len(), 62_000);
        for b in s.bytes() {
            counts[usize::from(b)] += 1;
        }
        for &c in ALPHABET {
            let n = counts[usize::from(c)];
            // Expected 1000 per character; 6 sigma is about +-190.
            assert!(
                (700..=1_300).contains(&n),
                "{} appeared {n} times",
                c as char
            );
        }
        assert_eq!(
            counts.iter().sum::<usize>(),
            62_000,
            "only alphabet characters"
        );
        assert_eq!(
            counts
                .iter()
                .enumerate()
                .filter(|(i, n)| **n > 0 && !ALPHABET.contains(&(*i as u8)))
                .count(),
            0
        );
    }

    #[test]
    fn random_alphanumeric_lengths() {
        assert_eq!(random_alphanumeric(0).unwrap(), "");
        for len in [1, 7, 32, 33, 100, 1_000] {
            let s = random_alphanumeric(len).unwrap();
            assert_eq!(s.len(), len);
            assert!(s.bytes().all(|b| b.is_ascii_alphanumeric()));
        }
        let whsec = format!("whsec_{}", random_alphanumeric(32).unwrap());
        assert_eq!(whsec.len(), 38);
    }

    #[test]
    fn constant_time_eq_compares_contents_and_length() {
        assert!(constant_time_eq("", ""));
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(!constant_time_eq("abc", ""));
    }

    #[test]
    fn key_mode_strings_and_serde() {
        for mode in KeyMode::ALL.iter().copied() {
            assert_eq!(mode.as_str().parse::<KeyMode>().unwrap(), mode);
            assert_eq!(mode.to_string(), mode.as_str());
            let json = serde_json::to_string(&mode).unwrap();
            assert_eq!(json, format!("\"{}\"", mode.as_str()));
            assert_eq!(serde_json::from_str::<KeyMode>(&json).unwrap(), mode);
        }
        assert_eq!(
            "Live".parse::<KeyMode>(),
            Err(UnknownKeyMode("Live".to_owned()))
        );
        assert!(serde_json::from_str::<KeyMode>("\"prod\"").is_err());
    }
}
