//! `GET /webhooks/{id}/deliveries` reads deliveries and their attempts in one snapshot: while a
//! worker records attempts and settles deliveries, a listing never shows a delivery `pending`
//! next to a successful attempt, nor an attempt count that disagrees with its attempts.
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
