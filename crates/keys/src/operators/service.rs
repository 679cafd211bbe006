//! Sign-in, sessions and operator management.
//!
//! Sign-in answers the same `InvalidCredentials` for an unknown email and a wrong password,
//! after the same work: an unknown email is verified against a dummy hash with the current
//! parameters. Failed attempts are counted per account (keyed by a hash of the email, so
//! unknown emails count too) and per client IP; once either budget is spent every attempt,
//! even with the right password, is refused until the window frees up.

use std::net::IpAddr;

use diesel_async::{AsyncConnection, AsyncPgConnection};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use db::PgPool;
use fleet_domain::tenancy::store as tenancy_store;
use fleet_domain::{OperatorId, TenantId, TenantStatus};
use ratelimit::{Limiter, Limits};

use super::{
    password, store, Error, NewOperator, OpenedSession, Operator, Role, Session, SignedIn,
};

/// Literal start of every session token.
pub const SESSION_TOKEN_PREFIX: &str = "fgs_";
/// Random characters after the prefix (~238 bits).
pub const SESSION_TOKEN_BODY_LEN: usize = 40;

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Idle timeout: each use moves the expiry to `now + idle`.
    pub idle: Duration,
    /// Hard limit from sign-in, whatever the activity.
    pub absolute: Duration,
    /// At most one renewal write per session per this gap.
    pub renew_gap: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::hours(2),
            absolute: Duration::hours(12),
            renew_gap: Duration::minutes(1),
        }
    }
}

/// Budgets of failed sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    pub per_account: Limits,
    pub per_ip: Limits,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            per_account: Limits {
                per_minute: 5,
                per_hour: 20,
                per_day: 50,
            },
            per_ip: Limits {
                per_minute: 20,
                per_hour: 100,
                per_day: 500,
            },
        }
    }
}

/// Everything sign-in needs besides the credentials.
pub struct LoginContext<'a> {
    pub pool: &'a PgPool,
    pub limiter: &'a Limiter,
    pub throttle: LoginThrottle,
    pub policy: SessionPolicy,
    pub client_ip: IpAddr,
    pub user_agent: Option<String>,
    pub now: OffsetDateTime,
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Emails compare trimmed and case-insensitively.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Hash(e.to_string()))
}

/// Signs an operator in and opens a session.
pub async fn login(
    ctx: &LoginContext<'_>,
    email: &str,
    password: &str,
) -> Result<OpenedSession, Error> {
    if email.trim().is_empty() || email.chars().count() > 254 || email.chars().any(char::is_control)
    {
        return Err(Error::invalid(
            "email",
            "must be 1-254 printable characters",
        ));
    }
    if password.is_empty() || password.chars().count() > password::MAX_LEN {
        return Err(Error::invalid("password", "must be 1-256 characters"));
    }
    let email = normalize_email(email);
    let account_key = format!("login:account:{}", sha256_hex(&email));
    let ip_key = format!("login:ip:{}", ctx.client_ip);
    for (key, limits) in [
        (&account_key, &ctx.throttle.per_account),
        (&ip_key, &ctx.throttle.per_ip),
    ] {
        let peek = ctx.limiter.peek(key, limits).await;
        if !peek.allowed {
            return Err(Error::LockedOut(Box::new(peek)));
        }
    }
    let found = {
        let mut conn = ctx
            .pool
            .get()
            .await
            .map_err(|e| Error::Unavailable(e.to_string()))?;
        store::find_by_email(&mut conn, &email).await?
    };
    let stored = found
        .as_ref()
        .map(|o| o.password_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_owned());
    let presented = password.to_owned();
    let checked = blocking(move || password::verify(&presented, &stored)).await?;
    let operator = match found {
        Some(op) if checked.matches => op,
        _ => {
            ctx.limiter
                .check(&account_key, &ctx.throttle.per_account)
                .await;
            ctx.limiter.check(&ip_key, &ctx.throttle.per_ip).await;
            return Err(Error::InvalidCredentials);
        }
    };
    // Hashed before taking a connection: no pooled connection waits on argon2.
    let rehash = if checked.needs_rehash {
        let presented = password.to_owned();
        Some(blocking(move || password::hash(&presented)).await??)
    } else {
        None
    };
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    let tenant = tenancy_store::get_tenant(&mut conn, operator.tenant_id).await?;
    if tenant.status != TenantStatus::Active {
        return Err(Error::TenantInactive);
    }
    let token = format!(
        "{SESSION_TOKEN_PREFIX}{}",
        crate::secret::random_alphanumeric(SESSION_TOKEN_BODY_LEN)
            .map_err(|e| Error::Hash(e.to_string()))?
    );
    let now = ctx.now;
    let session = Session {
        id: Uuid::now_v7(),
        tenant_id: operator.tenant_id,
        operator_id: operator.id,
        token_hash: sha256_hex(&token),
        created_at: now,
        last_seen_at: now,
        expires_at: now + ctx.policy.idle.min(ctx.policy.absolute),
        absolute_expires_at: now + ctx.policy.absolute,
        revoked_at: None,
        client_ip: Some(ctx.client_ip.to_string()),
        user_agent: ctx.user_agent.clone(),
    };
    let (session, operator) = conn
        .transaction(async |conn| {
            if let Some(hash) = &rehash {
                store::set_password_hash(conn, operator.tenant_id, operator.id, hash).await?;
            }
            store::touch_login(conn, operator.tenant_id, operator.id, now).await?;
            let session = store::insert_session(conn, &session).await?;
            let operator = store::get(conn, operator.tenant_id, operator.id)
                .await?
                .ok_or(Error::InvalidCredentials)?;
            Ok::<_, Error>((session, operator))
        })
        .await?;
    Ok(OpenedSession {
        token,
        session,
        operator,
    })
}

