//! Fleet mode shares velocity and the account signals, not only limits: two riskgate
//! processes on one real `redis-server` see each other's orders in the model's velocity
//! features (per IP, per client key, distinct devices and IPs per user) and in the
//! signal facts (users per beacon fingerprint), and a device issued its cookie on one
//! edge is not new on the other. Each test reads the decision the edge logged for the
//! order (admin `GET /decisions/{id}`).

mod common;
mod fleet_support;

use common::*;
use fleet_support::RedisServer;

/// A scoring edge in fleet mode with the shop routes, a decision log, the beacon and
/// one device-cookie key shared by the fleet (`FLEET_COOKIE_KEY`).
fn config() -> String {
    format!(
        r#"{edge}{state}
[risk.signals]
max_users_per_fingerprint = 3
fingerprint_min_networks = 2
[risk.decision_log]
path = "{{dir}}/decisions.jsonl"
[fingerprint]
beacon_path = "/__rg"
key_envs = ["FLEET_COOKIE_KEY"]
{routes}"#,
        edge = scoring_edge(0.1256, 0.6579),
        state = fleet_state("timeout = \"500ms\""),
        routes = SHOP_ROUTES,
    )
}

const KEY: &str = "fleet-cookie-key-0123456789abcdef0123456789";
const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// The shared state's series `series` on `p`'s metrics (0 when absent).
async fn series(p: &Proxy, series: &str) -> f64 {
    let (_, text) = p.admin_get("/metrics").await.unwrap();
    metric_value(&text, series).unwrap_or(0.0)
}

struct Fleet {
    a: Proxy,
    b: Proxy,
    _up: TestUpstream,
    redis: RedisServer,
}

async fn fleet() -> Fleet {
    let redis = RedisServer::start();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .route("/", 200, "<html>shop</html>")
        .spawn()
        .await
        .unwrap();
    let extra = [("{redis}", redis.url()), ("{up}", up.addr().to_string())];
    let envs = [("FLEET_COOKIE_KEY", KEY)];
    let a = Proxy::start_env(&config(), &extra, &envs).await;
    let b = Proxy::start_env(&config(), &extra, &envs).await;
    Fleet {
        a,
        b,
        _up: up,
        redis,
    }
}

/// Posts an order from `ip` (with the device cookie when given); returns the logged
/// decision record.
async fn order(p: &Proxy, ip: &str, cookie: Option<&str>, user: &str) -> serde_json::Value {
    let mut req = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", UA)
        .header("x-forwarded-for", ip)
        .header("accept-language", "en-GB,en;q=0.5")
        .header("accept-encoding", "gzip, deflate, br")
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"amount":"40.00","currency":"USD","user":"{user}","email":"{user}.smith@gmail.com"}}"#
        ));
    if let Some(c) = cookie {
        req = req.header("cookie", format!("rg_did={c}"));
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), 201);
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    serde_json::from_str(&rec).unwrap()
}

fn feature(rec: &serde_json::Value, name: &str) -> f64 {
    let names = rec["feature_names"].as_array().unwrap();
    let i = names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} not logged: {rec}"));
    rec["features"][i].as_f64().unwrap()
}

#[tokio::test]
async fn velocity_built_on_edge_a_is_seen_on_edge_b() {
    let f = fleet().await;
    // Two orders on A from one address without cookies, the third on B.
    order(&f.a, "81.2.69.10", None, "v1").await;
    order(&f.a, "81.2.69.10", None, "v2").await;
    let rec = order(&f.b, "81.2.69.10", None, "v3").await;
    assert_eq!(feature(&rec, "orders_ip_10m"), 3.0, "{rec}");
    assert_eq!(feature(&rec, "orders_client_10m"), 3.0, "{rec}");
    // And back on A: B's order counted there too.
    let rec = order(&f.a, "81.2.69.11", None, "v4").await;
    assert_eq!(feature(&rec, "orders_client_10m"), 4.0, "{rec}");
    assert_eq!(feature(&rec, "orders_ip_10m"), 1.0, "{rec}");
}

