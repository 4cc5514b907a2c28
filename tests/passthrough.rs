//! Plain reverse proxying through a real riskgate process: forwarding, identity headers,
//! limits, failures and retries.

mod common;

use common::*;
use std::time::Duration;

async fn proxy_to(up: &TestUpstream) -> Proxy {
    Proxy::start_with(ONE_ROUTE, &[("{up}", up.addr().to_string())]).await
}

#[tokio::test]
async fn forwards_requests_and_bodies_with_a_request_id() {
    let up = upstream()
        .route("/hello", 200, "hi there")
        .route("/echo", 201, "made")
        .spawn()
        .await
        .unwrap();
    let p = proxy_to(&up).await;

    let r = p.client.get(p.url("/hello?x=1")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(rid.len(), 32, "generated ids are 32 hex chars");
    assert_eq!(r.text().await.unwrap(), "hi there");
    let seen = up.log.last().unwrap();
    assert_eq!(seen.path, "/hello?x=1");
    assert_eq!(
        seen.header("x-request-id"),
        Some(rid.as_str()),
        "same id upstream and downstream"
    );

    let r = p
        .client
        .post(p.url("/echo"))
        .body("abc=1&d=2")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(up.log.last().unwrap().body, b"abc=1&d=2");
}

#[tokio::test]
async fn client_cannot_spoof_internal_headers_xff_or_request_id() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let p = proxy_to(&up).await;
    let r = p
        .client
        .get(p.url("/x"))
        .header("X-Risk-Decision", "allow")
        .header("x-geo-country", "US")
        .header("X-Device-Id", "trusted-device")
        .header("X-Riskgate-Internal", "1")
        .header("X-Forwarded-For", "6.6.6.6")
        .header("X-Real-IP", "6.6.6.6")
        .header("X-Request-Id", "attacker-chosen")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let seen = up.log.last().unwrap();
    // riskgate sets its own X-Device-* headers; nothing the client wrote may survive.
    assert_eq!(seen.header("x-risk-decision"), None);
    assert_eq!(seen.header("x-geo-country"), None, "loopback has no geo");
    assert_eq!(seen.header("x-riskgate-internal"), None);
    assert_ne!(seen.header("x-device-id"), Some("trusted-device"));
    assert_eq!(seen.header("x-device-id").map(str::len), Some(32));
    assert_eq!(
        seen.header("x-forwarded-for"),
        Some("127.0.0.1"),
        "untrusted XFF replaced"
    );
    assert_eq!(seen.header("x-real-ip"), Some("127.0.0.1"));
    assert_ne!(seen.header("x-request-id"), Some("attacker-chosen"));
}

#[tokio::test]
async fn trusted_proxy_xff_and_request_id_are_kept() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let cfg = ONE_ROUTE.replace(
        "threads = 1",
        "threads = 1\ntrusted_proxies = [\"127.0.0.0/8\"]",
    );
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let r = p
        .client
        .get(p.url("/x"))
        .header("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
        .header("X-Request-Id", "cdn-req-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "cdn-req-42");
    let seen = up.log.last().unwrap();
    assert_eq!(
        seen.header("x-real-ip"),
        Some("198.51.100.7"),
        "right-most untrusted hop"
    );
    assert_eq!(
        seen.header("x-forwarded-for"),
        Some("6.6.6.6, 198.51.100.7, 127.0.0.1")
    );
    assert_eq!(seen.header("x-request-id"), Some("cdn-req-42"));
}

#[tokio::test]
async fn unmatched_route_is_404_json() {
    let up = upstream().spawn().await.unwrap();
    let cfg = ONE_ROUTE.replace(
        "max_body_bytes = 1024",
        "max_body_bytes = 1024\nprefix = \"/shop/\"",
    );
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let r = p.client.get(p.url("/elsewhere")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "no_route");
    assert_eq!(body["request_id"], rid.as_str());
    assert_eq!(up.log.count(), 0, "nothing reached the upstream");
}

#[tokio::test]
async fn upstream_down_is_502_json_naming_the_request_id() {
    let dead = format!("127.0.0.1:{}", free_port());
    let p = Proxy::start_with(ONE_ROUTE, &[("{up}", dead)]).await;
    let started = std::time::Instant::now();
    let r = p.client.get(p.url("/x")).send().await.unwrap();
    assert_eq!(r.status(), 502);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "failure is prompt, nothing hangs"
    );
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "bad_gateway");
    assert_eq!(body["status"], 502);
    assert_eq!(body["request_id"], rid.as_str());
    // The logging phase runs just after the response is sent: poll briefly.
    let counted = eventually(Duration::from_secs(2), || async {
        let m = p.metrics().await;
        metric_value(
            &m,
            "riskgate_http_requests_total{kind=\"pass\",route=\"all\",status_class=\"5xx\"}",
        ) == Some(1.0)
            && metric_value(&m, "riskgate_upstream_connect_errors_total{upstream=\"u\"}")
                .unwrap_or(0.0)
                >= 1.0
    })
    .await;
    assert!(
        counted,
        "5xx and connect error counted:\n{}",
        p.metrics().await
    );
}

