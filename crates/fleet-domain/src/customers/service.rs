//! Customer rules: validation, creation with the wallet row, partial updates, block and
//! unblock. Every change and its outbox event are written in one transaction.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::Value;
use time::OffsetDateTime;

use super::{store, Customer, CustomerId, CustomerStatus};
use crate::events::{record_event, Event};
use crate::pagination::Window;
use crate::sequences::{self, Sequence};
use crate::{metadata, Error, Listing, Scope, SubaccountId};

const RESOURCE: &str = "customer";
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_PHONE_CHARS: usize = 32;
pub const MAX_REASON_CHARS: usize = 500;

/// Input of a create.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewCustomer {
    /// Required (`None` is a validation error naming `email`).
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub metadata: Option<Value>,
    pub subaccount_id: Option<SubaccountId>,
}

/// A partial update. `None` leaves a field alone; `Some(None)` clears `name`/`phone`;
/// `metadata` is a JSON merge patch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerPatch {
    pub email: Option<String>,
    pub name: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub metadata: Option<Value>,
}

/// List filters (already parsed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerFilter {
    /// Exact match, case-insensitive.
    pub email: Option<String>,
    pub status: Option<CustomerStatus>,
}

/// A sane email address: `local@domain.tld`, 3-254 characters, no whitespace or control
/// characters, a local part of at most 64 characters and a dotted domain of non-empty
/// labels. Surrounding whitespace is trimmed; the case is kept as given.
pub fn validate_email(raw: &str) -> Result<String, Error> {
    let email = raw.trim();
    let bad = |m: &str| Err(Error::invalid("email", m));
    if email.chars().count() < 3 || email.chars().count() > MAX_EMAIL_CHARS {
        return bad("must be 3-254 characters");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("must not contain spaces or control characters");
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return bad("must be an email address such as rider@example.com");
    };
    if local.is_empty() || local.chars().count() > 64 || local.contains('@') {
        return bad("must be an email address such as rider@example.com");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let valid_label = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(valid_label) {
        return bad("must be an email address such as rider@example.com");
    }
    Ok(email.to_owned())
}

fn validate_name(raw: &str) -> Result<String, Error> {
    let name = raw.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "name",
            format!("must be 1-{MAX_NAME_CHARS} printable characters"),
        ));
    }
    Ok(name.to_owned())
}

/// Digits with an optional leading `+` and the usual separators (space, `-`, `.`, `(`, `)`),
/// at least 3 digits, at most 32 characters.
fn validate_phone(raw: &str) -> Result<String, Error> {
    let phone = raw.trim();
    let body = phone.strip_prefix('+').unwrap_or(phone);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
    if phone.chars().count() > MAX_PHONE_CHARS || digits < 3 || !allowed {
        return Err(Error::invalid(
            "phone",
            "must be a phone number such as +49 30 1234567 (digits, optional +, spaces, -, ., parentheses; at most 32 characters)",
        ));
    }
    Ok(phone.to_owned())
}

/// A block/unblock reason: 1-500 characters without control characters other than newlines.
pub fn validate_reason(raw: &str) -> Result<String, Error> {
    let reason = raw.trim();
    let n = reason.chars().count();
    if n == 0 || n > MAX_REASON_CHARS || reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::invalid(
            "reason",
            format!("must be 1-{MAX_REASON_CHARS} characters"),
        ));
    }
    Ok(reason.to_owned())
}

/// The email filter of a list: validated for length only, so any stored address can be
/// looked up.
pub fn validate_email_filter(raw: &str) -> Result<String, Error> {
    let email = raw.trim();
    if email.is_empty()
        || email.chars().count() > MAX_EMAIL_CHARS
        || email.chars().any(char::is_control)
    {
        return Err(Error::invalid(
            "email",
            "must be 1-254 characters without control characters",
        ));
    }
    Ok(email.to_owned())
}

