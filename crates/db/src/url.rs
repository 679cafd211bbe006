//! Splitting a Postgres URL into its server part and database name.

use crate::DbError;

/// A `postgres://…/<database>?…` URL taken apart so the same server can be addressed with
/// another database (the maintenance database, a test database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUrl {
    base: String,
    database: String,
    query: String,
}

impl DbUrl {
    pub fn parse(url: &str) -> Result<Self, DbError> {
        let rest = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
            .ok_or_else(|| DbError::InvalidUrl("must start with postgres://".into()))?;
        let (without_query, query) = match rest.split_once('?') {
            Some((a, q)) => (a, format!("?{q}")),
            None => (rest, String::new()),
        };
        let (server, database) = without_query.split_once('/').ok_or_else(|| {
            DbError::InvalidUrl("must name a database: postgres://host/db".into())
        })?;
        let valid = !database.is_empty()
            && database.len() <= 63
            && database
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if server.is_empty() || !valid {
            return Err(DbError::InvalidUrl(
                "database name must be 1-63 characters of [A-Za-z0-9_-]".into(),
            ));
        }
        Ok(Self {
            base: format!("postgres://{server}"),
            database: database.to_owned(),
            query,
        })
    }

    pub fn database(&self) -> &str {
        &self.database
    }

    /// The URL of another database on the same server.
    pub fn with_database(&self, database: &str) -> String {
        format!("{}/{}{}", self.base, database, self.query)
    }

    pub fn url(&self) -> String {
        self.with_database(&self.database)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_rebuilds() {
        let u = DbUrl::parse("postgres://postgres@127.0.0.1:5432/fleetgate?sslmode=disable");
        let u = u.ok();
        assert_eq!(u.as_ref().map(DbUrl::database), Some("fleetgate"));
        assert_eq!(
            u.map(|u| u.with_database("postgres")),
            Some("postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".to_owned())
        );
    }

    #[test]
    fn rejects_bad_urls() {
        for bad in [
            "mysql://x/y",
            "postgres://host",
            "postgres://host/",
            "postgres://host/a;drop",
        ] {
            assert!(DbUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
