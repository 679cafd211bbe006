//! Wallet types: the wallet row, ledger entries, their kinds, and input validation.

use diesel::{Insertable, Queryable, Selectable};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use fleet_domain::customers::CustomerId;
use fleet_domain::{SubaccountId, TenantId};

use crate::Error;

fleet_domain::id_type!(
    /// One ledger entry.
    TransactionId
);

/// Largest amount of one partner credit or debit (SPEC §7): 100 000.00 in the currency.
pub const MAX_AMOUNT_CENTS: i64 = 10_000_000;
/// Longest ledger description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 500;

db::text_enum! {
    /// What a ledger entry did. `credit` and `refund` add to the balance, `debit` and
    /// `ride_charge` subtract; `amount_cents` is always positive.
    pub enum TransactionKind {
        Credit = "credit",
        Debit = "debit",
        RideCharge = "ride_charge",
        Refund = "refund",
    }
}

impl TransactionKind {
    /// The signed change of the balance for `amount` (> 0).
    pub fn delta(self, amount: i64) -> i64 {
        match self {
            TransactionKind::Credit | TransactionKind::Refund => amount,
            TransactionKind::Debit | TransactionKind::RideCharge => -amount,
        }
    }
}

db::text_enum! {
    /// What a partner may do to a wallet through the API.
    pub enum WalletAction {
        Credit = "credit",
        Debit = "debit",
    }
}

/// A customer's wallet.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = db::schema::wallets, check_for_backend(diesel::pg::Pg))]
pub struct Wallet {
    pub customer_id: CustomerId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    /// Equals the sum of the ledger; negative only after a ride charge it did not cover.
    pub balance_cents: i64,
    /// ISO 4217 code.
    pub currency: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// One ledger entry (as read, and as appended).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = db::schema::wallet_transactions, check_for_backend(diesel::pg::Pg))]
pub struct WalletTransaction {
    pub id: TransactionId,
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub customer_id: CustomerId,
    pub kind: TransactionKind,
    /// Always > 0; `kind` gives the sign.
    pub amount_cents: i64,
    /// The wallet balance right after this entry.
    pub balance_after_cents: i64,
    pub currency: String,
    pub description: Option<String>,
    /// The ride a `ride_charge` or `refund` belongs to.
    pub ride_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
}

/// The outcome of [`crate::ride_charge`].
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    /// The ledger entry; `None` when the amount was 0 (nothing to charge).
    pub transaction: Option<WalletTransaction>,
    /// The balance after the charge (may be negative).
    pub balance_cents: i64,
    /// Did the balance cover the charge (`payment_status = paid`)? `false` = the wallet was
    /// left negative (`pending`).
    pub covered: bool,
}

/// `amount_cents` of a partner credit/debit: 1 … [`MAX_AMOUNT_CENTS`].
pub fn validate_amount(amount: i64) -> Result<i64, Error> {
    if (1..=MAX_AMOUNT_CENTS).contains(&amount) {
        Ok(amount)
    } else {
        Err(Error::invalid(
            "amount_cents",
            format!("must be an integer between 1 and {MAX_AMOUNT_CENTS}"),
        ))
    }
}

/// A ledger description: trimmed, empty = none, at most [`MAX_DESCRIPTION_CHARS`] characters,
/// no control characters.
pub fn validate_description(description: Option<&str>) -> Result<Option<String>, Error> {
    let Some(text) = description.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid(
            "description",
            format!("must be at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(Error::invalid(
            "description",
            "must not contain control characters",
        ));
    }
    Ok(Some(text.to_owned()))
}

/// `action` of a partner request: `credit` or `debit`.
pub fn parse_action(action: &str) -> Result<WalletAction, Error> {
    action
        .parse()
        .map_err(|_| Error::invalid("action", "must be one of: credit, debit"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_sign_their_amount() {
        assert_eq!(TransactionKind::Credit.delta(5), 5);
        assert_eq!(TransactionKind::Refund.delta(5), 5);
        assert_eq!(TransactionKind::Debit.delta(5), -5);
        assert_eq!(TransactionKind::RideCharge.delta(5), -5);
    }

    #[test]
    fn amounts_descriptions_and_actions_are_validated() {
        for ok in [1, 500, MAX_AMOUNT_CENTS] {
            assert_eq!(validate_amount(ok).ok(), Some(ok));
        }
        for bad in [i64::MIN, -1, 0, MAX_AMOUNT_CENTS + 1] {
            assert!(matches!(
                validate_amount(bad),
                Err(Error::Invalid {
                    field: "amount_cents",
                    ..
                })
            ));
        }
        assert_eq!(validate_description(None).ok(), Some(None));
        assert_eq!(validate_description(Some("  ")).ok(), Some(None));
        assert_eq!(
            validate_description(Some(" Top-up ")).ok(),
            Some(Some("Top-up".to_owned()))
        );
        let max = "é".repeat(MAX_DESCRIPTION_CHARS);
        assert!(validate_description(Some(&max)).is_ok());
        for bad in [format!("{max}x"), "a\u{0}b".to_owned(), "a\nb".to_owned()] {
            assert!(matches!(
                validate_description(Some(&bad)),
                Err(Error::Invalid {
                    field: "description",
                    ..
                })
            ));
        }
        assert_eq!(parse_action("credit").ok(), Some(WalletAction::Credit));
        assert_eq!(parse_action("debit").ok(), Some(WalletAction::Debit));
        for bad in ["refund", "ride_charge", "CREDIT", ""] {
            assert!(matches!(
                parse_action(bad),
                Err(Error::Invalid {
                    field: "action",
                    ..
                })
            ));
        }
    }
}
