//! The Redis backend against the real Redis at 127.0.0.1:6379 (or `RATELIMIT_TEST_REDIS_URL`),
//! each test under its own key prefix.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{
    assert_decided_in_redis, concurrent_checks, counted, raw_connection, redis_limiter,
    redis_limiter_sharing, redis_url, unique_prefix,
};
use ratelimit::{CallSharing, Limits, Window};
use time::OffsetDateTime;

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_checks_admit_exactly_the_limit() {
    let prefix = unique_prefix("concurrent");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    assert_eq!(limiter.backend(), "redis");
    let n = 40;
    let limits = Limits::new(n as u64, 10_000, 100_000);

    let allowed = concurrent_checks(&limiter, "key", limits, 3 * n).await;

    assert_eq!(allowed, n);
    let n = n as u64;
    assert_decided_in_redis(&limiter, &prefix, "key", [n, n, n]).await;
}

/// Checks of many keys at once, on many threads, with calls shared across keys and per key:
/// each key admits exactly its own limit, and Redis holds exactly that.
#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_checks_of_many_keys_admit_exactly_each_limit() {
    for sharing in [CallSharing::AcrossKeys, CallSharing::PerKey] {
        let prefix = unique_prefix(&format!("many-keys-{sharing:?}"));
        let Some(limiter) = redis_limiter_sharing(&prefix, sharing).await else {
            return;
        };
        let keys: Vec<String> = (0..12).map(|k| format!("key{k}")).collect();
        let limit = |k: usize| 5 + k as u64;
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..30 {
            for (k, key) in keys.iter().enumerate() {
                let (limiter, key) = (limiter.clone(), key.clone());
                let limits = Limits::new(limit(k), 10_000, 100_000);
                set.spawn(async move { (k, limiter.check(&key, &limits).await.allowed) });
            }
        }
        let mut allowed = vec![0_u64; keys.len()];
        while let Some(result) = set.join_next().await {
            let (k, ok) = result.unwrap();
            allowed[k] += u64::from(ok);
        }
        for (k, key) in keys.iter().enumerate() {
            let n = limit(k);
            assert_eq!(allowed[k], n, "{sharing:?} {key}");
            assert_decided_in_redis(&limiter, &prefix, key, [n, n, n]).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn two_limiters_share_one_budget() {
    let prefix = unique_prefix("shared");
    let (Some(a), Some(b)) = (redis_limiter(&prefix).await, redis_limiter(&prefix).await) else {
        return;
    };
    let limits = Limits::new(10, 1_000, 10_000);

    let mut allowed = 0;
    for i in 0..15 {
        let limiter = if i % 2 == 0 { &a } else { &b };
        allowed += usize::from(limiter.check("key", &limits).await.allowed);
    }
    assert_eq!(allowed, 10);
    // Concurrently from both: still nothing beyond the shared budget.
    let (x, y) = tokio::join!(
        concurrent_checks(&a, "key2", limits, 12),
        concurrent_checks(&b, "key2", limits, 12)
    );
    assert_eq!(x + y, 10);
    let d = b.peek("key", &limits).await;
    assert!(!d.allowed);
    assert_eq!(d.tightest.window, Window::Minute);
    for key in ["key", "key2"] {
        assert_decided_in_redis(&a, &prefix, key, [10, 10, 10]).await;
        assert_decided_in_redis(&b, &prefix, key, [10, 10, 10]).await;
    }
}

#[tokio::test]
async fn hour_window_trips() {
    let prefix = unique_prefix("hour");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    let limits = Limits::new(100, 3, 1_000);
    for remaining in [2, 1, 0] {
        let d = limiter.check("key", &limits).await;
        assert!(d.allowed);
        assert_eq!(d.tightest.window, Window::Hour);
        assert_eq!(d.tightest.remaining, remaining);
    }
    let d = limiter.check("key", &limits).await;
    assert!(!d.allowed);
    assert_eq!(d.tightest.window, Window::Hour);
    assert_eq!(d.tightest.limit, 3);
    assert_eq!(d.tightest.remaining, 0);
    // The rest of this hour and part of the next.
    assert!(
        d.retry_after_secs > 0 && d.retry_after_secs <= 7_200,
        "{d:?}"
    );
    assert_eq!(d.window(Window::Minute).remaining, 97);
    assert_eq!(d.window(Window::Day).remaining, 997);
    assert_decided_in_redis(&limiter, &prefix, "key", [3, 3, 3]).await;
}

#[tokio::test]
async fn day_window_trips() {
    let prefix = unique_prefix("day");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    let limits = Limits::new(100, 100, 2);
    assert!(limiter.check("key", &limits).await.allowed);
    assert!(limiter.check("key", &limits).await.allowed);
    let d = limiter.check("key", &limits).await;
    assert!(!d.allowed);
    assert_eq!(d.tightest.window, Window::Day);
    assert!(
        d.retry_after_secs > 0 && d.retry_after_secs <= 2 * 86_400,
        "{d:?}"
    );
    let expected_reset = OffsetDateTime::now_utc() + Duration::from_secs(d.retry_after_secs);
    assert!((d.tightest.reset - expected_reset).abs() < time::Duration::seconds(5));
    assert_decided_in_redis(&limiter, &prefix, "key", [2, 2, 2]).await;
}

#[tokio::test]
async fn rejected_requests_are_not_counted() {
    let prefix = unique_prefix("rejected");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    let mut conn = raw_connection(&redis_url()).await;

    let limits = Limits::new(3, 1_000, 10_000);
    let allowed = {
        let mut n = 0;
        for _ in 0..20 {
            n += usize::from(limiter.check("key", &limits).await.allowed);
        }
        n
    };
    assert_eq!(allowed, 3);
    assert_eq!(
        counted(&mut conn, &format!("{{{prefix}:key}}:minute")).await,
        3
    );
    assert_eq!(
        counted(&mut conn, &format!("{{{prefix}:key}}:day")).await,
        3
    );

    // Rejected by the hour window: counted in no window.
    let limits = Limits::new(100, 2, 10_000);
    for _ in 0..10 {
        limiter.check("other", &limits).await;
    }
    assert_decided_in_redis(&limiter, &prefix, "key", [3, 3, 3]).await;
    assert_decided_in_redis(&limiter, &prefix, "other", [2, 2, 2]).await;
}

#[tokio::test]
async fn peek_does_not_count() {
    let prefix = unique_prefix("peek");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    let limits = Limits::new(2, 100, 1_000);
    for _ in 0..10 {
        let d = limiter.peek("ip:10.0.0.1", &limits).await;
        assert!(d.allowed);
        assert_eq!(d.tightest.remaining, 2);
    }
    let mut conn = raw_connection(&redis_url()).await;
    let exists: u64 = redis::cmd("EXISTS")
        .arg(format!("{{{prefix}:ip:10.0.0.1}}:minute"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(exists, 0, "a peek writes nothing");

    assert!(limiter.check("ip:10.0.0.1", &limits).await.allowed);
    assert!(limiter.check("ip:10.0.0.1", &limits).await.allowed);
    let d = limiter.peek("ip:10.0.0.1", &limits).await;
    assert!(!d.allowed);
    assert!(d.retry_after_secs >= 1);
    assert_eq!(d.tightest.window, Window::Minute);
    assert_decided_in_redis(&limiter, &prefix, "ip:10.0.0.1", [2, 2, 2]).await;
}

#[tokio::test]
async fn keys_follow_the_layout_and_expire() {
    let prefix = unique_prefix("layout");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    let limits = Limits::new(10, 100, 1_000);
    limiter.check("key", &limits).await;
    limiter.check("key", &limits).await;

    let mut conn = raw_connection(&redis_url()).await;
    let mut found: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{{{prefix}:*"))
        .query_async(&mut conn)
        .await
        .unwrap();
    found.sort();
    assert_eq!(
        found,
        [
            format!("{{{prefix}:key}}:day"),
            format!("{{{prefix}:key}}:hour"),
            format!("{{{prefix}:key}}:minute"),
        ]
    );
    for window in Window::ALL {
        let key = format!("{{{prefix}:key}}:{}", window.as_str());
        let ttl_ms: i64 = redis::cmd("PTTL")
            .arg(&key)
            .query_async(&mut conn)
            .await
            .unwrap();
        let window_ms = i64::try_from(window.seconds() * 1000).unwrap();
        assert!(
            ttl_ms > window_ms && ttl_ms <= 2 * window_ms,
            "{key}: {ttl_ms}"
        );
        let fields: Vec<(i64, u64)> = redis::cmd("HGETALL")
            .arg(&key)
            .query_async(&mut conn)
            .await
            .unwrap();
        assert_eq!(fields.len(), 1, "{key}: {fields:?}");
        let now_ms = OffsetDateTime::now_utc().unix_timestamp() * 1000;
        assert!(
            (fields[0].0 - now_ms / window_ms).abs() <= 1,
            "bucket number"
        );
        assert_eq!(fields[0].1, 2);
    }
    assert_decided_in_redis(&limiter, &prefix, "key", [2, 2, 2]).await;
}

#[tokio::test]
async fn decision_reports_every_window() {
    let prefix = unique_prefix("decision");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    let limits = Limits::new(60, 1_000, 10_000);
    let before = OffsetDateTime::now_utc();
    let d = limiter.check("key", &limits).await;
    assert!(d.allowed);
    assert_eq!(d.retry_after_secs, 0);
    assert_eq!(d.tightest.window, Window::Minute);
    let windows: Vec<_> = d
        .windows
        .iter()
        .map(|w| (w.window.seconds(), w.limit, w.remaining))
        .collect();
    assert_eq!(
        windows,
        [(60, 60, 59), (3_600, 1_000, 999), (86_400, 10_000, 9_999)]
    );
    for w in d.windows {
        // Room left: reset is the end of the current bucket, within one window from now.
        assert!(w.reset > before - time::Duration::seconds(5), "{w:?}");
        assert!(
            w.reset <= before + time::Duration::seconds(w.window.seconds() as i64 + 5),
            "{w:?}"
        );
        assert_eq!(w.reset.unix_timestamp() % w.window.seconds() as i64, 0);
    }
    assert!(limiter.redis_healthy().await);
    assert_decided_in_redis(&limiter, &prefix, "key", [1, 1, 1]).await;
}

/// The first request of a new bucket drops the bucket before the previous one and moves the
/// expiry on; later requests of the same bucket only count.
#[tokio::test]
async fn a_new_bucket_drops_the_stale_one_once() {
    let prefix = unique_prefix("rollover");
    let Some(limiter) = redis_limiter(&prefix).await else {
        return;
    };
    let mut conn = raw_connection(&redis_url()).await;
    let key = format!("{{{prefix}:key}}:day");
    let day_ms: i64 = 86_400_000;
    let bucket = OffsetDateTime::now_utc().unix_timestamp() * 1000 / day_ms;
    // Left over from two days ago and yesterday, with no expiry.
    let _: () = redis::pipe()
        .hset(&key, (bucket - 2).to_string(), 5)
        .hset(&key, (bucket - 1).to_string(), 7)
        .query_async(&mut conn)
        .await
        .unwrap();
    let limits = Limits::new(1_000, 10_000, 100_000);
    for _ in 0..3 {
        assert!(limiter.check("key", &limits).await.allowed);
    }
    let mut fields: Vec<(String, u64)> = redis::cmd("HGETALL")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    fields.sort();
    assert_eq!(
        fields,
        [((bucket - 1).to_string(), 7), (bucket.to_string(), 3)]
    );
    let ttl_ms: i64 = redis::cmd("PTTL")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(ttl_ms > day_ms && ttl_ms <= 2 * day_ms, "{ttl_ms}");
    // Minute and hour had no stale buckets: they count the three alone (the day window's
    // hash keeps yesterday's 7 as well, checked above).
    assert_eq!(
        limiter.fallback_decisions(),
        0,
        "decisions fell back in-process"
    );
    let minute = common::window_key(&prefix, "key", "minute");
    let hour = common::window_key(&prefix, "key", "hour");
    assert_eq!(counted(&mut conn, &minute).await, 3);
    assert_eq!(counted(&mut conn, &hour).await, 3);
}

/// Decisions run on a connection per thread, made on the runtime of the thread's first
/// decision. A limiter used from a later runtime on the same thread, after the first one is
/// gone, still ends up deciding in Redis (at worst after a spell in-process).
#[test]
fn a_limiter_used_from_a_later_runtime_on_the_same_thread_recovers() {
    let prefix = unique_prefix("runtimes");
    let limits = Limits::new(1_000, 10_000, 100_000);
    let runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    };
    let first = runtime();
    let Some(limiter) = first.block_on(redis_limiter(&prefix)) else {
        return;
    };
    first.block_on(async {
        for _ in 0..3 {
            assert!(limiter.check("key", &limits).await.allowed);
        }
    });
    assert_eq!(limiter.fallback_decisions(), 0);
    drop(first);

    let second = runtime();
    second.block_on(async {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            let before = limiter.fallback_decisions();
            assert!(limiter.check("key", &limits).await.allowed);
            if limiter.fallback_decisions() == before && !limiter.is_degraded() {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "still deciding in-process"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Redis counts again: three from the first runtime plus this one at least.
        let mut conn = raw_connection(&redis_url()).await;
        let key = format!("{{{prefix}:key}}:minute");
        assert!(counted(&mut conn, &key).await >= 4);
    });
}
