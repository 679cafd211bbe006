//! Idempotency-Key (SPEC §6): replay of the first outcome, reuse with a different request,
//! concurrent duplicates, 4xx stored / 5xx not, per-key scope, header validation, abandoned
//! claims, two gateway instances on one database, and the purge of expired keys.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod wallet_support;

use actix_web::dev::ServerHandle;
use diesel::sql_types::{BigInt, Text};
use futures_util::future::join_all;
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use common::{Reply, Seed, TestApp};
use db::RunQueryDsl;
use gateway::config::Config;
use wallet_support::{balance, insert_customer, ledger, post_wallet, wallet_key, wallet_path};

const KEY_HEADER: &str = "Idempotency-Key";

struct World {
    app: TestApp,
    seed: Seed,
    key: String,
    customer: Uuid,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, wallet_key()).await;
    let customer = insert_customer(&app, seed.tenant.id, seed.subaccount.id, "active").await;
    World {
        app,
        seed,
        key,
        customer,
    }
}

impl World {
    async fn post(&self, idempotency_key: &str, body: &Value) -> Reply {
        self.app
            .send(
                post_wallet(&self.app, &self.key, self.customer, body)
                    .header(KEY_HEADER, idempotency_key),
            )
            .await
    }
}

fn credit(amount: i64) -> Value {
    json!({"action": "credit", "amount_cents": amount, "description": "idempotent top-up"})
}

