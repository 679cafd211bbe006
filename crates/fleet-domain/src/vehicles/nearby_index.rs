//! The nearby search kept in memory, per gateway instance, fed by a change feed.
//!
//! **Structure.** Per tenant, the tenant's vehicles that have a position, each as an
//! `Arc<Vehicle>` (the full row: a search answers without the database), in one R-tree
//! (`rstar`) per status. A point is stored as its unit vector on the sphere (x, y, z): the
//! straight-line (chord) distance between unit vectors grows strictly with the great-circle
//! distance, so the tree's nearest-neighbour walk visits vehicles nearest first, across the
//! antimeridian and the poles alike. The walk tests each vehicle against the scope's
//! subaccounts and the type, computes the same haversine distance as the SQL statement
//! ([`super::nearby::haversine_m`]), keeps those within the radius, and stops once the chord
//! distance passes the radius, or the `limit`-th distance found, by more than [`SLACK_M`]
//! (chord and haversine agree to ~1e-9 m); then it sorts by `(distance, id)` and cuts at
//! `limit`. The result is therefore the brute-force answer over the indexed rows.
//!
//! **Freshness.** Statement-level triggers record every insert, update and delete of
//! `vehicles` in `vehicle_changes` (ids and transaction id; migration
//! `2026-12-04-000301_vehicle_change_feed`). [`NearbyIndex::sync`] runs every
//! [`POLL_INTERVAL`] in one `REPEATABLE READ` snapshot: it loads the tenants asked for since
//! the last sync, reads the change rows written by transactions at or after the previous
//! snapshot's xmin (so a transaction that commits late is read on a later poll, whatever
//! order the ids commit in), skips rows it already applied, re-reads the changed vehicles and
//! replaces them in the index (a vehicle gone or without a position leaves it). A search uses
//! the index only when the last sync's snapshot is younger than the index's `max_lag`
//! (default [`MAX_LAG`]); otherwise, and for a tenant not loaded yet, the caller runs the SQL
//! statement. So a change committed `max_lag` ago is always in the answer, on every instance.
//! Every [`RELOAD_EVERY`] the loaded tenants are read again whole (the reconcile); a tenant
//! not searched for [`IDLE_EVICT`] is dropped. A feed that stopped longer than
//! [`STALE_DROP`] drops everything (change rows are kept [`RETENTION_MINUTES`]).
//!
//! **Memory.** About 0.7 KB per vehicle with a position: +68.5 MB RSS for the 100 000 of
//! `scripts/bench-nearby.sh` (the row with its strings and metadata, the tree entry, the id
//! map, allocator slack); see docs/performance.md.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockWriteGuard};
use std::time::{Duration, Instant};

use diesel_async::AsyncPgConnection;
use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::nearby::{haversine_m, NearbyQuery, EARTH_RADIUS_M};
use super::nearby_feed as feed;
use super::{NearbyParams, NearbyVehicle, Vehicle, VehicleId, VehicleStatus};
use crate::{Error, Scope, TenantId};

/// How often [`NearbyIndex::run`] syncs.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The oldest snapshot a search is answered from (then the SQL statement answers).
pub const MAX_LAG: Duration = Duration::from_millis(700);
/// Loaded tenants are read again whole this often.
pub const RELOAD_EVERY: Duration = Duration::from_secs(300);
/// A tenant not searched for this long leaves the index.
pub const IDLE_EVICT: Duration = Duration::from_secs(600);
/// A feed silent this long (database down) starts again from empty.
pub const STALE_DROP: Duration = Duration::from_secs(120);
/// Change rows older than this are deleted.
pub const RETENTION_MINUTES: i64 = 10;
/// Chord and haversine distances differ by far less than this (metres).
pub const SLACK_M: f64 = 1e-3;

/// A vehicle in a tree; equal only to itself (removal finds the exact entry).
#[derive(Debug, Clone)]
struct Slot(Arc<Vehicle>);

