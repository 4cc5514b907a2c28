//! HTTP integrity at the edge (issue 12, sections B and C): nothing a client sends can
//! pose as riskgate (underscore header names, forwarding headers), WebSocket upgrades
//! survive background traffic, and pipelined HTTP/1.1 requests are all answered in order.

mod common;

use common::*;
use futures_util::{SinkExt, StreamExt};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

/// A `pass` route for everything, plus a `stream` route for WebSockets under `/ws`.
const CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 2
grace_period = "1s"
{server_extra}
[admin]
listen = "{admin}"
[upstreams.u]
servers = ["{up}"]
connect_timeout = "500ms"
read_timeout = "5s"
[[routes]]
name = "ws"
kind = "stream"
upstream = "u"
prefix = "/ws"
[[routes]]
name = "rest"
kind = "pass"
upstream = "u"
max_body_bytes = 1024
"#;

async fn start(up: &TestUpstream, server_extra: &str) -> Proxy {
    start_on(up.addr().to_string(), server_extra).await
}

/// The proxy of [`CFG`] with its upstream at `up` (an address, which need not listen).
async fn start_on(up: String, server_extra: &str) -> Proxy {
    Proxy::start_with(
        CFG,
        &[("{up}", up), ("{server_extra}", server_extra.to_string())],
    )
    .await
}

/// Starts an origin answering `ok` on `path` and the proxy (with `server_extra`) in front
/// of it, and sends it one request with `headers`: the proxy, the origin and the request
/// the origin recorded.
async fn forward_once(
    path: &str,
    server_extra: &str,
    headers: &[(&str, &str)],
) -> (Proxy, TestUpstream, riskgate::demo::RecordedRequest) {
    let up = upstream().route(path, 200, "ok").spawn().await.unwrap();
    let p = start(&up, server_extra).await;
    let seen = forwarded_request(&p, &up, path, headers).await;
    (p, up, seen)
}

/// Sends one request with the given extra headers through the proxy and returns the
/// request the origin recorded.
async fn forwarded_request(
    p: &Proxy,
    up: &TestUpstream,
    path: &str,
    headers: &[(&str, &str)],
) -> riskgate::demo::RecordedRequest {
    let mut req = p.client.get(p.url(path)).header("host", "shop.example");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("request through riskgate");
    assert_eq!(resp.status(), 200);
    up.log
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path == path)
        .expect("the origin saw the request")
}

#[tokio::test]
async fn header_names_with_underscores_are_dropped_and_counted() {
    let (p, _up, seen) = forward_once(
        "/u",
        "",
        &[
            ("X_Risk_Decision", "allow"),
            ("X_Geo_Country", "US"),
            ("Custom_Header", "1"),
            ("X-Plain", "kept"),
        ],
    )
    .await;
    let underscored: Vec<_> = seen
        .headers
        .iter()
        .filter(|(n, _)| n.contains('_'))
        .collect();
    assert!(underscored.is_empty(), "forwarded: {underscored:?}");
    assert_eq!(seen.header("x-plain"), Some("kept"));
    assert!(
        p.wait_metric(
            "riskgate_headers_dropped_total{reason=\"underscore\"}",
            3.0,
            Duration::from_secs(2)
        )
        .await,
        "{}",
        p.metrics().await
    );
}

