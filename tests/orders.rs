//! Order scoring through the running proxy with the shipped model and real ONNX Runtime:
//! allow with score headers, card-testing blocks with reasons, body handling, shadow mode,
//! review actions, model hot swap refusal, decision log and replay.

mod common;

use common::*;
use std::time::Duration;

fn config(extra_route: &str, risk_extra: &str, log: &std::path::Path) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    format!(
        r#"
[server]
listen = ["{{listen}}"]
threads = 1
trusted_proxies = ["127.0.0.0/8"]
h2c = true
[admin]
listen = "{{admin}}"
[geo]
country_db = "{root}/geoip/country.mmdb"
asn_db = "{root}/geoip/asn.mmdb"
hosting_asns = "{root}/geoip/hosting_asns.txt"
[risk]
model = "{{model}}"
schema = "{root}/models/schema.json"
disposable_domains = "{root}/models/disposable_domains.txt"
review_at = 0.1256
block_at = 0.6579
{risk_extra}
[risk.decision_log]
path = "{log}"
[upstreams.shop]
servers = ["{{up}}"]
[channels.alpha]
url = "http://{{up}}"
dialect = "epay"
secret_env = "RISKGATE_TEST_ALPHA_KEY"
[upstreams.pay]
channels = ["alpha"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
{extra_route}
[routes.order]
format = "json"
amount = "/amount"
currency = "/currency"
quantity = "/quantity"
product = "/product"
user = "/user"
email = "/email"
required = ["amount", "user"]
channel_group = "pay"
[[routes]]
name = "pay"
kind = "pass"
upstream = "pay"
prefix = "/pay"
payment_ref = "query:order_id"
[[routes]]
name = "alpha-notify"
kind = "callback"
channel = "alpha"
upstream = "shop"
prefix = "/notify/alpha"
[callbacks]
spool = "{{dir}}/spool.redb"
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#,
        log = log.display()
    )
}

struct Env {
    up: TestUpstream,
    dir: tempfile::TempDir,
}

