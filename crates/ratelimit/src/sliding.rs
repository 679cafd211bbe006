//! The weighted two-bucket sliding-window arithmetic, shared by both backends.
//!
//! Time is in Unix milliseconds. A window of length `W` is cut into aligned buckets
//! `b = floor(now / W)`; `elapsed = now - b·W`. With `prev` requests counted in bucket `b-1`
//! and `cur` in bucket `b`, the estimated number of requests in the sliding window is
//!
//! ```text
//! estimate = prev · (W - elapsed) / W + cur
//! ```
//!
//! and a request is admitted iff `estimate + 1 <= limit` in every window. Everything is
//! computed on integers scaled by `W` (`limit·W - prev·(W - elapsed) - cur·W >= W`), so the
//! comparison is exact here; the Lua script does the same on doubles, which is exact while
//! `limit · W_ms < 2^53` (limits below ~10^8 per day).

use time::OffsetDateTime;

use crate::model::{Decision, Limits, Window, WindowStatus};

/// What one window has counted in its previous and its current bucket, as seen at `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BucketPair {
    pub previous: u64,
    pub current: u64,
}

/// Where an instant falls in a window's bucket grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub bucket: i64,
    pub elapsed_ms: i64,
}

impl Slot {
    pub fn at(now_ms: i64, window: Window) -> Self {
        let w = window.millis();
        Self {
            bucket: now_ms.div_euclid(w),
            elapsed_ms: now_ms.rem_euclid(w),
        }
    }
}

pub(crate) fn unix_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos().div_euclid(1_000_000)).unwrap_or(i64::MAX)
}

pub(crate) fn from_unix_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// `floor(limit - estimate)`, at least 0: how many more requests the window admits now.
pub(crate) fn available(window: Window, elapsed_ms: i64, limit: u64, pair: BucketPair) -> u64 {
    let w = i128::from(window.millis());
    let e = i128::from(elapsed_ms);
    let scaled =
        i128::from(limit) * w - i128::from(pair.previous) * (w - e) - i128::from(pair.current) * w;
    if scaled <= 0 {
        0
    } else {
        u64::try_from(scaled / w).unwrap_or(u64::MAX)
    }
}

/// Milliseconds from now until the window admits one request (`available >= 1`), assuming
/// nothing more is counted meanwhile. `0` if it admits one now.
///
/// The estimate only decreases while nothing is counted: it decays through the rest of the
/// current bucket, then (the current bucket having become the previous one) through the
/// next bucket, and is zero two buckets on. A zero limit never admits; its wait is that last
/// point, when the window's counters have fully decayed.
pub(crate) fn wait_ms(window: Window, elapsed_ms: i64, limit: u64, pair: BucketPair) -> i64 {
    let w = i128::from(window.millis());
    let e = i128::from(elapsed_ms);
    let limit = i128::from(limit);
    let prev = i128::from(pair.previous);
    let cur = i128::from(pair.current);

    // Rest of the current bucket: need prev·(W - x) <= (limit - 1 - cur)·W for offset x.
    let room = limit - 1 - cur;
    if room >= 0 {
        let x = if prev == 0 {
            e
        } else {
            (w - room * w / prev).max(e)
        };
        if x < w {
            return clamp_i64(x - e);
        }
    }
    // Next bucket: `cur` is now the previous bucket and nothing is current.
    let room = limit - 1;
    if room >= 0 {
        let x = if cur == 0 {
            0
        } else {
            (w - room * w / cur).max(0)
        };
        if x < w {
            return clamp_i64(w - e + x);
        }
    }
    clamp_i64(2 * w - e)
}

/// Whether every window admits one more request.
pub(crate) fn allows(now_ms: i64, limits: &Limits, pairs: &[BucketPair; 3]) -> bool {
    Window::ALL.iter().zip(pairs).all(|(&window, &pair)| {
        available(
            window,
            Slot::at(now_ms, window).elapsed_ms,
            limits.get(window),
            pair,
        ) >= 1
    })
}

