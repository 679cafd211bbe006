//! Customers (SPEC §7): list, read, create (with the wallet row), update, block, unblock.
//! Handlers are thin: the rules live in `fleet_domain::customers::service`.

use actix_web::error::JsonPayloadError;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::PageParams;
use fleet_domain::customers::{
    service, Customer, CustomerFilter, CustomerId, CustomerPatch, CustomerStatus, NewCustomer,
};
use fleet_domain::{Error, Permission, SubaccountId, Window};

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_customers)
        .service(create_customer)
        .service(get_customer)
        .service(update_customer)
        .service(block_customer)
        .service(unblock_customer);
}

/// A customer (rider).
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerOut {
    pub id: CustomerId,
    /// Sequential per tenant, from 1.
    #[schema(example = 12345)]
    pub customer_number: i64,
    /// As given at creation; unique per tenant ignoring case.
    #[schema(example = "ada@example.com")]
    pub email: String,
    #[schema(example = "Ada Lovelace")]
    pub name: Option<String>,
    #[schema(example = "+49 30 1234567")]
    pub phone: Option<String>,
    pub status: CustomerStatus,
    /// Why the customer is blocked (`null` when active).
    pub blocked_reason: Option<String>,
    pub subaccount_id: SubaccountId,
    /// Partner-set custom data: string values only.
    #[schema(value_type = Object, example = json!({"crm_id": "C-991"}))]
    pub metadata: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Customer> for CustomerOut {
    fn from(c: Customer) -> Self {
        Self {
            id: c.id,
            customer_number: c.customer_number,
            email: c.email,
            name: c.name,
            phone: c.phone,
            status: c.status,
            blocked_reason: c.blocked_reason,
            subaccount_id: c.subaccount_id,
            metadata: c.metadata,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A new customer. Its wallet is created with it (balance 0, the subaccount's currency).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"email": "ada@example.com", "name": "Ada Lovelace", "phone": "+49 30 1234567", "metadata": {"crm_id": "C-991"}}))]
pub struct CreateCustomerIn {
    /// Required; unique per tenant ignoring case (`409` otherwise).
    #[schema(value_type = String, required = true, format = Email, min_length = 3, max_length = 254)]
    pub email: Option<String>,
    #[schema(
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: Option<String>,
    #[schema(
        max_length = 32,
        pattern = "^\\s*\\+?([ ().-]*[0-9]){3}[0-9 ().-]*\\s*$"
    )]
    pub phone: Option<String>,
    /// At most 50 keys, string values of at most 500 characters.
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
    /// Required when the key reaches several subaccounts (or send `X-Subaccount-Id`).
    pub subaccount_id: Option<SubaccountId>,
}

/// A partial update: absent fields stay; `null` clears `name`/`phone`; `metadata` is a JSON
/// merge patch (a key set to `null` is removed).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "Ada King", "phone": null, "metadata": {"tier": "gold"}}))]
pub struct UpdateCustomerIn {
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>, format = Email, min_length = 3, max_length = 254)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 200, pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 32, pattern = "^\\s*\\+?([ ().-]*[0-9]){3}[0-9 ().-]*\\s*$")]
    pub phone: Option<Option<String>>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"reason": "Chargeback on the last top-up"}))]
pub struct BlockCustomerIn {
    /// Required, 1-500 characters.
    #[schema(value_type = String, required = true, min_length = 1, max_length = 500, pattern = "^[^\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]*$")]
    pub reason: Option<String>,
}

/// Optional body of an unblock.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UnblockCustomerIn {
    /// Optional note, 1-500 characters (validated, not stored).
    #[schema(
        max_length = 500,
        pattern = "^[^\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]*$"
    )]
    pub reason: Option<String>,
}

/// Filters of `GET /customers`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerListParams {
    /// Exact email, ignoring case.
    #[param(
        min_length = 1,
        max_length = 254,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub email: Option<String>,
    /// `active` or `blocked`.
    #[param(value_type = Option<CustomerStatus>)]
    pub status: Option<String>,
}

