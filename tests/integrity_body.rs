//! Request-body integrity (issue 12, section A) through the running proxy, with raw TCP
//! clients that stall, trickle or cut a body half-way, and the stand-in shop's request log
//! as the witness of what reached the upstream.
//!
//! - order and payment bodies are read whole before anything goes upstream: a late body
//!   is 408, a cut or malformed one 400, an oversized one 413, and the shop hears nothing;
//! - a callback body is read whole too (a stalled one is 408, never half-verified);
//! - a mapped order field sent twice is 400 `ambiguous_field`;
//! - every route has a total body deadline (`body_timeout`): a trickled upload is 408 and
//!   its upstream connection is dropped;
//! - `server.max_connections` refuses the connection over the cap with a 503, counted.

mod common;

use common::*;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The new body keys (kept apart so the old-code check can drop them).
const BODY_KEYS: &str = r#"body_timeout = "1500ms""#;

fn config(server_extra: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    format!(
        r#"
[server]
listen = ["{{listen}}"]
threads = 1
body_read_timeout = "700ms"
{BODY_KEYS}
{server_extra}
[admin]
listen = "{{admin}}"
[risk]
model = "{root}/models/risk.onnx"
schema = "{root}/models/schema.json"
[upstreams.shop]
servers = ["{{up}}"]
[channels.alpha]
url = "http://{{up}}"
dialect = "epay"
secret_env = "RISKGATE_TEST_ALPHA_KEY"
[upstreams.pay]
channels = ["alpha"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
max_body_bytes = 512
[routes.order]
format = "form"
amount = "amount"
currency = "currency"
quantity = "quantity"
user = "user"
email = "email"
required = ["amount", "user"]
# Shadow mode forwards every order, so only the body handling decides what the shop sees.
shadow = true
[[routes]]
name = "json-orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/json-orders"
[routes.order]
format = "json"
amount = "/amount"
quantity = "/quantity"
user = "/customer/id"
required = ["amount", "user"]
shadow = true
[[routes]]
name = "pay"
kind = "pass"
upstream = "pay"
prefix = "/pay"
max_body_bytes = 256
[[routes]]
name = "alpha-notify"
kind = "callback"
channel = "alpha"
upstream = "shop"
prefix = "/notify/alpha"
[callbacks]
spool = "{{dir}}/spool.redb"
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#
    )
}

struct Env {
    up: TestUpstream,
    proxy: Proxy,
}

async fn start(server_extra: &str) -> Env {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .route("/api/json-orders", 201, "{\"order\":\"o-2\"}")
        .route("/pay", 200, "{\"status\":\"accepted\"}")
        .route("/upload", 200, "stored")
        .spawn()
        .await
        .unwrap();
    let proxy = Proxy::start_env(
        &config(server_extra),
        &[("{up}", up.addr().to_string())],
        &[("RISKGATE_TEST_ALPHA_KEY", "alpha-test-merchant-key")],
    )
    .await;
    Env { up, proxy }
}

impl Env {
    /// Requests the shop received on `path` (health checks and others excluded).
    fn seen(&self, path: &str) -> Vec<riskgate::demo::RecordedRequest> {
        self.up
            .log
            .requests()
            .into_iter()
            .filter(|r| r.path.starts_with(path))
            .collect()
    }

    /// Asserts that nothing reached the shop on `path`, waiting long enough for a request
    /// that was (wrongly) sent on to arrive.
    async fn assert_nothing_reached(&self, path: &str) {
        let leaked = eventually(Duration::from_millis(1500), || async {
            !self.seen(path).is_empty()
        })
        .await;
        assert!(
            !leaked,
            "the shop received {:?}",
            self.seen(path)
                .iter()
                .map(|r| String::from_utf8_lossy(&r.body).into_owned())
                .collect::<Vec<_>>()
        );
    }

    /// Writes `req` at once (then shuts the write half when `close`): the answer read
    /// within 4 s.
    async fn send_at_once(&self, req: Vec<u8>, close: bool) -> String {
        let steps = vec![(Duration::ZERO, req)];
        slow_client(self.proxy.addr, steps, close, Duration::from_secs(4))
            .await
            .0
    }

    /// Sends a form POST of `body` to `path` whose Content-Length covers all of it, but
    /// whose first `sent` bytes come at once and the rest only 1.2 s later (past
    /// `body_read_timeout`): the answer read within 4 s.
    async fn send_stalled(&self, path: &str, body: &str, sent: usize) -> String {
        let first = request(
            "POST",
            path,
            FORM,
            &format!("content-length: {}\r\n", body.len()),
            &body.as_bytes()[..sent],
        );
        let rest = body.as_bytes()[sent..].to_vec();
        let steps = vec![(Duration::ZERO, first), (Duration::from_millis(1200), rest)];
        slow_client(self.proxy.addr, steps, false, Duration::from_secs(4))
            .await
            .0
    }

    /// Waits up to 5 s for the series `family{listener="<the proxy's address>"}` to read
    /// `value`.
    async fn listener_metric(&self, family: &str, value: f64) -> bool {
        let series = format!("{family}{{listener=\"{}\"}}", self.proxy.addr);
        self.proxy
            .wait_metric(&series, value, Duration::from_secs(5))
            .await
    }
}

/// Writes each `(delay, bytes)` step in turn on one connection (stopping at the first write
/// error, and shutting down the write half when `close` is set) while reading the response;
/// returns what was read within `timeout` and when the first byte arrived.
async fn slow_client(
    addr: SocketAddr,
    steps: Vec<(Duration, Vec<u8>)>,
    close: bool,
    timeout: Duration,
) -> (String, Option<Duration>) {
    let s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut rd, mut wr) = s.into_split();
    let writer = tokio::spawn(async move {
        for (delay, bytes) in steps {
            tokio::time::sleep(delay).await;
            if wr.write_all(&bytes).await.is_err() {
                return;
            }
        }
        if close {
            let _ = wr.shutdown().await;
        }
        // Keep the write half open (no FIN) until the reader is done.
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let started = Instant::now();
    let mut out = Vec::new();
    let mut first = None;
    let _ = tokio::time::timeout(timeout, async {
        let mut buf = [0u8; 4096];
        loop {
            match rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    first.get_or_insert_with(|| started.elapsed());
                    out.extend_from_slice(&buf[..n]);
                }
            }
        }
    })
    .await;
    writer.abort();
    (String::from_utf8_lossy(&out).into_owned(), first)
}

