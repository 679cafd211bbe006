//! Cross-instance cache invalidation over Postgres `LISTEN/NOTIFY`: a change to a key, a
//! tenant or its subaccounts is announced so every process drops what it cached about it.
//!
//! Writers call [`announce`] inside the transaction that changes a key or tenant; Postgres
//! delivers the notification to every listener when (and only if) that transaction commits.

use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::{ApiKeyId, TenantId};

/// The channel every gateway instance listens on.
pub const CHANNEL: &str = "fleetgate_keys";

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Key(ApiKeyId),
    Tenant(TenantId),
}

impl Change {
    pub fn payload(self) -> String {
        match self {
            Change::Key(id) => format!("key:{id}"),
            Change::Tenant(id) => format!("tenant:{id}"),
        }
    }

    pub fn parse(payload: &str) -> Option<Change> {
        let (kind, id) = payload.split_once(':')?;
        let id = uuid::Uuid::parse_str(id).ok()?;
        match kind {
            "key" => Some(Change::Key(ApiKeyId(id))),
            "tenant" => Some(Change::Tenant(TenantId(id))),
            _ => None,
        }
    }
}

/// Queues the notification in the current transaction.
pub async fn announce(conn: &mut AsyncPgConnection, change: Change) -> diesel::QueryResult<()> {
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<Text, _>(CHANNEL)
        .bind::<Text, _>(change.payload())
        .execute(conn)
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trip() {
        for change in [
            Change::Key(ApiKeyId::new()),
            Change::Tenant(TenantId::new()),
        ] {
            assert_eq!(Change::parse(&change.payload()), Some(change));
        }
        assert_eq!(Change::parse("key:nope"), None);
        assert_eq!(
            Change::parse("other:0192f5c3-a1b2-7c3e-9d1a-6b2f0c4d5e6f"),
            None
        );
    }
}
