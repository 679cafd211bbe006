//! What the dashboard's forms offer, derived from the code: the permission table with its
//! level presets (key form) and the events an endpoint can subscribe to (webhook form).

use actix_web::{get, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use fleet_domain::{EventType, Permission, PermissionPreset, PermissionSet};

use crate::error::HttpError;
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_catalog);
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

/// Every permission (in canonical order), the level presets and the webhook events.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogOut {
    pub permissions: Vec<PermissionOut>,
    pub presets: Vec<PermissionPresetOut>,
    /// What a new key holds when none are given.
    pub default_permissions: PermissionSet,
    /// The events a webhook endpoint can subscribe to (`webhook.test` is sent by the test
    /// button only).
    pub webhook_events: Vec<EventType>,
}

/// The permission table (every permission a key can hold and the level presets Read only,
/// Read-write, Admin) and the events a webhook endpoint can subscribe to.
///
/// Any signed-in operator. What the dashboard's key and webhook forms offer; it changes only with
/// the server version.
#[utoipa::path(
    tag = "Management: API keys",
    operation_id = "get_catalog",
    responses((status = 200, description = "Permissions, presets and webhook events", body = envelope::DataEnvelope<CatalogOut>)),
    security(("session" = []))
)]
#[get("/catalog")]
pub async fn get_catalog(_auth: OperatorAuth) -> Result<HttpResponse, HttpError> {
    Ok(respond::ok(CatalogOut {
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
        default_permissions: PermissionSet::defaults(),
        webhook_events: EventType::ALL
            .into_iter()
            .filter(|e| *e != EventType::WebhookTest)
            .collect(),
    }))
}
