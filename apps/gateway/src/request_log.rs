//! The batching request-log writer (SPEC §5). Requests hand their record to a bounded
//! channel; one task writes batches (records + usage roll-up + `last_used_at`) in one
//! transaction. A full buffer makes requests wait (backpressure) instead of dropping records;
//! only a buffer that stays full for [`ENQUEUE_TIMEOUT`] (the database is gone) drops, and
//! that is logged and counted. On shutdown the writer drains and flushes everything.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use db::PgPool;
use fleet_domain::audit::{service as audit, RequestRecord};

/// Records buffered between requests and the writer.
pub const CHANNEL_CAPACITY: usize = 10_000;
/// Most records written in one transaction.
pub const MAX_BATCH: usize = 2_000;
/// How long a batch may wait to fill before it is written.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(200);
/// How often a filling batch looks at the buffer (at most `MAX_BATCH` per step are taken, so
/// the buffer drains at up to 100 000 records/s before requests wait).
pub const FILL_STEP: Duration = Duration::from_millis(20);
/// How long a request waits for room in a full buffer before its record is dropped.
pub const ENQUEUE_TIMEOUT: Duration = Duration::from_secs(5);

/// Counters about the writer (exported as metrics).
#[derive(Debug, Default)]
pub struct LogStats {
    pub written: AtomicU64,
    pub dropped: AtomicU64,
    pub write_errors: AtomicU64,
}

/// The sending side, shared by all workers.
#[derive(Clone)]
pub struct RequestLog {
    tx: mpsc::Sender<RequestRecord>,
    pub stats: Arc<LogStats>,
}

impl RequestLog {
    /// Starts the writer; it ends after every `RequestLog` clone is dropped and the buffer is
    /// flushed.
    pub fn start(pool: PgPool) -> (Self, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
        let stats = Arc::new(LogStats::default());
        let task = tokio::spawn(run_writer(pool, rx, stats.clone()));
        (Self { tx, stats }, task)
    }

    /// Hands a record to the writer: at once when there is room, else waits (backpressure).
    pub async fn record(&self, record: RequestRecord) {
        match self.tx.try_send(record) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(record)) => {
                match tokio::time::timeout(ENQUEUE_TIMEOUT, self.tx.send(record)).await {
                    Ok(Ok(())) => {}
                    _ => {
                        self.stats.dropped.fetch_add(1, Ordering::Relaxed);
                        tracing::error!("request log buffer stayed full; record dropped");
                    }
                }
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                self.stats.dropped.fetch_add(1, Ordering::Relaxed);
                tracing::error!("request log writer stopped; record dropped");
            }
        }
    }
}

async fn run_writer(pool: PgPool, mut rx: mpsc::Receiver<RequestRecord>, stats: Arc<LogStats>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        // Wait for the first record, then let the buffer fill until the batch is full or it
        // is time. It is looked at every FILL_STEP rather than awaited record by record: an
        // awaited receive wakes this task (a cross-thread wake-up, a syscall) per request.
        let Some(first) = rx.recv().await else { break };
        batch.push(first);
        let deadline = tokio::time::Instant::now() + FLUSH_INTERVAL;
        while rx.len() + batch.len() < MAX_BATCH && !rx.is_closed() {
            let now = tokio::time::Instant::now();
            if now >= deadline {
                break;
            }
            tokio::time::sleep_until(deadline.min(now + FILL_STEP)).await;
        }
        let mut closed = false;
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(record) => batch.push(record),
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        write_with_retry(&pool, &mut batch, &stats).await;
        if closed {
            break;
        }
    }
    // Senders are gone: whatever is still buffered was drained above; flush a final partial.
    if !batch.is_empty() {
        write_with_retry(&pool, &mut batch, &stats).await;
    }
}

/// Writes the batch, retrying with backoff while the database is unavailable (the bounded
/// channel pushes back on requests meanwhile). Gives up after about a minute of failures.
async fn write_with_retry(pool: &PgPool, batch: &mut Vec<RequestRecord>, stats: &LogStats) {
    let mut delay = Duration::from_millis(100);
    for attempt in 0..12 {
        let result = match pool.get().await {
            Ok(mut conn) => audit::write_batch(&mut conn, batch)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(()) => {
                if attempt > 1 {
                    tracing::info!(attempts = attempt, "request log writes recovered");
                }
                stats
                    .written
                    .fetch_add(batch.len() as u64, Ordering::Relaxed);
                batch.clear();
                return;
            }
            Err(e) => {
                stats.write_errors.fetch_add(1, Ordering::Relaxed);
                // The first failure of a batch can be a connection that died idle (the pool
                // then replaces it); only a second one in a row is an outage worth a warning.
                if attempt == 1 {
                    tracing::warn!(error = %e, records = batch.len(), "request log writes failing; retrying with backoff");
                } else {
                    tracing::debug!(error = %e, attempt, records = batch.len(), "request log write failed");
                }
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(10));
            }
        }
    }
    stats
        .dropped
        .fetch_add(batch.len() as u64, Ordering::Relaxed);
    tracing::error!(
        records = batch.len(),
        "request log batch dropped after repeated failures"
    );
    batch.clear();
}
