//! Account and fingerprint signals (`[risk.signals]`, issue 13) through the running proxy:
//! browsers get their device cookie from a page view and post the beacon as the shop's
//! script does, then order. Each test reads the decision riskgate logged for the order
//! (admin `GET /decisions/{id}`), including the logged signal facts.

mod common;

use common::*;

fn config(log: &std::path::Path) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines(
            r#"[risk.signals]
max_users_per_fingerprint = 3
fingerprint_min_networks = 2
tz_mismatch_min_usd = 150
cookieless_min_usd = 150
new_device_for_user = true
repeat_amount = 3
repeat_amount_min_usd = 20"#,
        )
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

async fn start(dir: &tempfile::TempDir) -> (Proxy, TestUpstream) {
    start_shop(&config(&dir.path().join("decisions.jsonl"))).await
}

#[tokio::test]
async fn one_fingerprint_across_users_and_networks_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    // A ring: four accounts, four cookies, four networks, one browser build.
    let mut last = serde_json::Value::Null;
    for (i, user) in ["ann", "bob", "cid", "dan"].iter().enumerate() {
        let ip = format!("81.2.{}.160", 60 + i);
        let cookie = browser(&p, &ip, 0, Some("1fbc52f9")).await;
        last = browser_order(
            &p,
            &ip,
            &cookie,
            "en-GB,en;q=0.5",
            order_body("25.00", user),
        )
        .await;
        if i < 3 {
            assert!(!has_reason(&last, "shared_fingerprint"), "{i}: {last}");
        }
    }
    assert!(has_reason(&last, "shared_fingerprint"), "{last}");
    assert_ne!(last["decision"], "allow", "{last}");
    assert_eq!(last["signals"]["users_per_fingerprint_24h"], 4, "{last}");
    assert_eq!(last["signals"]["networks_per_fingerprint_24h"], 4, "{last}");

    // A family behind one address: four accounts on one fingerprint from one network.
    for user in ["eve", "fay", "gus", "hal"] {
        let cookie = browser(&p, "81.2.69.192", 0, Some("0aa0aa0a")).await;
        last = browser_order(
            &p,
            "81.2.69.192",
            &cookie,
            "en-GB",
            order_body("25.00", user),
        )
        .await;
        assert!(!has_reason(&last, "shared_fingerprint"), "{user}: {last}");
    }
    assert_eq!(last["signals"]["users_per_fingerprint_24h"], 4, "{last}");
    assert_eq!(last["signals"]["networks_per_fingerprint_24h"], 1, "{last}");
}

#[tokio::test]
async fn a_clock_from_another_continent_on_a_new_device_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    // A British address and British language, but a New York clock: 200 USD.
    let cookie = browser(&p, "81.2.69.160", -300, Some("11111111")).await;
    let rec = browser_order(
        &p,
        "81.2.69.160",
        &cookie,
        "en-GB",
        order_body("200.00", "ivy"),
    )
    .await;
    assert!(has_reason(&rec, "tz_mismatch"), "{rec}");
    assert_ne!(rec["decision"], "allow", "{rec}");
    assert_eq!(rec["signals"]["tz_mismatch"], true, "{rec}");
    // An American abroad: clock and language agree (a traveller, a VPN user).
    let cookie = browser(&p, "81.2.69.161", -300, Some("22222222")).await;
    let rec = browser_order(
        &p,
        "81.2.69.161",
        &cookie,
        "en-US",
        order_body("200.00", "jon"),
    )
    .await;
    assert!(!has_reason(&rec, "tz_mismatch"), "{rec}");
    assert_eq!(rec["signals"]["tz_mismatch"], false, "{rec}");
    // A local clock: nothing.
    let cookie = browser(&p, "81.2.69.162", 0, Some("33333333")).await;
    let rec = browser_order(
        &p,
        "81.2.69.162",
        &cookie,
        "en-GB",
        order_body("200.00", "kim"),
    )
    .await;
    assert_eq!(rec["signals"]["tz_mismatch"], false, "{rec}");
    // A small amount with the mismatch: logged, not reviewed for it.
    let cookie = browser(&p, "81.2.69.163", -300, Some("44444444")).await;
    let rec = browser_order(
        &p,
        "81.2.69.163",
        &cookie,
        "en-GB",
        order_body("20.00", "lee"),
    )
    .await;
    assert_eq!(rec["signals"]["tz_mismatch"], true, "{rec}");
    assert!(!has_reason(&rec, "tz_mismatch"), "{rec}");
}

