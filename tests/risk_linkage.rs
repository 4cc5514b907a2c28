//! Cross-account linkage (`[risk.linkage]`, issue 13) through the running proxy: a
//! collector mailbox shared by several accounts, and a card tester spreading one amount
//! over cookie-less accounts. Each test reads the decision riskgate logged for the order
//! (admin `GET /decisions/{id}`), including the logged linkage facts.

mod common;

use common::*;

fn config(log: &std::path::Path) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines("[risk.linkage]\nmax_users_per_mailbox = 2\ncookieless_spread = 3")
        .decision_log(log)
        .beacon()
        .shop_routes()
        .build()
}

#[tokio::test]
async fn three_accounts_on_one_collector_mailbox_go_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    // One buyer gifting to four people: one account per mailbox, nothing linked.
    let cookie = browser(&p, "81.2.69.150", 60, Some("0f0f0f0f")).await;
    for to in ["ann@gmx.de", "bob@gmx.de", "cid@gmx.de", "dan@gmx.de"] {
        let rec = browser_order(
            &p,
            "81.2.69.150",
            &cookie,
            "de-DE",
            mail_order("25.00", "giver", to),
        )
        .await;
        assert!(!has_reason(&rec, "shared_mailbox"), "{rec}");
        assert_eq!(
            rec["signals"]["linkage"]["users_per_mailbox_24h"], 1,
            "{rec}"
        );
    }
    // Three mules on their own phones and networks, one collector behind Gmail aliases.
    let mut recs = Vec::new();
    for (i, (user, to)) in [
        ("mule1", "keys7@gmail.com"),
        ("mule2", "Keys.7+a@gmail.com"),
        ("mule3", "keys7+b@googlemail.com"),
    ]
    .into_iter()
    .enumerate()
    {
        let ip = format!("81.2.{}.160", 60 + i);
        let cookie = browser(&p, &ip, 0, Some(&format!("1fbc52f{i}"))).await;
        recs.push(browser_order(&p, &ip, &cookie, "en-GB", mail_order("25.00", user, to)).await);
    }
    let counts: Vec<_> = recs
        .iter()
        .map(|r| {
            r["signals"]["linkage"]["users_per_mailbox_24h"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(counts, [1, 2, 3]);
    assert!(!has_reason(&recs[1], "shared_mailbox"), "{}", recs[1]);
    assert!(has_reason(&recs[2], "shared_mailbox"), "{}", recs[2]);
    assert_ne!(recs[2]["decision"], "allow", "{}", recs[2]);
    assert_ne!(
        recs[2]["decision"], "block",
        "weak evidence only reviews: {}",
        recs[2]
    );
}

#[tokio::test]
async fn cookieless_accounts_spreading_one_amount_go_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("decisions.jsonl"))).await;
    // Browsers with a device cookie and a beacon buying the same amount never count.
    for (i, user) in ["ann", "bob", "cid"].iter().enumerate() {
        let ip = format!("81.2.{}.170", 60 + i);
        let cookie = browser(&p, &ip, 0, Some(&format!("2abc52f{i}"))).await;
        let email = format!("{user}@example.org");
        let rec = browser_order(&p, &ip, &cookie, "en-GB", mail_order("5.00", user, &email)).await;
        assert!(!has_reason(&rec, "cookieless_spread"), "{rec}");
    }
    // A checker script: one account and one address per card, no cookie, no beacon.
    let mut recs = Vec::new();
    for (i, user) in ["jack1001", "mike2002", "lisa3003"].iter().enumerate() {
        let ip = format!("89.160.20.{}", 110 + i);
        let email = format!("{user}@example.org");
        recs.push(bare_order(&p, &ip, mail_order("5.00", user, &email)).await);
    }
    let counts: Vec<_> = recs
        .iter()
        .map(|r| {
            r["signals"]["linkage"]["cookieless_users_per_amount_1h"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(counts, [1, 2, 3]);
    assert!(!has_reason(&recs[1], "cookieless_spread"), "{}", recs[1]);
    assert!(has_reason(&recs[2], "cookieless_spread"), "{}", recs[2]);
    assert_ne!(recs[2]["decision"], "allow", "{}", recs[2]);
    // A buyer whose browser keeps no cookie views the shop first (the page's cookie is
    // dropped): its orders are not bare, whichever account and amount.
    for (i, user) in ["ben5005", "cat6006"].iter().enumerate() {
        let ip = format!("89.160.20.{}", 130 + i);
        let page = page_view(&p, &ip).await;
        assert!(device_cookie(&page).is_some(), "the page offered a cookie");
        let email = format!("{user}@example.org");
        let rec = bare_order(&p, &ip, mail_order("5.00", user, &email)).await;
        // Bare, it would be the fourth (then fifth) cookie-less account at 5.00.
        assert_eq!(
            rec["signals"]["linkage"]["cookieless_users_per_amount_1h"], 0,
            "{rec}"
        );
        assert!(!has_reason(&rec, "cookieless_spread"), "{rec}");
    }
    // Another amount is another count.
    let rec = bare_order(
        &p,
        "89.160.20.120",
        mail_order("10.00", "amy4004", "amy4004@example.org"),
    )
    .await;
    assert_eq!(
        rec["signals"]["linkage"]["cookieless_users_per_amount_1h"], 1,
        "{rec}"
    );
    assert!(!has_reason(&rec, "cookieless_spread"), "{rec}");
}
