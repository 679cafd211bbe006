//! Shared harness for the gateway's HTTP integration tests: one fresh migrated database and
//! one running gateway (the real actix app with all middleware, on a free port) per test,
//! plus seeding helpers over the domain services.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::web;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use db::test_db::TestDb;
use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{KeyMode, Plan, Subaccount, SubaccountId, Tenant, TenantId};
use gateway::config::Config;
use gateway::state::AppState;
use keys::{ApiKey, KeyScope, NewKey, RateLimitOverrides};

pub const ME: &str = "/api/partner/v1/me";

pub struct TestApp {
    pub base_url: String,
    pub client: reqwest::Client,
    state: web::Data<AppState>,
    handle: ServerHandle,
    // Declared last: dropped (DROP DATABASE … WITH (FORCE)) after everything else.
    db: TestDb,
}

impl TestApp {
    /// A gateway on its own database with the test defaults.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A gateway whose limiter uses the Redis at `url`, with a generous Redis timeout (2 s, so
    /// a busy machine never turns a Redis decision into a fallback); `None` when no Redis
    /// answers there (the test then skips).
    pub async fn spawn_on_redis(url: &str) -> Option<Self> {
        if !testkit::redis(url) {
            return None;
        }
        let app = Self::spawn_with(|c| {
            c.redis_url = Some(url.into());
            c.redis_timeout = Duration::from_secs(2);
        })
        .await;
        Some(app)
    }

    /// The requests of key `key_id` the Redis limiter at `url` counted in the current minute
    /// window (the sum over the window's buckets).
    pub async fn minute_count_in_redis(&self, url: &str, key_id: &str) -> u64 {
        let prefix = &self.state().config.redis_key_prefix;
        let mut conn = redis::Client::open(url)
            .unwrap()
            .get_multiplexed_async_connection()
            .await
            .unwrap();
        let counts: Vec<(String, u64)> = redis::cmd("HGETALL")
            .arg(format!("{{{prefix}:key:{key_id}}}:minute"))
            .query_async(&mut conn)
            .await
            .unwrap();
        counts.iter().map(|(_, c)| c).sum()
    }

    /// A gateway on its own database; `tweak` adjusts the test configuration first.
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> Self {
        let db = TestDb::new().await;
        let mut config = Config::for_tests(db.url());
        tweak(&mut config);
        let app = gateway::Application::build(config)
            .await
            .expect("build the gateway");
        let base_url = format!("http://127.0.0.1:{}", app.port());
        let state = app.state();
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        Self {
            base_url,
            client,
            state,
            handle,
            db,
        }
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    pub fn db(&self) -> &TestDb {
        &self.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// A pooled connection of the app's own pool (a separate connection from any request).
    pub async fn conn(&self) -> db::PooledConn<'_> {
        self.state.pool.get().await.expect("pooled connection")
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub async fn send(&self, builder: reqwest::RequestBuilder) -> Reply {
        Reply::from(builder.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.request(Method::GET, path)).await
    }

    /// `SELECT count(*) FROM <from>` (e.g. `"vehicles"`, `"events WHERE …"`).
    pub async fn count_rows(&self, from: &str) -> i64 {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.conn().await;
        diesel::sql_query(format!("SELECT count(*) AS n FROM {from}"))
            .get_result::<Count>(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("count {from}: {e}"))
            .n
    }

    /// A global live key of `tenant` holding only `permissions`; its secret.
    pub async fn key_with(
        &self,
        tenant: TenantId,
        permissions: &[fleet_domain::Permission],
    ) -> String {
        let new = NewKey {
            permissions: Some(permissions.iter().copied().collect()),
            ..live_key()
        };
        self.create_key(tenant, new).await.1
    }

    /// `(event_type, data)` of every stored event, oldest first.
    pub async fn events(&self) -> Vec<(String, Value)> {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            event_type: String,
            #[diesel(sql_type = diesel::sql_types::Jsonb)]
            data: Value,
        }
        let mut conn = self.conn().await;
        diesel::sql_query("SELECT event_type, data FROM events ORDER BY id")
            .load::<Row>(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.event_type, r.data))
            .collect()
    }

    /// `method path` with `X-Partner-Api-Key: key` and, if any, a JSON body.
    pub async fn call(&self, key: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut builder = self.request(method, path).header("X-Partner-Api-Key", key);
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        self.send(builder).await
    }