/// Postgres `jsonb` cannot store U+0000; refuse it as invalid input instead of failing in
/// the database. (`metadata::validate` bounds sizes and types but lets it through.)
fn reject_nul(metadata: &Value) -> Result<(), Error> {
    let has_nul = metadata.as_object().is_some_and(|m| {
        m.iter()
            .any(|(k, v)| k.contains('\0') || v.as_str().is_some_and(|s| s.contains('\0')))
    });
    if has_nul {
        return Err(Error::invalid(
            "metadata",
            "must not contain NUL characters",
        ));
    }
    Ok(())
}

fn duplicate_email(e: diesel::result::Error) -> Error {
    match &e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        ) if info.constraint_name() == Some(store::EMAIL_UNIQUE_INDEX) => {
            Error::Duplicate("a customer with this email")
        }
        _ => Error::Database(e),
    }
}

pub async fn get(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: CustomerId,
) -> Result<Customer, Error> {
    store::get(conn, scope, id)
        .await
        .map_err(Error::or_not_found(RESOURCE, id))
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    filter: &CustomerFilter,
    window: Window,
) -> Result<Listing<Customer>, Error> {
    match window {
        // Page mode reads rows and total: one snapshot.
        Window::Page { .. } => Ok(db::read_snapshot(conn)
            .run(async |conn| store::list(conn, scope, filter, window).await)
            .await?),
        Window::Cursor { .. } => Ok(store::list(conn, scope, filter, window).await?),
    }
}

/// Creates a customer with the next customer number of the tenant, its wallet (balance 0,
/// the subaccount's currency) and the `customer.created` event, in one transaction.
pub async fn create(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    new: NewCustomer,
) -> Result<Customer, Error> {
    let email = validate_email(
        new.email
            .as_deref()
            .ok_or_else(|| Error::invalid("email", "is required"))?,
    )?;
    let name = new.name.as_deref().map(validate_name).transpose()?;
    let phone = new.phone.as_deref().map(validate_phone).transpose()?;
    let metadata = match new.metadata {
        Some(m) => {
            reject_nul(&m)?;
            metadata::validate(m)?
        }
        None => Value::Object(Default::default()),
    };
    let subaccount = scope.target_subaccount(new.subaccount_id)?;
    conn.transaction(async |conn| {
        let currency = store::subaccount_currency(conn, scope, subaccount)
            .await
            .map_err(|e| match e {
                diesel::result::Error::NotFound => Error::SubaccountNotAllowed(subaccount),
                other => other.into(),
            })?;
        let number = sequences::next(conn, scope.tenant_id(), Sequence::CustomerNumber).await?;
        let now = OffsetDateTime::now_utc();
        let customer = Customer {
            id: CustomerId::new(),
            tenant_id: scope.tenant_id(),
            subaccount_id: subaccount,
            customer_number: number,
            email,
            name,
            phone,
            status: CustomerStatus::Active,
            blocked_reason: None,
            metadata,
            created_at: now,
            updated_at: now,
        };
        let customer = store::insert(conn, &customer)
            .await
            .map_err(duplicate_email)?;
        store::insert_wallet(conn, &customer, &currency).await?;
        record_event(conn, scope, &Event::CustomerCreated((&customer).into())).await?;
        Ok(customer)
    })
    .await
}

/// Applies `patch`; writes the row and a `customer.updated` event only when something
/// changed (an empty or no-op patch returns the customer as it is).
pub async fn update(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: CustomerId,
    patch: CustomerPatch,
) -> Result<Customer, Error> {
    let email = patch.email.as_deref().map(validate_email).transpose()?;
    let name = patch
        .name
        .map(|n| n.as_deref().map(validate_name).transpose())
        .transpose()?;
    let phone = patch
        .phone
        .map(|p| p.as_deref().map(validate_phone).transpose())
        .transpose()?;
    if let Some(m) = &patch.metadata {
        reject_nul(m)?;
    }
    conn.transaction(async |conn| {
        let current = store::get_for_update(conn, scope, id)
            .await
            .map_err(Error::or_not_found(RESOURCE, id))?;
        let mut next = current.clone();
        if let Some(email) = email {
            next.email = email;
        }
        if let Some(name) = name {
            next.name = name;
        }
        if let Some(phone) = phone {
            next.phone = phone;
        }
        if let Some(patch) = patch.metadata {
            next.metadata = metadata::merge(&current.metadata, patch)?;
        }
        if next == current {
            return Ok(current);
        }
        let updated = store::update(conn, &next).await.map_err(duplicate_email)?;
        record_event(conn, scope, &Event::CustomerUpdated((&updated).into())).await?;
        Ok(updated)
    })
    .await
}

