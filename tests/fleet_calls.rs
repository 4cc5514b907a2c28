//! What one scored order asks of a real `redis-server` in fleet mode (issue 15: as few
//! Redis calls per order as possible): one script call before the decision (limits,
//! velocity and signal reads) and one after it for all of the order's velocity and
//! signal writes, which need nothing from the shop's answer.

mod common;
mod fleet_support;

use common::*;
use fleet_support::RedisServer;
use std::time::Duration;

fn config() -> String {
    format!(
        "{edge}{state}{routes}",
        edge = scoring_edge(0.99, 0.999),
        state = fleet_state("timeout = \"500ms\""),
        routes = SHOP_ROUTES,
    )
}

async fn order(p: &Proxy, user: &str) {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-forwarded-for", "81.2.69.160")
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"amount":"40.00","currency":"USD","user":"{user}","email":"{user}@example.com"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
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

#[tokio::test]
async fn a_scored_order_is_one_script_call_to_read_and_one_to_write() {
    let redis = RedisServer::start();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .spawn()
        .await
        .unwrap();
    let extra = [("{redis}", redis.url()), ("{up}", up.addr().to_string())];
    let p = Proxy::start_env(&config(), &extra, &[]).await;
    // The first order loads the script (NOSCRIPT, then EVAL) and opens the connection.
    order(&p, "warm").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _: () = redis::cmd("CONFIG")
        .arg("RESETSTAT")
        .query(&mut redis.conn())
        .unwrap();
    order(&p, "alice").await;
    let two = eventually(Duration::from_secs(5), || async { scripts(&redis) >= 2 }).await;
    assert!(two, "the order's read and write reached Redis");
    // Nothing else follows (the write is sent right after the decision).
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(scripts(&redis), 2, "script calls for one order");
}
