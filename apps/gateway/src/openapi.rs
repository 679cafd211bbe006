//! The OpenAPI document, derived from the same route table the server uses
//! ([`crate::routes::configure`]), plus security schemes and the error responses every
//! operation can give. `gateway openapi` prints it; CI checks `openapi/openapi.json` equals it.

use actix_web::App;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoParams, OpenApi as _};
use utoipa_actix_web::AppExt;

use envelope::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError, Meta};

use crate::paths::{ADMIN_BASE, PARTNER_BASE};

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

/// The whole document.
pub fn document() -> OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc.servers = Some(vec![utoipa::openapi::ServerBuilder::new()
        .url("http://127.0.0.1:8080")
        .description(Some("A local `gateway serve` (`BIND_ADDR` default)"))
        .build()]);
    add_security_schemes(&mut doc);
    add_open_security(&mut doc);
    add_common_responses(&mut doc);
    add_success_headers(&mut doc);
    add_idempotency(&mut doc);
    add_event_stream(&mut doc);
    add_webhooks(&mut doc);
    doc
}

/// Operations outside the partner and management APIs (health, readiness, metrics) need no
/// credentials: `security: []` says so explicitly.
fn add_open_security(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        if path.starts_with(PARTNER_BASE) || path.starts_with(ADMIN_BASE) {
            continue;
        }
        for op in operations(item) {
            op.security.get_or_insert_with(Vec::new);
        }
    }
}

fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.post,
        &mut item.put,
        &mut item.patch,
        &mut item.delete,
    ]
    .into_iter()
    .flatten()
}

fn header(
    description: &str,
    schema: utoipa::openapi::schema::Object,
) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .description(Some(description))
        .schema(schema)
        .build()
}

fn string_header(description: &str) -> utoipa::openapi::header::Header {
    header(
        description,
        utoipa::openapi::schema::Object::with_type(utoipa::openapi::Type::String),
    )
}

/// The headers every answer of an authenticated operation carries (the rate-limit headers are
/// set by the authentication middleware for every key it admitted), `X-Request-Id` on all,
/// `Retry-After` on 429 and 503.
fn add_success_headers(doc: &mut OpenApi) {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat};
    use utoipa::openapi::Type;
    let int = || {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .build()
    };
    let date_time = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .build()
    };
    let request_id = string_header("Equal to `meta.request_id`");
    let rate_limit: Vec<(&str, utoipa::openapi::header::Header)> = vec![
        (
            "X-RateLimit-Limit",
            header(
                "Requests allowed in the window closest to exhaustion",
                int(),
            ),
        ),
        (
            "X-RateLimit-Remaining",
            header("Requests left in that window", int()),
        ),
        (
            "X-RateLimit-Reset",
            header("When that window resets (RFC 3339, UTC)", date_time()),
        ),
        (
            "RateLimit-Policy",
            string_header("Every window of the key (IETF draft): `\"minute\";q=600;w=60, …`"),
        ),
        (
            "RateLimit",
            string_header("The tightest window (IETF draft): `\"minute\";r=599;t=42`"),
        ),
    ];
    let components = doc.components.get_or_insert_with(Default::default);
    for (status, name, _) in COMMON {
        if matches!(*status, "429" | "503") {
            if let Some(RefOr::T(response)) = components.responses.get_mut(*name) {
                response.headers.insert(
                    "Retry-After".to_owned(),
                    header("Seconds to wait before retrying", int()),
                );
            }
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let partner = path.starts_with(PARTNER_BASE);
        for op in operations(item) {
            for (status, response) in op.responses.responses.iter_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                response
                    .headers
                    .entry("X-Request-Id".to_owned())
                    .or_insert_with(|| request_id.clone());
                if partner && status.starts_with('2') {
                    for (name, h) in &rate_limit {
                        response
                            .headers
                            .entry((*name).to_owned())
                            .or_insert_with(|| h.clone());
                    }
                }
            }
        }
    }
}

/// `GET /telematics/stream`: the `text/event-stream` body described as its frames.
fn add_event_stream(doc: &mut OpenApi) {
    use utoipa::openapi::schema::ObjectBuilder;
    use utoipa::openapi::Type;
    for item in doc.paths.paths.values_mut() {
        for op in operations(item) {
            for response in op.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                // The body is text (generators read it as such); its frames are the
                // `PositionStreamEvent` schema, named in the description.
                if let Some(content) = response.content.get_mut("text/event-stream") {
                    content.schema = Some(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .description(Some(
                                "Server-Sent Events: each frame as `PositionStreamEvent` \
                                 (`#/components/schemas/PositionStreamEvent`) describes.",
                            ))
                            .into(),
                    );
                }
            }
        }
    }
}