fn head(method: &str, path: &str, ctype: &str, framing: &str) -> Vec<u8> {
    format!("{method} {path} HTTP/1.1\r\nhost: shop.test\r\ncontent-type: {ctype}\r\n{framing}\r\n")
        .into_bytes()
}

/// One request's bytes: [`head`] and then `body`.
fn request(method: &str, path: &str, ctype: &str, framing: &str, body: &[u8]) -> Vec<u8> {
    [head(method, path, ctype, framing), body.to_vec()].concat()
}

/// A request that closes its connection: the answer is the whole of what comes back.
const GET_UPLOAD: &[u8] = b"GET /upload HTTP/1.1\r\nhost: shop.test\r\nconnection: close\r\n\r\n";

fn status_of(response: &str) -> &str {
    response.get(9..12).unwrap_or("")
}

const FORM: &str = "application/x-www-form-urlencoded";
const CHUNKED: &str = "transfer-encoding: chunked\r\n";
const PREFIX: &str = "user=bob&amount=5.00&currency=USD&quantity=1&email=b@example.com";
const REST: &str = "&quantity=100&user=mule-2";

#[tokio::test]
async fn a_stalled_order_body_is_408_and_the_shop_never_sees_it() {
    let e = start("").await;
    // Stalls past body_read_timeout (700 ms), then sends the rest.
    let resp = e
        .send_stalled("/api/orders", &format!("{PREFIX}{REST}"), PREFIX.len())
        .await;
    assert_eq!(status_of(&resp), "408", "{resp}");
    assert!(resp.contains("\"error\":\"request_timeout\""), "{resp}");
    e.assert_nothing_reached("/api/orders").await;
    let m = e.proxy.metrics().await;
    assert_eq!(
        metric_value(
            &m,
            "riskgate_requests_rejected_total{reason=\"body_timeout\"}"
        ),
        Some(1.0),
        "{m}"
    );
}

