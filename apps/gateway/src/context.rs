//! The current request's id, reachable from anywhere inside the request's task (error
//! responses are built far from the request object).

use envelope::{Meta, RequestId};

tokio::task_local! {
    static REQUEST_ID: RequestId;
}

/// Runs `fut` with `id` as the current request id.
pub async fn with_request_id<F: std::future::Future>(id: RequestId, fut: F) -> F::Output {
    REQUEST_ID.scope(id, fut).await
}

/// The current request id (a fresh one outside any request).
pub fn request_id() -> RequestId {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| RequestId::generate())
}

/// `meta` for the current response.
pub fn meta() -> Meta {
    Meta::new(&request_id())
}
