//! Prometheus metrics (`GET /metrics`): requests by route and status, latency, rate-limit
//! decisions (and fail-open fallbacks), request-log writer counters.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

/// The values behind the gauges, read at scrape time from the limiter, the request log,
/// the key cache and telematics.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    pub ratelimit_fallbacks: u64,
    pub log_written: u64,
    pub log_dropped: u64,
    pub log_write_errors: u64,
    pub cached_keys: u64,
    pub telematics_accepted: u64,
    pub telematics_rejected: u64,
    pub telematics_live_dropped: u64,
}

pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub rate_limit: IntCounterVec,
    /// Failed key/token/session verifications seen by the brute-force guard, by outcome
    /// (`counted`: answered 401; `refused`: over the budget, answered 429).
    pub auth_failures: IntCounterVec,
    ratelimit_fallbacks: IntGauge,
    log_written: IntGauge,
    log_dropped: IntGauge,
    log_write_errors: IntGauge,
    cached_keys: IntGauge,
    /// Telematics pings since start by outcome (`accepted`, `rejected`) and live batches the
    /// fan-out dropped (`live_dropped`).
    telematics: prometheus::IntGaugeVec,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("fleetgate".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "API requests by route template, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "API request latency").buckets(
                vec![
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            ),
            &["route"],
        )?;
        let rate_limit = IntCounterVec::new(
            Opts::new(
                "rate_limit_decisions_total",
                "Rate-limit decisions by outcome",
            ),
            &["outcome"],
        )?;
        let auth_failures = IntCounterVec::new(
            Opts::new(
                "auth_failures_total",
                "Failed verifications counted by the brute-force guard, by outcome",
            ),
            &["outcome"],
        )?;
        let gauge = |name: &str, help: &str| IntGauge::new(name, help);
        let ratelimit_fallbacks = gauge(
            "rate_limit_fallback_decisions",
            "Decisions taken by the in-process limiter because Redis failed (fail-open)",
        )?;
        let log_written = gauge("request_log_written", "Request-log records written")?;
        let log_dropped = gauge("request_log_dropped", "Request-log records dropped")?;
        let log_write_errors = gauge(
            "request_log_write_errors",
            "Failed request-log batch writes",
        )?;
        let cached_keys = gauge("key_cache_entries", "Verified keys cached in this process")?;
        let telematics = prometheus::IntGaugeVec::new(
            Opts::new(
                "telematics_pings",
                "Telematics pings since start by outcome (accepted, rejected; live_dropped: live batches dropped)",
            ),
            &["outcome"],
        )?;
        registry.register(Box::new(telematics.clone()))?;
        for c in [&requests, &rate_limit, &auth_failures] {
            registry.register(Box::new(c.clone()))?;
        }
        registry.register(Box::new(latency.clone()))?;
        for g in [
            &ratelimit_fallbacks,
            &log_written,
            &log_dropped,
            &log_write_errors,
            &cached_keys,
        ] {
            registry.register(Box::new(g.clone()))?;
        }
        Ok(Self {
            registry,
            requests,
            latency,
            rate_limit,
            auth_failures,
            ratelimit_fallbacks,
            log_written,
            log_dropped,
            log_write_errors,
            cached_keys,
            telematics,
        })
    }

    /// The text exposition, with the gauges set to `now` (read by the caller from their
    /// sources: [`crate::state::AppState::gauges`]).
    pub fn render(&self, now: &Gauges) -> String {
        let clamp = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        self.ratelimit_fallbacks.set(clamp(now.ratelimit_fallbacks));
        self.log_written.set(clamp(now.log_written));
        self.log_dropped.set(clamp(now.log_dropped));
        self.log_write_errors.set(clamp(now.log_write_errors));
        self.cached_keys.set(clamp(now.cached_keys));
        for (outcome, n) in [
            ("accepted", now.telematics_accepted),
            ("rejected", now.telematics_rejected),
            ("live_dropped", now.telematics_live_dropped),
        ] {
            self.telematics.with_label_values(&[outcome]).set(clamp(n));
        }
        let mut out = Vec::new();
        if TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .is_err()
        {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }
}
