//! Typed configuration from environment variables, validated once at start-up. A bad value
//! stops the process with a message naming the variable.

use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

use ipnet::IpNet;

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/fleetgate";
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:8080";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`; the database is created when missing.
    pub database_url: String,
    /// `REDIS_URL`; unset = in-process rate limiter (one instance).
    pub redis_url: Option<String>,
    /// `BIND_ADDR`.
    pub bind_addr: SocketAddr,
    /// `LOG_FORMAT`: `pretty` or `json`.
    pub log_format: LogFormat,
    /// `TRUSTED_PROXIES`: comma-separated IPs/CIDRs whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// `WEBHOOK_ALLOW_PRIVATE_TARGETS`: allow http:// and private webhook targets (dev/tests).
    pub webhook_allow_private_targets: bool,
    /// `DB_POOL_SIZE` (default 16).
    pub db_pool_size: u32,
    /// `DB_STATEMENT_TIMEOUT_MS` (default 15000).
    pub db_statement_timeout: Duration,
    /// `KEY_CACHE_TTL_SECONDS` (default 30): safety net behind change notifications.
    pub key_cache_ttl: Duration,
    /// `MAX_BODY_BYTES` (default 1 MiB).
    pub max_body_bytes: usize,
    /// `BODY_READ_TIMEOUT_SECONDS` (default 30): a request body not complete this long after
    /// the request arrived is answered `408 REQUEST_TIMEOUT` and the connection closed.
    pub body_read_timeout: Duration,
    /// `AUTH_FAILURES_PER_MINUTE` (default 20): invalid keys one IP may present per minute
    /// (and 10× per hour) before it is answered 429.
    pub auth_failures_per_minute: u32,
    /// `RATE_LIMIT_REDIS_TIMEOUT_MS` (default 50): beyond it the request is decided locally.
    pub redis_timeout: Duration,
    /// `REDIS_KEY_PREFIX` (default `fleetgate:rl`): prefix of every rate-limit key, so several
    /// deployments (or test runs) can share one Redis without sharing budgets.
    pub redis_key_prefix: String,
    /// `RATE_LIMIT_REDIS_CLUSTER`: `true` when `REDIS_URL` reaches a Redis Cluster (through a
    /// proxy), so each rate-limit script call names one hash slot's keys: concurrent checks
    /// share a call only per API key ([`ratelimit::CallSharing::PerKey`]) instead of across
    /// keys (`docs/rate-limits.md`).
    pub rate_limit_sharing: ratelimit::CallSharing,
    /// `WORKERS` (default: number of cores).
    pub workers: Option<usize>,
    /// `REQUEST_LOG_RETENTION_DAYS` (default 90): older request-log rows are purged.
    pub request_log_retention_days: u32,
    /// `BENCH_ROUTES`: also serve `/bench/evalsha`, a bare handler doing one rate-limit
    /// round trip, as the baseline of `scripts/bench-auth.sh`. Off by default.
    pub bench_routes: bool,
    /// `TOKEN_SECRET`: signs the short-lived tokens of `POST /auth/token` (HS256), at least
    /// 32 bytes. Unset: a random secret per process, with a warning — tokens then die on
    /// restart and work only on the instance that minted them, so set it (the same on every
    /// instance) wherever more than one instance runs.
    pub token_secret: TokenSecret,
    /// `WEBHOOK_WORKERS` (default 2): webhook delivery workers inside `serve` (0 = none; run
    /// `gateway worker` separately). The dispatcher runs whenever workers do.
    pub webhook_workers: usize,
    /// `WEBHOOK_TIMEOUT_SECONDS` (default 30): per delivery attempt.
    pub webhook_timeout: Duration,
    /// `WEBHOOK_POLL_MS` (default 100): dispatcher/worker poll interval when idle.
    pub webhook_poll: Duration,
    /// `WEBHOOK_RETENTION_DELIVERED_DAYS` (default 3).
    pub webhook_retention_delivered_days: u32,
    /// `WEBHOOK_RETENTION_FAILED_DAYS` (default 14).
    pub webhook_retention_failed_days: u32,
    /// `TELEMATICS_*`: ingest, archive, live stream (see [`TelematicsConfig`]).
    pub telematics: TelematicsConfig,
    /// `NEARBY_INDEX_MAX_LAG_MS` (default 700, at most 900; 0 = off): the nearby search
    /// answers from the in-memory index while its last sync is at most this old
    /// (`fleet_domain::vehicles::nearby_index`), from SQL otherwise. Off in tests by default.
    pub nearby_index_max_lag: Option<Duration>,
}

