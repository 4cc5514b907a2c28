//! Beacons of cookie-less clients (`[risk.signals] beacon_via_client`, issue 13) through
//! the running proxy: a checkout bot that keeps no cookie loads the page, posts the
//! beacon without a cookie and orders without one from the same address and
//! `User-Agent`; its order inherits the beacon's verdict (`device_inconsistent`, logged
//! with `beacon_via_client`). A consistent cookie-less browser inherits no verdict, an
//! address with two different beacons is ambiguous, and with the key off nothing is
//! inherited. Each check reads the decision riskgate logged (admin `GET /decisions/{id}`).

mod common;

use common::*;

const WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn config(log: &std::path::Path, on: bool) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines(&format!(
            "[risk.rules]\ndevice_inconsistent = \"review\"\n\
             [risk.signals]\nbeacon_via_client = {on}"
        ))
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

/// A page view and a beacon posted without a cookie (as a browser that keeps none),
/// with this beacon `platform` and `canvas`.
async fn cookieless_visit(p: &Proxy, ip: &str, platform: &str, canvas: &str) {
    let r = p
        .client
        .get(p.url("/"))
        .header("user-agent", WIN)
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap();
    assert!(device_cookie(&r).is_some(), "the page offers a cookie");
    let beacon = format!(
        r#"{{"v":1,"timezone":"America/New_York","tz_offset":-300,"screen":{{"w":1920,"h":1080,"depth":24}},"dpr":1,"platform":"{platform}","languages":["en-US"],"cores":16,"canvas":"{canvas}","webdriver":false,"touch_points":0}}"#
    );
    let r = p
        .client
        .post(p.url("/__rg/beacon"))
        .header("user-agent", WIN)
        .header("sec-ch-ua-platform", "\"Windows\"")
        .header("x-forwarded-for", ip)
        .header("content-type", "text/plain")
        .body(beacon)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

/// An order without a cookie from `ip` with the bot's `User-Agent`; the logged decision.
async fn cookieless_order(p: &Proxy, ip: &str, user: &str) -> serde_json::Value {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", WIN)
        .header("sec-ch-ua-platform", "\"Windows\"")
        .header("x-forwarded-for", ip)
        .header("accept-language", "en-US,en;q=0.9")
        .header("accept-encoding", "gzip, deflate, br")
        .header("content-type", "application/json")
        .body(order_body("20.00", user))
        .send()
        .await
        .unwrap();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    serde_json::from_str(&rec).unwrap()
}

fn reasons(rec: &serde_json::Value) -> Vec<&str> {
    rec["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect()
}

async fn start(dir: &tempfile::TempDir, on: bool) -> (Proxy, TestUpstream) {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .route("/", 200, "<html>shop</html>")
        .spawn()
        .await
        .unwrap();
    let cfg = config(&dir.path().join("decisions.jsonl"), on);
    let p = Proxy::start_env(&cfg, &[("{up}", up.addr().to_string())], &[]).await;
    (p, up)
}

#[tokio::test]
async fn a_cookieless_bot_inherits_its_beacons_hardware_contradiction() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir, true).await;

    // Playwright on a Linux server under a Windows UA, no cookie kept.
    cookieless_visit(&p, "81.2.69.170", "Linux x86_64", "b0t1").await;
    let rec = cookieless_order(&p, "81.2.69.170", "bot").await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"device_inconsistent"), "{rec}");
    assert_eq!(
        rec["signals"]["device_inconsistent"], "platform_os",
        "{rec}"
    );
    assert_eq!(rec["signals"]["beacon_via_client"], true, "{rec}");

    // A Windows browser that keeps no cookie: its beacon fits its UA.
    cookieless_visit(&p, "81.2.69.171", "Win32", "b0t2").await;
    let rec = cookieless_order(&p, "81.2.69.171", "privacy").await;
    assert!(!reasons(&rec).contains(&"device_inconsistent"), "{rec}");
    assert!(rec["signals"].get("device_inconsistent").is_none(), "{rec}");
    assert_eq!(rec["signals"]["beacon_via_client"], true, "{rec}");

    // An address without a beacon (another client) inherits nothing.
    let rec = cookieless_order(&p, "81.2.69.172", "script").await;
    assert!(rec["signals"].get("beacon_via_client").is_none(), "{rec}");
    assert!(!reasons(&rec).contains(&"device_inconsistent"), "{rec}");

    // Two different beacons behind one address and UA (a carrier NAT): ambiguous.
    cookieless_visit(&p, "81.2.69.173", "Linux x86_64", "b0t3").await;
    cookieless_visit(&p, "81.2.69.173", "Win32", "b0t4").await;
    let rec = cookieless_order(&p, "81.2.69.173", "nat").await;
    assert!(rec["signals"].get("beacon_via_client").is_none(), "{rec}");
    assert!(!reasons(&rec).contains(&"device_inconsistent"), "{rec}");
}

#[tokio::test]
async fn without_the_key_a_cookieless_beacon_is_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir, false).await;
    cookieless_visit(&p, "81.2.69.180", "Linux x86_64", "b0t1").await;
    let rec = cookieless_order(&p, "81.2.69.180", "bot").await;
    assert!(!reasons(&rec).contains(&"device_inconsistent"), "{rec}");
    assert!(rec["signals"].get("beacon_via_client").is_none(), "{rec}");
}
