//! Success envelopes.
//!
//! Their OpenAPI schemas are written by hand (not derived) so that every envelope is a named
//! component whose `data` is a `$ref` to the one named schema of its wire type:
//! `DataEnvelope<VehicleOut>` becomes `DataEnvelope_VehicleOut` with
//! `data: {"$ref": "#/components/schemas/VehicleOut"}`, and `VehicleOut` is registered once
//! and reused by every envelope that carries it. (utoipa's derive inlines generic arguments,
//! which gave every operation its own copy of the type in generated clients.)

use serde::Serialize;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::{Pagination, RequestId};

/// Present on every response, errors included.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Meta {
    /// Equal to the `X-Request-Id` response header.
    #[schema(example = "req_0192f5c3a1b27c3e9d1a6b2f0c4d5e6f")]
    pub request_id: String,
    /// When the response was produced (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2025-01-15T10:30:00Z")]
    pub timestamp: String,
}

impl Meta {
    pub fn new(request_id: &RequestId) -> Self {
        Self {
            request_id: request_id.as_str().to_owned(),
            timestamp: crate::rfc3339_seconds(time::OffsetDateTime::now_utc()),
        }
    }
}

/// `{"data": …, "meta": …}`
#[derive(Debug, Serialize)]
pub struct DataEnvelope<T> {
    pub data: T,
    pub meta: Meta,
}

/// `{"data": [...], "pagination": …, "meta": …}`
#[derive(Debug, Serialize)]
pub struct ListEnvelope<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
    pub meta: Meta,
}

fn reference<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

/// Registers `T` under its name and, through it, everything `T` refers to.
fn register<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
    schemas.push((Meta::name().into_owned(), Meta::schema()));
    Meta::schemas(schemas);
}

impl<T: ToSchema> utoipa::__dev::ComposeSchema for DataEnvelope<T> {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(format!("A `{}` in the envelope.", T::name())))
            .property("data", reference::<T>())
            .required("data")
            .property("meta", reference::<Meta>())
            .required("meta")
            .into()
    }
}

impl<T: ToSchema> ToSchema for DataEnvelope<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        "DataEnvelope".into()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        register::<T>(schemas);
    }
}

impl<T: ToSchema> utoipa::__dev::ComposeSchema for ListEnvelope<T> {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(format!("A page of `{}`.", T::name())))
            .property("data", ArrayBuilder::new().items(reference::<T>()))
            .required("data")
            .property("pagination", reference::<Pagination>())
            .required("pagination")
            .property("meta", reference::<Meta>())
            .required("meta")
            .into()
    }
}

impl<T: ToSchema> ToSchema for ListEnvelope<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        "ListEnvelope".into()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        register::<T>(schemas);
        schemas.push((Pagination::name().into_owned(), Pagination::schema()));
        Pagination::schemas(schemas);
    }
}
