//! Live fan-out of positions (SPEC §10). Every instance keeps one in-process
//! `tokio::sync::broadcast` channel that its stream subscribers read. With Redis, ingest
//! publishes each committed batch to one Redis pub/sub channel and every instance (this one
//! included) forwards what it hears into its broadcast channel, so a subscriber on instance
//! A sees pings ingested on instance B. Without Redis, ingest sends to the broadcast channel
//! directly. Nobody waits on a subscriber: a subscriber that falls more than the channel's
//! capacity behind is told it lagged and its stream is ended ("slow consumers are dropped").

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{broadcast, mpsc, oneshot};

use fleet_domain::vehicles::VehicleId;
use fleet_domain::Scope;

use crate::model::{LiveBatch, LivePosition};

/// The Redis channel all instances publish to and subscribe to.
pub const REDIS_CHANNEL: &str = "fleetgate:telematics:live";
/// Batches waiting for the Redis publisher before new ones are dropped (counted).
const PUBLISH_QUEUE: usize = 4_096;
const PUBLISH_TIMEOUT: Duration = Duration::from_millis(500);
const RECONNECT_EVERY: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct LiveHub {
    inner: Arc<Inner>,
}

struct Inner {
    local: broadcast::Sender<Arc<LiveBatch>>,
    redis: Option<mpsc::Sender<Arc<LiveBatch>>>,
    dropped: AtomicU64,
}

impl LiveHub {
    /// One instance, no Redis: ingest feeds the subscribers directly.
    pub fn in_process(capacity: usize) -> Self {
        let (local, _) = broadcast::channel(capacity.max(1));
        Self {
            inner: Arc::new(Inner {
                local,
                redis: None,
                dropped: AtomicU64::new(0),
            }),
        }
    }

    /// Across instances through Redis pub/sub. Starts the publisher and the subscriber
    /// tasks (both reconnect on their own) and waits up to `ready_within` for the
    /// subscription, so pings published right after start-up are heard.
    pub async fn with_redis(
        url: &str,
        capacity: usize,
        ready_within: Duration,
    ) -> Result<(Self, Vec<tokio::task::JoinHandle<()>>), redis::RedisError> {
        let client = redis::Client::open(url)?;
        let (local, _) = broadcast::channel(capacity.max(1));
        let (tx, rx) = mpsc::channel(PUBLISH_QUEUE);
        let hub = Self {
            inner: Arc::new(Inner {
                local: local.clone(),
                redis: Some(tx),
                dropped: AtomicU64::new(0),
            }),
        };
        let (ready_tx, ready_rx) = oneshot::channel();
        let subscriber = tokio::spawn(subscribe_loop(client.clone(), local.clone(), ready_tx));
        let publisher = tokio::spawn(publish_loop(client, rx, local));
        if tokio::time::timeout(ready_within, ready_rx).await.is_err() {
            tracing::warn!("telematics live: Redis subscription not ready yet; continuing");
        }
        Ok((hub, vec![subscriber, publisher]))
    }

    /// Hands committed positions to the fan-out. Never waits.
    pub fn publish(&self, batch: LiveBatch) {
        if batch.positions.is_empty() {
            return;
        }
        let batch = Arc::new(batch);
        match &self.inner.redis {
            Some(tx) => {
                if tx.try_send(batch).is_err() {
                    self.inner.dropped.fetch_add(1, Ordering::Relaxed);
                }
            }
            None => {
                // No receiver is not an error: nobody is watching.
                let _ = self.inner.local.send(batch);
            }
        }
    }

    pub fn publish_all(&self, batches: Vec<LiveBatch>) {
        for b in batches {
            self.publish(b);
        }
    }

    /// Batches the Redis publisher could not keep up with (dropped, never blocking ingest).
    pub fn dropped(&self) -> u64 {
        self.inner.dropped.load(Ordering::Relaxed)
    }

