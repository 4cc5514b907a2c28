//! The account and fingerprint facts are model inputs (schema v3, issue 13) through the
//! running proxy: browsers get their device cookie from a page view and post the beacon as
//! the shop's script does, then order; each test reads the feature vector riskgate logged
//! for the order (admin `GET /decisions/{id}`). No `[risk.signals]` rule is configured: the
//! model sees the facts whether or not a rule acts on them.

mod common;

use common::*;

fn config(log: &std::path::Path) -> String {
    ShopConfig::new(0.1325, 0.5114)
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

/// The browser's order of `amount` by `user`; returns the logged decision record.
async fn order(p: &Proxy, ip: &str, cookie: &str, amount: &str, user: &str) -> serde_json::Value {
    browser_order(p, ip, cookie, "en-GB,en;q=0.5", order_body(amount, user)).await
}

/// The logged value of feature `name`.
fn feature(rec: &serde_json::Value, name: &str) -> f64 {
    let names = rec["feature_names"].as_array().expect("feature_names");
    let i = names
        .iter()
        .position(|n| n.as_str() == Some(name))
        .unwrap_or_else(|| panic!("{name} is not a logged feature: {rec}"));
    rec["features"][i].as_f64().expect("a number")
}

#[tokio::test]
async fn one_fingerprint_across_users_and_networks_is_counted_in_the_features() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    // A ring: four accounts, four cookies, four networks, one browser build.
    for (i, user) in ["ann", "bob", "cid", "dan"].iter().enumerate() {
        let ip = format!("81.2.{}.160", 60 + i);
        let cookie = browser(&p, &ip, 0, Some("1fbc52f9")).await;
        let rec = order(&p, &ip, &cookie, "25.00", user).await;
        let n = (i + 1) as f64;
        assert_eq!(feature(&rec, "users_per_fingerprint_24h"), n, "{rec}");
        assert_eq!(feature(&rec, "networks_per_fingerprint_24h"), n, "{rec}");
        // A UK address, an en-GB browser and a UTC clock agree.
        assert_eq!(feature(&rec, "tz_mismatch"), 0.0, "{rec}");
    }
}

#[tokio::test]
async fn a_clock_no_country_of_the_address_uses_and_a_repeated_amount_are_features() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    // A UK address and an en-GB browser with a clock at UTC+8.
    let cookie = browser(&p, "81.2.69.160", 480, Some("77aa01c3")).await;
    let first = order(&p, "81.2.69.160", &cookie, "120.00", "eve").await;
    assert_eq!(feature(&first, "tz_mismatch"), 1.0, "{first}");
    assert_eq!(feature(&first, "same_amount_user_24h"), 1.0, "{first}");
    let second = order(&p, "81.2.69.160", &cookie, "120.00", "eve").await;
    assert_eq!(feature(&second, "same_amount_user_24h"), 2.0, "{second}");
    let other = order(&p, "81.2.69.160", &cookie, "30.00", "eve").await;
    assert_eq!(feature(&other, "same_amount_user_24h"), 1.0, "{other}");
}

#[tokio::test]
async fn without_a_beacon_the_fingerprint_features_are_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    let cookie = browser(&p, "81.2.69.160", 0, None).await;
    let rec = order(&p, "81.2.69.160", &cookie, "25.00", "fay").await;
    assert_eq!(rec["feature_names"].as_array().unwrap().len(), 33);
    for n in [
        "users_per_fingerprint_24h",
        "networks_per_fingerprint_24h",
        "tz_mismatch",
        "new_device_for_user",
    ] {
        assert_eq!(feature(&rec, n), 0.0, "{n}: {rec}");
    }
    assert_eq!(feature(&rec, "same_amount_user_24h"), 1.0, "{rec}");
}
