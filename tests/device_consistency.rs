//! Device consistency (`[risk.rules] device_inconsistent`, issue 13) through the running
//! proxy: a browser gets its device cookie from a page view and posts the beacon as the
//! shop's script does, then orders with the same `User-Agent`. The test reads the
//! decision riskgate logged for the order (admin `GET /decisions/{id}`).

mod common;

use common::*;

const ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15";

/// A device of `ua` with this beacon `platform`, touch points and screen; orders once
/// from `ip` as `user` and returns the logged decision.
async fn device_order(
    p: &Proxy,
    ip: &str,
    ua: &str,
    platform: &str,
    touch: u8,
    screen: (u16, u16),
    user: &str,
) -> serde_json::Value {
    let r = p
        .client
        .get(p.url("/"))
        .header("user-agent", ua)
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap();
    let cookie = device_cookie(&r).expect("the page sets the device cookie");
    let beacon = format!(
        r#"{{"v":1,"timezone":"Europe/London","tz_offset":0,"screen":{{"w":{},"h":{},"depth":24}},"dpr":2,"platform":"{platform}","languages":["en-GB"],"cores":4,"canvas":"5eed{touch}0aa","webdriver":false,"touch_points":{touch}}}"#,
        screen.0, screen.1
    );
    post_beacon(p, ip, Some(ua), &cookie, beacon).await;
    order_as(
        p,
        ip,
        ua,
        &cookie,
        "en-GB,en;q=0.9",
        order_body("20.00", user),
    )
    .await
}

fn reasons(rec: &serde_json::Value) -> Vec<&str> {
    rec["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect()
}

#[tokio::test]
async fn an_emulator_goes_to_review_and_an_ipad_on_the_desktop_site_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = ShopConfig::new(0.1256, 0.6579)
        .lines("[risk.rules]\ndevice_inconsistent = \"review\"")
        .decision_log(&dir.path().join("decisions.jsonl"))
        .beacon()
        .shop_routes()
        .build();
    let (p, _up) = start_shop(&cfg).await;

    // An x86 Android emulator: Android UA, `Linux x86_64` platform.
    let rec = device_order(
        &p,
        "81.2.69.160",
        ANDROID,
        "Linux x86_64",
        1,
        (411, 731),
        "emu",
    )
    .await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"device_inconsistent"), "{rec}");
    assert_eq!(
        rec["signals"]["device_inconsistent"], "x86_android",
        "{rec}"
    );
    assert_eq!(rec["stage"], "rule", "{rec}");

    // iPadOS Safari asking for the desktop site: a Mac UA, MacIntel, five touch points.
    let rec = device_order(&p, "81.2.69.161", MAC, "MacIntel", 5, (820, 1180), "ipad").await;
    assert!(!reasons(&rec).contains(&"device_inconsistent"), "{rec}");
    assert!(rec["signals"].get("device_inconsistent").is_none(), "{rec}");

    // The same Android UA on a real phone (ARM platform, touch): consistent.
    let rec = device_order(
        &p,
        "81.2.69.162",
        ANDROID,
        "Linux armv81",
        5,
        (412, 915),
        "phone",
    )
    .await;
    assert!(!reasons(&rec).contains(&"device_inconsistent"), "{rec}");
}
