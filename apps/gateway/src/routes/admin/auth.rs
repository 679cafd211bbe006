//! Operator sign-in, the current session, sign-out.

use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use fleet_domain::{OperatorId, Plan, PlanLimits, TenantId, TenantStatus};
use keys::operators::{LoginContext, OpenedSession, Operator, Role};

use crate::error::HttpError;
use crate::middleware::client::{ClientIp, RequestActor};
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login).service(logout).service(get_session);
}

/// An operator as shown to operators (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct OperatorOut {
    pub id: OperatorId,
    pub tenant_id: TenantId,
    #[schema(example = "ops@example.com")]
    pub email: String,
    pub name: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_login_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<&Operator> for OperatorOut {
    fn from(op: &Operator) -> Self {
        Self {
            id: op.id,
            tenant_id: op.tenant_id,
            email: op.email.clone(),
            name: op.name.clone(),
            role: op.role,
            last_login_at: op.last_login_at,
            created_at: op.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "ops@example.com", "password": "correct horse battery staple"}))]
pub struct LoginIn {
    /// 1-254 characters, not blank, no control characters.
    #[schema(
        min_length = 1,
        max_length = 254,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub email: String,
    /// 1-256 characters.
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
}

/// A new session. The token is shown only here.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionOut {
    /// Send as `Authorization: Bearer <token>`.
    #[schema(example = "fgs_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCD")]
    pub token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Idle expiry; each use moves it forward, up to `absolute_expires_at`.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub absolute_expires_at: OffsetDateTime,
    pub operator: OperatorOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OperatorTenantOut {
    pub id: TenantId,
    pub name: String,
    pub plan: Plan,
    pub status: TenantStatus,
    pub max_api_keys: i32,
    /// The plan's per-key rate limits, used when a key sets none of its own.
    pub default_limits: PlanLimits,
}

/// The signed-in operator.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentSessionOut {
    pub operator: OperatorOut,
    pub tenant: OperatorTenantOut,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoggedOutOut {
    pub logged_out: bool,
}

/// Signs in with email and password. Unknown emails and wrong passwords get the same 401;
/// repeated failures per account or per IP get 429 until the window frees up.
///
/// Needs no credentials; answers the session token to send as `Authorization: Bearer fgs_…` with
/// its expiry. 401 `invalid_credentials`, or 429 with `Retry-After` after repeated failures.
#[utoipa::path(
    tag = "Management: Auth",
    operation_id = "login",
    request_body = LoginIn,
    responses(
        (status = 200, description = "Signed in", body = envelope::DataEnvelope<SessionOut>),
        (status = 401, description = "Wrong email or password (`details.reason = invalid_credentials`)", body = envelope::ErrorEnvelope),
        (status = 429, description = "Too many failed sign-ins (`Retry-After`)", body = envelope::ErrorEnvelope),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    body: web::Json<LoginIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let opened = open_session(&req, &state, &body).await?;
    Ok(respond::ok(SessionOut {
        token: opened.token,
        token_type: "Bearer".to_owned(),
        expires_at: opened.session.expires_at,
        absolute_expires_at: opened.session.absolute_expires_at,
        operator: OperatorOut::from(&opened.operator),
    }))
}

/// Checks the credentials and opens a session (the management API's sign-in and the
/// dashboard's); the request log records the operator as actor.
pub async fn open_session(
    req: &HttpRequest,
    state: &AppState,
    body: &LoginIn,
) -> Result<OpenedSession, HttpError> {
    let client_ip = req
        .extensions()
        .get::<ClientIp>()
        .map(|c| c.0)
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    let user_agent = req
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(512).collect());
    let ctx = LoginContext {
        pool: &state.pool,
        limiter: &state.limiter,
        throttle: state.login_throttle,
        policy: state.sessions,
        client_ip,
        user_agent,
        now: OffsetDateTime::now_utc(),
    };
    let opened = keys::operators::service::login(&ctx, &body.email, &body.password).await?;
    req.extensions_mut().insert(RequestActor {
        tenant: opened.operator.tenant_id,
        key: None,
        operator: Some(opened.operator.id),
    });
    Ok(opened)
}

/// Ends the current session at once.
///
/// Needs the session being ended; later requests with its token get 401.
#[utoipa::path(
    tag = "Management: Auth",
    operation_id = "logout",
    responses((status = 200, description = "Signed out", body = envelope::DataEnvelope<LoggedOutOut>)),
    security(("session" = []))
)]
#[post("/auth/logout")]
pub async fn logout(
    auth: OperatorAuth,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let mut conn = state.pool.get().await?;
    keys::operators::service::logout(&mut conn, &auth.0).await?;
    Ok(respond::ok(LoggedOutOut { logged_out: true }))
}

/// The signed-in operator, their tenant and the session's expiry.
///
/// Needs a valid session (401 when it is missing, expired or ended).
#[utoipa::path(
    tag = "Management: Auth",
    operation_id = "get_session",
    responses((status = 200, description = "The current session", body = envelope::DataEnvelope<CurrentSessionOut>)),
    security(("session" = []))
)]
#[get("/auth/me")]
pub async fn get_session(auth: OperatorAuth) -> Result<HttpResponse, HttpError> {
    let s = auth.0;
    Ok(respond::ok(CurrentSessionOut {
        operator: OperatorOut::from(&s.operator),
        tenant: OperatorTenantOut {
            id: s.tenant.id,
            name: s.tenant.name.clone(),
            plan: s.tenant.plan,
            status: s.tenant.status,
            max_api_keys: s.tenant.max_api_keys,
            default_limits: s.tenant.plan.default_limits(),
        },
        expires_at: s.expires_at,
    }))
}
