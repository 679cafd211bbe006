//! Outermost middleware: assigns the request id (keeping a sane client-supplied one), runs the
//! request with it in context, turns panics and every framework error body into the error
//! envelope, and sets `X-Request-Id` on every response.

use std::panic::AssertUnwindSafe;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError};
use futures_util::FutureExt;

use envelope::{ApiError, ErrorCode, RequestId};

use crate::context::with_request_id;
use crate::error::{Enveloped, HttpError};

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

pub async fn envelope(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(RequestId::from_client)
        .unwrap_or_else(RequestId::generate);
    req.extensions_mut().insert(id.clone());
    let outcome = with_request_id(id.clone(), async move {
        match AssertUnwindSafe(next.call(req)).catch_unwind().await {
            Ok(Ok(res)) => Ok(normalize(res.map_into_boxed_body())),
            Ok(Err(err)) => Err(match err.as_error::<HttpError>() {
                Some(ours) => ours.0.clone(),
                None => framework_api_error(err.as_response_error().status_code().as_u16()),
            }),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(request_id = %crate::context::request_id(), panic = %what, "handler panicked");
                Err(ApiError::internal())
            }
        }
    })
    .await;
    match outcome {
        Ok(mut res) => {
            if let Ok(value) = HeaderValue::from_str(id.as_str()) {
                res.headers_mut().insert(REQUEST_ID_HEADER, value);
            }
            Ok(res)
        }
        // The request object is gone (it was moved into the routing below); actix renders
        // this error into the response through `ResponseError`.
        Err(api) => Err(Rendered { api, id }.into()),
    }
}

/// A failure caught after the request was consumed, rendered with its request id.
#[derive(Debug)]
struct Rendered {
    api: ApiError,
    id: RequestId,
}

impl std::fmt::Display for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.api.fmt(f)
    }
}

impl ResponseError for Rendered {
    fn status_code(&self) -> actix_web::http::StatusCode {
        HttpError(self.api.clone()).status_code()
    }

    fn error_response(&self) -> actix_web::HttpResponse {
        let mut res = HttpError(self.api.clone()).error_response_with(&self.id);
        if let Ok(value) = HeaderValue::from_str(self.id.as_str()) {
            res.headers_mut().insert(REQUEST_ID_HEADER, value);
        }
        res
    }
}

/// Replaces a framework-made error body (anything not built from [`HttpError`]) with the
/// envelope for its status.
fn normalize(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status().as_u16();
    if status < 400 {
        return res;
    }
    let ours = res.response().extensions().get::<Enveloped>().is_some()
        || res
            .response()
            .error()
            .is_some_and(|e| e.as_error::<HttpError>().is_some());
    if ours {
        return res;
    }
    if status >= 500 {
        if let Some(err) = res.response().error() {
            tracing::error!(request_id = %crate::context::request_id(), error = %err, "framework error");
        }
    }
    let (req, _) = res.into_parts();
    ServiceResponse::new(req, framework_error(status))
}

fn framework_error(status: u16) -> actix_web::HttpResponse {
    HttpError(framework_api_error(status)).error_response()
}

fn framework_api_error(status: u16) -> ApiError {
    let code = ErrorCode::for_status(status);
    let message = match code {
        ErrorCode::NotFound => "No such resource",
        ErrorCode::MethodNotAllowed => "Method not allowed",
        ErrorCode::PayloadTooLarge => "The request body is too large",
        ErrorCode::UnsupportedMediaType => "Send the body as application/json",
        ErrorCode::ValidationError => "The request is invalid",
        ErrorCode::InternalError => "An internal error occurred",
        _ => "The request failed",
    };
    ApiError::new(code, message)
}
