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
/// RFC 9110 §15.1).
const HEURISTIC_STATUSES: [u16; 11] = [200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501];

/// Whether a response with `status` may be stored: heuristically cacheable statuses always
/// (freshness permitting), `302`/`307` only with explicit freshness. Everything else
/// (`206` — ranges are not stored —, `304`, errors) is never stored.
pub fn status_storable(status: u16, explicit_freshness: bool) -> bool {
    HEURISTIC_STATUSES.contains(&status) || (explicit_freshness && matches!(status, 302 | 307))
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

/// The `Age` the response already had when it reached us (seconds; 0 when absent or
/// malformed), so stored freshness and the `Age` we send count it (RFC 9111 §4.2.3).
pub fn upstream_age(headers: &HeaderMap) -> Duration {
    headers
        .get(AGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_secs)
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
            (500, true, false),
            (503, true, false),
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
    fn upstream_age_is_read_leniently() {
        assert_eq!(
            upstream_age(&headers(&[("age", "30")])),
            Duration::from_secs(30)
        );
        assert_eq!(upstream_age(&headers(&[("age", "x")])), Duration::ZERO);
        assert_eq!(upstream_age(&headers(&[])), Duration::ZERO);
    }
}
