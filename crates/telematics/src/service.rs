//! Ingest: a batch of pings is validated, resolved against the caller's scope, and written
//! in ONE transaction together with the events it derives; single-ping requests that arrive
//! together are grouped into one such transaction (micro-batching), each request answered
//! only after its data committed. Live positions are published after the commit.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel_async::{
    AnsiTransactionManager, AsyncPgConnection, SimpleAsyncConnection, TransactionManager,
};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot, Mutex};
use uuid::Uuid;

use db::PgPool;
use fleet_domain::events::{Event, EventId, VehicleBatteryLow, VehicleLocationUpdated};
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Error as DomainError, Scope, SubaccountId, TenantId};

use crate::live::LiveHub;
use crate::model::{
    distance_m, IngestOutcome, LiveBatch, LivePosition, Parsed, Ping, RejectCode, Rejection,
    VehicleRef,
};
use crate::store::{self, LockedVehicle, WriteSet};
use crate::Error;

/// Tunables (the gateway reads them from `TELEMATICS_*`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// At most one archived ping without events per vehicle per this many seconds.
    pub archive_interval_s: u32,
    /// `vehicle.location_updated` after moving at least this far since the last one.
    pub location_min_distance_m: f64,
    /// How long a micro-batch waits for more single pings after its first.
    pub microbatch_window: Duration,
    /// Most requests in one micro-batch.
    pub microbatch_max: usize,
    /// Single-ping requests waiting for a micro-batch before senders wait (backpressure).
    pub microbatch_queue: usize,
    /// Micro-batches in flight at once (one collects while others commit).
    pub microbatch_flushers: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            archive_interval_s: 5,
            location_min_distance_m: 50.0,
            // 1 ms rather than 2: single-ping ingest is latency-bound (each request waits for
            // its commit), 7 850 -> 9 140 requests/s at 64 connections (docs/performance.md).
            microbatch_window: Duration::from_millis(1),
            microbatch_max: 512,
            microbatch_queue: 8_192,
            microbatch_flushers: 2,
        }
    }
}

/// Battery hysteresis: after `vehicle.battery_low` the event is re-armed only once the
/// battery is above threshold + this.
pub const BATTERY_REARM_MARGIN: i32 = 5;

/// One request's pings with the caller's scope.
#[derive(Debug)]
pub struct Group {
    pub scope: Scope,
    pub items: Vec<Parsed>,
}

struct Job {
    group: Group,
    reply: oneshot::Sender<Result<IngestOutcome, Error>>,
}

/// The ingest service: the pool, the settings, the live hub and the micro-batch queue.
#[derive(Clone)]
pub struct Telematics {
    pool: PgPool,
    settings: Arc<Settings>,
    live: LiveHub,
    queue: mpsc::Sender<Job>,
    stats: Arc<Stats>,
}

/// Counters for `/metrics` (pings accepted and rejected since start).
#[derive(Debug, Default)]
pub struct Stats {
    pub accepted: AtomicU64,
    pub rejected: AtomicU64,
}

impl Telematics {
    /// Starts the micro-batch flushers (they stop when every handle is dropped).
    pub fn start(pool: PgPool, settings: Settings, live: LiveHub) -> Self {
        let settings = Arc::new(settings);
        let (tx, rx) = mpsc::channel(settings.microbatch_queue.max(1));
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..settings.microbatch_flushers.max(1) {
            tokio::spawn(flusher(
                rx.clone(),
                pool.clone(),
                settings.clone(),
                live.clone(),
            ));
        }
        Self {
            pool,
            settings,
            live,
            queue: tx,
            stats: Arc::default(),
        }
    }

    /// Pings accepted and rejected since start (for metrics).
    pub fn stats(&self) -> (u64, u64) {
        (
            self.stats.accepted.load(Ordering::Relaxed),
            self.stats.rejected.load(Ordering::Relaxed),
        )
    }

