//! Ingest: a batch of pings is validated, resolved against the caller's scope, and written
//! in ONE transaction together with the events it derives; single-ping requests that arrive
//! together are grouped into one such transaction (micro-batching, `batcher`), each
//! request answered only after its data committed. Live positions are published after the
//! commit. The transaction is in `ingest`, the archive's down-sampling in `archive`, the
//! derived events in `derive`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, Mutex};

use db::PgPool;
use fleet_domain::Scope;

use crate::batcher::{flusher, Job};
use crate::live::LiveHub;
use crate::model::{IngestOutcome, Parsed};
use crate::Error;

pub use crate::archive::slot;
pub use crate::derive::BATTERY_REARM_MARGIN;
pub use crate::ingest::ingest_groups;

/// Tunables (the gateway reads them from `TELEMATICS_*`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// At most one archived ping without events per vehicle per this many seconds.
    pub archive_interval_s: u32,
    /// `vehicle.location_updated` after moving at least this far since the last one.
    pub location_min_distance_m: f64,
    /// How long a micro-batch waits for more single pings after its first.
    pub microbatch_window: Duration,
    /// Most requests in one micro-batch.
    pub microbatch_max: usize,
    /// Single-ping requests waiting for a micro-batch before senders wait (backpressure).
    pub microbatch_queue: usize,
    /// Micro-batches in flight at once (one collects while others commit).
    pub microbatch_flushers: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            archive_interval_s: 5,
            location_min_distance_m: 50.0,
            // 1 ms rather than 2: single-ping ingest is latency-bound (each request waits for
            // its commit), 7 850 -> 9 140 requests/s at 64 connections (docs/performance.md).
            microbatch_window: Duration::from_millis(1),
            microbatch_max: 512,
            microbatch_queue: 8_192,
            microbatch_flushers: 2,
        }
    }
}

/// One request's pings with the caller's scope.
#[derive(Debug)]
pub struct Group {
    pub scope: Scope,
    pub items: Vec<Parsed>,
}

/// The ingest service: the pool, the settings, the live hub and the micro-batch queue.
#[derive(Clone)]
pub struct Telematics {
    pool: PgPool,
    settings: Arc<Settings>,
    live: LiveHub,
    queue: mpsc::Sender<Job>,
    stats: Arc<Stats>,
}

/// Counters for `/metrics` (pings accepted and rejected since start).
#[derive(Debug, Default)]
pub struct Stats {
    pub accepted: AtomicU64,
    pub rejected: AtomicU64,
}

impl Telematics {
    /// Starts the micro-batch flushers (they stop when every handle is dropped).
    pub fn start(pool: PgPool, settings: Settings, live: LiveHub) -> Self {
        let settings = Arc::new(settings);
        let (tx, rx) = mpsc::channel(settings.microbatch_queue.max(1));
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..settings.microbatch_flushers.max(1) {
            tokio::spawn(flusher(
                rx.clone(),
                pool.clone(),
                settings.clone(),
                live.clone(),
            ));
        }
        Self {
            pool,
            settings,
            live,
            queue: tx,
            stats: Arc::default(),
        }
    }

    /// Pings accepted and rejected since start (for metrics).
    pub fn stats(&self) -> (u64, u64) {
        (
            self.stats.accepted.load(Ordering::Relaxed),
            self.stats.rejected.load(Ordering::Relaxed),
        )
    }

    pub fn live(&self) -> &LiveHub {
        &self.live
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Ingests one request's parsed pings for `scope`. A single ping joins the current
    /// micro-batch; a batch is its own transaction. Returns after the commit.
    pub async fn ingest(&self, scope: &Scope, items: Vec<Parsed>) -> Result<IngestOutcome, Error> {
        let outcome = self.ingest_inner(scope, items).await?;
        self.stats
            .accepted
            .fetch_add(outcome.accepted as u64, Ordering::Relaxed);
        self.stats
            .rejected
            .fetch_add(outcome.rejected.len() as u64, Ordering::Relaxed);
        Ok(outcome)
    }

    async fn ingest_inner(
        &self,
        scope: &Scope,
        items: Vec<Parsed>,
    ) -> Result<IngestOutcome, Error> {
        let group = Group {
            scope: scope.clone(),
            items,
        };
        if group.items.iter().all(|p| p.is_err()) {
            // Nothing to write: answer without touching the database.
            return Ok(run_in_memory(group));
        }
        if group.items.len() == 1 {
            let (reply, rx) = oneshot::channel();
            self.queue
                .send(Job { group, reply })
                .await
                .map_err(|_| Error::BatchFailed("ingest queue closed".into()))?;
            return rx
                .await
                .map_err(|_| Error::BatchFailed("ingest worker stopped".into()))?;
        }
        // A task of its own: the request may go away, the transaction must not stop half-way.
        let (pool, settings) = (self.pool.clone(), self.settings.clone());
        let (mut outcomes, live) =
            tokio::spawn(async move { crate::ingest::run(&pool, &settings, vec![group]).await })
                .await
                .map_err(|e| Error::BatchFailed(format!("ingest task: {e}")))??;
        self.live.publish_all(live);
        outcomes
            .pop()
            .ok_or_else(|| Error::BatchFailed("no outcome".into()))
    }
}

fn run_in_memory(group: Group) -> IngestOutcome {
    IngestOutcome {
        accepted: 0,
        rejected: group.items.into_iter().filter_map(Result::err).collect(),
    }
}
