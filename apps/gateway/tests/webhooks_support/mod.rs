//! Helpers of the webhook tests: a real local HTTP receiver whose behaviour can change
//! mid-test, endpoint creation over the API, outbox events, and manually stepped workers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use reqwest::Method;
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::common::{Reply, Seed, TestApp};
use fleet_domain::customers::{CustomerId, CustomerStatus};
use fleet_domain::events::{CustomerEventData, Event, EventId};
use fleet_domain::{record_event, Scope, SubaccountId, TenantId};

pub const WEBHOOKS: &str = "/api/partner/v1/webhooks";

/// One request as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HashMap<String, String>,
    pub body: String,
    pub at: Instant,
}

impl Received {
    /// The delivery carries `event` and its `X-Levy-Signature` verifies with `secret`.
    pub fn assert_signed_event(&self, secret: &str, event: &EventId) {
        let payload: Value = serde_json::from_str(&self.body).unwrap();
        assert_eq!(payload["event_id"], event.wire(), "{}", self.body);
        let signature = self.header("x-levy-signature");
        let verified = webhooks::verify(
            secret,
            signature,
            self.body.as_bytes(),
            webhooks::DEFAULT_TOLERANCE,
        );
        assert!(verified.is_ok(), "{verified:?}");
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
    }
}

/// What the receiver answers to its n-th request (0-based).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Wait this long before answering (a hanging receiver).
    pub delay: Option<Duration>,
}

impl Answer {
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: format!("status {status}"),
            delay: None,
        }
    }
}

type Behaviour = Box<dyn Fn(usize) -> Answer + Send + Sync>;

struct ReceiverState {
    received: Vec<Received>,
    behaviour: Behaviour,
}

/// A local HTTP receiver on a free port.
pub struct Receiver {
    pub url: String,
    state: Arc<Mutex<ReceiverState>>,
    handle: ServerHandle,
}

impl Receiver {
    /// Answers 200 until told otherwise.
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(ReceiverState {
            received: Vec::new(),
            behaviour: Box::new(|_| Answer::status(200)),
        }));
        let shared = web::Data::from(state.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .default_service(web::to(receive))
        })
        .workers(2)
        .listen(listener)
        .unwrap()
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}/hook"),
            state,
            handle,
        }
    }

    /// Changes what it answers from now on.
    pub fn set(&self, f: impl Fn(usize) -> Answer + Send + Sync + 'static) {
        self.state.lock().unwrap().behaviour = Box::new(f);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    pub fn count(&self) -> usize {
        self.state.lock().unwrap().received.len()
    }

    /// Waits until at least `n` requests arrived.
    pub async fn wait_for(&self, n: usize, limit: Duration) -> Vec<Received> {
        let deadline = Instant::now() + limit;
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "receiver got {} of {n} requests within {limit:?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn receive(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<ReceiverState>>,
) -> HttpResponse {
    let answer = {
        let mut s = state.lock().unwrap();
        let n = s.received.len();
        s.received.push(Received {
            headers: req
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
                .collect(),
            body: String::from_utf8_lossy(&body).into_owned(),
            at: Instant::now(),
        });
        (s.behaviour)(n)
    };
    if let Some(d) = answer.delay {
        tokio::time::sleep(d).await;
    }
    let mut res =
        HttpResponse::build(actix_web::http::StatusCode::from_u16(answer.status).unwrap());
    for (k, v) in &answer.headers {
        res.insert_header((k.as_str(), v.as_str()));
    }
    res.body(answer.body)
}

pub use crate::common::all_permissions;

/// A gateway without background delivery (tests step workers themselves) and a seeded
/// tenant with an all-permissions key.
pub async fn manual_app() -> (TestApp, Seed, String) {
    manual_app_with(|_| {}).await
}

pub async fn manual_app_with(
    tweak: impl FnOnce(&mut gateway::config::Config),
) -> (TestApp, Seed, String) {
    let app = TestApp::spawn_with(|c| {
        c.webhook_workers = 0;
        tweak(c);
    })
    .await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, all_permissions()).await;
    (app, seed, key)
}

