//! The public GBFS 3.0 feed of a subaccount: `GET /gbfs/{token}/{file}.json`, no key, gzip,
//! `ETag` / `Last-Modified` / `Cache-Control: max-age=<ttl>` and `304` on a match. A disabled
//! feed, a wrong or rotated token, a sandbox subaccount and an unknown file all answer the
//! same 404. Not part of the partner API's OpenAPI document: the GBFS specification is its
//! contract (docs/gbfs.md).

use std::time::{Duration, SystemTime};

use actix_web::http::header::{
    self, CacheControl, CacheDirective, EntityTag, Header, HttpDate, IfModifiedSince, IfNoneMatch,
};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::Value;
use time::OffsetDateTime;

use envelope::ApiError;
use feeds::gbfs::{self, FeedFile, System};
use feeds::settings::{self, PublicFeed};

use crate::error::HttpError;
use crate::feed_cache::{Key, Snapshot};
use crate::state::AppState;

/// Mounts `/gbfs/{token}/{file}` (gzip-compressed).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/gbfs")
            .wrap(actix_web::middleware::Compress::default())
            .route("/{token}/{file}", web::get().to(get_gbfs_file)),
    );
}

/// The feed root URL of a token, as this request reached the gateway.
pub fn base_url(req: &HttpRequest, token: &str) -> String {
    let info = req.connection_info();
    format!("{}://{}/gbfs/{token}", info.scheme(), info.host())
}

fn not_found() -> HttpError {
    HttpError(ApiError::new(
        envelope::ErrorCode::NotFound,
        "No such feed (it may be disabled, or its token rotated)",
    ))
}

impl From<feeds::Error> for HttpError {
    fn from(err: feeds::Error) -> Self {
        match err {
            feeds::Error::NotFound => not_found(),
            feeds::Error::Invalid { field, message } => {
                HttpError(ApiError::invalid_field(field, message))
            }
            feeds::Error::Domain(e) => e.into(),
            feeds::Error::Database(e) => e.into(),
            feeds::Error::Internal(cause) => crate::error::internal(cause),
        }
    }
}

fn system(public: &PublicFeed, base_url: String) -> System {
    let feed = &public.feed;
    let sub = &public.subaccount;
    System {
        system_id: sub.id.to_string(),
        name: format!("{} {}", public.tenant_name, sub.name),
        operator: public.tenant_name.clone(),
        timezone: sub.timezone.clone(),
        feed_contact_email: feed.feed_contact_email.clone(),
        base_url,
        min_start_battery_percent: sub.min_start_battery_percent,
        rental_uris: gbfs::RentalUris {
            android: feed.rental_uri_android.clone(),
            ios: feed.rental_uri_ios.clone(),
            web: feed.rental_uri_web.clone(),
        },
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<Value, HttpError> {
    serde_json::to_value(v).map_err(|e| crate::error::internal(e.to_string()))
}

/// The `data` of one file, from the database.
async fn build(
    state: &AppState,
    public: &PublicFeed,
    system: &System,
    file: FeedFile,
) -> Result<Value, HttpError> {
    let feed = &public.feed;
    match file {
        FeedFile::Manifest => json(&gbfs::manifest(system)),
        FeedFile::Gbfs => json(&gbfs::gbfs(system)),
        FeedFile::GbfsVersions => json(&gbfs::gbfs_versions(system)),
        FeedFile::SystemInformation => json(&gbfs::system_information(system)),
        FeedFile::SystemAlerts => json(&gbfs::system_alerts()),
        FeedFile::VehicleTypes => {
            let mut conn = state.pool.get().await?;
            let (kinds, plans) = settings::vehicle_types_data(&mut conn, feed).await?;
            json(&gbfs::vehicle_types(&kinds, &plans))
        }
        FeedFile::VehicleStatus => vehicle_status(state, public, system).await,
        FeedFile::SystemPricingPlans => {
            let mut conn = state.pool.get().await?;
            let plans = settings::feed_plans(&mut conn, feed).await?;
            json(&gbfs::system_pricing_plans(&plans))
        }
        FeedFile::GeofencingZones => {
            let mut conn = state.pool.get().await?;
            let zones = settings::feed_zones(&mut conn, feed).await?;
            json(&gbfs::geofencing_zones(&zones))
        }
    }
}

/// `vehicle_status.json`: the connection goes back to the pool before the mapping.
async fn vehicle_status(
    state: &AppState,
    public: &PublicFeed,
    system: &System,
) -> Result<Value, HttpError> {
    let feed = &public.feed;
    let mut conn = state.pool.get().await?;
    let (vehicles, plans) = settings::vehicle_status_data(&mut conn, feed).await?;
    drop(conn);
    json(&gbfs::vehicle_status(
        system,
        &feed.id_secret,
        &vehicles,
        &plans,
    ))
}

fn http_date(at: OffsetDateTime) -> HttpDate {
    let secs = u64::try_from(at.unix_timestamp()).unwrap_or(0);
    HttpDate::from(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

/// One file of a public GBFS feed.
pub async fn get_gbfs_file(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let (token, name) = path.into_inner();
    let file = FeedFile::from_path(&name).ok_or_else(not_found)?;
    let public = {
        let mut conn = state.pool.get().await?;
        settings::resolve(&mut conn, &token).await?
    };
    let base = base_url(&req, &token);
    let system = system(&public, base.clone());
    let key = Key {
        subaccount: public.subaccount.id,
        token,
        file,
        base_url: base,
    };
    let snapshot = state
        .feed_cache
        .get(
            &key,
            || build(&state, &public, &system, file),
            |data, at| {
                serde_json::to_vec(&gbfs::envelope(file, at, data))
                    .map_err(|e| crate::error::internal(e.to_string()))
            },
        )
        .await?;

    Ok(conditional_response(&req, snapshot, file))
}

/// The file with its validators and caching headers, or `304` when the client's copy is
/// current. If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
fn conditional_response(req: &HttpRequest, snapshot: Snapshot, file: FeedFile) -> HttpResponse {
    let etag = EntityTag::new_strong(snapshot.etag.trim_matches('"').to_owned());
    let last_modified = http_date(snapshot.last_updated);
    let cache = CacheControl(vec![
        CacheDirective::Public,
        CacheDirective::MaxAge(file.ttl()),
    ]);
    let not_modified = if req.headers().contains_key(header::IF_NONE_MATCH) {
        match IfNoneMatch::parse(req) {
            Ok(IfNoneMatch::Any) => true,
            Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(&etag)),
            Err(_) => false,
        }
    } else {
        match IfModifiedSince::parse(req) {
            Ok(IfModifiedSince(since)) => {
                SystemTime::from(last_modified) <= SystemTime::from(since)
            }
            Err(_) => false,
        }
    };
    let mut response = if not_modified {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header(header::ETag(etag))
        .insert_header(header::LastModified(last_modified))
        .insert_header(cache);
    if not_modified {
        return response.finish();
    }
    response
        .content_type("application/json")
        .body(snapshot.body)
}
