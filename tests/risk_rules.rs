//! The order rules that need no model (issue 13): disposable mail, several accounts on one
//! device, a surge of small orders from devices without history (card testing that rotates
//! addresses and drops cookies), through the running proxy. Each test reads the decision
//! riskgate logged for the order (admin `GET /decisions/{id}`) and what the shop received.

mod common;

use common::*;

fn config(log: &std::path::Path) -> String {
    format!(
        r#"{edge}
[risk.rules]
disposable_email = "review"
max_users_per_device = 1
small_order_surge = 4
[risk.decision_log]
path = "{log}"
{routes}"#,
        edge = scoring_edge(0.1256, 0.6579),
        routes = SHOP_ROUTES,
        log = log.display()
    )
}

const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

async fn start(dir: &tempfile::TempDir) -> (Proxy, TestUpstream) {
    start_shop(&config(&dir.path().join("decisions.jsonl"))).await
}

/// Posts an order from `ip` (with the device cookie `cookie`, if any); returns the status
/// and the logged decision record.
async fn order(
    p: &Proxy,
    ip: &str,
    cookie: Option<&str>,
    body: String,
) -> (u16, serde_json::Value) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut req = client
        .post(p.url("/api/orders"))
        .header("user-agent", UA)
        .header("x-forwarded-for", ip)
        .header("accept-language", "en-GB,en;q=0.5")
        .header("accept-encoding", "gzip, deflate, br")
        .header("content-type", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", format!("rg_did={c}"));
    }
    let r = req.body(body).send().await.unwrap();
    let status = r.status().as_u16();
    let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let (code, rec) = p.admin_get(&format!("/decisions/{rid}")).await.unwrap();
    assert_eq!(code, 200, "{rec}");
    (status, serde_json::from_str(&rec).unwrap())
}

fn body(amount: &str, user: &str, email: &str) -> String {
    format!(r#"{{"amount":"{amount}","currency":"USD","user":"{user}","email":"{email}"}}"#)
}

fn reasons(rec: &serde_json::Value) -> Vec<String> {
    rec["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

/// A device cookie from a page view, as a browser gets it.
async fn device(p: &Proxy, ip: &str) -> String {
    let r = p
        .client
        .get(p.url("/"))
        .header("user-agent", UA)
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap();
    r.headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| {
            let pair = v.to_str().ok()?.split(';').next()?;
            pair.strip_prefix("rg_did=").map(str::to_string)
        })
        .expect("the page sets the device cookie")
}

#[tokio::test]
async fn disposable_mail_goes_to_review_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (p, up) = start(&dir).await;
    let (s, rec) = order(
        &p,
        "81.2.69.160",
        None,
        body("25.00", "ann", "ann@gmail.com"),
    )
    .await;
    assert_eq!((s, rec["decision"].as_str()), (201, Some("allow")), "{rec}");
    let (s, rec) = order(
        &p,
        "81.2.69.161",
        None,
        body("25.00", "bo", "x7@yopmail.com"),
    )
    .await;
    assert_eq!(s, 201, "review forwards by default: {rec}");
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"disposable_email".into()), "{rec}");
    let seen = up.log.last().unwrap();
    assert_eq!(seen.header("x-risk-decision"), Some("review"));
}

#[tokio::test]
async fn a_second_account_on_one_device_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    let ip = "81.2.69.170";
    let dev = device(&p, ip).await;
    let (_, rec) = order(
        &p,
        ip,
        Some(&dev),
        body("50.00", "carol", "carol@example.com"),
    )
    .await;
    assert_eq!(rec["decision"], "allow", "{rec}");
    // The same account again on the same device is no reason.
    let (_, rec) = order(
        &p,
        ip,
        Some(&dev),
        body("20.00", "carol", "carol@example.com"),
    )
    .await;
    assert!(!reasons(&rec).contains(&"shared_device".into()), "{rec}");
    // Another identity from the same browser is.
    let (_, rec) = order(
        &p,
        ip,
        Some(&dev),
        body("50.00", "dave", "dave@example.com"),
    )
    .await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"shared_device".into()), "{rec}");
}

#[tokio::test]
async fn a_surge_of_small_cookieless_orders_from_rotating_addresses_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    // A card tester: no cookie, a new address in another network and a fresh guest
    // account every time, 2 USD each. No per-device, per-IP or per-client count builds.
    let mut decided = Vec::new();
    for k in 0..6 {
        let ip = format!("{}.{}.69.{}", 81 + k % 3, 2 + k, 10 + k);
        let user = format!("guest-{k}");
        let (s, rec) = order(
            &p,
            &ip,
            None,
            body("2.00", &user, &format!("{user}@gmail.com")),
        )
        .await;
        assert_eq!(s, 201, "{rec}");
        assert_eq!(rec["small_surge"].as_u64(), Some(k + 1), "{rec}");
        decided.push((rec["decision"].as_str().unwrap().to_string(), reasons(&rec)));
    }
    for (k, (decision, reasons)) in decided.iter().enumerate() {
        let surge = reasons.contains(&"small_order_surge".to_string());
        assert_eq!(surge, k >= 3, "order {k}: {decision} {reasons:?}");
        if surge {
            assert_eq!(decision, "review");
        }
    }
    // A large order from a new device, or a small one from a device with history, is not
    // part of the surge.
    let (_, rec) = order(
        &p,
        "81.2.69.200",
        None,
        body("40.00", "eve", "eve@example.com"),
    )
    .await;
    assert!(rec.get("small_surge").is_none(), "{rec}");
    let ip = "81.2.69.201";
    let dev = device(&p, ip).await;
    let (_, rec) = order(&p, ip, Some(&dev), body("2.00", "fay", "fay@example.com")).await;
    assert!(
        !reasons(&rec).contains(&"small_order_surge".into()),
        "{rec}"
    );
}
