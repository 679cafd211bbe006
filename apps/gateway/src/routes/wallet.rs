//! Customer wallets (SPEC §7, §8): balance, partner credits/debits, and the ledger.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{ApiError, PageParams};
use fleet_domain::customers::CustomerId;
use fleet_domain::{Permission, Window};
use wallet::{TransactionId, TransactionKind, Wallet, WalletAction, WalletTransaction};

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_wallet)
        .service(create_wallet_transaction)
        .service(list_wallet_transactions);
}

/// A customer's wallet.
#[derive(Debug, Serialize, ToSchema)]
pub struct WalletOut {
    pub customer_id: CustomerId,
    /// Equals the sum of the ledger. Negative only after a ride charge it did not cover.
    #[schema(example = 1250)]
    pub balance_cents: i64,
    /// ISO 4217.
    #[schema(example = "EUR")]
    pub currency: String,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Wallet> for WalletOut {
    fn from(w: Wallet) -> Self {
        Self {
            customer_id: w.customer_id,
            balance_cents: w.balance_cents,
            currency: w.currency,
            updated_at: w.updated_at,
        }
    }
}

/// One ledger entry. `credit` and `refund` add `amount_cents`, `debit` and `ride_charge`
/// subtract it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WalletTransactionOut {
    pub id: TransactionId,
    pub kind: TransactionKind,
    /// Always positive; `kind` gives the direction.
    #[schema(example = 2500)]
    pub amount_cents: i64,
    /// The balance right after this entry.
    #[schema(example = 3750)]
    pub balance_after_cents: i64,
    #[schema(example = "EUR")]
    pub currency: String,
    #[schema(example = "Top-up at the kiosk")]
    pub description: Option<String>,
    /// The ride of a `ride_charge` or `refund`.
    pub ride_id: Option<uuid::Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<WalletTransaction> for WalletTransactionOut {
    fn from(t: WalletTransaction) -> Self {
        Self {
            id: t.id,
            kind: t.kind,
            amount_cents: t.amount_cents,
            balance_after_cents: t.balance_after_cents,
            currency: t.currency,
            description: t.description,
            ride_id: t.ride_id,
            created_at: t.created_at,
        }
    }
}

/// A partner credit or debit.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"action": "credit", "amount_cents": 2500, "description": "Top-up at the kiosk"}))]
pub struct CreateWalletTransactionIn {
    /// `credit` adds to the balance; `debit` subtracts and fails with 409
    /// `INSUFFICIENT_FUNDS` when the balance does not cover it.
    #[schema(value_type = WalletAction, required = true)]
    pub action: Option<String>,
    /// 1 … 10 000 000.
    #[schema(value_type = i64, required = true, minimum = 1, maximum = 10000000, example = 2500)]
    pub amount_cents: Option<Value>,
    /// Up to 500 characters, shown in the ledger.
    #[schema(
        max_length = 500,
        example = "Top-up at the kiosk",
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub description: Option<String>,
}

/// The entry written and the balance after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WalletTransactionCreatedOut {
    pub transaction: WalletTransactionOut,
    #[schema(example = 3750)]
    pub balance_cents: i64,
}

/// The customer's balance.
///
/// Needs `wallet:read`; the balance in minor units of the subaccount's currency (it may be negative
/// after an uncovered ride). 404 for customers out of scope.
#[utoipa::path(
    tag = "Wallet",
    operation_id = "get_wallet",
    params(("id" = CustomerId, Path, description = "Customer id"), crate::extract::SubaccountHeader),
    responses(
        (status = 200, description = "The wallet", body = envelope::DataEnvelope<WalletOut>),
        (status = 404, description = "Unknown customer (or out of scope)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/customers/{id}/wallet")]
pub async fn get_wallet(
    auth: Auth,
    id: PathId<CustomerId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::WalletRead)?;
    let mut conn = state.pool.get().await?;
    let wallet = wallet::get_wallet(&mut conn, &auth.0.scope, id.into_inner()).await?;
    Ok(respond::ok(WalletOut::from(wallet)))
}

/// Credits or debits the wallet: one ledger entry, written atomically with the balance.
///
/// Needs `wallet:write`; `amount_cents` from 1 to 10 000 000. 409 `INSUFFICIENT_FUNDS` when a debit
/// exceeds the balance (nothing written); 404 for customers out of scope.
#[utoipa::path(
    tag = "Wallet",
    operation_id = "create_wallet_transaction",
    params(
        ("id" = CustomerId, Path, description = "Customer id"),
        crate::extract::SubaccountHeader,
        crate::middleware::idempotency::IdempotencyKeyHeader
    ),
    request_body = CreateWalletTransactionIn,
    responses(
        (status = 201, description = "The entry and the new balance", body = envelope::DataEnvelope<WalletTransactionCreatedOut>,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the stored outcome of an earlier request with the same Idempotency-Key"))),
        (status = 404, description = "Unknown customer (or out of scope)", body = envelope::ErrorEnvelope),
        (status = 409, description = "`INSUFFICIENT_FUNDS` (`details.balance_cents`, `details.required_cents`; nothing written) or `IDEMPOTENCY_IN_PROGRESS`", body = envelope::ErrorEnvelope),
        (status = 422, description = "`IDEMPOTENCY_KEY_REUSED`: the Idempotency-Key was used for a different request", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/customers/{id}/wallet")]
pub async fn create_wallet_transaction(
    auth: Auth,
    id: PathId<CustomerId>,
    body: web::Json<CreateWalletTransactionIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::WalletWrite)?;
    let body = body.into_inner();
    let action = match body.action.as_deref() {
        Some(raw) => wallet::model::parse_action(raw)?,
        None => return Err(ApiError::invalid_field("action", "is required").into()),
    };
    let amount = match body.amount_cents {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid_field("amount_cents", "is required").into())
        }
        Some(value) => value.as_i64().ok_or_else(|| {
            HttpError(ApiError::invalid_field(
                "amount_cents",
                "must be an integer between 1 and 10000000",
            ))
        })?,
    };
    let mut conn = state.pool.get().await?;
    let tx = wallet::apply_action(
        &mut conn,
        &auth.0.scope,
        id.into_inner(),
        action,
        amount,
        body.description.as_deref(),
    )
    .await?;
    Ok(respond::created(WalletTransactionCreatedOut {
        balance_cents: tx.balance_after_cents,
        transaction: tx.into(),
    }))
}

/// The ledger, newest first; page (`page`, `limit`) or cursor (`cursor`, `limit`) mode.
///
/// Needs `wallet:read`; each entry carries `balance_after_cents`. 404 for customers out of scope.
#[utoipa::path(
    tag = "Wallet",
    operation_id = "list_wallet_transactions",
    params(("id" = CustomerId, Path, description = "Customer id"), PageParams, crate::extract::SubaccountHeader),
    responses(
        (status = 200, description = "Ledger entries, newest first", body = envelope::ListEnvelope<WalletTransactionOut>),
        (status = 404, description = "Unknown customer (or out of scope)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/customers/{id}/wallet/transactions")]
pub async fn list_wallet_transactions(
    auth: Auth,
    id: PathId<CustomerId>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::WalletRead)?;
    let window = Window::from_request(&page.parse(true)?)?;
    let mut conn = state.pool.get().await?;
    let listing =
        wallet::list_transactions(&mut conn, &auth.0.scope, id.into_inner(), window).await?;
    Ok(respond::listing(listing, WalletTransactionOut::from))
}
