//! The outbox (SPEC §9) for customers: every state change writes exactly one event in its own
//! transaction, with the customer as it is after the change (metadata included); a change
//! that fails writes nothing at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::Method;
use serde_json::{json, Value};

use common::{live_key, Reply, TestApp};
use fleet_domain::events::{store as events, StoredEvent};
use fleet_domain::{PermissionSet, TenantId};
use keys::NewKey;

const CUSTOMERS: &str = "/api/partner/v1/customers";

fn writer() -> NewKey {
    NewKey {
        permissions: Some(PermissionSet::all()),
        ..live_key()
    }
}

async fn call(app: &TestApp, key: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    app.call(key, method, &format!("{CUSTOMERS}{path}"), body)
        .await
}

async fn post(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    call(app, key, Method::POST, path, Some(body)).await
}

async fn patch(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    call(app, key, Method::PATCH, path, Some(body)).await
}

async fn events_of(app: &TestApp, tenant: TenantId) -> Vec<StoredEvent> {
    let mut conn = app.conn().await;
    events::list_for_tenant(&mut conn, tenant, 1_000)
        .await
        .unwrap()
}

async fn counts(app: &TestApp, tenant: TenantId) -> (i64, i64, i64) {
    let of = |table: &str| format!("{table} WHERE tenant_id = '{}'", tenant.0);
    (
        app.count_rows(&of("customers")).await,
        app.count_rows(&of("wallets")).await,
        app.count_rows(&of("events")).await,
    )
}

/// The event's data equals the customer as the API returned it (in event field names).
fn assert_data_matches(event: &StoredEvent, customer: &Value) {
    let d = &event.data;
    assert_eq!(d["customer_id"], customer["id"], "{d}");
    for field in [
        "customer_number",
        "email",
        "name",
        "phone",
        "status",
        "blocked_reason",
        "subaccount_id",
        "metadata",
        "updated_at",
    ] {
        assert_eq!(d[field], customer[field], "{field} in {d}");
    }
    assert_eq!(
        event.subaccount_id.to_string(),
        customer["subaccount_id"].as_str().unwrap()
    );
    // `dispatched_at` belongs to the webhook dispatcher, which runs in the test app too.
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_state_change_records_one_event() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer()).await;
    let t = seed.tenant.id;

    let reply = post(
        &app,
        &key,
        "",
        json!({"email": "ada@example.com", "name": "Ada", "metadata": {"crm_id": "C-1"}}),
    )
    .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    let created = reply.body["data"].clone();
    let id = created["id"].as_str().unwrap().to_owned();
    let evs = events_of(&app, t).await;
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0].event_type, "customer.created");
    assert_data_matches(&evs[0], &created);
    assert_eq!(evs[0].data["metadata"], json!({"crm_id": "C-1"}));

    let reply = patch(
        &app,
        &key,
        &format!("/{id}"),
        json!({"name": "Ada King", "metadata": {"tier": "gold"}}),
    )
    .await;
    let updated = reply.ok().clone();
    // A no-op patch (same values) records nothing.
    patch(&app, &key, &format!("/{id}"), json!({"name": "Ada King"}))
        .await
        .ok();
    let reply = post(
        &app,
        &key,
        &format!("/{id}/block"),
        json!({"reason": "Chargeback"}),
    )
    .await;
    let blocked = reply.ok().clone();
    let reply = call(&app, &key, Method::POST, &format!("/{id}/unblock"), None).await;
    let unblocked = reply.ok().clone();

    let evs = events_of(&app, t).await;
    let types: Vec<&str> = evs.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "customer.created",
            "customer.updated",
            "customer.blocked",
            "customer.unblocked"
        ]
    );
    assert_data_matches(&evs[1], &updated);
    assert_eq!(evs[1].data["name"], json!("Ada King"));
    assert_eq!(
        evs[1].data["metadata"],
        json!({"crm_id": "C-1", "tier": "gold"})
    );
    assert_data_matches(&evs[2], &blocked);
    assert_eq!(evs[2].data["status"], json!("blocked"));
    assert_eq!(evs[2].data["blocked_reason"], json!("Chargeback"));
    assert_data_matches(&evs[3], &unblocked);
    assert_eq!(evs[3].data["status"], json!("active"));
    assert_eq!(evs[3].data["blocked_reason"], Value::Null);
    // Event ids are time-ordered and distinct.
    let mut ids: Vec<_> = evs.iter().map(|e| e.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_changes_leave_no_trace() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer()).await;
    let t = seed.tenant.id;
    let reply = post(&app, &key, "", json!({"email": "ada@example.com"})).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    let id = reply.body["data"]["id"].as_str().unwrap().to_owned();
    post(&app, &key, "", json!({"email": "bob@example.com"})).await;
    assert_eq!(counts(&app, t).await, (2, 2, 2));

    // A create that fails on the unique email index, inside the transaction that already
    // advanced the number sequence: no customer, no wallet, no event, no number used.
    post(&app, &key, "", json!({"email": "ADA@example.com"}))
        .await
        .error(409, "CONFLICT");
    assert_eq!(counts(&app, t).await, (2, 2, 2));

    // PATCH failing on the unique index after the row was locked and changed in memory.
    patch(
        &app,
        &key,
        &format!("/{id}"),
        json!({"email": "Bob@example.com", "name": "X"}),
    )
    .await
    .error(409, "CONFLICT");
    // PATCH failing validation of the merged metadata.
    patch(
        &app,
        &key,
        &format!("/{id}"),
        json!({"name": "Y", "metadata": {"n": 1}}),
    )
    .await
    .error(400, "VALIDATION_ERROR");
    // Block/unblock refused by the state machine.
    call(&app, &key, Method::POST, &format!("/{id}/unblock"), None)
        .await
        .error(409, "CONFLICT");
    assert_eq!(counts(&app, t).await, (2, 2, 2));
    let reply = call(&app, &key, Method::GET, &format!("/{id}"), None).await;
    let c = reply.ok();
    assert_eq!(c["email"], json!("ada@example.com"));
    assert_eq!(c["name"], Value::Null);

    // The next create gets the next number: the failed one consumed none.
    let reply = post(&app, &key, "", json!({"email": "cy@example.com"})).await;
    assert_eq!(
        reply.body["data"]["customer_number"],
        json!(3),
        "{}",
        reply.text
    );
    let evs = events_of(&app, t).await;
    assert_eq!(evs.len(), 3);
    assert!(evs.iter().all(|e| e.event_type == "customer.created"));
}
