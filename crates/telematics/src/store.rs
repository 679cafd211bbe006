//! Telematics queries. Every function takes a connection (the service owns transactions) and
//! filters by tenant first; reads of tenant data also by the caller's subaccounts.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{
    Array, BigInt, Bool, Double, Float, Int2, Integer, Jsonb, Nullable, Text, Timestamptz, Untyped,
    Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;

use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Scope, TenantId};

/// A vehicle addressed by a batch, locked for the batch's transaction, with what the derived
/// events remember about it.
#[derive(Debug, Clone, QueryableByName)]
pub struct LockedVehicle {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub subaccount_id: Uuid,
    #[diesel(sql_type = Text)]
    pub vehicle_number: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub device_id: Option<String>,
    #[diesel(sql_type = Nullable<Double>)]
    pub latitude: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub longitude: Option<f64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_seen_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Jsonb)]
    pub metadata: Value,
    #[diesel(sql_type = Integer)]
    pub battery_low_threshold_percent: i32,
    /// `None`: no derived-event state yet (armed; the reference for the distance rule is
    /// the stored position). The state is on the locked vehicle row, so a batch that waited
    /// for another's lock reads the state that batch left (migration `vehicle_event_state`).
    #[diesel(sql_type = Nullable<Bool>)]
    pub battery_low_armed: Option<bool>,
    #[diesel(sql_type = Nullable<Double>)]
    pub event_latitude: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub event_longitude: Option<f64>,
    /// The time of the newest archived ping without events: its slot is taken, and so is
    /// every earlier slot that has one (migration `archive_slot_on_vehicle`).
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub archived_at: Option<OffsetDateTime>,
}

/// The vehicles of `tenant` in `subaccounts` named by id or device id, to be locked for the
/// batch's transaction.
pub struct VehicleLock<'a> {
    pub tenant: TenantId,
    pub subaccounts: &'a [Uuid],
    pub ids: &'a [Uuid],
    pub devices: &'a [String],
}

impl VehicleLock<'_> {
    /// Locks (in id order, so concurrent batches cannot deadlock each other) and returns the
    /// vehicles. The ids are joined as a set (`IN (SELECT unnest(…))`): `id = ANY(array)`
    /// would compare every row with every element once the planner falls back to a scan.
    /// Takes a shared connection so that it can be pipelined behind a `BEGIN`
    /// ([`Self::begin_and_run`]).
    pub async fn run(&self, conn: &AsyncPgConnection) -> QueryResult<Vec<LockedVehicle>> {
        let mut conn = conn;
        LockStmt(self).load(&mut conn).await
    }

    /// `BEGIN` and [`Self::run`] in one round trip. The connection pipelines futures polled
    /// together in the order of their first poll, and `BEGIN` (a simple query) goes out on
    /// its first poll, so the locking read always runs inside the transaction, also when it
    /// has yet to be prepared on this connection. The caller owns the transaction from here:
    /// it must end it with `COMMIT` or `ROLLBACK` on every path, also when this fails.
    pub async fn begin_and_run(&self, conn: &AsyncPgConnection) -> QueryResult<Vec<LockedVehicle>> {
        let mut shared = conn;
        // `join` polls its first future first (tokio's `join!` makes no such promise).
        let (begun, locked) =
            futures_util::future::join(shared.batch_execute("BEGIN"), self.run(conn)).await;
        begun?;
        locked
    }
}

const LOCK_SQL: &str = "SELECT v.id, v.subaccount_id, v.vehicle_number, v.device_id, v.latitude, \
       v.longitude, v.last_seen_at, v.metadata, s.battery_low_threshold_percent, \
       v.telematics_battery_low_armed AS battery_low_armed, \
       v.telematics_event_latitude AS event_latitude, \
       v.telematics_event_longitude AS event_longitude, \
       v.telematics_archived_at AS archived_at \
     FROM vehicles v \
     JOIN subaccounts s ON s.tenant_id = v.tenant_id AND s.id = v.subaccount_id \
     WHERE v.tenant_id = $1 AND v.subaccount_id = ANY($2) \
       AND v.id IN (SELECT unnest($3::uuid[]) \
                    UNION SELECT d.id FROM vehicles d \
                    WHERE d.tenant_id = $4 AND d.device_id = ANY($5)) \
     ORDER BY v.id \
     FOR NO KEY UPDATE OF v";

