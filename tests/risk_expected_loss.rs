//! The review threshold per order from its amount (`[risk.expected_loss]`, issue 13)
//! through the running proxy with the shipped model: a first order from a new device at
//! home is scored the same whatever the table says, but with it a large basket is held for
//! review (`model_review`, `amount_at_risk`) below the flat `review_at`, and a small one
//! above `review_at` goes through. Each check reads the decision riskgate logged for the
//! order (admin `GET /decisions/{id}`): `review_at` is the config's, `order_review_at` the
//! order's own threshold.

mod common;

use common::*;

/// A British home broadband address.
const HOME_GB: &str = "81.2.69.160";
const REVIEW_AT: f64 = 0.141;

fn config(log: &std::path::Path, expected_loss: bool) -> String {
    let table = if expected_loss {
        "[risk.expected_loss]\nreview_usd = 20\nmin_score = 0.05\nmax_score = 0.25\n"
    } else {
        ""
    };
    format!(
        "{edge}{table}[risk.decision_log]\npath = \"{log}\"\n{SHOP_ROUTES}",
        edge = scoring_edge(REVIEW_AT as f32, 0.6238),
        log = log.display()
    )
}

/// A first order of `dollars` USD from a browser without a device history, speaking
/// `lang`, on a British home line; returns the HTTP status and the logged decision.
async fn order(p: &Proxy, dollars: u32, lang: &str, user: &str) -> (u16, serde_json::Value) {
    let body = format!(
        r#"{{"amount":"{dollars}.00","currency":"USD","user":"{user}","email":"{user}@example.co.uk"}}"#
    );
    let headers = [
        ("user-agent", BROWSER_UA),
        ("x-forwarded-for", HOME_GB),
        ("accept-language", lang),
    ];
    logged_order(p, &headers, body).await
}

