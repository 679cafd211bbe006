//! The OpenAPI document, derived from the same route table the server uses
//! ([`crate::routes::configure`]), plus security schemes and the error responses every
//! operation can give. `gateway openapi` prints it; CI checks `openapi/openapi.json` equals it.

use actix_web::App;
use serde::Deserialize;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoParams, OpenApi as _};
use utoipa_actix_web::AppExt;

use envelope::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError, Meta};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Fleetgate Partner API",
        description = "Partner API for shared vehicle fleets: scoped API keys, per-key rate limits, \
an audit trail and signed webhooks. Authenticate with `X-Partner-Api-Key: lf_pk_…` \
(or `Authorization: Bearer lf_pk_…`). Every response is an envelope with `meta.request_id`; \
errors carry `error.code`, `error.message` and `error.details`.",
        license(name = "Apache-2.0")
    ),
    components(schemas(
        ErrorEnvelope,
        ErrorBody,
        ErrorCode,
        FieldError,
        Meta,
        // Webhook event names and the data of each event (SPEC §9).
        fleet_domain::events::EventType,
        fleet_domain::events::VehicleStatusChanged,
        fleet_domain::events::CustomerEventData,
        fleet_domain::events::RideStateChanged,
        fleet_domain::events::RideEnded,
        webhooks::model::WebhookTestData,
        fleet_domain::events::VehicleBatteryLow,
        fleet_domain::events::VehicleLocationUpdated,
        fleet_domain::events::ZoneUpdated,
        fleet_domain::events::PricingUpdated,
        // What `GET /telematics/stream` sends as each `position` event's data.
        telematics::LivePosition,
    )),
    tags(
        (name = "Account", description = "The calling key"),
        (name = "Customers", description = "Riders, their status and the wallet row created with each"),
        (name = "Operations", description = "Health and readiness"),
        (name = "Wallet", description = "Customer wallets: balance, credits and debits, the ledger"),
        (name = "Vehicles", description = "Fleet vehicles: status, details, nearby search"),
        (name = "Zones", description = "Operating areas, parking, no-parking and slow-speed zones (GeoJSON)"),
        (name = "Pricing", description = "Pricing plans per subaccount and vehicle type"),
        (name = "Rides", description = "Start, pause, resume and end rides: priced with the plan in force at the start, charged to the wallet"),
        (name = "API keys", description = "Key self-service within the calling key's own permissions and reach"),
        (name = "Analytics", description = "Ended rides bucketed in the subaccount's time zone"),
        (name = "Management: Auth", description = "Management API (`/api/admin/v1`): operator sign-in and sessions. Send the session token as `Authorization: Bearer fgs_…`"),
        (name = "Management: Subaccounts", description = "Management API: the tenant's subaccounts"),
        (name = "Management: API keys", description = "Management API: every key of the tenant"),
        (name = "Management: Request logs", description = "Management API: the audit trail"),
        (name = "Management: Operators", description = "Management API: the tenant's operators (owners manage them)"),
        (name = "Management: Webhooks", description = "Management API: webhook endpoints of the whole tenant (same operations as the partner routes)"),
        (name = "Management: Fleet configuration", description = "Management API: zones and pricing plans of the whole tenant (same operations as the partner routes)"),
        (name = "Webhooks", description = "Signed event delivery to your endpoints (docs/webhooks.md)"),
        (name = "Telematics", description = "Ping ingest, live positions (SSE) and vehicle tracks"),
    )
)]
struct ApiDoc;

/// `X-Subaccount-Id`: selects one subaccount for a global key.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct SubaccountHeader {
    /// Narrows the request to one of the key's subaccounts (global keys).
    #[serde(rename = "X-Subaccount-Id")]
    #[param(value_type = uuid::Uuid, required = false)]
    #[allow(dead_code)]
    x_subaccount_id: Option<uuid::Uuid>,
}

/// The whole document.
pub fn document() -> OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    add_security_schemes(&mut doc);
    add_common_responses(&mut doc);
    add_idempotency(&mut doc);
    doc
}

/// The document as pretty JSON with a trailing newline (what `gateway openapi` prints).
pub fn document_json() -> Result<String, serde_json::Error> {
    document().to_pretty_json().map(|s| s + "\n")
}

