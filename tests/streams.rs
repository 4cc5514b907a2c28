//! SSE and WebSocket passthrough: unbuffered, long-lived, and surviving reloads.

mod common;

use common::*;
use futures_util::{SinkExt, StreamExt};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const STREAM_CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
[admin]
listen = "{admin}"
[upstreams.u]
servers = ["{up}"]
[[routes]]
name = "events"
kind = "stream"
upstream = "u"
glob = "/orders/*/events"
[[routes]]
name = "ws"
kind = "stream"
upstream = "u"
prefix = "/ws"
[[routes]]
name = "rest"
kind = "pass"
upstream = "u"
"#;

/// Opens an SSE request by hand and returns a line reader positioned after the headers.
async fn open_sse(p: &Proxy, path: &str) -> BufReader<tokio::net::TcpStream> {
    let mut s = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: shop\r\nAccept: text/event-stream\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    r.read_line(&mut line).await.unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "status line: {line}");
    loop {
        line.clear();
        r.read_line(&mut line).await.unwrap();
        if line == "\r\n" {
            return r;
        }
    }
}

/// Reads the next `data: ...` payload (skipping chunk-size lines and blanks).
async fn next_event(r: &mut BufReader<tokio::net::TcpStream>) -> Option<String> {
    let mut line = String::new();
    loop {
        line.clear();
        let n = tokio::time::timeout(Duration::from_secs(10), r.read_line(&mut line))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        if let Some(d) = line.trim_end().strip_prefix("data: ") {
            return Some(d.to_string());
        }
    }
}

#[tokio::test]
async fn sse_events_arrive_unbuffered() {
    let events: Vec<String> = (1..=4).map(|i| format!("event-{i}")).collect();
    let up = upstream()
        .sse(
            "/orders/7/events",
            events.clone(),
            Duration::from_millis(400),
        )
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_with(STREAM_CFG, &[("{up}", up.addr().to_string())]).await;
    let start = Instant::now();
    let mut r = open_sse(&p, "/orders/7/events").await;
    assert_eq!(next_event(&mut r).await.as_deref(), Some("event-1"));
    let first = start.elapsed();
    let mut got = vec!["event-1".to_string()];
    while let Some(e) = next_event(&mut r).await {
        got.push(e);
        if got.len() == events.len() {
            break;
        }
    }
    let last = start.elapsed();
    assert_eq!(got, events);
    // The origin needs >= 1.2 s to finish (3 gaps of 400 ms): the first event must have
    // reached us long before that, i.e. it was not held back until the end.
    assert!(
        first < Duration::from_millis(600),
        "first event after {first:?}"
    );
    assert!(
        last >= Duration::from_millis(1150),
        "stream paced by the origin: {last:?}"
    );
    let m = p.metrics().await;
    assert!(m.contains("riskgate_streams_open{type=\"sse\"}"), "{m}");
}

#[tokio::test]
async fn websocket_echoes_through_the_proxy() {
    let up = upstream().websocket_echo("/ws").spawn().await.unwrap();
    let p = Proxy::start_with(STREAM_CFG, &[("{up}", up.addr().to_string())]).await;
    let (mut ws, resp) = tokio_tungstenite::connect_async(format!("ws://{}/ws", p.addr))
        .await
        .expect("websocket handshake through riskgate");
    assert_eq!(resp.status(), 101);
    assert!(resp.headers().contains_key("x-request-id"));
    for msg in ["hello", "order o-1 status?", "bye"] {
        ws.send(tokio_tungstenite::tungstenite::Message::Text(msg.into()))
            .await
            .unwrap();
        let echo = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(echo.into_text().unwrap().as_str(), msg);
    }
    let open = p
        .wait_metric(
            "riskgate_streams_open{type=\"websocket\"}",
            1.0,
            Duration::from_secs(2),
        )
        .await;
    assert!(open, "open websocket counted");
    ws.close(None).await.unwrap();
    let closed = p
        .wait_metric(
            "riskgate_streams_open{type=\"websocket\"}",
            0.0,
            Duration::from_secs(5),
        )
        .await;
    assert!(closed, "closed websocket uncounted");
}

#[tokio::test]
async fn reload_swaps_routes_while_a_stream_stays_open() {
    let events: Vec<String> = (1..=6).map(|i| format!("e{i}")).collect();
    let old = upstream()
        .sse(
            "/orders/1/events",
            events.clone(),
            Duration::from_millis(250),
        )
        .route("/which", 200, "old")
        .spawn()
        .await
        .unwrap();
    let new = upstream()
        .route("/which", 200, "new")
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_with(STREAM_CFG, &[("{up}", old.addr().to_string())]).await;
    assert_eq!(p.get_text("/which").await, "old");

    let mut r = open_sse(&p, "/orders/1/events").await;
    assert_eq!(next_event(&mut r).await.as_deref(), Some("e1"));

    // Point every route at the new upstream and reload while the stream is open.
    p.rewrite_config(STREAM_CFG, &[("{up}", new.addr().to_string())]);
    let (status, body) = p.admin_post("/reload").await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "applied");
    assert_eq!(v["generation"], 2);

    assert_eq!(p.get_text("/which").await, "new");
    let mut rest = Vec::new();
    while let Some(e) = next_event(&mut r).await {
        rest.push(e);
        if rest.len() == 5 {
            break;
        }
    }
    assert_eq!(
        rest,
        events[1..].to_vec(),
        "the open stream survived the reload intact"
    );
}
