//! Protocol features that could carry order bytes past scoring (issue: second attacker
//! audit). Each test runs a real riskgate in front of a raw TCP upstream that records every
//! byte it receives, so the witness is exactly what a shop would read.
//!
//! - a body under a method that has none (`GET`, `DELETE`, `OPTIONS`, ...) at an order
//!   route's path is refused: a method-agnostic order handler would place its order;
//! - a mapped order field in the query string (Rails merges it over the body, Symfony's
//!   `get()` and ASP.NET's `Request[...]` read it first; Laravel, PHP's `$_REQUEST` fill a
//!   missing body field from it) is refused as ambiguous;
//! - `X-Original-URL` / `X-Rewrite-URL` (taken as the request path by IIS-based and older
//!   Symfony/Zend shops) never reach the shop, nor do an untrusted peer's client-address
//!   claims about the client and the hops before riskgate (`X-Client-IP`,
//!   `CF-Connecting-IP`, `X-Forwarded-Scheme`, `X-Forwarded-Prefix`, ...);
//! - an order (a body read whole and judged) is never an upgrade: no `Upgrade` upstream
//!   and no tunnel after a `101`; `stream` routes still upgrade; its `Expect: 100-continue`
//!   is answered by riskgate, which reads the body before the shop hears of it;
//! - a `POST` whose method override names an order route's method is that order route.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn config() -> String {
    bare_scoring_edge()
        + r#"[upstreams.shop]
servers = ["{up}"]
connect_timeout = "500ms"
read_timeout = "3s"
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
[routes.order]
format = "json"
amount = "/amount"
user = "/user"
required = ["amount", "user"]
# Shadow mode forwards every order, so only the request handling decides what the shop sees.
shadow = true
[[routes]]
name = "checkout"
kind = "order"
upstream = "shop"
methods = ["PUT"]
prefix = "/api/checkout"
[routes.order]
format = "json"
amount = "/amount"
user = "/user"
required = ["amount", "user"]
shadow = true
[[routes]]
name = "ws"
kind = "stream"
upstream = "shop"
prefix = "/ws"
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#
}

/// Every byte the raw upstream received, per connection, in arrival order.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<BTreeMap<usize, Vec<u8>>>>);

