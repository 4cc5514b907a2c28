//! Device sharing as ONE piece of evidence in the block policy (issue 13, holdout3: a gaming
//! cafe's disk image and a family computer were blocked for accounts per fingerprint).

use super::*;

const T: Thresholds = Thresholds {
    review_at: 0.3,
    block_at: 0.5,
};

fn names() -> Vec<String> {
    [
        "amount_usd",
        "new_device",
        "users_per_device_24h",
        "users_per_fingerprint_24h",
        "networks_per_fingerprint_24h",
        "failed_payments_24h",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn policy(sharing: Option<&[&str]>) -> Policy {
    let n = names();
    let settings = PolicySettings {
        cap_weak_blocks: true,
        weak_features: None,
        strong_rules: vec!["hosting_asn".into(), "shared_fingerprint".into()],
        sharing_features: sharing.map(|s| s.iter().map(|x| x.to_string()).collect()),
    };
    Policy::resolve(&settings, &n, &Baseline::resolve(&n, None)).unwrap()
}

fn hit(reason: &str) -> RuleHit {
    RuleHit {
        reason: Reason::parse(reason).unwrap(),
        action: RuleAction::Review,
    }
}

#[test]
fn sharing_features_resolve_and_are_neutralised_with_the_weak_ones() {
    let p = policy(None);
    assert_eq!(
        p.sharing.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        [2, 3, 4]
    );
    // A cafe seat: 12 accounts on one fingerprint, a large basket, nothing else.
    let row = [300.0, 1.0, 1.0, 12.0, 1.0, 0.0];
    assert!(p.shows_sharing(&row));
    let n = p.neutralise(&row);
    assert!(n[0] < 300.0, "amount is weak: {n:?}");
    assert_eq!(n[1], 1.0, "new_device is not weak");
    assert!(
        n[3] <= 1.0,
        "users per fingerprint back to the baseline: {n:?}"
    );
    assert_eq!(n[5], 0.0);
    assert!(!p.shows_sharing(&n));
    // An ordinary order shows no sharing.
    assert!(!p.shows_sharing(&[20.0, 0.0, 1.0, 1.0, 1.0, 0.0]));
    // A configured list, and an unknown name refused.
    let p = policy(Some(&["users_per_device_24h"]));
    assert_eq!(p.sharing.len(), 1);
    let n = names();
    let settings = PolicySettings {
        cap_weak_blocks: true,
        weak_features: None,
        strong_rules: vec![],
        sharing_features: Some(vec!["accounts_per_cafe".into()]),
    };
    let e = Policy::resolve(&settings, &n, &Baseline::resolve(&n, None)).unwrap_err();
    assert!(e.to_string().starts_with(
        "risk.policy.sharing_features[0]: `accounts_per_cafe` is not a feature of the schema"
    ));
}

#[test]
fn sharing_alone_never_blocks_and_counts_once() {
    let p = policy(None);
    use Decision::*;
    // (score, hits, sharing features, counterfactual, decision, note)
    type Case = (f32, Vec<RuleHit>, bool, Option<f32>, Decision, &'static str);
    let cases: Vec<Case> = vec![
        // The shared_fingerprint rule is in strong_rules, but sharing is one piece: the
        // rest of the evidence (0.1) is not even a review → the block becomes a review.
        (
            0.9,
            vec![hit("shared_fingerprint")],
            true,
            Some(0.1),
            Review,
            CAPPED,
        ),
        (
            0.9,
            vec![hit("shared_device")],
            false,
            Some(0.1),
            Review,
            CAPPED,
        ),
        // Sharing features alone (no rule): capped the same way.
        (0.9, vec![], true, Some(0.2), Review, CAPPED),
        // Sharing plus a reviewable rest: two pieces, the block stands.
        (
            0.9,
            vec![hit("shared_fingerprint")],
            true,
            Some(0.35),
            Block,
            "block_upheld_sharing_and_features",
        ),
        (
            0.9,
            vec![],
            true,
            Some(0.3),
            Block,
            "block_upheld_sharing_and_features",
        ),
        // No sharing: a reviewable rest is not enough (as before).
        (0.9, vec![], false, Some(0.35), Review, CAPPED),
        // The rest alone blocks: the block stands whatever the sharing.
        (
            0.9,
            vec![hit("shared_fingerprint")],
            true,
            Some(0.6),
            Block,
            "block_upheld_strong_features",
        ),
        // A strong rule that is not sharing corroborates (no counterfactual needed).
        (
            0.9,
            vec![hit("shared_fingerprint"), hit("hosting_asn")],
            true,
            None,
            Block,
            "block_upheld_strong_rule",
        ),
    ];
    for (score, hits, sharing, cf, want, note) in cases {
        let d = decide(score, T, T.review_at, &hits, &p, sharing, || cf);
        assert_eq!(d.decision, want, "{score} {hits:?} {sharing} {cf:?}");
        assert_eq!(
            d.policy.map(PolicyNote::as_str),
            Some(note),
            "{hits:?} {sharing} {cf:?}"
        );
        if note == "block_upheld_strong_rule" {
            assert_eq!(d.policy, Some(PolicyNote::UpheldByRule(Reason::HostingAsn)));
        }
    }
}

/// An order's own (lower) review threshold from `[risk.expected_loss]` never upholds a
/// sharing block: the rest of the evidence must still reach the flat `review_at`.
#[test]
fn a_lower_review_threshold_from_the_amount_does_not_uphold_a_sharing_block() {
    let p = policy(None);
    let own = Thresholds {
        review_at: 0.05,
        ..T
    };
    // The rest scores 0.1: above the order's own 0.05, below the flat 0.3.
    let d = decide(0.9, own, T.review_at, &[], &p, true, || Some(0.1));
    assert_eq!(d.decision, Decision::Review);
    assert_eq!(d.policy.map(PolicyNote::as_str), Some(CAPPED));
    // Compared with the order's own threshold it would have stood.
    let d = decide(0.9, own, own.review_at, &[], &p, true, || Some(0.1));
    assert_eq!(d.decision, Decision::Block);
}
