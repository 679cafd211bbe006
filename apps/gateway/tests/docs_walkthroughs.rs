//! The walkthroughs of README.md and docs/ run as written, against a fresh `serve --demo`.
//!
//! For each document, the fenced blocks whose info string is `bash walkthrough` are joined in
//! order into one bash script (one terminal, shared variables), run with `set -euo pipefail`
//! against its own `gateway serve --demo` (own database, free port). The only changes to
//! the text are the documented variables: a line `export BASE=… KEY=… PASSWORD=…` is
//! replaced by the line that `serve --demo` printed (the docs tell readers to paste exactly
//! that), a line `export HOOK_PORT=…` gets a free port, and the scripts of the other
//! documents start with that printed line. The server gets the environment of the document's
//! own `… serve --demo` line (e.g. `WEBHOOK_ALLOW_PRIVATE_TARGETS=true`).
//!
//! What the docs show is checked: a comment line
//! `# → 201, data.status = "active", data.plan set` states the HTTP status of the last `curl`
//! before it and the fields of its JSON body (a dotted path with `[n]` indices, `= <JSON>` for
//! a value, `set` for present and not null). Every other `curl` must answer 2xx. Failures
//! name the document, the line and the expectation.
//!
//! Needs `bash`, `curl`, `jq` and (for the webhook receiver) `python3` on the PATH.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use db::test_db::TestDb;
use serde_json::Value;

const SCRIPT_TIMEOUT: Duration = Duration::from_secs(180);
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// One `# → …` line.
#[derive(Debug, Clone)]
struct Expectation {
    line: usize,
    text: String,
    status: u16,
    fields: Vec<(String, Option<Value>)>,
}

/// A document's walkthrough: script lines with their document line numbers.
struct Walkthrough {
    doc: &'static str,
    lines: Vec<(usize, String)>,
    expectations: Vec<Expectation>,
    server_env: Vec<(String, String)>,
}

fn parse_expectation(doc: &str, line: usize, raw: &str) -> Expectation {
    let text = raw.trim_start().trim_start_matches('#').trim().to_owned();
    let fail =
        |why: &str| -> ! { panic!("{doc}:{line}: cannot read the expectation `{text}`: {why}") };
    let rest = text
        .strip_prefix('→')
        .unwrap_or_else(|| fail("no →"))
        .trim();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let status = digits
        .parse()
        .unwrap_or_else(|_| fail("no HTTP status after →"));
    let mut rest = rest[digits.len()..].trim_start();
    let mut fields = Vec::new();
    while let Some(r) = rest.strip_prefix(',') {
        let r = r.trim_start();
        let path: String = r.chars().take_while(|c| !c.is_whitespace()).collect();
        let r = r[path.len()..].trim_start();
        if let Some(r) = r.strip_prefix("set") {
            fields.push((path, None));
            rest = r.trim_start();
        } else if let Some(r) = r.strip_prefix('=') {
            let mut values = serde_json::Deserializer::from_str(r).into_iter::<Value>();
            let value = match values.next() {
                Some(Ok(v)) => v,
                _ => fail("the value after = is not JSON"),
            };
            let used = values.byte_offset();
            fields.push((path, Some(value)));
            rest = r[used..].trim_start();
        } else {
            fail("a field needs `= <JSON>` or `set`");
        }
    }
    if !rest.is_empty() {
        fail(&format!("unexpected `{rest}`"));
    }
    Expectation {
        line,
        text,
        status,
        fields,
    }
}

/// The environment of a `[VAR=value …] cargo run -p gateway -- serve --demo` line (in a
/// block or inline), or `None` when the line starts no demo.
fn serve_env(line: &str) -> Option<Vec<(String, String)>> {
    let at = line.find("cargo run -p gateway -- serve --demo")?;
    let mut env: Vec<(String, String)> = line[..at]
        .split_whitespace()
        .rev()
        .map(|w| w.trim_start_matches('`'))
        .map_while(|w| {
            w.split_once('=').filter(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            })
        })
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    env.reverse();
    Some(env)
}

