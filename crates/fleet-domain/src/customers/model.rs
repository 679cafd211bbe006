use diesel::{Queryable, Selectable};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::{SubaccountId, TenantId};

crate::id_type!(
    /// One customer (a rider).
    CustomerId
);

db::text_enum! {
    /// Blocked customers cannot start rides (their wallet can still be credited).
    pub enum CustomerStatus {
        Active = "active",
        Blocked = "blocked",
    }
}

/// A customer row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = db::schema::customers, check_for_backend(diesel::pg::Pg))]
pub struct Customer {
    pub id: CustomerId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    /// Sequential per tenant, from 1.
    pub customer_number: i64,
    pub email: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub status: CustomerStatus,
    pub blocked_reason: Option<String>,
    /// Partner-set custom data ([`crate::metadata`]).
    pub metadata: Value,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
