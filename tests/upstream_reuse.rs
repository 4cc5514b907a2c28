//! Upstream connection reuse across riskgate's worker threads: a pooled connection that
//! one worker returns and another picks up is reused, not dropped (vendored pingora-core
//! patch 4, see vendor/README.md).

mod common;

use common::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 2
grace_period = "1s"
[admin]
listen = "{admin}"
[upstreams.u]
servers = ["{up}"]
connect_timeout = "500ms"
read_timeout = "5s"
[[routes]]
name = "rest"
kind = "pass"
upstream = "u"
"#;

/// A keep-alive HTTP/1.1 origin that answers every `GET` with `ok` and counts the
/// connections it accepts.
async fn counting_origin() -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(async move {
                let mut buf = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // Answer each complete request head (the requests carry no body).
                    while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        buf.drain(..end + 4);
                        let reply = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                        if s.write_all(reply).await.is_err() {
                            return;
                        }
                    }
                    match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    (addr, accepted)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pooled_upstream_connections_are_reused_across_worker_threads() {
    let (origin, accepted) = counting_origin().await;
    let p = Proxy::start_with(CFG, &[("{up}", origin.to_string())]).await;
    // 16 clients, each on its own keep-alive connection, 250 requests one after another:
    // at most 16 requests are in flight, so riskgate never needs more than 16 upstream
    // connections at once; every other request can take a pooled one, whichever of
    // riskgate's two worker threads returned it.
    const CLIENTS: usize = 16;
    const EACH: usize = 250;
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let url = p.url("/r");
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(5))
                .build()
                .unwrap();
            let mut ok = 0;
            for _ in 0..EACH {
                if let Ok(r) = client.get(url.as_str()).send().await {
                    if r.status() == 200 && r.bytes().await.is_ok_and(|b| &b[..] == b"ok") {
                        ok += 1;
                    }
                }
            }
            ok
        }));
    }
    let mut ok = 0;
    for t in tasks {
        ok += t.await.unwrap();
    }
    assert_eq!(ok, CLIENTS * EACH, "every request answered");
    let opened = accepted.load(Ordering::Relaxed);
    let log = p.log();
    let failed = log.matches("failed to acquire reusable stream").count();
    eprintln!(
        "{} requests, {opened} upstream connections, {failed} failed reuses",
        ok
    );
    assert_eq!(
        failed, 0,
        "a pooled connection was dropped instead of reused"
    );
    // The pool may also miss for benign reasons (a connection returned a moment after
    // the next request looked); those stay well below one new connection per 20 requests.
    assert!(
        opened <= CLIENTS * 4,
        "{opened} upstream connections for {ok} requests from {CLIENTS} clients"
    );
}
