//! [`Limiter`]: Redis when configured, the in-process backend when not — and, fail-open,
//! whenever Redis errs or is slow.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::error::Error;
use crate::memory::{Clock, InProcessBackend, Mode};
use crate::model::{Decision, LimiterConfig, Limits};
use crate::redis_store::RedisBackend;

/// While degraded, at most one request per interval tries Redis; the others go straight to
/// the in-process backend and do not pay the timeout.
const RETRY_INTERVAL: Duration = Duration::from_secs(1);
/// Bound on establishing a connection (in the background of the requests that wait at most
/// `redis_timeout` for it) and on the start-up probe in [`Limiter::new`].
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

enum Remote {
    /// No Redis configured: the in-process backend is the backend.
    Disabled,
    Redis(RedisBackend),
    /// A Redis URL that cannot be used at all; every decision falls back.
    Misconfigured,
}

/// The rate limiter the gateway holds. Cheap to clone (an `Arc` inside), `Send + Sync`.
///
/// With Redis configured, each decision is one `EVALSHA` bounded by `redis_timeout`. If Redis
/// errs or times out, the decision is taken by an in-process backend instead (fail-open) and
/// the limiter becomes *degraded*: one `warn` is logged for the outage, every such decision
/// increments [`Limiter::fallback_decisions`], and Redis is tried again by at most one request
/// per second. The first success ends the outage (logged at `info`). Counts taken in-process
/// during an outage stay in-process; they are not copied to Redis. A request whose script ran
/// but whose answer arrived after the timeout is counted in both places.
#[derive(Clone)]
pub struct Limiter {
    inner: Arc<Inner>,
}

struct Inner {
    remote: Remote,
    local: InProcessBackend,
    redis_timeout: Duration,
    retry_interval: Duration,
    started: Instant,
    degraded: AtomicBool,
    /// Milliseconds since `started` before which no request tries Redis while degraded.
    next_attempt_ms: AtomicU64,
    /// When (ms since `started`) the last failure and the last recovery were recorded: a call
    /// that started before either cannot end or start an outage (calls in flight across the
    /// change would otherwise log "unavailable → recovered → unavailable" within a millisecond).
    last_failure_ms: AtomicU64,
    last_recovery_ms: AtomicU64,
    fallback_decisions: AtomicU64,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("backend", &self.backend())
            .field("degraded", &self.is_degraded())
            .field("fallback_decisions", &self.fallback_decisions())
            .finish_non_exhaustive()
    }
}

impl Limiter {
    /// Builds the limiter; never fails. Without `redis_url` this is [`Limiter::in_process`].
    ///
    /// With one, it probes Redis (`PING`, `SCRIPT LOAD`) for at most about a second; if Redis
    /// is unreachable or the URL unusable, the limiter starts degraded (logged) and keeps
    /// trying Redis in the background of later requests.
    pub async fn new(cfg: LimiterConfig) -> Limiter {
        let Some(url) = cfg.redis_url.as_deref() else {
            return Self::in_process();
        };
        let remote = match connect(url, cfg.redis_timeout) {
            Ok((conn, client, config)) => Remote::Redis(
                RedisBackend::new(conn, cfg.key_prefix.clone())
                    .per_thread(client, config)
                    .sharing(cfg.sharing),
            ),
            Err(error) => {
                tracing::error!(%error, "redis URL unusable; rate limits are decided in-process");
                Remote::Misconfigured
            }
        };
        let limiter = Self::build(remote, InProcessBackend::new(), cfg.redis_timeout);
        let inner = &limiter.inner;
        match &inner.remote {
            Remote::Redis(redis) => {
                let probe = async {
                    redis.ping().await?;
                    redis.load_script().await
                };
                let bound = CONNECT_TIMEOUT.max(cfg.redis_timeout);
                match tokio::time::timeout(bound, probe).await {
                    Ok(Ok(())) => tracing::info!("rate limiter uses redis"),
                    Ok(Err(error)) => inner.record_failure(&error, 0),
                    Err(_) => inner.record_failure(&Error::Timeout(bound), 0),
                }
            }
            Remote::Misconfigured => inner.degraded.store(true, Ordering::Release),
            Remote::Disabled => {}
        }
        limiter
    }

    /// A limiter without Redis, on the system clock. Exact for a single instance.
    pub fn in_process() -> Limiter {
        Self::in_process_with_clock(crate::memory::system_clock())
    }

    /// A limiter without Redis, on an injected clock (tests).
    pub fn in_process_with_clock(clock: Clock) -> Limiter {
        Self::build(
            Remote::Disabled,
            InProcessBackend::with_clock(clock),
            LimiterConfig::DEFAULT_REDIS_TIMEOUT,
        )
    }

    fn build(remote: Remote, local: InProcessBackend, redis_timeout: Duration) -> Limiter {
        Limiter {
            inner: Arc::new(Inner {
                remote,
                local,
                redis_timeout,
                retry_interval: RETRY_INTERVAL,
                started: Instant::now(),
                degraded: AtomicBool::new(false),
                next_attempt_ms: AtomicU64::new(0),
                last_failure_ms: AtomicU64::new(0),
                last_recovery_ms: AtomicU64::new(0),
                fallback_decisions: AtomicU64::new(0),
            }),
        }
    }

    /// Checks the three windows of `key` and, if all admit the request, counts it in all
    /// three. A rejected request is not counted.
    pub async fn check(&self, key: &str, limits: &Limits) -> Decision {
        self.decide(key, limits, Mode::Check, false).await
    }

