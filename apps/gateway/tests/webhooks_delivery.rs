//! What a receiver gets: signatures checked by independent implementations (the product
//! guide's Node.js snippet, a Python Standard Webhooks check, and the examples of
//! docs/webhooks.md run as they are), headers and payload, fan-out rules, and delivery by the
//! workers `serve` runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod webhooks_support;

#[path = "../../../docs/webhooks/examples/verify.rs"]
mod verify_example;

use std::time::Duration;

use serde_json::{json, Value};
use time::OffsetDateTime;

use common::TestApp;
use webhooks_support::*;

/// The Node.js verification snippet of the product guide, verbatim.
const PRODUCT_SNIPPET: &str = r#"const crypto = require('crypto')
function verifyWebhook(payload, signature, secret) {
const parts = signature.split(',')
const timestamp = parts.find(p => p.startsWith('t=')).substring(2)
const expectedSig = parts.find(p => p.startsWith('v1=')).substring(3)
// Check timestamp is recent (within 5 minutes)
const age = Math.floor(Date.now() / 1000) - parseInt(timestamp)
if (age > 300) return false
// Compute signature
const signedPayload = `${timestamp}.${JSON.stringify(payload)}`
const computedSig = crypto
.createHmac('sha256', secret)
.update(signedPayload)
.digest('hex')
return computedSig === expectedSig
}
"#;

/// Calls the snippet the way its users do: on the parsed body.
const PRODUCT_DRIVER: &str = r#"
const fs = require('fs')
const body = fs.readFileSync(process.argv[2], 'utf8')
const payload = JSON.parse(body)
if (JSON.stringify(payload) !== body) {
  console.log('re-serialisation changed the body:\n' + JSON.stringify(payload) + '\n' + body)
  process.exit(2)
}
const ok = verifyWebhook(payload, process.argv[3], process.argv[4])
console.log(ok)
process.exit(ok ? 0 : 1)
"#;

/// Standard Webhooks reference algorithm (standard library only).
const STANDARD_WEBHOOKS_PY: &str = r#"
import base64, hashlib, hmac, sys, time
body = open(sys.argv[1], 'rb').read()
msg_id, ts, sigs, secret = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
assert abs(time.time() - int(ts)) < 300, 'timestamp'
key = base64.b64decode(secret[len('whsec_'):])
assert len(key) == 24, len(key)
expected = base64.b64encode(hmac.new(key, msg_id.encode() + b'.' + ts.encode() + b'.' + body, hashlib.sha256).digest()).decode()
ok = any(hmac.compare_digest(s.split(',', 1)[1], expected) for s in sigs.split(' ') if s.startswith('v1,'))
print(ok)
sys.exit(0 if ok else 1)
"#;

