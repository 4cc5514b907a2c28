//! Scored-shop tests: a config builder for an edge that scores orders, and the browser
//! that gets its device cookie, posts the fingerprint beacon and orders.
//!
//! `ShopConfig::new(review_at, block_at)` starts from [`scoring_edge`]; each test adds the
//! sections it is about and the routes, in the order a config file has them:
//!
//! ```text
//! let cfg = ShopConfig::new(0.2, 0.5).decision_log(&log).orders(r#""amount""#, "").build();
//! ```

use super::{scoring_edge, Proxy, SHOP_ROUTES};
use std::path::Path;

/// A scored shop's configuration, section by section (see the module docs).
pub struct ShopConfig {
    text: String,
}

impl ShopConfig {
    /// [`scoring_edge`] with these thresholds.
    pub fn new(review_at: f32, block_at: f32) -> ShopConfig {
        ShopConfig {
            text: scoring_edge(review_at, block_at),
        }
    }

    /// Lines added as they are: keys of `[risk]` (right after `new`) or whole sections.
    pub fn lines(mut self, lines: &str) -> ShopConfig {
        self.text.push_str(lines);
        self.text.push('\n');
        self
    }

    /// `[risk.decision_log]` writing to `path`.
    pub fn decision_log(self, path: &Path) -> ShopConfig {
        let section = format!("[risk.decision_log]\npath = \"{}\"", path.display());
        self.lines(&section)
    }

    /// `[fingerprint]` with the beacon at `/__rg/beacon`.
    pub fn beacon(self) -> ShopConfig {
        self.lines("[fingerprint]\nbeacon_path = \"/__rg\"")
    }

    /// [`SHOP_ROUTES`]: the JSON order route (amount required) and a pass route.
    pub fn shop_routes(self) -> ShopConfig {
        self.lines(SHOP_ROUTES)
    }

    /// The upstream `shop` at `{up}` and the JSON order route `POST /api/orders` (amount,
    /// currency, user, email) requiring the fields `required` (`"amount", "user"`), with
    /// `limits` (`rate_limits = ...` lines) on the route.
    pub fn orders(self, required: &str, limits: &str) -> ShopConfig {
        self.lines(&Self::order_route(required, limits, "email = \"/email\"\n"))
    }