    /// A subscription to the positions in `scope`, optionally of one vehicle.
    pub fn subscribe(&self, scope: Scope, vehicle: Option<VehicleId>) -> Subscription {
        Subscription {
            rx: self.inner.local.subscribe(),
            scope,
            vehicle,
        }
    }
}

/// What a subscription yields next.
#[derive(Debug)]
pub enum Next {
    Positions(Vec<LivePosition>),
    /// The subscriber fell behind by more than the channel holds: end its stream.
    Lagged,
    /// The hub is gone (shutdown).
    Closed,
}

pub struct Subscription {
    rx: broadcast::Receiver<Arc<LiveBatch>>,
    scope: Scope,
    vehicle: Option<VehicleId>,
}

impl Subscription {
    /// The next positions in scope (waits until there are some).
    pub async fn next(&mut self) -> Next {
        loop {
            match self.rx.recv().await {
                Ok(batch) => {
                    if batch.tenant_id != self.scope.tenant_id() {
                        continue;
                    }
                    let positions: Vec<LivePosition> = batch
                        .positions
                        .iter()
                        .filter(|p| self.scope.allows(p.subaccount_id))
                        .filter(|p| self.vehicle.is_none_or(|v| v == p.vehicle_id))
                        .cloned()
                        .collect();
                    if !positions.is_empty() {
                        return Next::Positions(positions);
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => return Next::Lagged,
                Err(broadcast::error::RecvError::Closed) => return Next::Closed,
            }
        }
    }
}

async fn publish_loop(
    client: redis::Client,
    mut rx: mpsc::Receiver<Arc<LiveBatch>>,
    local: broadcast::Sender<Arc<LiveBatch>>,
) {
    let mut conn: Option<redis::aio::MultiplexedConnection> = None;
    // While Redis is down: failed attempts so far and when to try again (batches in between
    // go to local subscribers only, without waiting on a connect).
    let mut failures: u32 = 0;
    let mut retry_at = tokio::time::Instant::now();
    while let Some(batch) = rx.recv().await {
        let payload = match serde_json::to_vec(&*batch) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "telematics live: cannot encode a batch");
                continue;
            }
        };
        if conn.is_none() && tokio::time::Instant::now() >= retry_at {
            conn = tokio::time::timeout(PUBLISH_TIMEOUT, client.get_multiplexed_async_connection())
                .await
                .ok()
                .and_then(Result::ok);
        }
        let sent = match conn.as_mut() {
            Some(c) => {
                let mut cmd = redis::cmd("PUBLISH");
                cmd.arg(REDIS_CHANNEL).arg(payload);
                let publish = cmd.query_async::<i64>(c);
                matches!(
                    tokio::time::timeout(PUBLISH_TIMEOUT, publish).await,
                    Ok(Ok(_))
                )
            }
            None => false,
        };
        if sent {
            if failures > 0 {
                tracing::info!(
                    attempts = failures,
                    "telematics live: Redis publish restored"
                );
                failures = 0;
            }
        } else {
            // Redis is unreachable: at least this instance's subscribers get it.
            if conn.is_some() || tokio::time::Instant::now() >= retry_at {
                if failures == 0 {
                    tracing::warn!("telematics live: Redis publish failed; delivering locally until it is back");
                }
                failures = failures.saturating_add(1);
                retry_at = tokio::time::Instant::now() + reconnect_pause(failures);
            }
            conn = None;
            let _ = local.send(batch);
        }
    }
}

