//! Rate limits with Redis across instances, fail-open without it, hour/day windows, and key
//! changes reaching a second instance.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{eventually, live_key, TestApp, ME};
use gateway::config::Config;
use keys::RateLimitOverrides;

const REDIS: &str = "redis://127.0.0.1:6379";

/// A second gateway on the same database as `app`; returns its URL, handle and limiter.
async fn second_instance(
    app: &TestApp,
    redis: Option<&str>,
) -> (String, actix_web::dev::ServerHandle, ratelimit::Limiter) {
    let mut config = Config::for_tests(app.db().url());
    config.redis_url = redis.map(str::to_owned);
    config.redis_timeout = REDIS_TIMEOUT;
    let other = gateway::Application::build(config).await.unwrap();
    let base = format!("http://127.0.0.1:{}", other.port());
    let handle = other.handle();
    let limiter = other.state().limiter.clone();
    tokio::spawn(other.run_until_stopped());
    (base, handle, limiter)
}

/// Generous, so a busy machine never turns a Redis decision into a fallback.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);

async fn status(client: &reqwest::Client, base: &str, key: &str) -> u16 {
    client
        .get(format!("{base}{ME}"))
        .header("X-Partner-Api-Key", key)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_redis_share_one_budget() {
    let Some(app) = TestApp::spawn_on_redis(REDIS).await else {
        return;
    };
    let (other, handle, other_limiter) = second_instance(&app, Some(REDIS)).await;
    let tenant = app.create_tenant(fleet_domain::Plan::Enterprise).await;
    let mut new = live_key();
    new.limits = RateLimitOverrides {
        per_minute: Some(10),
        ..Default::default()
    };
    let (key, secret) = app.create_key(tenant.id, new).await;
    let mut ok = 0;
    let mut limited = 0;
    for i in 0..16 {
        let base = if i % 2 == 0 {
            app.base_url.clone()
        } else {
            other.clone()
        };
        match status(&app.client, &base, &secret).await {
            200 => ok += 1,
            429 => limited += 1,
            s => panic!("unexpected {s}"),
        }
    }
    assert_eq!((ok, limited), (10, 6));
    // Decided by Redis on both instances (a fallback would give each its own budget), and
    // Redis counted the ten.
    for limiter in [&app.state().limiter, &other_limiter] {
        assert_eq!(limiter.backend(), "redis");
        assert_eq!(
            limiter.fallback_decisions(),
            0,
            "decisions fell back to the in-process limiter"
        );
    }
    assert_eq!(
        app.minute_count_in_redis(REDIS, &key.id.to_string()).await,
        10
    );
    handle.stop(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_redis_fails_open_to_the_local_limit() {
    let app = TestApp::spawn_with(|c| c.redis_url = Some("redis://127.0.0.1:1".into())).await;
    let tenant = app.create_tenant(fleet_domain::Plan::Trial).await;
    let mut new = live_key();
    new.limits = RateLimitOverrides {
        per_minute: Some(3),
        ..Default::default()
    };
    let (_, secret) = app.create_key(tenant.id, new).await;
    let statuses: Vec<u16> = {
        let mut v = Vec::new();
        for _ in 0..5 {
            v.push(status(&app.client, &app.base_url, &secret).await);
        }
        v
    };
    assert_eq!(
        statuses,
        vec![200, 200, 200, 429, 429],
        "no 5xx; the local limit holds"
    );
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503);
    assert_eq!(ready.body["redis"], "unavailable");
    assert_eq!(ready.body["database"], "ok");
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let fallbacks: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("fleetgate_rate_limit_fallback_decisions "))
        .and_then(|v| v.trim().parse().ok())
        .expect("fallback metric");
    assert!(fallbacks >= 5, "{fallbacks}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hour_and_day_windows_trip_too() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(fleet_domain::Plan::Enterprise).await;
    for (limits, window, allowed) in [
        (
            RateLimitOverrides {
                per_minute: Some(100),
                per_hour: Some(2),
                per_day: None,
            },
            "hour",
            2,
        ),
        (
            RateLimitOverrides {
                per_minute: Some(100),
                per_hour: Some(100),
                per_day: Some(3),
            },
            "day",
            3,
        ),
    ] {
        let mut new = live_key();
        new.limits = limits;
        let (_, secret) = app.create_key(tenant.id, new).await;
        for _ in 0..allowed {
            app.me(&secret).await.ok();
        }
        let reply = app.me(&secret).await;
        let error = reply.error(429, "RATE_LIMIT_EXCEEDED");
        assert_eq!(error["details"]["window"], window);
        assert_eq!(error["details"]["limit"], allowed);
        assert!(reply.header("retry-after").is_some());
        assert!(error["message"].as_str().unwrap().starts_with(&format!(
            "Rate limit exceeded for {window} window. Retry after "
        )));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_changes_reach_a_second_instance_within_a_second() {
    let app = TestApp::spawn_with(|c| c.key_cache_ttl = Duration::from_secs(3600)).await;
    let (other, handle, _) = second_instance(&app, None).await;
    let seed = app.seed().await;
    assert_eq!(status(&app.client, &app.base_url, &seed.secret).await, 200);
    assert_eq!(status(&app.client, &other, &seed.secret).await, 200);
    {
        let mut conn = app.conn().await;
        keys::service::set_active(&mut conn, seed.tenant.id, seed.key.id, false)
            .await
            .unwrap();
    }
    let seen = eventually(testkit::scaled(Duration::from_secs(1)), || {
        let client = app.client.clone();
        let (a, b, key) = (app.base_url.clone(), other.clone(), seed.secret.clone());
        async move {
            let sa = status(&client, &a, &key).await;
            let sb = status(&client, &b, &key).await;
            (sa == 401 && sb == 401).then_some(())
        }
    })
    .await;
    assert!(
        seen.is_some(),
        "disabling must reach both instances within 1 s"
    );
    let reply = common::Reply::from(
        app.client
            .get(format!("{other}{ME}"))
            .header("X-Partner-Api-Key", &seed.secret)
            .send()
            .await
            .unwrap(),
    )
    .await;
    reply.unauthorized("disabled_api_key");
    handle.stop(false).await;
}
