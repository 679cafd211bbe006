//! The circuit breaker (SPEC §9), per endpoint.
//!
//! - `closed`: normal. After each failed attempt the last [`CircuitConfig::window`] attempts
//!   made since the circuit last closed are counted; when there are at least that many and
//!   more than half failed, the circuit opens.
//! - `open`: no delivery of the endpoint is claimed (they wait with their attempt budget
//!   intact); at `next_probe_at` one worker moves it to `half_open` and sends one due delivery
//!   as the probe. The probe interval starts at `first_probe` and doubles after every failed
//!   probe up to `max_probe`.
//! - `half_open`: the probe is in flight. Success closes the circuit (and, with
//!   `auto_recover`, re-queues the deliveries that failed since the outage began, oldest
//!   first, `recovery_spacing` apart); failure opens it again. A probe whose worker died is
//!   retried when its lease runs out.

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::webhook_endpoints as we;

use crate::dispatcher::MAX_ATTEMPTS;
use crate::model::{CircuitState, EndpointId};
use crate::{store, Error};

#[derive(Debug, Clone)]
pub struct CircuitConfig {
    /// Attempts considered (and the minimum before the circuit can open).
    pub window: i64,
    pub first_probe: Duration,
    pub max_probe: Duration,
    /// Spacing of automatic re-sends after recovery (bounded rate).
    pub recovery_spacing: Duration,
    /// Most deliveries re-queued by one recovery.
    pub recovery_max: i64,
}

impl Default for CircuitConfig {
    fn default() -> Self {
        Self {
            window: store::HEALTH_WINDOW,
            first_probe: Duration::from_secs(5),
            max_probe: Duration::from_secs(600),
            recovery_spacing: Duration::from_millis(100),
            recovery_max: 10_000,
        }
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Updates the circuit of `endpoint` after an attempt (inside the recording transaction).
/// Returns how many deliveries an auto-recovery re-queued.
pub async fn after_attempt(
    conn: &mut AsyncPgConnection,
    cfg: &CircuitConfig,
    endpoint: EndpointId,
    success: bool,
    probe: bool,
    now: OffsetDateTime,
) -> Result<usize, Error> {
    if probe {
        if success {
            return close(conn, cfg, endpoint, now).await;
        }
        let current: i64 = we::table
            .find(endpoint)
            .select(we::probe_interval_ms)
            .get_result(conn)
            .await?;
        let next = current
            .saturating_mul(2)
            .max(ms(cfg.first_probe))
            .min(ms(cfg.max_probe));
        store::reopen_circuit(conn, endpoint, next, now).await?;
        return Ok(0);
    }
    if success {
        return Ok(0);
    }
    let (state, closed_at): (CircuitState, Option<OffsetDateTime>) = we::table
        .find(endpoint)
        .select((we::circuit, we::circuit_closed_at))
        .get_result(conn)
        .await?;
    if state != CircuitState::Closed {
        return Ok(0);
    }
    let w = store::failure_window(conn, endpoint, closed_at, cfg.window).await?;
    if w.attempts >= cfg.window && w.failures * 2 > w.attempts {
        let started = w.first_failure.unwrap_or(now);
        if store::open_circuit(conn, endpoint, started, ms(cfg.first_probe), now).await? > 0 {
            tracing::warn!(endpoint = %endpoint, failures = w.failures, attempts = w.attempts, "webhook circuit opened");
        }
    }
    Ok(0)
}

/// Closes the circuit; with `auto_recover`, re-queues what failed during the outage.
pub async fn close(
    conn: &mut AsyncPgConnection,
    cfg: &CircuitConfig,
    endpoint: EndpointId,
    now: OffsetDateTime,
) -> Result<usize, Error> {
    let Some(before) = store::close_circuit(conn, endpoint, now).await? else {
        return Ok(0);
    };
    tracing::info!(endpoint = %endpoint, "webhook circuit closed");
    if !before.auto_recover {
        return Ok(0);
    }
    let since = before.outage_started_at.or(before.circuit_opened_at);
    let Some(since) = since else { return Ok(0) };
    let n = store::requeue_failed(
        conn,
        endpoint,
        store::Requeue {
            created_since: None,
            failed_since: Some(since),
            budget: MAX_ATTEMPTS,
            spacing_ms: ms(cfg.recovery_spacing),
            max: cfg.recovery_max,
        },
        now,
    )
    .await?;
    if n > 0 {
        tracing::info!(endpoint = %endpoint, deliveries = n, "webhook auto-recovery re-queued failed deliveries");
    }
    Ok(n)
}
