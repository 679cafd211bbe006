//! The scope matrix of the fleet endpoints (SPEC §1): for every vehicle, customer, zone and
//! pricing endpoint, a key of another tenant, a key of another subaccount and a key of the
//! other mode get `404` for ids they may not reach (and nothing changes), their lists leave
//! those rows out, and every endpoint answers `403 missing_permission` naming its permission
//! to a key that holds every permission but that one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use diesel::sql_types::{Text, Uuid as SqlUuid};
use reqwest::Method;
use serde_json::{json, Value};

use common::{live_key, subaccount_key, test_key, TestApp};
use db::RunQueryDsl;
use fleet_domain::{KeyMode, Permission, PermissionSet, Plan, SubaccountId, TenantId};
use keys::NewKey;

const BASE: &str = "/api/partner/v1";

/// The rows of one subaccount.
#[derive(Debug, Clone)]
struct Rows {
    subaccount: SubaccountId,
    vehicle: String,
    customer: String,
    zone: String,
}

/// Inserts one vehicle (at `lat`,`lng`), one customer with its wallet, one parking zone and
/// one pricing plan into `subaccount`, with plain SQL so the matrix depends on nothing but
/// the schema.
async fn rows_in(
    app: &TestApp,
    tenant: TenantId,
    subaccount: SubaccountId,
    number: i64,
    lat: f64,
    lng: f64,
) -> Rows {
    let mut conn = app.conn().await;
    let vehicle = uuid::Uuid::now_v7();
    let customer = uuid::Uuid::now_v7();
    let zone = uuid::Uuid::now_v7();
    let geometry = json!({
        "type": "Polygon",
        "coordinates": [[
            [lng - 0.01, lat - 0.01], [lng + 0.01, lat - 0.01],
            [lng + 0.01, lat + 0.01], [lng - 0.01, lat + 0.01],
            [lng - 0.01, lat - 0.01]
        ]]
    })
    .to_string();
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type, status, \
           battery_percent, latitude, longitude) \
         VALUES ($1, $2, $3, $4, 'scooter', 'available', 80, $5, $6)",
    )
    .bind::<SqlUuid, _>(vehicle)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .bind::<Text, _>(format!("M{number:03}"))
    .bind::<diesel::sql_types::Double, _>(lat)
    .bind::<diesel::sql_types::Double, _>(lng)
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO customers (id, tenant_id, subaccount_id, customer_number, email) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind::<SqlUuid, _>(customer)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .bind::<diesel::sql_types::BigInt, _>(number)
    .bind::<Text, _>(format!("matrix{number}@example.com"))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO wallets (customer_id, tenant_id, subaccount_id, currency) \
         VALUES ($1, $2, $3, 'EUR')",
    )
    .bind::<SqlUuid, _>(customer)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO zones (id, tenant_id, subaccount_id, name, type, geometry, \
           min_lat, min_lng, max_lat, max_lng) \
         VALUES ($1, $2, $3, 'Matrix parking', 'parking', $4::jsonb, $5 - 0.01, $6 - 0.01, \
           $5 + 0.01, $6 + 0.01)",
    )
    .bind::<SqlUuid, _>(zone)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .bind::<Text, _>(geometry)
    .bind::<diesel::sql_types::Double, _>(lat)
    .bind::<diesel::sql_types::Double, _>(lng)
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO pricing_plans (id, tenant_id, subaccount_id, vehicle_type, name, \
           unlock_cents, per_minute_cents, pause_per_minute_cents, per_km_cents, currency) \
         VALUES ($1, $2, $3, 'scooter', 'Matrix scooters', 100, 25, 10, 0, 'EUR')",
    )
    .bind::<SqlUuid, _>(uuid::Uuid::now_v7())
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(subaccount.0)
    .execute(&mut conn)
    .await
    .unwrap();
    Rows {
        subaccount,
        vehicle: vehicle.to_string(),
        customer: customer.to_string(),
        zone: zone.to_string(),
    }
}

/// One endpoint of the matrix.
struct Endpoint {
    method: Method,
    /// With `{vehicle}`, `{customer}` or `{zone}` placeholders.
    path: &'static str,
    permission: Permission,
    body: Option<Value>,
}

