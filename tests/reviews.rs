//! The review queue end to end: the real binary holds orders in the review band of a
//! `review = "hold"` route, a real shop stand-in records what reaches it, and the admin
//! API approves (forwarded once, exactly as received), denies (blocks the user), the
//! buyer's status endpoint follows each state, the queue survives `kill -9`, and the
//! expiry sweep applies `on_expiry`.

mod common;

use common::*;
use serde_json::Value;
use std::time::Duration;

/// Every order scores in the review band (review_at 0, block_at 1).
fn config(reviews: &str) -> String {
    format!(
        "{}\n{}{reviews}\n",
        scoring_edge(0.0, 1.0),
        held_orders("email = \"/email\"\n")
    )
}

async fn shop() -> TestUpstream {
    upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .spawn()
        .await
        .unwrap()
}

async fn start(up: &TestUpstream, reviews: &str) -> Proxy {
    Proxy::start_with(&config(reviews), &[("{up}", up.addr().to_string())]).await
}

fn order_body(user: &str) -> String {
    format!(r#"{{"amount":"5.00","currency":"USD","user":"{user}","email":"{user}@example.com"}}"#)
}

/// Posts an order; returns status and JSON body.
async fn post_order(p: &Proxy, user: &str) -> (u16, Value, Option<String>) {
    let r = p
        .client
        .post(p.url("/api/orders?src=web"))
        .header("content-type", "application/json")
        .header("x-shop-cart", "c-42")
        .body(order_body(user))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (status, r.json().await.unwrap_or(Value::Null), location)
}

/// Holds one order; returns (request id, buyer status path).
async fn hold(p: &Proxy, user: &str) -> (String, String) {
    let (status, v, location) = post_order(p, user).await;
    assert_eq!(status, 202, "{v}");
    assert_eq!(v["decision"], "review");
    let link = v["review"]["status_url"].as_str().unwrap().to_string();
    assert_eq!(location.as_deref(), Some(link.as_str()));
    let rid = v["request_id"].as_str().unwrap().to_string();
    // The token is not the request id.
    assert!(!link.contains(&rid), "{link} {rid}");
    (rid, link)
}

async fn admin_json(p: &Proxy, path: &str, body: Value) -> (u16, Value) {
    let r = p
        .client
        .post(format!("http://{}{}", p.admin, path))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn buyer_status(p: &Proxy, link: &str) -> String {
    let r = p.get(link).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["status"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn approve_forwards_the_held_order_exactly_once() {
    let up = shop().await;
    let p = start(&up, "").await;
    let (rid, link) = hold(&p, "dave").await;
    assert_eq!(
        up.log.count_path("/api/orders"),
        0,
        "held: the shop got nothing"
    );
    assert_eq!(buyer_status(&p, &link).await, "pending");
    assert_eq!(p.get_status("/__rg/review/0123456789abcdef").await, 404);

    let (_, list) = p.admin_get("/reviews?status=pending").await.unwrap();
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list["reviews"][0]["id"], rid.as_str());
    assert_eq!(list["reviews"][0]["user"], "dave");
    let scrape = p.metrics().await;
    assert_eq!(metric_value(&scrape, "riskgate_reviews_pending"), Some(1.0));
    assert_eq!(
        metric_value(&scrape, "riskgate_reviews_total{outcome=\"held\"}"),
        Some(1.0)
    );

    let (s, v) = admin_json(
        &p,
        &format!("/reviews/{rid}/approve"),
        serde_json::json!({"by": "alice"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["shop_status"], 201);
    let got = up.log.requests();
    assert_eq!(got.len(), 1);
    let seen = &got[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/api/orders?src=web");
    assert_eq!(seen.body, order_body("dave").as_bytes());
    assert_eq!(seen.header("x-risk-decision"), Some("allow"));
    assert_eq!(seen.header("x-risk-reviewed-by"), Some("alice"));
    assert_eq!(seen.header("x-shop-cart"), Some("c-42"));
    assert_eq!(seen.header("x-request-id"), Some(rid.as_str()));

    let (s, v) = admin_json(
        &p,
        &format!("/reviews/{rid}/approve"),
        serde_json::json!({"by": "alice"}),
    )
    .await;
    assert_eq!(s, 409, "{v}");
    assert_eq!(v["status"], "approved");
    assert_eq!(
        up.log.count_path("/api/orders"),
        1,
        "approved twice, forwarded once"
    );
    assert_eq!(buyer_status(&p, &link).await, "approved");

    let (s, csv) = p.admin_get("/reviews/labels.csv").await.unwrap();
    assert_eq!(s, 200);
    assert_eq!(csv, format!("request_id,label\n{rid},0\n"));
    let scrape = p.metrics().await;
    assert_eq!(metric_value(&scrape, "riskgate_reviews_pending"), Some(0.0));
    assert_eq!(
        metric_value(&scrape, "riskgate_reviews_total{outcome=\"approved\"}"),
        Some(1.0)
    );
}

#[tokio::test]
async fn deny_blocks_the_user_so_the_next_order_is_refused() {
    let up = shop().await;
    let p = start(&up, "").await;
    let (rid, link) = hold(&p, "mallory").await;
    let (s, v) = admin_json(
        &p,
        &format!("/reviews/{rid}/deny"),
        serde_json::json!({"by": "bob", "list": ["user"], "ttl": "30d"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["blocked"][0]["kind"], "user");
    assert_eq!(buyer_status(&p, &link).await, "denied");
    let (s, _) = admin_json(
        &p,
        &format!("/reviews/{rid}/approve"),
        serde_json::json!({"by": "alice"}),
    )
    .await;
    assert_eq!(s, 409, "a denied order cannot be approved");

    let (status, v, _) = post_order(&p, "mallory").await;
    assert_eq!(status, 403, "{v}");
    assert_eq!(up.log.count_path("/api/orders"), 0);
    let (_, csv) = p.admin_get("/reviews/labels.csv").await.unwrap();
    assert_eq!(csv, format!("request_id,label\n{rid},1\n"));
    let (s, v) = admin_json(
        &p,
        "/reviews/nope/deny",
        serde_json::json!({"by": "bob", "list": ["shoe"]}),
    )
    .await;
    assert_eq!((s, v["error"].as_str()), (400, Some("bad_list")));
}

#[tokio::test]
async fn the_queue_survives_kill_9() {
    let up = shop().await;
    let mut p = start(&up, "").await;
    let (rid, link) = hold(&p, "erin").await;
    p.kill9_and_restart().await;
    assert_eq!(buyer_status(&p, &link).await, "pending");
    let (_, list) = p.admin_get("/reviews?status=pending").await.unwrap();
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list["reviews"][0]["id"], rid.as_str());
    assert!(
        p.wait_metric("riskgate_reviews_pending", 1.0, Duration::from_secs(5))
            .await,
        "the gauge counts the reopened queue"
    );
    let (s, _) = admin_json(
        &p,
        &format!("/reviews/{rid}/approve"),
        serde_json::json!({"by": "alice"}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(up.log.last().unwrap().body, order_body("erin").as_bytes());
}

#[tokio::test]
async fn expiry_denies_or_approves_as_configured() {
    let up = shop().await;
    let p = start(&up, "max_age = \"300ms\"\non_expiry = \"deny\"").await;
    let (_, link) = hold(&p, "frank").await;
    let expired = eventually(Duration::from_secs(5), || async {
        buyer_status(&p, &link).await == "expired"
    })
    .await;
    assert!(expired, "not expired:\n{}", p.log());
    assert_eq!(up.log.count_path("/api/orders"), 0);
    assert!(
        p.wait_metric(
            "riskgate_reviews_total{outcome=\"expired\"}",
            1.0,
            Duration::from_secs(2)
        )
        .await
    );
    let (_, csv) = p.admin_get("/reviews/labels.csv").await.unwrap();
    assert_eq!(csv, "request_id,label\n", "an expiry is not a label");
    drop(p);

    let p = start(&up, "max_age = \"300ms\"\non_expiry = \"approve\"").await;
    let (_, link) = hold(&p, "grace").await;
    let approved = eventually(Duration::from_secs(5), || async {
        buyer_status(&p, &link).await == "approved"
    })
    .await;
    assert!(approved, "not approved:\n{}", p.log());
    let seen = up.log.last().unwrap();
    assert_eq!(seen.body, order_body("grace").as_bytes());
    assert_eq!(seen.header("x-risk-reviewed-by"), Some("expiry"));
}

#[tokio::test]
async fn concurrent_approvals_forward_once_and_the_event_stream_follows() {
    let up = shop().await;
    let p = start(&up, "").await;
    let (rid, link) = hold(&p, "heidi").await;
    let mut events = p.get(&format!("{link}/events")).await;
    assert_eq!(events.status(), 200);
    assert_eq!(
        events.headers().get("content-type").unwrap(),
        "text/event-stream"
    );
    let first = events.chunk().await.unwrap().unwrap();
    assert!(
        String::from_utf8_lossy(&first).contains("data: {\"status\":\"pending\"}"),
        "{first:?}"
    );

    let path = format!("/reviews/{rid}/approve");
    let (a, b) = tokio::join!(
        admin_json(&p, &path, serde_json::json!({"by": "alice"})),
        admin_json(&p, &path, serde_json::json!({"by": "carol"})),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{a:?} {b:?}");
    assert_eq!(up.log.count_path("/api/orders"), 1);

    // The stream reports the decision, then ends.
    let mut rest = String::new();
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(c) = events.chunk().await.unwrap() {
            rest.push_str(&String::from_utf8_lossy(&c));
        }
    })
    .await;
    assert!(read.is_ok(), "stream did not end: {rest}");
    assert!(rest.contains("data: {\"status\":\"approved\"}"), "{rest}");
}
