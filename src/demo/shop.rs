//! The demo "auto-delivery card shop" origin served by [`shop`]: an HTML
//! storefront, cacheable static assets with ETags, an order-creation API that
//! echoes what it received (including risk headers the proxy added), an SSE
//! order-progress stream, a WebSocket echo and a health check.
//!
//! Alone ([`shop`]) it keeps no order state: any order id streams a scripted
//! progression, and nothing is charged, scored or delivered for real. With an
//! [`OrderBook`] shared with the fulfillment stand-in ([`shop_with_orders`], as
//! `riskgate demo` runs it) the stream tells the truth: `pending_payment` for an order
//! it created, `paid` and `delivered` with the code fulfillment delivered once the
//! signed payment callback reached it, and `unknown` (then the end) for an order it
//! never created, such as one riskgate refused or holds for review.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;

use super::orders::{OrderBook, OrderState};
use super::serve::{self, Body, StandIn, Tasks};
use super::shop_assets::{APP_CSS, APP_JS, INDEX_HTML, LOGO_SVG};

/// Default pause between order events.
const DEFAULT_INTERVAL: Duration = Duration::from_millis(500);
/// Longest pause `?interval_ms=` may request.
const MAX_INTERVAL_MS: u64 = 10_000;
/// How often a live order stream that waits for payment sends a comment line, so proxies
/// in between do not close it as idle.
const HEARTBEAT: Duration = Duration::from_secs(10);
/// `Cache-Control` sent with static assets.
const STATIC_CACHE: &str = "public, max-age=300";

struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
    etag: String,
}

struct Shop {
    assets: Vec<Asset>,
    next_order: AtomicU64,
    /// The live order book; `None`: scripted streams.
    book: Option<OrderBook>,
}

/// Serves the demo card shop on `l` until the returned handle is dropped; order streams
/// are scripted (see the module docs).
pub async fn shop(l: TcpListener) -> StandIn {
    serve_shop(l, None)
}

/// Serves the demo card shop on `l`, recording the orders it creates in `book` and
/// streaming each order's real progress from it (fulfillment records deliveries there).
pub async fn shop_with_orders(l: TcpListener, book: OrderBook) -> StandIn {
    serve_shop(l, Some(book))
}

fn serve_shop(l: TcpListener, book: Option<OrderBook>) -> StandIn {
    let assets = [
        ("/static/app.css", "text/css; charset=utf-8", APP_CSS),
        ("/static/app.js", "text/javascript; charset=utf-8", APP_JS),
        ("/static/logo.svg", "image/svg+xml", LOGO_SVG),
    ]
    .into_iter()
    .map(|(path, content_type, body)| Asset {
        path,
        content_type,
        body,
        etag: format!("\"{:016x}\"", serve::fnv1a(body.as_bytes())),
    })
    .collect();
    let state = Arc::new(Shop {
        assets,
        next_order: AtomicU64::new(1),
        book,
    });
    serve::spawn_server(l, move |req, tasks| handle(Arc::clone(&state), req, tasks))
}

async fn handle(state: Arc<Shop>, mut req: Request<Incoming>, tasks: Tasks) -> Response<Body> {
    let path = req.uri().path().to_string();
    let readable = matches!(*req.method(), Method::GET | Method::HEAD);
    match path.as_str() {
        "/" if readable => {
            let mut resp = serve::respond(StatusCode::OK, "text/html; charset=utf-8", INDEX_HTML);
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            resp
        }
        "/healthz" if readable => serve::text(StatusCode::OK, "ok"),
        "/" | "/healthz" => serve::method_not_allowed("GET, HEAD"),
        "/ws" => serve::websocket_echo(&mut req, &tasks),
        "/api/orders" if req.method() == Method::POST => create_order(&state, req).await,
        "/api/orders" => serve::method_not_allowed("POST"),
        p if p.starts_with("/static/") => match state.assets.iter().find(|a| a.path == p) {
            Some(asset) if readable => static_asset(asset, req.headers()),
            Some(_) => serve::method_not_allowed("GET, HEAD"),
            None => not_found(),
        },
        p => match order_events_id(p) {
            Some(id) if req.method() == Method::GET => {
                order_events(state.book.as_ref(), id, req.uri().query())
            }
            Some(_) => serve::method_not_allowed("GET"),
            None => not_found(),
        },
    }
}

fn not_found() -> Response<Body> {
    serve::text(StatusCode::NOT_FOUND, "not found\n")
}

fn static_asset(asset: &Asset, headers: &HeaderMap) -> Response<Body> {
    let mut resp = if etag_matches(headers, &asset.etag) {
        serve::empty(StatusCode::NOT_MODIFIED)
    } else {
        serve::respond(StatusCode::OK, asset.content_type, asset.body)
    };
    let h = resp.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(STATIC_CACHE),
    );
    if let Ok(etag) = HeaderValue::from_str(&asset.etag) {
        h.insert(header::ETAG, etag);
    }
    resp
}