/// Resolves a presented session token; slides its expiry forward.
pub async fn authenticate(
    pool: &PgPool,
    policy: SessionPolicy,
    token: &str,
    now: OffsetDateTime,
) -> Result<SignedIn, Error> {
    let well_formed = token.len() == SESSION_TOKEN_PREFIX.len() + SESSION_TOKEN_BODY_LEN
        && token.starts_with(SESSION_TOKEN_PREFIX)
        && token[SESSION_TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric());
    if !well_formed {
        return Err(Error::InvalidSession);
    }
    let mut conn = pool
        .get()
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    let session = store::session_by_hash(&mut conn, &sha256_hex(token))
        .await?
        .ok_or(Error::InvalidSession)?;
    if session.revoked_at.is_some() {
        return Err(Error::InvalidSession);
    }
    if session.expires_at <= now {
        return Err(Error::ExpiredSession);
    }
    let operator = store::get(&mut conn, session.tenant_id, session.operator_id)
        .await?
        .ok_or(Error::InvalidSession)?;
    let tenant = tenancy_store::get_tenant(&mut conn, session.tenant_id).await?;
    if tenant.status != TenantStatus::Active {
        return Err(Error::TenantInactive);
    }
    let subaccounts = tenancy_store::list_subaccounts(&mut conn, tenant.id, None)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let slid = (now + policy.idle).min(session.absolute_expires_at);
    let renewed = store::renew_session(&mut conn, session.id, now, slid, policy.renew_gap).await?;
    Ok(SignedIn {
        operator,
        tenant,
        session_id: session.id,
        expires_at: if renewed > 0 {
            slid
        } else {
            session.expires_at
        },
        subaccounts,
    })
}

/// Ends the session at once.
pub async fn logout(conn: &mut AsyncPgConnection, signed_in: &SignedIn) -> Result<(), Error> {
    store::revoke_session(
        conn,
        signed_in.tenant.id,
        signed_in.session_id,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(())
}

fn validate_email(email: &str) -> Result<String, Error> {
    let email = email.trim();
    let valid = (3..=254).contains(&email.len())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    if !valid {
        return Err(Error::invalid("email", "must be an email address"));
    }
    Ok(email.to_owned())
}

fn validate_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "must be 1-200 printable characters"));
    }
    Ok(name.to_owned())
}

