//! Page and cursor pagination (SPEC §3).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{ApiError, FieldError};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 100;
/// An opaque cursor longer than this is rejected without decoding.
const MAX_CURSOR_LEN: usize = 512;

/// Pagination block of a list response: page based (with a total) or cursor based.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Pagination {
    Page(PagePagination),
    Cursor(CursorPagination),
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PagePagination {
    pub page: u32,
    pub limit: u32,
    pub total: u64,
    pub has_next: bool,
    pub has_prev: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CursorPagination {
    pub limit: u32,
    /// Pass as `cursor` to fetch the next page; `null` on the last page. Always present, so
    /// the two pagination shapes are told apart (`oneOf`).
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    pub has_next: bool,
}

/// Raw pagination query parameters, validated by [`PageParams::parse`]. They are strings so
/// that a bad value is reported with its field name instead of a generic parse error.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1 (page mode; not together with `cursor`).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Items per page, 1–100 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// Opaque cursor from `pagination.next_cursor`; empty for the first page in cursor mode
    /// (not together with `page`).
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// The query parameters of lists without cursor mode, for the OpenAPI document only: such
/// lists still read [`PageParams`] (and refuse a `cursor` with 400), but the document does not
/// offer a parameter they refuse.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageOnlyParams {
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Items per page, 1–100 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

/// A validated pagination request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRequest {
    Page { page: u32, limit: u32 },
    Cursor { cursor: Option<String>, limit: u32 },
}

/// A list's `limit` parameter: 1 to [`MAX_LIMIT`], [`DEFAULT_LIMIT`] when absent; anything
/// else adds its field error to `errors` (and reads as the default).
pub fn parse_limit(raw: Option<&str>, errors: &mut Vec<FieldError>) -> u32 {
    match raw {
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    "limit",
                    format!("must be an integer between 1 and {MAX_LIMIT}"),
                ));
                DEFAULT_LIMIT
            }
        },
    }
}

impl PageParams {
    /// Validates the parameters. `cursor_allowed` says whether this list supports cursors;
    /// a `cursor` (even empty) selects cursor mode, and then `page` must be absent.
    pub fn parse(&self, cursor_allowed: bool) -> Result<PageRequest, ApiError> {
        let mut errors = Vec::new();
        let limit = parse_limit(self.limit.as_deref(), &mut errors);
        let page = match self.page.as_deref() {
            None => None,
            Some(raw) => match raw.parse::<u32>() {
                Ok(n) if (1..=1_000_000).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::new(
                        "page",
                        "must be an integer between 1 and 1000000",
                    ));
                    None
                }
            },
        };
        if let Some(cursor) = self.cursor.as_deref() {
            if !cursor_allowed {
                errors.push(FieldError::new(
                    "cursor",
                    "this list does not support cursors",
                ));
            } else if self.page.is_some() {
                errors.push(FieldError::new("page", "cannot be combined with cursor"));
            } else if cursor.len() > MAX_CURSOR_LEN {
                errors.push(FieldError::new("cursor", "is not a valid cursor"));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        Ok(match &self.cursor {
            Some(cursor) if cursor_allowed => PageRequest::Cursor {
                cursor: (!cursor.is_empty()).then(|| cursor.clone()),
                limit,
            },
            _ => PageRequest::Page {
                page: page.unwrap_or(1),
                limit,
            },
        })
    }
}

impl PagePagination {
    pub fn new(page: u32, limit: u32, total: u64) -> Self {
        Self {
            page,
            limit,
            total,
            has_next: u64::from(page) * u64::from(limit) < total,
            has_prev: page > 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(page: Option<&str>, limit: Option<&str>, cursor: Option<&str>) -> PageParams {
        PageParams {
            page: page.map(str::to_owned),
            limit: limit.map(str::to_owned),
            cursor: cursor.map(str::to_owned),
        }
    }

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(
            params(None, None, None).parse(true),
            Ok(PageRequest::Page { page: 1, limit: 50 })
        );
        assert_eq!(
            params(Some("3"), Some("100"), None).parse(false),
            Ok(PageRequest::Page {
                page: 3,
                limit: 100
            })
        );
        for bad in ["0", "101", "-1", "x", ""] {
            let err = params(None, Some(bad), None).parse(true).err();
            let field = err.as_ref().and_then(|e| e.details.get("fields"));
            assert_eq!(
                field.and_then(|f| f[0]["field"].as_str()),
                Some("limit"),
                "{bad}"
            );
        }
        assert!(params(Some("0"), None, None).parse(true).is_err());
    }

    #[test]
    fn cursor_mode() {
        assert_eq!(
            params(None, Some("10"), Some("abc")).parse(true),
            Ok(PageRequest::Cursor {
                cursor: Some("abc".into()),
                limit: 10
            })
        );
        assert_eq!(
            params(None, None, Some("")).parse(true),
            Ok(PageRequest::Cursor {
                cursor: None,
                limit: 50
            })
        );
        assert!(params(Some("2"), None, Some("abc")).parse(true).is_err());
        assert!(params(None, None, Some("abc")).parse(false).is_err());
    }

    #[test]
    fn page_flags() {
        let p = PagePagination::new(1, 50, 125);
        assert!(p.has_next && !p.has_prev);
        let p = PagePagination::new(3, 50, 125);
        assert!(!p.has_next && p.has_prev);
        let p = PagePagination::new(1, 50, 0);
        assert!(!p.has_next && !p.has_prev);
    }
}
