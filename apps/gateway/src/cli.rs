//! Administrative commands (`gateway tenants|subaccounts|keys …`): thin wrappers over the
//! domain services, printing results for people and scripts.

use clap::{Args, Subcommand};
use time::OffsetDateTime;

use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{KeyMode, PermissionSet, Plan, SubaccountId, TenantId};
use keys::manage::KeyRef;
use keys::{KeyScope, NewKey, RateLimitOverrides};

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
                .map(|s| {
                    envelope::parse_rfc3339(s).ok_or_else(|| {
                        anyhow::anyhow!("--expires-at: {}", envelope::RFC3339_MESSAGE)
                    })
                })
                .transpose()?;
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

/// `gateway seed`: realistic bulk data for a tenant (see `fleet_domain::seed`).
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
        fleet_domain::tenancy::store::find_tenant_by_name(conn, crate::demo::DEMO_TENANT)
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

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Create an operator and print their id. The password comes from --password or, when
    /// absent, from the first line of standard input.
    Create {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, admin or viewer.
        #[arg(long, default_value = "owner")]
        role: keys::operators::Role,
        /// Visible to other local users in the process list; prefer standard input.
        #[arg(long)]
        password: Option<String>,
    },
}

pub async fn operators(
    conn: &mut db::AsyncPgConnection,
    cmd: OperatorCommand,
) -> anyhow::Result<()> {
    match cmd {
        OperatorCommand::Create {
            tenant,
            email,
            name,
            role,
            password,
        } => {
            let password = match password {
                Some(p) => p,
                None => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let op = keys::operators::service::create_operator(
                conn,
                tenant,
                keys::operators::NewOperator {
                    email,
                    name,
                    role,
                    password,
                },
            )
            .await?;
            eprintln!(
                "created operator {} ({}, {})",
                op.id,
                op.email,
                op.role.as_str()
            );
            println!("{}", op.id);
        }
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum GbfsCommand {
    /// Switch a subaccount's public GBFS feed on; prints the feed path (`/gbfs/<token>/gbfs.json`).
    Enable {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        subaccount: SubaccountId,
        /// Published in system_information.json (required the first time).
        #[arg(long)]
        contact_email: Option<String>,
        /// Deep link per vehicle; `{vehicle_id}` is replaced with its public id.
        #[arg(long)]
        rental_uri_web: Option<String>,
    },
    /// Switch the feed off (its URL answers 404; the token is kept).
    Disable {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        subaccount: SubaccountId,
    },
    /// Draw a new token: the old URL answers 404 at once. Prints the new feed path.
    RotateToken {
        #[arg(long)]
        tenant: TenantId,
        #[arg(long)]
        subaccount: SubaccountId,
    },
}

pub async fn gbfs(conn: &mut db::AsyncPgConnection, cmd: GbfsCommand) -> anyhow::Result<()> {
    use feeds::settings::{self, FeedChanges};
    let scope = |tenant, sub| fleet_domain::Scope::new(tenant, vec![sub]);
    let feed = match cmd {
        GbfsCommand::Enable {
            tenant,
            subaccount,
            contact_email,
            rental_uri_web,
        } => {
            settings::update_feed(
                conn,
                &scope(tenant, subaccount),
                subaccount,
                FeedChanges {
                    enabled: Some(true),
                    feed_contact_email: contact_email,
                    rental_uri_web: rental_uri_web.map(Some),
                    ..Default::default()
                },
            )
            .await?
            .1
        }
        GbfsCommand::Disable { tenant, subaccount } => {
            settings::update_feed(
                conn,
                &scope(tenant, subaccount),
                subaccount,
                FeedChanges {
                    enabled: Some(false),
                    ..Default::default()
                },
            )
            .await?
            .1
        }
        GbfsCommand::RotateToken { tenant, subaccount } => {
            settings::rotate_token(conn, &scope(tenant, subaccount), subaccount)
                .await?
                .1
        }
    };
    eprintln!(
        "feed of subaccount {} is {}",
        feed.subaccount_id,
        if feed.enabled { "enabled" } else { "disabled" }
    );
    println!("/gbfs/{}/gbfs.json", feed.token);
    Ok(())
}
