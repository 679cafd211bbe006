//! Public value types: windows, limits, decisions and the limiter's configuration.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::coalesce::CallSharing;

/// One of the three rate-limit windows every key is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    Minute,
    Hour,
    Day,
}

impl Window {
    /// The three windows, shortest first; the order of [`Decision::windows`].
    pub const ALL: [Window; 3] = [Window::Minute, Window::Hour, Window::Day];

    /// `"minute"`, `"hour"` or `"day"` — the name used in error messages and headers.
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Minute => "minute",
            Window::Hour => "hour",
            Window::Day => "day",
        }
    }

    /// Length of the window in seconds: 60, 3 600 or 86 400.
    pub fn seconds(self) -> u64 {
        match self {
            Window::Minute => 60,
            Window::Hour => 3_600,
            Window::Day => 86_400,
        }
    }

    /// Length of the window in milliseconds (the resolution of the arithmetic).
    pub(crate) fn millis(self) -> i64 {
        match self {
            Window::Minute => 60_000,
            Window::Hour => 3_600_000,
            Window::Day => 86_400_000,
        }
    }

    /// Position in [`Window::ALL`] and in [`Decision::windows`].
    pub(crate) fn index(self) -> usize {
        match self {
            Window::Minute => 0,
            Window::Hour => 1,
            Window::Day => 2,
        }
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The budget of one key: how many requests each window admits.
///
/// A limit of `0` rejects every request. To leave a window effectively unlimited pass
/// [`Limits::UNLIMITED`] (`u64::MAX`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Limits {
    pub per_minute: u64,
    pub per_hour: u64,
    pub per_day: u64,
}

impl Limits {
    /// Use for a window that should never limit.
    pub const UNLIMITED: u64 = u64::MAX;

    pub const fn new(per_minute: u64, per_hour: u64, per_day: u64) -> Self {
        Self {
            per_minute,
            per_hour,
            per_day,
        }
    }

    /// The limit of one window.
    pub fn get(&self, window: Window) -> u64 {
        match window {
            Window::Minute => self.per_minute,
            Window::Hour => self.per_hour,
            Window::Day => self.per_day,
        }
    }
}

/// The state of one window after a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowStatus {
    pub window: Window,
    pub limit: u64,
    /// Requests this window would still admit right now (after counting this request if it
    /// was counted): `floor(limit - estimate)`, never negative.
    pub remaining: u64,
    /// UTC instant, at millisecond precision:
    /// - when `remaining == 0`: the earliest instant at which this window admits a request
    ///   again, assuming nothing else is counted meanwhile (this is what `retry_after` is
    ///   derived from);
    /// - when `remaining >= 1`: the end of the window's current bucket, i.e. the next aligned
    ///   minute / hour / UTC midnight, when the current bucket starts to decay.
    pub reset: OffsetDateTime,
}

/// The outcome of [`crate::Limiter::check`] or [`crate::Limiter::peek`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the request is (for `check`: was) admitted by all three windows.
    pub allowed: bool,
    /// The window closest to exhaustion: the lowest `remaining`. On rejection this is a
    /// window that rejected; if several rejected, the one with the latest `reset` (longest
    /// retry). Ties go to the longer window.
    pub tightest: WindowStatus,
    /// `0` when allowed; otherwise whole seconds until the tightest window admits a request
    /// again, rounded up, at least `1`.
    pub retry_after_secs: u64,
    /// All three windows in the order minute, hour, day (for an IETF `RateLimit-Policy`
    /// header: `limit`, `remaining` and `window.seconds()`).
    pub windows: [WindowStatus; 3],
}

impl Decision {
    /// The status of one window.
    pub fn window(&self, window: Window) -> &WindowStatus {
        &self.windows[window.index()]
    }
}

/// How to build a [`crate::Limiter`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimiterConfig {
    /// `redis://…` or `rediss://…`; `None` runs the in-process limiter only.
    pub redis_url: Option<String>,
    /// Namespace of every Redis key the limiter writes, e.g. `"fleetgate:rl"`.
    pub key_prefix: String,
    /// Longest a rate-limit decision waits for Redis before the in-process limiter decides
    /// instead (fail-open).
    pub redis_timeout: Duration,
    /// Which concurrent checks of a gateway thread share one script call: across keys (one
    /// Redis, the default) or only per key (Redis Cluster: each call within one hash slot).
    pub sharing: CallSharing,
}

impl LimiterConfig {
    pub const DEFAULT_KEY_PREFIX: &'static str = "fleetgate:rl";
    pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(50);

    /// Defaults with the given Redis URL.
    pub fn new(redis_url: Option<String>) -> Self {
        Self {
            redis_url,
            ..Self::default()
        }
    }
}

impl Default for LimiterConfig {
    fn default() -> Self {
        Self {
            redis_url: None,
            key_prefix: Self::DEFAULT_KEY_PREFIX.to_owned(),
            redis_timeout: Self::DEFAULT_REDIS_TIMEOUT,
            sharing: CallSharing::default(),
        }
    }
}
