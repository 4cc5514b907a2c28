//! Account spread and small-amount spread (`[risk.linkage]`, issue 13 round 4) through the
//! running proxy: one login worked from several browsers on several networks, and a slow
//! card tester who views a page before each lowest-value order. Each test reads the
//! decision riskgate logged for the order (admin `GET /decisions/{id}`), including the
//! logged linkage facts.

mod common;

use common::*;

fn config(log: &std::path::Path) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines(
            "[risk.linkage]\naccount_spread = 3\nsmall_amount_spread = 4\nsmall_amount_max_usd = 15",
        )
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

fn linkage(rec: &serde_json::Value, field: &str) -> u64 {
    rec["signals"]["linkage"][field].as_u64().unwrap_or(0)
}

/// A page view from `ip` whose cookie the client then drops, and an order without it.
async fn page_then_bare_order(p: &Proxy, ip: &str, body: String) -> serde_json::Value {
    let page = page_view(p, ip).await;
    assert!(device_cookie(&page).is_some(), "the page offered a cookie");
    bare_order(p, ip, body).await
}

#[tokio::test]
async fn one_account_on_three_devices_and_networks_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    // A privacy browser that drops its cookie at every visit, on a rotating VPN: a new
    // cookie each time, but one device (its HTTP fingerprint) however many networks.
    for i in 0..3 {
        let ip = format!("89.160.{}.20", 30 + i);
        let rec =
            page_then_bare_order(&p, &ip, mail_order("40.00", "privy", "privy@example.org")).await;
        assert_eq!(linkage(&rec, "devices_per_user_1h"), 1, "{rec}");
        assert_eq!(linkage(&rec, "networks_per_user_1h"), i + 1, "{rec}");
        assert!(!has_reason(&rec, "account_spread"), "{rec}");
    }
    // One login worked from three anti-detect profiles (own canvases, beacons posted) on
    // three residential networks.
    let mut recs = Vec::new();
    for i in 0..3 {
        let ip = format!("81.2.{}.150", 60 + i);
        let cookie = browser(&p, &ip, 60, Some(&format!("0e0e0e0{i}"))).await;
        let order = mail_order("150.00", "victim", "drop99@example.org");
        recs.push(browser_order(&p, &ip, &cookie, "en-GB", order).await);
    }
    let counts: Vec<_> = recs
        .iter()
        .map(|r| {
            (
                linkage(r, "devices_per_user_1h"),
                linkage(r, "networks_per_user_1h"),
            )
        })
        .collect();
    assert_eq!(counts, [(1, 1), (2, 2), (3, 3)]);
    assert!(!has_reason(&recs[1], "account_spread"), "{}", recs[1]);
    assert!(has_reason(&recs[2], "account_spread"), "{}", recs[2]);
    assert_ne!(recs[2]["decision"], "allow", "{}", recs[2]);
    assert_ne!(
        recs[2]["decision"], "block",
        "weak evidence only reviews: {}",
        recs[2]
    );
}

#[tokio::test]
async fn new_device_accounts_at_one_small_amount_go_to_review_despite_page_views() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    // Buyers whose browser keeps its cookie (history: the page's cookie and beacon)
    // never count, at the same amount.
    for (i, user) in ["ann", "bob", "cid", "dan"].iter().enumerate() {
        let ip = format!("81.2.{}.170", 60 + i);
        let cookie = browser(&p, &ip, 0, Some(&format!("2abc52f{i}"))).await;
        let email = format!("{user}@example.org");
        let rec = browser_order(&p, &ip, &cookie, "en-GB", mail_order("10.00", user, &email)).await;
        assert_eq!(linkage(&rec, "small_amount_users_20m"), 0, "{rec}");
    }
    // A slow card tester: a page view seconds before each order, the cookie dropped, a
    // new account and address per card, the lowest value.
    let mut recs = Vec::new();
    for (i, user) in ["jack1001", "mike2002", "lisa3003", "owen4004"]
        .iter()
        .enumerate()
    {
        let ip = format!("89.160.20.{}", 110 + i);
        let email = format!("{user}@example.org");
        recs.push(page_then_bare_order(&p, &ip, mail_order("10.00", user, &email)).await);
    }
    let counts: Vec<_> = recs
        .iter()
        .map(|r| linkage(r, "small_amount_users_20m"))
        .collect();
    assert_eq!(counts, [1, 2, 3, 4]);
    assert!(!has_reason(&recs[2], "small_amount_spread"), "{}", recs[2]);
    assert!(has_reason(&recs[3], "small_amount_spread"), "{}", recs[3]);
    assert_ne!(recs[3]["decision"], "allow", "{}", recs[3]);
    // Above the cap nothing is counted, whatever the accounts.
    for (i, user) in ["amy1", "amy2", "amy3", "amy4", "amy5"].iter().enumerate() {
        let ip = format!("89.160.21.{}", 110 + i);
        let email = format!("{user}@example.org");
        let rec = page_then_bare_order(&p, &ip, mail_order("20.00", user, &email)).await;
        assert_eq!(linkage(&rec, "small_amount_users_20m"), 0, "{rec}");
        assert!(!has_reason(&rec, "small_amount_spread"), "{rec}");
    }
}

/// The shop with `repeat_spend_min_usd = 100` (and nothing else of `[risk.linkage]`).
fn repeat_config(log: &std::path::Path) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines("[risk.linkage]\nrepeat_spend_min_usd = 100")
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

