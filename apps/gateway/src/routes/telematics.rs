//! Telematics (SPEC §10): `POST /telematics/pings` (one ping or a batch of up to 1 000, body
//! limit 5 MiB), `GET /telematics/stream` (Server-Sent Events of live positions) and
//! `GET /vehicles/{id}/track` (the down-sampled archive, page or cursor).
//!
//! The SSE framing is written here over `HttpResponse::streaming` (a few lines: `event:` /
//! `data:` / comment heartbeats) rather than pulling in `actix-web-lab` for it.

use std::convert::Infallible;
use std::time::Duration;

use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{get, post, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use envelope::{ApiError, DataEnvelope, ErrorCode, PageParams};
use fleet_domain::pagination::Window;
use fleet_domain::vehicles::VehicleId;
use fleet_domain::{Error as DomainError, Permission, SubaccountId};
use telematics::live::{Next, Subscription};
use telematics::model::{LivePosition, RejectCode};

use crate::error::HttpError;
use crate::extract::{Auth, PathId};
use crate::respond;
use crate::state::AppState;

/// Body limit of `POST /telematics/pings` (SPEC §3), instead of the default 1 MiB.
pub const PINGS_BODY_LIMIT: usize = 5 * 1024 * 1024;
/// Longest `max_seconds` of a live stream.
pub const MAX_STREAM_SECONDS: u64 = 86_400;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(ingest_pings)
        .service(stream_positions)
        .service(get_vehicle_track);
}

// ---- wire types ---------------------------------------------------------------------------

/// A timestamp: RFC 3339 text or epoch milliseconds.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum PingTs {
    #[schema(example = "2026-12-01T10:15:30.250Z")]
    Rfc3339(String),
    #[schema(example = 1_796_120_130_250_i64)]
    EpochMillis(i64),
}

/// One ping. The camelCase names `vehicleId`, `deviceId`, `speedKph`, `headingDeg`,
/// `accuracyM`, `batteryPercent` (and `tenantId`) are accepted too. Give `vehicle_id` or a
/// registered `device_id` (or both, naming the same vehicle).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PingIn {
    pub vehicle_id: Option<uuid::Uuid>,
    #[schema(example = "imei:356938035643809", max_length = 64)]
    pub device_id: Option<String>,
    /// Optional; when present it must be the key's tenant, or the ping is rejected.
    pub tenant_id: Option<uuid::Uuid>,
    /// Device time, at most 5 minutes ahead of the server clock.
    pub ts: PingTs,
    #[schema(example = 52.520008, minimum = -90, maximum = 90)]
    pub lat: f64,
    #[schema(example = 13.404954, minimum = -180, maximum = 180)]
    pub lng: f64,
    #[schema(example = 18.5, minimum = 0, maximum = 1000)]
    pub speed_kph: Option<f64>,
    #[schema(example = 270, minimum = 0, maximum = 360)]
    pub heading_deg: Option<f64>,
    pub ignition: Option<bool>,
    #[schema(example = 4.5, minimum = 0, maximum = 100000)]
    pub accuracy_m: Option<f64>,
    #[schema(example = 76, minimum = 0, maximum = 100)]
    pub battery_percent: Option<f64>,
    /// Device events (`a-z`, `0-9`, `_`; at most 16); such pings are always archived.
    #[schema(example = json!(["harsh_brake"]))]
    pub events: Option<Vec<String>>,
}

/// Up to 1 000 pings.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PingBatchIn {
    #[schema(min_items = 1, max_items = 1000)]
    pub pings: Vec<PingIn>,
}

/// One ping or a batch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum PingsIn {
    Batch(PingBatchIn),
    Single(PingIn),
}

/// A rejected ping.
#[derive(Debug, Serialize, ToSchema)]
pub struct RejectionOut {
    /// Index in `pings` (0 for a single ping).
    #[schema(example = 3)]
    pub index: usize,
    pub code: RejectCode,
    #[schema(example = "lat")]
    pub field: Option<String>,
    #[schema(example = "must be between -90 and 90")]
    pub message: String,
}

/// The outcome of an ingest.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestOut {
    /// Pings stored.
    #[schema(example = 999)]
    pub accepted: usize,
    /// The others, by index.
    pub rejected: Vec<RejectionOut>,
}

impl From<telematics::IngestOutcome> for IngestOut {
    fn from(o: telematics::IngestOutcome) -> Self {
        Self {
            accepted: o.accepted,
            rejected: o
                .rejected
                .into_iter()
                .map(|r| RejectionOut {
                    index: r.index,
                    code: r.code,
                    field: r.field.map(str::to_owned),
                    message: r.message,
                })
                .collect(),
        }
    }
}

/// One archived position.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackPointOut {
    pub id: uuid::Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub ts: OffsetDateTime,
    #[schema(example = 52.520008)]
    pub lat: f64,
    #[schema(example = 13.404954)]
    pub lng: f64,
    pub speed_kph: Option<f32>,
    pub heading_deg: Option<f32>,
    pub ignition: Option<bool>,
    pub accuracy_m: Option<f32>,
    pub battery_percent: Option<i16>,
    /// Device events of the ping (empty for most).
    pub events: Vec<String>,
}

