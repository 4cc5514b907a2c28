//! Whether an origin response may be stored, and for how long (RFC 9111 for a shared
//! cache, RFC 9213 targeted fields).
//!
//! pingora-cache parses `Cache-Control` ([`CacheControl`]) and stores what we decide; the
//! decision is ours: which field governs (a riskgate targeted field, `CDN-Cache-Control`,
//! or `Cache-Control` + `Expires`), status codes, `Set-Cookie`, `Vary: *`, credentials, the
//! freshness lifetime (`s-maxage` > `max-age` > `Expires − Date` > heuristic) and the age
//! the response already has (`Age`, apparent age from `Date`). It does not look up or
//! store anything.

use super::rules::{self, Credential};
use crate::config::CacheSettings;
use pingora::cache::cache_control::{CacheControl, Cacheable, InterpretCacheControl};
use pingora::cache::filters::calculate_serve_stale_durations;
use pingora::cache::key::HashBinary;
use pingora::cache::{CacheMeta, CacheMetaDefaults, NoCacheReason, RespCacheable, VarianceBuilder};
use pingora::http::ResponseHeader;
use std::time::{Duration, SystemTime};

/// Stale windows are only what the origin grants (no defaults).
const EXPLICIT_ONLY: CacheMetaDefaults = CacheMetaDefaults::new(|_| None, 0, 0);

/// The RFC 9213 targeted field every CDN understands.
pub const CDN_CACHE_CONTROL: &str = "cdn-cache-control";

/// The directives that govern storing `headers`, and whether they came from a targeted
/// field (RFC 9213 §2.1): the first present of `cache.targeted_field` and
/// `CDN-Cache-Control` (when enabled) replaces `Cache-Control` *and* `Expires`; otherwise
/// `Cache-Control`.
pub fn directives(
    headers: &http::HeaderMap,
    settings: &CacheSettings,
) -> (Option<CacheControl>, bool) {
    let targeted = settings
        .targeted_field
        .as_deref()
        .into_iter()
        .chain(settings.cdn_cache_control.then_some(CDN_CACHE_CONTROL));
    for name in targeted {
        if let Some(cc) = CacheControl::from_headers_named(name, headers) {
            if !cc.directives.is_empty() {
                return (Some(cc), true);
            }
        }
    }
    (
        CacheControl::from_headers_named("cache-control", headers),
        false,
    )
}

/// Decides whether `resp` (the origin's response to a request with `credential`) is stored,
/// and builds its metadata. Called once per origin response on static routes, before the
/// body arrives, and after a `304` with the stored header updated from it. `Uncacheable`
/// responses still reach the client, just not the store.
pub fn response_cacheable(
    resp: &ResponseHeader,
    credential: Credential,
    settings: &CacheSettings,
) -> RespCacheable {
    let now = SystemTime::now();
    let (cc, targeted) = directives(&resp.headers, settings);
    let cc = cc.as_ref();
    let explicit_ttl = cc.and_then(|c| c.fresh_duration());
    let expires = if targeted {
        None
    } else {
        rules::expires_lifetime(&resp.headers, now)
    };
    let explicit = explicit_ttl.or(expires);
    let status = resp.status.as_u16();
    if !rules::status_storable(status, explicit.is_some()) || rules::forbids_storing(&resp.headers)
    {
        return RespCacheable::Uncacheable(NoCacheReason::OriginNotCache);
    }
    // must-understand (§5.2.2.3): store only statuses whose caching rules we implement,
    // and then let it override the no-store that accompanies it for older caches.
    let must_understand = cc.is_some_and(|c| c.has_key("must-understand"));
    if must_understand && !rules::status_understood(status) {
        return RespCacheable::Uncacheable(NoCacheReason::OriginNotCache);
    }
    let forbidden =
        cc.is_some_and(|c| c.private() || (c.is_cacheable() == Cacheable::No && !must_understand));
    if forbidden {
        return RespCacheable::Uncacheable(NoCacheReason::OriginNotCache);
    }
    let public = cc.is_some_and(|c| c.public());
    if credential == Credential::SessionCookie && !public {
        return RespCacheable::Uncacheable(NoCacheReason::Custom("session_cookie"));
    }
    if credential == Credential::Authorization
        && !cc.is_some_and(|c| c.allow_caching_authorized_req())
    {
        return RespCacheable::Uncacheable(NoCacheReason::OriginNotCache);
    }
    let lifetime = match explicit {
        Some(l) => l,
        None => match heuristic(&resp.headers, settings, now) {
            Some(l) if rules::heuristic_status(status) => l,
            _ => return RespCacheable::Uncacheable(NoCacheReason::OriginNotCache),
        },
    };
    let age = rules::initial_age(&resp.headers, now);
    // A malformed `Age` (a list, several lines, a sign or a fraction) means some hop
    // mangled it and the response's real age is unknown: it is stored, but revalidated
    // before any reuse. RFC 9111 §5.1 would read the first member or ignore it (a SHOULD);
    // serving an arbitrarily old response as fresh is the worse risk.
    let malformed_age = matches!(
        rules::age_field(&resp.headers),
        rules::AgeField::Malformed { .. }
    );
    let fresh_until = if lifetime > age && !malformed_age {
        now + (lifetime - age)
    } else {
        // Stale on arrival: stored, but every use revalidates.
        now - Duration::from_secs(1)
    };
    let mut header = resp.clone();
    // Hits get their `Age` from the store's clock (epoch below), so the origin's is not kept.
    header.remove_header(&http::header::AGE);
    header.remove_header(&http::header::CONNECTION);
    if let Some(c) = cc {
        c.strip_private_headers(&mut header);
    }
    let (swr, sie) = calculate_serve_stale_durations(cc, &EXPLICIT_ONLY);
    let mut meta = CacheMeta::new(fresh_until, now, swr, sie, header);
    if !age.is_zero() {
        meta.set_epoch_override(now - age);
    }
    RespCacheable::Cacheable(meta)
}

