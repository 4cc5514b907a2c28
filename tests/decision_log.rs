//! Decision-log completeness through the running proxy: every order outcome — allowed,
//! block-listed, rate-limited, over a purchase limit — is one line with its named features
//! and the stage that decided; and `riskgate replay` over such a log (guard lines kept as
//! logged, thresholds checked, the schema found without relying on the working directory).

mod common;

use common::*;
use std::collections::HashMap;
use std::time::Duration;

/// Orders limited to 2 a minute per ip and 1 a day per user; `risk_extra`: `[risk]` keys.
fn config(log: &std::path::Path, risk_extra: &str) -> String {
    ShopConfig::new(0.2619, 0.4459)
        .lines(risk_extra)
        .decision_log(log)
        .orders(
            r#""amount", "user""#,
            r#"rate_limits = [{ scope = "ip", rate = 1, per = "1m", burst = 2 }]
purchase_limits = [{ scope = "user", max = 1, window = "day" }]"#,
        )
        .pass_rest()
        .build()
}

/// Posts an order for `user` from `ip`; returns the status and the request id.
async fn order(p: &Proxy, ip: &str, user: &str) -> (u16, String) {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-forwarded-for", ip)
        .header("accept-language", "en-GB,en;q=0.9")
        .body(format!(
            r#"{{"amount":"20.00","currency":"USD","user":"{user}","email":"{user}@example.com"}}"#
        ))
        .send()
        .await
        .unwrap();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    (r.status().as_u16(), rid)
}

/// The log's complete lines (a line the writer is still flushing has no newline yet).
fn complete(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
        .filter_map(|l| l.strip_suffix('\n'))
}

/// The log's lines by request id, once it holds `n` complete ones.
async fn lines(log: &std::path::Path, n: usize) -> HashMap<String, serde_json::Value> {
    let written = eventually(Duration::from_secs(5), || async move {
        std::fs::read_to_string(log).is_ok_and(|t| complete(&t).count() >= n)
    })
    .await;
    assert!(written, "{n} decision lines written");
    let text = std::fs::read_to_string(log).unwrap();
    complete(&text)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["request_id"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

#[tokio::test]
async fn every_guard_outcome_is_one_decision_log_line_with_features_and_stage() {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("decisions.jsonl");
    let p = Proxy::start_with(&config(&log, ""), &[("{up}", up.addr().to_string())]).await;

    let (s, allowed) = order(&p, "81.2.69.160", "alice").await;
    assert_eq!(s, 201);
    // The shop accepted alice's order (counted once its response is logged): her next
    // one today is over the limit. Each try from its own address, below the rate limit.
    let mut limited = None;
    for i in 0..50 {
        let (s, rid) = order(&p, &format!("81.2.69.{}", 100 + i), "alice").await;
        if s == 403 {
            limited = Some(rid);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let limited = limited.expect("alice's second order refused by the purchase limit");
    let r = p
        .client
        .post(format!("http://{}/lists/user", p.admin))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"value": "mallory"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let (s, listed) = order(&p, "81.2.69.163", "mallory").await;
    assert_eq!(s, 403);
    // Burst 2 per IP: the third order from one address gets 429.
    order(&p, "81.2.69.164", "u1").await;
    order(&p, "81.2.69.164", "u2").await;
    let (s, throttled) = order(&p, "81.2.69.164", "u3").await;
    assert_eq!(s, 429);

    let recs = lines(&log, 6).await;
    let cases = [
        (&allowed, "allow", "model", None),
        (
            &limited,
            "block",
            "purchase_limit",
            Some("daily_limit_user"),
        ),
        (&listed, "block", "guard_list", Some("blacklist_user")),
        (&throttled, "block", "rate_limit", Some("rate_limited")),
    ];
    for (rid, decision, stage, reason) in cases {
        let rec = recs
            .get(rid.as_str())
            .unwrap_or_else(|| panic!("{stage}: no line for {rid}"));
        assert_eq!(rec["decision"], decision, "{rec}");
        assert_eq!(rec["stage"], stage, "{rec}");
        if let Some(reason) = reason {
            assert_eq!(rec["reasons"], serde_json::json!([reason]), "{rec}");
        }
        let names = rec["feature_names"].as_array().unwrap();
        assert_eq!(names.len(), rec["features"].as_array().unwrap().len());
        assert!(names.len() >= 10, "{rec}");
        let at = |name: &str| {
            let i = names.iter().position(|n| n == name).unwrap();
            rec["features"][i].as_f64().unwrap()
        };
        assert!((at("amount_usd") - 20.0).abs() < 1e-4, "{rec}");
        assert_eq!(rec["amount_minor"], 2000);
        assert_eq!(rec["currency"], "USD");
    }
    assert_eq!(recs[&limited]["user"], "alice");
    assert_eq!(recs[&listed]["user"], "mallory");
    // Every request made one line, no more.
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().lines().count(),
        recs.len()
    );
}

#[tokio::test]
async fn reasons_on_allow_forwards_the_top_features_of_allowed_orders() {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("decisions.jsonl");
    for (setting, explained) in [("", false), ("reasons_on_allow = true", true)] {
        let p = Proxy::start_with(&config(&log, setting), &[("{up}", up.addr().to_string())]).await;
        let (s, rid) = order(&p, "81.2.69.180", &format!("buyer{explained}")).await;
        assert_eq!(s, 201);
        let seen = up.log.last().unwrap();
        assert_eq!(seen.header("x-risk-decision"), Some("allow"));
        assert_eq!(
            seen.header("x-risk-reasons").is_some(),
            explained,
            "{setting}"
        );
        let (_, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
        let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
        let top = rec["top_features"].as_array().unwrap();
        assert_eq!(!top.is_empty(), explained, "{rec}");
        if let Some(h) = seen.header("x-risk-reasons") {
            let names: Vec<&str> = top.iter().map(|t| t.as_str().unwrap()).collect();
            assert_eq!(h, names.join(","));
        }
    }
}

#[tokio::test]
async fn replay_keeps_guard_lines_and_refuses_bad_thresholds_and_finds_the_schema() {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("decisions.jsonl");
    let p = Proxy::start_with(&config(&log, ""), &[("{up}", up.addr().to_string())]).await;
    for u in ["a", "b", "c"] {
        order(&p, "81.2.69.170", u).await;
    }
    lines(&log, 3).await;
    let root = env!("CARGO_MANIFEST_DIR");
    let model = format!("{root}/models/risk.onnx");
    // Found as the proxy finds it (ORT_DYLIB_PATH, else the crate's .venv), named
    // explicitly because replay runs from elsewhere.
    let ort = onnxruntime();
    let replay = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_riskgate"))
            .args(["replay", "--log"])
            .arg(&log)
            .args(["--model", &model])
            .arg("--onnxruntime")
            .arg(&ort)
            .args(extra)
            // Not the crate root: the schema default must not depend on it.
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = replay(&[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("replayed 3 decisions (0 skipped)"), "{text}");
    assert!(
        text.contains("guards: 1 stopped by guards, kept as logged"),
        "{text}"
    );
    assert!(
        text.contains("block -> block"),
        "the 429 stays a block: {text}"
    );
    for (r, b, msg) in [
        ("0.6", "0.4", "review_at = 0.6 is above block_at = 0.4"),
        ("0.2", "1.5", "block_at = 1.5 is outside [0, 1]"),
    ] {
        let out = replay(&["--review-at", r, "--block-at", b]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains(msg), "{err}");
    }
}
