//! The household waiver, table-tested on feature vectors with a fixed unshared score.

use super::*;
use crate::config::HouseholdSettings;

const T: Thresholds = Thresholds {
    review_at: 0.2,
    block_at: 0.6,
};

const S: HouseholdSettings = HouseholdSettings {
    min_device_secs: 7 * 86_400,
    max_users: 3,
    max_usd: 50,
};

const SHARED: RuleHit = RuleHit {
    reason: Reason::SharedDevice,
    action: RuleAction::Review,
};

/// A feature vector: a device `days` old (`None`: new), `users` accounts on it, `usd`.
fn row(days: Option<f32>, users: f32, usd: f32) -> Vec<f32> {
    let mut f = vec![0.0; NAMES.len()];
    f[at("new_device")] = if days.is_some() { 0.0 } else { 1.0 };
    f[at("device_age_hours")] = days.unwrap_or(0.0) * 24.0;
    f[at("users_per_device_24h")] = users;
    f[at("amount_usd")] = usd;
    f
}

fn review(reasons: &[Reason]) -> Decided {
    Decided {
        decision: Decision::Review,
        reasons: reasons.to_vec(),
        policy: None,
    }
}

/// The decision and reasons after the waiver, for a shared_device review scored `score`
/// whose unshared score is `unshared`.
fn run(
    decided: Decided,
    score: f32,
    hits: &[RuleHit],
    features: &[f32],
    unshared: f32,
) -> (Decision, Vec<&'static str>) {
    let d = allow(decided, score, T, hits, Some(&S), features, || {
        Some(unshared)
    });
    (d.decision, d.reasons.iter().map(|r| r.as_str()).collect())
}

const ALLOWED_: (Decision, [&str; 1]) = (Decision::Allow, [ALLOWED]);

fn allowed(r: (Decision, Vec<&'static str>)) -> bool {
    r.0 == ALLOWED_.0 && r.1 == ALLOWED_.1
}

#[test]
fn a_family_device_with_nothing_else_is_allowed_with_its_reason() {
    let family = row(Some(45.0), 3.0, 12.0);
    let d = allow(
        review(&[Reason::SharedDevice]),
        0.01,
        T,
        &[SHARED],
        Some(&S),
        &family,
        || panic!("a score below review_at needs no counterfactual"),
    );
    assert_eq!(d.decision, Decision::Allow);
    assert_eq!(d.reasons, [Reason::SharedDeviceHousehold]);
    assert_eq!(
        d.policy,
        Some(PolicyNote::Household {
            counterfactual: 0.01
        })
    );
    assert_eq!(d.policy.unwrap().as_str(), "shared_device_household");
    // Exactly at the limits.
    assert!(allowed(run(
        review(&[Reason::SharedDevice]),
        0.01,
        &[SHARED],
        &row(Some(7.0), 3.0, 50.0),
        0.01
    )));
}

#[test]
fn the_model_reacting_to_the_sharing_alone_is_no_other_evidence() {
    // Three accounts on one device score high; without the sharing, nothing is left.
    let family = row(Some(90.0), 3.0, 10.0);
    let capped = review(&[Reason::SharedDevice, Reason::BlockCappedWeakEvidence]);
    assert!(allowed(run(capped, 0.8, &[SHARED], &family, 0.001)));
    let model = review(&[Reason::SharedDevice, Reason::ModelReview]);
    let d = allow(model.clone(), 0.4, T, &[SHARED], Some(&S), &family, || {
        Some(0.05)
    });
    assert_eq!(
        d.policy,
        Some(PolicyNote::Household {
            counterfactual: 0.05
        })
    );
    // Something besides the sharing makes the model review it: the review stands.
    assert_eq!(
        run(model.clone(), 0.4, &[SHARED], &family, 0.25).0,
        Decision::Review
    );
    // The model failed on the counterfactual: nothing changes.
    let d = allow(model.clone(), 0.4, T, &[SHARED], Some(&S), &family, || None);
    assert_eq!(d, model);
}

#[test]
fn anything_outside_a_household_keeps_the_review() {
    let shared = || review(&[Reason::SharedDevice]);
    let keeps = |features: Vec<f32>| run(shared(), 0.01, &[SHARED], &features, 0.01).0;
    // A new device, one known for less than a week, a fourth account, a larger amount,
    // an amount that cannot be valued.
    assert_eq!(keeps(row(None, 2.0, 10.0)), Decision::Review);
    assert_eq!(keeps(row(Some(6.9), 2.0, 10.0)), Decision::Review);
    assert_eq!(keeps(row(Some(30.0), 4.0, 10.0)), Decision::Review);
    assert_eq!(keeps(row(Some(30.0), 2.0, 50.5)), Decision::Review);
    assert_eq!(keeps(row(Some(30.0), 2.0, -1.0)), Decision::Review);
    // Another rule or signal on the order.
    let family = row(Some(30.0), 2.0, 10.0);
    for other in [
        Reason::DeviceReplayed,
        Reason::SharedFingerprint,
        Reason::DailyLimitUser,
    ] {
        let hits = [
            SHARED,
            RuleHit {
                reason: other,
                action: RuleAction::Review,
            },
        ];
        let d = review(&[Reason::SharedDevice, other]);
        assert_eq!(
            run(d, 0.01, &hits, &family, 0.01).0,
            Decision::Review,
            "{other}"
        );
    }
    // No shared_device hit at all (a model review), or a block: not this waiver's.
    let model = review(&[Reason::ModelReview]);
    assert_eq!(run(model, 0.3, &[], &family, 0.01).0, Decision::Review);
    let block = Decided {
        decision: Decision::Block,
        reasons: vec![Reason::SharedDevice, Reason::ModelHigh],
        policy: None,
    };
    assert_eq!(run(block, 0.9, &[SHARED], &family, 0.01).0, Decision::Block);
    // Unconfigured: off.
    let d = allow(shared(), 0.01, T, &[SHARED], None, &family, || Some(0.0));
    assert_eq!(d, shared());
}

#[test]
fn facts_come_from_the_schema_positions() {
    let f = HouseholdFacts::of(&row(Some(10.0), 2.0, 25.0)).unwrap();
    assert_eq!(
        f,
        HouseholdFacts {
            device_age_hours: Some(240.0),
            users_per_device: 2.0,
            amount_usd: Some(25.0)
        }
    );
    let new = HouseholdFacts::of(&row(None, 2.0, -1.0)).unwrap();
    assert_eq!((new.device_age_hours, new.amount_usd), (None, None));
    assert_eq!(HouseholdFacts::of(&[1.0, 2.0]), None);
}
