//! Fleet mode faults with a real `redis-server`: killed mid-traffic, hung (SIGSTOP), and
//! back again. Each `on_error` policy decides the orders Redis cannot answer for, the
//! fault shows in metrics and `/readyz`, and a Redis that returns is used again without
//! restarting riskgate.

mod common;
mod fleet_support;

use common::*;
use common::{fleet_login as login, fleet_order as order};
use fleet_support::{poll, RedisServer};
use std::time::Duration;

/// The edge: [`fleet_edge`], orders limited to 2 per user per day and a login limited to
/// 1 per ip+route. The budget is generous (a loaded CI machine must not time out by
/// accident); the breaker opens after 2 failures and probes every 100 ms.
fn cfg() -> String {
    fleet_edge(
        r#"url = "{redis}""#,
        r#"timeout = "300ms"
on_error = {on_error}
breaker_failures = 2
breaker_backoff = "100ms""#,
    ) + &fleet_routes(2, 1)
}

async fn edge(redis: &RedisServer, on_error: &str) -> (Proxy, TestUpstream) {
    let up = fleet_shop().await;
    let p = Proxy::start_with(
        &cfg(),
        &[
            ("{redis}", redis.url()),
            ("{up}", up.addr().to_string()),
            ("{on_error}", on_error.to_string()),
        ],
    )
    .await;
    (p, up)
}

/// The value of one exact series line of `/metrics` (0 when absent).
async fn series(p: &Proxy, line: &str) -> u64 {
    let m = p.admin_get("/metrics").await.unwrap().1;
    m.lines()
        .find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn redis_killed_mid_traffic_denies_then_recovers_without_restart() {
    let mut redis = RedisServer::start();
    let (edge, _up) = edge(&redis, "\"deny\"").await;
    assert_eq!(order(&edge, "alice").await.0, 201);
    assert!(poll(Duration::from_secs(5), || redis.sum("rg:pl:*") == 1));

    redis.kill();
    for i in 0..4 {
        let (status, body) = order(&edge, "bob").await;
        assert_eq!(status, 403, "order {i}: {body}");
        assert!(body.contains("state_unavailable"), "{body}");
    }
    assert!(series(&edge, "riskgate_state_errors_total{cause=\"error\"}").await >= 1);
    assert_eq!(
        series(
            &edge,
            "riskgate_state_fallbacks_total{guard=\"purchase\",policy=\"deny\"}"
        )
        .await,
        4
    );
    assert_eq!(
        series(
            &edge,
            "riskgate_decisions_total{decision=\"block\",reason=\"state_unavailable\"}"
        )
        .await,
        4
    );
    let (status, ready) = edge.admin_get("/readyz").await.unwrap();
    assert_eq!(status, 200, "Redis down is degraded, not unready: {ready}");
    assert!(ready.contains("\"breaker\":\"open\""), "{ready}");

    // Redis comes back (empty: no persistence); the same riskgate process uses it again.
    redis.restart();
    let recovered = eventually(Duration::from_secs(10), || async {
        order(&edge, "carol").await.0 == 201
    })
    .await;
    assert!(recovered, "orders pass again once Redis is back");
    assert!(poll(Duration::from_secs(5), || redis.sum("rg:pl:*") >= 1));
    let ready = edge.admin_get("/readyz").await.unwrap().1;
    assert!(ready.contains("\"breaker\":\"closed\""), "{ready}");
}

#[tokio::test]
async fn redis_killed_mid_traffic_falls_back_to_local_counts() {
    let mut redis = RedisServer::start();
    let (edge, _up) = edge(&redis, "\"local\"").await;
    assert_eq!(order(&edge, "alice").await.0, 201);
    assert!(poll(Duration::from_secs(5), || redis.sum("rg:pl:*") == 1));

    redis.kill();
    // This edge also counted alice's first order itself: one more passes, then its own
    // limit refuses (per edge while Redis is away).
    assert_eq!(order(&edge, "alice").await.0, 201);
    let (status, body) = order(&edge, "alice").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("daily_limit_user"), "{body}");
    assert!(
        series(
            &edge,
            "riskgate_state_fallbacks_total{guard=\"purchase\",policy=\"local\"}"
        )
        .await
            >= 2
    );

    // Back: orders are counted in Redis again (each attempt is a new buyer, so local
    // fallback answers during the breaker's backoff do not interfere).
    redis.restart();
    let mut n = 0;
    let recovered = eventually(Duration::from_secs(10), || {
        n += 1;
        let user = format!("buyer{n}");
        let (edge, redis) = (&edge, &redis);
        async move { order(edge, &user).await.0 == 201 && redis.sum("rg:pl:*") >= 1 }
    })
    .await;
    assert!(recovered, "orders are counted in Redis again");
}

