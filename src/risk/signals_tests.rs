use super::*;
use crate::geo::Country;
use crate::state::{MemoryState, MemoryStateConfig};
use std::num::NonZeroU64;

fn on() -> SignalSettings {
    SignalSettings {
        max_users_per_fingerprint: Some(3),
        tz_mismatch_min_usd: Some(100.0),
        new_device_for_user: true,
        repeat_amount: Some(3),
        block_min_signals: Some(3),
        ..SignalSettings::off()
    }
}

fn reasons(f: &SignalFacts, s: &SignalSettings, review_rules: usize) -> Vec<&'static str> {
    evaluate(f, s, review_rules)
        .iter()
        .map(|h| h.reason.as_str())
        .collect()
}

const DAY_S: u64 = 86_400;

#[test]
fn quiet_order_hits_nothing_and_unset_signals_never_hit() {
    let s = on();
    let plain = SignalFacts {
        users_per_fingerprint_24h: 1,
        networks_per_fingerprint_24h: 1,
        beacon: true,
        device_age_secs: Some(30 * DAY_S),
        user_established: true,
        same_amount_24h: 1,
        amount_usd: Some(50.0),
        ..SignalFacts::default()
    };
    assert!(reasons(&plain, &s, 0).is_empty());
    let loud = SignalFacts {
        users_per_fingerprint_24h: 40,
        networks_per_fingerprint_24h: 30,
        tz_mismatch: true,
        device_age_secs: None,
        beacon: false,
        user_established: false,
        same_amount_24h: 9,
        amount_usd: Some(500.0),
        device_inconsistent: None,
        device_replayed: None,
        uniform_fingerprint: false,
        linkage: crate::risk::linkage::LinkageFacts {
            users_per_mailbox_24h: 9,
            networks_per_mailbox_24h: 1,
            cookieless_users_per_amount_1h: 9,
            ..Default::default()
        },
        satellite: false,
        gateway: false,
        beacon_via_client: false,
        cookies_rare: false,
        quantity: 1,
    };
    assert!(reasons(&loud, &SignalSettings::off(), 5).is_empty());
}

#[test]
fn linkage_hits_come_last_and_never_count_towards_a_block() {
    let s = SignalSettings {
        linkage: crate::config::LinkageSettings {
            max_users_per_mailbox: Some(2),
            household_users_per_mailbox: Some(3),
            cookieless_spread: Some(3),
            ..Default::default()
        },
        ..on()
    };
    let f = SignalFacts {
        users_per_fingerprint_24h: 1,
        networks_per_fingerprint_24h: 1,
        beacon: true,
        device_age_secs: Some(30 * DAY_S),
        user_established: true,
        amount_usd: Some(50.0),
        linkage: crate::risk::linkage::LinkageFacts {
            users_per_mailbox_24h: 3,
            networks_per_mailbox_24h: 2,
            cookieless_users_per_amount_1h: 3,
            ..Default::default()
        },
        ..SignalFacts::default()
    };
    // Two linkage hits and one review rule: still three reviews short of a block.
    assert_eq!(reasons(&f, &s, 1), ["shared_mailbox", "cookieless_spread"]);
    let tz = SignalFacts {
        tz_mismatch: true,
        device_age_secs: None,
        amount_usd: Some(500.0),
        ..f
    };
    // One signal and one rule: two of three; the linkage hits do not make the third.
    assert_eq!(
        reasons(&tz, &s, 1),
        ["tz_mismatch", "shared_mailbox", "cookieless_spread"]
    );
}

#[test]
fn shared_fingerprint_needs_many_users_from_several_networks() {
    let s = on();
    let fp = |users, networks| SignalFacts {
        users_per_fingerprint_24h: users,
        networks_per_fingerprint_24h: networks,
        beacon: true,
        device_age_secs: Some(DAY_S),
        ..SignalFacts::default()
    };
    assert!(reasons(&fp(3, 3), &s, 0).is_empty(), "at the limit");
    assert_eq!(reasons(&fp(4, 2), &s, 0), [SHARED_FINGERPRINT]);
    // A family or a dorm behind one NAT: many users, one network.
    assert!(reasons(&fp(12, 1), &s, 0).is_empty());
    let one_network = SignalSettings {
        fingerprint_min_networks: 1,
        ..on()
    };
    assert_eq!(reasons(&fp(12, 1), &one_network, 0), [SHARED_FINGERPRINT]);
}

#[test]
fn tz_mismatch_counts_only_on_a_young_device_with_money_at_stake() {
    let s = on();
    let tz = |age: Option<u64>, usd| SignalFacts {
        tz_mismatch: true,
        beacon: true,
        device_age_secs: age,
        amount_usd: Some(usd),
        ..SignalFacts::default()
    };
    assert_eq!(reasons(&tz(Some(600), 150.0), &s, 0), [TZ_MISMATCH]);
    assert!(reasons(&tz(Some(600), 50.0), &s, 0).is_empty(), "small");
    // A traveller on their own old laptop.
    assert!(reasons(&tz(Some(60 * DAY_S), 900.0), &s, 0).is_empty());
    let f = SignalFacts {
        tz_mismatch: false,
        ..tz(Some(600), 900.0)
    };
    assert!(reasons(&f, &s, 0).is_empty());
}

