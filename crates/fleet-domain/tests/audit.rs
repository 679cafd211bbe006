//! The audit service against a real Postgres (one database per test): write a batch, query
//! it, usage per key and over time, and the retention purge.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use db::test_db::TestDb;
use envelope::{Keyset, Pagination};
use fleet_domain::audit::{service as audit, LogFilter, RequestRecord, StatusFilter, UsageRange};
use fleet_domain::{ApiKeyId, OperatorId, TenantId};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

fn record(tenant: TenantId, at: OffsetDateTime) -> RequestRecord {
    RequestRecord {
        id: Uuid::now_v7(),
        tenant_id: Some(tenant.0),
        request_id: format!("req_{}", Uuid::now_v7().simple()),
        api_key_id: None,
        operator_id: None,
        method: "GET".into(),
        route: Some("/api/partner/v1/vehicles".into()),
        path: "/api/partner/v1/vehicles".into(),
        query: None,
        status: 200,
        duration_ms: 10,
        client_ip: "192.0.2.1".into(),
        user_agent: None,
        origin_app: None,
        created_at: at,
    }
}

fn with_key(mut r: RequestRecord, key: ApiKeyId, status: i32) -> RequestRecord {
    r.api_key_id = Some(key.0);
    r.status = status;
    r
}

fn cursor(p: &Pagination) -> Option<Keyset> {
    match p {
        Pagination::Cursor(c) => c.next_cursor.as_deref().map(|c| Keyset::decode(c).unwrap()),
        other => panic!("expected cursor pagination, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_is_written_and_queried_per_tenant_newest_first() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let (tenant, other) = (TenantId::new(), TenantId::new());
    let key = ApiKeyId::new();
    let operator = OperatorId::new();
    let t0 = OffsetDateTime::now_utc() - Duration::minutes(30);
    let mut rows: Vec<RequestRecord> = (0..5)
        .map(|i| with_key(record(tenant, t0 + Duration::minutes(i)), key, 200))
        .collect();
    rows[3].status = 404;
    let mut by_operator = record(tenant, t0 + Duration::minutes(10));
    by_operator.operator_id = Some(operator.0);
    by_operator.method = "POST".into();
    rows.push(by_operator);
    rows.push(record(other, t0 + Duration::minutes(20)));
    audit::write_batch(&mut conn, &rows).await.unwrap();

    let all = |filter: LogFilter| {
        let pool = pool.clone();
        async move {
            let mut conn = pool.get().await.unwrap();
            audit::list_request_logs(&mut conn, tenant, &filter, None, 100)
                .await
                .unwrap()
                .items
        }
    };
    let everything = all(LogFilter::default()).await;
    assert_eq!(
        everything.len(),
        6,
        "the other tenant's request is not listed"
    );
    assert!(everything
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
    assert_eq!(everything[0].operator_id, Some(operator.0));

    let not_found = all(LogFilter {
        status: Some(StatusFilter::Class(4)),
        ..LogFilter::default()
    })
    .await;
    assert_eq!(not_found.len(), 1);
    assert_eq!(not_found[0].id, rows[3].id);
    let posts = all(LogFilter {
        method: Some("post".into()),
        ..LogFilter::default()
    })
    .await;
    assert_eq!(posts.len(), 1);
    let windowed = all(LogFilter {
        api_key_id: Some(key),
        from: Some(t0 + Duration::minutes(1)),
        to: Some(t0 + Duration::minutes(3)),
        ..LogFilter::default()
    })
    .await;
    let ids: Vec<Uuid> = windowed.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        vec![rows[2].id, rows[1].id],
        "from inclusive, to exclusive"
    );

    // Cursor pages of two walk the six rows without gaps or repeats.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page =
            audit::list_request_logs(&mut conn, tenant, &LogFilter::default(), after.as_ref(), 2)
                .await
                .unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|r| r.id));
        after = cursor(&page.pagination);
        if after.is_none() {
            break;
        }
    }
    assert_eq!(seen, everything.iter().map(|r| r.id).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_rolls_up_per_key_and_over_time() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let tenant = TenantId::new();
    let (a, b) = (ApiKeyId::new(), ApiKeyId::new());
    let now = OffsetDateTime::now_utc();
    let mut rows = [
        with_key(record(tenant, now), a, 200),
        with_key(record(tenant, now), a, 429),
        with_key(record(tenant, now), a, 500),
        with_key(record(tenant, now), b, 404),
        // A management request (no key) counts nowhere.
        record(tenant, now),
    ];
    rows[1].duration_ms = 30;
    rows[2].route = Some("/api/partner/v1/rides".into());
    // Two batches: the roll-up adds up across writes.
    audit::write_batch(&mut conn, &rows[..2]).await.unwrap();
    audit::write_batch(&mut conn, &rows[2..]).await.unwrap();
    audit::write_batch(&mut conn, &[]).await.unwrap();

    let usage = audit::key_usage(&mut conn, tenant, a, now).await.unwrap();
    assert_eq!((usage.today, usage.this_week, usage.this_month), (3, 3, 3));
    assert_eq!(usage.last_used_at, None, "no api_keys row to move");
    let other_tenant = audit::key_usage(&mut conn, TenantId::new(), a, now)
        .await
        .unwrap();
    assert_eq!(other_tenant.today, 0);

    let report = audit::usage_report(&mut conn, tenant, None, UsageRange::Day, now)
        .await
        .unwrap();
    assert_eq!(report.buckets.len(), 288);
    assert!(report.from <= now && now < report.to);
    let t = report.totals;
    assert_eq!(
        (
            t.total,
            t.success,
            t.client_error,
            t.server_error,
            t.rate_limited,
            t.other
        ),
        (4, 1, 1, 1, 1, 0)
    );
    let last = report.buckets.last().unwrap();
    assert_eq!(last.counts.total, 4, "the current bucket holds them");
    assert_eq!(report.top_routes[0].route, "/api/partner/v1/vehicles");
    assert_eq!(report.top_routes[0].requests, 3);
    assert_eq!(report.p50_ms, Some(10.0));

    let one_key = audit::usage_report(&mut conn, tenant, Some(b), UsageRange::Month, now)
        .await
        .unwrap();
    assert_eq!(one_key.buckets.len(), 30);
    assert_eq!(one_key.totals.total, 1);
    assert_eq!(one_key.totals.client_error, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_purge_deletes_only_expired_rows_batch_by_batch() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let mut conn = pool.get().await.unwrap();
    let tenant = TenantId::new();
    let now = OffsetDateTime::now_utc();
    let old = now - Duration::days(91);
    // One more than a batch, so the loop has to come back for the rest.
    let expired = usize::try_from(audit::PURGE_BATCH).unwrap() + 1;
    let mut rows: Vec<RequestRecord> = (0..expired).map(|_| record(tenant, old)).collect();
    rows.extend((0..3).map(|_| record(tenant, now - Duration::days(89))));
    audit::write_batch(&mut conn, &rows).await.unwrap();
    drop(conn);

    assert_eq!(audit::purge_expired(&pool, 90, now).await.unwrap(), expired);
    assert_eq!(audit::purge_expired(&pool, 90, now).await.unwrap(), 0);
    let mut conn = pool.get().await.unwrap();
    let left = audit::list_request_logs(&mut conn, tenant, &LogFilter::default(), None, 100)
        .await
        .unwrap();
    assert_eq!(left.items.len(), 3);
}