/// The token signing secret and where it came from.
#[derive(Clone)]
pub struct TokenSecret {
    pub bytes: Vec<u8>,
    /// Generated at start because `TOKEN_SECRET` was unset.
    pub generated: bool,
}

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TokenSecret(<{} bytes>, generated: {})",
            self.bytes.len(),
            self.generated
        )
    }
}

fn token_secret() -> Result<TokenSecret, ConfigError> {
    match var("TOKEN_SECRET") {
        Some(raw) if raw.len() >= keys::tokens::MIN_SECRET_LEN => Ok(TokenSecret {
            bytes: raw.into_bytes(),
            generated: false,
        }),
        Some(_) => Err(ConfigError {
            var: "TOKEN_SECRET",
            message: format!(
                "must be at least {} bytes (e.g. 64 random hex characters)",
                keys::tokens::MIN_SECRET_LEN
            ),
        }),
        None => {
            let random = keys::secret::random_alphanumeric(64).map_err(|e| ConfigError {
                var: "TOKEN_SECRET",
                message: format!("unset, and no random secret could be generated: {e}"),
            })?;
            Ok(TokenSecret {
                bytes: random.into_bytes(),
                generated: true,
            })
        }
    }
}

/// Telematics tunables.
#[derive(Debug, Clone)]
pub struct TelematicsConfig {
    /// `TELEMATICS_ARCHIVE_INTERVAL_S` (default 5): at most one archived ping without events
    /// per vehicle per interval; `TELEMATICS_LOCATION_MIN_DISTANCE_M` (default 50): metres
    /// moved between `vehicle.location_updated` events; `TELEMATICS_MICROBATCH_WINDOW_MS`
    /// (default 1) and `TELEMATICS_MICROBATCH_MAX` (default 512): how long and how many
    /// concurrent single-ping requests are grouped into one transaction;
    /// `TELEMATICS_MICROBATCH_FLUSHERS` (default 2): micro-batches in flight at once.
    pub ingest: telematics::Settings,
    /// `TELEMATICS_RETENTION_DAYS` (default 90): older archived pings are purged.
    pub retention_days: u32,
    /// `TELEMATICS_SSE_HEARTBEAT_S` (default 15): comment lines on idle live streams.
    pub heartbeat: Duration,
    /// `TELEMATICS_LIVE_BUFFER` (default 1024): batches a live subscriber may fall behind
    /// before it is dropped.
    pub live_buffer: usize,
}

impl TelematicsConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let distance: f64 = parse("TELEMATICS_LOCATION_MIN_DISTANCE_M", 50.0, "metres")?;
        if !(distance > 0.0 && distance <= 1_000_000.0) {
            return Err(ConfigError {
                var: "TELEMATICS_LOCATION_MIN_DISTANCE_M",
                message: "must be between 0 and 1000000 (exclusive of 0)".into(),
            });
        }
        let defaults = telematics::Settings::default();
        let window_ms: u64 = parse(
            "TELEMATICS_MICROBATCH_WINDOW_MS",
            defaults.microbatch_window.as_millis() as u64,
            "milliseconds",
        )?;
        if window_ms > 1_000 {
            return Err(ConfigError {
                var: "TELEMATICS_MICROBATCH_WINDOW_MS",
                message: "must be at most 1000".into(),
            });
        }
        Ok(Self {
            ingest: telematics::Settings {
                archive_interval_s: positive("TELEMATICS_ARCHIVE_INTERVAL_S", 5, "seconds", 86_400)?
                    as u32,
                location_min_distance_m: distance,
                microbatch_window: Duration::from_millis(window_ms),
                microbatch_max: positive(
                    "TELEMATICS_MICROBATCH_MAX",
                    defaults.microbatch_max as u64,
                    "a positive integer",
                    100_000,
                )? as usize,
                microbatch_flushers: positive(
                    "TELEMATICS_MICROBATCH_FLUSHERS",
                    defaults.microbatch_flushers as u64,
                    "a positive integer",
                    64,
                )? as usize,
                ..defaults
            },
            retention_days: positive("TELEMATICS_RETENTION_DAYS", 90, "days", 36_500)? as u32,
            heartbeat: Duration::from_secs(positive(
                "TELEMATICS_SSE_HEARTBEAT_S",
                15,
                "seconds",
                3_600,
            )?),
            live_buffer: positive(
                "TELEMATICS_LIVE_BUFFER",
                1_024,
                "a positive integer",
                1_000_000,
            )? as usize,
        })
    }

    pub fn for_tests() -> Self {
        Self {
            ingest: telematics::Settings::default(),
            retention_days: 90,
            heartbeat: Duration::from_secs(15),
            live_buffer: 1_024,
        }
    }
}

