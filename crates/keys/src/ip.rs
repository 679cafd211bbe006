//! Per-key IP allow-lists (SPEC §2 `allowed_ips`) and client IP resolution behind trusted
//! reverse proxies (`X-Forwarded-For`).
//!
//! IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are treated as the IPv4 address they carry,
//! both in entries and in the addresses being checked.

use std::borrow::Cow;
use std::fmt;
use std::net::{IpAddr, SocketAddr};

use ipnet::{IpNet, Ipv4Net};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// Maximum number of entries of one allow-list.
pub const MAX_ALLOWED_IPS: usize = 100;

/// Why an allow-list was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidIpEntry {
    /// An entry is neither an IP address nor a CIDR network.
    #[error("allowed_ips[{index}]: `{entry}` is not an IP address or CIDR network")]
    Invalid {
        /// Zero-based position in the submitted list.
        index: usize,
        /// The entry as submitted.
        entry: String,
    },
    /// More than [`MAX_ALLOWED_IPS`] entries were submitted.
    #[error("allowed_ips has {count} entries; at most {max} are allowed")]
    TooMany {
        /// Number of submitted entries.
        count: usize,
        /// The limit ([`MAX_ALLOWED_IPS`]).
        max: usize,
    },
}

/// The IPs/CIDRs a key may be used from. Empty means any IP is allowed.
///
/// Entries are normalised: a single address becomes a /32 or /128 network, host bits are
/// cleared (`10.1.2.3/8` → `10.0.0.0/8`), IPv4-mapped IPv6 networks become IPv4 networks,
/// and duplicates are dropped (first occurrence order is kept).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IpAllowList(Vec<IpNet>);

impl IpAllowList {
    /// The empty list (any IP allowed).
    pub const fn any() -> Self {
        IpAllowList(Vec::new())
    }

    /// Parse and normalise submitted entries (surrounding whitespace is ignored).
    pub fn parse(entries: &[String]) -> Result<IpAllowList, InvalidIpEntry> {
        if entries.len() > MAX_ALLOWED_IPS {
            return Err(InvalidIpEntry::TooMany {
                count: entries.len(),
                max: MAX_ALLOWED_IPS,
            });
        }
        let mut nets: Vec<IpNet> = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let net = parse_entry(entry).ok_or_else(|| InvalidIpEntry::Invalid {
                index,
                entry: entry.clone(),
            })?;
            if !nets.contains(&net) {
                nets.push(net);
            }
        }
        Ok(IpAllowList(nets))
    }

    /// Whether `ip` may use the key: always for an empty list, otherwise if some entry
    /// contains it. An IPv4-mapped IPv6 address matches IPv4 entries.
    pub fn allows(&self, ip: IpAddr) -> bool {
        if self.0.is_empty() {
            return true;
        }
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Whether the list is empty (any IP allowed).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of (normalised, deduplicated) entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The normalised networks.
    pub fn entries(&self) -> &[IpNet] {
        &self.0
    }

    /// The normalised entries in CIDR notation (`203.0.113.7/32`, `10.0.0.0/8`).
    pub fn to_strings(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

/// Comma-separated CIDR notation; `*` for the empty list.
impl fmt::Display for IpAllowList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("*");
        }
        for (i, net) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{net}")?;
        }
        Ok(())
    }
}

impl Serialize for IpAllowList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(ToString::to_string))
    }
}

/// Deserializes from a JSON array of strings, with the same validation as
/// [`IpAllowList::parse`].
impl<'de> Deserialize<'de> for IpAllowList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = Vec::<String>::deserialize(deserializer)?;
        IpAllowList::parse(&entries).map_err(serde::de::Error::custom)
    }
}

/// OpenAPI: an array of strings (IP addresses or CIDR networks).
impl PartialSchema for IpAllowList {
    fn schema() -> RefOr<Schema> {
        ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some("An IPv4/IPv6 address or CIDR network"))
                    .examples(["203.0.113.7", "10.0.0.0/8", "2001:db8::/32"]),
            )
            .max_items(Some(MAX_ALLOWED_IPS))
            .description(Some(
                "IP addresses / CIDR networks allowed to use the key; empty = any",
            ))
            .into()
    }
}

impl ToSchema for IpAllowList {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("IpAllowList")
    }
}