#[test]
fn new_device_for_an_established_user_without_a_page_view() {
    let s = on();
    let ato = |established, age: Option<u64>, beacon| SignalFacts {
        user_established: established,
        device_age_secs: age,
        beacon,
        amount_usd: Some(80.0),
        ..SignalFacts::default()
    };
    assert_eq!(
        reasons(&ato(true, None, false), &s, 0),
        [NEW_DEVICE_FOR_USER]
    );
    assert_eq!(
        reasons(&ato(true, Some(120), false), &s, 0),
        [NEW_DEVICE_FOR_USER]
    );
    // Browsed first (a beacon), a device known for a while, or a new account: nothing.
    assert!(reasons(&ato(true, Some(120), true), &s, 0).is_empty());
    assert!(reasons(&ato(true, Some(2 * DAY_S), false), &s, 0).is_empty());
    assert!(reasons(&ato(false, None, false), &s, 0).is_empty());
}

#[test]
fn repeat_amount_on_a_young_account() {
    let s = on();
    let rep = |n, usd, established| SignalFacts {
        same_amount_24h: n,
        amount_usd: Some(usd),
        user_established: established,
        beacon: true,
        device_age_secs: Some(DAY_S),
        ..SignalFacts::default()
    };
    assert!(reasons(&rep(2, 100.0, false), &s, 0).is_empty());
    assert_eq!(reasons(&rep(3, 100.0, false), &s, 0), [REPEAT_AMOUNT]);
    assert!(reasons(&rep(5, 10.0, false), &s, 0).is_empty(), "small");
    assert!(
        reasons(&rep(5, 100.0, true), &s, 0).is_empty(),
        "established"
    );
}

#[test]
fn one_signal_reviews_and_independent_ones_block() {
    let s = on();
    let f = SignalFacts {
        users_per_fingerprint_24h: 9,
        networks_per_fingerprint_24h: 9,
        tz_mismatch: true,
        beacon: true,
        device_age_secs: Some(600),
        amount_usd: Some(300.0),
        ..SignalFacts::default()
    };
    let hits = evaluate(&f, &s, 0);
    assert_eq!(
        hits.iter().map(|h| h.reason).collect::<Vec<_>>(),
        [SHARED_FINGERPRINT, TZ_MISMATCH]
    );
    assert!(hits.iter().all(|h| h.action == RuleAction::Review));
    // A third independent review reason (here a `[risk.rules]` one) blocks.
    let hits = evaluate(&f, &s, 1);
    assert_eq!(
        hits.last().map(|h| (h.reason, h.action)),
        Some((SIGNALS_COMBINED, RuleAction::Block))
    );
    // Rules alone never make the signals block.
    let quiet = SignalFacts::default();
    assert!(evaluate(&quiet, &s, 5).is_empty());
}

#[test]
fn review_rules_are_counted_once_per_reason() {
    let r = |reason: &str, action| RuleHit {
        reason: crate::risk::Reason::parse(reason).expect("a reason code"),
        action,
    };
    let hits = [
        r("hosting_asn", RuleAction::Review),
        r("hosting_asn", RuleAction::Review),
        r("geo_review", RuleAction::Review),
        r("max_amount", RuleAction::Block),
    ];
    assert_eq!(review_rule_count(&hits), 2);
}

#[test]
fn time_zone_table() {
    for w in TZ_RANGES.windows(2) {
        assert!(w[0].0 < w[1].0, "sorted for binary search: {}", w[1].0);
    }
    for (c, lo, hi) in TZ_RANGES {
        assert!(lo <= hi, "{c}");
    }
    assert!(!tz_mismatch("DE", 60));
    assert!(!tz_mismatch("DE", 120), "summer time");
    assert!(tz_mismatch("DE", -300), "a New York browser on a German IP");
    assert!(!tz_mismatch("US", -480));
    assert!(tz_mismatch("US", 480));
    assert!(!tz_mismatch("IN", 330));
    assert!(tz_mismatch("IN", 300));
    assert!(
        !tz_mismatch("ZZ", 999),
        "unknown countries are never a mismatch"
    );
}

fn tracker() -> SignalTracker {
    let cap = NonZeroU64::new(10_000).unwrap();
    SignalTracker::new(Arc::new(MemoryState::new(MemoryStateConfig {
        max_entries: cap,
    })))
}

fn input<'a>(ip: &str, user: Option<&'a str>, beacon: Option<(u64, i16)>) -> SignalInput<'a> {
    SignalInput {
        ip: ip.parse().unwrap(),
        geo: GeoFacts {
            country: Country::from_code("DE"),
            asn: None,
            hosting: false,
        },
        lang_region: Some(*b"DE"),
        user,
        beacon,
        device_age_secs: Some(3600),
        amount: Some((5000, "EUR")),
        amount_usd: Some(54.0),
        email: None,
        user_agent: b"",
        http_fingerprint: None,
    }
}

