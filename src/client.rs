//! Who the client is: its IP behind trusted proxies, its request id, and which of its
//! headers it must not be allowed to set.
//!
//! Pure functions over plain inputs (`IpAddr`, header values); no pingora, no I/O.
//! Geolocation and device fingerprints build on these facts in their own modules.

use ipnet::IpNet;
use std::net::IpAddr;

/// Header prefixes that only riskgate may set; client-sent copies are removed first thing.
/// `x-payment-channel` is matched as a prefix too: nothing legitimate extends it.
pub const INTERNAL_PREFIXES: [&str; 5] = [
    "x-risk-",
    "x-geo-",
    "x-device-",
    "x-riskgate-",
    "x-payment-channel",
];

/// Returns true when a header name (any case) is one riskgate owns.
///
/// Called for every request header before anything reads them, so spoofed
/// `X-Risk-Decision: allow` or `X-Geo-Country: US` never reach rules or upstreams. `_`
/// counts as `-`: CGI, WSGI and PHP give `X_Risk_Decision` and `X-Risk-Decision` the same
/// variable, so the underscore spelling is riskgate's too.
pub fn is_internal_header(name: &str) -> bool {
    let b = name.as_bytes();
    INTERNAL_PREFIXES.iter().any(|p| {
        b.len() >= p.len()
            && b.iter()
                .zip(p.as_bytes())
                .all(|(&c, &q)| c.eq_ignore_ascii_case(&q) || (c == b'_' && q == b'-'))
    })
}

/// Request-target overrides that some shop stacks take as the request's real path: IIS's
/// URL Rewrite module passes the original URL in `X-Original-URL`, and older Symfony, Zend
/// and Laminas (CVE-2018-14773) read it, or `X-Rewrite-URL`, as the request URI. riskgate
/// routes and scores by the request line, so a client-sent one could make a shop run its
/// order endpoint for a request riskgate passed as another path. No browser sends them.
pub const TARGET_OVERRIDES: [&str; 2] = ["x-original-url", "x-rewrite-url"];

/// Returns true when a header name (any case, `_` as `-`) is a [`TARGET_OVERRIDES`] field.
/// Called with [`is_internal_header`] for every request header.
pub fn is_target_override(name: &str) -> bool {
    TARGET_OVERRIDES.iter().any(|t| same_field(name, t))
}

/// Claims about the client and the hops before riskgate, other than `X-Forwarded-For`,
/// `X-Real-IP`, `X-Forwarded-Proto`, `X-Forwarded-Host`, `X-Forwarded-Port` and `Forwarded`
/// (which riskgate rewrites). Shops read them, and an origin that trusts riskgate as its
/// proxy believes whatever riskgate forwards:
/// - the client's address, often first: the npm `request-ip` picks `X-Client-IP` before
///   anything else, the classic PHP snippet `HTTP_CLIENT_IP`, Cloudflare- and
///   Akamai-aware code `CF-Connecting-IP` and `True-Client-IP`;
/// - the scheme, host and path prefix links are built from: Rack reads
///   `X-Forwarded-Scheme` ahead of `X-Forwarded-Proto` and `X-Forwarded-Ssl: on`, Spring and
///   Symfony `X-Forwarded-Prefix`; a forged one turns a cached page into a redirect loop or
///   links to another prefix for every visitor.
///
/// From a peer that is not a trusted proxy they are forged at will.
pub const PROXY_CLAIMS: [&str; 21] = [
    "x-client-ip",
    "client-ip",
    "true-client-ip",
    "cf-connecting-ip",
    "cf-connecting-ipv6",
    "cf-pseudo-ipv4",
    "do-connecting-ip",
    "fastly-client-ip",
    "x-cluster-client-ip",
    "x-appengine-user-ip",
    "x-forwarded",
    "forwarded-for",
    "x-forwarded-scheme",
    "x-forwarded-ssl",
    "front-end-https",
    "x-url-scheme",
    "x-forwarded-prefix",
    "x-forwarded-server",
    "x-forwarded-uri",
    "x-host",
    "x-original-host",
];

/// Returns true when a header name (any case, `_` as `-`) is a [`PROXY_CLAIMS`] field.
/// Called for every request header from an untrusted peer: a parsed name is lower case,
/// so an exact lookup decides it unless it has `_` (kept by `underscores_in_headers`).
pub fn is_proxy_claim(name: &str) -> bool {
    let b = name.as_bytes();
    // Every claim starts with one of these (in either case): the common fields (`host`,
    // `user-agent`, `accept*`, `sec-*`, `referer`) are told apart by their first byte.
    let Some(first) = b.first().map(u8::to_ascii_lowercase) else {
        return false;
    };
    if !matches!(first, b'x' | b'c' | b't' | b'd' | b'f') {
        return false;
    }
    PROXY_CLAIMS
        .iter()
        .any(|c| c.len() == b.len() && c.as_bytes()[0] == first && *c == name)
        || (b.iter().any(|&c| c == b'_' || c.is_ascii_uppercase())
            && PROXY_CLAIMS.iter().any(|t| same_field(name, t)))
}