fn write_temp(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "fleetgate-webhooks-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// A `ride.ended` with floats JavaScript writes differently from serde (5.0, 13.0, 1e21),
/// non-ASCII and control characters.
fn ride_data(subaccount: &str) -> Value {
    json!({
        "ride_id": "0193e0b5-c2a8-7f3b-9d4e-5f60718293a4",
        "customer_id": "0193e0b5-c2a8-7f3b-9d4e-5f60718293a5",
        "customer_number": 12345,
        "vehicle_id": "0193e0b5-c2a8-7f3b-9d4e-5f60718293a6",
        "vehicle_number": "V001",
        "start_time": "2025-01-15T10:00:00Z",
        "end_time": "2025-01-15T10:30:00Z",
        "duration_minutes": 30,
        "distance_km": 5.0,
        "average_speed_kph": 10.0,
        "end_latitude": 52.52,
        "end_longitude": 13.0,
        "co2_saved_g": 1e21,
        "tiny": 1e-7,
        "note": "Straße \u{1} \"quoted\" ✓",
        "pricing": {"total_cents": 850, "unlock_cents": 100, "time_cents": 750,
                    "distance_cents": 0, "discount_cents": 0},
        "payment_status": "paid",
        "subaccount_id": subaccount
    })
}

/// One real signed `ride.ended` delivery: (receiver's request, secret).
async fn one_ride_delivery() -> (TestApp, Received, String) {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let (_, secret) = endpoint(&app, &key, &rx.url, &["ride.ended"]).await;
    raw_event(
        &app,
        seed.tenant.id,
        seed.subaccount.id,
        "ride.ended",
        &ride_data(&seed.subaccount.id.to_string()),
    )
    .await;
    assert_eq!(dispatch(&app).await, 1);
    worker(&app, Duration::from_secs(5))
        .run_once(OffsetDateTime::now_utc())
        .await
        .unwrap();
    let got = rx.received();
    assert_eq!(got.len(), 1);
    (app, got[0].clone(), secret)
}

#[tokio::test]
async fn the_product_guides_node_snippet_verifies_a_delivery_with_floats() {
    if !testkit::program("node") {
        return;
    }
    let (_app, got, secret) = one_ride_delivery().await;
    assert!(got.body.contains(r#""distance_km":5,"#), "{}", got.body);
    assert!(got.body.contains(r#""end_longitude":13,"#), "{}", got.body);
    assert!(got.body.contains(r#""co2_saved_g":1e+21,"#), "{}", got.body);
    let body = write_temp("body.json", &got.body);
    let script = write_temp("product.js", &format!("{PRODUCT_SNIPPET}{PRODUCT_DRIVER}"));
    let sig = got.header("x-levy-signature");
    let (ok, out) = run_script(
        "node",
        &[
            script.to_str().unwrap(),
            body.to_str().unwrap(),
            sig,
            &secret,
        ],
        &[],
    );
    assert!(ok, "node: {out}");
    assert_eq!(out.trim(), "true");
    // And it fails for a tampered body or another secret (the check can fail).
    let tampered = write_temp("body.json", &got.body.replace("V001", "V002"));
    let (ok, _) = run_script(
        "node",
        &[
            script.to_str().unwrap(),
            tampered.to_str().unwrap(),
            sig,
            &secret,
        ],
        &[],
    );
    assert!(!ok);
    let (ok, _) = run_script(
        "node",
        &[
            script.to_str().unwrap(),
            body.to_str().unwrap(),
            sig,
            "whsec_wrong",
        ],
        &[],
    );
    assert!(!ok);
}

#[tokio::test]
async fn standard_webhooks_signature_verifies_with_the_reference_algorithm() {
    if !testkit::program("python3") {
        return;
    }
    let (_app, got, secret) = one_ride_delivery().await;
    let body = write_temp("body.json", &got.body);
    let script = write_temp("standard.py", STANDARD_WEBHOOKS_PY);
    let payload: Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(
        got.header("webhook-id"),
        payload["event_id"].as_str().unwrap()
    );
    let sig_t = got
        .header("x-levy-signature")
        .split(',')
        .next()
        .unwrap()
        .trim_start_matches("t=")
        .to_owned();
    assert_eq!(got.header("webhook-timestamp"), sig_t);
    let args = [
        script.to_str().unwrap(),
        body.to_str().unwrap(),
        got.header("webhook-id"),
        got.header("webhook-timestamp"),
        got.header("webhook-signature"),
        &secret,
    ];
    let (ok, out) = run_script("python3", &args, &[]);
    assert!(ok, "python: {out}");
    let mut wrong = args;
    wrong[2] = "evt_other";
    assert!(!run_script("python3", &wrong, &[]).0);
}

/// The fenced code blocks of docs/webhooks.md whose first line names an example file.
fn doc_examples() -> Vec<(String, String)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let doc = std::fs::read_to_string(format!("{root}/docs/webhooks.md")).unwrap();
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("```") {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        let first = block.first().copied().unwrap_or("");
        if let Some(path) = first
            .trim_start_matches("//")
            .trim_start_matches('#')
            .split_whitespace()
            .next()
            .filter(|p| p.starts_with("docs/webhooks/examples/"))
        {
            out.push((format!("{root}/{path}"), block.join("\n") + "\n"));
        }
    }
    out
}

#[tokio::test]
async fn the_documented_examples_verify_a_real_delivery() {
    if !testkit::program("node") || !testkit::program("python3") {
        return;
    }
    let examples = doc_examples();
    let names: Vec<&str> = examples
        .iter()
        .map(|(p, _)| p.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["verify.js", "verify.py", "verify.rs"]);
    for (path, shown) in &examples {
        let file = std::fs::read_to_string(path).unwrap();
        assert_eq!(&file, shown, "docs/webhooks.md must show {path} verbatim");
    }
    let (_app, got, secret) = one_ride_delivery().await;
    let body = write_temp("body.json", &got.body);
    let sig = got.header("x-levy-signature");
    let (js, py) = (&examples[0].0, &examples[1].0);
    let (ok, out) = run_script("node", &[js, body.to_str().unwrap(), sig, &secret], &[]);
    assert!(ok && out.trim() == "valid", "verify.js: {out}");
    let (ok, out) = run_script(
        "python3",
        &[
            py,
            body.to_str().unwrap(),
            sig,
            &secret,
            got.header("webhook-id"),
            got.header("webhook-timestamp"),
            got.header("webhook-signature"),
        ],
        &[],
    );
    assert!(ok && out.trim() == "valid", "verify.py: {out}");
    assert!(verify_example::is_genuine(
        got.body.as_bytes(),
        sig,
        &secret
    ));
    // Each example rejects what it must.
    let (ok, _) = run_script(
        "node",
        &[js, body.to_str().unwrap(), sig, "whsec_wrong"],
        &[],
    );
    assert!(!ok);
    let (ok, _) = run_script(
        "python3",
        &[py, body.to_str().unwrap(), sig, "whsec_wrong"],
        &[],
    );
    assert!(!ok);
    assert!(!verify_example::is_genuine(b"{}", sig, &secret));
}

#[tokio::test]
async fn headers_and_payload_are_as_documented() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let (id, secret) = create_endpoint(
        &app,
        &key,
        json!({"url": rx.url, "events": ["customer.created"], "headers": {"X-Partner-Token": "t0k3n"}}),
    )
    .await;
    let event = customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    dispatch(&app).await;
    worker(&app, Duration::from_secs(5))
        .run_once(OffsetDateTime::now_utc())
        .await
        .unwrap();
    let got = rx.received().pop().unwrap();
    let d = deliveries(&app, &key, &id).await.pop().unwrap();
    assert_eq!(got.header("content-type"), "application/json");
    assert_eq!(got.header("x-levy-event"), "customer.created");
    assert_eq!(got.header("x-levy-delivery"), d["id"].as_str().unwrap());
    assert_eq!(got.header("webhook-id"), event.wire());
    assert_eq!(got.header("x-partner-token"), "t0k3n");
    assert_eq!(
        webhooks::verify(
            &secret,
            got.header("x-levy-signature"),
            got.body.as_bytes(),
            webhooks::DEFAULT_TOLERANCE
        ),
        Ok(())
    );
    assert!(
        got.body.starts_with(&format!(
            r#"{{"event":"customer.created","event_id":"{}","timestamp":""#,
            event.wire()
        )),
        "{}",
        got.body
    );
    let payload: Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(payload["data"]["customer_number"], 12345);
    assert_eq!(
        payload["data"]["subaccount_id"],
        seed.subaccount.id.to_string()
    );
    assert_eq!(d["payload"], got.body);
    assert_eq!(d["event_id"], event.wire());
}

#[tokio::test]
async fn fan_out_honours_subscriptions_subaccounts_and_active() {
    let (app, seed, key) = manual_app().await;
    let s1 = seed.subaccount.id;
    let s2 = app.create_subaccount(seed.tenant.id, false).await.id;
    let rx = Receiver::start().await;
    let make = |sub: fleet_domain::SubaccountId, events: Value, active: bool| json!({"url": rx.url, "events": events, "subaccount_id": sub, "active": active});
    let (created_s1, _) =
        create_endpoint(&app, &key, make(s1, json!(["customer.created"]), true)).await;
    let (updated_s1, _) =
        create_endpoint(&app, &key, make(s1, json!(["customer.updated"]), true)).await;
    let (both_s2, _) = create_endpoint(
        &app,
        &key,
        make(s2, json!(["customer.created", "customer.updated"]), true),
    )
    .await;
    let (inactive_s1, _) =
        create_endpoint(&app, &key, make(s1, json!(["customer.created"]), false)).await;
    let other = app.seed().await;
    let (_, other_key) = app.create_key(other.tenant.id, all_permissions()).await;
    let (foreign, _) = endpoint(&app, &other_key, &rx.url, &["customer.created"]).await;

    customer_event_named(&app, seed.tenant.id, s1, "created").await;
    customer_event_named(&app, seed.tenant.id, s2, "updated").await;
    assert_eq!(dispatch(&app).await, 2);
    let count = |id: String, k: String| {
        let app = &app;
        async move { deliveries(app, &k, &id).await.len() }
    };
    assert_eq!(count(created_s1.clone(), key.clone()).await, 1);
    assert_eq!(count(updated_s1, key.clone()).await, 0);
    assert_eq!(count(both_s2.clone(), key.clone()).await, 1);
    assert_eq!(count(inactive_s1, key.clone()).await, 0);
    assert_eq!(count(foreign, other_key).await, 0);
    // The outbox is drained: nothing is dispatched twice.
    assert_eq!(dispatch(&app).await, 0);
    let d = deliveries(&app, &key, &both_s2).await.pop().unwrap();
    assert_eq!(d["event"], "customer.updated");
}

#[tokio::test]
async fn serve_delivers_in_the_background() {
    // The default test configuration runs the dispatcher and a worker.
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, key) = app.create_key(seed.tenant.id, all_permissions()).await;
    let rx = Receiver::start().await;
    let (id, secret) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    let event = customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    let got = rx.wait_for(1, Duration::from_secs(15)).await;
    got[0].assert_signed_event(&secret, &event);
    let delivered = common::eventually(Duration::from_secs(10), || {
        let (app, key, id) = (&app, &key, &id);
        async move {
            let r = get(app, key, &format!("{WEBHOOKS}/{id}/deliveries")).await;
            (r.body["data"][0]["status"] == "delivered").then_some(())
        }
    })
    .await;
    assert!(
        delivered.is_some(),
        "the delivery was recorded as delivered"
    );
}

#[tokio::test]
async fn a_test_send_is_verifiable_with_the_product_snippet() {
    if !testkit::program("node") {
        return;
    }
    let (app, _seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let (id, secret) = endpoint(&app, &key, &rx.url, &["ride.ended"]).await;
    let r = send_test(&app, &key, &id).await;
    assert_eq!(r.ok()["attempt"]["success"], true, "{}", r.text);
    let got = rx.received().pop().unwrap();
    assert_eq!(got.header("x-levy-event"), "webhook.test");
    let body = write_temp("body.json", &got.body);
    let script = write_temp("product.js", &format!("{PRODUCT_SNIPPET}{PRODUCT_DRIVER}"));
    let (ok, out) = run_script(
        "node",
        &[
            script.to_str().unwrap(),
            body.to_str().unwrap(),
            got.header("x-levy-signature"),
            &secret,
        ],
        &[],
    );
    assert!(ok, "node: {out}");
}

#[tokio::test]
async fn gateway_worker_delivers_from_a_separate_process_and_stops_on_sigterm() {
    let (app, seed, key) = manual_app().await;
    let rx = Receiver::start().await;
    let (_, secret) = endpoint(&app, &key, &rx.url, &["customer.created"]).await;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gateway"))
        .args(["worker", "--workers", "2"])
        .env("DATABASE_URL", app.db().url())
        .env("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")
        .env("WEBHOOK_POLL_MS", "50")
        .env_remove("REDIS_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let event = customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    let got = rx.wait_for(1, Duration::from_secs(30)).await;
    got[0].assert_signed_event(&secret, &event);
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert!(status.success(), "gateway worker exit: {status:?}");
}

#[tokio::test]
async fn concurrent_dispatchers_take_each_event_once() {
    let (app, seed, key) = manual_app().await;
    let (id, _) = endpoint(
        &app,
        &key,
        "https://partner.example.com/h",
        &["customer.created"],
    )
    .await;
    const N: usize = 300;
    for _ in 0..N {
        customer_event(&app, seed.tenant.id, seed.subaccount.id).await;
    }
    let run = || {
        let pool = app.state().pool.clone();
        async move {
            let (mut events, mut created) = (0, 0);
            loop {
                let mut conn = pool.get().await.unwrap();
                let (e, c) =
                    webhooks::dispatcher::dispatch_once(&mut conn, OffsetDateTime::now_utc())
                        .await
                        .unwrap();
                if e == 0 {
                    return (events, created);
                }
                events += e;
                created += c;
            }
        }
    };
    let ((e1, c1), (e2, c2), (e3, c3)) = tokio::join!(run(), run(), run());
    assert_eq!(
        e1 + e2 + e3,
        N,
        "each event dispatched by exactly one dispatcher"
    );
    assert_eq!(c1 + c2 + c3, N);
    let r = deliveries_where(&app, &key, &id, "limit=1").await;
    assert_eq!(r.body["pagination"]["total"], N);
}
