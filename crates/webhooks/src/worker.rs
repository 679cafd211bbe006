//! Delivery workers. A worker claims due deliveries in one statement (`FOR UPDATE SKIP
//! LOCKED`, so any number of workers in any number of processes never claim the same row),
//! with a lease: the claim counts the attempt and holds the row until `now + lease`. The
//! attempt is sent without holding a database connection, then recorded with the claim's
//! fencing token. A worker that dies mid-attempt leaves its lease to expire; the next claim
//! records the lost attempt as abandoned and sends again (at-least-once).
//!
//! Schedule (SPEC §9): attempt 1 at once, then 1 s, 2 s, 4 s, 8 s after each failure; the 5th
//! failure marks the delivery `failed`. A `Retry-After` on 429/503 postpones the next attempt
//! to at least that (clamped to an hour).

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use tokio::sync::{watch, Notify};
use uuid::Uuid;

use db::schema::webhook_deliveries as wd;
use db::PgPool;

use crate::circuit::{self, CircuitConfig};
use crate::dispatcher::MAX_ATTEMPTS;
use crate::model::{Attempt, Delivery, DeliveryId, DeliveryStatus, Endpoint, EndpointId};
use crate::sender::{Message, Outcome, Sender};
use crate::store::{self, NewAttempt};
use crate::Error;

/// Delay after the n-th failed attempt of a cycle (n = 1…4).
pub const BACKOFF: [Duration; 4] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
];

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Deliveries claimed (and sent concurrently) per round; the round is recorded in one
    /// transaction, so a larger batch costs fewer round trips per delivery.
    pub batch: i64,
    /// How long a claim holds; must exceed the HTTP timeout.
    pub lease: Duration,
    /// Poll interval when nothing is due.
    pub idle: Duration,
    pub circuit: CircuitConfig,
}

impl WorkerConfig {
    /// Defaults for an HTTP `timeout`.
    pub fn for_timeout(timeout: Duration) -> Self {
        Self {
            batch: 64,
            lease: timeout + Duration::from_secs(30),
            idle: Duration::from_millis(100),
            circuit: CircuitConfig::default(),
        }
    }
}

/// A claimed attempt.
#[derive(Debug, Clone)]
pub struct Job {
    pub token: Uuid,
    pub delivery: Delivery,
    pub endpoint: Endpoint,
    /// This attempt's number (already counted in `delivery.attempt_count`).
    pub attempt_number: i32,
    /// The circuit's probe.
    pub probe: bool,
}

/// When the next attempt is due after a failed attempt `number` with budget end `limit`,
/// or `None` when the delivery has failed for good.
pub fn next_attempt(
    number: i32,
    limit: i32,
    retry_after: Option<Duration>,
    at: OffsetDateTime,
) -> Option<OffsetDateTime> {
    if number >= limit {
        return None;
    }
    // Position in the current cycle of MAX_ATTEMPTS (a resend starts a new cycle).
    let in_cycle = number - (limit - MAX_ATTEMPTS);
    let idx = usize::try_from(in_cycle - 1)
        .unwrap_or(0)
        .min(BACKOFF.len() - 1);
    let mut delay = BACKOFF[idx];
    if let Some(ra) = retry_after {
        delay = delay.max(ra);
    }
    Some(at + delay)
}

/// How a delivery moves on after attempt `number` (of a budget ending at `limit`).
fn finish(outcome: &Outcome, number: i32, limit: i32, at: OffsetDateTime) -> store::Finish<'_> {
    let (status, next_attempt_at) = if outcome.success {
        (DeliveryStatus::Delivered, None)
    } else {
        match next_attempt(number, limit, outcome.retry_after, at) {
            Some(next) => (DeliveryStatus::Pending, Some(next)),
            None => (DeliveryStatus::Failed, None),
        }
    };
    store::Finish {
        status,
        next_attempt_at,
        status_code: outcome.status_code,
        error: outcome.error.as_deref(),
    }
}

fn new_attempt(
    delivery: DeliveryId,
    endpoint: EndpointId,
    number: i32,
    outcome: &Outcome,
    at: OffsetDateTime,
) -> NewAttempt<'_> {
    NewAttempt {
        delivery_id: delivery,
        endpoint_id: endpoint,
        attempt_number: number,
        outcome,
        at,
    }
}

fn round_attempt<'a>(
    job: &Job,
    outcome: &'a Outcome,
    at: OffsetDateTime,
) -> store::RoundAttempt<'a> {
    let (delivery, limit) = (&job.delivery, job.delivery.attempt_limit);
    store::RoundAttempt {
        attempt: new_attempt(
            delivery.id,
            job.endpoint.id,
            job.attempt_number,
            outcome,
            at,
        ),
        finish: finish(outcome, job.attempt_number, limit, at),
    }
}