#[tokio::test]
async fn an_order_body_trickled_past_body_timeout_is_408() {
    let e = start("").await;
    let body = format!("{PREFIX}{REST}");
    let mut steps = vec![(
        Duration::ZERO,
        head(
            "POST",
            "/api/orders",
            FORM,
            &format!("content-length: {}\r\n", body.len()),
        ),
    )];
    // A few bytes every 300 ms: no single read waits 700 ms, the whole takes ~3.5 s.
    for piece in body.as_bytes().chunks(8) {
        steps.push((Duration::from_millis(300), piece.to_vec()));
    }
    let (resp, first) = slow_client(e.proxy.addr, steps, false, Duration::from_secs(6)).await;
    assert_eq!(status_of(&resp), "408", "{resp}");
    let at = first.unwrap();
    assert!(
        at < Duration::from_millis(2500),
        "answered after {at:?}, body_timeout is 1.5 s"
    );
    e.assert_nothing_reached("/api/orders").await;
}

#[tokio::test]
async fn a_truncated_order_body_is_400_and_the_shop_never_sees_it() {
    let e = start("").await;
    // Content-Length promises more than the client sends before closing its side.
    let len = PREFIX.len() + REST.len();
    let framing = format!("content-length: {len}\r\n");
    let req = request("POST", "/api/orders", FORM, &framing, PREFIX.as_bytes());
    let resp = e.send_at_once(req, true).await;
    assert_eq!(status_of(&resp), "400", "{resp}");
    assert!(resp.contains("\"error\":\"bad_request\""), "{resp}");
    e.assert_nothing_reached("/api/orders").await;

    // Broken chunked framing after a complete-looking first chunk.
    let chunk = format!(
        "{:x}\r\n{PREFIX}\r\nzz\r\n{REST}\r\n0\r\n\r\n",
        PREFIX.len()
    );
    let req = request("POST", "/api/orders", FORM, CHUNKED, chunk.as_bytes());
    let resp = e.send_at_once(req, false).await;
    assert_eq!(status_of(&resp), "400", "{resp}");
    assert!(resp.contains("\"error\":\"bad_request\""), "{resp}");
    e.assert_nothing_reached("/api/orders").await;
}

#[tokio::test]
async fn a_whole_order_is_forwarded_byte_for_byte_in_any_framing() {
    let e = start("").await;
    let body = format!("{PREFIX}&note=gift");
    // Chunked, in three chunks written apart: the shop gets exactly the scored bytes.
    let mut steps = vec![(Duration::ZERO, head("POST", "/api/orders", FORM, CHUNKED))];
    for piece in body.as_bytes().chunks(body.len() / 3 + 1) {
        let mut c = format!("{:x}\r\n", piece.len()).into_bytes();
        c.extend_from_slice(piece);
        c.extend_from_slice(b"\r\n");
        steps.push((Duration::from_millis(100), c));
    }
    steps.push((Duration::from_millis(100), b"0\r\n\r\n".to_vec()));
    let (resp, _) = slow_client(e.proxy.addr, steps, false, Duration::from_secs(3)).await;
    assert_eq!(status_of(&resp), "201", "{resp}");
    let seen = e.seen("/api/orders");
    assert_eq!(seen.len(), 1);
    assert_eq!(String::from_utf8_lossy(&seen[0].body), body);
    assert_eq!(seen[0].header("x-risk-decision"), Some("allow"));
    // Framed by the length of what was scored.
    let len = body.len().to_string();
    assert_eq!(seen[0].header("content-length"), Some(len.as_str()));
    assert_eq!(seen[0].header("transfer-encoding"), None);
}