impl CustomerListParams {
    fn parse(&self) -> Result<CustomerFilter, Error> {
        Ok(CustomerFilter {
            email: self
                .email
                .as_deref()
                .map(service::validate_email_filter)
                .transpose()?,
            status: self
                .status
                .as_deref()
                .map(|s| {
                    s.parse::<CustomerStatus>()
                        .map_err(|_| Error::invalid("status", "must be active or blocked"))
                })
                .transpose()?,
        })
    }
}

/// An optional JSON body: empty or `null` means `T::default()`; otherwise it must be JSON.
fn optional_json<T: DeserializeOwned + Default>(
    req: &HttpRequest,
    body: &[u8],
) -> Result<T, actix_web::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let is_json = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        });
    if !is_json {
        return Err(crate::extract::json_error(
            JsonPayloadError::ContentType,
            req,
        ));
    }
    serde_json::from_slice::<Option<T>>(body)
        .map(Option::unwrap_or_default)
        .map_err(|e| crate::extract::json_error(JsonPayloadError::Deserialize(e), req))
}

/// The customers in the caller's scope, oldest first; filters `email` and `status`, page or
/// cursor pagination.
///
/// Needs `customers:read`. `email` matches exactly, ignoring case; 400 for an unknown `status`.
#[utoipa::path(
    tag = "Customers",
    operation_id = "list_customers",
    params(crate::extract::SubaccountHeader, CustomerListParams, PageParams),
    responses((status = 200, description = "A page of customers", body = envelope::ListEnvelope<CustomerOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/customers")]
pub async fn list_customers(
    auth: Auth,
    filter: web::Query<CustomerListParams>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::CustomersRead)?;
    let window = Window::from_request(&page.parse(true)?)?;
    let filter = filter.parse()?;
    let mut conn = state.pool.get().await?;
    let listing = service::list(&mut conn, &auth.0.scope, &filter, window).await?;
    Ok(respond::listing(listing, CustomerOut::from))
}

/// One customer.
///
/// Needs `customers:read`; 404 for unknown ids and ids out of scope alike.
#[utoipa::path(
    tag = "Customers",
    operation_id = "get_customer",
    params(("id" = uuid::Uuid, Path, description = "Customer id"), crate::extract::SubaccountHeader),
    responses((status = 200, description = "The customer", body = envelope::DataEnvelope<CustomerOut>)),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/customers/{id}")]
pub async fn get_customer(
    auth: Auth,
    PathId(id): PathId<CustomerId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::CustomersRead)?;
    let mut conn = state.pool.get().await?;
    let customer = service::get(&mut conn, &auth.0.scope, id).await?;
    Ok(respond::ok(CustomerOut::from(customer)))
}

/// Creates a customer with the next customer number, its wallet and a `customer.created`
/// event, atomically.
///
/// Needs `customers:write`; with a global key reaching several subaccounts, `X-Subaccount-Id` or
/// `subaccount_id` is required (400). 409 when a customer with this email exists.
#[utoipa::path(
    tag = "Customers",
    operation_id = "create_customer",
    params(crate::extract::SubaccountHeader),
    request_body = CreateCustomerIn,
    responses(
        (status = 201, description = "Created", body = envelope::DataEnvelope<CustomerOut>),
        (status = 409, description = "A customer with this email exists (`CONFLICT`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/customers")]
pub async fn create_customer(
    auth: Auth,
    body: web::Json<CreateCustomerIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::CustomersWrite)?;
    let body = body.into_inner();
    let new = NewCustomer {
        email: body.email,
        name: body.name,
        phone: body.phone,
        metadata: body.metadata,
        subaccount_id: body.subaccount_id,
    };
    let mut conn = state.pool.get().await?;
    let customer = service::create(&mut conn, &auth.0.scope, new).await?;
    Ok(respond::created(CustomerOut::from(customer)))
}

