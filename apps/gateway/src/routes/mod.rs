//! HTTP routes, one module per resource; each exports `configure`.

pub mod admin;
pub mod analytics;
pub mod api_keys;
pub mod auth_token;
pub mod bench;
pub mod customers;
pub mod dashboard;
pub mod fallback;
pub mod gbfs;
pub mod health;
pub mod key_wire;
pub mod me;
pub mod pricing;
pub mod rides;
pub mod telematics;
pub mod vehicles;
pub mod wallet;
pub mod webhooks;
pub mod zones;

use actix_web::middleware::from_fn;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::middleware::auth::authenticate;
use crate::middleware::idempotency::idempotency;
use crate::middleware::request_log::request_log;
use crate::middleware::retry::RetryReads;

use crate::paths::PARTNER_BASE;

/// Every documented route. Used both to serve and to derive the OpenAPI document, so the
/// two cannot drift.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure);
    cfg.service(
        utoipa_actix_web::scope(PARTNER_BASE)
            .wrap(RetryReads)
            .wrap(from_fn(idempotency))
            .wrap(from_fn(authenticate))
            .wrap(from_fn(request_log))
            .configure(me::configure)
            .configure(customers::configure)
            .configure(wallet::configure)
            .configure(vehicles::configure)
            .configure(zones::configure)
            .configure(pricing::configure)
            .configure(rides::configure)
            .configure(auth_token::configure)
            .configure(api_keys::configure)
            .configure(analytics::configure)
            .configure(webhooks::configure)
            .configure(telematics::configure),
    );
    cfg.configure(admin::configure);
}