#[tokio::test]
async fn a_payment_body_is_read_whole_before_the_channel_hears_of_it() {
    let e = start("").await;
    // Stalled: 408 and the channel got nothing (not even the headers).
    let body = "amount=5.00&order_id=o-9&card=tok_1";
    let resp = e.send_stalled("/pay?order_id=o-9", body, 10).await;
    assert_eq!(status_of(&resp), "408", "{resp}");
    e.assert_nothing_reached("/pay").await;

    // Over the route's 256-byte cap without a Content-Length: 413, nothing sent.
    let big = "x".repeat(300);
    let chunk = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
    let req = request(
        "POST",
        "/pay?order_id=o-10",
        FORM,
        CHUNKED,
        chunk.as_bytes(),
    );
    let resp = e.send_at_once(req, false).await;
    assert_eq!(status_of(&resp), "413", "{resp}");
    e.assert_nothing_reached("/pay").await;

    // A whole payment goes through unchanged.
    let r = e
        .proxy
        .client
        .post(e.proxy.url("/pay?order_id=o-11"))
        .header("content-type", FORM)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let seen = e.seen("/pay");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body, body.as_bytes());
}

#[tokio::test]
async fn a_stalled_callback_is_408_and_not_spooled() {
    let e = start("").await;
    let body = "pid=1001&trade_no=T-1&out_trade_no=o-1&type=alipay&name=x&money=5.00";
    let resp = e.send_stalled("/notify/alpha", body, 20).await;
    assert_eq!(status_of(&resp), "408", "{resp}");
    let m = e.proxy.metrics().await;
    assert_eq!(
        metric_value(
            &m,
            "riskgate_callbacks_received_total{channel=\"alpha\",dialect=\"epay\",outcome=\"body_timeout\"}"
        ),
        Some(1.0),
        "{m}"
    );
    let accepted = metric_value(
        &m,
        "riskgate_callbacks_received_total{dialect=\"epay\",outcome=\"accepted\"}",
    );
    assert!(accepted.unwrap_or(0.0) == 0.0, "{m}");
}

#[tokio::test]
async fn a_repeated_order_field_is_refused_as_ambiguous() {
    let e = start("").await;
    let post = |path: &str, ctype: &str, body: &str| {
        e.proxy
            .client
            .post(e.proxy.url(path))
            .header("content-type", ctype.to_string())
            .body(body.to_string())
            .send()
    };
    let r = post(
        "/api/orders",
        FORM,
        "user=alice&amount=5.00&quantity=1&email=a@example.com&quantity=100&user=mule-1",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "ambiguous_field", "{v}");
    assert_eq!(v["field"], "quantity", "{v}");
    let r = post(
        "/api/json-orders",
        "application/json",
        r#"{"amount":"5.00","quantity":1,"customer":{"id":"alice"},"quantity":100}"#,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        (&v["error"], &v["field"]),
        (&"ambiguous_field".into(), &"quantity".into())
    );
    e.assert_nothing_reached("/api/").await;
    let m = e.proxy.metrics().await;
    assert_eq!(
        metric_value(
            &m,
            "riskgate_order_parse_errors_total{cause=\"ambiguous_field\"}"
        ),
        Some(2.0),
        "{m}"
    );
}

#[tokio::test]
async fn a_trickled_upload_on_a_pass_route_is_cut_at_body_timeout() {
    let e = start("").await;
    let mut steps = vec![(
        Duration::ZERO,
        head("POST", "/upload", "text/plain", "content-length: 100\r\n"),
    )];
    // One byte every 300 ms: each read is quick, the whole would take 30 s.
    for _ in 0..20 {
        steps.push((Duration::from_millis(300), b"a".to_vec()));
    }
    let (resp, first) = slow_client(e.proxy.addr, steps, false, Duration::from_secs(5)).await;
    assert_eq!(status_of(&resp), "408", "{resp}");
    let at = first.unwrap();
    assert!(at < Duration::from_millis(2500), "answered after {at:?}");
    // The upstream connection was dropped: the shop saw its request end short (a kept
    // connection would still be waiting for the other bytes).
    let ended = eventually(Duration::from_secs(3), || async {
        e.seen("/upload").iter().any(|r| r.body.len() < 100)
    })
    .await;
    assert!(ended, "{:?}", e.seen("/upload").len());
}

