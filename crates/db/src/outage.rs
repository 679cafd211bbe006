//! Logging for background loops that keep a connection (database or Redis): one warning when
//! an outage starts, one info when it ends, nothing per retry in between (debug only), and a
//! growing pause between attempts.

use std::time::Duration;

/// The state of one background connection. `what` names it in the log lines.
#[derive(Debug)]
pub struct Outage {
    what: &'static str,
    /// Consecutive failed attempts; 0 while healthy.
    failures: u32,
}

impl Outage {
    pub const FIRST_PAUSE: Duration = Duration::from_millis(250);
    pub const MAX_PAUSE: Duration = Duration::from_secs(10);

    pub fn new(what: &'static str) -> Self {
        Self { what, failures: 0 }
    }

    /// An attempt failed: logs the start of an outage once and returns how long to wait
    /// before the next attempt (250 ms doubling up to 10 s).
    pub fn failed(&mut self, error: &dyn std::fmt::Display) -> Duration {
        if self.failures == 0 {
            tracing::warn!(error = %error, "{}: connection lost; retrying with backoff", self.what);
        } else {
            tracing::debug!(error = %error, attempt = self.failures, "{}: still failing", self.what);
        }
        self.failures = self.failures.saturating_add(1);
        Self::FIRST_PAUSE
            .saturating_mul(1 << (self.failures - 1).min(6))
            .min(Self::MAX_PAUSE)
    }

    /// An attempt succeeded: logs the end of an outage, if there was one.
    pub fn recovered(&mut self) {
        if self.failures > 0 {
            tracing::info!(attempts = self.failures, "{}: recovered", self.what);
        }
        self.failures = 0;
    }

    pub fn is_down(&self) -> bool {
        self.failures > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_then_cap_and_reset_on_recovery() {
        let mut outage = Outage::new("test");
        let pauses: Vec<u128> = (0..8).map(|_| outage.failed(&"x").as_millis()).collect();
        assert_eq!(pauses, [250, 500, 1000, 2000, 4000, 8000, 10000, 10000]);
        assert!(outage.is_down());
        outage.recovered();
        assert!(!outage.is_down());
        assert_eq!(outage.failed(&"x").as_millis(), 250);
    }
}