/// OpenAPI 3.1 `webhooks`: one entry per event with its payload schema and signature headers.
/// utoipa 5 has no field for them; its `Extensions` are flattened into the document root, so
/// the section is added there.
fn add_webhooks(doc: &mut OpenApi) {
    use fleet_domain::events::EventType;
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat};
    use utoipa::openapi::Type;
    let components = doc.components.get_or_insert_with(Default::default);
    let mut hooks = serde_json::Map::new();
    for event in EventType::ALL {
        let name = event.as_str();
        let data = match event {
            EventType::RideStarted | EventType::RidePaused | EventType::RideResumed => {
                "RideStateChanged"
            }
            EventType::RideEnded => "RideEnded",
            EventType::CustomerCreated
            | EventType::CustomerUpdated
            | EventType::CustomerBlocked
            | EventType::CustomerUnblocked => "CustomerEventData",
            EventType::VehicleStatusChanged => "VehicleStatusChanged",
            EventType::VehicleBatteryLow => "VehicleBatteryLow",
            EventType::VehicleLocationUpdated => "VehicleLocationUpdated",
            EventType::ZoneUpdated => "ZoneUpdated",
            EventType::PricingUpdated => "PricingUpdated",
            EventType::WebhookTest => "WebhookTestData",
        };
        let schema_name = format!(
            "{}Event",
            name.split(['.', '_'])
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                        .unwrap_or_default()
                })
                .collect::<String>()
        );
        let payload = ObjectBuilder::new()
            .description(Some(format!("The body of a `{name}` delivery.")))
            .property(
                "event",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([name])),
            )
            .required("event")
            .property(
                "event_id",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some(
                        "The same on every attempt and resend of one event: dedupe on it.",
                    ))
                    .examples([serde_json::json!("evt_0193e0b5c2a87f3b9d4e5f60718293a4")]),
            )
            .required("event_id")
            .property(
                "timestamp",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
                    .description(Some("When the event happened (RFC 3339, UTC).")),
            )
            .required("timestamp")
            .property("data", Ref::from_schema_name(data))
            .required("data");
        components
            .schemas
            .insert(schema_name.clone(), payload.into());
        hooks.insert(name.to_owned(), serde_json::json!({
            "post": {
                "tags": ["Webhooks"],
                "operationId": format!("webhook_{}", name.replace('.', "_")),
                "summary": format!("`{name}` delivered to your endpoint"),
                "description": "Sent as an HTTP POST to every active endpoint subscribed to the event. Verify `X-Levy-Signature` (or the Standard Webhooks `webhook-*` headers) over the raw body before parsing (docs/webhooks.md). Any 2xx acknowledges; anything else, or no answer in time, is retried.",
                "security": [],
                "parameters": webhook_headers(name),
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema_name}")}}}},
                "responses": {"2XX": {"description": "Received: the delivery is done"}}
            }
        }));
    }
    let position = ObjectBuilder::new()
        .description(Some(
            "One Server-Sent Events frame of `GET /telematics/stream`: `event: position` with a \
             JSON `LivePosition` as `data`; `event: dropped` before the server ends a stream \
             that fell behind; `event: end` when `max_seconds` is reached. Idle streams get a \
             `: heartbeat` comment every 15 s.",
        ))
        .property(
            "event",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["position", "dropped", "end"])),
        )
        .required("event")
        .property("data", Ref::from_schema_name("LivePosition"))
        .required("data");
    components
        .schemas
        .insert("PositionStreamEvent".to_owned(), position.into());
    doc.extensions
        .get_or_insert_with(Default::default)
        .insert("webhooks".to_owned(), serde_json::Value::Object(hooks));
}

