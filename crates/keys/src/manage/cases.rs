//! The use cases: [`Caller`] → [`Reader`] / [`Writer`] (see the module docs).

use diesel_async::{AsyncConnection, AsyncPgConnection};
use time::{Duration, OffsetDateTime};

use fleet_domain::audit::Usage;
use fleet_domain::{ApiKeyId, KeyMode, Listing, Permission, Principal, TenantId};

use super::rules::{Guard, Reach};
use super::{usage_of, KeyChanges, KeyRequest};
use crate::notify::Change;
use crate::operators::{Role, SignedIn};
use crate::service::{self, KeyChange};
use crate::store::{self, ListQuery};
use crate::{ApiKey, Error, KeyScope, KeyStatus, KeyVerifier, VerifiedKey};

/// Who manages keys.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    /// A partner key (self-service): the request's principal, narrowed by
    /// `X-Subaccount-Id` or a token, and the verified key behind it.
    Key {
        principal: &'a Principal,
        key: &'a VerifiedKey,
    },
    /// An operator of the tenant (management API): reaches every key of the tenant.
    Operator(&'a SignedIn),
}

impl<'a> Caller<'a> {
    pub fn tenant(&self) -> TenantId {
        match self {
            Caller::Key { principal, .. } => principal.tenant_id(),
            Caller::Operator(signed_in) => signed_in.tenant.id,
        }
    }

    /// May read keys: a key with `keys:read`; an operator of any role.
    pub fn reader(self) -> Result<Reader<'a>, Error> {
        if let Caller::Key { principal, .. } = self {
            principal.require(Permission::KeysRead)?;
        }
        Ok(Reader(Desk::new(self)))
    }

    /// May change keys: a key with `keys:write`; an operator with the `admin` role (or
    /// `owner`). Changes are dropped from `verifier`'s cache once committed.
    pub fn writer(self, verifier: &'a KeyVerifier) -> Result<Writer<'a>, Error> {
        match self {
            Caller::Key { principal, .. } => principal.require(Permission::KeysWrite)?,
            Caller::Operator(signed_in) => signed_in.require(Role::Admin)?,
        }
        Ok(Writer {
            desk: Desk::new(self),
            verifier,
        })
    }
}

/// A key and its usage (UTC day, ISO week, calendar month; last use).
#[derive(Debug, Clone)]
pub struct KeyView {
    pub key: ApiKey,
    pub usage: Usage,
}

impl KeyView {
    /// A key never used (just created).
    fn unused(key: ApiKey) -> Self {
        let usage = Usage {
            today: 0,
            this_week: 0,
            this_month: 0,
            last_used_at: key.last_used_at,
        };
        KeyView { key, usage }
    }

    /// Keys with their usage, read in one query.
    async fn read(conn: &mut AsyncPgConnection, keys: Vec<ApiKey>) -> Result<Vec<Self>, Error> {
        let Some(first) = keys.first() else {
            return Ok(Vec::new());
        };
        let ids: Vec<ApiKeyId> = keys.iter().map(|k| k.id).collect();
        let usage = usage_of(conn, first.tenant_id, &ids, OffsetDateTime::now_utc()).await?;
        Ok(keys
            .into_iter()
            .map(|key| match usage.get(&key.id) {
                Some(u) => KeyView { usage: *u, key },
                None => KeyView::unused(key),
            })
            .collect())
    }

    async fn read_one(conn: &mut AsyncPgConnection, key: ApiKey) -> Result<Self, Error> {
        let id = key.id;
        KeyView::read(conn, vec![key])
            .await?
            .pop()
            .ok_or(Error::NotFound(id))
    }
}

/// A key with its secret, which exists only in this value (shown once).
#[derive(Debug, Clone)]
pub struct KeyWithSecret {
    pub view: KeyView,
    pub secret: String,
}

/// Optional filters of a key list.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyListFilter {
    pub status: Option<KeyStatus>,
    pub mode: Option<KeyMode>,
}

/// What every desk knows: the caller and its reach.
#[derive(Debug)]
struct Desk<'a> {
    caller: Caller<'a>,
    reach: Option<Reach>,
}

impl<'a> Desk<'a> {
    fn new(caller: Caller<'a>) -> Self {
        let reach = match caller {
            Caller::Key { principal, key } => Some(Reach::of(key, principal)),
            Caller::Operator(_) => None,
        };
        Desk { caller, reach }
    }

    /// The principal whose permissions bound what it grants and touches (keys only).
    fn actor(&self) -> Option<&'a Principal> {
        match self.caller {
            Caller::Key { principal, .. } => Some(principal),
            Caller::Operator(_) => None,
        }
    }

    fn guard(&self) -> Guard<'_> {
        Guard {
            reach: self.reach.as_ref(),
            actor: self.actor(),
        }
    }
}

/// Reads keys within the caller's reach.
#[derive(Debug)]
pub struct Reader<'a>(Desk<'a>);