/// Heuristic freshness for a response without explicit expiration (RFC 9111 §4.2.2).
fn heuristic(
    headers: &http::HeaderMap,
    settings: &CacheSettings,
    now: SystemTime,
) -> Option<Duration> {
    rules::heuristic_ttl(
        now,
        rules::http_date(headers, http::header::DATE),
        rules::http_date(headers, http::header::LAST_MODIFIED),
        settings.heuristic_percent,
        settings.heuristic_max,
    )
}

/// The secondary key for `Vary` (RFC 9111 §4.1): a hash of the request's values of the
/// header names the stored response lists in `Vary` (names lower-cased, several values of
/// one header joined with `,`). `None` when the response does not vary.
pub fn variance(stored: &http::HeaderMap, request: &http::HeaderMap) -> Option<HashBinary> {
    let mut b = VarianceBuilder::new();
    for v in stored.get_all(http::header::VARY) {
        for name in v.to_str().unwrap_or("").split(',') {
            let name = name.trim().to_ascii_lowercase();
            if name.is_empty() {
                continue;
            }
            let mut value = Vec::new();
            for (i, v) in request.get_all(name.as_str()).iter().enumerate() {
                if i > 0 {
                    value.push(b',');
                }
                value.extend_from_slice(v.as_bytes());
            }
            b.add_owned_name_value(name, value);
        }
    }
    b.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::QueryKey;
    use std::time::Duration;

    fn settings() -> CacheSettings {
        CacheSettings {
            max_bytes: 1 << 20,
            max_object_bytes: 1 << 16,
            x_cache: true,
            lock_timeout: Duration::from_secs(1),
            heuristic_percent: 10,
            heuristic_max: Duration::from_secs(3600),
            query: QueryKey::All,
            session_cookies: vec!["sid".into()],
            cdn_cache_control: true,
            forward_cdn_cache_control: false,
            targeted_field: Some("riskgate-cache-control".into()),
        }
    }

    fn resp(status: u16, headers: &[(&str, &str)]) -> ResponseHeader {
        let mut r = ResponseHeader::build(status, None).unwrap();
        for (k, v) in headers {
            r.append_header(k.to_string(), *v).unwrap();
        }
        r
    }

    /// Seconds the stored object stays fresh from now, or `None` when it is not stored.
    fn ttl(r: &ResponseHeader, c: Credential) -> Option<u64> {
        match response_cacheable(r, c, &settings()) {
            RespCacheable::Cacheable(m) => Some(
                m.fresh_until()
                    .duration_since(SystemTime::now())
                    .map_or(0, |d| d.as_secs()),
            ),
            RespCacheable::Uncacheable(_) => None,
        }
    }

    #[test]
    fn storability_follows_rfc_9111() {
        let old = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(10_000));
        let far = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(600));
        let anon = Credential::None;
        /// status, headers, request credential, expected seconds of freshness.
        type Case<'a> = (u16, Vec<(&'a str, &'a str)>, Credential, Option<u64>);
        let cases: Vec<Case> = vec![
            (200, vec![("cache-control", "max-age=60")], anon, Some(60)),
            (
                200,
                vec![("cache-control", "max-age=60, s-maxage=120")],
                anon,
                Some(120),
            ),
            (
                200,
                vec![("cache-control", "no-store, max-age=60")],
                anon,
                None,
            ),
            (
                200,
                vec![("cache-control", "private, max-age=60")],
                anon,
                None,
            ),
            (200, vec![("cache-control", "no-cache")], anon, Some(0)),
            (
                200,
                vec![("cache-control", "max-age=60"), ("set-cookie", "a=1")],
                anon,
                None,
            ),
            (
                200,
                vec![("cache-control", "max-age=60"), ("vary", "*")],
                anon,
                None,
            ),
            (
                200,
                vec![("cache-control", "max-age=60"), ("age", "20")],
                anon,
                Some(40),
            ),
            (200, vec![], anon, None),
            (200, vec![("last-modified", old.as_str())], anon, Some(1000)),
            (500, vec![("cache-control", "max-age=60")], anon, Some(60)),
            (299, vec![("cache-control", "max-age=60")], anon, Some(60)),
            (500, vec![("last-modified", old.as_str())], anon, None),
            (404, vec![("last-modified", old.as_str())], anon, Some(1000)),
            (
                200,
                vec![
                    ("cache-control", "no-store"),
                    ("cdn-cache-control", "max-age=60"),
                ],
                anon,
                Some(60),
            ),
            (
                200,
                vec![
                    ("cache-control", "max-age=60"),
                    ("cdn-cache-control", "no-store"),
                ],
                anon,
                None,
            ),
            (
                200,
                vec![
                    ("cdn-cache-control", "no-store"),
                    ("riskgate-cache-control", "max-age=30"),
                ],
                anon,
                Some(30),
            ),
            (
                200,
                vec![("cache-control", "max-age=60"), ("age", "7200, 0")],
                anon,
                Some(0),
            ),
            (
                200,
                vec![("cache-control", "max-age=60"), ("age", "abc")],
                anon,
                Some(0),
            ),
            (
                599,
                vec![("cache-control", "max-age=60, must-understand")],
                anon,
                None,
            ),
            (
                200,
                vec![("cache-control", "max-age=60, must-understand, no-store")],
                anon,
                Some(60),
            ),
            (206, vec![("cache-control", "max-age=60")], anon, None),
            (302, vec![("cache-control", "max-age=60")], anon, Some(60)),
            (302, vec![("last-modified", old.as_str())], anon, None),
            (
                200,
                vec![("cache-control", "max-age=60")],
                Credential::Authorization,
                None,
            ),
            (
                200,
                vec![("cache-control", "public, max-age=60")],
                Credential::Authorization,
                Some(60),
            ),
            (
                200,
                vec![("cache-control", "s-maxage=60")],
                Credential::Authorization,
                Some(60),
            ),
            (
                200,
                vec![("cache-control", "max-age=60")],
                Credential::SessionCookie,
                None,
            ),
            (
                200,
                vec![("cache-control", "public, max-age=60")],
                Credential::SessionCookie,
                Some(60),
            ),
        ];
        for (status, headers, cred, want) in cases {
            let r = resp(status, &headers);
            let got = ttl(&r, cred);
            // Freshness is computed from `now`; allow a second of clock movement.
            let ok = match (got, want) {
                (Some(g), Some(w)) => g.abs_diff(w) <= 1,
                (g, w) => g == w,
            };
            assert!(
                ok,
                "{status} {headers:?} {cred:?}: got {got:?}, want {want:?}"
            );
        }
        let expires = resp(200, &[("expires", far.as_str())]);
        assert!(ttl(&expires, anon).is_some_and(|s| s.abs_diff(600) <= 1));
    }

    #[test]
    fn stale_windows_come_from_the_origin() {
        let r = resp(
            200,
            &[(
                "cache-control",
                "max-age=1, stale-while-revalidate=30, stale-if-error=60",
            )],
        );
        let RespCacheable::Cacheable(m) = response_cacheable(&r, Credential::None, &settings())
        else {
            panic!("cacheable");
        };
        assert_eq!(
            (m.stale_while_revalidate_sec(), m.stale_if_error_sec()),
            (30, 60)
        );
        let r = resp(
            200,
            &[(
                "cache-control",
                "max-age=1, must-revalidate, stale-if-error=60",
            )],
        );
        let RespCacheable::Cacheable(m) = response_cacheable(&r, Credential::None, &settings())
        else {
            panic!("cacheable");
        };
        assert_eq!(
            (m.stale_while_revalidate_sec(), m.stale_if_error_sec()),
            (0, 0)
        );
    }

    #[test]
    fn vary_keeps_variants_apart() {
        let h = |pairs: &[(&str, &str)]| {
            let mut m = http::HeaderMap::new();
            for (k, v) in pairs {
                m.append(
                    http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    v.parse().unwrap(),
                );
            }
            m
        };
        let vary = h(&[("vary", "Accept-Encoding")]);
        let gzip = variance(&vary, &h(&[("accept-encoding", "gzip")]));
        let br = variance(&vary, &h(&[("accept-encoding", "br")]));
        let none = variance(&vary, &h(&[]));
        assert!(gzip.is_some() && gzip != br && gzip != none);
        assert_eq!(
            gzip,
            variance(
                &h(&[("vary", "accept-encoding")]),
                &h(&[("accept-encoding", "gzip")])
            )
        );
        assert_eq!(variance(&h(&[]), &h(&[("accept-encoding", "gzip")])), None);
        let two = h(&[("vary", "Accept-Encoding, Accept-Language")]);
        assert_ne!(
            variance(
                &two,
                &h(&[("accept-encoding", "gzip"), ("accept-language", "en")])
            ),
            variance(
                &two,
                &h(&[("accept-encoding", "gzip"), ("accept-language", "de")])
            )
        );
    }

    #[test]
    fn stored_header_drops_age() {
        let r = resp(200, &[("cache-control", "max-age=60"), ("age", "5")]);
        let RespCacheable::Cacheable(m) = response_cacheable(&r, Credential::None, &settings())
        else {
            panic!("cacheable");
        };
        assert!(m.headers().get("age").is_none());
        assert!(m.age() >= Duration::from_secs(5));
    }
}
