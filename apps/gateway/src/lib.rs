//! The Fleetgate gateway: the only crate that knows HTTP. It composes the domain crates
//! behind actix-web with the envelope, authentication, rate limiting and the OpenAPI document.

pub mod cli;
pub mod config;
pub mod context;
pub mod demo;
pub mod error;
pub mod extract;
pub mod feed_cache;
pub mod idempotency_store;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod paths;
pub mod request_log;
pub mod respond;
pub mod retention;
pub mod routes;
pub mod server;
pub mod state;
pub mod usage;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use config::Config;
use state::AppState;

/// Failures while starting; each names what could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] db::DbError),
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("metrics: {0}")]
    Metrics(String),
    #[error("webhook client: {0}")]
    Webhooks(String),
}

/// Creates the database if missing, applies pending migrations and opens the pool sized and
/// timed by `config` (`serve` and `worker` alike).
pub async fn migrated_pool(config: &Config) -> Result<db::PgPool, db::DbError> {
    db::ensure_database(&config.database_url).await?;
    db::run_migrations(&config.database_url).await?;
    db::connect(
        &config.database_url,
        &db::PoolOptions {
            max_size: config.db_pool_size,
            statement_timeout: config.db_statement_timeout,
            ..db::PoolOptions::default()
        },
    )
    .await
}

