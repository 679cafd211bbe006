//! Operators of the tenant: everyone may list; only owners invite and remove.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{PageParams, PageRequest};
use fleet_domain::{Listing, OperatorId};
use keys::operators::{NewOperator, Role};

use crate::error::HttpError;
use crate::extract::PathId;
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;
use crate::routes::admin::auth::OperatorOut;
use crate::routes::key_wire::DeletedOut;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_operators)
        .service(create_operator)
        .service(update_operator)
        .service(delete_operator);
}

/// A new operator. Without `password` one is generated and returned once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "new.ops@example.com", "name": "Alex Doe", "role": "viewer"}))]
pub struct CreateOperatorIn {
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub name: String,
    pub role: Role,
    /// 12–256 characters; absent = generated.
    #[schema(min_length = 12, max_length = 256)]
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedOperatorOut {
    pub operator: OperatorOut,
    /// The generated password, shown once (absent when one was given).
    pub initial_password: Option<String>,
}

/// The tenant's operators, oldest first.
///
/// Any signed-in operator. Password hashes are never returned.
#[utoipa::path(
    tag = "Management: Operators",
    operation_id = "list_operators",
    params(envelope::PageOnlyParams),
    responses((status = 200, description = "Operators", body = envelope::ListEnvelope<OperatorOut>)),
    security(("session" = []))
)]
#[get("/operators")]
pub async fn list_operators(
    auth: OperatorAuth,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let (page, limit) = match page.parse(false)? {
        PageRequest::Page { page, limit } => (page, limit),
        PageRequest::Cursor { limit, .. } => (1, limit),
    };
    let mut conn = state.pool.get().await?;
    let (rows, total) = keys::operators::service::list_operators(
        &mut conn,
        auth.0.tenant.id,
        i64::from(limit),
        i64::from(page - 1) * i64::from(limit),
    )
    .await?;
    Ok(respond::listing(
        Listing::from_page(rows, page, limit, total),
        |op| OperatorOut::from(&op),
    ))
}

/// Invites an operator (owner only).
///
/// Needs the owner role (403 otherwise). 409 when an operator with this email exists; 400 names
/// each invalid field.
#[utoipa::path(
    tag = "Management: Operators",
    operation_id = "create_operator",
    request_body = CreateOperatorIn,
    responses(
        (status = 201, description = "Created", body = envelope::DataEnvelope<CreatedOperatorOut>),
        (status = 409, description = "An operator with this email exists", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[post("/operators")]
pub async fn create_operator(
    auth: OperatorAuth,
    body: web::Json<CreateOperatorIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Owner)?;
    let body = body.into_inner();
    let (password, generated) = match body.password {
        Some(p) => (p, None),
        None => {
            let p = keys::secret::random_alphanumeric(20).map_err(crate::error::internal)?;
            (p.clone(), Some(p))
        }
    };
    let mut conn = state.pool.get().await?;
    let op = keys::operators::service::create_operator(
        &mut conn,
        auth.0.tenant.id,
        NewOperator {
            email: body.email,
            name: body.name,
            role: body.role,
            password,
        },
    )
    .await?;
    Ok(respond::created(CreatedOperatorOut {
        operator: OperatorOut::from(&op),
        initial_password: generated,
    }))
}

/// A role change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "admin"}))]
pub struct UpdateOperatorIn {
    pub role: Role,
}

/// Changes an operator's role (owner only; the account keeps at least one owner).
///
/// Needs the owner role. 409 when it would demote the tenant's last owner; 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Operators",
    operation_id = "update_operator",
    params(("id" = String, Path, description = "The operator id.")),
    request_body = UpdateOperatorIn,
    responses(
        (status = 200, description = "The operator with the new role", body = envelope::DataEnvelope<OperatorOut>),
        (status = 409, description = "The last owner cannot stop being owner", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[patch("/operators/{id}")]
pub async fn update_operator(
    auth: OperatorAuth,
    PathId(id): PathId<OperatorId>,
    body: web::Json<UpdateOperatorIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Owner)?;
    let mut conn = state.pool.get().await?;
    let op =
        keys::operators::service::change_role(&mut conn, auth.0.tenant.id, id, body.role).await?;
    Ok(respond::ok(OperatorOut::from(&op)))
}

/// Removes an operator and ends their sessions (owner only; not the last owner).
///
/// Needs the owner role. 409 when it would remove the tenant's last owner; 404 for unknown ids.
#[utoipa::path(
    tag = "Management: Operators",
    operation_id = "delete_operator",
    params(("id" = String, Path, description = "The operator id.")),
    responses(
        (status = 200, description = "Removed", body = envelope::DataEnvelope<DeletedOut>),
        (status = 409, description = "The last owner cannot be removed", body = envelope::ErrorEnvelope),
    ),
    security(("session" = []))
)]
#[delete("/operators/{id}")]
pub async fn delete_operator(
    auth: OperatorAuth,
    PathId(id): PathId<OperatorId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Owner)?;
    let mut conn = state.pool.get().await?;
    keys::operators::service::remove_operator(&mut conn, auth.0.tenant.id, id).await?;
    Ok(respond::ok(DeletedOut {
        id: id.0,
        deleted: true,
    }))
}