    pub fn live(&self) -> &LiveHub {
        &self.live
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Ingests one request's parsed pings for `scope`. A single ping joins the current
    /// micro-batch; a batch is its own transaction. Returns after the commit.
    pub async fn ingest(&self, scope: &Scope, items: Vec<Parsed>) -> Result<IngestOutcome, Error> {
        let outcome = self.ingest_inner(scope, items).await?;
        self.stats
            .accepted
            .fetch_add(outcome.accepted as u64, Ordering::Relaxed);
        self.stats
            .rejected
            .fetch_add(outcome.rejected.len() as u64, Ordering::Relaxed);
        Ok(outcome)
    }

    async fn ingest_inner(
        &self,
        scope: &Scope,
        items: Vec<Parsed>,
    ) -> Result<IngestOutcome, Error> {
        let group = Group {
            scope: scope.clone(),
            items,
        };
        if group.items.iter().all(|p| p.is_err()) {
            // Nothing to write: answer without touching the database.
            return Ok(run_in_memory(group));
        }
        if group.items.len() == 1 {
            let (reply, rx) = oneshot::channel();
            self.queue
                .send(Job { group, reply })
                .await
                .map_err(|_| Error::BatchFailed("ingest queue closed".into()))?;
            return rx
                .await
                .map_err(|_| Error::BatchFailed("ingest worker stopped".into()))?;
        }
        // A task of its own: the request may go away, the transaction must not stop half-way.
        let (pool, settings) = (self.pool.clone(), self.settings.clone());
        let (mut outcomes, live) =
            tokio::spawn(async move { run(&pool, &settings, vec![group]).await })
                .await
                .map_err(|e| Error::BatchFailed(format!("ingest task: {e}")))??;
        self.live.publish_all(live);
        outcomes
            .pop()
            .ok_or_else(|| Error::BatchFailed("no outcome".into()))
    }
}

fn run_in_memory(group: Group) -> IngestOutcome {
    IngestOutcome {
        accepted: 0,
        rejected: group.items.into_iter().filter_map(Result::err).collect(),
    }
}

async fn flusher(
    rx: Arc<Mutex<mpsc::Receiver<Job>>>,
    pool: PgPool,
    settings: Arc<Settings>,
    live: LiveHub,
) {
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut jobs = vec![first];
            let deadline = tokio::time::Instant::now() + settings.microbatch_window;
            while jobs.len() < settings.microbatch_max {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(mpsc::error::TryRecvError::Disconnected) => break,
                    Err(mpsc::error::TryRecvError::Empty) => {
                        match tokio::time::timeout_at(deadline, rx.recv()).await {
                            Ok(Some(job)) => jobs.push(job),
                            Ok(None) | Err(_) => break,
                        }
                    }
                }
            }
            jobs
        };
        let (groups, replies): (Vec<Group>, Vec<_>) =
            jobs.into_iter().map(|j| (j.group, j.reply)).unzip();
        match run(&pool, &settings, groups).await {
            Ok((outcomes, batches)) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    // The requester may have gone away; its data is committed regardless.
                    let _ = reply.send(Ok(outcome));
                }
                live.publish_all(batches);
            }
            Err(e) => {
                tracing::error!(error = %e, requests = replies.len(), "telematics micro-batch failed");
                for reply in replies {
                    let _ = reply.send(Err(e.for_batch()));
                }
            }
        }
    }
}

/// Writes `groups` in one transaction on a pooled connection.
async fn run(
    pool: &PgPool,
    settings: &Settings,
    groups: Vec<Group>,
) -> Result<(Vec<IngestOutcome>, Vec<LiveBatch>), Error> {
    let mut conn = pool.get().await?;
    ingest_groups(&mut conn, settings, groups).await
}

/// The whole ingest of `groups` (each a request with its scope) in one transaction on
/// `conn`: lock the addressed vehicles, resolve and scope-check each ping, derive events,
/// then one statement writes archive, last positions, event state and outbox rows.
/// Returns each group's outcome (in order) and the live positions to publish.
///
/// The transaction is driven by hand rather than by diesel's `transaction()`, to send `BEGIN`
/// together with the first locking read (three round trips instead of four; single pings
/// wait for them, docs/performance.md). On any error it is rolled back here; should that fail
/// too, the connection is marked broken so that the pool discards it instead of handing out
/// a connection with an open transaction. The callers run this in a task of its own
/// ([`Telematics::ingest`], the flushers), so it is never dropped half-way either.
pub async fn ingest_groups(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    groups: Vec<Group>,
) -> Result<(Vec<IngestOutcome>, Vec<LiveBatch>), Error> {
    match ingest_in_transaction(conn, settings, &groups).await {
        Ok(done) => Ok(done),
        Err(e) => {
            if conn.batch_execute("ROLLBACK").await.is_err() {
                AnsiTransactionManager::transaction_manager_status_mut(conn).set_in_error();
            }
            Err(e)
        }
    }
}

