//! Cache keys: `scheme://host/path?normalised-query`.
//!
//! Owns how a request maps to the primary key of the edge cache, and how an admin purge
//! URL maps to the same form. Pure string work: no pingora, no I/O. Secondary keys for
//! `Vary` are pingora-cache's `VarianceBuilder` (see `proxy::cache`).

use crate::config::QueryKey;

/// Builds the primary cache key of a request.
///
/// The host is lower-cased and loses a default port (`:80` for http, `:443` for https), so
/// `Shop.Example:80` and `shop.example` share entries; an empty path becomes `/`; the query
/// is normalised by [`normalise_query`]. Called once per request on static routes.
pub fn primary_key(
    https: bool,
    host: &str,
    path: &str,
    query: Option<&str>,
    q: &QueryKey,
) -> String {
    let scheme = if https { "https" } else { "http" };
    let host = host.trim_end_matches('.');
    let default_port = if https { ":443" } else { ":80" };
    let host = host.strip_suffix(default_port).unwrap_or(host);
    let path = if path.is_empty() { "/" } else { path };
    let query = query.map(|s| normalise_query(s, q)).unwrap_or_default();
    let mut key =
        String::with_capacity(scheme.len() + 3 + host.len() + path.len() + query.len() + 1);
    key.push_str(scheme);
    key.push_str("://");
    for c in host.chars() {
        key.push(c.to_ascii_lowercase());
    }
    key.push_str(path);
    if !query.is_empty() {
        key.push('?');
        key.push_str(&query);
    }
    key
}

/// Normalises a query string for the key: drops empty pairs, keeps the parameters `q`
/// selects and sorts them by name (then value), so parameter order never splits entries.
/// Returns `""` when nothing is kept.
pub fn normalise_query(query: &str, q: &QueryKey) -> String {
    if matches!(q, QueryKey::Ignore) {
        return String::new();
    }
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .filter(|(name, _)| match q {
            QueryKey::All => true,
            QueryKey::Ignore => false,
            QueryKey::Only(keep) => keep.iter().any(|k| k == name),
            QueryKey::Except(drop) => !drop.iter().any(|k| k == name),
        })
        .collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(query.len());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        if !value.is_empty() {
            out.push('=');
            out.push_str(value);
        }
    }
    out
}

/// Turns an absolute URL given to `POST /cache/purge` into the key form, using the global
/// query policy; `None` when it is not an absolute http(s) URL.
pub fn purge_key(url: &str, q: &QueryKey) -> Option<String> {
    let uri: http::Uri = url.parse().ok()?;
    let https = match uri.scheme_str()? {
        "https" => true,
        "http" => false,
        _ => return None,
    };
    let host = uri.authority()?.as_str();
    Some(primary_key(https, host, uri.path(), uri.query(), q))
}

/// The primary key of a `Location` / `Content-Location` value when it names the same
/// origin as the request (`https`, `host`): a path (`/a?b`) or an absolute URL with the same
/// scheme and host (RFC 9111 §4.4 only invalidates same-origin URIs, so a response cannot
/// wipe another site's entries). `None` otherwise.
pub fn same_origin_key(https: bool, host: &str, target: &str, q: &QueryKey) -> Option<String> {
    if target.starts_with('/') && !target.starts_with("//") {
        let uri: http::Uri = target.parse().ok()?;
        return Some(primary_key(https, host, uri.path(), uri.query(), q));
    }
    let k = purge_key(target, q)?;
    let own = primary_key(https, host, "/", None, q);
    let own_origin = own.strip_suffix('/').unwrap_or(&own);
    let rest = k.strip_prefix(own_origin)?;
    rest.starts_with('/').then_some(k)
}

/// What a purge removes: one URL (all its `Vary` variants) or every URL under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgeMatch {
    /// Exactly this primary key.
    Exact(String),
    /// Every primary key starting with this string (`http://shop.example/static/`).
    Prefix(String),
}