impl From<telematics::TrackPoint> for TrackPointOut {
    fn from(p: telematics::TrackPoint) -> Self {
        Self {
            id: p.id,
            ts: p.ts,
            lat: p.latitude,
            lng: p.longitude,
            speed_kph: p.speed_kph,
            heading_deg: p.heading_deg,
            ignition: p.ignition,
            accuracy_m: p.accuracy_m,
            battery_percent: p.battery_percent,
            events: p.events.unwrap_or_default(),
        }
    }
}

// ---- ingest -------------------------------------------------------------------------------

/// Ingest pings: one ping object or `{"pings": [...]}` of up to 1 000 (body ≤ 5 MiB). Each
/// ping is validated on its own; the valid ones are stored (in one transaction with the
/// events they cause) and the others reported by index. The vehicle's last position,
/// battery and `last_seen_at` move only for pings newer than the current ones.
///
/// Needs `telematics:write`; answers 202 with the accepted count and the rejections by index. 400
/// only when the body as a whole is not a ping or a batch (or holds more than 1 000); 413 over 5
/// MiB.
#[utoipa::path(
    tag = "Telematics",
    operation_id = "ingest_pings",
    params(crate::extract::SubaccountHeader),
    request_body(content = PingsIn, content_type = "application/json"),
    responses(
        (status = 202, description = "Pings accepted and rejected, by index", body = DataEnvelope<IngestOut>),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[post("/telematics/pings")]
pub async fn ingest_pings(
    auth: Auth,
    req: HttpRequest,
    mut payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::TelematicsWrite)?;
    let body = read_json_body(&req, &mut payload).await?;
    let parsed =
        telematics::model::parse_body(&body, auth.0.tenant_id(), OffsetDateTime::now_utc())?;
    let outcome = state.telematics.ingest(&auth.0.scope, parsed).await?;
    Ok(HttpResponse::Accepted().json(DataEnvelope {
        data: IngestOut::from(outcome),
        meta: crate::context::meta(),
    }))
}

/// The JSON body of `POST /telematics/pings`: 415 unless the content type is JSON, 413 as
/// soon as the declared or the read length passes [`PINGS_BODY_LIMIT`].
async fn read_json_body(
    req: &HttpRequest,
    payload: &mut web::Payload,
) -> Result<web::BytesMut, HttpError> {
    if !is_json(req) {
        return Err(HttpError(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body with Content-Type: application/json",
        )));
    }
    let too_large = || {
        HttpError(
            ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large")
                .with("limit_bytes", PINGS_BODY_LIMIT),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > PINGS_BODY_LIMIT) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(4096).min(PINGS_BODY_LIMIT));
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| HttpError(ApiError::invalid_field("body", "could not be read")))?;
        if body.len() + chunk.len() > PINGS_BODY_LIMIT {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

// ---- live stream --------------------------------------------------------------------------

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// Only this subaccount (must be in the key's scope).
    #[param(value_type = Option<uuid::Uuid>)]
    pub subaccount_id: Option<String>,
    /// Only this vehicle (must be in the key's scope).
    #[param(value_type = Option<uuid::Uuid>)]
    pub vehicle_id: Option<String>,
    /// End the stream after this many seconds (1–86400); without it the stream stays open.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 86400)]
    pub max_seconds: Option<String>,
}

/// Live positions of the vehicles in the key's scope as Server-Sent Events, within a second
/// of ingest on any gateway instance. Frames: `event: position` with a JSON
/// [`LivePosition`] as `data`; a comment line (`: heartbeat`) every 15 s when idle;
/// `event: dropped` before the server ends a stream that fell too far behind; `event: end`
/// when `max_seconds` is reached. Reconnect (as `EventSource` does) to continue.
///
/// Needs `telematics:read`. The answer is `text/event-stream`, not a JSON envelope.
#[utoipa::path(
    tag = "Telematics",
    operation_id = "stream_positions",
    params(crate::extract::SubaccountHeader, StreamQuery),
    responses(
        (status = 200, description = "An event stream of `position` events (data: LivePosition)", content_type = "text/event-stream", body = String),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/telematics/stream")]
pub async fn stream_positions(
    auth: Auth,
    query: web::Query<StreamQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::TelematicsRead)?;
    let mut scope = auth.0.scope.clone();
    if let Some(raw) = query.subaccount_id.as_deref() {
        let id: SubaccountId = raw
            .parse()
            .map_err(|_| DomainError::invalid("subaccount_id", "must be a UUID"))?;
        scope = scope.narrowed_to(id)?;
    }
    let vehicle = match query.vehicle_id.as_deref() {
        None => None,
        Some(raw) => Some(vehicle_to_stream(&state, &scope, raw).await?),
    };
    let max = max_seconds(query.max_seconds.as_deref())?;
    let subscription = state.telematics.live().subscribe(scope, vehicle);
    let stream = sse(subscription, state.config.telematics.heartbeat, max);
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(stream))
}

