//! Per-key rate limits and their headers (SPEC §4), and the brute-force guard on invalid keys
//! (SPEC §2), through the real HTTP stack.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::Method;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use common::{live_key, Reply, TestApp, ME};
use keys::{NewKey, RateLimitOverrides};

fn header<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply
        .header(name)
        .unwrap_or_else(|| panic!("{name} missing on {}: {}", reply.status, reply.text))
}

fn rfc3339(value: &str) -> OffsetDateTime {
    OffsetDateTime::parse(value, &Rfc3339)
        .unwrap_or_else(|e| panic!("{value:?} is not RFC 3339: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_minute_override_is_enforced_with_headers() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, secret) = app
        .create_key(
            seed.tenant.id,
            NewKey {
                limits: RateLimitOverrides {
                    per_minute: Some(3),
                    ..RateLimitOverrides::default()
                },
                ..live_key()
            },
        )
        .await;

    for i in 0..3u64 {
        let reply = app.me(&secret).await;
        let me = reply.ok();
        assert_eq!(
            me["rate_limits"],
            json!({"per_minute": 3, "per_hour": 1000, "per_day": 10000})
        );
        assert_eq!(header(&reply, "x-ratelimit-limit"), "3");
        assert_eq!(
            header(&reply, "x-ratelimit-remaining"),
            (2 - i).to_string(),
            "request {i}"
        );
        let reset = header(&reply, "x-ratelimit-reset");
        assert!(reset.ends_with('Z'), "{reset}");
        let reset = rfc3339(reset);
        let now = OffsetDateTime::now_utc();
        // Next aligned minute while budget remains; once exhausted, when the sliding
        // window admits again (at most two minute buckets away).
        let latest = now + time::Duration::seconds(if i < 2 { 61 } else { 121 });
        assert!(
            reset > now - time::Duration::seconds(1) && reset <= latest,
            "request {i}: reset {reset} is outside the window (now {now})"
        );
        let policy = header(&reply, "ratelimit-policy");
        for part in [
            "\"minute\";q=3;w=60",
            "\"hour\";q=1000;w=3600",
            "\"day\";q=10000;w=86400",
        ] {
            assert!(
                policy.contains(part),
                "RateLimit-Policy {policy:?} lacks {part}"
            );
        }
        let ratelimit = header(&reply, "ratelimit");
        assert!(
            ratelimit.starts_with(&format!("\"minute\";r={};t=", 2 - i)),
            "RateLimit {ratelimit:?}"
        );
    }

    let reply = app.me(&secret).await;
    let error = reply.error(429, "RATE_LIMIT_EXCEEDED");
    let retry_after: u64 = header(&reply, "retry-after")
        .parse()
        .expect("Retry-After is whole seconds");
    assert!(
        (1..=120).contains(&retry_after),
        "Retry-After {retry_after}"
    );
    let details = &error["details"];
    assert_eq!(details["limit"], json!(3));
    assert_eq!(details["window"], json!("minute"));
    let detail_retry = details["retry_after"].as_u64().expect("retry_after");
    assert!(detail_retry > 0);
    assert_eq!(detail_retry, retry_after);
    let message = error["message"].as_str().unwrap();
    let prefix = "Rate limit exceeded for minute window. Retry after ";
    assert!(message.starts_with(prefix), "{message}");
    let at = rfc3339(&message[prefix.len()..]);
    assert!(at > OffsetDateTime::now_utc() - time::Duration::seconds(1));
    assert_eq!(header(&reply, "x-ratelimit-limit"), "3");
    assert_eq!(header(&reply, "x-ratelimit-remaining"), "0");
    rfc3339(header(&reply, "x-ratelimit-reset"));

    // Still limited; other keys of the tenant have budgets of their own.
    app.me(&secret).await.error(429, "RATE_LIMIT_EXCEEDED");
    let other = app.me(&seed.secret).await;
    other.ok();
    assert_eq!(header(&other, "x-ratelimit-limit"), "60");
    assert_eq!(header(&other, "x-ratelimit-remaining"), "59");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_invalid_keys_from_one_ip_then_429() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    // Used (and cached) before the attack.
    app.me(&seed.secret).await.ok();

    for i in 0..20 {
        let key = if i % 2 == 0 {
            format!("lf_pk_{:032}", i)
        } else {
            format!("garbage-{i}")
        };
        app.me(&key).await.unauthorized("invalid_api_key");
    }
    let reply = app.me(&format!("lf_pk_{}", "Q".repeat(32))).await;
    let error = reply.error(429, "RATE_LIMIT_EXCEEDED");
    let retry_after: u64 = reply
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    assert_eq!(error["details"]["limit"], json!(20));
    assert_eq!(error["details"]["window"], json!("minute"));
    assert_eq!(error["details"]["retry_after"], json!(retry_after));

    // Through the Bearer header too: the guard is per IP, not per header.
    let reply = app
        .send(
            app.request(Method::GET, ME)
                .header("Authorization", format!("Bearer lf_tk_{}", "z".repeat(32))),
        )
        .await;
    reply.error(429, "RATE_LIMIT_EXCEEDED");

    // The key already verified keeps working from that IP.
    app.me(&seed.secret).await.ok();
}

const REDIS: &str = "redis://127.0.0.1:6379";

fn invalid_key(i: usize) -> String {
    format!("lf_pk_{:032}", i)
}

/// The guard counts failed verifications only: after 25 invalid keys from one address a key
/// this process has never seen (so never cached) still gets through, over either header,
/// while invalid keys keep getting `429`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_never_seen_valid_key_passes_the_guard_after_25_invalid_keys() {
    let app = TestApp::spawn_with(|c| c.redis_url = Some(REDIS.into())).await;
    let seed = app.seed().await;
    let (_, second) = app.create_key(seed.tenant.id, live_key()).await;
    for i in 0..25 {
        let reply = app.me(&invalid_key(i)).await;
        if i < 20 {
            reply.unauthorized("invalid_api_key");
        } else {
            reply.error(429, "RATE_LIMIT_EXCEEDED");
        }
    }
    assert!(!app.state().verifier.is_cached(&seed.secret));
    app.me(&seed.secret).await.ok();
    app.me(&invalid_key(100))
        .await
        .error(429, "RATE_LIMIT_EXCEEDED");
    let bearer = |key: &str| {
        app.request(Method::GET, ME)
            .header("Authorization", format!("Bearer {key}"))
    };
    assert!(!app.state().verifier.is_cached(&second));
    app.send(bearer(&second)).await.ok();
    app.send(bearer(&invalid_key(101)))
        .await
        .error(429, "RATE_LIMIT_EXCEEDED");
    // A cache entry that expired (or was dropped) is no different from a never-seen key.
    app.state().verifier.invalidate_all();
    app.me(&seed.secret).await.ok();
    app.send(bearer(&second)).await.ok();
}

/// Behind a trusted proxy the guard counts per `X-Forwarded-For` client: the attacker's
/// address is refused, a valid key from that same address and other clients behind the same
/// proxy are not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_guard_counts_per_forwarded_client() {
    let app = TestApp::spawn_with(|c| {
        c.redis_url = Some(REDIS.into());
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let seed = app.seed().await;
    let from = |ip: &str, key: &str| {
        app.request(Method::GET, ME)
            .header("X-Forwarded-For", ip)
            .header("Authorization", format!("Bearer {key}"))
    };
    let attacker = "203.0.113.7";
    for i in 0..25 {
        let reply = app.send(from(attacker, &invalid_key(i))).await;
        if i < 20 {
            reply.unauthorized("invalid_api_key");
        } else {
            reply.error(429, "RATE_LIMIT_EXCEEDED");
        }
    }
    app.send(from(attacker, &seed.secret)).await.ok();
    app.send(from(attacker, &invalid_key(99)))
        .await
        .error(429, "RATE_LIMIT_EXCEEDED");
    // Another client behind the same proxy has a budget of its own.
    app.send(from("203.0.113.8", &invalid_key(98)))
        .await
        .unauthorized("invalid_api_key");
    app.send(from("203.0.113.8", &seed.secret)).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brute_force_budget_follows_the_configuration() {
    let app = TestApp::spawn_with(|c| c.auth_failures_per_minute = 3).await;
    for _ in 0..3 {
        app.me(&format!("lf_pk_{}", "x".repeat(32)))
            .await
            .unauthorized("invalid_api_key");
    }
    let reply = app.me(&format!("lf_pk_{}", "y".repeat(32))).await;
    let error = reply.error(429, "RATE_LIMIT_EXCEEDED");
    assert_eq!(error["details"]["limit"], json!(3));
    assert!(reply.header("retry-after").is_some());
}

/// Waits (at most `margin`) until `margin` is left before the next whole minute, so a burst
/// started now falls in one minute bucket: a burst split across two buckets may admit
/// `⌊f·k⌋` more (the sliding window's documented bound), which would not be the test's point.
async fn clear_of_a_minute_boundary(margin: std::time::Duration) {
    let now = OffsetDateTime::now_utc();
    let into_minute = std::time::Duration::from_nanos(
        u64::try_from(now.unix_timestamp_nanos().rem_euclid(60_000_000_000)).unwrap(),
    );
    let left = std::time::Duration::from_secs(60) - into_minute;
    if left < margin {
        tokio::time::sleep(left + std::time::Duration::from_millis(50)).await;
    }
}

/// `3n` concurrent requests with a key limited to `n` per minute, through the gateway: exactly
/// `n` succeed, with `X-RateLimit-Remaining` `n-1 … 0` once each, and `2n` get the 429
/// envelope with `Retry-After`. Returns the key's id.
async fn concurrent_burst(app: &TestApp, n: u64) -> String {
    let tenant = app.create_tenant(fleet_domain::Plan::Enterprise).await;
    let (key, secret) = app
        .create_key(
            tenant.id,
            NewKey {
                limits: RateLimitOverrides {
                    per_minute: Some(u32::try_from(n).unwrap()),
                    ..RateLimitOverrides::default()
                },
                ..live_key()
            },
        )
        .await;
    clear_of_a_minute_boundary(std::time::Duration::from_secs(10)).await;
    let replies: Vec<Reply> =
        futures_util::future::join_all((0..3 * n).map(|_| app.me(&secret))).await;

    let (ok, limited): (Vec<&Reply>, Vec<&Reply>) =
        replies.iter().partition(|r| r.status.as_u16() == 200);
    let statuses: Vec<u16> = limited.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(
        (ok.len() as u64, limited.len() as u64),
        (n, 2 * n),
        "successes and refusals of {} concurrent requests with {n}/minute (refusal statuses {statuses:?})",
        3 * n
    );
    let mut remaining: Vec<u64> = ok
        .iter()
        .map(|r| {
            r.ok();
            assert_eq!(header(r, "x-ratelimit-limit"), n.to_string());
            rfc3339(header(r, "x-ratelimit-reset"));
            header(r, "x-ratelimit-remaining").parse().unwrap()
        })
        .collect();
    remaining.sort_unstable();
    assert_eq!(
        remaining,
        (0..n).collect::<Vec<_>>(),
        "each success reports the budget left after it"
    );
    for r in limited {
        let error = r.error(429, "RATE_LIMIT_EXCEEDED");
        let retry_after: u64 = header(r, "retry-after").parse().expect("whole seconds");
        assert!(
            (1..=120).contains(&retry_after),
            "Retry-After {retry_after}"
        );
        assert_eq!(error["details"]["retry_after"], json!(retry_after));
        assert_eq!(error["details"]["limit"], json!(n));
        assert_eq!(error["details"]["window"], json!("minute"));
        assert_eq!(header(r, "x-ratelimit-limit"), n.to_string());
        assert_eq!(header(r, "x-ratelimit-remaining"), "0");
        let reset = rfc3339(header(r, "x-ratelimit-reset"));
        assert!(reset > OffsetDateTime::now_utc() - time::Duration::seconds(1));
    }
    key.id.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_get_exactly_the_limit_through_redis() {
    let Some(app) = TestApp::spawn_on_redis(REDIS).await else {
        return;
    };
    let limiter = app.state().limiter.clone();
    assert_eq!(limiter.backend(), "redis");
    let n = 20;
    let key = concurrent_burst(&app, n).await;
    assert_eq!(
        limiter.fallback_decisions(),
        0,
        "decisions fell back to the in-process limiter: Redis did not decide them"
    );
    assert!(!limiter.is_degraded());
    // Redis itself counted exactly the admitted requests.
    assert_eq!(app.minute_count_in_redis(REDIS, &key).await, n);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_get_exactly_the_limit_in_process() {
    let app = TestApp::spawn().await;
    assert_eq!(app.state().limiter.backend(), "in_process");
    concurrent_burst(&app, 20).await;
    assert_eq!(app.state().limiter.fallback_decisions(), 0);
}
