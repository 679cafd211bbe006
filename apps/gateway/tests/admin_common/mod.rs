//! Helpers for the management-API tests: operators, sign-in, requests with a session.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use reqwest::Method;
use serde_json::Value;

use fleet_domain::TenantId;
use keys::operators::{NewOperator, Operator, Role};

use crate::common::{Reply, TestApp};

pub const ADMIN: &str = "/api/admin/v1";
pub const PASSWORD: &str = "correct horse battery staple";

/// Creates an operator with [`PASSWORD`] and a unique email.
pub async fn operator(app: &TestApp, tenant: TenantId, role: Role) -> Operator {
    let mut conn = app.conn().await;
    keys::operators::service::create_operator(
        &mut conn,
        tenant,
        NewOperator {
            email: format!(
                "{}-{}@example.com",
                role.as_str(),
                uuid::Uuid::now_v7().simple()
            ),
            name: format!("Test {}", role.as_str()),
            role,
            password: PASSWORD.to_owned(),
        },
    )
    .await
    .expect("create operator")
}

pub async fn login(app: &TestApp, email: &str, password: &str) -> Reply {
    app.send(
        app.request(Method::POST, &format!("{ADMIN}/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password})),
    )
    .await
}

/// Signs in; returns the session token.
pub async fn session(app: &TestApp, op: &Operator) -> String {
    let reply = login(app, &op.email, PASSWORD).await;
    reply.ok()["token"].as_str().expect("token").to_owned()
}

/// An operator of `role` in `tenant` and their session token.
pub async fn signed_in(app: &TestApp, tenant: TenantId, role: Role) -> (Operator, String) {
    let op = operator(app, tenant, role).await;
    let token = session(app, &op).await;
    (op, token)
}

pub async fn admin(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let mut req = app
        .request(method, &format!("{ADMIN}{path}"))
        .bearer_auth(token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    app.send(req).await
}

/// [`admin`] `POST` with a JSON body.
pub async fn admin_post(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    admin(app, token, Method::POST, path, Some(body)).await
}

/// `POST /api-keys/{id}/revoke` over the management API.
pub async fn revoke_key(app: &TestApp, token: &str, id: &str) -> Reply {
    admin(
        app,
        token,
        Method::POST,
        &format!("/api-keys/{id}/revoke"),
        None,
    )
    .await
}

/// [`admin`] `PATCH` with a JSON body.
pub async fn admin_patch(app: &TestApp, token: &str, path: &str, body: Value) -> Reply {
    admin(app, token, Method::PATCH, path, Some(body)).await
}

pub async fn admin_get(app: &TestApp, token: &str, path: &str) -> Reply {
    admin(app, token, Method::GET, path, None).await
}

/// `201` with a success envelope; returns `data`.
pub fn created(reply: &Reply) -> &Value {
    assert_eq!(reply.status.as_u16(), 201, "expected 201: {}", reply.text);
    reply.assert_meta();
    &reply.body["data"]
}

/// The ids of a list reply's `data`.
pub fn ids(reply: &Reply) -> Vec<String> {
    crate::common::ids(reply.ok())
}