/// Parse one entry into a normalised network, or `None` if it is not an IP or CIDR.
fn parse_entry(entry: &str) -> Option<IpNet> {
    let entry = entry.trim();
    let net = match entry.parse::<IpNet>() {
        Ok(net) => net,
        Err(_) => IpNet::from(entry.parse::<IpAddr>().ok()?),
    };
    Some(canonical_net(net).trunc())
}

/// Map an IPv6 network inside `::ffff:0:0/96` to the IPv4 network it represents.
fn canonical_net(net: IpNet) -> IpNet {
    if let IpNet::V6(v6) = net {
        if let Some(v4) = v6.addr().to_ipv4_mapped() {
            if let Some(prefix) = v6.prefix_len().checked_sub(96) {
                if let Ok(v4net) = Ipv4Net::new(v4, prefix) {
                    return IpNet::V4(v4net);
                }
            }
        }
    }
    net
}

fn is_trusted(ip: IpAddr, trusted_proxies: &[IpNet]) -> bool {
    let ip = ip.to_canonical();
    trusted_proxies.iter().any(|net| net.contains(&ip))
}

/// Parse one `X-Forwarded-For` element: a bare IP, or an IP with a port
/// (`1.2.3.4:5678`, `[2001:db8::1]:443`) as some proxies emit.
fn parse_forwarded_element(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|sa| sa.ip()))
        .map(|ip| ip.to_canonical())
}

