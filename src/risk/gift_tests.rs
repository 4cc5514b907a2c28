//! The gift-sender waiver, table-tested on feature vectors with a fixed counterfactual.

use super::*;

const T: Thresholds = Thresholds {
    review_at: 0.2,
    block_at: 0.6,
};

const S: GiftSettings = GiftSettings {
    max_orders: 6,
    min_usd: 10,
    min_device_secs: 0,
};

/// A gift sender's device and order: a cookie `hours` old (`None`: new on this order), a
/// beacon, one device for the account, `usd`.
fn row(hours: Option<f32>, usd: f32) -> Vec<f32> {
    let mut f = vec![0.0; NAMES.len()];
    f[at("new_device")] = if hours.is_some() { 0.0 } else { 1.0 };
    f[at("device_age_hours")] = hours.unwrap_or(0.0);
    f[at("no_beacon")] = 0.0;
    f[at("devices_per_user_24h")] = 1.0;
    f[at("amount_usd")] = usd;
    f[at("orders_client_10m")] = 4.0;
    f[at("same_amount_user_24h")] = 4.0;
    f
}

/// The account's `orders` in the hour went to `mailboxes` distinct mailboxes.
fn sent(orders: u32, mailboxes: u32) -> LinkageFacts {
    LinkageFacts {
        orders_per_user_1h: orders,
        mailboxes_per_user_1h: mailboxes,
        ..LinkageFacts::default()
    }
}

fn review(reasons: &[Reason]) -> Decided {
    Decided {
        decision: Decision::Review,
        reasons: reasons.to_vec(),
        policy: None,
    }
}

/// The decision after the waiver of a model review whose unrepeated score is `c`.
fn run(hits: &[RuleHit], linkage: LinkageFacts, features: &[f32], c: f32) -> Decision {
    allow(
        review(&[Reason::ModelReview]),
        T,
        hits,
        Some(&S),
        &linkage,
        features,
        || Some(c),
    )
    .decision
}

#[test]
fn a_gift_sender_with_nothing_else_is_allowed_with_its_reason() {
    let d = allow(
        review(&[Reason::ModelReview]),
        T,
        &[],
        Some(&S),
        &sent(4, 4),
        &row(Some(0.05), 25.0),
        || Some(0.03),
    );
    assert_eq!(d.decision, Decision::Allow);
    assert_eq!(d.reasons, [Reason::GiftRecipients]);
    assert_eq!(
        d.policy,
        Some(PolicyNote::Gift {
            counterfactual: 0.03
        })
    );
    assert_eq!(d.policy.unwrap().as_str(), "gift_recipients");
    // A model block capped to review is the model's too; the limits are inclusive.
    let capped = allow(
        review(&[Reason::BlockCappedWeakEvidence]),
        T,
        &[],
        Some(&S),
        &sent(6, 6),
        &row(Some(0.0), 10.0),
        || Some(0.1),
    );
    assert_eq!(capped.decision, Decision::Allow);
}

#[test]
fn repeated_mailboxes_too_many_orders_or_a_first_order_keep_the_review() {
    let f = row(Some(2.0), 25.0);
    assert_eq!(
        run(&[], sent(4, 3), &f, 0.01),
        Decision::Review,
        "a mailbox twice"
    );
    assert_eq!(run(&[], sent(7, 7), &f, 0.01), Decision::Review, "a stream");
    assert_eq!(
        run(&[], sent(1, 1), &f, 0.01),
        Decision::Review,
        "nothing repeated"
    );
    assert_eq!(
        run(&[], LinkageFacts::default(), &f, 0.01),
        Decision::Review,
        "not counted"
    );
}

#[test]
fn small_amounts_new_or_beaconless_devices_and_many_devices_keep_the_review() {
    let l = sent(3, 3);
    assert_eq!(run(&[], l, &row(Some(2.0), 9.99), 0.01), Decision::Review);
    assert_eq!(run(&[], l, &row(None, 25.0), 0.01), Decision::Review);
    let mut unknown = row(Some(2.0), 25.0);
    unknown[at("amount_usd")] = -1.0;
    assert_eq!(run(&[], l, &unknown, 0.01), Decision::Review);
    let mut bare = row(Some(2.0), 25.0);
    bare[at("no_beacon")] = 1.0;
    assert_eq!(run(&[], l, &bare, 0.01), Decision::Review);
    let mut spread = row(Some(2.0), 25.0);
    spread[at("devices_per_user_24h")] = 2.0;
    assert_eq!(run(&[], l, &spread, 0.01), Decision::Review);
    // A device younger than gift_device_minutes.
    let s = GiftSettings {
        min_device_secs: 600,
        ..S
    };
    let young = allow(
        review(&[Reason::ModelReview]),
        T,
        &[],
        Some(&s),
        &l,
        &row(Some(0.1), 25.0),
        || Some(0.01),
    );
    assert_eq!(young.decision, Decision::Review);
}

#[test]
fn other_evidence_keeps_the_review() {
    let f = row(Some(2.0), 25.0);
    let l = sent(3, 3);
    // The repetition is not all: without it the model still reviews.
    assert_eq!(run(&[], l, &f, 0.2), Decision::Review);
    // The model failed on the counterfactual.
    let failed = allow(
        review(&[Reason::ModelReview]),
        T,
        &[],
        Some(&S),
        &l,
        &f,
        || None,
    );
    assert_eq!(failed.decision, Decision::Review);
    // Any rule or signal hit, even one the model review stands beside.
    for reason in [Reason::SmallOrderSurge, Reason::SharedMailbox] {
        let hit = RuleHit {
            reason,
            action: RuleAction::Review,
        };
        assert_eq!(run(&[hit], l, &f, 0.01), Decision::Review, "{reason}");
    }
    let ignored = RuleHit {
        reason: Reason::SharedDevice,
        action: RuleAction::Ignore,
    };
    assert_eq!(run(&[ignored], l, &f, 0.01), Decision::Allow);
    // Not the model's review, or not a review at all.
    let rule = allow(
        review(&[Reason::DailyLimitUser]),
        T,
        &[],
        Some(&S),
        &l,
        &f,
        || panic!("not asked"),
    );
    assert_eq!(rule.reasons, [Reason::DailyLimitUser]);
    let block = Decided {
        decision: Decision::Block,
        reasons: vec![Reason::ModelHigh],
        policy: None,
    };
    let d = allow(block, T, &[], Some(&S), &l, &f, || panic!("not asked"));
    assert_eq!(d.decision, Decision::Block);
}

#[test]
fn off_without_settings() {
    let d = allow(
        review(&[Reason::ModelReview]),
        T,
        &[],
        None,
        &sent(3, 3),
        &row(Some(2.0), 25.0),
        || panic!("off"),
    );
    assert_eq!(d.decision, Decision::Review);
}
