//! Where webhooks may be sent (SPEC §9): HTTPS only, and never to loopback, private,
//! link-local, multicast, unspecified or otherwise non-public addresses — unless the gateway
//! runs with `WEBHOOK_ALLOW_PRIVATE_TARGETS=true` (development and tests), which lifts both
//! rules.
//!
//! The check runs twice: when an endpoint is created or changed ([`check_url`], a clear 400)
//! and on every delivery. At delivery time the HTTP client resolves host names through
//! [`GuardedResolver`], which refuses the whole name when any resolved address is
//! non-public and otherwise hands exactly the checked addresses to the connector, so a DNS
//! answer that changes between check and connect (rebinding) cannot slip through. URLs with
//! a literal IP never reach a resolver; [`check_literal`] covers them before each send.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;

/// Longest accepted URL.
pub const MAX_URL_LEN: usize = 2048;
/// How long creation-time resolution may take before the URL is accepted on syntax alone
/// (the delivery-time check stays authoritative).
pub const RESOLVE_TIMEOUT: Duration = Duration::from_secs(2);

/// Why a target is refused (the message is shown to the caller).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Is `ip` outside the public unicast internet?
pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18/15
        || a >= 240 // reserved
}

/// The IPv4 address in the last 32 bits of `s`.
fn low_v4(s: &[u16; 8]) -> Ipv4Addr {
    Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8)
}

fn forbidden_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return forbidden_v4(v4);
    }
    let s = ip.segments();
    // Forms that embed an IPv4 address are judged by it: NAT64 64:ff9b::/96, the deprecated
    // IPv4-compatible ::a.b.c.d, and IPv4-translated ::ffff:0:a.b.c.d (SIIT).
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4];
    let compatible = s[..6] == [0; 6];
    let translated = s[..4] == [0; 4] && s[4] == 0xffff && s[5] == 0;
    if nat64 || compatible || translated {
        return ip.is_loopback() || ip.is_unspecified() || forbidden_v4(low_v4(&s));
    }
    // 6to4 2002:a.b.c.d::/48 reaches the embedded address through a relay.
    if s[0] == 0x2002 {
        let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
        return forbidden_v4(v4);
    }
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] == 0x2001 && s[1] == 0) // Teredo 2001::/32: tunnels to any IPv4 host
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1) // local-use NAT64 64:ff9b:1::/48
        || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
}

/// Does `raw` name an authority right after `scheme://`? The URL parser reads `https:///x`,
/// `https:/x` and `https:\\x` as `https://x/`; the caller must have written a host.
fn has_authority(raw: &str) -> bool {
    let Some((scheme, rest)) = raw.split_once("://") else {
        return false;
    };
    !scheme.contains(['/', '\\', '?', '#'])
        && rest
            .chars()
            .next()
            .is_some_and(|c| !matches!(c, '/' | '\\' | '?' | '#'))
}

fn host_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// Parses and checks an endpoint URL without any network access: absolute `https://` (or
/// `http://` with `allow_private`), a host, no credentials, at most [`MAX_URL_LEN`]; a literal
/// IP or a `localhost` name must be public unless `allow_private`.
pub fn parse_url(raw: &str, allow_private: bool) -> Result<Url, Refused> {
    if raw.len() > MAX_URL_LEN {
        return Err(Refused(format!("must be at most {MAX_URL_LEN} characters")));
    }
    let url = Url::parse(raw).map_err(|e| Refused(format!("is not a valid URL ({e})")))?;
    if !has_authority(raw.trim()) {
        return Err(Refused("must have a host (scheme://host/…)".into()));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err(Refused("must use https".into())),
        _ => return Err(Refused("must be an https:// URL".into())),
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| Refused("must have a host".into()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused("must not contain credentials".into()));
    }
    if !allow_private {
        if let Some(ip) = host_ip(&url) {
            if is_forbidden(ip) {
                return Err(Refused(format!(
                    "targets a private, loopback, link-local or otherwise non-public address ({ip})"
                )));
            }
        }
        let lower = host.trim_end_matches('.').to_ascii_lowercase();
        if lower == "localhost" || lower.ends_with(".localhost") {
            return Err(Refused("targets localhost".into()));
        }
    }
    Ok(url)
}

/// [`parse_url`] plus a bounded DNS resolution: a name any of whose addresses is non-public
/// is refused. A name that does not resolve (yet) is accepted; delivery re-checks.
pub async fn check_url(raw: &str, allow_private: bool) -> Result<Url, Refused> {
    let url = parse_url(raw, allow_private)?;
    if allow_private || host_ip(&url).is_some() {
        return Ok(url);
    }
    if let Some(host) = url.host_str() {
        let port = url.port_or_known_default().unwrap_or(443);
        let lookup = tokio::net::lookup_host((host.to_owned(), port));
        if let Ok(Ok(addrs)) = tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await {
            for addr in addrs {
                if is_forbidden(addr.ip()) {
                    return Err(Refused(format!(
                        "resolves to a private, loopback, link-local or otherwise non-public address ({})",
                        addr.ip()
                    )));
                }
            }
        }
    }
    Ok(url)
}

