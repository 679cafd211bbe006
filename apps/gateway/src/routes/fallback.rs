//! Unknown routes (404) and known routes with the wrong method (405), in the envelope.

use actix_web::dev::ResourceDef;
use actix_web::http::{header, Method};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use envelope::{ApiError, ErrorCode};

use crate::error::HttpError;

/// The documented routes as (pattern, methods), derived from the OpenAPI document.
pub struct KnownRoutes(Vec<(ResourceDef, Vec<Method>)>);

impl KnownRoutes {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                let ops = [
                    (Method::GET, item.get.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ];
                for (method, present) in ops {
                    if present {
                        methods.push(method);
                    }
                }
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        Self(routes)
    }

    fn methods_for(&self, path: &str) -> Option<&[Method]> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, m)| m.as_slice())
    }
}

pub async fn not_found_or_wrong_method(
    req: HttpRequest,
    known: web::Data<KnownRoutes>,
) -> HttpResponse {
    match known.methods_for(req.path()) {
        Some(methods) if !methods.contains(req.method()) => {
            let allow = methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let mut res = HttpError(
                ApiError::new(
                    ErrorCode::MethodNotAllowed,
                    format!("{} is not allowed here", req.method()),
                )
                .with("allowed", allow.clone()),
            )
            .error_response();
            if let Ok(value) = header::HeaderValue::from_str(&allow) {
                res.headers_mut().insert(header::ALLOW, value);
            }
            res
        }
        _ => HttpError(
            ApiError::new(ErrorCode::NotFound, "No such resource").with("path", req.path()),
        )
        .error_response(),
    }
}