pub fn with_key(b: reqwest::RequestBuilder, key: &str) -> reqwest::RequestBuilder {
    b.header("X-Partner-Api-Key", key)
}

pub async fn call(
    app: &TestApp,
    key: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    app.call(key, method, path, body).await
}

/// [`call`] `GET`.
pub async fn get(app: &TestApp, key: &str, path: &str) -> Reply {
    call(app, key, Method::GET, path, None).await
}

/// [`call`] `POST` with a JSON body.
pub async fn post(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    call(app, key, Method::POST, path, Some(body)).await
}

/// [`call`] `PATCH` with a JSON body.
pub async fn patch(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    call(app, key, Method::PATCH, path, Some(body)).await
}

/// `GET /webhooks/{endpoint}/deliveries?{query}`.
pub async fn deliveries_where(app: &TestApp, key: &str, endpoint: &str, query: &str) -> Reply {
    get(
        app,
        key,
        &format!("{WEBHOOKS}/{endpoint}/deliveries?{query}"),
    )
    .await
}

/// `POST /webhooks/{endpoint}/test`.
pub async fn send_test(app: &TestApp, key: &str, endpoint: &str) -> Reply {
    call(
        app,
        key,
        Method::POST,
        &format!("{WEBHOOKS}/{endpoint}/test"),
        None,
    )
    .await
}

