//! The demo tells the truth (issue 14 §5), on the real `riskgate demo` binary with every
//! port moved: an order's status stream shows the code fulfillment really delivered after
//! the signed payment callback; orders the shop never created (refused, held, made up)
//! never stream "delivered", even when a payment for them reached fulfillment; a held
//! order (202) is under review on riskgate's status stream and the page does not pay it.

mod common;
mod demo_support;

use common::eventually;
use demo_support::{moved_demo_config, Demo};
use std::time::Duration;

/// Starts a demo on free ports in its own temporary directories.
async fn demo(tmp: &tempfile::TempDir) -> Demo {
    let run = tmp.path().join("run");
    std::fs::create_dir_all(&run).unwrap();
    let (cfg, listen, admin) = moved_demo_config(tmp.path(), "demo.toml");
    Demo::start(&cfg, &listen, &admin, &run, &[]).await
}

/// Reads a whole server-sent event stream (it must end within 20 s) and returns the
/// `data:` payloads as JSON.
async fn read_stream(d: &Demo, path: &str) -> Vec<serde_json::Value> {
    let text = tokio::time::timeout(Duration::from_secs(20), async {
        d.client
            .get(format!("http://{}{path}", d.listen))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    })
    .await
    .unwrap_or_else(|_| panic!("{path}: stream did not end\n{}", d.log()));
    text.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The path the banner prints after `label` (e.g. `decision log:`).
fn banner_path(d: &Demo, label: &str) -> std::path::PathBuf {
    let log = d.log();
    let line = log
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label} in the banner:\n{log}"));
    std::path::PathBuf::from(line.trim())
}

fn statuses(events: &[serde_json::Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["status"].as_str().unwrap_or("-"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paid_order_streams_the_code_fulfillment_delivered() {
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(&tmp).await;
    let r = d.order("alice").await;
    assert_eq!(r.status(), 201, "{}", d.log());
    let order: serde_json::Value = r.json().await.unwrap();
    let id = order["order_id"].as_str().unwrap().to_string();

    // The stream opens before the payment and waits for it.
    let path = format!("/api/orders/{id}/events?interval_ms=50");
    let stream = {
        let client = d.client.clone();
        let url = format!("http://{}{path}", d.listen);
        tokio::spawn(async move { client.get(url).send().await.unwrap().text().await })
    };
    let (status, body) = d.pay(&id).await;
    assert_eq!(status, 200, "{body}");
    assert!(d.wait_delivered(&id).await, "no paid callback\n{}", d.log());
    let text = tokio::time::timeout(Duration::from_secs(20), stream)
        .await
        .expect("the stream ends after delivery")
        .unwrap()
        .unwrap();
    let events: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        statuses(&events),
        ["pending_payment", "paid", "delivered"],
        "{text}"
    );
    assert!(events.iter().all(|e| e["order"] == id.as_str()));
    let code = events[2]["code"].as_str().unwrap();
    // The code is the one fulfillment handed out for this order's payment callback.
    let log = d.log();
    assert!(
        log.lines()
            .any(|l| l.contains("code delivered") && l.contains(code) && l.contains(&id)),
        "code {code} of {id} not in fulfillment's log:\n{log}"
    );

    // The banner's decision-log path is the file the decision went to.
    let decisions = banner_path(&d, "decision log:");
    assert!(
        eventually(Duration::from_secs(10), || async {
            std::fs::read_to_string(&decisions).is_ok_and(|s| s.contains("\"alice\""))
        })
        .await,
        "{}",
        decisions.display()
    );

    // Streamed again later, the same truth.
    assert_eq!(read_stream(&d, &path).await, events);
}

#[tokio::test(flavor = "multi_thread")]
async fn blocked_and_unknown_orders_never_stream_delivered() {
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(&tmp).await;
    // The banner's blocked example, as printed: refused, so the shop never creates an order.
    let log = d.log();
    let example = log
        .lines()
        .skip_while(|l| !l.contains("blocked (403)"))
        .nth(1)
        .and_then(|l| l.split("-d '").nth(1))
        .and_then(|l| l.strip_suffix('\''))
        .unwrap_or_else(|| panic!("no blocked example in the banner:\n{log}"))
        .to_string();
    // Sent as the printed `curl` command sends it: with curl's own User-Agent.
    let blocked = d
        .client
        .post(format!("http://{}/api/orders", d.listen))
        .header("content-type", "application/json")
        .header("user-agent", "curl/8.5.0")
        .body(example)
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), 403, "{log}");
    let rid = blocked.json::<serde_json::Value>().await.unwrap()["request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let e = read_stream(&d, &format!("/api/orders/{rid}/events?interval_ms=50")).await;
    assert_eq!(statuses(&e), ["unknown"]);

    // A payment for an order the shop never created reaches fulfillment, and still the
    // order is unknown: only the shop's own orders are ever delivered.
    let (status, body) = d.pay("o-4242").await;
    assert_eq!(status, 200, "{body}");
    assert!(d.wait_delivered("o-4242").await, "{}", d.log());
    let e = read_stream(&d, "/api/orders/o-4242/events?interval_ms=50").await;
    assert_eq!(statuses(&e), ["unknown"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_held_order_is_under_review_and_the_page_does_not_pay_it() {
    let tmp = tempfile::tempdir().unwrap();
    let d = demo(&tmp).await;
    // A browser order with a throwaway address: the disposable-mail rule holds it (202).
    let r = d.order_with_email("bob", "bob@mailinator.com").await;
    assert_eq!(r.status(), 202, "{}", d.log());
    let held: serde_json::Value = r.json().await.unwrap();
    assert_eq!(held["decision"], "review");
    let url = held["review"]["status_url"].as_str().unwrap().to_string();

    // riskgate's status stream says pending (the page shows "under review").
    let first = tokio::time::timeout(Duration::from_secs(10), async {
        let mut r = d
            .client
            .get(format!("http://{}{url}/events", d.listen))
            .send()
            .await
            .unwrap();
        r.chunk().await.unwrap().unwrap()
    })
    .await
    .unwrap();
    assert!(
        String::from_utf8_lossy(&first).contains("data: {\"status\":\"pending\"}"),
        "{first:?}"
    );
    // The banner's review-queue path is the store that holds it.
    assert!(banner_path(&d, "review queue:").is_file());
    // The shop never saw the order: its stream does not pretend it was delivered.
    let rid = held["request_id"].as_str().unwrap();
    let e = read_stream(&d, &format!("/api/orders/{rid}/events?interval_ms=50")).await;
    assert_eq!(statuses(&e), ["unknown"]);

    // The page follows the review stream for a 202, shows "under review", and returns
    // before it would pay.
    let page = d
        .client
        .get(format!("http://{}/", d.listen))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let held_branch = page
        .split("if (resp.status === 202) {")
        .nth(1)
        .and_then(|rest| rest.split("return;").next())
        .expect("the page handles 202");
    assert!(held_branch.contains("followReview(body.review.status_url)"));
    assert!(!held_branch.contains("/pay"));
    assert!(page.contains("\"under review\""));
}
