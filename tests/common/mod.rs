//! Integration-test harness: runs the real `riskgate` binary on loopback against the
//! crate's own stand-in upstreams (`riskgate::demo`).
//!
//! `Proxy::start(toml)` writes the config (placeholders `{listen}` and `{admin}` are
//! replaced by free loopback ports), starts the binary, waits until `/readyz` answers,
//! and stops it with SIGINT on drop. Nothing here sleeps to wait for a condition: every
//! wait polls with a deadline.
#![allow(dead_code, unused_imports)]

use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use riskgate::demo::{upstream, RequestLog, TestUpstream};

/// The admin token every test proxy uses.
pub const TOKEN: &str = "test-admin-token-0123456789";

/// Returns a free loopback port for a server the test starts later (bound then
/// released): see [`reserved_listener`].
pub fn free_port() -> u16 {
    reserved_listener()
        .local_addr()
        .map(|a| a.port())
        .expect("a bound listener has an address")
}

/// A loopback listener on a port below the kernel's ephemeral range that no earlier call
/// in this test process handed out. Callers drop it so a server can bind the port.
///
/// Why not `bind(":0")`: a released ephemeral port can be handed to a parallel test (the
/// kernel draws them at random) or taken as the source port of an outgoing connection
/// before the server binds it. riskgate checks its addresses once at start, but pingora
/// then retries a busy address in the background while the process reports ready, so two
/// tests given the same admin port saw each other's admin API (CI: a decision lookup
/// answered by the other test's edge, 404 `unknown_request_id`).
pub fn reserved_listener() -> TcpListener {
    static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u16>().ok())
        .filter(|&l| l > 20_100)
        .unwrap_or(32_768);
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
    for _ in 0..1000 {
        let port = fastrand::u16(20_000..low);
        if handed_out.contains(&port) {
            continue;
        }
        if let Ok(l) = TcpListener::bind(("127.0.0.1", port)) {
            handed_out.push(port);
            return l;
        }
    }
    panic!("no free loopback port in 20000..{low}")
}

/// A running riskgate process.
pub struct Proxy {
    /// The plain HTTP listener.
    pub addr: SocketAddr,
    /// The admin listener.
    pub admin: SocketAddr,
    /// The config file (tests rewrite it before reloads).
    pub config_path: PathBuf,
    child: Option<Child>,
    _dir: tempfile::TempDir,
    /// stderr of the process (logs), captured to a file.
    pub log_path: PathBuf,
    /// HTTP client (no proxy, no pooling surprises).
    pub client: reqwest::Client,
    /// Extra environment variables the process runs with (kept for restarts).
    envs: Vec<(String, String)>,
}

/// Replaces `{listen}`/`{admin}` (and any extra `(from, to)` pairs) in a config template.
pub fn render(template: &str, listen: u16, admin: u16, extra: &[(&str, String)]) -> String {
    let mut s = template
        .replace("{listen}", &format!("127.0.0.1:{listen}"))
        .replace("{admin}", &format!("127.0.0.1:{admin}"));
    for (k, v) in extra {
        s = s.replace(k, v);
    }
    s
}

impl Proxy {
    /// Starts riskgate with `template` (see [`render`]); panics with the log if it does
    /// not become ready within 20 s.
    pub async fn start(template: &str) -> Proxy {
        Self::start_with(template, &[]).await
    }

    /// Like [`Proxy::start`] with extra placeholder substitutions.
    pub async fn start_with(template: &str, extra: &[(&str, String)]) -> Proxy {
        Self::start_env(template, extra, &[]).await
    }

