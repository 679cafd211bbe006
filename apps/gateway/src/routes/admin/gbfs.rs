//! The public GBFS feed of a subaccount, for operators: see it, switch it on or off, set its
//! contact and rental links, rotate its token. Viewers read; admins and owners change.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use feeds::settings::{self, FeedChanges, GbfsFeed};
use fleet_domain::{Subaccount, SubaccountId};
use keys::operators::Role;

use crate::error::HttpError;
use crate::extract::PathId;
use crate::middleware::operator_auth::OperatorAuth;
use crate::respond;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(admin_get_gbfs_feed)
        .service(admin_update_gbfs_feed)
        .service(admin_rotate_gbfs_feed_token);
}

/// Deep links published per vehicle in `vehicle_status.json`; `{vehicle_id}` is replaced
/// with the vehicle's public (rotating) id.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RentalUrisIn {
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>, example = "https://ride.example.com/v/{vehicle_id}")]
    pub web: Option<Option<String>>,
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>)]
    pub android: Option<Option<String>>,
    #[serde(default, deserialize_with = "envelope::nullable")]
    #[schema(value_type = Option<String>)]
    pub ios: Option<Option<String>>,
}

/// Changes to a subaccount's feed; absent fields stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true, "feed_contact_email": "opendata@example.com"}))]
pub struct UpdateGbfsFeedIn {
    /// Publish the feed (never for sandbox subaccounts).
    pub enabled: Option<bool>,
    /// Published in `system_information.json`; required to enable the feed the first time.
    #[schema(max_length = 254)]
    pub feed_contact_email: Option<String>,
    #[schema(value_type = Option<RentalUrisIn>)]
    pub rental_uris: Option<RentalUrisObject>,
}

/// `rental_uris` as a JSON object only: serde's derive also reads a struct from an array of
/// its fields (`[null, null]`), which the document does not allow. (A plain `Option` of it
/// keeps the whole body from being read from an array too: its last field is not optional
/// there.)
#[derive(Debug)]
pub struct RentalUrisObject(RentalUrisIn);

impl<'de> Deserialize<'de> for RentalUrisObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        serde_json::from_value(serde_json::Value::Object(map))
            .map(Self)
            .map_err(D::Error::custom)
    }
}

/// A subaccount's GBFS feed settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct GbfsFeedOut {
    pub subaccount_id: SubaccountId,
    pub enabled: bool,
    /// `gbfs.json` of the feed (share this); `null` until the feed is configured.
    #[schema(example = "https://api.example.com/gbfs/Ab12…/gbfs.json")]
    pub url: Option<String>,
    pub feed_contact_email: Option<String>,
    pub rental_uri_web: Option<String>,
    pub rental_uri_android: Option<String>,
    pub rental_uri_ios: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

impl GbfsFeedOut {
    fn new(req: &HttpRequest, sub: &Subaccount, feed: Option<GbfsFeed>) -> Self {
        match feed {
            None => Self {
                subaccount_id: sub.id,
                enabled: false,
                url: None,
                feed_contact_email: None,
                rental_uri_web: None,
                rental_uri_android: None,
                rental_uri_ios: None,
                updated_at: None,
            },
            Some(f) => Self {
                subaccount_id: sub.id,
                enabled: f.enabled && !sub.sandbox,
                url: Some(format!(
                    "{}/gbfs.json",
                    crate::routes::gbfs::base_url(req, &f.token)
                )),
                feed_contact_email: Some(f.feed_contact_email),
                rental_uri_web: f.rental_uri_web,
                rental_uri_android: f.rental_uri_android,
                rental_uri_ios: f.rental_uri_ios,
                updated_at: Some(f.updated_at),
            },
        }
    }
}

