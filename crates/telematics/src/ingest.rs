//! The ingest transaction: lock the addressed vehicles, resolve each ping in its request's
//! scope, choose what to archive and derive events per vehicle, then write everything with
//! one statement.

use std::collections::{BTreeSet, HashMap, HashSet};

use diesel_async::{
    AnsiTransactionManager, AsyncPgConnection, SimpleAsyncConnection, TransactionManager,
};
use uuid::Uuid;

use db::PgPool;
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{SubaccountId, TenantId};

use crate::archive::archive;
use crate::derive::derive;
use crate::model::{
    IngestOutcome, LiveBatch, LivePosition, Ping, RejectCode, Rejection, VehicleRef,
};
use crate::service::{Group, Settings};
use crate::store::{self, LockedVehicle, WriteSet};
use crate::Error;

/// Writes `groups` in one transaction on a pooled connection.
pub(crate) async fn run(
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
/// ([`crate::Telematics::ingest`], the flushers), so it is never dropped half-way either.
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
    let (locked, begun) = lock_vehicles(conn, groups).await?;
    let (outcomes, per_vehicle) = resolve(&locked, groups);
    let (w, live) = plan_writes(settings, &locked, per_vehicle)?;
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

/// The vehicles a transaction holds, by tenant and id, and their device ids.
#[derive(Default)]
struct Locked {
    vehicles: HashMap<(TenantId, Uuid), LockedVehicle>,
    devices: HashMap<(TenantId, String), Uuid>,
}

/// Step 1: per tenant, the union of the callers' subaccounts and the vehicles named, locked.
/// The first lock opens the transaction (`true` when one was opened).
async fn lock_vehicles(
    conn: &mut AsyncPgConnection,
    groups: &[Group],
) -> Result<(Locked, bool), Error> {
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
    let mut held = Locked::default();
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
                held.devices.insert((tenant, d.clone()), v.id);
            }
            held.vehicles.insert((tenant, v.id), v);
        }
    }
    Ok((held, begun))
}

/// The accepted pings of a transaction, by tenant and vehicle.
type PerVehicle<'a> = HashMap<(TenantId, Uuid), Vec<&'a Ping>>;

/// Step 2: resolves each ping to a locked vehicle in its own request's scope; each group's
/// outcome (in order) and the accepted pings per vehicle.
fn resolve<'a>(held: &Locked, groups: &'a [Group]) -> (Vec<IngestOutcome>, PerVehicle<'a>) {
    let mut outcomes = Vec::with_capacity(groups.len());
    let mut per_vehicle: PerVehicle<'a> = HashMap::new();
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
            let device = |d: &String| held.devices.get(&(tenant, d.clone())).copied();
            let found = match &ping.vehicle {
                VehicleRef::Id(id) => Some(id.0),
                VehicleRef::Device(d) => device(d),
                VehicleRef::Both(id, d) => device(d).filter(|found| *found == id.0),
            }
            .and_then(|id| held.vehicles.get(&(tenant, id)))
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
    (outcomes, per_vehicle)
}

/// Step 3: per vehicle, in time order: archive selection, derived events, last position.
/// Returns the rows to write and the live positions to publish after the commit.
fn plan_writes(
    settings: &Settings,
    held: &Locked,
    mut per_vehicle: PerVehicle<'_>,
) -> Result<(WriteSet, HashMap<TenantId, Vec<LivePosition>>), Error> {
    let mut w = WriteSet::default();
    let mut live: HashMap<TenantId, Vec<LivePosition>> = HashMap::new();
    let interval = i64::from(settings.archive_interval_s.max(1));
    let mut keys: Vec<_> = per_vehicle.keys().copied().collect();
    keys.sort();
    for key in keys {
        let (tenant, vehicle_id) = key;
        let Some(v) = held.vehicles.get(&key) else {
            continue;
        };
        let Some(pings) = per_vehicle.get_mut(&key) else {
            continue;
        };
        pings.sort_by_key(|p| p.ts);
        let archived_at = archive(&mut w, tenant, v, pings, interval);
        let Some(newest) = pings.last() else {
            continue;
        };
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
    Ok((w, live))
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
