//! The header names riskgate sets on every proxied request, parsed once at compile time.
//!
//! pingora's `insert_header` parses its name argument into a new `HeaderName` on every call
//! and copies it for the case-preserving map (about 40 % of each insert, BENCHMARKS.md
//! "Cost per request"); `insert_header_static` (riskgate's pingora-http patch, see
//! vendor/README.md) takes these instead. Each name is sent lowercase, as before.

use pingora::http::StaticHeaderName;

pub static X_REQUEST_ID: StaticHeaderName = StaticHeaderName::new("x-request-id");
pub static X_GEO_COUNTRY: StaticHeaderName = StaticHeaderName::new("x-geo-country");
pub static X_GEO_ASN: StaticHeaderName = StaticHeaderName::new("x-geo-asn");
pub static X_GEO_HOSTING: StaticHeaderName = StaticHeaderName::new("x-geo-hosting");
pub static X_FORWARDED_FOR: StaticHeaderName = StaticHeaderName::new("x-forwarded-for");
pub static X_REAL_IP: StaticHeaderName = StaticHeaderName::new("x-real-ip");
pub static X_FORWARDED_PROTO: StaticHeaderName = StaticHeaderName::new("x-forwarded-proto");
pub static X_FORWARDED_HOST: StaticHeaderName = StaticHeaderName::new("x-forwarded-host");
pub static X_FORWARDED_PORT: StaticHeaderName = StaticHeaderName::new("x-forwarded-port");
pub static FORWARDED: StaticHeaderName = StaticHeaderName::new("forwarded");
pub static X_DEVICE_ID: StaticHeaderName = StaticHeaderName::new("x-device-id");
pub static X_DEVICE_NEW: StaticHeaderName = StaticHeaderName::new("x-device-new");
pub static X_DEVICE_FINGERPRINT: StaticHeaderName = StaticHeaderName::new("x-device-fingerprint");
pub static X_DEVICE_SIGNALS: StaticHeaderName = StaticHeaderName::new("x-device-signals");

/// Header fields `upstream_request_filter` may add: reserved up front so the request's
/// maps grow once, not once per power of two.
pub const UPSTREAM_ADDED: usize = 16;

/// `value` as a header value; an invalid one is an error naming `what`.
pub fn value(v: impl TryInto<http::HeaderValue>, what: &str) -> pingora::Result<http::HeaderValue> {
    use pingora::prelude::*;
    v.try_into()
        .explain_err(InvalidHTTPHeader, |_| format!("{what} as a header value"))
}

/// The text of an IPv4 address as `Display` writes it (`192.0.2.7`), without the
/// formatting machinery: it is written into several headers of every request.
pub fn ipv4_text(ip: std::net::Ipv4Addr, out: &mut [u8; 15]) -> &str {
    let mut n = 0;
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            out[n] = b'.';
            n += 1;
        }
        if octet >= 100 {
            out[n] = b'0' + octet / 100;
            n += 1;
        }
        if octet >= 10 {
            out[n] = b'0' + octet / 10 % 10;
            n += 1;
        }
        out[n] = b'0' + octet % 10;
        n += 1;
    }
    // ASCII digits and dots: always UTF-8.
    std::str::from_utf8(&out[..n]).unwrap_or_default()
}

/// The client IP as a header value (`Display` form; IPv6 unbracketed).
pub fn ip_value(ip: std::net::IpAddr) -> pingora::Result<http::HeaderValue> {
    match ip {
        std::net::IpAddr::V4(v4) => value(ipv4_text(v4, &mut [0; 15]), "client ip"),
        std::net::IpAddr::V6(v6) => value(v6.to_string(), "client ip"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ipv4_text_is_what_display_writes() {
        for ip in [
            "0.0.0.0",
            "9.10.99.100",
            "192.0.2.7",
            "255.255.255.255",
            "10.200.3.45",
            "127.0.0.1",
        ] {
            let parsed: std::net::Ipv4Addr = ip.parse().unwrap();
            assert_eq!(super::ipv4_text(parsed, &mut [0; 15]), parsed.to_string());
            let v = super::ip_value(parsed.into()).unwrap();
            assert_eq!(v.to_str().unwrap(), ip);
        }
        let v6: std::net::IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(
            super::ip_value(v6).unwrap().to_str().unwrap(),
            "2001:db8::1"
        );
    }
}
