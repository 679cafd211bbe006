//! Partner-set custom data on vehicles and customers (SPEC §7): a JSON object of at most
//! [`MAX_KEYS`] keys whose values are strings of at most [`MAX_VALUE_CHARS`] characters.
//! Returned on reads and copied into the data of the row's events, so integrators receive
//! their own identifiers in webhooks.
//!
//! On PATCH, `metadata` is a JSON merge patch (RFC 7396): each key given replaces that key,
//! a key set to `null` removes it, keys not mentioned stay.

use serde_json::{Map, Value};

use crate::Error;

pub const MAX_KEYS: usize = 50;
pub const MAX_KEY_CHARS: usize = 40;
pub const MAX_VALUE_CHARS: usize = 500;

const FIELD: &str = "metadata";

fn check_key(key: &str) -> Result<(), Error> {
    let n = key.chars().count();
    if n == 0 || n > MAX_KEY_CHARS || key.chars().any(char::is_control) {
        return Err(Error::invalid(
            FIELD,
            format!("keys must be 1-{MAX_KEY_CHARS} printable characters"),
        ));
    }
    Ok(())
}

fn check_value(key: &str, value: &Value) -> Result<(), Error> {
    match value {
        // Postgres `jsonb` cannot hold U+0000.
        Value::String(s) if s.contains('\0') => Err(Error::invalid(
            FIELD,
            format!("value of `{key}` must not contain NUL characters"),
        )),
        Value::String(s) if s.chars().count() <= MAX_VALUE_CHARS => Ok(()),
        Value::String(_) => Err(Error::invalid(
            FIELD,
            format!("value of `{key}` is longer than {MAX_VALUE_CHARS} characters"),
        )),
        _ => Err(Error::invalid(
            FIELD,
            format!("value of `{key}` must be a string"),
        )),
    }
}

fn check_count(map: &Map<String, Value>) -> Result<(), Error> {
    if map.len() > MAX_KEYS {
        return Err(Error::invalid(
            FIELD,
            format!("at most {MAX_KEYS} keys are allowed"),
        ));
    }
    Ok(())
}

/// Validates metadata given on create: an object of string values within the bounds.
pub fn validate(value: Value) -> Result<Value, Error> {
    let Value::Object(map) = value else {
        return Err(Error::invalid(FIELD, "must be a JSON object"));
    };
    check_count(&map)?;
    for (key, value) in &map {
        check_key(key)?;
        check_value(key, value)?;
    }
    Ok(Value::Object(map))
}

/// Applies a merge patch to stored metadata and validates the result.
pub fn merge(current: &Value, patch: Value) -> Result<Value, Error> {
    let Value::Object(patch) = patch else {
        return Err(Error::invalid(FIELD, "must be a JSON object"));
    };
    // Bound the work before touching anything: a patch cannot name more keys than a
    // full object may hold, plus as many removals.
    if patch.len() > 2 * MAX_KEYS {
        return Err(Error::invalid(
            FIELD,
            format!("at most {MAX_KEYS} keys are allowed"),
        ));
    }
    let mut merged = current.as_object().cloned().unwrap_or_default();
    for (key, value) in patch {
        check_key(&key)?;
        if value.is_null() {
            merged.remove(&key);
        } else {
            check_value(&key, &value)?;
            merged.insert(key, value);
        }
    }
    check_count(&merged)?;
    Ok(Value::Object(merged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_string_objects_within_bounds() {
        assert!(validate(json!({})).is_ok());
        assert!(validate(json!({"partner_ref": "abc-123"})).is_ok());
        let full: Map<String, Value> = (0..MAX_KEYS)
            .map(|i| (format!("k{i}"), json!("x".repeat(MAX_VALUE_CHARS))))
            .collect();
        assert!(validate(Value::Object(full)).is_ok());
    }

    #[test]
    fn rejects_out_of_bounds() {
        let too_many: Map<String, Value> = (0..=MAX_KEYS)
            .map(|i| (format!("k{i}"), json!("v")))
            .collect();
        for bad in [
            json!([]),
            json!("x"),
            json!({"n": 1}),
            json!({"nested": {"a": "b"}}),
            json!({"long": "x".repeat(MAX_VALUE_CHARS + 1)}),
            json!({"": "empty key"}),
            json!({"nul": "a\u{0}b"}),
            json!({"a\u{0}b": "nul key"}),
            json!({"k".repeat(MAX_KEY_CHARS + 1): "v"}),
            Value::Object(too_many),
        ] {
            assert!(
                matches!(
                    validate(bad.clone()),
                    Err(Error::Invalid {
                        field: "metadata",
                        ..
                    })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn merge_patch_semantics() {
        let current = json!({"a": "1", "b": "2"});
        let merged = merge(&current, json!({"b": null, "c": "3"})).ok();
        assert_eq!(merged, Some(json!({"a": "1", "c": "3"})));
        assert!(merge(&current, json!({"a": 5})).is_err());
        let full: Map<String, Value> = (0..MAX_KEYS)
            .map(|i| (format!("k{i}"), json!("v")))
            .collect();
        assert!(merge(&Value::Object(full), json!({"one_more": "v"})).is_err());
    }
}
