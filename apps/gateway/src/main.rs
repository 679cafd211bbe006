//! `gateway`: serve the API, migrate, print the OpenAPI document, administer tenants and keys.

use clap::{Parser, Subcommand};

use gateway::cli::{
    GbfsCommand, KeyCommand, OperatorCommand, SeedArgs, SubaccountCommand, TenantCommand,
};
use gateway::config::{Config, LogFormat};

/// mimalloc: the request path allocates many small short-lived values; glibc's allocator
/// showed up as ~15 % of the gateway's CPU in `perf` (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "gateway", version, about = "Fleetgate partner API gateway")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP API (migrates first).
    Serve {
        /// Seed the demo tenant and print its keys.
        #[arg(long)]
        demo: bool,
    },
    /// Run webhook delivery only (dispatcher, workers, retention), no HTTP API; scale it
    /// separately from `serve` (set `WEBHOOK_WORKERS=0` there to deliver only here).
    Worker {
        /// Worker tasks (default: WEBHOOK_WORKERS, at least 1).
        #[arg(long)]
        workers: Option<usize>,
    },
    /// Create the database if missing and apply pending migrations.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Manage tenants.
    #[command(subcommand)]
    Tenants(TenantCommand),
    /// Manage subaccounts.
    #[command(subcommand)]
    Subaccounts(SubaccountCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeyCommand),
    /// Seed realistic vehicles, customers, zones and pricing plans into a tenant.
    Seed(SeedArgs),
    /// Manage operators (management API users).
    #[command(subcommand)]
    Operators(OperatorCommand),
    /// Manage a subaccount's public GBFS feed.
    #[command(subcommand)]
    Gbfs(GbfsCommand),
}

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        print!("{}", gateway::openapi::document_json()?);
        return Ok(());
    }
    let config = Config::from_env().map_err(|e| anyhow::anyhow!("configuration error: {e}"))?;
    init_tracing(config.log_format);
    match cli.command {
        Command::Serve { demo } => serve(config, demo).await,
        Command::Worker { workers } => worker(config, workers).await,
        Command::Migrate => {
            db::ensure_database(&config.database_url).await?;
            let applied = db::run_migrations(&config.database_url).await?;
            eprintln!("applied {} migration(s)", applied.len());
            Ok(())
        }
        Command::Openapi => Ok(()),
        Command::Tenants(cmd) => gateway::cli::tenants(&mut *admin_conn(&config).await?, cmd).await,
        Command::Subaccounts(cmd) => {
            gateway::cli::subaccounts(&mut *admin_conn(&config).await?, cmd).await
        }
        Command::Keys(cmd) => gateway::cli::keys(&mut *admin_conn(&config).await?, cmd).await,
        Command::Seed(args) => gateway::cli::seed(&mut *admin_conn(&config).await?, args).await,
        Command::Operators(cmd) => {
            gateway::cli::operators(&mut *admin_conn(&config).await?, cmd).await
        }
        Command::Gbfs(cmd) => gateway::cli::gbfs(&mut *admin_conn(&config).await?, cmd).await,
    }
}

async fn admin_conn(config: &Config) -> anyhow::Result<Box<db::AsyncPgConnection>> {
    use diesel_async::AsyncConnection;
    db::ensure_database(&config.database_url).await?;
    db::run_migrations(&config.database_url).await?;
    Ok(Box::new(
        db::AsyncPgConnection::establish(&config.database_url).await?,
    ))
}

async fn worker(config: Config, workers: Option<usize>) -> anyhow::Result<()> {
    let pool = gateway::migrated_pool(&config).await?;
    let mut runtime_config = config.webhook_runtime();
    runtime_config.workers = workers.unwrap_or(runtime_config.workers).max(1);
    let sender = std::sync::Arc::new(webhooks::Sender::new(
        config.webhook_timeout,
        config.webhook_allow_private_targets,
    )?);
    let n = runtime_config.workers;
    let runtime = webhooks::Runtime::start(pool, sender, runtime_config);
    eprintln!("webhook worker running: dispatcher + {n} worker(s); Ctrl-C or SIGTERM stops it");
    shutdown_signal().await;
    eprintln!("stopping: finishing in-flight deliveries");
    runtime
        .stop(config.webhook_timeout + std::time::Duration::from_secs(5))
        .await;
    Ok(())
}

/// SIGINT or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let app = gateway::Application::build(config.clone()).await?;
    let base = format!("http://{}:{}", config.bind_addr.ip(), app.port());
    let mut next_steps = None;
    if demo {
        let state = app.state();
        let mut conn = state.pool.get().await?;
        let run = fleet_demo::run(&mut conn).await?;
        drop(conn);
        print!("{}", gateway::demo::describe(&run, &base));
        next_steps = Some(gateway::demo::next_steps(&run, &base));
    }
    println!(
        "Listening on {base}  (dashboard: {base}/dashboard/, Swagger UI: {base}/docs/, OpenAPI: {base}/openapi.json)"
    );
    if let Some(next) = next_steps {
        println!("{next}");
    }
    app.run_until_stopped().await?;
    Ok(())
}
