//! What every handler and middleware shares: configuration, the pool, the key verifier and
//! the rate limiter.

use std::sync::Arc;

use db::PgPool;
use keys::{KeyVerifier, VerifiedKey};
use ratelimit::{Limiter, Limits};

use crate::config::Config;
use crate::metrics::{Gauges, Metrics};
use crate::request_log::RequestLog;
use crate::usage::UsageCache;

pub struct AppState {
    pub config: Arc<Config>,
    pub pool: PgPool,
    pub verifier: Arc<KeyVerifier>,
    pub limiter: Limiter,
    pub request_log: RequestLog,
    pub usage: UsageCache,
    pub metrics: Metrics,
    /// Signs and checks the short-lived tokens of `POST /auth/token`.
    pub tokens: keys::tokens::TokenSigner,
    /// Operator session lifetimes and failed sign-in budgets (management API).
    pub sessions: keys::operators::SessionPolicy,
    pub login_throttle: keys::operators::LoginThrottle,
    pub telematics: telematics::Telematics,
    /// The in-memory nearby search (`routes::vehicles::nearby_vehicles`).
    pub nearby: Arc<fleet_domain::vehicles::nearby_index::NearbyIndex>,
    /// Built GBFS files (`routes::gbfs`).
    pub feed_cache: std::sync::Arc<crate::feed_cache::FeedCache>,
}

impl AppState {
    /// The current values of the metrics' gauges, for [`Metrics::render`].
    pub fn gauges(&self) -> Gauges {
        use std::sync::atomic::Ordering::Relaxed;
        let stats = &self.request_log.stats;
        let (accepted, rejected) = self.telematics.stats();
        Gauges {
            ratelimit_fallbacks: self.limiter.fallback_decisions(),
            log_written: stats.written.load(Relaxed),
            log_dropped: stats.dropped.load(Relaxed),
            log_write_errors: stats.write_errors.load(Relaxed),
            cached_keys: u64::try_from(self.verifier.cached_len()).unwrap_or(u64::MAX),
            telematics_accepted: accepted,
            telematics_rejected: rejected,
            telematics_live_dropped: self.telematics.live().dropped(),
        }
    }

    /// Budget of invalid keys per client IP (brute-force guard).
    pub fn auth_failure_limits(&self) -> Limits {
        let per_minute = u64::from(self.config.auth_failures_per_minute);
        Limits {
            per_minute,
            per_hour: per_minute * 10,
            per_day: per_minute * 50,
        }
    }

    /// The limits in force for a verified key: its overrides over its plan's defaults.
    pub fn key_limits(&self, key: &VerifiedKey) -> Limits {
        let limits = key.entry.limits();
        Limits {
            per_minute: u64::from(limits.per_minute),
            per_hour: u64::from(limits.per_hour),
            per_day: u64::from(limits.per_day),
        }
    }
}
