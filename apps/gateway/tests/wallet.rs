//! Wallets (SPEC §7, §8): balance, credits and debits, insufficient funds, validation, scope,
//! the ledger with its cursor, and the balance invariant under 1 000 concurrent writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod wallet_support;

use futures_util::{stream, StreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use common::{live_key, subaccount_key, Reply, TestApp};
use fleet_domain::{KeyMode, Permission, Plan};
use wallet_support::{
    balance, get_as, insert_customer, ledger, ledger_sum, post_wallet, transactions_path,
    wallet_key, wallet_path, with_permissions,
};

fn assert_rfc3339(value: &Value) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"));
    OffsetDateTime::parse(text, &Rfc3339).unwrap_or_else(|e| panic!("{text}: {e}"));
}

/// The 201 of a wallet POST; returns `data`.
fn created(reply: &Reply) -> &Value {
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text);
    reply.assert_meta();
    &reply.body["data"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credits_and_debits_move_the_balance_and_write_the_ledger() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, wallet_key()).await;
    let customer = insert_customer(&app, seed.tenant.id, seed.subaccount.id, "active").await;

    let reply = get_as(&app, &key, &wallet_path(customer)).await;
    let wallet = reply.ok();
    assert_eq!(wallet["customer_id"], json!(customer.to_string()));
    assert_eq!(wallet["balance_cents"], json!(0));
    assert_eq!(wallet["currency"], json!("EUR"));
    assert_rfc3339(&wallet["updated_at"]);

    let body = json!({"action": "credit", "amount_cents": 2500, "description": "Top-up"});
    let reply = app.send(post_wallet(&app, &key, customer, &body)).await;
    let data = created(&reply);
    assert_eq!(data["balance_cents"], json!(2500));
    let tx = &data["transaction"];
    assert!(tx["id"].as_str().is_some_and(|id| id.len() == 36), "{tx}");
    assert_eq!(tx["kind"], json!("credit"));
    assert_eq!(tx["amount_cents"], json!(2500));
    assert_eq!(tx["balance_after_cents"], json!(2500));
    assert_eq!(tx["currency"], json!("EUR"));
    assert_eq!(tx["description"], json!("Top-up"));
    assert_eq!(tx["ride_id"], Value::Null);
    assert_rfc3339(&tx["created_at"]);

    let body = json!({"action": "debit", "amount_cents": 1000});
    let reply = app.send(post_wallet(&app, &key, customer, &body)).await;
    let data = created(&reply);
    assert_eq!(data["balance_cents"], json!(1500));
    assert_eq!(data["transaction"]["kind"], json!("debit"));
    assert_eq!(data["transaction"]["amount_cents"], json!(1000));
    assert_eq!(data["transaction"]["description"], Value::Null);

    let reply = get_as(&app, &key, &wallet_path(customer)).await;
    assert_eq!(reply.ok()["balance_cents"], json!(1500));
    let rows = ledger(&app, customer).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(ledger_sum(&rows), 1500);
    assert_eq!(balance(&app, customer).await, 1500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_debit_the_balance_cannot_cover_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, wallet_key()).await;
    let customer = insert_customer(&app, seed.tenant.id, seed.subaccount.id, "active").await;

    // An empty wallet.
    let reply = app
        .send(post_wallet(
            &app,
            &key,
            customer,
            &json!({"action": "debit", "amount_cents": 1}),
        ))
        .await;
    let error = reply.error(409, "INSUFFICIENT_FUNDS");
    assert_eq!(error["details"]["balance_cents"], json!(0));
    assert_eq!(error["details"]["required_cents"], json!(1));

    let credit = json!({"action": "credit", "amount_cents": 500});
    created(&app.send(post_wallet(&app, &key, customer, &credit)).await);
    let reply = app
        .send(post_wallet(
            &app,
            &key,
            customer,
            &json!({"action": "debit", "amount_cents": 501}),
        ))
        .await;
    let error = reply.error(409, "INSUFFICIENT_FUNDS");
    assert_eq!(error["details"]["balance_cents"], json!(500));
    assert_eq!(error["details"]["required_cents"], json!(501));
    assert_eq!(ledger(&app, customer).await.len(), 1);
    assert_eq!(balance(&app, customer).await, 500);

    // Exactly the balance is fine and leaves zero.
    let reply = app
        .send(post_wallet(
            &app,
            &key,
            customer,
            &json!({"action": "debit", "amount_cents": 500}),
        ))
        .await;
    assert_eq!(created(&reply)["balance_cents"], json!(0));
    assert_eq!(balance(&app, customer).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_input_names_the_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, wallet_key()).await;
    let customer = insert_customer(&app, seed.tenant.id, seed.subaccount.id, "active").await;
    let long = "x".repeat(501);
    let cases = [
        (
            json!({"action": "credit", "amount_cents": 0}),
            "amount_cents",
        ),
        (
            json!({"action": "credit", "amount_cents": -5}),
            "amount_cents",
        ),
        (
            json!({"action": "credit", "amount_cents": 10_000_001}),
            "amount_cents",
        ),
        (
            json!({"action": "credit", "amount_cents": 1.5}),
            "amount_cents",
        ),
        (
            json!({"action": "credit", "amount_cents": "100"}),
            "amount_cents",
        ),
        (
            json!({"action": "credit", "amount_cents": 1e30}),
            "amount_cents",
        ),
        (json!({"action": "credit"}), "amount_cents"),
        (json!({"action": "refund", "amount_cents": 100}), "action"),
        (
            json!({"action": "ride_charge", "amount_cents": 100}),
            "action",
        ),
        (json!({"action": "", "amount_cents": 100}), "action"),
        (json!({"amount_cents": 100}), "action"),
        (
            json!({"action": "credit", "amount_cents": 100, "description": long}),
            "description",
        ),
        (
            json!({"action": "credit", "amount_cents": 100, "description": "a\u{0}b"}),
            "description",
        ),
    ];
    for (body, field) in cases {
        let reply = app.send(post_wallet(&app, &key, customer, &body)).await;
        let error = reply.error(400, "VALIDATION_ERROR");
        assert_eq!(
            error["details"]["fields"][0]["field"],
            json!(field),
            "{body}: {}",
            reply.text
        );
    }
    // Malformed JSON is refused too.
    let reply = app
        .send(
            app.request(Method::POST, &wallet_path(customer))
                .header("X-Partner-Api-Key", &key)
                .header("Content-Type", "application/json")
                .body("{\"action\":"),
        )
        .await;
    reply.error(400, "VALIDATION_ERROR");
    assert!(ledger(&app, customer).await.is_empty());
    assert_eq!(balance(&app, customer).await, 0);

    // The bounds themselves are accepted.
    let max = "é".repeat(500);
    for body in [
        json!({"action": "credit", "amount_cents": 10_000_000, "description": max}),
        json!({"action": "credit", "amount_cents": 1}),
    ] {
        created(&app.send(post_wallet(&app, &key, customer, &body)).await);
    }
    assert_eq!(balance(&app, customer).await, 10_000_001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocked_customers_can_still_be_credited_and_debited() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, wallet_key()).await;
    let customer = insert_customer(&app, seed.tenant.id, seed.subaccount.id, "blocked").await;
    let reply = app
        .send(post_wallet(
            &app,
            &key,
            customer,
            &json!({"action": "credit", "amount_cents": 700}),
        ))
        .await;
    assert_eq!(created(&reply)["balance_cents"], json!(700));
    let reply = app
        .send(post_wallet(
            &app,
            &key,
            customer,
            &json!({"action": "debit", "amount_cents": 200}),
        ))
        .await;
    assert_eq!(created(&reply)["balance_cents"], json!(500));
    let reply = get_as(&app, &key, &wallet_path(customer)).await;
    assert_eq!(reply.ok()["balance_cents"], json!(500));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wallets_out_of_scope_look_unknown_and_permissions_are_enforced() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let t = seed.tenant.id;
    let s1 = seed.subaccount.id;
    let s2 = app.create_subaccount(t, false).await.id;
    let (_, global) = app.create_key(t, wallet_key()).await;
    let (_, only_s1) = app
        .create_key(
            t,
            with_permissions(
                subaccount_key(KeyMode::Live, s1),
                &[Permission::WalletRead, Permission::WalletWrite],
            ),
        )
        .await;
    let in_s1 = insert_customer(&app, t, s1, "active").await;
    let in_s2 = insert_customer(&app, t, s2, "active").await;
    let other = app.create_tenant(Plan::Trial).await;
    let other_sub = app.create_subaccount(other.id, false).await;
    let foreign = insert_customer(&app, other.id, other_sub.id, "active").await;
    let unknown = uuid::Uuid::now_v7();
    let credit = json!({"action": "credit", "amount_cents": 100});

    let not_found = |reply: &Reply, id: uuid::Uuid| {
        let error = reply.error(404, "NOT_FOUND");
        assert_eq!(
            error["details"]["customer_id"],
            json!(id.to_string()),
            "{}",
            reply.text
        );
    };
    for (key, hidden) in [
        (&global, foreign),
        (&global, unknown),
        (&only_s1, in_s2),
        (&only_s1, foreign),
    ] {
        not_found(&get_as(&app, key, &wallet_path(hidden)).await, hidden);
        not_found(&get_as(&app, key, &transactions_path(hidden)).await, hidden);
        not_found(
            &app.send(post_wallet(&app, key, hidden, &credit)).await,
            hidden,
        );
    }
    // X-Subaccount-Id narrows a global key the same way.
    let narrowed = app
        .send(post_wallet(&app, &global, in_s2, &credit).header("X-Subaccount-Id", s1.to_string()))
        .await;
    not_found(&narrowed, in_s2);
    // Nothing was written anywhere.
    for id in [in_s2, foreign] {
        assert!(ledger(&app, id).await.is_empty());
        assert_eq!(balance(&app, id).await, 0);
    }
    // In scope it works.
    created(&app.send(post_wallet(&app, &only_s1, in_s1, &credit)).await);
    created(&app.send(post_wallet(&app, &global, in_s2, &credit)).await);
    assert_eq!(
        get_as(&app, &only_s1, &wallet_path(in_s1)).await.ok()["balance_cents"],
        json!(100)
    );

    // A malformed id is an unknown id (docs/errors.md): 404 naming the customer.
    let reply = get_as(&app, &global, "/api/partner/v1/customers/not-a-uuid/wallet").await;
    assert_eq!(
        reply.error(404, "NOT_FOUND")["details"]["customer_id"],
        "not-a-uuid"
    );

    // Permissions: the default key reads nothing; wallet:read cannot write.
    let (_, default_key) = app.create_key(t, live_key()).await;
    for path in [wallet_path(in_s1), transactions_path(in_s1)] {
        let reply = get_as(&app, &default_key, &path).await;
        assert_eq!(
            reply.forbidden("missing_permission")["details"]["required"],
            json!("wallet:read")
        );
    }
    let (_, read_only) = app
        .create_key(t, with_permissions(live_key(), &[Permission::WalletRead]))
        .await;
    get_as(&app, &read_only, &wallet_path(in_s1)).await.ok();
    let reply = app
        .send(post_wallet(&app, &read_only, in_s1, &credit))
        .await;
    assert_eq!(
        reply.forbidden("missing_permission")["details"]["required"],
        json!("wallet:write")
    );
    let (_, write_only) = app
        .create_key(t, with_permissions(live_key(), &[Permission::WalletWrite]))
        .await;
    let reply = get_as(&app, &write_only, &wallet_path(in_s1)).await;
    assert_eq!(
        reply.forbidden("missing_permission")["details"]["required"],
        json!("wallet:read")
    );
    assert_eq!(balance(&app, in_s1).await, 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_lists_newest_first_by_page_and_by_cursor() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, wallet_key()).await;
    let customer = insert_customer(&app, seed.tenant.id, seed.subaccount.id, "active").await;
    for amount in 1..=7 {
        let body = json!({"action": "credit", "amount_cents": amount, "description": format!("#{amount}")});
        created(&app.send(post_wallet(&app, &key, customer, &body)).await);
    }
    let amounts = |reply: &Reply| -> Vec<i64> {
        reply.body["data"]
            .as_array()
            .unwrap_or_else(|| panic!("{}", reply.text))
            .iter()
            .map(|t| t["amount_cents"].as_i64().unwrap())
            .collect()
    };

    // Cursor walk, newest first.
    let mut seen = Vec::new();
    let mut path = format!("{}?limit=3&cursor=", transactions_path(customer));
    let mut pages = 0;
    loop {
        let reply = get_as(&app, &key, &path).await;
        reply.ok();
        let pagination = &reply.body["pagination"];
        assert!(pagination.get("total").is_none(), "{}", reply.text);
        assert_eq!(pagination["limit"], json!(3));
        seen.extend(amounts(&reply));
        pages += 1;
        match pagination["next_cursor"].as_str() {
            Some(cursor) => {
                assert_eq!(pagination["has_next"], json!(true));
                path = format!("{}?limit=3&cursor={cursor}", transactions_path(customer));
            }
            None => {
                assert_eq!(pagination["has_next"], json!(false));
                break;
            }
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, vec![7, 6, 5, 4, 3, 2, 1]);

    // Page mode with a total; each entry carries its balance after.
    let reply = get_as(
        &app,
        &key,
        &format!("{}?page=2&limit=3", transactions_path(customer)),
    )
    .await;
    reply.ok();
    assert_eq!(amounts(&reply), vec![4, 3, 2]);
    let pagination = &reply.body["pagination"];
    assert_eq!(pagination["total"], json!(7));
    assert_eq!(pagination["has_next"], json!(true));
    assert_eq!(pagination["has_prev"], json!(true));
    let first = &reply.body["data"][0];
    assert_eq!(first["balance_after_cents"], json!(1 + 2 + 3 + 4));
    assert_eq!(first["description"], json!("#4"));
    assert_eq!(first["kind"], json!("credit"));

    // Bad pagination names the field.
    let reply = get_as(
        &app,
        &key,
        &format!("{}?cursor=garbage", transactions_path(customer)),
    )
    .await;
    assert_eq!(
        reply.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
        json!("cursor")
    );
    let reply = get_as(
        &app,
        &key,
        &format!("{}?limit=500", transactions_path(customer)),
    )
    .await;
    assert_eq!(
        reply.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
        json!("limit")
    );
}

