//! Unit tests of `risk::replay` with a stand-in scorer (the score is a feature of the
//! line), so each case says exactly what the candidate thinks.

use super::*;
use crate::config::{PolicySettings, RuleAction};
use crate::risk::baseline::Baseline;
use std::borrow::Cow;

const NAMES: [&str; 5] = [
    "risk",
    "hosting_asn",
    "automation_ua",
    "quantity",
    "amount_usd",
];

/// A line whose candidate score is `risk` (feature 0).
fn line(id: &str, decision: &str, stage: &str, risk: f32, hosting: f32, amount: f32) -> String {
    let rec = DecisionRecord {
        time: "2026-12-05T00:00:00Z".into(),
        ts_ms: 0,
        request_id: id.into(),
        route: "orders".into(),
        client_ip: "192.0.2.1".into(),
        country: Some("GB".into()),
        asn: None,
        device_id: None,
        user: None,
        feature_names: NAMES.iter().map(|n| Cow::Borrowed(*n)).collect(),
        features: vec![risk, hosting, 0.0, 1.0, amount],
        schema_hash: "h".into(),
        model_version: "m".into(),
        score: risk,
        shadow_model_version: None,
        shadow_score: None,
        review_at: 0.3,
        order_review_at: None,
        block_at: 0.6,
        decision: decision.into(),
        reasons: vec![],
        top_features: vec![],
        shadow_mode: false,
        channel: None,
        stage: stage.into(),
        policy: None,
        counterfactual_score: None,
        amount_minor: Some((f64::from(amount) * 100.0).round() as i64),
        currency: Some("USD".into()),
        small_surge: None,
        signals: None,
    };
    serde_json::to_string(&rec).unwrap() + "\n"
}

fn opts() -> ReplayOptions {
    let names: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    let settings = PolicySettings {
        cap_weak_blocks: true,
        weak_features: Some(vec!["amount_usd".into()]),
        strong_rules: vec!["hosting_asn".into()],
        sharing_features: None,
    };
    ReplayOptions {
        thresholds: None,
        expected_loss: None,
        rules: None,
        rates: None,
        signals: None,
        policy: Policy::resolve(&settings, &names, &Baseline::resolve(&names, None)).unwrap(),
        labels: None,
        unlabelled: Unlabelled::Ignore,
        examples: 3,
        keep_changes: false,
    }
}

fn run(log: &str, opts: &ReplayOptions) -> ReplayReport {
    // The candidate's score is feature 0, plus amount / 1000 (so the policy's
    // counterfactual, amount at its baseline 25, can lower it).
    let score = |row: &[f32]| Some((row[0] + row[4] / 1000.0).min(1.0));
    replay(log.as_bytes(), score, "h", opts, |_| ())
}

