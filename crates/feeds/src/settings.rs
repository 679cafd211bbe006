//! Which subaccounts publish a GBFS feed (off by default), under which token, and the rows a
//! feed is built from. Operators change the settings through the management API and the
//! CLI; the public routes resolve a token with [`resolve`].

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;

use db::schema::{gbfs_feeds as gf, subaccounts, tenants, vehicles};
use fleet_domain::tenancy::store as tenancy_store;
use fleet_domain::vehicles::{VehicleStatus, VehicleType};
use fleet_domain::{Scope, Subaccount, SubaccountId, TenantId, TenantStatus};

use crate::gbfs::FeedVehicle;
use crate::Error;

/// Length of the token in a feed's URL (`[A-Za-z0-9]`, from the OS CSPRNG).
pub const TOKEN_LEN: usize = 32;

/// A subaccount's feed settings, exactly as its row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = gf, check_for_backend(diesel::pg::Pg))]
pub struct GbfsFeed {
    pub tenant_id: TenantId,
    pub subaccount_id: SubaccountId,
    pub enabled: bool,
    pub token: String,
    /// Keys the public vehicle ids; never shown.
    pub id_secret: Vec<u8>,
    pub feed_contact_email: String,
    pub rental_uri_android: Option<String>,
    pub rental_uri_ios: Option<String>,
    pub rental_uri_web: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Changes of [`update_feed`]; `None` leaves a field as it is, `Some(None)` clears a URI.
#[derive(Debug, Clone, Default)]
pub struct FeedChanges {
    pub enabled: Option<bool>,
    pub feed_contact_email: Option<String>,
    pub rental_uri_android: Option<Option<String>>,
    pub rental_uri_ios: Option<Option<String>>,
    pub rental_uri_web: Option<Option<String>>,
}

/// A feed that may be served: enabled, of a live subaccount of an active tenant.
#[derive(Debug, Clone)]
pub struct PublicFeed {
    pub feed: GbfsFeed,
    pub subaccount: Subaccount,
    pub tenant_name: String,
}

fn random_token() -> Result<String, Error> {
    keys::secret::random_alphanumeric(TOKEN_LEN).map_err(|e| Error::Internal(e.to_string()))
}

fn random_secret() -> Result<Vec<u8>, Error> {
    let mut bytes = vec![0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(bytes)
}

fn check_email(email: &str) -> Result<String, Error> {
    let email = email.trim();
    let ok = (3..=254).contains(&email.len())
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(email.to_owned())
    } else {
        Err(Error::invalid(
            "feed_contact_email",
            "must be an email address (published in system_information.json)",
        ))
    }
}

fn check_uri(field: &'static str, uri: Option<String>) -> Result<Option<String>, Error> {
    let Some(uri) = uri else { return Ok(None) };
    let scheme_ok = uri.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let chars_ok = uri.chars().all(|c| c.is_ascii_graphic());
    if (1..=500).contains(&uri.len()) && scheme_ok && chars_ok {
        Ok(Some(uri))
    } else {
        Err(Error::invalid(
            field,
            "must be an absolute URI of at most 500 characters (`{vehicle_id}` is replaced)",
        ))
    }
}

/// The subaccount, when it is in `scope` (others answer 404 like unknown ids).
async fn subaccount_in_scope(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    id: SubaccountId,
) -> Result<Subaccount, Error> {
    if !scope.allows(id) {
        return Err(fleet_domain::Error::not_found("subaccount", id).into());
    }
    tenancy_store::subaccounts_by_ids(conn, scope.tenant_id(), &[id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| fleet_domain::Error::not_found("subaccount", id).into())
}

async fn find(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    subaccount: SubaccountId,
) -> QueryResult<Option<GbfsFeed>> {
    gf::table
        .filter(gf::tenant_id.eq(tenant))
        .filter(gf::subaccount_id.eq(subaccount))
        .select(GbfsFeed::as_select())
        .first(conn)
        .await
        .optional()
}

/// The feed settings of a subaccount in scope (`None`: never configured, so off).
pub async fn get_feed(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    subaccount: SubaccountId,
) -> Result<(Subaccount, Option<GbfsFeed>), Error> {
    let sub = subaccount_in_scope(conn, scope, subaccount).await?;
    let feed = find(conn, sub.tenant_id, sub.id).await?;
    Ok((sub, feed))
}

/// Creates or changes a subaccount's feed settings. The first write draws the token and the
/// id secret; enabling needs a contact email and is refused for sandbox subaccounts.
pub async fn update_feed(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    subaccount: SubaccountId,
    changes: FeedChanges,
) -> Result<(Subaccount, GbfsFeed), Error> {
    let sub = subaccount_in_scope(conn, scope, subaccount).await?;
    let email = changes
        .feed_contact_email
        .as_deref()
        .map(check_email)
        .transpose()?;
    let android = changes
        .rental_uri_android
        .map(|u| check_uri("rental_uris.android", u))
        .transpose()?;
    let ios = changes
        .rental_uri_ios
        .map(|u| check_uri("rental_uris.ios", u))
        .transpose()?;
    let web = changes
        .rental_uri_web
        .map(|u| check_uri("rental_uris.web", u))
        .transpose()?;
    if sub.sandbox && changes.enabled == Some(true) {
        return Err(Error::invalid(
            "enabled",
            "a sandbox subaccount never publishes a public feed",
        ));
    }
    let current = find(conn, sub.tenant_id, sub.id).await?;
    let now = OffsetDateTime::now_utc();
    let feed = match current {
        Some(mut feed) => {
            if let Some(e) = changes.enabled {
                feed.enabled = e;
            }
            if let Some(e) = email {
                feed.feed_contact_email = e;
            }
            if let Some(u) = android {
                feed.rental_uri_android = u;
            }
            if let Some(u) = ios {
                feed.rental_uri_ios = u;
            }
            if let Some(u) = web {
                feed.rental_uri_web = u;
            }
            feed.updated_at = now;
            diesel::update(
                gf::table
                    .filter(gf::tenant_id.eq(feed.tenant_id))
                    .filter(gf::subaccount_id.eq(feed.subaccount_id)),
            )
            .set((
                gf::enabled.eq(feed.enabled),
                gf::feed_contact_email.eq(&feed.feed_contact_email),
                gf::rental_uri_android.eq(&feed.rental_uri_android),
                gf::rental_uri_ios.eq(&feed.rental_uri_ios),
                gf::rental_uri_web.eq(&feed.rental_uri_web),
                gf::updated_at.eq(now),
            ))
            .returning(GbfsFeed::as_returning())
            .get_result(conn)
            .await?
        }
        None => {
            let email = match (email, changes.enabled) {
                (Some(e), _) => e,
                (None, Some(true)) => {
                    return Err(Error::invalid(
                        "feed_contact_email",
                        "is required to enable the feed (GBFS requires a contact)",
                    ))
                }
                (None, _) => "unset@invalid.example".to_owned(),
            };
            diesel::insert_into(gf::table)
                .values((
                    gf::tenant_id.eq(sub.tenant_id),
                    gf::subaccount_id.eq(sub.id),
                    gf::enabled.eq(changes.enabled.unwrap_or(false)),
                    gf::token.eq(random_token()?),
                    gf::id_secret.eq(random_secret()?),
                    gf::feed_contact_email.eq(email),
                    gf::rental_uri_android.eq(android.flatten()),
                    gf::rental_uri_ios.eq(ios.flatten()),
                    gf::rental_uri_web.eq(web.flatten()),
                ))
                .returning(GbfsFeed::as_returning())
                .get_result(conn)
                .await?
        }
    };
    Ok((sub, feed))
}

/// A new token for a configured feed: the old URL answers 404 at once.
pub async fn rotate_token(
    conn: &mut AsyncPgConnection,
    scope: &Scope,
    subaccount: SubaccountId,
) -> Result<(Subaccount, GbfsFeed), Error> {
    let sub = subaccount_in_scope(conn, scope, subaccount).await?;
    let feed = diesel::update(
        gf::table
            .filter(gf::tenant_id.eq(sub.tenant_id))
            .filter(gf::subaccount_id.eq(sub.id)),
    )
    .set((
        gf::token.eq(random_token()?),
        gf::updated_at.eq(OffsetDateTime::now_utc()),
    ))
    .returning(GbfsFeed::as_returning())
    .get_result(conn)
    .await
    .optional()?
    .ok_or_else(|| fleet_domain::Error::not_found("gbfs_feed", sub.id))?;
    Ok((sub, feed))
}

/// The feed behind a public token: enabled, of a non-sandbox subaccount of an active tenant.
/// Anything else is [`Error::NotFound`], indistinguishable from a wrong token.
pub async fn resolve(conn: &mut AsyncPgConnection, token: &str) -> Result<PublicFeed, Error> {
    if token.len() != TOKEN_LEN || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::NotFound);
    }
    let row: Option<(GbfsFeed, Subaccount, String, TenantStatus)> = gf::table
        .inner_join(
            subaccounts::table.on(subaccounts::id
                .eq(gf::subaccount_id)
                .and(subaccounts::tenant_id.eq(gf::tenant_id))),
        )
        .inner_join(tenants::table.on(tenants::id.eq(gf::tenant_id)))
        .filter(gf::token.eq(token))
        .select((
            GbfsFeed::as_select(),
            Subaccount::as_select(),
            tenants::name,
            tenants::status,
        ))
        .first(conn)
        .await
        .optional()?;
    match row {
        Some((feed, subaccount, tenant_name, TenantStatus::Active))
            if feed.enabled && !subaccount.sandbox =>
        {
            Ok(PublicFeed {
                feed,
                subaccount,
                tenant_name,
            })
        }
        _ => Err(Error::NotFound),
    }
}

