//! Database faults (issue 17): the gateway's Postgres backends terminated under load and a
//! database that refuses connections. Reads retry once on a fresh connection, everything else
//! answers `503 SERVICE_UNAVAILABLE` with `Retry-After`, never `500`; `/readyz` fails while
//! no working connection can be had. Real Postgres: only this test's own database is touched.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use common::{eventually, live_key, TestApp};
use keys::{NewKey, RateLimitOverrides};

const SERVER: &str = "host=127.0.0.1 port=5432 user=postgres dbname=postgres";
const VEHICLES: &str = "/api/partner/v1/vehicles";

async fn admin() -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(SERVER, tokio_postgres::NoTls)
        .await
        .expect("admin connection");
    tokio::spawn(connection);
    client
}

/// Terminates every backend connected to `db` (this test's own database) but ours.
/// `GET /vehicles` with `key`.
async fn list_vehicles(app: &TestApp, key: &str) -> common::Reply {
    app.send(
        app.client
            .get(app.url(VEHICLES))
            .header("X-Partner-Api-Key", key),
    )
    .await
}

async fn terminate_backends(admin: &tokio_postgres::Client, db: &str) -> i64 {
    let row = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db],
        )
        .await
        .expect("terminate backends");
    row.get(0)
}

#[derive(Default, Debug)]
struct Tally {
    by_status: BTreeMap<u16, u64>,
    bad: Vec<String>,
}

/// Reads in a loop until `stop`; checks every failure is an enveloped 503 with Retry-After.
async fn load(client: reqwest::Client, url: String, key: String, stop: Arc<AtomicBool>) -> Tally {
    let mut tally = Tally::default();
    while !stop.load(Ordering::Relaxed) {
        let res = match client
            .get(&url)
            .header("X-Partner-Api-Key", &key)
            .send()
            .await
        {
            Ok(res) => res,
            Err(e) => {
                tally.bad.push(format!("transport: {e}"));
                continue;
            }
        };
        let status = res.status().as_u16();
        let retry_after = res.headers().get("retry-after").cloned();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        *tally.by_status.entry(status).or_default() += 1;
        if status != 200 {
            let code = body["error"]["code"].as_str().unwrap_or_default();
            let has_id = body["meta"]["request_id"].is_string();
            if status != 503 || code != "SERVICE_UNAVAILABLE" || retry_after.is_none() || !has_id {
                tally
                    .bad
                    .push(format!("{status} retry-after={retry_after:?} {body}"));
            }
        }
    }
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn terminated_backends_under_load_never_give_500_and_reads_mostly_succeed() {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(fleet_domain::Plan::Enterprise).await;
    let (_, secret) = app
        .create_key(
            seed.tenant.id,
            NewKey {
                limits: RateLimitOverrides {
                    per_minute: Some(1_000_000),
                    per_hour: Some(1_000_000),
                    per_day: Some(1_000_000),
                },
                ..live_key()
            },
        )
        .await;
    let admin = admin().await;
    let stop = Arc::new(AtomicBool::new(false));
    let url = app.url(VEHICLES);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            tokio::spawn(load(
                app.client.clone(),
                url.clone(),
                secret.clone(),
                stop.clone(),
            ))
        })
        .collect();
    let mut terminated = 0;
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        terminated += terminate_backends(&admin, app.db().name()).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await.unwrap();
        for (status, n) in tally.by_status {
            *total.by_status.entry(status).or_default() += n;
        }
        total.bad.extend(tally.bad);
    }
    let all: u64 = total.by_status.values().sum();
    let ok = total.by_status.get(&200).copied().unwrap_or(0);
    eprintln!(
        "terminated {terminated} backends; responses {:?}",
        total.by_status
    );
    assert!(terminated >= 6, "the load kept backends open: {terminated}");
    assert!(
        total.bad.is_empty(),
        "{:#?}",
        &total.bad[..total.bad.len().min(10)]
    );
    assert_eq!(total.by_status.get(&500), None);
    assert!(all > 100, "too little load: {all}");
    // Dead idle connections are discarded at checkout and reads that lose theirs mid-query
    // are retried once: nearly everything succeeds.
    assert!(ok * 100 >= all * 98, "{:?}", total.by_status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_refusing_connections_fails_readyz_and_answers_503_until_it_is_back() {
    let app = TestApp::spawn().await;
    let mut seed = app.seed().await;
    let perms = [
        fleet_domain::Permission::VehiclesRead,
        fleet_domain::Permission::CustomersWrite,
    ];
    seed.secret = app
        .create_key(
            seed.tenant.id,
            NewKey {
                permissions: Some(perms.into_iter().collect()),
                ..live_key()
            },
        )
        .await
        .1;
    let admin = admin().await;
    let db = app.db().name().to_owned();
    assert_eq!(app.get("/readyz").await.status, 200);
    list_vehicles(&app, &seed.secret).await.ok();

    admin
        .batch_execute(&format!(
            "ALTER DATABASE \"{db}\" WITH ALLOW_CONNECTIONS false"
        ))
        .await
        .unwrap();
    terminate_backends(&admin, &db).await;
    let started = Instant::now();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 503, "{}", ready.text);
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(ready.body["database"], "unavailable");
    // The cached key still authenticates; its read answers 503 with Retry-After.
    let reply = list_vehicles(&app, &seed.secret).await;
    reply.error(503, "SERVICE_UNAVAILABLE");
    assert!(reply.header("retry-after").is_some());
    // A write too (never retried): 503, not 500.
    let reply = app
        .send(
            app.client
                .post(app.url("/api/partner/v1/customers"))
                .header("X-Partner-Api-Key", &seed.secret)
                .json(&serde_json::json!({"email": "c1@example.com", "name": "C One"})),
        )
        .await;
    reply.error(503, "SERVICE_UNAVAILABLE");
    assert!(reply.header("retry-after").is_some());

    admin
        .batch_execute(&format!(
            "ALTER DATABASE \"{db}\" WITH ALLOW_CONNECTIONS true"
        ))
        .await
        .unwrap();
    let back = eventually(Duration::from_secs(15), || async {
        (app.get("/readyz").await.status == 200).then_some(())
    })
    .await;
    assert!(back.is_some(), "readyz did not recover");
    list_vehicles(&app, &seed.secret).await.ok();
}