#[tokio::test]
async fn distinct_devices_and_ips_per_user_add_up_across_edges() {
    let f = fleet().await;
    // One account, a new device on each order, alternating edges and networks.
    order(&f.a, "81.2.69.160", None, "mallory").await;
    order(&f.b, "2.125.160.216", None, "mallory").await;
    let rec = order(&f.a, "89.160.20.112", None, "mallory").await;
    assert_eq!(feature(&rec, "devices_per_user_24h"), 3.0, "{rec}");
    assert_eq!(feature(&rec, "ips_per_user_24h"), 3.0, "{rec}");
    assert!(feature(&rec, "countries_per_user_7d") >= 2.0, "{rec}");
    // The same device and address again on B: nothing new.
    let dev = browser(&f.b, "81.2.69.160", 0, None).await;
    order(&f.b, "81.2.69.160", Some(&dev), "trudy").await;
    let rec = order(&f.a, "81.2.69.160", Some(&dev), "trudy").await;
    assert_eq!(feature(&rec, "devices_per_user_24h"), 1.0, "{rec}");
    assert_eq!(feature(&rec, "ips_per_user_24h"), 1.0, "{rec}");
    assert_eq!(feature(&rec, "orders_device_10m"), 2.0, "{rec}");
}

#[tokio::test]
async fn a_device_first_seen_on_edge_a_is_not_new_on_edge_b() {
    let f = fleet().await;
    let dev = browser(&f.a, "81.2.69.160", 0, None).await;
    let rec = order(&f.b, "81.2.69.160", Some(&dev), "erin").await;
    assert_eq!(feature(&rec, "new_device"), 0.0, "{rec}");
    // A device without a cookie is new wherever it orders.
    let rec = order(&f.a, "81.2.69.160", None, "erin").await;
    assert_eq!(feature(&rec, "new_device"), 1.0, "{rec}");
}

#[tokio::test]
async fn one_fingerprint_counts_its_users_on_every_edge() {
    let f = fleet().await;
    // One browser build (canvas "farm") ordering as four users on two networks, two on
    // each edge: the fourth order sees all four users.
    let mut last = serde_json::Value::Null;
    for (k, (edge, ip)) in [
        (&f.a, "81.2.69.160"),
        (&f.a, "81.2.69.161"),
        (&f.b, "2.125.160.216"),
        (&f.b, "2.125.160.217"),
    ]
    .into_iter()
    .enumerate()
    {
        let dev = browser(edge, ip, 0, Some("farm")).await;
        last = order(edge, ip, Some(&dev), &format!("farm{k}")).await;
    }
    assert_eq!(last["signals"]["users_per_fingerprint_24h"], 4, "{last}");
    assert_eq!(last["signals"]["networks_per_fingerprint_24h"], 2, "{last}");
    let reasons = last["reasons"].as_array().unwrap();
    assert!(reasons.iter().any(|r| r == "shared_fingerprint"), "{last}");
}

#[tokio::test]
async fn a_hung_redis_scores_orders_with_this_edges_own_velocity() {
    let f = fleet().await;
    order(&f.a, "81.2.69.20", None, "h1").await;
    let rec = order(&f.b, "81.2.69.20", None, "h2").await;
    assert_eq!(feature(&rec, "orders_ip_10m"), 2.0, "{rec}");
    // SIGSTOP: the socket stays open, nothing answers. The order still goes through
    // (velocity never refuses by itself) after at most `timeout`, scored with the counts
    // edge B kept locally all along (its own order, and this one).
    let pid = f.redis.pid().to_string();
    let stop = std::process::Command::new("kill")
        .args(["-STOP", &pid])
        .status()
        .unwrap();
    assert!(stop.success());
    let rec = order(&f.b, "81.2.69.20", None, "h3").await;
    assert_eq!(feature(&rec, "orders_ip_10m"), 2.0, "{rec}");
    assert!(series(&f.b, "riskgate_state_errors_total{cause=\"timeout\"}").await >= 1.0);
    let cont = std::process::Command::new("kill")
        .args(["-CONT", &pid])
        .status()
        .unwrap();
    assert!(cont.success());
    // Redis answers again: the fleet's count (A's order, B's first and the background
    // write of the order made while Redis hung, delivered late or dropped).
    let back = eventually(std::time::Duration::from_secs(10), || async {
        feature(
            &order(&f.a, "81.2.69.20", None, "h4").await,
            "orders_ip_10m",
        ) >= 3.0
    })
    .await;
    assert!(back, "the shared counts are used again once Redis answers");
}
