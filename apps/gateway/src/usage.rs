//! Per-key usage for `/me`, read from the daily roll-up and cached briefly so that a client
//! polling `/me` costs no database round trip per request. Counts lag by at most
//! [`USAGE_TTL`] plus the request-log flush interval.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use db::PgPool;
use fleet_domain::audit::{service as audit, Usage};
use fleet_domain::{ApiKeyId, TenantId};

use crate::error::HttpError;

pub const USAGE_TTL: Duration = Duration::from_secs(5);
const MAX_ENTRIES: usize = 100_000;

#[derive(Default)]
pub struct UsageCache {
    entries: Mutex<HashMap<ApiKeyId, (Instant, Usage)>>,
}

impl UsageCache {
    pub async fn get(
        &self,
        pool: &PgPool,
        tenant: TenantId,
        key: ApiKeyId,
    ) -> Result<Usage, HttpError> {
        if let Ok(entries) = self.entries.lock() {
            if let Some((at, usage)) = entries.get(&key) {
                if at.elapsed() < USAGE_TTL {
                    return Ok(*usage);
                }
            }
        }
        let mut conn = pool.get().await?;
        let usage = audit::key_usage(&mut conn, tenant, key, OffsetDateTime::now_utc()).await?;
        drop(conn);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (Instant::now(), usage));
        }
        Ok(usage)
    }
}
