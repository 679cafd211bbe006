//! Compact JSON exactly as JavaScript's `JSON.stringify` writes it, so that integrators who
//! verify by re-serialising (`JSON.stringify(JSON.parse(body))`) get the signed bytes back.
//!
//! Differences from `serde_json::to_string` that matter:
//! - floats: `5.0` is written `5`, `1e21` is written `1e+21`, `1e16` is written
//!   `10000000000000000` (ECMAScript `Number::toString`); `-0.0` is written `0`;
//! - object keys that are array indices (`"0"`, `"42"`) come first in ascending numeric order,
//!   as JavaScript objects enumerate them, then the other keys in their order.

use serde_json::{Map, Number, Value};

/// `value` as compact, `JSON.stringify`-stable text.
pub fn to_js_string(value: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => write_object(out, map),
    }
}

/// An array index in JavaScript's sense: canonical decimal below 2^32 - 1.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|n| *n < u32::MAX)
}

fn write_object(out: &mut String, map: &Map<String, Value>) {
    let mut indices: Vec<(u32, &String, &Value)> = Vec::new();
    let mut others: Vec<(&String, &Value)> = Vec::new();
    for (k, v) in map {
        match array_index(k) {
            Some(n) => indices.push((n, k, v)),
            None => others.push((k, v)),
        }
    }
    indices.sort_by_key(|(n, _, _)| *n);
    out.push('{');
    let entries = indices.into_iter().map(|(_, k, v)| (k, v)).chain(others);
    for (i, (k, v)) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push(':');
        write_value(out, v);
    }
    out.push('}');
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(out: &mut String, n: &Number) {
    if let Some(i) = n.as_i64() {
        out.push_str(&i.to_string());
    } else if let Some(u) = n.as_u64() {
        out.push_str(&u.to_string());
    } else if let Some(f) = n.as_f64() {
        out.push_str(&js_number(f));
    } else {
        out.push_str("null");
    }
}

/// ECMAScript `Number::toString(x)` for a finite double (non-finite → `null`, as
/// `JSON.stringify` writes them).
pub fn js_number(x: f64) -> String {
    if !x.is_finite() {
        return "null".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, like ECMAScript requires.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = match sci.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (sci.as_str(), 0),
    };
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let k = digits.len() as i32;
    let n = exp + 1;
    let mut s = String::new();
    if x < 0.0 {
        s.push('-');
    }
    if k <= n && n <= 21 {
        s.push_str(&digits);
        s.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        s.push_str(&digits[..n as usize]);
        s.push('.');
        s.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', (-n) as usize));
        s.push_str(&digits);
    } else {
        let e = n - 1;
        s.push_str(&digits[..1]);
        if k > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if e < 0 { '-' } else { '+' });
        s.push_str(&e.abs().to_string());
    }
    s
}

/// The webhook body: `{"event","event_id","timestamp","data"}` in that order, compact and
/// `JSON.stringify`-stable.
pub fn payload(event: &str, event_id: &str, timestamp: &str, data: &Value) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"event\":");
    write_string(&mut out, event);
    out.push_str(",\"event_id\":");
    write_string(&mut out, event_id);
    out.push_str(",\"timestamp\":");
    write_string(&mut out, timestamp);
    out.push_str(",\"data\":");
    write_value(&mut out, data);
    out.push('}');
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_as_javascript_writes_them() {
        let cases = [
            (5.0, "5"),
            (5.2, "5.2"),
            (-0.0, "0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1e16, "10000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.5e-10, "1.5e-10"),
            (-2.5, "-2.5"),
            (52.52, "52.52"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ];
        for (x, expected) in cases {
            assert_eq!(js_number(x), expected, "{x:?}");
        }
    }

    #[test]
    fn compact_with_js_key_order_and_escapes() {
        let v = json!({"b": 1, "a": [5.0, true, null], "10": "x", "9": "y", "s": "é\u{1}\n\"\\/"});
        let s = to_js_string(&v);
        assert!(s.starts_with(r#"{"9":"y","10":"x","#), "{s}");
        assert!(s.contains(r#""a":[5,true,null]"#), "{s}");
        assert!(s.contains(r#""s":"é\u0001\n\"\\/""#), "{s}");
        assert!(!s.contains(' '));
    }
}
