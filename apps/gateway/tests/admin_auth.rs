//! Operator sign-in and sessions: argon2id storage and upgrade on login, one answer for
//! unknown emails and wrong passwords, lock-out, expiry, sliding renewal, logout, and the
//! management requests in the request log with the operator as actor.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_common;
mod common;

use std::time::{Duration, Instant};

use diesel::sql_types::{Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use time::OffsetDateTime;

use admin_common::{admin_get, login, operator, session, signed_in, ADMIN, PASSWORD};
use common::{eventually, TestApp};
use keys::operators::Role;

#[derive(diesel::QueryableByName)]
struct HashRow {
    #[diesel(sql_type = Text)]
    password_hash: String,
}

async fn stored_hash(app: &TestApp, id: uuid::Uuid) -> String {
    let mut conn = app.conn().await;
    diesel::sql_query("SELECT password_hash FROM operators WHERE id = $1")
        .bind::<SqlUuid, _>(id)
        .get_result::<HashRow>(&mut conn)
        .await
        .unwrap()
        .password_hash
}

#[derive(diesel::QueryableByName)]
struct SessionRow {
    #[diesel(sql_type = Timestamptz)]
    expires_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    absolute_expires_at: OffsetDateTime,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    revoked_at: Option<OffsetDateTime>,
}

async fn session_row(app: &TestApp, operator: uuid::Uuid) -> SessionRow {
    let mut conn = app.conn().await;
    diesel::sql_query(
        "SELECT expires_at, absolute_expires_at, revoked_at FROM operator_sessions \
         WHERE operator_id = $1 ORDER BY created_at DESC LIMIT 1",
    )
    .bind::<SqlUuid, _>(operator)
    .get_result(&mut conn)
    .await
    .unwrap()
}

async fn exec(app: &TestApp, sql: &str, id: uuid::Uuid) {
    let mut conn = app.conn().await;
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(id)
        .execute(&mut conn)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_opens_a_session_that_works_until_logout() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let op = operator(&app, seed.tenant.id, Role::Admin).await;

    let reply = login(&app, &op.email.to_uppercase(), PASSWORD).await;
    let data = reply.ok();
    let token = data["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("fgs_") && token.len() == 44, "{token}");
    assert_eq!(data["token_type"], "Bearer");
    assert_eq!(data["operator"]["id"], op.id.to_string());
    assert_eq!(data["operator"]["role"], "admin");
    assert!(data["operator"].get("password_hash").is_none());

    // Only the hash of the token is stored.
    #[derive(diesel::QueryableByName)]
    struct Hash {
        #[diesel(sql_type = Text)]
        token_hash: String,
    }
    let mut conn = app.conn().await;
    let stored: Hash =
        diesel::sql_query("SELECT token_hash FROM operator_sessions WHERE operator_id = $1")
            .bind::<SqlUuid, _>(op.id.0)
            .get_result(&mut conn)
            .await
            .unwrap();
    drop(conn);
    assert_eq!(stored.token_hash, keys::secret::hash_secret(&token));
    assert!(!stored.token_hash.contains(&token[4..]));

    let me = admin_get(&app, &token, "/auth/me").await;
    let me = me.ok();
    assert_eq!(me["operator"]["email"], op.email);
    assert_eq!(me["tenant"]["id"], seed.tenant.id.to_string());

    let out = admin_common::admin(&app, &token, Method::POST, "/auth/logout", None).await;
    assert_eq!(out.ok()["logged_out"], true);
    admin_get(&app, &token, "/auth/me")
        .await
        .unauthorized("invalid_session");
    assert!(session_row(&app, op.id.0).await.revoked_at.is_some());

    // Input Postgres cannot store is refused up front, not a 500.
    let nul = login(&app, "a\u{0}b@example.com", PASSWORD).await;
    assert_eq!(
        nul.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
        "email"
    );

    // No or a malformed token.
    app.get(&format!("{ADMIN}/auth/me"))
        .await
        .unauthorized("missing_session");
    admin_get(&app, "fgs_notarealtoken", "/auth/me")
        .await
        .unauthorized("invalid_session");
    let basic = app
        .send(
            app.request(Method::GET, &format!("{ADMIN}/api-keys"))
                .header("Authorization", "Basic dXNlcjpwdw=="),
        )
        .await;
    basic.unauthorized("invalid_session");
    // A partner key is no session.
    let with_key = app
        .send(
            app.request(Method::GET, &format!("{ADMIN}/api-keys"))
                .header("X-Partner-Api-Key", &seed.secret),
        )
        .await;
    with_key.unauthorized("missing_session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_email_and_wrong_password_get_the_same_answer_in_similar_time() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let op = operator(&app, seed.tenant.id, Role::Viewer).await;

    let mut wrong = Duration::ZERO;
    let mut unknown = Duration::ZERO;
    let mut answers = Vec::new();
    for i in 0..3 {
        let started = Instant::now();
        let a = login(&app, &op.email, "not the password at all").await;
        wrong += started.elapsed();
        let started = Instant::now();
        let b = login(
            &app,
            &format!("nobody-{i}@example.com"),
            "not the password at all",
        )
        .await;
        unknown += started.elapsed();
        for reply in [&a, &b] {
            reply.unauthorized("invalid_credentials");
        }
        answers.push((a.body["error"].clone(), b.body["error"].clone()));
    }
    for (a, b) in answers {
        assert_eq!(a, b, "the two failures must be indistinguishable");
    }
    // Without the dummy verification an unknown email would answer in well under a
    // millisecond against tens of milliseconds of argon2id.
    assert!(
        unknown.as_secs_f64() > 0.3 * wrong.as_secs_f64(),
        "unknown email {unknown:?} vs wrong password {wrong:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let op = operator(&app, seed.tenant.id, Role::Owner).await;
    let other = operator(&app, seed.tenant.id, Role::Viewer).await;
    let budget = app.state().login_throttle.per_account.per_minute;
    for _ in 0..budget {
        login(&app, &op.email, "wrong password here")
            .await
            .unauthorized("invalid_credentials");
    }
    let locked = login(&app, &op.email, PASSWORD).await;
    let error = locked.error(429, "RATE_LIMIT_EXCEEDED");
    assert!(error["details"]["retry_after"].as_u64().unwrap() >= 1);
    assert!(locked.header("retry-after").is_some());
    // The lock is per account: another operator from the same address still signs in.
    login(&app, &other.email, PASSWORD).await.ok();
    // Unknown emails are counted (and locked) the same way.
    for _ in 0..budget {
        login(&app, "ghost@example.com", "wrong password here")
            .await
            .unauthorized("invalid_credentials");
    }
    login(&app, "ghost@example.com", "wrong password here")
        .await
        .error(429, "RATE_LIMIT_EXCEEDED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_from_one_address_lock_it_out() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let op = operator(&app, seed.tenant.id, Role::Owner).await;
    let budget = app.state().login_throttle.per_ip.per_minute;
    for i in 0..budget {
        login(
            &app,
            &format!("spray-{i}@example.com"),
            "wrong password here",
        )
        .await
        .unauthorized("invalid_credentials");
    }
    login(&app, &op.email, PASSWORD)
        .await
        .error(429, "RATE_LIMIT_EXCEEDED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_sessions_are_rejected_and_active_ones_slide() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (op, token) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    let policy = app.state().sessions;

    // Sliding: an old last use moves the expiry to now + idle.
    exec(
        &app,
        "UPDATE operator_sessions SET last_seen_at = now() - interval '10 minutes', \
         expires_at = now() + interval '5 minutes' WHERE operator_id = $1",
        op.id.0,
    )
    .await;
    admin_get(&app, &token, "/auth/me").await.ok();
    let row = session_row(&app, op.id.0).await;
    let expected = OffsetDateTime::now_utc() + policy.idle;
    assert!(
        (row.expires_at - expected).abs() < time::Duration::minutes(1),
        "{:?} vs {expected:?}",
        row.expires_at
    );

    // Never past the absolute deadline.
    exec(
        &app,
        "UPDATE operator_sessions SET last_seen_at = now() - interval '10 minutes', \
         absolute_expires_at = now() + interval '3 minutes', expires_at = now() + interval '2 minutes' \
         WHERE operator_id = $1",
        op.id.0,
    )
    .await;
    admin_get(&app, &token, "/auth/me").await.ok();
    let row = session_row(&app, op.id.0).await;
    assert_eq!(row.expires_at, row.absolute_expires_at);

    // Past its expiry the session is refused.
    exec(
        &app,
        "UPDATE operator_sessions SET expires_at = now() - interval '1 second', \
         absolute_expires_at = now() WHERE operator_id = $1",
        op.id.0,
    )
    .await;
    admin_get(&app, &token, "/auth/me")
        .await
        .unauthorized("expired_session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_are_argon2id_phc_and_outdated_hashes_are_upgraded_on_login() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let op = operator(&app, seed.tenant.id, Role::Admin).await;
    let stored = stored_hash(&app, op.id.0).await;
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    assert!(!stored.contains(PASSWORD));

    let weak =
        keys::operators::password::hash_with(PASSWORD, argon2::Params::new(8, 1, 1, None).unwrap())
            .unwrap();
    assert!(weak.starts_with("$argon2id$v=19$m=8,t=1,p=1$"));
    let mut conn = app.conn().await;
    diesel::sql_query("UPDATE operators SET password_hash = $1 WHERE id = $2")
        .bind::<Text, _>(&weak)
        .bind::<SqlUuid, _>(op.id.0)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);

    // A wrong password changes nothing.
    login(&app, &op.email, "wrong password here")
        .await
        .unauthorized("invalid_credentials");
    assert_eq!(stored_hash(&app, op.id.0).await, weak);

    login(&app, &op.email, PASSWORD).await.ok();
    let upgraded = stored_hash(&app, op.id.0).await;
    assert!(
        upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{upgraded}"
    );
    assert!(keys::operators::password::verify(PASSWORD, &upgraded).matches);
    // And it still signs in with the new hash.
    session(&app, &op).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn management_requests_are_logged_with_the_operator_as_actor() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (op, token) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    let reply = admin_get(&app, &token, "/api-keys").await;
    reply.ok();
    let request_id = reply.request_id().to_owned();

    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Nullable<SqlUuid>)]
        tenant_id: Option<uuid::Uuid>,
        #[diesel(sql_type = Nullable<SqlUuid>)]
        operator_id: Option<uuid::Uuid>,
        #[diesel(sql_type = Nullable<SqlUuid>)]
        api_key_id: Option<uuid::Uuid>,
        #[diesel(sql_type = Nullable<Text>)]
        route: Option<String>,
    }
    let row = eventually(Duration::from_secs(10), || async {
        let mut conn = app.conn().await;
        diesel::sql_query(
            "SELECT tenant_id, operator_id, api_key_id, route FROM request_logs WHERE request_id = $1",
        )
        .bind::<Text, _>(&request_id)
        .get_result::<Row>(&mut conn)
        .await
        .ok()
    })
    .await
    .expect("the management request is recorded");
    assert_eq!(row.tenant_id, Some(seed.tenant.id.0));
    assert_eq!(row.operator_id, Some(op.id.0));
    assert_eq!(row.api_key_id, None);
    assert_eq!(row.route.as_deref(), Some("/api/admin/v1/api-keys"));

    // And operators find it through the request-log API, filtered by operator.
    let found = eventually(Duration::from_secs(10), || async {
        let r = admin_get(
            &app,
            &token,
            &format!(
                "/request-logs?operator_id={}&route=/api/admin/v1/api-keys",
                op.id
            ),
        )
        .await;
        let list = r.ok().as_array().unwrap().clone();
        list.iter()
            .any(|e| e["request_id"] == request_id.as_str())
            .then_some(list)
    })
    .await
    .expect("listed");
    assert!(found.iter().all(|e| e["operator_id"] == op.id.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_creates_operators_who_can_sign_in() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut conn = app.conn().await;
    gateway::cli::operators(
        &mut conn,
        gateway::cli::OperatorCommand::Create {
            tenant: seed.tenant.id,
            email: "cli-owner@example.com".into(),
            name: "CLI Owner".into(),
            role: Role::Owner,
            password: Some(PASSWORD.into()),
        },
    )
    .await
    .unwrap();
    let short = gateway::cli::operators(
        &mut conn,
        gateway::cli::OperatorCommand::Create {
            tenant: seed.tenant.id,
            email: "cli-2@example.com".into(),
            name: "CLI".into(),
            role: Role::Viewer,
            password: Some("short".into()),
        },
    )
    .await;
    assert!(short.is_err());
    drop(conn);
    let data = login(&app, "cli-owner@example.com", PASSWORD).await;
    assert_eq!(data.ok()["operator"]["role"], "owner");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_operator_is_created_then_given_a_fresh_password() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn().await;
    let demo = gateway::demo::seed(&mut conn).await.unwrap();
    let first = gateway::demo::seed_operator(&mut conn, demo.tenant.id)
        .await
        .unwrap();
    drop(conn);
    let token = login(&app, &first.email, &first.password).await.ok()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut conn = app.conn().await;
    let second = gateway::demo::seed_operator(&mut conn, demo.tenant.id)
        .await
        .unwrap();
    drop(conn);
    assert_ne!(first.password, second.password);
    admin_get(&app, &token, "/auth/me")
        .await
        .unauthorized("invalid_session");
    login(&app, &second.email, &second.password).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_session_tokens_is_rate_limited_per_address() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, token) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    app.me(&seed.secret).await.ok();
    let budget = app.state().config.auth_failures_per_minute;
    for i in 0..budget {
        let guess = format!("fgs_{:040}", i);
        admin_get(&app, &guess, "/auth/me")
            .await
            .unauthorized("invalid_session");
    }
    let limited = admin_get(&app, &format!("fgs_{:040}", 999), "/auth/me").await;
    limited.error(429, "RATE_LIMIT_EXCEEDED");
    assert!(limited.header("retry-after").is_some());
    // Guesses keep being refused…
    admin_get(&app, &format!("fgs_{:040}", 1000), "/auth/me")
        .await
        .error(429, "RATE_LIMIT_EXCEEDED");
    // …while a real session and a partner key from the same address are never refused by
    // the guard (it counts and refuses failures only).
    admin_get(&app, &token, "/auth/me").await.ok();
    app.me(&seed.secret).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_management_api_is_documented_as_its_own_section() {
    let doc = serde_json::to_value(gateway::openapi::document()).unwrap();
    let session = &doc["components"]["securitySchemes"]["session"];
    assert_eq!(session["type"], "http");
    assert_eq!(session["scheme"], "bearer");
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with(ADMIN) {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            seen += 1;
            let tag = op["tags"][0].as_str().unwrap();
            assert!(tag.starts_with("Management: "), "{method} {path}: {tag}");
            for status in ["400", "401", "403", "404", "429", "500", "503"] {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{method} {path} lacks {status}"
                );
            }
            let expected = if path.ends_with("/auth/login") {
                serde_json::json!([{}])
            } else {
                serde_json::json!([{"session": []}])
            };
            assert_eq!(op["security"], expected, "{method} {path}");
        }
    }
    assert!(seen >= 17, "{seen} management operations");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_of_a_suspended_tenant_are_refused() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (op, token) = signed_in(&app, seed.tenant.id, Role::Owner).await;
    keys::service::set_tenant_status(
        &mut *app.conn().await,
        seed.tenant.id,
        fleet_domain::TenantStatus::Suspended,
    )
    .await
    .unwrap();
    admin_get(&app, &token, "/auth/me")
        .await
        .forbidden("tenant_inactive");
    login(&app, &op.email, PASSWORD)
        .await
        .forbidden("tenant_inactive");
    // A wrong password still gets the generic answer (nothing learned without the password).
    login(&app, &op.email, "wrong password here")
        .await
        .unauthorized("invalid_credentials");
}
