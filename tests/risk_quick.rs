//! Quick checkout (`[risk.signals] quick_checkout_secs`, `quick_checkout_min_usd`, issue
//! 13 round 12) through the running proxy: a large order placed seconds after the
//! browser's first page (the device cookie riskgate issued on that page) is reviewed; a
//! small one, or one from a browser that has been on the shop for minutes or is known for
//! months, or from a client that brought no cookie at all, is not. Each check reads the
//! decision riskgate logged for the order (admin `GET /decisions/{id}`).

mod common;

use common::*;

const KEY_ENV: &str = "QUICK_COOKIE_KEY";
const KEY: &str = "quick-cookie-key-0123456789abcdef0123456789";

async fn start(dir: &tempfile::TempDir) -> (Proxy, TestUpstream) {
    let cfg = ShopConfig::new(0.1256, 0.6579)
        .lines(
            "[risk.signals]\nquick_checkout_secs = 30\nquick_checkout_min_usd = 250\n\
             quick_checkout_max_secs = 90",
        )
        .decision_log(&dir.path().join("decisions.jsonl"))
        .lines(&format!("[fingerprint]\nkey_envs = [\"{KEY_ENV}\"]"))
        .lines(&ShopConfig::order_route(r#""amount""#, "", ""))
        .pass_rest()
        .build();
    start_shop_env(&cfg, &[(KEY_ENV, KEY)]).await
}

#[tokio::test]
async fn a_large_order_seconds_after_the_first_page_is_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let (p, up) = start(&dir).await;
    // One page in a fresh profile, then 400 USD at once.
    let cookie = browser(&p, "81.2.69.70", 0, None).await;
    let rec = browser_order(
        &p,
        "81.2.69.70",
        &cookie,
        "en-GB",
        order_body("400.00", "kim"),
    )
    .await;
    assert!(
        rec["signals"]["device_age_secs"].as_u64().unwrap() < 30,
        "{rec}"
    );
    assert!(has_reason(&rec, "quick_checkout"), "{rec}");
    assert_eq!(
        rec["decision"], "review",
        "weak evidence only reviews: {rec}"
    );
    assert_eq!(
        up.log.last().unwrap().header("x-risk-decision"),
        Some("review")
    );
    // The same browser's small card right after: under the amount.
    let small = browser_order(
        &p,
        "81.2.69.70",
        &cookie,
        "en-GB",
        order_body("40.00", "kim"),
    )
    .await;
    assert!(!has_reason(&small, "quick_checkout"), "{small}");
}

#[tokio::test]
async fn a_buyer_who_browsed_or_is_known_or_brought_no_cookie_is_not_quick() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    let quiet = |rec: &serde_json::Value, why: &str| {
        assert!(!has_reason(rec, "quick_checkout"), "{why}: {rec}");
    };
    // Two minutes on the shop before paying.
    let browsed = cookie_issued_secs_ago(KEY, 120);
    let rec = browser_order(
        &p,
        "81.2.69.71",
        &browsed,
        "en-GB",
        order_body("400.00", "ana"),
    )
    .await;
    let age = rec["signals"]["device_age_secs"].as_u64().unwrap();
    assert!((120..180).contains(&age), "{rec}");
    quiet(&rec, "two minutes of browsing");
    // A computer the shop has known for months.
    let known = cookie_issued_days_ago(KEY, 90);
    let rec = browser_order(
        &p,
        "81.2.69.72",
        &known,
        "en-GB",
        order_body("400.00", "bo"),
    )
    .await;
    quiet(&rec, "a known device");
    // No cookie at all: the device id is issued on the order (cookieless_order's case).
    let rec = bare_order(&p, "81.2.69.73", order_body("400.00", "cy")).await;
    assert!(rec["signals"]["device_age_secs"].is_null(), "{rec}");
    quiet(&rec, "no cookie");
}

#[tokio::test]
async fn the_window_grows_with_the_amount() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    // 50 seconds on the shop: past the 30 s window of 250 USD, inside the 72 s window of
    // 600 USD (30 s per 250 USD, at most 90).
    let big = browser_order(
        &p,
        "81.2.69.74",
        &cookie_issued_secs_ago(KEY, 50),
        "en-GB",
        order_body("600.00", "dee"),
    )
    .await;
    assert!(has_reason(&big, "quick_checkout"), "{big}");
    let modest = browser_order(
        &p,
        "81.2.69.75",
        &cookie_issued_secs_ago(KEY, 50),
        "en-GB",
        order_body("250.00", "eve"),
    )
    .await;
    assert!(!has_reason(&modest, "quick_checkout"), "{modest}");
}