/// The vehicles `vehicle_status.json` may list: available or reserved, with a position
/// (index `vehicles_gbfs_idx`).
pub async fn feed_vehicles(
    conn: &mut AsyncPgConnection,
    feed: &GbfsFeed,
) -> Result<Vec<FeedVehicle>, Error> {
    type Row = (
        uuid::Uuid,
        VehicleType,
        VehicleStatus,
        Option<i32>,
        Option<f64>,
        Option<f64>,
        Option<OffsetDateTime>,
        OffsetDateTime,
    );
    let rows: Vec<Row> = vehicles::table
        .filter(vehicles::tenant_id.eq(feed.tenant_id))
        .filter(vehicles::subaccount_id.eq(feed.subaccount_id))
        .filter(vehicles::status.eq_any([VehicleStatus::Available, VehicleStatus::Reserved]))
        .filter(vehicles::latitude.is_not_null())
        .select((
            vehicles::id,
            vehicles::vehicle_type,
            vehicles::status,
            vehicles::battery_percent,
            vehicles::latitude,
            vehicles::longitude,
            vehicles::last_seen_at,
            vehicles::updated_at,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, kind, status, battery, lat, lng, seen, updated)| {
            Some(FeedVehicle {
                id,
                vehicle_type: kind,
                status,
                battery_percent: battery,
                latitude: lat?,
                longitude: lng?,
                last_seen_at: seen,
                updated_at: updated,
            })
        })
        .collect())
}