    /// [`Limiter::check`] in a Redis call of its own, never shared with the concurrent checks of
    /// the thread (see the crate docs): what every check cost before checks were coalesced.
    /// For benchmark baselines (`scripts/bench-auth.sh`); the gateway's requests use `check`.
    #[doc(hidden)]
    pub async fn check_alone(&self, key: &str, limits: &Limits) -> Decision {
        self.decide(key, limits, Mode::Check, true).await
    }

    /// Checks without counting: would one more request for `key` be admitted now? The
    /// `remaining` values are what is left before such a request.
    pub async fn peek(&self, key: &str, limits: &Limits) -> Decision {
        self.decide(key, limits, Mode::Peek, false).await
    }

    /// `"redis"` when Redis is configured (even while degraded), else `"in_process"`.
    pub fn backend(&self) -> &'static str {
        match self.inner.remote {
            Remote::Disabled => "in_process",
            Remote::Redis(_) | Remote::Misconfigured => "redis",
        }
    }

    /// Decisions taken in-process because Redis was configured but failed, timed out or was
    /// being skipped during an outage (checks and peeks alike). For a metric.
    pub fn fallback_decisions(&self) -> u64 {
        self.inner.fallback_decisions.load(Ordering::Relaxed)
    }

    /// Whether Redis is configured and the last attempt to use it failed.
    pub fn is_degraded(&self) -> bool {
        self.inner.degraded.load(Ordering::Acquire)
    }

    /// For `/readyz`: `PING` within `redis_timeout`. `true` when no Redis is configured (the
    /// in-process limiter has nothing to be unready about — see [`Limiter::backend`]); `false`
    /// when the configured URL is unusable. Does not change the degraded state.
    pub async fn redis_healthy(&self) -> bool {
        match &self.inner.remote {
            Remote::Disabled => true,
            Remote::Misconfigured => false,
            Remote::Redis(redis) => matches!(
                tokio::time::timeout(self.inner.redis_timeout, redis.ping()).await,
                Ok(Ok(()))
            ),
        }
    }

    async fn decide(&self, key: &str, limits: &Limits, mode: Mode, alone: bool) -> Decision {
        let inner = &*self.inner;
        match &inner.remote {
            Remote::Disabled => return inner.local.decide(key, limits, mode),
            Remote::Redis(redis) if inner.should_try_redis() => {
                let started = inner.elapsed_ms();
                let call = redis.decide(key, limits, mode, alone);
                match tokio::time::timeout(inner.redis_timeout, call).await {
                    Ok(Ok(decision)) => {
                        inner.record_success(started);
                        return decision;
                    }
                    Ok(Err(error)) => inner.record_failure(&error, started),
                    Err(_) => inner.record_failure(&Error::Timeout(inner.redis_timeout), started),
                }
            }
            Remote::Redis(_) | Remote::Misconfigured => {}
        }
        inner.fallback_decisions.fetch_add(1, Ordering::Relaxed);
        inner.local.decide(key, limits, mode)
    }
}

impl Inner {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn retry_interval_ms(&self) -> u64 {
        u64::try_from(self.retry_interval.as_millis()).unwrap_or(u64::MAX)
    }

    /// Healthy: always. Degraded: only the one request that claims the next retry slot.
    fn should_try_redis(&self) -> bool {
        if !self.degraded.load(Ordering::Acquire) {
            return true;
        }
        let now = self.elapsed_ms();
        let next = self.next_attempt_ms.load(Ordering::Acquire);
        now >= next
            && self
                .next_attempt_ms
                .compare_exchange(
                    next,
                    now.saturating_add(self.retry_interval_ms()),
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_ok()
    }

    fn record_failure(&self, error: &Error, started_ms: u64) {
        let now = self.elapsed_ms();
        self.next_attempt_ms.store(
            now.saturating_add(self.retry_interval_ms()),
            Ordering::Release,
        );
        self.last_failure_ms.fetch_max(now, Ordering::AcqRel);
        // A call sent before the last recovery tells nothing new about Redis now.
        if started_ms < self.last_recovery_ms.load(Ordering::Acquire) {
            return;
        }
        if !self.degraded.swap(true, Ordering::AcqRel) {
            tracing::warn!(
                %error,
                "redis rate limiter unavailable; deciding rate limits in-process until it answers"
            );
        }
    }

    fn record_success(&self, started_ms: u64) {
        // A call sent before the last failure does not prove Redis is back.
        if started_ms < self.last_failure_ms.load(Ordering::Acquire) {
            return;
        }
        if self.degraded.load(Ordering::Acquire) && self.degraded.swap(false, Ordering::AcqRel) {
            self.last_recovery_ms
                .fetch_max(self.elapsed_ms(), Ordering::AcqRel);
            tracing::info!(
                fallback_decisions = self.fallback_decisions.load(Ordering::Relaxed),
                "redis rate limiter recovered"
            );
        }
    }
}

/// The shared connection (probes) and what makes one per thread (decisions).
fn connect(
    url: &str,
    redis_timeout: Duration,
) -> Result<(ConnectionManager, redis::Client, ConnectionManagerConfig), Error> {
    let client = redis::Client::open(url).map_err(|e| Error::Config(e.to_string()))?;
    // No retries inside the manager: a failed connection fails the call at once and is
    // re-attempted on the next call, which `Limiter` already spaces out while degraded.
    let config = ConnectionManagerConfig::new()
        .set_number_of_retries(0)
        .set_connection_timeout(Some(CONNECT_TIMEOUT))
        .set_response_timeout(Some(redis_timeout.max(CONNECT_TIMEOUT)));
    let conn = ConnectionManager::new_lazy_with_config(client.clone(), config.clone())?;
    Ok((conn, client, config))
}
