//! Drills on the real `riskgate demo` binary: every port moved, two demos side by side,
//! `kill -9` and restart on the persisted spool, a locked spool, a wrong demo config; and
//! the access-log line of a connection refused at `server.max_connections`.
//!
//! Each demo gets free loopback ports (bound then released) and a private
//! `XDG_RUNTIME_DIR`, so nothing here touches the shipped ports or the user's data.

mod common;

use common::{eventually, Proxy, ONE_ROUTE, TOKEN};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The addresses `config/demo.toml` ships with, each replaced by a free port.
const SHIPPED: [&str; 7] = [
    "127.0.0.1:8080",
    "127.0.0.1:9901",
    "127.0.0.1:18081",
    "127.0.0.1:18091",
    "127.0.0.1:18092",
    "127.0.0.1:18093",
    "127.0.0.1:18095",
];

/// `config/demo.toml` with every port moved and its relative paths made absolute, written
/// into `dir`; returns the file and the new proxy and admin addresses.
fn moved_demo_config(dir: &Path, name: &str) -> (PathBuf, String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut src = std::fs::read_to_string(format!("{root}/config/demo.toml"))
        .unwrap()
        .replace("\"../", &format!("\"{root}/"));
    // All bound at once, so they differ.
    let held: Vec<TcpListener> = SHIPPED
        .iter()
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let moved: Vec<String> = held
        .iter()
        .map(|l| l.local_addr().unwrap().to_string())
        .collect();
    for (old, new) in SHIPPED.iter().zip(&moved) {
        assert!(src.contains(old), "config/demo.toml no longer has {old}");
        src = src.replace(old, new);
    }
    let path = dir.join(name);
    std::fs::write(&path, src).unwrap();
    (path, moved[0].clone(), moved[1].clone())
}

/// A running `riskgate demo`; SIGINT on drop.
struct Demo {
    child: Option<Child>,
    listen: String,
    admin: String,
    log: PathBuf,
    client: reqwest::Client,
}

impl Demo {
    /// Starts the demo and waits until its admin `/readyz` answers 200 (panics with the
    /// log when it exits or takes longer than 30 s).
    async fn start(
        config: &Path,
        listen: &str,
        admin: &str,
        run_dir: &Path,
        args: &[&str],
    ) -> Demo {
        let log = config.with_extension(format!("{}.log", fastrand::u32(..)));
        let child = spawn_demo(config, run_dir, args, &log);
        let d = Demo {
            child: Some(child),
            listen: listen.to_string(),
            admin: admin.to_string(),
            log,
            client: reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
        };
        d.wait_ready().await;
        d
    }

    async fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let r = self
                .client
                .get(format!("http://{}/readyz", self.admin))
                .bearer_auth(TOKEN)
                .send()
                .await;
            if r.is_ok_and(|r| r.status() == 200) {
                return;
            }
            assert!(Instant::now() < deadline, "demo not ready:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, |c| c.id())
    }

    /// An order as the banner's browser example sends it.
    async fn order(&self, user: &str) -> reqwest::Response {
        let body = format!(
            r#"{{"product":"steam-50","quantity":1,"amount":"50.00","currency":"USD","user":"{user}","email":"{user}@example.com"}}"#
        );
        self.client
            .post(format!("http://{}/api/orders", self.listen))
            .header("content-type", "application/json")
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0 Safari/537.36",
            )
            .header("accept-language", "en-GB")
            .header("x-forwarded-for", "81.2.69.160")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// `POST /pay?order_id=ID` with an idempotency key; returns status and body.
    async fn pay(&self, order_id: &str) -> (u16, String) {
        let r = self
            .client
            .post(format!("http://{}/pay?order_id={order_id}", self.listen))
            .header("idempotency-key", order_id)
            .body(r#"{"amount":"50.00"}"#)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The delivered callbacks the admin API lists.
    async fn delivered(&self) -> Vec<serde_json::Value> {
        let r = self
            .client
            .get(format!(
                "http://{}/callbacks?state=delivered&limit=100",
                self.admin
            ))
            .bearer_auth(TOKEN)
            .send()
            .await;
        let Ok(r) = r else { return Vec::new() };
        let v: serde_json::Value = r.json().await.unwrap_or_default();
        v["callbacks"].as_array().cloned().unwrap_or_default()
    }

    /// Waits until a paid callback for `order_id` was delivered to fulfillment.
    async fn wait_delivered(&self, order_id: &str) -> bool {
        eventually(Duration::from_secs(15), || async {
            self.delivered()
                .await
                .iter()
                .any(|c| c["order_id"] == order_id && c["status"] == "paid")
        })
        .await
    }

    fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn spawn_demo(config: &Path, run_dir: &Path, args: &[&str], log: &Path) -> Child {
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["demo", "--config"])
        .arg(config)
        .args(args)
        .env("RISKGATE_ADMIN_TOKEN", TOKEN)
        .env("XDG_RUNTIME_DIR", run_dir)
        .env_remove("RUST_LOG")
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap()
}

/// Runs `riskgate demo --config CONFIG ARGS` that is expected to refuse to start, and
/// returns its exit success and stderr; a demo still running after 30 s is killed and
/// reported as started (so a regression fails instead of hanging).
fn demo_that_should_refuse(config: &Path, run_dir: &Path, args: &[&str]) -> (bool, String) {
    let err_path = config.with_extension("refused.log");
    let err = std::fs::File::create(&err_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["demo", "--config"])
        .arg(config)
        .args(args)
        .env("RISKGATE_ADMIN_TOKEN", TOKEN)
        .env("XDG_RUNTIME_DIR", run_dir)
        .env_remove("RUST_LOG")
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
    assert!(ids.iter().any(|i| i == rid), "{rid} not in {ids:?}");
    assert!(p.log().contains("server.max_connections"), "{}", p.log());
    drop(held);
}
