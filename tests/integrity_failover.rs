//! Failover never charges twice (issue 12, D12): the real riskgate binary in front of two
//! payment-channel stand-ins (`riskgate::demo::channel`).
//!
//! alpha is always the first choice (weight 100, no exploration), beta the only other.
//! A payment moves to beta only when alpha certainly did not process it: connection
//! refused, or a status query that alpha answers "failed". When alpha was sent the
//! payment and did not answer in time, the client gets 504 `X-Payment-Status: unknown`,
//! beta receives nothing, and the order is in the missing-callback report, even though
//! the route allows failover and the request carries an idempotency key.

mod common;

use common::*;
use riskgate::demo::{channel, ChannelControl, StandIn};
use std::time::Duration;
use tokio::net::TcpListener;

const ENVS: [(&str, &str); 2] = [
    ("RG_T_ALPHA", "alpha-key-0123"),
    ("RG_T_BETA", "beta-key-0123"),
];

const CONFIG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
grace_period = "1s"
[admin]
listen = "{admin}"
[log]
level = "info"

[channels.alpha]
url = "{alpha_scheme}://{alpha}"
dialect = "epay"
secret_env = "RG_T_ALPHA"
weight = 100
{alpha_extra}
[channels.beta]
url = "http://{beta}"
dialect = "epay"
secret_env = "RG_T_BETA"

[upstreams.payments]
channels = ["alpha", "beta"]
connect_timeout = "300ms"
read_timeout = "300ms"
[upstreams.payments.selection]
exploration = 0.0
[upstreams.payments.failover]
deadline = "5s"

[upstreams.fulfillment]
servers = ["127.0.0.1:9"]

[[routes]]
name = "pay"
kind = "pass"
upstream = "payments"
prefix = "/pay"
failover_safe = true
payment_ref = "query:order_id"

[[routes]]
name = "cb-alpha"
kind = "callback"
channel = "alpha"
upstream = "fulfillment"
prefix = "/callbacks/alpha"

[callbacks]
spool = "{dir}/spool.redb"
missing_after = "1s"
"#;

/// alpha and beta stand-ins and their controls.
struct Channels {
    alpha: (StandIn, ChannelControl),
    beta: (StandIn, ChannelControl),
}

async fn stand_in(name: &str) -> (StandIn, ChannelControl) {
    let ctl = ChannelControl::new();
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    (channel(l, name, ctl.clone()).await, ctl)
}

async fn channels() -> Channels {
    Channels {
        alpha: stand_in("alpha").await,
        beta: stand_in("beta").await,
    }
}

/// Starts riskgate in front of `c`; `alpha_extra` adds lines to `[channels.alpha]`.
async fn start(c: &Channels, alpha_extra: &str) -> Proxy {
    start_scheme(c, alpha_extra, "http").await
}

/// Like [`start`], reaching alpha over `scheme`.
async fn start_scheme(c: &Channels, alpha_extra: &str, scheme: &str) -> Proxy {
    let extra = [
        ("{alpha_scheme}", scheme.to_string()),
        ("{alpha}", c.alpha.0.addr().to_string()),
        ("{beta}", c.beta.0.addr().to_string()),
        ("{alpha_extra}", alpha_extra.to_string()),
    ];
    Proxy::start_env(CONFIG, &extra, &ENVS).await
}

