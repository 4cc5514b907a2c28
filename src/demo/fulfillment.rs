//! A fulfillment-service stand-in served by [`fulfillment`]: `POST /fulfill`
//! "delivers" a gift-card code, deterministic per `Idempotency-Key`, flags
//! repeated keys as duplicates, and records every delivery in a
//! [`FulfillmentLog`] that can also take the service down.
//!
//! It deliberately does not deduplicate (repeats are delivered again and
//! flagged) nor validate bodies; catching double delivery is the caller's job.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use super::orders::OrderBook;
use super::record::RecordedRequest;
use super::serve::{self, Body, StandIn};

/// Header carrying the delivery's idempotency key.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Shared record of the deliveries a fulfillment stand-in made, plus its
/// outage switch.
#[derive(Clone, Debug, Default)]
pub struct FulfillmentLog {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    deliveries: Mutex<Deliveries>,
    attempts: AtomicUsize,
    down: AtomicBool,
    /// The shop's order book, told of each paid order's code (`riskgate demo`).
    orders: Option<OrderBook>,
}

/// Deliveries in arrival order, with a count per idempotency key (so a duplicate check is
/// O(1), not a scan of every earlier delivery).
#[derive(Debug, Default)]
struct Deliveries {
    list: Vec<RecordedRequest>,
    by_key: HashMap<String, usize>,
}

impl FulfillmentLog {
    fn lock(&self) -> MutexGuard<'_, Deliveries> {
        // A panic while holding the lock cannot leave a Vec half-pushed.
        self.inner
            .deliveries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Returns every successful delivery request, oldest first.
    pub fn deliveries(&self) -> Vec<RecordedRequest> {
        self.lock().list.clone()
    }

    /// Returns how many deliveries succeeded (duplicates included).
    pub fn count(&self) -> usize {
        self.lock().list.len()
    }

    /// Returns how many successful deliveries carried `idempotency_key`.
    pub fn count_key(&self, idempotency_key: &str) -> usize {
        self.lock()
            .by_key
            .get(idempotency_key)
            .copied()
            .unwrap_or(0)
    }

    /// Returns how many `POST /fulfill` requests arrived, including those
    /// refused while down.
    pub fn attempts(&self) -> usize {
        self.inner.attempts.load(Ordering::Relaxed)
    }

    /// Takes the service down (every request answers 503) or brings it back.
    pub fn set_down(&self, down: bool) {
        self.inner.down.store(down, Ordering::Relaxed);
    }

    fn is_down(&self) -> bool {
        self.inner.down.load(Ordering::Relaxed)
    }
}

/// Serves the fulfillment stand-in on `l`; the log observes and steers it.
pub async fn fulfillment(l: TcpListener) -> (StandIn, FulfillmentLog) {
    serve_fulfillment(l, FulfillmentLog::default())
}

/// Like [`fulfillment`], and records the code of every paid order it delivers in the
/// shop's `orders` book (so the shop's status stream shows the code really delivered).
pub async fn fulfillment_with_orders(
    l: TcpListener,
    orders: OrderBook,
) -> (StandIn, FulfillmentLog) {
    let inner = Inner {
        orders: Some(orders),
        ..Inner::default()
    };
    serve_fulfillment(
        l,
        FulfillmentLog {
            inner: Arc::new(inner),
        },
    )
}

fn serve_fulfillment(l: TcpListener, log: FulfillmentLog) -> (StandIn, FulfillmentLog) {
    let handler_log = log.clone();
    let standin = serve::spawn_server(l, move |req, _tasks| handle(handler_log.clone(), req));
    (standin, log)
}

