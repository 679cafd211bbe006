//! Outbox queries.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;

use db::schema::events;

use super::{EventId, StoredEvent};
use crate::{SubaccountId, TenantId};

pub async fn insert(
    conn: &mut AsyncPgConnection,
    id: EventId,
    tenant: TenantId,
    subaccount: SubaccountId,
    event_type: &str,
    data: &Value,
) -> QueryResult<usize> {
    diesel::insert_into(events::table)
        .values((
            events::id.eq(id),
            events::tenant_id.eq(tenant),
            events::subaccount_id.eq(subaccount),
            events::event_type.eq(event_type),
            events::data.eq(data),
        ))
        .execute(conn)
        .await
}

/// A tenant's events in the order they were recorded (oldest first), at most `limit`.
pub async fn list_for_tenant(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    limit: i64,
) -> QueryResult<Vec<StoredEvent>> {
    events::table
        .filter(events::tenant_id.eq(tenant))
        .order((events::created_at, events::id))
        .limit(limit)
        .select(StoredEvent::as_select())
        .load(conn)
        .await
}