/// Creates an endpoint over the API; returns (id, secret).
pub async fn create_endpoint(app: &TestApp, key: &str, body: Value) -> (String, String) {
    let r = call(app, key, Method::POST, WEBHOOKS, Some(body)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let d = &r.body["data"];
    (
        d["id"].as_str().unwrap().to_owned(),
        d["secret"].as_str().unwrap().to_owned(),
    )
}

/// An endpoint for `url` subscribed to `events`.
pub async fn endpoint(app: &TestApp, key: &str, url: &str, events: &[&str]) -> (String, String) {
    create_endpoint(app, key, json!({"url": url, "events": events})).await
}

/// Records a `customer.created` event (with a float in its metadata-free data) for
/// `subaccount` in its own transaction, as a domain service would.
pub async fn customer_event(app: &TestApp, tenant: TenantId, subaccount: SubaccountId) -> EventId {
    customer_event_named(app, tenant, subaccount, "created").await
}

pub async fn customer_event_named(
    app: &TestApp,
    tenant: TenantId,
    subaccount: SubaccountId,
    kind: &str,
) -> EventId {
    use diesel_async::AsyncConnection;
    let data = CustomerEventData {
        customer_id: CustomerId::new(),
        customer_number: 12345,
        email: "rider@example.com".into(),
        name: Some("Ada Rider ✓".into()),
        phone: None,
        status: CustomerStatus::Active,
        blocked_reason: None,
        subaccount_id: subaccount,
        metadata: json!({"crm_id": "C-991"}),
        updated_at: OffsetDateTime::now_utc(),
    };
    let event = match kind {
        "created" => Event::CustomerCreated(data),
        "updated" => Event::CustomerUpdated(data),
        "blocked" => Event::CustomerBlocked(data),
        _ => Event::CustomerUnblocked(data),
    };
    let scope = Scope::new(tenant, vec![subaccount]);
    let mut conn = app.conn().await;
    conn.transaction(async |conn| record_event(conn, &scope, &event).await)
        .await
        .unwrap()
}

/// Inserts an outbox event with arbitrary `data` (e.g. a ride.ended with `distance_km: 5.0`).
pub async fn raw_event(
    app: &TestApp,
    tenant: TenantId,
    subaccount: SubaccountId,
    event_type: &str,
    data: &Value,
) -> EventId {
    let id = EventId::new();
    let mut conn = app.conn().await;
    fleet_domain::events::store::insert(&mut conn, id, tenant, subaccount, event_type, data)
        .await
        .unwrap();
    id
}

/// Runs the dispatcher until the outbox is empty; returns deliveries created.
pub async fn dispatch(app: &TestApp) -> usize {
    let mut created = 0;
    loop {
        let mut conn = app.conn().await;
        let (events, n) = webhooks::dispatcher::dispatch_once(&mut conn, OffsetDateTime::now_utc())
            .await
            .unwrap();
        created += n;
        if events == 0 {
            return created;
        }
    }
}

/// A worker on the app's pool (private targets allowed) with `timeout`.
pub fn worker(app: &TestApp, timeout: Duration) -> webhooks::Worker {
    worker_with(app, timeout, |_| {})
}

pub fn worker_with(
    app: &TestApp,
    timeout: Duration,
    tweak: impl FnOnce(&mut webhooks::WorkerConfig),
) -> webhooks::Worker {
    worker_policy(app, timeout, true, tweak)
}

/// A worker whose client enforces the URL policy unless `allow_private`.
pub fn worker_policy(
    app: &TestApp,
    timeout: Duration,
    allow_private: bool,
    tweak: impl FnOnce(&mut webhooks::WorkerConfig),
) -> webhooks::Worker {
    worker_resolving(app, timeout, allow_private, None, tweak)
}

/// A host name the test workers of [`worker_resolving`] resolve to 127.0.0.1 (public DNS
/// never answers `*.test`).
pub const TEST_HOST: &str = "receiver.fleetgate.test";

/// [`TEST_HOST`] → 127.0.0.1, for [`worker_resolving`].
pub fn test_hosts() -> Arc<dyn reqwest::dns::Resolve> {
    Arc::new(webhooks::FixedHosts::new([(
        TEST_HOST,
        std::net::IpAddr::from([127, 0, 0, 1]),
    )]))
}

/// [`worker_policy`] with names looked up by `lookup` (e.g. [`test_hosts`]) instead of DNS;
/// the client's guard still checks every answer.
pub fn worker_resolving(
    app: &TestApp,
    timeout: Duration,
    allow_private: bool,
    lookup: Option<Arc<dyn reqwest::dns::Resolve>>,
    tweak: impl FnOnce(&mut webhooks::WorkerConfig),
) -> webhooks::Worker {
    let sender = Arc::new(webhooks::Sender::with_lookup(timeout, allow_private, lookup).unwrap());
    let mut cfg = webhooks::WorkerConfig::for_timeout(timeout);
    tweak(&mut cfg);
    webhooks::Worker::new(app.state().pool.clone(), sender, cfg)
}

/// The endpoint's deliveries (first page, 100).
pub async fn deliveries(app: &TestApp, key: &str, endpoint: &str) -> Vec<Value> {
    let r = call(
        app,
        key,
        Method::GET,
        &format!("{WEBHOOKS}/{endpoint}/deliveries?limit=100"),
        None,
    )
    .await;
    r.ok().as_array().unwrap().clone()
}

pub async fn get_endpoint(app: &TestApp, key: &str, endpoint: &str) -> Value {
    let r = call(
        app,
        key,
        Method::GET,
        &format!("{WEBHOOKS}/{endpoint}"),
        None,
    )
    .await;
    r.ok().clone()
}

/// Runs `cmd` with `args` and env, returns (success, stdout+stderr).
pub fn run_script(cmd: &str, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let out = std::process::Command::new(cmd)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd}: {e}"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Every write route on endpoint `id` under `base` (the partner or the admin webhooks path;
/// `delivery` for the retry route), each with a valid body; the DELETE last, so that a wrongly
/// allowed one cannot hide the others.
pub fn writes_on(base: &str, id: &str, delivery: &str) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (
            Method::PATCH,
            format!("{base}/{id}"),
            Some(json!({"active": false})),
        ),
        (Method::POST, format!("{base}/{id}/rotate-secret"), None),
        (Method::POST, format!("{base}/{id}/test"), None),
        (
            Method::POST,
            format!("{base}/{id}/deliveries/{delivery}/retry"),
            None,
        ),
        (
            Method::POST,
            format!("{base}/{id}/deliveries/resend"),
            Some(json!({"since": "2020-01-01T00:00:00Z"})),
        ),
        (Method::DELETE, format!("{base}/{id}"), None),
    ]
}
