//! Pagination shared by every list (SPEC §3): page mode (`page`/`limit`, with a total) and
//! cursor mode (keyset on `(created_at, id)`). Store functions order by `(created_at, id)`
//! ascending, fetch `limit + 1` rows in cursor mode and hand them to [`Listing::from_cursor_rows`].

use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::pg::Pg;
use diesel::sql_types::{Bool, Timestamptz, Uuid as SqlUuid};
use time::OffsetDateTime;
use uuid::Uuid;

use envelope::{CursorPagination, Keyset, PagePagination, PageRequest, Pagination};

use crate::Error;

/// One page of a list, ready for the list envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub pagination: Pagination,
}

impl<T> Listing<T> {
    /// A page-mode result: `items` is the page, `total` counts every matching row.
    pub fn from_page(items: Vec<T>, page: u32, limit: u32, total: i64) -> Self {
        Self {
            items,
            pagination: Pagination::Page(PagePagination::new(
                page,
                limit,
                u64::try_from(total).unwrap_or(0),
            )),
        }
    }

    /// A cursor-mode result from up to `limit + 1` rows in sort order: the extra row only
    /// says that there is a next page.
    pub fn from_cursor_rows(
        mut rows: Vec<T>,
        limit: u32,
        key: impl Fn(&T) -> (OffsetDateTime, Uuid),
    ) -> Self {
        let limit_usize = limit as usize;
        let has_next = rows.len() > limit_usize;
        rows.truncate(limit_usize);
        let next_cursor = if has_next {
            rows.last().map(|last| {
                let (created_at, id) = key(last);
                Keyset::new(created_at, id).encode()
            })
        } else {
            None
        };
        Self {
            items: rows,
            pagination: Pagination::Cursor(CursorPagination {
                limit,
                next_cursor,
                has_next,
            }),
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Listing<U> {
        Listing {
            items: self.items.into_iter().map(f).collect(),
            pagination: self.pagination,
        }
    }
}

/// A validated [`PageRequest`] with its cursor decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Page { page: u32, limit: u32 },
    Cursor { after: Option<Keyset>, limit: u32 },
}

impl Window {
    pub fn from_request(request: &PageRequest) -> Result<Self, Error> {
        Ok(match request {
            PageRequest::Page { page, limit } => Window::Page {
                page: *page,
                limit: *limit,
            },
            PageRequest::Cursor { cursor, limit } => Window::Cursor {
                after: cursor
                    .as_deref()
                    .map(Keyset::decode)
                    .transpose()
                    .map_err(|_| Error::invalid("cursor", "is not a valid cursor"))?,
                limit: *limit,
            },
        })
    }

    /// `LIMIT` and `OFFSET` for the query: page mode skips whole pages, cursor mode fetches
    /// one extra row to learn whether a next page exists.
    pub fn limit_offset(&self) -> (i64, i64) {
        match *self {
            Window::Page { page, limit } => {
                (i64::from(limit), i64::from(page - 1) * i64::from(limit))
            }
            Window::Cursor { limit, .. } => (i64::from(limit) + 1, 0),
        }
    }
}

/// `(created_at, id) > (key)` for the table being queried (its own `created_at` and `id`
/// columns): the rows after a cursor, in `(created_at, id)` order. Backed by each table's
/// `(tenant_id, …, created_at, id)` index.
pub fn after_keyset<QS: 'static>(
    key: &Keyset,
) -> Box<dyn BoxableExpression<QS, Pg, SqlType = Bool>> {
    Box::new(
        sql::<Bool>("(created_at, id) > (")
            .bind::<Timestamptz, _>(key.created_at)
            .sql(", ")
            .bind::<SqlUuid, _>(key.id)
            .sql(")"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_rows_trim_the_probe_row() {
        let t = OffsetDateTime::UNIX_EPOCH;
        let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let listing = Listing::from_cursor_rows(ids.clone(), 2, |id| (t, *id));
        assert_eq!(listing.items, ids[..2]);
        match listing.pagination {
            Pagination::Cursor(c) => {
                assert!(c.has_next);
                let next = c.next_cursor.as_deref().map(Keyset::decode);
                assert_eq!(next, Some(Ok(Keyset::new(t, ids[1]))));
            }
            other => panic!("{other:?}"),
        }
        let last = Listing::from_cursor_rows(ids[..2].to_vec(), 2, |id| (t, *id));
        assert!(matches!(
            last.pagination,
            Pagination::Cursor(CursorPagination {
                has_next: false,
                next_cursor: None,
                ..
            })
        ));
    }

    #[test]
    fn windows() {
        let w = Window::from_request(&PageRequest::Page { page: 3, limit: 20 });
        assert_eq!(w.map(|w| w.limit_offset()).ok(), Some((20, 40)));
        let w = Window::from_request(&PageRequest::Cursor {
            cursor: None,
            limit: 20,
        });
        assert_eq!(w.map(|w| w.limit_offset()).ok(), Some((21, 0)));
        let bad = Window::from_request(&PageRequest::Cursor {
            cursor: Some("zzz".into()),
            limit: 20,
        });
        assert!(matches!(
            bad,
            Err(Error::Invalid {
                field: "cursor",
                ..
            })
        ));
    }
}
