//! Fleet mode (`[state] backend = "redis"`): two riskgate processes sharing one real
//! `redis-server` enforce one purchase limit and one rate limit between them.

mod common;
mod fleet_support;

use common::*;
use common::{fleet_login as login, fleet_order as order, fleet_shop as shop};
use fleet_support::{poll, RedisServer};
use std::time::Duration;

/// The edge: [`fleet_edge`], orders limited to 3 per user per day, a login limited to 3
/// per ip+route (burst 3, then one a minute) and a pass route for the rest. `{redis}` is
/// the shared Redis.
fn cfg() -> String {
    fleet_edge(r#"url = "{redis}""#, r#"timeout = "500ms""#)
        + &fleet_routes(3, 3)
        + r#"[[routes]]
name = "rest"
kind = "pass"
upstream = "u"
"#
}

async fn edge(redis: &RedisServer, up: &TestUpstream) -> Proxy {
    Proxy::start_with(
        &cfg(),
        &[("{redis}", redis.url()), ("{up}", up.addr().to_string())],
    )
    .await
}

#[tokio::test]
async fn two_edges_share_one_daily_purchase_limit() {
    let redis = RedisServer::start();
    let up = shop().await;
    let (a, b) = (edge(&redis, &up).await, edge(&redis, &up).await);
    // 3 per user per day, spread over both edges: A, B, A.
    for (i, p) in [&a, &b, &a].into_iter().enumerate() {
        assert_eq!(order(p, "alice").await.0, 201, "order {i}");
        // The order is counted after the shop accepted it (in the background): wait until
        // Redis holds it before the next edge looks.
        let want = i as u64 + 1;
        assert!(
            poll(Duration::from_secs(5), || redis.sum("rg:pl:*") == want),
            "count {want} reaches redis"
        );
    }
    // The fourth is refused on B (which saw one order itself) and on A.
    for p in [&b, &a] {
        let (status, body) = order(p, "alice").await;
        assert_eq!(status, 403, "{body}");
        assert!(body.contains("daily_limit_user"), "{body}");
    }
    // Another user is not affected.
    assert_eq!(order(&b, "bob").await.0, 201);
    // One day counter per user, with an expiry (end of the shop's day + 1 h slack).
    assert!(poll(Duration::from_secs(5), || redis.keys("rg:pl:*").len() == 2));
    let keys = redis.keys("rg:pl:*");
    let mut c = redis.conn();
    for k in &keys {
        assert!(
            k.contains(":{") && k.contains("}:d"),
            "hash tag and day: {k}"
        );
        let ttl: i64 = redis::cmd("PTTL").arg(k).query(&mut c).unwrap();
        assert!(ttl > 0 && ttl <= 25 * 3_600_000, "{k}: pttl {ttl}");
    }
    let m = a.admin_get("/metrics").await.unwrap().1;
    assert!(
        m.contains("riskgate_purchase_limited_total{scope=\"user\"} 1"),
        "{m}"
    );
}

#[tokio::test]
async fn two_edges_share_one_rate_limit() {
    let redis = RedisServer::start();
    let up = shop().await;
    let (a, b) = (edge(&redis, &up).await, edge(&redis, &up).await);
    // Burst 3 for one client IP, whichever edge it reaches.
    assert_eq!(login(&a, "198.51.100.7").await, 200);
    assert_eq!(login(&b, "198.51.100.7").await, 200);
    assert_eq!(login(&a, "198.51.100.7").await, 200);
    assert_eq!(login(&b, "198.51.100.7").await, 429);
    assert_eq!(login(&a, "198.51.100.7").await, 429);
    // Another IP has its own bucket.
    assert_eq!(login(&b, "198.51.100.8").await, 200);
    let buckets = redis.keys("rg:rl:*");
    assert_eq!(buckets.len(), 2, "{buckets:?}");
    let mut c = redis.conn();
    let ttl: i64 = redis::cmd("PTTL").arg(&buckets[0]).query(&mut c).unwrap();
    assert!(
        ttl > 0 && ttl <= 180_001,
        "a bucket expires once full again: {ttl}"
    );
    let m = b.admin_get("/metrics").await.unwrap().1;
    assert!(
        m.contains("riskgate_rate_limited_total{scope=\"ip+route\"} 1"),
        "{m}"
    );
    assert!(
        m.contains("riskgate_state_errors_total{cause=\"timeout\"} 0"),
        "{m}"
    );
    let (status, ready) = b.admin_get("/readyz").await.unwrap();
    assert_eq!(status, 200);
    assert!(ready.contains("\"breaker\":\"closed\""), "{ready}");
}

#[tokio::test]
async fn a_memory_edge_counts_alone() {
    // The default backend: the same limit on two edges without Redis is per edge, so the
    // fourth order passes on B (what fleet mode fixes).
    let up = shop().await;
    let cfg = cfg()
        .replace("backend = \"redis\"\nurl = \"{redis}\"\n", "")
        .replace("timeout = \"500ms\"\n", "");
    let extra = [("{up}", up.addr().to_string())];
    let (a, b) = (
        Proxy::start_with(&cfg, &extra).await,
        Proxy::start_with(&cfg, &extra).await,
    );
    for _ in 0..3 {
        assert_eq!(order(&a, "alice").await.0, 201);
    }
    assert_eq!(order(&a, "alice").await.0, 403);
    assert_eq!(order(&b, "alice").await.0, 201);
    let ready = a.admin_get("/readyz").await.unwrap().1;
    assert!(!ready.contains("state"), "{ready}");
}

async fn block_ip(p: &Proxy, method: reqwest::Method, ip: &str) -> u16 {
    let r = p
        .client
        .request(method, format!("http://{}/lists/ip", p.admin))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"list": "block", "value": ip, "ttl_secs": 3600, "reason": "card testing"}))
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

