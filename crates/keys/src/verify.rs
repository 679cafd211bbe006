//! Verifying a presented key on the request hot path.
//!
//! Verified keys are cached in process by SHA-256 hash, so a request with a known key does no
//! database round trip. Entries are dropped when the key or its tenant changes (locally at
//! once; on other instances through `LISTEN fleetgate_keys`) and after a short TTL. A
//! generation counter stops a lookup that raced an invalidation from caching stale data.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use time::OffsetDateTime;

use db::PgPool;
use fleet_domain::tenancy::store as tenancy_store;
use fleet_domain::{
    Actor, ApiKeyId, PermissionSet, PlanLimits, Principal, Scope, Subaccount, SubaccountId, Tenant,
    TenantStatus,
};

use crate::notify::{Change, CHANNEL};
use crate::store::{self, Lookup};
use crate::{secret, ApiKey, Error, IpAllowList, KeyScope, KeyStatus};

/// Safety net: a cached key is re-read at least this often even without a notification.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(30);
/// Upper bound on cached keys; past it the cache is cleared (keys are re-read on demand).
const MAX_CACHED: usize = 100_000;

/// Everything needed to authenticate with one key, as read from the database.
#[derive(Debug)]
pub struct CachedKey {
    pub key: ApiKey,
    pub tenant: Tenant,
    pub permissions: PermissionSet,
    pub allowed_ips: IpAllowList,
    /// The subaccounts the key reaches now: its list (or, for an empty global list, all of
    /// the tenant's) restricted to the tenant's subaccounts of the key's mode.
    pub subaccounts: Vec<SubaccountId>,
    /// The same subaccounts in full.
    pub subaccount_details: Vec<Subaccount>,
    loaded: Instant,
}

impl CachedKey {
    /// The limits in force: the key's overrides over its tenant's plan defaults.
    pub fn limits(&self) -> PlanLimits {
        self.key
            .overrides()
            .effective(self.tenant.plan.default_limits())
    }
}

/// A key that passed every check, and how it matched.
#[derive(Debug, Clone)]
pub struct VerifiedKey {
    pub entry: Arc<CachedKey>,
    /// The presented secret is the previous one, inside its grace period.
    pub via_grace: bool,
}

impl VerifiedKey {
    pub fn id(&self) -> ApiKeyId {
        self.entry.key.id
    }

    /// The principal for this request, narrowed to `selected` (`X-Subaccount-Id`).
    pub fn principal(&self, selected: Option<SubaccountId>) -> Result<Principal, Error> {
        let entry = &self.entry;
        let full = Scope::new(entry.tenant.id, entry.subaccounts.clone());
        let scope = match selected {
            Some(id) => full
                .narrowed_to(id)
                .map_err(|_| Error::SubaccountNotAllowed(id))?,
            None => full,
        };
        Ok(Principal {
            actor: Actor::ApiKey {
                id: entry.key.id,
                prefix: entry.key.prefix.clone(),
            },
            mode: Some(entry.key.mode),
            permissions: entry.permissions,
            plan: entry.tenant.plan,
            scope,
        })
    }
}

/// A presented key, parsed and hashed once per request.
#[derive(Debug, Clone)]
pub struct Presented {
    /// SHA-256 of a well-formed key; `None` when it is not of the key format.
    hash: Option<String>,
}

impl Presented {
    pub fn new(raw: &str) -> Self {
        Self {
            hash: secret::parse(raw).ok().map(|p| p.hash()),
        }
    }
}

/// The checks every presentation of a key passes: status, client IP, tenant status.
fn admit(entry: &CachedKey, client_ip: IpAddr, now: OffsetDateTime) -> Result<(), Error> {
    match entry.key.status(now) {
        KeyStatus::Revoked => return Err(Error::RevokedKey),
        KeyStatus::Expired => return Err(Error::ExpiredKey),
        KeyStatus::Disabled => return Err(Error::DisabledKey),
        KeyStatus::Active => {}
    }
    if !entry.allowed_ips.allows(client_ip) {
        return Err(Error::IpNotAllowed);
    }
    if entry.tenant.status != TenantStatus::Active {
        return Err(Error::TenantInactive);
    }
    Ok(())
}