#[test]
fn tracker_counts_users_and_networks_per_fingerprint() {
    let t = tracker();
    let s = on();
    let now = 1_700_000_000_000;
    let users = ["u1", "u2", "u3", "u4"];
    let mut last = SignalFacts::default();
    for (i, u) in users.iter().enumerate() {
        let ip = format!("203.0.{i}.7");
        last = t.observe(&input(&ip, Some(u), Some((42, 60))), &s, true, now);
    }
    assert_eq!(
        (
            last.users_per_fingerprint_24h,
            last.networks_per_fingerprint_24h
        ),
        (4, 4)
    );
    assert!(!last.tz_mismatch);
    // Another fingerprint is unaffected; a read counts nothing.
    let other = t.observe(
        &input("203.0.9.1", Some("u1"), Some((43, 60))),
        &s,
        false,
        now,
    );
    assert_eq!(other.users_per_fingerprint_24h, 0);
    // A family behind one NAT: four users, one network.
    for u in users {
        last = t.observe(
            &input("198.51.100.9", Some(u), Some((7, 60))),
            &s,
            true,
            now,
        );
    }
    assert_eq!(
        (
            last.users_per_fingerprint_24h,
            last.networks_per_fingerprint_24h
        ),
        (4, 1)
    );
    // The window forgets after a day.
    let later = t.observe(
        &input("203.0.1.7", Some("u9"), Some((42, 60))),
        &s,
        true,
        now + 86_401_000,
    );
    assert_eq!(later.users_per_fingerprint_24h, 1);
    // The time zone is checked against the IP's country.
    let ny = t.observe(
        &input("203.0.1.7", Some("u9"), Some((44, -300))),
        &s,
        true,
        now,
    );
    assert!(ny.tz_mismatch && ny.beacon);
    // ... unless the browser's language is from where its clock is (a traveller).
    let mut traveller = input("203.0.1.7", Some("u9"), Some((44, -300)));
    traveller.lang_region = Some(*b"US");
    assert!(!t.observe(&traveller, &s, true, now).tz_mismatch);
    traveller.lang_region = None;
    assert!(t.observe(&traveller, &s, true, now).tz_mismatch);
    // No beacon: no fingerprint counts, no tz check.
    let none = t.observe(&input("203.0.1.7", Some("u9"), None), &s, true, now);
    assert_eq!(
        (
            none.users_per_fingerprint_24h,
            none.tz_mismatch,
            none.beacon
        ),
        (0, false, false)
    );
}

#[test]
fn tracker_knows_established_users_and_repeated_amounts() {
    let t = tracker();
    let s = on();
    let now = 1_700_000_000_000;
    let mut old = input("203.0.113.5", Some("alice"), Some((1, 60)));
    old.device_age_secs = Some(30 * DAY_S);
    let mut young = input("203.0.113.5", Some("mule"), Some((2, 60)));
    young.device_age_secs = Some(600);
    // Same amount three times on a young account.
    let counts: Vec<u32> = (0..3)
        .map(|i| t.observe(&young, &s, true, now + i).same_amount_24h)
        .collect();
    assert_eq!(counts, [1, 2, 3]);
    let f = t.observe(&young, &s, false, now + 5);
    assert_eq!((f.same_amount_24h, f.user_established), (3, false));
    assert_eq!(reasons(&f, &s, 0), [REPEAT_AMOUNT]);
    // Another amount or currency counts apart.
    let mut other = young;
    other.amount = Some((5000, "USD"));
    assert_eq!(t.observe(&other, &s, true, now).same_amount_24h, 1);
    // Alice ordered from her old laptop: she is established for 30 days.
    assert!(
        !t.observe(&old, &s, false, now).user_established,
        "a read counts nothing"
    );
    assert!(t.observe(&old, &s, true, now).user_established);
    let mut thief = input("192.0.2.1", Some("alice"), None);
    thief.device_age_secs = None;
    let f = t.observe(&thief, &s, true, now + 1000);
    assert!(f.user_established && !f.beacon);
    assert_eq!(reasons(&f, &s, 0), [NEW_DEVICE_FOR_USER]);
    let f = t.observe(&thief, &s, true, now + 31 * DAY_S * 1000);
    assert!(!f.user_established, "forgotten after 30 days");
    // No user: only fingerprint facts.
    let anon = t.observe(&input("203.0.113.5", None, Some((3, 60))), &s, true, now);
    assert_eq!((anon.same_amount_24h, anon.user_established), (0, false));
}

#[test]
fn replay_recomputes_the_signals_from_the_logged_facts() {
    use crate::config::PolicySettings;
    use crate::risk::baseline::Baseline;
    use crate::risk::decision::Decision;
    use crate::risk::log::DecisionRecord;
    use crate::risk::policy::Policy;
    use crate::risk::replay::{decide_line, ReplayOptions, Unlabelled};
    let line = r#"{"time":"2026-12-05T00:00:00Z","ts_ms":0,"request_id":"r1","route":"orders",
        "client_ip":"192.0.2.1","country":"GB","asn":null,"device_id":null,"user":"mo",
        "feature_names":["amount_usd"],"features":[100.0],"schema_hash":"h","model_version":"m",
        "score":0.01,"shadow_model_version":null,"shadow_score":null,"review_at":0.3,
        "block_at":0.6,"decision":"allow","reasons":[],"top_features":[],"shadow_mode":false,
        "channel":null,"signals":{"users_per_fingerprint_24h":1,"networks_per_fingerprint_24h":1,
        "tz_mismatch":false,"beacon":true,"device_age_secs":600,"user_established":false,
        "same_amount_24h":3,"amount_usd":100.0}}"#;
    let rec: DecisionRecord = serde_json::from_str(line).unwrap();
    let names = vec!["amount_usd".to_string()];
    let settings = PolicySettings {
        cap_weak_blocks: true,
        weak_features: None,
        strong_rules: vec![],
        sharing_features: None,
    };
    let mut opts = ReplayOptions {
        thresholds: None,
        expected_loss: None,
        rules: None,
        rates: None,
        signals: Some(on()),
        policy: Policy::resolve(&settings, &names, &Baseline::resolve(&names, None)).unwrap(),
        labels: None,
        unlabelled: Unlabelled::Ignore,
        examples: 0,
        keep_changes: false,
    };
    let score = |_: &[f32]| Some(0.01);
    let d = decide_line(&rec, &score, &opts).unwrap();
    assert_eq!(d.1, Decision::Review, "repeat_amount from the logged facts");
    opts.signals = Some(SignalSettings {
        repeat_amount: Some(4),
        ..on()
    });
    assert_eq!(decide_line(&rec, &score, &opts).unwrap().1, Decision::Allow);
    opts.signals = None;
    assert_eq!(decide_line(&rec, &score, &opts).unwrap().1, Decision::Allow);
}