fn walkthrough(doc: &'static str) -> Walkthrough {
    let path = repo_root().join(doc);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let mut lines = Vec::new();
    let mut expectations = Vec::new();
    let mut server_env = None;
    let mut block: Option<(usize, bool)> = None; // (indent, is walkthrough)
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = raw.trim_start();
        let indent = raw.len() - trimmed.len();
        if server_env.is_none() {
            server_env = serve_env(raw);
        }
        if let Some(info) = trimmed.strip_prefix("```") {
            block = match block {
                None => Some((indent, info.trim() == "bash walkthrough")),
                Some(_) => None,
            };
            continue;
        }
        let Some((block_indent, run)) = block else {
            continue;
        };
        let line = raw.get(block_indent.min(indent)..).unwrap_or("");
        if !run {
            continue;
        }
        if line.trim_start().starts_with("# →") {
            expectations.push(parse_expectation(doc, n, line));
        }
        lines.push((n, line.to_owned()));
    }
    assert!(
        !expectations.is_empty(),
        "{doc}: no ```bash walkthrough block with a `# → <status>` expectation"
    );
    Walkthrough {
        doc,
        lines,
        expectations,
        server_env: server_env.unwrap_or_else(|| {
            panic!(
                "{doc}: no `cargo run -p gateway -- serve --demo` line tells how to start the demo"
            )
        }),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Server {
    child: Child,
    export_line: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_demo(w: &Walkthrough, database_url: &str, log_dir: &Path) -> Server {
    let port = free_port();
    let stderr = std::fs::File::create(log_dir.join("server.stderr")).expect("server log");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gateway"));
    cmd.args(["serve", "--demo"])
        .env_remove("REDIS_URL")
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("DB_POOL_SIZE", "4")
        .env("WORKERS", "1")
        .env("LOG_FORMAT", "json")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr);
    for (k, v) in &w.server_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn gateway serve --demo");
    let stdout = child.stdout.take().expect("server stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.trim_start().starts_with("export BASE=") {
                let _ = tx.send(line.trim().to_owned());
            }
        }
    });
    match rx.recv_timeout(STARTUP_TIMEOUT) {
        Ok(export_line) => Server { child, export_line },
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{}: `serve --demo` printed no `export BASE=…` line within {STARTUP_TIMEOUT:?}; its log: {}",
                w.doc,
                std::fs::read_to_string(log_dir.join("server.stderr")).unwrap_or_default()
            )
        }
    }
}

const PRELUDE: &str = r#"set -euo pipefail
__n() { cat "$__LOG/count" 2>/dev/null || echo 0; }
curl() {
  local n=$(( $(__n) + 1 ))
  echo "$n" > "$__LOG/count"
  echo "${BASH_LINENO[0]}" > "$__LOG/$n.line"
  command curl -D "$__LOG/$n.headers" "$@" | tee "$__LOG/$n.body"
}
__expect() { echo "$1 $(__n)" >> "$__LOG/marks"; }
trap 'echo "$LINENO" > "$__LOG/failed"' ERR
"#;

