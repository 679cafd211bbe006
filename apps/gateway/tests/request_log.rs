//! The audit trail: every request recorded with its route template, key and status; usage on
//! `/me`; nothing lost on graceful shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{eventually, TestApp, ME};
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;

#[derive(diesel::QueryableByName, Debug)]
struct Row {
    #[diesel(sql_type = Text)]
    request_id: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    tenant_id: Option<uuid::Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    api_key_id: Option<uuid::Uuid>,
    #[diesel(sql_type = Text)]
    method: String,
    #[diesel(sql_type = Nullable<Text>)]
    route: Option<String>,
    #[diesel(sql_type = Text)]
    path: String,
    #[diesel(sql_type = Nullable<Text>)]
    query: Option<String>,
    #[diesel(sql_type = Integer)]
    status: i32,
    #[diesel(sql_type = Integer)]
    duration_ms: i32,
    #[diesel(sql_type = Text)]
    client_ip: String,
    #[diesel(sql_type = Nullable<Text>)]
    user_agent: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    origin_app: Option<String>,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn rows(conn: &mut db::AsyncPgConnection) -> Vec<Row> {
    diesel::sql_query(
        "SELECT request_id, tenant_id, api_key_id, method, route, path, query, status, \
         duration_ms, client_ip, user_agent, origin_app FROM request_logs ORDER BY created_at, id",
    )
    .load(conn)
    .await
    .unwrap()
}

async fn count(conn: &mut db::AsyncPgConnection) -> i64 {
    diesel::sql_query("SELECT count(*) AS n FROM request_logs")
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_is_recorded_with_route_key_and_status() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        let reply = app
            .send(
                app.request(reqwest::Method::GET, &format!("{ME}?verbose=1"))
                    .header("X-Partner-Api-Key", &seed.secret)
                    .header("X-Origin-App", "fleet-dashboard")
                    .header("User-Agent", "itest/1.0"),
            )
            .await;
        reply.ok();
        ids.push(reply.request_id().to_owned());
    }
    let unknown = app.me("lf_pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").await;
    unknown.unauthorized("invalid_api_key");
    let missing = app.get("/api/partner/v1/nope").await;
    missing.error(401, "UNAUTHORIZED");

