//! The Redis backend: one Lua script checks and counts all three windows atomically.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;

use crate::coalesce::{CallSharing, Check, Coalescer, Entry};
use crate::error::Error;
use crate::memory::Mode;
use crate::model::{Decision, Limits, Window};
use crate::sliding::{self, BucketPair};

/// Decides one or more entries, one after another: each entry is one limited key (its three
/// windows), its limits and `n` requests of it arriving at the same instant. Per entry it
/// admits as many of the `n` as fit in all three windows (the `j`-th from 0 fits where
/// `limit·W - prev·(W - elapsed) - (cur + j)·W >= W`, so the first `floor(room / W)` do), and,
/// if `ARGV[1]` is `1`, counts the admitted ones in all three. It returns the counts as they
/// were before each entry, so Rust builds each request's decision with the same arithmetic as
/// the in-process backend ([`parse_reply`]). An entry sees the counts of the entries before it,
/// so a call deciding entries `e1, e2, …` answers what calls of `e1`, then `e2`, … at that
/// instant would; `n` is above 1 when checks of one key were coalesced (`coalesce`).
///
/// KEYS: per entry, the minute, hour and day hashes of its key (one hash slot per key; a call
/// with several keys spans several slots, see the crate docs on Redis Cluster). Each maps a
/// bucket number, `floor(unix_ms / window_ms)`, to the requests counted in it, and holds at
/// most the current and the previous bucket: the first write of bucket `b` deletes `b - 2` and
/// sets the hash to expire when `b + 1` ends, the moment it stops mattering (later writes of
/// `b` only increment: 7 Redis calls per counted entry instead of 13).
/// ARGV: mode (`1` count, `0` peek), the three window lengths in ms, then per entry its three
/// limits and `n`.
/// Returns `{unix_s, micros}` then per entry `{admitted, prev_m, cur_m, prev_h, cur_h, prev_d,
/// cur_d}`.
///
/// `floor(room / W)` on doubles is exact under the same bound as the comparison (`limit · W_ms
/// < 2^53`, lib docs): a quotient just below an integer `k` differs from it by at least `1 / W`,
/// more than half an ulp of `k` while `k · W < 2^53`.
const SCRIPT: &str = r"
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local sec = tonumber(time[1])
local usec = tonumber(time[2])
local now = sec * 1000 + math.floor(usec / 1000)
local count = ARGV[1] == '1'
local w, b, elapsed, prev_field, cur_field, stale_field = {}, {}, {}, {}, {}, {}
for i = 1, 3 do
  w[i] = tonumber(ARGV[i + 1])
  b[i] = math.floor(now / w[i])
  elapsed[i] = now - b[i] * w[i]
  prev_field[i] = tostring(b[i] - 1)
  cur_field[i] = tostring(b[i])
  stale_field[i] = tostring(b[i] - 2)