async fn home(p: &Proxy, ip: &str) -> (u16, String) {
    let r = p
        .client
        .get(p.url("/"))
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Polls `edge` until `ip` gets `want` on `/`; returns how long it took (panics after 1 s,
/// the promise of `[state] list_poll` = 250 ms).
async fn seen_within_a_second(edge: &Proxy, ip: &str, want: u16) -> Duration {
    let started = std::time::Instant::now();
    let ok = eventually(Duration::from_secs(1), || async {
        home(edge, ip).await.0 == want
    })
    .await;
    assert!(ok, "{ip} -> {want} on the other edge within 1 s");
    started.elapsed()
}

#[tokio::test]
async fn a_list_entry_added_on_one_edge_blocks_on_every_edge_and_survives_restarts() {
    let redis = RedisServer::start();
    let up = upstream().route("/", 200, "shop").spawn().await.unwrap();
    let (a, mut b) = (edge(&redis, &up).await, edge(&redis, &up).await);
    assert_eq!(home(&b, "198.51.100.99").await.0, 200);

    assert_eq!(
        block_ip(&a, reqwest::Method::POST, "198.51.100.99").await,
        201
    );
    assert_eq!(home(&a, "198.51.100.99").await.0, 403, "at once on A");
    seen_within_a_second(&b, "198.51.100.99", 403).await;
    let (_, body) = home(&b, "198.51.100.99").await;
    assert!(body.contains("blacklist_ip"), "{body}");

    // B restarts (memory-only list kinds here): it replays the journal and still blocks.
    b.kill9_and_restart().await;
    seen_within_a_second(&b, "198.51.100.99", 403).await;
    let (_, listed) = b.admin_get("/lists/ip?list=block").await.unwrap();
    assert!(listed.contains("card testing"), "{listed}");

    // Removed on B: A lets it through again.
    let r = b
        .client
        .delete(format!(
            "http://{}/lists/ip?list=block&value=198.51.100.99",
            b.admin
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    seen_within_a_second(&a, "198.51.100.99", 200).await;
}

/// A scored order route (rules + ONNX model) limited to 2 orders per user per day.
fn scored(redis: &RedisServer) -> String {
    format!(
        r#"{edge}
[state]
backend = "redis"
url = "{url}"
timeout = "500ms"
[upstreams.shop]
servers = ["{{up}}"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
purchase_limits = [{{ scope = "user", max = 2, window = "day" }}]
[routes.order]
format = "json"
amount = "/amount"
currency = "/currency"
user = "/user"
required = ["amount"]
"#,
        edge = scoring_edge(0.99, 0.999),
        url = redis.url()
    )
}

async fn scored_order(p: &Proxy, user: &str) -> (u16, String) {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("content-type", "application/json")
        .header("x-forwarded-for", "192.0.2.44")
        .body(format!(
            r#"{{"amount":"25.00","currency":"USD","user":"{user}"}}"#
        ))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn scored_orders_on_two_edges_share_the_user_limit() {
    let redis = RedisServer::start();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let cfg = scored(&redis);
    let extra = [("{up}", up.addr().to_string())];
    let (a, b) = (
        Proxy::start_with(&cfg, &extra).await,
        Proxy::start_with(&cfg, &extra).await,
    );
    assert_eq!(scored_order(&a, "grace").await.0, 201);
    assert!(poll(Duration::from_secs(5), || redis.sum("rg:pl:*") == 1));
    assert_eq!(scored_order(&b, "grace").await.0, 201);
    assert!(poll(Duration::from_secs(5), || redis.sum("rg:pl:*") == 2));
    let (status, body) = scored_order(&a, "grace").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("daily_limit_user"), "{body}");
}
