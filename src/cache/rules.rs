//! The plain-input rules of a shared cache (RFC 9111) that pingora-cache leaves to us:
//! credentialed requests, status codes, `Set-Cookie`, `Vary: *`, heuristic freshness and
//! the `Age` the origin already spent.
//!
//! Pure functions over header maps and times; no pingora. `policy` combines them with
//! pingora-cache's own `Cache-Control` interpretation.

use http::header::{HeaderMap, AGE, AUTHORIZATION, COOKIE, SET_COOKIE, VARY};
use std::time::{Duration, SystemTime};

/// Whether a request carries credentials, which restrict what a shared cache may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// Anonymous: any storable response may be stored and served.
    None,
    /// `Authorization`: only responses with `public`, `s-maxage` or `must-revalidate`
    /// (RFC 9111 §3.5).
    Authorization,
    /// A shop session cookie (`cache.session_cookies`): only `public` responses.
    SessionCookie,
}

/// Classifies a request's credentials. Called once per static-route request.
pub fn credential(headers: &HeaderMap, session_cookies: &[String]) -> Credential {
    if headers.contains_key(AUTHORIZATION) {
        return Credential::Authorization;
    }
    if session_cookies.is_empty() {
        return Credential::None;
    }
    let has_session = headers.get_all(COOKIE).iter().any(|v| {
        session_cookies.iter().any(|name| {
            crate::fingerprint::named_values(v.as_bytes(), name.as_bytes())
                .next()
                .is_some()
        })
    });
    if has_session {
        Credential::SessionCookie
    } else {
        Credential::None
    }
}

/// Statuses a cache may store with heuristic freshness ("heuristically cacheable",
/// RFC 9110 §15.1). `206` is among them, but riskgate does not store partial content.
const HEURISTIC_STATUSES: [u16; 11] = [200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501];

/// Whether a response with `status` may get heuristic freshness (RFC 9111 §4.2.2).
pub fn heuristic_status(status: u16) -> bool {
    HEURISTIC_STATUSES.contains(&status)
}

/// Whether riskgate implements the caching rules of `status` (for `must-understand`,
/// RFC 9111 §5.2.2.3): the heuristically cacheable ones, the redirects and the errors
/// whose caching needs nothing beyond freshness.
pub fn status_understood(status: u16) -> bool {
    heuristic_status(status)
        || matches!(status, 302 | 303 | 307 | 400 | 403 | 500 | 502 | 503 | 504)
}

/// Whether a response with `status` may be stored (RFC 9111 §3): with explicit freshness,
/// any final status; without, heuristically cacheable ones only. Never `206` (ranges are
/// not stored), `304` (it updates a stored response instead) or an informational `1xx`.
pub fn status_storable(status: u16, explicit_freshness: bool) -> bool {
    if status < 200 || matches!(status, 206 | 304) || status > 999 {
        return false;
    }
    explicit_freshness || heuristic_status(status)
}

/// Whether the origin's response forbids storing for reasons `Cache-Control` does not
/// cover: `Set-Cookie` (a per-client response) or `Vary: *` (never matches).
pub fn forbids_storing(headers: &HeaderMap) -> bool {
    headers.contains_key(SET_COOKIE)
        || headers.get_all(VARY).iter().any(|v| {
            v.as_bytes()
                .split(|&b| b == b',')
                .any(|t| t.trim_ascii() == b"*")
        })
}

/// Heuristic freshness (RFC 9111 §4.2.2): `percent` % of the time between `Last-Modified`
/// and the response's `Date` (or `now`), capped at `max`. `None` when heuristics are off,
/// there is no `Last-Modified`, or the result is under a second.
pub fn heuristic_ttl(
    now: SystemTime,
    date: Option<SystemTime>,
    last_modified: Option<SystemTime>,
    percent: u8,
    max: Duration,
) -> Option<Duration> {
    if percent == 0 {
        return None;
    }
    let since = date.unwrap_or(now).duration_since(last_modified?).ok()?;
    let ttl = (since * u32::from(percent) / 100).min(max);
    (ttl >= Duration::from_secs(1)).then_some(ttl)
}

