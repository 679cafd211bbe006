//! Helpers shared by the integration tests (each test binary uses a subset).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ratelimit::{CallSharing, Limiter, LimiterConfig};

pub fn redis_url() -> String {
    std::env::var("RATELIMIT_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// A key prefix no other test (or test run) uses.
pub fn unique_prefix(test: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "rltest:{test}:{}:{nanos}:{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A limiter on the shared test Redis, with a timeout generous enough that a busy machine
/// never turns a Redis decision into a fallback. `None` (the test returns) only when Redis is
/// not answering and `TEST_ALLOW_MISSING` allows it; otherwise a missing Redis fails the test.
pub async fn redis_limiter(prefix: &str) -> Option<Limiter> {
    redis_limiter_sharing(prefix, CallSharing::AcrossKeys).await
}

/// [`redis_limiter`] sharing script calls as `sharing` says.
pub async fn redis_limiter_sharing(prefix: &str, sharing: CallSharing) -> Option<Limiter> {
    if !testkit::redis(&redis_url()) {
        return None;
    }
    let limiter = Limiter::new(LimiterConfig {
        redis_url: Some(redis_url()),
        key_prefix: prefix.to_owned(),
        redis_timeout: Duration::from_secs(2),
        sharing,
    })
    .await;
    assert_eq!(limiter.backend(), "redis");
    assert!(
        !limiter.is_degraded(),
        "the limiter could not reach Redis at {}",
        redis_url()
    );
    Some(limiter)
}

/// The Redis key of one window of a limited `key` under `prefix`.
pub fn window_key(prefix: &str, key: &str, window: &str) -> String {
    format!("{{{prefix}:{key}}}:{window}")
}

/// Asserts that every decision `limiter` took came from Redis (none fell back to the
/// in-process backend) and that Redis itself counts `[minute, hour, day]` for `key` — so a
/// broken Redis path cannot hide behind the fail-open fallback.
pub async fn assert_decided_in_redis(limiter: &Limiter, prefix: &str, key: &str, counts: [u64; 3]) {
    assert_eq!(
        limiter.fallback_decisions(),
        0,
        "decisions fell back to the in-process limiter: the Redis path failed"
    );
    assert!(!limiter.is_degraded(), "the limiter is degraded");
    let mut conn = raw_connection(&redis_url()).await;
    for (window, expected) in ["minute", "hour", "day"].into_iter().zip(counts) {
        let redis_key = window_key(prefix, key, window);
        assert_eq!(
            counted(&mut conn, &redis_key).await,
            expected,
            "requests counted in Redis under {redis_key}"
        );
    }
}

pub async fn raw_connection(url: &str) -> redis::aio::MultiplexedConnection {
    redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

/// Sum of the bucket counts of one Redis window hash.
pub async fn counted(conn: &mut redis::aio::MultiplexedConnection, redis_key: &str) -> u64 {
    let fields: Vec<(String, u64)> = redis::cmd("HGETALL")
        .arg(redis_key)
        .query_async(conn)
        .await
        .unwrap();
    fields.iter().map(|(_, n)| n).sum()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `true` when `redis-server` can be started; a missing one fails the test unless
/// `TEST_ALLOW_MISSING` allows it (then `false`: the test returns).
#[track_caller]
pub fn redis_server_available() -> bool {
    testkit::program("redis-server")
}

/// A throwaway `redis-server` child on a given port, killed on drop.
pub struct RedisServer {
    pub port: u16,
    child: Option<Child>,
}

impl RedisServer {
    pub fn start(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self {
            port,
            child: Some(child),
        };
        server.wait_ready();
        server
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn wait_ready(&self) {
        let client = redis::Client::open(self.url()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let pong = client
                .get_connection_with_timeout(Duration::from_millis(200))
                .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c));
            if pong.is_ok() {
                return;
            }
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Counts this crate's `warn` events and its "recovered" `info` events.
#[derive(Clone, Default)]
pub struct LogCounter {
    pub warnings: Arc<AtomicUsize>,
    pub recoveries: Arc<AtomicUsize>,
}

struct MessageVisitor(String);

impl tracing::field::Visit for MessageVisitor {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl tracing::Subscriber for LogCounter {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let meta = event.metadata();
        if !meta.target().starts_with("ratelimit") {
            return;
        }
        if *meta.level() == tracing::Level::WARN {
            self.warnings.fetch_add(1, Ordering::SeqCst);
        }
        let mut message = MessageVisitor(String::new());
        event.record(&mut message);
        if *meta.level() == tracing::Level::INFO && message.0.contains("recovered") {
            self.recoveries.fetch_add(1, Ordering::SeqCst);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Runs `n` concurrent `check`s of one key and returns how many were allowed.
pub async fn concurrent_checks(
    limiter: &ratelimit::Limiter,
    key: &str,
    limits: ratelimit::Limits,
    n: usize,
) -> usize {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let limiter = limiter.clone();
        let key = key.to_owned();
        set.spawn(async move { limiter.check(&key, &limits).await.allowed });
    }
    let mut allowed = 0;
    while let Some(result) = set.join_next().await {
        allowed += usize::from(result.unwrap());
    }
    allowed
}
