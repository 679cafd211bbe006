//! A key row for unit tests of the rules (no database).

use time::OffsetDateTime;
use uuid::Uuid;

use fleet_domain::{ApiKeyId, TenantId};

use crate::{ApiKey, KeyMode, KeyScope};

pub fn key(mode: KeyMode, scope: KeyScope, subs: Vec<Uuid>) -> ApiKey {
    let now = OffsetDateTime::now_utc();
    ApiKey {
        id: ApiKeyId::new(),
        tenant_id: TenantId::new(),
        name: "k".into(),
        prefix: "lf_pk_abcdef".into(),
        key_hash: "h".into(),
        previous_key_hash: None,
        previous_key_expires_at: None,
        mode,
        permissions: vec![],
        scope,
        subaccount_ids: subs,
        rate_limit_per_minute: None,
        rate_limit_per_hour: None,
        rate_limit_per_day: None,
        allowed_ips: vec![],
        expires_at: None,
        active: true,
        revoked_at: None,
        deleted_at: None,
        created_by: None,
        last_used_at: None,
        created_at: now,
        updated_at: now,
    }
}