/// The vehicle types the subaccount runs (any vehicle not retired).
pub async fn vehicle_kinds(
    conn: &mut AsyncPgConnection,
    feed: &GbfsFeed,
) -> Result<Vec<VehicleType>, Error> {
    Ok(vehicles::table
        .filter(vehicles::tenant_id.eq(feed.tenant_id))
        .filter(vehicles::subaccount_id.eq(feed.subaccount_id))
        .filter(vehicles::status.ne(VehicleStatus::Retired))
        .select(vehicles::vehicle_type)
        .distinct()
        .load(conn)
        .await?)
}

/// The zones of the feed's subaccount.
pub async fn feed_zones(
    conn: &mut AsyncPgConnection,
    feed: &GbfsFeed,
) -> Result<Vec<fleet_domain::zones::Zone>, Error> {
    Ok(
        fleet_domain::zones::store::all_of_subaccount(conn, feed.tenant_id, feed.subaccount_id)
            .await?,
    )
}

/// The active pricing plans of the feed's subaccount.
pub async fn feed_plans(
    conn: &mut AsyncPgConnection,
    feed: &GbfsFeed,
) -> Result<Vec<fleet_domain::pricing::PricingPlan>, Error> {
    Ok(fleet_domain::pricing::store::active_for_subaccount(
        conn,
        feed.tenant_id,
        feed.subaccount_id,
    )
    .await?)
}

/// What `vehicle_types.json` is built from: the vehicle types and the active plans, read in
/// one snapshot.
pub async fn vehicle_types_data(
    conn: &mut AsyncPgConnection,
    feed: &GbfsFeed,
) -> Result<(Vec<VehicleType>, Vec<fleet_domain::pricing::PricingPlan>), Error> {
    db::read_snapshot(conn)
        .run(async |conn| {
            Ok((
                vehicle_kinds(conn, feed).await?,
                feed_plans(conn, feed).await?,
            ))
        })
        .await
}

/// What `vehicle_status.json` is built from: the vehicles and the active plans (their
/// `pricing_plan_id`s), read in one snapshot.
pub async fn vehicle_status_data(
    conn: &mut AsyncPgConnection,
    feed: &GbfsFeed,
) -> Result<(Vec<FeedVehicle>, Vec<fleet_domain::pricing::PricingPlan>), Error> {
    db::read_snapshot(conn)
        .run(async |conn| {
            Ok((
                feed_vehicles(conn, feed).await?,
                feed_plans(conn, feed).await?,
            ))
        })
        .await
}
