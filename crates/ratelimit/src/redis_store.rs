//! The Redis backend: one Lua script checks and counts all three windows atomically.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;

use crate::error::Error;
use crate::memory::Mode;
use crate::model::{Decision, Limits, Window};
use crate::sliding::{self, BucketPair};

/// Checks the three windows of one key and, if all admit the request and `ARGV[1]` is `1`,
/// counts it in all three; returns the counts as they were before, so Rust can build the
/// decision with the same arithmetic as the in-process backend.
///
/// KEYS: the minute, hour and day hashes of one key (one hash slot). Each maps a bucket
/// number, `floor(unix_ms / window_ms)`, to the requests counted in it, and holds at most the
/// current and the previous bucket: the first write of bucket `b` deletes `b - 2` and sets the
/// hash to expire when `b + 1` ends, the moment it stops mattering (later writes of `b` only
/// increment: 7 Redis calls per counted request instead of 13, about 40 % less script time).
/// ARGV: mode (`1` count, `0` peek), the three limits, the three window lengths in ms.
/// Returns `{allowed, unix_s, micros, prev_m, cur_m, prev_h, cur_h, prev_d, cur_d}`.
const SCRIPT: &str = r"
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local sec = tonumber(time[1])
local usec = tonumber(time[2])
local now = sec * 1000 + math.floor(usec / 1000)
local reply = {0, sec, usec}
local buckets = {}
local allowed = 1
for i = 1, 3 do
  local limit = tonumber(ARGV[i + 1])
  local w = tonumber(ARGV[i + 4])
  local b = math.floor(now / w)
  local elapsed = now - b * w
  local counts = redis.call('HMGET', KEYS[i], tostring(b - 1), tostring(b))
  local prev = tonumber(counts[1]) or 0
  local cur = tonumber(counts[2]) or 0
  if limit * w - prev * (w - elapsed) - cur * w < w then
    allowed = 0
  end
  buckets[i] = b
  reply[2 * i + 2] = prev
  reply[2 * i + 3] = cur
end
reply[1] = allowed
if allowed == 1 and ARGV[1] == '1' then
  for i = 1, 3 do
    local b = buckets[i]
    redis.call('HINCRBY', KEYS[i], tostring(b), 1)
    if reply[2 * i + 3] == 0 then
      -- First request of bucket b: b - 2 stops mattering and the expiry moves on. Later
      -- requests of the same bucket would repeat both to no effect (each redis.call costs
      -- about as much as the script's arithmetic), so only the first does them.
      redis.call('HDEL', KEYS[i], tostring(b - 2))
      redis.call('PEXPIREAT', KEYS[i], (b + 2) * tonumber(ARGV[i + 4]))
    end
  end
end
return reply
";

/// The Redis keys of one rate-limited key: `{<prefix>:<key>}:minute`, `…:hour`, `…:day`.
///
/// The braces are a Redis Cluster hash tag: only the part inside is hashed, so all three keys
/// land in one slot and the script never crosses slots. A `}` inside `key` ends the tag early,
/// but it ends at the same place in all three names, so they still share a slot.
pub(crate) fn redis_keys(prefix: &str, key: &str) -> [String; 3] {
    Window::ALL.map(|w| format!("{{{prefix}:{key}}}:{}", w.as_str()))
}

pub(crate) struct RedisBackend {
    conn: ConnectionManager,
    /// With it, each thread that decides gets a connection of its own ([`Self::local_conn`]).
    connector: Option<Box<(redis::Client, ConnectionManagerConfig)>>,
    id: u64,
    script: Script,
    prefix: String,
}

static NEXT_BACKEND_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Per thread: the connection of each backend that has decided on this thread.
    static LOCAL_CONNECTIONS: RefCell<Vec<(u64, ConnectionManager)>> = const { RefCell::new(Vec::new()) };
}

impl RedisBackend {
    pub fn new(conn: ConnectionManager, prefix: String) -> Self {
        Self {
            conn,
            connector: None,
            id: NEXT_BACKEND_ID.fetch_add(1, Ordering::Relaxed),
            script: Script::new(SCRIPT),
            prefix,
        }
    }

