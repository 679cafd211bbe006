//! The in-process backend through the public `Limiter`, under real concurrency.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use ratelimit::{Clock, Limiter, Limits, Window};
use time::OffsetDateTime;
use tokio::task::JoinSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_checks_admit_exactly_the_limit() {
    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    assert_shareable::<Limiter>();

    let limiter = Limiter::in_process();
    assert_eq!(limiter.backend(), "in_process");
    let n = 50;
    let limits = Limits::new(n, 10_000, 100_000);

    let mut set = JoinSet::new();
    for _ in 0..3 * n {
        let limiter = limiter.clone();
        set.spawn(async move { limiter.check("key", &limits).await.allowed });
    }
    let mut allowed = 0;
    while let Some(result) = set.join_next().await {
        allowed += u64::from(result.unwrap());
    }

    assert_eq!(allowed, n);
    assert_eq!(limiter.fallback_decisions(), 0);
    assert!(!limiter.is_degraded());
    assert!(
        limiter.redis_healthy().await,
        "no redis configured: nothing to be unready about"
    );
}

#[tokio::test]
async fn injected_clock_drives_the_windows() {
    let now = Arc::new(AtomicI64::new(1_735_689_600)); // 2025-01-01T00:00:00Z
    let reader = now.clone();
    let clock: Clock = Arc::new(move || {
        OffsetDateTime::from_unix_timestamp(reader.load(Ordering::SeqCst)).unwrap()
    });
    let limiter = Limiter::in_process_with_clock(clock);
    let limits = Limits::new(2, 100, 1_000);

    assert!(limiter.check("k", &limits).await.allowed);
    assert!(limiter.check("k", &limits).await.allowed);
    let d = limiter.check("k", &limits).await;
    assert!(!d.allowed);
    assert_eq!(d.tightest.window, Window::Minute);
    // 2 in this minute; in the next they weigh 2·(1 - f) and fall to 1 at f = 1/2.
    assert_eq!(d.retry_after_secs, 90);
    assert_eq!(
        d.tightest.reset,
        OffsetDateTime::from_unix_timestamp(1_735_689_600 + 90).unwrap()
    );

    now.fetch_add(89, Ordering::SeqCst);
    assert!(!limiter.peek("k", &limits).await.allowed);
    now.fetch_add(1, Ordering::SeqCst);
    assert!(limiter.check("k", &limits).await.allowed);
}
