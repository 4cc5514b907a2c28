//! Automation signals: cheap, conservative hints that a request comes from a script rather
//! than the browser its `User-Agent` names.
//!
//! Each signal is one bit with a stable snake_case reason name. The rules (documented on
//! [`Signal`]) only flag what every current browser does differently, so a real browser on
//! a normal page never trips them. Weighing the signals is the scorer's job, not this file's.

use super::headers::Scan;
use super::ua::{UaFamily, UaInfo};
use std::fmt;

/// One automation signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// The UA is a headless browser or a scripting HTTP client (`curl`, `python-requests`,
    /// `Go-http-client`, …): see [`UaFamily::is_automation`].
    AutomationUa,
    /// The UA is a crawler ([`UaFamily::Bot`]); expected on static pages, odd on orders.
    CrawlerUa,
    /// No `Accept-Language`, or a blank one. Every browser sends it on every request.
    MissingAcceptLanguage,
    /// The UA claims a browser family but the headers contradict it. Rules:
    /// 1. browser family and no (or blank) `Accept-Language`;
    /// 2. browser family and `Accept-Encoding` absent or offering neither `gzip` nor `br`;
    /// 3. Chrome or Edge with a `Chrome/` major ≥ 90, not an Android WebView (`; wv`),
    ///    reached over HTTPS, and no `sec-ch-ua` header (sent by Chromium on every secure
    ///    request since version 89; not by Chrome on iOS, which is excluded by having no
    ///    `Chrome/` token);
    /// 4. Firefox or Safari sending `sec-ch-ua` (neither implements client hints: the
    ///    headers were copied from a Chrome profile);
    /// 5. the client hints contradict the `User-Agent` (an anti-detect browser or a
    ///    script rewrote one and not the other): `sec-ch-ua-platform` names another
    ///    operating system than the UA (`"Windows"` with an Android or Mac UA), or the
    ///    `Chromium` brand of `sec-ch-ua` has another major version than the UA's
    ///    `Chrome/` token. Either side unknown or absent is no contradiction.
    UaHeaderMismatch,
    /// No `User-Agent`, or a blank one.
    NoUserAgent,
}

impl Signal {
    /// Every signal, in bit order.
    pub const ALL: [Signal; 5] = [
        Signal::AutomationUa,
        Signal::CrawlerUa,
        Signal::MissingAcceptLanguage,
        Signal::UaHeaderMismatch,
        Signal::NoUserAgent,
    ];

    /// Returns the stable reason name (`"automation_ua"`, …) used in logs and decisions.
    pub const fn as_str(self) -> &'static str {
        match self {
            Signal::AutomationUa => "automation_ua",
            Signal::CrawlerUa => "crawler_ua",
            Signal::MissingAcceptLanguage => "missing_accept_language",
            Signal::UaHeaderMismatch => "ua_header_mismatch",
            Signal::NoUserAgent => "no_user_agent",
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The set of automation signals raised by one request: a `Copy` bit set.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AutomationSignals(u8);

impl AutomationSignals {
    /// No signal raised.
    pub const NONE: AutomationSignals = AutomationSignals(0);

    /// Returns this set plus `signal`.
    #[must_use]
    pub const fn with(self, signal: Signal) -> Self {
        AutomationSignals(self.0 | signal.bit())
    }

    /// Returns true when `signal` was raised.
    pub const fn contains(self, signal: Signal) -> bool {
        self.0 & signal.bit() != 0
    }

    /// Returns true when any signal was raised.
    pub const fn any(self) -> bool {
        self.0 != 0
    }

    /// Returns the number of signals raised (a feature for the model).
    pub const fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// Returns the raised signals in [`Signal::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Signal> {
        Signal::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// Returns the reason names of the raised signals, in [`Signal::ALL`] order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        self.iter().map(Signal::as_str)
    }
}

impl fmt::Debug for AutomationSignals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.names()).finish()
    }
}

/// Computes the automation signals of a request from its headers (wire order).
///
/// Called per request when only the signals are wanted; [`super::inspect`] computes them
/// together with the fingerprint in one pass. `https` is whether the *client's* connection
/// was HTTPS (behind a TLS-terminating CDN: its trusted `X-Forwarded-Proto`), because
/// browsers send client hints only to secure origins. Allocation-free.
pub fn automation_signals<'a>(
    headers: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
    https: bool,
) -> AutomationSignals {
    let scan = Scan::run::<false>(headers);
    let ua = super::ua::classify(scan.user_agent.unwrap_or_default());
    evaluate(&scan, &ua, https)
}

