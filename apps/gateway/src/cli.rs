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

use fleet_domain::{ApiKeyId, KeyMode, PermissionSet, SubaccountId, TenantId};
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