#[tokio::test]
async fn connect_failure_retries_on_another_server() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let dead = format!("127.0.0.1:{}", free_port());
    let p = Proxy::start_with(
        ONE_ROUTE,
        &[("\"{up}\"", format!("\"{dead}\", \"{}\"", up.addr()))],
    )
    .await;
    for _ in 0..10 {
        let r = p.client.get(p.url("/x")).send().await.unwrap();
        assert_eq!(r.status(), 200, "every request lands on the live server");
    }
    assert_eq!(up.log.count_path("/x"), 10);
    let m = p.metrics().await;
    let retries =
        metric_value(&m, "riskgate_upstream_retries_total{upstream=\"u\"}").unwrap_or(0.0);
    assert!(
        retries >= 4.0,
        "round robin sent about half to the dead server first: {retries}"
    );
}

#[tokio::test]
async fn oversized_body_and_headers_are_refused() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let p = proxy_to(&up).await;
    // Declared too large: refused before reading.
    let r = p
        .client
        .post(p.url("/x"))
        .body(vec![b'a'; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "body_too_large");
    // Chunked, no length: refused while streaming.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..8).map(|_| Ok(vec![b'b'; 512])).collect();
    let r = p
        .client
        .post(p.url("/x"))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    // Headers over the 32 KiB default.
    let r = p
        .client
        .get(p.url("/x"))
        .header("x-big", "v".repeat(40 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 431);
    assert!(
        up.log.requests().iter().all(|r| r.body.len() <= 1024),
        "no over-limit body was delivered upstream in full"
    );
    assert!(
        up.log.count_path("/x") <= 1,
        "only the streamed request started upstream"
    );
    // Other clients are unaffected.
    assert_eq!(p.get_status("/x").await, 200);
}

#[tokio::test]
async fn malformed_requests_get_400_and_others_are_unaffected() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let p = proxy_to(&up).await;
    let out = raw_exchange(p.addr, b"GARBAGE\r\n\r\n", Duration::from_secs(3)).await;
    assert!(
        out.is_empty() || out.starts_with("HTTP/1.1 400"),
        "got: {out}"
    );
    let out = raw_exchange(
        p.addr,
        b"GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n",
        Duration::from_secs(3),
    )
    .await;
    assert!(
        out.is_empty() || out.starts_with("HTTP/1.1 400"),
        "got: {out}"
    );
    assert_eq!(p.get_status("/x").await, 200);
}

#[tokio::test]
async fn slow_body_upload_times_out_without_blocking_others() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let cfg = ONE_ROUTE.replace("threads = 1", "threads = 1\nbody_read_timeout = \"300ms\"");
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let mut slow = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    slow.write_all(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc")
        .await
        .unwrap();
    // Meanwhile a normal client is served.
    assert_eq!(p.get_status("/x").await, 200);
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut out)).await;
    assert!(
        read.is_ok(),
        "the slow client is cut off after the body timeout"
    );
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 4") || text.starts_with("HTTP/1.1 5"),
        "got: {text}"
    );
}

