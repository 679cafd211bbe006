//! Worker-side queries: claims, attempts, the circuit's state, retention.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use db::schema::{webhook_attempts as wa, webhook_deliveries as wd, webhook_endpoints as we};

use crate::model::{
    Attempt, AttemptId, Delivery, DeliveryId, DeliveryStatus, Endpoint, EndpointId,
};
use crate::sender::Outcome;

/// A claimed delivery: the row after the claim (attempt_count already counts this attempt)
/// and whether the previous claim expired without recording its attempt.
#[derive(Debug, Clone, QueryableByName)]
pub struct Claimed {
    #[diesel(embed)]
    pub delivery: Delivery,
    #[diesel(sql_type = Bool)]
    pub abandoned: bool,
}

/// Claims up to `limit` due deliveries in one statement (`FOR UPDATE SKIP LOCKED`): pending,
/// due at `now`, not leased (or the lease expired), of an active endpoint whose circuit is
/// closed — or, with `probe`, of that endpoint only (the circuit's probe). The claim counts
/// the attempt, sets a lease until `now + lease_ms` and a fencing token, and returns the
/// whole rows (no second read).
pub async fn claim(
    conn: &mut AsyncPgConnection,
    now: OffsetDateTime,
    lease_ms: i64,
    limit: i64,
    token: Uuid,
    probe: Option<EndpointId>,
) -> QueryResult<Vec<Claimed>> {
    let endpoint_rule = if probe.is_some() {
        "e.id = $5"
    } else {
        "e.circuit = 'closed' AND $5::uuid IS NULL"
    };
    let query = format!(
        "UPDATE webhook_deliveries d \
         SET locked_until = $1 + $2 * interval '1 millisecond', lock_token = $3, \
             attempt_count = d.attempt_count + 1, updated_at = $1 \
         FROM (SELECT dd.id, dd.lock_token AS prev_token FROM webhook_deliveries dd \
               JOIN webhook_endpoints e ON e.id = dd.endpoint_id \
               WHERE dd.status = 'pending' AND dd.next_attempt_at <= $1 \
                 AND (dd.locked_until IS NULL OR dd.locked_until <= $1) \
                 AND e.active AND {endpoint_rule} \
               ORDER BY dd.next_attempt_at, dd.id LIMIT $4 \
               FOR UPDATE OF dd SKIP LOCKED) c \
         WHERE d.id = c.id \
         RETURNING d.*, c.prev_token IS NOT NULL AS abandoned"
    );
    diesel::sql_query(query)
        .bind::<Timestamptz, _>(now)
        .bind::<BigInt, _>(lease_ms)
        .bind::<SqlUuid, _>(token)
        .bind::<BigInt, _>(limit)
        .bind::<Nullable<SqlUuid>, _>(probe.map(|p| p.0))
        .load(conn)
        .await
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// Endpoints whose circuit is open (or whose half-open probe was lost) and due for a probe:
/// moved to `half_open` until `now + lease_ms` (so a lost probe is retried), one claimer each.
pub async fn claim_probes(
    conn: &mut AsyncPgConnection,
    now: OffsetDateTime,
    lease_ms: i64,
    limit: i64,
) -> QueryResult<Vec<EndpointId>> {
    let rows: Vec<IdRow> = diesel::sql_query(
        "UPDATE webhook_endpoints SET circuit = 'half_open', \
           next_probe_at = $1 + $2 * interval '1 millisecond', updated_at = $1 \
         WHERE id IN (SELECT id FROM webhook_endpoints \
                      WHERE circuit <> 'closed' AND active AND next_probe_at <= $1 \
                      ORDER BY next_probe_at LIMIT $3 FOR UPDATE SKIP LOCKED) \
         RETURNING id",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<BigInt, _>(lease_ms)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| EndpointId(r.id)).collect())
}

/// An attempt's outcome, to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttempt<'a> {
    pub delivery_id: DeliveryId,
    pub endpoint_id: EndpointId,
    pub attempt_number: i32,
    pub outcome: &'a Outcome,
    pub at: OffsetDateTime,
}

