//! Wallet rules: scoped reads, partner credits and debits (each one transaction), and the
//! settlement entry points the rides domain calls inside its own transaction.
//!
//! Every balance change is one conditional `UPDATE wallets … RETURNING` followed by the ledger
//! `INSERT` carrying the returned balance, in one transaction: the row lock taken by the
//! update serialises concurrent writers of one wallet, so `balance_cents` equals the sum of
//! the ledger at every commit and each entry's `balance_after_cents` is exact.

use diesel_async::{AsyncConnection, AsyncPgConnection};

use fleet_domain::customers::CustomerId;
use fleet_domain::{Listing, RideId, Scope, SubaccountId, Window};

use crate::model::{
    validate_amount, validate_description, Settlement, TransactionId, TransactionKind, Wallet,
    WalletAction, WalletTransaction,
};
use crate::{store, Error};

/// The in-scope customer's wallet (`NotFound` for unknown or out-of-scope customers).
pub async fn get_wallet(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
) -> Result<Wallet, Error> {
    wallet(conn, scope, customer, false).await
}

/// The wallet, locked until the caller's transaction ends: for checks that must still hold at
/// commit (a ride start's "balance ≥ unlock price"). Call it inside a transaction.
pub async fn lock_wallet(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
) -> Result<Wallet, Error> {
    wallet(conn, scope, customer, true).await
}

async fn wallet(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    for_update: bool,
) -> Result<Wallet, Error> {
    store::find_wallet(conn, scope, customer, for_update)
        .await?
        .ok_or(Error::NotFound(customer))
}

/// The customer's ledger, **newest first** (ordered by `(created_at, id)` descending; per
/// wallet this is the reverse order of the balance changes). Page mode counts the entries;
/// cursor mode continues after the last entry of the previous page, so entries written while
/// a client walks the list never shift it.
pub async fn list_transactions(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    window: Window,
) -> Result<Listing<WalletTransaction>, Error> {
    // The wallet check, the rows and the total read one snapshot.
    db::read_snapshot(conn)
        .run(async |conn| transactions_in(conn, scope, customer, window).await)
        .await
}

/// [`list_transactions`] inside its snapshot.
async fn transactions_in(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    window: Window,
) -> Result<Listing<WalletTransaction>, Error> {
    get_wallet(conn, scope, customer).await?;
    let (limit, offset) = window.limit_offset();
    Ok(match window {
        Window::Page { page, limit: size } => {
            let rows = store::list_transactions(conn, scope, customer, None, limit, offset).await?;
            let total = store::count_transactions(conn, scope, customer).await?;
            Listing::from_page(rows, page, size, total)
        }
        Window::Cursor { after, limit: size } => {
            let rows =
                store::list_transactions(conn, scope, customer, after.as_ref(), limit, offset)
                    .await?;
            Listing::from_cursor_rows(rows, size, |r| (r.created_at, r.id.0))
        }
    })
}

/// A partner `credit` or `debit` (SPEC §7) of `amount_cents` (1 …
/// [`crate::MAX_AMOUNT_CENTS`]) with an optional description, validated, in one transaction.
/// Blocked customers can be credited; a debit fails with [`Error::InsufficientFunds`] and
/// writes nothing when the balance would go below zero.
pub async fn apply_action(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    action: WalletAction,
    amount_cents: i64,
    description: Option<&str>,
) -> Result<WalletTransaction, Error> {
    let amount = validate_amount(amount_cents)?;
    let description = validate_description(description)?;
    let entry = Entry {
        kind: match action {
            WalletAction::Credit => TransactionKind::Credit,
            WalletAction::Debit => TransactionKind::Debit,
        },
        amount,
        description: description.as_deref(),
        ride_id: None,
        allow_negative: false,
    };
    conn.transaction(async |conn| append(conn, scope, customer, &entry).await)
        .await
}

