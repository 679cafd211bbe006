//! One HTTP attempt: the signed POST, with the delivery client (kept-alive connections, no
//! redirects, a timeout, and the [`GuardedResolver`](crate::policy::GuardedResolver)).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::redirect::Policy;
use time::OffsetDateTime;

use crate::model::Endpoint;
use crate::policy::{check_literal, GuardedResolver};
use crate::signing;

/// Response bytes kept per attempt.
pub const BODY_LIMIT: usize = 1024;
/// Longest `Retry-After` honoured.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// What one attempt produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub success: bool,
    pub status_code: Option<i32>,
    pub latency_ms: i32,
    pub error: Option<String>,
    pub response_body: Option<String>,
    /// The receiver's `Retry-After` on 429/503, clamped to [`MAX_RETRY_AFTER`].
    pub retry_after: Option<Duration>,
}

/// What is being sent.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    pub delivery_id: uuid::Uuid,
    /// `evt_…`
    pub event_id: &'a str,
    pub event_type: &'a str,
    pub body: &'a str,
}

/// The headers of a delivery: ours last, so the endpoint's custom headers can never replace
/// them (they are also refused at configuration time).
pub fn delivery_headers(
    endpoint: &Endpoint,
    msg: &Message<'_>,
    now: OffsetDateTime,
) -> Vec<(String, String)> {
    let t = now.unix_timestamp();
    let secrets = endpoint.signing_secrets(now);
    let mut h: Vec<(String, String)> = endpoint
        .header_pairs()
        .into_iter()
        .filter(|(k, _)| !crate::model::is_reserved_header(k))
        .collect();
    h.push(("content-type".into(), "application/json".into()));
    h.push((
        "x-levy-signature".into(),
        signing::levy_header(&secrets, t, msg.body.as_bytes()),
    ));
    h.push(("x-levy-event".into(), msg.event_type.into()));
    h.push(("x-levy-delivery".into(), msg.delivery_id.to_string()));
    h.push(("webhook-id".into(), msg.event_id.into()));
    h.push(("webhook-timestamp".into(), t.to_string()));
    h.push((
        "webhook-signature".into(),
        signing::standard_header(&secrets, msg.event_id, t, msg.body.as_bytes()),
    ));
    h
}

/// The shared delivery client.
#[derive(Debug, Clone)]
pub struct Sender {
    client: reqwest::Client,
    allow_private: bool,
    timeout: Duration,
}

impl Sender {
    /// The client on the system resolver.
    pub fn new(timeout: Duration, allow_private: bool) -> Result<Self, reqwest::Error> {
        Self::with_lookup(timeout, allow_private, None)
    }

    /// The client with host names looked up by `lookup` (e.g. [`FixedHosts`]) instead of the
    /// system resolver. The answers still pass the [`GuardedResolver`]'s check: this changes
    /// where addresses come from, never whether a non-public one is refused.
    pub fn with_lookup(
        timeout: Duration,
        allow_private: bool,
        lookup: Option<Arc<dyn Resolve>>,
    ) -> Result<Self, reqwest::Error> {
        let resolver = GuardedResolver {
            allow_private,
            lookup,
        };
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .dns_resolver(Arc::new(resolver))
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .timeout(timeout)
            .pool_idle_timeout(Duration::from_secs(90))
            .pool_max_idle_per_host(128)
            .tcp_keepalive(Duration::from_secs(60))
            .user_agent(concat!("Fleetgate-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            client,
            allow_private,
            timeout,
        })
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends `msg` to `endpoint` once; never fails, every problem is an [`Outcome`].
    /// `timeout` shortens the client's timeout for this attempt (the test button).
    pub async fn send(
        &self,
        endpoint: &Endpoint,
        msg: &Message<'_>,
        timeout: Option<Duration>,
    ) -> Outcome {
        let started = Instant::now();
        let failed = |error: String, started: Instant| Outcome {
            success: false,
            status_code: None,
            latency_ms: elapsed_ms(started),
            error: Some(error),
            response_body: None,
            retry_after: None,
        };
        let url = match reqwest::Url::parse(&endpoint.url) {
            Ok(u) => u,
            Err(e) => return failed(format!("invalid url: {e}"), started),
        };
        if let Err(refused) = check_literal(&url, self.allow_private) {
            return failed(format!("refused: url {refused}"), started);
        }
        let mut headers = HeaderMap::new();
        for (k, v) in delivery_headers(endpoint, msg, OffsetDateTime::now_utc()) {
            if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
                headers.insert(k, v);
            }
        }
        let timeout = timeout.unwrap_or(self.timeout).min(self.timeout);
        let request = self
            .client
            .post(url)
            .headers(headers)
            .timeout(timeout)
            .body(msg.body.to_owned());
        let work = async {
            let mut res = request.send().await?;
            let status = res.status();
            let retry_after = if status.as_u16() == 429 || status.as_u16() == 503 {
                res.headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_retry_after)
            } else {
                None
            };
            let mut body = Vec::new();
            while body.len() < BODY_LIMIT {
                match res.chunk().await? {
                    Some(chunk) => body.extend_from_slice(&chunk),
                    None => break,
                }
            }
            body.truncate(BODY_LIMIT);
            Ok::<_, reqwest::Error>((status, retry_after, body))
        };
        // The client's timeout covers the body too; this outer bound is a belt over it.
        match tokio::time::timeout(timeout + Duration::from_secs(1), work).await {
            Err(_) => failed(format!("timeout after {} ms", timeout.as_millis()), started),
            Ok(Err(e)) => failed(describe(&e, timeout), started),
            Ok(Ok((status, retry_after, body))) => {
                let code = status.as_u16();
                let success = status.is_success();
                let error = if success {
                    None
                } else if status.is_redirection() {
                    Some(format!("HTTP {code}: redirects are not followed"))
                } else {
                    Some(format!("HTTP {code}"))
                };
                Outcome {
                    success,
                    status_code: Some(i32::from(code)),
                    latency_ms: elapsed_ms(started),
                    error,
                    response_body: Some(utf8_prefix(&body)),
                    retry_after,
                }
            }
        }
    }
}

