//! Lists, rate limits and purchase limits through the running proxy and the admin API.

mod common;

use common::*;
use std::time::Duration;

const CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
trusted_proxies = ["127.0.0.0/8"]
[admin]
listen = "{admin}"
[lists.block]
ip = "{dir}/block-ip.txt"
device = "{dir}/block-device.txt"
user = "{dir}/block-user.txt"
email = "{dir}/block-email.txt"
[lists.allow]
ip = "{dir}/allow-ip.txt"
[upstreams.u]
servers = ["{up}"]
[[routes]]
name = "orders"
kind = "pass"
upstream = "u"
methods = ["POST"]
prefix = "/api/orders"
user_key = "header:x-shop-user"
purchase_limits = [{ scope = "user", max = 5, window = "day" }]
[[routes]]
name = "login"
kind = "pass"
upstream = "u"
prefix = "/login"
rate_limits = [{ scope = "ip+route", rate = 1, per = "1m", burst = 3 }]
[[routes]]
name = "rest"
kind = "pass"
upstream = "u"
"#;

struct Env {
    up: TestUpstream,
    dir: tempfile::TempDir,
}

async fn env() -> Env {
    let up = upstream()
        .route("/x", 200, "ok")
        .route("/api/orders", 201, "{\"order\":1}")
        .route("/login", 200, "welcome")
        .spawn()
        .await
        .unwrap();
    Env {
        up,
        dir: tempfile::tempdir().unwrap(),
    }
}

async fn start(e: &Env) -> Proxy {
    Proxy::start_with(
        CFG,
        &[
            ("{up}", e.up.addr().to_string()),
            ("{dir}", e.dir.path().display().to_string()),
        ],
    )
    .await
}

async fn admin_json(
    p: &Proxy,
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = p
        .client
        .request(method, format!("http://{}{}", p.admin, path))
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

async fn get_from(p: &Proxy, ip: &str) -> reqwest::Response {
    p.client
        .get(p.url("/x"))
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn listed_ip_cidr_and_device_get_403_with_the_reason() {
    let e = env().await;
    let p = start(&e).await;
    assert_eq!(get_from(&p, "198.51.100.7").await.status(), 200);

    let (s, _) = admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/ip",
        serde_json::json!({"value": "198.51.100.0/24", "reason": "card testing"}),
    )
    .await;
    assert_eq!(s, 201);
    let r = get_from(&p, "198.51.100.7").await;
    assert_eq!(r.status(), 403);
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"request_id": rid, "decision": "block", "reasons": ["blacklist_ip"]})
    );
    assert_eq!(
        get_from(&p, "198.51.101.7").await.status(),
        200,
        "outside the CIDR"
    );

    // IPv6 single address.
    admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/ip",
        serde_json::json!({"value": "2001:db8::66"}),
    )
    .await;
    assert_eq!(get_from(&p, "2001:db8::66").await.status(), 403);

    // A device id can be listed and listed entries are visible (the cookie round trip
    // is in `listed_device_cookie_is_blocked`).
    let r = p.client.get(p.url("/x")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let device =
        e.up.log
            .last()
            .unwrap()
            .header("x-device-id")
            .unwrap()
            .to_string();
    let (s, body) = admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/device",
        serde_json::json!({"value": device}),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let (s, listed) = p.admin_get("/lists/device").await.unwrap();
    assert_eq!(s, 200);
    assert!(listed.contains(&device));

    // Allow list beats block list.
    admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/ip",
        serde_json::json!({"value": "203.0.113.9", "list": "allow"}),
    )
    .await;
    admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/ip",
        serde_json::json!({"value": "203.0.113.0/24"}),
    )
    .await;
    assert_eq!(get_from(&p, "203.0.113.9").await.status(), 200);
    assert_eq!(get_from(&p, "203.0.113.10").await.status(), 403);

    // Removal.
    let r = p
        .client
        .delete(format!(
            "http://{}/lists/ip?value=198.51.100.0%2F24",
            p.admin
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(get_from(&p, "198.51.100.7").await.status(), 200);

    // Bad input is a 400 with a message, not a crash.
    let (s, body) = admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/ip",
        serde_json::json!({"value": "300.1.1.1"}),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    let (s, _) = admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/planet",
        serde_json::json!({"value": "x"}),
    )
    .await;
    assert_eq!(s, 404);

    let ok = eventually(Duration::from_secs(2), || async {
        metric_value(&p.metrics().await, "riskgate_list_hits_total{kind=\"ip\"}").unwrap_or(0.0)
            >= 3.0
    })
    .await;
    assert!(ok, "{}", p.metrics().await);
}