async fn ingest_in_transaction(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    groups: &[Group],
) -> Result<(Vec<IngestOutcome>, Vec<LiveBatch>), Error> {
    // 1. Per tenant: the union of the callers' subaccounts and the vehicles named.
    let mut lookups: HashMap<TenantId, Lookup> = HashMap::new();
    for g in groups {
        let entry = lookups.entry(g.scope.tenant_id()).or_default();
        entry.0.extend(g.scope.subaccount_ids().iter().map(|s| s.0));
        for p in g.items.iter().flatten() {
            if let Some(id) = p.vehicle.vehicle_id() {
                entry.1.insert(id.0);
            }
            if let Some(d) = p.vehicle.device_id() {
                entry.2.insert(d.to_owned());
            }
        }
    }
    let mut vehicles: HashMap<(TenantId, Uuid), LockedVehicle> = HashMap::new();
    let mut devices: HashMap<(TenantId, String), Uuid> = HashMap::new();
    let mut tenants: Vec<_> = lookups.into_iter().collect();
    tenants.sort_by_key(|(t, _)| *t);
    let mut begun = false;
    for (tenant, (subs, ids, devs)) in tenants {
        if ids.is_empty() && devs.is_empty() {
            continue;
        }
        let subs: Vec<Uuid> = subs.into_iter().collect();
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let devs: Vec<String> = devs.into_iter().collect();
        let lock = store::VehicleLock {
            tenant,
            subaccounts: &subs,
            ids: &ids,
            devices: &devs,
        };
        let locked = if begun {
            lock.run(conn).await?
        } else {
            begun = true;
            lock.begin_and_run(conn).await?
        };
        for v in locked {
            if let Some(d) = &v.device_id {
                devices.insert((tenant, d.clone()), v.id);
            }
            vehicles.insert((tenant, v.id), v);
        }
    }

    // 2. Resolve each ping to a vehicle in its own request's scope.
    let mut outcomes = Vec::with_capacity(groups.len());
    let mut per_vehicle: HashMap<(TenantId, Uuid), Vec<&Ping>> = HashMap::new();
    for g in groups {
        let tenant = g.scope.tenant_id();
        let mut outcome = IngestOutcome::default();
        for (index, item) in g.items.iter().enumerate() {
            let ping = match item {
                Err(r) => {
                    outcome.rejected.push(r.clone());
                    continue;
                }
                Ok(p) => p,
            };
            let found = match &ping.vehicle {
                VehicleRef::Id(id) => Some(id.0),
                VehicleRef::Device(d) => devices.get(&(tenant, d.clone())).copied(),
                VehicleRef::Both(id, d) => devices
                    .get(&(tenant, d.clone()))
                    .copied()
                    .filter(|found| *found == id.0),
            }
            .and_then(|id| vehicles.get(&(tenant, id)))
            .filter(|v| g.scope.allows(SubaccountId(v.subaccount_id)));
            match found {
                Some(v) => {
                    outcome.accepted += 1;
                    per_vehicle.entry((tenant, v.id)).or_default().push(ping);
                }
                None => outcome.rejected.push(not_found(index, &ping.vehicle)),
            }
        }
        outcome.rejected.sort_by_key(|r| r.index);
        outcomes.push(outcome);
    }

    // 3. Per vehicle, in time order: archive selection, derived events, last position.
    let mut w = WriteSet::default();
    let mut live: HashMap<TenantId, Vec<LivePosition>> = HashMap::new();
    let interval = i64::from(settings.archive_interval_s.max(1));
    let mut keys: Vec<_> = per_vehicle.keys().copied().collect();
    keys.sort();
    for key in keys {
        let (tenant, vehicle_id) = key;
        let Some(v) = vehicles.get(&key) else {
            continue;
        };
        let Some(pings) = per_vehicle.get_mut(&key) else {
            continue;
        };
        pings.sort_by_key(|p| p.ts);
        let archived_at = archive(&mut w, tenant, v, pings, interval);
        if let Some(newest) = pings.last() {
            let moves = v.last_seen_at.is_none_or(|seen| newest.ts > seen);
            if !moves && archived_at.is_none() {
                continue;
            }
            // Not moving: the row only records the newest archived slot; the SQL keeps
            // position and event state as they are (the state pushed is not written).
            let (armed, reference) = if moves {
                derive(&mut w, settings, tenant, v, pings)?
            } else {
                (true, None)
            };
            w.p_armed.push(armed);
            w.p_event_lat.push(reference.map(|r| r.0));
            w.p_event_lng.push(reference.map(|r| r.1));
            w.p_tenant.push(tenant.0);
            w.p_vehicle.push(vehicle_id);
            w.p_lat.push(newest.lat);
            w.p_lng.push(newest.lng);
            w.p_battery.push(newest.battery_percent.map(i32::from));
            w.p_ts.push(newest.ts);
            w.p_moves.push(moves);
            w.p_archived_at.push(archived_at);
            if moves {
                live.entry(tenant).or_default().push(LivePosition {
                    vehicle_id: VehicleId(vehicle_id),
                    subaccount_id: SubaccountId(v.subaccount_id),
                    vehicle_number: v.vehicle_number.clone(),
                    lat: newest.lat,
                    lng: newest.lng,
                    ts: newest.ts,
                    speed_kph: newest.speed_kph,
                    heading_deg: newest.heading_deg,
                    battery_percent: newest.battery_percent,
                });
            }
        }
    }
    if !w.a_id.is_empty() || !w.p_vehicle.is_empty() {
        store::write(conn, &w).await?;
    }
    if begun {
        conn.batch_execute("COMMIT").await?;
    }
    let batches = live
        .into_iter()
        .map(|(tenant_id, positions)| LiveBatch {
            tenant_id,
            positions,
        })
        .collect();
    Ok((outcomes, batches))
}

