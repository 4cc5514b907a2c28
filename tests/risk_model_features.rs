//! The account and fingerprint facts are model inputs (schema v3, issue 13) through the
//! running proxy: browsers get their device cookie from a page view and post the beacon as
//! the shop's script does, then order; each test reads the feature vector riskgate logged
//! for the order (admin `GET /decisions/{id}`). No `[risk.signals]` rule is configured: the
//! model sees the facts whether or not a rule acts on them.

mod common;

use common::*;

fn config(log: &std::path::Path) -> String {
    format!(
        r#"{edge}
[risk.decision_log]
path = "{log}"
[fingerprint]
beacon_path = "/__rg"
{routes}"#,
        edge = scoring_edge(0.1325, 0.5114),
        routes = SHOP_ROUTES,
        log = log.display()
    )
}

const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A browser: its device cookie from a page view, then (if `canvas` is given) its beacon
/// with time zone offset `tz` (minutes east of UTC, as `fp.js` posts it).
async fn browser(p: &Proxy, ip: &str, tz: i32, canvas: Option<&str>) -> String {
    let r = p
        .client
        .get(p.url("/"))
        .header("user-agent", UA)
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap();
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| {
            let pair = v.to_str().ok()?.split(';').next()?;
            pair.strip_prefix("rg_did=").map(str::to_string)
        })
        .expect("the page sets the device cookie");
    if let Some(canvas) = canvas {
        let beacon = format!(
            r#"{{"v":1,"timezone":"X","tz_offset":{tz},"screen":{{"w":1920,"h":1080,"depth":24}},"dpr":1,"platform":"Win32","languages":["en-GB"],"cores":8,"canvas":"{canvas}","webdriver":false,"touch_points":0}}"#
        );
        let r = p
            .client
            .post(p.url("/__rg/beacon"))
            .header("cookie", format!("rg_did={cookie}"))
            .header("x-forwarded-for", ip)
            .header("content-type", "text/plain")
            .body(beacon)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }
    cookie
}

/// Posts an order; returns the logged decision record.
async fn order(p: &Proxy, ip: &str, cookie: &str, amount: &str, user: &str) -> serde_json::Value {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", UA)
        .header("x-forwarded-for", ip)
        .header("accept-language", "en-GB,en;q=0.5")
        .header("accept-encoding", "gzip, deflate, br")
        .header("content-type", "application/json")
        .header("cookie", format!("rg_did={cookie}"))
        .body(format!(
            r#"{{"amount":"{amount}","currency":"USD","user":"{user}","email":"{user}.smith@gmail.com"}}"#
        ))
        .send()
        .await
        .unwrap();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    serde_json::from_str(&rec).unwrap()
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
