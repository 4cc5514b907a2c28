//! Client intelligence through the running proxy: geolocation headers from the shipped
//! MMDB files, spoof protection, the signed device cookie and the browser beacon.

mod common;

use common::*;
use std::time::Duration;

fn config() -> String {
    let geoip = concat!(env!("CARGO_MANIFEST_DIR"), "/geoip");
    format!(
        r#"
[server]
listen = ["{{listen}}"]
threads = 1
trusted_proxies = ["127.0.0.0/8"]
[admin]
listen = "{{admin}}"
[geo]
country_db = "{geoip}/country.mmdb"
asn_db = "{geoip}/asn.mmdb"
hosting_asns = "{geoip}/hosting_asns.txt"
[fingerprint]
beacon_path = "/__rg"
[upstreams.u]
servers = ["{{up}}"]
[[routes]]
kind = "pass"
upstream = "u"
"#
    )
}

async fn start(up: &TestUpstream) -> Proxy {
    Proxy::start_with(&config(), &[("{up}", up.addr().to_string())]).await
}

#[tokio::test]
async fn geo_headers_come_from_the_databases_never_from_the_client() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let p = start(&up).await;
    // 8.8.8.8 via a trusted proxy hop; the client also tries to claim another country.
    p.client
        .get(p.url("/x"))
        .header("X-Forwarded-For", "8.8.8.8")
        .header("X-Geo-Country", "CH")
        .header("X-Geo-ASN", "1")
        .send()
        .await
        .unwrap();
    let seen = up.log.last().unwrap();
    assert_eq!(seen.header("x-geo-country"), Some("US"));
    assert_eq!(seen.header("x-geo-asn"), Some("15169"));
    assert_eq!(
        seen.header("x-geo-hosting"),
        None,
        "Google's main ASN is not a hosting ASN"
    );

    // A hosting provider's address (AWS) is flagged.
    p.client
        .get(p.url("/x"))
        .header("X-Forwarded-For", "3.5.140.2")
        .send()
        .await
        .unwrap();
    let seen = up.log.last().unwrap();
    assert_eq!(
        seen.header("x-geo-hosting"),
        Some("1"),
        "{:?}",
        seen.headers
    );

    // Loopback has no geo: the spoofed header must not survive either.
    p.client
        .get(p.url("/x"))
        .header("X-Geo-Country", "CH")
        .send()
        .await
        .unwrap();
    assert_eq!(up.log.last().unwrap().header("x-geo-country"), None);
    let m = p.metrics().await;
    assert!(
        metric_value(&m, "riskgate_geo_lookups_total{result=\"hit\"}").unwrap() >= 2.0,
        "{m}"
    );
    assert!(
        metric_value(&m, "riskgate_geo_lookups_total{result=\"miss\"}").unwrap() >= 1.0,
        "{m}"
    );
}

fn device_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        let pair = v.split(';').next()?;
        pair.strip_prefix("rg_did=").map(str::to_string)
    })
}

