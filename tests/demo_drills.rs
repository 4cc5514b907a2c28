//! Drills on the real `riskgate demo` binary: every port moved, two demos side by side,
//! `kill -9` and restart on the persisted spool, a locked spool, a wrong demo config; and
//! the access-log line of a connection refused at `server.max_connections`.
//!
//! Each demo gets free loopback ports (bound then released) and a private
//! `XDG_RUNTIME_DIR`, so nothing here touches the shipped ports or the user's data.

mod common;
mod demo_support;

use common::{eventually, Proxy, ONE_ROUTE, TOKEN};
use demo_support::{demo_command, moved_demo_config, Demo};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Runs `riskgate demo --config CONFIG ARGS` that is expected to refuse to start, and
/// returns its exit success and stderr; a demo still running after 30 s is killed and
/// reported as started (so a regression fails instead of hanging).
fn demo_that_should_refuse(config: &Path, run_dir: &Path, args: &[&str]) -> (bool, String) {
    let err_path = config.with_extension("refused.log");
    let err = std::fs::File::create(&err_path).unwrap();
    let mut child = demo_command(config, run_dir, args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let success = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.success();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break true;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (
        success,
        std::fs::read_to_string(&err_path).unwrap_or_default(),
    )
}

/// The port of an `ip:port` string.
fn port(addr: &str) -> &str {
    addr.rsplit(':').next().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_demos_with_every_port_moved_each_score_an_order_and_deliver_a_payment() {
    let tmp = tempfile::tempdir().unwrap();
    let (a_cfg, a_listen, a_admin) = moved_demo_config(tmp.path(), "a.toml");
    let (b_cfg, b_listen, b_admin) = moved_demo_config(tmp.path(), "b.toml");
    // One runtime directory for both: each demo must still pick its own data.
    let a = Demo::start(&a_cfg, &a_listen, &a_admin, tmp.path(), &[]).await;
    let b = Demo::start(&b_cfg, &b_listen, &b_admin, tmp.path(), &[]).await;
    for (d, user) in [(&a, "alice"), (&b, "bob")] {
        let data = tmp
            .path()
            .join(format!("riskgate-demo-{}", port(&d.listen)));
        assert!(
            d.log().contains(&format!(
                "callback spool: {}",
                data.join("spool.redb").display()
            )),
            "the banner names the spool:\n{}",
            d.log()
        );
        let r = d.order(user).await;
        assert_eq!(r.status(), 201, "the shop stand-in took the order");
        let body = r.text().await.unwrap();
        assert!(body.contains(r#""x-risk-decision":"allow""#), "{body}");
        let log = data.join("decisions.jsonl");
        assert!(
            eventually(Duration::from_secs(10), || async {
                std::fs::read_to_string(&log).is_ok_and(|s| s.contains(&format!("\"{user}\"")))
            })
            .await,
            "the decision is logged in this demo's own data directory"
        );
        let (status, body) = d.pay(&format!("o-{user}")).await;
        assert_eq!(status, 200, "{body}");
        assert!(d.wait_delivered(&format!("o-{user}")).await, "{}", d.log());
    }
    // Each demo's spool holds its own payment only.
    assert!(a
        .delivered()
        .await
        .iter()
        .all(|c| c["order_id"] == "o-alice"));
    assert!(b.delivered().await.iter().all(|c| c["order_id"] == "o-bob"));
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_and_restart_keeps_the_spool_and_new_payments_are_not_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let (cfg, listen, admin) = moved_demo_config(tmp.path(), "demo.toml");
    let mut d = Demo::start(&cfg, &listen, &admin, tmp.path(), &[]).await;
    for o in ["o-1", "o-2"] {
        assert_eq!(d.pay(o).await.0, 200);
        assert!(d.wait_delivered(o).await, "{}", d.log());
    }
    d.kill9();
    let d = Demo::start(&cfg, &listen, &admin, tmp.path(), &[]).await;
    // A reload keeps the data paths the demo chose: nothing to restart for.
    let r = d
        .client
        .post(format!("http://{admin}/reload"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["status"], "applied", "{v}");
    assert_eq!(v["restart_required"], serde_json::json!([]), "{v}");
    let kept = d.delivered().await;
    assert!(
        ["o-1", "o-2"]
            .iter()
            .all(|o| kept.iter().any(|c| c["order_id"] == *o)),
        "the spool survived the kill: {kept:?}"
    );
    // Transaction ids start again after a restart; a reused id would be taken for a
    // duplicate of the first run's payment and never reach fulfillment.
    for o in ["o-3", "o-4"] {
        assert_eq!(d.pay(o).await.0, 200);
        assert!(d.wait_delivered(o).await, "{o} not delivered:\n{}", d.log());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spool_in_use_names_its_path_and_the_process_holding_it() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared-data");
    let dir_arg = shared.display().to_string();
    let (a_cfg, a_listen, a_admin) = moved_demo_config(tmp.path(), "a.toml");
    let (b_cfg, _, _) = moved_demo_config(tmp.path(), "b.toml");
    let a = Demo::start(
        &a_cfg,
        &a_listen,
        &a_admin,
        tmp.path(),
        &["--data-dir", &dir_arg],
    )
    .await;
    let (started, err) = demo_that_should_refuse(&b_cfg, tmp.path(), &["--data-dir", &dir_arg]);
    assert!(!started, "the second demo must not start:\n{err}");
    let spool = shared.join("spool.redb");
    assert!(
        err.contains(&format!(
            "the callback spool {} is in use by process {}",
            spool.display(),
            a.pid()
        )),
        "{err}"
    );
    assert!(err.contains("--data-dir"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_demo_config_the_stand_ins_cannot_serve_is_refused_with_field_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (cfg, listen, _) = moved_demo_config(tmp.path(), "demo.toml");
    let src = std::fs::read_to_string(&cfg).unwrap();
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    let after = |header: &str| lines.iter().position(|l| l == header).unwrap() + 1;
    // The shop off loopback, and fulfillment on riskgate's own listener.
    let (shop, ful) = (after("[upstreams.shop]"), after("[upstreams.fulfillment]"));
    lines[shop] = "servers = [\"192.0.2.1:80\"]".to_string();
    lines[ful] = format!("servers = [\"{listen}\"]");
    std::fs::write(&cfg, lines.join("\n")).unwrap();
    let (started, err) = demo_that_should_refuse(&cfg, tmp.path(), &[]);
    assert!(!started, "{err}");
    let file = cfg.display();
    for expected in [
        format!(
            "{file}:{}: upstreams.shop.servers: the demo binds stand-ins on loopback only, not 192.0.2.1:80",
            shop + 1
        ),
        format!(
            "{file}:{}: upstreams.fulfillment.servers: {listen} is also server.listen[0]",
            ful + 1
        ),
    ] {
        assert!(err.contains(&expected), "missing `{expected}` in:\n{err}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_refused_at_max_connections_gets_an_access_log_line() {
    let up = common::upstream()
        .route("/", 200, "ok")
        .spawn()
        .await
        .unwrap();
    let cfg = ONE_ROUTE
        .replace("threads = 1", "threads = 1\nmax_connections = 1")
        .replace("[log]\n", "[log]\nformat = \"json\"\naccess_log = true\n");
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    // One connection holds the only place.
    let mut held = tokio::net::TcpStream::connect(p.addr).await.unwrap();
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        held.write_all(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 256];
        let n = held.read(&mut buf).await.unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    }
    // Three refused at once.
    let req: &[u8] = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    let t = Duration::from_secs(3);
    let answers = tokio::join!(
        common::raw_exchange(p.addr, req, t),
        common::raw_exchange(p.addr, req, t),
        common::raw_exchange(p.addr, req, t),
    );
    let answers = [answers.0, answers.1, answers.2];
    for a in &answers {
        assert!(a.starts_with("HTTP/1.1 503"), "{a}");
    }
    let ids: Vec<String> = answers
        .iter()
        .map(|a| {
            let body: serde_json::Value =
                serde_json::from_str(a.split("\r\n\r\n").nth(1).unwrap_or("")).unwrap();
            body["request_id"].as_str().unwrap().to_string()
        })
        .collect();
    let refusals = || {
        p.log()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| {
                v["target"] == "riskgate::access"
                    && v["status"] == 503
                    && v["error"] == "max_connections"
                    && v["client_ip"] == "127.0.0.1"
            })
            .collect::<Vec<_>>()
    };
    assert!(
        eventually(Duration::from_secs(5), || async {
            !refusals().is_empty() && p.log().contains("\"refused\":")
        })
        .await,
        "no access line for the refusal:\n{}",
        p.log()
    );
    let logged = refusals();
    // Rate-limited: three refusals within a second make one access line (and one warning
    // with the count), whose request id is one the clients were given.
    assert_eq!(logged.len(), 1, "{}", p.log());
    let rid = logged[0]["request_id"].as_str().unwrap();
    assert!(
        ids.iter().any(|i| i == rid),
        "{rid} not in {ids:?}:\n{}",
        p.log()
    );
    assert!(p.log().contains("server.max_connections"), "{}", p.log());
    drop(held);
}
