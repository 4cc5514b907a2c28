//! The evaluation clock override (`--clock-start`, `--clock-speed`): the process clock that
//! rate windows, device ages and the decision log read starts at
//! the given instant. For evaluation and tests only (models/eval/ uses it).

mod common;

use common::*;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn config(up: &str, log: &std::path::Path) -> String {
    format!(
        r#"{edge}
[risk.decision_log]
path = "{log}"
[upstreams.shop]
servers = ["{up}"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
purchase_limits = [{{ scope = "user", max = 5, window = "day" }}]
[routes.order]
format = "json"
amount = "/amount"
currency = "/currency"
quantity = "/quantity"
user = "/user"
email = "/email"
required = ["amount", "user"]
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#,
        edge = scoring_edge(0.2619, 0.4459),
        log = log.display()
    )
}

/// A riskgate process started with extra global arguments; killed on drop.
struct Run {
    child: Child,
    addr: String,
    admin: String,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(up: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (listen, admin) = (free_port(), free_port());
    let path = dir.path().join("riskgate.toml");
    let decisions = dir.path().join("decisions.jsonl");
    std::fs::write(&path, render(&config(up, &decisions), listen, admin, &[])).unwrap();
    let log = dir.path().join("riskgate.log");
    let child = Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(args)
        .args(["run", "--config"])
        .arg(&path)
        .env("RISKGATE_ADMIN_TOKEN", TOKEN)
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut run = Run {
        child,
        addr: format!("127.0.0.1:{listen}"),
        admin: format!("127.0.0.1:{admin}"),
        log,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    loop {
        if let Ok(Some(_)) = run.child.try_wait() {
            return run;
        }
        let ready = client
            .get(format!("http://{}/readyz", run.admin))
            .bearer_auth(TOKEN)
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        if ready {
            return run;
        }
        assert!(
            Instant::now() < deadline,
            "not ready: {}",
            std::fs::read_to_string(&run.log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Decodes the `issued_at` (unix seconds) of a device cookie value (`id[16] || issued_at[8]
/// || tag[16]`, base64url without padding).
fn cookie_issued_at(value: &str) -> u64 {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value)
        .unwrap();
    u64::from_be_bytes(raw[16..24].try_into().unwrap())
}

#[tokio::test]
async fn clock_start_sets_the_log_time_and_the_device_age() {
    let up = upstream()
        .route("/", 200, "<html>shop</html>")
        .route("/api/orders", 201, "{}")
        .spawn()
        .await
        .unwrap();
    let run = start(
        &up.addr().to_string(),
        &[
            "--clock-start",
            "2026-03-01T03:00:00Z",
            "--clock-speed",
            "60",
        ],
    )
    .await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let page = client
        .get(format!("http://{}/", run.addr))
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        )
        .header("x-forwarded-for", "81.2.69.160")
        .send()
        .await
        .unwrap();
    let cookie = page.headers()["set-cookie"].to_str().unwrap().to_string();
    let value = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    let issued = cookie_issued_at(value);
    // 2026-03-01T03:00:00Z is 1772334000; at 60x a slow start is still within the hour.
    assert!(
        (1_772_334_000..1_772_337_600).contains(&issued),
        "cookie issued at {issued}"
    );

    let r = client
        .post(format!("http://{}/api/orders", run.addr))
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
        .header("x-forwarded-for", "81.2.69.160")
        .header("cookie", cookie.split(';').next().unwrap())
        .header("content-type", "application/json")
        .body(r#"{"amount":"20.00","currency":"USD","quantity":1,"user":"ann","email":"ann@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let rid = up
        .log
        .last()
        .unwrap()
        .header("x-request-id")
        .unwrap()
        .to_string();
    let rec: serde_json::Value = client
        .get(format!("http://{}/decisions/{rid}", run.admin))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let time = rec["time"].as_str().unwrap();
    assert!(time.starts_with("2026-03-01T03:"), "logged time {time}");
    let names = rec["feature_names"].as_array().unwrap();
    let at = |name: &str| {
        let i = names.iter().position(|n| n == name).unwrap();
        rec["features"][i].as_f64().unwrap()
    };
    // The cookie's age is measured on the same simulated axis: minutes, not negative
    // and not the months between 2026-03 and the wall clock.
    let age_hours = at("device_age_hours");
    assert!((0.0..1.0).contains(&age_hours), "device age {age_hours} h");
}

#[tokio::test]
async fn bad_clock_start_is_refused_at_start() {
    let up = upstream().route("/", 200, "ok").spawn().await.unwrap();
    let mut run = start(&up.addr().to_string(), &["--clock-start", "tomorrow"]).await;
    let status = run.child.wait().unwrap();
    assert!(!status.success());
    let log = std::fs::read_to_string(&run.log).unwrap();
    assert!(log.contains("clock start \"tomorrow\""), "{log}");
}
