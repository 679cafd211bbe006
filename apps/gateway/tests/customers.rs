//! Customers over HTTP (SPEC §7): create with numbers and wallet, email uniqueness,
//! validation, list filters and both pagination modes, PATCH, block/unblock, scope and
//! permissions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

use common::{ids, live_key, subaccount_key, test_key, Reply, TestApp};
use fleet_domain::tenancy::{service as tenancy, NewSubaccount};
use fleet_domain::{KeyMode, Permission, PermissionSet, Plan, Subaccount, TenantId};
use keys::NewKey;

const CUSTOMERS: &str = "/api/partner/v1/customers";

fn writer(new: NewKey) -> NewKey {
    NewKey {
        permissions: Some(PermissionSet::all()),
        ..new
    }
}

fn with_permissions(new: NewKey, permissions: &[Permission]) -> NewKey {
    let set: PermissionSet = permissions.iter().copied().collect();
    NewKey {
        permissions: Some(set),
        ..new
    }
}

async fn subaccount(app: &TestApp, tenant: TenantId, currency: &str, sandbox: bool) -> Subaccount {
    let mut conn = app.conn().await;
    tenancy::create_subaccount(
        &mut conn,
        tenant,
        NewSubaccount {
            name: format!("City {}", uuid::Uuid::now_v7().simple()),
            currency: currency.into(),
            timezone: "Europe/London".into(),
            sandbox,
        },
    )
    .await
    .expect("subaccount")
}

async fn call(app: &TestApp, key: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    app.call(key, method, &format!("{CUSTOMERS}{path}"), body)
        .await
}

async fn create(app: &TestApp, key: &str, body: Value) -> Reply {
    post(app, key, "", body).await
}

async fn post(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    call(app, key, Method::POST, path, Some(body)).await
}

async fn patch(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    call(app, key, Method::PATCH, path, Some(body)).await
}

/// Creates a customer; its `data`.
async fn created(app: &TestApp, key: &str, body: Value) -> Value {
    data(&create(app, key, body).await, 201)
}

fn data(reply: &Reply, status: u16) -> Value {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
    reply.assert_meta();
    reply.body["data"].clone()
}

