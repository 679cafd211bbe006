//! Delivery queries: insert, list, requeue.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use db::schema::{webhook_attempts as wa, webhook_deliveries as wd};
use fleet_domain::pagination::after_keyset;
use fleet_domain::{Listing, Scope, Window};

use crate::model::{Attempt, Delivery, DeliveryId, DeliveryStatus, EndpointId};

// ---- deliveries --------------------------------------------------------------------------

/// Inserts deliveries; one per (endpoint, event) — repeats are ignored.
pub async fn insert_deliveries(
    conn: &mut AsyncPgConnection,
    rows: &[Delivery],
) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    diesel::insert_into(wd::table)
        .values(rows)
        .on_conflict((wd::endpoint_id, wd::event_id))
        .do_nothing()
        .execute(conn)
        .await
}

/// Filters of the deliveries list.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    pub status: Option<DeliveryStatus>,
    pub event: Option<String>,
}

pub async fn list_deliveries(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    endpoint: EndpointId,
    filter: &DeliveryFilter,
    window: &Window,
) -> QueryResult<Listing<Delivery>> {
    let base = || {
        let mut q = wd::table
            .filter(wd::endpoint_id.eq(endpoint))
            .filter(wd::tenant_id.eq(scope.tenant_id()))
            .filter(wd::subaccount_id.eq_any(scope.subaccount_ids()))
            .into_boxed();
        if let Some(s) = filter.status {
            q = q.filter(wd::status.eq(s));
        }
        if let Some(e) = &filter.event {
            q = q.filter(wd::event_type.eq(e.clone()));
        }
        q
    };
    let (limit, offset) = window.limit_offset();
    let mut q = base()
        .order((wd::created_at, wd::id))
        .limit(limit)
        .offset(offset)
        .select(Delivery::as_select());
    match window {
        Window::Page { page, limit } => {
            let rows = q.load(conn).await?;
            let total: i64 = base().count().get_result(conn).await?;
            Ok(Listing::from_page(rows, *page, *limit, total))
        }
        Window::Cursor { after, limit } => {
            if let Some(k) = after {
                q = q.filter(after_keyset(k));
            }
            let rows = q.load(conn).await?;
            Ok(Listing::from_cursor_rows(rows, *limit, |r| {
                (r.created_at, r.id.0)
            }))
        }
    }
}

pub async fn get_delivery(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    endpoint: EndpointId,
    id: DeliveryId,
) -> QueryResult<Delivery> {
    wd::table
        .filter(wd::id.eq(id))
        .filter(wd::endpoint_id.eq(endpoint))
        .filter(wd::tenant_id.eq(scope.tenant_id()))
        .filter(wd::subaccount_id.eq_any(scope.subaccount_ids()))
        .select(Delivery::as_select())
        .get_result(conn)
        .await
}

pub async fn delivery_by_id(conn: &mut AsyncPgConnection, id: DeliveryId) -> QueryResult<Delivery> {
    wd::table
        .find(id)
        .select(Delivery::as_select())
        .get_result(conn)
        .await
}

/// Attempts of `deliveries`, grouped per delivery in attempt order.
pub async fn attempts_for(
    conn: &mut AsyncPgConnection,
    deliveries: &[DeliveryId],
) -> QueryResult<HashMap<DeliveryId, Vec<Attempt>>> {
    let rows: Vec<Attempt> = wa::table
        .filter(wa::delivery_id.eq_any(deliveries))
        .order((wa::delivery_id, wa::attempt_number))
        .select(Attempt::as_select())
        .load(conn)
        .await?;
    let mut map: HashMap<DeliveryId, Vec<Attempt>> = HashMap::new();
    for a in rows {
        map.entry(a.delivery_id).or_default().push(a);
    }
    Ok(map)
}

/// Puts a finished delivery back in the queue with a fresh budget of `budget` attempts,
/// due at `at`. Pending deliveries are left alone (0 rows).
pub async fn requeue(
    conn: &mut AsyncPgConnection,
    id: DeliveryId,
    budget: i32,
    at: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(
        wd::table
            .filter(wd::id.eq(id))
            .filter(wd::status.ne(DeliveryStatus::Pending)),
    )
    .set((
        wd::status.eq(DeliveryStatus::Pending),
        wd::attempt_limit.eq(wd::attempt_count + budget),
        wd::next_attempt_at.eq(at),
        wd::locked_until.eq(None::<OffsetDateTime>),
        wd::lock_token.eq(None::<Uuid>),
        wd::delivered_at.eq(None::<OffsetDateTime>),
        wd::failed_at.eq(None::<OffsetDateTime>),
        wd::updated_at.eq(at),
    ))
    .execute(conn)
    .await
}

/// Which failed deliveries [`requeue_failed`] takes and how it spaces them.
#[derive(Debug, Clone, Copy)]
pub struct Requeue {
    /// Created at or after.
    pub created_since: Option<OffsetDateTime>,
    /// Failed at or after.
    pub failed_since: Option<OffsetDateTime>,
    /// Fresh attempts each.
    pub budget: i32,
    /// Spacing of their due times from `now`, oldest first.
    pub spacing_ms: i64,
    /// Most rows.
    pub max: i64,
}

/// Re-queues failed deliveries of `endpoint` selected by `r`; returns how many.
pub async fn requeue_failed(
    conn: &mut AsyncPgConnection,
    endpoint: EndpointId,
    r: Requeue,
    now: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE webhook_deliveries d SET status = 'pending', \
           attempt_limit = d.attempt_count + $1, \
           next_attempt_at = $2 + (r.rn * $3) * interval '1 millisecond', \
           locked_until = NULL, lock_token = NULL, failed_at = NULL, updated_at = $2 \
         FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS rn \
               FROM webhook_deliveries \
               WHERE endpoint_id = $4 AND status = 'failed' \
                 AND ($5::timestamptz IS NULL OR created_at >= $5) \
                 AND ($6::timestamptz IS NULL OR failed_at >= $6) \
               ORDER BY created_at, id LIMIT $7) r \
         WHERE d.id = r.id",
    )
    .bind::<Integer, _>(r.budget)
    .bind::<Timestamptz, _>(now)
    .bind::<BigInt, _>(r.spacing_ms)
    .bind::<SqlUuid, _>(endpoint.0)
    .bind::<Nullable<Timestamptz>, _>(r.created_since)
    .bind::<Nullable<Timestamptz>, _>(r.failed_since)
    .bind::<BigInt, _>(r.max)
    .execute(conn)
    .await
}
