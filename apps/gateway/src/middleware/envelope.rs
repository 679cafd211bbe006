//! Outermost middleware: assigns the request id (keeping a sane client-supplied one), runs the
//! request with it in context, turns panics and every framework error body into the error
//! envelope, and sets `X-Request-Id` on every response.

use std::cell::Cell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use futures_util::Stream;

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
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let body_timeout = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| s.config.body_read_timeout);
    let timed_out = Rc::new(Cell::new(false));
    if let Some(timeout) = body_timeout {
        match req.take_payload() {
            Payload::None => {}
            payload => {
                let timed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
                    Box::pin(TimedBody {
                        inner: payload,
                        deadline: tokio::time::Instant::now() + timeout,
                        sleep: None,
                        timed_out: timed_out.clone(),
                    });
                req.set_payload(Payload::from(timed));
            }
        }
    }
    let id = req
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(RequestId::from_client)
        .unwrap_or_else(RequestId::generate);
    req.extensions_mut().insert(id.clone());
    let outcome = with_request_id(id.clone(), async move {
        match AssertUnwindSafe(next.call(req)).catch_unwind().await {
            Ok(Ok(_)) | Ok(Err(_)) if timed_out.get() => Err(body_timed_out()),
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

fn body_timed_out() -> ApiError {
    ApiError::new(
        ErrorCode::RequestTimeout,
        "The request body did not arrive in time",
    )
}

/// The request body as a stream that fails once `deadline` passes before it is complete;
/// `timed_out` tells the middleware to answer `408 REQUEST_TIMEOUT` whatever the handler made
/// of the failed read. actix-web has no body read timeout of its own.
struct TimedBody {
    inner: Payload,
    deadline: tokio::time::Instant,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    timed_out: Rc<Cell<bool>>,
}

impl Stream for TimedBody {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Poll::Ready(item) = Pin::new(&mut this.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        let deadline = this.deadline;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.timed_out.set(true);
                Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "request body read timeout",
                )))))
            }
            Poll::Pending => Poll::Pending,
        }
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