impl Seen {
    fn text(&self) -> String {
        let conns = self.0.lock().unwrap();
        conns
            .values()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A raw HTTP/1.1 upstream: records every byte; answers `101` to a request head carrying
/// `Upgrade` (as a shop whose WebSocket server takes every path does) and then only
/// records, else `200 ok` per request line.
/// Waits up to 3 s for the raw shop to have received [`ORDER`] whole (it answers on the
/// request line, before the body's bytes are read).
async fn shop_got_order(shop: &Seen) {
    eventually(Duration::from_secs(3), || async {
        shop.text().ends_with(ORDER)
    })
    .await;
}

async fn raw_shop() -> (std::net::SocketAddr, Seen) {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let seen = Seen::default();
    let log = seen.clone();
    tokio::spawn(async move {
        let next = Arc::new(AtomicUsize::new(0));
        while let Ok((mut c, _)) = l.accept().await {
            let (log, id) = (log.clone(), next.fetch_add(1, Ordering::SeqCst));
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let mut upgraded = false;
                loop {
                    let n = match c.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    let chunk = &buf[..n];
                    log.0
                        .lock()
                        .unwrap()
                        .entry(id)
                        .or_default()
                        .extend_from_slice(chunk);
                    if upgraded {
                        continue;
                    }
                    let text = String::from_utf8_lossy(chunk).to_ascii_lowercase();
                    if text.contains("\r\nupgrade:") {
                        upgraded = true;
                        let _ = c
                            .write_all(b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
                            .await;
                        continue;
                    }
                    for _ in 0..text.matches(" http/1.1\r\n").count() {
                        let _ = c
                            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                            .await;
                    }
                }
            });
        }
    });
    (addr, seen)
}

struct Env {
    proxy: Proxy,
    shop: Seen,
}

async fn start() -> Env {
    let (up, shop) = raw_shop().await;
    let proxy = Proxy::start_with(&config(), &[("{up}", up.to_string())]).await;
    Env { proxy, shop }
}

const ORDER: &str = r#"{"amount":5,"user":"u1"}"#;

/// A request with `head` lines (CRLF-terminated) and a JSON body.
fn request(line: &str, head: &str, body: &str) -> String {
    format!(
        "{line} HTTP/1.1\r\nHost: shop.example\r\n{head}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

impl Env {
    /// Sends `req` on a new connection; returns what the client read within `wait`.
    async fn send(&self, req: &str, wait: u64) -> String {
        raw_exchange(self.proxy.addr, req.as_bytes(), Duration::from_millis(wait)).await
    }
}

fn status(response: &str) -> &str {
    response.get(9..12).unwrap_or("")
}

#[tokio::test]
async fn an_order_field_in_the_query_string_with_another_value_is_refused_as_ambiguous() {
    let e = start().await;
    // Rails, Symfony's get() and ASP.NET would charge 5000; riskgate scored 5.
    for target in [
        "/api/orders?amount=5000",
        "/api/orders?lang=en&Amount=5000",
        "/api/orders?user=victim",
        "/api/orders?user%5Bid%5D=victim",
    ] {
        let got = e
            .send(&request(&format!("POST {target}"), "", ORDER), 800)
            .await;
        assert_eq!(status(&got), "400", "{target}: {got}");
        assert!(got.contains("\"error\":\"ambiguous_field\""), "{got}");
    }
    assert!(
        !e.shop.text().contains("/api/orders"),
        "the shop received {}",
        e.shop.text()
    );
    // Other query parameters are the shop's own business, and a copy that agrees with the
    // body (a multi-currency shop's `?currency=`, a framework echoing the user) is the
    // order riskgate scored.
    let got = e
        .send(
            &request("POST /api/orders?amount=5.00&user=u1", "", ORDER),
            800,
        )
        .await;
    assert_eq!(status(&got), "200", "{got}");
    let got = e
        .send(
            &request("POST /api/orders?lang=en&utm_source=x", "", ORDER),
            800,
        )
        .await;
    assert_eq!(status(&got), "200", "{got}");
    let seen = e.shop.text();
    assert!(
        seen.contains("POST /api/orders?lang=en&utm_source=x HTTP/1.1"),
        "{seen}"
    );
    assert!(seen.contains("x-risk-score:"), "{seen}");
}

#[tokio::test]
async fn a_body_under_a_bodiless_method_at_an_order_path_is_refused() {
    let e = start().await;
    // A plain PHP script reading php://input, a Django view without require_POST or an
    // Express app.all handler would place these orders; riskgate routed them as pass.
    for line in [
        "GET /api/orders",
        "DELETE /api/orders",
        "OPTIONS /api/orders",
        "GET /API//orders",
        "DELETE /api/checkout",
    ] {
        let got = e.send(&request(line, "", ORDER), 800).await;
        assert_eq!(status(&got), "400", "{line}: {got}");
    }
    let chunked = format!(
        "GET /api/orders HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{ORDER}\r\n0\r\n\r\n",
        ORDER.len()
    );
    assert_eq!(status(&e.send(&chunked, 800).await), "400");
    assert!(
        e.shop.text().is_empty(),
        "the shop received {}",
        e.shop.text()
    );
    // Bodiless reads and deletes, bodies elsewhere and REST updates stay the shop's.
    for (line, body) in [
        ("GET /api/orders", ""),
        ("DELETE /api/orders/7", ""),
        ("PATCH /api/orders/7", r#"{"note":"gift"}"#),
        ("GET /search", r#"{"q":"cards"}"#),
    ] {
        let got = e.send(&request(line, "", body), 800).await;
        assert_eq!(status(&got), "200", "{line}: {got}");
    }
    let seen = e.shop.text();
    assert_eq!(seen.matches(" HTTP/1.1\r\n").count(), 4, "{seen}");
}

#[tokio::test]
async fn request_target_overrides_never_reach_the_shop() {
    let e = start().await;
    let head = "X-Original-URL: /api/orders\r\nx-rewrite-url: /api/orders\r\n";
    let got = e.send(&request("POST /api/cart", head, ORDER), 800).await;
    assert_eq!(status(&got), "200", "{got}");
    let seen = e.shop.text().to_ascii_lowercase();
    assert!(seen.contains("post /api/cart http/1.1"), "{seen}");
    assert!(!seen.contains("x-original-url"), "{seen}");
    assert!(!seen.contains("x-rewrite-url"), "{seen}");
}

#[tokio::test]
async fn an_untrusted_peers_client_address_claims_never_reach_the_shop() {
    let e = start().await;
    let head = "X-Client-IP: 203.0.113.9\r\nClient-IP: 203.0.113.9\r\nTrue-Client-IP: 203.0.113.9\r\nCF-Connecting-IP: 203.0.113.9\r\nX-Cluster-Client-IP: 203.0.113.9\r\nFastly-Client-IP: 203.0.113.9\r\nX-Forwarded: for=203.0.113.9\r\nForwarded-For: 203.0.113.9\r\n";
    for line in ["POST /api/orders", "POST /api/cart"] {
        let got = e.send(&request(line, head, ORDER), 800).await;
        assert_eq!(status(&got), "200", "{got}");
    }
    let seen = e.shop.text();
    assert_eq!(
        seen.matches("x-real-ip: 127.0.0.1\r\n").count(),
        2,
        "{seen}"
    );
    assert!(!seen.contains("203.0.113.9"), "{seen}");
}

#[tokio::test]
async fn an_untrusted_peers_scheme_and_prefix_claims_never_reach_the_shop() {
    let e = start().await;
    // Rack reads X-Forwarded-Scheme before X-Forwarded-Proto: a Rails shop forcing SSL
    // would answer this plain request with a redirect to itself, for every visitor once
    // cached.
    let head = "X-Forwarded-Scheme: http\r\nX-Forwarded-Ssl: on\r\nFront-End-Https: on\r\nX-Forwarded-Prefix: /evil\r\nX-Host: evil.example\r\nX-Forwarded-Server: evil.example\r\n";
    let got = e.send(&request("GET /static/app.js", head, ""), 800).await;
    assert_eq!(status(&got), "200", "{got}");
    let seen = e.shop.text().to_ascii_lowercase();
    assert!(seen.contains("x-forwarded-proto: http\r\n"), "{seen}");
    for claim in ["scheme", "-ssl", "front-end", "prefix", "evil.example"] {
        assert!(!seen.contains(claim), "{claim}: {seen}");
    }
}

#[tokio::test]
async fn an_order_is_never_an_upgrade_and_opens_no_tunnel() {
    let e = start().await;
    let head = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    let smuggled = request("POST /api/orders", "", r#"{"amount":90000,"user":"u1"}"#);
    let req = request("POST /api/orders", head, ORDER) + &smuggled;
    let got = e.send(&req, 1500).await;
    assert!(!got.starts_with("HTTP/1.1 101"), "{got}");
    let seen = e.shop.text();
    assert!(!seen.to_ascii_lowercase().contains("upgrade"), "{seen}");
    // The bytes after the order are a request of their own, scored like any other.
    assert_eq!(
        seen.matches("x-risk-score:").count(),
        seen.matches("POST /api/orders").count(),
        "{seen}"
    );
    // A `stream` route still upgrades.
    let ws = "GET /ws HTTP/1.1\r\nHost: shop.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    let got = e.send(ws, 800).await;
    assert!(got.starts_with("HTTP/1.1 101"), "{got}");
}

#[tokio::test]
async fn a_post_overridden_to_an_order_routes_method_is_scored() {
    let e = start().await;
    for head in [
        "X-HTTP-Method-Override: PUT\r\n",
        "x-method-override: put\r\n",
        "X-HTTP-Method: PUT\r\n",
    ] {
        let got = e
            .send(&request("POST /api/checkout", head, "{}"), 800)
            .await;
        assert_eq!(status(&got), "400", "{head}: {got}");
        assert!(got.contains("\"error\":\"bad_order\""), "{got}");
    }
    let got = e
        .send(&request("POST /api/checkout?_method=PUT", "", "{}"), 800)
        .await;
    assert_eq!(status(&got), "400", "{got}");
    assert!(
        !e.shop.text().contains("/api/checkout"),
        "{}",
        e.shop.text()
    );
    // Scored and forwarded when it is a whole order; a plain POST stays the shop's.
    let got = e
        .send(
            &request(
                "POST /api/checkout",
                "X-HTTP-Method-Override: PUT\r\n",
                ORDER,
            ),
            800,
        )
        .await;
    assert_eq!(status(&got), "200", "{got}");
    let got = e.send(&request("POST /api/checkout", "", "{}"), 800).await;
    assert_eq!(status(&got), "200", "{got}");
    let seen = e.shop.text();
    assert_eq!(seen.matches("POST /api/checkout").count(), 2, "{seen}");
    assert_eq!(seen.matches("x-risk-score:").count(), 1, "{seen}");
}

#[tokio::test]
async fn an_order_that_expects_100_continue_is_told_to_go_on() {
    let e = start().await;
    let mut s = tokio::net::TcpStream::connect(e.proxy.addr).await.unwrap();
    let head = request("POST /api/orders", "Expect: 100-continue\r\n", "");
    let head = head.replace(
        "Content-Length: 0",
        &format!("Content-Length: {}", ORDER.len()),
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // A client that waits for it (as some do until the body deadline) is told to go on.
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_millis(800), s.read(&mut buf))
        .await
        .expect("100 Continue before the body")
        .unwrap();
    let interim = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(
        interim.starts_with("HTTP/1.1 100 Continue\r\n"),
        "{interim}"
    );
    assert!(e.shop.text().is_empty(), "{}", e.shop.text());
    s.write_all(ORDER.as_bytes()).await.unwrap();
    let mut got = interim;
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while !got.contains("\r\n\r\nok") && std::time::Instant::now() < deadline {
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(100), s.read(&mut buf)).await
        {
            got.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    let done = got.contains("\r\n\r\nok");
    assert!(done, "{got}");
    // The shop gets the whole order, scored, and no expectation to answer. The stand-in
    // answers on the request line, so the body may reach it just after the client's "ok".
    shop_got_order(&e.shop).await;
    let seen = e.shop.text();
    assert!(
        seen.contains("x-risk-score:") && seen.ends_with(ORDER),
        "{seen}"
    );
    assert!(!seen.to_ascii_lowercase().contains("expect:"), "{seen}");
}

#[tokio::test]
async fn an_approved_held_order_reaches_the_shop_with_riskgates_forwarding_headers() {
    let (up, shop) = raw_shop().await;
    let proxy = Proxy::start_with(&review_desk(""), &[("{up}", up.to_string())]).await;
    let e = Env { proxy, shop };
    let forged = "X-Forwarded-For: 203.0.113.9\r\nX-Real-IP: 203.0.113.9\r\nForwarded: for=203.0.113.9;host=evil.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n";
    let got = e
        .send(&request("POST /api/orders", forged, ORDER), 800)
        .await;
    assert_eq!(status(&got), "202", "{got}");
    let body = &got[got.find("\r\n\r\n").unwrap() + 4..];
    let held: serde_json::Value = serde_json::from_str(body).unwrap();
    let rid = held["request_id"].as_str().unwrap();
    let r = e
        .proxy
        .client
        .post(format!("http://{}/reviews/{rid}/approve", e.proxy.admin))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"by": "alice"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    shop_got_order(&e.shop).await;
    let seen = e.shop.text().to_ascii_lowercase();
    assert!(seen.contains("post /api/orders http/1.1"), "{seen}");
    assert!(seen.contains("x-forwarded-for: 127.0.0.1\r\n"), "{seen}");
    assert!(seen.contains("x-real-ip: 127.0.0.1\r\n"), "{seen}");
    assert!(seen.contains("x-forwarded-proto: http\r\n"), "{seen}");
    assert!(
        !seen.contains("203.0.113.9") && !seen.contains("evil.example"),
        "{seen}"
    );
    assert!(seen.ends_with(ORDER), "{seen}");
}

#[tokio::test]
async fn connection_nominations_cannot_drop_riskgates_own_headers() {
    let e = start().await;
    // pingora strips the fields a client's Connection names before riskgate writes its
    // own, so they all arrive; naming Host or X-Forwarded-* is refused outright (400).
    let head = "Connection: keep-alive, X-Risk-Decision, X-Risk-Score, X-Real-IP, Forwarded, X-Device-Id, X-Request-Id\r\n";
    let got = e.send(&request("POST /api/orders", head, ORDER), 800).await;
    assert_eq!(status(&got), "200", "{got}");
    let seen = e.shop.text().to_ascii_lowercase();
    for field in [
        "x-risk-decision: allow",
        "x-risk-score: ",
        "x-real-ip: 127.0.0.1",
        "forwarded: for=127.0.0.1",
        "x-device-id: ",
        "x-request-id: ",
    ] {
        assert!(seen.contains(field), "{field}: {seen}");
    }
    assert!(!seen.contains("connection: keep-alive, x-risk"), "{seen}");
    let got = e
        .send(
            &request("POST /api/orders", "Connection: X-Forwarded-For\r\n", ORDER),
            800,
        )
        .await;
    assert_eq!(status(&got), "400", "{got}");
}
