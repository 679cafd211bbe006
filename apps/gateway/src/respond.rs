//! Success responses in the envelope.

use actix_web::HttpResponse;
use serde::Serialize;

use envelope::{DataEnvelope, ListEnvelope, Pagination};

pub fn ok<T: Serialize>(data: T) -> HttpResponse {
    HttpResponse::Ok().json(DataEnvelope {
        data,
        meta: crate::context::meta(),
    })
}

/// [`ok`] for a `data` already serialised (a cached body): the same envelope, byte for byte.
pub fn ok_serialized(data: &[u8]) -> Result<HttpResponse, crate::error::HttpError> {
    let meta = serde_json::to_vec(&crate::context::meta()).map_err(crate::error::internal)?;
    let mut body = Vec::with_capacity(data.len() + meta.len() + 18);
    body.extend_from_slice(br#"{"data":"#);
    body.extend_from_slice(data);
    body.extend_from_slice(br#","meta":"#);
    body.extend_from_slice(&meta);
    body.push(b'}');
    Ok(HttpResponse::Ok()
        .insert_header(actix_web::http::header::ContentType::json())
        .body(body))
}

pub fn created<T: Serialize>(data: T) -> HttpResponse {
    HttpResponse::Created().json(DataEnvelope {
        data,
        meta: crate::context::meta(),
    })
}

pub fn list<T: Serialize>(data: Vec<T>, pagination: Pagination) -> HttpResponse {
    HttpResponse::Ok().json(ListEnvelope {
        data,
        pagination,
        meta: crate::context::meta(),
    })
}

/// A domain [`fleet_domain::Listing`] as the list envelope, each item converted to its wire type.
pub fn listing<T, U: Serialize>(
    listing: fleet_domain::Listing<T>,
    to_wire: impl FnMut(T) -> U,
) -> HttpResponse {
    let listing = listing.map(to_wire);
    list(listing.items, listing.pagination)
}
