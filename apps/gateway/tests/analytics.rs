//! Analytics buckets equal a brute-force computation over seeded rides, in the subaccount's
//! time zone (Europe/Berlin) across both DST changes of 2026, with rides right at bucket
//! boundaries, partial first and last buckets, and rides that must not count.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use diesel::sql_types::{BigInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};
use uuid::Uuid;

use common::{Reply, Rng, TestApp};
use fleet_domain::{Permission, Subaccount, TenantId};

// ---- seeding with plain SQL ---------------------------------------------------------------

struct Fleet {
    customer: Uuid,
    vehicle: Uuid,
}

async fn fleet(app: &TestApp, tenant: TenantId, sub: &Subaccount, n: i64) -> Fleet {
    let (customer, vehicle) = (Uuid::now_v7(), Uuid::now_v7());
    let mut conn = app.conn().await;
    diesel::sql_query(
        "INSERT INTO customers (id, tenant_id, subaccount_id, customer_number, email) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind::<SqlUuid, _>(customer)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(sub.id.0)
    .bind::<BigInt, _>(n)
    .bind::<Text, _>(format!("rider{n}@example.com"))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type) VALUES ($1, $2, $3, $4, 'scooter')",
    )
    .bind::<SqlUuid, _>(vehicle)
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(sub.id.0)
    .bind::<Text, _>(format!("V{n:03}"))
    .execute(&mut conn)
    .await
    .unwrap();
    Fleet { customer, vehicle }
}

#[derive(Debug, Clone, Copy)]
struct Ride {
    ended_at: OffsetDateTime,
    riding_seconds: i64,
    distance_m: i64,
    total_cents: i64,
}

