//! The proxy worker's keep-warm rehearsals of the order path (`proxy::order_warm`), through
//! the running proxy: they start with the first scored order, replay it without leaving a
//! trace (no decision-log line, no order or inference counted, no velocity recorded, nothing
//! sent upstream) and stop by themselves once orders stop.

mod common;

use common::*;
use std::time::Duration;

fn config(log: &std::path::Path) -> String {
    ShopConfig::new(0.2619, 0.4459)
        .decision_log(log)
        .orders(r#""amount", "user""#, "")
        .build()
}

/// Posts an order; returns its decision-log record from the admin API.
async fn order(p: &Proxy) -> serde_json::Value {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-forwarded-for", "81.2.69.160")
        .header("accept-language", "en-GB,en;q=0.9")
        .body(r#"{"amount":"20.00","currency":"USD","user":"alice","email":"alice@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    serde_json::from_str(&rec).unwrap()
}

fn feature(rec: &serde_json::Value, name: &str) -> f64 {
    let names = rec["feature_names"].as_array().unwrap();
    let i = names.iter().position(|n| n == name).unwrap();
    rec["features"][i].as_f64().unwrap()
}

async fn rehearsals(p: &Proxy) -> f64 {
    metric_value(&p.metrics().await, "riskgate_order_rehearsals_total").unwrap_or(-1.0)
}

/// The sum of every series of `family` in `scrape` (label sets summed).
fn family_sum(scrape: &str, family: &str) -> f64 {
    scrape
        .lines()
        .filter(|l| {
            l.strip_prefix(family)
                .is_some_and(|r| r.starts_with('{') || r.starts_with(' '))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn rehearsals_start_with_orders_leave_no_trace_and_stop_when_orders_stop() {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("decisions.jsonl");
    let p = Proxy::start_with(&config(&log), &[("{up}", up.addr().to_string())]).await;

    // An edge that scores no orders rehearses nothing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(rehearsals(&p).await, 0.0, "rehearsed before any order");

    let first = order(&p).await;
    let warmed = eventually(Duration::from_secs(5), || async {
        rehearsals(&p).await >= 20.0
    })
    .await;
    assert!(
        warmed,
        "no rehearsals after an order: {}",
        rehearsals(&p).await
    );

    // Twenty rehearsals later: still one order everywhere.
    let scrape = p.metrics().await;
    assert_eq!(
        family_sum(&scrape, "riskgate_orders_total"),
        1.0,
        "{scrape}"
    );
    assert_eq!(
        metric_value(&scrape, "riskgate_model_inference_seconds_count"),
        Some(1.0)
    );
    assert_eq!(
        metric_value(&scrape, "riskgate_order_stage_seconds_count"),
        Some(1.0)
    );
    assert_eq!(
        up.log.count_path("/api/orders"),
        1,
        "a rehearsal went upstream"
    );
    // Velocity: the second order from the same client sees exactly one order before it.
    let second = order(&p).await;
    assert_eq!(
        feature(&second, "orders_ip_10m"),
        feature(&first, "orders_ip_10m") + 1.0,
        "{second}"
    );
    let written = eventually(Duration::from_secs(5), || async {
        std::fs::read_to_string(&log).is_ok_and(|t| t.lines().count() >= 2)
    })
    .await;
    assert!(written, "two decision lines");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(!text.contains("rehearsal"), "{text}");

    // Ten seconds after the last order the worker stops rehearsing.
    let stopped = eventually(Duration::from_secs(20), || async {
        let before = rehearsals(&p).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        rehearsals(&p).await == before
    })
    .await;
    assert!(stopped, "still rehearsing 20 s after the last order");
}
