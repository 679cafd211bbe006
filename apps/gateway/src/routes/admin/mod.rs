//! The management API (`/api/admin/v1`) for operators: sign-in and sessions, subaccounts,
//! API keys and webhook endpoints of the whole tenant, the request log and operators. Roles: `viewer` reads,
//! `admin` also writes, `owner` also manages operators. Every request is in the request log
//! with the operator as actor.

pub mod api_keys;
pub mod auth;
pub mod catalog;
pub mod fleet;
pub mod gbfs;
pub mod operators;
pub mod request_logs;
pub mod subaccounts;
pub mod usage;
pub mod webhooks;

use actix_web::middleware::from_fn;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::middleware::operator_auth::operator_auth;
use crate::middleware::request_log::request_log;

use crate::paths::ADMIN_BASE;

/// The management scope, wrapped in operator authentication and the request log.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope(ADMIN_BASE)
            .wrap(crate::middleware::retry::RetryReads)
            .wrap(from_fn(operator_auth))
            .wrap(from_fn(request_log))
            .configure(auth::configure)
            .configure(subaccounts::configure)
            .configure(api_keys::configure)
            .configure(request_logs::configure)
            .configure(operators::configure)
            .configure(catalog::configure)
            .configure(usage::configure)
            .configure(webhooks::configure)
            .configure(fleet::configure)
            .configure(gbfs::configure),
    );
}