fn add_security_schemes(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "api_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Partner-Api-Key",
            "Your API key, e.g. `lf_pk_…` (live) or `lf_tk_…` (test).",
        ))),
    );
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("The same API key as a Bearer token, or a short-lived signed token from `POST /auth/token`."))
                .build(),
        ),
    );
    components.add_security_scheme(
        "session",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "Management API: the operator session token from `POST /api/admin/v1/auth/login`.",
                ))
                .build(),
        ),
    );
}

/// Error responses shared by operations: (status, name, description, when it applies).
const COMMON: &[(&str, &str, &str)] = &[
    ("400", "ValidationError", "Invalid input (`VALIDATION_ERROR`, `details.fields` names each field)"),
    ("401", "Unauthorized", "Missing, invalid, revoked, expired or disabled key, token or operator session (`details.reason`)"),
    ("403", "Forbidden", "Missing permission, IP not allowed, tenant inactive or subaccount not allowed (`details.reason`)"),
    ("404", "NotFound", "Unknown id (ids of other tenants and subaccounts out of scope look the same)"),
    ("413", "PayloadTooLarge", "Body over the limit"),
    ("415", "UnsupportedMediaType", "Body without a JSON content type"),
    ("429", "RateLimitExceeded", "Rate limit exceeded (`Retry-After`, `details.window`, `details.retry_after`)"),
    ("500", "InternalError", "Unexpected failure; nothing internal is disclosed"),
    ("503", "ServiceUnavailable", "The database is unreachable"),
];

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .header(
            "X-Request-Id",
            HeaderBuilder::new()
                .description(Some("Equal to `meta.request_id`"))
                .build(),
        )
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
                .build(),
        )
        .build()
}

fn add_common_responses(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    for (_, name, description) in COMMON {
        components
            .responses
            .insert((*name).to_owned(), RefOr::T(error_response(description)));
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let authenticated = path.starts_with(crate::routes::PARTNER_BASE)
            || path.starts_with(crate::routes::admin::ADMIN_BASE);
        let ops: [&mut Option<Operation>; 5] = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            let has_body = op.request_body.is_some();
            for (status, name, _) in COMMON {
                let applies = match *status {
                    "400" | "404" | "401" | "403" | "429" | "503" => authenticated,
                    "413" | "415" => has_body,
                    _ => true,
                };
                if applies && !op.responses.responses.contains_key(*status) {
                    op.responses.responses.insert(
                        (*status).to_owned(),
                        RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))),
                    );
                }
            }
        }
    }
}

/// Every partner POST/PATCH/DELETE accepts `Idempotency-Key` (SPEC §6, the idempotency
/// middleware): documents the header and its 409/422 outcomes where an operation does not.
fn add_idempotency(doc: &mut OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    let header = crate::middleware::idempotency::IdempotencyKeyHeader::into_params(|| {
        Some(ParameterIn::Header)
    });
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with(crate::routes::PARTNER_BASE) {
            continue;
        }
        for op in [&mut item.post, &mut item.patch, &mut item.delete]
            .into_iter()
            .flatten()
        {
            let params = op.parameters.get_or_insert_with(Vec::new);
            if !params.iter().any(|p| p.name == "Idempotency-Key") {
                params.extend(header.iter().cloned());
            }
            for (status, description) in [
                ("409", "`IDEMPOTENCY_IN_PROGRESS`: a request with this Idempotency-Key is still running"),
                ("422", "`IDEMPOTENCY_KEY_REUSED`: the Idempotency-Key was used for a different request"),
            ] {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::T(error_response(description)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partner_operation_documents_auth_failures_and_security() {
        let doc = document();
        let mut seen = 0;
        for (path, item) in &doc.paths.paths {
            if !path.starts_with(crate::routes::PARTNER_BASE) {
                continue;
            }
            for op in [&item.get, &item.post, &item.patch, &item.delete]
                .into_iter()
                .flatten()
            {
                seen += 1;
                for status in ["401", "403", "429", "500"] {
                    assert!(
                        op.responses.responses.contains_key(status),
                        "{path} lacks {status}"
                    );
                }
                assert!(op.security.is_some(), "{path} lacks security");
            }
        }
        assert!(seen > 0);
    }
}