/// Per tenant: the callers' subaccounts, the vehicle ids and the device ids named.
type Lookup = (BTreeSet<Uuid>, HashSet<Uuid>, HashSet<String>);

fn not_found(index: usize, vehicle: &VehicleRef) -> Rejection {
    let field = match vehicle {
        VehicleRef::Device(_) => "device_id",
        _ => "vehicle_id",
    };
    Rejection::new(
        index,
        RejectCode::VehicleNotFound,
        Some(field),
        "no such vehicle in the API key's scope",
    )
}

/// Down-sampling: the time slot of a ping (`floor(unix seconds / interval)`).
pub fn slot(ts: OffsetDateTime, interval_s: i64) -> i64 {
    ts.unix_timestamp().div_euclid(interval_s.max(1))
}

/// Chooses the pings to archive (`pings` in time order): every ping with events; of the
/// others at most one per slot. The vehicle row says which slot is taken (`archived_at`, the
/// newest archived ping without events): a ping in a later slot is archived, the first of
/// each such slot; one in the taken slot is dropped here; one in an earlier slot (late) is
/// sent with its slot's bounds, and the write archives it only if the slot has no ping
/// without events yet. Returns the newest ping archived into a later slot, if any (the
/// vehicle's new `archived_at`).
fn archive(
    w: &mut WriteSet,
    tenant: TenantId,
    v: &LockedVehicle,
    pings: &[&Ping],
    interval: i64,
) -> Option<OffsetDateTime> {
    let taken = v.archived_at.map(|t| slot(t, interval));
    let mut newest = None;
    let mut seen = HashSet::new();
    for p in pings {
        let mut probe = None;
        if p.events.is_empty() {
            let slot = slot(p.ts, interval);
            match taken {
                Some(t) if slot == t => continue,
                Some(t) if slot < t => match slot_bounds(slot, interval) {
                    Some(bounds) => probe = Some(bounds),
                    None => continue,
                },
                _ => {}
            }
            if !seen.insert(slot) {
                continue;
            }
            if probe.is_none() {
                newest = Some(p.ts);
            }
        }
        w.a_id.push(Uuid::now_v7());
        w.a_tenant.push(tenant.0);
        w.a_subaccount.push(v.subaccount_id);
        w.a_vehicle.push(v.id);
        w.a_ts.push(p.ts);
        w.a_lat.push(p.lat);
        w.a_lng.push(p.lng);
        w.a_speed.push(p.speed_kph);
        w.a_heading.push(p.heading_deg);
        w.a_ignition.push(p.ignition);
        w.a_accuracy.push(p.accuracy_m);
        w.a_battery.push(p.battery_percent);
        w.a_events
            .push((!p.events.is_empty()).then(|| p.events.join(",")));
        w.a_probe_from.push(probe.map(|b| b.0));
        w.a_probe_to.push(probe.map(|b| b.1));
    }
    newest
}