/// Blocks an active customer with a required `reason` (`409` with `current_status` when already blocked) and records
/// `customer.blocked`. The row is locked, so concurrent block/unblock calls serialise.
pub async fn block(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: CustomerId,
    reason: Option<&str>,
) -> Result<Customer, Error> {
    let reason = validate_reason(reason.ok_or_else(|| Error::invalid("reason", "is required"))?)?;
    transition(conn, scope, id, CustomerStatus::Blocked, Some(reason)).await
}

/// Unblocks a blocked customer (`409` when already active), clears the reason and records
/// `customer.unblocked`. An optional reason is validated but not stored (the row keeps only
/// the reason of a current block).
pub async fn unblock(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: CustomerId,
    reason: Option<&str>,
) -> Result<Customer, Error> {
    reason.map(validate_reason).transpose()?;
    transition(conn, scope, id, CustomerStatus::Active, None).await
}

async fn transition(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: CustomerId,
    to: CustomerStatus,
    reason: Option<String>,
) -> Result<Customer, Error> {
    conn.transaction(async |conn| {
        let current = store::get_for_update(conn, scope, id)
            .await
            .map_err(Error::or_not_found(RESOURCE, id))?;
        if current.status == to {
            return Err(Error::Conflict {
                resource: RESOURCE,
                id: id.to_string(),
                current_status: current.status.as_str().to_owned(),
                message: format!("The customer is already {}", current.status.as_str()),
            });
        }
        let mut next = current;
        next.status = to;
        next.blocked_reason = reason;
        let updated = store::update(conn, &next).await?;
        let data = (&updated).into();
        let event = match to {
            CustomerStatus::Blocked => Event::CustomerBlocked(data),
            CustomerStatus::Active => Event::CustomerUnblocked(data),
        };
        record_event(conn, scope, &event).await?;
        Ok(updated)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "rider@example.com",
            "Rider.One+tag@Example.co.uk",
            "a@b.de",
            " spaced@example.com ",
        ] {
            assert!(validate_email(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            validate_email("  Mixed@Example.COM ").ok().as_deref(),
            Some("Mixed@Example.COM")
        );
        let long = format!("{}@example.com", "a".repeat(250));
        for bad in [
            "",
            "plain",
            "@example.com",
            "rider@",
            "rider@localhost",
            "rider@exa mple.com",
            "ri der@example.com",
            "rider@example..com",
            "rider@-example.com",
            "rider\n@example.com",
            long.as_str(),
        ] {
            assert!(
                matches!(
                    validate_email(bad),
                    Err(Error::Invalid { field: "email", .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn names_phones_reasons() {
        assert!(validate_name("Ada Lovelace").is_ok());
        assert!(validate_name("").is_err());
        assert!(validate_name(&"x".repeat(201)).is_err());
        assert!(validate_name("bad\u{0}").is_err());
        for ok in ["+49 30 1234567", "(030) 123-4567", "112"] {
            assert!(validate_phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12",
            "call me",
            "+49 30 1234567 1234567 12345678901",
            "++491234",
        ] {
            assert!(validate_phone(bad).is_err(), "{bad}");
        }
        assert!(validate_reason("fraud").is_ok());
        assert!(validate_reason("  ").is_err());
        assert!(validate_reason(&"x".repeat(501)).is_err());
        assert!(validate_reason(&"x".repeat(500)).is_ok());
    }
}
