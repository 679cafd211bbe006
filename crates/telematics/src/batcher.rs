//! Micro-batching: single-ping requests queue here; a flusher takes what arrived within
//! [`Settings::microbatch_window`] (at most [`Settings::microbatch_max`]) and writes it as
//! one transaction, then answers each request and publishes the live positions.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex};

use db::PgPool;

use crate::live::LiveHub;
use crate::model::IngestOutcome;
use crate::service::{Group, Settings};
use crate::Error;

/// One queued request and where its outcome goes.
pub(crate) struct Job {
    pub group: Group,
    pub reply: oneshot::Sender<Result<IngestOutcome, Error>>,
}

/// Runs until every sender is dropped: collect a micro-batch, write it, answer.
pub(crate) async fn flusher(
    rx: Arc<Mutex<mpsc::Receiver<Job>>>,
    pool: PgPool,
    settings: Arc<Settings>,
    live: LiveHub,
) {
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut jobs = vec![first];
            let deadline = tokio::time::Instant::now() + settings.microbatch_window;
            while jobs.len() < settings.microbatch_max {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(mpsc::error::TryRecvError::Disconnected) => break,
                    Err(mpsc::error::TryRecvError::Empty) => {
                        match tokio::time::timeout_at(deadline, rx.recv()).await {
                            Ok(Some(job)) => jobs.push(job),
                            Ok(None) | Err(_) => break,
                        }
                    }
                }
            }
            jobs
        };
        let (groups, replies): (Vec<Group>, Vec<_>) =
            jobs.into_iter().map(|j| (j.group, j.reply)).unzip();
        match crate::ingest::run(&pool, &settings, groups).await {
            Ok((outcomes, batches)) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    // The requester may have gone away; its data is committed regardless.
                    let _ = reply.send(Ok(outcome));
                }
                live.publish_all(batches);
            }
            Err(e) => {
                tracing::error!(error = %e, requests = replies.len(), "telematics micro-batch failed");
                for reply in replies {
                    let _ = reply.send(Err(e.for_batch()));
                }
            }
        }
    }
}
