//! Administrative commands (`gateway tenants|subaccounts|keys|seed|operators|gbfs …`): thin
//! wrappers over the domain services, printing results for people and scripts. One module
//! per subcommand; the key commands are here.

mod gbfs;
mod operators;
mod seed;
mod tenancy;

pub use gbfs::{gbfs, GbfsCommand};
pub use operators::{operators, OperatorCommand};
pub use seed::{seed, SeedArgs};
pub use tenancy::{subaccounts, tenants, SubaccountCommand, TenantCommand};

use clap::{Args, Subcommand};
use time::OffsetDateTime;

use fleet_domain::{KeyMode, PermissionSet, SubaccountId, TenantId};
use keys::manage::KeyRef;
use keys::{KeyScope, NewKey, RateLimitOverrides};

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create a key; prints the secret (once) alone on stdout.
    Create(CreateKeyArgs),
    /// List a tenant's keys.
    List {
        #[arg(long)]
        tenant: TenantId,
    },
    /// Revoke a key for good.
    Revoke {
        #[arg(long)]
        tenant: TenantId,
        /// The key: its id (a UUID, first column of `keys list`), its prefix (`lf_pk_a1b2c3`,
        /// second column; must match one key only) or the whole secret.
        #[arg(long, value_name = "ID|PREFIX|SECRET")]
        key: KeyRef,
    },
}

#[derive(Debug, Args)]
pub struct CreateKeyArgs {
    #[arg(long)]
    pub tenant: TenantId,
    #[arg(long)]
    pub name: String,
    /// Comma-separated permissions, or `all`; default: the read-only set.
    #[arg(long)]
    pub permissions: Option<String>,
    /// `subaccount` (needs exactly one --subaccount) or `global`.
    #[arg(long, default_value = "global")]
    pub scope: KeyScope,
    /// Subaccount ids (repeat, or comma-separated). Global with none = all of the mode.
    #[arg(long = "subaccount", value_delimiter = ',')]
    pub subaccounts: Vec<SubaccountId>,
    /// live or test.
    #[arg(long, default_value = "live")]
    pub mode: KeyMode,
    #[arg(long)]
    pub per_minute: Option<u32>,
    #[arg(long)]
    pub per_hour: Option<u32>,
    #[arg(long)]
    pub per_day: Option<u32>,
    /// RFC 3339 instant after which the key stops working.
    #[arg(long)]
    pub expires_at: Option<String>,
    /// Allowed client IPs/CIDRs (repeat, or comma-separated); none = any.
    #[arg(long = "allowed-ip", value_delimiter = ',')]
    pub allowed_ips: Vec<String>,
}

pub async fn keys(conn: &mut db::AsyncPgConnection, cmd: KeyCommand) -> anyhow::Result<()> {
    match cmd {
        KeyCommand::Create(args) => {
            let permissions = match args.permissions.as_deref() {
                None => None,
                Some("all") => Some(PermissionSet::all()),
                Some(list) => Some(PermissionSet::parse_list(list)?),
            };
            let expires_at = args
                .expires_at
                .as_deref()
                .map(|s| envelope::rfc3339_field("--expires-at", s))
                .transpose()
                .map_err(|_| anyhow::anyhow!("--expires-at: {}", envelope::RFC3339_MESSAGE))?;
            let created = keys::service::create_key(
                conn,
                args.tenant,
                NewKey {
                    name: args.name,
                    mode: args.mode,
                    permissions,
                    scope: args.scope,
                    subaccount_ids: args.subaccounts,
                    limits: RateLimitOverrides {
                        per_minute: args.per_minute,
                        per_hour: args.per_hour,
                        per_day: args.per_day,
                    },
                    expires_at,
                    allowed_ips: args.allowed_ips,
                    created_by: Some("cli".to_owned()),
                },
                None,
            )
            .await?;
            eprintln!("created key {} ({})", created.key.id, created.key.prefix);
            println!("{}", created.secret);
        }
        KeyCommand::List { tenant } => {
            let now = OffsetDateTime::now_utc();
            for key in keys::service::list_keys(conn, tenant).await? {
                println!(
                    "{}\t{}\t{}\t{:?}\t{}\t{}",
                    key.id,
                    key.prefix,
                    key.mode,
                    key.status(now),
                    key.name,
                    key.permission_set()
                );
            }
        }
        KeyCommand::Revoke { tenant, key } => {
            let all = keys::service::list_keys(conn, tenant).await?;
            let id = key
                .resolve(&all)
                .map_err(|e| anyhow::anyhow!("--key: {e}"))?;
            let revoked = keys::service::revoke_key(conn, tenant, id).await?;
            println!("revoked {}", revoked.id);
        }
    }
    Ok(())
}