#[tokio::test]
async fn connections_over_max_connections_are_refused_with_503_and_counted() {
    let e = start("max_connections = 2").await;
    let addr = e.proxy.addr;
    // Two idle connections fill the listener (the header deadline is 10 s).
    let a = tokio::net::TcpStream::connect(addr).await.unwrap();
    let b = tokio::net::TcpStream::connect(addr).await.unwrap();
    assert!(
        e.listener_metric("riskgate_connections_open", 2.0).await,
        "{}",
        e.proxy.metrics().await
    );
    let resp = raw_exchange(
        addr,
        b"GET /upload HTTP/1.1\r\nhost: shop.test\r\n\r\n",
        Duration::from_secs(3),
    )
    .await;
    assert!(resp.starts_with("HTTP/1.1 503 "), "{resp}");
    assert!(resp.contains("connection: close"), "{resp}");
    assert!(resp.contains("\"error\":\"unavailable\""), "{resp}");
    assert!(
        e.listener_metric("riskgate_connections_refused_total", 1.0)
            .await
    );
    // A closed connection frees its place.
    drop(a);
    assert!(e.listener_metric("riskgate_connections_open", 1.0).await);
    let resp = raw_exchange(addr, GET_UPLOAD, Duration::from_secs(3)).await;
    assert!(resp.starts_with("HTTP/1.1 200 "), "{resp}");
    drop(b);
}

/// A TCP connection to `addr` from the loopback source address `from` (127.0.0.0/8 is all
/// local, so each source is a different client address to the proxy).
async fn connect_from(from: [u8; 4], addr: SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::from((from, 0)))
        .expect("bind a loopback source");
    socket.connect(addr).await.expect("connect")
}

/// One request on a connection from `from`; the whole answer (the request asks to close).
async fn get_from(from: [u8; 4], addr: SocketAddr) -> String {
    let mut s = connect_from(from, addr).await;
    s.write_all(GET_UPLOAD).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(3), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn one_address_holds_at_most_max_connections_per_address_and_others_are_served() {
    let e = start("max_connections_per_address = 2").await;
    let addr = e.proxy.addr;
    let a = connect_from([127, 0, 0, 2], addr).await;
    let _b = connect_from([127, 0, 0, 2], addr).await;
    assert!(
        e.listener_metric("riskgate_connections_open", 2.0).await,
        "{}",
        e.proxy.metrics().await
    );
    // The third from the same address is refused, with the listener far from its cap.
    let resp = get_from([127, 0, 0, 2], addr).await;
    assert!(resp.starts_with("HTTP/1.1 503 "), "{resp}");
    assert!(resp.contains("connection: close"), "{resp}");
    assert!(
        e.listener_metric("riskgate_connections_refused_per_address_total", 1.0)
            .await,
        "{}",
        e.proxy.metrics().await
    );
    // Another address is served meanwhile, and the listener cap was not what refused.
    let resp = get_from([127, 0, 0, 3], addr).await;
    assert!(resp.starts_with("HTTP/1.1 200 "), "{resp}");
    let metrics = e.proxy.metrics().await;
    assert!(
        !metrics.contains(&format!(
            "riskgate_connections_refused_total{{listener=\"{addr}\"}} 1"
        )),
        "{metrics}"
    );
    // A closed connection frees its address's place.
    drop(a);
    assert!(e.listener_metric("riskgate_connections_open", 1.0).await);
    let resp = get_from([127, 0, 0, 2], addr).await;
    assert!(resp.starts_with("HTTP/1.1 200 "), "{resp}");
}

#[tokio::test]
async fn a_trusted_proxy_is_not_held_to_max_connections_per_address() {
    let e = start("max_connections_per_address = 1\ntrusted_proxies = [\"127.0.0.4/32\"]").await;
    let addr = e.proxy.addr;
    let _a = connect_from([127, 0, 0, 4], addr).await;
    let _b = connect_from([127, 0, 0, 4], addr).await;
    assert!(e.listener_metric("riskgate_connections_open", 2.0).await);
    let resp = get_from([127, 0, 0, 4], addr).await;
    assert!(resp.starts_with("HTTP/1.1 200 "), "{resp}");
    // An untrusted address is still held to one.
    let _c = connect_from([127, 0, 0, 5], addr).await;
    assert!(e.listener_metric("riskgate_connections_open", 3.0).await);
    let resp = get_from([127, 0, 0, 5], addr).await;
    assert!(resp.starts_with("HTTP/1.1 503 "), "{resp}");
}