async fn handle(log: FulfillmentLog, req: Request<Incoming>) -> Response<Body> {
    let is_fulfill = req.uri().path() == "/fulfill";
    if is_fulfill && req.method() == Method::POST {
        log.inner.attempts.fetch_add(1, Ordering::Relaxed);
    }
    if log.is_down() {
        return serve::json(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"delivered": false, "error": "fulfillment unavailable"}),
        );
    }
    match req.uri().path() {
        "/fulfill" if req.method() == Method::POST => fulfill(&log, req).await,
        "/fulfill" => serve::method_not_allowed("POST"),
        "/healthz" => serve::text(StatusCode::OK, "ok"),
        _ => serve::text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

async fn fulfill(log: &FulfillmentLog, req: Request<Incoming>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let bytes = match serve::read_body(body).await {
        Ok(bytes) => bytes,
        Err(resp) => return resp,
    };
    let record = RecordedRequest::from_parts(&parts, &bytes);
    let key = record.header(IDEMPOTENCY_KEY).map(str::to_string);
    let (code, duplicate) = match &key {
        Some(key) => {
            let code = serve::card_code(serve::fnv1a(key.as_bytes()));
            // Check and record under one lock so concurrent repeats of a key
            // see each other.
            let mut deliveries = log.lock();
            let seen = deliveries.by_key.entry(key.clone()).or_insert(0);
            let duplicate = *seen > 0;
            *seen += 1;
            deliveries.list.push(record);
            (code, duplicate)
        }
        None => {
            log.lock().list.push(record);
            (serve::card_code(fastrand::u64(..)), false)
        }
    };
    let order: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if let (Some(order_id), Some("paid")) = (order["order_id"].as_str(), order["status"].as_str()) {
        if let Some(book) = &log.inner.orders {
            book.delivered(order_id, &code);
        }
        if !duplicate {
            tracing::info!(target: "riskgate::demo", order_id, channel = order["channel"].as_str().unwrap_or("-"),
                code = %code, "fulfillment: payment confirmed, code delivered to the buyer");
        }
    }
    serve::json(
        StatusCode::OK,
        &json!({"delivered": true, "code": code, "duplicate": duplicate}),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testkit;
    use super::*;
    use std::net::SocketAddr;

    async fn start() -> (StandIn, FulfillmentLog, SocketAddr) {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (s, log) = fulfillment(l).await;
        let addr = s.addr();
        (s, log, addr)
    }

    async fn deliver(addr: SocketAddr, key: Option<&str>) -> testkit::Reply {
        let hdrs: Vec<_> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
        testkit::send(addr, "POST", "/fulfill", &hdrs, "{\"order\":\"o-1\"}").await
    }

    fn is_code(code: &str) -> bool {
        let groups: Vec<_> = code.split('-').collect();
        groups.len() == 3
            && groups.iter().all(|g| {
                g.len() == 4
                    && g.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            })
    }

    #[tokio::test]
    async fn repeated_key_gets_same_code_and_duplicate_flag() {
        let (_s, log, addr) = start().await;
        let first = deliver(addr, Some("order-1")).await;
        assert_eq!(first.status, 200);
        let first = first.json();
        assert_eq!(first["delivered"], true);
        assert_eq!(first["duplicate"], false);
        let code = first["code"].as_str().unwrap().to_string();
        assert!(is_code(&code), "{code}");

        let again = deliver(addr, Some("order-1")).await.json();
        assert_eq!(again["code"], code.as_str());
        assert_eq!(again["duplicate"], true);

        let other = deliver(addr, Some("order-2")).await.json();
        assert_ne!(other["code"], code.as_str());
        assert_eq!(other["duplicate"], false);

        assert_eq!(log.count(), 3);
        assert_eq!(log.count_key("order-1"), 2);
        assert_eq!(log.count_key("order-2"), 1);
        assert_eq!(log.count_key("order-3"), 0);
        let d = log.deliveries();
        assert_eq!(d[0].body, b"{\"order\":\"o-1\"}");
        assert_eq!(d[0].header("idempotency-key"), Some("order-1"));
    }

    #[tokio::test]
    async fn keyless_delivery_is_never_a_duplicate() {
        let (_s, log, addr) = start().await;
        for _ in 0..2 {
            let v = deliver(addr, None).await.json();
            assert_eq!(v["duplicate"], false);
            assert!(is_code(v["code"].as_str().unwrap()));
        }
        assert_eq!(log.count(), 2);
    }

    #[tokio::test]
    async fn down_refuses_and_records_nothing() {
        let (_s, log, addr) = start().await;
        log.set_down(true);
        assert_eq!(deliver(addr, Some("k")).await.status, 503);
        assert_eq!(testkit::get(addr, "/healthz").await.status, 503);
        assert_eq!((log.count(), log.attempts()), (0, 1));
        log.set_down(false);
        assert_eq!(deliver(addr, Some("k")).await.json()["duplicate"], false);
        assert_eq!(testkit::get(addr, "/healthz").await.status, 200);
        assert_eq!(testkit::get(addr, "/fulfill").await.status, 405);
        assert_eq!((log.count(), log.attempts()), (1, 2));
    }
}
