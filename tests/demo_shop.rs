//! The demo's stand-ins behind riskgate, wired like `config/demo.toml`: the shop page,
//! an order, its SSE status stream and a payment through the channel group.

mod common;

use common::*;
use riskgate::demo::{channel, shop, ChannelControl};
use std::time::Duration;

const CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
[admin]
listen = "{admin}"
[upstreams.shop]
servers = ["{shop}"]
[upstreams.channels]
servers = ["{ch1}", "{ch2}"]
[upstreams.channels.health]
interval = "100ms"
[[routes]]
name = "order-events"
kind = "stream"
upstream = "shop"
glob = "/api/orders/*/events"
[[routes]]
name = "pay"
kind = "pass"
upstream = "channels"
prefix = "/pay"
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#;

async fn bound() -> tokio::net::TcpListener {
    tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap()
}

#[tokio::test]
async fn demo_shop_order_stream_and_payment_flow() {
    let s = shop(bound().await).await;
    let (c1, c2) = (ChannelControl::new(), ChannelControl::new());
    let ch1 = channel(bound().await, "alpha", c1.clone()).await;
    let ch2 = channel(bound().await, "beta", c2.clone()).await;
    let p = Proxy::start_with(
        CFG,
        &[
            ("{shop}", s.addr().to_string()),
            ("{ch1}", ch1.addr().to_string()),
            ("{ch2}", ch2.addr().to_string()),
        ],
    )
    .await;

    let page = p.client.get(p.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("/api/orders"));

    let order: serde_json::Value = p
        .client
        .post(p.url("/api/orders"))
        .header("x-risk-decision", "allow")
        .json(&serde_json::json!({"product":"steam-50","quantity":1,"amount":"50.00","currency":"USD","user":"alice","email":"alice@example.com"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = order["order_id"].as_str().unwrap().to_string();
    assert!(
        order["seen_headers"].get("x-risk-decision").is_none(),
        "spoofed header stripped: {order}"
    );
    assert!(order["seen_headers"]["x-request-id"].is_string());

    let events = p
        .client
        .get(p.url(&format!("/api/orders/{id}/events?interval_ms=50")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        events.contains("\"paid\"") && events.contains("\"delivered\""),
        "{events}"
    );

    // Payments spread over both channels; with one down, all go to the other.
    for _ in 0..4 {
        assert_eq!(
            p.client
                .post(p.url("/pay"))
                .body("{}")
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    assert!(c1.requests() >= 1 && c2.requests() >= 1);
    c1.set_down(true);
    let series = format!(
        "riskgate_upstream_server_up{{server=\"{}\",upstream=\"channels\"}}",
        ch1.addr()
    );
    let ejected = p.wait_metric(&series, 0.0, Duration::from_secs(3)).await;
    assert!(ejected);
    let before = c2.requests();
    for _ in 0..4 {
        assert_eq!(
            p.client
                .post(p.url("/pay"))
                .body("{}")
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    assert_eq!(c2.requests(), before + 4);
}