    let pool = app.state().pool.clone();
    let n = eventually(Duration::from_secs(5), || {
        let pool = pool.clone();
        async move {
            let mut conn = pool.get().await.ok()?;
            (count(&mut conn).await == 6).then_some(())
        }
    })
    .await;
    assert!(n.is_some(), "6 rows expected");
    let mut conn = app.conn().await;
    let rows = rows(&mut conn).await;
    for (row, id) in rows.iter().zip(&ids) {
        assert_eq!(&row.request_id, id);
        assert_eq!(row.tenant_id, Some(seed.tenant.id.0));
        assert_eq!(row.api_key_id, Some(seed.key.id.0));
        assert_eq!(row.method, "GET");
        assert_eq!(row.route.as_deref(), Some(ME));
        assert_eq!(row.path, ME);
        assert_eq!(row.query.as_deref(), Some("verbose=1"));
        assert_eq!(row.status, 200);
        assert!(row.duration_ms >= 0 && row.duration_ms < 10_000);
        assert_eq!(row.client_ip, "127.0.0.1");
        assert_eq!(row.user_agent.as_deref(), Some("itest/1.0"));
        assert_eq!(row.origin_app.as_deref(), Some("fleet-dashboard"));
    }
    let unauth = &rows[4];
    assert_eq!(unauth.status, 401);
    assert_eq!(
        unauth.tenant_id, None,
        "unauthenticated requests carry no tenant"
    );
    assert_eq!(unauth.api_key_id, None);
    assert_eq!(unauth.request_id, unknown.request_id());
    assert_eq!(rows[5].path, "/api/partner/v1/nope");
    assert_eq!(rows[5].status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_on_me_counts_the_keys_requests() {
    let app = TestApp::spawn().await;
    // Enterprise limits, so the polling below cannot trip the minute window.
    let tenant = app.create_tenant(fleet_domain::Plan::Enterprise).await;
    let (key, secret) = app.create_key(tenant.id, common::live_key()).await;
    let seed = common::Seed {
        subaccount: app.create_subaccount(tenant.id, false).await,
        tenant,
        key,
        secret,
    };
    for _ in 0..7 {
        app.me(&seed.secret).await.ok();
    }
    // The 7 are flushed within the flush interval; /me's usage cache lives 5 s.
    let usage = eventually(Duration::from_secs(10), || {
        let app = &app;
        let secret = seed.secret.clone();
        async move {
            let me = app.me(&secret).await;
            let usage = me.ok()["usage"].clone();
            (usage["today"].as_i64() >= Some(7)).then_some(usage)
        }
    })
    .await
    .expect("usage reaches 7");
    let today = usage["today"].as_i64().unwrap();
    assert!(today >= 7);
    assert!(usage["this_week"].as_i64().unwrap() >= today);
    assert!(usage["this_month"].as_i64().unwrap() >= today);
    assert!(usage["last_used_at"].is_string());
    // Exactly: the roll-up equals the log rows of the key.
    let mut conn = app.conn().await;
    let logged: Count =
        diesel::sql_query("SELECT count(*) AS n FROM request_logs WHERE api_key_id = $1")
            .bind::<SqlUuid, _>(seed.key.id.0)
            .get_result(&mut conn)
            .await
            .unwrap();
    let rolled: Count = diesel::sql_query(
        "SELECT coalesce(sum(requests), 0)::bigint AS n FROM api_key_usage_daily WHERE api_key_id = $1",
    )
    .bind::<SqlUuid, _>(seed.key.id.0)
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(logged.n, rolled.n);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_flushes_buffered_records() {
    let db = db::test_db::TestDb::new().await;
    let app = gateway::Application::build(gateway::config::Config::for_tests(db.url()))
        .await
        .unwrap();
    let port = app.port();
    let state = app.state();
    let handle = app.handle();
    let server = tokio::spawn(app.run_until_stopped());
    let mut conn = state.pool.get().await.unwrap();
    let tenant = fleet_domain::tenancy::service::create_tenant(
        &mut conn,
        fleet_domain::tenancy::NewTenant {
            name: "Flush".into(),
            plan: fleet_domain::Plan::Enterprise,
        },
    )
    .await
    .unwrap();
    let created = keys::service::create_key(&mut conn, tenant.id, common::live_key(), None)
        .await
        .unwrap();
    drop(conn);
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}{ME}");
    let mut requests = Vec::new();
    for _ in 0..40 {
        let client = client.clone();
        let url = url.clone();
        let secret = created.secret.clone();
        requests.push(tokio::spawn(async move {
            client
                .get(&url)
                .header("X-Partner-Api-Key", secret)
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for r in requests {
        assert_eq!(r.await.unwrap(), 200);
    }
    // Stop at once: the last records are still in the writer's buffer (200 ms batches).
    handle.stop(true).await;
    drop(state);
    server.await.unwrap().unwrap();
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    assert_eq!(count(&mut conn).await, 40, "no record lost on shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_purges_only_rows_past_the_retention_in_batches() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn().await;
    // 12 000 rows 100 days old (more than two purge batches) and 5 recent ones.
    for (prefix, count, days_old) in [("req_old_", 12_000, 100), ("req_new_", 5, 89)] {
        diesel::sql_query(format!(
            "INSERT INTO request_logs (id, request_id, method, path, status, duration_ms, client_ip, created_at) \
             SELECT gen_random_uuid(), '{prefix}' || g, 'GET', '/x', 200, 1, '127.0.0.1', now() - interval '{days_old} days' \
             FROM generate_series(1, {count}) g",
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    drop(conn);
    let purged = gateway::retention::purge_once(&app.state().pool, 90)
        .await
        .unwrap();
    assert_eq!(purged, 12_000);
    let mut conn = app.conn().await;
    assert_eq!(count(&mut conn).await, 5);
}
