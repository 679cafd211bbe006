//! How a person names a key (`gateway keys revoke --key`): by id, by the prefix lists show,
//! or by the whole secret.

use fleet_domain::ApiKeyId;

use crate::{secret, ApiKey};

/// How `keys revoke --key` names a key: by id, by its displayed prefix, or by the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRef {
    Id(ApiKeyId),
    Prefix(String),
    /// The whole secret: matched by its hash, so it is never ambiguous.
    Secret(String),
}

impl std::str::FromStr for KeyRef {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let raw = raw.trim();
        if let Ok(id) = raw.parse::<ApiKeyId>() {
            return Ok(Self::Id(id));
        }
        if secret::parse(raw).is_ok() {
            return Ok(Self::Secret(raw.to_owned()));
        }
        let well_formed_prefix = raw.len() == secret::PREFIX_LEN
            && (raw.starts_with("lf_pk_") || raw.starts_with("lf_tk_"))
            && raw[6..].bytes().all(|b| b.is_ascii_alphanumeric());
        if well_formed_prefix {
            return Ok(Self::Prefix(raw.to_owned()));
        }
        Err(format!(
            "expected a key id (UUID), a key prefix of {} characters (lf_pk_a1b2c3) or a whole key",
            secret::PREFIX_LEN
        ))
    }
}

impl KeyRef {
    /// The one key of `keys` this names; an unknown or ambiguous reference is an error that
    /// says what to pass instead.
    pub fn resolve(&self, keys: &[ApiKey]) -> Result<ApiKeyId, String> {
        let matching: Vec<&ApiKey> = match self {
            Self::Id(id) => keys.iter().filter(|k| k.id == *id).collect(),
            Self::Prefix(prefix) => keys.iter().filter(|k| &k.prefix == prefix).collect(),
            Self::Secret(secret) => {
                let hash = secret::hash_secret(secret);
                keys.iter()
                    .filter(|k| secret::constant_time_eq(&k.key_hash, &hash))
                    .collect()
            }
        };
        match matching.as_slice() {
            [one] => Ok(one.id),
            [] => Err(match self {
                Self::Id(id) => format!("no key {id} in this tenant"),
                Self::Prefix(p) => format!("no key with prefix {p} in this tenant"),
                Self::Secret(_) => "no key of this tenant has this secret".to_owned(),
            }),
            many => Err(format!(
                "{} keys share this prefix ({}): pass the key id instead",
                many.len(),
                many.iter()
                    .map(|k| k.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::manage::testing::key;
    use crate::{KeyMode, KeyScope};

    fn key_with(secret: &str) -> ApiKey {
        let mut k = key(KeyMode::Live, KeyScope::Global, vec![]);
        k.prefix = secret[..secret::PREFIX_LEN].to_owned();
        k.key_hash = secret::hash_secret(secret);
        k
    }

    #[test]
    fn revoke_names_a_key_by_id_prefix_or_secret() {
        let a_secret = "lf_pk_abcdef0123456789012345678901234l";
        let b_secret = "lf_pk_abcdefZZZZZZZZZZZZZZZZZZZZZZZZZZ"; // same prefix as a
        let c_secret = "lf_tk_Qwerty0123456789012345678901234l";
        let keys = [key_with(a_secret), key_with(b_secret), key_with(c_secret)];
        let parse = |s: &str| s.parse::<KeyRef>().unwrap();

        assert_eq!(
            parse(&keys[0].id.to_string()).resolve(&keys),
            Ok(keys[0].id)
        );
        // The secret (which contains an `l`, once a parse error) is matched by its hash.
        assert_eq!(parse(a_secret).resolve(&keys), Ok(keys[0].id));
        assert_eq!(parse(b_secret).resolve(&keys), Ok(keys[1].id));
        assert_eq!(parse("lf_tk_Qwerty").resolve(&keys), Ok(keys[2].id));
        // A prefix two keys share is refused, listing both ids.
        let err = parse("lf_pk_abcdef").resolve(&keys).unwrap_err();
        assert!(
            err.contains(&keys[0].id.to_string()) && err.contains("key id"),
            "{err}"
        );
        assert!(parse("lf_pk_nothin").resolve(&keys).is_err());
        assert!(parse(&ApiKeyId::new().to_string()).resolve(&keys).is_err());
        // Anything else is a parse error that says what is expected.
        for bad in [
            "",
            "lf_pk_short",
            "lf_pk_abc-ef",
            "sk_live_123",
            "lf_pk_abcdef01234567890",
        ] {
            let err = bad.parse::<KeyRef>().unwrap_err();
            assert!(err.contains("key id"), "{bad}: {err}");
        }
    }
}