impl PurgeMatch {
    /// Whether the stored object with primary key `key` is to be removed.
    pub fn matches(&self, key: &str) -> bool {
        match self {
            PurgeMatch::Exact(k) => key == k,
            PurgeMatch::Prefix(p) => key.starts_with(p.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_origin_locations_have_keys() {
        let q = QueryKey::All;
        let cases: &[(&str, Option<&str>)] = &[
            ("/a?b=1", Some("http://shop.example/a?b=1")),
            ("http://Shop.Example/x", Some("http://shop.example/x")),
            ("http://shop.example:80/x", Some("http://shop.example/x")),
            ("https://shop.example/x", None),
            ("http://shop.example.evil/x", None),
            ("http://other.example/x", None),
            ("//other.example/x", None),
            ("relative", None),
        ];
        for (target, want) in cases {
            assert_eq!(
                same_origin_key(false, "shop.example", target, &q).as_deref(),
                *want,
                "{target}"
            );
        }
    }

    fn only(v: &[&str]) -> QueryKey {
        QueryKey::Only(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn keys_are_normalised() {
        let except = QueryKey::Except(vec!["utm_source".into()]);
        /// https, host, path, query, policy, expected key.
        type Case<'a> = (
            bool,
            &'a str,
            &'a str,
            Option<&'a str>,
            &'a QueryKey,
            &'a str,
        );
        let cases: &[Case] = &[
            (
                false,
                "Shop.Example",
                "/a.css",
                None,
                &QueryKey::All,
                "http://shop.example/a.css",
            ),
            (
                false,
                "shop.example:80",
                "/a",
                None,
                &QueryKey::All,
                "http://shop.example/a",
            ),
            (
                true,
                "shop.example:443",
                "/a",
                None,
                &QueryKey::All,
                "https://shop.example/a",
            ),
            (
                false,
                "shop.example:8080",
                "",
                None,
                &QueryKey::All,
                "http://shop.example:8080/",
            ),
            (
                false,
                "h",
                "/a",
                Some("b=2&a=1"),
                &QueryKey::All,
                "http://h/a?a=1&b=2",
            ),
            (
                false,
                "h",
                "/a",
                Some("a=2&&a=1&"),
                &QueryKey::All,
                "http://h/a?a=1&a=2",
            ),
            (
                false,
                "h",
                "/a",
                Some("b=2&a=1"),
                &QueryKey::Ignore,
                "http://h/a",
            ),
            (
                false,
                "h",
                "/a",
                Some("v=3&x=1"),
                &only(&["v"]),
                "http://h/a?v=3",
            ),
            (false, "h", "/a", Some("x=1"), &only(&["v"]), "http://h/a"),
            (
                false,
                "h",
                "/a",
                Some("utm_source=m&v=1"),
                &except,
                "http://h/a?v=1",
            ),
            (
                false,
                "h",
                "/a",
                Some("flag&v=1"),
                &QueryKey::All,
                "http://h/a?flag&v=1",
            ),
        ];
        for (https, host, path, query, q, want) in cases {
            assert_eq!(
                &primary_key(*https, host, path, *query, q),
                want,
                "{host}{path}?{query:?}"
            );
        }
    }

    #[test]
    fn purge_urls_map_to_keys() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "http://Shop.Example/static/app.css",
                Some("http://shop.example/static/app.css"),
            ),
            (
                "https://shop.example:443/a?z=1&a=2",
                Some("https://shop.example/a?a=2&z=1"),
            ),
            ("/static/app.css", None),
            ("ftp://shop.example/x", None),
            ("not a url", None),
        ];
        for (url, want) in cases {
            assert_eq!(purge_key(url, &QueryKey::All).as_deref(), *want, "{url}");
        }
    }

    #[test]
    fn purge_matches_exact_or_prefix() {
        let exact = PurgeMatch::Exact("http://h/a".into());
        let prefix = PurgeMatch::Prefix("http://h/static/".into());
        assert!(exact.matches("http://h/a"));
        assert!(!exact.matches("http://h/a?x=1"));
        assert!(prefix.matches("http://h/static/app.css"));
        assert!(!prefix.matches("http://h/other"));
    }
}
