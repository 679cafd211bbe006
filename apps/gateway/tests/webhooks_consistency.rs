//! Webhook reads assembled from several statements come from one snapshot:
//! `GET /webhooks/{id}/deliveries` reads deliveries and their attempts together (while a
//! worker records attempts and settles deliveries, a listing never shows a delivery `pending`
//! next to a successful attempt, nor an attempt count that disagrees with its attempts), and
//! `GET /webhooks/{id}` (like the list) reads the endpoint and its recent health together.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod webhooks_support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use webhooks_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn listings_never_mix_a_settled_attempt_with_a_pending_delivery() {
    let (app, seed, key) = manual_app().await;
    let receiver = Receiver::start().await;
    let (endpoint_id, _) = endpoint(&app, &key, &receiver.url, &["customer.created"]).await;
    const EVENTS: usize = 60;
    for _ in 0..EVENTS {
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    }
    assert_eq!(dispatch(&app).await, EVENTS);

    let done = Arc::new(AtomicBool::new(false));
    let worker = worker(&app, Duration::from_secs(5));
    let stepping = {
        let done = done.clone();
        tokio::spawn(async move {
            // Small steps so settling interleaves with the listings.
            while worker.run_once(OffsetDateTime::now_utc()).await.unwrap() > 0 {
                tokio::task::yield_now().await;
            }
            done.store(true, Ordering::Release);
        })
    };
    let mut listings = 0;
    let mut seen_pending = 0;
    loop {
        let finished = done.load(Ordering::Acquire);
        for d in deliveries(&app, &key, &endpoint_id).await {
            let attempts = d["attempts"].as_array().unwrap();
            let succeeded = attempts.iter().any(|a| a["success"] == true);
            match d["status"].as_str().unwrap() {
                "pending" => {
                    seen_pending += 1;
                    assert!(!succeeded, "pending next to a successful attempt: {d}");
                }
                "delivered" => assert!(succeeded, "delivered without a successful attempt: {d}"),
                other => panic!("unexpected status {other}: {d}"),
            }
            // A claimed attempt counts before it is recorded (in flight): one ahead at most,
            // and only while pending.
            let count = d["attempt_count"].as_u64().unwrap() as usize;
            let in_flight = usize::from(d["status"] == "pending");
            assert!(
                (attempts.len()..=attempts.len() + in_flight).contains(&count),
                "attempt_count disagrees with the attempts listed: {d}"
            );
        }
        listings += 1;
        if finished {
            break;
        }
    }
    stepping.await.unwrap();
    assert!(
        listings >= 2 && seen_pending > 0,
        "the listing never overlapped the worker"
    );
    let all = deliveries(&app, &key, &endpoint_id).await;
    assert_eq!(all.len(), EVENTS);
    assert!(all.iter().all(|d| d["status"] == "delivered"));
}

/// `GET /webhooks/{id}` reads the endpoint and its recent health in one snapshot. A writer
/// records attempts (alternating runs of failures and successes) and, in the same
/// transaction, writes the health they make into the endpoint's description; every read
/// must show a description equal to the health next to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_endpoint_and_its_health_come_from_one_snapshot() {
    let (app, seed, _) = manual_app().await;
    let (_, key) = app
        .create_key(seed.tenant.id, common::unlimited_key())
        .await;
    let (endpoint_id, _) = endpoint(
        &app,
        &key,
        "https://hooks.example.com/x",
        &["customer.created"],
    )
    .await;
    customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    assert_eq!(dispatch(&app).await, 1);
    let (client, connection) = tokio_postgres::connect(app.db().url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let delivery: String = client
        .query_one(
            "SELECT id::text FROM webhook_deliveries WHERE endpoint_id = $1::text::uuid",
            &[&endpoint_id],
        )
        .await
        .unwrap()
        .get(0);

    const WRITES: usize = 600;
    const WINDOW: usize = 20; // webhooks::store::HEALTH_WINDOW
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let done = done.clone();
        let endpoint_id = endpoint_id.clone();
        tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for k in 0..WRITES {
                let success = (k / 7) % 2 == 1;
                outcomes.push(success);
                let recent = &outcomes[outcomes.len().saturating_sub(WINDOW)..];
                let successes = recent.iter().filter(|s| **s).count();
                client
                    .batch_execute(&format!(
                        "BEGIN; \
                         INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, \
                           attempt_number, success, latency_ms, created_at) \
                         VALUES (gen_random_uuid(), '{delivery}', '{endpoint_id}', {n}, {success}, \
                           1, clock_timestamp()); \
                         UPDATE webhook_endpoints SET description = '{successes}/{attempts}' \
                           WHERE id = '{endpoint_id}'; \
                         COMMIT",
                        n = k + 1,
                        attempts = recent.len(),
                    ))
                    .await
                    .unwrap();
            }
            done.store(true, Ordering::Release);
        })
    };
    let mut reads = 0;
    while !done.load(Ordering::Acquire) {
        let e = get_endpoint(&app, &key, &endpoint_id).await;
        if let Some(description) = e["description"].as_str() {
            let (successes, attempts) = description.split_once('/').unwrap();
            let (successes, attempts): (f64, i64) =
                (successes.parse().unwrap(), attempts.parse().unwrap());
            assert_eq!(e["recent_attempts"], attempts, "{e}");
            let rate = e["recent_success_rate"].as_f64().unwrap();
            assert!(
                (rate - successes / attempts as f64).abs() < 1e-9,
                "health from another snapshot than the endpoint: {e}"
            );
            reads += 1;
        }
    }
    writer.await.unwrap();
    assert!(reads >= 20, "only {reads} reads overlapped the writer");
}