/// A config whose first-request header deadline is `limit`.
fn header_deadline(limit: &str) -> String {
    ONE_ROUTE
        .replace(
            "threads = 1",
            &format!("threads = 1\nheader_timeout = \"{limit}\""),
        )
        .replace("level = \"info\"", "level = \"info\"\nformat = \"json\"")
}

#[tokio::test]
async fn slowloris_headers_get_408_and_idle_connections_close_at_the_header_timeout() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let p = Proxy::start_with(&header_deadline("1s"), &[("{up}", up.addr().to_string())]).await;
    // A slowloris: a byte every 100 ms, never the blank line. Each read is far within
    // pingora's own 60 s per-read limit: only a deadline on the whole header stops it.
    let (mut rx, mut tx) = tokio::net::TcpStream::connect(p.addr)
        .await
        .unwrap()
        .into_split();
    // A connection that never sends a byte (a browser's spare connection, or an attack).
    let mut idle = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    let answered = Arc::new(AtomicBool::new(false));
    let trickle = tokio::spawn({
        let answered = answered.clone();
        async move {
            let _ = tx
                .write_all(b"GET /x HTTP/1.1\r\nHost: a\r\nX-Slow: ")
                .await;
            let until = std::time::Instant::now() + Duration::from_secs(5);
            while !answered.load(Ordering::Relaxed) && std::time::Instant::now() < until {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if tx.write_all(b"a").await.is_err() {
                    break;
                }
            }
        }
    });
    // Meanwhile a normal client is served.
    assert_eq!(p.get_status("/x").await, 200);
    let mut out = Vec::new();
    let mut chunk = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        // Until the close; a reset after the 408 (a trickled byte hit a closed socket) ends
        // the read too.
        while let Ok(n @ 1..) = rx.read(&mut chunk).await {
            answered.store(true, Ordering::Relaxed);
            out.extend_from_slice(&chunk[..n]);
        }
    })
    .await;
    answered.store(true, Ordering::Relaxed);
    trickle.await.unwrap();
    assert!(read.is_ok(), "the slowloris was never cut off");
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 408"), "got: {text}");
    assert!(
        text.contains("\"error\":\"request_timeout\""),
        "got: {text}"
    );
    assert!(
        text.to_ascii_lowercase().contains("connection: close"),
        "got: {text}"
    );
    // The 408 names a request id, and the JSON access log has the matching line.
    let body: serde_json::Value =
        serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap_or("")).unwrap();
    let rid = body["request_id"].as_str().unwrap().to_string();
    let logged = eventually(Duration::from_secs(2), || {
        let log = p.log();
        let rid = rid.clone();
        async move {
            log.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .any(|v| {
                    v["target"] == "riskgate::access"
                        && v["request_id"] == rid.as_str()
                        && v["status"] == 408
                        && v["client_ip"] == "127.0.0.1"
                        && v["error"] == "header_timeout"
                })
        }
    })
    .await;
    assert!(logged, "access line missing:\n{}", p.log());

    // The idle connection is closed quietly: no bytes, then the end of the stream.
    let mut idle_out = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut idle_out)).await;
    assert!(closed.is_ok(), "the idle connection stayed open");
    assert!(
        idle_out.is_empty(),
        "got: {:?}",
        String::from_utf8_lossy(&idle_out)
    );
    assert_eq!(
        up.log.count(),
        1,
        "only the normal request reached the upstream"
    );
    assert!(
        p.wait_metric(
            "riskgate_requests_rejected_total{reason=\"header_timeout\"}",
            1.0,
            Duration::from_secs(2)
        )
        .await,
        "one header timeout counted (idle connections are not)"
    );
}

#[tokio::test]
async fn with_h2c_on_the_header_timeout_also_bounds_the_wait_for_a_preface() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let cfg = header_deadline("500ms").replace("threads = 1", "threads = 1\nh2c = true");
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    // pingora reads 24 bytes to tell an h2c preface from HTTP/1, with no limit of its own.
    let mut idle = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    let mut short = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    short.write_all(b"GET /x HTTP/1.1\r\n").await.unwrap();
    for s in [&mut idle, &mut short] {
        let mut out = Vec::new();
        let closed = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
        assert!(closed.is_ok(), "the connection stayed open");
    }
    // HTTP/1 requests still work on the same listener.
    assert_eq!(p.get_status("/x").await, 200);
}

