//! The in-process backend: the same arithmetic as the Redis script, over a sharded map.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard};

use time::OffsetDateTime;

use crate::model::{Decision, Limits, Window};
use crate::sliding::{self, BucketPair, Slot};

/// A source of "now". Inject one to make time deterministic in tests.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The wall clock.
pub fn system_clock() -> Clock {
    Arc::new(OffsetDateTime::now_utc)
}

/// Whether a decision also counts the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Check,
    Peek,
}

/// Entries not counted for this long hold only zeros (a day bucket is forgotten two days
/// after it starts), so evicting them changes no decision.
const IDLE_EVICT_MS: i64 = 2 * 86_400_000;
/// How often each shard looks for idle entries.
const SWEEP_INTERVAL_MS: i64 = 60_000;
const SHARDS: usize = 16;
/// Hard bound on tracked keys (about 100 bytes each plus the key).
pub const DEFAULT_MAX_KEYS: usize = 1_000_000;

#[derive(Clone, Copy, Debug, Default)]
struct WindowCounter {
    /// Bucket number that `current` counts; `previous` counts bucket `bucket - 1`.
    bucket: i64,
    current: u64,
    previous: u64,
}

impl WindowCounter {
    fn at(&self, bucket: i64) -> BucketPair {
        if self.bucket == bucket {
            BucketPair {
                previous: self.previous,
                current: self.current,
            }
        } else if self.bucket + 1 == bucket {
            BucketPair {
                previous: self.current,
                current: 0,
            }
        } else {
            BucketPair::default()
        }
    }

    fn increment(&mut self, bucket: i64) {
        let pair = self.at(bucket);
        *self = WindowCounter {
            bucket,
            current: pair.current.saturating_add(1),
            previous: pair.previous,
        };
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    windows: [WindowCounter; 3],
    last_counted_ms: i64,
}

impl Entry {
    fn pairs(&self, now_ms: i64) -> [BucketPair; 3] {
        Window::ALL.map(|w| self.windows[w.index()].at(Slot::at(now_ms, w).bucket))
    }
}

#[derive(Default)]
struct Shard {
    map: HashMap<String, Entry>,
    last_sweep_ms: i64,
}

impl Shard {
    fn sweep(&mut self, now_ms: i64) {
        self.map
            .retain(|_, e| now_ms.saturating_sub(e.last_counted_ms) < IDLE_EVICT_MS);
        self.last_sweep_ms = now_ms;
    }

    /// Over capacity even after dropping idle entries: drop the least recently counted
    /// tenth, so the cost of the scan is spread over many insertions.
    fn shrink(&mut self, now_ms: i64, capacity: usize) {
        self.sweep(now_ms);
        if self.map.len() <= capacity {
            return;
        }
        let target = capacity - capacity / 10;
        let excess = self.map.len() - target;
        let mut ages: Vec<i64> = self.map.values().map(|e| e.last_counted_ms).collect();
        let (_, cutoff, _) = ages.select_nth_unstable(excess.saturating_sub(1));
        let cutoff = *cutoff;
        let mut to_drop = excess;
        self.map.retain(|_, e| {
            if to_drop > 0 && e.last_counted_ms <= cutoff {
                to_drop -= 1;
                false
            } else {
                true
            }
        });
    }
}

/// Rate limiter state held in this process: exact for one instance, shared by nobody.
///
/// Memory is bounded: an entry (three windows × two buckets) is dropped once it has not been
/// counted for two days, found by a sweep each shard runs at most once a minute, and the
/// number of keys is capped (least recently counted dropped first beyond the cap).
pub struct InProcessBackend {
    shards: Box<[Mutex<Shard>]>,
    hasher: RandomState,
    clock: Clock,
    shard_capacity: usize,
}

impl std::fmt::Debug for InProcessBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcessBackend")
            .field("keys", &self.len())
            .finish_non_exhaustive()
    }
}

impl Default for InProcessBackend {
    fn default() -> Self {
        Self::new()
    }
}

