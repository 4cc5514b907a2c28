//! Fleet mode shares the spread signals (`[risk.linkage] account_spread`, `network_hop`,
//! `small_amount_spread`): two riskgate processes on one real `redis-server` count one
//! account's devices and networks, and the new-device accounts at one small amount,
//! together, so a login worked from several proxies or a slow card tester spread over the
//! edges is seen like on one. Each test reads the decision the edge logged.

mod common;
mod fleet_support;

use common::*;
use fleet_support::RedisServer;

fn config() -> String {
    format!(
        r#"{edge}{state}
[risk.linkage]
account_spread = 3
small_amount_spread = 4
[risk.decision_log]
path = "{{dir}}/decisions.jsonl"
{routes}"#,
        edge = scoring_edge(0.1256, 0.6579),
        state = fleet_state("timeout = \"500ms\""),
        routes = SHOP_ROUTES,
    )
}

/// A cookie-less order from `ip` with User-Agent `ua`; returns the logged decision.
async fn order(p: &Proxy, ip: &str, ua: &str, user: &str, amount: &str) -> serde_json::Value {
    let body = format!(
        r#"{{"amount":"{amount}","currency":"USD","user":"{user}","email":"{user}@example.org"}}"#
    );
    cookieless_order(p, ip, ua, body).await
}

/// Two edges with `cfg` on one fresh `redis-server`, in front of an origin whose
/// `/api/orders` answers 201 (the server and the origin live as long as the tuple).
async fn two_edges(cfg: &str) -> (RedisServer, TestUpstream, Proxy, Proxy) {
    let redis = RedisServer::start();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .spawn()
        .await
        .unwrap();
    let extra = [("{redis}", redis.url()), ("{up}", up.addr().to_string())];
    let a = Proxy::start_with(cfg, &extra).await;
    let b = Proxy::start_with(cfg, &extra).await;
    (redis, up, a, b)
}

const CHROME_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
                         (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_UA: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 \
                         (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

#[tokio::test]
async fn spread_counts_add_up_across_edges() {
    let (_redis, _up, a, b) = two_edges(&config()).await;
    // One account from three browsers (Firefox, Chrome, Safari: three HTTP fingerprints)
    // on three networks, alternating edges.
    order(&a, "81.2.69.160", BROWSER_UA, "victim", "150.00").await;
    order(&b, "2.125.160.216", CHROME_UA, "victim", "150.00").await;
    let rec = order(&a, "89.160.20.112", SAFARI_UA, "victim", "150.00").await;
    assert_eq!(rec["signals"]["linkage"]["devices_per_user_1h"], 3, "{rec}");
    assert_eq!(
        rec["signals"]["linkage"]["networks_per_user_1h"], 3,
        "{rec}"
    );
    assert!(has_reason(&rec, "account_spread"), "{rec}");
    // Four new-device accounts at one small amount over both edges.
    for (i, user) in ["t1", "t2", "t3"].iter().enumerate() {
        let p = if i % 2 == 0 { &b } else { &a };
        let rec = order(p, &format!("81.2.70.{}", 10 + i), BROWSER_UA, user, "10.00").await;
        assert!(!has_reason(&rec, "small_amount_spread"), "{rec}");
    }
    let rec = order(&a, "81.2.70.20", BROWSER_UA, "t4", "10.00").await;
    assert_eq!(
        rec["signals"]["linkage"]["small_amount_users_20m"], 4,
        "{rec}"
    );
    assert!(has_reason(&rec, "small_amount_spread"), "{rec}");
}

#[tokio::test]
async fn repeat_spend_counts_an_accounts_high_orders_across_edges() {
    let cfg = config().replace(
        "[risk.linkage]\n",
        "[risk.linkage]\nrepeat_spend_min_usd = 100\n",
    );
    let (_redis, _up, a, b) = two_edges(&cfg).await;
    // A taken-over account cashed out through both edges: 250, then 300 USD.
    let first = order(&a, "81.2.69.160", BROWSER_UA, "drained", "250.00").await;
    assert_eq!(
        first["signals"]["linkage"]["high_orders_per_user_1h"], 1,
        "{first}"
    );
    assert!(!has_reason(&first, "repeat_spend"), "{first}");
    let second = order(&b, "81.2.69.160", BROWSER_UA, "drained", "300.00").await;
    assert_eq!(
        second["signals"]["linkage"]["high_orders_per_user_1h"], 2,
        "{second}"
    );
    assert!(has_reason(&second, "repeat_spend"), "{second}");
    assert_eq!(second["decision"], "review", "{second}");
}

#[tokio::test]
async fn network_hop_sees_an_accounts_networks_across_edges() {
    let cfg = config().replace(
        "[risk.linkage]\n",
        "[risk.linkage]\nnetwork_hop_min_usd = 60\n",
    );
    let (_redis, _up, a, b) = two_edges(&cfg).await;
    // One cookie-less browser (one HTTP fingerprint) whose proxy exit changes between its
    // two orders, each through another edge.
    let first = order(&a, "81.2.69.170", SAFARI_UA, "hopper", "63.50").await;
    assert_eq!(
        first["signals"]["linkage"]["networks_per_user_1h"], 1,
        "{first}"
    );
    assert!(!has_reason(&first, "network_hop"), "{first}");
    let second = order(&b, "72.14.9.170", SAFARI_UA, "hopper", "127.00").await;
    assert_eq!(
        (
            &second["signals"]["linkage"]["orders_per_user_1h"],
            &second["signals"]["linkage"]["networks_per_user_1h"],
            &second["signals"]["linkage"]["devices_per_user_1h"],
            &second["signals"]["linkage"]["asns_per_user_1h"],
            &second["signals"]["linkage"]["ip_families_per_user_1h"]
        ),
        (&2.into(), &2.into(), &1.into(), &2.into(), &1.into()),
        "{second}"
    );
    assert!(has_reason(&second, "network_hop"), "{second}");
    assert_eq!(second["decision"], "review", "{second}");
}