#[tokio::test]
async fn every_request_gets_the_header_timeout_but_not_bodies_or_idle_keep_alive_time() {
    use tokio::io::AsyncWriteExt;
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let p = Proxy::start_with(
        &header_deadline("500ms"),
        &[("{up}", up.addr().to_string())],
    )
    .await;
    let mut s = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    // Headers at once, then a body trickled over 1.2 s: the body has its own timeout.
    s.write_all(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n")
        .await
        .unwrap();
    for b in [b"a", b"b", b"c", b"d"] {
        tokio::time::sleep(Duration::from_millis(300)).await;
        s.write_all(b).await.unwrap();
    }
    let first = read_until(&mut s, b"\r\n\r\nok").await;
    assert!(first.starts_with("HTTP/1.1 200"), "got: {first}");
    // The kept-alive connection then idles past the header timeout (within idle_timeout)
    // and serves a second request: the clock starts with a request's first byte.
    tokio::time::sleep(Duration::from_millis(800)).await;
    s.write_all(b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
        .await
        .unwrap();
    let second = read_until(&mut s, b"\r\n\r\nok").await;
    assert!(second.starts_with("HTTP/1.1 200"), "got: {second}");
    // A third request trickled a byte per 100 ms is cut off like a first one would be.
    let (mut rx, mut tx) = s.split();
    let answered = std::cell::Cell::new(false);
    let trickle = async {
        let _ = tx
            .write_all(b"GET /x HTTP/1.1\r\nHost: a\r\nX-Slow: ")
            .await;
        let until = std::time::Instant::now() + Duration::from_secs(5);
        while !answered.get() && std::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if tx.write_all(b"a").await.is_err() {
                break;
            }
        }
    };
    let read = async {
        let out = read_until(&mut rx, b"\"}\n").await;
        answered.set(true);
        out
    };
    let ((), third) = tokio::join!(trickle, read);
    assert!(third.starts_with("HTTP/1.1 408"), "got: {third}");
    assert_eq!(up.log.count(), 2);
}

/// Reads from `s` until what was read ends with `end`, the stream ends or 5 s pass.
async fn read_until(s: &mut (impl tokio::io::AsyncRead + Unpin), end: &[u8]) -> String {
    use tokio::io::AsyncReadExt;
    let mut out = Vec::new();
    let mut chunk = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while !out.ends_with(end) {
            match s.read(&mut chunk).await {
                Ok(n @ 1..) => out.extend_from_slice(&chunk[..n]),
                _ => break,
            }
        }
    })
    .await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn slow_upstream_is_504_after_the_read_timeout() {
    let up = upstream()
        .route("/slow", 200, "late")
        .delay("/slow", Duration::from_secs(3))
        .spawn()
        .await
        .unwrap();
    let cfg = ONE_ROUTE.replace("read_timeout = \"5s\"", "read_timeout = \"300ms\"");
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let started = std::time::Instant::now();
    let r = p.client.get(p.url("/slow")).send().await.unwrap();
    assert_eq!(r.status(), 504);
    assert!(started.elapsed() < Duration::from_secs(2));
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "gateway_timeout");
}

#[tokio::test]
async fn json_access_log_has_one_line_per_request() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let cfg = ONE_ROUTE.replace("level = \"info\"", "level = \"info\"\nformat = \"json\"");
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let r = p.client.get(p.url("/x")).send().await.unwrap();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let found = eventually(Duration::from_secs(2), || {
        let log = p.log();
        let rid = rid.clone();
        let up_addr = up.addr().to_string();
        async move {
            log.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .any(|v| {
                    v["request_id"] == rid.as_str()
                        && v["status"] == 200
                        && v["route"] == "all"
                        && v["client_ip"] == "127.0.0.1"
                        && v["upstream"] == up_addr.as_str()
                        && v["target"] == "riskgate::access"
                })
        }
    })
    .await;
    assert!(found, "access line missing:\n{}", p.log());
}
