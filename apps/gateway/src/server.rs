//! The HTTP/1 server: actix-server accepts TCP connections and actix-http's h1 dispatcher
//! serves the `App` on each, exactly as `actix_web::HttpServer` does (same keep-alive, client
//! request and disconnect timeouts, half-close, graceful-shutdown signal, workers, shutdown
//! timeout), with one difference: every connection goes through [`Enveloping`], which turns
//! the few responses the dispatcher writes *itself*, before any middleware runs, into the
//! error envelope with a request id.
//!
//! Those responses are a malformed request line or header, `Content-Length` with
//! `Transfer-Encoding`, a raw NUL in the target, a target over 65 534 bytes (`400`), a head
//! over the 128 KiB buffer (`431`), a head not complete within the client request timeout
//! (`408`), and the dispatcher's own internal failures (`500`). actix-http has no hook for them
//! (`Response::bad_request().drop_body()` and friends in `h1/dispatcher.rs`). They are
//! recognisable on the wire: a head of exactly `HTTP/1.x <400|408|431|500> <reason>`,
//! `content-length: 0`, an optional `connection` and a `date` header, nothing else, and the
//! last bytes the dispatcher has buffered. Every response built by the `App` carries
//! `X-Request-Id` (the envelope middleware sets it on all of them), so none of them can look
//! like that; only a response *body* ending with such a head at the very end of a write could,
//! and only a client echoing one to itself can arrange that. Everything else passes through
//! byte for byte.

use std::future::ready;
use std::io;
use std::marker::PhantomData;
use std::net::TcpListener;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use actix_http::body::MessageBody;
use actix_http::{HttpService, KeepAlive, Request, Response};
use actix_server::{Server, ServerBuilder};
use actix_service::{
    fn_service, map_config, IntoServiceFactory, ServiceFactory, ServiceFactoryExt,
};
use actix_web::dev::{AppConfig, Service};
use actix_web::rt::net::TcpStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use envelope::{ApiError, ErrorCode, Meta, RequestId};

/// actix-web's `HttpServer` defaults, kept as they were before this module existed.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// The app factory's types, without owning any (and `Send` whatever they are).
type AppTypes<I, S, B> = PhantomData<fn() -> (I, S, B)>;

/// `actix_web::HttpServer` for HTTP/1 over [`Enveloping`] connections; the same builder calls.
pub struct GatewayServer<F, I, S, B> {
    factory: F,
    builder: ServerBuilder,
    _app: AppTypes<I, S, B>,
}

impl<F, I, S, B> GatewayServer<F, I, S, B>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<actix_web::Error> + 'static,
    S::InitError: std::fmt::Debug,
    S::Response: Into<Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    /// `factory` builds one `App` per worker.
    pub fn new(factory: F) -> Self {
        Self {
            factory,
            builder: ServerBuilder::default(),
            _app: PhantomData,
        }
    }

    /// Serves on an already bound listener (its configuration is left as it is).
    pub fn listen(mut self, listener: TcpListener) -> io::Result<Self> {
        let addr = listener.local_addr()?;
        let factory = self.factory.clone();
        let shutdown = self.builder.graceful_shutdown_signal();
        self.builder = self
            .builder
            .listen(format!("gateway-{addr}"), listener, move || {
                let shutdown = shutdown.clone();
                let app = factory()
                    .into_factory()
                    .map_err(|err| err.into().error_response());
                let h1 = HttpService::build()
                    .graceful_shutdown_signal(move || {
                        let signal = shutdown.clone();
                        async move { signal.notified().await }
                    })
                    .keep_alive(KeepAlive::default())
                    .client_request_timeout(CLIENT_REQUEST_TIMEOUT)
                    .client_disconnect_timeout(CLIENT_DISCONNECT_TIMEOUT)
                    .h1_allow_half_closed(true)
                    .local_addr(addr)
                    .h1(map_config(app, move |()| {
                        // What HttpServer passes (`AppConfig::new` is crate-private there).
                        AppConfig::__priv_test_new(false, addr.to_string(), addr)
                    }));
                fn_service(|io: TcpStream| {
                    let peer = io.peer_addr().ok();
                    ready(Ok((Enveloping::new(io), peer)))
                })
                .and_then(h1)
            })?;
        Ok(self)
    }

    /// Seconds in-flight requests get after SIGTERM (or `ServerHandle::stop(true)`).
    pub fn shutdown_timeout(mut self, secs: u64) -> Self {
        self.builder = self.builder.shutdown_timeout(secs);
        self
    }

    /// Worker threads (default: the number of CPUs).
    pub fn workers(mut self, n: usize) -> Self {
        self.builder = self.builder.workers(n);
        self
    }

    /// Starts accepting; SIGTERM stops gracefully, SIGINT and SIGQUIT at once.
    pub fn run(self) -> Server {
        self.builder.run()
    }
}

