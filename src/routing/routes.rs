//! The ordered route table: the first route whose host, method and path all match wins.
//!
//! Matching is allocation-free and linear in the number of routes (tens at most), which
//! is cheaper than any index at that size. Globs support `*` (within one path segment)
//! and `**` (across segments).
//!
//! Order routes are also matched against the path as shops' routers may read it
//! ([`shop_reading`]): a request that names an order endpoint in another spelling
//! (`/API/orders`, `//api/orders`, `/api/%6Frders`, `/x/../api/orders`) is that order
//! route, scored, rather than whatever later route its raw spelling falls through to. A
//! path spelled plainly (lower case, no `%`, `\`, `;`, `//` or dot segment) keeps
//! first-match-wins and costs no second scan, unless an order route's pattern has capitals.

use crate::config::{HostMatch, PathMatch, RouteConfig, RouteKind};
use http::Method;

/// One compiled route.
#[derive(Debug, Clone)]
pub struct Route {
    /// The validated route config (kind, upstream, limits).
    pub config: RouteConfig,
}

impl Route {
    fn matches(&self, host: Option<&str>, method: &Method, path: &str) -> bool {
        self.admits(host, method)
            && match &self.config.path {
                PathMatch::Prefix(p) => path.starts_with(p.as_str()),
                PathMatch::Glob(g) => glob_match(g.as_bytes(), path.as_bytes()),
            }
    }

    /// Whether this order route matches `read`, a path as [`shop_reading`] made it (ASCII
    /// lower case), comparing its pattern in lower case too.
    fn matches_reading(&self, host: Option<&str>, method: &Method, read: &str) -> bool {
        self.config.kind == RouteKind::Order
            && self.admits(host, method)
            && match &self.config.path {
                PathMatch::Prefix(p) => read
                    .as_bytes()
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes())),
                PathMatch::Glob(g) => {
                    glob_match(g.to_ascii_lowercase().as_bytes(), read.as_bytes())
                }
            }
    }

    /// The method and host conditions.
    fn admits(&self, host: Option<&str>, method: &Method) -> bool {
        if let Some(ms) = &self.config.methods {
            if !ms.iter().any(|m| m == method) {
                return false;
            }
        }
        if let Some(h) = &self.config.host {
            let Some(host) = host else { return false };
            let ok = match h {
                HostMatch::Exact(e) => host.eq_ignore_ascii_case(e),
                HostMatch::Suffix(s) => {
                    host.len() > s.len()
                        && host.as_bytes()[host.len() - s.len()..]
                            .eq_ignore_ascii_case(s.as_bytes())
                }
            };
            if !ok {
                return false;
            }
        }
        true
    }
}

/// Routes in configuration order.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<Route>,
    /// Some order route's pattern has capitals: a plain lower-case path may still name it
    /// as a case-insensitive shop router reads it.
    order_capitals: bool,
    /// The table has an order route (else no path is read twice).
    has_order: bool,
    /// Some order route does not admit `POST`: a `POST` whose method override names its
    /// method is that order route to a shop that honours the override
    /// ([`RouteTable::find_overridden`]).
    order_overridable: bool,
}

impl RouteTable {
    /// Builds the table from validated route configs, keeping their order.
    pub fn new(configs: &[RouteConfig]) -> Self {
        RouteTable {
            routes: configs
                .iter()
                .map(|c| Route { config: c.clone() })
                .collect(),
            has_order: configs.iter().any(|c| c.kind == RouteKind::Order),
            order_overridable: configs.iter().any(|c| {
                c.kind == RouteKind::Order
                    && c.methods
                        .as_ref()
                        .is_some_and(|ms| !ms.contains(&Method::POST))
            }),
            order_capitals: configs.iter().any(|c| {
                c.kind == RouteKind::Order
                    && match &c.path {
                        PathMatch::Prefix(p) | PathMatch::Glob(p) => {
                            p.bytes().any(|b| b.is_ascii_uppercase())
                        }
                    }
            }),
        }
    }