    /// `GET /me` with `X-Partner-Api-Key`.
    pub async fn me(&self, key: &str) -> Reply {
        self.send(
            self.request(Method::GET, ME)
                .header("X-Partner-Api-Key", key),
        )
        .await
    }

    /// `GET /me` with `X-Partner-Api-Key` and `X-Subaccount-Id`.
    pub async fn me_in(&self, key: &str, subaccount: &str) -> Reply {
        self.send(
            self.request(Method::GET, ME)
                .header("X-Partner-Api-Key", key)
                .header("X-Subaccount-Id", subaccount),
        )
        .await
    }

    /// Verifies `secret` through the app's own verifier, as a request from 127.0.0.1 would.
    pub async fn verify(&self, secret: &str) -> keys::VerifiedKey {
        self.state
            .verifier
            .verify(
                secret,
                "127.0.0.1".parse().expect("ip"),
                OffsetDateTime::now_utc(),
            )
            .await
            .expect("key verifies")
    }

    // ---- seeding -------------------------------------------------------------------------

    pub async fn create_tenant(&self, plan: Plan) -> Tenant {
        let mut conn = self.conn().await;
        tenancy::create_tenant(
            &mut conn,
            NewTenant {
                name: format!("Tenant {}", uuid::Uuid::now_v7().simple()),
                plan,
            },
        )
        .await
        .expect("create tenant")
    }

    pub async fn create_subaccount(&self, tenant: TenantId, sandbox: bool) -> Subaccount {
        let mut conn = self.conn().await;
        tenancy::create_subaccount(
            &mut conn,
            tenant,
            NewSubaccount {
                name: format!(
                    "{} {}",
                    if sandbox { "Sandbox" } else { "City" },
                    uuid::Uuid::now_v7().simple()
                ),
                currency: "EUR".into(),
                timezone: "Europe/Berlin".into(),
                sandbox,
            },
        )
        .await
        .expect("create subaccount")
    }

    /// Creates a key; returns the stored row and the secret.
    pub async fn create_key(&self, tenant: TenantId, new: NewKey) -> (ApiKey, String) {
        let mut conn = self.conn().await;
        let created = keys::service::create_key(&mut conn, tenant, new, None)
            .await
            .expect("create key");
        (created.key, created.secret)
    }

    /// A trial tenant with one live subaccount and a global live key over all of it.
    pub async fn seed(&self) -> Seed {
        self.seed_on(Plan::Trial).await
    }

    /// A tenant on `plan` with one live subaccount and a global live key over all of it.
    pub async fn seed_on(&self, plan: Plan) -> Seed {
        let tenant = self.create_tenant(plan).await;
        let subaccount = self.create_subaccount(tenant.id, false).await;
        let (key, secret) = self.create_key(tenant.id, live_key()).await;
        Seed {
            tenant,
            subaccount,
            key,
            secret,
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Sends the stop command now (the returned future only waits for completion), so
        // the server lets go of the database before the database is dropped.
        drop(self.handle.stop(false));
    }
}

pub struct Seed {
    pub tenant: Tenant,
    pub subaccount: Subaccount,
    pub key: ApiKey,
    pub secret: String,
}

/// A global live key over all live subaccounts, default permissions, plan limits.
pub fn live_key() -> NewKey {
    NewKey {
        name: "integration test key".into(),
        mode: KeyMode::Live,
        permissions: None,
        scope: KeyScope::Global,
        subaccount_ids: Vec::new(),
        limits: RateLimitOverrides::default(),
        expires_at: None,
        allowed_ips: Vec::new(),
        created_by: Some("tests".into()),
    }
}

/// A global live key holding every permission.
pub fn all_permissions() -> NewKey {
    NewKey {
        permissions: Some(fleet_domain::PermissionSet::all()),
        ..live_key()
    }
}

/// [`all_permissions`] with limits no test reaches (loops of many requests).
pub fn unlimited_key() -> NewKey {
    NewKey {
        limits: RateLimitOverrides {
            per_minute: Some(1_000_000),
            per_hour: Some(1_000_000),
            per_day: Some(1_000_000),
        },
        ..all_permissions()
    }
}

/// A global test-mode key over all sandbox subaccounts.
pub fn test_key() -> NewKey {
    NewKey {
        mode: KeyMode::Test,
        ..live_key()
    }
}

/// A key bound to exactly one subaccount.
pub fn subaccount_key(mode: KeyMode, subaccount: SubaccountId) -> NewKey {
    NewKey {
        mode,
        scope: KeyScope::Subaccount,
        subaccount_ids: vec![subaccount],
        ..live_key()
    }
}

/// A response, read completely.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Reply {
    pub async fn from(res: reqwest::Response) -> Self {
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.expect("response body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            text,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn request_id(&self) -> &str {
        self.header("x-request-id")
            .unwrap_or_else(|| panic!("no X-Request-Id on {} {}", self.status, self.text))
    }

    /// `meta` is present, `meta.request_id` equals `X-Request-Id`, `meta.timestamp` is RFC 3339
    /// UTC.
    pub fn assert_meta(&self) {
        let meta = &self.body["meta"];
        assert_eq!(
            meta["request_id"].as_str(),
            Some(self.request_id()),
            "meta.request_id must equal X-Request-Id: {}",
            self.text
        );
        let ts = meta["timestamp"]
            .as_str()
            .unwrap_or_else(|| panic!("meta.timestamp missing: {}", self.text));
        let parsed = OffsetDateTime::parse(ts, &Rfc3339)
            .unwrap_or_else(|e| panic!("meta.timestamp {ts:?} is not RFC 3339: {e}"));
        assert!(ts.ends_with('Z'), "meta.timestamp {ts:?} is not UTC");
        assert!(
            (parsed - OffsetDateTime::now_utc()).abs() < time::Duration::minutes(5),
            "meta.timestamp {ts:?} is not now"
        );
    }

    /// A 2xx success envelope; returns `data`.
    pub fn ok(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "expected 200: {}", self.text);
        self.assert_meta();
        assert!(self.body.get("error").is_none(), "{}", self.text);
        assert!(!self.body["data"].is_null(), "no data: {}", self.text);
        &self.body["data"]
    }

