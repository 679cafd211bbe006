//! docs/errors.md lists every error code and every `details.reason` the gateway can emit.
//!
//! The codes and reasons are collected from the source, not from a copied list:
//! - codes: `envelope::ErrorCode::ALL` plus every `ErrorCode::<Variant>` named anywhere in the
//!   non-test source of `apps/` and `crates/` (so a variant used but left out of `ALL` counts);
//! - reasons: the first argument of every `unauthorized(…)` / `forbidden(…)` call (401 / 403)
//!   and the value of every `.with("reason", …)`. A reason that is not a string literal at
//!   its call site fails the test, so no reason can hide behind a variable.
//!
//! And the reverse: every reason in the catalogue's Reasons table is one the source emits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "tests" | "target" | "benches" | "node_modules"
            ) {
                rust_sources(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The source with every `#[cfg(test)]` item (usually `mod tests { … }`) blanked out.
fn without_tests(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        // The item ends at the `;` before any `{`, or at the brace that closes the first `{`.
        let end = match (item.find('{'), item.find(';')) {
            (Some(open), Some(semi)) if semi < open => semi + 1,
            (Some(open), _) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (i, c) in item[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = open + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, Some(semi)) => semi + 1,
            (None, None) => item.len(),
        };
        // Keep the line count so reported line numbers stay right.
        out.extend(item[..end].chars().filter(|c| *c == '\n'));
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The string literal that starts `s` after optional whitespace, if any.
fn leading_literal(s: &str) -> Option<&str> {
    let s = s.trim_start();
    let body = s.strip_prefix('"')?;
    body.find('"').map(|end| &body[..end])
}

fn screaming_snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[derive(Default)]
struct Emitted {
    /// code -> where it is named
    codes: BTreeMap<String, String>,
    /// reason -> (HTTP status when the constructor fixes it, where it is emitted)
    reasons: BTreeMap<String, (Option<u16>, String)>,
    problems: Vec<String>,
}

fn collect() -> Emitted {
    let root = repo_root();
    let mut files = Vec::new();
    rust_sources(&root.join("apps"), &mut files);
    rust_sources(&root.join("crates"), &mut files);
    files.sort();
    assert!(
        files.len() > 20,
        "found only {} source files under {}",
        files.len(),
        root.display()
    );

    let mut e = Emitted::default();
    for code in envelope::ErrorCode::ALL {
        e.codes.insert(
            code.as_str().to_owned(),
            "envelope::ErrorCode::ALL".to_owned(),
        );
    }
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let Ok(raw) = std::fs::read_to_string(&file) else {
            continue;
        };
        let src = without_tests(&raw);
        let line_of = |at: usize| src[..at].matches('\n').count() + 1;
        // The constructors themselves take the reason as a parameter.
        let constructors = rel.ends_with("crates/envelope/src/error.rs");

        for (call, status) in [("unauthorized(", 401u16), ("forbidden(", 403u16)] {
            for (at, _) in src.match_indices(call) {
                let before = &src[..at];
                if before.ends_with("fn ") || before.ends_with("is_") || !before.ends_with("::") {
                    // `fn unauthorized(`, `is_forbidden(`, or a local helper of another name.
                    continue;
                }
                let place = format!("{rel}:{}", line_of(at));
                match leading_literal(&src[at + call.len()..]) {
                    Some(reason) => {
                        e.reasons.insert(reason.to_owned(), (Some(status), place));
                    }
                    None => e.problems.push(format!(
                        "{place}: the reason of `{call}…)` is not a string literal; write the literal at the call site so this test can see it"
                    )),
                }
            }
        }
        for (at, _) in src.match_indices(".with(\"reason\",") {
            let place = format!("{rel}:{}", line_of(at));
            match leading_literal(&src[at + ".with(\"reason\",".len()..]) {
                Some(reason) => {
                    e.reasons.entry(reason.to_owned()).or_insert((None, place));
                }
                None if constructors => {}
                None => e.problems.push(format!(
                    "{place}: `.with(\"reason\", …)` with a value that is not a string literal; write the literal at the call site so this test can see it"
                )),
            }
        }
        for (at, _) in src.match_indices("ErrorCode::") {
            let name: String = src[at + "ErrorCode::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && name != "ALL" {
                e.codes
                    .entry(screaming_snake(&name))
                    .or_insert_with(|| format!("{rel}:{}", line_of(at)));
            }
        }
    }
    e
}

fn catalogue() -> String {
    let path = repo_root().join("docs/errors.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Table rows of docs/errors.md as their cells (trimmed).
fn rows(doc: &str) -> Vec<Vec<String>> {
    doc.lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn every_error_code_the_gateway_can_emit_is_in_the_catalogue() {
    let emitted = collect();
    let all: BTreeSet<&str> = envelope::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    let doc = catalogue();
    let rows = rows(&doc);
    let mut missing = Vec::new();
    for (code, place) in &emitted.codes {
        let Some(known) = envelope::ErrorCode::ALL.iter().find(|c| c.as_str() == code) else {
            missing.push(format!(
                "{code} (named at {place}) is not in envelope::ErrorCode::ALL {all:?}"
            ));
            continue;
        };
        let status = known.status().to_string();
        let cell = format!("`{code}`");
        if !rows
            .iter()
            .any(|r| r.len() > 1 && r[0] == status && r[1] == cell)
        {
            missing.push(format!(
                "docs/errors.md has no table row `| {status} | {cell} | … |` for the code {code} (named at {place})"
            ));
        }
    }
    assert!(missing.is_empty(), "\n{}\n", missing.join("\n"));
}

#[test]
fn every_reason_the_gateway_can_emit_is_in_the_catalogue_and_no_other() {
    let emitted = collect();
    assert!(
        emitted.problems.is_empty(),
        "\n{}\n",
        emitted.problems.join("\n")
    );
    // The collection is real: it finds the reasons of keys, tokens, sessions and ride ends.
    for known in [
        "revoked_api_key",
        "expired_token",
        "invalid_session",
        "insufficient_role",
        "no_parking_zone",
    ] {
        assert!(
            emitted.reasons.contains_key(known),
            "the scan no longer finds {known}"
        );
    }
    let doc = catalogue();
    let rows = rows(&doc);
    let mut missing = Vec::new();
    for (reason, (status, place)) in &emitted.reasons {
        let cell = format!("`{reason}`");
        let Some(row) = rows.iter().find(|r| r.first() == Some(&cell)) else {
            missing.push(format!(
                "docs/errors.md, section Reasons: no row `| {cell} | <HTTP> | <code> | <when> | <details> |` for the reason {reason} (emitted at {place})"
            ));
            continue;
        };
        if let Some(status) = status {
            if row.get(1).map(String::as_str) != Some(status.to_string().as_str()) {
                missing.push(format!(
                    "docs/errors.md: the row of {cell} says HTTP {:?}, the gateway answers {status} (at {place})",
                    row.get(1)
                ));
            }
        }
    }
    // The reverse: a documented reason nothing emits is stale.
    let section = doc
        .split("\n## Reasons")
        .nth(1)
        .map(|s| s.split("\n## ").next().unwrap_or(s))
        .expect("docs/errors.md has a `## Reasons` section");
    for row in self::rows(section) {
        let Some(first) = row.first() else { continue };
        if row.get(1).map(String::as_str) == Some("HTTP") {
            continue; // the header
        }
        let Some(reason) = first.strip_prefix('`').and_then(|r| r.strip_suffix('`')) else {
            continue;
        };
        if !emitted.reasons.contains_key(reason) {
            missing.push(format!(
                "docs/errors.md, section Reasons: {first} is documented but nothing in apps/ or crates/ emits it"
            ));
        }
    }
    assert!(missing.is_empty(), "\n{}\n", missing.join("\n"));
}
