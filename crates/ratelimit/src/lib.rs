//! Sliding-window rate limiter (minute/hour/day) with a Redis backend (one Lua script) and an
//! in-process backend with the same arithmetic, behind a fail-open [`Limiter`] (SPEC §4).
//!
//! # Algorithm: weighted two-bucket sliding window
//!
//! Each window of length `W` (60 s, 1 h, 1 day) is cut into buckets aligned to the Unix
//! epoch (whole minutes, whole hours, UTC days). For a key we keep only the count of the
//! current bucket and of the previous one, and estimate the requests of the last `W` as
//!
//! ```text
//! estimate = previous · (1 - elapsed / W) + current
//! ```
//!
//! where `elapsed` is how far `now` is into the current bucket (millisecond resolution), i.e.
//! we assume the previous bucket's requests were spread evenly over it. A request is admitted
//! iff `estimate + 1 <= limit` in **all three** windows; only then is it counted, in all three
//! (a rejected request counts nowhere). `remaining = floor(limit - estimate)`.
//!
//! **Memory per key** is constant whatever the limits (10 or 2 000 000 per day): 6 integers
//! (two buckets × three windows) — in Redis three small hashes of at most two fields each, in
//! process about 100 bytes plus the key.
//!
//! **Accuracy bound.** Let `L` be the limit, `f` the fraction of the current bucket elapsed
//! and `prev` the previous bucket's count.
//! - Every aligned bucket admits at most `L` requests (the current bucket counts in full).
//! - Any sliding interval `(t - W, t]` admits at most `L + f·prev <= L + f·L`, so strictly fewer
//!   than `2·L`; that worst case needs a burst at the very end of one bucket followed by a burst
//!   at the end of the next. Conversely the estimate may reject while the exact sliding count
//!   is below `L` by up to `(1 - f)·prev` (requests early in the previous bucket still weigh).
//! - For evenly spread traffic the estimate matches the true sliding count to within about one
//!   request: a client sending evenly below its limit is not rejected, one sending above it
//!   gets about `L` per window (both are tested). Cloudflare reported this scheme, on real
//!   traffic, wrongly allowing or limiting about 0.003 % of requests.
//!
//! The integer arithmetic (`limit·W - prev·(W - elapsed) - cur·W >= W`, with `W` in ms) is exact
//! in Rust; the Lua script evaluates the same expression on doubles, exact while
//! `limit · W_ms < 2^53`, i.e. for limits below ~10^8 per day.
//!
//! # Redis
//!
//! One Lua script (loaded once, called with `EVALSHA`, reloaded on `NOSCRIPT`) reads the
//! three windows, decides, and counts, in one atomic round trip. It takes "now" from
//! `redis.call('TIME')`, so every gateway instance agrees on time. Key layout, for a
//! `key_prefix` `P` and a limited key `K`:
//!
//! ```text
//! {P:K}:minute   hash  <bucket number> -> count   (at most the current and previous bucket)
//! {P:K}:hour     hash  same
//! {P:K}:day      hash  same
//! ```
//!
//! The bucket number is `floor(unix_ms / window_ms)`. `{P:K}` is a Redis Cluster hash tag, so
//! the three keys share a slot. Each hash expires when its newest bucket stops mattering (the
//! end of the bucket after it: at most two windows after that bucket began), so idle keys
//! vanish.
//!
//! Checks that a thread has in flight at once share one call, whatever their keys: the first
//! goes alone, those arriving while it runs wait and then go together, one entry per key and
//! limits (at most 128 entries per script run; more go as several runs, sent together). The
//! script decides the entries one after another, each deciding its `n` requests exactly as `n`
//! calls at that instant would (the first `k` that fit are admitted and counted; each
//! decision's `remaining` counts the ones before it). Under load one script run thus decides
//! many requests, of one partner's key (its devices usually share it) or of many: Redis CPU per
//! single telematics ping fell from ~17 to ~5.5 µs when checks of one key were merged, and per
//! `/me` with 40 keys rotating from ~28 to ~16 µs when checks of different keys were too
//! (`docs/performance.md`). Each thread uses a Redis connection of its own, made on its first
//! decision. [`Limiter::check_alone`] skips the sharing (one call per check), for benchmark
//! baselines.
//!
//! **Redis Cluster.** A call shared across keys names the hashes of several limited keys,
//! which a cluster refuses as a cross-slot script. With [`CallSharing::PerKey`]
//! (`RATE_LIMIT_REDIS_CLUSTER=true` in the gateway) only checks of one key and limits share a
//! call, so every call names the three hashes of one key, which share a hash tag and so one
//! slot. The limiter connects to one URL (one Redis, or a cluster behind a proxy that routes
//! a script by its first key); it does not route by slot itself.
//!
//! # Reset and retry
//!
//! See [`WindowStatus::reset`]: for an exhausted window, the first instant it admits a request
//! again; otherwise the end of its current bucket. `retry_after_secs` is that first instant for
//! the rejecting window, in whole seconds rounded up (at least 1).

mod coalesce;
mod error;
mod limiter;
mod memory;
mod model;
mod redis_store;
mod sliding;

pub use coalesce::CallSharing;
pub use limiter::Limiter;
pub use memory::{system_clock, Clock, InProcessBackend, DEFAULT_MAX_KEYS};
pub use model::{Decision, LimiterConfig, Limits, Window, WindowStatus};
