//! What one scored order asks of a real `redis-server` in fleet mode (issue 15: as few
//! Redis calls per order as possible): one script call before the decision (limits,
//! velocity and signal reads), which also applies the order's velocity and signal writes
//! when the order passes its limits (they need nothing from the shop's answer). Only the
//! writes that follow a branch on an answer (a cookie-less order's amount, counted only
//! for a client that browsed no page) take a second, background call.

mod common;
mod fleet_support;

use common::*;
use fleet_support::RedisServer;
use std::time::Duration;

fn config() -> String {
    config_with("")
}

/// The scoring edge in fleet mode with `extra` sections before the shop routes.
fn config_with(extra: &str) -> String {
    format!(
        "{edge}{state}{extra}\n{routes}",
        edge = scoring_edge(0.99, 0.999),
        state = fleet_state("timeout = \"500ms\""),
        routes = SHOP_ROUTES,
    )
}

async fn order(p: &Proxy, user: &str) {
    let code = order_from(p, "81.2.69.160", user, "40.00").await;
    assert_eq!(code, 201);
}

/// A cookie-less order of `user` from `ip` at `amount` USD; its status.
async fn order_from(p: &Proxy, ip: &str, user: &str, amount: &str) -> u16 {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", ip)
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"amount":"{amount}","currency":"USD","user":"{user}","email":"{user}@example.com"}}"#
        ))
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

fn reset_stats(redis: &RedisServer) {
    let _: () = redis::cmd("CONFIG")
        .arg("RESETSTAT")
        .query(&mut redis.conn())
        .unwrap();
}

/// Script calls counted since the last reset once no more arrive (background calls
/// included): waits until `want` arrived, then half a second more.
async fn settled_scripts(redis: &RedisServer, want: u64) -> u64 {
    eventually(Duration::from_secs(5), || async { scripts(redis) >= want }).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    scripts(redis)
}

/// Keys in Redis.
fn keys(redis: &RedisServer) -> u64 {
    redis::cmd("DBSIZE").query(&mut redis.conn()).unwrap()
}

/// Script calls (`EVALSHA` and `EVAL`) Redis ran since the last `CONFIG RESETSTAT`.
fn scripts(redis: &RedisServer) -> u64 {
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query(&mut redis.conn())
        .unwrap();
    info.lines()
        .filter(|l| l.starts_with("cmdstat_evalsha:") || l.starts_with("cmdstat_eval:"))
        .filter_map(|l| {
            l.split("calls=")
                .nth(1)?
                .split(',')
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum()
}

/// The shop stand-in, and riskgate on `redis` with `config`, warmed by one order (which
/// loads the script: NOSCRIPT, then EVAL, and opens the connection).
async fn edge(redis: &RedisServer, config: &str) -> (Proxy, TestUpstream) {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .route("/limited", 201, "{\"order\":\"o-2\"}")
        .route("/", 200, "<html>shop</html>")
        .spawn()
        .await
        .unwrap();
    let extra = [("{redis}", redis.url()), ("{up}", up.addr().to_string())];
    let p = Proxy::start_env(config, &extra, &[]).await;
    order(&p, "warm").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    (p, up)
}

// Until the writes rode the read's call, this order made two calls (a read, then a
// background write): that count was changed on purpose, with the behaviour.
#[tokio::test]
async fn a_scored_order_is_one_script_call() {
    let redis = RedisServer::start();
    let (p, _up) = edge(&redis, &config()).await;
    reset_stats(&redis);
    let before = keys(&redis);
    order(&p, "alice").await;
    assert_eq!(
        settled_scripts(&redis, 1).await,
        1,
        "script calls for one order"
    );
    // Its velocity and signal writes were applied by that call (new keys for alice).
    assert!(keys(&redis) > before, "the order's writes reached Redis");
}

/// A route whose orders are limited to one per user per hour.
const LIMITED: &str = r#"[[routes]]
name = "limited"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/limited"
rate_limits = [{ scope = "user", rate = 1, per = "1h", burst = 1 }]
[routes.order]
format = "json"
amount = "/amount"
currency = "/currency"
user = "/user"
email = "/email"
required = ["amount"]
"#;

#[tokio::test]
async fn a_refused_order_is_one_script_call_that_writes_nothing_but_its_limits() {
    let redis = RedisServer::start();
    let (p, _up) = edge(&redis, &config_with(LIMITED)).await;
    let limited = |ip: &'static str| {
        let p = &p;
        async move {
            p.client
                .post(p.url("/limited"))
                .header("x-forwarded-for", ip)
                .header("content-type", "application/json")
                .body(r#"{"amount":"40.00","currency":"USD","user":"bob"}"#)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    reset_stats(&redis);
    assert_eq!(limited("81.2.69.161").await, 201);
    assert_eq!(settled_scripts(&redis, 1).await, 1, "a passing order");
    // Bob again from another address: refused by the user's rate limit, and none of its
    // velocity (a new address's counters) is written.
    let before = keys(&redis);
    reset_stats(&redis);
    assert_eq!(limited("81.2.69.162").await, 429);
    assert_eq!(settled_scripts(&redis, 1).await, 1, "a refused order");
    assert_eq!(keys(&redis), before, "a refused order wrote velocity");
}

#[tokio::test]
async fn a_cookieless_orders_amount_waits_for_the_page_count_it_depends_on() {
    let redis = RedisServer::start();
    let linkage = "[risk.linkage]\ncookieless_spread = 3\n[risk.decision_log]\npath = \"{dir}/decisions.jsonl\"\n";
    let (p, _up) = edge(&redis, &config_with(linkage)).await;
    // A browser that viewed a page (written in the background) is not bare: its order
    // is one call, and its amount is not counted.
    let page = p
        .client
        .get(p.url("/"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", "81.2.69.170")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    reset_stats(&redis);
    assert_eq!(order_from(&p, "81.2.69.170", "browsed", "5.00").await, 201);
    assert_eq!(settled_scripts(&redis, 1).await, 1, "a browsed order");
    // A bare one: its amount is counted once Redis said it browsed nothing, in a second
    // (background) call.
    reset_stats(&redis);
    assert_eq!(order_from(&p, "2.125.160.217", "bare1", "5.00").await, 201);
    assert_eq!(
        settled_scripts(&redis, 2).await,
        2,
        "a bare cookie-less order"
    );
    // The amount counts the two bare accounts only.
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", "89.160.20.113")
        .header("content-type", "application/json")
        .body(r#"{"amount":"5.00","currency":"USD","user":"bare2","email":"bare2@example.com"}"#)
        .send()
        .await
        .unwrap();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
    assert_eq!(
        rec["signals"]["linkage"]["cookieless_users_per_amount_1h"], 2,
        "{rec}"
    );
}