    /// [`ShopConfig::orders`]'s text, with the `fields` lines (each ending in a newline)
    /// after `user` in place of `email`.
    pub fn order_route(required: &str, limits: &str, fields: &str) -> String {
        let limits = if limits.is_empty() {
            String::new()
        } else {
            format!("{limits}\n")
        };
        format!(
            r#"[upstreams.shop]
servers = ["{{up}}"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
{limits}[routes.order]
format = "json"
amount = "/amount"
currency = "/currency"
user = "/user"
{fields}required = [{required}]"#
        )
    }

    /// A pass route `shop` for everything else (after [`ShopConfig::orders`]).
    pub fn pass_rest(self) -> ShopConfig {
        self.lines("[[routes]]\nname = \"shop\"\nkind = \"pass\"\nupstream = \"shop\"")
    }

    /// The config text (`{listen}`, `{admin}` and `{up}` left for `Proxy::start_with`).
    pub fn build(self) -> String {
        self.text
    }
}

/// The browser of the fingerprint tests (Firefox on Linux).
pub const BROWSER_UA: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A browser: its device cookie from a page view, then (if `canvas` is given) its beacon
/// with time zone offset `tz` (minutes east of UTC, as `fp.js` posts it) and that canvas
/// hash. Returns the cookie value.
pub async fn browser(p: &Proxy, ip: &str, tz: i32, canvas: Option<&str>) -> String {
    let r = page_view(p, ip).await;
    let cookie = device_cookie(&r).expect("the page sets the device cookie");
    if let Some(canvas) = canvas {
        let beacon = format!(
            r#"{{"v":1,"timezone":"X","tz_offset":{tz},"screen":{{"w":1920,"h":1080,"depth":24}},"dpr":1,"platform":"Win32","languages":["en-GB"],"cores":8,"canvas":"{canvas}","webdriver":false,"touch_points":0}}"#
        );
        post_beacon(p, ip, None, &cookie, beacon).await;
    }
    cookie
}

/// A page view (`GET /`) by [`BROWSER_UA`] from `ip`, without a cookie.
pub async fn page_view(p: &Proxy, ip: &str) -> reqwest::Response {
    p.client
        .get(p.url("/"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap()
}

/// The device cookie (`rg_did`) a response sets, if it sets one.
pub fn device_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers().get_all("set-cookie").iter().find_map(|v| {
        let pair = v.to_str().ok()?.split(';').next()?;
        pair.strip_prefix("rg_did=").map(str::to_string)
    })
}

/// Posts `body` to the beacon endpoint as `fp.js` does (with `ua` when given) and
/// expects it taken (204).
pub async fn post_beacon(p: &Proxy, ip: &str, ua: Option<&str>, cookie: &str, body: String) {
    let mut req = p.client.post(p.url("/__rg/beacon"));
    if let Some(ua) = ua {
        req = req.header("user-agent", ua);
    }
    let r = req
        .header("cookie", format!("rg_did={cookie}"))
        .header("x-forwarded-for", ip)
        .header("content-type", "text/plain")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

/// The JSON body of an order of `amount` USD by `user` (mail `{user}.smith@gmail.com`).
pub fn order_body(amount: &str, user: &str) -> String {
    mail_order(amount, user, &format!("{user}.smith@gmail.com"))
}

/// The JSON body of an order of `amount` USD by `user` with mail `email`.
pub fn mail_order(amount: &str, user: &str, email: &str) -> String {
    format!(r#"{{"amount":"{amount}","currency":"USD","user":"{user}","email":"{email}"}}"#)
}

/// The browser's order (`body`, `Accept-Language: lang`, its device cookie) from `ip`;
/// returns the decision record riskgate logged for it (admin `GET /decisions/{id}`).
pub async fn browser_order(
    p: &Proxy,
    ip: &str,
    cookie: &str,
    lang: &str,
    body: String,
) -> serde_json::Value {
    order_as(p, ip, BROWSER_UA, cookie, lang, body).await
}

/// [`browser_order`] from a browser of User-Agent `ua`.
pub async fn order_as(
    p: &Proxy,
    ip: &str,
    ua: &str,
    cookie: &str,
    lang: &str,
    body: String,
) -> serde_json::Value {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", ua)
        .header("x-forwarded-for", ip)
        .header("accept-language", lang)
        .header("accept-encoding", "gzip, deflate, br")
        .header("content-type", "application/json")
        .header("cookie", format!("rg_did={cookie}"))
        .body(body)
        .send()
        .await
        .unwrap();
    decision_of(p, &r).await
}

/// An order from a client that keeps no cookie and posts no beacon (a checker script, or
/// a browser that drops cookies): [`BROWSER_UA`] from `ip`, `Accept-Language:
/// en-US,en;q=0.9`; returns the decision record riskgate logged for it.
pub async fn bare_order(p: &Proxy, ip: &str, body: String) -> serde_json::Value {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", ip)
        .header("accept-language", "en-US,en;q=0.9")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    decision_of(p, &r).await
}

/// The decision record riskgate logged for the request `r` answers (admin
/// `GET /decisions/{id}` by its `X-Request-Id`).
pub async fn decision_of(p: &Proxy, r: &reqwest::Response) -> serde_json::Value {
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    serde_json::from_str(&rec).unwrap()
}

/// True when the decision record `rec` names `reason` among its reasons.
pub fn has_reason(rec: &serde_json::Value, reason: &str) -> bool {
    rec["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str() == Some(reason))
}

/// Posts a JSON order body to `/api/orders` with `headers` (no cookie); returns the HTTP
/// status and the decision record riskgate logged for it (admin `GET /decisions/{id}` by
/// its `X-Request-Id`).
pub async fn logged_order(
    p: &Proxy,
    headers: &[(&str, &str)],
    body: String,
) -> (u16, serde_json::Value) {
    let mut req = p
        .client
        .post(p.url("/api/orders"))
        .header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.body(body).send().await.unwrap();
    (r.status().as_u16(), decision_of(p, &r).await)
}

/// An order without a device cookie (a client that keeps none) from `ip` with User-Agent
/// `ua`, `Accept-Language: en-GB`; returns the decision record riskgate logged for it.
pub async fn cookieless_order(p: &Proxy, ip: &str, ua: &str, body: String) -> serde_json::Value {
    let headers = [
        ("user-agent", ua),
        ("x-forwarded-for", ip),
        ("accept-language", "en-GB,en;q=0.5"),
    ];
    logged_order(p, &headers, body).await.1
}

/// [`ShopConfig::order_route`] (amount and user required, `fields` after user) with
/// `review = "hold"`, and the `[reviews]` store in `{dir}`.
pub fn held_orders(fields: &str) -> String {
    let route = ShopConfig::order_route(r#""amount", "user""#, "", fields);
    format!("{route}\nreview = \"hold\"\n[reviews]\nstore = \"{{dir}}/reviews.redb\"\n")
}

/// A one-worker edge without GeoIP where every order scores in the review band
/// (review_at 0, block_at 1) and is held: [`held_orders`] with `fields`. `{listen}` and
/// `{admin}` are left for [`Proxy::start_with`].
pub fn review_desk(fields: &str) -> String {
    format!(
        "{}review_at = 0.0\nblock_at = 1.0\n{}",
        super::bare_scoring_edge(),
        held_orders(fields)
    )
}

/// A device cookie signed with `key` (the edge's `[fingerprint]` key) and issued `days`
/// ago: a browser the shop has known that long presents it.
pub fn cookie_issued_days_ago(key: &str, days: u64) -> String {
    cookie_issued_secs_ago(key, days * 86_400)
}

/// A device cookie signed with `key` and issued `secs` seconds ago (a new device id).
pub fn cookie_issued_secs_ago(key: &str, secs: u64) -> String {
    use riskgate::fingerprint::{sign, CookieKeys, DeviceId};
    let keys = CookieKeys::new(vec![key.as_bytes().to_vec()]).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    sign(&keys, DeviceId::random(), now - secs)
}