    /// Returns the first route matching the request, or `None` (the proxy answers 404).
    ///
    /// `host` is the Host header or `:authority`, with or without a port; `path` excludes
    /// the query string.
    pub fn find(&self, host: Option<&str>, method: &Method, path: &str) -> Option<&Route> {
        self.find_indexed(host, method, path).map(|(_, r)| r)
    }

    /// Like [`RouteTable::find`], also returning the route's index (stable per generation).
    pub fn find_indexed(
        &self,
        host: Option<&str>,
        method: &Method,
        path: &str,
    ) -> Option<(usize, &Route)> {
        let host = host.map(strip_port);
        let found = self
            .routes
            .iter()
            .enumerate()
            .find(|(_, r)| r.matches(host, method, path));
        if !self.has_order || found.is_some_and(|(_, r)| r.config.kind == RouteKind::Order) {
            return found;
        }
        // A plain path is its own reading: the first scan decided it (first match wins),
        // unless an order route's pattern has capitals a case-insensitive router ignores.
        let read = match shop_reading(path) {
            Some(r) => std::borrow::Cow::Owned(r),
            None if self.order_capitals => std::borrow::Cow::Borrowed(path),
            None => return found,
        };
        self.routes
            .iter()
            .enumerate()
            .find(|(_, r)| r.matches_reading(host, method, &read))
            .or(found)
    }

    /// The order route a `POST` is to a shop that honours its method override
    /// (`X-HTTP-Method-Override: PUT`, `_method=PUT`: Rails, Laravel, Symfony, Express's
    /// method-override and ASP.NET turn a `POST` into the named method), when the table has
    /// an order route for another method than `POST` (else `None` at once: no cost).
    ///
    /// Called by the proxy when [`RouteTable::find_indexed`] found no order route; the
    /// caller reads the override (see `proxy::facts`), only when this table needs it.
    pub fn find_overridden(
        &self,
        host: Option<&str>,
        overridden: &Method,
        path: &str,
    ) -> Option<(usize, &Route)> {
        self.find_indexed(host, overridden, path)
            .filter(|(_, r)| r.config.kind == RouteKind::Order)
    }

    /// Whether an order route covers `path` on `host` whatever the method (as sent, or as a
    /// shop's router reads it, see [`shop_reading`]). For a request the table routed
    /// elsewhere (another method): a method-agnostic order handler (a plain PHP script
    /// reading `php://input`, a Django view without `require_POST`, Express's `app.all`)
    /// would place an order from its body. `false` at once without order routes.
    pub fn order_covers(&self, host: Option<&str>, path: &str) -> bool {
        if !self.has_order {
            return false;
        }
        let host = host.map(strip_port);
        let read = shop_reading(path);
        self.routes.iter().any(|r| {
            let Some(methods) = r.config.methods.as_ref() else {
                // An order route for every method already took the request.
                return false;
            };
            let any = methods.first().unwrap_or(&Method::POST);
            r.config.kind == RouteKind::Order
                && (r.matches(host, any, path)
                    || r.matches_reading(host, any, read.as_deref().unwrap_or(path)))
        })
    }

    /// Whether route `index` still covers `path` as a shop's server reads it
    /// ([`shop_reading`]: decoded, dot segments applied, lower case). A plainly spelled path
    /// is its own reading: `true` at once, no allocation.
    ///
    /// For the edge cache: `/static/../account` or `/static/..%2Faccount` is a `static`
    /// route's path to riskgate and the account page to the shop's server; stored, one
    /// customer's page would be served to the next (web cache deception).
    pub fn reads_within(&self, index: usize, path: &str) -> bool {
        let Some(route) = self.routes.get(index) else {
            return false;
        };
        let Some(read) = shop_reading(path) else {
            return true;
        };
        match &route.config.path {
            PathMatch::Prefix(p) => read
                .as_bytes()
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes())),
            PathMatch::Glob(g) => glob_match(g.to_ascii_lowercase().as_bytes(), read.as_bytes()),
        }
    }

    /// Whether some order route does not admit `POST`, so a `POST`'s method override may
    /// name it ([`RouteTable::find_overridden`]).
    pub fn order_overridable(&self) -> bool {
        self.order_overridable
    }

    /// Returns route `index`.
    pub fn get(&self, index: usize) -> Option<&Route> {
        self.routes.get(index)
    }

    /// Returns the number of routes.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Returns true when the table has no routes.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