pub struct KeyVerifier {
    pool: PgPool,
    cache: RwLock<HashMap<String, Arc<CachedKey>>>,
    /// The same entries by key id, for signed tokens (which name the key, not its secret).
    by_id: RwLock<HashMap<ApiKeyId, Arc<CachedKey>>>,
    generation: AtomicU64,
    ttl: Duration,
    /// Lookups under way by key hash: concurrent misses of one key wait for one database
    /// read (single flight) instead of each doing their own, e.g. after the cache is cleared.
    inflight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl KeyVerifier {
    pub fn new(pool: PgPool, ttl: Duration) -> Self {
        Self {
            pool,
            cache: RwLock::new(HashMap::new()),
            by_id: RwLock::new(HashMap::new()),
            generation: AtomicU64::new(0),
            ttl,
            inflight: Mutex::new(HashMap::new()),
        }
    }

    /// Checks a presented key (already trimmed) for a request from `client_ip` at `now`.
    pub async fn verify(
        &self,
        presented: &str,
        client_ip: IpAddr,
        now: OffsetDateTime,
    ) -> Result<VerifiedKey, Error> {
        self.verify_presented(&Presented::new(presented), client_ip, now)
            .await
    }

    /// [`verify`](Self::verify) for a key already parsed and hashed with [`Presented::new`].
    pub async fn verify_presented(
        &self,
        presented: &Presented,
        client_ip: IpAddr,
        now: OffsetDateTime,
    ) -> Result<VerifiedKey, Error> {
        let hash = presented.hash.as_deref().ok_or(Error::InvalidKey)?;
        let entry = match self.cached(hash) {
            Some(entry) => entry,
            None => self
                .load_single_flight(hash)
                .await?
                .ok_or(Error::InvalidKey)?,
        };
        let key = &entry.key;
        let via_grace = if secret::constant_time_eq(&key.key_hash, hash) {
            false
        } else {
            let current_previous = key
                .previous_key_hash
                .as_deref()
                .is_some_and(|prev| secret::constant_time_eq(prev, hash));
            let in_grace = key.previous_key_expires_at.is_some_and(|at| now < at);
            if !(current_previous && in_grace) {
                return Err(Error::InvalidKey);
            }
            true
        };
        admit(&entry, client_ip, now)?;
        Ok(VerifiedKey { entry, via_grace })
    }

    /// Checks the key a signed token names (already signature- and expiry-checked): it must
    /// exist, belong to the token's tenant, still have the secret the token was minted from
    /// (current, or previous within its grace period) and pass every check a key passes.
    /// `Ok(None)`: the token no longer matches its key (deleted, regenerated, other tenant).
    pub async fn verify_token(
        &self,
        claims: &crate::tokens::Claims,
        client_ip: IpAddr,
        now: OffsetDateTime,
    ) -> Result<Option<VerifiedKey>, Error> {
        let cached = self.by_id.read().ok().and_then(|m| {
            m.get(&claims.sub)
                .filter(|e| e.loaded.elapsed() < self.ttl)
                .cloned()
        });
        let entry = match cached {
            Some(entry) => entry,
            None => match self.load(Lookup::Id(claims.sub)).await? {
                Some(entry) => entry,
                None => return Ok(None),
            },
        };
        let key = &entry.key;
        if key.tenant_id != claims.tid {
            return Ok(None);
        }
        let via_grace = if claims.bound_to(&key.key_hash) {
            false
        } else if key
            .previous_key_hash
            .as_deref()
            .is_some_and(|h| claims.bound_to(h))
            && key.previous_key_expires_at.is_some_and(|at| now < at)
        {
            true
        } else {
            return Ok(None);
        };
        admit(&entry, client_ip, now)?;
        Ok(Some(VerifiedKey { entry, via_grace }))
    }

    /// Whether a verification of `presented` would be answered from the cache.
    pub fn is_cached(&self, presented: &str) -> bool {
        self.has_cached(&Presented::new(presented))
    }

    /// [`is_cached`](Self::is_cached) for an already hashed key.
    pub fn has_cached(&self, presented: &Presented) -> bool {
        presented
            .hash
            .as_deref()
            .is_some_and(|h| self.cached(h).is_some())
    }

    fn cached(&self, hash: &str) -> Option<Arc<CachedKey>> {
        let cache = self.cache.read().ok()?;
        cache
            .get(hash)
            .filter(|e| e.loaded.elapsed() < self.ttl)
            .cloned()
    }

    /// [`load`](Self::load) by hash, one lookup at a time per hash; whoever waited for a
    /// lookup of the same key takes its result from the cache.
    async fn load_single_flight(&self, hash: &str) -> Result<Option<Arc<CachedKey>>, Error> {
        let gate = match self.inflight.lock() {
            Ok(mut inflight) => inflight.entry(hash.to_owned()).or_default().clone(),
            Err(_) => return self.load(Lookup::Hash(hash)).await,
        };
        let result = {
            let _turn = gate.lock().await;
            match self.cached(hash) {
                Some(entry) => Ok(Some(entry)),
                None => self.load(Lookup::Hash(hash)).await,
            }
        };
        if let Ok(mut inflight) = self.inflight.lock() {
            // The map's handle and ours: nobody else is waiting on this key.
            if Arc::strong_count(&gate) <= 2 {
                inflight.remove(hash);
            }
        }
        result
    }

    /// Reads a key; a lookup that failed because its connection died (terminated backend,
    /// closed socket) is retried once on a fresh connection (the pool discards the dead one).
    async fn load(&self, lookup: Lookup<'_>) -> Result<Option<Arc<CachedKey>>, Error> {
        match self.load_once(lookup).await {
            Err(Error::Database(e)) if db::is_connection_error(&e) => {
                tracing::info!(error = %e, "key lookup lost its database connection; retrying once");
                self.load_once(lookup).await
            }
            other => other,
        }
    }

    async fn load_once(&self, lookup: Lookup<'_>) -> Result<Option<Arc<CachedKey>>, Error> {
        let generation = self.generation.load(Ordering::Acquire);
        let mut conn = self
            .pool
            .get()
            .await
            .map_err(|e| Error::Unavailable(e.to_string()))?;
        let Some((key, tenant)) = store::find(&mut conn, lookup).await? else {
            return Ok(None);
        };
        let sandbox = key.mode.sandbox();
        let of_mode = tenancy_store::list_subaccounts(&mut conn, tenant.id, Some(sandbox)).await?;
        drop(conn);
        let listed = key.subaccounts();
        let subaccount_details: Vec<Subaccount> = of_mode
            .into_iter()
            .filter(|s| match key.scope {
                KeyScope::Global if listed.is_empty() => true,
                _ => listed.contains(&s.id),
            })
            .collect();
        let subaccounts = subaccount_details.iter().map(|s| s.id).collect();
        let entry = Arc::new(CachedKey {
            permissions: key.permission_set(),
            // Stored lists were validated on write; an unreadable one allows nobody.
            allowed_ips: IpAllowList::parse(&key.allowed_ips).unwrap_or_else(|_| {
                IpAllowList::parse(&["0.0.0.0/32".to_owned()]).unwrap_or_default()
            }),
            subaccounts,
            subaccount_details,
            key,
            tenant,
            loaded: Instant::now(),
        });
        if let Ok(mut cache) = self.cache.write() {
            // Only cache what no invalidation has overtaken since the read began.
            if self.generation.load(Ordering::Acquire) == generation {
                if cache.len() >= MAX_CACHED {
                    cache.clear();
                }
                cache.insert(entry.key.key_hash.clone(), entry.clone());
                if let Some(prev) = &entry.key.previous_key_hash {
                    cache.insert(prev.clone(), entry.clone());
                }
                if let Ok(mut by_id) = self.by_id.write() {
                    if by_id.len() >= MAX_CACHED {
                        by_id.clear();
                    }
                    by_id.insert(entry.key.id, entry.clone());
                }
            }
        }
        Ok(Some(entry))
    }

    /// Drops cached entries touched by `change`.
    pub fn invalidate(&self, change: Change) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        let keep = |e: &Arc<CachedKey>| match change {
            Change::Key(id) => e.key.id != id,
            Change::Tenant(id) => e.tenant.id != id,
        };
        if let Ok(mut cache) = self.cache.write() {
            cache.retain(|_, e| keep(e));
        }
        if let Ok(mut by_id) = self.by_id.write() {
            by_id.retain(|_, e| keep(e));
        }
    }