/// Whether header name `name` is `field` (lowercase) to a CGI-style reader: any case, `_`
/// as `-`. The length check first keeps a miss at one comparison.
fn same_field(name: &str, field: &str) -> bool {
    let b = name.as_bytes();
    b.len() == field.len()
        && b.iter()
            .zip(field.as_bytes())
            .all(|(&c, &q)| c.eq_ignore_ascii_case(&q) || (c == b'_' && q == b'-'))
}

/// Returns true when a header name contains `_`. Such names are dropped unless
/// `server.underscores_in_headers` allows them (nginx's default, for the same reason: CGI
/// and friends map `_` and `-` to one variable, so one name can pass as another).
pub fn has_underscore(name: &str) -> bool {
    name.as_bytes().contains(&b'_')
}

/// The set of proxies (CDN edges, load balancers) whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
}

impl TrustedProxies {
    /// Builds the set from validated CIDRs.
    pub fn new(nets: Vec<IpNet>) -> Self {
        TrustedProxies { nets }
    }

    /// Returns true when `ip` (IPv4-mapped IPv6 canonicalised) is a trusted proxy.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.nets.iter().any(|n| n.contains(&ip))
    }

    /// Returns true when no proxy is trusted (the common direct-to-edge case).
    pub fn is_empty(&self) -> bool {
        self.nets.is_empty()
    }
}

/// Resolves the client IP of a request.
///
/// `peer` is the socket peer; `xff` yields the `X-Forwarded-For` header values in the order
/// they appeared. When the peer is untrusted, XFF is ignored entirely (anyone can write it).
/// When it is trusted, the list is walked from the right, skipping trusted hops; the first
/// untrusted address is the client. An unparsable entry ends the walk: everything left of it
/// is unverifiable, so the last trusted hop that reported it is used instead. When every
/// hop is trusted, the left-most one is the client.
pub fn resolve_client_ip<'a>(
    peer: IpAddr,
    xff: impl Iterator<Item = &'a [u8]>,
    trusted: &TrustedProxies,
) -> IpAddr {
    let peer = peer.to_canonical();
    if trusted.is_empty() || !trusted.contains(peer) {
        return peer;
    }
    // Collect entries; a request carries a handful at most, so a small Vec is fine.
    let mut hops: Vec<&[u8]> = Vec::new();
    for value in xff {
        hops.extend(value.split(|&b| b == b',').map(trim));
    }
    let mut client = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) => {
                client = ip;
                if !trusted.contains(ip) {
                    return ip;
                }
            }
            None => return client,
        }
    }
    client
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