/// The subaccount's GBFS feed (off until enabled).
///
/// Any signed-in operator; `url` is `null` until the feed is configured. 404 for unknown
/// subaccounts.
#[utoipa::path(
    tag = "Management: Subaccounts",
    operation_id = "admin_get_gbfs_feed",
    params(("id" = uuid::Uuid, Path, description = "Subaccount id")),
    responses(
        (status = 200, description = "The feed settings", body = envelope::DataEnvelope<GbfsFeedOut>),
        (status = 404, description = "Unknown subaccount", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[get("/subaccounts/{id}/gbfs")]
pub async fn admin_get_gbfs_feed(
    req: HttpRequest,
    auth: OperatorAuth,
    PathId(id): PathId<SubaccountId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    let mut conn = state.pool.get().await?;
    let (sub, feed) = settings::get_feed(&mut conn, &auth.0.principal().scope, id).await?;
    Ok(respond::ok(GbfsFeedOut::new(&req, &sub, feed)))
}

/// Enables or disables the feed and sets its contact and rental links (admin or owner).
///
/// Needs the admin or owner role; enabling it the first time needs `feed_contact_email` (400
/// otherwise), and sandbox subaccounts never publish. 404 for unknown subaccounts.
#[utoipa::path(
    tag = "Management: Subaccounts",
    operation_id = "admin_update_gbfs_feed",
    params(("id" = uuid::Uuid, Path, description = "Subaccount id")),
    request_body = UpdateGbfsFeedIn,
    responses(
        (status = 200, description = "The feed settings", body = envelope::DataEnvelope<GbfsFeedOut>),
        (status = 404, description = "Unknown subaccount", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[patch("/subaccounts/{id}/gbfs")]
pub async fn admin_update_gbfs_feed(
    req: HttpRequest,
    auth: OperatorAuth,
    PathId(id): PathId<SubaccountId>,
    body: web::Json<UpdateGbfsFeedIn>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    let b = body.into_inner();
    let uris = b.rental_uris.map(|o| o.0).unwrap_or_default();
    let mut conn = state.pool.get().await?;
    let (sub, feed) = settings::update_feed(
        &mut conn,
        &auth.0.principal().scope,
        id,
        FeedChanges {
            enabled: b.enabled,
            feed_contact_email: b.feed_contact_email,
            rental_uri_android: uris.android,
            rental_uri_ios: uris.ios,
            rental_uri_web: uris.web,
        },
    )
    .await?;
    state.feed_cache.clear();
    Ok(respond::ok(GbfsFeedOut::new(&req, &sub, Some(feed))))
}

/// A new feed token (admin or owner): the old URL answers 404 at once.
///
/// Needs the admin or owner role. 404 for unknown subaccounts or a feed that was never configured.
#[utoipa::path(
    tag = "Management: Subaccounts",
    operation_id = "admin_rotate_gbfs_feed_token",
    params(("id" = uuid::Uuid, Path, description = "Subaccount id")),
    responses(
        (status = 200, description = "The feed with its new URL", body = envelope::DataEnvelope<GbfsFeedOut>),
        (status = 404, description = "Unknown subaccount or feed never configured", body = envelope::ErrorEnvelope)
    ),
    security(("session" = []))
)]
#[post("/subaccounts/{id}/gbfs/rotate-token")]
pub async fn admin_rotate_gbfs_feed_token(
    req: HttpRequest,
    auth: OperatorAuth,
    PathId(id): PathId<SubaccountId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, HttpError> {
    auth.0.require(Role::Admin)?;
    let mut conn = state.pool.get().await?;
    let (sub, feed) = settings::rotate_token(&mut conn, &auth.0.principal().scope, id).await?;
    state.feed_cache.clear();
    Ok(respond::ok(GbfsFeedOut::new(&req, &sub, Some(feed))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rental_uris` is an object; the array form serde's derive would accept is refused.
    #[test]
    fn rental_uris_must_be_an_object() {
        let parse = |s: &str| serde_json::from_str::<UpdateGbfsFeedIn>(s);
        assert!(parse(r#"{"rental_uris": [null, null]}"#).is_err());
        let ok = parse(r#"{"rental_uris": {"web": "https://r.example/{vehicle_id}"}}"#);
        assert!(ok.is_ok_and(|b| b.rental_uris.is_some_and(|r| r.0.web.is_some())));
        // Nor the whole body from an array of its fields.
        assert!(parse("[null, null]").is_err());
        assert!(parse(r#"{"rental_uris": null}"#).is_ok_and(|b| b.rental_uris.is_none()));
        assert!(parse("{}").is_ok_and(|b| b.rental_uris.is_none()));
    }
}