fn reasons(rec: &serde_json::Value) -> Vec<&str> {
    rec["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

fn f(rec: &serde_json::Value, key: &str) -> f64 {
    rec[key].as_f64().unwrap()
}

/// Sends the same orders to an edge with and one without the table; returns the pairs of
/// logged decisions (without, with), each order from its own account.
async fn pairs(orders: &[(u32, &str)]) -> Vec<(serde_json::Value, serde_json::Value)> {
    pairs_in(&tempfile::tempdir().unwrap(), orders).await
}

async fn pairs_in(
    dir: &tempfile::TempDir,
    orders: &[(u32, &str)],
) -> Vec<(serde_json::Value, serde_json::Value)> {
    let (flat, _a) = start_shop(&config(&dir.path().join("flat.jsonl"), false)).await;
    let (el, _b) = start_shop(&config(&dir.path().join("el.jsonl"), true)).await;
    let mut out = Vec::new();
    for (i, (dollars, lang)) in orders.iter().enumerate() {
        let user = format!("buyer-{i}");
        let (_, a) = order(&flat, *dollars, lang, &user).await;
        let (_, b) = order(&el, *dollars, lang, &user).await;
        out.push((a, b));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_first_order_is_reviewed_for_its_amount_below_review_at() {
    let p = pairs(&[(300, "en-GB,en;q=0.9"), (800, "en-GB,en;q=0.9")]).await;
    for (flat, el) in &p {
        assert_eq!(
            f(flat, "score"),
            f(el, "score"),
            "the table changes no score"
        );
        assert!((f(flat, "review_at") - REVIEW_AT).abs() < 1e-6, "{flat}");
        assert!((f(el, "review_at") - REVIEW_AT).abs() < 1e-6, "{el}");
        assert!(flat.get("order_review_at").is_none(), "{flat}");
    }
    let (flat, el) = &p[0];
    // 300 USD: review when score ≥ 20 / 300.
    assert!(
        (f(el, "order_review_at") - 20.0 / 300.0).abs() < 1e-6,
        "{el}"
    );
    let s = f(el, "score");
    assert!(
        (20.0 / 300.0..REVIEW_AT).contains(&s),
        "the shipped model should score this order in the band the amount reaches: {s}"
    );
    assert_eq!(flat["decision"], "allow", "{flat}");
    assert_eq!(el["decision"], "review", "{el}");
    assert_eq!(reasons(el)[..2], ["model_review", "amount_at_risk"], "{el}");
    // 800 USD: the threshold stops at min_score.
    assert!(
        (f(&p[1].1, "order_review_at") - 0.05).abs() < 1e-6,
        "{}",
        p[1].1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_order_above_review_at_goes_through_below_its_own_threshold() {
    // A German browser on a British line (a traveller), 30 USD: the flat review_at holds
    // it, the amount's threshold (max_score, 0.25) does not.
    let p = pairs(&[(30, "de-DE,de;q=0.9")]).await;
    let (flat, el) = &p[0];
    let s = f(el, "score");
    assert!(
        (REVIEW_AT..0.25).contains(&s),
        "the shipped model should score this order between review_at and max_score: {s}"
    );
    assert!((f(el, "order_review_at") - 0.25).abs() < 1e-6, "{el}");
    assert_eq!(flat["decision"], "review", "{flat}");
    assert!(reasons(flat).contains(&"model_review"), "{flat}");
    assert_eq!(el["decision"], "allow", "{el}");
    assert!(!reasons(el).contains(&"model_review"), "{el}");
}

/// `riskgate replay --config` over the log of an edge with the table re-decides every line
/// with the same per-order thresholds (nothing changes); with the flat `--review-at` /
/// `--block-at` of the same config, the orders the amount decided move back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_with_the_config_reproduces_the_per_order_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let p = pairs_in(&dir, &[(300, "en-GB,en;q=0.9"), (30, "de-DE,de;q=0.9")]).await;
    assert_eq!(p[0].1["decision"], "review");
    assert_eq!(p[1].1["decision"], "allow");
    let cfg = dir.path().join("el.toml");
    // The edge's own config, with a port that parses (replay reads only [risk]).
    let text = config(&dir.path().join("el.jsonl"), true)
        .replace("{listen}", "127.0.0.1:1")
        .replace("{admin}", "127.0.0.1:2")
        .replace("{up}", "127.0.0.1:3");
    std::fs::write(&cfg, text).unwrap();
    let ort = onnxruntime();
    let replay = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskgate"))
            .args(["replay", "--log"])
            .arg(dir.path().join("el.jsonl"))
            .arg("--config")
            .arg(&cfg)
            .arg("--onnxruntime")
            .arg(&ort)
            .args(extra)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    };
    let same = replay(&[]);
    assert!(same.contains("replayed 2 decisions (0 skipped)"), "{same}");
    assert!(
        same.contains("(review per order at 20 USD of expected loss, within [0.05, 0.25])"),
        "{same}"
    );
    assert!(!same.contains(" * "), "no line changes: {same}");
    let flat = replay(&["--review-at", "0.141", "--block-at", "0.6238"]);
    assert!(!flat.contains("expected loss"), "{flat}");
    // "decision changes" lines: ` * allow -> review        1   e.g. <id>`.
    let moved = |from: &str, to: &str| {
        flat.lines()
            .find(|l| l.contains(&format!("{from} -> {to}")))
            .and_then(|l| l.split_whitespace().nth(4).map(str::to_string))
    };
    assert_eq!(moved("review", "allow").as_deref(), Some("1"), "{flat}");
    assert_eq!(moved("allow", "review").as_deref(), Some("1"), "{flat}");
    // --changes: the same two moves, one CSV row per order, with its request id.
    let csv = dir.path().join("changes.csv");
    let listed = replay(&[
        "--review-at",
        "0.141",
        "--block-at",
        "0.6238",
        "--changes",
        csv.to_str().unwrap(),
    ]);
    assert!(
        listed.contains("2 changed decisions written to"),
        "{listed}"
    );
    let rows = std::fs::read_to_string(&csv).unwrap();
    let id = |i: usize| p[i].1["request_id"].as_str().unwrap().to_string();
    assert_eq!(
        rows,
        format!(
            "request_id,logged,new\n{},review,allow\n{},allow,review\n",
            id(0),
            id(1)
        )
    );
    // A path that cannot be written fails before the replay, with the path named.
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["replay", "--log"])
        .arg(dir.path().join("el.jsonl"))
        .arg("--config")
        .arg(&cfg)
        .arg("--onnxruntime")
        .arg(&ort)
        .arg("--changes")
        .arg(dir.path().join("no-such-dir/changes.csv"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    assert!(
        err.contains("creating") && err.contains("no-such-dir"),
        "{err}"
    );
    assert!(bad.stdout.is_empty(), "no report before the error");
}

/// The console shows an order's own review threshold on its decision page and the table on
/// the model page (logged in with the admin token, as an analyst would).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_shows_the_orders_own_review_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("el.jsonl"), true)).await;
    let (_, rec) = order(&p, 300, "en-GB,en;q=0.9", "buyer-ui").await;
    let rid = rec["request_id"].as_str().unwrap().to_string();
    let http = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let admin = |path: &str| format!("http://{}{}", p.admin, path);
    let r = http
        .post(admin("/ui/login"))
        .form(&[("token", TOKEN), ("name", "analyst")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let page = |path: String| {
        let (http, cookie) = (&http, &cookie);
        async move {
            let r = http
                .get(path)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }
    };
    let order_page = page(admin(&format!("/ui/orders/{rid}"))).await;
    assert!(
        order_page.contains("Review at, this order (expected loss)"),
        "{order_page}"
    );
    // Shown with four decimals, as the console shows every score.
    let own = format!("<td>{:.4}</td>", rec["order_review_at"].as_f64().unwrap());
    assert!(order_page.contains(&own), "{own}: {order_page}");
    let model = page(admin("/ui/model")).await;
    assert!(
        model.contains("score × amount ≥ 20 USD, within [0.05, 0.25]"),
        "{model}"
    );
}