#[test]
fn a_listed_satellite_or_gateway_network_has_no_clock_mismatch_and_nothing_else_changes() {
    let s = SignalSettings {
        satellite_asns: vec![14593],
        gateway_asns: vec![53813, 55256],
        ..on()
    };
    // A new office desktop behind Zscaler, its clock the buyer's, the PoP's country not.
    let f = SignalFacts {
        users_per_fingerprint_24h: 30,
        networks_per_fingerprint_24h: 20,
        tz_mismatch: true,
        beacon: true,
        amount_usd: Some(900.0),
        ..SignalFacts::default()
    };
    assert_eq!(reasons(&f, &s, 0), ["shared_fingerprint", "tz_mismatch"]);
    let g = s.network(Some(53813), f);
    assert_eq!(
        (g.gateway, g.satellite, g.tz_mismatch),
        (true, false, false)
    );
    assert!(g.country_is_egress());
    // Only the clock is dropped: a fingerprint shared by strangers still reviews.
    assert_eq!(reasons(&g, &s, 0), ["shared_fingerprint"]);
    assert_eq!(
        g,
        SignalFacts {
            tz_mismatch: false,
            gateway: true,
            ..f
        }
    );
    let sat = s.network(Some(14593), f);
    assert_eq!(
        (sat.gateway, sat.satellite, sat.tz_mismatch),
        (false, true, false)
    );
    assert!(sat.country_is_egress());
    // Any other network, no ASN, or no lists: the facts as they were.
    assert_eq!(s.network(Some(7922), f), f);
    assert_eq!(s.network(None, f), f);
    assert_eq!(on().network(Some(53813), f), f);
    assert!(!f.country_is_egress());
}

#[test]
fn a_uniform_fingerprint_is_not_shared_and_its_clock_says_nothing() {
    let s = on();
    // Thirty strangers on twenty networks in Tor / Mullvad Browser, clock forced to UTC.
    let rfp = SignalFacts {
        users_per_fingerprint_24h: 30,
        networks_per_fingerprint_24h: 20,
        tz_mismatch: true,
        beacon: true,
        amount_usd: Some(300.0),
        ..SignalFacts::default()
    };
    assert_eq!(reasons(&rfp, &s, 0), ["shared_fingerprint", "tz_mismatch"]);
    let u = rfp.uniform();
    assert!(reasons(&u, &s, 0).is_empty(), "{u:?}");
    assert_eq!(
        (
            u.users_per_fingerprint_24h,
            u.networks_per_fingerprint_24h,
            u.tz_mismatch,
            u.uniform_fingerprint
        ),
        (1, 1, false, true)
    );
    // Nothing else is touched: the other signals still see the order.
    assert_eq!((u.beacon, u.amount_usd), (true, Some(300.0)));
    // No beacon (0) stays 0.
    assert_eq!(
        SignalFacts::default().uniform().users_per_fingerprint_24h,
        0
    );
}

#[test]
fn account_spread_counts_only_devices_younger_than_established_days() {
    let t = tracker();
    let mut s = SignalSettings::off();
    s.linkage.account_spread = Some(3);
    // The owner's own devices, known for 30 days, on three networks: not spread.
    for (i, ip) in ["81.2.69.1", "81.2.70.1", "81.2.71.1"].iter().enumerate() {
        let mut o = input(ip, Some("owner"), Some((100 + i as u64, 60)));
        o.device_age_secs = Some(30 * 86_400);
        let f = t.observe(&o, &s, true, 1_000 + i as u64);
        assert_eq!(f.linkage.devices_per_user_1h, 0);
        assert!(evaluate(&f, &s, 0).is_empty());
    }
    // Three fresh browsers on three networks: spread.
    let mut last = SignalFacts::default();
    for (i, ip) in ["89.1.1.1", "89.1.2.1", "89.1.3.1"].iter().enumerate() {
        let mut o = input(ip, Some("victim"), Some((200 + i as u64, 60)));
        o.device_age_secs = Some(120);
        last = t.observe(&o, &s, true, 2_000 + i as u64);
    }
    assert_eq!(last.linkage.devices_per_user_1h, 3);
    assert_eq!(last.linkage.networks_per_user_1h, 3);
    let reasons: Vec<_> = evaluate(&last, &s, 0)
        .iter()
        .map(|h| h.reason.as_str())
        .collect();
    assert_eq!(reasons, ["account_spread"]);
}