    /// Like [`Proxy::start_with`], with extra environment variables (secrets). The
    /// placeholder `{dir}` names the proxy's own temporary directory (spool files).
    pub async fn start_env(
        template: &str,
        extra: &[(&str, String)],
        envs: &[(&str, &str)],
    ) -> Proxy {
        // A free port can be taken by a parallel test's server before riskgate binds it;
        // riskgate then refuses to start ("cannot listen"), and we retry with new ports.
        for attempt in 0.. {
            let dir = tempfile::tempdir().expect("tempdir");
            let (listen, admin) = (free_port(), free_port());
            let config_path = dir.path().join("riskgate.toml");
            let mut extra = extra.to_vec();
            extra.push(("{dir}", dir.path().display().to_string()));
            std::fs::write(&config_path, render(template, listen, admin, &extra))
                .expect("write config");
            let log_path = dir.path().join("riskgate.log");
            let envs: Vec<(String, String)> = envs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let child = spawn_riskgate(&config_path, &log_path, &envs);
            let client = reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(20))
                .build()
                .expect("client");
            let mut p = Proxy {
                addr: format!("127.0.0.1:{listen}").parse().unwrap(),
                admin: format!("127.0.0.1:{admin}").parse().unwrap(),
                config_path,
                child: Some(child),
                _dir: dir,
                log_path,
                client,
                envs,
            };
            if p.wait_ready().await {
                return p;
            }
            if !(p.log().contains("cannot listen on") && attempt < 5) {
                panic!("riskgate exited at start; log:\n{}", p.log());
            }
        }
        unreachable!("the loop returns or panics")
    }

    /// Kills the process with SIGKILL (no shutdown of any kind), then starts it again
    /// with the same config, ports and environment, and waits until it is ready.
    pub async fn kill9_and_restart(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.child = Some(spawn_riskgate(
            &self.config_path,
            &self.log_path,
            &self.envs,
        ));
        assert!(
            self.wait_ready().await,
            "riskgate exited on restart:\n{}",
            self.log()
        );
    }

    /// Waits until both listeners answer: `true`, or `false` when the process exited.
    /// Panics with the log after 20 s.
    async fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(c) = self.child.as_mut() {
                if let Ok(Some(_)) = c.try_wait() {
                    return false;
                }
            }
            let admin_ok = self
                .admin_get("/readyz")
                .await
                .map(|(s, _)| s == 200)
                .unwrap_or(false);
            let proxy_ok = tokio::net::TcpStream::connect(self.addr).await.is_ok();
            if admin_ok && proxy_ok {
                return true;
            }
            if Instant::now() > deadline {
                panic!("riskgate did not become ready; log:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The process's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Waits up to 2 s for the log to contain `needle` (lines are written out by a
    /// background thread every 20 ms).
    pub async fn log_contains(&self, needle: &str) -> bool {
        eventually(Duration::from_secs(2), || async {
            self.log().contains(needle)
        })
        .await
    }

    /// `http://127.0.0.1:PORT` + path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// GET on the admin API with the token; returns status and body.
    pub async fn admin_get(&self, path: &str) -> reqwest::Result<(u16, String)> {
        let r = self
            .client
            .get(format!("http://{}{}", self.admin, path))
            .bearer_auth(TOKEN)
            .send()
            .await?;
        Ok((r.status().as_u16(), r.text().await?))
    }

    /// POST on the admin API with the token; returns status and body.
    pub async fn admin_post(&self, path: &str) -> (u16, String) {
        let r = self
            .client
            .post(format!("http://{}{}", self.admin, path))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("admin request");
        (r.status().as_u16(), r.text().await.unwrap_or_default())
    }

    /// Scrapes `/metrics`.
    pub async fn metrics(&self) -> String {
        self.admin_get("/metrics").await.expect("scrape").1
    }

    /// GETs `path` through the proxy.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request through riskgate")
    }

    /// GETs `path` through the proxy and returns the body text.
    pub async fn get_text(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("response body")
    }

    /// GETs `path` through the proxy and returns the status.
    pub async fn get_status(&self, path: &str) -> u16 {
        self.get(path).await.status().as_u16()
    }

    /// Polls `/metrics` until `series` has `value` or `timeout` passes; returns whether it
    /// got there (request metrics are recorded just after the response is sent).
    pub async fn wait_metric(&self, series: &str, value: f64, timeout: Duration) -> bool {
        eventually(timeout, || async {
            metric_value(&self.metrics().await, series) == Some(value)
        })
        .await
    }

    /// Rewrites the config file (same listener ports) for a reload test.
    pub fn rewrite_config(&self, template: &str, extra: &[(&str, String)]) {
        let s = render(template, self.addr.port(), self.admin.port(), extra);
        std::fs::write(&self.config_path, s).expect("rewrite config");
    }

    /// Sends `signals` (e.g. `["-INT"]`) 300 ms apart and waits up to `limit` after the first
    /// for the process to exit: returns how long it took and its exit status, or `None` if
    /// it was still running (then it is killed).
    #[allow(dead_code)]
    pub fn stop(
        &mut self,
        signals: &[&str],
        limit: Duration,
    ) -> (Duration, Option<std::process::ExitStatus>) {
        let mut child = self.child.take().expect("running");
        let started = Instant::now();
        for (i, signal) in signals.iter().enumerate() {
            if i > 0 {
                std::thread::sleep(Duration::from_millis(300));
            }
            let _ = Command::new("kill")
                .args([*signal, &child.id().to_string()])
                .status();
        }
        while started.elapsed() < limit {
            if let Ok(Some(status)) = child.try_wait() {
                return (started.elapsed(), Some(status));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
        (started.elapsed(), None)
    }

    /// The process id (for signals).
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            stop_child(&mut child);
        }
    }
}