/// Parses an HTTP date header (`Date`, `Last-Modified`).
pub fn http_date(headers: &HeaderMap, name: http::header::HeaderName) -> Option<SystemTime> {
    let v = headers.get(name)?.to_str().ok()?;
    httpdate::parse_http_date(v).ok()
}

/// The origin's `Age` field (RFC 9111 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeField {
    /// No `Age`.
    Absent,
    /// One non-negative integer (capped at 2^31 s, as §1.2.2 allows).
    Valid(Duration),
    /// Anything else: a list (`7200, 0`), several lines, a sign, a fraction, a parameter.
    /// `first` is the first member when that one is a valid number, as §5.1 reads a list.
    Malformed {
        /// The first member, when it is a non-negative integer.
        first: Option<Duration>,
    },
}

impl AgeField {
    /// The age to count (first member of a list; 0 when unusable).
    pub fn seconds(self) -> Duration {
        match self {
            AgeField::Valid(d) | AgeField::Malformed { first: Some(d) } => d,
            _ => Duration::ZERO,
        }
    }
}

/// Reads the origin's `Age`. Called once per origin response on static routes.
pub fn age_field(headers: &HeaderMap) -> AgeField {
    let mut lines = headers.get_all(AGE).iter();
    let Some(v) = lines.next() else {
        return AgeField::Absent;
    };
    let several = lines.next().is_some();
    let mut members = v.as_bytes().split(|&b| b == b',');
    let first = members.next().and_then(|m| delta_seconds(m.trim_ascii()));
    match first {
        Some(d) if !several && members.next().is_none() => AgeField::Valid(d),
        first => AgeField::Malformed { first },
    }
}

/// `delta-seconds` (RFC 9111 §1.2.2): digits only; overflow is capped at 2^31.
fn delta_seconds(v: &[u8]) -> Option<Duration> {
    if v.is_empty() || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let secs = std::str::from_utf8(v)
        .ok()?
        .parse::<u64>()
        .unwrap_or(AGE_CAP)
        .min(AGE_CAP);
    Some(Duration::from_secs(secs))
}

/// The largest `Age` a cache must be able to represent (RFC 9111 §1.2.2).
const AGE_CAP: u64 = 1 << 31;

/// The response's age when it reached us (RFC 9111 §4.2.3, `corrected_initial_age`): the
/// larger of the origin's `Age` and the apparent age `now − Date`. `Date` has a resolution
/// of one second, so an apparent age of one second is taken as clock granularity, not age.
pub fn initial_age(headers: &HeaderMap, now: SystemTime) -> Duration {
    let apparent = http_date(headers, http::header::DATE)
        .and_then(|d| now.duration_since(d).ok())
        .map_or(Duration::ZERO, |a| {
            Duration::from_secs(a.as_secs().saturating_sub(1))
        });
    apparent.max(age_field(headers).seconds())
}

/// What `Expires` says (RFC 9111 §5.3): `None` without exactly one `Expires`; an invalid
/// date means "already expired" (`UNIX_EPOCH`).
pub fn expires(headers: &HeaderMap) -> Option<SystemTime> {
    let mut all = headers.get_all(http::header::EXPIRES).iter();
    let v = all.next()?;
    if all.next().is_some() {
        return Some(SystemTime::UNIX_EPOCH);
    }
    Some(
        v.to_str()
            .ok()
            .and_then(|s| httpdate::parse_http_date(s).ok())
            .unwrap_or(SystemTime::UNIX_EPOCH),
    )
}

/// Freshness lifetime from `Expires` (RFC 9111 §4.2.1): `Expires − Date`, on the origin's
/// own clock (our clock only when the origin sent no valid `Date`). Zero when `Expires` is
/// not after `Date`.
pub fn expires_lifetime(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let expires = expires(headers)?;
    let date = http_date(headers, http::header::DATE).unwrap_or(now);
    Some(expires.duration_since(date).unwrap_or(Duration::ZERO))
}

