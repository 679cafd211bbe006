//! Administrative commands (`gateway tenants|subaccounts|keys …`): thin wrappers over the
//! domain services, printing results for people and scripts.

use clap::{Args, Subcommand};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use fleet_domain::tenancy::{service as tenancy, NewSubaccount, NewTenant};
use fleet_domain::{ApiKeyId, KeyMode, PermissionSet, Plan, SubaccountId, TenantId};
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

/// How `keys revoke --key` names a key: by id, by its displayed prefix, or by the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRef {
    Id(ApiKeyId),
    Prefix(String),
    /// The whole secret: matched by its hash, so it is never ambiguous.
    Secret(String),
}

impl std::str::FromStr for KeyRef {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let raw = raw.trim();
        if let Ok(id) = raw.parse::<ApiKeyId>() {
            return Ok(Self::Id(id));
        }
        if keys::secret::parse(raw).is_ok() {
            return Ok(Self::Secret(raw.to_owned()));
        }
        let well_formed_prefix = raw.len() == keys::secret::PREFIX_LEN
            && (raw.starts_with("lf_pk_") || raw.starts_with("lf_tk_"))
            && raw[6..].bytes().all(|b| b.is_ascii_alphanumeric());
        if well_formed_prefix {
            return Ok(Self::Prefix(raw.to_owned()));
        }
        Err(format!(
            "expected a key id (UUID), a key prefix of {} characters (lf_pk_a1b2c3) or a whole key",
            keys::secret::PREFIX_LEN
        ))
    }
}

impl KeyRef {
    /// The one key of `keys` this names; an unknown or ambiguous reference is an error that
    /// says what to pass instead.
    pub fn resolve(&self, keys: &[keys::ApiKey]) -> Result<ApiKeyId, String> {
        let matching: Vec<&keys::ApiKey> = match self {
            Self::Id(id) => keys.iter().filter(|k| k.id == *id).collect(),
            Self::Prefix(prefix) => keys.iter().filter(|k| &k.prefix == prefix).collect(),
            Self::Secret(secret) => {
                let hash = keys::secret::hash_secret(secret);
                keys.iter()
                    .filter(|k| keys::secret::constant_time_eq(&k.key_hash, &hash))
                    .collect()
            }
        };
        match matching.as_slice() {
            [one] => Ok(one.id),
            [] => Err(match self {
                Self::Id(id) => format!("no key {id} in this tenant"),
                Self::Prefix(p) => format!("no key with prefix {p} in this tenant"),
                Self::Secret(_) => "no key of this tenant has this secret".to_owned(),
            }),
            many => Err(format!(
                "{} keys share this prefix ({}): pass the key id instead",
                many.len(),
                many.iter()
                    .map(|k| k.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
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
                .map(|s| OffsetDateTime::parse(s, &Rfc3339))
                .transpose()
                .map_err(|e| anyhow::anyhow!("--expires-at: {e}"))?;
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(secret: &str) -> keys::ApiKey {
        let now = OffsetDateTime::now_utc();
        keys::ApiKey {
            id: ApiKeyId::new(),
            tenant_id: TenantId::new(),
            name: "k".into(),
            prefix: secret[..keys::secret::PREFIX_LEN].to_owned(),
            key_hash: keys::secret::hash_secret(secret),
            previous_key_hash: None,
            previous_key_expires_at: None,
            mode: KeyMode::Live,
            permissions: vec![],
            scope: KeyScope::Global,
            subaccount_ids: vec![],
            rate_limit_per_minute: None,
            rate_limit_per_hour: None,
            rate_limit_per_day: None,
            allowed_ips: vec![],
            expires_at: None,
            active: true,
            revoked_at: None,
            deleted_at: None,
            created_by: None,
            last_used_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn revoke_names_a_key_by_id_prefix_or_secret() {
        let a_secret = "lf_pk_abcdef0123456789012345678901234l";
        let b_secret = "lf_pk_abcdefZZZZZZZZZZZZZZZZZZZZZZZZZZ"; // same prefix as a
        let c_secret = "lf_tk_Qwerty0123456789012345678901234l";
        let keys = [key(a_secret), key(b_secret), key(c_secret)];
        let parse = |s: &str| s.parse::<KeyRef>().unwrap();

        assert_eq!(
            parse(&keys[0].id.to_string()).resolve(&keys),
            Ok(keys[0].id)
        );
        // The secret (which contains an `l`, once a parse error) is matched by its hash.
        assert_eq!(parse(a_secret).resolve(&keys), Ok(keys[0].id));
        assert_eq!(parse(b_secret).resolve(&keys), Ok(keys[1].id));
        assert_eq!(parse("lf_tk_Qwerty").resolve(&keys), Ok(keys[2].id));
        // A prefix two keys share is refused, listing both ids.
        let err = parse("lf_pk_abcdef").resolve(&keys).unwrap_err();
        assert!(
            err.contains(&keys[0].id.to_string()) && err.contains("key id"),
            "{err}"
        );
        assert!(parse("lf_pk_nothin").resolve(&keys).is_err());
        assert!(parse(&ApiKeyId::new().to_string()).resolve(&keys).is_err());
        // Anything else is a parse error that says what is expected.
        for bad in [
            "",
            "lf_pk_short",
            "lf_pk_abc-ef",
            "sk_live_123",
            "lf_pk_abcdef01234567890",
        ] {
            let err = bad.parse::<KeyRef>().unwrap_err();
            assert!(err.contains("key id"), "{bad}: {err}");
        }
    }
}