fn endpoints() -> Vec<Endpoint> {
    let e = |method: Method, path, permission, body: Option<Value>| Endpoint {
        method,
        path,
        permission,
        body,
    };
    use Permission::*;
    vec![
        e(Method::GET, "/vehicles", VehiclesRead, None),
        e(
            Method::GET,
            "/vehicles/nearby?lat=52.52&lng=13.405&radius=10000",
            VehiclesRead,
            None,
        ),
        e(Method::GET, "/vehicles/{vehicle}", VehiclesRead, None),
        e(
            Method::POST,
            "/vehicles",
            VehiclesWrite,
            Some(json!({"type": "scooter"})),
        ),
        e(
            Method::PATCH,
            "/vehicles/{vehicle}",
            VehiclesWrite,
            Some(json!({"status": "maintenance"})),
        ),
        e(Method::DELETE, "/vehicles/{vehicle}", VehiclesWrite, None),
        e(Method::GET, "/customers", CustomersRead, None),
        e(Method::GET, "/customers/{customer}", CustomersRead, None),
        e(
            Method::POST,
            "/customers",
            CustomersWrite,
            Some(json!({"email": "new.rider@example.com"})),
        ),
        e(
            Method::PATCH,
            "/customers/{customer}",
            CustomersWrite,
            Some(json!({"name": "Renamed"})),
        ),
        e(
            Method::POST,
            "/customers/{customer}/block",
            CustomersWrite,
            Some(json!({"reason": "fraud"})),
        ),
        e(
            Method::POST,
            "/customers/{customer}/unblock",
            CustomersWrite,
            Some(json!({})),
        ),
        e(Method::GET, "/zones", ZonesRead, None),
        e(Method::GET, "/zones/{zone}", ZonesRead, None),
        e(Method::GET, "/pricing", PricingRead, None),
    ]
}

impl Endpoint {
    fn url(&self, rows: &Rows) -> String {
        format!(
            "{BASE}{}",
            self.path
                .replace("{vehicle}", &rows.vehicle)
                .replace("{customer}", &rows.customer)
                .replace("{zone}", &rows.zone)
        )
    }

    fn targets_a_row(&self) -> bool {
        self.path.contains('{')
    }

    fn is_list(&self) -> bool {
        self.method == Method::GET && !self.targets_a_row()
    }

    async fn call(&self, app: &TestApp, key: &str, rows: &Rows) -> common::Reply {
        let mut req = app
            .request(self.method.clone(), &self.url(rows))
            .header("X-Partner-Api-Key", key);
        if let Some(body) = &self.body {
            req = req.json(body);
        }
        app.send(req).await
    }
}

/// The ids every list row carries, whatever the list.
fn listed_ids(data: &Value) -> Vec<String> {
    data.as_array()
        .unwrap_or_else(|| panic!("list data is not an array: {data}"))
        .iter()
        .map(|row| row["id"].as_str().expect("row id").to_owned())
        .collect()
}

/// `subaccount_id` of every listed row.
fn listed_subaccounts(data: &Value) -> Vec<String> {
    data.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row["subaccount_id"]
                .as_str()
                .expect("subaccount_id")
                .to_owned()
        })
        .collect()
}

/// A digest of what the forbidden calls could have changed in `rows`.
async fn state_of(app: &TestApp, rows: &Rows) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct State {
        #[diesel(sql_type = Text)]
        s: String,
    }
    let mut conn = app.conn().await;
    let v: State =
        diesel::sql_query("SELECT status || updated_at::text AS s FROM vehicles WHERE id = $1")
            .bind::<SqlUuid, _>(rows.vehicle.parse::<uuid::Uuid>().unwrap())
            .get_result(&mut conn)
            .await
            .unwrap();
    let c: State = diesel::sql_query(
        "SELECT status || coalesce(name, '') || updated_at::text AS s FROM customers WHERE id = $1",
    )
    .bind::<SqlUuid, _>(rows.customer.parse::<uuid::Uuid>().unwrap())
    .get_result(&mut conn)
    .await
    .unwrap();
    vec![v.s, c.s]
}

async fn event_count(app: &TestApp) -> i64 {
    app.count_rows("events").await
}

fn all_permissions(new: NewKey) -> NewKey {
    NewKey {
        permissions: Some(PermissionSet::all()),
        ..new
    }
}

