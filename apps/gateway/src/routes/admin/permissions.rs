//! The permission table and its level presets, as the dashboard's key form shows them.

use actix_web::{get, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use fleet_domain::{Permission, PermissionPreset, PermissionSet};

use crate::error::HttpError;
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_permissions);
}

/// One permission a key can hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct PermissionOut {
    pub permission: Permission,
    /// `vehicles` of `vehicles:read`.
    #[schema(example = "vehicles")]
    pub resource: &'static str,
}

/// A level preset and what it grants.
#[derive(Debug, Serialize, ToSchema)]
pub struct PermissionPresetOut {
    pub preset: PermissionPreset,
    #[schema(example = "Read only")]
    pub label: &'static str,
    pub permissions: PermissionSet,
}

/// Every permission (in canonical order) and the level presets.
#[derive(Debug, Serialize, ToSchema)]
pub struct PermissionCatalogOut {
    pub permissions: Vec<PermissionOut>,
    pub presets: Vec<PermissionPresetOut>,
    /// What a new key holds when none are given.
    pub defaults: PermissionSet,
}

/// The permission table: every permission a key can hold and the level presets (Read only,
/// Read-write, Admin).
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "list_permissions",
    responses((status = 200, description = "Permissions and presets", body = inline(envelope::DataEnvelope<PermissionCatalogOut>))),
    security(("session" = []))
)]
#[get("/permissions")]
pub async fn list_permissions(_auth: OperatorAuth) -> Result<HttpResponse, HttpError> {
    Ok(respond::ok(PermissionCatalogOut {
        permissions: Permission::ALL
            .iter()
            .map(|&p| PermissionOut {
                permission: p,
                resource: fleet_domain::preset::resource(p),
            })
            .collect(),
        presets: PermissionPreset::ALL
            .iter()
            .map(|&preset| PermissionPresetOut {
                preset,
                label: preset.label(),
                permissions: preset.permissions(),
            })
            .collect(),
        defaults: PermissionSet::defaults(),
    }))
}