impl PartialEq for Slot {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

type Entry = GeomWithData<[f64; 3], Slot>;

/// The unit vector of a position given in degrees.
fn unit_vector(lat: f64, lng: f64) -> [f64; 3] {
    let (p, l) = (lat.to_radians(), lng.to_radians());
    [p.cos() * l.cos(), p.cos() * l.sin(), p.sin()]
}

/// Metres along the sphere for a squared chord between unit vectors.
fn chord2_to_m(d2: f64) -> f64 {
    2.0 * EARTH_RADIUS_M * (d2.sqrt() / 2.0).min(1.0).asin()
}

fn entry(v: &Arc<Vehicle>) -> Option<Entry> {
    Some(GeomWithData::new(
        unit_vector(v.latitude?, v.longitude?),
        Slot(v.clone()),
    ))
}

/// One tenant's positioned vehicles.
#[derive(Default)]
struct TenantIndex {
    rows: HashMap<VehicleId, Entry>,
    trees: HashMap<VehicleStatus, RTree<Entry>>,
    /// Milliseconds since the index's epoch of the last search.
    used: AtomicU64,
}

impl TenantIndex {
    fn build(vehicles: Vec<Vehicle>) -> Self {
        let mut rows = HashMap::with_capacity(vehicles.len());
        let mut by_status: HashMap<VehicleStatus, Vec<Entry>> = HashMap::new();
        for v in vehicles {
            let v = Arc::new(v);
            if let Some(e) = entry(&v) {
                by_status.entry(v.status).or_default().push(e.clone());
                rows.insert(v.id, e);
            }
        }
        let trees = by_status
            .into_iter()
            .map(|(s, entries)| (s, RTree::bulk_load(entries)))
            .collect();
        Self {
            rows,
            trees,
            used: AtomicU64::new(0),
        }
    }

    fn remove(&mut self, id: VehicleId) {
        if let Some(old) = self.rows.remove(&id) {
            if let Some(tree) = self.trees.get_mut(&old.data.0.status) {
                tree.remove(&old);
            }
        }
    }

    /// Replaces (or removes, when `row` is `None` or has no position) one vehicle.
    fn apply(&mut self, id: VehicleId, row: Option<Vehicle>) {
        self.remove(id);
        if let Some(e) = row.map(Arc::new).as_ref().and_then(entry) {
            self.trees
                .entry(e.data.0.status)
                .or_default()
                .insert(e.clone());
            self.rows.insert(id, e);
        }
    }

    fn search(&self, scope: &Scope, q: &NearbyQuery) -> Vec<NearbyVehicle> {
        let Some(tree) = self.trees.get(&q.status) else {
            return Vec::new();
        };
        let limit = usize::try_from(q.limit).unwrap_or(usize::MAX);
        let subaccounts = scope.subaccount_ids();
        let mut found: Vec<(f64, &Arc<Vehicle>)> = Vec::with_capacity(limit + 8);
        let (mut bound, mut farthest) = (q.radius_m, 0.0_f64);
        for (e, d2) in tree.nearest_neighbor_iter_with_distance_2(unit_vector(q.lat, q.lng)) {
            if chord2_to_m(d2) > bound + SLACK_M {
                break;
            }
            let v = &e.data.0;
            if !subaccounts.contains(&v.subaccount_id)
                || q.vehicle_type.is_some_and(|t| t != v.vehicle_type)
            {
                continue;
            }
            let (Some(lat), Some(lng)) = (v.latitude, v.longitude) else {
                continue;
            };
            let d = haversine_m(q.lat, q.lng, lat, lng);
            if d > q.radius_m {
                continue;
            }
            found.push((d, v));
            farthest = farthest.max(d);
            // `limit` vehicles lie within `farthest`: nothing farther can be in the answer.
            if found.len() == limit {
                bound = bound.min(farthest);
            }
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        found.truncate(limit);
        found
            .into_iter()
            .map(|(distance_m, v)| NearbyVehicle {
                vehicle: Vehicle::clone(v),
                distance_m,
            })
            .collect()
    }
}

#[derive(Default)]
struct Feed {
    /// The xmin of the last snapshot applied.
    xmin: Option<i64>,
    /// Change rows applied whose transaction id is `>= xmin` (they can come back).
    applied: HashMap<i64, i64>,
    reloaded: Option<Instant>,
    pruned: Option<Instant>,
}

/// The in-memory nearby index of one instance (see the module doc).
pub struct NearbyIndex {
    enabled: bool,
    max_lag: Duration,
    epoch: Instant,
    tenants: RwLock<HashMap<TenantId, TenantIndex>>,
    /// Tenants searched for but not loaded.
    wanted: Mutex<HashSet<TenantId>>,
    /// Milliseconds since `epoch` at which the last applied snapshot was taken, plus one
    /// (0: never).
    synced: AtomicU64,
    feed: tokio::sync::Mutex<Feed>,
}

/// What one [`NearbyIndex::sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub tenants_loaded: usize,
    pub changes: usize,
    pub vehicles_applied: usize,
}

impl NearbyIndex {
    /// An index that answers from memory once synced (`max_lag`: see the module doc).
    pub fn new(max_lag: Duration) -> Self {
        Self {
            enabled: true,
            max_lag,
            epoch: Instant::now(),
            tenants: RwLock::default(),
            wanted: Mutex::default(),
            synced: AtomicU64::new(0),
            feed: tokio::sync::Mutex::default(),
        }
    }