/// The delivery-time check of a URL's scheme and literal IP (names go through
/// [`GuardedResolver`]).
pub fn check_literal(url: &Url, allow_private: bool) -> Result<(), Refused> {
    parse_url(url.as_str(), allow_private).map(|_| ())
}

/// A DNS resolver for the delivery client: resolves with the system resolver (or the
/// injected `lookup`) and refuses the name when any address is non-public (unless
/// `allow_private`); the connector then connects only to the addresses returned here.
#[derive(Clone)]
pub struct GuardedResolver {
    pub allow_private: bool,
    /// Looks names up instead of the system resolver; its answers pass the same check. Tests
    /// inject one ([`crate::sender::FixedHosts`]) so that a test host name resolves to
    /// 127.0.0.1 on every machine and the refusal is always exercised.
    pub lookup: Option<Arc<dyn Resolve>>,
}

impl GuardedResolver {
    /// On the system resolver.
    pub fn new(allow_private: bool) -> Self {
        Self {
            allow_private,
            lookup: None,
        }
    }
}

impl std::fmt::Debug for GuardedResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedResolver")
            .field("allow_private", &self.allow_private)
            .field("injected_lookup", &self.lookup.is_some())
            .finish()
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        let injected = self.lookup.as_ref().map(|l| l.resolve(name));
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = match injected {
                Some(lookup) => lookup.await?.collect(),
                None => tokio::net::lookup_host((host.as_str(), 0)).await?.collect(),
            };
            if addrs.is_empty() {
                return Err(Box::new(Refused(format!("{host} has no address"))) as _);
            }
            if !allow_private {
                if let Some(bad) = addrs.iter().find(|a| is_forbidden(a.ip())) {
                    return Err(Box::new(Refused(format!(
                        "refused: {host} resolves to a non-public address ({})",
                        bad.ip()
                    ))) as _);
                }
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn non_public_literals_and_plain_http_are_refused() {
        for url in [
            "https://127.0.0.1/hook",
            "https://10.0.0.1",
            "https://172.16.5.4",
            "https://192.168.1.1",
            "https://169.254.169.254/latest/meta-data",
            "https://0.0.0.0",
            "https://[::1]/x",
            "https://[::]/",
            "https://[fe80::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[64:ff9b::a00:1]/",
            // IPv6 forms embedding a non-public IPv4 address, and tunnel prefixes.
            "https://[2002:7f00:1::]/",
            "https://[2002:a00:1::1]/",
            "https://[2002:a9fe:a9fe::]/",
            "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
            "https://[2001::1]/",
            "https://[64:ff9b::7f00:1]/",
            "https://[64:ff9b:1::5db8:d822]/",
            "https://[64:ff9b:1:ffff::1]/",
            "https://[::7f00:1]/",
            "https://[::a9fe:a9fe]/",
            "https://[::ffff:0:7f00:1]/",
            // No host as written (the parser would make `x` the host).
            "https:///x",
            "https:////x",
            "https:/x",
            "https:x",
            "https:\\\\x/",
            "https://",
            "https://224.0.0.1/",
            "https://100.64.0.1/",
            "https://localhost/",
            "https://api.localhost/",
            "http://example.com/",
            "ftp://example.com/",
            "https://user:pw@example.com/",
            "not a url",
        ] {
            assert!(parse_url(url, false).is_err(), "{url} must be refused");
        }
        for url in [
            "https://example.com/hook",
            "https://93.184.216.34/",
            "https://[2606:4700::1]/",
            "https://[2002:5db8:d822::1]/",
            "https://[64:ff9b::5db8:d822]/",
            "HTTPS://Example.com/",
        ] {
            assert!(parse_url(url, false).is_ok(), "{url} must be accepted");
        }
        assert!(parse_url("http://127.0.0.1:9/", true).is_ok());
    }

    /// Delivery re-checks stored URLs: the same forms are refused there too.
    #[test]
    fn delivery_refuses_embedded_ipv4_literals() {
        for url in [
            "https://[2002:7f00:1::]/",
            "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
            "https://[64:ff9b::a00:1]/",
            "https://[64:ff9b:1::a00:1]/",
            "https://[::7f00:1]/",
        ] {
            let parsed = Url::parse(url).unwrap();
            assert!(
                check_literal(&parsed, false).is_err(),
                "{url} must be refused at delivery"
            );
            assert!(check_literal(&parsed, true).is_ok());
        }
        assert!(check_literal(&Url::parse("https://[2002:5db8:d822::1]/").unwrap(), false).is_ok());
    }

    #[tokio::test]
    async fn names_resolving_to_loopback_are_refused() {
        let err = check_url("https://localhost:8443/", false)
            .await
            .unwrap_err();
        assert!(err.0.contains("localhost"), "{err}");
        let resolver = GuardedResolver::new(false);
        let err = match resolver.resolve("localhost".parse().unwrap()).await {
            Ok(_) => panic!("localhost must be refused"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("non-public"), "{err}");
        let open = GuardedResolver::new(true);
        assert!(open.resolve("localhost".parse().unwrap()).await.is_ok());
    }
}