#[tokio::test]
async fn a_young_account_repeating_one_amount_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    let cookie = browser(&p, "81.2.69.170", 0, Some("55555555")).await;
    let mut recs = Vec::new();
    for _ in 0..3 {
        recs.push(
            browser_order(
                &p,
                "81.2.69.170",
                &cookie,
                "en-GB",
                order_body("100.00", "mo"),
            )
            .await,
        );
    }
    let counts: Vec<_> = recs
        .iter()
        .map(|r| r["signals"]["same_amount_24h"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [1, 2, 3]);
    assert!(!has_reason(&recs[1], "repeat_amount"), "{}", recs[1]);
    assert!(has_reason(&recs[2], "repeat_amount"), "{}", recs[2]);
    assert_ne!(recs[2]["decision"], "allow");
    assert_eq!(recs[2]["signals"]["user_established"], false);
    // Another amount by the same account starts its own count.
    let rec = browser_order(
        &p,
        "81.2.69.170",
        &cookie,
        "en-GB",
        order_body("50.00", "mo"),
    )
    .await;
    assert_eq!(rec["signals"]["same_amount_24h"], 1, "{rec}");
    assert!(!has_reason(&rec, "repeat_amount"), "{rec}");
}

#[tokio::test]
async fn a_device_first_seen_on_the_order_has_no_beacon_facts() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", "81.2.69.180")
        .header("content-type", "application/json")
        .body(order_body("30.00", "nia"))
        .send()
        .await
        .unwrap();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (_, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
    let s = &rec["signals"];
    assert_eq!(s["beacon"], false, "{rec}");
    assert_eq!(s["device_age_secs"], serde_json::Value::Null, "{rec}");
    assert_eq!(s["users_per_fingerprint_24h"], 0, "{rec}");
    // Unknown to the shop: no account history, so no new_device_for_user.
    assert!(!has_reason(&rec, "new_device_for_user"), "{rec}");
}

/// Orders `n` small baskets from browsers that keep their cookie (a page view first), so
/// the edge sees that its orders carry the device cookie (`risk::cookie_share`).
async fn browsers_order(p: &Proxy, n: u8) {
    for i in 0..n {
        let ip = format!("81.2.70.{}", 10 + i);
        let cookie = browser(p, &ip, 0, None).await;
        let user = format!("warm{i}");
        browser_order(p, &ip, &cookie, "en-GB", order_body("12.00", &user)).await;
    }
}

#[tokio::test]
async fn money_from_a_client_without_a_device_cookie_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    browsers_order(&p, 40).await;
    // A checkout script: no page view, so no device cookie, 200 USD.
    let script = cookieless_order(&p, "81.2.69.190", BROWSER_UA, order_body("200.00", "ola")).await;
    assert!(has_reason(&script, "cookieless_order"), "{script}");
    assert_eq!(
        script["decision"], "review",
        "weak: review, never block: {script}"
    );
    assert_eq!(
        script["signals"]["device_age_secs"],
        serde_json::Value::Null
    );
    assert!(script["signals"].get("cookies_rare").is_none(), "{script}");
    // A forged cookie is no cookie: the device id is issued on the order.
    let (_, forged) = logged_order(
        &p,
        &[
            ("user-agent", BROWSER_UA),
            ("x-forwarded-for", "81.2.69.191"),
            ("accept-language", "en-GB"),
            (
                "cookie",
                "rg_did=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            ),
        ],
        order_body("300.00", "pia"),
    )
    .await;
    assert!(has_reason(&forged, "cookieless_order"), "{forged}");
    // Below the threshold: not this signal.
    let small = cookieless_order(&p, "81.2.69.192", BROWSER_UA, order_body("149.00", "quin")).await;
    assert!(!has_reason(&small, "cookieless_order"), "{small}");
    // A browser that viewed a page first sends the cookie back: not held for it, even
    // though its device is seconds old.
    let cookie = browser(&p, "81.2.69.193", 0, Some("77777777")).await;
    let buyer = browser_order(
        &p,
        "81.2.69.193",
        &cookie,
        "en-GB",
        order_body("200.00", "rae"),
    )
    .await;
    assert!(!has_reason(&buyer, "cookieless_order"), "{buyer}");
    assert!(buyer["signals"]["device_age_secs"].is_u64(), "{buyer}");
}

#[tokio::test]
async fn an_edge_whose_orders_never_carry_the_cookie_does_not_hold_them_for_it() {
    // The order route on another host than the pages (or an app posting every order):
    // no order comes back with the cookie, so cookieless_order stays quiet and says why.
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    for i in 0..30u8 {
        let ip = format!("81.2.71.{}", 10 + i);
        let user = format!("app{i}");
        let rec = cookieless_order(&p, &ip, BROWSER_UA, order_body("200.00", &user)).await;
        assert!(!has_reason(&rec, "cookieless_order"), "{i}: {rec}");
        assert_eq!(rec["signals"]["cookies_rare"], true, "{i}: {rec}");
    }
    // Once browsers bring their cookie back to the route, it fires again.
    browsers_order(&p, 40).await;
    let script = cookieless_order(&p, "81.2.69.194", BROWSER_UA, order_body("200.00", "sam")).await;
    assert!(has_reason(&script, "cookieless_order"), "{script}");
}