/// Records `outcome` as attempt `number` and moves the delivery on (delivered, retry later,
/// failed), only while `token` holds the claim; updates the circuit unless `circuit` is
/// `None` (the test button). Returns the attempt when it was recorded by this call.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut AsyncPgConnection,
    circuit: Option<(&CircuitConfig, bool)>,
    delivery: DeliveryId,
    endpoint: EndpointId,
    token: Uuid,
    number: i32,
    limit: i32,
    outcome: &Outcome,
    at: OffsetDateTime,
) -> Result<Option<Attempt>, Error> {
    let attempt = conn
        .transaction(async |conn| {
            let attempt =
                store::insert_attempt(conn, &new_attempt(delivery, endpoint, number, outcome, at))
                    .await?;
            store::finish_attempt(
                conn,
                delivery,
                token,
                &finish(outcome, number, limit, at),
                at,
            )
            .await?;
            Ok::<_, Error>(attempt)
        })
        .await?;
    // After the commit, so that of concurrent recorders the last one sees every attempt.
    if let Some((cfg, probe)) = circuit {
        conn.transaction(async |conn| {
            circuit::after_attempt(conn, cfg, endpoint, outcome.success, probe, at).await
        })
        .await?;
    }
    Ok(attempt)
}

/// One worker (many can run, in one process or several).
#[derive(Clone)]
pub struct Worker {
    pool: PgPool,
    sender: Arc<Sender>,
    cfg: WorkerConfig,
}

impl Worker {
    pub fn new(pool: PgPool, sender: Arc<Sender>, cfg: WorkerConfig) -> Self {
        Self { pool, sender, cfg }
    }

    fn lease_ms(&self) -> i64 {
        i64::try_from(self.cfg.lease.as_millis()).unwrap_or(i64::MAX)
    }

    /// Claims the due work at `now`: circuit probes first, then up to `batch` deliveries of
    /// endpoints with a closed circuit. Lost claims found on the way are recorded as
    /// abandoned attempts.
    pub async fn claim(&self, now: OffsetDateTime) -> Result<Vec<Job>, Error> {
        let mut conn = self.pool.get().await?;
        let token = Uuid::now_v7();
        let mut claimed: Vec<(store::Claimed, bool)> = Vec::new();
        for endpoint in store::claim_probes(&mut conn, now, self.lease_ms(), 8).await? {
            let rows =
                store::claim(&mut conn, now, self.lease_ms(), 1, token, Some(endpoint)).await?;
            if rows.is_empty() {
                // Nothing to probe with: back to open, same interval.
                let e = store::endpoint_by_id(&mut conn, endpoint).await?;
                let interval = e.probe_interval_ms.max(1);
                store::reopen_circuit(&mut conn, endpoint, interval, now).await?;
            }
            claimed.extend(rows.into_iter().map(|r| (r, true)));
        }
        let rows =
            store::claim(&mut conn, now, self.lease_ms(), self.cfg.batch, token, None).await?;
        claimed.extend(rows.into_iter().map(|r| (r, false)));
        if claimed.is_empty() {
            return Ok(Vec::new());
        }
        let mut endpoint_ids: Vec<EndpointId> = claimed
            .iter()
            .map(|(c, _)| c.delivery.endpoint_id)
            .collect();
        endpoint_ids.sort();
        endpoint_ids.dedup();
        let endpoints = store::endpoints_by_ids(&mut conn, &endpoint_ids).await?;
        let mut jobs = Vec::new();
        for (c, probe) in claimed {
            let delivery = c.delivery;
            let Some(endpoint) = endpoints
                .iter()
                .find(|e| e.id == delivery.endpoint_id)
                .cloned()
            else {
                continue;
            };
            let number = delivery.attempt_count;
            if c.abandoned {
                let lost = Outcome {
                    success: false,
                    status_code: None,
                    latency_ms: 0,
                    error: Some("abandoned: the worker holding this attempt stopped before recording its outcome".into()),
                    response_body: None,
                    retry_after: None,
                };
                store::insert_attempt(
                    &mut conn,
                    &NewAttempt {
                        delivery_id: delivery.id,
                        endpoint_id: endpoint.id,
                        attempt_number: number - 1,
                        outcome: &lost,
                        at: now,
                    },
                )
                .await?;
                if number > delivery.attempt_limit {
                    // The lost attempt was the last of the budget.
                    diesel::update(
                        wd::table
                            .filter(wd::id.eq(delivery.id))
                            .filter(wd::lock_token.eq(token)),
                    )
                    .set((
                        wd::status.eq(DeliveryStatus::Failed),
                        wd::attempt_count.eq(wd::attempt_count - 1),
                        wd::locked_until.eq(None::<OffsetDateTime>),
                        wd::lock_token.eq(None::<Uuid>),
                        wd::next_attempt_at.eq(None::<OffsetDateTime>),
                        wd::last_error.eq(lost.error.clone()),
                        wd::failed_at.eq(Some(now)),
                        wd::updated_at.eq(now),
                    ))
                    .execute(&mut conn)
                    .await?;
                    continue;
                }
            }
            jobs.push(Job {
                token,
                delivery,
                endpoint,
                attempt_number: number,
                probe,
            });
        }
        Ok(jobs)
    }

