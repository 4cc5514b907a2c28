//! The HTTP fingerprint: a stable 64-bit hash of what a client's HTTP stack sends, and the
//! single header pass that also feeds the UA family and automation signals.
//!
//! The exact definition is in the module docs of [`super`] (it is the README text). This
//! file does not look at header values beyond `Accept-Language`, `Accept-Encoding`,
//! `User-Agent`, `sec-ch-ua` and `sec-ch-ua-platform`, and never stores anything.
//! It deliberately does not implement JA4H or any other JA4+ method (FoxIO licence).

use super::fnv::Fnv64;
use super::signals::{self, AutomationSignals};
use super::ua::{self, UaFamily};
use http::{HeaderMap, Version};
use std::fmt;

/// A client's HTTP-stack fingerprint (FNV-1a 64, definition in the [`super`] docs).
///
/// `Display` renders 16 lowercase hex digits. Stable across riskgate builds and versions
/// unless the definition's version tag (`rgfp1`) changes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HttpFingerprint(pub u64);

impl fmt::Display for HttpFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Debug for HttpFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HttpFingerprint({self})")
    }
}

/// Everything the fingerprint module derives from one request's headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFingerprint {
    /// The HTTP-stack fingerprint.
    pub http: HttpFingerprint,
    /// The family the `User-Agent` claims.
    pub ua: UaFamily,
    /// Automation signals raised by the header set.
    pub signals: AutomationSignals,
}

/// Computes the fingerprint, UA family and automation signals of a request in one pass.
///
/// Called once per request in `early_request_filter`, *before* internal headers are
/// stripped (removing headers from an `http::HeaderMap` reorders it). `headers` yields
/// `(name, value)` in wire order (see [`header_pairs`]); `version` is the client's HTTP
/// version; `https` is whether the client's connection was HTTPS. Allocation-free.
pub fn inspect<'a>(
    headers: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
    version: Version,
    https: bool,
) -> RequestFingerprint {
    let scan = Scan::run::<true>(headers);
    let ua = ua::classify(scan.user_agent.unwrap_or_default());
    RequestFingerprint {
        http: scan.finish(version, ua.family),
        ua: ua.family,
        signals: signals::evaluate(&scan, &ua, https),
    }
}

/// Computes only the HTTP fingerprint of a request (`headers` in wire order).
///
/// Same value as [`inspect`]`(..).http`; allocation-free.
pub fn http_fingerprint<'a>(
    headers: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
    version: Version,
) -> HttpFingerprint {
    let scan = Scan::run::<true>(headers);
    let family = ua::ua_family(scan.user_agent.unwrap_or_default());
    scan.finish(version, family)
}

/// Adapts an `http::HeaderMap` to the `(name, value)` byte pairs this module takes.
///
/// `HeaderMap` keeps the order in which names first appeared, with repeated names grouped:
/// close to wire order, and identical for identical client stacks.
pub fn header_pairs(map: &HeaderMap) -> impl Iterator<Item = (&[u8], &[u8])> {
    map.iter()
        .map(|(n, v)| (n.as_str().as_bytes(), v.as_bytes()))
}

/// What one pass over the headers collects.
pub(crate) struct Scan<'a> {
    /// FNV state after the prefix and the included header names.
    names: Fnv64,
    pub(crate) accept_language: Option<&'a [u8]>,
    pub(crate) accept_encoding: Option<&'a [u8]>,
    pub(crate) user_agent: Option<&'a [u8]>,
    pub(crate) sec_ch_ua: bool,
    /// The `sec-ch-ua` brand list (for its `Chromium` major version).
    pub(crate) ch_ua: Option<&'a [u8]>,
    /// The `sec-ch-ua-platform` value (e.g. `"Windows"`).
    pub(crate) ch_platform: Option<&'a [u8]>,
}

impl<'a> Scan<'a> {
    /// Walks the headers once; `HASH = false` skips folding names into the fingerprint
    /// (for callers that only want the signals).
    pub(crate) fn run<const HASH: bool>(
        headers: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
    ) -> Self {
        let mut names = Fnv64::new();
        names.bytes(b"rgfp1\0");
        let mut scan = Scan {
            names,
            accept_language: None,
            accept_encoding: None,
            user_agent: None,
            sec_ch_ua: false,
            ch_ua: None,
            ch_platform: None,
        };
        for (name, value) in headers {
            if excluded(name) {
                continue;
            }
            if HASH {
                scan.names.bytes_lower(name);
                scan.names.byte(b',');
            }
            let slot = if name.eq_ignore_ascii_case(b"accept-language") {
                &mut scan.accept_language
            } else if name.eq_ignore_ascii_case(b"accept-encoding") {
                &mut scan.accept_encoding
            } else if name.eq_ignore_ascii_case(b"user-agent") {
                &mut scan.user_agent
            } else {
                if name.eq_ignore_ascii_case(b"sec-ch-ua") {
                    scan.sec_ch_ua = true;
                    scan.ch_ua.get_or_insert(value.trim_ascii());
                } else if name.eq_ignore_ascii_case(b"sec-ch-ua-platform") {
                    scan.ch_platform.get_or_insert(value.trim_ascii());
                }
                continue;
            };
            if slot.is_none() {
                *slot = Some(value.trim_ascii());
            }
        }
        scan
    }

    /// Completes the hash: `version 0x00` is folded in after a `0x00` closing the names,
    /// then the captured values and the UA family, each followed by `0x00`.
    fn finish(&self, version: Version, family: UaFamily) -> HttpFingerprint {
        let mut h = self.names;
        h.byte(0);
        h.bytes(version_tag(version).as_bytes());
        h.byte(0);
        h.bytes(self.accept_language.unwrap_or_default());
        h.byte(0);
        h.bytes(self.accept_encoding.unwrap_or_default());
        h.byte(0);
        h.bytes(family.as_str().as_bytes());
        h.byte(0);
        HttpFingerprint(h.finish())
    }
}

fn version_tag(v: Version) -> &'static str {
    match v {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_11 => "HTTP/1.1",
        Version::HTTP_2 => "HTTP/2",
        Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/?",
    }
}

/// Header names (any case) left out of the fingerprint because they vary per request or
/// are added by proxies rather than the client's HTTP stack.
pub const EXCLUDED_NAMES: [&str; 9] = [
    "cookie",
    "content-length",
    "forwarded",
    "via",
    "x-real-ip",
    "true-client-ip",
    "cdn-loop",
    "x-request-id",
    "x-amzn-trace-id",
];

/// Header-name prefixes (any case) left out of the fingerprint: proxy/CDN additions and
/// riskgate's own internal headers.
pub const EXCLUDED_PREFIXES: [&str; 7] = [
    "x-forwarded-",
    "cf-",
    "x-risk-",
    "x-geo-",
    "x-device-",
    "x-riskgate-",
    ":",
];

fn excluded(name: &[u8]) -> bool {
    // Dispatch on the first byte: most browser headers (`accept*`, `sec-*`, `user-agent`,
    // `priority`, `origin`, `referer`) start with none of these and skip the list walk.
    match name.first().map(u8::to_ascii_lowercase) {
        Some(b'c' | b'f' | b'v' | b'x' | b't' | b':') => {}
        _ => return false,
    }
    EXCLUDED_NAMES
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
        || EXCLUDED_PREFIXES
            .iter()
            .any(|p| name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
}

#[cfg(test)]
#[path = "headers_tests.rs"]
mod tests;
