//! Errors raised around the handlers and before routing, over a raw socket: a request body
//! that stalls is answered `408 REQUEST_TIMEOUT` in the envelope within the configured timeout;
//! what the HTTP parser refuses itself (malformed request line, `Content-Length` with
//! `Transfer-Encoding`, a raw NUL, a 100 KB target, an oversized head, a stalled head) is
//! enveloped with a request id too (`gateway::server`); keep-alive and pipelined requests are
//! served as before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use common::TestApp;

/// Sends `raw` and reads until the server closes or `limit` passes; returns status, head, body.
async fn exchange(app: &TestApp, raw: &[u8], limit: Duration) -> (u16, String, Value) {
    let addr = app.base_url.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(raw).await.unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    buf.extend_from_slice(&chunk[..n]);
                    if response_complete(&buf) {
                        break;
                    }
                }
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "no complete response within {limit:?}: {:?}",
        String::from_utf8_lossy(&buf)
    );
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (
        status,
        head.to_owned(),
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

fn response_complete(buf: &[u8]) -> bool {
    let text = String::from_utf8_lossy(buf);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    length.is_some_and(|n| body.len() >= n)
}

fn assert_enveloped(status: u16, head: &str, body: &Value, expected: u16, code: &str) {
    assert_eq!(status, expected, "{head}\n{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    let id = body["meta"]["request_id"]
        .as_str()
        .expect("meta.request_id");
    assert!(
        head.to_ascii_lowercase()
            .contains(&format!("x-request-id: {}", id.to_ascii_lowercase())),
        "{head}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_body_gets_an_enveloped_408_within_the_timeout() {
    let app = TestApp::spawn_with(|c| c.body_read_timeout = Duration::from_secs(1)).await;
    let seed = app.seed().await;
    let raw = format!(
        "POST /api/partner/v1/customers HTTP/1.1\r\nHost: x\r\nX-Partner-Api-Key: {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"email\":",
        seed.secret
    );
    let started = Instant::now();
    let (status, head, body) = exchange(&app, raw.as_bytes(), Duration::from_secs(5)).await;
    assert_enveloped(status, &head, &body, 408, "REQUEST_TIMEOUT");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(4),
        "{took:?}"
    );

    // Unauthenticated routes read bodies under the same timeout.
    let raw = "POST /api/admin/v1/auth/login HTTP/1.1\r\nHost: x\r\n\
               Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{";
    let (status, head, body) = exchange(&app, raw.as_bytes(), Duration::from_secs(5)).await;
    assert_enveloped(status, &head, &body, 408, "REQUEST_TIMEOUT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_completes_in_time_is_served() {
    let app = TestApp::spawn_with(|c| c.body_read_timeout = Duration::from_secs(5)).await;
    let json = r#"{"email":"a@b.co","password":"wrong!"}"#;
    let raw = format!(
        "POST /api/admin/v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    );
    let (status, head, body) = exchange(&app, raw.as_bytes(), Duration::from_secs(10)).await;
    assert_enveloped(status, &head, &body, 401, "UNAUTHORIZED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn encoded_nul_and_long_queries_are_enveloped() {
    let app = TestApp::spawn().await;
    let raw = "GET /api/partner/v1/vehicles/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let (status, head, body) = exchange(&app, raw.as_bytes(), Duration::from_secs(5)).await;
    assert_enveloped(status, &head, &body, 401, "UNAUTHORIZED");
    let raw = format!(
        "GET /api/partner/v1/vehicles?{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a=b&".repeat(3_000)
    );
    let (status, head, body) = exchange(&app, raw.as_bytes(), Duration::from_secs(5)).await;
    assert_enveloped(status, &head, &body, 401, "UNAUTHORIZED");
}

/// What the HTTP parser refuses before routing, each on a fresh connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_the_parser_refuses_are_enveloped() {
    let app = TestApp::spawn().await;
    let huge_header = format!("X-Pad: {}\r\n", "a".repeat(8_000)).repeat(17);
    let cases: [(&str, Vec<u8>, u16, &str); 6] = [
        (
            "malformed request line",
            b"GET / HTTP/1.1 x\r\nHost: x\r\n\r\n".to_vec(),
            400,
            "VALIDATION_ERROR",
        ),
        (
            "Content-Length with Transfer-Encoding",
            b"POST /api/partner/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\
              Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                .to_vec(),
            400,
            "VALIDATION_ERROR",
        ),
        (
            "raw NUL in the path",
            b"GET /api/partner/v1/vehicles/a\0b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
            "VALIDATION_ERROR",
        ),
        (
            "100 KB query string",
            format!(
                "GET /api/partner/v1/vehicles?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
                "a".repeat(100_000)
            )
            .into_bytes(),
            400,
            "VALIDATION_ERROR",
        ),
        (
            "two different Content-Lengths",
            b"POST /api/partner/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\
              Content-Length: 3\r\n\r\n{}"
                .to_vec(),
            400,
            "VALIDATION_ERROR",
        ),
        (
            "a head over 128 KiB",
            format!("GET /api/partner/v1/me HTTP/1.1\r\nHost: x\r\n{huge_header}\r\n").into_bytes(),
            431,
            "VALIDATION_ERROR",
        ),
    ];
    for (what, raw, expected, code) in cases {
        let (status, head, body) = exchange(&app, &raw, Duration::from_secs(5)).await;
        assert_enveloped(status, &head, &body, expected, code);
        assert!(
            body["error"]["details"]["fields"][0]["field"].is_string(),
            "{what}: {body}"
        );
        assert!(
            head.to_ascii_lowercase().contains("connection: close"),
            "{what}: {head}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_head_gets_an_enveloped_408_within_the_client_request_timeout() {
    let app = TestApp::spawn().await;
    let started = Instant::now();
    let raw = b"GET /api/partner/v1/me HTTP/1.1\r\nHost: x\r\nX-Partner-Api-Key: fg";
    let (status, head, body) = exchange(&app, raw, Duration::from_secs(10)).await;
    assert_enveloped(status, &head, &body, 408, "REQUEST_TIMEOUT");
    // actix's client request timeout, 5 s, counted from the connection's first read.
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(4_500) && took < Duration::from_secs(8),
        "{took:?}"
    );
}

/// Reads one complete response from `stream` (leftover bytes stay in `buf`); `head_only` for
/// the answer to a HEAD (a `Content-Length` but no body).
async fn read_response(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    head_only: bool,
) -> (String, Vec<u8>) {
    let mut chunk = [0u8; 8192];
    loop {
        if let Some((head, body, used)) = split_response(buf, head_only) {
            buf.drain(..used);
            return (head, body);
        }
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .expect("a response in time")
            .unwrap();
        assert!(n > 0, "closed with {buf:?} unread");
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn split_response(buf: &[u8], head_only: bool) -> Option<(String, Vec<u8>, usize)> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let length = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .filter(|_| !head_only)
        .unwrap_or(0);
    (buf.len() >= end + length).then(|| (head, buf[end..end + length].to_vec(), end + length))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_alive_and_pipelined_requests_are_served_unchanged() {
    let app = TestApp::spawn().await;
    let seed = app.seed().await;
    let addr = app.base_url.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    let mut buf = Vec::new();
    let me = format!(
        "GET /api/partner/v1/me HTTP/1.1\r\nHost: x\r\nX-Partner-Api-Key: {}\r\n\r\n",
        seed.secret
    );
    // One at a time on a kept-alive connection, then three pipelined in one write, then a
    // HEAD alone (actix-http's codec takes HEAD-ness from the request it decoded last, so a
    // HEAD pipelined with a GET strips or adds a body whatever the connection layer does).
    stream.write_all(me.as_bytes()).await.unwrap();
    let mut answers = vec![read_response(&mut stream, &mut buf, false).await];
    let healthz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    let pipelined = format!("{me}{healthz}{healthz}");
    stream.write_all(pipelined.as_bytes()).await.unwrap();
    for _ in 0..3 {
        answers.push(read_response(&mut stream, &mut buf, false).await);
    }
    stream
        .write_all(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    answers.push(read_response(&mut stream, &mut buf, true).await);
    assert!(buf.is_empty(), "bytes beyond the responses: {buf:?}");
    for (head, body) in &answers[..2] {
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        let json: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(
            json["data"]["tenant"]["id"],
            seed.tenant.id.to_string(),
            "{json}"
        );
    }
    for (head, body) in &answers[2..4] {
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert_eq!(body, br#"{"status":"ok"}"#, "{head}");
    }
    // HEAD: the GET's (or the 405 envelope's) Content-Length, no body (the next response
    // below would not parse if a body followed).
    assert!(answers[4].0.starts_with("HTTP/1.1 "), "{}", answers[4].0);
    assert!(
        !answers[4]
            .0
            .to_ascii_lowercase()
            .contains("content-length: 0\r\n"),
        "{}",
        answers[4].0
    );
    for (head, _) in &answers {
        let lower = head.to_ascii_lowercase();
        assert!(lower.contains("x-request-id: "), "{head}");
        assert!(!lower.contains("connection: close"), "{head}");
    }

    // A malformed request pipelined after a good one: the good one is answered as usual,
    // then the envelope, then the connection closes.
    let raw = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1 x\r\nHost: x\r\n\r\n";
    stream.write_all(raw.as_bytes()).await.unwrap();
    let (head, body) = read_response(&mut stream, &mut buf, false).await;
    assert_eq!(body, br#"{"status":"ok"}"#, "{head}");
    let (head, body) = read_response(&mut stream, &mut buf, false).await;
    let status = head.split(' ').nth(1).unwrap().parse::<u16>().unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_enveloped(status, &head, &body, 400, "VALIDATION_ERROR");
    let mut tail = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut tail)).await;
    assert!(matches!(closed, Ok(Ok(0))), "{closed:?} {buf:?} {tail:?}");
}
