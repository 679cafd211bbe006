//! Customer wallets: one balance per customer and an append-only ledger (`credit`, `debit`,
//! `ride_charge`, `refund`) whose entries carry the balance after them. The balance always
//! equals the sum of the ledger, under any concurrency: every write is one conditional
//! `UPDATE wallets … RETURNING` (the row lock serialises writers of one wallet) followed by the
//! ledger `INSERT` with the returned balance, in the same transaction. Reads and writes are
//! scoped like every tenant-data function ([`fleet_domain::Scope`]).

mod error;
pub mod model;
pub mod service;
pub mod store;

pub use error::Error;
pub use model::{
    Settlement, TransactionId, TransactionKind, Wallet, WalletAction, WalletTransaction,
    MAX_AMOUNT_CENTS, MAX_DESCRIPTION_CHARS,
};
pub use service::{apply_action, get_wallet, list_transactions, lock_wallet, refund, ride_charge};
