//! Operator passwords: argon2id with the OWASP-recommended parameters (m = 19 MiB, t = 2,
//! p = 1), a fresh random salt per hash, stored as a PHC string
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`). The parameters live in the string, so
//! they can be raised later: a hash made with other parameters still verifies and is
//! reported as needing a rehash, which sign-in then does.
//!
//! Hashing is deliberately slow (tens of milliseconds); callers run it on a blocking thread.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// OWASP Password Storage Cheat Sheet, argon2id option 2: 19 MiB, 2 iterations, 1 lane.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

/// Shortest and longest accepted password, in characters.
pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 256;

/// The parameters new hashes get.
pub fn current_params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).unwrap_or_default()
}

fn hasher(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Failure inside the hashing library (never a wrong password).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes `password` with the current parameters into a PHC string.
pub fn hash(password: &str) -> Result<String, HashError> {
    hash_with(password, current_params())
}

/// Hashes with explicit parameters (tests and future migrations).
pub fn hash_with(password: &str, params: Params) -> Result<String, HashError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| HashError(e.to_string()))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| HashError(e.to_string()))?;
    hasher(params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub matches: bool,
    /// The stored hash uses another algorithm, version or parameters than new hashes do.
    pub needs_rehash: bool,
}

/// Checks `password` against a stored PHC string. An unreadable stored hash never matches.
pub fn verify(password: &str, stored: &str) -> Checked {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Checked {
            matches: false,
            needs_rehash: true,
        };
    };
    // The parameters are read from the string; Argon2::default() only supplies the code.
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    Checked {
        matches,
        needs_rehash: needs_rehash(&parsed),
    }
}

fn needs_rehash(parsed: &PasswordHash<'_>) -> bool {
    if parsed.algorithm != Algorithm::Argon2id.ident() || parsed.version != Some(0x13) {
        return true;
    }
    match Params::try_from(parsed) {
        Ok(p) => p.m_cost() != MEMORY_KIB || p.t_cost() != ITERATIONS || p.p_cost() != PARALLELISM,
        Err(_) => true,
    }
}

/// A hash of a random password with the current parameters, verified against when the
/// email is unknown so that the answer takes as long as for a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let random = crate::secret::random_alphanumeric(32).unwrap_or_else(|_| "x".repeat(32));
        hash(&random).unwrap_or_default()
    })
}

/// Checks the length rules; the message is shown to the caller.
pub fn validate(password: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err("must be at least 12 characters");
    }
    if n > MAX_LEN {
        return Err("must be at most 256 characters");
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_wrong_passwords_fail() {
        let stored = hash("correct horse battery").unwrap();
        assert_eq!(
            verify("correct horse battery", &stored),
            Checked {
                matches: true,
                needs_rehash: false
            }
        );
        assert!(!verify("correct horse batterz", &stored).matches);
        assert!(!verify("", &stored).matches);
        // A fresh salt each time: same password, different strings, both verify.
        let again = hash("correct horse battery").unwrap();
        assert_ne!(stored, again);
        assert!(verify("correct horse battery", &again).matches);
    }

    #[test]
    fn stored_format_is_phc_argon2id_with_owasp_parameters() {
        let stored = hash("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        let parsed = PasswordHash::new(&stored).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert!(parsed.salt.is_some());
        assert_eq!(parsed.hash.map(|h| h.len()), Some(32));
    }

    #[test]
    fn outdated_parameters_verify_but_ask_for_a_rehash() {
        let weak = hash_with("correct horse battery", Params::new(8, 1, 1, None).unwrap()).unwrap();
        let checked = verify("correct horse battery", &weak);
        assert!(checked.matches && checked.needs_rehash);
        assert!(!verify("wrong", &weak).matches);
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, current_params())
            .hash_password(b"pw", &SaltString::encode_b64(&[1u8; 16]).unwrap())
            .unwrap()
            .to_string();
        assert!(verify("pw", &argon2i).needs_rehash);
        assert!(!verify("pw", "not a phc string").matches);
    }

    #[test]
    fn the_dummy_hash_is_a_current_hash_nothing_matches() {
        let dummy = dummy_hash();
        let checked = verify("", dummy);
        assert!(!checked.matches && !checked.needs_rehash);
    }

    #[test]
    fn length_rules() {
        assert!(validate("short").is_err());
        assert!(validate("twelve chars").is_ok());
        assert!(validate(&"x".repeat(257)).is_err());
    }
}