#[test]
fn repeat_spend_holds_a_young_accounts_second_high_order_from_a_fresh_device() {
    let s = SignalSettings {
        linkage: crate::config::LinkageSettings {
            repeat_spend: Some(crate::config::RepeatSpend {
                min_usd: 100,
                device_secs: 3600,
            }),
            ..Default::default()
        },
        ..SignalSettings::off()
    };
    // An ATO drain's second order: 300 USD, two high orders in the hour to one mailbox,
    // a device first seen four minutes ago, a different amount from the first.
    let drain = SignalFacts {
        amount_usd: Some(300.0),
        device_age_secs: Some(240),
        same_amount_24h: 1,
        linkage: LinkageFacts {
            orders_per_user_1h: 2,
            mailboxes_per_user_1h: 1,
            high_orders_per_user_1h: 2,
            ..LinkageFacts::default()
        },
        ..SignalFacts::default()
    };
    assert_eq!(reasons(&drain, &s, 0), [REPEAT_SPEND]);
    // Weak: it never blocks, never counts towards signals_combined.
    assert!(evaluate(&drain, &s, 5)
        .iter()
        .all(|h| h.action == RuleAction::Review));
    let not = |f: SignalFacts, why: &str| assert!(reasons(&f, &s, 0).is_empty(), "{why}");
    not(
        SignalFacts {
            linkage: LinkageFacts {
                high_orders_per_user_1h: 1,
                ..drain.linkage
            },
            ..drain
        },
        "the first high order (a small one, then a big one)",
    );
    not(
        SignalFacts {
            amount_usd: Some(99.0),
            ..drain
        },
        "this order is small",
    );
    not(
        SignalFacts {
            user_established: true,
            ..drain
        },
        "an established account",
    );
    not(
        drain.gateway(),
        "a company's buyer through an enterprise gateway",
    );
    not(
        SignalFacts {
            device_age_secs: Some(3601),
            ..drain
        },
        "a device older than the hour",
    );
    not(
        SignalFacts {
            same_amount_24h: 2,
            ..drain
        },
        "one amount twice: a retry of a declined payment",
    );
    not(
        SignalFacts {
            linkage: LinkageFacts {
                mailboxes_per_user_1h: 2,
                ..drain.linkage
            },
            ..drain
        },
        "a mailbox per recipient: a gift sender",
    );
    // A device first seen on this order is young; off, nothing hits.
    let fresh = SignalFacts {
        device_age_secs: None,
        ..drain
    };
    assert_eq!(reasons(&fresh, &s, 0), [REPEAT_SPEND]);
    assert!(reasons(&drain, &SignalSettings::off(), 0).is_empty());
}

#[test]
fn spending_spree_holds_an_established_devices_second_high_order_in_the_hour() {
    let mut s = SignalSettings::off();
    s.established_days = 7;
    s.linkage.repeat_spend = Some(crate::config::RepeatSpend {
        min_usd: 100,
        device_secs: 3600,
    });
    s.linkage.spree = Some(crate::config::Spree {
        min_usd: 150,
        max_quantity: 3,
    });
    // A scam victim's third card within the hour: their own computer (a cookie 240 days
    // old), their own account and mailbox, 500 USD after 300 and 200.
    let victim = SignalFacts {
        amount_usd: Some(500.0),
        device_age_secs: Some(240 * 86_400),
        user_established: true,
        same_amount_24h: 1,
        quantity: 1,
        linkage: LinkageFacts {
            orders_per_user_1h: 3,
            mailboxes_per_user_1h: 1,
            high_orders_per_user_1h: 3,
            ..LinkageFacts::default()
        },
        ..SignalFacts::default()
    };
    assert_eq!(reasons(&victim, &s, 0), [SPENDING_SPREE]);
    // Weak: it never blocks, never counts towards signals_combined.
    assert!(evaluate(&victim, &s, 5)
        .iter()
        .all(|h| h.action == RuleAction::Review));
    let not = |f: SignalFacts, why: &str| assert!(reasons(&f, &s, 0).is_empty(), "{why}");
    not(
        SignalFacts {
            linkage: LinkageFacts {
                high_orders_per_user_1h: 1,
                ..victim.linkage
            },
            ..victim
        },
        "the first high order of the hour",
    );
    not(
        SignalFacts {
            amount_usd: Some(149.0),
            ..victim
        },
        "this order is under spree_min_usd",
    );
    not(
        SignalFacts {
            quantity: 4,
            ..victim
        },
        "a basket of many cards (a company)",
    );
    not(
        SignalFacts {
            device_age_secs: Some(6 * 86_400),
            ..victim
        },
        "a device younger than established_days (repeat_spend's side)",
    );
    not(
        SignalFacts {
            device_age_secs: None,
            ..victim
        },
        "a device first seen on this order",
    );
    not(
        SignalFacts {
            same_amount_24h: 3,
            ..victim
        },
        "one amount every time: a declined payment retried",
    );
    not(
        SignalFacts {
            linkage: LinkageFacts {
                mailboxes_per_user_1h: 2,
                ..victim.linkage
            },
            ..victim
        },
        "a mailbox per recipient: a gift sender",
    );
    not(
        victim.gateway(),
        "a company's buyer through an enterprise gateway",
    );
    // Off unless set; repeat_spend alone does not hold an established device.
    let mut only_repeat = s.clone();
    only_repeat.linkage.spree = None;
    assert!(reasons(&victim, &only_repeat, 0).is_empty());
}