#[tokio::test]
async fn underscores_allowed_by_config_still_never_pose_as_riskgate() {
    let (p, _up, seen) = forward_once(
        "/u",
        "underscores_in_headers = true",
        &[
            ("X_Risk_Decision", "allow"),
            ("x_geo-country", "US"),
            ("Custom_Header", "1"),
        ],
    )
    .await;
    assert_eq!(seen.header("custom_header"), Some("1"));
    assert_eq!(seen.header("x_risk_decision"), None);
    assert_eq!(seen.header("x_geo-country"), None);
    assert_eq!(
        metric_value(
            &p.metrics().await,
            "riskgate_headers_dropped_total{reason=\"underscore\"}"
        ),
        Some(0.0)
    );
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_are_replaced() {
    let (p, _up, seen) = forward_once(
        "/f",
        "",
        &[
            ("Forwarded", "for=203.0.113.9;proto=https;host=evil.example"),
            ("X-Forwarded-Host", "evil.example"),
            ("X-Forwarded-Port", "443"),
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-For", "203.0.113.9"),
        ],
    )
    .await;
    let all = |name: &str| -> Vec<&str> {
        seen.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(
        all("forwarded"),
        ["for=127.0.0.1;proto=http;host=shop.example"]
    );
    assert_eq!(all("x-forwarded-host"), ["shop.example"]);
    let port = p.addr.port().to_string();
    assert_eq!(all("x-forwarded-port"), [port.as_str()]);
    assert_eq!(all("x-forwarded-proto"), ["http"]);
    assert_eq!(all("x-forwarded-for"), ["127.0.0.1"]);
}

#[tokio::test]
async fn forwarding_headers_from_a_trusted_proxy_are_kept_and_extended() {
    let (_p, _up, seen) = forward_once(
        "/f",
        "trusted_proxies = [\"127.0.0.1\"]",
        &[
            ("Forwarded", "for=\"[2001:db8::7]\";proto=https"),
            ("X-Forwarded-Host", "www.shop.example"),
            ("X-Forwarded-Port", "443"),
            ("X-Forwarded-Proto", "https"),
        ],
    )
    .await;
    assert_eq!(
        seen.header("forwarded"),
        Some("for=\"[2001:db8::7]\";proto=https, for=127.0.0.1;proto=http;host=shop.example")
    );
    assert_eq!(seen.header("x-forwarded-host"), Some("www.shop.example"));
    assert_eq!(seen.header("x-forwarded-port"), Some("443"));
    assert_eq!(seen.header("x-forwarded-proto"), Some("https"));
}

/// Runs `n` WebSocket upgrades through the proxy, `parallel` at a time, each sending one
/// message and waiting for its echo; returns how many failed (closed after the 101, or no
/// echo within 5 s), stopping early after 20 failures.
async fn upgrades(p: &Proxy, n: usize, parallel: usize) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let url = format!("ws://{}/ws", p.addr);
    let mut workers = Vec::new();
    for _ in 0..parallel {
        let (next, failed, url) = (next.clone(), failed.clone(), url.clone());
        workers.push(tokio::spawn(async move {
            // Stop early when it is clearly broken: 2,000 timeouts would take minutes.
            while failed.load(Ordering::Relaxed) < 20 && next.fetch_add(1, Ordering::Relaxed) < n {
                let ok = tokio::time::timeout(Duration::from_secs(5), async {
                    let (mut ws, resp) =
                        tokio_tungstenite::connect_async(url.as_str()).await.ok()?;
                    if resp.status() != 101 {
                        return None;
                    }
                    ws.send(Message::Text("ping".into())).await.ok()?;
                    let echo = ws.next().await?.ok()?;
                    let _ = ws.close(None).await;
                    (echo.into_text().ok()?.as_str() == "ping").then_some(())
                })
                .await;
                if !matches!(ok, Ok(Some(()))) {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for w in workers {
        w.await.expect("upgrade worker");
    }
    failed.load(Ordering::Relaxed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_upgrades_survive_background_load() {
    let up = upstream()
        .websocket_echo("/ws")
        .route("/bg", 200, "background")
        .spawn()
        .await
        .unwrap();
    let p = start(&up, "").await;
    // Background HTTP traffic on other connections for as long as the upgrades run.
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let mut background = Vec::new();
    for _ in 0..6 {
        let (stop, served, client, url) =
            (stop.clone(), served.clone(), p.client.clone(), p.url("/bg"));
        background.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Ok(r) = client.get(url.as_str()).send().await {
                    if r.bytes().await.is_ok() {
                        served.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    let started = Instant::now();
    let failed = upgrades(&p, 2000, 8).await;
    stop.store(true, Ordering::Relaxed);
    for b in background {
        b.await.expect("background worker");
    }
    let bg = served.load(Ordering::Relaxed);
    eprintln!(
        "2000 upgrades in {:?}, {failed} dropped, {bg} background requests",
        started.elapsed()
    );
    assert!(bg > 100, "background load ran ({bg} requests)");
    assert_eq!(failed, 0, "WebSocket upgrades dropped under load");
}

/// An origin that answers every connection with `101 Switching Protocols` at once, before
/// the request has even arrived, then echoes what follows the request's headers. Its 101
/// is always read by riskgate before the upgrade request's (empty) body is handed on: the
/// ordering that tore tunnels down (pingora #946) on a busy machine, here on every
/// connection where pingora happens to poll the response first.
async fn eager_upgrade_origin() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let head = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
                             Connection: Upgrade\r\n\r\n";
                s.write_all(head).await.ok()?;
                let mut buf = vec![0u8; 4096];
                let mut seen = Vec::new();
                let start = loop {
                    let n = s.read(&mut buf).await.ok()?;
                    if n == 0 {
                        return None;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    if let Some(i) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                s.write_all(&seen[start..]).await.ok()?;
                loop {
                    let n = s.read(&mut buf).await.ok()?;
                    if n == 0 {
                        return Some(());
                    }
                    s.write_all(&buf[..n]).await.ok()?;
                }
            });
        }
    });
    addr
}

/// One upgrade through the proxy to the eager origin: true when bytes sent after the 101
/// come back.
async fn eager_upgrade(proxy: std::net::SocketAddr) -> bool {
    let attempt = async {
        let mut s = tokio::net::TcpStream::connect(proxy).await.ok()?;
        s.write_all(
            b"GET /ws/raw HTTP/1.1\r\nHost: shop\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
              Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        )
        .await
        .ok()?;
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = s.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            got.extend_from_slice(&buf[..n]);
        }
        if !got.starts_with(b"HTTP/1.1 101") {
            return None;
        }
        s.write_all(b"ping").await.ok()?;
        let mut echo = [0u8; 4];
        s.read_exact(&mut echo).await.ok()?;
        (&echo == b"ping").then_some(())
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(5), attempt).await,
        Ok(Some(()))
    )
}

#[tokio::test]
async fn upgrade_survives_a_101_read_before_the_empty_request_body() {
    let origin = eager_upgrade_origin().await;
    let p = start_on(origin.to_string(), "").await;
    let mut failed = 0;
    for _ in 0..200 {
        if !eager_upgrade(p.addr).await {
            failed += 1;
        }
    }
    assert_eq!(
        failed, 0,
        "of 200 upgrades, {failed} closed right after the 101"
    );
}

/// Reads HTTP/1.1 responses (Content-Length framed) off `s` until EOF or `timeout`;
/// returns each one's head and body.
async fn read_responses(s: &mut tokio::net::TcpStream, timeout: Duration) -> Vec<(String, String)> {
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(timeout, s.read_to_end(&mut raw)).await;
    let mut out = Vec::new();
    let mut rest = &raw[..];
    while let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&rest[..end]).into_owned();
        let len = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        let body_end = (end + 4 + len).min(rest.len());
        let body = String::from_utf8_lossy(&rest[end + 4..body_end]).into_owned();
        out.push((head, body));
        rest = &rest[body_end..];
    }
    out
}

/// An origin answering `one`, `two` and `three` on `/p1`, `/p2` and `/p3`, and the proxy
/// (with `server_extra`) in front of it.
async fn three_paths(server_extra: &str) -> (TestUpstream, Proxy) {
    let up = upstream()
        .route("/p1", 200, "one")
        .route("/p2", 200, "two")
        .route("/p3", 200, "three")
        .spawn()
        .await
        .unwrap();
    let p = start(&up, server_extra).await;
    (up, p)
}

/// A new connection to the proxy on which `bytes` are already written.
async fn send_raw(p: &Proxy, bytes: &[u8]) -> tokio::net::TcpStream {
    let mut s = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    s.write_all(bytes).await.unwrap();
    s
}

/// The bodies of [`read_responses`]'s answers, in order.
fn bodies(responses: &[(String, String)]) -> Vec<&str> {
    responses.iter().map(|(_, b)| b.as_str()).collect()
}

#[tokio::test]
async fn pipelined_requests_are_all_answered_in_order() {
    let (up, p) = three_paths("").await;
    let mut s = send_raw(
        &p,
        b"GET /p1 HTTP/1.1\r\nHost: shop\r\n\r\n\
          POST /p2 HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\n\r\nhello\
          GET /p3 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n",
    )
    .await;
    let responses = read_responses(&mut s, Duration::from_secs(10)).await;
    let bodies = bodies(&responses);
    let heads: Vec<&str> = responses.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(bodies, ["one", "two", "three"], "responses: {heads:?}");
    for (head, _) in &responses {
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    }
    let paths: Vec<String> = up.log.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/p1", "/p2", "/p3"]);
    let posted = up
        .log
        .requests()
        .into_iter()
        .find(|r| r.path == "/p2")
        .unwrap();
    assert_eq!(posted.body, b"hello");
}

#[tokio::test]
async fn a_pipelined_request_body_is_not_timed_as_headers() {
    let (up, p) = three_paths("header_timeout = \"1s\"").await;
    // Request 2's headers arrive with request 1, so pingora parses them from its buffer
    // without reading the stream; its body then trickles in for longer than header_timeout.
    let mut s = send_raw(
        &p,
        b"GET /p1 HTTP/1.1\r\nHost: shop\r\n\r\n\
          POST /p2 HTTP/1.1\r\nHost: shop\r\nContent-Length: 10\r\n\r\nhello",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.write_all(b"wor").await.unwrap();
    tokio::time::sleep(Duration::from_millis(1300)).await;
    s.write_all(b"ldGET /p3 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let responses = read_responses(&mut s, Duration::from_secs(10)).await;
    let bodies = bodies(&responses);
    assert_eq!(bodies, ["one", "two", "three"], "responses: {responses:?}");
    let posted = up.log.requests().into_iter().find(|r| r.path == "/p2");
    assert_eq!(posted.map(|r| r.body), Some(b"helloworld".to_vec()));
}

#[tokio::test]
async fn a_failed_request_tells_pipelining_clients_the_connection_closes() {
    // Nothing listens on the upstream's port: the first request gets 502 and the
    // connection is closed; the second must not be silently lost behind a keep-alive
    // (pingora already turns keep-alive off on a proxy failure: this guards it).
    let dead = free_port();
    let p = start_on(format!("127.0.0.1:{dead}"), "").await;
    let mut s = send_raw(
        &p,
        b"GET /a HTTP/1.1\r\nHost: shop\r\n\r\nGET /b HTTP/1.1\r\nHost: shop\r\n\r\n",
    )
    .await;
    let responses = read_responses(&mut s, Duration::from_secs(10)).await;
    let (head, _) = responses.first().expect("a response");
    assert!(head.starts_with("HTTP/1.1 502"), "{head}");
    if responses.len() < 2 {
        assert!(
            head.to_ascii_lowercase().contains("connection: close"),
            "the only response must announce the close: {head}"
        );
    }
}

/// The `Date` of a response as `SystemTime`, from its raw head.
fn date_of(response: &str) -> std::time::SystemTime {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    let value = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("date").then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no Date header: {head}"));
    httpdate::parse_http_date(&value).unwrap_or_else(|e| panic!("Date {value:?}: {e}"))
}

/// Requests pingora refuses before riskgate sees them (a request line it cannot parse,
/// conflicting `Content-Length` values) are answered from pingora's pre-generated error
/// responses, whose `Date` placeholder (6 November 1994) the vendored writers kept since
/// they keep an origin's `Date` (vendor/README.md, pingora-core patches 1 and 4). A cache or
/// a client measuring the response's age against it reads it as 32 years old. The 400 must
/// carry the current date, like riskgate's own answers.
#[tokio::test]
async fn pingoras_own_error_responses_carry_the_current_date() {
    let up = upstream().route("/", 200, "ok").spawn().await.unwrap();
    let p = start(&up, "").await;
    let now = std::time::SystemTime::now();
    let near_now = |t: std::time::SystemTime| {
        let d = t.duration_since(now).unwrap_or_else(|e| e.duration());
        d < Duration::from_secs(120)
    };
    for req in [
        &b"GARBAGE\r\n\r\n"[..],
        b"POST /x HTTP/1.1\r\nHost: shop\r\nContent-Length: 5, 6\r\n\r\nhello",
    ] {
        let resp = raw_exchange(p.addr, req, Duration::from_secs(5)).await;
        assert!(resp.starts_with("HTTP/1.1 400"), "{resp}");
        assert!(
            near_now(date_of(&resp)),
            "a 400 dated {:?}: {resp}",
            date_of(&resp)
        );
    }
    // A proxied answer, for comparison: riskgate's own path was never affected.
    let ok = raw_exchange(
        p.addr,
        b"GET / HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(near_now(date_of(&ok)), "{ok}");
}
