//! Delivery behaviour against a real local receiver, with workers stepped by hand through
//! `run_once(now)` (time is injected, nothing sleeps through the schedule): the retry
//! schedule, redirects, Retry-After, timeouts, concurrent workers, abandoned claims, the
//! circuit breaker with auto-recovery, manual retry, bulk resend, retention and the
//! delivery-time URL policy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod webhooks_support;

use std::collections::HashMap;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use webhooks_support::*;

/// A `customer.created` endpoint at `url` and one such event, dispatched; the endpoint's id.
async fn hook_with_one_event(
    app: &common::TestApp,
    seed: &common::Seed,
    key: &str,
    url: &str,
) -> String {
    let (id, _) = endpoint(app, key, url, &["customer.created"]).await;
    customer_event(app, seed.tenant.id, seed.subaccount.id).await;
    dispatch(app).await;
    id
}

/// Deletes endpoint `id` (so the next case of a loop starts without it).
async fn delete_hook(app: &common::TestApp, key: &str, id: &str) {
    call(app, key, Method::DELETE, &format!("{WEBHOOKS}/{id}"), None)
        .await
        .ok();
}

fn ts(v: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(
        v.as_str().unwrap_or_else(|| panic!("not a time: {v}")),
        &Rfc3339,
    )
    .unwrap()
}

/// The only delivery of `endpoint`.
async fn only_delivery(app: &common::TestApp, key: &str, endpoint: &str) -> Value {
    let all = deliveries(app, key, endpoint).await;
    assert_eq!(all.len(), 1, "{all:?}");
    all[0].clone()
}

#[tokio::test]
async fn retry_schedule_for_receivers_failing_the_first_k_attempts() {
    let (app, seed, key) = manual_app().await;
    let worker = worker(&app, Duration::from_secs(5));
    for k in 1..=5usize {
        let rx = Receiver::start().await;
        rx.set(move |n| Answer::status(if n < k { 500 } else { 200 }));
        let (id, _) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
        assert_eq!(dispatch(&app).await, 1);
        let mut now = OffsetDateTime::now_utc();
        assert_eq!(
            worker.run_once(now).await.unwrap(),
            1,
            "attempt 1 is immediate"
        );
        let mut delays = Vec::new();
        loop {
            let d = only_delivery(&app, &key, &id).await;
            if d["status"] != "pending" {
                break;
            }
            let last = d["attempts"].as_array().unwrap().last().unwrap().clone();
            let next = ts(&d["next_attempt_at"]);
            delays.push((next - ts(&last["created_at"])).whole_milliseconds());
            // Not a moment early…
            now = next - time::Duration::milliseconds(1);
            assert_eq!(
                worker.run_once(now).await.unwrap(),
                0,
                "k={k}: attempt before its time"
            );
            // …and on time.
            now = next;
            assert_eq!(worker.run_once(now).await.unwrap(), 1, "k={k}");
        }
        let d = only_delivery(&app, &key, &id).await;
        let attempts = d["attempts"].as_array().unwrap();
        let expected_attempts = (k + 1).min(5);
        assert_eq!(attempts.len(), expected_attempts, "k={k}: {d}");
        assert_eq!(rx.count(), expected_attempts);
        assert_eq!(d["attempt_count"], expected_attempts);
        assert_eq!(
            d["status"],
            if k < 5 { "delivered" } else { "failed" },
            "k={k}"
        );
        let expected: Vec<i128> = [1000, 2000, 4000, 8000][..expected_attempts - 1].to_vec();
        assert_eq!(delays, expected, "k={k}");
        for (i, a) in attempts.iter().enumerate() {
            assert_eq!(a["attempt_number"], i + 1);
            assert_eq!(a["success"], i >= k, "k={k} attempt {}", i + 1);
            assert_eq!(a["status_code"], if i < k { 500 } else { 200 });
        }
        // event_id is the same on every attempt.
        let ids: Vec<Value> = rx
            .received()
            .iter()
            .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["event_id"].clone())
            .collect();
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
        assert_eq!(ids[0], d["event_id"]);
        delete_hook(&app, &key, &id).await;
    }
}