/// Settles a ride: charges `amount_cents` (≥ 0) to the wallet, **even when that leaves the
/// balance negative** (SPEC §8: `payment_status` `pending`). An amount of 0 writes nothing.
///
/// Opens no transaction: call it on the connection of the transaction that ends the ride, so
/// the charge and the ride end commit together. The wallet row stays locked until that
/// transaction ends.
pub async fn ride_charge(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    amount_cents: i64,
    ride_id: RideId,
) -> Result<Settlement, Error> {
    if amount_cents < 0 {
        return Err(Error::invalid("amount_cents", "must not be negative"));
    }
    if amount_cents == 0 {
        let wallet = get_wallet(conn, scope, customer).await?;
        return Ok(Settlement {
            transaction: None,
            balance_cents: wallet.balance_cents,
            covered: wallet.balance_cents >= 0,
        });
    }
    let entry = Entry {
        kind: TransactionKind::RideCharge,
        amount: amount_cents,
        description: Some("Ride charge"),
        ride_id: Some(ride_id),
        allow_negative: true,
    };
    let tx = append(conn, scope, customer, &entry).await?;
    Ok(Settlement {
        balance_cents: tx.balance_after_cents,
        covered: tx.balance_after_cents >= 0,
        transaction: Some(tx),
    })
}

/// Gives `amount_cents` (≥ 1) back, optionally for a ride, in one transaction (a savepoint
/// when called inside the caller's transaction).
pub async fn refund(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    amount_cents: i64,
    ride_id: Option<RideId>,
    description: Option<&str>,
) -> Result<WalletTransaction, Error> {
    if amount_cents < 1 {
        return Err(Error::invalid("amount_cents", "must be at least 1"));
    }
    let description = validate_description(description)?;
    let entry = Entry {
        kind: TransactionKind::Refund,
        amount: amount_cents,
        description: description.as_deref(),
        ride_id,
        allow_negative: true,
    };
    conn.transaction(async |conn| append(conn, scope, customer, &entry).await)
        .await
}

struct Entry<'a> {
    kind: TransactionKind,
    amount: i64,
    description: Option<&'a str>,
    ride_id: Option<RideId>,
    /// May the balance go below zero? Only settlements (and refunds, which add) may.
    allow_negative: bool,
}

/// The balance change and its ledger entry; must run inside a transaction.
async fn append(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    customer: CustomerId,
    entry: &Entry<'_>,
) -> Result<WalletTransaction, Error> {
    let delta = entry.kind.delta(entry.amount);
    let mut applied =
        store::apply_delta(conn, scope, customer, delta, entry.allow_negative).await?;
    if applied.is_none() {
        // Refused (or no wallet). Decide again on the locked row: a credit committed since
        // the update's check may now cover the amount, and a refusal must report a balance
        // that really did not cover it — the one it was refused on, not a later one.
        let Some(wallet) = store::find_wallet(conn, scope, customer, true).await? else {
            return Err(Error::NotFound(customer));
        };
        if wallet.balance_cents.saturating_add(delta) < 0 && !entry.allow_negative {
            return Err(Error::InsufficientFunds {
                balance_cents: wallet.balance_cents,
                required_cents: entry.amount,
            });
        }
        // The row is locked by this transaction: the guarded update holds.
        applied = store::apply_delta(conn, scope, customer, delta, entry.allow_negative).await?;
    }
    let Some(applied) = applied else {
        return Err(Error::NotFound(customer));
    };
    let tx = store::insert_transaction(
        conn,
        &WalletTransaction {
            id: TransactionId::new(),
            tenant_id: scope.tenant_id(),
            subaccount_id: SubaccountId(applied.subaccount_id),
            customer_id: customer,
            kind: entry.kind,
            amount_cents: entry.amount,
            balance_after_cents: applied.balance_cents,
            currency: applied.currency,
            description: entry.description.map(str::to_owned),
            ride_id: entry.ride_id.map(|r| r.0),
            created_at: applied.updated_at,
        },
    )
    .await?;
    Ok(tx)
}