    /// An index that never answers: every search goes to the SQL statement.
    pub fn disabled() -> Self {
        Self {
            enabled: false,
            ..Self::new(MAX_LAG)
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    fn millis(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX)
    }

    /// How old the last applied snapshot is (`None`: never synced).
    pub fn lag(&self) -> Option<Duration> {
        match self.synced.load(Ordering::Acquire) {
            0 => None,
            at => Some(
                Instant::now()
                    .saturating_duration_since(self.epoch + Duration::from_millis(at - 1)),
            ),
        }
    }

    /// Is `tenant` loaded?
    pub fn has_tenant(&self, tenant: TenantId) -> bool {
        self.tenants
            .read()
            .map(|t| t.contains_key(&tenant))
            .unwrap_or(false)
    }

    /// The search from memory, `Ok(None)` when the index cannot answer (disabled, tenant not
    /// loaded yet — it is then loaded by the next sync — or the last sync too old): the
    /// caller runs [`super::service::nearby_vehicles`].
    pub fn search(
        &self,
        scope: &Scope,
        params: &NearbyParams,
    ) -> Result<Option<Vec<NearbyVehicle>>, Error> {
        let query = NearbyQuery::parse(params)?;
        if !self.enabled || self.lag().is_none_or(|lag| lag > self.max_lag) {
            if self.enabled {
                self.want(scope.tenant_id());
            }
            return Ok(None);
        }
        let Ok(tenants) = self.tenants.read() else {
            return Ok(None);
        };
        let Some(index) = tenants.get(&scope.tenant_id()) else {
            drop(tenants);
            self.want(scope.tenant_id());
            return Ok(None);
        };
        index
            .used
            .store(self.millis(Instant::now()), Ordering::Relaxed);
        Ok(Some(index.search(scope, &query)))
    }

    /// The loaded tenants, for writing. A panic while they were held (a bug) leaves them in
    /// an unknown state: start again from empty, and every tenant is loaded afresh when it is
    /// next searched for (searches go to SQL meanwhile) instead of failing from then on.
    fn tenants_mut(&self) -> RwLockWriteGuard<'_, HashMap<TenantId, TenantIndex>> {
        self.tenants.write().unwrap_or_else(|poisoned| {
            tracing::error!("nearby index: a panic left it in an unknown state; rebuilding it");
            let mut tenants = poisoned.into_inner();
            tenants.clear();
            self.tenants.clear_poison();
            tenants
        })
    }

    fn want(&self, tenant: TenantId) {
        if let Ok(mut wanted) = self.wanted.lock() {
            wanted.insert(tenant);
        }
    }