pub(crate) fn evaluate(scan: &Scan<'_>, ua: &UaInfo, https: bool) -> AutomationSignals {
    let mut s = AutomationSignals::NONE;
    let family = ua.family;
    if family == UaFamily::Empty {
        s = s.with(Signal::NoUserAgent);
    }
    if family.is_automation() {
        s = s.with(Signal::AutomationUa);
    }
    if family == UaFamily::Bot {
        s = s.with(Signal::CrawlerUa);
    }
    let no_language = scan.accept_language.is_none_or(<[u8]>::is_empty);
    if no_language {
        s = s.with(Signal::MissingAcceptLanguage);
    }
    let mismatch = family.is_browser()
        && (no_language
            || !offers_browser_encoding(scan.accept_encoding)
            || (matches!(family, UaFamily::Chrome | UaFamily::Edge)
                && ua.chrome_major.is_some_and(|m| m >= 90)
                && !ua.webview
                && https
                && !scan.sec_ch_ua)
            || (matches!(family, UaFamily::Firefox | UaFamily::Safari) && scan.sec_ch_ua)
            || hints_contradict_ua(scan, ua));
    if mismatch {
        s = s.with(Signal::UaHeaderMismatch);
    }
    s
}

/// An operating system as the UA and `sec-ch-ua-platform` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Platform {
    Windows,
    Mac,
    Ios,
    Android,
    Cros,
    Linux,
}

/// The operating system a `User-Agent` names (`None`: none recognised).
pub(crate) fn ua_os(ua: &[u8]) -> Option<Platform> {
    let has = |needle: &[u8]| ua.windows(needle.len()).any(|w| w == needle);
    // Most specific first: Android and iOS UAs also say "Linux" / "like Mac OS X".
    if has(b"Android") {
        Some(Platform::Android)
    } else if has(b"iPhone") || has(b"iPad") || has(b"iPod") {
        Some(Platform::Ios)
    } else if has(b"CrOS") {
        Some(Platform::Cros)
    } else if has(b"Windows") {
        Some(Platform::Windows)
    } else if has(b"Macintosh") || has(b"Mac OS X") {
        Some(Platform::Mac)
    } else if has(b"Linux") || has(b"X11") {
        Some(Platform::Linux)
    } else {
        None
    }
}

/// The operating system a `sec-ch-ua-platform` value names (quoted, any case).
pub(crate) fn hint_os(v: &[u8]) -> Option<Platform> {
    let v = v.trim_ascii();
    let v = v
        .strip_prefix(b"\"")
        .and_then(|x| x.strip_suffix(b"\""))
        .unwrap_or(v);
    let is = |s: &[u8]| v.eq_ignore_ascii_case(s);
    if is(b"Windows") {
        Some(Platform::Windows)
    } else if is(b"macOS") {
        Some(Platform::Mac)
    } else if is(b"iOS") {
        Some(Platform::Ios)
    } else if is(b"Android") {
        Some(Platform::Android)
    } else if is(b"Chrome OS") || is(b"Chromium OS") {
        Some(Platform::Cros)
    } else if is(b"Linux") {
        Some(Platform::Linux)
    } else {
        None
    }
}

/// The major version of the `"Chromium";v="NNN"` brand of a `sec-ch-ua` list.
fn hint_chromium_major(v: &[u8]) -> Option<u16> {
    v.split(|&b| b == b',').find_map(|item| {
        let (brand, rest) = item.trim_ascii().split_once_byte(b';')?;
        if brand.trim_ascii() != b"\"Chromium\"" {
            return None;
        }
        let version = rest.trim_ascii().strip_prefix(b"v=")?;
        let version = version.trim_ascii_matches_quotes();
        std::str::from_utf8(version).ok()?.parse().ok()
    })
}

trait ByteSplit {
    fn split_once_byte(&self, b: u8) -> Option<(&[u8], &[u8])>;
    fn trim_ascii_matches_quotes(&self) -> &[u8];
}

impl ByteSplit for [u8] {
    fn split_once_byte(&self, b: u8) -> Option<(&[u8], &[u8])> {
        let i = self.iter().position(|&x| x == b)?;
        Some((&self[..i], &self[i + 1..]))
    }

    fn trim_ascii_matches_quotes(&self) -> &[u8] {
        let v = self.trim_ascii();
        let v = v.strip_prefix(b"\"").unwrap_or(v);
        v.strip_suffix(b"\"").unwrap_or(v)
    }
}

/// Rule 5 of [`Signal::UaHeaderMismatch`]: the client hints name another platform or
/// Chromium version than the `User-Agent`.
fn hints_contradict_ua(scan: &Scan<'_>, ua: &UaInfo) -> bool {
    let ua_bytes = scan.user_agent.unwrap_or_default();
    let platform = scan
        .ch_platform
        .and_then(hint_os)
        .zip(ua_os(ua_bytes))
        .is_some_and(|(hint, claimed)| hint != claimed);
    let version = scan
        .ch_ua
        .and_then(hint_chromium_major)
        .zip(ua.chrome_major)
        .is_some_and(|(hint, claimed)| hint != claimed);
    platform || version
}

/// True when `Accept-Encoding` lists `gzip` or `br` (any case, any q-value).
fn offers_browser_encoding(value: Option<&[u8]>) -> bool {
    value.is_some_and(|v| {
        v.split(|&b| b == b',').any(|item| {
            let coding = item.split(|&b| b == b';').next().unwrap_or_default();
            let coding = coding.trim_ascii();
            coding.eq_ignore_ascii_case(b"gzip") || coding.eq_ignore_ascii_case(b"br")
        })
    })
}

#[cfg(test)]
#[path = "signals_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "client_hints_tests.rs"]
mod client_hints_tests;