/// Inserts the attempt unless that attempt number is already recorded; returns it if new.
pub async fn insert_attempt(
    conn: &mut AsyncPgConnection,
    a: &NewAttempt<'_>,
) -> QueryResult<Option<Attempt>> {
    let o = a.outcome;
    diesel::insert_into(wa::table)
        .values((
            wa::id.eq(AttemptId::new()),
            wa::delivery_id.eq(a.delivery_id),
            wa::endpoint_id.eq(a.endpoint_id),
            wa::attempt_number.eq(a.attempt_number),
            wa::success.eq(o.success),
            wa::status_code.eq(o.status_code),
            wa::latency_ms.eq(o.latency_ms),
            wa::error.eq(&o.error),
            wa::response_body.eq(&o.response_body),
            wa::created_at.eq(a.at),
        ))
        .on_conflict((wa::delivery_id, wa::attempt_number))
        .do_nothing()
        .returning(Attempt::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// A delivery's state after an attempt.
#[derive(Debug, Clone, Copy)]
pub struct Finish<'a> {
    pub status: DeliveryStatus,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub status_code: Option<i32>,
    pub error: Option<&'a str>,
}

/// Writes `f` only while `token` still holds the claim.
pub async fn finish_attempt(
    conn: &mut AsyncPgConnection,
    id: DeliveryId,
    token: Uuid,
    f: &Finish<'_>,
    now: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(
        wd::table
            .filter(wd::id.eq(id))
            .filter(wd::lock_token.eq(token)),
    )
    .set((
        wd::status.eq(f.status),
        wd::next_attempt_at.eq(f.next_attempt_at),
        wd::locked_until.eq(None::<OffsetDateTime>),
        wd::lock_token.eq(None::<Uuid>),
        wd::last_status_code.eq(f.status_code),
        wd::last_error.eq(f.error),
        wd::delivered_at.eq((f.status == DeliveryStatus::Delivered).then_some(now)),
        wd::failed_at.eq((f.status == DeliveryStatus::Failed).then_some(now)),
        wd::updated_at.eq(now),
    ))
    .execute(conn)
    .await
}

/// One attempt of a round, to record with [`record_round`].
#[derive(Debug, Clone)]
pub struct RoundAttempt<'a> {
    pub attempt: NewAttempt<'a>,
    pub finish: Finish<'a>,
}

