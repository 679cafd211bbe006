//! Live or test: which subaccounts a key may reach (test keys only sandbox ones).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Whether a key acts on live or test data.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum KeyMode {
    /// Live mode (`lf_pk_…`).
    Live,
    /// Test mode (`lf_tk_…`).
    Test,
}

impl KeyMode {
    /// Both modes.
    pub const ALL: &'static [KeyMode] = &[KeyMode::Live, KeyMode::Test];

    /// `"live"` or `"test"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyMode::Live => "live",
            KeyMode::Test => "test",
        }
    }
}

impl fmt::Display for KeyMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is neither `live` nor `test`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown key mode `{0}` (expected `live` or `test`)")]
pub struct UnknownKeyMode(pub String);

impl FromStr for KeyMode {
    type Err = UnknownKeyMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "live" => Ok(KeyMode::Live),
            "test" => Ok(KeyMode::Test),
            other => Err(UnknownKeyMode(other.to_owned())),
        }
    }
}

impl KeyMode {
    /// Whether subaccounts reachable in this mode are sandbox ones.
    pub const fn sandbox(self) -> bool {
        matches!(self, KeyMode::Test)
    }
}

db::text_enum!(KeyMode);