/// [`LOCK_SQL`] with its binds, as a statement type of its own so diesel caches it as a
/// prepared statement per connection (`sql_query` is parsed and planned on every call).
struct LockStmt<'a>(&'a VehicleLock<'a>);

impl QueryId for LockStmt<'_> {
    type QueryId = LockStmt<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for LockStmt<'_> {
    type SqlType = Untyped;
}

impl QueryFragment<Pg> for LockStmt<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let l = self.0;
        template(LOCK_SQL, &mut out, |n, out| match n {
            1 | 4 => out.push_bind_param::<SqlUuid, _>(&l.tenant.0),
            2 => out.push_bind_param::<Array<SqlUuid>, _>(l.subaccounts),
            3 => out.push_bind_param::<Array<SqlUuid>, _>(l.ids),
            5 => out.push_bind_param::<Array<Text>, _>(l.devices),
            _ => Err(placeholder_error()),
        })
    }
}

/// Emits `sql`, replacing its placeholders `$1`, `$2`, … (each once, in order) with the
/// binds `bind(n)` pushes.
fn template<'b>(
    sql: &'static str,
    out: &mut AstPass<'_, 'b, Pg>,
    mut bind: impl FnMut(usize, &mut AstPass<'_, 'b, Pg>) -> QueryResult<()>,
) -> QueryResult<()> {
    let mut rest = sql;
    let mut n = 0;
    while let Some(pos) = rest.find('$') {
        out.push_sql(&rest[..pos]);
        let digits = rest[pos + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        rest = &rest[pos + 1 + digits..];
        n += 1;
        bind(n, out)?;
    }
    out.push_sql(rest);
    Ok(())
}

fn placeholder_error() -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError("statement template: unexpected placeholder".into())
}

/// Everything one ingest writes, column by column (each bound as one array).
#[derive(Debug, Default)]
pub struct WriteSet {
    // Archive.
    pub a_id: Vec<Uuid>,
    pub a_tenant: Vec<Uuid>,
    pub a_subaccount: Vec<Uuid>,
    pub a_vehicle: Vec<Uuid>,
    pub a_ts: Vec<OffsetDateTime>,
    pub a_lat: Vec<f64>,
    pub a_lng: Vec<f64>,
    pub a_speed: Vec<Option<f32>>,
    pub a_heading: Vec<Option<f32>>,
    pub a_ignition: Vec<Option<bool>>,
    pub a_accuracy: Vec<Option<f32>>,
    pub a_battery: Vec<Option<i16>>,
    /// Comma-joined event names (names never contain commas), `None` without events.
    pub a_events: Vec<Option<String>>,
    /// A late ping (its slot is before the vehicle's newest archived one): the slot's
    /// `[from, to)`, archived only if the archive has no ping without events there.
    pub a_probe_from: Vec<Option<OffsetDateTime>>,
    pub a_probe_to: Vec<Option<OffsetDateTime>>,
    // Per vehicle of the batch: its newest ping, applied if `p_moves` (newer than the last
    // position), and the newest archived ping without events, if the batch archived one.
    pub p_tenant: Vec<Uuid>,
    pub p_vehicle: Vec<Uuid>,
    pub p_lat: Vec<f64>,
    pub p_lng: Vec<f64>,
    pub p_battery: Vec<Option<i32>>,
    pub p_ts: Vec<OffsetDateTime>,
    pub p_moves: Vec<bool>,
    pub p_archived_at: Vec<Option<OffsetDateTime>>,
    // The derived-event state after the batch, written with the last position.
    pub p_armed: Vec<bool>,
    pub p_event_lat: Vec<Option<f64>>,
    pub p_event_lng: Vec<Option<f64>>,
    // Outbox.
    pub e_id: Vec<Uuid>,
    pub e_tenant: Vec<Uuid>,
    pub e_subaccount: Vec<Uuid>,
    pub e_type: Vec<String>,
    pub e_data: Vec<Value>,
}