/// The header fields a `Connection` header names, which concern only the hop they came
/// over (RFC 9110 §7.6.1): they are neither stored nor forwarded. `Connection` itself is
/// left to pingora (it decides upstream keep-alive and writes its own downstream), and so
/// is `Upgrade` (a `101` needs it). Only names actually present are returned.
pub fn connection_named(headers: &HeaderMap) -> Vec<http::HeaderName> {
    headers
        .get_all(http::header::CONNECTION)
        .iter()
        .flat_map(|v| v.as_bytes().split(|&b| b == b','))
        .filter_map(|t| std::str::from_utf8(t.trim_ascii()).ok())
        .filter(|n| {
            !["close", "upgrade", "connection"]
                .iter()
                .any(|c| n.eq_ignore_ascii_case(c))
        })
        // Looked up by `&str` first (no allocation; an invalid name is simply absent), so
        // the usual `Connection: keep-alive` without a `Keep-Alive` field costs nothing.
        .filter(|n| headers.contains_key(*n))
        .filter_map(|n| http::HeaderName::from_bytes(n.as_bytes()).ok())
        .collect()
}

/// Header fields a `304` must not change in the stored response (RFC 9111 §3.2): the
/// framing and digest of the stored body, its validator, and hop-by-hop fields.
const NOT_UPDATED_BY_304: [&str; 9] = [
    "content-length",
    "content-md5",
    // The stored representation's validator: a 304 validated *it*, so it stays.
    "etag",
    "content-encoding",
    "transfer-encoding",
    "content-range",
    "connection",
    "keep-alive",
    "age",
];