/// A variable with a bad value.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn var(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse<T: FromStr>(name: &'static str, default: T, what: &str) -> Result<T, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(raw) => raw.trim().parse().map_err(|_| ConfigError {
            var: name,
            message: format!("expected {what}, got {raw:?}"),
        }),
    }
}

/// A positive integer variable (`default` when unset), capped at `max`.
fn positive(name: &'static str, default: u64, what: &str, max: u64) -> Result<u64, ConfigError> {
    match parse(name, default, what)? {
        0 => Err(ConfigError {
            var: name,
            message: "must be greater than 0".into(),
        }),
        v => Ok(v.min(max)),
    }
}

fn parse_bool(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).as_deref().map(str::trim) {
        None => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError {
            var: name,
            message: format!("expected true or false, got {other:?}"),
        }),
    }
}

impl Config {
    /// The webhook background runtime's settings.
    pub fn webhook_runtime(&self) -> webhooks::RuntimeConfig {
        let mut worker = webhooks::WorkerConfig::for_timeout(self.webhook_timeout);
        worker.idle = self.webhook_poll;
        webhooks::RuntimeConfig {
            workers: self.webhook_workers,
            worker,
            dispatch_idle: self.webhook_poll,
            database_url: Some(self.database_url.clone()),
            retention: webhooks::retention::Retention {
                delivered_days: self.webhook_retention_delivered_days,
                failed_days: self.webhook_retention_failed_days,
            },
        }
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        db::DbUrl::parse(&database_url).map_err(|e| ConfigError {
            var: "DATABASE_URL",
            message: e.to_string(),
        })?;
        let redis_url = var("REDIS_URL");
        if let Some(url) = &redis_url {
            if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
                return Err(ConfigError {
                    var: "REDIS_URL",
                    message: "must start with redis:// or rediss://".into(),
                });
            }
        }
        let log_format = match var("LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError {
                    var: "LOG_FORMAT",
                    message: format!("expected pretty or json, got {other:?}"),
                })
            }
        };
        let trusted_proxies = match var("TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<IpNet>()
                        .or_else(|_| s.parse::<std::net::IpAddr>().map(IpNet::from))
                        .map_err(|_| ConfigError {
                            var: "TRUSTED_PROXIES",
                            message: format!("{s:?} is not an IP address or CIDR"),
                        })
                })
                .collect::<Result<_, _>>()?,
        };
        let workers = match var("WORKERS") {
            None => None,
            Some(_) => Some(positive("WORKERS", 1, "a positive integer", 1024)? as usize),
        };
        Ok(Self {
            database_url,
            redis_url,
            bind_addr: parse(
                "BIND_ADDR",
                SocketAddr::from(([127, 0, 0, 1], 8080)),
                "host:port such as 127.0.0.1:8080",
            )?,
            log_format,
            trusted_proxies,
            webhook_allow_private_targets: parse_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS")?,
            db_pool_size: positive("DB_POOL_SIZE", 16, "a positive integer", 1000)? as u32,
            db_statement_timeout: Duration::from_millis(positive(
                "DB_STATEMENT_TIMEOUT_MS",
                15_000,
                "milliseconds",
                u64::MAX,
            )?),
            key_cache_ttl: Duration::from_secs(positive(
                "KEY_CACHE_TTL_SECONDS",
                30,
                "seconds",
                u64::MAX,
            )?),
            max_body_bytes: positive("MAX_BODY_BYTES", 1_048_576, "bytes", u64::MAX)? as usize,
            body_read_timeout: Duration::from_secs(positive(
                "BODY_READ_TIMEOUT_SECONDS",
                30,
                "seconds",
                3_600,
            )?),
            auth_failures_per_minute: positive(
                "AUTH_FAILURES_PER_MINUTE",
                20,
                "a positive integer",
                1_000_000,
            )? as u32,
            redis_timeout: Duration::from_millis(positive(
                "RATE_LIMIT_REDIS_TIMEOUT_MS",
                50,
                "milliseconds",
                u64::MAX,
            )?),
            redis_key_prefix: match var("REDIS_KEY_PREFIX") {
                None => ratelimit::LimiterConfig::DEFAULT_KEY_PREFIX.to_owned(),
                Some(p)
                    if (1..=64).contains(&p.len())
                        && p.bytes()
                            .all(|b| b.is_ascii_graphic() && b != b'{' && b != b'}') =>
                {
                    p
                }
                Some(_) => {
                    return Err(ConfigError {
                        var: "REDIS_KEY_PREFIX",
                        message: "must be 1-64 visible ASCII characters without braces".into(),
                    })
                }
            },
            rate_limit_sharing: if parse_bool("RATE_LIMIT_REDIS_CLUSTER")? {
                ratelimit::CallSharing::PerKey
            } else {
                ratelimit::CallSharing::AcrossKeys
            },
            workers,
            request_log_retention_days: positive("REQUEST_LOG_RETENTION_DAYS", 90, "days", 36_500)?
                as u32,
            bench_routes: parse_bool("BENCH_ROUTES")?,
            token_secret: token_secret()?,
            webhook_workers: parse("WEBHOOK_WORKERS", 2_usize, "a number of workers (0 = none)")?
                .min(256),
            webhook_timeout: Duration::from_secs(positive(
                "WEBHOOK_TIMEOUT_SECONDS",
                30,
                "seconds",
                300,
            )?),
            webhook_poll: Duration::from_millis(positive(
                "WEBHOOK_POLL_MS",
                100,
                "milliseconds",
                60_000,
            )?),
            webhook_retention_delivered_days: positive(
                "WEBHOOK_RETENTION_DELIVERED_DAYS",
                3,
                "days",
                3_650,
            )? as u32,
            webhook_retention_failed_days: positive(
                "WEBHOOK_RETENTION_FAILED_DAYS",
                14,
                "days",
                3_650,
            )? as u32,
            telematics: TelematicsConfig::from_env()?,
            nearby_index_max_lag: match parse(
                "NEARBY_INDEX_MAX_LAG_MS",
                700_u64,
                "milliseconds (0 = no in-memory index)",
            )? {
                0 => None,
                ms => Some(Duration::from_millis(ms.min(900))),
            },
        })
    }

    /// Defaults for tests: the given database, in-process limiter, port 0.
    pub fn for_tests(database_url: &str) -> Self {
        Self {
            database_url: database_url.to_owned(),
            redis_url: None,
            bind_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log_format: LogFormat::Pretty,
            trusted_proxies: Vec::new(),
            webhook_allow_private_targets: true,
            db_pool_size: 8,
            db_statement_timeout: Duration::from_secs(15),
            key_cache_ttl: Duration::from_secs(30),
            max_body_bytes: 1_048_576,
            body_read_timeout: Duration::from_secs(30),
            auth_failures_per_minute: 20,
            redis_timeout: Duration::from_millis(50),
            // Per test database, so concurrent test runs on one Redis never share budgets
            // (two instances of one test share the database, and so their budgets).
            redis_key_prefix: format!(
                "fleetgate:test:{}",
                database_url.rsplit('/').next().unwrap_or("db")
            ),
            rate_limit_sharing: ratelimit::CallSharing::AcrossKeys,
            workers: Some(2),
            request_log_retention_days: 90,
            bench_routes: false,
            token_secret: TokenSecret {
                bytes: b"fleetgate-test-token-secret-0123456789abcdef".to_vec(),
                generated: false,
            },
            // One background worker polling every 100 ms keeps delivery real in every test
            // without loading the shared database; webhook tests step workers by hand.
            webhook_workers: 1,
            webhook_timeout: Duration::from_secs(5),
            webhook_poll: Duration::from_millis(100),
            webhook_retention_delivered_days: 3,
            webhook_retention_failed_days: 14,
            telematics: TelematicsConfig::for_tests(),
            nearby_index_max_lag: None,
        }
    }
}
