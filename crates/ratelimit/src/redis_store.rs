//! The Redis backend: one Lua script checks and counts all three windows atomically.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;

use crate::coalesce::Coalescer;
use crate::error::Error;
use crate::memory::Mode;
use crate::model::{Decision, Limits, Window};
use crate::sliding::{self, BucketPair};

/// Checks the three windows of one key for `n` requests (`ARGV[8]`, at least 1) arriving at
/// the same instant, one after another: admits as many as fit in all three windows (the
/// `j`-th from 0 fits where `limit·W - prev·(W - elapsed) - (cur + j)·W >= W`, so the first
/// `floor(room / W)` do), and, if `ARGV[1]` is `1`, counts the admitted ones in all three.
/// Returns the counts as they were before, so Rust can build each request's decision with the
/// same arithmetic as the in-process backend ([`parse_reply`]). `n` is above 1 when checks of
/// one key were coalesced (`coalesce`); the answer is what `n` calls would have given.
///
/// KEYS: the minute, hour and day hashes of one key (one hash slot). Each maps a bucket
/// number, `floor(unix_ms / window_ms)`, to the requests counted in it, and holds at most the
/// current and the previous bucket: the first write of bucket `b` deletes `b - 2` and sets the
/// hash to expire when `b + 1` ends, the moment it stops mattering (later writes of `b` only
/// increment: 7 Redis calls per counted request instead of 13, about 40 % less script time).
/// ARGV: mode (`1` count, `0` peek), the three limits, the three window lengths in ms, `n`.
/// Returns `{admitted, unix_s, micros, prev_m, cur_m, prev_h, cur_h, prev_d, cur_d}`.
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
local reply = {0, sec, usec}
local buckets = {}
local admitted = tonumber(ARGV[8]) or 1
for i = 1, 3 do
  local limit = tonumber(ARGV[i + 1])
  local w = tonumber(ARGV[i + 4])
  local b = math.floor(now / w)
  local elapsed = now - b * w
  local counts = redis.call('HMGET', KEYS[i], tostring(b - 1), tostring(b))
  local prev = tonumber(counts[1]) or 0
  local cur = tonumber(counts[2]) or 0
  local fits = math.floor((limit * w - prev * (w - elapsed) - cur * w) / w)
  if fits < admitted then
    admitted = fits
  end
  buckets[i] = b
  reply[2 * i + 2] = prev
  reply[2 * i + 3] = cur
end
if admitted < 0 then
  admitted = 0
end
reply[1] = admitted
if admitted > 0 and ARGV[1] == '1' then
  for i = 1, 3 do
    local b = buckets[i]
    redis.call('HINCRBY', KEYS[i], tostring(b), admitted)
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

    /// Decides one request. Checks of one key on one thread are coalesced into shared calls
    /// (`coalesce`); peeks are rare (`/me`) and go alone.
    pub async fn decide(&self, key: &str, limits: &Limits, mode: Mode) -> Result<Decision, Error> {
        match mode {
            Mode::Check => {
                self.coalescer
                    .check(key, limits, |n| self.decide_many(key, limits, mode, n))
                    .await
            }
            Mode::Peek => self
                .decide_many(key, limits, mode, 1)
                .await?
                .pop()
                .ok_or_else(|| Error::UnexpectedReply("no decision".into())),
        }
    }

    /// Decides `n` requests of `key` arriving together; their decisions in order.
    async fn decide_many(
        &self,
        key: &str,
        limits: &Limits,
        mode: Mode,
        n: usize,
    ) -> Result<Vec<Decision>, Error> {
        let reply = self.invoke(key, limits, mode, n).await?;
        parse_reply(&reply, limits, mode, n)
    }

    #[cfg(test)]
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    async fn invoke(
        &self,
        key: &str,
        limits: &Limits,
        mode: Mode,
        n: usize,
    ) -> Result<Vec<i64>, Error> {
        self.calls.fetch_add(1, Ordering::Relaxed);
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
        invocation.arg(n.max(1));
        Ok(invocation.invoke_async(&mut conn).await?)
    }
}

/// The decisions of `n` requests from one script reply: the first `admitted` are allowed and
/// counted, each seeing the ones before it counted (as `n` calls one after another would).
fn parse_reply(
    reply: &[i64],
    limits: &Limits,
    mode: Mode,
    n: usize,
) -> Result<Vec<Decision>, Error> {
    let &[admitted, sec, usec, pm, cm, ph, ch, pd, cd] = reply else {
        return Err(Error::UnexpectedReply(format!("{reply:?}")));
    };
    let count = |v: i64| u64::try_from(v).map_err(|_| Error::UnexpectedReply(format!("{reply:?}")));
    let admitted = count(admitted)?;
    if admitted > n as u64 {
        return Err(Error::UnexpectedReply(format!(
            "{reply:?} for {n} requests"
        )));
    }
    let before = [
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
    Ok(decisions)
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
            let reply = backend.invoke("k", &limits, Mode::Peek, 1).await.unwrap();
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
            let decision = parse_reply(&reply, &limits, Mode::Peek, 1)
                .unwrap()
                .remove(0);
            assert_eq!(decision.allowed, decision.tightest.remaining >= 1);

            // Several requests at once: the script admits as many as Rust would, one by one.
            let many = backend.invoke("k", &limits, Mode::Peek, 8).await.unwrap();
            let many_ms = many[1] * 1000 + many[2] / 1000;
            if sliding::Slot::at(many_ms, Window::Minute).bucket == slot.bucket {
                let fit = (0..8)
                    .take_while(|&j| {
                        let mut ahead = pairs;
                        ahead[0].current += j;
                        sliding::allows(many_ms, &limits, &ahead)
                    })
                    .count();
                assert_eq!(
                    many[0],
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

    #[test]
    fn malformed_replies_are_errors() {
        let limits = Limits::new(1, 1, 1);
        assert!(parse_reply(&[1, 2, 3], &limits, Mode::Check, 1).is_err());
        assert!(parse_reply(&[1, 0, 0, -1, 0, 0, 0, 0, 0], &limits, Mode::Check, 1).is_err());
        assert!(parse_reply(&[2, 0, 0, 0, 0, 0, 0, 0, 0], &limits, Mode::Check, 1).is_err());
        let d = parse_reply(
            &[1, 1_735_689_600, 0, 0, 0, 0, 0, 0, 0],
            &limits,
            Mode::Check,
            1,
        )
        .unwrap()
        .remove(0);
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
        let reply = [2, t0 / 1000 + 30, 0, 0, 3, 0, 10, 0, 10];
        let got = parse_reply(&reply, &limits, Mode::Check, 3).unwrap();
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
        let mut raw = client.get_multiplexed_async_connection().await.unwrap();
        let [minute_key, _, _] = redis_keys(prefix, "k");
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
        let checks = (0..20).map(|_| backend.decide("k", &limits, Mode::Check));
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
                .decide("k", &limits, Mode::Check)
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
        let mut leader = Box::pin(backend.decide("k", &limits, Mode::Check));
        assert!(
            (&mut leader).now_or_never().is_none(),
            "the call is in flight"
        );
        let mut first = Box::pin(backend.decide("k", &limits, Mode::Check));
        let mut second = Box::pin(backend.decide("k", &limits, Mode::Check));
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
