//! One retry of an idempotent read that failed because its database connection died.
//!
//! A `GET` or `HEAD` whose handler hit a connection-level database error (the backend was
//! terminated, the socket closed mid-query: see [`db::is_connection_error`]) is run once more;
//! the pool has discarded the dead connection, so the retry gets a fresh one. Anything else,
//! and every write, is answered as it came (a write that lost its connection answers `503
//! SERVICE_UNAVAILABLE`; clients retry it with the same `Idempotency-Key`).
//!
//! It wraps a scope's router (innermost on the partner and management scopes), so
//! authentication, the rate limit and the request log run once per request; the retry re-runs
//! routing and the handler only.

use std::cell::Cell;
use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::rc::Rc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{forward_ready, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::Method;
use actix_web::HttpMessage;

/// Pause before the retry.
const RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(25);

tokio::task_local! {
    static CONNECTION_LOST: Cell<bool>;
}

/// Records that the current request lost its database connection (called where database
/// errors become responses, see `crate::error`).
pub fn note_connection_lost() {
    let _ = CONNECTION_LOST.try_with(|lost| lost.set(true));
}

/// The route pattern of the first attempt, kept for the request log: a retried request is
/// routed twice, after which actix no longer resolves its pattern.
#[derive(Debug, Clone)]
pub struct RoutePattern(pub String);

/// The middleware factory: `.wrap(RetryReads)`.
pub struct RetryReads;

impl<S, B> Transform<S, ServiceRequest> for RetryReads
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = RetryReadsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RetryReadsService {
            service: Rc::new(service),
        }))
    }
}

pub struct RetryReadsService<S> {
    service: Rc<S>,
}

type Outcome = Result<ServiceResponse<BoxBody>, actix_web::Error>;

impl<S, B> Service<ServiceRequest> for RetryReadsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Outcome>>>;

    forward_ready!(service);

    fn call(&self, mut req: ServiceRequest) -> Self::Future {
        let service = self.service.clone();
        Box::pin(async move {
            let idempotent = matches!(*req.method(), Method::GET | Method::HEAD);
            if !idempotent {
                return service.call(req).await.map(|r| r.map_into_boxed_body());
            }
            // Routing below this point advances the path; the retry starts from here again.
            let path = req.match_info().clone();
            let (first, lost) = attempt(&service, req).await;
            if !lost {
                return first;
            }
            let Ok(res) = first else { return first };
            let pattern = res.request().match_pattern();
            let (http, _) = res.into_parts();
            req = ServiceRequest::from_request(http);
            *req.match_info_mut() = path;
            if let Some(pattern) = pattern {
                req.extensions_mut().insert(RoutePattern(pattern));
            }
            tracing::info!(
                request_id = %crate::context::request_id(),
                "database connection lost during a read; retrying once"
            );
            // Backends usually die together (a restart, a terminate of the pool's sessions):
            // a moment lets the pool's other connections notice their closed sockets, so the
            // retry draws a live one.
            tokio::time::sleep(RETRY_PAUSE).await;
            attempt(&service, req).await.0
        })
    }
}

async fn attempt<S, B>(service: &Rc<S>, req: ServiceRequest) -> (Outcome, bool)
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    CONNECTION_LOST
        .scope(Cell::new(false), async move {
            let res = service.call(req).await.map(|r| r.map_into_boxed_body());
            (res, CONNECTION_LOST.with(Cell::get))
        })
        .await
}