/// The fields of a `304` that replace the stored fields of the same name (RFC 9111
/// §4.3.4): all it carries, except the few in [`NOT_UPDATED_BY_304`] (and `Vary`: the
/// stored variant key stays what it is).
pub fn updated_by_304(not_modified: &HeaderMap) -> Vec<http::HeaderName> {
    not_modified
        .keys()
        .filter(|n| !NOT_UPDATED_BY_304.contains(&n.as_str()) && *n != VARY)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn credentials_are_classified() {
        let sessions = vec!["shop_session".to_string()];
        let cases: &[(&[(&str, &str)], Credential)] = &[
            (&[], Credential::None),
            (&[("authorization", "Bearer x")], Credential::Authorization),
            (&[("cookie", "rg_did=abc; theme=dark")], Credential::None),
            (
                &[("cookie", "theme=dark; shop_session=s1")],
                Credential::SessionCookie,
            ),
            (
                &[("cookie", "a=1"), ("cookie", "shop_session=s1")],
                Credential::SessionCookie,
            ),
            (&[("cookie", "shop_session_old=s1")], Credential::None),
        ];
        for (h, want) in cases {
            assert_eq!(credential(&headers(h), &sessions), *want, "{h:?}");
        }
        assert_eq!(
            credential(&headers(&[("cookie", "shop_session=1")]), &[]),
            Credential::None
        );
    }

    #[test]
    fn statuses_are_storable_only_when_understood() {
        let cases = [
            (200, false, true),
            (404, false, true),
            (301, false, true),
            (302, false, false),
            (302, true, true),
            (206, true, false),
            (304, true, false),
            (101, true, false),
            (500, true, true),
            (503, true, true),
            (299, true, true),
            (500, false, false),
            (410, false, true),
        ];
        for (status, explicit, want) in cases {
            assert_eq!(
                status_storable(status, explicit),
                want,
                "{status} {explicit}"
            );
        }
    }

    #[test]
    fn set_cookie_and_vary_star_forbid_storing() {
        let cases: &[(&[(&str, &str)], bool)] = &[
            (&[("content-type", "text/css")], false),
            (&[("set-cookie", "a=1")], true),
            (&[("vary", "Accept-Encoding")], false),
            (&[("vary", "Accept-Encoding, *")], true),
        ];
        for (h, want) in cases {
            assert_eq!(forbids_storing(&headers(h)), *want, "{h:?}");
        }
    }

    #[test]
    fn heuristic_is_a_capped_fraction_of_last_modified_age() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let day = Duration::from_secs(86_400);
        let hour = Duration::from_secs(3600);
        let lm = |ago: u64| Some(now - Duration::from_secs(ago));
        let cases = [
            (None, lm(1000), 10, day, Some(Duration::from_secs(100))),
            (None, lm(100_000), 10, hour, Some(hour)),
            (None, None, 10, day, None),
            (None, lm(1000), 0, day, None),
            (None, lm(5), 10, day, None),
            (
                Some(now - Duration::from_secs(500)),
                lm(1000),
                10,
                day,
                Some(Duration::from_secs(50)),
            ),
        ];
        for (date, last_modified, pct, max, want) in cases {
            assert_eq!(heuristic_ttl(now, date, last_modified, pct, max), want);
        }
    }

    #[test]
    fn age_is_read_strictly_and_a_list_by_its_first_member() {
        let s = |n: u64| Some(Duration::from_secs(n));
        let cases: &[(&[&str], AgeField)] = &[
            (&["30"], AgeField::Valid(Duration::from_secs(30))),
            (
                &["99999999999999999999"],
                AgeField::Valid(Duration::from_secs(1 << 31)),
            ),
            (&["7200, 0"], AgeField::Malformed { first: s(7200) }),
            (&["0, 7200"], AgeField::Malformed { first: s(0) }),
            (&["0", "7200"], AgeField::Malformed { first: s(0) }),
            (&["7200;foo=bar"], AgeField::Malformed { first: None }),
            (&["x"], AgeField::Malformed { first: None }),
            (&["-5"], AgeField::Malformed { first: None }),
            (&["1.5"], AgeField::Malformed { first: None }),
            (&[], AgeField::Absent),
        ];
        for (lines, want) in cases {
            let pairs: Vec<(&str, &str)> = lines.iter().map(|v| ("age", *v)).collect();
            assert_eq!(age_field(&headers(&pairs)), *want, "{lines:?}");
        }
        assert_eq!(
            AgeField::Malformed { first: s(7200) }.seconds(),
            Duration::from_secs(7200)
        );
    }

    #[test]
    fn expires_counts_from_the_origin_date() {
        let now = SystemTime::now();
        let fmt = |t: SystemTime| httpdate::fmt_http_date(t);
        let at = |s: u64| now + Duration::from_secs(s);
        let back = |s: u64| now - Duration::from_secs(s);
        type Case<'a> = (Vec<(&'a str, String)>, Option<u64>);
        let cases: Vec<Case> = vec![
            (vec![("expires", fmt(at(600)))], Some(600)),
            (
                vec![("date", fmt(back(200))), ("expires", fmt(back(100)))],
                Some(100),
            ),
            (
                vec![("date", fmt(now)), ("expires", fmt(back(100)))],
                Some(0),
            ),
            (vec![("expires", "0".into())], Some(0)),
            (vec![], None),
        ];
        for (h, want) in cases {
            let pairs: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let got = expires_lifetime(&headers(&pairs), now).map(|d| d.as_secs());
            let ok = match (got, want) {
                (Some(g), Some(w)) => g.abs_diff(w) <= 1,
                (g, w) => g == w,
            };
            assert!(ok, "{h:?}: {got:?}");
        }
    }

    #[test]
    fn connection_named_fields_are_removed() {
        let h = headers(&[
            ("connection", "X-Hop, close, Upgrade"),
            ("connection", "keep-alive, x-missing"),
            ("x-hop", "1"),
            ("x-end", "2"),
            ("keep-alive", "timeout=5"),
            ("upgrade", "websocket"),
        ]);
        let names: Vec<String> = connection_named(&h).iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["x-hop", "keep-alive"]);
    }

    #[test]
    fn a_304_replaces_stored_fields_but_not_the_framing() {
        let nm = headers(&[
            ("content-length", "0"),
            ("test-header", "new"),
            ("content-foo", "a"),
            ("content-foo", "b"),
            ("vary", "x"),
            ("etag", "\"2\""),
        ]);
        let names: Vec<String> = updated_by_304(&nm).iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["test-header", "content-foo"]);
    }
}
