//! Fleet mode shares the beacons of cookie-less clients (`[risk.signals]
//! beacon_via_client`): a bot that keeps no cookie posts its beacon through edge A and
//! orders through edge B; its order inherits the beacon's verdict through Redis.

mod common;
mod fleet_support;

use common::*;
use fleet_support::RedisServer;

const WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn config() -> String {
    format!(
        r#"{edge}{state}
[risk.rules]
device_inconsistent = "review"
[risk.signals]
beacon_via_client = true
[risk.decision_log]
path = "{{dir}}/decisions.jsonl"
[fingerprint]
beacon_path = "/__rg"
{routes}"#,
        edge = scoring_edge(0.1256, 0.6579),
        state = fleet_state("timeout = \"500ms\""),
        routes = SHOP_ROUTES,
    )
}

#[tokio::test]
async fn a_beacon_posted_on_one_edge_is_inherited_on_another() {
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
    let ip = "81.2.69.190";
    // A Linux server's Chrome under a Windows UA posts its beacon, without a cookie, to A.
    let beacon = r#"{"v":1,"timezone":"UTC","tz_offset":0,"screen":{"w":800,"h":600,"depth":24},"dpr":1,"platform":"Linux x86_64","languages":["en-US"],"cores":2,"canvas":"b0ta","webdriver":false,"touch_points":0}"#;
    let r = a
        .client
        .post(a.url("/__rg/beacon"))
        .header("user-agent", WIN)
        .header("x-forwarded-for", ip)
        .header("content-type", "text/plain")
        .body(beacon)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    // The note is written to Redis in the background.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let r = b
        .client
        .post(b.url("/api/orders"))
        .header("user-agent", WIN)
        .header("x-forwarded-for", ip)
        .header("accept-language", "en-US,en;q=0.9")
        .header("content-type", "application/json")
        .body(order_body("20.00", "bot"))
        .send()
        .await
        .unwrap();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = b.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
    assert_eq!(rec["signals"]["beacon_via_client"], true, "{rec}");
    assert_eq!(
        rec["signals"]["device_inconsistent"], "platform_os",
        "{rec}"
    );
    assert!(
        rec["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "device_inconsistent"),
        "{rec}"
    );
}