fn webhook_headers(event: &str) -> serde_json::Value {
    let h = |name: &str, description: &str, example: &str| serde_json::json!({"name": name, "in": "header", "required": true, "description": description, "schema": {"type": "string"}, "example": example});
    serde_json::json!([
        h("X-Levy-Signature", "`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>`, keyed with the whole `whsec_…` secret; one `v1=` per secret during a rotation (new first).", "t=1736937000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"),
        h("X-Levy-Event", "The event name.", event),
        h("X-Levy-Delivery", "The delivery id (per endpoint, stable across attempts).", "0193e0b5-c2a8-7f3b-9d4e-5f60718293a4"),
        h("webhook-id", "Standard Webhooks: the `event_id`.", "evt_0193e0b5c2a87f3b9d4e5f60718293a4"),
        h("webhook-timestamp", "Standard Webhooks: unix seconds.", "1736937000"),
        h("webhook-signature", "Standard Webhooks: `v1,<base64 HMAC-SHA256(base64-decoded secret after whsec_, \"<id>.<timestamp>.<body>\")>`, space-separated during a rotation.", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="),
    ])
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
        let authenticated = path.starts_with(PARTNER_BASE) || path.starts_with(ADMIN_BASE);
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
    let replayed = string_header(
        "`true` when this is the stored outcome of an earlier request with the same Idempotency-Key",
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with(PARTNER_BASE) {
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
            for (status, response) in op.responses.responses.iter_mut() {
                if let RefOr::T(response) = response {
                    if status.starts_with('2') {
                        response
                            .headers
                            .entry("Idempotent-Replayed".to_owned())
                            .or_insert_with(|| replayed.clone());
                    }
                }
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
    use serde_json::Value;

    fn document_value() -> Value {
        match serde_json::to_value(document()) {
            Ok(doc) => doc,
            Err(e) => panic!("document as JSON: {e}"),
        }
    }

    fn entries(value: &Value) -> impl Iterator<Item = (&String, &Value)> {
        value.as_object().into_iter().flatten()
    }

    /// `#/components/schemas/X` -> `X`.
    fn schema_ref(schema: &Value) -> Option<&str> {
        schema
            .get("$ref")?
            .as_str()?
            .strip_prefix("#/components/schemas/")
    }

    /// Every JSON body of every response (present and future routes alike) is a `$ref` to a
    /// named schema, and an envelope's `data` is a `$ref` to a named schema (or an array of
    /// them): generated clients then get one type per wire type instead of a copy per operation.
    #[test]
    fn every_response_body_and_its_data_is_a_named_schema() {
        let doc = document_value();
        let schemas = &doc["components"]["schemas"];
        let named = |at: &str, schema: &Value| -> String {
            let name = schema_ref(schema)
                .unwrap_or_else(|| panic!("{at}: inline schema {schema}"))
                .to_owned();
            assert!(schemas[&name].is_object(), "{at}: $ref to unknown {name}");
            name
        };
        let mut envelopes = 0;
        for (path, item) in entries(&doc["paths"]) {
            for (method, op) in entries(item) {
                let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                    continue;
                };
                for (status, response) in responses {
                    let Some(content) = response.get("content").and_then(Value::as_object) else {
                        continue;
                    };
                    for (media, body) in content {
                        if !media.contains("json") {
                            continue;
                        }
                        let at = format!("{method} {path} {status} {media}");
                        let name = named(&at, &body["schema"]);
                        let Some(data) = schemas[&name].pointer("/properties/data") else {
                            continue;
                        };
                        envelopes += 1;
                        let data = match data.get("type") {
                            Some(t) if t == "array" => &data["items"],
                            _ => data,
                        };
                        named(&format!("{at} ({name}.data)"), data);
                    }
                }
            }
        }
        assert!(envelopes > 50, "only {envelopes} envelopes seen");
    }

    /// Every operation (routes and webhooks, present and future) has a summary and a separate
    /// description (the paragraphs after the first of its doc comment), and every parameter a
    /// description: generated SDKs and Swagger UI show them.
    #[test]
    fn every_operation_and_parameter_is_described() {
        let doc = document_value();
        let text = |v: &Value| v.as_str().map(str::trim).unwrap_or_default().to_owned();
        let mut operations = 0;
        for section in ["paths", "webhooks"] {
            for (path, item) in entries(&doc[section]) {
                for (method, op) in entries(item) {
                    let at = format!("{section}: {method} {path}");
                    operations += 1;
                    let summary = text(&op["summary"]);
                    let description = text(&op["description"]);
                    assert!(!summary.is_empty(), "{at}: no summary");
                    assert!(
                        !description.is_empty() && description != summary,
                        "{at}: no description (a `///` paragraph after the summary)"
                    );
                    for param in op["parameters"].as_array().into_iter().flatten() {
                        assert!(
                            !text(&param["description"]).is_empty(),
                            "{at}: parameter {} has no description",
                            param["name"]
                        );
                    }
                }
            }
        }
        assert!(operations > 90, "only {operations} operations seen");
    }

    #[test]
    fn every_partner_operation_documents_auth_failures_and_security() {
        let doc = document();
        let mut seen = 0;
        for (path, item) in &doc.paths.paths {
            if !path.starts_with(PARTNER_BASE) {
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

    #[test]
    fn webhooks_section_has_every_event_with_signature_headers_and_open_ops_say_so() {
        let doc = document_value();
        for event in fleet_domain::events::EventType::ALL {
            let post = &doc["webhooks"][event.as_str()]["post"];
            let body = post
                .pointer("/requestBody/content/application~1json/schema")
                .and_then(schema_ref)
                .unwrap_or_else(|| panic!("{}: no payload $ref", event.as_str()));
            let data = &doc["components"]["schemas"][body]["properties"]["data"];
            let data = schema_ref(data).unwrap_or_else(|| panic!("{body}.data is no $ref"));
            assert!(doc["components"]["schemas"][data].is_object(), "{data}");
            let names: Vec<&str> = post["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str())
                .collect();
            for h in [
                "X-Levy-Signature",
                "webhook-id",
                "webhook-timestamp",
                "webhook-signature",
            ] {
                assert!(names.contains(&h), "{} lacks {h}", event.as_str());
            }
        }
        for path in ["/healthz", "/readyz", "/metrics"] {
            assert_eq!(
                doc["paths"][path]["get"]["security"],
                serde_json::json!([]),
                "{path}"
            );
        }
        assert!(doc["servers"][0]["url"].is_string());
    }
}