    /// Decides on a connection per thread, made with `client` and `config` on the thread's
    /// first decision. A connection's I/O runs as a task on the runtime it was made on; with
    /// one shared connection, made on the main thread, every check on an HTTP worker crossed
    /// to that thread and back (two wake-ups per request, behind whatever else it was doing).
    /// actix-web's workers are one thread and one runtime each, so a thread's connection is
    /// driven where its requests are.
    pub fn per_thread(mut self, client: redis::Client, config: ConnectionManagerConfig) -> Self {
        self.connector = Some(Box::new((client, config)));
        self
    }

    fn local_conn(&self) -> ConnectionManager {
        let Some((client, config)) = self.connector.as_deref() else {
            return self.conn.clone();
        };
        LOCAL_CONNECTIONS.with(|local| {
            let mut local = local.borrow_mut();
            if let Some((_, conn)) = local.iter().find(|(id, _)| *id == self.id) {
                return conn.clone();
            }
            // Lazy: nothing is connected here; the first command connects on this thread.
            match ConnectionManager::new_lazy_with_config(client.clone(), config.clone()) {
                Ok(conn) => {
                    local.push((self.id, conn.clone()));
                    conn
                }
                Err(_) => self.conn.clone(),
            }
        })
    }

    /// `SCRIPT LOAD`, so the first `EVALSHA` finds it (it is reloaded on `NOSCRIPT` anyway).
    pub async fn load_script(&self) -> Result<(), Error> {
        let mut conn = self.conn.clone();
        self.script.load_async(&mut conn).await?;
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), Error> {
        let mut conn = self.conn.clone();
        let pong: String = redis::cmd("PING").query_async(&mut conn).await?;
        if pong == "PONG" {
            Ok(())
        } else {
            Err(Error::UnexpectedReply(pong))
        }
    }

    pub async fn decide(&self, key: &str, limits: &Limits, mode: Mode) -> Result<Decision, Error> {
        let reply = self.invoke(key, limits, mode).await?;
        parse_reply(&reply, limits, mode)
    }

    async fn invoke(&self, key: &str, limits: &Limits, mode: Mode) -> Result<Vec<i64>, Error> {
        let mut conn = self.local_conn();
        let mut invocation = self.script.prepare_invoke();
        for name in redis_keys(&self.prefix, key) {
            invocation.key(name);
        }
        invocation.arg(u8::from(mode == Mode::Check));
        for w in Window::ALL {
            invocation.arg(limits.get(w));
        }
        for w in Window::ALL {
            invocation.arg(w.millis());
        }
        Ok(invocation.invoke_async(&mut conn).await?)
    }
}

