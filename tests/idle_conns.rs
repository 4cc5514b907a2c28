//! Idle client connections between requests, through a real riskgate process: riskgate
//! waits for a kept-alive connection's next request itself (`proxy/header_deadline/h1_idle.rs`,
//! so an idle connection holds no request state), and that wait must keep pingora's rules:
//! the keep-alive timeout closes it, a graceful shutdown closes it at once, and a request
//! arriving in pieces after a pause is still served.

mod common;

use common::*;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads one response with a body of `body` from `s` (the upstream's fixed answer).
async fn response(s: &mut TcpStream, body: &[u8]) -> String {
    let mut out = Vec::new();
    let mut chunk = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while !(out.ends_with(body) && out.windows(4).any(|w| w == b"\r\n\r\n")) {
            match s.read(&mut chunk).await {
                Ok(n @ 1..) => out.extend_from_slice(&chunk[..n]),
                _ => break,
            }
        }
    })
    .await;
    String::from_utf8_lossy(&out).into_owned()
}

/// Waits for the server to close `s` (EOF or reset), up to `limit`; returns when it did.
async fn closed_within(s: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut rest = Vec::new();
    match tokio::time::timeout(limit, s.read_to_end(&mut rest)).await {
        Ok(_) => {
            assert!(rest.is_empty(), "got: {}", String::from_utf8_lossy(&rest));
            Some(started.elapsed())
        }
        Err(_) => None,
    }
}

const GET: &[u8] = b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n";

#[tokio::test]
async fn a_kept_alive_connection_closes_at_the_idle_timeout_not_before() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let cfg = ONE_ROUTE.replace(
        "threads = 1",
        "threads = 1\nidle_timeout = \"2s\"\nheader_timeout = \"30s\"",
    );
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let mut s = TcpStream::connect(p.addr).await.unwrap();
    s.write_all(GET).await.unwrap();
    assert!(response(&mut s, b"ok").await.starts_with("HTTP/1.1 200"));
    // Idle for 1 s (within the 2 s), then a request in two pieces: served.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (head, tail) = GET.split_at(9);
    s.write_all(head).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.write_all(tail).await.unwrap();
    assert!(response(&mut s, b"ok").await.starts_with("HTTP/1.1 200"));
    // Then idle: closed after about 2 s, not at once and not after pingora's 60 s.
    let took = closed_within(&mut s, Duration::from_secs(10)).await;
    let took = took.expect("the idle connection was not closed within 10 s");
    assert!(took >= Duration::from_millis(1500), "closed after {took:?}");
    assert_eq!(up.log.count(), 2);
}

#[tokio::test]
async fn a_graceful_shutdown_closes_idle_kept_alive_connections_at_once() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let cfg = ONE_ROUTE
        .replace("grace_period = \"1s\"", "grace_period = \"10s\"")
        .replace("threads = 1", "threads = 1\nidle_timeout = \"60s\"");
    let mut p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let mut idle = TcpStream::connect(p.addr).await.unwrap();
    idle.write_all(GET).await.unwrap();
    assert!(response(&mut idle, b"ok").await.starts_with("HTTP/1.1 200"));
    let closed =
        tokio::spawn(async move { closed_within(&mut idle, Duration::from_secs(5)).await });
    // SIGTERM: pingora stops accepting and lets requests in flight finish for up to the
    // grace period (10 s); a connection waiting for its next request is closed right away.
    let stopped = tokio::task::spawn_blocking(move || {
        let r = p.stop(&["-TERM"], Duration::from_secs(15));
        (r, p.log())
    });
    let took = closed.await.unwrap();
    let ((_, status), log) = stopped.await.unwrap();
    assert!(
        took.is_some(),
        "the idle connection was still open 5 s after SIGTERM\n{log}"
    );
    assert!(status.is_some_and(|s| s.success()), "{status:?}\n{log}");
}