impl InProcessBackend {
    /// On the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock())
    }

    /// On an injected clock.
    pub fn with_clock(clock: Clock) -> Self {
        Self::with_clock_and_capacity(clock, DEFAULT_MAX_KEYS)
    }

    /// On an injected clock, tracking at most about `max_keys` keys.
    pub fn with_clock_and_capacity(clock: Clock, max_keys: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            hasher: RandomState::new(),
            clock,
            shard_capacity: max_keys.div_ceil(SHARDS).max(1),
        }
    }

    /// Check and count one request for `key`.
    pub fn check(&self, key: &str, limits: &Limits) -> Decision {
        self.decide(key, limits, Mode::Check)
    }

    /// Check one request for `key` without counting it.
    pub fn peek(&self, key: &str, limits: &Limits) -> Decision {
        self.decide(key, limits, Mode::Peek)
    }

    /// Number of keys currently tracked.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| lock(s).map.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn decide(&self, key: &str, limits: &Limits, mode: Mode) -> Decision {
        let now_ms = sliding::unix_ms((self.clock)());
        let index = usize::try_from(self.hasher.hash_one(key) % SHARDS as u64).unwrap_or(0);
        let mut shard = lock(&self.shards[index]);
        if now_ms.saturating_sub(shard.last_sweep_ms) >= SWEEP_INTERVAL_MS {
            shard.sweep(now_ms);
        }

        let pairs = shard
            .map
            .get(key)
            .map_or([BucketPair::default(); 3], |e| e.pairs(now_ms));
        let allowed = sliding::allows(now_ms, limits, &pairs);
        let counted = allowed && mode == Mode::Check;
        if counted {
            if let Some(entry) = shard.map.get_mut(key) {
                entry.count(now_ms);
            } else {
                let mut entry = Entry::default();
                entry.count(now_ms);
                shard.map.insert(key.to_owned(), entry);
                if shard.map.len() > self.shard_capacity {
                    shard.shrink(now_ms, self.shard_capacity);
                }
            }
        }
        drop(shard);
        sliding::decision(now_ms, limits, pairs, allowed, counted)
    }
}

impl Entry {
    fn count(&mut self, now_ms: i64) {
        for w in Window::ALL {
            self.windows[w.index()].increment(Slot::at(now_ms, w).bucket);
        }
        self.last_counted_ms = now_ms;
    }
}

