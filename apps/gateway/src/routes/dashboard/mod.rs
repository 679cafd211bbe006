//! The operator dashboard at `/dashboard/` (SPEC §12): one HTML shell, one script and one
//! stylesheet, all compiled into the binary, plus sign-in and sign-out that put the
//! management session in an `HttpOnly; SameSite=Strict` cookie. Every page reads and writes
//! through the management API (`/api/admin/v1`) with that cookie; the operator middleware
//! checks the CSRF token on every write. See docs/dashboard.md.

use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::from_fn;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::error::HttpError;
use crate::middleware::operator_auth::{
    check_csrf, check_origin, cookie, csrf_token, CSRF_COOKIE, SESSION_COOKIE,
};
use crate::middleware::request_log::request_log;
use crate::respond;
use crate::routes::admin::auth::{open_session, LoginIn, OperatorOut};
use crate::state::AppState;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");
const FAVICON_SVG: &str = include_str!("assets/favicon.svg");

/// No inline script or style, nothing from another origin, never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/dashboard",
        web::get().to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header((header::LOCATION, "/dashboard/"))
                .finish()
        }),
    )
    .route("/dashboard/", web::get().to(index))
    .route("/dashboard/assets/app.js", web::get().to(script))
    .route("/dashboard/assets/app.css", web::get().to(stylesheet))
    .route("/dashboard/assets/favicon.svg", web::get().to(favicon))
    .service(
        web::scope("/dashboard/session")
            .wrap(from_fn(request_log))
            .route("", web::post().to(sign_in))
            .route("/end", web::post().to(sign_out)),
    );
}

fn asset(content_type: &'static str, body: &'static str, cache: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(body)
}

async fn index() -> HttpResponse {
    asset("text/html; charset=utf-8", INDEX_HTML, "no-store")
}

async fn script() -> HttpResponse {
    asset("text/javascript; charset=utf-8", APP_JS, "no-cache")
}

async fn stylesheet() -> HttpResponse {
    asset("text/css; charset=utf-8", APP_CSS, "no-cache")
}

async fn favicon() -> HttpResponse {
    asset("image/svg+xml", FAVICON_SVG, "no-cache")
}

/// The signed-in operator; the session itself travels only in the cookie.
#[derive(Debug, Serialize)]
struct SignedInOut {
    operator: OperatorOut,
}

/// `Set-Cookie` values: the session (`HttpOnly`) and its CSRF token (readable by the page).
/// Both `SameSite=Strict`, and `Secure` when the request came over HTTPS.
fn cookies(req: &HttpRequest, session: &str, csrf: &str, max_age: Option<i64>) -> [String; 2] {
    let secure = if req.connection_info().scheme() == "https" {
        "; Secure"
    } else {
        ""
    };
    let age = max_age
        .map(|s| format!("; Max-Age={s}"))
        .unwrap_or_default();
    [
        format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"),
        format!("{CSRF_COOKIE}={csrf}; Path=/; SameSite=Strict{secure}{age}"),
    ]
}

fn with_cookies(mut res: HttpResponse, values: [String; 2]) -> HttpResponse {
    for v in values {
        if let Ok(v) = HeaderValue::from_str(&v) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Signs in with email and password (JSON); the same checks and throttling as
/// `POST /api/admin/v1/auth/login`.
async fn sign_in(
    req: HttpRequest,
    body: web::Json<LoginIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    check_origin(req.headers())?;
    let opened = open_session(&req, &state, &body).await?;
    let values = cookies(&req, &opened.token, &csrf_token(&opened.token), None);
    let res = respond::ok(SignedInOut {
        operator: OperatorOut::from(&opened.operator),
    });
    Ok(with_cookies(res, values))
}

#[derive(Debug, Serialize)]
struct SignedOutOut {
    signed_out: bool,
}

/// Ends the cookie's session (when it is still valid) and clears both cookies.
async fn sign_out(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, HttpError> {
    if let Some(token) = cookie(req.headers(), SESSION_COOKIE) {
        check_csrf(req.method(), req.headers(), token)?;
        let now = time::OffsetDateTime::now_utc();
        if let Ok(signed_in) =
            keys::operators::service::authenticate(&state.pool, state.sessions, token, now).await
        {
            let mut conn = state.pool.get().await?;
            keys::operators::service::logout(&mut conn, &signed_in).await?;
        }
    }
    let res = respond::ok(SignedOutOut { signed_out: true });
    Ok(with_cookies(res, cookies(&req, "", "", Some(0))))
}
