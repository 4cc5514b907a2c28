//! Validation of `[cache]` and of the per-route `[routes.cache]` overrides.
//!
//! Owns the cache's validity rules; the defaults live with every other default in
//! [`super::defaults`]. It knows nothing of how the cache stores or serves objects.

use super::{defaults, duration, positive, Errs};
use crate::config::raw::{RawCache, RawRouteCache};
use crate::config::types::{CacheSettings, QueryKey, RouteCacheSettings, RouteKind};

/// Largest object the store can weigh (its weigher counts in `u32`), with room for headers.
const MAX_OBJECT_LIMIT: u64 = 1 << 30;

pub(super) fn cache(raw: Option<RawCache>, e: &mut Errs) -> CacheSettings {
    let raw = raw.unwrap_or_default();
    let max_bytes = positive(
        raw.max_bytes,
        defaults::CACHE_MAX_BYTES,
        "cache.max_bytes",
        e,
    );
    let max_object_bytes = object_bytes(raw.max_object_bytes, "cache.max_object_bytes", e)
        .unwrap_or(defaults::CACHE_MAX_OBJECT_BYTES.min(max_bytes));
    if max_object_bytes > max_bytes {
        e.add(
            "cache.max_object_bytes",
            format!("must not exceed cache.max_bytes ({max_bytes}) (got {max_object_bytes})"),
        );
    }
    let heuristic_percent = match raw.heuristic_percent {
        None => defaults::CACHE_HEURISTIC_PERCENT,
        Some(n @ 0..=100) => n as u8,
        Some(n) => {
            e.add(
                "cache.heuristic_percent",
                format!("must be between 0 and 100 (got {n})"),
            );
            defaults::CACHE_HEURISTIC_PERCENT
        }
    };
    let mut session_cookies = Vec::new();
    for (i, c) in raw
        .session_cookies
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        if c.is_empty()
            || !c
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            e.add(
                format!("cache.session_cookies[{i}]"),
                format!("`{c}` is not a cookie name (letters, digits, _, - and .)"),
            );
        } else {
            session_cookies.push(c);
        }
    }
    let targeted_field = raw.targeted_field.and_then(|f| targeted_field(f, e));
    CacheSettings {
        max_bytes,
        max_object_bytes,
        x_cache: raw.x_cache.unwrap_or(true),
        lock_timeout: duration(
            raw.lock_timeout,
            defaults::CACHE_LOCK_TIMEOUT,
            "cache.lock_timeout",
            e,
        ),
        heuristic_percent,
        heuristic_max: duration(
            raw.heuristic_max,
            defaults::CACHE_HEURISTIC_MAX,
            "cache.heuristic_max",
            e,
        ),
        query: query_key(raw.query, raw.query_params, "cache", e).unwrap_or(QueryKey::All),
        session_cookies,
        cdn_cache_control: raw.cdn_cache_control.unwrap_or(true),
        forward_cdn_cache_control: raw.forward_cdn_cache_control.unwrap_or(false),
        targeted_field,
    }
}

/// Header fields a targeted field may not be: they already mean something else.
const RESERVED_FIELDS: [&str; 5] = [
    "cache-control",
    "cdn-cache-control",
    "expires",
    "age",
    "date",
];

/// `cache.targeted_field`: an HTTP field name (RFC 9110 token), stored lower-cased.
fn targeted_field(f: String, e: &mut Errs) -> Option<String> {
    let lower = f.to_ascii_lowercase();
    let token = !lower.is_empty()
        && lower
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        e.add(
            "cache.targeted_field",
            format!("`{f}` is not a header field name (letters, digits and -)"),
        );
        return None;
    }
    if RESERVED_FIELDS.contains(&lower.as_str()) {
        e.add(
            "cache.targeted_field",
            format!("`{f}` is a standard field; name riskgate's own, e.g. Riskgate-Cache-Control"),
        );
        return None;
    }
    Some(lower)
}

