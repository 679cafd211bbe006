//! The webhook operations the gateway calls: validation, scope and transactions.

use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use db::PgPool;
use fleet_domain::events::{EventId, EventType};
use fleet_domain::{Listing, Scope, Window};

use crate::dispatcher::MAX_ATTEMPTS;
use crate::model::{
    is_reserved_header, Attempt, CircuitState, Delivery, DeliveryId, DeliveryStatus, Endpoint,
    EndpointId, EndpointPatch, Health, NewEndpoint, WebhookTestData, MAX_DESCRIPTION, MAX_HEADERS,
    MAX_HEADER_NAME, MAX_HEADER_VALUE,
};
use crate::sender::{Message, Sender};
use crate::store::{self, DeliveryFilter};
use crate::{json, policy, signing, worker, Error};

/// How long the previous secret keeps signing after a rotation.
pub const ROTATION_OVERLAP: time::Duration = time::Duration::hours(24);
/// The test button waits at most this long for the receiver.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(8);
/// Most deliveries one bulk resend re-queues.
pub const RESEND_MAX: i64 = 10_000;
/// Spacing of bulk re-sends (bounded rate).
pub const RESEND_SPACING_MS: i64 = 100;

const RESOURCE: &str = "webhook";
const DELIVERY: &str = "delivery";