/// Returns whether any `If-None-Match` entry (weak or strong, or `*`)
/// matches `etag`.
fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// Returns whether a header belongs in the order reply's `seen_headers`.
fn is_interesting_header(name: &str) -> bool {
    name.starts_with("x-risk-") || name == "x-request-id" || name == "x-payment-channel"
}

async fn create_order(state: &Shop, req: Request<Incoming>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let bytes = match serve::read_body(body).await {
        Ok(bytes) => bytes,
        Err(resp) => return resp,
    };
    let received = serde_json::from_slice::<Value>(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    let mut seen = Map::new();
    for (name, value) in &parts.headers {
        if !is_interesting_header(name.as_str()) {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match seen.get_mut(name.as_str()) {
            Some(Value::String(prev)) => {
                prev.push_str(", ");
                prev.push_str(&value);
            }
            _ => {
                seen.insert(name.as_str().to_string(), Value::String(value));
            }
        }
    }
    let n = state.next_order.fetch_add(1, Ordering::Relaxed);
    let order_id = format!("o-{n}");
    if let Some(book) = &state.book {
        book.created(&order_id);
    }
    let mut resp = serve::json(
        StatusCode::CREATED,
        &json!({
            "order_id": order_id,
            "status": "pending_payment",
            "received": received,
            "seen_headers": seen,
        }),
    );
    if let Ok(location) = HeaderValue::from_str(&format!("/api/orders/{order_id}")) {
        resp.headers_mut().insert(header::LOCATION, location);
    }
    resp
}

/// Extracts `{id}` from `/api/orders/{id}/events`.
fn order_events_id(path: &str) -> Option<&str> {
    let id = path.strip_prefix("/api/orders/")?.strip_suffix("/events")?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Reads `interval_ms` from a query string: default 500 ms, capped at 10 s.
fn event_interval(query: Option<&str>) -> Result<Duration, String> {
    match serve::query_pairs(query).find(|(k, _)| *k == "interval_ms") {
        None => Ok(DEFAULT_INTERVAL),
        Some((_, v)) => v
            .parse::<u64>()
            .map(|ms| Duration::from_millis(ms.min(MAX_INTERVAL_MS)))
            .map_err(|_| format!("invalid interval_ms: {v:?}\n")),
    }
}

/// Returns the progress events of order `id`, in order.
fn order_events_for(id: &str) -> Vec<String> {
    let code = serve::card_code(serve::fnv1a(id.as_bytes()));
    [
        json!({"order": id, "status": "pending_payment"}),
        json!({"order": id, "status": "paid"}),
        json!({"order": id, "status": "delivered", "code": code}),
    ]
    .iter()
    .map(Value::to_string)
    .collect()
}

fn order_events(book: Option<&OrderBook>, id: &str, query: Option<&str>) -> Response<Body> {
    let interval = match event_interval(query) {
        Ok(interval) => interval,
        Err(msg) => return serve::text(StatusCode::BAD_REQUEST, msg),
    };
    match book {
        None => serve::sse(order_events_for(id), interval),
        Some(book) if book.state(id).is_none() => serve::sse(
            vec![json!({"order": id, "status": "unknown"}).to_string()],
            interval,
        ),
        Some(book) => live_order_events(book.clone(), id.to_string(), interval),
    }
}

/// Where a live order stream is.
enum Live {
    /// Next: `pending_payment`.
    Start,
    /// Waiting for fulfillment to deliver.
    Waiting,
    /// Next: `delivered` with this code (after `paid`).
    Paid(String),
    Done,
}

/// The stream of an order the shop created: `pending_payment` now, then `paid` and
/// `delivered` with fulfillment's code once it delivered; comment lines while waiting.
fn live_order_events(book: OrderBook, id: String, interval: Duration) -> Response<Body> {
    let rx = book.subscribe();
    let frames = futures_util::stream::unfold(
        (Live::Start, book, id, rx),
        move |(step, book, id, mut rx)| async move {
            let (frame, next) = match step {
                Live::Done => return None,
                Live::Start => (
                    serve::sse_frame(
                        &json!({"order": id, "status": "pending_payment"}).to_string(),
                    ),
                    Live::Waiting,
                ),
                Live::Waiting => loop {
                    if let Some(OrderState::Delivered { code }) = book.state(&id) {
                        tokio::time::sleep(interval).await;
                        let paid = json!({"order": id, "status": "paid"}).to_string();
                        break (serve::sse_frame(&paid), Live::Paid(code));
                    }
                    match tokio::time::timeout(HEARTBEAT, rx.changed()).await {
                        Ok(Ok(())) => continue,
                        Ok(Err(_)) => return None,
                        Err(_) => break (": waiting for payment\n\n".to_string(), Live::Waiting),
                    }
                },
                Live::Paid(code) => {
                    tokio::time::sleep(interval).await;
                    let delivered = json!({"order": id, "status": "delivered", "code": code});
                    (serve::sse_frame(&delivered.to_string()), Live::Done)
                }
            };
            let frame = hyper::body::Frame::data(bytes::Bytes::from(frame));
            Some((
                Ok::<_, std::convert::Infallible>(frame),
                (next, book, id, rx),
            ))
        },
    );
    serve::sse_body(frames)
}

#[cfg(test)]
mod tests {
    use super::super::testkit;
    use super::*;
    use futures_util::{SinkExt, StreamExt};
    use http_body_util::BodyExt;
    use std::net::SocketAddr;
    use std::time::Instant;
    use tokio_tungstenite::tungstenite::Message;

    async fn start() -> (StandIn, SocketAddr) {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let s = shop(l).await;
        let addr = s.addr();
        (s, addr)
    }

    #[tokio::test]
    async fn index_page_places_orders_and_follows_events() {
        let (_s, addr) = start().await;
        let r = testkit::get(addr, "/").await;
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        let page = r.text();
        for needle in [
            "fetch(\"/api/orders\"",
            "new EventSource(\"/api/orders/\"",
            "data-product=\"steam-50\" data-amount=\"50.00\"",
            "payment_method: \"card\"",
            // A held order (202 from riskgate) is shown as under review and not paid.
            "if (resp.status === 202) {",
            "Order under review",
            "/static/app.css",
            "/static/app.js",
            "/static/logo.svg",
        ] {
            assert!(page.contains(needle), "index page lacks {needle}");
        }
        assert_eq!(testkit::get(addr, "/healthz").await.text(), "ok");
        assert_eq!(testkit::get(addr, "/nope").await.status, 404);
        assert_eq!(testkit::send(addr, "POST", "/", &[], "").await.status, 405);
    }

    #[tokio::test]
    async fn static_assets_are_cacheable_with_etags() {
        let (_s, addr) = start().await;
        for (path, ctype) in [
            ("/static/app.css", "text/css"),
            ("/static/app.js", "text/javascript"),
            ("/static/logo.svg", "image/svg+xml"),
        ] {
            let r = testkit::get(addr, path).await;
            assert_eq!(r.status, 200, "{path}");
            assert!(r.header("content-type").unwrap().starts_with(ctype));
            assert_eq!(r.header("cache-control"), Some("public, max-age=300"));
            assert!(!r.body.is_empty());
            let etag = r.header("etag").unwrap().to_string();
            let weak = format!("\"other\", W/{etag}");
            for inm in [etag.as_str(), weak.as_str(), "*"] {
                let hdrs = [("if-none-match", inm)];
                let c = testkit::send(addr, "GET", path, &hdrs, "").await;
                assert_eq!(c.status, 304, "{path} with {inm}");
                assert!(c.body.is_empty());
                assert_eq!(c.header("etag"), Some(etag.as_str()));
                assert_eq!(c.header("cache-control"), Some("public, max-age=300"));
            }
            let stale = [("if-none-match", "\"stale\"")];
            let m = testkit::send(addr, "GET", path, &stale, "").await;
            assert_eq!(m.status, 200);
        }
        assert_eq!(testkit::get(addr, "/static/missing.css").await.status, 404);
    }

    #[tokio::test]
    async fn orders_echo_body_and_risk_headers() {
        let (_s, addr) = start().await;
        let body = r#"{"product":"steam-50","quantity":1,"amount":"50.00"}"#;
        let hdrs = [
            ("content-type", "application/json"),
            ("x-risk-score", "12"),
            ("x-risk-decision", "allow"),
            ("x-request-id", "req-1"),
            ("x-payment-channel", "alpha"),
            ("x-other", "hidden"),
        ];
        let r = testkit::send(addr, "POST", "/api/orders", &hdrs, body).await;
        assert_eq!(r.status, 201);
        let v = r.json();
        assert_eq!(v["order_id"], "o-1");
        assert_eq!(r.header("location"), Some("/api/orders/o-1"));
        assert_eq!(v["status"], "pending_payment");
        assert_eq!(v["received"]["product"], "steam-50");
        assert_eq!(v["received"]["quantity"], 1);
        let seen = v["seen_headers"].as_object().unwrap();
        assert_eq!(seen.len(), 4, "{seen:?}");
        assert_eq!(seen["x-risk-score"], "12");
        assert_eq!(seen["x-risk-decision"], "allow");
        assert_eq!(seen["x-request-id"], "req-1");
        assert_eq!(seen["x-payment-channel"], "alpha");

        let r = testkit::send(addr, "POST", "/api/orders", &[], "not json").await;
        let v = r.json();
        assert_eq!(v["order_id"], "o-2");
        assert_eq!(v["received"], "not json");
        assert!(v["seen_headers"].as_object().unwrap().is_empty());
        assert_eq!(testkit::get(addr, "/api/orders").await.status, 405);
    }

    #[tokio::test]
    async fn order_events_stream_progress_then_end() {
        let (_s, addr) = start().await;
        let mut sender = testkit::connect(addr).await;
        let req = testkit::request(
            addr,
            "GET",
            "/api/orders/o-7/events?interval_ms=150",
            &[],
            "",
        );
        let resp = sender.send_request(req).await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "text/event-stream");
        let mut body = resp.into_body();
        let mut text = String::new();
        let mut first_at = None;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.unwrap().into_data() {
                first_at.get_or_insert_with(Instant::now);
                text.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
        assert!(first_at.unwrap().elapsed() >= Duration::from_millis(225));
        let events: Vec<Value> = text
            .split("\n\n")
            .filter(|e| !e.is_empty())
            .map(|e| serde_json::from_str(e.strip_prefix("data: ").unwrap()).unwrap())
            .collect();
        let statuses: Vec<_> = events
            .iter()
            .map(|e| e["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["pending_payment", "paid", "delivered"]);
        assert!(events.iter().all(|e| e["order"] == "o-7"));
        let code = events[2]["code"].as_str().unwrap();
        assert_eq!(code.len(), 14);
        assert_eq!(code.matches('-').count(), 2);

        let bad = testkit::get(addr, "/api/orders/o-7/events?interval_ms=soon").await;
        assert_eq!(bad.status, 400);
        assert_eq!(testkit::get(addr, "/api/orders//events").await.status, 404);
    }

    #[test]
    fn event_interval_defaults_and_caps() {
        assert_eq!(event_interval(None), Ok(Duration::from_millis(500)));
        assert_eq!(event_interval(Some("a=1")), Ok(Duration::from_millis(500)));
        assert_eq!(
            event_interval(Some("interval_ms=20")),
            Ok(Duration::from_millis(20))
        );
        let capped = event_interval(Some("interval_ms=999999"));
        assert_eq!(capped, Ok(Duration::from_secs(10)));
        assert!(event_interval(Some("interval_ms=-1")).is_err());
    }

    #[tokio::test]
    async fn websocket_echo_on_ws() {
        let (_s, addr) = start().await;
        let mut ws = testkit::ws_connect(addr, "/ws").await;
        ws.send(Message::Text("ping?".into())).await.unwrap();
        assert_eq!(
            ws.next().await.unwrap().unwrap(),
            Message::Text("ping?".into())
        );
    }

    /// The data payloads of an SSE body.
    fn sse_statuses(text: &str) -> Vec<Value> {
        text.split("\n\n")
            .filter_map(|e| e.strip_prefix("data: "))
            .map(|e| serde_json::from_str(e).unwrap())
            .collect()
    }

    #[tokio::test]
    async fn with_an_order_book_the_stream_shows_what_fulfillment_delivered() {
        let book = OrderBook::default();
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let s = shop_with_orders(l, book.clone()).await;
        let addr = s.addr();
        // Never created (refused, held or made up): unknown, never delivered.
        book.delivered("o-9", "AAAA-BBBB-CCCC");
        let r = testkit::get(addr, "/api/orders/o-9/events?interval_ms=0").await;
        let events = sse_statuses(&r.text());
        assert_eq!(events, [json!({"order": "o-9", "status": "unknown"})]);

        let created = testkit::send(addr, "POST", "/api/orders", &[], "{}").await;
        let id = created.json()["order_id"].as_str().unwrap().to_string();
        let mut sender = testkit::connect(addr).await;
        let path = format!("/api/orders/{id}/events?interval_ms=0");
        let req = testkit::request(addr, "GET", &path, &[], "");
        let mut body = sender.send_request(req).await.unwrap().into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        let first = sse_statuses(std::str::from_utf8(&first).unwrap());
        assert_eq!(first, [json!({"order": id, "status": "pending_payment"})]);

        book.delivered(&id, "WXYZ-2345-6789");
        let mut rest = String::new();
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.unwrap().into_data() {
                rest.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
        assert_eq!(
            sse_statuses(&rest),
            [
                json!({"order": id, "status": "paid"}),
                json!({"order": id, "status": "delivered", "code": "WXYZ-2345-6789"}),
            ]
        );
    }
}