fn hop_settings() -> SignalSettings {
    let mut s = SignalSettings::off();
    s.linkage.network_hop_min_usd = Some(60);
    s
}

/// A residential-proxy cash-out's second order: a young account, a device first seen two
/// minutes ago, two orders of the hour from two networks, one device, one mailbox.
fn hop() -> SignalFacts {
    SignalFacts {
        amount_usd: Some(127.0),
        device_age_secs: Some(120),
        same_amount_24h: 1,
        linkage: LinkageFacts {
            orders_per_user_1h: 2,
            mailboxes_per_user_1h: 1,
            devices_per_user_1h: 1,
            networks_per_user_1h: 2,
            asns_per_user_1h: 2,
            ip_families_per_user_1h: 1,
            ..LinkageFacts::default()
        },
        ..SignalFacts::default()
    }
}

#[test]
fn network_hop_holds_a_young_accounts_second_order_from_another_network() {
    let s = hop_settings();
    let hop = hop();
    assert_eq!(reasons(&hop, &s, 0), [NETWORK_HOP]);
    // Weak: it never blocks, never counts towards signals_combined.
    let mut combined = s.clone();
    combined.block_min_signals = Some(1);
    assert!(evaluate(&hop, &combined, 5)
        .iter()
        .all(|h| h.action == RuleAction::Review));
    // One actor on two devices (a new phone) but one mailbox still counts; so does one
    // device writing to two mailboxes; a device first seen on this order is young.
    for (f, why) in [
        (
            SignalFacts {
                linkage: LinkageFacts {
                    devices_per_user_1h: 2,
                    ..hop.linkage
                },
                ..hop
            },
            "two devices, one mailbox",
        ),
        (
            SignalFacts {
                linkage: LinkageFacts {
                    mailboxes_per_user_1h: 2,
                    ..hop.linkage
                },
                ..hop
            },
            "one device, two mailboxes",
        ),
        (
            SignalFacts {
                device_age_secs: None,
                ..hop
            },
            "a device first seen on this order",
        ),
        (
            SignalFacts {
                amount_usd: Some(60.0),
                ..hop
            },
            "exactly the amount",
        ),
        (
            SignalFacts {
                linkage: LinkageFacts {
                    asns_per_user_1h: 1,
                    ..hop.linkage
                },
                ..hop
            },
            "one carrier's addresses over one family: a farm phone rotating",
        ),
        (
            SignalFacts {
                linkage: LinkageFacts {
                    ip_families_per_user_1h: 2,
                    ..hop.linkage
                },
                ..hop
            },
            "two carriers, over IPv4 and IPv6",
        ),
        (
            SignalFacts {
                linkage: LinkageFacts {
                    asns_per_user_1h: 0,
                    ip_families_per_user_1h: 0,
                    ..hop.linkage
                },
                ..hop
            },
            "a line logged before the carrier counts (replay)",
        ),
    ] {
        assert_eq!(reasons(&f, &s, 0), [NETWORK_HOP], "{why}");
    }
    let not = |f: SignalFacts, why: &str| assert!(reasons(&f, &s, 0).is_empty(), "{why}");
    let linkage = |l: LinkageFacts| SignalFacts { linkage: l, ..hop };
    not(
        linkage(LinkageFacts {
            orders_per_user_1h: 1,
            ..hop.linkage
        }),
        "the account's first order of the hour",
    );
    not(
        linkage(LinkageFacts {
            networks_per_user_1h: 1,
            ..hop.linkage
        }),
        "every order from one network",
    );
    not(
        linkage(LinkageFacts {
            devices_per_user_1h: 2,
            mailboxes_per_user_1h: 2,
            ..hop.linkage
        }),
        "two devices and two mailboxes: two people on one login",
    );
    not(
        linkage(LinkageFacts {
            asns_per_user_1h: 1,
            ip_families_per_user_1h: 2,
            ..hop.linkage
        }),
        "one ISP over IPv4 and IPv6: a dual-stack browser switching families",
    );
    not(
        linkage(LinkageFacts {
            networks_per_user_1h: 0,
            devices_per_user_1h: 0,
            ..hop.linkage
        }),
        "the device and network counts were not taken (an established device)",
    );
    not(
        SignalFacts {
            amount_usd: Some(59.5),
            ..hop
        },
        "this order is below the amount",
    );
    not(
        SignalFacts {
            amount_usd: None,
            ..hop
        },
        "the amount is unknown",
    );
    not(
        SignalFacts {
            user_established: true,
            ..hop
        },
        "an established account",
    );
    not(
        SignalFacts {
            device_age_secs: Some(3601),
            ..hop
        },
        "a device older than the hour",
    );
    not(hop.gateway(), "through an enterprise gateway");
    not(hop.satellite(), "through a satellite network");
    assert!(reasons(&hop, &SignalSettings::off(), 0).is_empty(), "off");
}

