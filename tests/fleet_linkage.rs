//! Fleet mode shares the cross-account linkage signals (`[risk.linkage]`): two riskgate
//! processes on one real `redis-server` count the accounts behind one delivery mailbox and
//! the cookie-less accounts at one amount together, so mules or a card tester spread over
//! the edges are linked like on one. Each test reads the decision the edge logged.

mod common;
mod fleet_support;

use common::*;
use fleet_support::RedisServer;

fn config() -> String {
    format!(
        r#"{edge}{state}
[risk.linkage]
max_users_per_mailbox = 2
cookieless_spread = 3
gift_max_orders = 6
gift_min_usd = 10
gift_device_minutes = 5
[risk.decision_log]
path = "{{dir}}/decisions.jsonl"
{routes}"#,
        edge = scoring_edge(0.1256, 0.6579),
        state = fleet_state("timeout = \"500ms\""),
        routes = SHOP_ROUTES,
    )
}

/// A cookie-less order from `ip`; returns the logged decision record.
async fn order(p: &Proxy, ip: &str, user: &str, amount: &str, email: &str) -> serde_json::Value {
    let body =
        format!(r#"{{"amount":"{amount}","currency":"USD","user":"{user}","email":"{email}"}}"#);
    cookieless_order(p, ip, BROWSER_UA, body).await
}

#[tokio::test]
async fn linkage_counts_add_up_across_edges() {
    let redis = RedisServer::start();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .route("/", 200, "<html>shop</html>")
        .spawn()
        .await
        .unwrap();
    let extra = [("{redis}", redis.url()), ("{up}", up.addr().to_string())];
    let a = Proxy::start_with(&config(), &extra).await;
    let b = Proxy::start_with(&config(), &extra).await;
    // Three accounts, one collector mailbox, alternating edges (each amount its own, so
    // only the mailbox links them).
    order(&a, "81.2.69.160", "mule1", "15.00", "keys7@gmail.com").await;
    order(&b, "2.125.160.216", "mule2", "16.00", "keys.7+x@gmail.com").await;
    let rec = order(&a, "89.160.20.112", "mule3", "17.00", "Keys7@gmail.com").await;
    assert_eq!(
        rec["signals"]["linkage"]["users_per_mailbox_24h"], 3,
        "{rec}"
    );
    assert!(has_reason(&rec, "shared_mailbox"), "{rec}");
    // Three cookie-less accounts at one amount, each on its own mailbox, over both edges.
    order(&b, "81.2.69.161", "t1", "5.00", "t1@example.org").await;
    order(&a, "2.125.160.217", "t2", "5.00", "t2@example.org").await;
    let rec = order(&b, "89.160.20.113", "t3", "5.00", "t3@example.org").await;
    assert_eq!(
        rec["signals"]["linkage"]["cookieless_users_per_amount_1h"], 3,
        "{rec}"
    );
    assert!(has_reason(&rec, "cookieless_spread"), "{rec}");
    assert!(!has_reason(&rec, "shared_mailbox"), "{rec}");
    // A cookie-less browser that viewed a page on edge A is not bare on edge B.
    let page = a
        .client
        .get(a.url("/"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", "81.2.69.170")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    // The page view is written to Redis in the background.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let rec = order(&b, "81.2.69.170", "t4", "5.00", "t4@example.org").await;
    // Bare, it would be the fourth cookie-less account at 5.00.
    assert_eq!(
        rec["signals"]["linkage"]["cookieless_users_per_amount_1h"], 0,
        "{rec}"
    );
    assert!(!has_reason(&rec, "cookieless_spread"), "{rec}");
}

#[tokio::test]
async fn a_gift_senders_orders_and_mailboxes_add_up_across_edges() {
    let redis = RedisServer::start();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .spawn()
        .await
        .unwrap();
    let extra = [("{redis}", redis.url()), ("{up}", up.addr().to_string())];
    let a = Proxy::start_with(&config(), &extra).await;
    let b = Proxy::start_with(&config(), &extra).await;
    // One account, three orders over both edges, two of them to one mailbox.
    let ip = "81.2.69.180";
    order(&a, ip, "gwen", "25.00", "ann.lee@gmail.com").await;
    order(&b, ip, "gwen", "25.00", "bo.kim@outlook.com").await;
    let rec = order(&a, ip, "gwen", "25.00", "Ann.Lee+x@gmail.com").await;
    let l = &rec["signals"]["linkage"];
    assert_eq!(l["orders_per_user_1h"], 3, "{rec}");
    assert_eq!(l["mailboxes_per_user_1h"], 2, "{rec}");
    assert!(!has_reason(&rec, "gift_recipients"), "{rec}");
}
