//! The review rule, table-tested with a scoring closure instead of a model.

use super::*;
use crate::config::RuleAction;
use crate::risk::baseline::Baseline;

const T: Thresholds = Thresholds {
    review_at: 0.3,
    block_at: 0.6,
};

fn names() -> Vec<String> {
    [
        "amount_usd",
        "new_device",
        "device_age_hours",
        "orders_client_10m",
        "users_per_device_24h",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Built-in baseline: amount 25, new_device 0, age 720 h, 1 order, 1 user per device.
fn evidence(min: u32) -> Evidence {
    let n = names();
    let b = Baseline::resolve(&n, None);
    let sharing = [(4, 1.0)];
    let s = EvidenceSettings {
        min_evidence: min,
        ..EvidenceSettings::default()
    };
    Evidence::resolve(&s, &n, &b, &sharing).unwrap()
}

/// A toy additive model: 0.25 for a large amount, 0.2 for a new device, 0.3 per extra
/// order in 10 minutes, 0.2 for a shared device.
fn model(row: &[f32]) -> Option<f32> {
    let mut s = 0.0;
    if row[0] > 100.0 {
        s += 0.25;
    }
    if row[1] > 0.5 {
        s += 0.2;
    }
    s += 0.3 * (row[3] - 1.0).max(0.0);
    if row[4] > 1.0 {
        s += 0.2;
    }
    Some(s)
}

fn review() -> Decided {
    Decided {
        decision: Decision::Review,
        reasons: vec![Reason::ModelReview],
        policy: None,
    }
}

fn run(ev: &Evidence, row: [f32; 5], hits: &[RuleHit]) -> Decided {
    let score = model(&row).unwrap();
    assert!((T.review_at..T.block_at).contains(&score), "{score}");
    waive(review(), score, T, hits, ev, &row, model)
}

#[test]
fn pieces_resolve_with_the_defaults_the_schema_has() {
    let ev = evidence(2);
    // amount_usd; new_device+device_age_hours; sharing last. The rest: orders_client_10m.
    assert_eq!(
        ev.pieces,
        vec![vec![(0, 25.0)], vec![(1, 0.0), (2, 720.0)], vec![(4, 1.0)]]
    );
    assert_eq!(ev.rest, vec![(3, 1.0)]);
    // A configured piece naming a feature the schema lacks is refused.
    let s = EvidenceSettings {
        weak_pieces: Some(vec!["amount_usd".into(), "new_device+hour_of_day".into()]),
        ..EvidenceSettings::default()
    };
    let e = Evidence::resolve(&s, &names(), &Baseline::resolve(&names(), None), &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "risk.policy.review_weak_features[1]: `hour_of_day` is not a feature of the schema"
    );
}

#[test]
fn one_weak_piece_is_not_enough_for_a_review() {
    let ev = evidence(2);
    // A big amount plus one extra order (0.55): the extra order alone scores 0.3, the
    // rest carries the review by itself.
    let d = run(&ev, [500.0, 0.0, 720.0, 2.0, 1.0], &[]);
    assert_eq!(d.decision, Decision::Review);
    // A big amount and a new device (0.45): two weak pieces, the review stands.
    let d = run(&ev, [500.0, 1.0, 0.0, 1.0, 1.0], &[]);
    assert_eq!(d.decision, Decision::Review);
    // The rest alone reaches review_at (two extra orders, 0.6 - …): it stands.
    let d = run(&ev, [10.0, 0.0, 720.0, 2.0, 1.0], &[]);
    assert_eq!(d.decision, Decision::Review);
    // A shared device and nothing else would not reach review_at with this model; a
    // model that reviews on the amount alone: one piece, allowed with the reason.
    let alone = |row: &[f32]| Some(if row[0] > 100.0 { 0.35 } else { 0.0 });
    let row = [500.0, 0.0, 720.0, 1.0, 1.0];
    let d = waive(review(), 0.35, T, &[], &ev, &row, alone);
    assert_eq!(d.decision, Decision::Allow);
    assert_eq!(d.reasons, [Reason::ReviewWaivedWeakEvidence]);
    assert_eq!(d.policy, Some(PolicyNote::ReviewWaived { pieces: 1 }));
    assert_eq!(d.policy.map(PolicyNote::as_str), Some(WAIVED));
    // The same with the check off (min 1), or min 3 for the two-piece orders.
    assert_eq!(
        waive(review(), 0.35, T, &[], &evidence(1), &row, alone).decision,
        Decision::Review
    );
    let d = run(&evidence(3), [500.0, 1.0, 0.0, 1.0, 1.0], &[]);
    assert_eq!(d.decision, Decision::Allow, "two pieces < 3");
}

#[test]
fn rule_reviews_capped_blocks_and_failures_are_never_waived() {
    let ev = evidence(2);
    let alone = |row: &[f32]| Some(if row[0] > 100.0 { 0.35 } else { 0.0 });
    let row = [500.0, 0.0, 720.0, 1.0, 1.0];
    // A rule asked for the review (even a sharing rule): the security team's decision.
    for reason in ["disposable_email", "shared_device"] {
        let hit = RuleHit {
            reason: Reason::parse(reason).unwrap(),
            action: RuleAction::Review,
        };
        let d = waive(review(), 0.35, T, &[hit], &ev, &row, alone);
        assert_eq!(d.decision, Decision::Review, "{reason}");
    }
    // An ignored rule is no evidence: the review is waived.
    let ignored = RuleHit {
        reason: Reason::HostingAsn,
        action: RuleAction::Ignore,
    };
    let d = waive(review(), 0.35, T, &[ignored], &ev, &row, alone);
    assert_eq!(d.decision, Decision::Allow);
    // A block the block policy capped to review stays a review.
    let capped = Decided {
        decision: Decision::Review,
        reasons: vec![Reason::BlockCappedWeakEvidence],
        policy: Some(PolicyNote::Capped {
            counterfactual: 0.1,
        }),
    };
    let d = waive(capped.clone(), 0.7, T, &[], &ev, &row, alone);
    assert_eq!(d, capped);
    // The model failing on a counterfactual changes nothing.
    let d = waive(review(), 0.35, T, &[], &ev, &row, |_| None);
    assert_eq!(d.decision, Decision::Review);
    // Allows and blocks are left alone.
    let allow = Decided {
        decision: Decision::Allow,
        reasons: vec![],
        policy: None,
    };
    assert_eq!(waive(allow.clone(), 0.1, T, &[], &ev, &row, alone), allow);
}
