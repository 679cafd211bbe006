//! Webhooks (SPEC §9): endpoints with signing secrets, the dispatcher that fans outbox events
//! out to matching endpoints as deliveries, workers that claim due deliveries with
//! `FOR UPDATE SKIP LOCKED` and send them signed (`X-Levy-Signature` and the Standard
//! Webhooks headers) with retries, a per-endpoint circuit breaker with auto-recovery,
//! retention, and [`verify`] for Rust integrators.

pub mod circuit;
pub mod dispatcher;
mod error;
pub mod json;
pub mod model;
pub mod policy;
pub mod retention;
pub mod sender;
pub mod service;
pub mod signing;
pub mod store;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

pub use error::Error;
pub use model::{
    Attempt, CircuitState, Delivery, DeliveryId, DeliveryStatus, Endpoint, EndpointId,
};
pub use sender::{FixedHosts, Sender};
pub use signing::{verify, VerifyError, DEFAULT_TOLERANCE};
pub use worker::{Worker, WorkerConfig};

/// Everything the background side needs.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Worker tasks (0 = no background delivery in this process).
    pub workers: usize,
    pub worker: WorkerConfig,
    /// Dispatcher poll interval when the outbox is empty.
    pub dispatch_idle: Duration,
    /// For the dispatcher's `LISTEN` connection (woken on outbox commits); `None` = poll only.
    pub database_url: Option<String>,
    pub retention: retention::Retention,
}

/// The running dispatcher, workers and retention task of one process.
pub struct Runtime {
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Runtime {
    /// Starts one dispatcher, `cfg.workers` workers and the retention purge (nothing when
    /// `cfg.workers` is 0).
    pub fn start(pool: db::PgPool, sender: Arc<Sender>, cfg: RuntimeConfig) -> Self {
        let (shutdown, rx) = watch::channel(false);
        let mut tasks = Vec::new();
        if cfg.workers > 0 {
            let wake = Arc::new(Notify::new());
            tasks.push(tokio::spawn(dispatcher::run(
                pool.clone(),
                cfg.database_url.clone(),
                cfg.dispatch_idle,
                wake.clone(),
                rx.clone(),
            )));
            for _ in 0..cfg.workers {
                let worker = Worker::new(pool.clone(), sender.clone(), cfg.worker.clone());
                tasks.push(tokio::spawn(worker.run(wake.clone(), rx.clone())));
            }
            tasks.push(tokio::spawn(retention::run(pool, cfg.retention, rx)));
        }
        Self { shutdown, tasks }
    }

    /// Stops taking new work and waits (at most `grace`) for in-flight attempts to be sent
    /// and recorded; what is still running after `grace` is aborted (its lease expires and
    /// another worker re-delivers).
    pub async fn stop(self, grace: Duration) {
        let _ = self.shutdown.send(true);
        let deadline = tokio::time::Instant::now() + grace;
        for task in self.tasks {
            let abort = task.abort_handle();
            if tokio::time::timeout_at(deadline, task).await.is_err() {
                abort.abort();
            }
        }
    }
}