end
local reply = {sec, usec}
local entries = (#ARGV - 4) / 4
for e = 0, entries - 1 do
  local arg = 4 + 4 * e
  local out = 2 + 7 * e
  local admitted = tonumber(ARGV[arg + 4]) or 1
  local was_empty = {}
  for i = 1, 3 do
    local limit = tonumber(ARGV[arg + i])
    local counts = redis.call('HMGET', KEYS[3 * e + i], prev_field[i], cur_field[i])
    local prev = tonumber(counts[1]) or 0
    local cur = tonumber(counts[2]) or 0
    local fits = math.floor((limit * w[i] - prev * (w[i] - elapsed[i]) - cur * w[i]) / w[i])
    if fits < admitted then
      admitted = fits
    end
    was_empty[i] = cur == 0
    reply[out + 2 * i] = prev
    reply[out + 2 * i + 1] = cur
  end
  if admitted < 0 then
    admitted = 0
  end
  reply[out + 1] = admitted
  if admitted > 0 and count then
    for i = 1, 3 do
      local key = KEYS[3 * e + i]
      redis.call('HINCRBY', key, cur_field[i], admitted)
      if was_empty[i] then
        -- First request of bucket b: b - 2 stops mattering and the expiry moves on. Later
        -- requests of the same bucket would repeat both to no effect (each redis.call costs
        -- about as much as the script's arithmetic), so only the first does them.
        redis.call('HDEL', key, stale_field[i])
        redis.call('PEXPIREAT', key, (b[i] + 2) * w[i])
      end
    end
  end
end
return reply
";

/// Most entries (distinct keys and limits) one script run decides. The script holds Redis
/// while it runs (a few µs per entry), so a shared call with more entries goes as several
/// runs, sent together.
pub(crate) const MAX_ENTRIES_PER_RUN: usize = 128;

/// Reply values before the first entry's (`unix_s`, `micros`), and per entry.
const REPLY_HEAD: usize = 2;
const REPLY_PER_ENTRY: usize = 7;

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
    /// Identifies this backend's connection in each thread's [`LOCAL_CONNECTIONS`]; an entry
    /// whose `Weak` no longer upgrades belongs to a dropped backend.
    alive: Arc<()>,
    script: Script,
    prefix: String,
    coalescer: Coalescer,
    /// Script calls made (each deciding one or more checks).
    calls: AtomicU64,
}

thread_local! {
    /// Per thread: the connection of each backend that has decided on this thread. Entries of
    /// dropped backends are removed when the thread next adds one, so a thread holds at most
    /// the connections of the live backends plus those dropped since its last new one.
    static LOCAL_CONNECTIONS: RefCell<Vec<(Weak<()>, ConnectionManager)>> = const { RefCell::new(Vec::new()) };
}

impl RedisBackend {
    pub fn new(conn: ConnectionManager, prefix: String) -> Self {
        Self {
            conn,
            connector: None,
            alive: Arc::new(()),
            script: Script::new(SCRIPT),
            prefix,
            coalescer: Coalescer::default(),
            calls: AtomicU64::new(0),
        }
    }

    /// Which concurrent checks share a call (`coalesce`); across keys by default.
    pub fn sharing(mut self, sharing: CallSharing) -> Self {
        self.coalescer = Coalescer::new(sharing);
        self
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
            // The `Weak` keeps the allocation, so no later backend can share its address.
            let me = Arc::as_ptr(&self.alive);
            if let Some((_, conn)) = local.iter().find(|(owner, _)| owner.as_ptr() == me) {
                return conn.clone();
            }
            // Lazy: nothing is connected here; the first command connects on this thread.
            match ConnectionManager::new_lazy_with_config(client.clone(), config.clone()) {
                Ok(conn) => {
                    local.retain(|(owner, _)| owner.strong_count() > 0);
                    local.push((Arc::downgrade(&self.alive), conn.clone()));
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

    /// Decides one request. Concurrent checks on one thread are coalesced into shared calls
    /// (`coalesce`) unless `alone`; peeks are rare (`/me`) and always go alone.
    pub async fn decide(
        &self,
        key: &str,
        limits: &Limits,
        mode: Mode,
        alone: bool,
    ) -> Result<Decision, Error> {
        match mode {
            Mode::Check if !alone => {
                let check = Check {
                    key: key.to_owned(),
                    limits: *limits,
                };
                self.coalescer
                    .check(check, |entries| self.decide_entries(entries, mode))
                    .await
            }
            Mode::Check | Mode::Peek => self.decide_alone(key, limits, mode).await,
        }
    }

    /// Decides one request in a call of its own, never shared with concurrent checks.
    pub async fn decide_alone(
        &self,
        key: &str,
        limits: &Limits,
        mode: Mode,
    ) -> Result<Decision, Error> {
        let entry = Entry {
            key: key.to_owned(),
            limits: *limits,
            n: 1,
        };
        let mut decisions = self.decide_entries(vec![entry], mode).await?;
        decisions
            .pop()
            .and_then(|mut d| d.pop())
            .ok_or_else(|| Error::UnexpectedReply("no decision".into()))
    }

    /// Decides `entries` in one call (one script run per [`MAX_ENTRIES_PER_RUN`], pipelined):
    /// per entry, the decisions of its `n` requests in order.
    async fn decide_entries(
        &self,
        entries: Vec<Entry>,
        mode: Mode,
    ) -> Result<Vec<Vec<Decision>>, Error> {
        if entries.len() <= MAX_ENTRIES_PER_RUN {
            return self.decide_run(&entries, mode).await;
        }
        let runs = entries
            .chunks(MAX_ENTRIES_PER_RUN)
            .map(|run| self.decide_run(run, mode));
        let decided = futures_util::future::try_join_all(runs).await?;
        Ok(decided.into_iter().flatten().collect())
    }

    /// One script run deciding `run`.
    async fn decide_run(&self, run: &[Entry], mode: Mode) -> Result<Vec<Vec<Decision>>, Error> {
        let reply = self.invoke(run, mode).await?;
        parse_reply(&reply, run, mode)
    }

    #[cfg(test)]
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    async fn invoke(&self, entries: &[Entry], mode: Mode) -> Result<Vec<i64>, Error> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mut conn = self.local_conn();
        let mut invocation = self.script.prepare_invoke();
        invocation.arg(u8::from(mode == Mode::Check));
        for w in Window::ALL {
            invocation.arg(w.millis());
        }
        for entry in entries {
            for name in redis_keys(&self.prefix, &entry.key) {
                invocation.key(name);
            }
            for w in Window::ALL {
                invocation.arg(entry.limits.get(w));
            }
            invocation.arg(entry.n.max(1));
        }
        Ok(invocation.invoke_async(&mut conn).await?)
    }
}

/// The decisions of every entry's requests from one script reply.
fn parse_reply(reply: &[i64], entries: &[Entry], mode: Mode) -> Result<Vec<Vec<Decision>>, Error> {
    let malformed = || Error::UnexpectedReply(format!("{reply:?} for {entries:?}"));
    if reply.len() != REPLY_HEAD + REPLY_PER_ENTRY * entries.len() {
        return Err(malformed());
    }
    let &[sec, usec, ..] = reply else {
        return Err(malformed());
    };
    let now_ms = sec.saturating_mul(1000).saturating_add(usec / 1000);
    entries
        .iter()
        .zip(reply[REPLY_HEAD..].chunks_exact(REPLY_PER_ENTRY))
        .map(|(entry, counts)| {
            entry_decisions(now_ms, counts, &entry.limits, mode, entry.n).ok_or_else(malformed)
        })
        .collect()
}

/// The decisions of one entry's `n` requests from its part of the reply: the first
/// `admitted` are allowed and counted, each seeing the ones before it counted (as `n` calls
/// one after another would). `None` for counts out of range.
fn entry_decisions(
    now_ms: i64,
    counts: &[i64],
    limits: &Limits,
    mode: Mode,
    n: usize,
) -> Option<Vec<Decision>> {
    let &[admitted, pm, cm, ph, ch, pd, cd] = counts else {
        return None;
    };
    let count = |v: i64| u64::try_from(v).ok();
    let admitted = count(admitted).filter(|&a| a <= n as u64)?;
    let pair = |previous, current| {
        Some(BucketPair {
            previous: count(previous)?,
            current: count(current)?,
        })
    };
    let before = [pair(pm, cm)?, pair(ph, ch)?, pair(pd, cd)?];
    let decisions = (0..n as u64)
        .map(|j| {
            let allowed = j < admitted;
            // The requests before this one that were counted.
            let ahead = if mode == Mode::Check {
                j.min(admitted)
            } else {
                0
            };
            let pairs = before.map(|p| BucketPair {
                previous: p.previous,
                current: p.current.saturating_add(ahead),
            });
            sliding::decision(
                now_ms,
                limits,
                pairs,
                allowed,
                allowed && mode == Mode::Check,
            )
        })
        .collect();
    Some(decisions)
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
        let mut partial_seen = false;
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
            let one = [entry("k", limits, 1)];
            let reply = backend.invoke(&one, Mode::Peek).await.unwrap();
            let server_ms = reply[0] * 1000 + reply[1] / 1000;
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
                reply[2] == 1,
                rust,
                "round {round}: reply {reply:?}, limit {limit}"
            );
            if rust {
                allowed_seen += 1;
            } else {
                rejected_seen += 1;
            }
            let decision = parse_reply(&reply, &one, Mode::Peek).unwrap()[0][0];
            assert_eq!(decision.allowed, decision.tightest.remaining >= 1);

            // Several requests at once: the script admits as many as Rust would, one by one.
            let many = backend
                .invoke(&[entry("k", limits, 8)], Mode::Peek)
                .await
                .unwrap();
            let many_ms = many[0] * 1000 + many[1] / 1000;
            if sliding::Slot::at(many_ms, Window::Minute).bucket == slot.bucket {
                let fit = (0..8)
                    .take_while(|&j| {
                        let mut ahead = pairs;
                        ahead[0].current += j;
                        sliding::allows(many_ms, &limits, &ahead)
                    })
                    .count();
                assert_eq!(
                    many[2],
                    i64::try_from(fit).unwrap(),
                    "round {round}: {many:?}"
                );
                partial_seen |= fit > 0 && fit < 8;
            }
        }
        assert!(partial_seen, "no round admitted some but not all of 8");
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

    fn entry(key: &str, limits: Limits, n: usize) -> Entry {
        Entry {
            key: key.to_owned(),
            limits,
            n,
        }
    }

    #[test]
    fn malformed_replies_are_errors() {
        let limits = Limits::new(1, 1, 1);
        let one = [entry("k", limits, 1)];
        let two = [entry("k", limits, 1), entry("l", limits, 1)];
        let t = 1_735_689_600;
        for (reply, entries) in [
            (&[1, 2, 3][..], &one[..]),
            (&[t, 0, 1, 0, 0, 0, 0, 0, 0, 0], &one),
            (&[t, 0, 1, -1, 0, 0, 0, 0, 0], &one),
            (&[t, 0, 2, 0, 0, 0, 0, 0, 0], &one),
            (&[t, 0, 1, 0, 0, 0, 0, 0, 0], &two),
        ] {
            assert!(
                parse_reply(reply, entries, Mode::Check).is_err(),
                "{reply:?}"
            );
        }
        let d = parse_reply(&[t, 0, 1, 0, 0, 0, 0, 0, 0], &one, Mode::Check).unwrap()[0][0];
        assert!(d.allowed);
        assert_eq!(d.tightest.remaining, 0);
    }

    /// One reply for three requests, two admitted: each decision is what its own call would
    /// have answered after the ones before it.
    #[test]
    fn one_reply_decides_several_requests_in_order() {
        let t0 = 1_735_689_600_000_i64; // aligned to every window
        let now = t0 + 30_000;
        let limits = Limits::new(5, 100, 1000);
        let reply = [t0 / 1000 + 30, 0, 2, 0, 3, 0, 10, 0, 10];
        let got = parse_reply(&reply, &[entry("k", limits, 3)], Mode::Check)
            .unwrap()
            .remove(0);
        let pair = |cur| BucketPair {
            previous: 0,
            current: cur,
        };
        let expected = [
            sliding::decision(now, &limits, [pair(3), pair(10), pair(10)], true, true),
            sliding::decision(now, &limits, [pair(4), pair(11), pair(11)], true, true),
            sliding::decision(now, &limits, [pair(5), pair(12), pair(12)], false, false),
        ];
        assert_eq!(got, expected);
        assert_eq!(
            got.iter().map(|d| d.tightest.remaining).collect::<Vec<_>>(),
            [1, 0, 0]
        );
        assert!(!got[2].allowed && got[2].retry_after_secs > 0);
    }

    fn test_backend(test: &str) -> (RedisBackend, redis::Client, String) {
        let url = std::env::var("RATELIMIT_TEST_REDIS_URL")
            .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
        let client = redis::Client::open(url).unwrap();
        let conn =
            ConnectionManager::new_lazy_with_config(client.clone(), ConnectionManagerConfig::new())
                .unwrap();
        let prefix = format!(
            "rltest:{test}:{}:{}",
            std::process::id(),
            sliding::unix_ms(time::OffsetDateTime::now_utc())
        );
        (RedisBackend::new(conn, prefix.clone()), client, prefix)
    }

    async fn minute_count(client: &redis::Client, prefix: &str) -> u64 {
        counted_in_minute(client, prefix, "k").await
    }

    async fn counted_in_minute(client: &redis::Client, prefix: &str, key: &str) -> u64 {
        let mut raw = client.get_multiplexed_async_connection().await.unwrap();
        let [minute_key, _, _] = redis_keys(prefix, key);
        let counts: Vec<u64> = redis::cmd("HVALS")
            .arg(&minute_key)
            .query_async(&mut raw)
            .await
            .unwrap();
        counts.iter().sum()
    }

    /// 20 checks of one key at once on one thread: the first calls Redis alone, the 19 that
    /// arrive meanwhile share the next call, and exactly the limit is admitted, each with its
    /// own `remaining`.
    #[tokio::test]
    async fn concurrent_checks_on_one_thread_share_calls() {
        let (backend, client, prefix) = test_backend("coalesce");
        let limits = Limits::new(5, 1000, 1000);
        let checks = (0..20).map(|_| backend.decide("k", &limits, Mode::Check, false));
        let decisions = futures_util::future::join_all(checks).await;
        let decisions: Vec<Decision> = decisions.into_iter().map(Result::unwrap).collect();
        let mut remaining: Vec<u64> = decisions
            .iter()
            .filter(|d| d.allowed)
            .map(|d| d.tightest.remaining)
            .collect();
        remaining.sort_unstable();
        // (Only a minute boundary falling between the two calls, a millisecond apart, could
        // change these figures.)
        assert_eq!(remaining, [0, 1, 2, 3, 4]);
        assert!(decisions
            .iter()
            .filter(|d| !d.allowed)
            .all(|d| d.retry_after_secs >= 1));
        assert_eq!(
            backend.calls(),
            2,
            "one call alone, then one for the other 19"
        );
        assert_eq!(minute_count(&client, &prefix).await, 5);
        assert_eq!(
            backend.coalescer.groups(),
            0,
            "the group ends with its last call"
        );
    }

    /// Checks of many keys at once on one thread: the first calls Redis alone, all the others
    /// share the next call, one entry per key and limits, and each key gets exactly its own
    /// limit — also a key checked under two limits in one call, whose second entry sees what
    /// the first counted.
    #[tokio::test]
    async fn concurrent_checks_of_many_keys_share_one_call() {
        let (backend, client, prefix) = test_backend("coalesce-keys");
        let loose = Limits::new(1000, 1000, 1000);
        let three = Limits::new(3, 1000, 1000);
        let (two, four) = (Limits::new(2, 1000, 1000), Limits::new(4, 1000, 1000));
        let mut checks = vec![("lead".to_owned(), loose)];
        for round in 0..10 {
            for key in 0..5 {
                checks.push((format!("k{key}"), three));
            }
            if round < 3 {
                checks.push(("shared".to_owned(), two));
                checks.push(("shared".to_owned(), four));
            }
        }
        let decisions = futures_util::future::join_all(
            checks
                .iter()
                .map(|(key, limits)| backend.decide(key, limits, Mode::Check, false)),
        )
        .await;
        assert_eq!(
            backend.calls(),
            2,
            "one call alone, then one for all others"
        );
        let remaining = |key: &str, limits: Limits| -> Vec<u64> {
            checks
                .iter()
                .zip(&decisions)
                .filter(|((k, l), d)| k == key && *l == limits && d.as_ref().unwrap().allowed)
                .map(|(_, d)| d.as_ref().unwrap().tightest.remaining)
                .collect()
        };
        for key in 0..5 {
            let key = format!("k{key}");
            assert_eq!(remaining(&key, three), [2, 1, 0], "{key}");
            assert_eq!(counted_in_minute(&client, &prefix, &key).await, 3);
        }
        // "shared" under 2 per minute first (its first appearance), then under 4.
        assert_eq!(remaining("shared", two), [1, 0]);
        assert_eq!(remaining("shared", four), [1, 0]);
        assert_eq!(counted_in_minute(&client, &prefix, "shared").await, 4);
        assert_eq!(backend.coalescer.groups(), 0);
    }

    /// With `CallSharing::PerKey` (Redis Cluster) only checks of one key share a call: each
    /// key's first check goes alone, the rest of that key together.
    #[tokio::test]
    async fn per_key_sharing_keeps_each_call_to_one_key() {
        let (backend, client, prefix) = test_backend("coalesce-per-key");
        let backend = backend.sharing(CallSharing::PerKey);
        let limits = Limits::new(4, 1000, 1000);
        let keys: Vec<String> = (0..30).map(|i| format!("k{}", i % 3)).collect();
        let decisions = futures_util::future::join_all(
            keys.iter()
                .map(|key| backend.decide(key, &limits, Mode::Check, false)),
        )
        .await;
        let allowed = decisions
            .iter()
            .filter(|d| d.as_ref().unwrap().allowed)
            .count();
        assert_eq!(allowed, 12);
        assert_eq!(backend.calls(), 6, "two calls per key");
        for key in ["k0", "k1", "k2"] {
            assert_eq!(counted_in_minute(&client, &prefix, key).await, 4);
        }
        assert_eq!(backend.coalescer.groups(), 0);
    }

    /// A flood of checks of many keys on one thread goes as script runs of at most
    /// `MAX_ENTRIES_PER_RUN` keys each, and every check is decided; a flood of one key's checks
    /// is one entry, whatever its size.
    #[tokio::test]
    async fn a_script_run_decides_at_most_max_entries() {
        let (backend, client, prefix) = test_backend("coalesce-cap");
        let limits = Limits::new(1000, 1000, 1000);
        let keys: Vec<String> = (0..=2 * MAX_ENTRIES_PER_RUN + 5)
            .map(|i| format!("k{i}"))
            .collect();
        let decisions = futures_util::future::join_all(
            keys.iter()
                .map(|key| backend.decide(key, &limits, Mode::Check, false)),
        )
        .await;
        assert!(decisions.iter().all(|d| d.as_ref().unwrap().allowed));
        // One alone, then 2·MAX + 5 others in runs of at most MAX.
        assert_eq!(backend.calls(), 4);
        assert_eq!(backend.coalescer.groups(), 0);

        let flood = futures_util::future::join_all(
            (0..1000).map(|_| backend.decide("one", &limits, Mode::Check, false)),
        )
        .await;
        let allowed = flood.iter().filter(|d| d.as_ref().unwrap().allowed).count();
        assert_eq!(allowed, 1000);
        assert_eq!(backend.calls(), 6, "one alone, one run for the other 999");
        assert_eq!(counted_in_minute(&client, &prefix, "one").await, 1000);
    }

    /// `decide_alone` makes one call per check, even with checks in flight.
    #[tokio::test]
    async fn checks_decided_alone_are_not_shared() {
        let (backend, client, prefix) = test_backend("alone");
        let limits = Limits::new(3, 1000, 1000);
        let decisions = futures_util::future::join_all(
            (0..5).map(|_| backend.decide_alone("k", &limits, Mode::Check)),
        )
        .await;
        let allowed = decisions
            .iter()
            .filter(|d| d.as_ref().unwrap().allowed)
            .count();
        assert_eq!((allowed, backend.calls()), (3, 5));
        assert_eq!(counted_in_minute(&client, &prefix, "k").await, 3);
    }

    /// A backend's per-thread connections do not outlive it: the thread's next new backend
    /// removes them (an internal team's tests make a limiter per test, on shared threads).
    #[tokio::test]
    async fn a_dropped_backends_thread_connection_is_released() {
        let local = || LOCAL_CONNECTIONS.with(|l| l.borrow().len());
        let per_thread = |test| {
            let (backend, client, _prefix) = test_backend(test);
            backend.per_thread(client, ConnectionManagerConfig::new())
        };
        async fn admits(backend: &RedisBackend) -> bool {
            let limits = Limits::new(100, 1000, 1000);
            backend
                .decide("k", &limits, Mode::Check, false)
                .await
                .unwrap()
                .allowed
        }
        for round in 0..3 {
            let backend = per_thread("per-thread-drop");
            assert!(admits(&backend).await);
            assert_eq!(
                local(),
                1,
                "round {round}: only the live backend's connection"
            );
            let second = per_thread("per-thread-drop-2");
            assert!(admits(&second).await);
            assert!(admits(&backend).await);
            assert_eq!(local(), 2, "round {round}: one per live backend");
            drop(second);
        }
    }

    /// A leader dropped with its call in flight (the limiter's timeout, a cancelled request)
    /// hands the checks waiting for it on: they are decided, not left to time out.
    #[tokio::test]
    async fn a_leader_dropped_mid_call_hands_its_checks_on() {
        use futures_util::FutureExt;
        let (backend, _client, _prefix) = test_backend("coalesce-drop");
        let limits = Limits::new(100, 1000, 1000);
        let mut leader = Box::pin(backend.decide("k", &limits, Mode::Check, false));
        assert!(
            (&mut leader).now_or_never().is_none(),
            "the call is in flight"
        );
        let mut first = Box::pin(backend.decide("k", &limits, Mode::Check, false));
        let mut second = Box::pin(backend.decide("k", &limits, Mode::Check, false));
        assert!((&mut first).now_or_never().is_none());
        assert!((&mut second).now_or_never().is_none());
        drop(leader);
        let both = futures_util::future::join(first, second);
        let (a, b) = tokio::time::timeout(std::time::Duration::from_secs(5), both)
            .await
            .expect("the waiting checks were handed on");
        assert!(a.unwrap().allowed && b.unwrap().allowed);
        assert_eq!(backend.coalescer.groups(), 0);
    }
}