fn spawn_riskgate(
    config_path: &std::path::Path,
    log_path: &std::path::Path,
    envs: &[(String, String)],
) -> Child {
    // Append: a restarted process keeps the earlier log for failure messages.
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path)
        .expect("log file");
    Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["run", "--config"])
        .arg(config_path)
        .env("RISKGATE_ADMIN_TOKEN", TOKEN)
        .env_remove("RUST_LOG")
        .envs(envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("spawn riskgate")
}

/// Returns the value of the series line `name{labels}` in a Prometheus text scrape.
pub fn metric_value(scrape: &str, series: &str) -> Option<f64> {
    scrape.lines().find_map(|l| {
        let rest = l.strip_prefix(series)?;
        rest.strip_prefix(' ')?.trim().parse().ok()
    })
}

/// Polls `check` until it returns true or `timeout` passes; returns the final outcome.
pub async fn eventually<F, Fut>(timeout: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A config with one `pass` route to upstream `u` at `{up}` (add `("{up}", addr)`).
pub const ONE_ROUTE: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
grace_period = "1s"
[admin]
listen = "{admin}"
[log]
level = "info"
[upstreams.u]
servers = ["{up}"]
connect_timeout = "500ms"
read_timeout = "5s"
[[routes]]
name = "all"
kind = "pass"
upstream = "u"
max_body_bytes = 1024
"#;

/// Sends raw bytes on a new connection and returns everything read until the server
/// closes or `timeout` passes.
pub async fn raw_exchange(addr: SocketAddr, request: &[u8], timeout: Duration) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(request).await.expect("write");
    let mut out = Vec::new();
    let _ = tokio::time::timeout(timeout, s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// The ONNX Runtime library the tests' edges load (`ORT_DYLIB_PATH`, else the crate's
/// .venv), for commands such as `riskgate replay` run from another directory.
pub fn onnxruntime() -> std::path::PathBuf {
    let root = env!("CARGO_MANIFEST_DIR");
    riskgate::risk::model::locate_runtime(
        None,
        std::env::var_os("ORT_DYLIB_PATH").as_deref(),
        std::path::Path::new(root),
    )
    .expect("ONNX Runtime for tests")
}

/// The start of the smallest config that scores orders: one worker, no GeoIP, the shipped
/// model and schema at their default thresholds. `{listen}` and `{admin}` are left for
/// [`Proxy::start_with`]; the caller adds `[risk]` keys, upstreams and routes.
pub fn bare_scoring_edge() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    format!(
        r#"
[server]
listen = ["{{listen}}"]
threads = 1
[admin]
listen = "{{admin}}"
[risk]
model = "{root}/models/risk.onnx"
schema = "{root}/models/schema.json"
"#
    )
}

/// The start of a config for an edge that scores orders like a real one: one worker,
/// loopback trusted as a CDN hop, the shipped MMDB files, model, schema and disposable-mail
/// list, and the thresholds given. `{listen}` and `{admin}` are left for
/// [`Proxy::start_with`]; the caller adds `[risk.*]` sub-tables, upstreams and routes.
pub fn scoring_edge(review_at: f32, block_at: f32) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    format!(
        r#"
[server]
listen = ["{{listen}}"]
threads = 1
trusted_proxies = ["127.0.0.0/8"]
[admin]
listen = "{{admin}}"
[geo]
country_db = "{root}/geoip/country.mmdb"
asn_db = "{root}/geoip/asn.mmdb"
hosting_asns = "{root}/geoip/hosting_asns.txt"
[risk]
model = "{root}/models/risk.onnx"
schema = "{root}/models/schema.json"
disposable_domains = "{root}/models/disposable_domains.txt"
review_at = {review_at}
block_at = {block_at}
"#
    )
}