/// The address of the client that sent a request.
///
/// If `peer` (the TCP peer) is one of `trusted_proxies` and `forwarded_for` (the
/// `X-Forwarded-For` value; join repeated headers with `,` first) is present, the list is
/// walked from the right, skipping addresses that are themselves trusted proxies, and the
/// first untrusted address is returned. If every entry is trusted the leftmost one is
/// returned. An unparseable entry stops the walk and the last good candidate (initially the
/// peer) is returned. If the peer is not trusted, `forwarded_for` is ignored entirely, so
/// clients cannot spoof their address.
///
/// The result is canonical: IPv4-mapped IPv6 addresses come back as IPv4.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    let Some(xff) = forwarded_for else {
        return peer;
    };
    if !is_trusted(peer, trusted_proxies) {
        return peer;
    }
    let mut candidate = peer;
    for element in xff.rsplit(',') {
        let Some(ip) = parse_forwarded_element(element) else {
            return candidate;
        };
        if !is_trusted(ip, trusted_proxies) {
            return ip;
        }
        candidate = ip;
    }
    candidate
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> IpAllowList {
        let owned: Vec<String> = entries.iter().map(|s| (*s).to_owned()).collect();
        IpAllowList::parse(&owned).unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn nets(entries: &[&str]) -> Vec<IpNet> {
        entries.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn empty_list_allows_everything() {
        let l = list(&[]);
        assert!(l.is_empty());
        assert!(l.allows(ip("203.0.113.7")));
        assert!(l.allows(ip("2001:db8::1")));
        assert!(l.allows(ip("::ffff:1.2.3.4")));
        assert_eq!(IpAllowList::any(), l);
        assert_eq!(IpAllowList::default(), l);
    }

    #[test]
    fn cidr_matching_table() {
        let l = list(&[
            "203.0.113.7",
            "10.0.0.0/8",
            "192.168.1.0/24",
            "2001:db8::1",
            "2001:db8:ab00::/40",
        ]);
        let cases = [
            // IPv4 single host
            ("203.0.113.7", true),
            ("203.0.113.8", false),
            ("203.0.113.6", false),
            // IPv4 CIDR
            ("10.0.0.0", true),
            ("10.255.255.255", true),
            ("10.1.2.3", true),
            ("11.0.0.0", false),
            ("9.255.255.255", false),
            ("192.168.1.1", true),
            ("192.168.1.255", true),
            ("192.168.2.1", false),
            // IPv6 single host
            ("2001:db8::1", true),
            ("2001:db8::2", false),
            // IPv6 CIDR
            ("2001:db8:ab00::", true),
            ("2001:db8:abff:ffff::1", true),
            ("2001:db8:ac00::1", false),
            ("2001:db9::1", false),
            // IPv4-mapped IPv6 must match IPv4 entries
            ("::ffff:203.0.113.7", true),
            ("::ffff:10.9.8.7", true),
            ("::ffff:192.168.1.200", true),
            ("::ffff:203.0.113.8", false),
            ("::ffff:11.0.0.1", false),
            // IPv4-compatible (deprecated, not mapped) is not the IPv4 address
            ("::203.0.113.7", false),
            // Different families never match
            ("::1", false),
            ("127.0.0.1", false),
        ];
        for (addr, expected) in cases {
            assert_eq!(l.allows(ip(addr)), expected, "{addr}");
        }
    }

    #[test]
    fn mapped_entries_match_ipv4_and_mapped_addresses() {
        let l = list(&["::ffff:198.51.100.0/120", "::ffff:192.0.2.1"]);
        assert_eq!(l.to_strings(), ["198.51.100.0/24", "192.0.2.1/32"]);
        assert!(l.allows(ip("198.51.100.42")));
        assert!(l.allows(ip("::ffff:198.51.100.42")));
        assert!(l.allows(ip("192.0.2.1")));
        assert!(!l.allows(ip("192.0.2.2")));
    }

    #[test]
    fn catch_all_networks() {
        let v4 = list(&["0.0.0.0/0"]);
        assert!(v4.allows(ip("8.8.8.8")));
        assert!(v4.allows(ip("::ffff:8.8.8.8")));
        assert!(!v4.allows(ip("2001:db8::1")));
        let v6 = list(&["::/0"]);
        assert!(v6.allows(ip("2001:db8::1")));
        assert!(!v6.allows(ip("8.8.8.8")));
    }

    #[test]
    fn parse_normalises_and_dedupes() {
        let l = list(&[
            "10.1.2.3/8",
            "10.0.0.0/8",
            " 203.0.113.7 ",
            "203.0.113.7/32",
            "2001:db8::1",
            "2001:db8:1234::5/32",
            "2001:DB8::/32",
        ]);
        assert_eq!(
            l.to_strings(),
            [
                "10.0.0.0/8",
                "203.0.113.7/32",
                "2001:db8::1/128",
                "2001:db8::/32"
            ]
        );
        assert_eq!(l.len(), 4);
        assert_eq!(
            l.entries(),
            nets(&[
                "10.0.0.0/8",
                "203.0.113.7/32",
                "2001:db8::1/128",
                "2001:db8::/32"
            ])
        );
        assert_eq!(
            l.to_string(),
            "10.0.0.0/8,203.0.113.7/32,2001:db8::1/128,2001:db8::/32"
        );
    }

    #[test]
    fn parse_errors_name_the_entry_and_index() {
        let bad = [
            "",
            "   ",
            "garbage",
            "10.0.0",
            "256.0.0.1",
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/-1",
            "2001:db8::/129",
            "2001:db8:::1",
            "1.2.3.4:80",
            "10.0.0.0/8,10.0.0.1",
            "fe80::1%eth0",
            "*",
        ];
        for entry in bad {
            let entries = vec!["10.0.0.0/8".to_owned(), entry.to_owned()];
            let err = IpAllowList::parse(&entries).unwrap_err();
            assert_eq!(
                err,
                InvalidIpEntry::Invalid {
                    index: 1,
                    entry: entry.to_owned()
                },
                "{entry:?}"
            );
            let msg = err.to_string();
            assert!(msg.contains("[1]"), "{msg}");
            assert!(msg.contains(&format!("`{entry}`")), "{msg}");
        }
    }

    #[test]
    fn parse_limits_the_number_of_entries() {
        let max: Vec<String> = (0..MAX_ALLOWED_IPS)
            .map(|i| format!("10.0.0.{i}"))
            .collect();
        assert_eq!(IpAllowList::parse(&max).unwrap().len(), MAX_ALLOWED_IPS);
        let too_many: Vec<String> = (0..=MAX_ALLOWED_IPS)
            .map(|i| format!("10.0.0.{i}"))
            .collect();
        assert_eq!(
            IpAllowList::parse(&too_many).unwrap_err(),
            InvalidIpEntry::TooMany {
                count: 101,
                max: 100
            }
        );
    }

    #[test]
    fn serde_round_trip() {
        let l = list(&["10.1.2.3/8", "2001:db8::1"]);
        let json = serde_json::to_string(&l).unwrap();
        assert_eq!(json, r#"["10.0.0.0/8","2001:db8::1/128"]"#);
        assert_eq!(serde_json::from_str::<IpAllowList>(&json).unwrap(), l);
        assert!(serde_json::from_str::<IpAllowList>("[]")
            .unwrap()
            .is_empty());
        let err = serde_json::from_str::<IpAllowList>(r#"["10.0.0.0/8","nope"]"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("nope"), "{err}");
        let schema = serde_json::to_value(IpAllowList::schema()).unwrap();
        assert_eq!(schema["type"], "array");
        assert_eq!(schema["items"]["type"], "string");
    }

    #[test]
    fn client_ip_without_forwarded_for_is_the_peer() {
        let trusted = nets(&["10.0.0.0/8"]);
        assert_eq!(client_ip(ip("10.0.0.1"), None, &trusted), ip("10.0.0.1"));
        assert_eq!(client_ip(ip("8.8.8.8"), None, &trusted), ip("8.8.8.8"));
        assert_eq!(client_ip(ip("::ffff:8.8.8.8"), None, &[]), ip("8.8.8.8"));
    }

    #[test]
    fn client_ip_ignores_forwarded_for_from_untrusted_peers() {
        let trusted = nets(&["10.0.0.0/8"]);
        // A client talking to us directly cannot claim another address.
        assert_eq!(
            client_ip(ip("198.51.100.9"), Some("1.2.3.4"), &trusted),
            ip("198.51.100.9")
        );
        assert_eq!(
            client_ip(ip("198.51.100.9"), Some("10.0.0.5, 1.2.3.4"), &trusted),
            ip("198.51.100.9")
        );
        // No trusted proxies configured: XFF is never used.
        assert_eq!(
            client_ip(ip("10.0.0.1"), Some("1.2.3.4"), &[]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn client_ip_walks_forwarded_for_from_the_right() {
        let trusted = nets(&["10.0.0.0/8", "2001:db8:f::/48"]);
        let cases: &[(&str, &str, &str)] = &[
            // (peer, X-Forwarded-For, expected)
            ("10.0.0.1", "203.0.113.7", "203.0.113.7"),
            // Spoofing: client sent "spoofed", our proxy appended the real address.
            ("10.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
            ("10.0.0.1", "6.6.6.6,203.0.113.7", "203.0.113.7"),
            // Client tries to pose as an internal proxy hop before its real address.
            ("10.0.0.1", "10.0.0.99, 203.0.113.7", "203.0.113.7"),
            // Chain of trusted proxies is skipped.
            (
                "10.0.0.1",
                "6.6.6.6, 203.0.113.7, 10.0.0.3, 10.0.0.2",
                "203.0.113.7",
            ),
            // Every entry is trusted: leftmost.
            ("10.0.0.1", "10.0.0.4, 10.0.0.3, 10.0.0.2", "10.0.0.4"),
            // Unparseable entries stop the walk at the last good candidate.
            ("10.0.0.1", "garbage", "10.0.0.1"),
            ("10.0.0.1", "", "10.0.0.1"),
            ("10.0.0.1", "   ", "10.0.0.1"),
            ("10.0.0.1", "203.0.113.7, unknown", "10.0.0.1"),
            ("10.0.0.1", "203.0.113.7, unknown, 10.0.0.2", "10.0.0.2"),
            ("10.0.0.1", "203.0.113.7, , 10.0.0.2", "10.0.0.2"),
            ("10.0.0.1", "garbage, 203.0.113.7", "203.0.113.7"),
            // Ports some proxies append.
            ("10.0.0.1", "203.0.113.7:54321", "203.0.113.7"),
            ("10.0.0.1", "[2001:db8::7]:443", "2001:db8::7"),
            // IPv6 and mapped addresses.
            ("2001:db8:f::1", "2001:db8::7", "2001:db8::7"),
            ("2001:db8:f::1", "2001:db8::7, 2001:db8:f::2", "2001:db8::7"),
            ("::ffff:10.0.0.1", "203.0.113.7", "203.0.113.7"),
            ("10.0.0.1", "::ffff:203.0.113.7", "203.0.113.7"),
            ("10.0.0.1", "203.0.113.7, ::ffff:10.0.0.2", "203.0.113.7"),
        ];
        for (peer, xff, expected) in cases {
            assert_eq!(
                client_ip(ip(peer), Some(xff), &trusted),
                ip(expected),
                "peer={peer} xff={xff:?}"
            );
        }
    }
}