#[derive(Debug, QueryableByName)]
pub struct Written {
    #[diesel(sql_type = BigInt)]
    pub archived: i64,
    #[diesel(sql_type = BigInt)]
    pub moved: i64,
    #[diesel(sql_type = BigInt)]
    pub events: i64,
}

/// The whole write of a batch in one statement: archive insert (late pings only where their
/// slot has no ping without events yet), per vehicle the last position moved forward with the
/// derived-event state and the newest archived slot, outbox rows. The caller holds the row
/// locks of every vehicle in the set, so what it read of them is current and the late-ping
/// check cannot race another batch. An event no webhook endpoint subscribes to is stored as
/// already dispatched, so the dispatcher never reads or rewrites it and the commit sends no
/// `NOTIFY` (migration `outbox_fast_path`). That `EXISTS` is the dispatcher's own match
/// (`webhooks::dispatcher`): change both together. It is written out here because a SQL
/// function around it is not inlined (a sub-select), and calling one per event row cost
/// ~10 µs each (`auto_explain`, docs/performance.md).
pub async fn write(conn: &mut AsyncPgConnection, w: &WriteSet) -> QueryResult<Written> {
    WriteStmt(w).get_result(conn).await
}

const WRITE_SQL: &str = "WITH a AS ( \
           INSERT INTO telematics_pings (id, tenant_id, subaccount_id, vehicle_id, ts, \
             latitude, longitude, speed_kph, heading_deg, ignition, accuracy_m, battery_percent, \
             events) \
           SELECT u.id, u.tenant_id, u.subaccount_id, u.vehicle_id, u.ts, u.lat, u.lng, \
             u.speed, u.heading, u.ignition, u.accuracy, u.battery, \
             string_to_array(u.events, ',') \
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], \
             $6::float8[], $7::float8[], $8::float4[], $9::float4[], $10::bool[], \
             $11::float4[], $12::int2[], $13::text[], $14::timestamptz[], $15::timestamptz[]) \
             AS u(id, tenant_id, subaccount_id, vehicle_id, ts, lat, lng, speed, heading, \
               ignition, accuracy, battery, events, probe_from, probe_to) \
           WHERE u.probe_from IS NULL OR NOT EXISTS (SELECT 1 FROM telematics_pings t \
             WHERE t.tenant_id = u.tenant_id AND t.vehicle_id = u.vehicle_id \
               AND t.ts >= u.probe_from AND t.ts < u.probe_to AND t.events IS NULL) \
           RETURNING 1 \
         ), p AS ( \
           UPDATE vehicles v SET \
             latitude = CASE WHEN x.moves THEN x.lat ELSE v.latitude END, \
             longitude = CASE WHEN x.moves THEN x.lng ELSE v.longitude END, \
             battery_percent = CASE WHEN x.moves THEN COALESCE(x.battery, v.battery_percent) \
               ELSE v.battery_percent END, \
             last_seen_at = CASE WHEN x.moves THEN x.ts ELSE v.last_seen_at END, \
             telematics_battery_low_armed = CASE WHEN x.moves THEN x.armed \
               ELSE v.telematics_battery_low_armed END, \
             telematics_event_latitude = CASE WHEN x.moves THEN x.event_lat \
               ELSE v.telematics_event_latitude END, \
             telematics_event_longitude = CASE WHEN x.moves THEN x.event_lng \
               ELSE v.telematics_event_longitude END, \
             telematics_archived_at = COALESCE(x.archived_at, v.telematics_archived_at) \
           FROM unnest($16::uuid[], $17::uuid[], $18::float8[], $19::float8[], $20::int4[], \
             $21::timestamptz[], $22::bool[], $23::timestamptz[], $24::bool[], $25::float8[], \
             $26::float8[]) \
             AS x(tenant_id, id, lat, lng, battery, ts, moves, archived_at, armed, event_lat, \
               event_lng) \
           WHERE v.tenant_id = x.tenant_id AND v.id = x.id \
           RETURNING x.moves \
         ), e AS ( \
           INSERT INTO events (id, tenant_id, subaccount_id, event_type, data, dispatched_at) \
           SELECT u.id, u.tenant_id, u.subaccount_id, u.event_type, u.data, \
             CASE WHEN EXISTS (SELECT 1 FROM webhook_endpoints w \
                 WHERE w.tenant_id = u.tenant_id AND w.subaccount_id = u.subaccount_id \
                   AND w.active AND u.event_type = ANY (w.events)) THEN NULL \
               ELSE now() END \
           FROM unnest($27::uuid[], $28::uuid[], $29::uuid[], $30::text[], $31::jsonb[]) \
             AS u(id, tenant_id, subaccount_id, event_type, data) \
           RETURNING 1 \
         ) \
         SELECT (SELECT count(*) FROM a) AS archived, \
           (SELECT count(*) FROM p WHERE moves) AS moved, (SELECT count(*) FROM e) AS events";