/// Pays order `order` with an idempotency key; returns status, headers and body.
async fn pay(p: &Proxy, order: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let r = p
        .client
        .post(p.url(&format!("/pay?order_id={order}")))
        .header("idempotency-key", order)
        .body(r#"{"amount":"9.99"}"#)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.text().await.unwrap())
}

/// The missing-callback report entry for `order`, once it appears (polled for 5 s).
async fn missing_entry(p: &Proxy, order: &str) -> Option<serde_json::Value> {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let (_, body) = p.admin_get("/callbacks/missing").await.unwrap();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let found = v["missing"]
            .as_array()
            .and_then(|m| m.iter().find(|e| e["order_id"] == order).cloned());
        if found.is_some() || std::time::Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn metric(p: &Proxy, series: &str) -> f64 {
    metric_value(&p.metrics().await, series).unwrap_or(0.0)
}

/// Asserts a 504 unknown answer naming its request id.
fn assert_unknown(status: u16, headers: &reqwest::header::HeaderMap, body: &str) {
    assert_eq!(status, 504, "{body}");
    assert_eq!(
        headers.get("x-payment-status").map(|v| v.to_str().unwrap()),
        Some("unknown")
    );
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["error"], "payment_status_unknown", "{v}");
    assert_eq!(v["channel"], "alpha", "{v}");
    let rid = headers.get("x-request-id").unwrap().to_str().unwrap();
    assert_eq!(v["request_id"], rid, "{v}");
}

#[tokio::test]
async fn a_channel_that_hangs_past_read_timeout_then_charges_is_not_failed_over() {
    let c = channels().await;
    let p = start(&c, "").await;
    // alpha takes 1.5 s: past the 300 ms read timeout. It still charges afterwards.
    c.alpha.1.set_latency(Duration::from_millis(1500));
    let (status, headers, body) = pay(&p, "o-hang").await;
    assert_unknown(status, &headers, &body);
    let charged = eventually(Duration::from_secs(5), || async {
        c.alpha.1.charged() == 1
    })
    .await;
    assert!(charged, "alpha never completed the payment");
    // The second channel never saw it: one charge, not two.
    assert_eq!(c.beta.1.requests(), 0);
    assert_eq!(c.alpha.1.requests(), 1);
    let e = missing_entry(&p, "o-hang")
        .await
        .expect("o-hang is not reported missing");
    assert_eq!(e["channel"], "alpha", "{e}");
    assert_eq!(e["outcome"], "unknown", "{e}");
    assert_eq!(
        metric(
            &p,
            "riskgate_channel_payments_unknown_total{channel=\"alpha\",group=\"payments\"}"
        )
        .await,
        1.0
    );
    assert_eq!(
        metric(&p, "riskgate_channel_failovers_total{group=\"payments\"}").await,
        0.0
    );
}

#[tokio::test]
async fn a_5xx_not_marked_safe_is_unknown_and_a_safe_503_fails_over() {
    let c = channels().await;
    let p = start(&c, "").await;
    c.alpha.1.set_failure_rate(1.0);
    c.alpha.1.set_failure_status(500);
    let (status, headers, body) = pay(&p, "o-500").await;
    assert_unknown(status, &headers, &body);
    assert_eq!(c.beta.1.requests(), 0);
    assert!(missing_entry(&p, "o-500").await.is_some());
    // 503 is in the default safe_statuses: alpha did not process it, beta may.
    c.alpha.1.set_failure_status(503);
    let (status, _, body) = pay(&p, "o-503").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(c.beta.1.requests(), 1);
    assert_eq!(c.beta.1.charged(), 1);
}

#[tokio::test]
async fn a_refused_connection_fails_over_and_the_payment_succeeds() {
    let mut c = channels().await;
    let p = start(&c, "").await;
    // alpha's listener and connections go away: connections are refused.
    let dead = stand_in("dead").await;
    let gone = c.alpha.0.addr();
    c.alpha = dead;
    // Dropping a stand-in aborts its task; the listener and its connections close when
    // the runtime next drops that task. Wait for that (on a loaded machine the order
    // could otherwise race a closing keep-alive connection and be, correctly, unknown).
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(gone).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, headers, body) = pay(&p, "o-refused").await;
    assert_eq!(status, 200, "{body}");
    assert!(headers.get("x-payment-status").is_none());
    assert_eq!(c.beta.1.charged(), 1);
    assert_eq!(
        metric(&p, "riskgate_channel_failovers_total{group=\"payments\"}").await,
        1.0
    );
}

#[tokio::test]
async fn a_tls_handshake_failure_fails_over_and_the_payment_succeeds() {
    let c = channels().await;
    // alpha is configured as https but speaks plain HTTP: the handshake fails before the
    // payment is sent, so it is safe to move to beta.
    let p = start_scheme(&c, "", "https").await;
    let r = p
        .client
        .post(p.url("/pay?order_id=o-tls"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(c.alpha.1.requests(), 0);
    assert_eq!(c.beta.1.charged(), 1);
    assert_eq!(
        metric(&p, "riskgate_channel_failovers_total{group=\"payments\"}").await,
        1.0
    );
}

#[tokio::test]
async fn a_status_endpoint_that_confirms_no_charge_lets_the_payment_fail_over() {
    let c = channels().await;
    let p = start(
        &c,
        "status_path = \"/status?order_id={order_id}\"\nstatus_timeout = \"1s\"",
    )
    .await;
    // alpha fails with a 500 (not safe by itself) and records the payment as failed.
    c.alpha.1.set_failure_rate(1.0);
    c.alpha.1.set_failure_status(500);
    let (status, headers, body) = pay(&p, "o-confirmed").await;
    assert_eq!(status, 200, "{body}");
    assert!(headers.get("x-payment-status").is_none());
    assert_eq!(c.alpha.1.charged(), 0);
    assert_eq!(c.beta.1.charged(), 1);
    let m = p.metrics().await;
    let q = "riskgate_channel_status_queries_total{answer=\"no_charge\",group=\"payments\"}";
    assert_eq!(metric_value(&m, q), Some(1.0), "{m}");
    assert_eq!(
        metric_value(&m, "riskgate_channel_failovers_total{group=\"payments\"}"),
        Some(1.0)
    );
}

#[tokio::test]
async fn a_status_endpoint_that_reports_processing_keeps_the_payment_unknown() {
    let c = channels().await;
    let p = start(&c, "status_path = \"/status?order_id={order_id}\"").await;
    // alpha hangs: its status endpoint knows the payment is still processing.
    c.alpha.1.set_latency(Duration::from_millis(1500));
    let (status, headers, body) = pay(&p, "o-processing").await;
    assert_unknown(status, &headers, &body);
    assert_eq!(c.beta.1.requests(), 0);
    assert!(
        eventually(Duration::from_secs(5), || async {
            c.alpha.1.charged() == 1
        })
        .await
    );
    assert!(missing_entry(&p, "o-processing").await.is_some());
    let q = "riskgate_channel_status_queries_total{answer=\"not_confirmed\",group=\"payments\"}";
    assert_eq!(metric(&p, q).await, 1.0);
}