async fn subscribe_loop(
    client: redis::Client,
    local: broadcast::Sender<Arc<LiveBatch>>,
    ready: oneshot::Sender<()>,
) {
    let mut ready = Some(ready);
    // Consecutive failed attempts: one warning when an outage starts, one info when it ends,
    // and a growing pause in between (no log line per retry).
    let mut failures: u32 = 0;
    loop {
        let error = match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(REDIS_CHANNEL).await {
                Ok(()) => {
                    if let Some(r) = ready.take() {
                        let _ = r.send(());
                    }
                    if failures > 0 {
                        tracing::info!(
                            attempts = failures,
                            "telematics live: Redis subscription restored"
                        );
                    }
                    failures = 0;
                    let mut messages = pubsub.on_message();
                    while let Some(msg) = messages.next().await {
                        match serde_json::from_slice::<LiveBatch>(msg.get_payload_bytes()) {
                            Ok(batch) => {
                                let _ = local.send(Arc::new(batch));
                            }
                            Err(e) => tracing::warn!(error = %e, "telematics live: bad message"),
                        }
                    }
                    "subscription ended".to_owned()
                }
                Err(e) => format!("SUBSCRIBE failed: {e}"),
            },
            Err(e) => format!("cannot reach Redis: {e}"),
        };
        if failures == 0 {
            tracing::warn!(
                error,
                "telematics live: Redis fan-out lost; delivering locally and reconnecting"
            );
        } else {
            tracing::debug!(
                error,
                attempt = failures,
                "telematics live: Redis still unreachable"
            );
        }
        failures = failures.saturating_add(1);
        tokio::time::sleep(reconnect_pause(failures)).await;
    }
}

/// The pause before reconnect attempt `failures`: [`RECONNECT_EVERY`] / 4 doubling, at most
/// ten times [`RECONNECT_EVERY`].
fn reconnect_pause(failures: u32) -> Duration {
    (RECONNECT_EVERY / 4)
        .saturating_mul(1 << failures.saturating_sub(1).min(6))
        .min(RECONNECT_EVERY * 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fleet_domain::{SubaccountId, TenantId};
    use time::OffsetDateTime;

    #[test]
    fn reconnect_pauses_back_off_and_cap() {
        let ms: Vec<u128> = (1..=9).map(|n| reconnect_pause(n).as_millis()).collect();
        assert_eq!(ms, [250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
    }

    fn batch(tenant: TenantId, sub: SubaccountId, vehicle: VehicleId) -> LiveBatch {
        LiveBatch {
            tenant_id: tenant,
            positions: vec![LivePosition {
                vehicle_id: vehicle,
                subaccount_id: sub,
                vehicle_number: "V1".into(),
                lat: 1.0,
                lng: 2.0,
                ts: OffsetDateTime::UNIX_EPOCH,
                speed_kph: None,
                heading_deg: None,
                battery_percent: None,
            }],
        }
    }

    #[tokio::test]
    async fn subscribers_see_their_scope_only_and_slow_ones_are_dropped() {
        let hub = LiveHub::in_process(2);
        let (tenant, other) = (TenantId::new(), TenantId::new());
        let (sub, sub2) = (SubaccountId::new(), SubaccountId::new());
        let (v, v2) = (VehicleId::new(), VehicleId::new());
        let mut mine = hub.subscribe(Scope::new(tenant, vec![sub]), None);
        hub.publish(batch(other, sub, v));
        hub.publish(batch(tenant, sub2, v2));
        hub.publish(batch(tenant, sub, v));
        // Three batches into a channel of two: this subscriber lagged and is told so.
        assert!(matches!(mine.next().await, Next::Lagged));

        let mut mine = hub.subscribe(Scope::new(tenant, vec![sub]), None);
        hub.publish(batch(other, sub, v));
        hub.publish(batch(tenant, sub, v));
        match mine.next().await {
            Next::Positions(p) => assert_eq!(p[0].vehicle_id, v),
            other => panic!("{other:?}"),
        }
        let mut one = hub.subscribe(Scope::new(tenant, vec![sub, sub2]), Some(v2));
        hub.publish(batch(tenant, sub, v));
        hub.publish(batch(tenant, sub2, v2));
        match one.next().await {
            Next::Positions(p) => assert_eq!((p.len(), p[0].vehicle_id), (1, v2)),
            other => panic!("{other:?}"),
        }
    }
}