#[tokio::test]
async fn redirects_are_failed_attempts_and_never_followed() {
    let (app, seed, key) = manual_app().await;
    let target = Receiver::start().await;
    let rx = Receiver::start().await;
    let location = target.url.clone();
    rx.set(move |_| Answer {
        headers: vec![("Location".into(), location.clone())],
        ..Answer::status(302)
    });
    let id = hook_with_one_event(&app, &seed, &key, &rx.url).await;
    worker(&app, Duration::from_secs(5))
        .run_once(OffsetDateTime::now_utc())
        .await
        .unwrap();
    let d = only_delivery(&app, &key, &id).await;
    let a = &d["attempts"][0];
    assert_eq!(a["success"], false);
    assert_eq!(a["status_code"], 302);
    assert!(a["error"].as_str().unwrap().contains("redirect"), "{a}");
    assert_eq!(d["status"], "pending");
    assert_eq!(target.count(), 0, "the redirect was followed");
}

#[tokio::test]
async fn retry_after_on_429_and_503_is_honoured_and_clamped() {
    let (app, seed, key) = manual_app().await;
    let worker = worker(&app, Duration::from_secs(5));
    for (status, header, expected_ms) in [
        (429, "30", 30_000),
        (503, "999999", 3_600_000),
        (500, "30", 1_000), // only 429 and 503 carry a meaningful Retry-After
        (429, "0", 1_000),  // never earlier than the schedule
    ] {
        let rx = Receiver::start().await;
        rx.set(move |_| Answer {
            headers: vec![("Retry-After".into(), header.into())],
            ..Answer::status(status)
        });
        let id = hook_with_one_event(&app, &seed, &key, &rx.url).await;
        worker.run_once(OffsetDateTime::now_utc()).await.unwrap();
        let d = only_delivery(&app, &key, &id).await;
        let delay =
            (ts(&d["next_attempt_at"]) - ts(&d["attempts"][0]["created_at"])).whole_milliseconds();
        assert_eq!(delay, expected_ms, "{status} Retry-After: {header}");
        delete_hook(&app, &key, &id).await;
    }
}

#[tokio::test]
async fn a_receiver_that_never_answers_fails_the_attempt_after_the_timeout() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    rx.set(|_| Answer {
        delay: Some(Duration::from_secs(30)),
        ..Answer::status(200)
    });
    let id = hook_with_one_event(&app, &seed, &key, &rx.url).await;
    let started = std::time::Instant::now();
    worker(&app, Duration::from_secs(1))
        .run_once(OffsetDateTime::now_utc())
        .await
        .unwrap();
    let took = started.elapsed();
    // The 1 s timeout, plus at most a second (scaled) of claiming and recording around it.
    let bound = Duration::from_secs(1) + testkit::scaled(Duration::from_secs(1));
    assert!(
        took >= Duration::from_secs(1) && took < bound,
        "{took:?} (bound {bound:?})"
    );
    let d = only_delivery(&app, &key, &id).await;
    let a = &d["attempts"][0];
    assert_eq!(a["success"], false);
    assert_eq!(a["status_code"], Value::Null);
    assert!(a["error"].as_str().unwrap().contains("timeout"), "{a}");
    // As recorded by the worker: the timeout, plus at most a second (scaled) of overhead.
    let latency = a["latency_ms"].as_i64().unwrap();
    let max = 1000 + i64::try_from(testkit::scaled(Duration::from_secs(1)).as_millis()).unwrap();
    assert!(
        (1000..max).contains(&latency),
        "{latency} ms (bound {max} ms)"
    );
    assert_eq!(d["status"], "pending");
}