impl Env {
    async fn new() -> Env {
        Env {
            up: upstream()
                .route("/", 200, "<html>shop</html>")
                .route("/api/orders", 201, "{\"order\":\"o-1\"}")
                .route("/pay", 200, "{\"status\":\"accepted\"}")
                .route("/fulfill", 200, "{}")
                .spawn()
                .await
                .unwrap(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn log(&self) -> std::path::PathBuf {
        self.dir.path().join("decisions.jsonl")
    }

    async fn start(&self, extra_route: &str, risk_extra: &str) -> Proxy {
        let model = concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx").to_string();
        Proxy::start_env(
            &config(extra_route, risk_extra, &self.log()),
            &[("{up}", self.up.addr().to_string()), ("{model}", model)],
            &[("RISKGATE_TEST_ALPHA_KEY", ALPHA_KEY)],
        )
        .await
    }
}

/// Automation clients go to review: a strong rule that lets a model block stand.
const AUTOMATION_REVIEW: &str = "[risk.rules]\nautomation = \"review\"";

/// The epay merchant key of channel `alpha` (its callbacks are signed with it).
const ALPHA_KEY: &str = "alpha-test-merchant-key";

/// Starts riskgate with the channel secret the config names.
async fn start_proxy(template: &str, subs: &[(&str, String)]) -> Proxy {
    Proxy::start_env(template, subs, &[("RISKGATE_TEST_ALPHA_KEY", ALPHA_KEY)]).await
}

const BROWSER_UA: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// A browser from a UK residential address with a device cookie from an earlier visit.
async fn browser(p: &Proxy) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let r = client
        .get(p.url("/"))
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", "81.2.69.160")
        .header("accept-language", "en-GB,en;q=0.9")
        .header("accept-encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    (client, cookie)
}

/// The headers the browser from [`browser`] sends with its device cookie.
fn from_browser(rb: reqwest::RequestBuilder, cookie: &str) -> reqwest::RequestBuilder {
    rb.header("cookie", cookie)
        .header("user-agent", BROWSER_UA)
        .header("x-forwarded-for", "81.2.69.160")
        .header("accept-language", "en-GB,en;q=0.9")
        .header("accept-encoding", "gzip, deflate, br")
}

fn order_body(user: &str, amount: &str) -> String {
    format!(
        r#"{{"product":"steam-50","quantity":1,"amount":"{amount}","currency":"USD","user":"{user}","email":"{user}@example.com"}}"#
    )
}

#[tokio::test]
async fn normal_order_is_allowed_with_score_headers_and_the_body_intact() {
    let e = Env::new().await;
    let p = e.start("", "").await;
    let (client, cookie) = browser(&p).await;
    let body = order_body("alice", "50.00");
    let r = from_browser(client.post(p.url("/api/orders")), &cookie)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let seen = e.up.log.last().unwrap();
    assert_eq!(seen.body, body.as_bytes(), "forwarded byte for byte");
    assert_eq!(seen.header("x-risk-decision"), Some("allow"));
    let score: f32 = seen.header("x-risk-score").unwrap().parse().unwrap();
    assert!(score < 0.1256, "normal order scored {score}");
    assert_eq!(seen.header("x-risk-score").unwrap().len(), 6, "4 decimals");
    assert_eq!(seen.header("x-geo-country"), Some("GB"));
    assert_eq!(seen.header("x-payment-channel"), Some("alpha"));
    let rid = seen.header("x-request-id").unwrap().to_string();
    let (status, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(status, 200, "{rec}");
    let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
    assert_eq!(rec["decision"], "allow");
    assert_eq!(rec["features"].as_array().unwrap().len(), 33);
    assert_eq!(rec["model_version"], "2026.12.06-1");
    assert_eq!(rec["channel"], "alpha");
}

/// SIGINT stops at once even with several worker threads (pingora 0.9.1's own fast
/// shutdown sometimes spun forever there), also in the middle of a SIGTERM's grace period;
/// SIGTERM alone stops after the grace period. Every way, the decisions of the last moments
/// before it are in the log file: the writer thread is drained before the process exits.
#[tokio::test]
async fn sigint_and_sigterm_stop_promptly_with_the_last_decisions_written() {
    let e = Env::new().await;
    // (signals sent 300 ms apart, grace period, time allowed). Four quick stops (the hang
    // showed in about one in five), one graceful, one SIGINT cutting a long grace short.
    let int = (&["-INT"][..], "1s", Duration::from_secs(2));
    let rounds = [
        int,
        int,
        int,
        int,
        (&["-TERM"][..], "1s", Duration::from_secs(5)),
        (&["-TERM", "-INT"][..], "30s", Duration::from_secs(3)),
    ];
    for (round, (signals, grace, limit)) in rounds.into_iter().enumerate() {
        let template = config("", "", &e.log()).replace(
            "threads = 1",
            &format!("threads = 2\ngrace_period = \"{grace}\""),
        );
        let model = concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx").to_string();
        let mut p = Proxy::start_env(
            &template,
            &[("{up}", e.up.addr().to_string()), ("{model}", model)],
            &[("RISKGATE_TEST_ALPHA_KEY", ALPHA_KEY)],
        )
        .await;
        let (client, cookie) = browser(&p).await;
        let r = from_browser(client.post(p.url("/api/orders")), &cookie)
            .header("content-type", "application/json")
            .body(order_body(&format!("stop{round}"), "20.00"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
        let (took, status) = p.stop(signals, Duration::from_secs(8));
        let status = status.unwrap_or_else(|| {
            panic!(
                "round {round}: still running 8 s after {signals:?}\n{}",
                p.log()
            )
        });
        assert!(status.success(), "round {round}: {status}\n{}", p.log());
        assert!(took < limit, "round {round}: {signals:?} took {took:?}");
        let log = std::fs::read_to_string(e.log()).unwrap();
        assert!(
            log.lines().any(|l| l.contains(&rid)),
            "round {round}: decision {rid} not in the log file at exit"
        );
    }
}

#[tokio::test]
async fn card_testing_burst_is_blocked_with_velocity_reasons() {
    let e = Env::new().await;
    // The shipped model needs the new device to score a burst this high, and a new device
    // is weak evidence ([risk.policy]): the automation client corroborates the block.
    let p = e.start("", AUTOMATION_REVIEW).await;
    let mut last = None;
    for i in 0..8 {
        let r = p
            .client
            .post(p.url("/api/orders"))
            .header("x-forwarded-for", "81.2.69.160")
            .header("user-agent", "python-requests/2.31")
            .body(order_body(&format!("u{i}"), "0.50"))
            .send()
            .await
            .unwrap();
        last = Some((r.status(), r.json::<serde_json::Value>().await.unwrap()));
    }
    let (status, body) = last.unwrap();
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["decision"], "block");
    let reasons: Vec<&str> = body["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"model_high"), "{reasons:?}");
    let velocity = [
        "orders_ip_10m",
        "small_orders_device_10m",
        "orders_device_10m",
        "users_per_device_24h",
        "devices_per_ip_1h",
    ];
    assert!(
        reasons.iter().any(|r| velocity.contains(r)),
        "reasons name a velocity feature: {reasons:?}"
    );
    let m = p.metrics().await;
    assert!(
        metric_value(
            &m,
            "riskgate_decisions_total{decision=\"block\",reason=\"model_high\"}"
        )
        .unwrap_or(0.0)
            >= 1.0,
        "{m}"
    );
    assert!(m.contains("riskgate_model_inference_seconds_count"));
}

#[tokio::test]
async fn bad_order_bodies_get_4xx_naming_the_field() {
    let e = Env::new().await;
    let p = e.start("", "").await;
    let post = |body: &'static [u8]| p.client.post(p.url("/api/orders")).body(body).send();
    let r = post(br#"{"amount":"5.00"}"#).await.unwrap();
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["field"], "user");
    assert_eq!(v["message"], "order field `user` is missing");
    let r = post(b"{not json").await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["field"],
        "body"
    );
    let r = post(br#"{"amount":"5.001","user":"u"}"#).await.unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["field"],
        "amount"
    );
    // Over the 64 KiB order limit, declared and chunked.
    let big = vec![b' '; 70_000];
    let r = p
        .client
        .post(p.url("/api/orders"))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        big.chunks(8192).map(|c| Ok(c.to_vec())).collect();
    let r = p
        .client
        .post(p.url("/api/orders"))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(
        e.up.log.count_path("/api/orders"),
        0,
        "nothing reached the shop"
    );
}

#[tokio::test]
async fn chunked_and_http2_order_bodies_are_forwarded_intact() {
    let e = Env::new().await;
    let p = e.start("", "").await;
    let browserish = |rb: reqwest::RequestBuilder| {
        rb.header("x-forwarded-for", "81.2.69.160")
            .header("user-agent", BROWSER_UA)
            .header("accept-language", "en-GB,en;q=0.9")
            .header("accept-encoding", "gzip, deflate, br")
    };
    let body = order_body("carol", "12.00");
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        body.as_bytes().chunks(7).map(|c| Ok(c.to_vec())).collect();
    let r = browserish(p.client.post(p.url("/api/orders")))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "chunked order allowed");
    assert_eq!(e.up.log.last().unwrap().body, body.as_bytes());

    let h2 = reqwest::Client::builder()
        .no_proxy()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let body = order_body("carol2", "14.00");
    let r = browserish(h2.post(p.url("/api/orders")))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.version(), reqwest::Version::HTTP_2);
    assert_eq!(r.status(), 201, "HTTP/2 order allowed");
    assert_eq!(e.up.log.last().unwrap().body, body.as_bytes());
    assert_eq!(
        e.up.log.last().unwrap().header("x-risk-decision"),
        Some("allow")
    );
}

#[tokio::test]
async fn shadow_mode_forwards_everything_but_logs_would_be_blocks() {
    let e = Env::new().await;
    let p = e.start("", "").await;
    drop(p);
    let p = start_proxy(
        &config("", AUTOMATION_REVIEW, &e.log()).replace(
            "required = [\"amount\", \"user\"]",
            "required = [\"amount\", \"user\"]\nshadow = true",
        ),
        &[
            ("{up}", e.up.addr().to_string()),
            (
                "{model}",
                concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx").to_string(),
            ),
        ],
    )
    .await;
    for i in 0..8 {
        let r = p
            .client
            .post(p.url("/api/orders"))
            .header("user-agent", "python-requests/2.31")
            .body(order_body(&format!("s{i}"), "0.50"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "shadow mode always forwards");
    }
    let seen = e.up.log.last().unwrap();
    assert_eq!(seen.header("x-risk-decision"), Some("allow"));
    assert_eq!(seen.header("x-risk-shadow-decision"), Some("block"));
    let (_, list) = p.admin_get("/decisions?decision=block").await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let blocks = v["decisions"].as_array().unwrap();
    assert!(!blocks.is_empty());
    assert!(blocks.iter().all(|d| d["shadow_mode"] == true));
}

#[tokio::test]
async fn review_hold_answers_202_and_review_forward_marks_the_order() {
    let e = Env::new().await;
    let mk = |review: &str| {
        config("", "", &e.log())
            .replace("review_at = 0.1256", "review_at = 0.0")
            .replace("block_at = 0.6579", "block_at = 1.0")
            .replace(
                "required = [\"amount\", \"user\"]",
                &format!("required = [\"amount\", \"user\"]\nreview = \"{review}\""),
            )
    };
    let subs = [
        ("{up}", e.up.addr().to_string()),
        (
            "{model}",
            concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx").to_string(),
        ),
    ];
    let p = start_proxy(&mk("hold"), &subs).await;
    let r = p
        .client
        .post(p.url("/api/orders"))
        .body(order_body("dave", "5.00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["decision"], "review");
    assert!(v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "model_review"));
    assert_eq!(e.up.log.count_path("/api/orders"), 0);
    drop(p);
    let p = start_proxy(&mk("forward"), &subs).await;
    let r = p
        .client
        .post(p.url("/api/orders"))
        .body(order_body("dave", "5.00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let seen = e.up.log.last().unwrap();
    assert_eq!(seen.header("x-risk-decision"), Some("review"));
    assert!(seen
        .header("x-risk-reasons")
        .unwrap()
        .contains("model_review"));
}

#[tokio::test]
async fn schema_mismatched_model_is_refused_at_reload_and_the_old_one_keeps_scoring() {
    let e = Env::new().await;
    let p = e.start("", "").await;
    let wrong = concat!(env!("CARGO_MANIFEST_DIR"), "/models/test/wrong_schema.onnx").to_string();
    p.rewrite_config(
        &config("", "", &e.log()),
        &[("{up}", e.up.addr().to_string()), ("{model}", wrong)],
    );
    let (status, body) = p.admin_post("/reload").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("wrong_schema.onnx") && body.contains("schema"),
        "{body}"
    );
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-forwarded-for", "81.2.69.160")
        .body(order_body("erin", "20.00"))
        .send()
        .await
        .unwrap();
    assert!(r.status() == 201 || r.status() == 403);
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (_, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert!(
        rec.contains("2026.12.06-1"),
        "still the shipped model: {rec}"
    );
    let ok = p
        .wait_metric(
            "riskgate_model_reloads_total{outcome=\"failure\"}",
            1.0,
            Duration::from_secs(2),
        )
        .await;
    assert!(ok);
}

/// Places `src` at `dst` the way a deploy should: write beside it, then rename over it.
fn replace_file(src: &str, dst: &std::path::Path) {
    let tmp = dst.with_extension("tmp");
    std::fs::copy(src, &tmp).unwrap();
    std::fs::rename(&tmp, dst).unwrap();
}

#[tokio::test]
async fn a_watched_model_file_is_swapped_when_replaced_and_a_bad_one_refused() {
    let e = Env::new().await;
    let root = env!("CARGO_MANIFEST_DIR");
    let model = e.dir.path().join("model.onnx");
    replace_file(&format!("{root}/models/risk.onnx"), &model);
    let p = Proxy::start_env(
        &config("", "watch = \"200ms\"", &e.log()),
        &[
            ("{up}", e.up.addr().to_string()),
            ("{model}", model.display().to_string()),
        ],
        &[("RISKGATE_TEST_ALPHA_KEY", ALPHA_KEY)],
    )
    .await;
    let version = |user: &'static str| {
        let p = &p;
        async move {
            let r = p
                .client
                .post(p.url("/api/orders"))
                .header("x-forwarded-for", "81.2.69.160")
                .body(order_body(user, "20.00"))
                .send()
                .await
                .unwrap();
            let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
            let (_, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
            let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
            rec["model_version"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(version("ann").await, "2026.12.06-1");

    // A new model (same schema) is picked up without any reload call.
    replace_file(&format!("{root}/models/test/tiny.onnx"), &model);
    assert!(
        eventually(Duration::from_secs(10), || async {
            version("bob").await == "fixture-tiny-1"
        })
        .await,
        "the replaced model was not loaded"
    );
    assert!(
        p.wait_metric(
            "riskgate_model_reloads_total{outcome=\"success\"}",
            1.0,
            Duration::from_secs(2)
        )
        .await
    );

    // A model for another schema is refused; the running one keeps scoring.
    replace_file(&format!("{root}/models/test/wrong_schema.onnx"), &model);
    assert!(
        p.wait_metric(
            "riskgate_model_reloads_total{outcome=\"failure\"}",
            1.0,
            Duration::from_secs(10)
        )
        .await,
        "the bad model was not noticed"
    );
    assert_eq!(version("cat").await, "fixture-tiny-1");
    // Refused once, not retried every interval while the file stays the same.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let scrape = p.metrics().await;
    assert_eq!(
        metric_value(&scrape, "riskgate_model_reloads_total{outcome=\"failure\"}"),
        Some(1.0)
    );
}

#[tokio::test]
async fn replay_reproduces_logged_scores_with_the_same_model() {
    let e = Env::new().await;
    let p = e.start("", "").await;
    for i in 0..12 {
        let ua = if i % 3 == 0 { "curl/8.5" } else { BROWSER_UA };
        p.client
            .post(p.url("/api/orders"))
            .header("user-agent", ua)
            .header("x-forwarded-for", "81.2.69.160")
            .body(order_body(
                &format!("r{i}"),
                if i % 2 == 0 { "0.99" } else { "75.00" },
            ))
            .send()
            .await
            .unwrap();
    }
    let log = e.log();
    let written = eventually(Duration::from_secs(5), || {
        let log = log.clone();
        async move {
            std::fs::read_to_string(&log)
                .map(|t| t.lines().count() == 12)
                .unwrap_or(false)
        }
    })
    .await;
    assert!(written, "12 decision lines written");
    let labels = e.dir.path().join("labels.csv");
    let ids: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["request_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let csv: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| format!("{id},{}\n", (i % 3 == 0) as u8))
        .collect();
    std::fs::write(&labels, format!("request_id,label\n{csv}")).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["replay", "--log"])
        .arg(&log)
        .args([
            "--model",
            &format!("{root}/models/risk.onnx"),
            "--schema",
            &format!("{root}/models/schema.json"),
        ])
        .arg("--labels")
        .arg(&labels)
        .current_dir(root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("replayed 12 decisions (0 skipped)"), "{text}");
    assert!(
        text.contains("scores: 0 changed by more than 1e-6"),
        "{text}"
    );
    assert!(text.contains("precision"), "{text}");
    // A stricter candidate threshold changes decisions, and replay says so.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["replay", "--log"])
        .arg(&log)
        .args([
            "--model",
            &format!("{root}/models/risk.onnx"),
            "--schema",
            &format!("{root}/models/schema.json"),
            "--review-at",
            "0.0",
            "--block-at",
            "0.0",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("-> block"), "{text}");
}

#[tokio::test]
async fn a_failed_payment_callback_counts_against_the_payers_device() {
    let e = Env::new().await;
    let p = e.start("", "").await;
    let (client, cookie) = browser(&p).await;
    let as_browser = |r: reqwest::RequestBuilder| from_browser(r, &cookie);
    // The device pays for order o-9 through the channel group...
    let r = as_browser(client.post(p.url("/pay?order_id=o-9")))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // ...and the channel reports that payment failed (card declined).
    let notify = riskgate::callbacks::dialect::sign::epay_form(
        ALPHA_KEY,
        &[
            ("pid", "1001"),
            ("trade_no", "T9"),
            ("out_trade_no", "o-9"),
            ("money", "50.00"),
            ("trade_status", "TRADE_CLOSED"),
        ],
    );
    let r = client
        .post(p.url("/notify/alpha"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(notify)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "success");
    // The same device's next order carries the failure as a model feature.
    let r = as_browser(client.post(p.url("/api/orders")))
        .header("content-type", "application/json")
        .body(order_body("bob", "20.00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // The request id riskgate answered with (the origin's last request may be the
    // callback's delivery to /fulfill, which races with this order).
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (_, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
    let names = rec["feature_names"].as_array().unwrap();
    let i = names
        .iter()
        .position(|n| n == "failed_payments_24h")
        .unwrap();
    assert_eq!(rec["features"][i], 1.0, "{rec}");
}