#[tokio::test]
async fn listed_device_cookie_is_blocked() {
    let e = env().await;
    let html = upstream()
        .route("/", 200, "<html>hi</html>")
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_with(
        CFG,
        &[
            ("{up}", html.addr().to_string()),
            ("{dir}", e.dir.path().display().to_string()),
        ],
    )
    .await;
    let r = p.client.get(p.url("/")).send().await.unwrap();
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let device = html
        .log
        .last()
        .unwrap()
        .header("x-device-id")
        .unwrap()
        .to_string();
    admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/device",
        serde_json::json!({"value": device}),
    )
    .await;
    let r = p
        .client
        .get(p.url("/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["reasons"], serde_json::json!(["blacklist_device"]));
}

#[tokio::test]
async fn ttl_ban_expires() {
    let e = env().await;
    let p = start(&e).await;
    let (s, _) = admin_json(
        &p,
        reqwest::Method::POST,
        "/lists/ip",
        serde_json::json!({"value": "192.0.2.50", "ttl_secs": 1}),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(get_from(&p, "192.0.2.50").await.status(), 403);
    let lifted = eventually(Duration::from_secs(4), || async {
        get_from(&p, "192.0.2.50").await.status() == 200
    })
    .await;
    assert!(lifted, "the temporary ban lifts by itself");
}

#[tokio::test]
async fn list_changes_survive_a_restart() {
    let e = env().await;
    {
        let p = start(&e).await;
        admin_json(
            &p,
            reqwest::Method::POST,
            "/lists/ip",
            serde_json::json!({"value": "192.0.2.77", "reason": "chargeback"}),
        )
        .await;
        admin_json(
            &p,
            reqwest::Method::POST,
            "/lists/email",
            serde_json::json!({"value": "Fraud@Example.com"}),
        )
        .await;
        assert_eq!(get_from(&p, "192.0.2.77").await.status(), 403);
    } // SIGINT: the process is gone.
    let file = std::fs::read_to_string(e.dir.path().join("block-ip.txt")).unwrap();
    assert!(
        file.contains("192.0.2.77") && file.contains("chargeback"),
        "{file}"
    );
    let p = start(&e).await;
    assert_eq!(
        get_from(&p, "192.0.2.77").await.status(),
        403,
        "still blocked after restart"
    );
    let (_, emails) = p.admin_get("/lists/email").await.unwrap();
    assert!(emails.contains("fraud@example.com"), "{emails}");
}

#[tokio::test]
async fn corrupt_list_file_stops_start_with_file_and_line() {
    let e = env().await;
    std::fs::write(
        e.dir.path().join("block-ip.txt"),
        "192.0.2.1\n# fine\nnot-an-ip\n",
    )
    .unwrap();
    let cfg = render(
        CFG,
        free_port(),
        free_port(),
        &[
            ("{up}", e.up.addr().to_string()),
            ("{dir}", e.dir.path().display().to_string()),
        ],
    );
    let path = e.dir.path().join("riskgate.toml");
    std::fs::write(&path, cfg).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["run", "--config", path.to_str().unwrap()])
        .env("RISKGATE_ADMIN_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("block-ip.txt:3:"), "{err}");
}

#[tokio::test]
async fn sixth_order_of_a_user_in_a_day_is_refused() {
    let e = env().await;
    let p = start(&e).await;
    let order = |user: &'static str| {
        p.client
            .post(p.url("/api/orders"))
            .header("x-shop-user", user)
            .body("{}")
            .send()
    };
    for i in 1..=5 {
        assert_eq!(order("alice").await.unwrap().status(), 201, "order {i}");
    }
    let r = order("alice").await.unwrap();
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["reasons"], serde_json::json!(["daily_limit_user"]));
    assert_eq!(
        e.up.log.count_path("/api/orders"),
        5,
        "the refused order never reached the shop"
    );
    // Another user is unaffected.
    assert_eq!(order("bob").await.unwrap().status(), 201);
    let ok = p
        .wait_metric(
            "riskgate_purchase_limited_total{scope=\"user\"}",
            1.0,
            Duration::from_secs(2),
        )
        .await;
    assert!(ok, "{}", p.metrics().await);
}

#[tokio::test]
async fn burst_beyond_the_bucket_gets_429_with_retry_after() {
    let e = env().await;
    let p = start(&e).await;
    let login = |ip: &'static str| {
        p.client
            .get(p.url("/login"))
            .header("x-forwarded-for", ip)
            .send()
    };
    for _ in 0..3 {
        assert_eq!(login("198.51.100.20").await.unwrap().status(), 200);
    }
    let r = login("198.51.100.20").await.unwrap();
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=60).contains(&retry),
        "retry after {retry}s (1 token per minute)"
    );
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["request_id"], rid.as_str());
    assert_eq!(body["error"], "rate_limited");
    // Other clients have their own bucket; other routes are not limited.
    assert_eq!(login("198.51.100.21").await.unwrap().status(), 200);
    assert_eq!(get_from(&p, "198.51.100.20").await.status(), 200);
    let ok = p
        .wait_metric(
            "riskgate_rate_limited_total{scope=\"ip+route\"}",
            1.0,
            Duration::from_secs(2),
        )
        .await;
    assert!(ok, "{}", p.metrics().await);
}

#[tokio::test]
async fn report_by_request_id_blocks_the_order_identities() {
    let e = env().await;
    let p = start(&e).await;
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-shop-user", "mallory")
        .header("x-forwarded-for", "198.51.100.99")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let reported = eventually(Duration::from_secs(2), || async {
        admin_json(
            &p,
            reqwest::Method::POST,
            "/report",
            serde_json::json!({"request_id": rid, "reason": "chargeback"}),
        )
        .await
        .0 == 201
    })
    .await;
    assert!(reported);
    // The user is now blocked even from another IP, and the IP for another user.
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-shop-user", "mallory")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-shop-user", "someone")
        .header("x-forwarded-for", "198.51.100.99")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let (s, _) = admin_json(
        &p,
        reqwest::Method::POST,
        "/report",
        serde_json::json!({"request_id": "nope"}),
    )
    .await;
    assert_eq!(s, 404);
}
