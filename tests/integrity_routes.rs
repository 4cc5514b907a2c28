//! An order cannot reach the shop unscored by spelling its path or host differently: the
//! shop's router may read `/API/orders` (Express, ASP.NET: case-insensitive),
//! `//api/orders` (Laravel trims slashes), `/api/%6Frders` (Symfony and Laravel decode),
//! `/x/../api/orders` or `shop.example.` (nginx normalises both) as its order endpoint, so
//! riskgate scores such a request as the order route it names.
//!
//! The stand-in shop's request log is the witness: every order that reached it carries
//! riskgate's `X-Risk-Decision`.

mod common;

use common::*;
use std::time::Duration;

fn config() -> String {
    bare_scoring_edge()
        + r#"[upstreams.shop]
servers = ["{up}"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
[routes.order]
format = "form"
amount = "amount"
quantity = "quantity"
user = "user"
required = ["amount", "user"]
# Shadow mode forwards every order, so only the routing decides what is scored.
shadow = true
[[routes]]
name = "hosted-orders"
kind = "order"
upstream = "shop"
host = "shop.example"
methods = ["POST"]
glob = "/checkout/*/pay"
[routes.order]
format = "form"
amount = "amount"
user = "user"
required = ["amount", "user"]
shadow = true
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#
}

/// One request (`target` as written on the request line, `host`), closing the
/// connection; the status riskgate answered.
async fn post(p: &Proxy, target: &str, host: &str, body: &str) -> String {
    let req = format!(
        "POST {target} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let resp = raw_exchange(p.addr, req.as_bytes(), Duration::from_secs(5)).await;
    resp.get(9..12).unwrap_or("").to_string()
}

#[tokio::test]
async fn an_order_path_or_host_spelled_otherwise_is_still_scored() {
    let up = upstream().spawn().await.unwrap();
    let p = Proxy::start_with(&config(), &[("{up}", up.addr().to_string())]).await;
    let body = "user=alice&amount=5.00&quantity=100";
    let cases = [
        ("/api/orders", "shop.test"),
        ("/API/Orders", "shop.test"),
        ("//api/orders", "shop.test"),
        ("/api//orders", "shop.test"),
        ("/api/%6Frders", "shop.test"),
        ("/api%2Forders", "shop.test"),
        ("/x/../api/orders", "shop.test"),
        ("/./api/orders", "shop.test"),
        ("/api;v=1/orders", "shop.test"),
        ("/checkout/c-1/pay", "shop.example"),
        ("/checkout/c-1/pay", "shop.example."),
        ("/checkout/c-1/pay", "SHOP.example.:80"),
        ("/Checkout/c-1/PAY", "shop.example"),
    ];
    for (target, host) in cases {
        let before = up.log.requests().len();
        // The answer is read to the close, so whatever reached the shop is logged by now.
        let status = post(&p, target, host, body).await;
        let reached = up.log.requests()[before..].to_vec();
        // Refused is fine too; passed through unscored is not.
        assert!(
            !reached.is_empty() || status.starts_with('4'),
            "{target} {host}: {status}"
        );
        for r in &reached {
            let decision = r
                .headers
                .iter()
                .find(|(k, _)| k == "x-risk-decision")
                .map(|(_, v)| v.as_str());
            assert_eq!(
                decision,
                Some("allow"),
                "{target} (host {host}) reached the shop as {} unscored",
                r.path
            );
        }
    }
    // Paths that only look alike stay with their own route.
    let before = up.log.requests().len();
    post(&p, "/api/orderz", "shop.test", body).await;
    post(&p, "/checkout/c-1/pay", "other.example", body).await;
    assert_eq!(up.log.requests().len(), before + 2);
    assert!(up.log.requests()[before..]
        .iter()
        .all(|r| r.headers.iter().all(|(k, _)| k != "x-risk-decision")));
}
