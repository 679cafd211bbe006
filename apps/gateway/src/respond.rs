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