/// Creates an operator of `tenant`.
pub async fn create_operator(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    new: NewOperator,
) -> Result<Operator, Error> {
    let email = validate_email(&new.email)?;
    let name = validate_name(&new.name)?;
    password::validate(&new.password).map_err(|m| Error::invalid("password", m))?;
    tenancy_store::get_tenant(conn, tenant)
        .await
        .map_err(Error::tenant_lookup(tenant))?;
    let pw = new.password;
    let password_hash = blocking(move || password::hash(&pw)).await??;
    let now = OffsetDateTime::now_utc();
    let operator = Operator {
        id: OperatorId::new(),
        tenant_id: tenant,
        email,
        name,
        role: new.role,
        password_hash,
        last_login_at: None,
        created_at: now,
        updated_at: now,
    };
    store::insert(conn, &operator).await.map_err(|e| {
        if db::is_unique_violation(&e) {
            Error::DuplicateEmail
        } else {
            e.into()
        }
    })
}

/// Sets a new password (e.g. `serve --demo` on every start) and ends the open sessions.
pub async fn set_password(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
    new_password: &str,
) -> Result<(), Error> {
    password::validate(new_password).map_err(|m| Error::invalid("password", m))?;
    let pw = new_password.to_owned();
    let hash = blocking(move || password::hash(&pw)).await??;
    conn.transaction(async |conn| {
        if store::set_password_hash(conn, tenant, id, &hash).await? == 0 {
            return Err(Error::OperatorNotFound(id));
        }
        store::revoke_sessions_of(conn, tenant, id, OffsetDateTime::now_utc()).await?;
        Ok(())
    })
    .await
}

pub async fn get_operator(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
) -> Result<Operator, Error> {
    store::get(conn, tenant, id)
        .await?
        .ok_or(Error::OperatorNotFound(id))
}

/// One page of the tenant's operators and the total.
pub async fn list_operators(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Operator>, i64), Error> {
    // Rows and total from one snapshot.
    db::read_snapshot(conn)
        .run(async |conn| {
            let rows = store::list(conn, tenant, limit, offset).await?;
            let total = store::count(conn, tenant).await?;
            Ok((rows, total))
        })
        .await
}

/// The operator with this email, if any (CLI and demo).
pub async fn find_operator_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> Result<Option<Operator>, Error> {
    Ok(store::find_by_email(conn, &normalize_email(email)).await?)
}

/// Removes an operator (their sessions go with them). The last owner cannot be removed.
pub async fn remove_operator(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
) -> Result<(), Error> {
    conn.transaction(async |conn| {
        let owners = store::owners_for_update(conn, tenant).await?;
        let target = store::get(conn, tenant, id)
            .await?
            .ok_or(Error::OperatorNotFound(id))?;
        if target.role == Role::Owner && owners.len() <= 1 {
            return Err(Error::LastOwner);
        }
        store::delete(conn, tenant, id).await?;
        Ok(())
    })
    .await
}

/// Gives an operator another role; the tenant keeps at least one owner. Their open sessions
/// see the new role on their next request.
pub async fn change_role(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    id: OperatorId,
    role: Role,
) -> Result<Operator, Error> {
    conn.transaction(async |conn| {
        let owners = store::owners_for_update(conn, tenant).await?;
        let target = store::get(conn, tenant, id)
            .await?
            .ok_or(Error::OperatorNotFound(id))?;
        if target.role == Role::Owner && role != Role::Owner && owners.len() <= 1 {
            return Err(Error::LastOwner);
        }
        Ok(store::set_role(conn, tenant, id, role).await?)
    })
    .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_validated_and_normalised() {
        assert!(validate_email("ops@example.com").is_ok());
        assert!(validate_email("no-at.example.com").is_err());
        assert!(validate_email("a b@example.com").is_err());
        assert!(validate_email("a@localhost").is_err());
        assert_eq!(normalize_email("  Ops@Example.COM "), "ops@example.com");
    }

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Owner.includes(Role::Admin));
        assert!(Role::Admin.includes(Role::Viewer));
        assert!(!Role::Admin.includes(Role::Owner));
        assert!(!Role::Viewer.includes(Role::Admin));
    }
}