/// Removes a `:port` suffix (and IPv6 brackets stay intact: `[::1]:80` → `[::1]`) and the
/// trailing dot of a fully qualified name (`shop.example.` is `shop.example`).
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |i| &host[..=i]);
    }
    let host = match host.rfind(':') {
        Some(i) if host[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &host[..i],
        _ => host,
    };
    host.strip_suffix('.').unwrap_or(host)
}

/// The path as a lenient shop router may read it, in ASCII lower case, or `None` when
/// that is the path itself (the common case: no allocation).
///
/// Every `%XX` decoded (Symfony and Laravel decode before matching, `%2F` included), `\`
/// read as `/` (IIS), `;params` dropped from each segment (Java servlets), empty and `.`
/// segments dropped and `..` applied (nginx, Laravel's trimmed slashes), then lower case
/// (Express and ASP.NET match case-insensitively). Reading more into a path than a shop
/// does only scores a request that would not have been an order.
pub fn shop_reading(path: &str) -> Option<String> {
    // One pass: no escape, backslash, parameter or upper case, and no `//` or `/.`.
    let mut prev = 0u8;
    let plain = !path.bytes().any(|c| {
        let odd = matches!(c, b'%' | b'\\' | b';')
            || c.is_ascii_uppercase()
            || (prev == b'/' && matches!(c, b'/' | b'.'));
        prev = c;
        odd
    });
    if plain {
        return None;
    }
    let decoded = crate::risk::order::form_decode(&path.replace('+', "%2B")).replace('\\', "/");
    let mut segments: Vec<&str> = Vec::new();
    for seg in decoded.split('/') {
        let seg = seg.split(';').next().unwrap_or_default();
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut read = String::with_capacity(decoded.len() + 1);
    for seg in &segments {
        read.push('/');
        read.push_str(seg);
    }
    if read.is_empty() || decoded.ends_with('/') {
        read.push('/');
    }
    read.make_ascii_lowercase();
    Some(read)
}

/// Matches `path` against a glob: `*` = any run of non-`/` bytes, `**` = any run of bytes.
pub fn glob_match(pat: &[u8], s: &[u8]) -> bool {
    // Iterative matcher with one backtrack point per star kind: linear for typical routes,
    // and never exponential because each star only restarts from its own saved position.
    let (mut p, mut i) = (0usize, 0usize);
    let mut star: Option<(usize, usize, bool)> = None; // (pattern pos after star, text pos, crosses '/')
    while i < s.len() {
        if p < pat.len() && pat[p] == b'*' {
            let double = p + 1 < pat.len() && pat[p + 1] == b'*';
            let next = if double { p + 2 } else { p + 1 };
            star = Some((next, i, double));
            p = next;
            continue;
        }
        if p < pat.len() && pat[p] == s[i] {
            p += 1;
            i += 1;
            continue;
        }
        match star {
            Some((sp, si, double)) if double || s[si] != b'/' => {
                star = Some((sp, si + 1, double));
                p = sp;
                i = si + 1;
            }
            _ => return false,
        }
    }
    while p < pat.len() && pat[p] == b'*' {
        p += 1;
    }
    p == pat.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    #[test]
    fn glob_table() {
        let cases = [
            ("/api/orders/*/events", "/api/orders/o-1/events", true),
            ("/api/orders/*/events", "/api/orders/a/b/events", false),
            ("/api/orders/*/events", "/api/orders//events", true),
            ("/static/**", "/static/a/b/c.js", true),
            ("/static/*.js", "/static/app.js", true),
            ("/static/*.js", "/static/x/app.js", false),
            ("/**/x", "/a/b/x", true),
            ("/exact", "/exact", true),
            ("/exact", "/exact/", false),
            ("/a*b*c", "/aXXbYYc", true),
            ("/a*b*c", "/aXXbYY", false),
        ];
        for (pat, path, want) in cases {
            assert_eq!(
                glob_match(pat.as_bytes(), path.as_bytes()),
                want,
                "{pat} vs {path}"
            );
        }
    }

    #[test]
    fn shop_reading_table() {
        let cases = [
            ("/api/orders", None),
            ("/static/app.v2.js", None),
            ("/API/Orders", Some("/api/orders")),
            ("//api//orders/", Some("/api/orders/")),
            ("/api/%6Frders?x", Some("/api/orders?x")),
            ("/api%2Forders", Some("/api/orders")),
            ("/x/../api/./orders", Some("/api/orders")),
            ("/../../api/orders", Some("/api/orders")),
            ("/api;v=1/orders;jsessionid=a", Some("/api/orders")),
            ("/api\\orders", Some("/api/orders")),
            ("/a+b%20c", Some("/a+b c")),
            ("/x/..", Some("/")),
            ("/.well-known/x", Some("/.well-known/x")),
        ];
        for (path, want) in cases {
            assert_eq!(shop_reading(path).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn an_order_route_is_found_under_another_spelling_of_its_path_or_host() {
        let cfg = parse(
            r#"
[risk]
model = "models/risk.onnx"
schema = "models/schema.json"
[upstreams.a]
servers = ["127.0.0.1:1"]
[[routes]]
name = "orders"
kind = "order"
upstream = "a"
methods = ["POST"]
prefix = "/api/Orders"
[routes.order]
format = "json"
amount = "/amount"
[[routes]]
name = "hosted"
kind = "order"
upstream = "a"
host = "shop.example"
methods = ["POST"]
glob = "/c/*/pay"
[routes.order]
format = "json"
amount = "/amount"
[[routes]]
name = "pass"
kind = "pass"
upstream = "a"
prefix = "/"
"#,
            "t.toml",
        )
        .unwrap();
        let t = RouteTable::new(&cfg.routes);
        let name = |host: &str, method: &Method, path: &str| {
            t.find(Some(host), method, path)
                .map(|r| r.config.name.clone())
        };
        for (host, path, want) in [
            ("s", "/api/Orders", "orders"),
            ("s", "/api/orders", "orders"),
            ("s", "//API/orders/x", "orders"),
            ("s", "/api/%4Frders", "orders"),
            ("s", "/api/orderz", "pass"),
            ("shop.example", "/c/1/pay", "hosted"),
            ("shop.example.", "/c/1/pay", "hosted"),
            ("Shop.Example.:8080", "/C/1/Pay", "hosted"),
            ("shop.example", "/c/1/x/pay", "pass"),
            ("other.example", "/c/1/pay", "pass"),
        ] {
            assert_eq!(
                name(host, &Method::POST, path).as_deref(),
                Some(want),
                "{host} {path}"
            );
        }
        // Other methods keep their own route.
        assert_eq!(
            name("s", &Method::GET, "/API/orders").as_deref(),
            Some("pass")
        );
    }

    #[test]
    fn a_plain_path_keeps_first_match_wins_and_a_spelled_one_finds_the_order_route() {
        let cfg = parse(
            r#"
[risk]
model = "models/risk.onnx"
schema = "models/schema.json"
[upstreams.a]
servers = ["127.0.0.1:1"]
[[routes]]
name = "api"
kind = "pass"
upstream = "a"
prefix = "/api/"
[[routes]]
name = "orders"
kind = "order"
upstream = "a"
methods = ["POST"]
prefix = "/api/orders"
[routes.order]
format = "json"
amount = "/amount"
"#,
            "t.toml",
        )
        .unwrap();
        let t = RouteTable::new(&cfg.routes);
        let name = |path: &str| {
            t.find(Some("s"), &Method::POST, path)
                .map(|r| r.config.name.clone())
        };
        // The operator's order decides a path spelled as configured.
        assert_eq!(name("/api/orders").as_deref(), Some("api"));
        assert!(!t.order_capitals);
        // Another spelling is read as the shop's router would, and that is an order.
        assert_eq!(name("/API/orders").as_deref(), Some("orders"));
        assert_eq!(name("/api//orders").as_deref(), Some("orders"));
        // A table without order routes never reads a path twice.
        let passes = RouteTable::new(&cfg.routes[..1]);
        assert!(!passes.has_order && !t.order_capitals && t.has_order);
        assert_eq!(
            passes
                .find(Some("s"), &Method::POST, "/api//orders")
                .map(|r| r.config.name.as_str()),
            Some("api")
        );
    }

    #[test]
    fn order_paths_are_covered_whatever_the_method_and_overrides_find_other_methods() {
        let cfg = parse(
            r#"
[risk]
model = "models/risk.onnx"
schema = "models/schema.json"
[upstreams.a]
servers = ["127.0.0.1:1"]
[[routes]]
name = "checkout"
kind = "order"
upstream = "a"
host = "shop.example"
methods = ["PUT"]
prefix = "/checkout"
[routes.order]
format = "json"
amount = "/amount"
[[routes]]
name = "pass"
kind = "pass"
upstream = "a"
"#,
            "t.toml",
        )
        .unwrap();
        let t = RouteTable::new(&cfg.routes);
        assert!(t.order_overridable());
        let h = Some("shop.example");
        assert!(t.order_covers(h, "/checkout"));
        assert!(t.order_covers(h, "/CHECKOUT/x"));
        assert!(!t.order_covers(h, "/cart"));
        assert!(!t.order_covers(Some("other.example"), "/checkout"));
        let name = |m: &Method| {
            t.find_overridden(h, m, "/checkout")
                .map(|(_, r)| r.config.name.as_str())
        };
        assert_eq!(name(&Method::PUT), Some("checkout"));
        assert_eq!(name(&Method::PATCH), None);
        assert!(!RouteTable::new(&cfg.routes[1..]).order_covers(h, "/checkout"));
    }

    #[test]
    fn first_matching_route_wins_on_host_method_and_path() {
        let cfg = parse(
            r#"
[upstreams.a]
servers = ["127.0.0.1:1"]
[[routes]]
name = "admin-host"
kind = "pass"
upstream = "a"
host = "*.internal.example"
[[routes]]
name = "events"
kind = "stream"
upstream = "a"
methods = ["GET"]
glob = "/api/orders/*/events"
[[routes]]
name = "api"
kind = "pass"
upstream = "a"
host = "shop.example"
prefix = "/api/"
"#,
            "t",
        )
        .unwrap();
        let t = RouteTable::new(&cfg.routes);
        let name =
            |h: Option<&str>, m: Method, p: &str| t.find(h, &m, p).map(|r| r.config.name.as_str());
        assert_eq!(
            name(Some("x.internal.example"), Method::GET, "/api/x"),
            Some("admin-host")
        );
        assert_eq!(name(Some("internal.example"), Method::GET, "/api/x"), None);
        assert_eq!(
            name(
                Some("shop.example:8080"),
                Method::GET,
                "/api/orders/1/events"
            ),
            Some("events")
        );
        assert_eq!(
            name(Some("shop.example"), Method::POST, "/api/orders/1/events"),
            Some("api")
        );
        assert_eq!(
            name(Some("SHOP.example"), Method::GET, "/api/x"),
            Some("api")
        );
        assert_eq!(name(Some("other.example"), Method::GET, "/api/x"), None);
        assert_eq!(name(None, Method::GET, "/api/x"), None);
    }

    #[test]
    fn strips_ports() {
        assert_eq!(strip_port("a.example:80"), "a.example");
        assert_eq!(strip_port("a.example"), "a.example");
        assert_eq!(strip_port("[::1]:80"), "[::1]");
    }
}
