//! Key self-service over the partner API: within the calling key's own permissions, mode
//! and reach; no privilege escalation; the tenant's key cap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use diesel::sql_types::{Integer, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

use common::{live_key, subaccount_key, Reply, TestApp};
use fleet_domain::{KeyMode, Permission, PermissionSet};

const KEYS: &str = "/api/partner/v1/api-keys";

async fn call(app: &TestApp, key: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    let mut req = app
        .request(method, &format!("{KEYS}{path}"))
        .header("X-Partner-Api-Key", key);
    if let Some(body) = body {
        req = req.json(&body);
    }
    app.send(req).await
}

fn perms(list: &[Permission]) -> PermissionSet {
    list.iter().copied().collect()
}

/// A live key of the tenant spanning all its live subaccounts, holding `permissions`.
async fn key_holding(
    app: &TestApp,
    tenant: fleet_domain::TenantId,
    permissions: PermissionSet,
) -> (keys::ApiKey, String) {
    let new = keys::NewKey {
        permissions: Some(permissions),
        ..live_key()
    };
    app.create_key(tenant, new).await
}

fn created(reply: &Reply) -> &Value {
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    reply.assert_meta();
    &reply.body["data"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_cannot_grant_permissions_it_does_not_hold() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, minter) = app
        .create_key(
            seed.tenant.id,
            keys::NewKey {
                permissions: Some(perms(&[
                    Permission::KeysRead,
                    Permission::KeysWrite,
                    Permission::WalletRead,
                    Permission::VehiclesRead,
                ])),
                subaccount_ids: vec![seed.subaccount.id],
                ..live_key()
            },
        )
        .await;
    let escalate = call(
        &app,
        &minter,
        Method::POST,
        "",
        Some(json!({"name": "x", "permissions": ["wallet:read", "wallet:write"], "allowed_subaccount_ids": [seed.subaccount.id]})),
    )
    .await;
    let error = escalate.forbidden("missing_permission");
    assert!(
        error["message"].as_str().unwrap().contains("wallet:write"),
        "{}",
        escalate.text
    );

    for refused in [
        // Default permissions include ones it lacks (rides:read …): refused too.
        json!({"name": "x", "allowed_subaccount_ids": [seed.subaccount.id]}),
        // "All subaccounts" would outgrow the minter: refused.
        json!({"name": "x", "permissions": ["vehicles:read"]}),
        // Another mode: refused.
        json!({"name": "x", "mode": "test", "permissions": ["vehicles:read"]}),
    ] {
        call(&app, &minter, Method::POST, "", Some(refused))
            .await
            .forbidden("missing_permission");
    }

    let ok = call(
        &app,
        &minter,
        Method::POST,
        "",
        Some(json!({"name": "wallet reader", "permissions": ["wallet:read"], "allowed_subaccount_ids": [seed.subaccount.id]})),
    )
    .await;
    let data = created(&ok);
    assert_eq!(data["key"]["permissions"], json!(["wallet:read"]));
    let child = data["secret"].as_str().unwrap().to_owned();
    let id = data["key"]["id"].as_str().unwrap().to_owned();
    let me = app.me(&child).await;
    assert_eq!(me.ok()["key"]["permissions"], json!(["wallet:read"]));

    // PATCH cannot escalate either, and keys:read alone cannot write.
    call(
        &app,
        &minter,
        Method::PATCH,
        &format!("/{id}"),
        Some(json!({"permissions": ["wallet:write"]})),
    )
    .await
    .forbidden("missing_permission");
    let renamed = call(
        &app,
        &minter,
        Method::PATCH,
        &format!("/{id}"),
        Some(json!({"name": "renamed", "permissions": ["wallet:read", "vehicles:read"]})),
    )
    .await;
    assert_eq!(renamed.ok()["name"], "renamed");
    let (_, reader) = key_holding(&app, seed.tenant.id, perms(&[Permission::KeysRead])).await;
    let denied = call(&app, &reader, Method::POST, "", Some(json!({"name": "x"}))).await;
    assert_eq!(
        denied.forbidden("missing_permission")["details"]["required"],
        "keys:write"
    );
    call(&app, &reader, Method::GET, "", None).await.ok();
    // Without keys:read nothing is listed.
    call(&app, &child, Method::GET, "", None)
        .await
        .forbidden("missing_permission");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subaccount_key_cannot_mint_a_global_key_or_reach_beyond_its_subaccount() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let other = app.create_subaccount(seed.tenant.id, false).await;
    let (bound_key, bound) = app
        .create_key(
            seed.tenant.id,
            keys::NewKey {
                permissions: Some(PermissionSet::all()),
                ..subaccount_key(KeyMode::Live, seed.subaccount.id)
            },
        )
        .await;
    let sub = seed.subaccount.id;
    for body in [
        json!({"name": "g", "permissions": ["vehicles:read"], "scope": "global", "allowed_subaccount_ids": [sub]}),
        json!({"name": "g", "permissions": ["vehicles:read"]}),
        json!({"name": "g", "permissions": ["vehicles:read"], "scope": "subaccount", "subaccount_id": other.id}),
    ] {
        call(&app, &bound, Method::POST, "", Some(body))
            .await
            .forbidden("missing_permission");
    }
    let ok = call(
        &app,
        &bound,
        Method::POST,
        "",
        Some(json!({"name": "s", "permissions": ["vehicles:read"], "scope": "subaccount", "subaccount_id": sub})),
    )
    .await;
    let child_id = created(&ok)["key"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        ok.body["data"]["key"]["created_by"],
        format!("api_key:{}", bound_key.id)
    );

    // Reach: the bound key lists itself and its child, not the tenant's global key, nor a
    // key of the other subaccount; those answer 404 like unknown ids.
    let (elsewhere, _) = app
        .create_key(seed.tenant.id, subaccount_key(KeyMode::Live, other.id))
        .await;
    let listed: Vec<String> = call(&app, &bound, Method::GET, "", None)
        .await
        .ok()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap().to_owned())
        .collect();
    let mut want = vec![bound_key.id.to_string(), child_id.clone()];
    want.sort();
    let mut got = listed.clone();
    got.sort();
    assert_eq!(got, want);
    for hidden in [seed.key.id, elsewhere.id] {
        for (method, path) in [
            (Method::GET, format!("/{hidden}")),
            (Method::POST, format!("/{hidden}/revoke")),
            (Method::DELETE, format!("/{hidden}")),
        ] {
            call(&app, &bound, method, &path, None)
                .await
                .error(404, "NOT_FOUND");
        }
    }
    // The global full key sees everything of its mode.
    let (_, full) = key_holding(&app, seed.tenant.id, PermissionSet::all()).await;
    let all = call(&app, &full, Method::GET, "", None).await;
    assert_eq!(all.body["pagination"]["total"], 5, "{}", all.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_cannot_touch_a_key_holding_more_permissions() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, narrow) = key_holding(
        &app,
        seed.tenant.id,
        perms(&[Permission::KeysRead, Permission::KeysWrite]),
    )
    .await;
    let (powerful, powerful_secret) = key_holding(&app, seed.tenant.id, PermissionSet::all()).await;
    for (method, path, body) in [
        (Method::POST, format!("/{}/revoke", powerful.id), None),
        (Method::POST, format!("/{}/regenerate", powerful.id), None),
        (Method::DELETE, format!("/{}", powerful.id), None),
        (
            Method::PATCH,
            format!("/{}", powerful.id),
            Some(json!({"active": false})),
        ),
    ] {
        call(&app, &narrow, method, &path, body)
            .await
            .forbidden("missing_permission");
    }
    app.me(&powerful_secret).await.ok();
    // It can see it though (same reach).
    call(
        &app,
        &narrow,
        Method::GET,
        &format!("/{}", powerful.id),
        None,
    )
    .await
    .ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_over_the_partner_api_and_the_key_cap() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, full) = key_holding(&app, seed.tenant.id, PermissionSet::all()).await;
    let sub = seed.subaccount.id;
    let made = call(
        &app,
        &full,
        Method::POST,
        "",
        Some(json!({"name": "child", "permissions": ["vehicles:read"], "allowed_subaccount_ids": [sub], "expires_at": "2999-01-01T00:00:00Z"})),
    )
    .await;
    let data = created(&made);
    let id = data["key"]["id"].as_str().unwrap().to_owned();
    let secret = data["secret"].as_str().unwrap().to_owned();
    assert_eq!(data["key"]["scope"], "global");
    assert_eq!(data["key"]["allowed_subaccount_ids"], json!([sub]));
    app.me(&secret).await.ok();

    let fetched = call(&app, &full, Method::GET, &format!("/{id}"), None).await;
    assert_eq!(fetched.ok()["prefix"], secret[..12]);
    assert!(fetched.ok().get("secret").is_none());
    assert!(fetched.ok()["usage"]["today"].is_number());

    let regen = call(
        &app,
        &full,
        Method::POST,
        &format!("/{id}/regenerate"),
        None,
    )
    .await;
    let fresh = regen.ok()["secret"].as_str().unwrap().to_owned();
    app.me(&secret).await.unauthorized("invalid_api_key");
    app.me(&fresh).await.ok();
    let bad_grace = call(
        &app,
        &full,
        Method::POST,
        &format!("/{id}/regenerate"),
        Some(json!({"grace_period_seconds": 90000})),
    )
    .await;
    bad_grace.error(400, "VALIDATION_ERROR");

    call(&app, &full, Method::POST, &format!("/{id}/revoke"), None)
        .await
        .ok();
    app.me(&fresh).await.unauthorized("revoked_api_key");
    call(&app, &full, Method::DELETE, &format!("/{id}"), None)
        .await
        .ok();
    call(&app, &full, Method::GET, &format!("/{id}"), None)
        .await
        .error(404, "NOT_FOUND");

    // Validation names the field.
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "x", "permissions": ["nope"]}), "permissions"),
        (json!({"name": "x", "expires_at": "tomorrow"}), "expires_at"),
        (json!({"name": "x", "scope": "subaccount"}), "subaccount_id"),
        (
            json!({"name": "x", "allowed_subaccount_ids": [sub], "allowed_ips": ["999.1.1.1"]}),
            "allowed_ips",
        ),
    ] {
        let reply = call(&app, &full, Method::POST, "", Some(body)).await;
        let error = reply.error(400, "VALIDATION_ERROR");
        assert_eq!(
            error["details"]["fields"][0]["field"], field,
            "{}",
            reply.text
        );
    }

    // The cap: /me shows it, and the next key over it is a 409.
    let mut conn = app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = Integer)]
        n: i32,
    }
    let count: N = diesel::sql_query(
        "SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1 AND deleted_at IS NULL",
    )
    .bind::<SqlUuid, _>(seed.tenant.id.0)
    .get_result(&mut conn)
    .await
    .unwrap();
    diesel::sql_query("UPDATE tenants SET max_api_keys = $1 WHERE id = $2")
        .bind::<Integer, _>(count.n)
        .bind::<SqlUuid, _>(seed.tenant.id.0)
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let mut conn = app.conn().await;
    keys::notify::announce(&mut conn, keys::notify::Change::Tenant(seed.tenant.id))
        .await
        .unwrap();
    drop(conn);
    let capped = common::eventually(std::time::Duration::from_secs(5), || async {
        let me = app.me(&full).await;
        (me.body["data"]["tenant"]["max_api_keys"] == count.n).then_some(me)
    })
    .await;
    assert!(capped.is_some(), "/me shows the cap");
    let over = call(&app, &full, Method::POST, "", Some(json!({"name": "one too many", "permissions": ["vehicles:read"], "allowed_subaccount_ids": [sub]}))).await;
    assert_eq!(
        over.error(409, "CONFLICT")["details"]["max_api_keys"],
        count.n
    );
}