/// Validates `routes[i].cache`; only `static` routes may have one.
pub(super) fn route_cache(
    raw: Option<RawRouteCache>,
    i: usize,
    kind: Option<RouteKind>,
    e: &mut Errs,
) -> Option<RouteCacheSettings> {
    let raw = raw?;
    let f = format!("routes[{i}].cache");
    if kind.is_some_and(|k| k != RouteKind::Static) {
        e.add(f, "only applies to kind = \"static\"");
        return None;
    }
    let query = match (raw.query, raw.query_params) {
        (None, None) => None,
        (q, p) => query_key(q, p, &f, e),
    };
    Some(RouteCacheSettings {
        max_object_bytes: object_bytes(raw.max_object_bytes, &format!("{f}.max_object_bytes"), e),
        query,
    })
}

fn object_bytes(v: Option<i64>, field: &str, e: &mut Errs) -> Option<u64> {
    let n = v?;
    if n <= 0 || n as u64 > MAX_OBJECT_LIMIT {
        e.add(
            field,
            format!("must be between 1 and {MAX_OBJECT_LIMIT} (1 GiB) (got {n})"),
        );
        return None;
    }
    Some(n as u64)
}

/// `query` + `query_params` under `table` (`cache` or `routes[i].cache`).
fn query_key(
    query: Option<String>,
    params: Option<Vec<String>>,
    table: &str,
    e: &mut Errs,
) -> Option<QueryKey> {
    let mut names = Vec::new();
    for (j, p) in params.iter().flatten().enumerate() {
        if p.is_empty() || p.contains(['&', '=', ' ']) {
            e.add(
                format!("{table}.query_params[{j}]"),
                format!("`{p}` is not a query parameter name"),
            );
        } else {
            names.push(p.clone());
        }
    }
    names.sort();
    names.dedup();
    let key = match query.as_deref() {
        None | Some("all") => QueryKey::All,
        Some("ignore") => QueryKey::Ignore,
        Some("only") => QueryKey::Only(names.clone()),
        Some("except") => QueryKey::Except(names.clone()),
        Some(other) => {
            e.add(
                format!("{table}.query"),
                format!("`{other}` is not a query policy (all, ignore, only or except)"),
            );
            return None;
        }
    };
    match (&key, params.is_some()) {
        (QueryKey::Only(n) | QueryKey::Except(n), _) if n.is_empty() => {
            e.add(
                format!("{table}.query_params"),
                "must list at least one parameter for query = \"only\" or \"except\"",
            );
            None
        }
        (QueryKey::All | QueryKey::Ignore, true) => {
            e.add(
                format!("{table}.query_params"),
                "only applies to query = \"only\" or \"except\"",
            );
            None
        }
        _ => Some(key),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, QueryKey};

    const BASE: &str = "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n";

    #[test]
    fn cache_defaults_and_values() {
        let c = parse(
            &format!("{BASE}[[routes]]\nkind=\"static\"\nupstream=\"a\"\n"),
            "t",
        )
        .unwrap();
        assert_eq!(c.cache.max_bytes, super::defaults::CACHE_MAX_BYTES);
        assert!(c.cache.x_cache);
        assert_eq!(c.cache.query, QueryKey::All);
        let src = format!(
            "[cache]\nmax_bytes=1000\nmax_object_bytes=500\nquery=\"except\"\nquery_params=[\"utm_source\",\"fbclid\"]\nsession_cookies=[\"sid\"]\n{BASE}[[routes]]\nkind=\"static\"\nupstream=\"a\"\n[routes.cache]\nquery=\"only\"\nquery_params=[\"v\"]\nmax_object_bytes=100\n"
        );
        let c = parse(&src, "t").unwrap();
        assert_eq!(
            c.cache.query,
            QueryKey::Except(vec!["fbclid".into(), "utm_source".into()])
        );
        let r = c.routes[0].cache.as_ref().unwrap();
        assert_eq!(
            (r.query.clone(), r.max_object_bytes),
            (Some(QueryKey::Only(vec!["v".into()])), Some(100))
        );
        assert!(c.cache.cdn_cache_control && !c.cache.forward_cdn_cache_control);
        assert_eq!(c.cache.targeted_field, None);
        let src = format!(
            "[cache]\ncdn_cache_control=false\nforward_cdn_cache_control=true\ntargeted_field=\"Riskgate-Cache-Control\"\n{BASE}[[routes]]\nkind=\"static\"\nupstream=\"a\"\n"
        );
        let c = parse(&src, "t").unwrap();
        assert!(!c.cache.cdn_cache_control && c.cache.forward_cdn_cache_control);
        assert_eq!(
            c.cache.targeted_field.as_deref(),
            Some("riskgate-cache-control")
        );
    }

    /// Each case: a file, and the rendered problems expected (in order).
    #[test]
    fn cache_errors_name_field_and_line() {
        let route = "[[routes]]\nkind=\"static\"\nupstream=\"a\"\n";
        let cases: &[(String, &[&str])] = &[
            (
                format!("[cache]\nmax_bytes=0\nmax_object_bytes=2000000000\nlock_timeout=\"soon\"\n{BASE}{route}"),
                &[
                    "t.toml:2: cache.max_bytes: must be greater than zero (got 0)",
                    "t.toml:3: cache.max_object_bytes: must be between 1 and 1073741824 (1 GiB) (got 2000000000)",
                    "t.toml:4: cache.lock_timeout: `soon` is not a duration (use e.g. 250ms, 5s, 2m, 1h, 30d)",
                ],
            ),
            (
                format!("[cache]\nmax_bytes=100\nmax_object_bytes=200\nheuristic_percent=101\nheuristic_max=\"0s\"\n{BASE}{route}"),
                &[
                    "t.toml:3: cache.max_object_bytes: must not exceed cache.max_bytes (100) (got 200)",
                    "t.toml:4: cache.heuristic_percent: must be between 0 and 100 (got 101)",
                    "t.toml:5: cache.heuristic_max: must be greater than zero",
                ],
            ),
            (
                format!("[cache]\nquery=\"sorted\"\nsession_cookies=[\"ok\", \"bad cookie\"]\n{BASE}{route}"),
                &[
                    "t.toml:2: cache.query: `sorted` is not a query policy (all, ignore, only or except)",
                    "t.toml:3: cache.session_cookies[1]: `bad cookie` is not a cookie name (letters, digits, _, - and .)",
                ],
            ),
            (
                format!("[cache]\nquery=\"only\"\n{BASE}{route}[routes.cache]\nquery_params=[\"a&b\"]\n"),
                &[
                    "t.toml:1: cache.query_params: must list at least one parameter for query = \"only\" or \"except\"",
                    "t.toml:9: routes[0].cache.query_params[0]: `a&b` is not a query parameter name",
                    "t.toml:9: routes[0].cache.query_params: only applies to query = \"only\" or \"except\"",
                ],
            ),
            (
                format!("[cache]\ntargeted_field=\"Riskgate Cache\"\n{BASE}{route}"),
                &["t.toml:2: cache.targeted_field: `Riskgate Cache` is not a header field name (letters, digits and -)"],
            ),
            (
                format!("[cache]\ntargeted_field=\"CDN-Cache-Control\"\n{BASE}{route}"),
                &["t.toml:2: cache.targeted_field: `CDN-Cache-Control` is a standard field; name riskgate's own, e.g. Riskgate-Cache-Control"],
            ),
            (
                format!("{BASE}[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n[routes.cache]\nquery=\"ignore\"\n"),
                &["t.toml:6: routes[0].cache: only applies to kind = \"static\""],
            ),
            (
                format!("{BASE}{route}[routes.cache]\nquery=\"all\"\nquery_params=[\"v\"]\nmax_object_bytes=-1\n"),
                &[
                    "t.toml:8: routes[0].cache.query_params: only applies to query = \"only\" or \"except\"",
                    "t.toml:9: routes[0].cache.max_object_bytes: must be between 1 and 1073741824 (1 GiB) (got -1)",
                ],
            ),
        ];
        for (src, want) in cases {
            let err = parse(src, "t.toml").expect_err(src);
            let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
            assert_eq!(&got, want, "for config:\n{src}");
        }
    }
}
