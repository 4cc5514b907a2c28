//! Device continuity and uniform fingerprints (issue 13) through the running proxy:
//! - `[risk.rules] device_replayed`: a valid device cookie presented by another browser
//!   (family, Apple or not, primary language, beacon hardware) than the one it was first
//!   seen with is a stolen cookie replayed; a browser update on a new network is not;
//! - a beacon of a browser that looks the same for every user by design (Firefox
//!   `resistFingerprinting`: Tor and Mullvad Browser report `UTC` and no canvas) is not
//!   counted as a shared fingerprint, while the same count on an ordinary build is.
//!
//! Each check reads the decision riskgate logged for the order (admin
//! `GET /decisions/{id}`).

mod common;

use common::*;

const MAC_SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15";
const MAC_SAFARI_NEXT: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";
const WIN_CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const MULLVAD: &str = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0";

fn config(log: &std::path::Path) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines("[risk.rules]\ndevice_replayed = \"review\"")
        .lines("[risk.signals]\nmax_users_per_fingerprint = 3\nfingerprint_min_networks = 2")
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

/// A page view from `ip` as `ua`: returns the device cookie riskgate set.
async fn page(p: &Proxy, ip: &str, ua: &str, lang: &str, cookie: Option<&str>) -> Option<String> {
    let mut req = p
        .client
        .get(p.url("/"))
        .header("user-agent", ua)
        .header("accept-language", lang)
        .header("x-forwarded-for", ip);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("rg_did={c}"));
    }
    device_cookie(&req.send().await.unwrap())
}

/// The beacon `fp.js` posts: `tz` name at offset 0, `canvas` (`None`: refused).
async fn beacon(p: &Proxy, ip: &str, ua: &str, cookie: &str, tz: &str, canvas: Option<&str>) {
    let canvas = canvas.map_or("null".to_string(), |c| format!("\"{c}\""));
    let body = format!(
        r#"{{"v":1,"timezone":"{tz}","tz_offset":0,"screen":{{"w":1400,"h":900,"depth":24}},"dpr":1,"platform":"Win32","languages":["en-US","en"],"cores":2,"canvas":{canvas},"webdriver":false,"touch_points":0}}"#
    );
    post_beacon(p, ip, Some(ua), cookie, body).await;
}

/// An order by `user` with the device cookie; returns the logged decision.
async fn order(
    p: &Proxy,
    ip: &str,
    ua: &str,
    lang: &str,
    cookie: &str,
    user: &str,
) -> serde_json::Value {
    order_as(p, ip, ua, cookie, lang, order_body("20.00", user)).await
}