    pub fn invalidate_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut cache) = self.cache.write() {
            cache.clear();
        }
        if let Ok(mut by_id) = self.by_id.write() {
            by_id.clear();
        }
    }

    pub fn cached_len(&self) -> usize {
        self.cache.read().map(|c| c.len()).unwrap_or(0)
    }

    /// Listens for key and tenant changes made by any process and invalidates accordingly.
    /// Runs until the task is dropped; reconnects with backoff whenever the listening
    /// connection drops, logging one warning per outage and one info on recovery. The cache is
    /// kept while disconnected (the TTL still bounds its age) and cleared once `LISTEN` is back,
    /// since notifications may have been missed; lookups after that are single-flight per key.
    /// `ready` is signalled once the first `LISTEN` is in place.
    pub async fn listen(
        self: Arc<Self>,
        database_url: String,
        ready: Option<tokio::sync::oneshot::Sender<()>>,
    ) {
        let mut ready = ready;
        let mut outage = db::Outage::new("key invalidation listener");
        loop {
            let result = self
                .listen_once(&database_url, &mut ready, &mut outage)
                .await;
            let error = match result {
                Ok(()) => "connection closed".to_owned(),
                Err(e) => e.to_string(),
            };
            let pause = outage.failed(&error);
            tokio::time::sleep(pause).await;
        }
    }

    async fn listen_once(
        &self,
        url: &str,
        ready: &mut Option<tokio::sync::oneshot::Sender<()>>,
        outage: &mut db::Outage,
    ) -> Result<(), tokio_postgres::Error> {
        let (client, mut connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        let pump = tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(message) = messages.next().await {
                match message {
                    Ok(tokio_postgres::AsyncMessage::Notification(n)) => {
                        if tx.send(n.payload().to_owned()).is_err() {
                            break;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::debug!(error = %e, "key invalidation connection error");
                        break;
                    }
                }
            }
        });
        client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
        // Anything cached before LISTEN took effect may have missed a notification.
        self.invalidate_all();
        outage.recovered();
        if let Some(ready) = ready.take() {
            let _ = ready.send(());
        }
        while let Some(payload) = rx.recv().await {
            match Change::parse(&payload) {
                Some(change) => self.invalidate(change),
                None => self.invalidate_all(),
            }
        }
        pump.abort();
        Ok(())
    }
}
