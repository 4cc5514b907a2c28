//! The operator kit in `deploy/` (issue 14): the Grafana dashboard and the Prometheus alert
//! rules are valid, and every metric they use exists in the `/metrics` of a freshly
//! started edge, before any traffic (families are primed at 0), so no panel says "no
//! data" and no alert silently never fires because of a renamed metric.

mod common;

use common::*;
use std::collections::BTreeSet;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// An edge with every subsystem the dashboard shows: an order route with a model, a
/// static route with the cache, a payment channel group and callback routes.
const EDGE: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
[admin]
listen = "{admin}"
[risk]
model = "{root}/models/risk.onnx"
schema = "{root}/models/schema.json"
[risk.decision_log]
path = "{dir}/decisions.jsonl"
[channels.alpha]
url = "http://{up}"
dialect = "epay"
secret_env = "RG_TEST_ALPHA"
[channels.beta]
url = "http://{up}"
dialect = "hmac-sha256"
secret_env = "RG_TEST_BETA"
[upstreams.payments]
channels = ["alpha", "beta"]
[upstreams.shop]
servers = ["{up}"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
prefix = "/api/orders"
rate_limits = [{ scope = "ip", rate = 10, per = "1s", burst = 10 }]
[routes.order]
format = "json"
amount = "/amount"
[[routes]]
name = "assets"
kind = "static"
upstream = "shop"
prefix = "/assets"
[[routes]]
name = "pay"
kind = "pass"
upstream = "payments"
prefix = "/pay"
[[routes]]
name = "cb-alpha"
kind = "callback"
channel = "alpha"
upstream = "shop"
prefix = "/callbacks/alpha"
[callbacks]
spool = "{dir}/spool.redb"
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#;

/// Every `riskgate_*` family an expression names (histogram series map to their family).
fn families(expr: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = expr;
    while let Some(i) = rest.find("riskgate_") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let name = &tail[..end];
        let base = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(name);
        out.insert(base.to_string());
        rest = &tail[end..];
    }
    out
}

fn dashboard_exprs() -> Vec<String> {
    let text = std::fs::read_to_string(format!("{ROOT}/deploy/grafana/riskgate.json")).unwrap();
    let dash: serde_json::Value = serde_json::from_str(&text).expect("dashboard is JSON");
    let panels = dash["panels"].as_array().expect("panels");
    assert!(panels.len() >= 12, "{} panels", panels.len());
    let mut exprs = Vec::new();
    for p in panels {
        let targets = p["targets"].as_array().expect("every panel has targets");
        assert!(!targets.is_empty(), "panel {} has no query", p["title"]);
        for t in targets {
            exprs.push(t["expr"].as_str().expect("expr").to_string());
        }
    }
    exprs
}

fn alert_exprs() -> Vec<String> {
    let text = std::fs::read_to_string(format!("{ROOT}/deploy/prometheus/alerts.yml")).unwrap();
    // The rule file keeps each expr on `expr:` (one line) or in a `|` block below it.
    let mut exprs = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        let Some(v) = l.trim_start().strip_prefix("expr:") else {
            continue;
        };
        let indent = l.len() - l.trim_start().len();
        let mut e = v.trim().trim_start_matches('|').to_string();
        while let Some(next) = lines.peek() {
            if next.len() - next.trim_start().len() <= indent || next.trim().is_empty() {
                break;
            }
            e.push(' ');
            e.push_str(next.trim());
            lines.next();
        }
        exprs.push(e);
    }
    exprs
}

#[test]
fn alert_rules_pass_promtool() {
    let out = std::process::Command::new("promtool")
        .args([
            "check",
            "rules",
            &format!("{ROOT}/deploy/prometheus/alerts.yml"),
        ])
        .output()
        .expect("promtool is installed by `make test` / .ci/run (Debian package `prometheus`)");
    assert!(
        out.status.success(),
        "promtool check rules failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let alerts = alert_exprs();
    assert!(alerts.len() >= 8, "{alerts:?}");
}

#[tokio::test]
async fn every_metric_of_the_dashboard_and_alerts_exists_on_a_fresh_edge() {
    let up = upstream().route("/", 200, "ok").spawn().await.unwrap();
    let p = Proxy::start_env(
        &EDGE.replace("{root}", ROOT),
        &[("{up}", up.addr().to_string())],
        &[
            ("RG_TEST_ALPHA", "alpha-merchant-key-0123456789abcdef"),
            ("RG_TEST_BETA", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        ],
    )
    .await;
    let text = p.metrics().await;
    let present: BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut used = BTreeSet::new();
    for e in dashboard_exprs().iter().chain(&alert_exprs()) {
        used.extend(families(e));
    }
    assert!(used.len() >= 25, "{used:?}");
    let missing: Vec<_> = used
        .iter()
        .filter(|m| !present.contains(m.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "used but not in /metrics: {missing:?}\n{text}"
    );
    // Bucket labels read as written, not with float noise.
    assert!(
        text.contains("riskgate_risk_score_bucket{le=\"0.15\"}"),
        "{text}"
    );
    assert!(!text.contains("00000000001"), "{text}");
}