fn validate_events(events: &[String]) -> Result<Vec<String>, Error> {
    if events.is_empty() {
        return Err(Error::invalid("events", "must name at least one event"));
    }
    if events.len() > EventType::ALL.len() * 2 {
        return Err(Error::invalid("events", "has too many entries"));
    }
    let mut out: Vec<String> = Vec::new();
    for e in events {
        let t: EventType = e.parse().map_err(|m: String| Error::invalid("events", m))?;
        out.push(t.as_str().to_owned());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn validate_headers(headers: &Map<String, Value>) -> Result<Value, Error> {
    if headers.len() > MAX_HEADERS {
        return Err(Error::invalid(
            "headers",
            format!("at most {MAX_HEADERS} headers"),
        ));
    }
    let mut out = Map::new();
    for (name, value) in headers {
        let valid_name = !name.is_empty()
            && name.len() <= MAX_HEADER_NAME
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid_name {
            return Err(Error::invalid(
                "headers",
                format!(
                    "`{}` is not a valid header name",
                    name.chars().take(64).collect::<String>()
                ),
            ));
        }
        if is_reserved_header(name) {
            return Err(Error::invalid(
                "headers",
                format!("`{name}` is set by Fleetgate and cannot be overridden"),
            ));
        }
        let Some(v) = value.as_str() else {
            return Err(Error::invalid(
                "headers",
                format!("`{name}` must be a string"),
            ));
        };
        if v.len() > MAX_HEADER_VALUE || !v.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
        {
            return Err(Error::invalid(
                "headers",
                format!("`{name}` must be at most {MAX_HEADER_VALUE} visible ASCII characters"),
            ));
        }
        out.insert(name.to_ascii_lowercase(), Value::String(v.to_owned()));
    }
    Ok(Value::Object(out))
}

fn validate_description(d: Option<String>) -> Result<Option<String>, Error> {
    match d {
        Some(d) if d.chars().count() > MAX_DESCRIPTION => Err(Error::invalid(
            "description",
            format!("must be at most {MAX_DESCRIPTION} characters"),
        )),
        Some(d) if d.chars().any(|c| c.is_control() && c != '\n' && c != '\t') => Err(
            Error::invalid("description", "must not contain control characters"),
        ),
        Some(d) if d.trim().is_empty() => Ok(None),
        other => Ok(other),
    }
}

async fn check_url(raw: &str, allow_private: bool) -> Result<String, Error> {
    let url = policy::check_url(raw.trim(), allow_private)
        .await
        .map(|u| u.to_string())
        .map_err(Error::Url)?;
    // Normalisation percent-encodes; the stored form must fit too.
    if url.len() > policy::MAX_URL_LEN {
        return Err(Error::Url(policy::Refused(format!(
            "must be at most {} characters once encoded",
            policy::MAX_URL_LEN
        ))));
    }
    Ok(url)
}

/// Creates an endpoint in `scope` (the subaccount chosen by `new.subaccount_id`), with a new
/// secret. The returned endpoint carries the secret: show it once.
pub async fn create_endpoint(
    pool: &PgPool,
    scope: &Scope,
    new: NewEndpoint,
    allow_private: bool,
) -> Result<Endpoint, Error> {
    let subaccount = scope.target_subaccount(new.subaccount_id)?;
    let events = validate_events(&new.events)?;
    let headers = validate_headers(&new.headers.unwrap_or_default())?;
    let description = validate_description(new.description)?;
    let url = check_url(&new.url, allow_private).await?;
    let now = OffsetDateTime::now_utc();
    let endpoint = Endpoint {
        id: EndpointId::new(),
        tenant_id: scope.tenant_id(),
        subaccount_id: subaccount,
        url,
        description,
        events,
        headers,
        active: new.active.unwrap_or(true),
        auto_recover: new.auto_recover.unwrap_or(true),
        secret: signing::generate_secret()?,
        previous_secret: None,
        previous_secret_expires_at: None,
        circuit: CircuitState::Closed,
        outage_started_at: None,
        circuit_opened_at: None,
        circuit_closed_at: None,
        next_probe_at: None,
        probe_interval_ms: 0,
        created_at: now,
        updated_at: now,
    };
    let mut conn = pool.get().await?;
    Ok(store::insert_endpoint(&mut conn, &endpoint).await?)
}

async fn with_health(
    conn: &mut AsyncPgConnection,
    e: Endpoint,
) -> Result<(Endpoint, Health), Error> {
    let h = store::health(conn, &[e.id]).await?;
    let health = h.get(&e.id).copied().unwrap_or_default();
    Ok((e, health))
}

pub async fn list_endpoints(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    window: &Window,
) -> Result<Listing<(Endpoint, Health)>, Error> {
    // One snapshot for the page, its total and the health: a worker recording an attempt
    // and moving the circuit meanwhile cannot show a circuit next to health it did not see.
    conn.build_transaction()
        .repeatable_read()
        .read_only()
        .run(async |conn| {
            let listing = store::list_endpoints(conn, scope, window).await?;
            let ids: Vec<EndpointId> = listing.items.iter().map(|e| e.id).collect();
            let health = store::health(conn, &ids).await?;
            Ok(listing.map(|e| {
                let h = health.get(&e.id).copied().unwrap_or_default();
                (e, h)
            }))
        })
        .await
}

pub async fn get_endpoint(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
) -> Result<(Endpoint, Health), Error> {
    // The endpoint (its circuit) and its health in one snapshot, as in `list_endpoints`.
    conn.build_transaction()
        .repeatable_read()
        .read_only()
        .run(async |conn| {
            let e = store::get_endpoint(conn, scope, id, false)
                .await
                .map_err(Error::or_not_found(RESOURCE, id))?;
            with_health(conn, e).await
        })
        .await
}

pub async fn update_endpoint(
    pool: &PgPool,
    scope: &Scope,
    id: EndpointId,
    patch: EndpointPatch,
    allow_private: bool,
) -> Result<(Endpoint, Health), Error> {
    let events = patch.events.as_deref().map(validate_events).transpose()?;
    let headers = patch.headers.as_ref().map(validate_headers).transpose()?;
    let description = patch.description.map(validate_description).transpose()?;
    // Unknown ids answer 404 before any URL check.
    {
        let mut conn = pool.get().await?;
        store::get_endpoint(&mut conn, scope, id, false)
            .await
            .map_err(Error::or_not_found(RESOURCE, id))?;
    }
    let url = match &patch.url {
        Some(u) => Some(check_url(u, allow_private).await?),
        None => None,
    };
    let mut conn = pool.get().await?;
    let saved = conn
        .transaction(async |conn| {
            let mut e = store::get_endpoint(conn, scope, id, true)
                .await
                .map_err(Error::or_not_found(RESOURCE, id))?;
            if let Some(u) = url {
                e.url = u;
            }
            if let Some(v) = events {
                e.events = v;
            }
            if let Some(h) = headers {
                e.headers = h;
            }
            if let Some(d) = description {
                e.description = d;
            }
            if let Some(a) = patch.active {
                e.active = a;
            }
            if let Some(a) = patch.auto_recover {
                e.auto_recover = a;
            }
            e.updated_at = OffsetDateTime::now_utc();
            Ok::<_, Error>(store::save_endpoint(conn, &e).await?)
        })
        .await?;
    with_health(&mut conn, saved).await
}

pub async fn delete_endpoint(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
) -> Result<(), Error> {
    match store::delete_endpoint(conn, scope, id).await? {
        0 => Err(Error::not_found(RESOURCE, id)),
        _ => Ok(()),
    }
}

/// A new secret; the old one keeps signing alongside it for [`ROTATION_OVERLAP`]. The
/// returned endpoint carries the new secret: show it once.
pub async fn rotate_secret(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
) -> Result<(Endpoint, Health), Error> {
    let secret = signing::generate_secret()?;
    let saved = conn
        .transaction(async |conn| {
            let mut e = store::get_endpoint(conn, scope, id, true)
                .await
                .map_err(Error::or_not_found(RESOURCE, id))?;
            let now = OffsetDateTime::now_utc();
            e.previous_secret = Some(std::mem::replace(&mut e.secret, secret));
            e.previous_secret_expires_at = Some(now + ROTATION_OVERLAP);
            e.updated_at = now;
            Ok::<_, Error>(store::save_endpoint(conn, &e).await?)
        })
        .await?;
    with_health(conn, saved).await
}

/// Sends `webhook.test` to the endpoint now (whatever its circuit or `active`), waiting at
/// most [`TEST_TIMEOUT`]; recorded as a delivery with this single attempt (no retries; it
/// can be retried like any delivery).
pub async fn send_test(
    pool: &PgPool,
    sender: &Sender,
    scope: &Scope,
    id: EndpointId,
) -> Result<(Delivery, Attempt), Error> {
    let token = Uuid::now_v7();
    let (endpoint, delivery) = {
        let mut conn = pool.get().await?;
        let endpoint = store::get_endpoint(&mut conn, scope, id, false)
            .await
            .map_err(Error::or_not_found(RESOURCE, id))?;
        let now = OffsetDateTime::now_utc();
        let event_id = EventId::new();
        let data = serde_json::to_value(WebhookTestData {
            webhook_id: endpoint.id,
            subaccount_id: endpoint.subaccount_id,
            message: "This is a test event from Fleetgate".into(),
        })
        .map_err(|e| fleet_domain::Error::Internal(e.to_string()))?;
        let payload = json::payload(
            EventType::WebhookTest.as_str(),
            &event_id.wire(),
            &envelope::rfc3339_seconds(now),
            &data,
        );
        let lease = sender.timeout() + Duration::from_secs(30);
        let row = Delivery {
            attempt_count: 1,
            attempt_limit: 1,
            locked_until: Some(now + lease),
            lock_token: Some(token),
            ..Delivery::pending(
                (endpoint.tenant_id, endpoint.subaccount_id, endpoint.id),
                event_id.0,
                EventType::WebhookTest.as_str().to_owned(),
                payload,
                now,
            )
        };
        store::insert_deliveries(&mut conn, std::slice::from_ref(&row)).await?;
        (endpoint, row)
    };
    let event_id = EventId(delivery.event_id).wire();
    let outcome = sender
        .send(
            &endpoint,
            &Message {
                delivery_id: delivery.id.0,
                event_id: &event_id,
                event_type: &delivery.event_type,
                body: &delivery.payload,
            },
            Some(TEST_TIMEOUT),
        )
        .await;
    let mut conn = pool.get().await?;
    let at = OffsetDateTime::now_utc();
    let attempt = worker::record(
        &mut conn,
        None,
        delivery.id,
        endpoint.id,
        token,
        1,
        1,
        &outcome,
        at,
    )
    .await?
    .ok_or_else(|| fleet_domain::Error::Internal("test attempt not recorded".into()))?;
    let delivery = store::delivery_by_id(&mut conn, delivery.id).await?;
    Ok((delivery, attempt))
}

pub async fn list_deliveries(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
    filter: &DeliveryFilter,
    window: &Window,
) -> Result<Listing<(Delivery, Vec<Attempt>)>, Error> {
    // One snapshot for the endpoint, the page and its attempts: a worker recording an attempt
    // and settling its delivery meanwhile cannot show a final attempt next to `pending`.
    conn.build_transaction()
        .repeatable_read()
        .read_only()
        .run(async |conn| {
            store::get_endpoint(conn, scope, id, false)
                .await
                .map_err(Error::or_not_found(RESOURCE, id))?;
            let listing = store::list_deliveries(conn, scope, id, filter, window).await?;
            let ids: Vec<DeliveryId> = listing.items.iter().map(|d| d.id).collect();
            let mut attempts = store::attempts_for(conn, &ids).await?;
            Ok(listing.map(|d| {
                let a = attempts.remove(&d.id).unwrap_or_default();
                (d, a)
            }))
        })
        .await
}

/// Re-queues one finished (delivered or failed) delivery with a fresh budget of five
/// attempts, due now; `409` while it is still pending.
pub async fn retry_delivery(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
    delivery_id: DeliveryId,
) -> Result<(Delivery, Vec<Attempt>), Error> {
    let d = store::get_delivery(conn, scope, id, delivery_id)
        .await
        .map_err(Error::or_not_found(DELIVERY, delivery_id))?;
    let now = OffsetDateTime::now_utc();
    if store::requeue(conn, d.id, MAX_ATTEMPTS, now).await? == 0 {
        return Err(Error::Domain(fleet_domain::Error::Conflict {
            resource: DELIVERY,
            id: d.id.to_string(),
            current_status: DeliveryStatus::Pending.as_str().to_owned(),
            message: "The delivery is still pending".into(),
        }));
    }
    snapshot_of(conn, d.id).await
}

/// A delivery and its attempts read in one snapshot (a worker may be settling it).
async fn snapshot_of(
    conn: &mut AsyncPgConnection,
    id: DeliveryId,
) -> Result<(Delivery, Vec<Attempt>), Error> {
    conn.build_transaction()
        .repeatable_read()
        .read_only()
        .run(async |conn| {
            let d = store::delivery_by_id(conn, id).await?;
            let mut attempts = store::attempts_for(conn, &[d.id]).await?;
            let a = attempts.remove(&d.id).unwrap_or_default();
            Ok((d, a))
        })
        .await
}

/// Re-queues the endpoint's failed deliveries created at or after `since`, oldest first,
/// [`RESEND_SPACING_MS`] apart, at most [`RESEND_MAX`]; returns how many.
pub async fn resend_failed(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
    since: OffsetDateTime,
) -> Result<usize, Error> {
    store::get_endpoint(conn, scope, id, false)
        .await
        .map_err(Error::or_not_found(RESOURCE, id))?;
    Ok(store::requeue_failed(
        conn,
        id,
        store::Requeue {
            created_since: Some(since),
            failed_since: None,
            budget: MAX_ATTEMPTS,
            spacing_ms: RESEND_SPACING_MS,
            max: RESEND_MAX,
        },
        OffsetDateTime::now_utc(),
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_headers_cannot_override_ours() {
        for name in [
            "X-Levy-Signature",
            "x-levy-event",
            "X-Levy-Delivery",
            "Content-Type",
            "webhook-id",
            "Webhook-Signature",
            "host",
            "content-length",
        ] {
            let mut m = Map::new();
            m.insert(name.into(), Value::String("x".into()));
            assert!(validate_headers(&m).is_err(), "{name}");
        }
        let mut ok = Map::new();
        ok.insert("X-Partner-Token".into(), Value::String("abc".into()));
        assert!(validate_headers(&ok).is_ok());
        let mut bad = Map::new();
        bad.insert("X-Bad".into(), Value::String("line\nbreak".into()));
        assert!(validate_headers(&bad).is_err());
    }

    #[test]
    fn events_are_known_and_deduplicated() {
        let e = validate_events(&["customer.created".into(), "customer.created".into()]);
        assert_eq!(e.ok(), Some(vec!["customer.created".to_owned()]));
        assert!(validate_events(&[]).is_err());
        assert!(validate_events(&["ride.exploded".into()]).is_err());
    }
}