#[tokio::test]
async fn a_hung_redis_costs_at_most_the_timeout_and_each_guard_has_its_policy() {
    let redis = RedisServer::start();
    let (edge, _up) = edge(&redis, "{ rate = \"allow\", purchase = \"deny\" }").await;
    assert_eq!(login(&edge, "203.0.113.5").await, 200);
    assert_eq!(login(&edge, "203.0.113.5").await, 429);

    // SIGSTOP: the socket stays open, nothing answers (a stuck or overloaded Redis).
    let pid = redis.pid().to_string();
    let stop = std::process::Command::new("kill")
        .args(["-STOP", &pid])
        .status()
        .unwrap();
    assert!(stop.success());
    // Rate limits fail open (allow), purchase limits fail closed (deny).
    assert_eq!(login(&edge, "203.0.113.5").await, 200);
    let (status, body) = order(&edge, "erin").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("state_unavailable"), "{body}");
    assert!(series(&edge, "riskgate_state_errors_total{cause=\"timeout\"}").await >= 1);
    assert!(
        series(
            &edge,
            "riskgate_state_fallbacks_total{guard=\"rate\",policy=\"allow\"}"
        )
        .await
            >= 1
    );

    let cont = std::process::Command::new("kill")
        .args(["-CONT", &pid])
        .status()
        .unwrap();
    assert!(cont.success());
    let recovered = eventually(Duration::from_secs(10), || async {
        order(&edge, "frank").await.0 == 201
    })
    .await;
    assert!(recovered, "orders pass again once Redis answers");
    // The bucket kept its state in Redis: the IP is limited again.
    assert_eq!(login(&edge, "203.0.113.5").await, 429);
}

#[test]
fn check_pings_redis_and_names_the_field_and_line_of_bad_state_settings() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("riskgate.toml");
    let write = |state: &str| {
        std::fs::write(
            &cfg,
            format!(
                "[upstreams.u]\nservers = [\"127.0.0.1:9\"]\n[[routes]]\nkind = \"pass\"\nupstream = \"u\"\n{state}"
            ),
        )
        .unwrap()
    };
    let check = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskgate"))
            .args(["check", "--config", cfg.to_str().unwrap()])
            .env("RISKGATE_ADMIN_TOKEN", "fleet-test-token-0123456789")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // A bad value: refused with file, line and field.
    write("[state]\nbackend = \"redis\"\nurl = \"redis://127.0.0.1:6379\"\ntimeout = \"fast\"\n");
    let (ok, err) = check();
    assert!(!ok);
    assert!(
        err.contains(":9: state.timeout: `fast` is not a duration"),
        "{err}"
    );
    // A Redis that does not answer: a note, and the config passes (on_error decides).
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = dead.local_addr().unwrap().port();
    drop(dead);
    write(&format!(
        "[state]\nbackend = \"redis\"\nurl = \"redis://127.0.0.1:{port}\"\n"
    ));
    let (ok, err) = check();
    assert!(ok, "{err}");
    assert!(
        err.contains("note: state.url: Redis at redis://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("does not answer PING"), "{err}");
    // A live one: no note.
    let redis = RedisServer::start();
    write(&format!(
        "[state]\nbackend = \"redis\"\nurl = \"{}\"\n",
        redis.url()
    ));
    let (ok, err) = check();
    assert!(ok && !err.contains("PING"), "{err}");
}
