//! The real `riskgate demo` binary for integration tests (`tests/demo_drills.rs`,
//! `tests/demo_truth.rs`): `config/demo.toml` with every port moved to a free loopback
//! port, a running demo killed on drop, and the order and payment calls the banner shows.
#![allow(dead_code)]

use crate::common::{eventually, stop_child, TOKEN};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// The addresses `config/demo.toml` ships with, each replaced by a free port.
pub const SHIPPED: [&str; 7] = [
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
pub fn moved_demo_config(dir: &Path, name: &str) -> (PathBuf, String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut src = std::fs::read_to_string(format!("{root}/config/demo.toml"))
        .unwrap()
        .replace("\"../", &format!("\"{root}/"));
    // All bound at once, so they differ; outside the kernel's ephemeral range, so that
    // between their release here and the demo binding them no port-0 listener or outgoing
    // connection of a parallel test can be handed one of them.
    let held: Vec<TcpListener> = SHIPPED
        .iter()
        .map(|_| crate::common::reserved_listener())
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
pub struct Demo {
    pub child: Option<Child>,
    pub listen: String,
    pub admin: String,
    pub log: PathBuf,
    pub client: reqwest::Client,
}

impl Demo {
    /// Starts the demo and waits until its admin `/readyz` answers 200 (panics with the
    /// log when it exits or takes longer than 30 s).
    pub async fn start(
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

    pub async fn wait_ready(&self) {
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

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, |c| c.id())
    }

    /// An order as the banner's browser example sends it.
    pub async fn order(&self, user: &str) -> reqwest::Response {
        self.order_with_email(user, &format!("{user}@example.com"))
            .await
    }

    /// [`Demo::order`] with another email address.
    pub async fn order_with_email(&self, user: &str, email: &str) -> reqwest::Response {
        let body = format!(
            r#"{{"product":"steam-50","quantity":1,"amount":"50.00","currency":"USD","user":"{user}","email":"{email}"}}"#
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
    pub async fn pay(&self, order_id: &str) -> (u16, String) {
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
    pub async fn delivered(&self) -> Vec<serde_json::Value> {
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
    pub async fn wait_delivered(&self, order_id: &str) -> bool {
        eventually(Duration::from_secs(15), || async {
            self.delivered()
                .await
                .iter()
                .any(|c| c["order_id"] == order_id && c["status"] == "paid")
        })
        .await
    }

    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            stop_child(&mut child);
        }
    }
}

pub fn spawn_demo(config: &Path, run_dir: &Path, args: &[&str], log: &Path) -> Child {
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    demo_command(config, run_dir, args)
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap()
}

/// `riskgate demo --config CONFIG ARGS` with the test admin token, `run_dir` as its
/// runtime directory and no `RUST_LOG` from the caller.
pub fn demo_command(config: &Path, run_dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_riskgate"));
    c.args(["demo", "--config"])
        .arg(config)
        .args(args)
        .env("RISKGATE_ADMIN_TOKEN", TOKEN)
        .env("XDG_RUNTIME_DIR", run_dir)
        .env_remove("RUST_LOG");
    c
}
