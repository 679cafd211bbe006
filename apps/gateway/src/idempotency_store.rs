//! Storage of idempotency keys (SPEC §6) in Postgres: claim, complete, release, purge.
//! Functions take a connection; every statement stands alone (autocommit), so a claim is
//! visible to every gateway instance the moment it is taken.
//!
//! Why this store lives in the gateway (issue 18 decision): an idempotency key belongs to the
//! HTTP layer, not to a domain. What it stores is an HTTP response (status, content type,
//! body bytes) keyed by the `Idempotency-Key` header and the request's fingerprint, and only
//! the idempotency middleware reads or writes it; no domain crate or other process needs it.
//! It is the middleware's own persistence, the one `store` the gateway keeps. Its purge runs
//! through the shared batched loop (`db::purge_in_batches`, see `retention.rs`).

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Double, Int4, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use fleet_domain::{ApiKeyId, TenantId};

/// How long a completed response is replayed.
pub const TTL: Duration = Duration::from_secs(24 * 3600);
/// An in-progress claim older than this is considered abandoned (its process died) and the
/// next request with the same key and fingerprint takes it over. Well above the database
/// statement timeout, so only a dead request is ever taken over.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(60);
/// Rows deleted per purge statement.
pub const PURGE_BATCH: i64 = 5_000;

/// One idempotency key as scoped by SPEC §6: per API key.
#[derive(Debug, Clone, Copy)]
pub struct KeyRef<'a> {
    pub tenant: TenantId,
    pub api_key: ApiKeyId,
    pub key: &'a str,
}

/// A stored outcome, replayed byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This request owns the key now (`claim_id` identifies the claim): run it.
    Claimed(Uuid),
    /// The key was used for a different request.
    Mismatch,
    /// The same request is running right now.
    InProgress,
    /// The same request finished: replay it.
    Completed(StoredResponse),
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = SqlUuid)]
    claim_id: Uuid,
}

#[derive(QueryableByName)]
struct Existing {
    #[diesel(sql_type = Binary)]
    fingerprint: Vec<u8>,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Nullable<Int4>)]
    response_status: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    response_content_type: Option<String>,
    #[diesel(sql_type = Nullable<Binary>)]
    response_body: Option<Vec<u8>>,
}

/// Claims `key` for a request with `fingerprint`, atomically across instances: a new key is
/// inserted; an expired row, or an abandoned in-progress claim of the same request, is taken
/// over; otherwise the existing row decides.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    key: KeyRef<'_>,
    fingerprint: &[u8],
) -> QueryResult<Claim> {
    // A row deleted between the upsert and the read (a 5xx released it) is retried.
    for _ in 0..3 {
        let claim_id = Uuid::now_v7();
        let claimed: Option<Claimed> = diesel::sql_query(
            "INSERT INTO idempotency_keys AS k \
               (tenant_id, api_key_id, idempotency_key, fingerprint, state, claim_id, \
                claimed_at, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, 'in_progress', $5, now(), now(), \
                     now() + make_interval(secs => $6)) \
             ON CONFLICT (tenant_id, api_key_id, idempotency_key) DO UPDATE SET \
               fingerprint = EXCLUDED.fingerprint, state = 'in_progress', \
               claim_id = EXCLUDED.claim_id, claimed_at = EXCLUDED.claimed_at, \
               created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, \
               response_status = NULL, response_content_type = NULL, response_body = NULL \
             WHERE k.expires_at <= now() \
                OR (k.state = 'in_progress' AND k.fingerprint = EXCLUDED.fingerprint \
                    AND k.claimed_at < now() - make_interval(secs => $7)) \
             RETURNING k.claim_id",
        )
        .bind::<SqlUuid, _>(key.tenant.0)
        .bind::<SqlUuid, _>(key.api_key.0)
        .bind::<Text, _>(key.key)
        .bind::<Binary, _>(fingerprint)
        .bind::<SqlUuid, _>(claim_id)
        .bind::<Double, _>(TTL.as_secs_f64())
        .bind::<Double, _>(ABANDONED_AFTER.as_secs_f64())
        .get_result(conn)
        .await
        .optional()?;
        if let Some(c) = claimed {
            return Ok(Claim::Claimed(c.claim_id));
        }
        let existing: Option<Existing> = diesel::sql_query(
            "SELECT fingerprint, state, response_status, response_content_type, response_body \
             FROM idempotency_keys \
             WHERE tenant_id = $1 AND api_key_id = $2 AND idempotency_key = $3",
        )
        .bind::<SqlUuid, _>(key.tenant.0)
        .bind::<SqlUuid, _>(key.api_key.0)
        .bind::<Text, _>(key.key)
        .get_result(conn)
        .await
        .optional()?;
        let Some(row) = existing else { continue };
        if row.fingerprint != fingerprint {
            return Ok(Claim::Mismatch);
        }
        return Ok(
            match (row.state.as_str(), row.response_status, row.response_body) {
                ("completed", Some(status), Some(body)) => Claim::Completed(StoredResponse {
                    status: u16::try_from(status).unwrap_or(500),
                    content_type: row.response_content_type,
                    body,
                }),
                _ => Claim::InProgress,
            },
        );
    }
    Ok(Claim::InProgress)
}

/// Stores the outcome of the claim `claim_id`; `false` when the claim is no longer ours.
pub async fn complete(
    conn: &mut AsyncPgConnection,
    key: KeyRef<'_>,
    claim_id: Uuid,
    response: &StoredResponse,
) -> QueryResult<bool> {
    diesel::sql_query(
        "UPDATE idempotency_keys SET state = 'completed', response_status = $5, \
           response_content_type = $6, response_body = $7 \
         WHERE tenant_id = $1 AND api_key_id = $2 AND idempotency_key = $3 \
           AND claim_id = $4 AND state = 'in_progress'",
    )
    .bind::<SqlUuid, _>(key.tenant.0)
    .bind::<SqlUuid, _>(key.api_key.0)
    .bind::<Text, _>(key.key)
    .bind::<SqlUuid, _>(claim_id)
    .bind::<Int4, _>(i32::from(response.status))
    .bind::<Nullable<Text>, _>(response.content_type.as_deref())
    .bind::<Binary, _>(&response.body)
    .execute(conn)
    .await
    .map(|n| n == 1)
}

/// Gives the claim `claim_id` up (a 5xx, or a response that cannot be stored), so a retry
/// with the same key runs again.
pub async fn release(
    conn: &mut AsyncPgConnection,
    key: KeyRef<'_>,
    claim_id: Uuid,
) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM idempotency_keys \
         WHERE tenant_id = $1 AND api_key_id = $2 AND idempotency_key = $3 AND claim_id = $4",
    )
    .bind::<SqlUuid, _>(key.tenant.0)
    .bind::<SqlUuid, _>(key.api_key.0)
    .bind::<Text, _>(key.key)
    .bind::<SqlUuid, _>(claim_id)
    .execute(conn)
    .await
}

/// Deletes up to `batch` expired rows; returns how many went. Callers loop until it returns
/// less than `batch`.
pub async fn purge_expired(conn: &mut AsyncPgConnection, batch: i64) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM idempotency_keys WHERE (tenant_id, api_key_id, idempotency_key) IN \
           (SELECT tenant_id, api_key_id, idempotency_key FROM idempotency_keys \
            WHERE expires_at <= now() LIMIT $1)",
    )
    .bind::<BigInt, _>(batch)
    .execute(conn)
    .await
}