    /// The error envelope with `status` and `code`; returns `error`.
    pub fn error(&self, status: u16, code: &str) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "expected {status} {code}: {}",
            self.text
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "error content type: {}",
            self.text
        );
        self.assert_meta();
        let error = &self.body["error"];
        assert_eq!(error["code"].as_str(), Some(code), "{}", self.text);
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "error.message missing: {}",
            self.text
        );
        assert!(
            error["details"].is_object(),
            "error.details must be an object: {}",
            self.text
        );
        assert!(self.body.get("data").is_none(), "{}", self.text);
        error
    }

    /// `400 VALIDATION_ERROR`; the first field it names.
    pub fn invalid_field(&self) -> String {
        self.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"]
            .as_str()
            .unwrap_or_else(|| panic!("no field named: {}", self.text))
            .to_owned()
    }

    /// `401 UNAUTHORIZED` with `details.reason`.
    pub fn unauthorized(&self, reason: &str) {
        let error = self.error(401, "UNAUTHORIZED");
        assert_eq!(
            error["details"]["reason"].as_str(),
            Some(reason),
            "{}",
            self.text
        );
    }

    /// `403 FORBIDDEN` with `details.reason`.
    pub fn forbidden(&self, reason: &str) -> &Value {
        let error = self.error(403, "FORBIDDEN");
        assert_eq!(
            error["details"]["reason"].as_str(),
            Some(reason),
            "{}",
            self.text
        );
        error
    }
}

/// Polls `f` every 50 ms until it returns `Some`, for at most `limit`.
pub async fn eventually<T, F, Fut>(limit: Duration, mut f: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The ids in `/me`'s `subaccounts`, sorted.
pub fn subaccount_ids(me: &Value) -> Vec<String> {
    let mut ids: Vec<String> = me["subaccounts"]
        .as_array()
        .unwrap_or_else(|| panic!("subaccounts missing: {me}"))
        .iter()
        .map(|s| s["id"].as_str().expect("subaccount id").to_owned())
        .collect();
    ids.sort();
    ids
}

pub fn sorted(ids: &[SubaccountId]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(ToString::to_string).collect();
    v.sort();
    v
}

/// The `id` of every item of a list's `data`.
pub fn ids(data: &Value) -> Vec<String> {
    data.as_array()
        .unwrap_or_else(|| panic!("not a list: {data}"))
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The field names of a JSON object, sorted.
pub fn sorted_keys(object: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = object
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {object}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// Deterministic pseudo-random numbers (xorshift), so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    /// The next number below `n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