/// Records the attempts of one worker round in two statements of fixed shape (arrays bound
/// with `unnest`) instead of two per attempt: every attempt not yet recorded (same rule as
/// [`insert_attempt`]), and each delivery moved on as [`finish_attempt`] would, only where
/// `token` still holds its claim. Run it inside the caller's transaction. Returns how many
/// deliveries were moved on.
pub async fn record_round(
    conn: &mut AsyncPgConnection,
    token: Uuid,
    round: &[RoundAttempt<'_>],
) -> QueryResult<usize> {
    use diesel::sql_types::{Array, Text};
    if round.is_empty() {
        return Ok(0);
    }
    let a = |f: fn(&RoundAttempt<'_>) -> Option<i32>| round.iter().map(f).collect::<Vec<_>>();
    let delivery_ids: Vec<Uuid> = round.iter().map(|r| r.attempt.delivery_id.0).collect();
    let ats: Vec<OffsetDateTime> = round.iter().map(|r| r.attempt.at).collect();
    diesel::sql_query(
        "INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, attempt_number, success, \
           status_code, latency_ms, error, response_body, created_at) \
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int4[], $5::bool[], \
           $6::int4[], $7::int4[], $8::text[], $9::text[], $10::timestamptz[]) \
         ON CONFLICT (delivery_id, attempt_number) DO NOTHING",
    )
    .bind::<Array<SqlUuid>, _>(round.iter().map(|_| AttemptId::new().0).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(&delivery_ids)
    .bind::<Array<SqlUuid>, _>(
        round
            .iter()
            .map(|r| r.attempt.endpoint_id.0)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Integer>, _>(
        round
            .iter()
            .map(|r| r.attempt.attempt_number)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Bool>, _>(
        round
            .iter()
            .map(|r| r.attempt.outcome.success)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Integer>>, _>(a(|r| r.attempt.outcome.status_code))
    .bind::<Array<Integer>, _>(
        round
            .iter()
            .map(|r| r.attempt.outcome.latency_ms)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Text>>, _>(
        round
            .iter()
            .map(|r| r.attempt.outcome.error.clone())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Text>>, _>(
        round
            .iter()
            .map(|r| r.attempt.outcome.response_body.clone())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Timestamptz>, _>(&ats)
    .execute(conn)
    .await?;
    diesel::sql_query(
        "UPDATE webhook_deliveries d SET status = u.status, next_attempt_at = u.next_at, \
           locked_until = NULL, lock_token = NULL, last_status_code = u.code, \
           last_error = u.error, \
           delivered_at = CASE WHEN u.status = 'delivered' THEN u.at END, \
           failed_at = CASE WHEN u.status = 'failed' THEN u.at END, updated_at = u.at \
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int4[], $5::text[], \
           $6::timestamptz[]) AS u(id, status, next_at, code, error, at) \
         WHERE d.id = u.id AND d.lock_token = $7",
    )
    .bind::<Array<SqlUuid>, _>(&delivery_ids)
    .bind::<Array<Text>, _>(
        round
            .iter()
            .map(|r| r.finish.status.as_str())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Timestamptz>>, _>(
        round
            .iter()
            .map(|r| r.finish.next_attempt_at)
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Nullable<Integer>>, _>(a(|r| r.finish.status_code))
    .bind::<Array<Nullable<Text>>, _>(round.iter().map(|r| r.finish.error).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(&ats)
    .bind::<SqlUuid, _>(token)
    .execute(conn)
    .await
}

#[derive(QueryableByName)]
pub struct WindowRow {
    #[diesel(sql_type = BigInt)]
    pub attempts: i64,
    #[diesel(sql_type = BigInt)]
    pub failures: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub first_failure: Option<OffsetDateTime>,
}

/// The last `window` attempts of `endpoint` made after `since`: counts and first failure.
pub async fn failure_window(
    conn: &mut AsyncPgConnection,
    endpoint: EndpointId,
    since: Option<OffsetDateTime>,
    window: i64,
) -> QueryResult<WindowRow> {
    diesel::sql_query(
        "SELECT count(*) AS attempts, count(*) FILTER (WHERE NOT success) AS failures, \
                min(created_at) FILTER (WHERE NOT success) AS first_failure \
         FROM (SELECT success, created_at FROM webhook_attempts \
               WHERE endpoint_id = $1 AND ($2::timestamptz IS NULL OR created_at > $2) \
               ORDER BY created_at DESC, id DESC LIMIT $3) w",
    )
    .bind::<SqlUuid, _>(endpoint.0)
    .bind::<Nullable<Timestamptz>, _>(since)
    .bind::<BigInt, _>(window)
    .get_result(conn)
    .await
}

/// Opens a closed circuit (no-op when another worker already did).
pub async fn open_circuit(
    conn: &mut AsyncPgConnection,
    endpoint: EndpointId,
    outage_started_at: OffsetDateTime,
    probe_interval_ms: i64,
    now: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(
        we::table
            .filter(we::id.eq(endpoint))
            .filter(we::circuit.eq(crate::model::CircuitState::Closed)),
    )
    .set((
        we::circuit.eq(crate::model::CircuitState::Open),
        we::outage_started_at.eq(outage_started_at),
        we::circuit_opened_at.eq(now),
        we::probe_interval_ms.eq(probe_interval_ms),
        we::next_probe_at.eq(now + time::Duration::milliseconds(probe_interval_ms)),
        we::updated_at.eq(now),
    ))
    .execute(conn)
    .await
}

/// After a failed probe: open again, next probe after `interval_ms`.
pub async fn reopen_circuit(
    conn: &mut AsyncPgConnection,
    endpoint: EndpointId,
    interval_ms: i64,
    now: OffsetDateTime,
) -> QueryResult<usize> {
    diesel::update(we::table.filter(we::id.eq(endpoint)))
        .set((
            we::circuit.eq(crate::model::CircuitState::Open),
            we::probe_interval_ms.eq(interval_ms),
            we::next_probe_at.eq(now + time::Duration::milliseconds(interval_ms)),
            we::updated_at.eq(now),
        ))
        .execute(conn)
        .await
}

/// After a successful probe: closed, the failure window restarts now. Returns the endpoint
/// as it was (for auto-recovery) when this call closed it.
pub async fn close_circuit(
    conn: &mut AsyncPgConnection,
    endpoint: EndpointId,
    now: OffsetDateTime,
) -> QueryResult<Option<Endpoint>> {
    let before = we::table
        .find(endpoint)
        .select(Endpoint::as_select())
        .for_update()
        .get_result(conn)
        .await?;
    if before.circuit == crate::model::CircuitState::Closed {
        return Ok(None);
    }
    diesel::update(we::table.filter(we::id.eq(endpoint)))
        .set((
            we::circuit.eq(crate::model::CircuitState::Closed),
            we::circuit_closed_at.eq(now),
            we::next_probe_at.eq(None::<OffsetDateTime>),
            we::probe_interval_ms.eq(0_i64),
            we::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(Some(before))
}

/// Purges up to `batch` finished deliveries (attempts cascade): delivered before
/// `delivered_before` or failed before `failed_before`. Returns the count.
pub async fn purge_batch(
    conn: &mut AsyncPgConnection,
    delivered_before: OffsetDateTime,
    failed_before: OffsetDateTime,
    batch: i64,
) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM webhook_deliveries WHERE id IN ( \
           SELECT id FROM webhook_deliveries \
           WHERE (status = 'delivered' AND coalesce(delivered_at, failed_at) < $1) \
              OR (status = 'failed' AND coalesce(delivered_at, failed_at) < $2) \
           LIMIT $3)",
    )
    .bind::<Timestamptz, _>(delivered_before)
    .bind::<Timestamptz, _>(failed_before)
    .bind::<BigInt, _>(batch)
    .execute(conn)
    .await
}
