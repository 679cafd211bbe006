//! Where the API scopes are mounted: constants shared by routes, middleware and the OpenAPI
//! assembly. A leaf module (imports nothing of the crate), so any layer may name them.

/// Base path of the partner API.
pub const PARTNER_BASE: &str = "/api/partner/v1";
/// Base path of the management API.
pub const ADMIN_BASE: &str = "/api/admin/v1";
/// The one management route without a session.
pub const LOGIN_PATH: &str = "/api/admin/v1/auth/login";