#[tokio::test]
async fn device_cookie_round_trips_and_tampering_is_detected() {
    let up = upstream()
        .route("/", 200, "<html>shop</html>")
        .route("/api", 200, "{\"ok\":true}")
        .spawn()
        .await
        .unwrap();
    let p = start(&up).await;

    // JSON responses never carry the cookie.
    let r = p.client.get(p.url("/api")).send().await.unwrap();
    assert!(device_cookie(&r).is_none());

    let r = p.client.get(p.url("/")).send().await.unwrap();
    let set = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"),
        "{set}"
    );
    let cookie = device_cookie(&r).expect("HTML response sets the device cookie");
    let first = up.log.last().unwrap();
    let first_id = first.header("x-device-id").unwrap().to_string();
    assert_eq!(first_id.len(), 32);
    assert_eq!(first.header("x-device-new"), Some("1"));
    assert_eq!(first.header("x-device-fingerprint").map(str::len), Some(16));
    // reqwest sends no User-Agent and no Accept-Language: automation signals.
    let signals = first.header("x-device-signals").unwrap_or_default();
    assert!(signals.contains("no_user_agent"), "{signals}");

    // The cookie comes back: same device, no new cookie.
    let r = p
        .client
        .get(p.url("/"))
        .header("cookie", format!("a=b; rg_did={cookie}"))
        .send()
        .await
        .unwrap();
    assert!(device_cookie(&r).is_none(), "valid cookie is not re-issued");
    assert_eq!(
        up.log.last().unwrap().header("x-device-id"),
        Some(first_id.as_str())
    );
    assert_eq!(up.log.last().unwrap().header("x-device-new"), None);

    // A tampered cookie is treated as absent: a new id, and it is counted.
    let mut bytes = cookie.into_bytes();
    bytes[5] = if bytes[5] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(bytes).unwrap();
    let r = p
        .client
        .get(p.url("/"))
        .header("cookie", format!("rg_did={tampered}"))
        .send()
        .await
        .unwrap();
    assert!(
        device_cookie(&r).is_some(),
        "a fresh cookie replaces the tampered one"
    );
    assert_ne!(
        up.log.last().unwrap().header("x-device-id"),
        Some(first_id.as_str())
    );
    // A client-sent X-Device-Id is never believed.
    p.client
        .get(p.url("/api"))
        .header("x-device-id", "f".repeat(32))
        .send()
        .await
        .unwrap();
    assert_ne!(
        up.log.last().unwrap().header("x-device-id"),
        Some("f".repeat(32).as_str())
    );
    let ok = eventually(Duration::from_secs(2), || async {
        let m = p.metrics().await;
        metric_value(&m, "riskgate_device_cookies_total{event=\"tampered\"}") == Some(1.0)
            && metric_value(&m, "riskgate_device_cookies_total{event=\"issued\"}") == Some(2.0)
    })
    .await;
    assert!(ok, "{}", p.metrics().await);
}

#[tokio::test]
async fn beacon_script_and_endpoint() {
    let up = upstream()
        .route("/", 200, "<html>shop</html>")
        .spawn()
        .await
        .unwrap();
    let p = start(&up).await;
    let js = p.client.get(p.url("/__rg/fp.js")).send().await.unwrap();
    assert_eq!(js.status(), 200);
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/javascript"));
    assert!(js.text().await.unwrap().contains("beacon"));

    let cookie = device_cookie(&p.client.get(p.url("/")).send().await.unwrap()).unwrap();
    let body = r#"{"v":1,"timezone":"Europe/Berlin","tz_offset":60,"screen":{"w":1920,"h":1080,"depth":24},"dpr":1.25,"platform":"Win32","languages":["de-DE","en"],"cores":8,"canvas":"1fbc52f9","webdriver":false,"touch_points":0}"#;
    let r = p
        .client
        .post(p.url("/__rg/beacon"))
        .header("cookie", format!("rg_did={cookie}"))
        .header("content-type", "text/plain")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = p
        .client
        .post(p.url("/__rg/beacon"))
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = p
        .client
        .post(p.url("/__rg/beacon"))
        .body(vec![b'x'; 8192])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(
        up.log.count_path("/__rg/beacon"),
        0,
        "beacons never reach the shop"
    );
    let ok = eventually(Duration::from_secs(2), || async {
        let m = p.metrics().await;
        metric_value(&m, "riskgate_beacons_total{outcome=\"accepted\"}") == Some(1.0)
            && metric_value(&m, "riskgate_beacons_total{outcome=\"rejected\"}") == Some(2.0)
    })
    .await;
    assert!(ok, "{}", p.metrics().await);
}

#[tokio::test]
async fn bad_geo_file_at_reload_keeps_the_old_databases() {
    let up = upstream().route("/x", 200, "ok").spawn().await.unwrap();
    let p = start(&up).await;
    let broken = config().replace("/country.mmdb", "/missing-country.mmdb");
    p.rewrite_config(&broken, &[("{up}", up.addr().to_string())]);
    let (status, body) = p.admin_post("/reload").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("missing-country.mmdb"),
        "the error names the file: {body}"
    );
    p.client
        .get(p.url("/x"))
        .header("X-Forwarded-For", "8.8.8.8")
        .send()
        .await
        .unwrap();
    assert_eq!(
        up.log.last().unwrap().header("x-geo-country"),
        Some("US"),
        "the old readers keep serving"
    );
}