    /// One sync (see the module doc): load the tenants asked for, apply the change feed,
    /// reload every loaded tenant when due, evict idle tenants, prune old change rows.
    pub async fn sync(&self, conn: &mut AsyncPgConnection) -> Result<SyncReport, Error> {
        let mut feed = self.feed.lock().await;
        let started = Instant::now();
        let last = self.synced.load(Ordering::Acquire);
        if last != 0
            && self.millis(started).saturating_sub(last - 1) > STALE_DROP.as_millis() as u64
        {
            // Change rows may have been pruned meanwhile: start again from empty.
            let mut tenants = self.tenants_mut();
            let old: Vec<TenantId> = tenants.keys().copied().collect();
            tenants.clear();
            old.into_iter().for_each(|t| self.want(t));
            *feed = Feed::default();
        }
        let idle_before = self
            .millis(started)
            .saturating_sub(IDLE_EVICT.as_millis() as u64);
        let loaded: Vec<TenantId> = {
            let mut tenants = self.tenants_mut();
            tenants.retain(|_, t| t.used.load(Ordering::Relaxed) >= idle_before);
            tenants.keys().copied().collect()
        };
        let reload = feed.reloaded.is_none_or(|at| at.elapsed() >= RELOAD_EVERY);
        let mut to_load: Vec<TenantId> = self
            .wanted
            .lock()
            .map(|mut w| w.drain().collect())
            .unwrap_or_default();
        to_load.retain(|t| !loaded.contains(t));
        let (incremental, full): (Vec<TenantId>, Vec<TenantId>) = if reload {
            to_load.extend(loaded.iter().copied());
            (Vec::new(), to_load)
        } else {
            (loaded, to_load)
        };
        let since = feed.xmin;
        let skip: HashSet<i64> = feed.applied.keys().copied().collect();
        let (xmin, built, changes, rows) = conn
            .build_transaction()
            .repeatable_read()
            .read_only()
            .run(async |conn| {
                let xmin = feed::snapshot_xmin(conn).await?;
                let mut built = Vec::with_capacity(full.len());
                for t in &full {
                    built.push((*t, feed::positioned_vehicles(conn, *t).await?));
                }
                let (mut changes, mut rows) = (Vec::new(), Vec::new());
                if let (Some(since), false) = (since, incremental.is_empty()) {
                    changes = feed::changes_since(conn, &incremental, since).await?;
                    changes.retain(|c| !skip.contains(&c.id));
                    let ids: HashSet<VehicleId> = changes
                        .iter()
                        .flat_map(|c| c.vehicle_ids.iter().map(|id| VehicleId(*id)))
                        .collect();
                    let ids: Vec<VehicleId> = ids.into_iter().collect();
                    let found = feed::vehicles_by_id(conn, &incremental, &ids).await?;
                    let mut found: HashMap<VehicleId, Vehicle> =
                        found.into_iter().map(|v| (v.id, v)).collect();
                    rows = ids.into_iter().map(|id| (id, found.remove(&id))).collect();
                }
                Ok::<_, diesel::result::Error>((xmin, built, changes, rows))
            })
            .await?;
        let report = SyncReport {
            tenants_loaded: built.len(),
            changes: changes.len(),
            vehicles_applied: rows.len(),
        };
        // Build the loaded tenants outside the lock, then swap them in with the changes.
        let built: Vec<(TenantId, TenantIndex)> = built
            .into_iter()
            .map(|(t, vehicles)| (t, TenantIndex::build(vehicles)))
            .collect();
        {
            let mut tenants = self.tenants_mut();
            let now = self.millis(Instant::now());
            for (t, index) in built {
                let used = tenants
                    .get(&t)
                    .map_or(now, |old| old.used.load(Ordering::Relaxed));
                index.used.store(used, Ordering::Relaxed);
                tenants.insert(t, index);
            }
            for (id, row) in rows {
                match row.as_ref().map(|v| v.tenant_id) {
                    Some(t) => {
                        if let Some(index) = tenants.get_mut(&t) {
                            index.apply(id, row);
                        }
                    }
                    // Deleted: its tenant is not known any more; ids are unique.
                    None => tenants.values_mut().for_each(|index| index.remove(id)),
                }
            }
        }
        for c in &changes {
            feed.applied.insert(c.id, c.xid);
        }
        feed.applied.retain(|_, xid| *xid >= xmin);
        feed.xmin = Some(xmin);
        if reload {
            feed.reloaded = Some(started);
        }
        self.synced
            .store(self.millis(started) + 1, Ordering::Release);
        if feed
            .pruned
            .is_none_or(|at| at.elapsed() >= Duration::from_secs(60))
        {
            feed.pruned = Some(started);
            feed::prune(conn, RETENTION_MINUTES).await?;
        }
        Ok(report)
    }

    /// Syncs every [`POLL_INTERVAL`] until the task is dropped; errors are logged and the
    /// next tick tries again (searches fall back to SQL meanwhile).
    pub async fn run(self: Arc<Self>, pool: db::PgPool) {
        if !self.enabled {
            return;
        }
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let result = match pool.get().await {
                Ok(mut conn) => self.sync(&mut conn).await,
                Err(e) => Err(Error::Internal(format!("pool: {e}"))),
            };
            if let Err(e) = result {
                tracing::warn!(error = %e, "nearby index sync failed");
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn chord_order_is_great_circle_order() {
        let c = unit_vector(52.52, 13.405);
        for (lat, lng) in [
            (52.5201, 13.405),
            (52.53, 13.41),
            (52.0, 13.0),
            (-33.9, 151.2),
            (52.52, -166.595),
        ] {
            let p = unit_vector(lat, lng);
            let d2: f64 = c.iter().zip(&p).map(|(a, b)| (a - b).powi(2)).sum();
            let h = haversine_m(52.52, 13.405, lat, lng);
            assert!(
                (chord2_to_m(d2) - h).abs() < 1e-6 * h.max(1.0),
                "{lat},{lng}"
            );
        }
    }

    /// A tenant is bulk-loaded, then changes are inserted one by one. rstar before 0.14 built
    /// trees with leaves on different levels for some sizes (49–54 points in 3D) and the
    /// next insertion panicked ("This is a bug in rstar"), which poisoned the index.
    #[test]
    fn inserts_after_a_bulk_load_of_any_size() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in 1_usize..=160 {
            let mut point = || unit_vector(52.4 + 0.2 * next(), 13.2 + 0.4 * next());
            let points: Vec<[f64; 3]> = (0..n).map(|_| point()).collect();
            let mut tree = RTree::bulk_load(points.clone());
            for p in points.iter().step_by(3) {
                assert!(tree.remove(p).is_some());
            }
            for _ in 0..2 * n {
                tree.insert(point());
            }
            assert_eq!(tree.size(), n - n.div_ceil(3) + 2 * n, "n = {n}");
        }
    }
}