/// A slot's `[start, end)`.
fn slot_bounds(slot: i64, interval_s: i64) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let start = OffsetDateTime::from_unix_timestamp(slot.checked_mul(interval_s)?).ok()?;
    let end = start.checked_add(time::Duration::seconds(interval_s))?;
    Some((start, end))
}

/// Derived events from the pings newer than the vehicle's last position, in time order:
/// `vehicle.battery_low` with hysteresis, `vehicle.location_updated` per configured distance.
/// Returns the state to store with the new last position: armed, reference position.
fn derive(
    w: &mut WriteSet,
    settings: &Settings,
    tenant: TenantId,
    v: &LockedVehicle,
    pings: &[&Ping],
) -> Result<(bool, Option<(f64, f64)>), Error> {
    let has_state = v.battery_low_armed.is_some();
    let mut armed = v.battery_low_armed.unwrap_or(true);
    // Without state yet (no batch has derived for this vehicle) the reference is the
    // vehicle's stored position; it is stored with the new last position (returned below).
    let mut reference = match (v.event_latitude, v.event_longitude, has_state) {
        (Some(lat), Some(lng), _) => Some((lat, lng)),
        (_, _, true) => None,
        (_, _, false) => v.latitude.zip(v.longitude),
    };
    let threshold = v.battery_low_threshold_percent;
    let newer = pings
        .iter()
        .filter(|p| v.last_seen_at.is_none_or(|seen| p.ts > seen));
    for p in newer {
        if let Some(b) = p.battery_percent.map(i32::from) {
            if armed && b < threshold {
                armed = false;
                push_event(
                    w,
                    tenant,
                    Event::VehicleBatteryLow(VehicleBatteryLow {
                        vehicle_id: VehicleId(v.id),
                        vehicle_number: v.vehicle_number.clone(),
                        subaccount_id: SubaccountId(v.subaccount_id),
                        battery_percent: b,
                        threshold_percent: threshold,
                        latitude: p.lat,
                        longitude: p.lng,
                        metadata: v.metadata.clone(),
                        recorded_at: p.ts,
                    }),
                )?;
            } else if !armed && b > threshold + BATTERY_REARM_MARGIN {
                armed = true;
            }
        }
        let moved = reference.map(|(lat, lng)| distance_m(lat, lng, p.lat, p.lng));
        if moved.is_none_or(|d| d >= settings.location_min_distance_m) {
            push_event(
                w,
                tenant,
                Event::VehicleLocationUpdated(VehicleLocationUpdated {
                    vehicle_id: VehicleId(v.id),
                    vehicle_number: v.vehicle_number.clone(),
                    subaccount_id: SubaccountId(v.subaccount_id),
                    latitude: p.lat,
                    longitude: p.lng,
                    previous_latitude: reference.map(|r| r.0),
                    previous_longitude: reference.map(|r| r.1),
                    distance_m: moved.map(|d| (d * 10.0).round() / 10.0),
                    speed_kph: p.speed_kph.map(f64::from),
                    heading_deg: p.heading_deg.map(f64::from),
                    battery_percent: p.battery_percent.map(i32::from),
                    metadata: v.metadata.clone(),
                    recorded_at: p.ts,
                }),
            )?;
            reference = Some((p.lat, p.lng));
        }
    }
    Ok((armed, reference))
}

fn push_event(w: &mut WriteSet, tenant: TenantId, event: Event) -> Result<(), Error> {
    let data = event
        .data()
        .map_err(|e| DomainError::Internal(format!("event data: {e}")))?;
    w.e_id.push(EventId::new().0);
    w.e_tenant.push(tenant.0);
    w.e_subaccount.push(event.subaccount_id().0);
    w.e_type.push(event.event_type().as_str().to_owned());
    w.e_data.push(data);
    Ok(())
}