/// Asserts that `key` reaches exactly the subaccounts in `visible` among `all`: lists hold
/// only their rows, every id of the others answers 404 and leaves the rows unchanged.
async fn assert_reach(app: &TestApp, who: &str, key: &str, all: &[&Rows], visible: &[&Rows]) {
    let visible_subaccounts: Vec<String> =
        visible.iter().map(|r| r.subaccount.to_string()).collect();
    for endpoint in endpoints() {
        if endpoint.is_list() {
            let reply = endpoint.call(app, key, all[0]).await;
            let data = reply.ok();
            for sub in listed_subaccounts(data) {
                assert!(
                    visible_subaccounts.contains(&sub),
                    "{who}: {} {} lists a row of subaccount {sub}: {}",
                    endpoint.method,
                    endpoint.path,
                    reply.text
                );
            }
            let ids = listed_ids(data);
            for rows in visible {
                let expected = match endpoint.path.split('?').next().unwrap() {
                    "/vehicles" | "/vehicles/nearby" => Some(&rows.vehicle),
                    "/customers" => Some(&rows.customer),
                    "/zones" => Some(&rows.zone),
                    _ => None,
                };
                if let Some(id) = expected {
                    assert!(
                        ids.contains(id),
                        "{who}: {} {} misses {id}: {}",
                        endpoint.method,
                        endpoint.path,
                        reply.text
                    );
                }
            }
            continue;
        }
        if !endpoint.targets_a_row() {
            continue;
        }
        for rows in all
            .iter()
            .filter(|r| !visible.iter().any(|v| v.subaccount == r.subaccount))
        {
            let before = state_of(app, rows).await;
            let events_before = event_count(app).await;
            let reply = endpoint.call(app, key, rows).await;
            reply.error(404, "NOT_FOUND");
            assert_eq!(
                state_of(app, rows).await,
                before,
                "{who}: {} {} changed a row out of reach",
                endpoint.method,
                endpoint.path
            );
            assert_eq!(
                event_count(app).await,
                events_before,
                "{who}: event written"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_reach_exactly_their_tenant_subaccounts_and_mode() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Enterprise).await;
    let l1 = app.create_subaccount(tenant.id, false).await;
    let l2 = app.create_subaccount(tenant.id, false).await;
    let s1 = app.create_subaccount(tenant.id, true).await;
    let other = app.create_tenant(Plan::Enterprise).await;
    let other_live = app.create_subaccount(other.id, false).await;
    let other_sandbox = app.create_subaccount(other.id, true).await;

    let a1 = rows_in(&app, tenant.id, l1.id, 1, 52.52, 13.405).await;
    let a2 = rows_in(&app, tenant.id, l2.id, 2, 52.521, 13.406).await;
    let as1 = rows_in(&app, tenant.id, s1.id, 3, 52.522, 13.404).await;
    let b = rows_in(&app, other.id, other_live.id, 1, 52.5205, 13.4055).await;
    let bs = rows_in(&app, other.id, other_sandbox.id, 2, 52.5195, 13.4045).await;
    let all = [&a1, &a2, &as1, &b, &bs];

    let (_, global_live) = app.create_key(tenant.id, all_permissions(live_key())).await;
    assert_reach(&app, "global live key", &global_live, &all, &[&a1, &a2]).await;

    let (_, sub_key) = app
        .create_key(
            tenant.id,
            all_permissions(subaccount_key(KeyMode::Live, l1.id)),
        )
        .await;
    assert_reach(&app, "subaccount key", &sub_key, &all, &[&a1]).await;

    let (_, test) = app.create_key(tenant.id, all_permissions(test_key())).await;
    assert_reach(&app, "test key", &test, &all, &[&as1]).await;

    let (_, foreign) = app.create_key(other.id, all_permissions(live_key())).await;
    assert_reach(&app, "other tenant's key", &foreign, &all, &[&b]).await;

    // Creates cannot land outside the key's reach, whatever subaccount the body names.
    for (path, body) in [
        ("/vehicles", json!({"type": "scooter"})),
        ("/customers", json!({"email": "outside@example.com"})),
    ] {
        for target in [l2.id, s1.id, other_live.id] {
            let mut body = body.clone();
            body["subaccount_id"] = json!(target.to_string());
            let reply = app
                .send(
                    app.request(Method::POST, &format!("{BASE}{path}"))
                        .header("X-Partner-Api-Key", &sub_key)
                        .json(&body),
                )
                .await;
            reply.forbidden("subaccount_not_allowed");
        }
    }
    assert_eq!(event_count(&app).await, 0, "no event from refused creates");

    // X-Subaccount-Id narrows a global key to one subaccount.
    let reply = app
        .send(
            app.request(Method::GET, &format!("{BASE}/vehicles/{}", a2.vehicle))
                .header("X-Partner-Api-Key", &global_live)
                .header("X-Subaccount-Id", l1.id.to_string()),
        )
        .await;
    reply.error(404, "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_requires_its_permission() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant(Plan::Enterprise).await;
    let sub = app.create_subaccount(tenant.id, false).await;
    let rows = rows_in(&app, tenant.id, sub.id, 1, 52.52, 13.405).await;
    for endpoint in endpoints() {
        let mut without = PermissionSet::all();
        without.remove(endpoint.permission);
        let (_, key) = app
            .create_key(
                tenant.id,
                NewKey {
                    permissions: Some(without),
                    ..live_key()
                },
            )
            .await;
        let before = state_of(&app, &rows).await;
        let reply = endpoint.call(&app, &key, &rows).await;
        let error = reply.forbidden("missing_permission");
        assert_eq!(
            error["details"]["required"],
            json!(endpoint.permission.as_str()),
            "{} {}",
            endpoint.method,
            endpoint.path
        );
        assert_eq!(state_of(&app, &rows).await, before);
    }
    assert_eq!(event_count(&app).await, 0);
}
