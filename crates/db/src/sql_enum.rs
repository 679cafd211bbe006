//! Text-backed enums: statuses and modes are stored as `text` with a `CHECK` constraint and
//! mapped to Rust enums through their `as_str()` / `FromStr`.

#[doc(hidden)]
pub use diesel as __diesel;

/// Declares a text-backed enum in one place: the enum with serde, OpenAPI and diesel derives,
/// `ALL`, `as_str`, `FromStr` (error: a message listing the accepted values) and the
/// `Text` mapping. The calling crate needs `serde`, `utoipa` and `diesel`. Each text must be
/// its variant's snake_case name (the OpenAPI schema is derived from the variant names).
///
/// ```text
/// db::text_enum! {
///     /// Commercial plan.
///     pub enum Plan { Trial = "trial", Starter = "starter" }
/// }
/// ```
///
/// The short form `text_enum!(Type)` only adds the `Text` mapping to an enum that has
/// `fn as_str(&self) -> &'static str` and `FromStr`.
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        // `rename_all` is what the OpenAPI derive reads; the per-variant `rename` is what
        // serde uses. Keep every text the variant's snake_case name so both agree.
        #[serde(rename_all = "snake_case")]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "unknown {} `{other}` (expected one of: {})",
                        stringify!($name),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        $crate::text_enum!($name);
    };
    ($ty:ty) => {
        $crate::__text_sql!($ty);
    };
}

/// Implements diesel `ToSql`/`FromSql` for `Text` on an enum that has
/// `fn as_str(&self) -> &'static str` and `FromStr`. The enum must also derive
/// `diesel::AsExpression` and `diesel::FromSqlRow` with `#[diesel(sql_type = Text)]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __text_sql {
    ($ty:ty) => {
        impl
            $crate::sql_enum::__diesel::serialize::ToSql<
                $crate::sql_enum::__diesel::sql_types::Text,
                $crate::sql_enum::__diesel::pg::Pg,
            > for $ty
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut $crate::sql_enum::__diesel::serialize::Output<
                    'b,
                    '_,
                    $crate::sql_enum::__diesel::pg::Pg,
                >,
            ) -> $crate::sql_enum::__diesel::serialize::Result {
                <str as $crate::sql_enum::__diesel::serialize::ToSql<
                    $crate::sql_enum::__diesel::sql_types::Text,
                    $crate::sql_enum::__diesel::pg::Pg,
                >>::to_sql(self.as_str(), out)
            }
        }

        impl
            $crate::sql_enum::__diesel::deserialize::FromSql<
                $crate::sql_enum::__diesel::sql_types::Text,
                $crate::sql_enum::__diesel::pg::Pg,
            > for $ty
        {
            fn from_sql(
                bytes: $crate::sql_enum::__diesel::pg::PgValue<'_>,
            ) -> $crate::sql_enum::__diesel::deserialize::Result<Self> {
                let raw = <String as $crate::sql_enum::__diesel::deserialize::FromSql<
                    $crate::sql_enum::__diesel::sql_types::Text,
                    $crate::sql_enum::__diesel::pg::Pg,
                >>::from_sql(bytes)?;
                raw.parse::<$ty>()
                    .map_err(|_| format!("unrecognised {} value {raw:?}", stringify!($ty)).into())
            }
        }
    };
}