/// A connection whose dispatcher-made error responses are rewritten into envelopes on their
/// way out (see the module docs); reads and every other write pass through untouched.
pub struct Enveloping<T> {
    io: T,
    replacing: Option<Replacement>,
}

/// The enveloped response standing in for `replaces` bytes of the dispatcher's write buffer.
struct Replacement {
    bytes: Vec<u8>,
    written: usize,
    replaces: usize,
}

impl<T> Enveloping<T> {
    pub fn new(io: T) -> Self {
        Self {
            io,
            replacing: None,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Enveloping<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Enveloping<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.replacing.is_none() {
            match find_error_head(buf) {
                None => return Pin::new(&mut this.io).poll_write(cx, buf),
                // Write what precedes the head first, so that the head starts a later write.
                Some(at) if at > 0 => return Pin::new(&mut this.io).poll_write(cx, &buf[..at]),
                Some(_) => this.replacing = enveloped(buf),
            }
        }
        // The dispatcher retries the same bytes until they are accepted, so a replacement
        // half written when the socket was full resumes here.
        let Some(r) = this.replacing.as_mut() else {
            return Pin::new(&mut this.io).poll_write(cx, buf);
        };
        while r.written < r.bytes.len() {
            match ready!(Pin::new(&mut this.io).poll_write(cx, &r.bytes[r.written..]))? {
                0 => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                n => r.written += n,
            }
        }
        let replaced = r.replaces.min(buf.len());
        this.replacing = None;
        Poll::Ready(Ok(replaced))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// The longest head the dispatcher writes for its own errors (status line, three headers).
const MAX_ERROR_HEAD: usize = 160;

/// Where in `buf` a dispatcher error head starts that runs to the very end of `buf`.
fn find_error_head(buf: &[u8]) -> Option<usize> {
    if !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let from = buf.len().saturating_sub(MAX_ERROR_HEAD);
    (from..buf.len())
        .find(|&at| buf[at..].starts_with(b"HTTP/1.") && ErrorHead::parse(&buf[at..]).is_some())
}

/// A response head the h1 dispatcher wrote for a request it refused before routing.
#[derive(Debug, PartialEq, Eq)]
struct ErrorHead<'a> {
    /// `HTTP/1.1 400 Bad Request`
    status_line: &'a str,
    status: u16,
    date: &'a str,
}

impl<'a> ErrorHead<'a> {
    fn parse(head: &'a [u8]) -> Option<Self> {
        let text = std::str::from_utf8(head.strip_suffix(b"\r\n\r\n")?).ok()?;
        let mut lines = text.split("\r\n");
        let status_line = lines.next()?;
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next()?;
        let status: u16 = parts.next()?.parse().ok()?;
        let reason = parts.next()?;
        let canonical = actix_http::StatusCode::from_u16(status)
            .ok()?
            .canonical_reason()?;
        if !matches!(version, "HTTP/1.0" | "HTTP/1.1")
            || !matches!(status, 400 | 408 | 431 | 500)
            || reason != canonical
        {
            return None;
        }
        let (mut empty_length, mut date) = (false, None);
        for line in lines {
            let (name, value) = line.split_once(": ")?;
            match name.to_ascii_lowercase().as_str() {
                "content-length" if value == "0" && !empty_length => empty_length = true,
                "date" if date.is_none() => date = Some(value),
                "connection" => {}
                _ => return None,
            }
        }
        Some(Self {
            status_line,
            status,
            date: date.filter(|_| empty_length)?,
        })
    }

    /// What the refusal means, in the envelope's terms.
    fn api_error(&self) -> ApiError {
        match self.status {
            400 => ApiError::invalid_field(
                "request",
                "not a well-formed HTTP/1.1 request (request line, header syntax, framing \
                 headers, or a target over 65 534 bytes)",
            ),
            408 => ApiError::new(
                ErrorCode::RequestTimeout,
                "The request head did not arrive in time",
            ),
            431 => ApiError::invalid_field("headers", "the request head is over 128 KiB"),
            _ => ApiError::internal(),
        }
    }
}

/// The enveloped response for the dispatcher error head `head` (all of it).
fn enveloped(head: &[u8]) -> Option<Replacement> {
    let parsed = ErrorHead::parse(head)?;
    let id = RequestId::generate();
    let body = serde_json::to_vec(&parsed.api_error().envelope(Meta::new(&id))).ok()?;
    tracing::debug!(
        request_id = %id,
        status = parsed.status,
        "request refused by the HTTP parser before routing"
    );
    let mut bytes = format!(
        "{}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: {}\r\n\
         connection: close\r\ndate: {}\r\n\r\n",
        parsed.status_line,
        body.len(),
        id.as_str(),
        parsed.date
    )
    .into_bytes();
    bytes.extend_from_slice(&body);
    Some(Replacement {
        bytes,
        written: 0,
        replaces: head.len(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const DATE: &str = "Fri, 04 Dec 2026 16:40:00 GMT";

    fn head(status_line: &str, headers: &str) -> Vec<u8> {
        format!("{status_line}\r\n{headers}\r\n").into_bytes()
    }

    #[test]
    fn recognises_each_dispatcher_error_head() {
        for (line, status) in [
            ("HTTP/1.1 400 Bad Request", 400),
            ("HTTP/1.1 408 Request Timeout", 408),
            ("HTTP/1.1 431 Request Header Fields Too Large", 431),
            ("HTTP/1.0 500 Internal Server Error", 500),
        ] {
            let bytes = head(line, &format!("content-length: 0\r\ndate: {DATE}\r\n"));
            let parsed = ErrorHead::parse(&bytes).expect(line);
            assert_eq!((parsed.status, parsed.date), (status, DATE));
            let bytes = head(
                line,
                &format!("content-length: 0\r\nconnection: close\r\ndate: {DATE}\r\n"),
            );
            assert!(ErrorHead::parse(&bytes).is_some(), "{line}");
        }
    }

    #[test]
    fn leaves_every_other_head_alone() {
        let ok = |line: &str, headers: &str| ErrorHead::parse(&head(line, headers)).is_none();
        let plain = format!("content-length: 0\r\ndate: {DATE}\r\n");
        // Ours always carry X-Request-Id, and a body.
        assert!(ok(
            "HTTP/1.1 400 Bad Request",
            &format!("content-length: 0\r\nx-request-id: req_1\r\ndate: {DATE}\r\n")
        ));
        assert!(ok(
            "HTTP/1.1 400 Bad Request",
            &format!("content-length: 12\r\ndate: {DATE}\r\n")
        ));
        assert!(ok("HTTP/1.1 404 Not Found", &plain));
        assert!(ok("HTTP/1.1 204 No Content", &format!("date: {DATE}\r\n")));
        assert!(ok("HTTP/1.1 400 Nope", &plain));
        assert!(ok("HTTP/2 400 Bad Request", &plain));
        assert!(ok("HTTP/1.1 400 Bad Request", "content-length: 0\r\n"));
    }

    #[test]
    fn finds_the_head_only_at_the_end_of_a_write() {
        let error = head(
            "HTTP/1.1 400 Bad Request",
            &format!("content-length: 0\r\ndate: {DATE}\r\n"),
        );
        let previous = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec();
        let pipelined = [previous.clone(), error.clone()].concat();
        assert_eq!(find_error_head(&pipelined), Some(previous.len()));
        assert_eq!(find_error_head(&error), Some(0));
        assert_eq!(find_error_head(&[error.clone(), previous].concat()), None);
        assert_eq!(find_error_head(&error[..error.len() - 2]), None);
    }

    /// An in-memory socket that takes at most `chunk` bytes per write.
    struct Sink {
        out: Vec<u8>,
        chunk: usize,
    }

    impl AsyncWrite for Sink {
        fn poll_write(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            let this = self.get_mut();
            let n = buf.len().min(this.chunk);
            this.out.extend_from_slice(&buf[..n]);
            Poll::Ready(Ok(n))
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    /// Writes `buf` through a connection the way the dispatcher flushes its write buffer
    /// (the rest again until all is taken), over a socket taking `chunk` bytes at a time.
    fn through(buf: &[u8], chunk: usize) -> Vec<u8> {
        let mut conn = Enveloping::new(Sink {
            out: Vec::new(),
            chunk,
        });
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut written = 0;
        while written < buf.len() {
            match Pin::new(&mut conn).poll_write(&mut cx, &buf[written..]) {
                Poll::Ready(Ok(n)) if n > 0 => written += n,
                other => panic!("{other:?}"),
            }
        }
        conn.io.out
    }

    #[test]
    fn every_other_response_passes_byte_for_byte_in_any_chunking() {
        let traffic = [
            "HTTP/1.1 200 OK\r\ncontent-length: 15\r\ncontent-type: application/json\r\n\
             x-request-id: req_1\r\ndate: ",
            DATE,
            "\r\n\r\n{\"status\":\"ok\"}HTTP/1.1 204 No Content\r\nx-request-id: req_2\r\ndate: ",
            DATE,
            "\r\n\r\nHTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nx-request-id: req_3\r\n\
             date: ",
            DATE,
            "\r\n\r\n",
        ]
        .concat()
        .into_bytes();
        for chunk in [1, 7, 64, 4096] {
            assert_eq!(through(&traffic, chunk), traffic, "chunk {chunk}");
        }
    }

    #[test]
    fn a_pipelined_error_after_answers_is_replaced_and_nothing_before_it() {
        let answered = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-request-id: req_1\r\n\r\n{}";
        let error = head(
            "HTTP/1.1 400 Bad Request",
            &format!("content-length: 0\r\nconnection: close\r\ndate: {DATE}\r\n"),
        );
        for chunk in [1, 7, 4096] {
            let out = through(&[answered.as_slice(), &error].concat(), chunk);
            assert_eq!(&out[..answered.len()], answered, "chunk {chunk}");
            let rest = String::from_utf8(out[answered.len()..].to_vec()).unwrap();
            assert!(rest.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{rest}");
            let (_, body) = rest.split_once("\r\n\r\n").unwrap();
            let json: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(json["error"]["code"], "VALIDATION_ERROR", "{rest}");
        }
    }

    #[test]
    fn the_replacement_is_an_enveloped_response_with_its_request_id() {
        let error = head(
            "HTTP/1.1 431 Request Header Fields Too Large",
            &format!("content-length: 0\r\ndate: {DATE}\r\n"),
        );
        let r = enveloped(&error).unwrap();
        assert_eq!(r.replaces, error.len());
        let text = String::from_utf8(r.bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(head.contains(&format!("content-length: {}\r\n", body.len())));
        assert!(head.contains(&format!("date: {DATE}")));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"]["code"], "VALIDATION_ERROR");
        assert_eq!(json["error"]["details"]["fields"][0]["field"], "headers");
        let id = json["meta"]["request_id"].as_str().unwrap();
        assert!(head.contains(&format!("x-request-id: {id}\r\n")));
    }
}
