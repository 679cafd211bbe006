//! The dispatcher: reads undispatched outbox events and creates one delivery per matching
//! endpoint (same tenant and subaccount, active, subscribed to the event type), marking the
//! events dispatched in the same transaction. Events are locked with `FOR UPDATE SKIP
//! LOCKED`, so any number of dispatchers (gateway or worker processes) can run at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use tokio::sync::{watch, Notify};

use db::schema::{events, webhook_endpoints as we};
use db::PgPool;
use fleet_domain::events::{EventId, StoredEvent};

use crate::model::{Delivery, Endpoint};
use crate::store;
use crate::{json, Error};

/// Events read per transaction.
pub const BATCH: i64 = 200;
/// Attempts per delivery before it fails (SPEC §9).
pub const MAX_ATTEMPTS: i32 = 5;

/// The payload of an outbox event.
pub fn event_payload(event: &StoredEvent) -> String {
    json::payload(
        &event.event_type,
        &event.id.wire(),
        &envelope::rfc3339_seconds(event.created_at),
        &event.data,
    )
}

/// One dispatch transaction at `now`: returns (events dispatched, deliveries created).
pub async fn dispatch_once(
    conn: &mut AsyncPgConnection,
    now: OffsetDateTime,
) -> Result<(usize, usize), Error> {
    conn.transaction(async |conn| {
        let batch: Vec<StoredEvent> = events::table
            .filter(events::dispatched_at.is_null())
            .order(events::id)
            .limit(BATCH)
            .select(StoredEvent::as_select())
            .for_update()
            .skip_locked()
            .load(conn)
            .await?;
        if batch.is_empty() {
            return Ok::<_, Error>((0, 0));
        }
        let mut subaccounts: Vec<_> = batch.iter().map(|e| e.subaccount_id).collect();
        subaccounts.sort();
        subaccounts.dedup();
        let endpoints: Vec<Endpoint> = we::table
            .filter(we::active.eq(true))
            .filter(we::subaccount_id.eq_any(&subaccounts))
            .select(Endpoint::as_select())
            .load(conn)
            .await?;
        let mut by_subaccount: HashMap<_, Vec<&Endpoint>> = HashMap::new();
        for e in &endpoints {
            by_subaccount.entry(e.subaccount_id).or_default().push(e);
        }
        let mut rows = Vec::new();
        for event in &batch {
            let Some(targets) = by_subaccount.get(&event.subaccount_id) else {
                continue;
            };
            let mut body = None;
            for ep in targets {
                // The same match as the `EXISTS` in telematics' write statement
                // (`telematics::store`), with which it stores unwanted events as already
                // dispatched: change both.
                if ep.tenant_id != event.tenant_id || !ep.events.contains(&event.event_type) {
                    continue;
                }
                let payload = body.get_or_insert_with(|| event_payload(event)).clone();
                rows.push(Delivery::pending(
                    (event.tenant_id, event.subaccount_id, ep.id),
                    event.id.0,
                    event.event_type.clone(),
                    payload,
                    now,
                ));
            }
        }
        let mut created = 0;
        for chunk in rows.chunks(500) {
            created += store::insert_deliveries(conn, chunk).await?;
        }
        let ids: Vec<EventId> = batch.iter().map(|e| e.id).collect();
        diesel::update(events::table.filter(events::id.eq_any(&ids)))
            .set(events::dispatched_at.eq(now))
            .execute(conn)
            .await?;
        Ok::<_, Error>((batch.len(), created))
    })
    .await
}

/// The `NOTIFY` channel the outbox trigger signals on commit.
pub const OUTBOX_CHANNEL: &str = "fleet_outbox";

/// Runs [`dispatch_once`] until `shutdown`, waking `workers` when deliveries were created.
/// With `database_url`, a `LISTEN` connection wakes it as soon as outbox rows commit;
/// it also polls every `idle` (and without a listener, only polls).
pub async fn run(
    pool: PgPool,
    database_url: Option<String>,
    idle: Duration,
    workers: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    let outbox = Arc::new(Notify::new());
    let listener = database_url.map(|url| tokio::spawn(listen(url, outbox.clone())));
    let mut outage = db::Outage::new("webhook dispatcher");
    loop {
        if *shutdown.borrow() {
            break;
        }
        let result = match pool.get().await {
            Ok(mut conn) => dispatch_once(&mut conn, OffsetDateTime::now_utc()).await,
            Err(e) => Err(Error::from(e)),
        };
        let (busy, pause) = match result {
            Ok((events, created)) => {
                outage.recovered();
                if created > 0 {
                    workers.notify_waiters();
                }
                (events as i64 == BATCH, idle)
            }
            Err(e) => (false, outage.failed(&e).max(idle)),
        };
        if !busy {
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = outbox.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
    }
    if let Some(l) = listener {
        l.abort();
    }
}

/// `LISTEN fleet_outbox`, reconnecting after failures; each notification stores one wake-up.
async fn listen(url: String, outbox: Arc<Notify>) {
    use futures_util::StreamExt;
    let mut outage = db::Outage::new("outbox listener (polling meanwhile)");
    loop {
        let error = match tokio_postgres::connect(&url, tokio_postgres::NoTls).await {
            Ok((client, mut connection)) => {
                let wake = outbox.clone();
                let pump = tokio::spawn(async move {
                    let mut messages =
                        futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
                    while let Some(message) = messages.next().await {
                        match message {
                            Ok(tokio_postgres::AsyncMessage::Notification(_)) => wake.notify_one(),
                            Ok(_) => {}
                            Err(e) => {
                                tracing::debug!(error = %e, "outbox listener connection error");
                                break;
                            }
                        }
                    }
                });
                match client
                    .batch_execute(&format!("LISTEN {OUTBOX_CHANNEL}"))
                    .await
                {
                    Ok(()) => {
                        outage.recovered();
                        // Anything committed before LISTEN took effect: look once.
                        outbox.notify_one();
                        let _ = pump.await;
                        "connection closed".to_owned()
                    }
                    Err(e) => {
                        pump.abort();
                        format!("LISTEN failed: {e}")
                    }
                }
            }
            Err(e) => format!("cannot connect: {e}"),
        };
        let pause = outage.failed(&error);
        tokio::time::sleep(pause).await;
    }
}
