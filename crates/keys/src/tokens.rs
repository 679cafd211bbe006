//! Short-lived signed tokens (SPEC §7 `POST /auth/token`): a valid API key is exchanged for a
//! JWT (HS256, server secret) that names the key and carries its tenant, mode, permissions
//! and scope. A token is only a pointer to its key: the gateway still looks the key up (cache
//! first) on every request, so a token dies the moment its key is revoked, disabled, expired,
//! deleted or regenerated (the token is bound to the secret it was minted from by `kh`).
//!
//! Uses `jsonwebtoken` 9 without default features (no PEM parsing): its only crypto
//! dependency is `ring`, which the workspace already builds. Expiry is checked here against
//! an explicit `now`, not the library's clock, so tests can move time.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use fleet_domain::{ApiKeyId, KeyMode, PermissionSet, Principal, Scope, SubaccountId, TenantId};

use crate::KeyScope;

/// `iss` of every token.
pub const ISSUER: &str = "fleetgate";
/// Lifetime when the caller asks for none.
pub const DEFAULT_TTL: Duration = Duration::minutes(15);
/// Longest lifetime a caller may ask for.
pub const MAX_TTL: Duration = Duration::hours(1);
/// Shortest lifetime a caller may ask for.
pub const MIN_TTL: Duration = Duration::minutes(1);
/// Shortest accepted server secret, in bytes.
pub const MIN_SECRET_LEN: usize = 32;
/// Hex characters of the key hash a token is bound to.
const KEY_HASH_BINDING: usize = 16;

/// What a token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// The key id.
    pub sub: ApiKeyId,
    /// The key's tenant.
    pub tid: TenantId,
    /// First characters of the hash of the secret the token was minted from.
    pub kh: String,
    pub mode: KeyMode,
    pub perms: Vec<String>,
    pub scope: KeyScope,
    /// The subaccounts the key reached when the token was minted.
    pub subs: Vec<Uuid>,
    pub iat: i64,
    pub exp: i64,
    pub jti: Uuid,
}

impl Claims {
    pub fn expires_at(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.exp).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// The principal of a request made with this token: its key's as the key is now
    /// (`verified`), narrowed to `selected` (`X-Subaccount-Id`), and never wider than what
    /// the token carries: permissions and subaccounts are cut to the token's.
    pub fn narrow(
        &self,
        verified: &crate::VerifiedKey,
        selected: Option<SubaccountId>,
    ) -> Result<Principal, crate::Error> {
        if let Some(id) = selected.filter(|id| !self.subs.contains(&id.0)) {
            return Err(crate::Error::SubaccountNotAllowed(id));
        }
        let mut principal = verified.principal(selected)?;
        let carried = PermissionSet::parse_strings(&self.perms).unwrap_or_default();
        principal.permissions = principal.permissions.intersection(&carried);
        let reach: Vec<SubaccountId> = principal
            .scope
            .subaccount_ids()
            .iter()
            .copied()
            .filter(|s| self.subs.contains(&s.0))
            .collect();
        principal.scope = Scope::new(principal.scope.tenant_id(), reach);
        Ok(principal)
    }

    /// Whether `hash` (a key's current or grace-period secret hash) is the one minted from.
    pub fn bound_to(&self, hash: &str) -> bool {
        hash.get(..KEY_HASH_BINDING)
            .is_some_and(|h| crate::secret::constant_time_eq(h, &self.kh))
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not valid")]
    Invalid,
    #[error("the token has expired")]
    Expired,
    #[error("cannot sign the token")]
    Signing,
}

/// Signs and checks tokens with one server secret.
#[derive(Clone)]
pub struct TokenSigner {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSigner(<secret>)")
    }
}