/// Parses one XFF hop: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:443`.
fn parse_hop(hop: &[u8]) -> Option<IpAddr> {
    let s = std::str::from_utf8(hop).ok()?;
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        return rest[..end]
            .parse::<IpAddr>()
            .ok()
            .map(|ip| ip.to_canonical());
    }
    let (host, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// Returns `id` when it is acceptable as a propagated request id (1–128 chars of
/// `[A-Za-z0-9._:-]`), so a trusted proxy's id is kept but cannot inject log garbage.
pub fn accept_request_id(id: &[u8]) -> Option<&str> {
    if id.is_empty() || id.len() > 128 {
        return None;
    }
    if !id
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
    {
        return None;
    }
    std::str::from_utf8(id).ok()
}

/// Generates a new request id: 32 lowercase hex characters from a fast PRNG.
///
/// Ids only need to be unique enough to find a log line, not unguessable.
pub fn new_request_id() -> String {
    // By hand rather than `format!("{:032x}")`: this runs for every request, and the
    // formatting machinery costs several hundred instructions more (callgrind).
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut n = fastrand::u128(..);
    let mut hex = [0u8; 32];
    for d in hex.iter_mut().rev() {
        *d = DIGITS[(n & 15) as usize];
        n >>= 4;
    }
    // ASCII hex digits: always UTF-8.
    std::str::from_utf8(&hex).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_overrides_and_proxy_claims_in_any_spelling() {
        for (name, target, claim) in [
            ("x-original-url", true, false),
            ("X_Original_URL", true, false),
            ("x-rewrite-url", true, false),
            ("x-original-urls", false, false),
            ("x-client-ip", false, true),
            ("Client_IP", false, true),
            ("cf-connecting-ip", false, true),
            ("true-client-ip", false, true),
            ("x-forwarded", false, true),
            ("X-Forwarded-Scheme", false, true),
            ("x-forwarded-ssl", false, true),
            ("x_forwarded_prefix", false, true),
            ("x-forwarded-host", false, false),
            ("x-forwarded-port", false, false),
            ("x-forwarded-for", false, false),
            ("x-real-ip", false, false),
            ("forwarded", false, false),
            ("accept", false, false),
        ] {
            assert_eq!(is_target_override(name), target, "{name}");
            assert_eq!(is_proxy_claim(name), claim, "{name}");
        }
        // Every listed claim passes the first-byte filter, in any case.
        for c in PROXY_CLAIMS {
            assert!(is_proxy_claim(c), "{c}");
            assert!(is_proxy_claim(&c.to_ascii_uppercase()), "{c}");
            assert!(is_proxy_claim(&c.replace('-', "_")), "{c}");
        }
    }

    fn tp(nets: &[&str]) -> TrustedProxies {
        TrustedProxies::new(nets.iter().map(|n| n.parse().unwrap()).collect())
    }

    fn resolve(peer: &str, xff: &[&str], trusted: &TrustedProxies) -> String {
        resolve_client_ip(
            peer.parse().unwrap(),
            xff.iter().map(|s| s.as_bytes()),
            trusted,
        )
        .to_string()
    }

    #[test]
    fn client_ip_table() {
        let cdn = tp(&["10.0.0.0/8", "2001:db8:cd::/48"]);
        let cases: &[(&str, &[&str], &str, &str)] = &[
            // (peer, xff headers, expected, why)
            ("203.0.113.5", &[], "203.0.113.5", "no xff: peer"),
            (
                "203.0.113.5",
                &["1.1.1.1"],
                "203.0.113.5",
                "untrusted peer's xff ignored",
            ),
            (
                "10.0.0.1",
                &["198.51.100.9"],
                "198.51.100.9",
                "trusted peer: xff client",
            ),
            (
                "10.0.0.1",
                &["6.6.6.6, 198.51.100.9"],
                "198.51.100.9",
                "spoofed left entry ignored: right-most untrusted wins",
            ),
            (
                "10.0.0.1",
                &["6.6.6.6, 198.51.100.9, 10.2.3.4"],
                "198.51.100.9",
                "trusted hops skipped",
            ),
            (
                "10.0.0.1",
                &["6.6.6.6", "198.51.100.9"],
                "198.51.100.9",
                "multiple headers concatenate in order",
            ),
            (
                "10.0.0.1",
                &["10.9.9.9, 10.1.1.1"],
                "10.9.9.9",
                "all trusted: left-most",
            ),
            (
                "10.0.0.1",
                &["garbage, 10.1.1.1"],
                "10.1.1.1",
                "unparsable hop stops at last trusted",
            ),
            ("10.0.0.1", &["not-an-ip"], "10.0.0.1", "garbage only: peer"),
            ("10.0.0.1", &[""], "10.0.0.1", "empty header: peer"),
            (
                "10.0.0.1",
                &["198.51.100.9:4711"],
                "198.51.100.9",
                "v4 with port",
            ),
            (
                "10.0.0.1",
                &["[2001:db8::7]:443"],
                "2001:db8::7",
                "bracketed v6 with port",
            ),
            (
                "::ffff:10.0.0.1",
                &["198.51.100.9"],
                "198.51.100.9",
                "mapped v6 peer is trusted",
            ),
            (
                "2001:db8:cd::1",
                &["2001:db8::7"],
                "2001:db8::7",
                "v6 trusted proxy",
            ),
            (
                "10.0.0.1",
                &["::ffff:198.51.100.9"],
                "198.51.100.9",
                "mapped v6 hop canonicalised",
            ),
        ];
        for (peer, xff, want, why) in cases {
            assert_eq!(resolve(peer, xff, &cdn), *want, "{why}");
        }
    }

    #[test]
    fn no_trusted_proxies_means_peer_always() {
        assert_eq!(resolve("10.0.0.1", &["1.2.3.4"], &tp(&[])), "10.0.0.1");
    }

    #[test]
    fn internal_headers_are_recognised_in_any_case() {
        for h in [
            "X-Risk-Decision",
            "x-geo-country",
            "X-DEVICE-ID",
            "X-Riskgate-Debug",
            "X-Payment-Channel",
            "X_Risk_Decision",
            "x_geo-country",
            "X-Device_Id",
        ] {
            assert!(is_internal_header(h), "{h}");
        }
        for h in [
            "x-request-id",
            "x-risky",
            "x-geolocation",
            "accept",
            "x-ris",
            "x-payment",
            "x_request_id",
            "x_ris",
        ] {
            assert!(!is_internal_header(h), "{h}");
        }
    }

    #[test]
    fn request_ids_are_validated() {
        assert_eq!(accept_request_id(b"abc-123_x.y:z"), Some("abc-123_x.y:z"));
        assert_eq!(accept_request_id(b""), None);
        assert_eq!(accept_request_id(b"a b"), None);
        assert_eq!(accept_request_id(b"a\nb"), None);
        assert_eq!(accept_request_id(&[b'a'; 129]), None);
        let id = new_request_id();
        assert_eq!(id.len(), 32);
        assert_ne!(id, new_request_id());
    }
}
