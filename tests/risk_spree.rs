//! Spending sprees (`[risk.linkage] spree_min_usd`, issue 13 round 11) through the running
//! proxy: an account's second large order within the hour from a computer the shop has
//! known for months (a scam victim buying cards for the caller, a cardholder's sitting
//! before a chargeback) is reviewed; a company's basket, a declined payment retried at one
//! amount, a gift per recipient's mailbox and a device first seen this week (that is
//! `repeat_spend`'s side) are not. The known computer is a device cookie signed with the
//! edge's key and issued 240 days ago. Each check reads the decision riskgate logged for
//! the order (admin `GET /decisions/{id}`).

mod common;

use common::*;

const KEY_ENV: &str = "SPREE_COOKIE_KEY";
const KEY: &str = "spree-cookie-key-0123456789abcdef0123456789";

fn config(log: &std::path::Path) -> String {
    let fields = "email = \"/email\"\nquantity = \"/quantity\"\n";
    ShopConfig::new(0.1256, 0.6579)
        .lines("[risk.signals]\nestablished_days = 7")
        .lines("[risk.linkage]\nrepeat_spend_min_usd = 100\nspree_min_usd = 150")
        .decision_log(log)
        .lines(&format!("[fingerprint]\nkey_envs = [\"{KEY_ENV}\"]"))
        .lines(&ShopConfig::order_route(r#""amount""#, "", fields))
        .pass_rest()
        .build()
}

async fn start(dir: &tempfile::TempDir) -> (Proxy, TestUpstream) {
    let cfg = config(&dir.path().join("decisions.jsonl"));
    start_shop_env(&cfg, &[(KEY_ENV, KEY)]).await
}

/// An order of `quantity` cards for `amount` USD in all by `user`, delivered to `email`.
fn order(amount: &str, quantity: u32, user: &str, email: &str) -> String {
    format!(
        r#"{{"amount":"{amount}","currency":"USD","quantity":{quantity},"user":"{user}","email":"{email}"}}"#
    )
}

/// Orders `bodies` from one browser (`cookie`, `ip`), returning each logged decision.
async fn sitting(p: &Proxy, ip: &str, cookie: &str, bodies: Vec<String>) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for body in bodies {
        out.push(order_as(p, ip, BROWSER_UA, cookie, "en-GB", body).await);
    }
    out
}

#[tokio::test]
async fn a_known_computers_second_large_card_in_the_hour_is_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let (p, up) = start(&dir).await;
    // A scam victim on their own computer: 200, then 300, then 500 USD of cards, all to
    // their own mailbox.
    let own = cookie_issued_days_ago(KEY, 240);
    let mail = "joan.miller@example.org";
    let recs = sitting(
        &p,
        "81.2.69.60",
        &own,
        vec![
            order("200.00", 1, "joan", mail),
            order("300.00", 1, "joan", mail),
            order("500.00", 2, "joan", mail),
        ],
    )
    .await;
    assert!(
        recs[0]["signals"]["device_age_secs"].as_u64().unwrap() >= 240 * 86_400 - 60,
        "{}",
        recs[0]
    );
    assert!(
        !has_reason(&recs[0], "spending_spree"),
        "the first: {}",
        recs[0]
    );
    for rec in &recs[1..] {
        assert!(has_reason(rec, "spending_spree"), "{rec}");
        assert_eq!(
            rec["decision"], "review",
            "weak evidence only reviews: {rec}"
        );
        assert!(
            !has_reason(rec, "repeat_spend"),
            "an established device: {rec}"
        );
    }
    let seen = up.log.last().unwrap();
    assert_eq!(seen.header("x-risk-decision"), Some("review"));
}

#[tokio::test]
async fn baskets_retries_gifts_and_new_devices_are_not_a_spree() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start(&dir).await;
    let quiet = |recs: &[serde_json::Value], why: &str| {
        for rec in recs {
            assert!(!has_reason(rec, "spending_spree"), "{why}: {rec}");
        }
    };
    // A company's buyer: baskets of 20 and 30 cards.
    let office = cookie_issued_days_ago(KEY, 400);
    let mail = "payroll@acme.example";
    let recs = sitting(
        &p,
        "81.2.69.61",
        &office,
        vec![
            order("500.00", 20, "acme", mail),
            order("750.00", 30, "acme", mail),
        ],
    )
    .await;
    quiet(&recs, "a basket of many cards");
    // A declined payment retried: one amount, three times.
    let home = cookie_issued_days_ago(KEY, 90);
    let mail = "raj@example.org";
    let recs = sitting(
        &p,
        "81.2.69.62",
        &home,
        vec![order("250.00", 1, "raj", mail); 3],
    )
    .await;
    quiet(&recs, "one amount retried");
    // A gift sender: a mailbox per recipient.
    let gifts = cookie_issued_days_ago(KEY, 90);
    let recs = sitting(
        &p,
        "81.2.69.63",
        &gifts,
        vec![
            order("200.00", 1, "mia", "mum@example.org"),
            order("300.00", 1, "mia", "dad@example.org"),
        ],
    )
    .await;
    quiet(&recs, "gifts to two mailboxes");
    // A computer first seen three days ago: not established (repeat_spend's side, off
    // here for devices older than its hour).
    let fresh = cookie_issued_days_ago(KEY, 3);
    let mail = "leo@example.org";
    let recs = sitting(
        &p,
        "81.2.69.64",
        &fresh,
        vec![
            order("200.00", 1, "leo", mail),
            order("300.00", 1, "leo", mail),
        ],
    )
    .await;
    quiet(&recs, "a device younger than established_days");
    // A small first order, then one large one: one high order in the hour.
    let own = cookie_issued_days_ago(KEY, 200);
    let mail = "ada@example.org";
    let recs = sitting(
        &p,
        "81.2.69.65",
        &own,
        vec![
            order("20.00", 1, "ada", mail),
            order("300.00", 1, "ada", mail),
        ],
    )
    .await;
    quiet(&recs, "small, then large");
}