async fn insert_ended(app: &TestApp, tenant: TenantId, sub: &Subaccount, f: &Fleet, r: Ride) {
    let mut conn = app.conn().await;
    diesel::sql_query(
        "INSERT INTO rides (id, tenant_id, subaccount_id, customer_id, vehicle_id, status, started_at, \
           ended_at, plan, riding_seconds, duration_minutes, distance_m, total_cents, payment_status) \
         VALUES ($1, $2, $3, $4, $5, 'ended', $6, $7, '{}', $8, 0, $9, $10, 'paid')",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(sub.id.0)
    .bind::<SqlUuid, _>(f.customer)
    .bind::<SqlUuid, _>(f.vehicle)
    .bind::<Timestamptz, _>(r.ended_at - Duration::seconds(r.riding_seconds + 30))
    .bind::<Timestamptz, _>(r.ended_at)
    .bind::<BigInt, _>(r.riding_seconds)
    .bind::<BigInt, _>(r.distance_m)
    .bind::<BigInt, _>(r.total_cents)
    .execute(&mut conn)
    .await
    .unwrap();
}

async fn insert_active(
    app: &TestApp,
    tenant: TenantId,
    sub: &Subaccount,
    f: &Fleet,
    started: OffsetDateTime,
) {
    let mut conn = app.conn().await;
    diesel::sql_query(
        "INSERT INTO rides (id, tenant_id, subaccount_id, customer_id, vehicle_id, status, started_at, plan) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, '{}')",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(tenant.0)
    .bind::<SqlUuid, _>(sub.id.0)
    .bind::<SqlUuid, _>(f.customer)
    .bind::<SqlUuid, _>(f.vehicle)
    .bind::<Timestamptz, _>(started)
    .execute(&mut conn)
    .await
    .unwrap();
}

async fn subaccount_in(
    app: &TestApp,
    tenant: TenantId,
    name: &str,
    tz: &str,
    currency: &str,
) -> Subaccount {
    let mut conn = app.conn().await;
    fleet_domain::tenancy::service::create_subaccount(
        &mut conn,
        tenant,
        fleet_domain::tenancy::NewSubaccount {
            name: name.into(),
            currency: currency.into(),
            timezone: tz.into(),
            sandbox: false,
        },
    )
    .await
    .unwrap()
}

// ---- brute force: Europe/Berlin by the EU rule, and buckets by definition ----------------

fn last_sunday(year: i32, month: Month) -> Date {
    let mut d = Date::from_calendar_date(year, month, month.length(year)).unwrap();
    while d.weekday() != Weekday::Sunday {
        d = d.previous_day().unwrap();
    }
    d
}

/// CEST (+2) from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00
/// UTC, CET (+1) otherwise.
fn berlin_offset(t: OffsetDateTime) -> UtcOffset {
    let y = t.year();
    let start = PrimitiveDateTime::new(
        last_sunday(y, Month::March),
        Time::from_hms(1, 0, 0).unwrap(),
    )
    .assume_utc();
    let end = PrimitiveDateTime::new(
        last_sunday(y, Month::October),
        Time::from_hms(1, 0, 0).unwrap(),
    )
    .assume_utc();
    UtcOffset::from_hms(if t >= start && t < end { 2 } else { 1 }, 0, 0).unwrap()
}

fn local(t: OffsetDateTime) -> PrimitiveDateTime {
    let l = t.to_offset(berlin_offset(t));
    PrimitiveDateTime::new(l.date(), l.time())
}

/// The instant of a local wall-clock time that exists once (midnights in Berlin do).
fn from_local(naive: PrimitiveDateTime) -> OffsetDateTime {
    for hours in [1, 2] {
        let o = UtcOffset::from_hms(hours, 0, 0).unwrap();
        let t = naive.assume_offset(o).to_offset(UtcOffset::UTC);
        if berlin_offset(t) == o {
            return t;
        }
    }
    panic!("{naive} does not exist once in Europe/Berlin");
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Iv {
    Hour,
    Day,
    Week,
}

fn bucket_of(t: OffsetDateTime, iv: Iv) -> OffsetDateTime {
    let l = local(t);
    match iv {
        Iv::Hour => {
            t - Duration::minutes(i64::from(l.minute()))
                - Duration::seconds(i64::from(l.second()))
                - Duration::nanoseconds(i64::from(l.nanosecond()))
        }
        Iv::Day => from_local(l.date().midnight()),
        Iv::Week => {
            let mut d = l.date();
            while d.weekday() != Weekday::Monday {
                d = d.previous_day().unwrap();
            }
            from_local(d.midnight())
        }
    }
}

fn next_bucket(start: OffsetDateTime, iv: Iv) -> OffsetDateTime {
    match iv {
        Iv::Hour => start + Duration::hours(1),
        Iv::Day => from_local((local(start).date() + Duration::days(1)).midnight()),
        Iv::Week => from_local((local(start).date() + Duration::weeks(1)).midnight()),
    }
}

#[derive(Debug, PartialEq)]
struct Expected {
    start: OffsetDateTime,
    end: OffsetDateTime,
    rides: i64,
    seconds: i64,
    metres: i64,
    cents: i64,
}

fn brute_force(rides: &[Ride], from: OffsetDateTime, to: OffsetDateTime, iv: Iv) -> Vec<Expected> {
    let mut out = Vec::new();
    let mut start = bucket_of(from, iv);
    while start < to {
        let end = next_bucket(start, iv);
        let inside: Vec<&Ride> = rides
            .iter()
            .filter(|r| {
                r.ended_at >= from && r.ended_at < to && r.ended_at >= start && r.ended_at < end
            })
            .collect();
        out.push(Expected {
            start,
            end,
            rides: inside.len() as i64,
            seconds: inside.iter().map(|r| r.riding_seconds).sum(),
            metres: inside.iter().map(|r| r.distance_m).sum(),
            cents: inside.iter().map(|r| r.total_cents).sum(),
        });
        start = end;
    }
    out
}

// ---- the test -----------------------------------------------------------------------------

fn at(s: &str) -> OffsetDateTime {
    OffsetDateTime::parse(s, &Rfc3339).unwrap()
}

fn rfc(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap().replace('+', "%2B")
}

async fn query(
    app: &TestApp,
    key: &str,
    sub: &Subaccount,
    what: &str,
    from: OffsetDateTime,
    to: OffsetDateTime,
    iv: &str,
) -> Reply {
    app.send(
        app.request(
            Method::GET,
            &format!(
                "/api/partner/v1/analytics/{what}?from={}&to={}&interval={iv}",
                rfc(from),
                rfc(to)
            ),
        )
        .header("X-Partner-Api-Key", key)
        .header("X-Subaccount-Id", sub.id.to_string()),
    )
    .await
}

/// A ride that must never be counted (another subaccount's or tenant's).
fn noise() -> Ride {
    Ride {
        ended_at: at("2026-03-29T00:30:00Z"),
        riding_seconds: 999,
        distance_m: 999,
        total_cents: 999,
    }
}

fn instant(v: &Value) -> OffsetDateTime {
    at(v.as_str().unwrap_or_else(|| panic!("not a timestamp: {v}")))
}

fn minutes(seconds: i64) -> f64 {
    (seconds as f64 / 60.0 * 100.0).round() / 100.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buckets_equal_a_brute_force_computation_across_dst_changes() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let tenant = seed.tenant.id;
    let berlin = &seed.subaccount;
    assert_eq!(berlin.timezone, "Europe/Berlin");
    let lisbon = subaccount_in(&app, tenant, "Lisbon", "Europe/Lisbon", "EUR").await;
    let key = app.key_with(tenant, &[Permission::AnalyticsRead]).await;

    let f = fleet(&app, tenant, berlin, 1).await;
    let mut rides: Vec<Ride> = [
        // Around local midnight before the spring change (CET).
        "2026-03-28T22:59:59.999999Z",
        "2026-03-28T23:00:00Z",
        // The night of the change: 01:30 CET, the switch instant (03:00 CEST), 03:30 CEST.
        "2026-03-29T00:30:00Z",
        "2026-03-29T01:00:00Z",
        "2026-03-29T01:30:00Z",
        // The end of that 23-hour day.
        "2026-03-29T21:59:59Z",
        "2026-03-29T22:00:00Z",
        // Autumn: 02:30 CEST and 02:30 CET, the same wall-clock hour twice.
        "2026-10-24T22:00:00Z",
        "2026-10-25T00:30:00Z",
        "2026-10-25T01:00:00Z",
        "2026-10-25T01:30:00Z",
        "2026-10-25T22:59:59Z",
        "2026-10-25T23:00:00Z",
        // Monday 00:00 local (a week boundary).
        "2026-03-29T22:00:00.000001Z",
        "2026-10-25T23:00:00.5Z",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| Ride {
        ended_at: at(s),
        riding_seconds: 61 + 37 * i as i64,
        distance_m: 500 + 123 * i as i64,
        total_cents: 100 + 17 * i as i64,
    })
    .collect();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for (base, days) in [
        (at("2026-03-15T00:00:00Z"), 30),
        (at("2026-10-10T00:00:00Z"), 30),
    ] {
        for _ in 0..60 {
            rides.push(Ride {
                ended_at: base + Duration::seconds(rng.next(days * 86_400) as i64),
                riding_seconds: 30 + rng.next(3_600) as i64,
                distance_m: rng.next(15_000) as i64,
                total_cents: 50 + rng.next(2_000) as i64,
            });
        }
    }
    for r in &rides {
        insert_ended(&app, tenant, berlin, &f, *r).await;
    }
    // Rides that never count for Berlin: unfinished, another subaccount, another tenant.
    insert_active(&app, tenant, berlin, &f, at("2026-03-29T00:10:00Z")).await;
    let fl = fleet(&app, tenant, &lisbon, 2).await;
    insert_ended(&app, tenant, &lisbon, &fl, noise()).await;
    let other = app.seed().await;
    let fo = fleet(&app, other.tenant.id, &other.subaccount, 3).await;
    insert_ended(&app, other.tenant.id, &other.subaccount, &fo, noise()).await;

    let cases = [
        (
            "2026-03-20T00:00:00+01:00",
            "2026-04-10T00:00:00+02:00",
            "day",
            Iv::Day,
        ),
        (
            "2026-10-15T00:00:00+02:00",
            "2026-11-05T00:00:00+01:00",
            "day",
            Iv::Day,
        ),
        // Unaligned ends: partial first and last buckets.
        (
            "2026-10-20T13:17:00Z",
            "2026-10-30T05:00:00Z",
            "day",
            Iv::Day,
        ),
        (
            "2026-03-28T20:00:00Z",
            "2026-03-29T05:00:00Z",
            "hour",
            Iv::Hour,
        ),
        (
            "2026-10-24T20:00:00Z",
            "2026-10-25T06:00:00Z",
            "hour",
            Iv::Hour,
        ),
        (
            "2026-03-28T22:59:59.999999Z",
            "2026-03-29T01:00:00Z",
            "hour",
            Iv::Hour,
        ),
        (
            "2026-03-01T00:00:00Z",
            "2026-11-15T00:00:00Z",
            "week",
            Iv::Week,
        ),
    ];
    let mut saw_empty = false;
    for (from, to, iv_name, iv) in cases {
        let (from, to) = (at(from), at(to));
        let want = brute_force(&rides, from, to, iv);
        assert!(
            want.iter().any(|b| b.rides > 0),
            "{from} {to}: nothing to compare"
        );
        saw_empty |= want.iter().any(|b| b.rides == 0);
        let reply = query(&app, &key, berlin, "rides", from, to, iv_name).await;
        let data = reply.ok();
        assert_eq!(data["timezone"], "Europe/Berlin");
        assert_eq!(data["interval"], iv_name);
        let got = data["buckets"].as_array().unwrap();
        assert_eq!(
            got.len(),
            want.len(),
            "{iv_name} {from} {to}: {}",
            reply.text
        );
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(instant(&g["start"]), w.start, "{g}");
            assert_eq!(instant(&g["end"]), w.end, "{g}");
            assert_eq!(g["rides"], w.rides, "{g} vs {w:?}");
            assert_eq!(
                g["riding_minutes"].as_f64().unwrap(),
                minutes(w.seconds),
                "{g}"
            );
            assert_eq!(
                g["distance_km"].as_f64().unwrap(),
                w.metres as f64 / 1000.0,
                "{g}"
            );
        }
        let total: i64 = want.iter().map(|b| b.rides).sum();
        assert_eq!(data["totals"]["rides"], total);

        let revenue = query(&app, &key, berlin, "revenue", from, to, iv_name).await;
        let data = revenue.ok();
        assert_eq!(data["currency"], "EUR");
        for (g, w) in data["buckets"].as_array().unwrap().iter().zip(&want) {
            assert_eq!(g["revenue_cents"], w.cents, "{g}");
            match w.rides {
                0 => assert!(g["average_fare_cents"].is_null()),
                n => assert_eq!(g["average_fare_cents"], (2 * w.cents + n) / (2 * n)),
            }
        }
    }

    assert!(saw_empty, "empty buckets were compared too");

    // The DST days are 23 and 25 hours long; the autumn night has two 02:00 hours.
    let rides = |from: &'static str, to: &'static str, iv: &'static str| {
        let (app, key) = (&app, &key);
        async move {
            let reply = query(app, key, berlin, "rides", at(from), at(to), iv).await;
            reply.ok()["buckets"].as_array().unwrap().clone()
        }
    };
    let length = |b: &Value| instant(&b["end"]) - instant(&b["start"]);
    let spring = rides(
        "2026-03-29T00:00:00+01:00",
        "2026-03-30T00:00:00+02:00",
        "day",
    )
    .await;
    assert_eq!(length(&spring[0]), Duration::hours(23));
    let autumn = rides(
        "2026-10-25T00:00:00+02:00",
        "2026-10-26T00:00:00+01:00",
        "day",
    )
    .await;
    assert_eq!(autumn.len(), 1);
    assert_eq!(length(&autumn[0]), Duration::hours(25));
    let hours = rides(
        "2026-10-25T00:00:00+02:00",
        "2026-10-26T00:00:00+01:00",
        "hour",
    )
    .await;
    assert_eq!(hours.len(), 25);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inputs_are_validated_and_mixed_time_zones_need_a_subaccount() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let key = app
        .key_with(seed.tenant.id, &[Permission::AnalyticsRead])
        .await;
    let get = |q: String| {
        let app = &app;
        let key = key.clone();
        async move {
            app.send(
                app.request(Method::GET, &format!("/api/partner/v1/analytics/rides?{q}"))
                    .header("X-Partner-Api-Key", key),
            )
            .await
        }
    };
    // Defaults: the last 30 days by day, every bucket present.
    let reply = get(String::new()).await;
    let n = reply.ok()["buckets"].as_array().unwrap().len();
    assert!((30..=31).contains(&n), "{n}");
    for (q, field) in [
        ("interval=minute", "interval"),
        ("from=yesterday", "from"),
        ("to=2026-01-01", "to"),
        ("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"),
        (
            "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=hour",
            "to",
        ),
    ] {
        let reply = get(q.to_owned()).await;
        assert_eq!(
            reply.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
            field,
            "{q}"
        );
    }
    subaccount_in(&app, seed.tenant.id, "Lisbon", "Europe/Lisbon", "EUR").await;
    common::eventually(std::time::Duration::from_secs(5), || async {
        let r = get(String::new()).await;
        (r.status == 400).then_some(r)
    })
    .await
    .map(|r| {
        assert_eq!(
            r.error(400, "VALIDATION_ERROR")["details"]["fields"][0]["field"],
            "X-Subaccount-Id"
        );
    })
    .expect("mixed zones refused");
    // Without analytics:read: 403.
    app.send(
        app.request(Method::GET, "/api/partner/v1/analytics/revenue")
            .header("X-Partner-Api-Key", &seed.secret),
    )
    .await
    .forbidden("missing_permission");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_aggregation_reads_the_partial_ended_index() {
    use fleet_domain::analytics::{series_sql, Interval};
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let mut conn = app.conn().await;
    // The test tables are tiny, so let the planner show whether the index can serve the
    // scan at all rather than preferring a sequential scan of a few pages.
    diesel::sql_query("SET enable_seqscan = off")
        .execute(&mut conn)
        .await
        .unwrap();
    #[derive(diesel::QueryableByName)]
    struct Plan {
        #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
        line: String,
    }
    for interval in Interval::ALL {
        let plan: Vec<Plan> = diesel::sql_query(format!("EXPLAIN {}", series_sql(interval)))
            .bind::<SqlUuid, _>(seed.tenant.id.0)
            .bind::<diesel::sql_types::Array<SqlUuid>, _>(vec![seed.subaccount.id.0])
            .bind::<Timestamptz, _>(at("2026-03-01T00:00:00Z"))
            .bind::<Timestamptz, _>(at("2026-04-01T00:00:00Z"))
            .bind::<Text, _>("Europe/Berlin")
            .load(&mut conn)
            .await
            .unwrap();
        let text: Vec<String> = plan.into_iter().map(|p| p.line).collect();
        assert!(
            text.iter()
                .any(|l| l.contains("rides_tenant_subaccount_ended_idx")),
            "{interval:?}:\n{}",
            text.join("\n")
        );
    }
}
