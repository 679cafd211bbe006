//! `gateway seed`: realistic bulk data for a tenant (see `fleet_domain::seed`).

use clap::Args;

use fleet_domain::{SubaccountId, TenantId};

/// The arguments of `gateway seed`.
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Tenant id, or `demo` for the `serve --demo` tenant.
    #[arg(long)]
    pub tenant: String,
    /// Vehicles in total, split evenly over the subaccounts.
    #[arg(long, default_value_t = 1_000)]
    pub vehicles: u64,
    /// Customers in total, split evenly over the subaccounts.
    #[arg(long, default_value_t = 200)]
    pub customers: u64,
    /// Only these subaccounts (repeat, or comma-separated); default: all, live and sandbox.
    #[arg(long = "subaccount", value_delimiter = ',')]
    pub subaccounts: Vec<SubaccountId>,
    /// PRNG seed for reproducible data; default: random (printed).
    #[arg(long)]
    pub seed: Option<u64>,
}

pub async fn seed(conn: &mut db::AsyncPgConnection, args: SeedArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let tenant = if args.tenant.eq_ignore_ascii_case("demo") {
        fleet_demo::demo_tenant(conn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no demo tenant yet: run `gateway serve --demo` once"))?
            .id
    } else {
        args.tenant
            .parse::<TenantId>()
            .map_err(|_| anyhow::anyhow!("--tenant: expected a tenant id or `demo`"))?
    };
    let seed = args
        .seed
        .unwrap_or_else(|| uuid::Uuid::new_v4().as_u64_pair().0);
    let options = fleet_domain::seed::SeedOptions {
        vehicles: args.vehicles,
        customers: args.customers,
        subaccounts: args.subaccounts,
        seed,
    };
    let report = fleet_domain::seed::seed_tenant(conn, tenant, &options).await?;
    for s in &report {
        println!(
            "{} ({}, {}, {}): {} vehicles, {} customers, {} zones created, {} pricing plans created",
            s.name,
            s.subaccount_id,
            if s.sandbox { "sandbox" } else { "live" },
            s.city,
            s.vehicles,
            s.customers,
            s.zones_created,
            s.plans_created
        );
    }
    println!(
        "seeded {} vehicles and {} customers into {} subaccount(s) in {:.2?} (seed {seed})",
        options.vehicles,
        options.customers,
        report.len(),
        started.elapsed()
    );
    Ok(())
}