#[test]
fn network_hop_counts_the_accounts_devices_and_networks_without_account_spread() {
    let t = tracker();
    let s = hop_settings();
    assert_eq!(s.linkage.account_spread, None);
    let order = |ip: &str, user: &'static str, usd: f64, ts: u64| {
        let mut o = input(ip, Some(user), Some((300, 60)));
        o.device_age_secs = Some(60);
        o.email = Some("drop@example.net");
        o.amount_usd = Some(usd);
        t.observe(&o, &s, true, 1_000_000 + ts)
    };
    // The first order: nothing repeated yet.
    let first = order("89.1.1.1", "fresh", 63.5, 0);
    assert_eq!(
        (
            first.linkage.orders_per_user_1h,
            first.linkage.networks_per_user_1h,
            first.linkage.devices_per_user_1h
        ),
        (1, 1, 1)
    );
    assert!(evaluate(&first, &s, 0).is_empty());
    // Two minutes later the same browser from another network: held.
    let second = order("72.14.9.1", "fresh", 127.0, 120_000);
    assert_eq!(
        (
            second.linkage.orders_per_user_1h,
            second.linkage.networks_per_user_1h,
            second.linkage.devices_per_user_1h,
            second.linkage.mailboxes_per_user_1h
        ),
        (2, 2, 1, 1)
    );
    assert_eq!(reasons(&second, &s, 0), [NETWORK_HOP]);
    // Another account whose two orders come from one line is not.
    order("81.2.69.1", "steady", 80.0, 0);
    let same_line = order("81.2.69.1", "steady", 90.0, 300_000);
    assert_eq!(same_line.linkage.networks_per_user_1h, 1);
    assert!(evaluate(&same_line, &s, 0).is_empty());
    // More than an hour later the first network has left the window.
    let later = order("72.14.9.1", "fresh", 127.0, 120_000 + 3_601_000);
    assert_eq!(later.linkage.networks_per_user_1h, 1);
    assert!(evaluate(&later, &s, 0).is_empty());
}

#[test]
fn network_hop_tells_a_dual_stack_switch_from_a_carrier_rotation() {
    let t = tracker();
    let s = hop_settings();
    let order = |ip: &str, asn: u32, user: &'static str, ts: u64| {
        let mut o = input(ip, Some(user), Some((400, 60)));
        o.geo.asn = Some(asn);
        o.device_age_secs = Some(60);
        o.email = Some("me@example.net");
        o.amount_usd = Some(80.0);
        t.observe(&o, &s, true, 2_000_000 + ts)
    };
    let counts = |f: &SignalFacts| {
        (
            f.linkage.networks_per_user_1h,
            f.linkage.asns_per_user_1h,
            f.linkage.ip_families_per_user_1h,
        )
    };
    // One ISP's IPv4 and IPv6 (a dual-stack browser switching between orders).
    order("73.1.2.3", 7922, "dual", 0);
    let v6 = order("2601:1c0::1", 7922, "dual", 60_000);
    assert_eq!(counts(&v6), (2, 1, 2));
    assert!(evaluate(&v6, &s, 0).is_empty());
    // A farm phone on one carrier, its IPv4 address moving between orders.
    order("100.64.1.9", 21928, "farm", 0);
    let rotated = order("100.64.9.9", 21928, "farm", 60_000);
    assert_eq!(counts(&rotated), (2, 1, 1));
    assert_eq!(reasons(&rotated, &s, 0), [NETWORK_HOP]);
    // Another carrier, over IPv6 this time.
    order("86.1.1.1", 5089, "hopper", 0);
    let other = order("2a02:c7f::1", 5607, "hopper", 60_000);
    assert_eq!(counts(&other), (2, 2, 2));
    assert_eq!(reasons(&other, &s, 0), [NETWORK_HOP]);
    // With network_hop off, account_spread alone takes only its two counts.
    let mut spread = SignalSettings::off();
    spread.linkage.account_spread = Some(3);
    let mut o = input("86.1.1.1", Some("plain"), Some((401, 60)));
    o.device_age_secs = Some(60);
    let f = t.observe(&o, &spread, true, 2_000_000);
    assert_eq!(counts(&f), (1, 0, 0));
}