#[tokio::test]
async fn a_fresh_accounts_second_high_order_in_the_hour_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&repeat_config(&dir.path().join("decisions.jsonl"))).await;
    // A taken-over account cashed out from the fresh browser that got in: 250, then 300
    // USD, both to the account's mailbox.
    let ip = "81.2.69.40";
    let cookie = browser(&p, ip, 0, Some("0a0a0a01")).await;
    let first = browser_order(
        &p,
        ip,
        &cookie,
        "en-GB",
        mail_order("250.00", "ana", "ana@example.org"),
    )
    .await;
    assert_eq!(linkage(&first, "high_orders_per_user_1h"), 1, "{first}");
    assert!(!has_reason(&first, "repeat_spend"), "{first}");
    let second = browser_order(
        &p,
        ip,
        &cookie,
        "en-GB",
        mail_order("300.00", "ana", "ana@example.org"),
    )
    .await;
    assert_eq!(linkage(&second, "high_orders_per_user_1h"), 2, "{second}");
    assert!(has_reason(&second, "repeat_spend"), "{second}");
    assert_eq!(
        second["decision"], "review",
        "weak evidence only reviews: {second}"
    );
    // Honest shapes it leaves alone: a declined payment retried at one amount, a small
    // first order and then a big one, a gift to a mailbox per recipient.
    let ip = "81.2.69.41";
    let cookie = browser(&p, ip, 0, Some("0a0a0a02")).await;
    for _ in 0..2 {
        let rec = browser_order(
            &p,
            ip,
            &cookie,
            "en-GB",
            mail_order("250.00", "ben", "ben@example.org"),
        )
        .await;
        assert!(!has_reason(&rec, "repeat_spend"), "a retry: {rec}");
    }
    let ip = "81.2.69.42";
    let cookie = browser(&p, ip, 0, Some("0a0a0a03")).await;
    for amount in ["20.00", "300.00"] {
        let rec = browser_order(
            &p,
            ip,
            &cookie,
            "en-GB",
            mail_order(amount, "cat", "cat@example.org"),
        )
        .await;
        assert!(!has_reason(&rec, "repeat_spend"), "small, then big: {rec}");
    }
    let ip = "81.2.69.43";
    let cookie = browser(&p, ip, 0, Some("0a0a0a04")).await;
    for (amount, to) in [("150.00", "mum@example.org"), ("200.00", "dad@example.org")] {
        let rec = browser_order(&p, ip, &cookie, "en-GB", mail_order(amount, "dan", to)).await;
        assert!(!has_reason(&rec, "repeat_spend"), "gifts: {rec}");
    }
}

/// The shop with `network_hop_min_usd = 60` (and nothing else of `[risk.linkage]`).
fn hop_config(log: &std::path::Path) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines("[risk.linkage]\nnetwork_hop_min_usd = 60")
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

#[tokio::test]
async fn a_fresh_accounts_second_order_from_another_network_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&hop_config(&dir.path().join("decisions.jsonl"))).await;
    // A cash-out through a residential proxy that rotates its exit per request: one fresh
    // browser, 63.50 then 127 USD, each order from another network, both to one mailbox.
    let cookie = browser(&p, "81.2.70.10", 0, Some("0b0b0b01")).await;
    let order =
        |amount: &'static str, user: &'static str, to: &'static str| mail_order(amount, user, to);
    let first = browser_order(
        &p,
        "81.2.70.10",
        &cookie,
        "en-GB",
        order("63.50", "eve", "eve@example.org"),
    )
    .await;
    assert_eq!(linkage(&first, "networks_per_user_1h"), 1, "{first}");
    assert!(!has_reason(&first, "network_hop"), "{first}");
    let second = browser_order(
        &p,
        "72.14.9.10",
        &cookie,
        "en-GB",
        order("127.00", "eve", "eve@example.org"),
    )
    .await;
    assert_eq!(
        (
            linkage(&second, "orders_per_user_1h"),
            linkage(&second, "networks_per_user_1h"),
            linkage(&second, "devices_per_user_1h")
        ),
        (2, 2, 1),
        "{second}"
    );
    assert!(has_reason(&second, "network_hop"), "{second}");
    assert_eq!(
        second["decision"], "review",
        "weak evidence only reviews: {second}"
    );
    // Honest shapes it leaves alone: a second order from the same line, and a second
    // order from another network below the amount.
    let cookie = browser(&p, "81.2.71.10", 0, Some("0b0b0b02")).await;
    for amount in ["70.00", "90.00"] {
        let rec = browser_order(
            &p,
            "81.2.71.10",
            &cookie,
            "en-GB",
            order(amount, "fay", "fay@example.org"),
        )
        .await;
        assert!(!has_reason(&rec, "network_hop"), "one line: {rec}");
    }
    let cookie = browser(&p, "81.2.72.10", 0, Some("0b0b0b03")).await;
    for (ip, amount) in [("81.2.72.10", "45.00"), ("72.14.10.10", "50.00")] {
        let rec = browser_order(
            &p,
            ip,
            &cookie,
            "en-GB",
            order(amount, "gus", "gus@example.org"),
        )
        .await;
        assert!(!has_reason(&rec, "network_hop"), "small: {rec}");
    }
    // A dual-stack browser at one ISP (Comcast, AS7922) that reaches the shop over IPv4,
    // then over IPv6: two networks, one line.
    let cookie = browser(&p, "73.1.2.3", 0, Some("0b0b0b04")).await;
    for (ip, amount) in [("73.1.2.3", "80.00"), ("2601:1c0::1", "120.00")] {
        let rec = browser_order(
            &p,
            ip,
            &cookie,
            "en-US",
            order(amount, "hal", "hal@example.org"),
        )
        .await;
        assert!(!has_reason(&rec, "network_hop"), "dual stack: {rec}");
        if ip.contains(':') {
            assert_eq!(
                (
                    linkage(&rec, "networks_per_user_1h"),
                    linkage(&rec, "asns_per_user_1h"),
                    linkage(&rec, "ip_families_per_user_1h")
                ),
                (2, 1, 2),
                "{rec}"
            );
        }
    }
}
