//! A list response built from several reads (its rows and `pagination.total`) reads them in
//! one snapshot (`db::read_snapshot`): while a writer moves vehicles in and out of a filter,
//! every page-mode listing shows exactly as many rows as its total says.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use reqwest::Method;
use serde_json::json;

use common::{unlimited_key, TestApp};
use fleet_domain::Plan;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rows_and_total_of_a_page_come_from_one_snapshot() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Enterprise).await;
    app.create_subaccount(tenant.id, false).await;
    let (_, key) = app.create_key(tenant.id, unlimited_key()).await;
    const VEHICLES: usize = 30;
    for _ in 0..VEHICLES {
        let r = app
            .call(
                &key,
                Method::POST,
                "/api/partner/v1/vehicles",
                Some(json!({"type": "scooter"})),
            )
            .await;
        assert_eq!(r.status.as_u16(), 201, "{}", r.text);
    }
    let (client, connection) = tokio_postgres::connect(app.db().url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);

    // The writer flips half of the vehicles between `available` and `maintenance` in one
    // statement, so the `status=available` total jumps by 15 at each write.
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let done = done.clone();
        let tenant = tenant.id.0;
        tokio::spawn(async move {
            let mut writes = 0u32;
            while !done.load(Ordering::Acquire) {
                client
                    .batch_execute(&format!(
                        "UPDATE vehicles SET status = CASE status WHEN 'available' \
                           THEN 'maintenance' ELSE 'available' END \
                         WHERE tenant_id = '{tenant}' AND vehicle_number <= 'V015'"
                    ))
                    .await
                    .unwrap();
                writes += 1;
            }
            writes
        })
    };
    const READS: usize = 300;
    let mut totals = std::collections::HashSet::new();
    for _ in 0..READS {
        let r = app
            .call(
                &key,
                Method::GET,
                "/api/partner/v1/vehicles?status=available&limit=100",
                None,
            )
            .await;
        let rows = r.ok().as_array().unwrap().len();
        let total = r.body["pagination"]["total"].as_u64().unwrap() as usize;
        assert_eq!(rows, total, "{rows} rows next to pagination.total {total}");
        totals.insert(total);
    }
    done.store(true, Ordering::Release);
    let writes = writer.await.unwrap();
    assert!(writes >= 2, "the writer never ran ({writes} writes)");
    assert_eq!(
        totals,
        [VEHICLES / 2, VEHICLES].into_iter().collect(),
        "the listings never overlapped the writer"
    );
}