/// A built, not yet awaited, server with everything it needs running.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    background: Vec<tokio::task::JoinHandle<()>>,
    webhooks: Option<(webhooks::Runtime, Duration)>,
    log_writer: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Creates and migrates the database, connects, starts the key-invalidation listener and
    /// binds `config.bind_addr` (port 0 picks a free port).
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let pool = migrated_pool(&config).await?;
        let verifier = Arc::new(keys::KeyVerifier::new(pool.clone(), config.key_cache_ttl));
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let listener_task = tokio::spawn(
            verifier
                .clone()
                .listen(config.database_url.clone(), Some(ready_tx)),
        );
        // Serve only once key changes are heard; a slow LISTEN still leaves the TTL net.
        if tokio::time::timeout(Duration::from_secs(5), ready_rx)
            .await
            .is_err()
        {
            tracing::warn!("key invalidation listener not ready after 5 s; continuing");
        }
        let limiter = match &config.redis_url {
            Some(url) => {
                ratelimit::Limiter::new(ratelimit::LimiterConfig {
                    redis_url: Some(url.clone()),
                    key_prefix: config.redis_key_prefix.clone(),
                    redis_timeout: config.redis_timeout,
                    sharing: config.rate_limit_sharing,
                })
                .await
            }
            None => ratelimit::Limiter::in_process(),
        };
        let listener =
            TcpListener::bind(config.bind_addr).map_err(|source| StartupError::Bind {
                addr: config.bind_addr,
                source,
            })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind {
                addr: config.bind_addr,
                source,
            })?
            .port();
        let (request_log, log_writer) = request_log::RequestLog::start(pool.clone());
        let retention_task = tokio::spawn(retention::run(
            pool.clone(),
            config.request_log_retention_days,
        ));
        let idempotency_task = tokio::spawn(retention::run_idempotency(pool.clone()));
        // Webhook delivery: one shared client (kept-alive connections, no redirects, guarded
        // DNS); workers and the dispatcher run in the background and stop on shutdown.
        let webhook_sender = Arc::new(
            webhooks::Sender::new(config.webhook_timeout, config.webhook_allow_private_targets)
                .map_err(|e| StartupError::Webhooks(e.to_string()))?,
        );
        let webhook_runtime = webhooks::Runtime::start(
            pool.clone(),
            webhook_sender.clone(),
            config.webhook_runtime(),
        );
        let webhook_grace = config.webhook_timeout + Duration::from_secs(5);
        let webhook_sender = web::Data::from(webhook_sender);
        let telematics_retention = tokio::spawn(retention::run_telematics(
            pool.clone(),
            config.telematics.retention_days,
        ));
        let (live, mut live_tasks) = match &config.redis_url {
            Some(url) => match telematics::LiveHub::with_redis(
                url,
                config.telematics.live_buffer,
                Duration::from_secs(5),
            )
            .await
            {
                Ok(pair) => pair,
                Err(e) => {
                    tracing::warn!(error = %e, "telematics live: bad REDIS_URL; in-process fan-out");
                    (
                        telematics::LiveHub::in_process(config.telematics.live_buffer),
                        Vec::new(),
                    )
                }
            },
            None => (
                telematics::LiveHub::in_process(config.telematics.live_buffer),
                Vec::new(),
            ),
        };
        live_tasks.push(telematics_retention);
        let nearby = Arc::new(match config.nearby_index_max_lag {
            Some(lag) => fleet_domain::vehicles::nearby_index::NearbyIndex::new(lag),
            None => fleet_domain::vehicles::nearby_index::NearbyIndex::disabled(),
        });
        live_tasks.push(tokio::spawn(nearby.clone().run(pool.clone())));
        let telematics =
            telematics::Telematics::start(pool.clone(), config.telematics.ingest.clone(), live);
        let doc = openapi::document();
        let known = web::Data::new(routes::fallback::KnownRoutes::from_openapi(&doc));
        let workers = config.workers;
        let max_body = config.max_body_bytes;
        let bench_routes = config.bench_routes;
        if config.token_secret.generated {
            tracing::warn!(
                "TOKEN_SECRET is unset: using a random secret; signed tokens die on restart and \
                 work only on this instance"
            );
        }
        let tokens = keys::tokens::TokenSigner::new(&config.token_secret.bytes);
        let state = web::Data::new(AppState {
            config: Arc::new(config),
            pool,
            verifier,
            limiter,
            request_log,
            usage: usage::UsageCache::default(),
            metrics: metrics::Metrics::new().map_err(|e| StartupError::Metrics(e.to_string()))?,
            tokens,
            sessions: keys::operators::SessionPolicy::default(),
            login_throttle: keys::operators::LoginThrottle::default(),
            telematics,
            feed_cache: Default::default(),
            nearby,
        });
        let app_state = state.clone();
        let mut server = server::GatewayServer::new(move || {
            let (app, _) = App::new()
                .into_utoipa_app()
                .app_data(app_state.clone())
                .app_data(known.clone())
                .app_data(webhook_sender.clone())
                .app_data(extract::json_config(max_body))
                .app_data(web::PayloadConfig::default().limit(max_body))
                .app_data(extract::query_config())
                .app_data(extract::path_config())
                .configure(routes::configure)
                .split_for_parts();
            app.configure(routes::gbfs::configure)
                .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", doc.clone()))
                .route(
                    "/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header(("Location", "/docs/"))
                            .finish()
                    }),
                )
                .configure(routes::dashboard::configure)
                .configure(|cfg| {
                    if bench_routes {
                        cfg.configure(routes::bench::configure);
                    }
                })
                .default_service(web::to(routes::fallback::not_found_or_wrong_method))
                .wrap(from_fn(middleware::envelope::envelope))
        })
        .listen(listener)
        .map_err(|source| StartupError::Bind {
            addr: std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            source,
        })?
        .shutdown_timeout(30);
        if let Some(n) = workers {
            server = server.workers(n);
        }
        let mut background = vec![listener_task, retention_task, idempotency_task];
        background.append(&mut live_tasks);
        Ok(Self {
            port,
            server: server.run(),
            state,
            background,
            webhooks: Some((webhook_runtime, webhook_grace)),
            log_writer,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server stops (SIGTERM/SIGINT, or [`ServerHandle::stop`]), finishing
    /// in-flight requests, then flushes the request log before returning.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        // In-flight webhook attempts finish and are recorded (bounded by the timeout).
        if let Some((runtime, grace)) = self.webhooks {
            runtime.stop(grace).await;
        }
        for task in self.background {
            task.abort();
        }
        // The workers are gone; dropping the last state handle closes the log channel and
        // the writer drains and writes everything still buffered.
        drop(self.state);
        if let Err(e) = self.log_writer.await {
            tracing::error!(error = %e, "request log writer failed during shutdown");
        }
        result
    }
}