/// Runs the walkthrough's script; returns a list of failures (empty = passed).
fn run(w: &Walkthrough, server: &Server, log_dir: &Path) -> Vec<String> {
    let prelude_lines = PRELUDE.lines().count();
    let mut script = String::from(PRELUDE);
    script.push_str(&server.export_line);
    script.push('\n');
    let first_doc_line = prelude_lines + 2; // script line of the document's first line
    let mut expectation_no = 0;
    for (_, line) in &w.lines {
        let t = line.trim_start();
        if t.starts_with("export BASE=") {
            script.push_str(&server.export_line);
        } else if t.starts_with("export HOOK_PORT=") {
            script.push_str(&format!("export HOOK_PORT={}", free_port()));
        } else if t.starts_with("# →") {
            script.push_str(&format!("__expect {expectation_no}"));
            expectation_no += 1;
        } else {
            script.push_str(line);
        }
        script.push('\n');
    }
    let doc_line = |script_line: usize| -> String {
        script_line
            .checked_sub(first_doc_line)
            .and_then(|i| w.lines.get(i))
            .map(|(n, text)| format!("{}:{n} `{}`", w.doc, text.trim()))
            .unwrap_or_else(|| format!("script line {script_line}"))
    };
    let script_path = log_dir.join("walkthrough.sh");
    std::fs::write(&script_path, &script).expect("write script");

    let output_path = log_dir.join("output.txt");
    let output = std::fs::File::create(&output_path).expect("output file");
    let mut child = Command::new("bash")
        .arg(&script_path)
        .current_dir(repo_root())
        .env("__LOG", log_dir)
        .stdin(Stdio::null())
        .stdout(output.try_clone().expect("output"))
        .stderr(output)
        .process_group(0)
        .spawn()
        .expect("bash (the walkthroughs need bash, curl, jq and python3)");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for bash") {
            break Some(status);
        }
        if started.elapsed() > SCRIPT_TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // The script and whatever it left in the background (the webhook receiver). The `--`
    // matters: procps' kill reads `-KILL -<pgid>` without it as no process group at all.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();

    let output = std::fs::read_to_string(&output_path).unwrap_or_default();
    let tail: String = {
        let lines: Vec<&str> = output.lines().collect();
        lines[lines.len().saturating_sub(25)..].join("\n")
    };
    let mut failures = Vec::new();
    match status {
        None => failures.push(format!(
            "{}: the walkthrough did not finish within {SCRIPT_TIMEOUT:?}",
            w.doc
        )),
        Some(s) if !s.success() => {
            let at = std::fs::read_to_string(log_dir.join("failed"))
                .ok()
                .and_then(|l| l.trim().parse().ok())
                .map(doc_line)
                .unwrap_or_else(|| "an unknown line".to_owned());
            failures.push(format!("{}: the walkthrough failed ({s}) at {at}", w.doc));
        }
        Some(_) => {}
    }

    // Which curl each reached expectation looked at.
    let marks: BTreeMap<usize, usize> = std::fs::read_to_string(log_dir.join("marks"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (a, b) = l.split_once(' ')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .collect();
    let count: usize = std::fs::read_to_string(log_dir.join("count"))
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    let response = |n: usize| -> (Option<u16>, String, String) {
        let headers =
            std::fs::read_to_string(log_dir.join(format!("{n}.headers"))).unwrap_or_default();
        let status = headers
            .lines()
            .rfind(|l| l.starts_with("HTTP/"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok());
        let mut body =
            std::fs::read_to_string(log_dir.join(format!("{n}.body"))).unwrap_or_default();
        if body.starts_with("HTTP/") {
            // curl -i: the headers are in the output too.
            body = body
                .split_once("\r\n\r\n")
                .map(|(_, b)| b.to_owned())
                .unwrap_or_default();
        }
        let line = std::fs::read_to_string(log_dir.join(format!("{n}.line")))
            .ok()
            .and_then(|l| l.trim().parse().ok())
            .map(doc_line)
            .unwrap_or_default();
        (status, body, line)
    };
    let checked: Vec<usize> = marks.values().copied().collect();
    for n in 1..=count {
        if checked.contains(&n) {
            continue;
        }
        let (status, body, line) = response(n);
        if !status.is_some_and(|s| (200..300).contains(&s)) {
            failures.push(format!(
                "{line}: answered {status:?} where the document shows no error (add a `# → <status>` line if it is meant to): {}",
                truncate(&body)
            ));
        }
    }
    for (i, e) in w.expectations.iter().enumerate() {
        let Some(&n) = marks.get(&i) else {
            failures.push(format!(
                "{}:{}: `{}` was not reached",
                w.doc, e.line, e.text
            ));
            continue;
        };
        if n == 0 {
            failures.push(format!(
                "{}:{}: `{}` follows no curl",
                w.doc, e.line, e.text
            ));
            continue;
        }
        let (status, body, line) = response(n);
        if status != Some(e.status) {
            failures.push(format!(
                "{}:{}: `{}`: the request ({line}) answered {status:?}: {}",
                w.doc,
                e.line,
                e.text,
                truncate(&body)
            ));
            continue;
        }
        if e.fields.is_empty() {
            continue;
        }
        let json: Value = match serde_json::from_str(&body) {
            Ok(v) => v,
            Err(err) => {
                failures.push(format!(
                    "{}:{}: `{}`: the body of {line} is not JSON ({err}): {}",
                    w.doc,
                    e.line,
                    e.text,
                    truncate(&body)
                ));
                continue;
            }
        };
        for (path, want) in &e.fields {
            let got = lookup(&json, path);
            let ok = match (want, got) {
                (None, Some(v)) => !v.is_null(),
                (Some(want), Some(got)) => want == got,
                (_, None) => false,
            };
            if !ok {
                let want = want
                    .as_ref()
                    .map(|v| format!("= {v}"))
                    .unwrap_or_else(|| "set".to_owned());
                failures.push(format!(
                    "{}:{}: expected {path} {want}, got {} (request at {line}; body: {})",
                    w.doc,
                    e.line,
                    got.map(Value::to_string)
                        .unwrap_or_else(|| "nothing".to_owned()),
                    truncate(&body)
                ));
            }
        }
    }
    if !failures.is_empty() {
        failures.push(format!(
            "(script, responses and server log in {}; last output lines:)\n{tail}",
            log_dir.display()
        ));
    }
    failures
}

fn truncate(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(600) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// `data.rejected[0].code` in a JSON value.
fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        let (name, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            cur = cur.get(name)?;
        }
        for index in indices.split('[').skip(1) {
            cur = cur.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(cur)
}

async fn check(doc: &'static str) {
    let w = walkthrough(doc);
    let db = TestDb::new().await;
    let log_dir = std::env::temp_dir().join(format!(
        "fleetgate-docs-{}-{}",
        doc.replace(['/', '.'], "_"),
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&log_dir).expect("log dir");
    let failures = {
        let server = start_demo(&w, db.url(), &log_dir);
        run(&w, &server, &log_dir)
    };
    assert!(
        failures.is_empty(),
        "\n{doc}: the walkthrough does not do what the document shows:\n{}\n",
        failures.join("\n")
    );
    let _ = std::fs::remove_dir_all(&log_dir);
}

#[tokio::test]
async fn readme_walkthrough() {
    check("README.md").await;
}

#[tokio::test]
async fn rides_and_wallet_walkthrough() {
    check("docs/rides-and-wallet.md").await;
}

#[tokio::test]
async fn management_walkthrough() {
    check("docs/management.md").await;
}

#[tokio::test]
async fn webhooks_walkthrough() {
    check("docs/webhooks.md").await;
}

#[tokio::test]
async fn telematics_walkthrough() {
    check("docs/telematics.md").await;
}

#[tokio::test]
async fn errors_walkthrough() {
    check("docs/errors.md").await;
}