/// [`WRITE_SQL`] with the [`WriteSet`]'s columns as binds (a prepared, cached statement).
struct WriteStmt<'a>(&'a WriteSet);

impl QueryId for WriteStmt<'_> {
    type QueryId = WriteStmt<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for WriteStmt<'_> {
    type SqlType = Untyped;
}

impl QueryFragment<Pg> for WriteStmt<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let w = self.0;
        template(WRITE_SQL, &mut out, |n, out| match n {
            1 => out.push_bind_param::<Array<SqlUuid>, _>(&w.a_id),
            2 => out.push_bind_param::<Array<SqlUuid>, _>(&w.a_tenant),
            3 => out.push_bind_param::<Array<SqlUuid>, _>(&w.a_subaccount),
            4 => out.push_bind_param::<Array<SqlUuid>, _>(&w.a_vehicle),
            5 => out.push_bind_param::<Array<Timestamptz>, _>(&w.a_ts),
            6 => out.push_bind_param::<Array<Double>, _>(&w.a_lat),
            7 => out.push_bind_param::<Array<Double>, _>(&w.a_lng),
            8 => out.push_bind_param::<Array<Nullable<Float>>, _>(&w.a_speed),
            9 => out.push_bind_param::<Array<Nullable<Float>>, _>(&w.a_heading),
            10 => out.push_bind_param::<Array<Nullable<Bool>>, _>(&w.a_ignition),
            11 => out.push_bind_param::<Array<Nullable<Float>>, _>(&w.a_accuracy),
            12 => out.push_bind_param::<Array<Nullable<Int2>>, _>(&w.a_battery),
            13 => out.push_bind_param::<Array<Nullable<Text>>, _>(&w.a_events),
            14 => out.push_bind_param::<Array<Nullable<Timestamptz>>, _>(&w.a_probe_from),
            15 => out.push_bind_param::<Array<Nullable<Timestamptz>>, _>(&w.a_probe_to),
            16 => out.push_bind_param::<Array<SqlUuid>, _>(&w.p_tenant),
            17 => out.push_bind_param::<Array<SqlUuid>, _>(&w.p_vehicle),
            18 => out.push_bind_param::<Array<Double>, _>(&w.p_lat),
            19 => out.push_bind_param::<Array<Double>, _>(&w.p_lng),
            20 => out.push_bind_param::<Array<Nullable<Integer>>, _>(&w.p_battery),
            21 => out.push_bind_param::<Array<Timestamptz>, _>(&w.p_ts),
            22 => out.push_bind_param::<Array<Bool>, _>(&w.p_moves),
            23 => out.push_bind_param::<Array<Nullable<Timestamptz>>, _>(&w.p_archived_at),
            24 => out.push_bind_param::<Array<Bool>, _>(&w.p_armed),
            25 => out.push_bind_param::<Array<Nullable<Double>>, _>(&w.p_event_lat),
            26 => out.push_bind_param::<Array<Nullable<Double>>, _>(&w.p_event_lng),
            27 => out.push_bind_param::<Array<SqlUuid>, _>(&w.e_id),
            28 => out.push_bind_param::<Array<SqlUuid>, _>(&w.e_tenant),
            29 => out.push_bind_param::<Array<SqlUuid>, _>(&w.e_subaccount),
            30 => out.push_bind_param::<Array<Text>, _>(&w.e_type),
            31 => out.push_bind_param::<Array<Jsonb>, _>(&w.e_data),
            _ => Err(placeholder_error()),
        })
    }
}