/// A panic while holding the lock cannot leave a shard inconsistent (every update is a
/// plain assignment), so a poisoned lock is used as is.
fn lock(shard: &Mutex<Shard>) -> MutexGuard<'_, Shard> {
    shard
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};

    use super::*;
    use crate::sliding::{from_unix_ms, unix_ms};

    /// 2025-01-01T00:00:00Z: aligned to minute, hour and day buckets.
    const T0: i64 = 1_735_689_600_000;

    struct ManualClock(Arc<AtomicI64>);

    impl ManualClock {
        fn new() -> (Self, Clock) {
            let now = Arc::new(AtomicI64::new(T0));
            let reader = now.clone();
            let clock: Clock = Arc::new(move || from_unix_ms(reader.load(Ordering::SeqCst)));
            (Self(now), clock)
        }

        fn set(&self, ms_since_t0: i64) {
            self.0.store(T0 + ms_since_t0, Ordering::SeqCst);
        }
    }

    fn admitted(backend: &InProcessBackend, key: &str, limits: &Limits, n: usize) -> usize {
        (0..n)
            .filter(|_| backend.check(key, limits).allowed)
            .count()
    }

    #[test]
    fn limit_is_exact_inside_a_bucket_and_retry_points_at_the_first_free_instant() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limits = Limits::new(3, 1000, 10_000);

        let first = backend.check("k", &limits);
        assert!(first.allowed);
        assert_eq!(first.tightest.window, Window::Minute);
        assert_eq!(first.tightest.remaining, 2);
        assert_eq!(unix_ms(first.tightest.reset), T0 + 60_000);
        assert_eq!(admitted(&backend, "k", &limits, 2), 2);

        let rejected = backend.check("k", &limits);
        assert!(!rejected.allowed);
        assert_eq!(rejected.tightest.window, Window::Minute);
        assert_eq!(rejected.tightest.remaining, 0);
        // 3 in this bucket; in the next one they weigh 3·(1 - f) and fall to 2 at f = 1/3.
        assert_eq!(unix_ms(rejected.tightest.reset), T0 + 80_000);
        assert_eq!(rejected.retry_after_secs, 80);

        // Still full at the last millisecond of the bucket and at the first of the next.
        clock.set(59_999);
        assert!(!backend.check("k", &limits).allowed);
        clock.set(60_000);
        assert!(!backend.check("k", &limits).allowed);
        clock.set(79_999);
        let almost = backend.check("k", &limits);
        assert!(!almost.allowed);
        assert_eq!(almost.retry_after_secs, 1);
        clock.set(80_000);
        assert!(backend.check("k", &limits).allowed);
        assert!(!backend.check("k", &limits).allowed);
    }

    #[test]
    fn previous_bucket_weight_falls_as_the_current_bucket_elapses() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limits = Limits::new(10, 1000, 10_000);

        clock.set(59_000);
        assert_eq!(admitted(&backend, "k", &limits, 20), 10);
        // Next bucket start: the previous 10 still count in full.
        clock.set(60_000);
        assert_eq!(admitted(&backend, "k", &limits, 20), 0);
        // Half way: they weigh 5, so exactly 5 more fit.
        clock.set(90_000);
        assert_eq!(admitted(&backend, "k", &limits, 20), 5);
        // Three quarters: 10·0.25 + 5 = 7.5, so 2 more fit (9.5 <= 10).
        clock.set(105_000);
        assert_eq!(admitted(&backend, "k", &limits, 20), 2);
        // Two buckets on, only the 7 of the last bucket count, at weight 1 - 0.5.
        clock.set(150_000);
        assert_eq!(admitted(&backend, "k", &limits, 20), 6);
        // Long idle: everything has decayed.
        clock.set(10 * 60_000);
        assert_eq!(admitted(&backend, "k", &limits, 20), 10);
    }

    #[test]
    fn rejected_requests_are_not_counted() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limits = Limits::new(2, 1000, 10_000);
        assert_eq!(admitted(&backend, "k", &limits, 102), 2);
        // Had the 100 rejections counted, the previous bucket would block for most of it.
        clock.set(90_000);
        assert_eq!(admitted(&backend, "k", &limits, 10), 1);

        // A request rejected by the hour window counts in no window.
        let limits = Limits::new(100, 2, 10_000);
        assert_eq!(admitted(&backend, "other", &limits, 10), 2);
        let peek = backend.peek("other", &limits);
        assert!(!peek.allowed);
        assert_eq!(peek.tightest.window, Window::Hour);
        assert_eq!(peek.window(Window::Minute).remaining, 98);
        assert_eq!(peek.window(Window::Day).remaining, 9_998);
    }

    #[test]
    fn hour_and_day_windows_trip_too() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limits = Limits::new(100, 3, 5);
        assert_eq!(admitted(&backend, "k", &limits, 10), 3);
        let d = backend.check("k", &limits);
        assert_eq!(d.tightest.window, Window::Hour);
        assert!(d.retry_after_secs > 3_600 && d.retry_after_secs <= 7_200);

        // Two hours later the hour window is clear; the day window stops us at 5.
        clock.set(2 * 3_600_000);
        assert_eq!(admitted(&backend, "k", &limits, 10), 2);
        let d = backend.check("k", &limits);
        assert!(!d.allowed);
        assert_eq!(d.tightest.window, Window::Day);
        assert_eq!(d.window(Window::Hour).remaining, 1);
        assert!(d.retry_after_secs > 22 * 3_600);
    }

    /// The documented bound: every aligned bucket admits at most `limit`; a sliding window
    /// `(t - W, t]` ending at fraction `f` of a bucket admits at most `limit + f·prev`, which
    /// approaches (but stays below) `2·limit` for bursts at the end of two consecutive buckets.
    #[test]
    fn accuracy_bound_for_adversarial_bursts() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limit = 100u64;
        let limits = Limits::new(limit, 100_000, 1_000_000);

        // Burst at the last millisecond of bucket 0.
        clock.set(59_999);
        let prev = admitted(&backend, "k", &limits, 500) as u64;
        assert_eq!(prev, limit);
        // Burst one second before the end of bucket 1: f = 59/60.
        clock.set(119_000);
        let cur = admitted(&backend, "k", &limits, 500) as u64;
        // Per aligned bucket: never more than the limit.
        assert!(cur <= limit);
        // Both bursts lie inside the sliding minute (59 s, 119 s].
        let in_sliding_window = prev + cur;
        // limit + f·prev with f = 59/60, kept in integers.
        assert!(
            in_sliding_window * 60 <= limit * 60 + prev * 59,
            "{in_sliding_window}"
        );
        assert!(in_sliding_window < 2 * limit);
        // The estimate here is 100/60 + cur <= 100, so cur = 98.
        assert_eq!(cur, 98);
    }

    /// Evenly spread traffic is what the estimate assumes: below the limit nothing is
    /// rejected; above it, about `limit` per bucket get through.
    #[test]
    fn accuracy_for_uniform_traffic() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limits = Limits::new(60, 100_000, 1_000_000);

        // 50 per minute: one every 1.2 s for 30 minutes, all admitted.
        let mut t = 0;
        let mut allowed = 0;
        while t < 30 * 60_000 {
            clock.set(t);
            allowed += usize::from(backend.check("slow", &limits).allowed);
            t += 1_200;
        }
        assert_eq!(allowed, 1_500);

        // 120 per minute: per aligned minute at most 60, and in the long run close to 60.
        let mut per_bucket = vec![0u64; 30];
        let mut t = 0;
        while t < 30 * 60_000 {
            clock.set(t);
            if backend.check("fast", &limits).allowed {
                per_bucket[usize::try_from(t / 60_000).unwrap()] += 1;
            }
            t += 500;
        }
        assert!(per_bucket.iter().all(|&n| n <= 60), "{per_bucket:?}");
        let total: u64 = per_bucket.iter().sum();
        assert!(total >= 30 * 58, "{total}: {per_bucket:?}");
    }

    #[test]
    fn peek_neither_counts_nor_creates_entries() {
        let (_clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limits = Limits::new(2, 10, 10);
        for _ in 0..10 {
            let d = backend.peek("k", &limits);
            assert!(d.allowed);
            assert_eq!(d.tightest.remaining, 2);
        }
        assert!(backend.is_empty());
        assert_eq!(admitted(&backend, "k", &limits, 5), 2);
        let d = backend.peek("k", &limits);
        assert!(!d.allowed);
        assert!(d.retry_after_secs >= 1);
    }

    #[test]
    fn idle_entries_are_evicted_after_two_days() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock(c);
        let limits = Limits::new(10, 100, 1000);
        for i in 0..50 {
            backend.check(&format!("key-{i}"), &limits);
        }
        assert_eq!(backend.len(), 50);
        // One day on, nothing is idle long enough.
        clock.set(86_400_000);
        for i in 0..2_000 {
            backend.peek(&format!("probe-{i}"), &limits);
        }
        assert_eq!(backend.len(), 50);
        // Two days and a sweep interval on, touching every shard sweeps them all.
        clock.set(2 * 86_400_000 + SWEEP_INTERVAL_MS);
        for i in 0..2_000 {
            backend.peek(&format!("probe-{i}"), &limits);
        }
        assert_eq!(backend.len(), 0);
    }

    #[test]
    fn key_count_is_capped() {
        let (clock, c) = ManualClock::new();
        let backend = InProcessBackend::with_clock_and_capacity(c, 160);
        let limits = Limits::new(10, 100, 1000);
        for i in 0..5_000 {
            clock.set(i);
            backend.check(&format!("key-{i}"), &limits);
        }
        assert!(backend.len() <= 160, "{}", backend.len());
        // The most recent key survived.
        assert_eq!(backend.peek("key-4999", &limits).tightest.remaining, 9);
    }
}
