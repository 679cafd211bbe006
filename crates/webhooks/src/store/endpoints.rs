//! Endpoint queries and their health.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use db::schema::webhook_endpoints as we;
use fleet_domain::pagination::after_keyset;
use fleet_domain::{Listing, Scope, Window};

use crate::model::{Endpoint, EndpointId, Health};

/// Attempts considered for health and the circuit breaker.
pub const HEALTH_WINDOW: i64 = 20;

fn scoped_endpoints<'a>(scope: &'a Scope) -> we::BoxedQuery<'a, diesel::pg::Pg> {
    we::table
        .filter(we::tenant_id.eq(scope.tenant_id()))
        .filter(we::subaccount_id.eq_any(scope.subaccount_ids()))
        .into_boxed()
}

/// The columns a partner edits, written alike on insert and save (a `None` writes NULL).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = we, treat_none_as_null = true)]
struct EditableColumns<'a> {
    url: &'a str,
    description: Option<&'a str>,
    events: &'a Vec<String>,
    headers: &'a serde_json::Value,
    active: bool,
    auto_recover: bool,
    secret: &'a str,
}

impl<'a> From<&'a Endpoint> for EditableColumns<'a> {
    fn from(e: &'a Endpoint) -> Self {
        Self {
            url: &e.url,
            description: e.description.as_deref(),
            events: &e.events,
            headers: &e.headers,
            active: e.active,
            auto_recover: e.auto_recover,
            secret: &e.secret,
        }
    }
}

pub async fn insert_endpoint(conn: &mut AsyncPgConnection, e: &Endpoint) -> QueryResult<Endpoint> {
    diesel::insert_into(we::table)
        .values((
            we::id.eq(e.id),
            we::tenant_id.eq(e.tenant_id),
            we::subaccount_id.eq(e.subaccount_id),
            EditableColumns::from(e),
            we::circuit.eq(e.circuit),
            we::created_at.eq(e.created_at),
            we::updated_at.eq(e.updated_at),
        ))
        .returning(Endpoint::as_returning())
        .get_result(conn)
        .await
}

/// One endpoint in scope; `for_update` locks it for the caller's transaction.
pub async fn get_endpoint(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
    for_update: bool,
) -> QueryResult<Endpoint> {
    let q = we::table
        .filter(we::id.eq(id))
        .filter(we::tenant_id.eq(scope.tenant_id()))
        .filter(we::subaccount_id.eq_any(scope.subaccount_ids()))
        .select(Endpoint::as_select());
    if for_update {
        q.for_update().get_result(conn).await
    } else {
        q.get_result(conn).await
    }
}

/// An endpoint by id, any tenant (workers).
pub async fn endpoint_by_id(conn: &mut AsyncPgConnection, id: EndpointId) -> QueryResult<Endpoint> {
    we::table
        .find(id)
        .select(Endpoint::as_select())
        .get_result(conn)
        .await
}

pub async fn endpoints_by_ids(
    conn: &mut AsyncPgConnection,
    ids: &[EndpointId],
) -> QueryResult<Vec<Endpoint>> {
    we::table
        .filter(we::id.eq_any(ids))
        .select(Endpoint::as_select())
        .load(conn)
        .await
}

pub async fn list_endpoints(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    window: &Window,
) -> QueryResult<Listing<Endpoint>> {
    let (limit, offset) = window.limit_offset();
    let mut q = scoped_endpoints(scope)
        .order((we::created_at, we::id))
        .limit(limit)
        .offset(offset)
        .select(Endpoint::as_select());
    match window {
        Window::Page { page, limit } => {
            let rows = q.load(conn).await?;
            let total: i64 = scoped_endpoints(scope).count().get_result(conn).await?;
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

/// Writes the editable columns of `e`.
pub async fn save_endpoint(conn: &mut AsyncPgConnection, e: &Endpoint) -> QueryResult<Endpoint> {
    diesel::update(we::table.find(e.id))
        .set((
            EditableColumns::from(e),
            we::previous_secret.eq(&e.previous_secret),
            we::previous_secret_expires_at.eq(e.previous_secret_expires_at),
            we::updated_at.eq(e.updated_at),
        ))
        .returning(Endpoint::as_returning())
        .get_result(conn)
        .await
}

pub async fn delete_endpoint(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: EndpointId,
) -> QueryResult<usize> {
    diesel::delete(
        we::table
            .filter(we::id.eq(id))
            .filter(we::tenant_id.eq(scope.tenant_id()))
            .filter(we::subaccount_id.eq_any(scope.subaccount_ids())),
    )
    .execute(conn)
    .await
}

#[derive(QueryableByName)]
struct HealthRow {
    #[diesel(sql_type = SqlUuid)]
    endpoint_id: Uuid,
    #[diesel(sql_type = BigInt)]
    attempts: i64,
    #[diesel(sql_type = BigInt)]
    successes: i64,
}

/// Success counts over the last [`HEALTH_WINDOW`] attempts of each endpoint.
pub async fn health(
    conn: &mut AsyncPgConnection,
    ids: &[EndpointId],
) -> QueryResult<HashMap<EndpointId, Health>> {
    let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    let rows: Vec<HealthRow> = diesel::sql_query(
        "SELECT endpoint_id, count(*) AS attempts, count(*) FILTER (WHERE success) AS successes \
         FROM (SELECT endpoint_id, success, row_number() OVER \
                 (PARTITION BY endpoint_id ORDER BY created_at DESC, id DESC) AS rn \
               FROM webhook_attempts WHERE endpoint_id = ANY($1)) w \
         WHERE rn <= $2 GROUP BY endpoint_id",
    )
    .bind::<diesel::sql_types::Array<SqlUuid>, _>(ids)
    .bind::<BigInt, _>(HEALTH_WINDOW)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                EndpointId(r.endpoint_id),
                Health {
                    attempts: r.attempts,
                    successes: r.successes,
                },
            )
        })
        .collect())
}
