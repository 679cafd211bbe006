//! Text inputs into domain enums, with errors that name the field. The surfaces (the
//! gateway's handlers, the CLI) parse with these before they call a service, so services
//! take typed values and every surface refuses the same input with the same message.

use std::str::FromStr;

use crate::Error;

/// An optional text input parsed into an enum (its `FromStr` message says what is accepted);
/// the error names `field`.
pub fn parse_field<T: FromStr<Err = String>>(
    field: &'static str,
    raw: Option<&str>,
) -> Result<Option<T>, Error> {
    raw.map(|s| s.parse().map_err(|m| Error::invalid(field, m)))
        .transpose()
}

/// [`parse_field`] for a required input: `is required` when it is absent.
pub fn required_field<T: FromStr<Err = String>>(
    field: &'static str,
    raw: Option<&str>,
) -> Result<T, Error> {
    parse_field(field, raw)?.ok_or_else(|| Error::invalid(field, "is required"))
}

/// A name (of a zone, a pricing plan, a subaccount…): trimmed, 1-200 printable characters;
/// the error names `field`.
pub fn display_name(field: &'static str, raw: &str) -> Result<String, Error> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must be 1-200 printable characters"));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::vehicles::VehicleType;

    fn field_of(e: Error) -> &'static str {
        match e {
            Error::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_or_names_the_field() {
        let t: Option<VehicleType> = parse_field("type", Some("van")).unwrap();
        assert_eq!(t, Some(VehicleType::Van));
        assert_eq!(parse_field::<VehicleType>("type", None).unwrap(), None);
        let bad = parse_field::<VehicleType>("type", Some("bike")).unwrap_err();
        assert_eq!(field_of(bad), "type");
        let missing = required_field::<VehicleType>("type", None).unwrap_err();
        assert_eq!(field_of(missing), "type");
    }
}