/// One archived ping.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = db::schema::telematics_pings, check_for_backend(diesel::pg::Pg))]
pub struct TrackPoint {
    pub id: Uuid,
    pub ts: OffsetDateTime,
    pub latitude: f64,
    pub longitude: f64,
    pub speed_kph: Option<f32>,
    pub heading_deg: Option<f32>,
    pub ignition: Option<bool>,
    pub accuracy_m: Option<f32>,
    pub battery_percent: Option<i16>,
    pub events: Option<Vec<String>>,
}

/// Is the vehicle in `scope`?
pub async fn vehicle_in_scope(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    vehicle: VehicleId,
) -> QueryResult<bool> {
    use db::schema::vehicles::dsl as v;
    let subaccounts: Vec<Uuid> = scope.subaccount_ids().iter().map(|s| s.0).collect();
    diesel::select(diesel::dsl::exists(
        v::vehicles
            .filter(v::tenant_id.eq(scope.tenant_id().0))
            .filter(v::subaccount_id.eq_any(subaccounts))
            .filter(v::id.eq(vehicle.0)),
    ))
    .get_result(conn)
    .await
}

/// A time window of one vehicle's track.
#[derive(Debug, Clone, Copy)]
pub struct TrackFilter {
    pub vehicle: VehicleId,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

fn track_query<'a>(
    scope: &Scope,
    f: &TrackFilter,
) -> db::schema::telematics_pings::BoxedQuery<'a, diesel::pg::Pg> {
    use db::schema::telematics_pings::dsl as t;
    let subaccounts: Vec<Uuid> = scope.subaccount_ids().iter().map(|s| s.0).collect();
    let mut q = t::telematics_pings
        .filter(t::tenant_id.eq(scope.tenant_id().0))
        .filter(t::subaccount_id.eq_any(subaccounts))
        .filter(t::vehicle_id.eq(f.vehicle.0))
        .into_boxed();
    if let Some(from) = f.from {
        q = q.filter(t::ts.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(t::ts.le(to));
    }
    q
}

/// A page of the track in `(ts, id)` order: `after` is the cursor's key.
pub async fn track(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    f: &TrackFilter,
    after: Option<(OffsetDateTime, Uuid)>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<TrackPoint>> {
    use db::schema::telematics_pings::dsl as t;
    let mut q = track_query(scope, f);
    if let Some((ts, id)) = after {
        q = q.filter(
            diesel::dsl::sql::<Bool>("(ts, id) > (")
                .bind::<Timestamptz, _>(ts)
                .sql(", ")
                .bind::<SqlUuid, _>(id)
                .sql(")"),
        );
    }
    q.order((t::ts, t::id))
        .limit(limit)
        .offset(offset)
        .select(TrackPoint::as_select())
        .load(conn)
        .await
}

pub async fn count_track(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    f: &TrackFilter,
) -> QueryResult<i64> {
    track_query(scope, f).count().get_result(conn).await
}

/// The archived positions of a vehicle in `[from, to]`, in time order (for ride distance).
pub async fn positions(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    vehicle: VehicleId,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> QueryResult<Vec<(f64, f64)>> {
    use db::schema::telematics_pings::dsl as t;
    t::telematics_pings
        .filter(t::tenant_id.eq(tenant.0))
        .filter(t::vehicle_id.eq(vehicle.0))
        .filter(t::ts.ge(from))
        .filter(t::ts.le(to))
        .order((t::ts, t::id))
        .select((t::latitude, t::longitude))
        .load(conn)
        .await
}

/// Deletes up to `limit` archived pings older than `before`; returns how many.
pub async fn purge_before(
    conn: &mut AsyncPgConnection,
    before: OffsetDateTime,
    limit: i64,
) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM telematics_pings WHERE ctid = ANY(ARRAY( \
           SELECT ctid FROM telematics_pings WHERE ts < $1 LIMIT $2))",
    )
    .bind::<Timestamptz, _>(before)
    .bind::<BigInt, _>(limit)
    .execute(conn)
    .await
}