impl Reader<'_> {
    /// One page (1-based) of the keys within reach matching `filter`, oldest first, with
    /// their usage and the total; filtered and paged in SQL.
    pub async fn list(
        &self,
        conn: &mut AsyncPgConnection,
        filter: KeyListFilter,
        page: u32,
        limit: u32,
    ) -> Result<Listing<KeyView>, Error> {
        let query = ListQuery {
            tenant: self.0.caller.tenant(),
            reach: self.0.reach.as_ref(),
            status: filter.status,
            mode: filter.mode,
            now: OffsetDateTime::now_utc(),
        };
        let offset = i64::from(page.max(1) - 1) * i64::from(limit);
        // Rows, total and usage from one snapshot.
        db::read_snapshot(conn)
            .run(async |conn| {
                let (keys, total) =
                    store::list_page(conn, &query, offset, i64::from(limit)).await?;
                let items = KeyView::read(conn, keys).await?;
                Ok(Listing::from_page(items, page, limit, total))
            })
            .await
    }

    /// One key within reach; others answer "not found" like unknown ids.
    pub async fn get(&self, conn: &mut AsyncPgConnection, id: ApiKeyId) -> Result<KeyView, Error> {
        let guard = self.0.guard();
        let key = service::key_within(conn, self.0.caller.tenant(), id, guard).await?;
        KeyView::read_one(conn, key).await
    }
}

/// Changes keys within the caller's reach and rights.
pub struct Writer<'a> {
    desk: Desk<'a>,
    verifier: &'a KeyVerifier,
}

impl Writer<'_> {
    /// Creates a key (within the caller's own permissions, subaccounts and mode when the
    /// caller is a key); the secret is in the answer only.
    pub async fn create(
        &self,
        conn: &mut AsyncPgConnection,
        request: KeyRequest,
    ) -> Result<KeyWithSecret, Error> {
        let (default_mode, created_by) = match self.desk.caller {
            Caller::Key { key, .. } => (key.entry.key.mode, format!("api_key:{}", key.id())),
            Caller::Operator(op) => (KeyMode::Live, format!("operator:{}", op.operator.id)),
        };
        let new = request.into_new_key(default_mode, created_by)?;
        if let Caller::Key { key, .. } = self.desk.caller {
            if key.entry.key.scope == KeyScope::Subaccount && new.scope == KeyScope::Global {
                return Err(Error::CannotGrant(
                    "a global key (this key is bound to one subaccount)".into(),
                ));
            }
        }
        let tenant = self.desk.caller.tenant();
        let created = service::create_key(conn, tenant, new, self.desk.actor()).await?;
        Ok(KeyWithSecret {
            view: KeyView::unused(created.key),
            secret: created.secret,
        })
    }

    /// Changes name, permissions (a key: only ones it holds), limits, active, IPs or
    /// expiry of a key the caller may touch.
    pub async fn update(
        &self,
        conn: &mut AsyncPgConnection,
        id: ApiKeyId,
        changes: KeyChanges,
    ) -> Result<KeyView, Error> {
        let set = changes.validate(self.desk.actor())?;
        Ok(self
            .change(conn, id, KeyChange::Edit(Box::new(set)))
            .await?
            .0)
    }

    /// Deletes a key: gone from lists and unusable at once; its request log stays.
    pub async fn delete(&self, conn: &mut AsyncPgConnection, id: ApiKeyId) -> Result<(), Error> {
        self.change(conn, id, KeyChange::Delete).await?;
        Ok(())
    }

    /// Issues a new secret; the old one dies at once or after `grace` (at most 24 h).
    pub async fn regenerate(
        &self,
        conn: &mut AsyncPgConnection,
        id: ApiKeyId,
        grace: Option<Duration>,
    ) -> Result<KeyWithSecret, Error> {
        let rotation = service::rotation(grace)?;
        let (view, secret) = self.change(conn, id, rotation).await?;
        let secret =
            secret.ok_or_else(|| Error::invalid("secret", "rotation produced no secret"))?;
        Ok(KeyWithSecret { view, secret })
    }

    /// Revokes a key for good (it stays listed, status `revoked`).
    pub async fn revoke(
        &self,
        conn: &mut AsyncPgConnection,
        id: ApiKeyId,
    ) -> Result<KeyView, Error> {
        Ok(self.change(conn, id, KeyChange::Revoke).await?.0)
    }

    /// One transaction: lock, check, change, announce, read usage; then the local cache.
    async fn change(
        &self,
        conn: &mut AsyncPgConnection,
        id: ApiKeyId,
        change: KeyChange,
    ) -> Result<(KeyView, Option<String>), Error> {
        let tenant = self.desk.caller.tenant();
        let guard = self.desk.guard();
        let (view, secret) = conn
            .transaction(async move |conn| {
                let (key, secret) = service::change_in(conn, tenant, id, guard, change).await?;
                Ok::<_, Error>((KeyView::read_one(conn, key).await?, secret))
            })
            .await?;
        self.verifier.invalidate(Change::Key(id));
        Ok((view, secret))
    }
}