/// A cache-only edge: two workers, quiet logs, a `[cache]` of `max_bytes` with
/// `cache_extra` keys, one `static` route for everything to the `origin` upstream at
/// `{up}`. `{listen}` and `{admin}` are left for [`Proxy::start_with`]; either argument may
/// itself be a placeholder (`"{max_bytes}"`) for the caller to fill in later.
pub fn cache_edge(max_bytes: &str, cache_extra: &str) -> String {
    format!(
        r#"
[server]
listen = ["{{listen}}"]
threads = 2
grace_period = "1s"
[admin]
listen = "{{admin}}"
[log]
level = "warn"
access_log = false
[cache]
max_bytes = {max_bytes}
max_object_bytes = 65536
lock_timeout = "5s"
{cache_extra}
[upstreams.origin]
servers = ["{{up}}"]
connect_timeout = "500ms"
read_timeout = "5s"
[[routes]]
name = "assets"
kind = "static"
upstream = "origin"
prefix = "/"
"#
    )
}

mod callbacks;
mod fleet;
mod shop;
mod small_disk;
mod stop;
pub use callbacks::{
    epay, epay_body, money_routes, post_form, post_form_with, send_form, webhook, ALPHA_KEY,
    BETA_SECRET,
};
pub use fleet::{fleet_login, fleet_order, fleet_routes, fleet_shop};
pub use shop::{
    bare_order, browser, browser_order, cookie_issued_days_ago, cookie_issued_secs_ago,
    cookieless_order, decision_of, device_cookie, has_reason, held_orders, logged_order,
    mail_order, order_as, order_body, page_view, post_beacon, review_desk, ShopConfig, BROWSER_UA,
};
pub use small_disk::SmallDisk;
pub use stop::stop_child;

/// A shop behind a [`scoring_edge`]: the upstream `shop` at `{up}`, the JSON order route
/// `POST /api/orders` (amount, currency, user, email; amount required) and a pass route
/// for everything else. Start it with [`start_shop`].
pub const SHOP_ROUTES: &str = r#"[upstreams.shop]
servers = ["{up}"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
[routes.order]
format = "json"
amount = "/amount"
currency = "/currency"
user = "/user"
email = "/email"
required = ["amount"]
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#;

/// Starts a shop stand-in (201 on `/api/orders`, a page on `/`) and riskgate with `config`
/// (which routes to it through `{up}`, as [`SHOP_ROUTES`] does).
pub async fn start_shop(config: &str) -> (Proxy, TestUpstream) {
    start_shop_env(config, &[]).await
}

/// [`start_shop`] with environment variables for riskgate (secrets, cookie keys).
pub async fn start_shop_env(config: &str, envs: &[(&str, &str)]) -> (Proxy, TestUpstream) {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .route("/", 200, "<html>shop</html>")
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_env(config, &[("{up}", up.addr().to_string())], envs).await;
    (p, up)
}

/// The `[server]` and `[admin]` sections of a one-worker edge on loopback that trusts
/// `X-Forwarded-For` from loopback (`{listen}` and `{admin}` are left for
/// [`Proxy::start_with`]).
pub const EDGE_PREAMBLE: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
trusted_proxies = ["127.0.0.0/8"]
[admin]
listen = "{admin}"
"#;

/// A fleet-mode `[state]` section on the one Redis at `{redis}`, with `extra` lines
/// (`timeout = "500ms"`, `on_error = ...`).
pub fn fleet_state(extra: &str) -> String {
    fleet_state_at(r#"url = "{redis}""#, extra)
}

/// A fleet-mode `[state]` section on `target` (`url = "..."` or `cluster = [...]`), with
/// `extra` lines.
pub fn fleet_state_at(target: &str, extra: &str) -> String {
    format!("[state]\nbackend = \"redis\"\n{target}\n{extra}\n")
}

/// [`EDGE_PREAMBLE`] and a fleet-mode `[state]` on `target` with `extra` lines: the
/// start of every pass-through fleet test's configuration.
pub fn fleet_edge(target: &str, extra: &str) -> String {
    format!("{EDGE_PREAMBLE}{}", fleet_state_at(target, extra))
}