fn replayed(reply: &Reply) -> bool {
    reply.header("idempotent-replayed") == Some("true")
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn stored_keys(app: &TestApp) -> i64 {
    let mut conn = app.conn().await;
    diesel::sql_query("SELECT count(*) AS n FROM idempotency_keys")
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n
}

async fn execute(app: &TestApp, sql: &str, key: &str) -> usize {
    let mut conn = app.conn().await;
    diesel::sql_query(sql)
        .bind::<Text, _>(key)
        .execute(&mut conn)
        .await
        .unwrap()
}

async fn ddl(app: &TestApp, sql: &str) {
    use diesel_async::SimpleAsyncConnection;
    let mut conn = app.conn().await;
    conn.batch_execute(sql).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_request_is_replayed_and_runs_once() {
    let w = world().await;
    let first = w.post("topup-1", &credit(2500)).await;
    assert_eq!(first.status.as_u16(), 201, "{}", first.text);
    first.assert_meta();
    assert!(!replayed(&first));

    let again = w.post("topup-1", &credit(2500)).await;
    assert_eq!(again.status.as_u16(), 201, "{}", again.text);
    assert!(replayed(&again));
    assert_eq!(again.text, first.text, "the stored body, byte for byte");
    assert_eq!(again.header("content-type"), Some("application/json"));
    // The replay has its own request id; the body's meta is the original one.
    assert_ne!(again.request_id(), first.request_id());
    assert_eq!(again.body["meta"]["request_id"], json!(first.request_id()));
    assert!(again.header("x-ratelimit-limit").is_some());

    assert_eq!(ledger(&w.app, w.customer).await.len(), 1);
    assert_eq!(balance(&w.app, w.customer).await, 2500);

    // Requests without the header are untouched and leave no trace.
    let plain = w
        .app
        .send(post_wallet(&w.app, &w.key, w.customer, &credit(1)))
        .await;
    assert_eq!(plain.status.as_u16(), 201);
    assert!(plain.header("idempotent-replayed").is_none());
    assert_eq!(stored_keys(&w.app).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_reused_for_a_different_request_is_refused() {
    let w = world().await;
    assert_eq!(w.post("k", &credit(100)).await.status.as_u16(), 201);
    let other_customer =
        insert_customer(&w.app, w.seed.tenant.id, w.seed.subaccount.id, "active").await;
    let different = [
        w.post("k", &credit(101)).await,
        w.post(
            "k",
            &json!({"action": "debit", "amount_cents": 100, "description": "idempotent top-up"}),
        )
        .await,
        w.app
            .send(post_wallet(&w.app, &w.key, other_customer, &credit(100)).header(KEY_HEADER, "k"))
            .await,
        w.app
            .send(
                post_wallet(&w.app, &w.key, w.customer, &credit(100))
                    .header(KEY_HEADER, "k")
                    .header("X-Subaccount-Id", w.seed.subaccount.id.to_string()),
            )
            .await,
    ];
    for reply in &different {
        let error = reply.error(422, "IDEMPOTENCY_KEY_REUSED");
        assert_eq!(error["details"]["idempotency_key"], json!("k"));
    }
    assert_eq!(ledger(&w.app, w.customer).await.len(), 1);
    assert!(ledger(&w.app, other_customer).await.is_empty());
    // The original request still replays.
    assert!(replayed(&w.post("k", &credit(100)).await));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_execute_exactly_once() {
    let w = world().await;
    for round in 0..3 {
        let key = format!("burst-{round}");
        let body = credit(100);
        let replies = join_all((0..10).map(|_| w.post(&key, &body))).await;
        let mut executed = 0;
        for reply in &replies {
            match (reply.status.as_u16(), replayed(reply)) {
                (201, false) => executed += 1,
                (201, true) => {}
                (409, false) => {
                    reply.error(409, "IDEMPOTENCY_IN_PROGRESS");
                }
                other => panic!("unexpected {other:?}: {}", reply.text),
            }
        }
        assert_eq!(executed, 1, "round {round}");
    }
    assert_eq!(ledger(&w.app, w.customer).await.len(), 3);
    assert_eq!(balance(&w.app, w.customer).await, 300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_4xx_outcome_is_stored_and_replayed() {
    let w = world().await;
    let debit = json!({"action": "debit", "amount_cents": 500});
    let first = w.post("pay-1", &debit).await;
    first.error(409, "INSUFFICIENT_FUNDS");
    // Funds arrive, but the retry replays the stored refusal instead of running again.
    assert_eq!(
        w.app
            .send(post_wallet(&w.app, &w.key, w.customer, &credit(1000)))
            .await
            .status
            .as_u16(),
        201
    );
    let again = w.post("pay-1", &debit).await;
    assert_eq!(again.status.as_u16(), 409);
    assert!(replayed(&again));
    assert_eq!(again.text, first.text);
    assert_eq!(again.body["error"]["code"], json!("INSUFFICIENT_FUNDS"));
    assert_eq!(again.header("content-type"), Some("application/json"));
    assert_eq!(balance(&w.app, w.customer).await, 1000);

    // Validation failures are stored too.
    let bad = json!({"action": "credit", "amount_cents": 0});
    w.post("bad-1", &bad).await.error(400, "VALIDATION_ERROR");
    let again = w.post("bad-1", &bad).await;
    assert_eq!(again.status.as_u16(), 400);
    assert!(replayed(&again));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_outcome_is_not_stored_so_a_retry_runs_again() {
    let w = world().await;
    // A constraint the ledger insert violates makes the handler fail with a 500.
    ddl(
        &w.app,
        "ALTER TABLE wallet_transactions ADD CONSTRAINT fail_for_test CHECK (amount_cents <> 4242) \
         NOT VALID",
    )
    .await;
    let first = w.post("flaky-1", &credit(4242)).await;
    first.error(500, "INTERNAL_ERROR");
    assert_eq!(stored_keys(&w.app).await, 0, "a 5xx releases its claim");
    assert!(ledger(&w.app, w.customer).await.is_empty());

    ddl(
        &w.app,
        "ALTER TABLE wallet_transactions DROP CONSTRAINT fail_for_test",
    )
    .await;
    let retry = w.post("flaky-1", &credit(4242)).await;
    assert_eq!(retry.status.as_u16(), 201, "{}", retry.text);
    assert!(!replayed(&retry));
    assert_eq!(balance(&w.app, w.customer).await, 4242);
    assert!(replayed(&w.post("flaky-1", &credit(4242)).await));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_scoped_to_the_api_key() {
    let w = world().await;
    let (_, second_key) = w.app.create_key(w.seed.tenant.id, wallet_key()).await;
    assert_eq!(w.post("shared", &credit(100)).await.status.as_u16(), 201);
    let other = w
        .app
        .send(
            post_wallet(&w.app, &second_key, w.customer, &credit(100)).header(KEY_HEADER, "shared"),
        )
        .await;
    assert_eq!(other.status.as_u16(), 201, "{}", other.text);
    assert!(!replayed(&other));
    assert_eq!(ledger(&w.app, w.customer).await.len(), 2);
    assert_eq!(stored_keys(&w.app).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_keys_and_oversized_bodies_are_refused() {
    let w = world().await;
    let long = "k".repeat(256);
    let values: Vec<HeaderValue> = vec![
        HeaderValue::from_static(""),
        HeaderValue::from_static("has space"),
        HeaderValue::from_str(&long).unwrap(),
        HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap(),
        HeaderValue::from_bytes(b"tab\tinside").unwrap(),
    ];
    for value in values {
        let reply = w
            .app
            .send(
                post_wallet(&w.app, &w.key, w.customer, &credit(100))
                    .header(KEY_HEADER, value.clone()),
            )
            .await;
        let error = reply.error(400, "VALIDATION_ERROR");
        assert_eq!(
            error["details"]["fields"][0]["field"],
            json!("Idempotency-Key"),
            "{value:?}"
        );
    }
    // Sent twice.
    let reply = w
        .app
        .send(
            post_wallet(&w.app, &w.key, w.customer, &credit(100))
                .header(KEY_HEADER, "a")
                .header(KEY_HEADER, "b"),
        )
        .await;
    reply.error(400, "VALIDATION_ERROR");
    // The longest valid key works.
    let max = "~".repeat(255);
    assert_eq!(w.post(&max, &credit(100)).await.status.as_u16(), 201);
    // Reads ignore the header.
    let reply = w
        .app
        .send(
            w.app
                .request(Method::GET, &wallet_path(w.customer))
                .header("X-Partner-Api-Key", &w.key)
                .header(KEY_HEADER, "has space"),
        )
        .await;
    assert_eq!(reply.ok()["balance_cents"], json!(100));
    // An oversized body is refused while buffering, before anything runs.
    let huge = format!(
        "{{\"action\":\"credit\",\"amount_cents\":1,\"description\":\"{}\"}}",
        "x".repeat(6 * 1024 * 1024)
    );
    let reply = w
        .app
        .send(
            w.app
                .request(Method::POST, &wallet_path(w.customer))
                .header("X-Partner-Api-Key", &w.key)
                .header("Content-Type", "application/json")
                .header(KEY_HEADER, "huge")
                .body(huge),
        )
        .await;
    reply.error(413, "PAYLOAD_TOO_LARGE");
    assert_eq!(ledger(&w.app, w.customer).await.len(), 1);
    assert_eq!(stored_keys(&w.app).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_progress_claims_block_until_abandoned() {
    let w = world().await;
    assert_eq!(w.post("crash-1", &credit(100)).await.status.as_u16(), 201);
    // Make the row look like a claim whose request is still running…
    let back_to_running =
        "UPDATE idempotency_keys SET state = 'in_progress', response_status = NULL, \
         response_content_type = NULL, response_body = NULL, claimed_at = now() \
         WHERE idempotency_key = $1";
    assert_eq!(execute(&w.app, back_to_running, "crash-1").await, 1);
    w.post("crash-1", &credit(100))
        .await
        .error(409, "IDEMPOTENCY_IN_PROGRESS");
    // …a different request under it is still a reuse…
    w.post("crash-1", &credit(7))
        .await
        .error(422, "IDEMPOTENCY_KEY_REUSED");
    // …and once its process is presumed dead (claimed over 60 s ago) a retry takes over.
    let abandon = "UPDATE idempotency_keys SET claimed_at = now() - interval '61 seconds' \
         WHERE idempotency_key = $1";
    assert_eq!(execute(&w.app, abandon, "crash-1").await, 1);
    let retry = w.post("crash-1", &credit(100)).await;
    assert_eq!(retry.status.as_u16(), 201, "{}", retry.text);
    assert!(!replayed(&retry));
    assert!(replayed(&w.post("crash-1", &credit(100)).await));
    assert_eq!(ledger(&w.app, w.customer).await.len(), 2);
}

/// A second gateway on the database of an existing [`TestApp`] (the first owns the database).
struct Instance {
    base_url: String,
    handle: ServerHandle,
}

impl Instance {
    async fn on(database_url: &str) -> Self {
        let app = gateway::Application::build(Config::for_tests(database_url))
            .await
            .expect("build the second gateway");
        let base_url = format!("http://127.0.0.1:{}", app.port());
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        Self { base_url, handle }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_used_on_one_instance_replays_on_another() {
    let w = world().await;
    let b = Instance::on(w.app.db().url()).await;
    let first = w.post("multi-1", &credit(900)).await;
    assert_eq!(first.status.as_u16(), 201);
    let on_b = Reply::from(
        w.app
            .client
            .post(format!("{}{}", b.base_url, wallet_path(w.customer)))
            .header("X-Partner-Api-Key", &w.key)
            .header(KEY_HEADER, "multi-1")
            .json(&credit(900))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(on_b.status.as_u16(), 201, "{}", on_b.text);
    assert!(replayed(&on_b));
    assert_eq!(on_b.text, first.text);
    // And concurrently across both instances, still exactly one execution.
    let a_url = w.app.url(&wallet_path(w.customer));
    let b_url = format!("{}{}", b.base_url, wallet_path(w.customer));
    let sends = (0..10).map(|i| {
        let url = if i % 2 == 0 {
            a_url.clone()
        } else {
            b_url.clone()
        };
        let req = w
            .app
            .client
            .post(url)
            .header("X-Partner-Api-Key", &w.key)
            .header(KEY_HEADER, "multi-2")
            .json(&credit(50));
        async move { Reply::from(req.send().await.unwrap()).await }
    });
    let replies = join_all(sends).await;
    let executed = replies
        .iter()
        .filter(|r| r.status.as_u16() == 201 && !replayed(r))
        .count();
    assert_eq!(executed, 1);
    assert!(replies
        .iter()
        .all(|r| r.status.as_u16() == 201
            || r.body["error"]["code"] == json!("IDEMPOTENCY_IN_PROGRESS")));
    assert_eq!(balance(&w.app, w.customer).await, 950);
    drop(b);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_keys_run_again_and_are_purged() {
    let w = world().await;
    assert_eq!(w.post("old-1", &credit(100)).await.status.as_u16(), 201);
    assert_eq!(w.post("old-2", &credit(100)).await.status.as_u16(), 201);
    assert_eq!(w.post("fresh", &credit(100)).await.status.as_u16(), 201);
    for key in ["old-1", "old-2"] {
        let expire = "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' \
             WHERE idempotency_key = $1";
        assert_eq!(execute(&w.app, expire, key).await, 1);
    }
    // An expired key is a new key: the request runs again.
    let again = w.post("old-1", &credit(100)).await;
    assert_eq!(again.status.as_u16(), 201);
    assert!(!replayed(&again));
    assert_eq!(ledger(&w.app, w.customer).await.len(), 4);

    let purged = gateway::retention::purge_idempotency_once(&w.app.state().pool)
        .await
        .unwrap();
    assert_eq!(purged, 1, "only old-2 was still expired");
    assert_eq!(stored_keys(&w.app).await, 2);
    assert!(replayed(&w.post("fresh", &credit(100)).await));
    assert!(replayed(&w.post("old-1", &credit(100)).await));

    // Stored rows expire 24 h after their claim.
    #[derive(diesel::QueryableByName)]
    struct Ttl {
        #[diesel(sql_type = BigInt)]
        seconds: i64,
    }
    let mut conn = w.app.conn().await;
    let ttl: Ttl = diesel::sql_query(
        "SELECT extract(epoch FROM expires_at - created_at)::bigint AS seconds \
         FROM idempotency_keys WHERE idempotency_key = $1",
    )
    .bind::<Text, _>("fresh")
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(ttl.seconds, 24 * 3600);
}