#[test]
fn cookieless_order_holds_money_from_a_client_without_a_device_cookie() {
    let mut s = SignalSettings::off();
    s.cookieless_min_usd = Some(150.0);
    // A checkout script's 200 USD order: no cookie, so the device id is issued on it.
    let script = SignalFacts {
        amount_usd: Some(200.0),
        device_age_secs: None,
        ..SignalFacts::default()
    };
    assert_eq!(reasons(&script, &s, 0), [COOKIELESS_ORDER]);
    // At the threshold it counts; below it, or with any cookie back (even one issued a
    // second ago by the shop's first page), or with no known amount, it does not.
    let at = SignalFacts {
        amount_usd: Some(150.0),
        ..script
    };
    assert_eq!(reasons(&at, &s, 0), [COOKIELESS_ORDER]);
    for (f, why) in [
        (
            SignalFacts {
                amount_usd: Some(149.99),
                ..script
            },
            "below the threshold",
        ),
        (
            SignalFacts {
                device_age_secs: Some(0),
                ..script
            },
            "a cookie issued this second",
        ),
        (
            SignalFacts {
                device_age_secs: Some(40 * DAY_S),
                user_established: true,
                ..script
            },
            "an established device",
        ),
        (
            SignalFacts {
                amount_usd: None,
                ..script
            },
            "unknown amount",
        ),
        (
            SignalFacts {
                cookies_rare: true,
                ..script
            },
            "an edge whose orders rarely carry the cookie",
        ),
    ] {
        assert!(reasons(&f, &s, 0).is_empty(), "{why}");
    }
    // Off unless set.
    assert!(reasons(&script, &SignalSettings::off(), 0).is_empty());
    // Weak: it never blocks and never counts towards signals_combined, even with other
    // signals and review rules around it.
    let mut combined = on();
    combined.cookieless_min_usd = Some(150.0);
    combined.block_min_signals = Some(1);
    let hits = evaluate(&script, &combined, 0);
    assert_eq!(
        hits.iter().map(|h| h.reason).collect::<Vec<_>>(),
        [COOKIELESS_ORDER]
    );
    assert!(hits.iter().all(|h| h.action == RuleAction::Review));
    let tz = SignalFacts {
        tz_mismatch: true,
        ..script
    };
    combined.block_min_signals = Some(2);
    let hits = evaluate(&tz, &combined, 0);
    assert!(
        hits.iter().all(|h| h.action == RuleAction::Review),
        "tz_mismatch plus cookieless_order is one counted signal, not two: {hits:?}"
    );
}

#[test]
fn quick_checkout_holds_a_high_order_seconds_after_the_first_page() {
    let mut s = SignalSettings::off();
    s.quick_checkout = Some(crate::config::QuickCheckout {
        secs: 30,
        min_usd: 250.0,
        max_secs: 30,
    });
    // A cash-out: one page in a fresh profile, then 400 USD 12 seconds after the cookie.
    let cashout = SignalFacts {
        amount_usd: Some(400.0),
        device_age_secs: Some(12),
        beacon: true,
        ..SignalFacts::default()
    };
    assert_eq!(reasons(&cashout, &s, 0), [QUICK_CHECKOUT]);
    // Weak: a review, never a block, never counted towards signals_combined.
    assert!(evaluate(&cashout, &s, 5)
        .iter()
        .all(|h| h.action == RuleAction::Review));
    // At the amount it counts; a cookie issued on the first second counts.
    let at = SignalFacts {
        amount_usd: Some(250.0),
        device_age_secs: Some(0),
        ..cashout
    };
    assert_eq!(reasons(&at, &s, 0), [QUICK_CHECKOUT]);
    for (f, why) in [
        (
            SignalFacts {
                device_age_secs: Some(30),
                ..cashout
            },
            "the browser has been on the shop for the whole window",
        ),
        (
            SignalFacts {
                device_age_secs: Some(40 * 86_400),
                ..cashout
            },
            "a device the shop has known for weeks",
        ),
        (
            SignalFacts {
                amount_usd: Some(249.0),
                ..cashout
            },
            "under the amount",
        ),
        (
            SignalFacts {
                amount_usd: None,
                ..cashout
            },
            "an unknown amount",
        ),
        (
            SignalFacts {
                device_age_secs: None,
                ..cashout
            },
            "no cookie: cookieless_order's case, not this one's",
        ),
        (
            cashout.gateway(),
            "a company's buyer through an enterprise gateway",
        ),
    ] {
        assert!(reasons(&f, &s, 0).is_empty(), "{why}");
    }
    // Off unless set.
    assert!(reasons(&cashout, &SignalSettings::off(), 0).is_empty());
}

#[test]
fn quick_checkouts_window_grows_with_the_amount_up_to_max_secs() {
    let q = crate::config::QuickCheckout {
        secs: 30,
        min_usd: 250.0,
        max_secs: 90,
    };
    // 30 s per 250 USD: 60 s at 500, capped at 90 from 750 on; never below 30.
    assert_eq!(q.window_secs(250.0), 30);
    assert_eq!(q.window_secs(500.0), 60);
    assert_eq!(q.window_secs(750.0), 90);
    assert_eq!(q.window_secs(5000.0), 90);
    assert_eq!(q.window_secs(100.0), 30);
    let flat = crate::config::QuickCheckout { max_secs: 30, ..q };
    assert_eq!(flat.window_secs(5000.0), 30);
    let mut s = SignalSettings::off();
    s.quick_checkout = Some(q);
    let order = |usd: f64, age: u64| SignalFacts {
        amount_usd: Some(usd),
        device_age_secs: Some(age),
        beacon: true,
        ..SignalFacts::default()
    };
    // 600 USD 50 s after the first page: inside its 72 s window.
    assert_eq!(reasons(&order(600.0, 50), &s, 0), [QUICK_CHECKOUT]);
    // 250 USD 50 s after: outside its 30 s window; 600 USD after 75 s: outside 72 s.
    assert!(reasons(&order(250.0, 50), &s, 0).is_empty());
    assert!(reasons(&order(600.0, 75), &s, 0).is_empty());
    // 2,000 USD after 89 s: inside the cap; after 90 s: not.
    assert_eq!(reasons(&order(2000.0, 89), &s, 0), [QUICK_CHECKOUT]);
    assert!(reasons(&order(2000.0, 90), &s, 0).is_empty());
}
