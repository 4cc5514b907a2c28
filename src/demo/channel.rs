//! A payment-channel stand-in served by [`channel`], steered at runtime by a
//! shared [`ChannelControl`] (latency, failure rate and status, outage) either from code
//! or over HTTP via its `/_control` endpoint (`latency_ms`, `failure_rate`,
//! `failure_status`, `down`).
//!
//! It deliberately validates nothing about payments: any `POST /pay` is accepted and
//! transaction ids are just counters (from 1, or from [`ChannelControl::set_first_txn`]). With a [`Notifier`] set, each accepted payment that
//! names an order (`?order_id=` or `{"order_id": …}`) is followed by a signed callback,
//! as a real provider's asynchronous notification (see `notify`).
//!
//! A payment is processed to the end even when the caller stops waiting (as a real
//! provider would): a latency past riskgate's read timeout makes a payment that riskgate
//! must treat as unknown. `GET /status?order_id=…` (or `?idempotency_key=…`) answers
//! riskgate's payment-status query: `{"status": "processing" | "paid" | "failed"}` for a
//! payment it received (from the moment it arrives), 404 `{"status": "not_found"}` else.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use super::notify::{self, Notifier, NotifyStats, Payment};
use super::serve::{self, Body, StandIn};

/// Shared, lock-free settings and counters of one payment channel.
#[derive(Clone, Debug, Default)]
pub struct ChannelControl {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    latency_ns: AtomicU64,
    failure_rate_bits: AtomicU64,
    down: AtomicBool,
    decline: AtomicBool,
    requests: AtomicU64,
    next_txn: AtomicU64,
    /// Payments charged (completed with 200).
    charged: AtomicU64,
    /// Status answered by a failed `POST /pay` (0: 503).
    failure_status: AtomicU64,
    /// Payments by order id / idempotency key: "processing", "paid" or "failed".
    payments: Mutex<std::collections::HashMap<String, &'static str>>,
    notifier: Mutex<Option<Notifier>>,
    notify_stats: Arc<NotifyStats>,
}

impl ChannelControl {
    /// Creates settings for a healthy channel: no latency, no failures, up.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets how long each `POST /pay` waits before answering.
    pub fn set_latency(&self, d: Duration) {
        let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.inner.latency_ns.store(ns, Ordering::Relaxed);
    }

    /// Sets the probability that `POST /pay` answers 503; clamped to
    /// `0.0..=1.0`, and NaN counts as `0.0`.
    pub fn set_failure_rate(&self, p: f64) {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        self.inner
            .failure_rate_bits
            .store(p.to_bits(), Ordering::Relaxed);
    }

    /// Sets the status a failed `POST /pay` answers (default 503). A failed payment is
    /// recorded as `failed`: nothing was charged.
    pub fn set_failure_status(&self, status: u16) {
        self.inner
            .failure_status
            .store(u64::from(status), Ordering::Relaxed);
    }

    /// Returns how many payments were charged (completed with 200), whether or not the
    /// caller was still waiting for the answer.
    pub fn charged(&self) -> u64 {
        self.inner.charged.load(Ordering::Relaxed)
    }