fn parse_reply(reply: &[i64], limits: &Limits, mode: Mode) -> Result<Decision, Error> {
    let &[allowed, sec, usec, pm, cm, ph, ch, pd, cd] = reply else {
        return Err(Error::UnexpectedReply(format!("{reply:?}")));
    };
    let count = |v: i64| u64::try_from(v).map_err(|_| Error::UnexpectedReply(format!("{reply:?}")));
    let pairs = [
        BucketPair {
            previous: count(pm)?,
            current: count(cm)?,
        },
        BucketPair {
            previous: count(ph)?,
            current: count(ch)?,
        },
        BucketPair {
            previous: count(pd)?,
            current: count(cd)?,
        },
    ];
    let now_ms = sec.saturating_mul(1000).saturating_add(usec / 1000);
    let allowed = allowed == 1;
    let counted = allowed && mode == Mode::Check;
    Ok(sliding::decision(now_ms, limits, pairs, allowed, counted))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn hash_tag(name: &str) -> &str {
        let open = name.find('{').unwrap();
        let close = open + 1 + name[open + 1..].find('}').unwrap();
        &name[open + 1..close]
    }

    #[test]
    fn keys_share_one_hash_tag() {
        let keys = redis_keys("fleetgate:rl", "key:42");
        assert_eq!(
            keys,
            [
                "{fleetgate:rl:key:42}:minute",
                "{fleetgate:rl:key:42}:hour",
                "{fleetgate:rl:key:42}:day",
            ]
        );
        for hostile in ["a}b", "{x}", "}", "", "ip:::1"] {
            let keys = redis_keys("p", hostile);
            assert_eq!(hash_tag(&keys[0]), hash_tag(&keys[1]), "{hostile}");
            assert_eq!(hash_tag(&keys[0]), hash_tag(&keys[2]), "{hostile}");
            assert!(!hash_tag(&keys[0]).is_empty());
        }
    }

    /// The script and the Rust arithmetic must agree on every verdict. With 60 000 requests
    /// in the previous minute bucket, each millisecond of the current bucket frees exactly one
    /// request, so limits around `60 000 - elapsed` land right on the boundary.
    #[tokio::test]
    async fn script_and_rust_arithmetic_agree_on_the_boundary() {
        let url = std::env::var("RATELIMIT_TEST_REDIS_URL")
            .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
        let client = redis::Client::open(url).unwrap();
        let mut raw = client.get_multiplexed_async_connection().await.unwrap();
        let conn = ConnectionManager::new(client).await.unwrap();
        let prefix = format!(
            "rltest:parity:{}:{}",
            std::process::id(),
            sliding::unix_ms(time::OffsetDateTime::now_utc())
        );
        let backend = RedisBackend::new(conn, prefix.clone());
        let [minute_key, _, _] = redis_keys(&prefix, "k");

        let (mut allowed_seen, mut rejected_seen) = (0, 0);
        for round in 0..400 {
            let now = sliding::unix_ms(time::OffsetDateTime::now_utc());
            let slot = sliding::Slot::at(now, Window::Minute);
            let _: () = redis::pipe()
                .del(&minute_key)
                .hset(&minute_key, (slot.bucket - 1).to_string(), 60_000)
                .hset(&minute_key, slot.bucket.to_string(), round % 3)
                .query_async(&mut raw)
                .await
                .unwrap();
            let delta = round % 41 - 20;
            let limit = u64::try_from(60_000 - slot.elapsed_ms + delta + round % 3).unwrap();
            let limits = Limits::new(limit, 1_000_000, 1_000_000);
            let reply = backend.invoke("k", &limits, Mode::Peek).await.unwrap();
            let server_ms = reply[1] * 1000 + reply[2] / 1000;
            if sliding::Slot::at(server_ms, Window::Minute).bucket != slot.bucket {
                continue; // crossed into the next minute between seeding and asking
            }
            let pairs = [
                BucketPair {
                    previous: u64::try_from(reply[3]).unwrap(),
                    current: u64::try_from(reply[4]).unwrap(),
                },
                BucketPair::default(),
                BucketPair::default(),
            ];
            assert_eq!(pairs[0].previous, 60_000);
            let rust = sliding::allows(server_ms, &limits, &pairs);
            assert_eq!(
                reply[0] == 1,
                rust,
                "round {round}: reply {reply:?}, limit {limit}"
            );
            if rust {
                allowed_seen += 1;
            } else {
                rejected_seen += 1;
            }
            let decision = parse_reply(&reply, &limits, Mode::Peek).unwrap();
            assert_eq!(decision.allowed, decision.tightest.remaining >= 1);
        }
        assert!(
            allowed_seen > 0 && rejected_seen > 0,
            "{allowed_seen}/{rejected_seen}"
        );
        let _: () = redis::cmd("DEL")
            .arg(&minute_key)
            .query_async(&mut raw)
            .await
            .unwrap();
    }

    #[test]
    fn malformed_replies_are_errors() {
        let limits = Limits::new(1, 1, 1);
        assert!(parse_reply(&[1, 2, 3], &limits, Mode::Check).is_err());
        assert!(parse_reply(&[1, 0, 0, -1, 0, 0, 0, 0, 0], &limits, Mode::Check).is_err());
        let d = parse_reply(
            &[1, 1_735_689_600, 0, 0, 0, 0, 0, 0, 0],
            &limits,
            Mode::Check,
        )
        .unwrap();
        assert!(d.allowed);
        assert_eq!(d.tightest.remaining, 0);
    }
}
