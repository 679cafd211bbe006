//! Fail-open: Redis unreachable at start, unusable, unresponsive, or dying and coming back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::{
    concurrent_checks, counted, free_port, raw_connection, redis_server_available, unique_prefix,
    LogCounter, RedisServer,
};
use ratelimit::{Limiter, LimiterConfig, Limits};

fn config(url: &str, prefix: &str, timeout: Duration) -> LimiterConfig {
    LimiterConfig {
        redis_url: Some(url.to_owned()),
        key_prefix: prefix.to_owned(),
        redis_timeout: timeout,
        ..LimiterConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unreachable_redis_at_startup_falls_back_to_the_local_limit() {
    let prefix = unique_prefix("unreachable");
    let limiter = Limiter::new(config(
        "redis://127.0.0.1:1",
        &prefix,
        LimiterConfig::DEFAULT_REDIS_TIMEOUT,
    ))
    .await;
    assert_eq!(limiter.backend(), "redis");
    assert!(limiter.is_degraded());

    let limits = Limits::new(5, 100, 1_000);
    assert_eq!(concurrent_checks(&limiter, "key", limits, 15).await, 5);
    assert!(limiter.fallback_decisions() >= 15);
    assert!(!limiter.peek("key", &limits).await.allowed);
    assert!(limiter.is_degraded());
    assert!(!limiter.redis_healthy().await);
}

#[test]
fn an_outage_is_logged_once_not_per_request() {
    let logs = LogCounter::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(logs.clone(), || {
        runtime.block_on(async {
            let limiter = Limiter::new(config(
                "redis://127.0.0.1:1",
                "rltest:logs",
                Duration::from_millis(50),
            ))
            .await;
            let limits = Limits::new(1_000, 10_000, 100_000);
            for _ in 0..200 {
                assert!(limiter.check("key", &limits).await.allowed);
            }
            assert_eq!(limiter.fallback_decisions(), 200);
        });
    });
    assert_eq!(logs.warnings.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unusable_url_still_decides() {
    let limiter = Limiter::new(config(
        "not a url",
        "rltest:bad",
        LimiterConfig::DEFAULT_REDIS_TIMEOUT,
    ))
    .await;
    assert!(limiter.is_degraded());
    let limits = Limits::new(2, 100, 1_000);
    let mut allowed = 0;
    for _ in 0..5 {
        allowed += usize::from(limiter.check("key", &limits).await.allowed);
    }
    assert_eq!(allowed, 2);
    assert_eq!(limiter.fallback_decisions(), 5);
    assert!(!limiter.redis_healthy().await);
}

/// A server that accepts connections and never answers: every Redis call hits the timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unresponsive_redis_times_out_into_the_local_limit() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let black_hole = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });

    let prefix = unique_prefix("unresponsive");
    let url = format!("redis://127.0.0.1:{port}");
    let limiter = Limiter::new(config(&url, &prefix, Duration::from_millis(50))).await;
    assert!(limiter.is_degraded());
    let limits = Limits::new(4, 100, 1_000);
    assert_eq!(concurrent_checks(&limiter, "key", limits, 12).await, 4);
    assert!(limiter.fallback_decisions() >= 12);
    assert!(!limiter.redis_healthy().await);
    black_hole.abort();
}

/// Redis dies mid-run and comes back on the same port: decisions continue in-process during
/// the outage (one warning), and go back to Redis once it answers (one recovery).
#[test]
fn redis_outage_and_recovery() {
    if !redis_server_available() {
        return;
    }
    let logs = LogCounter::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(logs.clone(), || runtime.block_on(outage_and_recovery()));
    assert_eq!(
        logs.warnings.load(Ordering::SeqCst),
        1,
        "one warning per outage"
    );
    assert_eq!(
        logs.recoveries.load(Ordering::SeqCst),
        1,
        "one recovery logged"
    );
}

async fn outage_and_recovery() {
    let mut server = RedisServer::start(free_port());
    let prefix = unique_prefix("outage");
    let limiter = Limiter::new(config(&server.url(), &prefix, Duration::from_millis(500))).await;
    let generous = Limits::new(1_000, 10_000, 100_000);
    let minute_key = format!("{{{prefix}:key}}:minute");

    for _ in 0..3 {
        assert!(limiter.check("key", &generous).await.allowed);
    }
    assert!(!limiter.is_degraded());
    assert_eq!(limiter.fallback_decisions(), 0);
    assert_eq!(
        counted(&mut raw_connection(&server.url()).await, &minute_key).await,
        3
    );

    // Outage: every request is still decided, by the local limiter, which still limits.
    server.stop();
    for _ in 0..5 {
        assert!(limiter.check("key", &generous).await.allowed);
    }
    assert!(limiter.is_degraded());
    assert!(limiter.fallback_decisions() >= 5);
    let tight = Limits::new(3, 100, 1_000);
    let mut allowed = 0;
    for _ in 0..6 {
        allowed += usize::from(limiter.check("local-only", &tight).await.allowed);
    }
    assert_eq!(allowed, 3);
    assert!(!limiter.redis_healthy().await);

    // Redis returns (empty: no persistence). Requests find it again within a few retries.
    let server = RedisServer::start(server.port);
    let deadline = Instant::now() + Duration::from_secs(15);
    while limiter.is_degraded() {
        assert!(
            Instant::now() < deadline,
            "limiter never went back to redis"
        );
        limiter.check("key", &generous).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let fallbacks = limiter.fallback_decisions();
    for _ in 0..4 {
        assert!(limiter.check("key", &generous).await.allowed);
    }
    assert_eq!(
        limiter.fallback_decisions(),
        fallbacks,
        "decided by redis again"
    );
    assert!(counted(&mut raw_connection(&server.url()).await, &minute_key).await >= 4);
    assert!(limiter.redis_healthy().await);
}
