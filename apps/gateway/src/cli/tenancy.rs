//! `gateway tenants create` and `gateway subaccounts create`.

use clap::Subcommand;

use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{Plan, TenantId};

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant and print its id.
    Create {
        #[arg(long)]
        name: String,
        /// trial, starter, professional or enterprise.
        #[arg(long, default_value = "trial")]
        plan: Plan,
    },
}

#[derive(Debug, Subcommand)]
pub enum SubaccountCommand {
    /// Create a subaccount and print its id.
    Create {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        name: String,
        /// ISO 4217 code.
        #[arg(long, default_value = "EUR")]
        currency: String,
        /// IANA time zone.
        #[arg(long, default_value = "UTC")]
        timezone: String,
        /// Reached by test keys only.
        #[arg(long)]
        sandbox: bool,
    },
}

pub async fn tenants(conn: &mut db::AsyncPgConnection, cmd: TenantCommand) -> anyhow::Result<()> {
    match cmd {
        TenantCommand::Create { name, plan } => {
            let tenant = tenancy::create_tenant(conn, NewTenant { name, plan }).await?;
            println!("{}", tenant.id);
        }
    }
    Ok(())
}

pub async fn subaccounts(
    conn: &mut db::AsyncPgConnection,
    cmd: SubaccountCommand,
) -> anyhow::Result<()> {
    match cmd {
        SubaccountCommand::Create {
            tenant,
            name,
            currency,
            timezone,
            sandbox,
        } => {
            let sub = tenancy::create_subaccount(
                conn,
                tenant,
                NewSubaccount {
                    name,
                    currency,
                    timezone,
                    sandbox,
                },
            )
            .await?;
            println!("{}", sub.id);
        }
    }
    Ok(())
}
