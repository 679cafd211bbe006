//! Text-backed enums: statuses and modes are stored as `text` with a `CHECK` constraint and
//! mapped to Rust enums through their `as_str()` / `FromStr`.

#[doc(hidden)]
pub use diesel as __diesel;

/// Implements diesel `ToSql`/`FromSql` for `Text` on an enum that has
/// `fn as_str(&self) -> &'static str` and `FromStr`. The enum must also derive
/// `diesel::AsExpression` and `diesel::FromSqlRow` with `#[diesel(sql_type = Text)]`.
#[macro_export]
macro_rules! text_enum {
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