    /// The recorded status of a payment by order id or idempotency key.
    pub fn payment_status(&self, key: &str) -> Option<&'static str> {
        self.lock_payments().get(key).copied()
    }

    fn lock_payments(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, &'static str>> {
        self.inner
            .payments
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    fn set_payment(&self, keys: &[String], status: &'static str) {
        let mut m = self.lock_payments();
        for k in keys {
            m.insert(k.clone(), status);
        }
    }

    /// Takes the channel down (every request except `/_control` answers 503
    /// immediately) or brings it back up.
    pub fn set_down(&self, down: bool) {
        self.inner.down.store(down, Ordering::Relaxed);
    }

    /// Sends a signed callback for every accepted payment from now on.
    pub fn set_notifier(&self, n: Notifier) {
        *self
            .inner
            .notifier
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(n);
    }

    /// Numbers this channel's transaction ids from `first` (the next id is `NAME-first`).
    /// The demo starts from the clock in microseconds, so a restarted demo on its
    /// persisted spool never reuses an id the spool already holds (a reused id would be
    /// acknowledged as a duplicate and never reach fulfillment).
    pub fn set_first_txn(&self, first: u64) {
        self.inner
            .next_txn
            .store(first.saturating_sub(1), Ordering::Relaxed);
    }

    /// Makes accepted payments report a failure (declined card) in their callback.
    pub fn set_decline(&self, decline: bool) {
        self.inner.decline.store(decline, Ordering::Relaxed);
    }

    /// Returns how many callbacks were acknowledged by their receiver.
    pub fn callbacks_acked(&self) -> u64 {
        self.inner.notify_stats.acked.load(Ordering::Relaxed)
    }

    /// Returns how many `POST /pay` requests arrived, whatever their outcome.
    pub fn requests(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// Returns the current `POST /pay` latency.
    pub fn latency(&self) -> Duration {
        Duration::from_nanos(self.inner.latency_ns.load(Ordering::Relaxed))
    }

    /// Returns the current failure probability.
    pub fn failure_rate(&self) -> f64 {
        f64::from_bits(self.inner.failure_rate_bits.load(Ordering::Relaxed))
    }

    /// Returns whether the channel is down.
    pub fn is_down(&self) -> bool {
        self.inner.down.load(Ordering::Relaxed)
    }

    fn snapshot(&self, name: &str) -> Value {
        json!({
            "channel": name,
            "latency_ms": u64::try_from(self.latency().as_millis()).unwrap_or(u64::MAX),
            "failure_rate": self.failure_rate(),
            "down": self.is_down(),
            "requests": self.requests(),
        })
    }
}

/// Serves a payment channel called `name` on `l`, steered by `ctl`.
pub async fn channel(l: TcpListener, name: &str, ctl: ChannelControl) -> StandIn {
    let name: Arc<str> = Arc::from(name);
    serve::spawn_server(l, move |req, tasks| {
        handle(Arc::clone(&name), ctl.clone(), req, tasks)
    })
}

async fn handle(
    name: Arc<str>,
    ctl: ChannelControl,
    req: Request<Incoming>,
    tasks: serve::Tasks,
) -> Response<Body> {
    let path = req.uri().path().to_string();
    if path == "/_control" {
        return control(&name, &ctl, req.method(), req.uri().query());
    }
    let is_pay = path == "/pay" && req.method() == Method::POST;
    if is_pay {
        ctl.inner.requests.fetch_add(1, Ordering::Relaxed);
    }
    if ctl.is_down() {
        return serve::json(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"channel": &*name, "error": "down"}),
        );
    }
    match path.as_str() {
        "/pay" if is_pay => pay(name, ctl, req, tasks).await,
        "/pay" => serve::method_not_allowed("POST"),
        "/status" => status(&ctl, req.uri().query()),
        "/healthz" => serve::text(StatusCode::OK, "ok"),
        _ => serve::text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// Answers a payment-status query (see the module doc).
fn status(ctl: &ChannelControl, query: Option<&str>) -> Response<Body> {
    let key = serve::query_pairs(query)
        .find(|(k, _)| *k == "order_id" || *k == "idempotency_key")
        .map(|(_, v)| v.to_string());
    let Some(key) = key else {
        return serve::json(
            StatusCode::BAD_REQUEST,
            &json!({"error": "order_id or idempotency_key is required"}),
        );
    };
    match ctl.payment_status(&key) {
        Some(s) => serve::json(StatusCode::OK, &json!({"order_id": key, "status": s})),
        None => serve::json(
            StatusCode::NOT_FOUND,
            &json!({"order_id": key, "status": "not_found"}),
        ),
    }
}

/// Takes a payment: it is recorded as `processing` on arrival and finished in a task of
/// its own, so a caller that stops waiting does not stop the charge.
async fn pay(
    name: Arc<str>,
    ctl: ChannelControl,
    req: Request<Incoming>,
    tasks: serve::Tasks,
) -> Response<Body> {
    let key = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let query: Vec<(String, String)> = serve::query_pairs(req.uri().query())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let body = match serve::read_body(req.into_body()).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let field = |k: &str| {
        query
            .iter()
            .find(|(q, _)| q == k)
            .map(|(_, v)| v.clone())
            .or_else(|| match &json[k] {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
    };
    let order_id = field("order_id");
    let amount = field("amount").unwrap_or_else(|| "0.00".into());
    let keys: Vec<String> = order_id.iter().chain(key.iter()).cloned().collect();
    ctl.set_payment(&keys, "processing");
    let (tx, rx) = tokio::sync::oneshot::channel();
    tasks.spawn(async move {
        let resp = complete(&name, &ctl, order_id, amount, &keys).await;
        let _ = tx.send(resp);
    });
    rx.await
        .unwrap_or_else(|_| serve::text(StatusCode::SERVICE_UNAVAILABLE, "stopped\n"))
}

/// Waits the configured latency, then fails (recorded `failed`) or charges (`paid`).
async fn complete(
    name: &str,
    ctl: &ChannelControl,
    order_id: Option<String>,
    amount: String,
    keys: &[String],
) -> Response<Body> {
    tokio::time::sleep(ctl.latency()).await;
    let rate = ctl.failure_rate();
    if rate > 0.0 && fastrand::f64() < rate {
        ctl.set_payment(keys, "failed");
        let code = u16::try_from(ctl.inner.failure_status.load(Ordering::Relaxed))
            .ok()
            .and_then(|c| StatusCode::from_u16(c).ok())
            .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        return serve::json(code, &json!({"channel": name, "error": "unavailable"}));
    }
    ctl.set_payment(keys, "paid");
    ctl.inner.charged.fetch_add(1, Ordering::Relaxed);
    let n = ctl.inner.next_txn.fetch_add(1, Ordering::Relaxed) + 1;
    let notifier = ctl
        .inner
        .notifier
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    if let (Some(notifier), Some(order_id)) = (notifier, order_id) {
        let payment = Payment {
            txn_id: format!("{name}-{n}"),
            order_id,
            amount,
            paid: !ctl.inner.decline.load(Ordering::Relaxed),
        };
        notify::spawn(notifier, payment, ctl.inner.notify_stats.clone());
    }
    serve::json(
        StatusCode::OK,
        &json!({"channel": name, "txn_id": format!("{name}-{n}"), "status": "accepted"}),
    )
}

/// Parsed `/_control` query: each field is `None` when not given.
#[derive(Debug, Default, PartialEq)]
struct ControlUpdate {
    latency_ms: Option<u64>,
    failure_rate: Option<f64>,
    failure_status: Option<u16>,
    down: Option<bool>,
}

fn parse_control(query: Option<&str>) -> Result<ControlUpdate, String> {
    let mut update = ControlUpdate::default();
    for (key, value) in serve::query_pairs(query) {
        let bad = || format!("invalid {key}: {value:?}");
        match key {
            "latency_ms" => update.latency_ms = Some(value.parse().map_err(|_| bad())?),
            "failure_rate" => {
                let p: f64 = value.parse().map_err(|_| bad())?;
                if !(0.0..=1.0).contains(&p) {
                    return Err(bad());
                }
                update.failure_rate = Some(p);
            }
            "failure_status" => {
                let s: u16 = value.parse().map_err(|_| bad())?;
                if !(400..=599).contains(&s) {
                    return Err(bad());
                }
                update.failure_status = Some(s);
            }
            "down" => {
                update.down = Some(match value {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => return Err(bad()),
                })
            }
            _ => return Err(format!("unknown parameter {key:?}")),
        }
    }
    Ok(update)
}

fn control(
    name: &str,
    ctl: &ChannelControl,
    method: &Method,
    query: Option<&str>,
) -> Response<Body> {
    match *method {
        Method::GET => serve::json(StatusCode::OK, &ctl.snapshot(name)),
        Method::POST => match parse_control(query) {
            Ok(update) => {
                if let Some(ms) = update.latency_ms {
                    ctl.set_latency(Duration::from_millis(ms));
                }
                if let Some(p) = update.failure_rate {
                    ctl.set_failure_rate(p);
                }
                if let Some(s) = update.failure_status {
                    ctl.set_failure_status(s);
                }
                if let Some(down) = update.down {
                    ctl.set_down(down);
                }
                serve::json(StatusCode::OK, &ctl.snapshot(name))
            }
            Err(error) => serve::json(StatusCode::BAD_REQUEST, &json!({ "error": error })),
        },
        _ => serve::method_not_allowed("GET, POST"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit;
    use super::*;
    use std::net::SocketAddr;
    use std::time::Instant;

    async fn start(ctl: &ChannelControl) -> (StandIn, SocketAddr) {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let s = channel(l, "alpha", ctl.clone()).await;
        let addr = s.addr();
        (s, addr)
    }

    async fn pay_status(addr: SocketAddr) -> u16 {
        testkit::send(addr, "POST", "/pay", &[], "{}")
            .await
            .status
            .as_u16()
    }

    #[tokio::test]
    async fn pay_accepts_with_sequential_txn_ids() {
        let ctl = ChannelControl::new();
        let (_s, addr) = start(&ctl).await;
        for n in 1..=2 {
            let r = testkit::send(addr, "POST", "/pay", &[], "{\"amount\":\"5\"}").await;
            assert_eq!(r.status, 200);
            let v = r.json();
            assert_eq!(v["channel"], "alpha");
            assert_eq!(v["txn_id"], format!("alpha-{n}"));
            assert_eq!(v["status"], "accepted");
        }
        assert_eq!(testkit::get(addr, "/pay").await.status, 405);
        assert_eq!(testkit::get(addr, "/healthz").await.status, 200);
        // Only POST /pay counts.
        assert_eq!(ctl.requests(), 2);
        ctl.set_first_txn(1_000);
        let r = testkit::send(addr, "POST", "/pay", &[], "{\"amount\":\"5\"}").await;
        assert_eq!(r.json()["txn_id"], "alpha-1000");
    }

    #[tokio::test]
    async fn failure_rate_extremes_are_deterministic() {
        let ctl = ChannelControl::new();
        let (_s, addr) = start(&ctl).await;
        ctl.set_failure_rate(1.0);
        for _ in 0..5 {
            let r = testkit::send(addr, "POST", "/pay", &[], "").await;
            assert_eq!(r.status, 503);
            assert_eq!(
                r.json(),
                json!({"channel": "alpha", "error": "unavailable"})
            );
        }
        ctl.set_failure_rate(0.0);
        for _ in 0..5 {
            assert_eq!(pay_status(addr).await, 200);
        }
        assert_eq!(ctl.requests(), 10);
        ctl.set_failure_rate(7.0);
        assert_eq!(ctl.failure_rate(), 1.0);
        ctl.set_failure_rate(f64::NAN);
        assert_eq!(ctl.failure_rate(), 0.0);
    }

    #[tokio::test]
    async fn latency_delays_payments() {
        let ctl = ChannelControl::new();
        let (_s, addr) = start(&ctl).await;
        ctl.set_latency(Duration::from_millis(150));
        assert_eq!(ctl.latency(), Duration::from_millis(150));
        let start = Instant::now();
        assert_eq!(pay_status(addr).await, 200);
        assert!(start.elapsed() >= Duration::from_millis(150));
    }

    #[tokio::test]
    async fn down_refuses_everything_immediately_except_control() {
        let ctl = ChannelControl::new();
        let (_s, addr) = start(&ctl).await;
        ctl.set_latency(Duration::from_secs(30));
        ctl.set_down(true);
        let start = Instant::now();
        assert_eq!(pay_status(addr).await, 503);
        assert!(start.elapsed() < Duration::from_secs(10));
        assert_eq!(testkit::get(addr, "/healthz").await.status, 503);
        assert_eq!(ctl.requests(), 1);
        let r = testkit::send(addr, "POST", "/_control?down=false&latency_ms=0", &[], "").await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["down"], false);
        assert!(!ctl.is_down());
        assert_eq!(pay_status(addr).await, 200);
    }

    #[tokio::test]
    async fn control_endpoint_updates_and_reports_settings() {
        let ctl = ChannelControl::new();
        let (_s, addr) = start(&ctl).await;
        let q = "/_control?latency_ms=300&failure_rate=0.5&down=true";
        let r = testkit::send(addr, "POST", q, &[], "").await;
        assert_eq!(r.status, 200);
        let expected = json!({
            "channel": "alpha", "latency_ms": 300, "failure_rate": 0.5,
            "down": true, "requests": 0,
        });
        assert_eq!(r.json(), expected);
        assert_eq!(ctl.latency(), Duration::from_millis(300));
        assert_eq!(ctl.failure_rate(), 0.5);
        assert!(ctl.is_down());
        // A subset leaves the other settings alone.
        testkit::send(addr, "POST", "/_control?failure_rate=0", &[], "").await;
        assert_eq!(ctl.latency(), Duration::from_millis(300));
        assert_eq!(ctl.failure_rate(), 0.0);
        // Invalid input is rejected without partial application.
        let bad = "/_control?latency_ms=5&failure_rate=2";
        assert_eq!(testkit::send(addr, "POST", bad, &[], "").await.status, 400);
        let typo = "/_control?latncy_ms=5";
        assert_eq!(testkit::send(addr, "POST", typo, &[], "").await.status, 400);
        assert_eq!(ctl.latency(), Duration::from_millis(300));
        let shown = testkit::get(addr, "/_control").await.json();
        assert_eq!(shown["latency_ms"], 300);
        assert_eq!(shown["down"], true);
    }

    #[tokio::test]
    async fn status_endpoint_knows_a_payment_from_arrival_to_outcome() {
        let ctl = ChannelControl::new();
        let (_s, addr) = start(&ctl).await;
        let r = testkit::get(addr, "/status?order_id=o-1").await;
        assert_eq!(r.status, 404);
        assert_eq!(r.json()["status"], "not_found");
        assert_eq!(testkit::get(addr, "/status").await.status, 400);
        // A slow payment is "processing" while it runs, and still charged when the caller
        // gives up waiting.
        ctl.set_latency(Duration::from_millis(300));
        let hurried = tokio::time::timeout(
            Duration::from_millis(100),
            testkit::send(
                addr,
                "POST",
                "/pay?order_id=o-1",
                &[("idempotency-key", "k-1")],
                "{}",
            ),
        )
        .await;
        assert!(hurried.is_err(), "the payment answered before its latency");
        let r = testkit::get(addr, "/status?idempotency_key=k-1").await;
        assert_eq!(r.json()["status"], "processing");
        let deadline = Instant::now() + Duration::from_secs(5);
        while ctl.charged() < 1 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(ctl.charged(), 1);
        let r = testkit::get(addr, "/status?order_id=o-1").await;
        assert_eq!(
            (r.status.as_u16(), r.json()["status"].clone()),
            (200, json!("paid"))
        );
        // A failure is recorded as failed, with the configured status.
        ctl.set_latency(Duration::ZERO);
        ctl.set_failure_rate(1.0);
        ctl.set_failure_status(500);
        let r = testkit::send(addr, "POST", "/pay?order_id=o-2", &[], "{}").await;
        assert_eq!(r.status, 500);
        assert_eq!(ctl.payment_status("o-2"), Some("failed"));
        assert_eq!(
            testkit::get(addr, "/status?order_id=o-2").await.json()["status"],
            "failed"
        );
        assert_eq!(ctl.charged(), 1);
    }

    #[test]
    fn parse_control_accepts_subsets() {
        let u = parse_control(Some("down=1")).unwrap();
        assert_eq!(
            u,
            ControlUpdate {
                down: Some(true),
                ..Default::default()
            }
        );
        assert_eq!(parse_control(None).unwrap(), ControlUpdate::default());
        assert!(parse_control(Some("down=maybe")).is_err());
        assert_eq!(
            parse_control(Some("failure_status=500"))
                .unwrap()
                .failure_status,
            Some(500)
        );
        assert!(parse_control(Some("failure_status=200")).is_err());
        assert!(parse_control(Some("latency_ms=-3")).is_err());
    }
}
