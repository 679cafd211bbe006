//! Built GBFS files per feed, token, file and base URL, rebuilt at most every
//! [`refresh_period`] (well within the file's `ttl`). A rebuild whose data equals the previous
//! one keeps the previous body, `last_updated` and `ETag`, so conditional requests keep
//! getting `304` while nothing changes. One rebuild at a time per entry (no stampede).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use feeds::gbfs::FeedFile;
use fleet_domain::SubaccountId;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// Most entries kept (distinct feeds × files × hosts); past it the cache starts afresh.
const MAX_ENTRIES: usize = 10_000;

/// How long a built file is served before it is rebuilt: a third of its `ttl`.
pub fn refresh_period(file: FeedFile) -> Duration {
    Duration::from_secs(u64::from(file.ttl() / 3).max(1))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub subaccount: SubaccountId,
    pub token: String,
    pub file: FeedFile,
    pub base_url: String,
}

/// One built file.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub built_at: Instant,
    data_hash: [u8; 32],
    pub last_updated: OffsetDateTime,
    pub body: actix_web::web::Bytes,
    /// Strong ETag (quoted), from the body.
    pub etag: String,
}

type Slot = Arc<tokio::sync::Mutex<Option<Snapshot>>>;

#[derive(Default)]
pub struct FeedCache {
    entries: Mutex<HashMap<Key, Slot>>,
}

impl FeedCache {
    fn slot(&self, key: &Key) -> Slot {
        let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES && !map.contains_key(key) {
            map.clear();
        }
        map.entry(key.clone()).or_default().clone()
    }

    /// Forgets every built file (tests; operators changing settings).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// The file for `key`: the cached one while fresh, else `build()`'s `data` (rendered into
    /// the envelope by `render` with its `last_updated`).
    pub async fn get<E, B, F>(
        &self,
        key: &Key,
        build: B,
        render: impl FnOnce(&serde_json::Value, OffsetDateTime) -> Result<Vec<u8>, E>,
    ) -> Result<Snapshot, E>
    where
        B: FnOnce() -> F,
        F: std::future::Future<Output = Result<serde_json::Value, E>>,
    {
        let slot = self.slot(key);
        let mut guard = slot.lock().await;
        if let Some(s) = guard.as_ref() {
            if s.built_at.elapsed() < refresh_period(key.file) {
                return Ok(s.clone());
            }
        }
        let data = build().await?;
        let data_hash: [u8; 32] = Sha256::digest(data.to_string().as_bytes()).into();
        if let Some(s) = guard.as_mut() {
            if s.data_hash == data_hash {
                s.built_at = Instant::now();
                return Ok(s.clone());
            }
        }
        let now = OffsetDateTime::now_utc();
        let now = now.replace_nanosecond(0).unwrap_or(now);
        let body = render(&data, now)?;
        let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
        let snapshot = Snapshot {
            built_at: Instant::now(),
            data_hash,
            last_updated: now,
            body: body.into(),
            etag,
        };
        *guard = Some(snapshot.clone());
        Ok(snapshot)
    }
}
