//! `POST /auth/token`: exchanges the calling API key for a short-lived signed token.

use actix_web::{post, web, HttpMessage, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::ApiError;
use fleet_domain::ApiKeyId;
use keys::tokens::{TokenSigner, DEFAULT_TTL, MAX_TTL, MIN_TTL};

use crate::error::HttpError;
use crate::extract::{Auth, Verified};
use crate::middleware::auth::TokenAuth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_token);
}

/// Token options.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenIn {
    /// Lifetime in seconds, 60–3600 (default 900).
    #[schema(minimum = 60, maximum = 3600, example = 900)]
    pub ttl_seconds: Option<i64>,
}

impl CreateTokenIn {
    /// The asked lifetime within 60–3600 s, or the default.
    fn ttl(&self) -> Result<Duration, HttpError> {
        match self.ttl_seconds {
            None => Ok(DEFAULT_TTL),
            Some(s) if (MIN_TTL.whole_seconds()..=MAX_TTL.whole_seconds()).contains(&s) => {
                Ok(Duration::seconds(s))
            }
            Some(_) => Err(HttpError(ApiError::invalid_field(
                "ttl_seconds",
                "must be between 60 and 3600",
            ))),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    /// A JWT (HS256). Send as `Authorization: Bearer <token>`.
    pub token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Seconds until `expires_at`.
    pub expires_in: i64,
    /// The key the token stands for.
    pub api_key_id: ApiKeyId,
}

/// Exchanges the API key for a signed token with the same permissions and scope (narrowed
/// to `X-Subaccount-Id` when sent), valid 15 minutes by default and at most an hour, and
/// only while the key itself stays valid. A token cannot be exchanged for another one.
///
/// Needs a valid API key, no particular permission; 403 `api_key_required` when presented with a
/// token. 400 for a lifetime outside 60–3600 s.
#[utoipa::path(
    tag = "Account",
    operation_id = "create_token",
    params(crate::extract::SubaccountHeader),
    request_body(content = Option<CreateTokenIn>, description = "Optional; an empty body means the default lifetime"),
    responses((status = 200, description = "A signed token", body = envelope::DataEnvelope<TokenOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/auth/token")]
pub async fn create_token(
    req: HttpRequest,
    auth: Auth,
    verified: Verified,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    if req.extensions().get::<TokenAuth>().is_some() {
        return Err(HttpError(ApiError::forbidden(
            "api_key_required",
            "A token cannot be exchanged for another token; present the API key",
        )));
    }
    let ttl = crate::extract::optional_object::<CreateTokenIn>(&body)?.ttl()?;
    let key = &verified.0.entry.key;
    let presented_hash = if verified.0.via_grace {
        key.previous_key_hash.as_deref().unwrap_or_default()
    } else {
        key.key_hash.as_str()
    };
    let now = OffsetDateTime::now_utc();
    let claims =
        TokenSigner::claims_for(key, auth.0.scope.subaccount_ids(), presented_hash, now, ttl);
    let token = state.tokens.sign(&claims)?;
    Ok(respond::ok(TokenOut {
        token,
        token_type: "Bearer".to_owned(),
        expires_at: claims.expires_at(),
        expires_in: claims.exp - claims.iat,
        api_key_id: key.id,
    }))
}