/// Updates email, name, phone or metadata; emits `customer.updated` when something changed.
///
/// Needs `customers:write`; fields not sent stay as they are, `metadata` is merged. 409 when the
/// email belongs to another customer; 404 for ids out of scope.
#[utoipa::path(
    tag = "Customers",
    operation_id = "update_customer",
    params(("id" = uuid::Uuid, Path, description = "Customer id"), crate::extract::SubaccountHeader),
    request_body = UpdateCustomerIn,
    responses(
        (status = 200, description = "The updated customer", body = envelope::DataEnvelope<CustomerOut>),
        (status = 409, description = "Another customer has this email (`CONFLICT`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[patch("/customers/{id}")]
pub async fn update_customer(
    auth: Auth,
    PathId(id): PathId<CustomerId>,
    body: web::Json<UpdateCustomerIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::CustomersWrite)?;
    let body = body.into_inner();
    let email = match body.email {
        Some(None) => return Err(Error::invalid("email", "cannot be null").into()),
        Some(Some(e)) => Some(e),
        None => None,
    };
    let patch = CustomerPatch {
        email,
        name: body.name,
        phone: body.phone,
        metadata: body.metadata,
    };
    let mut conn = state.pool.get().await?;
    let customer = service::update(&mut conn, &auth.0.scope, id, patch).await?;
    Ok(respond::ok(CustomerOut::from(customer)))
}

/// Blocks an active customer (they cannot start rides); emits `customer.blocked`.
///
/// Needs `customers:write`; an optional `reason` is kept on the customer. 409 when already blocked;
/// 404 for ids out of scope.
#[utoipa::path(
    tag = "Customers",
    operation_id = "block_customer",
    params(("id" = uuid::Uuid, Path, description = "Customer id"), crate::extract::SubaccountHeader),
    request_body = BlockCustomerIn,
    responses(
        (status = 200, description = "The blocked customer", body = envelope::DataEnvelope<CustomerOut>),
        (status = 409, description = "Already blocked (`CONFLICT`, `details.current_status`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/customers/{id}/block")]
pub async fn block_customer(
    auth: Auth,
    PathId(id): PathId<CustomerId>,
    body: web::Json<BlockCustomerIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::CustomersWrite)?;
    let mut conn = state.pool.get().await?;
    let customer = service::block(&mut conn, &auth.0.scope, id, body.reason.as_deref()).await?;
    Ok(respond::ok(CustomerOut::from(customer)))
}

/// Unblocks a blocked customer and clears the reason; emits `customer.unblocked`. The body
/// is optional.
///
/// Needs `customers:write`. 409 when the customer is already active; 404 for ids out of scope.
#[utoipa::path(
    tag = "Customers",
    operation_id = "unblock_customer",
    params(("id" = uuid::Uuid, Path, description = "Customer id"), crate::extract::SubaccountHeader),
    request_body(content = Option<UnblockCustomerIn>, description = "Optional", content_type = "application/json"),
    responses(
        (status = 200, description = "The active customer", body = envelope::DataEnvelope<CustomerOut>),
        (status = 409, description = "Already active (`CONFLICT`, `details.current_status`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/customers/{id}/unblock")]
pub async fn unblock_customer(
    auth: Auth,
    req: HttpRequest,
    PathId(id): PathId<CustomerId>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, actix_web::Error> {
    auth.0
        .require(Permission::CustomersWrite)
        .map_err(HttpError::from)?;
    let body: UnblockCustomerIn = optional_json(&req, &body)?;
    let mut conn = state.pool.get().await.map_err(HttpError::from)?;
    let customer = service::unblock(&mut conn, &auth.0.scope, id, body.reason.as_deref())
        .await
        .map_err(HttpError::from)?;
    Ok(respond::ok(CustomerOut::from(customer)))
}