/// A fixed host table for [`Sender::with_lookup`]: each name resolves to its addresses, any
/// other name fails to resolve (no DNS). Tests map a test host name (`*.test`, which public
/// DNS never answers) to 127.0.0.1, so the delivery-time refusal of loopback answers runs on
/// every machine, whatever its `/etc/hosts` says.
#[derive(Debug, Clone, Default)]
pub struct FixedHosts {
    hosts: HashMap<String, Vec<IpAddr>>,
}

impl FixedHosts {
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, IpAddr)>) -> Self {
        let mut hosts: HashMap<String, Vec<IpAddr>> = HashMap::new();
        for (name, ip) in entries {
            hosts.entry(name.to_ascii_lowercase()).or_default().push(ip);
        }
        Self { hosts }
    }
}

impl Resolve for FixedHosts {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let found = self.hosts.get(&host).cloned();
        Box::pin(async move {
            match found {
                // Port 0: the connector puts the URL's port in.
                Some(ips) => {
                    Ok(Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0))) as Addrs)
                }
                None => Err(format!("{host} is not in the fixed host table").into()),
            }
        })
    }
}

fn elapsed_ms(started: Instant) -> i32 {
    i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX)
}

/// The bytes as text, cut back to a character boundary.
fn utf8_prefix(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// A reqwest error as a short sentence with its causes (e.g. the resolver's refusal).
fn describe(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        return format!("timeout after {} ms", timeout.as_millis());
    }
    let mut parts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    let kind = if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    if parts.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {}", parts.join(": "))
    }
}

/// `Retry-After` as delta-seconds or an HTTP date, clamped to [`MAX_RETRY_AFTER`].
pub fn parse_retry_after(raw: &str) -> Option<Duration> {
    let raw = raw.trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER));
    }
    let at =
        time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc2822).ok()?;
    let secs = (at - OffsetDateTime::now_utc()).whole_seconds().max(0);
    Some(Duration::from_secs(secs.unsigned_abs()).min(MAX_RETRY_AFTER))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("999999"), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("soon"), None);
        let past = parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(past, Some(Duration::ZERO));
    }

    #[tokio::test]
    async fn an_injected_lookup_still_passes_the_guard() {
        let hosts: Arc<dyn Resolve> = Arc::new(FixedHosts::new([
            ("receiver.fleetgate.test", IpAddr::from([127, 0, 0, 1])),
            ("public.fleetgate.test", IpAddr::from([93, 184, 216, 34])),
        ]));
        let resolve = |allow_private: bool, name: &str| {
            let r = GuardedResolver {
                allow_private,
                lookup: Some(hosts.clone()),
            };
            r.resolve(name.parse().unwrap())
        };
        let refused = match resolve(false, "Receiver.Fleetgate.Test").await {
            Ok(_) => panic!("a name looked up as 127.0.0.1 must be refused"),
            Err(e) => e.to_string(),
        };
        assert!(
            refused.contains("non-public") && refused.contains("127.0.0.1"),
            "{refused}"
        );
        let public: Vec<SocketAddr> = resolve(false, "public.fleetgate.test")
            .await
            .unwrap()
            .collect();
        assert_eq!(public, [SocketAddr::from(([93, 184, 216, 34], 0))]);
        // Allowed private targets: the table's loopback answer goes through.
        let open: Vec<SocketAddr> = resolve(true, "receiver.fleetgate.test")
            .await
            .unwrap()
            .collect();
        assert_eq!(open, [SocketAddr::from(([127, 0, 0, 1], 0))]);
        // Names outside the table never reach DNS.
        let unknown = match resolve(true, "localhost").await {
            Ok(_) => panic!("localhost is not in the table"),
            Err(e) => e.to_string(),
        };
        assert!(unknown.contains("not in the fixed host table"), "{unknown}");
    }

    #[test]
    fn body_prefix_keeps_whole_characters() {
        let s = "ab€";
        assert_eq!(utf8_prefix(&s.as_bytes()[..4]), "ab");
        assert_eq!(utf8_prefix(s.as_bytes()), "ab€");
    }
}