/// Builds the decision from the bucket counts as they were *before* this request.
///
/// `allowed` is the verdict (from [`allows`], or from the Redis script which computes the same
/// thing); `counted` says whether the request was added to the current buckets.
pub(crate) fn decision(
    now_ms: i64,
    limits: &Limits,
    pairs: [BucketPair; 3],
    allowed: bool,
    counted: bool,
) -> Decision {
    let statuses = Window::ALL.map(|window| {
        let slot = Slot::at(now_ms, window);
        let mut pair = pairs[window.index()];
        if counted {
            pair.current = pair.current.saturating_add(1);
        }
        let limit = limits.get(window);
        let remaining = available(window, slot.elapsed_ms, limit, pair);
        let reset_ms = if remaining >= 1 {
            (slot.bucket + 1).saturating_mul(window.millis())
        } else {
            now_ms.saturating_add(wait_ms(window, slot.elapsed_ms, limit, pair))
        };
        let status = WindowStatus {
            window,
            limit,
            remaining,
            reset: from_unix_ms(reset_ms),
        };
        (status, reset_ms)
    });

    // Lowest remaining; among equals the latest reset (longest retry); then the longer window.
    let (tightest, reset_ms) = statuses
        .iter()
        .copied()
        .reduce(|best, candidate| {
            let (b, b_reset) = best;
            let (c, c_reset) = candidate;
            if c.remaining < b.remaining || (c.remaining == b.remaining && c_reset >= b_reset) {
                candidate
            } else {
                best
            }
        })
        .unwrap_or(statuses[0]);

    let retry_after_secs = if allowed {
        0
    } else {
        let wait = reset_ms.saturating_sub(now_ms).max(0);
        u64::try_from(wait.div_euclid(1000) + i64::from(wait.rem_euclid(1000) != 0))
            .unwrap_or(0)
            .max(1)
    };

    Decision {
        allowed,
        tightest,
        retry_after_secs,
        windows: statuses.map(|(status, _)| status),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const W: i64 = 60_000;

    fn pair(previous: u64, current: u64) -> BucketPair {
        BucketPair { previous, current }
    }

    /// Availability `dt` ms after offset `e` in the current bucket, with nothing counted.
    fn available_later(e: i64, limit: u64, p: BucketPair, dt: i64) -> u64 {
        let t = e + dt;
        if t < W {
            available(Window::Minute, t, limit, p)
        } else if t < 2 * W {
            available(Window::Minute, t - W, limit, pair(p.current, 0))
        } else {
            available(Window::Minute, t % W, limit, pair(0, 0))
        }
    }

    #[test]
    fn fresh_window_has_the_whole_limit() {
        assert_eq!(available(Window::Minute, 0, 10, pair(0, 0)), 10);
        assert_eq!(available(Window::Day, 12_345, 10_000, pair(0, 0)), 10_000);
        assert_eq!(available(Window::Hour, 0, 0, pair(0, 0)), 0);
    }

    #[test]
    fn previous_bucket_is_weighted_by_the_unelapsed_fraction() {
        // At the very start of the bucket the previous bucket counts in full.
        assert_eq!(available(Window::Minute, 0, 10, pair(10, 0)), 0);
        // Half way through, half of it.
        assert_eq!(available(Window::Minute, 30_000, 10, pair(10, 0)), 5);
        assert_eq!(available(Window::Minute, 30_000, 10, pair(10, 2)), 3);
        // One millisecond before the end a sliver remains: floor(10 - 10/60000) = 9.
        assert_eq!(available(Window::Minute, 59_999, 10, pair(10, 0)), 9);
        // The current bucket always counts in full.
        assert_eq!(available(Window::Minute, 59_999, 10, pair(0, 10)), 0);
        // Over-full buckets saturate at zero.
        assert_eq!(available(Window::Minute, 10, 10, pair(50, 50)), 0);
    }

    #[test]
    fn wait_is_exactly_the_first_instant_with_room() {
        for limit in 0..=5u64 {
            for prev in 0..=6u64 {
                for cur in 0..=6u64 {
                    for e in [0, 1, 999, 17_000, 30_000, 59_000, 59_999] {
                        let p = pair(prev, cur);
                        let wait = wait_ms(Window::Minute, e, limit, p);
                        let now = available(Window::Minute, e, limit, p);
                        let case = format!("limit={limit} prev={prev} cur={cur} e={e}");
                        if now >= 1 {
                            assert_eq!(wait, 0, "{case}");
                            continue;
                        }
                        assert!(wait > 0 && wait <= 2 * W - e, "{case}: wait={wait}");
                        assert_eq!(available_later(e, limit, p, wait - 1), 0, "{case}");
                        if limit == 0 {
                            assert_eq!(wait, 2 * W - e, "{case}");
                        } else {
                            assert!(available_later(e, limit, p, wait) >= 1, "{case}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn wait_after_a_full_bucket_is_the_decay_of_the_next_bucket() {
        // 3 of 3 used at the start of a bucket: the next bucket starts with estimate 3 and
        // must decay to 2, which takes a third of it: 60 s + 20 s.
        assert_eq!(wait_ms(Window::Minute, 0, 3, pair(0, 3)), 80_000);
        // Same, 45 s into the bucket.
        assert_eq!(wait_ms(Window::Minute, 45_000, 3, pair(0, 3)), 35_000);
        // Exhausted only by the previous bucket: room comes within this bucket.
        assert_eq!(wait_ms(Window::Minute, 0, 10, pair(10, 0)), 6_000);
    }

    #[test]
    fn decision_counts_and_reports_the_tightest_window() {
        let t0 = 1_735_689_600_000; // 2025-01-01T00:00:00Z, aligned to every window
        let limits = Limits::new(100, 3, 1000);
        let pairs = [pair(0, 0), pair(0, 1), pair(0, 1)];
        assert!(allows(t0 + 1_500, &limits, &pairs));
        let d = decision(t0 + 1_500, &limits, pairs, true, true);
        assert!(d.allowed);
        assert_eq!(d.retry_after_secs, 0);
        assert_eq!(d.tightest.window, Window::Hour);
        assert_eq!(d.tightest.remaining, 1);
        assert_eq!(d.window(Window::Minute).remaining, 99);
        assert_eq!(d.window(Window::Day).remaining, 998);
        // Room left: reset is the end of the current bucket.
        assert_eq!(unix_ms(d.tightest.reset), t0 + 3_600_000);
        assert_eq!(unix_ms(d.window(Window::Minute).reset), t0 + 60_000);
        assert_eq!(unix_ms(d.window(Window::Day).reset), t0 + 86_400_000);

        // A peek does not take the request off `remaining`.
        let peek = decision(t0 + 1_500, &limits, pairs, true, false);
        assert_eq!(peek.tightest.remaining, 2);
    }

    #[test]
    fn rejection_reports_the_rejecting_window_with_the_longest_retry() {
        let t0 = 1_735_689_600_000;
        let limits = Limits::new(2, 2, 1000);
        // Minute and hour are both exhausted; the hour takes far longer to free up.
        let pairs = [pair(0, 2), pair(0, 2), pair(0, 2)];
        let now = t0 + 10_000;
        assert!(!allows(now, &limits, &pairs));
        let d = decision(now, &limits, pairs, false, false);
        assert!(!d.allowed);
        assert_eq!(d.tightest.window, Window::Hour);
        assert_eq!(d.tightest.remaining, 0);
        assert_eq!(d.window(Window::Minute).remaining, 0);
        assert_eq!(d.window(Window::Day).remaining, 998);
        // Hour: rest of this hour, then half of the next (2 -> 1 at f = 1/2).
        let wait = 3_600_000 - 10_000 + 1_800_000;
        assert_eq!(unix_ms(d.tightest.reset), now + wait);
        assert_eq!(d.retry_after_secs, 5_390);
    }

    #[test]
    fn retry_after_rounds_up_and_is_at_least_one_second() {
        let t0 = 1_735_689_600_000;
        let limits = Limits::new(10, 1000, 1000);
        // Exhausted by the previous bucket; room comes 1 ms later.
        let now = t0 + 5_999;
        let pairs = [pair(10, 0), pair(0, 0), pair(0, 0)];
        let d = decision(now, &limits, pairs, false, false);
        assert_eq!(unix_ms(d.tightest.reset), t0 + 6_000);
        assert_eq!(d.retry_after_secs, 1);
        let d = decision(t0 + 4_000, &limits, pairs, false, false);
        assert_eq!(d.retry_after_secs, 2);
        let d = decision(t0 + 3_999, &limits, pairs, false, false);
        assert_eq!(d.retry_after_secs, 3);
    }

    #[test]
    fn huge_limits_do_not_overflow() {
        let limits = Limits::new(Limits::UNLIMITED, Limits::UNLIMITED, Limits::UNLIMITED);
        let pairs = [pair(u64::MAX, u64::MAX - 1); 3];
        let now = 1_735_689_600_123;
        let _ = allows(now, &limits, &pairs);
        let d = decision(now, &limits, pairs, true, true);
        assert!(d.windows.iter().all(|w| w.limit == u64::MAX));
        let fresh = decision(now, &limits, [BucketPair::default(); 3], true, true);
        assert_eq!(fresh.tightest.remaining, u64::MAX - 1);
    }

    #[test]
    fn time_conversions_round_trip() {
        let t = OffsetDateTime::from_unix_timestamp(1_735_689_600).unwrap();
        assert_eq!(unix_ms(t), 1_735_689_600_000);
        assert_eq!(
            from_unix_ms(1_735_689_600_250),
            t + time::Duration::milliseconds(250)
        );
        assert_eq!(
            Slot::at(1_735_689_600_250, Window::Minute),
            Slot {
                bucket: 28_928_160,
                elapsed_ms: 250
            }
        );
    }
}