    /// Sends one claimed attempt; returns its outcome and when it ended (`claimed_at` + the
    /// time it took).
    async fn send(&self, job: &Job, claimed_at: OffsetDateTime) -> (Outcome, OffsetDateTime) {
        let started = Instant::now();
        let event_id = job.delivery.wire_event_id();
        let outcome = self
            .sender
            .send(
                &job.endpoint,
                &Message {
                    delivery_id: job.delivery.id.0,
                    event_id: &event_id,
                    event_type: &job.delivery.event_type,
                    body: &job.delivery.payload,
                },
                None,
            )
            .await;
        (outcome, claimed_at + started.elapsed())
    }

    /// Sends one claimed attempt and records it at `claimed_at` + the time it took.
    pub async fn process(
        &self,
        job: &Job,
        claimed_at: OffsetDateTime,
    ) -> Result<Option<Attempt>, Error> {
        let (outcome, at) = self.send(job, claimed_at).await;
        let mut conn = self.pool.get().await?;
        record(
            &mut conn,
            Some((&self.cfg.circuit, job.probe)),
            job.delivery.id,
            job.endpoint.id,
            job.token,
            job.attempt_number,
            job.delivery.attempt_limit,
            &outcome,
            at,
        )
        .await
    }

    /// One round at `now`: claim, send everything claimed concurrently, record the round in
    /// one transaction ([`store::record_round`]: two statements whatever the batch), then the
    /// circuit of each endpoint that failed or was probed. Returns how many attempts were
    /// made. Tests drive time through `now`.
    pub async fn run_once(&self, now: OffsetDateTime) -> Result<usize, Error> {
        let jobs = self.claim(now).await?;
        let n = jobs.len();
        let sent = futures_util::future::join_all(jobs.iter().map(|job| self.send(job, now))).await;
        if let Err(e) = self.record_round(&jobs, &sent).await {
            tracing::warn!(error = %e, "recording webhook attempts failed; their leases will expire and they are retried");
        }
        Ok(n)
    }

    async fn record_round(
        &self,
        jobs: &[Job],
        sent: &[(Outcome, OffsetDateTime)],
    ) -> Result<(), Error> {
        let Some(token) = jobs.first().map(|j| j.token) else {
            return Ok(());
        };
        let round: Vec<store::RoundAttempt<'_>> = jobs
            .iter()
            .zip(sent)
            .map(|(job, (outcome, at))| round_attempt(job, outcome, *at))
            .collect();
        let mut conn = self.pool.get().await?;
        conn.transaction(async |conn| store::record_round(conn, token, &round).await)
            .await?;
        // After the commit, as in `record`; a success that was not a probe leaves the
        // circuit as it is, so it costs nothing here.
        for (job, (outcome, at)) in jobs.iter().zip(sent) {
            if outcome.success && !job.probe {
                continue;
            }
            let cfg = &self.cfg.circuit;
            conn.transaction(async |conn| {
                circuit::after_attempt(conn, cfg, job.endpoint.id, outcome.success, job.probe, *at)
                    .await
            })
            .await?;
        }
        Ok(())
    }

    /// Runs rounds until `shutdown`; an in-flight round always finishes (and is recorded).
    pub async fn run(self, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>) {
        let mut outage = db::Outage::new("webhook worker");
        loop {
            if *shutdown.borrow() {
                return;
            }
            let pause = match self.run_once(OffsetDateTime::now_utc()).await {
                Ok(n) => {
                    outage.recovered();
                    if n > 0 {
                        continue;
                    }
                    self.cfg.idle
                }
                Err(e) => outage.failed(&e).max(self.cfg.idle),
            };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = wake.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_is_1_2_4_8_then_failed() {
        let t = OffsetDateTime::UNIX_EPOCH;
        let s = |n| next_attempt(n, 5, None, t).map(|x| (x - t).whole_seconds());
        assert_eq!(
            [s(1), s(2), s(3), s(4), s(5)],
            [Some(1), Some(2), Some(4), Some(8), None]
        );
        // A resend starts a new cycle of five.
        assert_eq!(
            next_attempt(6, 10, None, t).map(|x| (x - t).whole_seconds()),
            Some(1)
        );
        assert_eq!(next_attempt(10, 10, None, t), None);
        // Retry-After postpones, never hastens.
        let ra = next_attempt(1, 5, Some(Duration::from_secs(30)), t);
        assert_eq!(ra.map(|x| (x - t).whole_seconds()), Some(30));
        let short = next_attempt(4, 5, Some(Duration::from_secs(1)), t);
        assert_eq!(short.map(|x| (x - t).whole_seconds()), Some(8));
    }
}