#[derive(Queryable, Debug)]
struct WalletRow {
    balance_cents: i64,
    currency: String,
    subaccount_id: uuid::Uuid,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_numbers_customers_and_opens_a_wallet() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Starter).await;
    let sub = subaccount(&app, tenant.id, "GBP", false).await;
    let (_, key) = app.create_key(tenant.id, writer(live_key())).await;

    let mut created = Vec::new();
    for (i, email) in ["Ada@Example.com", "grace@example.org", "linus@example.fi"]
        .iter()
        .enumerate()
    {
        let reply = create(
            &app,
            &key,
            json!({"email": email, "name": "Ada Lovelace", "phone": "+44 20 7946 0958",
                   "metadata": {"crm_id": format!("C-{i}")}}),
        )
        .await;
        let c = data(&reply, 201);
        assert_eq!(c["customer_number"], json!(i + 1), "{c}");
        assert_eq!(c["email"], json!(email), "stored as given");
        assert_eq!(c["status"], json!("active"));
        assert_eq!(c["blocked_reason"], Value::Null);
        assert_eq!(c["subaccount_id"], json!(sub.id.to_string()));
        assert_eq!(c["metadata"], json!({"crm_id": format!("C-{i}")}));
        assert_eq!(c["name"], json!("Ada Lovelace"));
        assert_eq!(c["phone"], json!("+44 20 7946 0958"));
        assert!(c["created_at"].as_str().unwrap().ends_with('Z'));
        created.push(c);
    }

    // GET returns the same object.
    let id = created[0]["id"].as_str().unwrap();
    let reply = call(&app, &key, Method::GET, &format!("/{id}"), None).await;
    assert_eq!(reply.ok(), &created[0]);

    // One wallet per customer: balance 0 in the subaccount's currency.
    use db::schema::wallets;
    let mut conn = app.conn().await;
    for c in &created {
        let cid: uuid::Uuid = c["id"].as_str().unwrap().parse().unwrap();
        let w: WalletRow = wallets::table
            .filter(wallets::customer_id.eq(cid))
            .select((
                wallets::balance_cents,
                wallets::currency,
                wallets::subaccount_id,
            ))
            .first(&mut conn)
            .await
            .expect("wallet row");
        assert_eq!(w.balance_cents, 0);
        assert_eq!(w.currency, "GBP");
        assert_eq!(w.subaccount_id, sub.id.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emails_are_unique_per_tenant_ignoring_case() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    created(&app, &key, json!({"email": "Rider@Example.com"})).await;
    for dup in [
        "rider@example.com",
        "RIDER@EXAMPLE.COM",
        " Rider@Example.com ",
    ] {
        let reply = create(&app, &key, json!({"email": dup})).await;
        reply.error(409, "CONFLICT");
    }
    // Another tenant may use the same address.
    let other = app.seed().await;
    let (_, other_key) = app.create_key(other.tenant.id, writer(live_key())).await;
    let c = created(&app, &other_key, json!({"email": "rider@example.com"})).await;
    assert_eq!(c["customer_number"], json!(1));
    // The conflict consumed no customer number.
    let c = created(&app, &key, json!({"email": "second@example.com"})).await;
    assert_eq!(c["customer_number"], json!(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_input_names_the_field() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let email_of = |tail: usize| {
        format!(
            "{}@{}.{}.{}.com",
            "a".repeat(64),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(tail)
        )
    };
    let long_email = email_of(58);
    assert_eq!(long_email.len(), 255);
    let cases = [
        (json!({}), "email"),
        (json!({"email": null}), "email"),
        (json!({"email": "not-an-email"}), "email"),
        (json!({"email": "a@b"}), "email"),
        (json!({"email": "two words@example.com"}), "email"),
        (json!({"email": long_email}), "email"),
        (
            json!({"email": "ok@example.com", "name": "x".repeat(201)}),
            "name",
        ),
        (json!({"email": "ok@example.com", "name": ""}), "name"),
        (
            json!({"email": "ok@example.com", "phone": "call me"}),
            "phone",
        ),
        (
            json!({"email": "ok@example.com", "metadata": ["a"]}),
            "metadata",
        ),
        (
            json!({"email": "ok@example.com", "metadata": {"n": 1}}),
            "metadata",
        ),
        (
            json!({"email": "ok@example.com", "metadata": {"k": "x".repeat(501)}}),
            "metadata",
        ),
        (json!({"email": 5}), "body"),
    ];
    for (body, field) in cases {
        let reply = create(&app, &key, body.clone()).await;
        assert_eq!(reply.invalid_field(), field, "{body}");
    }
    // A 254-character address is fine.
    let max_email = email_of(57);
    assert_eq!(max_email.len(), 254);
    created(&app, &key, json!({"email": max_email})).await;
    // Nothing else was written.
    let list = call(&app, &key, Method::GET, "", None).await;
    assert_eq!(list.body["pagination"]["total"], json!(1), "{}", list.text);

    // Malformed ids are unknown ids; bad filters and pagination name their field.
    call(&app, &key, Method::GET, "/not-a-uuid", None)
        .await
        .error(404, "NOT_FOUND");
    for (query, field) in [
        ("?status=gone", "status"),
        ("?email=", "email"),
        ("?limit=0", "limit"),
        ("?cursor=garbage", "cursor"),
        ("?page=2&cursor=", "page"),
    ] {
        let reply = call(&app, &key, Method::GET, query, None).await;
        assert_eq!(reply.invalid_field(), field, "{query}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_filter_by_email_and_status_in_page_and_cursor_mode() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let mut all = Vec::new();
    for i in 0..7 {
        let c = created(
            &app,
            &key,
            json!({"email": format!("Rider{i}@Example.com")}),
        )
        .await;
        all.push(c["id"].as_str().unwrap().to_owned());
    }
    // Block two.
    for id in [&all[1], &all[4]] {
        let reply = post(
            &app,
            &key,
            &format!("/{id}/block"),
            json!({"reason": "fraud"}),
        )
        .await;
        reply.ok();
    }

    // Email: exact, case-insensitive; no partial matches.
    let reply = call(&app, &key, Method::GET, "?email=rider3%40EXAMPLE.com", None).await;
    assert_eq!(ids(reply.ok()), vec![all[3].clone()]);
    let reply = call(&app, &key, Method::GET, "?email=rider3", None).await;
    assert_eq!(ids(reply.ok()), Vec::<String>::new());
    assert_eq!(reply.body["pagination"]["total"], json!(0));

    // Status.
    let reply = call(&app, &key, Method::GET, "?status=blocked", None).await;
    assert_eq!(ids(reply.ok()), vec![all[1].clone(), all[4].clone()]);
    let reply = call(
        &app,
        &key,
        Method::GET,
        "?status=active&limit=2&page=2",
        None,
    )
    .await;
    assert_eq!(ids(reply.ok()), vec![all[3].clone(), all[5].clone()]);
    assert_eq!(
        reply.body["pagination"],
        json!({"page": 2, "limit": 2, "total": 5, "has_next": true, "has_prev": true})
    );
    let reply = call(
        &app,
        &key,
        Method::GET,
        "?email=rider4%40example.com&status=active",
        None,
    )
    .await;
    assert_eq!(ids(reply.ok()), Vec::<String>::new());

    // Page mode over everything.
    let reply = call(&app, &key, Method::GET, "?limit=3&page=3", None).await;
    assert_eq!(ids(reply.ok()), vec![all[6].clone()]);
    assert_eq!(reply.body["pagination"]["has_next"], json!(false));

    // Cursor walk with inserts between pages: every row exactly once, in order.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let reply = call(
            &app,
            &key,
            Method::GET,
            &format!("?limit=3&cursor={cursor}"),
            None,
        )
        .await;
        let page = ids(reply.ok());
        let pagination = &reply.body["pagination"];
        assert!(pagination.get("total").is_none(), "{pagination}");
        seen.extend(page);
        pages += 1;
        if pages <= 2 {
            let c = created(
                &app,
                &key,
                json!({"email": format!("late{pages}@example.com")}),
            )
            .await;
            all.push(c["id"].as_str().unwrap().to_owned());
        }
        match pagination["next_cursor"].as_str() {
            Some(next) => {
                assert_eq!(pagination["has_next"], json!(true));
                cursor = next.to_owned();
            }
            None => {
                assert_eq!(pagination["has_next"], json!(false));
                break;
            }
        }
        assert!(pages < 10, "runaway cursor walk");
    }
    assert_eq!(
        seen, all,
        "no duplicates, no gaps, inserts picked up at the end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patch_updates_and_clears_fields() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let c = created(&app, &key, json!({"email": "ada@example.com", "name": "Ada", "phone": "+49 30 1234567", "metadata": {"a": "1", "b": "2"}})).await;
    created(&app, &key, json!({"email": "taken@example.com"})).await;
    let path = format!("/{}", c["id"].as_str().unwrap());

    let reply = patch(
        &app,
        &key,
        &path,
        json!({"name": "Ada King", "phone": null, "metadata": {"b": null, "c": "3"}}),
    )
    .await;
    let u = reply.ok();
    assert_eq!(u["name"], json!("Ada King"));
    assert_eq!(u["phone"], Value::Null);
    assert_eq!(u["email"], json!("ada@example.com"));
    assert_eq!(u["metadata"], json!({"a": "1", "c": "3"}));
    assert_eq!(u["customer_number"], c["customer_number"]);
    assert!(u["updated_at"].as_str() >= c["updated_at"].as_str());

    let reply = patch(
        &app,
        &key,
        &path,
        json!({"email": "Ada.King@Example.com", "name": null}),
    )
    .await;
    let u = reply.ok();
    assert_eq!(u["email"], json!("Ada.King@Example.com"));
    assert_eq!(u["name"], Value::Null);

    // Taking another customer's address (any case) is a conflict; bad values name the field.
    patch(&app, &key, &path, json!({"email": "TAKEN@example.com"}))
        .await
        .error(409, "CONFLICT");
    for (body, field) in [
        (json!({"email": null}), "email"),
        (json!({"email": "nope"}), "email"),
        (json!({"name": "x".repeat(201)}), "name"),
        (json!({"phone": "12"}), "phone"),
        (json!({"metadata": {"n": 5}}), "metadata"),
        (json!({"metadata": "x"}), "metadata"),
    ] {
        let reply = call(&app, &key, Method::PATCH, &path, Some(body.clone())).await;
        assert_eq!(reply.invalid_field(), field, "{body}");
    }
    // The failed patches changed nothing.
    let reply = call(&app, &key, Method::GET, &path, None).await;
    let now = reply.ok();
    assert_eq!(now["email"], json!("Ada.King@Example.com"));
    assert_eq!(now["metadata"], json!({"a": "1", "c": "3"}));

    // An empty patch is a no-op that returns the customer.
    let reply = call(&app, &key, Method::PATCH, &path, Some(json!({}))).await;
    assert_eq!(reply.ok(), now);
    patch(
        &app,
        &key,
        &format!("/{}", uuid::Uuid::now_v7()),
        json!({"name": "x"}),
    )
    .await
    .error(404, "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_and_unblock_follow_the_state_machine() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let c = created(&app, &key, json!({"email": "ada@example.com"})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let block = format!("/{id}/block");
    let unblock = format!("/{id}/unblock");

    for (body, field) in [
        (json!({}), "reason"),
        (json!({"reason": ""}), "reason"),
        (json!({"reason": "   "}), "reason"),
        (json!({"reason": "x".repeat(501)}), "reason"),
    ] {
        let reply = call(&app, &key, Method::POST, &block, Some(body.clone())).await;
        assert_eq!(reply.invalid_field(), field, "{body}");
    }
    // Unblocking an active customer is a conflict.
    let reply = call(&app, &key, Method::POST, &unblock, None).await;
    let e = reply.error(409, "CONFLICT");
    assert_eq!(e["details"]["current_status"], json!("active"));
    assert_eq!(e["details"]["customer_id"], json!(id));

    let reply = post(&app, &key, &block, json!({"reason": "Chargeback"})).await;
    let b = reply.ok();
    assert_eq!(b["status"], json!("blocked"));
    assert_eq!(b["blocked_reason"], json!("Chargeback"));
    let reply = post(&app, &key, &block, json!({"reason": "again"})).await;
    let e = reply.error(409, "CONFLICT");
    assert_eq!(e["details"]["current_status"], json!("blocked"));
    // The list filter sees it.
    let reply = call(&app, &key, Method::GET, "?status=blocked", None).await;
    assert_eq!(ids(reply.ok()), vec![id.clone()]);

    // Unblock: bad optional bodies are refused, an empty body or a reason are fine.
    let reply = app
        .send(
            app.request(Method::POST, &format!("{CUSTOMERS}{unblock}"))
                .header("X-Partner-Api-Key", &key)
                .header("Content-Type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(reply.invalid_field(), "body");
    let reply = app
        .send(
            app.request(Method::POST, &format!("{CUSTOMERS}{unblock}"))
                .header("X-Partner-Api-Key", &key)
                .header("Content-Type", "text/plain")
                .body("hello"),
        )
        .await;
    reply.error(415, "UNSUPPORTED_MEDIA_TYPE");
    let reply = post(&app, &key, &unblock, json!({"reason": "x".repeat(501)})).await;
    assert_eq!(reply.invalid_field(), "reason");
    let reply = post(&app, &key, &unblock, json!({"reason": "Resolved"})).await;
    let u = reply.ok();
    assert_eq!(u["status"], json!("active"));
    assert_eq!(u["blocked_reason"], Value::Null);
    // And again, with no body at all.
    post(&app, &key, &block, json!({"reason": "r2"})).await.ok();
    let reply = call(&app, &key, Method::POST, &unblock, None).await;
    assert_eq!(reply.ok()["status"], json!("active"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_blocks_have_exactly_one_winner() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let c = created(&app, &key, json!({"email": "ada@example.com"})).await;
    let block = format!("/{}/block", c["id"].as_str().unwrap());
    let replies = futures_util::future::join_all(
        (0..8).map(|i| post(&app, &key, &block, json!({"reason": format!("r{i}")}))),
    )
    .await;
    let ok = replies.iter().filter(|r| r.status.as_u16() == 200).count();
    let conflicts = replies.iter().filter(|r| r.status.as_u16() == 409).count();
    assert_eq!((ok, conflicts), (1, 7), "{replies:?}");
    let mut conn = app.conn().await;
    let events = fleet_domain::events::store::list_for_tenant(&mut conn, seed.tenant.id, 100)
        .await
        .unwrap();
    let blocked = events
        .iter()
        .filter(|e| e.event_type == "customer.blocked")
        .count();
    assert_eq!(blocked, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_hides_other_tenants_subaccounts_and_modes() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Professional).await;
    let live_a = app.create_subaccount(tenant.id, false).await;
    let live_b = app.create_subaccount(tenant.id, false).await;
    let sandbox = app.create_subaccount(tenant.id, true).await;
    let (_, global) = app.create_key(tenant.id, writer(live_key())).await;
    let (_, only_a) = app
        .create_key(tenant.id, writer(subaccount_key(KeyMode::Live, live_a.id)))
        .await;
    let (_, test) = app.create_key(tenant.id, writer(test_key())).await;

    // A global key reaching two subaccounts must choose one to create.
    let reply = create(&app, &global, json!({"email": "x@example.com"})).await;
    assert_eq!(reply.invalid_field(), "X-Subaccount-Id");
    let reply = create(
        &app,
        &global,
        json!({"email": "x@example.com", "subaccount_id": sandbox.id}),
    )
    .await;
    reply.forbidden("subaccount_not_allowed");
    let in_b = created(
        &app,
        &global,
        json!({"email": "b@example.com", "subaccount_id": live_b.id}),
    )
    .await;
    assert_eq!(in_b["subaccount_id"], json!(live_b.id.to_string()));
    let in_a = created(&app, &only_a, json!({"email": "a@example.com"})).await;
    assert_eq!(in_a["subaccount_id"], json!(live_a.id.to_string()));
    let in_sandbox = created(&app, &test, json!({"email": "s@example.com"})).await;
    assert_eq!(in_sandbox["subaccount_id"], json!(sandbox.id.to_string()));
    // Numbers are per tenant, across subaccounts and modes.
    assert_eq!(in_sandbox["customer_number"], json!(3));

    let b_id = in_b["id"].as_str().unwrap().to_owned();
    let s_id = in_sandbox["id"].as_str().unwrap().to_owned();
    let a_id = in_a["id"].as_str().unwrap().to_owned();

    // The subaccount key sees only its own customer.
    let reply = call(&app, &only_a, Method::GET, "", None).await;
    assert_eq!(ids(reply.ok()), vec![a_id.clone()]);
    let reply = call(&app, &only_a, Method::GET, "?email=b%40example.com", None).await;
    assert_eq!(ids(reply.ok()), Vec::<String>::new());
    // Neither does `X-Subaccount-Id` of a global key widen anything.
    let reply = app
        .send(
            app.request(Method::GET, CUSTOMERS)
                .header("X-Partner-Api-Key", &global)
                .header("X-Subaccount-Id", live_a.id.to_string()),
        )
        .await;
    assert_eq!(ids(reply.ok()), vec![a_id.clone()]);
    // The live global key sees both live ones, never the sandbox.
    let reply = call(&app, &global, Method::GET, "", None).await;
    assert_eq!(ids(reply.ok()), vec![b_id.clone(), a_id.clone()]);
    // The test key sees only the sandbox row.
    let reply = call(&app, &test, Method::GET, "", None).await;
    assert_eq!(ids(reply.ok()), vec![s_id.clone()]);

    // Another tenant, with every permission.
    let other = app.seed().await;
    let (_, foreign) = app.create_key(other.tenant.id, writer(live_key())).await;

    // Out-of-scope ids answer 404 exactly like unknown ones, for every endpoint.
    let unknown = uuid::Uuid::now_v7().to_string();
    for (key, id) in [
        (&only_a, &b_id),
        (&global, &s_id),
        (&test, &a_id),
        (&foreign, &a_id),
        (&foreign, &unknown),
    ] {
        for (method, suffix, body) in [
            (Method::GET, "", None),
            (Method::PATCH, "", Some(json!({"name": "Mallory"}))),
            (Method::POST, "/block", Some(json!({"reason": "x"}))),
            (Method::POST, "/unblock", None),
        ] {
            let reply = call(&app, key, method.clone(), &format!("/{id}{suffix}"), body).await;
            let e = reply.error(404, "NOT_FOUND");
            assert_eq!(e["details"]["customer_id"], json!(id), "{method} {suffix}");
        }
    }
    let reply = call(&app, &foreign, Method::GET, "", None).await;
    assert_eq!(ids(reply.ok()), Vec::<String>::new());
    // Nothing changed behind the 404s.
    let reply = call(&app, &global, Method::GET, &format!("/{b_id}"), None).await;
    let b = reply.ok();
    assert_eq!(b["status"], json!("active"));
    assert_eq!(b["name"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_requires_its_permission() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, writer_key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let c = created(&app, &writer_key, json!({"email": "ada@example.com"})).await;
    let id = c["id"].as_str().unwrap();
    // The default permissions read customers but do not write them.
    let (_, default_key) = app.create_key(seed.tenant.id, live_key()).await;
    let (_, no_customers) = app
        .create_key(
            seed.tenant.id,
            with_permissions(live_key(), &[Permission::VehiclesRead]),
        )
        .await;
    let (_, write_only) = app
        .create_key(
            seed.tenant.id,
            with_permissions(live_key(), &[Permission::CustomersWrite]),
        )
        .await;

    let reads = [
        (Method::GET, String::new()),
        (Method::GET, format!("/{id}")),
    ];
    let writes = [
        (
            Method::POST,
            String::new(),
            Some(json!({"email": "new@example.com"})),
        ),
        (Method::PATCH, format!("/{id}"), Some(json!({"name": "x"}))),
        (
            Method::POST,
            format!("/{id}/block"),
            Some(json!({"reason": "x"})),
        ),
        (Method::POST, format!("/{id}/unblock"), None),
    ];
    for (method, path) in &reads {
        call(&app, &default_key, method.clone(), path, None)
            .await
            .ok();
        for key in [&no_customers, &write_only] {
            let reply = call(&app, key, method.clone(), path, None).await;
            let e = reply.forbidden("missing_permission");
            assert_eq!(e["details"]["required"], json!("customers:read"));
        }
    }
    for (method, path, body) in &writes {
        for key in [&default_key, &no_customers] {
            let reply = call(&app, key, method.clone(), path, body.clone()).await;
            let e = reply.forbidden("missing_permission");
            assert_eq!(
                e["details"]["required"],
                json!("customers:write"),
                "{method} {path}"
            );
        }
    }
    // Nothing was written by the refused calls.
    let reply = call(&app, &writer_key, Method::GET, "", None).await;
    assert_eq!(reply.ok().as_array().map(Vec::len), Some(1));
    let reply = call(&app, &writer_key, Method::GET, &format!("/{id}"), None).await;
    assert_eq!(reply.ok()["name"], Value::Null);
    // A write-only key can still write.
    let reply = patch(&app, &write_only, &format!("/{id}"), json!({"name": "W"})).await;
    assert_eq!(reply.ok()["name"], json!("W"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nul_characters_are_refused_not_500() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let reply = create(
        &app,
        &key,
        json!({"email": "ok@example.com", "metadata": {"k": "a\u{0}b"}}),
    )
    .await;
    assert_eq!(reply.invalid_field(), "metadata");
    let reply = call(&app, &key, Method::GET, "?email=a%00b%40example.com", None).await;
    assert_eq!(reply.invalid_field(), "email");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nul_characters_in_patches_are_refused_too() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, writer(live_key())).await;
    let c = created(&app, &key, json!({"email": "ok@example.com"})).await;
    let path = format!("/{}", c["id"].as_str().unwrap());
    for body in [
        json!({"metadata": {"k": "\u{0}"}}),
        json!({"metadata": {"k\u{0}": "v"}}),
    ] {
        let reply = call(&app, &key, Method::PATCH, &path, Some(body)).await;
        assert_eq!(reply.invalid_field(), "metadata");
    }
    let reply = patch(&app, &key, &path, json!({"name": "a\u{0}"})).await;
    assert_eq!(reply.invalid_field(), "name");
    // `null` as the optional unblock body is an absent body.
    post(&app, &key, &format!("{path}/block"), json!({"reason": "r"}))
        .await
        .ok();
    let reply = post(&app, &key, &format!("{path}/unblock"), Value::Null).await;
    assert_eq!(reply.ok()["status"], json!("active"));
}