#[tokio::test]
async fn two_workers_never_send_the_same_attempt_twice() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let (id, _) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    const N: usize = 60;
    for _ in 0..N {
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    }
    assert_eq!(dispatch(&app).await, N);
    let a = worker_with(&app, Duration::from_secs(5), |c| c.batch = 7);
    let b = worker_with(&app, Duration::from_secs(5), |c| c.batch = 7);
    let now = OffsetDateTime::now_utc();
    let drain = |w: webhooks::Worker| async move {
        let mut total = 0;
        loop {
            match w.run_once(now).await.unwrap() {
                0 => return total,
                n => total += n,
            }
        }
    };
    let (na, nb) = tokio::join!(drain(a), drain(b));
    assert_eq!(na + nb, N);
    assert!(na > 0 && nb > 0, "both workers worked: {na} + {nb}");
    let mut per_delivery: HashMap<String, usize> = HashMap::new();
    for r in rx.received() {
        *per_delivery
            .entry(r.header("x-levy-delivery").to_owned())
            .or_default() += 1;
    }
    assert_eq!(per_delivery.len(), N);
    assert!(per_delivery.values().all(|&c| c == 1), "{per_delivery:?}");
    for d in deliveries(&app, &key, &id).await {
        assert_eq!(d["status"], "delivered");
        assert_eq!(d["attempts"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_claim_whose_worker_died_is_delivered_later() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let id = hook_with_one_event(&app, &seed, &key, &rx.url).await;
    let lease = Duration::from_secs(40);
    let dying = worker_with(&app, Duration::from_secs(5), |c| c.lease = lease);
    let now = OffsetDateTime::now_utc();
    // The worker claims and then "dies": the attempt is never sent nor recorded.
    let jobs = dying.claim(now).await.unwrap();
    assert_eq!(jobs.len(), 1);
    drop(jobs);
    drop(dying);
    let other = worker(&app, Duration::from_secs(5));
    assert_eq!(
        other.run_once(now + Duration::from_secs(1)).await.unwrap(),
        0,
        "the lease holds"
    );
    assert_eq!(rx.count(), 0);
    assert_eq!(
        other
            .run_once(now + lease + Duration::from_secs(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(rx.count(), 1);
    let d = only_delivery(&app, &key, &id).await;
    assert_eq!(d["status"], "delivered");
    let attempts = d["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{d}");
    assert_eq!(attempts[0]["success"], false);
    assert!(attempts[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("abandoned"));
    assert_eq!(attempts[1]["success"], true);
    assert_eq!(attempts[1]["attempt_number"], 2);
}

#[tokio::test]
async fn the_circuit_opens_waits_probes_closes_and_recovers_without_losing_deliveries() {
    circuit_scenario(true).await;
}

#[tokio::test]
async fn without_auto_recover_the_outage_failures_stay_failed() {
    circuit_scenario(false).await;
}

async fn circuit_scenario(auto_recover: bool) {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    rx.set(|_| Answer::status(500));
    let (id, _) = create_endpoint(
        &app,
        &key,
        json!({"url": rx.url, "events": ["customer.created"], "auto_recover": auto_recover}),
    )
    .await;
    let w = worker_with(&app, Duration::from_secs(5), |c| {
        c.batch = 100;
        c.circuit.first_probe = Duration::from_secs(10);
        c.circuit.recovery_spacing = Duration::from_millis(10);
    });
    // 4 deliveries × 5 failed attempts = 20 attempts, all failures: the 20th opens it.
    // Dispatched one by one, so each delivery is older than the next.
    let mut outage_events = Vec::new();
    for _ in 0..4 {
        let event = customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
        outage_events.push(event.wire());
        assert_eq!(dispatch(&app).await, 1);
    }
    let mut now = OffsetDateTime::now_utc();
    for round in 0..5 {
        assert_eq!(w.run_once(now).await.unwrap(), 4, "round {round}");
        let e = get_endpoint(&app, &key, &id).await;
        assert_eq!(
            e["circuit"],
            if round < 4 { "closed" } else { "open" },
            "round {round}"
        );
        now += Duration::from_secs(60);
    }
    let e = get_endpoint(&app, &key, &id).await;
    assert_eq!(e["recent_success_rate"], 0.0);
    assert_eq!(e["recent_attempts"], 20);
    assert!(deliveries(&app, &key, &id)
        .await
        .iter()
        .all(|d| d["status"] == "failed"));

    // New events while open wait with their budget intact.
    for _ in 0..2 {
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    }
    dispatch(&app).await;
    let opened = now - Duration::from_secs(60);
    assert_eq!(
        w.run_once(opened + Duration::from_secs(5)).await.unwrap(),
        0,
        "open: nothing sent"
    );
    let waiting: Vec<Value> = deliveries(&app, &key, &id)
        .await
        .into_iter()
        .filter(|d| d["status"] == "pending")
        .collect();
    assert_eq!(waiting.len(), 2);
    assert!(waiting.iter().all(|d| d["attempt_count"] == 0));

    // One probe at the probe time; it fails, so the next probe is twice as far.
    let before = rx.count();
    let t1 = opened + Duration::from_secs(11);
    let probe = w.claim(t1).await.unwrap();
    assert_eq!(probe.len(), 1, "exactly one probe");
    assert!(probe[0].probe);
    assert_eq!(get_endpoint(&app, &key, &id).await["circuit"], "half_open");
    w.process(&probe[0], t1).await.unwrap();
    assert_eq!(rx.count(), before + 1);
    assert_eq!(get_endpoint(&app, &key, &id).await["circuit"], "open");
    assert_eq!(
        w.run_once(t1 + Duration::from_secs(15)).await.unwrap(),
        0,
        "interval doubled to 20 s"
    );

    // The receiver recovers: the next probe succeeds and closes the circuit; the waiting
    // delivery and (auto_recover) the 4 that failed during the outage are sent, oldest first.
    rx.set(|_| Answer::status(200));
    let recovered_from = rx.count();
    let t2 = t1 + Duration::from_secs(21);
    assert_eq!(w.run_once(t2).await.unwrap(), 1);
    assert_eq!(get_endpoint(&app, &key, &id).await["circuit"], "closed");
    // One delivery per round from here, so the receiver sees them in the order claimed.
    let one_by_one = worker_with(&app, Duration::from_secs(5), |c| {
        c.batch = 1;
        c.circuit.first_probe = Duration::from_secs(10);
        c.circuit.recovery_spacing = Duration::from_millis(10);
    });
    let mut t = t2;
    for _ in 0..10 {
        t += Duration::from_secs(30);
        if one_by_one.run_once(t).await.unwrap() == 0 {
            break;
        }
    }
    let all = deliveries(&app, &key, &id).await;
    assert_eq!(all.len(), 6);
    let delivered = all.iter().filter(|d| d["status"] == "delivered").count();
    let failed = all.iter().filter(|d| d["status"] == "failed").count();
    if auto_recover {
        assert_eq!((delivered, failed), (6, 0), "{all:?}");
    } else {
        // The two that waited behind the open circuit arrive; the four that failed during
        // the outage stay failed (resend them by hand).
        assert_eq!((delivered, failed), (2, 4), "{all:?}");
    }
    // What reached the recovered receiver, in order: each event once; the deliveries that
    // failed during the outage (auto_recover) oldest first, else none of them.
    let after: Vec<String> = rx.received()[recovered_from..]
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_str(&r.body).unwrap();
            body["event_id"].as_str().unwrap().to_owned()
        })
        .collect();
    let distinct: std::collections::HashSet<&String> = after.iter().collect();
    assert_eq!(
        distinct.len(),
        after.len(),
        "an event was sent twice: {after:?}"
    );
    assert_eq!(after.len(), if auto_recover { 6 } else { 2 }, "{after:?}");
    let resent: Vec<&String> = after
        .iter()
        .filter(|e| outage_events.contains(*e))
        .collect();
    let expected: Vec<&String> = if auto_recover {
        outage_events.iter().collect()
    } else {
        Vec::new()
    };
    assert_eq!(
        resent, expected,
        "re-sent after recovery (oldest first): {after:?}"
    );
}

#[tokio::test]
async fn half_failures_do_not_open_the_circuit() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    // Alternate: exactly 50 % failures over 20 attempts is not "more than half".
    rx.set(|n| Answer::status(if n % 2 == 0 { 500 } else { 200 }));
    let (id, _) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    let w = worker_with(&app, Duration::from_secs(5), |c| c.batch = 1);
    for _ in 0..10 {
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    }
    dispatch(&app).await;
    let mut now = OffsetDateTime::now_utc();
    for _ in 0..20 {
        w.run_once(now).await.unwrap();
        now += Duration::from_secs(10);
    }
    let e = get_endpoint(&app, &key, &id).await;
    assert_eq!(e["recent_attempts"], 20);
    assert_eq!(e["recent_success_rate"], 0.5);
    assert_eq!(e["circuit"], "closed");
}

#[tokio::test]
async fn manual_retry_and_bulk_resend_keep_the_event_id() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    rx.set(|_| Answer::status(500));
    let (id, _) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    let test = send_test(&app, &key, &id).await;
    let d = test.ok()["delivery"].clone();
    assert_eq!(d["status"], "failed");
    let did = d["id"].as_str().unwrap();
    let retry = format!("{WEBHOOKS}/{id}/deliveries/{did}/retry");
    let r = call(&app, &key, Method::POST, &retry, None).await;
    assert_eq!(r.ok()["status"], "pending");
    let r = call(&app, &key, Method::POST, &retry, None).await;
    let e = r.error(409, "CONFLICT");
    assert_eq!(e["details"]["current_status"], "pending");
    rx.set(|_| Answer::status(200));
    let w = worker(&app, Duration::from_secs(5));
    assert_eq!(w.run_once(OffsetDateTime::now_utc()).await.unwrap(), 1);
    let got = rx.received();
    let first: Value = serde_json::from_str(&got[0].body).unwrap();
    let again: Value = serde_json::from_str(&got[1].body).unwrap();
    assert_eq!(first["event_id"], again["event_id"]);
    assert_eq!(got[0].body, got[1].body, "the same bytes are re-sent");

    // Bulk: three deliveries fail for good, then one call re-queues them.
    rx.set(|_| Answer::status(500));
    let since = OffsetDateTime::now_utc() - Duration::from_secs(1);
    for _ in 0..3 {
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    }
    dispatch(&app).await;
    let mut now = OffsetDateTime::now_utc();
    for _ in 0..5 {
        w.run_once(now).await.unwrap();
        now += Duration::from_secs(60);
    }
    let failed = deliveries_where(&app, &key, &id, "status=failed").await;
    assert_eq!(failed.ok().as_array().unwrap().len(), 3);
    let bad = post(
        &app,
        &key,
        &format!("{WEBHOOKS}/{id}/deliveries/resend"),
        json!({"since": "yesterday"}),
    )
    .await;
    assert_eq!(
        bad.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
        "since"
    );
    let r = post(
        &app,
        &key,
        &format!("{WEBHOOKS}/{id}/deliveries/resend"),
        json!({"since": since.format(&Rfc3339).unwrap()}),
    )
    .await;
    assert_eq!(r.ok()["resent"], 3);
    rx.set(|_| Answer::status(200));
    w.run_once(OffsetDateTime::now_utc() + Duration::from_secs(5))
        .await
        .unwrap();
    let all = deliveries(&app, &key, &id).await;
    assert!(all.iter().all(|d| d["status"] == "delivered"), "{all:?}");
}

#[tokio::test]
async fn retention_purges_old_deliveries_in_batches() {
    use db::RunQueryDsl;
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let (id, _) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    for _ in 0..5 {
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    }
    dispatch(&app).await;
    worker(&app, Duration::from_secs(5))
        .run_once(OffsetDateTime::now_utc())
        .await
        .unwrap();
    // Age them: 3 delivered 4 days ago (purged), 1 failed 10 days ago (kept), 1 failed 15
    // days ago (purged), and the fresh test delivery stays.
    let mut conn = app.conn().await;
    diesel::sql_query(
        "WITH o AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM webhook_deliveries) \
         UPDATE webhook_deliveries d SET \
           status = CASE WHEN o.n <= 3 THEN 'delivered' ELSE 'failed' END, \
           delivered_at = CASE WHEN o.n <= 3 THEN now() - interval '4 days' END, \
           failed_at = CASE WHEN o.n = 4 THEN now() - interval '10 days' \
                            WHEN o.n = 5 THEN now() - interval '15 days' END \
         FROM o WHERE o.id = d.id",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    drop(conn);
    send_test(&app, &key, &id).await.ok();
    let purged = webhooks::retention::purge_once(
        &app.state().pool,
        webhooks::retention::Retention::default(),
        OffsetDateTime::now_utc(),
        2,
    )
    .await
    .unwrap();
    assert_eq!(purged, 4);
    let left = deliveries(&app, &key, &id).await;
    assert_eq!(left.len(), 2, "{left:?}");
}

/// An endpoint at `url` for `customer.created`; its id.
async fn created_hook(app: &common::TestApp, key: &str, url: &str) -> String {
    endpoint(app, key, url, &["customer.created"]).await.0
}

/// One `customer.created` event, dispatched, then one run of a worker resolving names through
/// the injected test hosts (`allow_private`: whether private targets are allowed); returns
/// (deliveries dispatched, deliveries the run processed).
async fn event_via_test_hosts(
    app: &common::TestApp,
    seed: &common::Seed,
    allow_private: bool,
) -> (usize, usize) {
    customer_event(app, seed.tenant.id, seed.subaccount.id).await;
    let dispatched = dispatch(app).await;
    let worker = worker_resolving(
        app,
        Duration::from_secs(5),
        allow_private,
        Some(test_hosts()),
        |_| {},
    );
    let processed = worker.run_once(OffsetDateTime::now_utc()).await.unwrap();
    (dispatched, processed)
}

/// Through the real client and resolver: a name the (injected) lookup answers with
/// 127.0.0.1 is refused at delivery time, as are `localhost` and loopback literals. The same
/// lookup with private targets allowed reaches the receiver, so the refusal is the guard's and
/// not an unresolvable name.
#[tokio::test]
async fn at_delivery_time_loopback_names_and_private_literals_are_refused() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let port = rx
        .url
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap()
        .to_owned();

    // The lookup works: with private targets allowed, the test host name reaches the receiver.
    let reachable = created_hook(&app, &key, &format!("http://{TEST_HOST}:{port}/hook")).await;
    assert_eq!(event_via_test_hosts(&app, &seed, true).await, (1, 1));
    assert_eq!(
        only_delivery(&app, &key, &reachable).await["status"],
        "delivered"
    );
    assert_eq!(rx.count(), 1, "the test host name resolved to the receiver");
    delete_hook(&app, &key, &reachable).await;

    // Stored while private targets were allowed; the strict worker must not connect.
    let by_name = created_hook(&app, &key, &format!("https://localhost:{port}/hook")).await;
    let by_ip = created_hook(&app, &key, &format!("https://127.0.0.1:{port}/hook")).await;
    let plain = created_hook(&app, &key, &rx.url).await;
    let by_lookup = created_hook(&app, &key, &format!("https://{TEST_HOST}:{port}/hook")).await;
    assert_eq!(event_via_test_hosts(&app, &seed, false).await, (4, 4));
    assert_eq!(
        rx.count(),
        1,
        "nothing more may reach the loopback receiver"
    );
    let err = |d: Value| d["attempts"][0]["error"].as_str().unwrap().to_owned();
    let e = err(only_delivery(&app, &key, &by_name).await);
    assert!(e.starts_with("refused") && e.contains("localhost"), "{e}");
    let e = err(only_delivery(&app, &key, &by_ip).await);
    assert!(e.starts_with("refused") && e.contains("127.0.0.1"), "{e}");
    let e = err(only_delivery(&app, &key, &plain).await);
    assert!(e.contains("https"), "{e}");
    // Resolved by the injected lookup, refused by the guard on its loopback answer.
    let e = err(only_delivery(&app, &key, &by_lookup).await);
    assert!(
        e.contains(TEST_HOST) && e.contains("non-public") && e.contains("127.0.0.1"),
        "{e}"
    );
}