#[tokio::test]
async fn a_cookie_replayed_in_another_browser_is_reviewed_and_an_update_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;

    // The owner: a Mac at home, seen again with its cookie; then it updates Safari and
    // orders from another network.
    let home = page(&p, "81.2.69.160", MAC_SAFARI, "en-GB,en;q=0.9", None)
        .await
        .expect("the page sets the device cookie");
    page(&p, "81.2.69.160", MAC_SAFARI, "en-GB,en;q=0.9", Some(&home)).await;
    let rec = order(
        &p,
        "2.125.160.216",
        MAC_SAFARI_NEXT,
        "en-GB",
        &home,
        "owner",
    )
    .await;
    assert!(!has_reason(&rec, "device_replayed"), "{rec}");
    assert!(rec["signals"].get("device_replayed").is_none(), "{rec}");

    // Another owner's cookie pasted into a Windows Chrome with a Russian language list.
    let victim = page(&p, "81.2.69.170", MAC_SAFARI, "en-GB,en;q=0.9", None)
        .await
        .unwrap();
    page(
        &p,
        "81.2.69.170",
        MAC_SAFARI,
        "en-GB,en;q=0.9",
        Some(&victim),
    )
    .await;
    let rec = order(
        &p,
        "89.160.20.112",
        WIN_CHROME,
        "ru-RU,ru;q=0.9",
        &victim,
        "v",
    )
    .await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(has_reason(&rec, "device_replayed"), "{rec}");
    assert_eq!(rec["signals"]["device_replayed"], "ua_family", "{rec}");
    // The thief keeps the victim's UA but not its language: still the cookie is burnt,
    // and it stays burnt for the next order.
    let rec = order(&p, "89.160.20.112", MAC_SAFARI, "en-GB", &victim, "v").await;
    assert!(has_reason(&rec, "device_replayed"), "{rec}");

    // A cookie imported with the whole UA and language, but posting another machine's
    // beacon (Windows under the Mac the cookie's beacon showed).
    let third = page(&p, "81.2.69.180", MAC_SAFARI, "en-GB", None)
        .await
        .unwrap();
    let mac_beacon = r#"{"v":1,"timezone":"Europe/London","tz_offset":0,"screen":{"w":1440,"h":900,"depth":24},"dpr":2,"platform":"MacIntel","languages":["en-GB"],"cores":8,"canvas":"0badcafe","webdriver":false,"touch_points":0}"#;
    let r = p
        .client
        .post(p.url("/__rg/beacon"))
        .header("user-agent", MAC_SAFARI)
        .header("accept-language", "en-GB")
        .header("cookie", format!("rg_did={third}"))
        .header("x-forwarded-for", "81.2.69.180")
        .header("content-type", "text/plain")
        .body(mac_beacon)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let rec = order(&p, "81.2.69.180", MAC_SAFARI, "en-GB", &third, "t").await;
    assert!(!has_reason(&rec, "device_replayed"), "the owner: {rec}");
    beacon(
        &p,
        "89.160.20.113",
        MAC_SAFARI,
        &third,
        "Europe/London",
        Some("1ee7"),
    )
    .await;
    let rec = order(&p, "89.160.20.113", MAC_SAFARI, "en-GB", &third, "t").await;
    assert!(has_reason(&rec, "device_replayed"), "{rec}");
    assert_eq!(rec["signals"]["device_replayed"], "hardware", "{rec}");
}

#[tokio::test]
async fn a_fingerprint_uniform_by_design_is_not_a_shared_one() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    // Four strangers on four networks, each in Mullvad Browser (UTC, canvas refused).
    let mut last = serde_json::Value::Null;
    for (i, user) in ["ann", "bob", "cid", "dan"].iter().enumerate() {
        let ip = format!("81.2.{}.160", 60 + i);
        let c = page(&p, &ip, MULLVAD, "en-US,en;q=0.5", None)
            .await
            .unwrap();
        beacon(&p, &ip, MULLVAD, &c, "UTC", None).await;
        last = order(&p, &ip, MULLVAD, "en-US,en;q=0.5", &c, user).await;
        assert!(!has_reason(&last, "shared_fingerprint"), "{i}: {last}");
    }
    assert_eq!(last["signals"]["uniform_fingerprint"], true, "{last}");
    assert_eq!(last["signals"]["users_per_fingerprint_24h"], 1, "{last}");
    assert_eq!(last["signals"]["tz_mismatch"], false, "{last}");

    // The same count on an ordinary build (a canvas, a real zone): a shared fingerprint.
    for (i, user) in ["eve", "fay", "gus", "hal"].iter().enumerate() {
        let ip = format!("2.125.{}.216", 160 + i);
        let c = page(&p, &ip, MULLVAD, "en-US,en;q=0.5", None)
            .await
            .unwrap();
        beacon(&p, &ip, MULLVAD, &c, "Europe/Berlin", Some("1fbc52f9")).await;
        last = order(&p, &ip, MULLVAD, "en-US,en;q=0.5", &c, user).await;
    }
    assert!(has_reason(&last, "shared_fingerprint"), "{last}");
    assert!(
        last["signals"].get("uniform_fingerprint").is_none(),
        "{last}"
    );
}