fn printed(r: &ReplayReport) -> String {
    let mut out = Vec::new();
    print(r, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn block_and_review_are_reported_apart_per_label() {
    let log = [
        line("a", "block", "model", 0.1, 0.0, 600.0), // 0.7 → block stands? amount is weak
        line("b", "review", "model", 0.4, 0.0, 0.0),
        line("c", "allow", "model", 0.1, 0.0, 0.0),
        line("d", "block", "model", 0.9, 0.0, 0.0),
    ]
    .concat();
    let mut o = opts();
    o.labels = Some(read_labels("a,0\nb,0\nc,0\nd,1\n"));
    let r = run(&log, &o);
    assert_eq!(r.lines, 4);
    // a: 0.7 ≥ block_at, but without its amount 0.125: capped to review.
    assert_eq!(r.capped, 1);
    assert_eq!(r.transitions[&(Decision::Block, Decision::Review)], 1);
    let n = r.new.unwrap();
    assert_eq!(n.counts, [[1, 2, 0], [0, 0, 1]]);
    assert_eq!(r.old.unwrap().counts, [[1, 1, 1], [0, 0, 1]]);
    // Moving a legit block to review changes the block rate (it did not before).
    assert_eq!(r.old.unwrap().rate(false, Decision::Block), Some(1.0 / 3.0));
    assert_eq!(n.rate(false, Decision::Block), Some(0.0));
    assert_eq!(n.rate(false, Decision::Review), Some(2.0 / 3.0));
    let text = printed(&r);
    assert!(
        text.contains("    legit            1         2         0"),
        "{text}"
    );
    assert!(
        text.contains("    fraud            0         0         1"),
        "{text}"
    );
    assert!(text.contains("1 model blocks capped"), "{text}");
}

#[test]
fn the_configs_expected_loss_sets_each_lines_review_threshold() {
    // Scores (risk + amount / 1000): a 0.10 at 500 USD, b 0.35 at 10 USD, c 0.13 at
    // 100 USD. Flat review_at 0.3: a and c allow, b review.
    let log = [
        line("a", "allow", "model", 0.1 - 0.5, 0.0, 500.0),
        line("b", "review", "model", 0.34, 0.0, 10.0),
        line("c", "allow", "model", 0.03, 0.0, 100.0),
    ]
    .concat();
    let mut o = opts();
    o.thresholds = Some(Thresholds {
        review_at: 0.3,
        block_at: 0.6,
    });
    let changed = |r: &ReplayReport| r.transitions.iter().filter(|((a, b), _)| a != b).count();
    assert_eq!(changed(&run(&log, &o)), 0, "flat: as logged");
    // 20 USD per review within [0.05, 0.4]: a needs 0.05 (review), b 0.4 (allow), c 0.2
    // (still allow).
    o.expected_loss = Some(crate::config::ExpectedLoss {
        review_usd: 20.0,
        min_score: 0.05,
        max_score: 0.4,
    });
    let r = run(&log, &o);
    assert_eq!(changed(&r), 2);
    assert_eq!(r.transitions[&(Decision::Allow, Decision::Review)], 1);
    assert_eq!(r.transitions[&(Decision::Review, Decision::Allow)], 1);
    assert_eq!(r.examples[&(Decision::Allow, Decision::Review)], ["a"]);
    assert_eq!(r.examples[&(Decision::Review, Decision::Allow)], ["b"]);
    assert!(r.changes.is_empty(), "kept only when asked");
    // `--changes`: every changed line in log order, however few examples are printed.
    let mut all = o.clone();
    all.examples = 0;
    all.keep_changes = true;
    let r = run(&log, &all);
    assert!(r.examples.values().all(Vec::is_empty));
    assert_eq!(
        r.changes,
        [
            ("a".to_string(), Decision::Allow, Decision::Review),
            ("b".to_string(), Decision::Review, Decision::Allow)
        ]
    );
    // Without the config: each line's logged order_review_at, else its review_at.
    let mut a: DecisionRecord =
        serde_json::from_str(&line("a", "review", "model", -0.4, 0.0, 500.0)).unwrap();
    a.order_review_at = Some(0.05);
    let log = serde_json::to_string(&a).unwrap() + "\n";
    let r = run(&log, &opts());
    assert_eq!(changed(&r), 0, "{:?}", r.transitions);
    a.order_review_at = None;
    let r = run(&(serde_json::to_string(&a).unwrap() + "\n"), &opts());
    assert_eq!(r.transitions[&(Decision::Review, Decision::Allow)], 1);
}

#[test]
fn rules_are_recomputed_with_the_current_config_not_kept_as_a_floor() {
    let log = [
        // Logged as a rule block (hosting_asn = block then); the current config reviews.
        line("a", "block", "rule", 0.1, 1.0, 0.0),
        // Logged allow; the current config blocks orders above 100.00.
        line("b", "allow", "model", 0.1, 0.0, 150.0),
    ]
    .concat();
    let mut o = opts();
    let r = run(&log, &o);
    // No rules configured: the score alone decides, the logged block is no floor.
    assert_eq!(r.transitions[&(Decision::Block, Decision::Allow)], 1);
    o.rules = Some(RuleSettings {
        hosting_asn: Some(RuleAction::Review),
        max_amount_minor: Some(10_000),
        ..RuleSettings::default()
    });
    let r = run(&log, &o);
    assert_eq!(r.transitions[&(Decision::Block, Decision::Review)], 1);
    assert_eq!(r.transitions[&(Decision::Allow, Decision::Block)], 1);
    // A currency the current rates table lacks goes to review (`currency_unknown`).
    let mut rec: DecisionRecord =
        serde_json::from_str(line("c", "allow", "model", 0.0, 0.0, 1.0).trim()).unwrap();
    rec.currency = Some("XTS".into());
    rec.amount_minor = Some(100);
    let log = serde_json::to_string(&rec).unwrap();
    o.rates = Some(crate::config::currency::CurrencyRates::default());
    let r = run(&log, &o);
    assert_eq!(r.transitions[&(Decision::Allow, Decision::Review)], 1);
}

#[test]
fn guard_refusals_keep_their_logged_decision() {
    let log = line("a", "block", "rate_limit", 0.0, 0.0, 0.0);
    let r = run(&log, &opts());
    assert_eq!((r.lines, r.guarded), (1, 1));
    assert_eq!(r.transitions[&(Decision::Block, Decision::Block)], 1);
}

#[test]
fn unlabelled_lines_count_as_legit_or_are_ignored() {
    let log = [
        line("a", "block", "model", 0.9, 0.0, 0.0),
        line("b", "allow", "model", 0.0, 0.0, 0.0),
    ]
    .concat();
    let mut o = opts();
    o.labels = Some(read_labels("request_id,label\na,1\n"));
    let r = run(&log, &o);
    assert_eq!((r.labelled, r.unlabelled), (1, 1));
    assert_eq!(r.new.unwrap().counts, [[0, 0, 0], [0, 0, 1]]);
    o.unlabelled = Unlabelled::Legit;
    let r = run(&log, &o);
    assert_eq!(r.new.unwrap().counts, [[1, 0, 0], [0, 0, 1]]);
    assert!(printed(&r).contains("1 unlabelled lines counted as legit"));
}

#[test]
fn rates_without_negative_labels_are_not_applicable() {
    let log = line("a", "block", "model", 0.9, 0.0, 0.0);
    let mut o = opts();
    o.labels = Some(read_labels("a,1\n"));
    let r = run(&log, &o);
    let n = r.new.unwrap();
    assert_eq!(n.fpr(), None);
    assert_eq!(n.recall(), Some(1.0));
    let text = printed(&r);
    let row: Vec<&str> = text.lines().last().unwrap().split_whitespace().collect();
    // candidate, legit blocked, legit reviewed, fraud blocked, fraud reviewed, precision,
    // recall, false-positive rate: nothing legit was seen, so its rates are n/a, not 0.
    assert_eq!(
        row,
        [
            "candidate",
            "n/a",
            "n/a",
            "1.0000",
            "0.0000",
            "1.0000",
            "1.0000",
            "n/a"
        ],
        "{text}"
    );
}

#[test]
fn rule_facts_come_from_named_features_and_the_logged_amount() {
    let text = line("a", "allow", "model", 0.0, 1.0, 12.34);
    let mut rec: DecisionRecord = serde_json::from_str(text.trim()).unwrap();
    let f = rule_facts(&rec);
    assert_eq!(f.country, Some("GB"));
    assert!(f.hosting && !f.automation_ua);
    assert_eq!((f.quantity, f.amount_minor), (1, Some(1234)));
    // Lines from before amount_minor was logged: schema v1's `amount`, in hundredths.
    rec.amount_minor = None;
    assert_eq!(rule_facts(&rec).amount_minor, None);
    rec.feature_names[4] = Cow::Borrowed("amount");
    assert_eq!(rule_facts(&rec).amount_minor, Some(1234));
}

#[test]
fn a_logged_gateway_order_gets_the_trusted_quantity_cap_on_replay() {
    let mut rec: DecisionRecord =
        serde_json::from_str(line("a", "allow", "model", 0.0, 0.0, 10.0).trim()).unwrap();
    rec.features[3] = 40.0; // quantity: a new device's 40 cards
    let mut o = opts();
    o.rules = Some(RuleSettings {
        max_quantity: Some(20),
        max_quantity_trusted: Some(100),
        trusted_device_secs: Some(7 * 86_400),
        max_quantity_action: Some(RuleAction::Review),
        ..RuleSettings::default()
    });
    let consumer = serde_json::to_string(&rec).unwrap();
    assert!(!rule_facts(&rec).gateway);
    rec.signals = Some(crate::risk::signals::SignalFacts::default().gateway());
    assert!(rule_facts(&rec).gateway);
    let gateway = serde_json::to_string(&rec).unwrap();
    let r = run(&[consumer, gateway].join("\n"), &o);
    assert_eq!(r.transitions[&(Decision::Allow, Decision::Review)], 1);
    assert_eq!(r.transitions[&(Decision::Allow, Decision::Allow)], 1);
}

#[test]
fn a_purchase_limit_review_is_kept_on_replay() {
    // A held order over a `action = "review"` purchase limit: its counter is not in the
    // line, so the logged `daily_limit_user` stays a review hit; a low score alone allows.
    let mut rec: DecisionRecord =
        serde_json::from_str(line("a", "review", "rule", 0.0, 0.0, 5.0).trim()).unwrap();
    rec.reasons = vec!["daily_limit_user".into()];
    let r = run(&serde_json::to_string(&rec).unwrap(), &opts());
    assert_eq!(r.transitions[&(Decision::Review, Decision::Review)], 1);
    rec.reasons.clear();
    let r = run(&serde_json::to_string(&rec).unwrap(), &opts());
    assert_eq!(r.transitions[&(Decision::Review, Decision::Allow)], 1);
}

#[test]
fn replay_applies_the_review_policy_and_recomputes_device_inconsistent() {
    use crate::fingerprint::Inconsistency;
    use crate::risk::evidence::EvidenceSettings;
    let names: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    let mut o = opts();
    let evidence = EvidenceSettings {
        min_evidence: 2,
        weak_pieces: Some(vec!["amount_usd".into()]),
        ..EvidenceSettings::default()
    };
    o.policy = o
        .policy
        .with_evidence(&evidence, &names, &Baseline::resolve(&names, None))
        .unwrap();
    let mut inconsistent: DecisionRecord =
        serde_json::from_str(line("c", "allow", "model", 0.0, 0.0, 1.0).trim()).unwrap();
    inconsistent.signals = Some(crate::risk::signals::SignalFacts {
        device_inconsistent: Some(Inconsistency::X86Android),
        ..Default::default()
    });
    let log = [
        // 0.05 + 300 / 1000: the amount alone carries the review, one piece → allowed.
        line("a", "review", "model", 0.05, 0.0, 300.0),
        // 0.32 without any amount: the rest alone reaches review_at → the review stands.
        line("b", "review", "model", 0.32, 0.0, 0.0),
        serde_json::to_string(&inconsistent).unwrap() + "\n",
    ]
    .concat();
    let r = run(&log, &o);
    assert_eq!(r.transitions[&(Decision::Review, Decision::Allow)], 1);
    assert_eq!(r.transitions[&(Decision::Review, Decision::Review)], 1);
    assert_eq!(r.transitions[&(Decision::Allow, Decision::Allow)], 1);
    // The current config reviews an inconsistent device: recomputed from the logged facts.
    o.rules = Some(RuleSettings {
        device_inconsistent: Some(RuleAction::Review),
        ..RuleSettings::default()
    });
    let r = run(&log, &o);
    assert_eq!(r.transitions[&(Decision::Allow, Decision::Review)], 1);
}

#[test]
fn replay_recomputes_the_linkage_signals_from_the_logged_facts() {
    use crate::config::{LinkageSettings, SignalSettings};
    use crate::risk::linkage::LinkageFacts;
    let mut linked: DecisionRecord =
        serde_json::from_str(line("a", "allow", "model", 0.0, 0.0, 1.0).trim()).unwrap();
    linked.signals = Some(crate::risk::signals::SignalFacts {
        linkage: LinkageFacts {
            users_per_mailbox_24h: 4,
            networks_per_mailbox_24h: 0,
            cookieless_users_per_amount_1h: 1,
            ..Default::default()
        },
        ..Default::default()
    });
    // The line round-trips its linkage facts.
    let text = serde_json::to_string(&linked).unwrap();
    assert!(
        text.contains(r#""linkage":{"users_per_mailbox_24h":4,"#),
        "{text}"
    );
    let log = text + "\n";
    let mut o = opts();
    o.signals = Some(SignalSettings::off());
    assert_eq!(
        run(&log, &o).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
    // The current config reviews a mailbox shared by more than three accounts.
    o.signals = Some(SignalSettings {
        linkage: LinkageSettings {
            max_users_per_mailbox: Some(3),
            household_users_per_mailbox: Some(4),
            cookieless_spread: None,
            ..Default::default()
        },
        ..SignalSettings::off()
    });
    assert_eq!(
        run(&log, &o).transitions[&(Decision::Allow, Decision::Review)],
        1
    );
}

#[test]
fn replay_recomputes_the_spread_signals_from_the_logged_facts() {
    use crate::config::{LinkageSettings, SignalSettings, SmallAmountSpread};
    use crate::risk::linkage::LinkageFacts;
    let mut spread: DecisionRecord =
        serde_json::from_str(line("a", "allow", "model", 0.0, 0.0, 1.0).trim()).unwrap();
    spread.signals = Some(crate::risk::signals::SignalFacts {
        linkage: LinkageFacts {
            devices_per_user_1h: 3,
            networks_per_user_1h: 4,
            small_amount_users_20m: 5,
            ..Default::default()
        },
        ..Default::default()
    });
    let text = serde_json::to_string(&spread).unwrap();
    assert!(text.contains(r#""devices_per_user_1h":3"#), "{text}");
    assert!(text.contains(r#""small_amount_users_20m":5"#), "{text}");
    let log = text + "\n";
    let mut o = opts();
    let with = |account_spread, small: Option<u32>| SignalSettings {
        linkage: LinkageSettings {
            account_spread,
            small_amount_spread: small.map(|accounts| SmallAmountSpread {
                accounts,
                max_usd: 15,
            }),
            ..Default::default()
        },
        ..SignalSettings::off()
    };
    for (account, small, decision) in [
        (None, None, Decision::Allow),
        (Some(4), Some(6), Decision::Allow),
        (Some(3), None, Decision::Review),
        (None, Some(5), Decision::Review),
    ] {
        o.signals = Some(with(account, small));
        assert_eq!(
            run(&log, &o).transitions[&(Decision::Allow, decision)],
            1,
            "{account:?} {small:?}"
        );
    }
}

/// An allowed model line over the full feature schema, scored `score`: `usd` in
/// `amount_usd` and `quantity` cards (what the signal tests replay from).
fn full_schema_line(score: f32, usd: f32, quantity: f32) -> DecisionRecord {
    use crate::risk::features::NAMES as SCHEMA;
    let mut rec: DecisionRecord =
        serde_json::from_str(line("x", "allow", "model", score, 0.0, usd).trim()).unwrap();
    let at = |n: &str| SCHEMA.iter().position(|m| *m == n).unwrap();
    let mut features = vec![0.0; SCHEMA.len()];
    features[at("amount_usd")] = usd;
    features[at("quantity")] = quantity;
    rec.feature_names = SCHEMA.iter().map(|n| Cow::Borrowed(*n)).collect();
    rec.features = features;
    rec
}

/// [`opts`] with its policy resolved on the engine's whole schema (amount the one weak
/// feature, no strong rule, no sharing features), for lines logged with every feature.
fn full_schema_opts() -> ReplayOptions {
    let names: Vec<String> = crate::risk::features::NAMES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let settings = PolicySettings {
        cap_weak_blocks: true,
        weak_features: Some(vec!["amount_usd".into()]),
        strong_rules: vec![],
        sharing_features: Some(vec![]),
    };
    let mut o = opts();
    o.policy = Policy::resolve(&settings, &names, &Baseline::resolve(&names, None)).unwrap();
    o
}

#[test]
fn replay_applies_the_gift_waiver_from_the_logged_linkage_counts() {
    use crate::config::{GiftSettings, LinkageSettings, SignalSettings};
    use crate::risk::features::NAMES as SCHEMA;
    use crate::risk::linkage::LinkageFacts;
    let at = |n: &str| SCHEMA.iter().position(|m| *m == n).unwrap();
    let mut features = vec![0.0; SCHEMA.len()];
    features[at("amount_usd")] = 25.0;
    features[at("device_age_hours")] = 48.0;
    features[at("devices_per_user_24h")] = 1.0;
    features[at("orders_client_10m")] = 4.0;
    let mut rec: DecisionRecord =
        serde_json::from_str(line("g", "review", "model", 0.4, 0.0, 25.0).trim()).unwrap();
    rec.feature_names = SCHEMA.iter().map(|n| Cow::Borrowed(*n)).collect();
    rec.features = features;
    rec.signals = Some(crate::risk::signals::SignalFacts {
        linkage: LinkageFacts {
            orders_per_user_1h: 4,
            mailboxes_per_user_1h: 4,
            ..LinkageFacts::default()
        },
        ..Default::default()
    });
    let text = serde_json::to_string(&rec).unwrap();
    assert!(text.contains(r#""orders_per_user_1h":4"#), "{text}");
    let log = text + "\n";
    let mut o = full_schema_opts();
    // The candidate scores the repetition: orders_client_10m / 10.
    let i = at("orders_client_10m");
    let score = move |row: &[f32]| Some(row[i] / 10.0);
    let run = |o: &ReplayOptions| replay(log.as_bytes(), score, "h", o, |_| ());
    o.signals = Some(SignalSettings::off());
    assert_eq!(
        run(&o).transitions[&(Decision::Review, Decision::Review)],
        1
    );
    o.signals = Some(SignalSettings {
        linkage: LinkageSettings {
            gift: Some(GiftSettings {
                max_orders: 6,
                min_usd: 10,
                min_device_secs: 300,
            }),
            ..LinkageSettings::default()
        },
        ..SignalSettings::off()
    });
    assert_eq!(run(&o).transitions[&(Decision::Review, Decision::Allow)], 1);
}

#[test]
fn replay_applies_repeat_spend_and_the_gateway_waiver_from_the_logged_facts() {
    use crate::config::{LinkageSettings, RepeatSpend, SignalSettings};
    use crate::risk::features::NAMES as SCHEMA;
    use crate::risk::linkage::LinkageFacts;
    use crate::risk::signals::SignalFacts;
    let at = |n: &str| SCHEMA.iter().position(|m| *m == n).unwrap();
    let logged = |decision: &str, score: f32, quantity: f32, usd: f32, facts: SignalFacts| {
        let mut rec: DecisionRecord =
            serde_json::from_str(line("x", decision, "model", score, 0.0, usd).trim()).unwrap();
        let mut features = vec![0.0; SCHEMA.len()];
        features[at("amount_usd")] = usd;
        features[at("quantity")] = quantity;
        rec.feature_names = SCHEMA.iter().map(|n| Cow::Borrowed(*n)).collect();
        rec.features = features;
        rec.signals = Some(facts);
        serde_json::to_string(&rec).unwrap() + "\n"
    };
    // A young account's second 300 USD order from a fresh device, allowed when logged.
    let drain = logged(
        "allow",
        0.05,
        1.0,
        300.0,
        SignalFacts {
            amount_usd: Some(300.0),
            same_amount_24h: 1,
            linkage: LinkageFacts {
                orders_per_user_1h: 2,
                mailboxes_per_user_1h: 1,
                high_orders_per_user_1h: 2,
                ..LinkageFacts::default()
            },
            ..SignalFacts::default()
        },
    );
    assert!(drain.contains(r#""high_orders_per_user_1h":2"#), "{drain}");
    // A basket of 40 through a gateway, reviewed by the model when logged.
    let basket = logged(
        "review",
        0.6,
        40.0,
        1000.0,
        SignalFacts {
            amount_usd: Some(1000.0),
            gateway: true,
            ..SignalFacts::default()
        },
    );
    // The candidate: risk is the amount over 2000 USD, at most 0.45 (the basket 0.45, one
    // card of it 0.0125, the drain 0.15; the logged review_at is 0.3).
    let i = at("amount_usd");
    let score = move |row: &[f32]| Some((row[i] / 2000.0).min(0.45));
    let mut o = full_schema_opts();
    let run = |o: &ReplayOptions, log: &str| replay(log.as_bytes(), score, "h", o, |_| ());
    o.signals = Some(SignalSettings::off());
    assert_eq!(
        run(&o, &drain).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
    o.signals = Some(SignalSettings {
        linkage: LinkageSettings {
            repeat_spend: Some(RepeatSpend {
                min_usd: 100,
                device_secs: 3600,
            }),
            ..LinkageSettings::default()
        },
        ..SignalSettings::off()
    });
    assert_eq!(
        run(&o, &drain).transitions[&(Decision::Allow, Decision::Review)],
        1
    );
    // The basket: reviewed at the candidate's 0.45 (above review_at), allowed with
    // gateway_bulk on, since one card scores 0.025.
    let t = run(&o, &basket);
    assert_eq!(
        t.transitions[&(Decision::Review, Decision::Review)],
        1,
        "off"
    );
    o.signals = Some(SignalSettings {
        gateway_asns: vec![53813],
        gateway_bulk: true,
        ..SignalSettings::off()
    });
    assert_eq!(
        run(&o, &basket).transitions[&(Decision::Review, Decision::Allow)],
        1
    );
}

#[test]
fn replay_applies_spending_spree_with_the_quantity_from_the_logged_feature() {
    use crate::config::{LinkageSettings, RepeatSpend, SignalSettings, Spree};
    use crate::risk::features::NAMES as SCHEMA;
    use crate::risk::linkage::LinkageFacts;
    use crate::risk::signals::SignalFacts;
    let at = |n: &str| SCHEMA.iter().position(|m| *m == n).unwrap();
    // A third large card within the hour from a computer known for 240 days, allowed when
    // logged; once as one card, once as a basket of five.
    let logged = |quantity: f32| {
        let mut rec = full_schema_line(0.01, 500.0, quantity);
        rec.signals = Some(SignalFacts {
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
        });
        serde_json::to_string(&rec).unwrap() + "\n"
    };
    let (card, basket) = (logged(1.0), logged(5.0));
    assert!(
        !card.contains("\"quantity\":1,"),
        "not logged in the facts: {card}"
    );
    let i = at("amount_usd");
    let score = move |row: &[f32]| Some(row[i] / 100_000.0);
    let mut o = full_schema_opts();
    let run = |o: &ReplayOptions, log: &str| replay(log.as_bytes(), score, "h", o, |_| ());
    let mut s = SignalSettings {
        established_days: 7,
        linkage: LinkageSettings {
            repeat_spend: Some(RepeatSpend {
                min_usd: 100,
                device_secs: 3600,
            }),
            ..LinkageSettings::default()
        },
        ..SignalSettings::off()
    };
    o.signals = Some(s.clone());
    assert_eq!(
        run(&o, &card).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
    s.linkage.spree = Some(Spree {
        min_usd: 150,
        max_quantity: 3,
    });
    o.signals = Some(s);
    assert_eq!(
        run(&o, &card).transitions[&(Decision::Allow, Decision::Review)],
        1
    );
    assert_eq!(
        run(&o, &basket).transitions[&(Decision::Allow, Decision::Allow)],
        1,
        "a basket of five is over spree_max_quantity"
    );
}

#[test]
fn replay_applies_network_hop_from_the_logged_facts() {
    use crate::config::SignalSettings;
    use crate::risk::linkage::LinkageFacts;
    use crate::risk::signals::SignalFacts;
    // A young account's second order, 127 USD, its hour on two networks from one device:
    // allowed when logged (the edge had network_hop off, so the line has no AS-number or
    // IP-family counts, as every line logged before them).
    let mut rec = full_schema_line(0.05, 127.0, 1.0);
    rec.signals = Some(SignalFacts {
        amount_usd: Some(127.0),
        same_amount_24h: 1,
        linkage: LinkageFacts {
            orders_per_user_1h: 2,
            mailboxes_per_user_1h: 1,
            devices_per_user_1h: 1,
            networks_per_user_1h: 2,
            ..LinkageFacts::default()
        },
        ..SignalFacts::default()
    });
    let hop = serde_json::to_string(&rec).unwrap() + "\n";
    assert!(hop.contains(r#""networks_per_user_1h":2"#), "{hop}");
    let score = |_: &[f32]| Some(0.05);
    let mut o = full_schema_opts();
    let run = |o: &ReplayOptions| replay(hop.as_bytes(), score, "h", o, |_| ());
    o.signals = Some(SignalSettings::off());
    assert_eq!(run(&o).transitions[&(Decision::Allow, Decision::Allow)], 1);
    let mut on = SignalSettings::off();
    on.linkage.network_hop_min_usd = Some(60);
    o.signals = Some(on.clone());
    assert_eq!(run(&o).transitions[&(Decision::Allow, Decision::Review)], 1);
    // Above this order's amount: allowed again.
    on.linkage.network_hop_min_usd = Some(200);
    o.signals = Some(on);
    assert_eq!(run(&o).transitions[&(Decision::Allow, Decision::Allow)], 1);
}

#[test]
fn replay_applies_cookieless_order_from_the_logged_facts() {
    use crate::config::SignalSettings;
    use crate::risk::features::NAMES as SCHEMA;
    use crate::risk::signals::SignalFacts;
    let at = |n: &str| SCHEMA.iter().position(|m| *m == n).unwrap();
    // A 200 USD order whose client sent no device cookie (the line's device age is null),
    // allowed when logged; and the same order from a browser whose cookie is 5 minutes old.
    let mut rec = full_schema_line(0.07, 200.0, 1.0);
    rec.features[at("new_device")] = 1.0;
    rec.signals = Some(SignalFacts {
        amount_usd: Some(200.0),
        device_age_secs: None,
        same_amount_24h: 1,
        ..SignalFacts::default()
    });
    let cookieless = serde_json::to_string(&rec).unwrap() + "\n";
    assert!(
        cookieless.contains(r#""device_age_secs":null"#),
        "{cookieless}"
    );
    rec.signals = Some(SignalFacts {
        device_age_secs: Some(300),
        ..rec.signals.unwrap()
    });
    let browser = serde_json::to_string(&rec).unwrap() + "\n";
    let score = |_: &[f32]| Some(0.07);
    let mut o = full_schema_opts();
    let run = |o: &ReplayOptions, l: &str| replay(l.as_bytes(), score, "h", o, |_| ());
    o.signals = Some(SignalSettings::off());
    assert_eq!(
        run(&o, &cookieless).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
    let mut on = SignalSettings::off();
    on.cookieless_min_usd = Some(150.0);
    o.signals = Some(on.clone());
    assert_eq!(
        run(&o, &cookieless).transitions[&(Decision::Allow, Decision::Review)],
        1
    );
    assert_eq!(
        run(&o, &browser).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
    // Logged where cookies were rare: the signal could not fire, nor does it in replay.
    rec.signals = Some(SignalFacts {
        device_age_secs: None,
        cookies_rare: true,
        ..rec.signals.unwrap()
    });
    let rare = serde_json::to_string(&rec).unwrap() + "\n";
    assert!(rare.contains(r#""cookies_rare":true"#), "{rare}");
    assert_eq!(
        run(&o, &rare).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
    // Above this order's amount: allowed again.
    on.cookieless_min_usd = Some(250.0);
    o.signals = Some(on);
    assert_eq!(
        run(&o, &cookieless).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
}

#[test]
fn replay_applies_quick_checkout_from_the_logged_device_age() {
    use crate::config::{QuickCheckout, SignalSettings};
    use crate::risk::signals::SignalFacts;
    // A 300 USD order 9 seconds after the browser's cookie was issued, allowed when
    // logged; and the same order from a browser that spent two minutes on the shop.
    let mut rec = full_schema_line(0.045, 300.0, 1.0);
    rec.signals = Some(SignalFacts {
        amount_usd: Some(300.0),
        device_age_secs: Some(9),
        beacon: true,
        same_amount_24h: 1,
        ..SignalFacts::default()
    });
    let quick = serde_json::to_string(&rec).unwrap() + "\n";
    rec.signals = Some(SignalFacts {
        device_age_secs: Some(120),
        ..rec.signals.unwrap()
    });
    let browsed = serde_json::to_string(&rec).unwrap() + "\n";
    let score = |_: &[f32]| Some(0.045);
    let mut o = full_schema_opts();
    let run = |o: &ReplayOptions, l: &str| replay(l.as_bytes(), score, "h", o, |_| ());
    o.signals = Some(SignalSettings::off());
    assert_eq!(
        run(&o, &quick).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
    let mut on = SignalSettings::off();
    on.quick_checkout = Some(QuickCheckout {
        secs: 30,
        min_usd: 250.0,
        max_secs: 30,
    });
    o.signals = Some(on);
    assert_eq!(
        run(&o, &quick).transitions[&(Decision::Allow, Decision::Review)],
        1
    );
    assert_eq!(
        run(&o, &browsed).transitions[&(Decision::Allow, Decision::Allow)],
        1
    );
}