/// A small deterministic generator (the test must be reproducible, not merely random).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        1 + ((self.0 >> 33) % bound as u64) as i64
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_credits_and_debits_keep_balance_equal_to_ledger() {
    let app = TestApp::spawn().await;
    let seed = app.seed_on(Plan::Enterprise).await;
    let (_, key) = app.create_key(seed.tenant.id, wallet_key()).await;
    let customer = insert_customer(&app, seed.tenant.id, seed.subaccount.id, "active").await;

    let mut rng = Lcg(0x5eed);
    let mut requests: Vec<(&str, i64)> = Vec::with_capacity(1000);
    for _ in 0..500 {
        requests.push(("credit", rng.next(1_000)));
        requests.push(("debit", rng.next(1_500)));
    }
    let outcomes: Vec<(&str, i64, u16, Value)> = stream::iter(requests)
        .map(|(action, amount)| {
            let app = &app;
            let key = &key;
            async move {
                let body = json!({"action": action, "amount_cents": amount});
                let reply = app.send(post_wallet(app, key, customer, &body)).await;
                (action, amount, reply.status.as_u16(), reply.body)
            }
        })
        .buffer_unordered(50)
        .collect()
        .await;

    let created: Vec<_> = outcomes.iter().filter(|o| o.2 == 201).collect();
    let refused: Vec<_> = outcomes.iter().filter(|o| o.2 == 409).collect();
    assert_eq!(
        created.len() + refused.len(),
        1000,
        "other statuses: {:?}",
        outcomes
            .iter()
            .filter(|o| o.2 != 201 && o.2 != 409)
            .map(|o| (o.2, &o.3))
            .take(5)
            .collect::<Vec<_>>()
    );
    assert!(created.iter().filter(|o| o.0 == "debit").count() > 0);
    let expected: i64 = created
        .iter()
        .map(|o| if o.0 == "credit" { o.1 } else { -o.1 })
        .sum();

    let rows = ledger(&app, customer).await;
    assert_eq!(rows.len(), created.len());
    assert!(rows.iter().all(|r| r.balance_after_cents >= 0));
    assert_eq!(ledger_sum(&rows), expected);
    assert_eq!(balance(&app, customer).await, expected);
    // Every refusal had a cause: the balance it reports did not cover the debit, and it is a
    // balance the wallet really had (0 before the first entry, else some entry's balance after).
    let balances_held: std::collections::HashSet<i64> = std::iter::once(0)
        .chain(rows.iter().map(|r| r.balance_after_cents))
        .collect();
    for (action, amount, _, body) in &refused {
        let details = &body["error"]["details"];
        assert_eq!(
            (*action, body["error"]["code"].as_str()),
            ("debit", Some("INSUFFICIENT_FUNDS")),
            "{body}"
        );
        assert_eq!(details["required_cents"], json!(amount), "{body}");
        let reported = details["balance_cents"]
            .as_i64()
            .unwrap_or_else(|| panic!("no details.balance_cents: {body}"));
        assert!(
            reported < *amount,
            "debit of {amount} refused although the reported balance {reported} covers it: {body}"
        );
        assert!(
            balances_held.contains(&reported),
            "refusal reports balance {reported}, which the ledger never had: {body}"
        );
    }
    // In written order every entry's balance follows from the one before.
    let mut running = 0;
    for row in &rows {
        running += if row.kind == "credit" {
            row.amount_cents
        } else {
            -row.amount_cents
        };
        assert_eq!(row.balance_after_cents, running, "{rows:?}");
    }
    let reply = get_as(&app, &key, &wallet_path(customer)).await;
    assert_eq!(reply.ok()["balance_cents"], json!(expected));
}