impl TokenSigner {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// Claims for `key` minted at `now` for `ttl` (clamped to [`MIN_TTL`]..=[`MAX_TTL`]).
    /// `presented_hash` is the hash of the secret presented (current or grace-period).
    pub fn claims_for(
        key: &crate::ApiKey,
        subaccounts: &[fleet_domain::SubaccountId],
        presented_hash: &str,
        now: OffsetDateTime,
        ttl: Duration,
    ) -> Claims {
        let ttl = ttl.clamp(MIN_TTL, MAX_TTL);
        Claims {
            iss: ISSUER.to_owned(),
            sub: key.id,
            tid: key.tenant_id,
            kh: presented_hash.chars().take(KEY_HASH_BINDING).collect(),
            mode: key.mode,
            perms: key.permissions.clone(),
            scope: key.scope,
            subs: subaccounts.iter().map(|s| s.0).collect(),
            iat: now.unix_timestamp(),
            exp: (now + ttl).unix_timestamp(),
            jti: Uuid::now_v7(),
        }
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, TokenError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|_| TokenError::Signing)
    }

    /// Checks signature, algorithm, issuer and expiry (at `now`).
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| TokenError::Invalid)?;
        let claims = data.claims;
        let now_s = now.unix_timestamp();
        // Issued in the future (beyond clock skew) or with an impossible lifetime: forged
        // with a leaked secret or minted by a broken clock; refuse either way.
        if claims.iat > now_s + 60 || claims.exp - claims.iat > MAX_TTL.whole_seconds() {
            return Err(TokenError::Invalid);
        }
        if claims.exp <= now_s {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// Whether a presented credential has the shape of a JWT (three base64url parts) rather
/// than an API key, so it can be routed to token verification.
pub fn looks_like_token(presented: &str) -> bool {
    presented.starts_with("eyJ")
        && presented.len() <= 8192
        && presented.bytes().filter(|b| *b == b'.').count() == 2
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn claims(now: OffsetDateTime, ttl: Duration) -> Claims {
        Claims {
            iss: ISSUER.into(),
            sub: ApiKeyId::new(),
            tid: TenantId::new(),
            kh: "0123456789abcdef".into(),
            mode: KeyMode::Live,
            perms: vec!["vehicles:read".into()],
            scope: KeyScope::Global,
            subs: vec![SubaccountId::new().0],
            iat: now.unix_timestamp(),
            exp: (now + ttl).unix_timestamp(),
            jti: Uuid::now_v7(),
        }
    }

    #[test]
    fn round_trip_and_expiry_against_an_injected_clock() {
        let signer = TokenSigner::new(&[7u8; 32]);
        let now = OffsetDateTime::now_utc();
        let c = claims(now, DEFAULT_TTL);
        let token = signer.sign(&c).unwrap();
        assert!(looks_like_token(&token));
        assert_eq!(signer.verify(&token, now), Ok(c.clone()));
        assert_eq!(
            signer.verify(&token, now + Duration::minutes(14)),
            Ok(c.clone())
        );
        assert_eq!(
            signer.verify(&token, now + DEFAULT_TTL),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn other_secrets_tampering_and_overlong_lifetimes_are_refused() {
        let signer = TokenSigner::new(&[7u8; 32]);
        let now = OffsetDateTime::now_utc();
        let token = signer.sign(&claims(now, DEFAULT_TTL)).unwrap();
        assert_eq!(
            TokenSigner::new(&[8u8; 32]).verify(&token, now),
            Err(TokenError::Invalid)
        );
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = parts[1].chars().rev().collect();
        assert_eq!(
            signer.verify(&parts.join("."), now),
            Err(TokenError::Invalid)
        );
        let long = signer.sign(&claims(now, Duration::hours(2))).unwrap();
        assert_eq!(signer.verify(&long, now), Err(TokenError::Invalid));
        // `alg: none` never passes.
        let none = format!(
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
            token.split('.').nth(1).unwrap()
        );
        assert_eq!(signer.verify(&none, now), Err(TokenError::Invalid));
        assert!(!looks_like_token("lf_pk_abcdefghijklmnopqrstuvwxyz012345"));
    }

    #[test]
    fn binding_to_the_minting_secret() {
        let c = claims(OffsetDateTime::now_utc(), DEFAULT_TTL);
        assert!(c.bound_to("0123456789abcdef99999"));
        assert!(!c.bound_to("f123456789abcdef99999"));
        assert!(!c.bound_to("short"));
    }
}