/// The `vehicle_id` of a stream: a vehicle in `scope` (404 otherwise).
async fn vehicle_to_stream(
    state: &AppState,
    scope: &fleet_domain::Scope,
    raw: &str,
) -> Result<VehicleId, HttpError> {
    let id: VehicleId = raw
        .parse()
        .map_err(|_| DomainError::invalid("vehicle_id", "must be a UUID"))?;
    let mut conn = state.pool.get().await?;
    if !telematics::vehicle_in_scope(&mut conn, scope, id).await? {
        return Err(DomainError::not_found("vehicle", id).into());
    }
    Ok(id)
}

/// `max_seconds` of a stream: 1 to [`MAX_STREAM_SECONDS`], or none.
fn max_seconds(raw: Option<&str>) -> Result<Option<Duration>, DomainError> {
    raw.map(|raw| match raw.parse::<u64>() {
        Ok(n) if (1..=MAX_STREAM_SECONDS).contains(&n) => Ok(Duration::from_secs(n)),
        _ => Err(DomainError::invalid(
            "max_seconds",
            format!("must be an integer between 1 and {MAX_STREAM_SECONDS}"),
        )),
    })
    .transpose()
}

enum Phase {
    Start,
    Running,
    Done,
}

struct Sse {
    sub: Subscription,
    heartbeat: tokio::time::Interval,
    deadline: Option<tokio::time::Instant>,
    phase: Phase,
}

/// The `text/event-stream` framing of a subscription.
fn sse(
    sub: Subscription,
    heartbeat: Duration,
    max: Option<Duration>,
) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> {
    let now = tokio::time::Instant::now();
    let state = Sse {
        sub,
        heartbeat: tokio::time::interval_at(now + heartbeat, heartbeat),
        deadline: max.map(|m| now + m),
        phase: Phase::Start,
    };
    futures_util::stream::unfold(state, |mut st| async move {
        match st.phase {
            Phase::Done => return None,
            Phase::Start => {
                st.phase = Phase::Running;
                return Some((Ok(Bytes::from_static(b"retry: 3000\n: connected\n\n")), st));
            }
            Phase::Running => {}
        }
        let deadline = st.deadline;
        let until_deadline = async move {
            match deadline {
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            }
        };
        let frame = tokio::select! {
            next = st.sub.next() => match next {
                Next::Positions(positions) => positions_frame(&positions),
                Next::Lagged => {
                    st.phase = Phase::Done;
                    Bytes::from_static(b"event: dropped\ndata: {\"reason\":\"slow_consumer\"}\n\n")
                }
                Next::Closed => return None,
            },
            _ = st.heartbeat.tick() => Bytes::from_static(b": heartbeat\n\n"),
            () = until_deadline => {
                st.phase = Phase::Done;
                Bytes::from_static(b"event: end\ndata: {\"reason\":\"max_seconds\"}\n\n")
            }
        };
        Some((Ok(frame), st))
    })
}

fn positions_frame(positions: &[LivePosition]) -> Bytes {
    let mut out = Vec::with_capacity(positions.len() * 256);
    for p in positions {
        out.extend_from_slice(b"event: position\ndata: ");
        if serde_json::to_writer(&mut out, p).is_err() {
            continue;
        }
        out.extend_from_slice(b"\n\n");
    }
    Bytes::from(out)
}

// ---- track --------------------------------------------------------------------------------

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrackQuery {
    /// Earliest `ts` (RFC 3339, inclusive).
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<String>,
    /// Latest `ts` (RFC 3339, inclusive).
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<String>,
}

fn parse_time(field: &'static str, raw: Option<&str>) -> Result<Option<OffsetDateTime>, HttpError> {
    Ok(raw.map(|r| envelope::rfc3339_field(field, r)).transpose()?)
}

/// A vehicle's archived positions (down-sampled to one per 5 s plus every ping with
/// events), oldest first, within `from`/`to`; page or cursor pagination.
///
/// Needs `telematics:read`. 400 for a malformed `from`/`to`; 404 when the vehicle is out of scope.
#[utoipa::path(
    tag = "Telematics",
    operation_id = "get_vehicle_track",
    params(
        crate::extract::SubaccountHeader,
        ("id" = uuid::Uuid, Path, description = "Vehicle id"),
        TrackQuery,
        PageParams
    ),
    responses(
        (status = 200, description = "Archived positions", body = envelope::ListEnvelope<TrackPointOut>),
        (status = 404, description = "No such vehicle in scope (`details.vehicle_id`)", body = envelope::ErrorEnvelope),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
#[get("/vehicles/{id}/track")]
pub async fn get_vehicle_track(
    auth: Auth,
    PathId(vehicle): PathId<VehicleId>,
    query: web::Query<TrackQuery>,
    page: web::Query<PageParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Permission::TelematicsRead)?;
    let from = parse_time("from", query.from.as_deref())?;
    let to = parse_time("to", query.to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(DomainError::invalid("to", "must not be before from").into());
        }
    }
    let window = Window::from_request(&page.parse(true)?)?;
    let mut conn = state.pool.get().await?;
    let listing =
        telematics::track::track(&mut conn, &auth.0.scope, vehicle, from, to, window).await?;
    Ok(respond::listing(listing, TrackPointOut::from))
}
