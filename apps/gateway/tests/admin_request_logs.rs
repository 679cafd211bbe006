//! Request-log queries: exactly the matching rows, newest first, across filters and cursor
//! pages, never another tenant's; bad filters name their field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin_common;
mod common;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use admin_common::{admin_get, signed_in};
use common::{Rng, TestApp};
use fleet_domain::audit::RequestRecord;
use keys::operators::Role;

const ROUTES: [&str; 3] = [
    "/api/partner/v1/me",
    "/api/partner/v1/vehicles/{id}",
    "/api/admin/v1/api-keys",
];
const METHODS: [&str; 3] = ["GET", "POST", "DELETE"];
const STATUSES: [i32; 6] = [200, 201, 400, 404, 429, 503];

fn records(
    tenant: Uuid,
    keys: &[Uuid],
    operator: Uuid,
    base: OffsetDateTime,
    n: usize,
    seed: u64,
) -> Vec<RequestRecord> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let by_operator = rng.next(4) == 0;
            let route = ROUTES[rng.next(3) as usize];
            // Some rows share a timestamp, so the id breaks ties.
            let at = base + Duration::seconds((i / 2) as i64);
            RequestRecord {
                id: Uuid::now_v7(),
                tenant_id: Some(tenant),
                request_id: format!("req_{i:04}_{}", Uuid::now_v7().simple()),
                api_key_id: (!by_operator).then(|| keys[rng.next(keys.len() as u64) as usize]),
                operator_id: by_operator.then_some(operator),
                method: METHODS[rng.next(3) as usize].to_owned(),
                route: Some(route.to_owned()),
                path: route.replace("{id}", "v1"),
                query: None,
                status: STATUSES[rng.next(6) as usize],
                duration_ms: 1,
                client_ip: "127.0.0.1".into(),
                user_agent: None,
                origin_app: None,
                created_at: at,
            }
        })
        .collect()
}

/// Follows `next_cursor` through every page; returns the request ids in order.
async fn all_pages(app: &TestApp, token: &str, query: &str, limit: u32) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..200 {
        let mut path = format!("/request-logs?limit={limit}{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let reply = admin_get(app, token, &path).await;
        let page = reply.ok().as_array().unwrap().clone();
        assert!(page.len() <= limit as usize);
        out.extend(
            page.iter()
                .map(|r| r["request_id"].as_str().unwrap().to_owned()),
        );
        let p = &reply.body["pagination"];
        assert!(p.get("total").is_none(), "cursor lists have no total");
        match p["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(p["has_next"], true);
                assert_eq!(page.len(), limit as usize);
                cursor = Some(c.to_owned());
            }
            None => {
                assert_eq!(p["has_next"], false);
                return out;
            }
        }
    }
    panic!("pagination did not end");
}

/// A brute-force filter.
type Keep = Box<dyn Fn(&RequestRecord) -> bool>;

fn expected(rows: &[RequestRecord], keep: impl Fn(&RequestRecord) -> bool) -> Vec<String> {
    let mut hits: Vec<&RequestRecord> = rows.iter().filter(|r| keep(r)).collect();
    hits.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    hits.into_iter().map(|r| r.request_id.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_and_cursor_pages_return_exactly_the_matching_rows() {
    let app = TestApp::spawn().await;
    let a = app.seed().await;
    let b = app.seed().await;
    let (op, token) = signed_in(&app, a.tenant.id, Role::Viewer).await;
    let other_key = app.create_key(a.tenant.id, common::live_key()).await.0;
    let keys_a = [a.key.id.0, other_key.id.0];
    let base = OffsetDateTime::now_utc() - Duration::days(2);
    let rows = records(
        a.tenant.id.0,
        &keys_a,
        op.id.0,
        base,
        150,
        0x9E37_79B9_7F4A_7C15,
    );
    // Tenant B's rows use A's key ids too: a filter must never reach across tenants.
    let noise = records(b.tenant.id.0, &keys_a, op.id.0, base, 40, 42);
    let mut conn = app.conn().await;
    fleet_domain::audit::service::write_batch(&mut conn, &rows)
        .await
        .unwrap();
    fleet_domain::audit::service::write_batch(&mut conn, &noise)
        .await
        .unwrap();
    drop(conn);

    // The sign-in and these queries are recorded too; bound every query before now so
    // only the synthetic rows (all two days old) are in range.
    let until = base + Duration::days(1);
    let to = format!(
        "&to={}",
        until
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    );
    let mid = base + Duration::seconds(30);
    let mid_s = mid
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let k0 = keys_a[0];

    let cases: Vec<(String, Keep)> = vec![
        (to.clone(), Box::new(|_| true)),
        (
            format!("{to}&api_key_id={k0}"),
            Box::new(move |r| r.api_key_id == Some(k0)),
        ),
        (
            format!("{to}&operator_id={}", op.id),
            Box::new(|r| r.operator_id.is_some()),
        ),
        (format!("{to}&status=404"), Box::new(|r| r.status == 404)),
        (
            format!("{to}&status=4xx"),
            Box::new(|r| (400..500).contains(&r.status)),
        ),
        (
            format!("{to}&method=post"),
            Box::new(|r| r.method == "POST"),
        ),
        (
            format!("{to}&route=/api/partner/v1/vehicles/%7Bid%7D"),
            Box::new(|r| r.route.as_deref() == Some("/api/partner/v1/vehicles/{id}")),
        ),
        (
            format!("{to}&path=/api/partner/v1/vehicles/v1"),
            Box::new(|r| r.path == "/api/partner/v1/vehicles/v1"),
        ),
        (
            format!("{to}&from={}", mid_s.replace('+', "%2B")),
            Box::new(move |r| r.created_at >= mid),
        ),
        (
            format!(
                "&from={}&to={}",
                (base + Duration::seconds(10))
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap(),
                mid_s
            ),
            Box::new(move |r| r.created_at >= base + Duration::seconds(10) && r.created_at < mid),
        ),
        (
            format!("{to}&api_key_id={k0}&status=2xx&method=GET"),
            Box::new(move |r| {
                r.api_key_id == Some(k0) && (200..300).contains(&r.status) && r.method == "GET"
            }),
        ),
    ];
    for (query, keep) in &cases {
        let want = expected(&rows, keep);
        for limit in [7, 100] {
            let got = all_pages(&app, &token, query, limit).await;
            assert_eq!(got, want, "query {query} limit {limit}");
        }
    }
    // At least the broad cases matched something (the test would be vacuous otherwise).
    assert!(expected(&rows, |r| r.status == 404).len() > 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_filters_name_their_field() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let (_, token) = signed_in(&app, seed.tenant.id, Role::Viewer).await;
    for (query, field) in [
        ("api_key_id=nope", "api_key_id"),
        ("operator_id=1", "operator_id"),
        ("status=6xx", "status"),
        ("status=abc", "status"),
        ("method=GE%20T", "method"),
        ("from=yesterday", "from"),
        ("to=2026-13-01T00:00:00Z", "to"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=garbage", "cursor"),
        ("route=%00", "route"),
        ("path=/x%00", "path"),
    ] {
        let reply = admin_get(&app, &token, &format!("/request-logs?{query}")).await;
        let error = reply.error(400, "VALIDATION_ERROR");
        assert_eq!(
            error["details"]["fields"][0]["field"], field,
            "{query}: {}",
            reply.text
        );
    }
}
