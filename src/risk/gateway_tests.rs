//! The company-basket waiver, table-tested on feature vectors; the one-card score comes
//! from a closure that reads the row it is given, so the row itself is checked too.

use super::*;
use crate::risk::features::NAMES;

const T: Thresholds = Thresholds {
    review_at: 0.2,
    block_at: 0.6,
};

fn idx(name: &str) -> usize {
    NAMES.iter().position(|n| *n == name).unwrap()
}

/// A basket of `quantity` cards for `usd` in all, on a new device.
fn row(quantity: f32, usd: f32) -> Vec<f32> {
    let mut f = vec![0.0; NAMES.len()];
    f[idx("new_device")] = 1.0;
    f[idx("quantity")] = quantity;
    f[idx("amount_usd")] = usd;
    f
}

fn review(reasons: &[Reason]) -> Decided {
    Decided {
        decision: Decision::Review,
        reasons: reasons.to_vec(),
        policy: None,
    }
}

/// A "model" for which risk is the amount of one order over 1000 USD: one card of 25 USD
/// scores 0.025, the basket of 40 scores 1.0.
fn by_amount(row: &[f32]) -> Option<f32> {
    Some(row[idx("amount_usd")] / 1000.0)
}

fn run(decided: Decided, hits: &[RuleHit], on: bool, gateway: bool, f: &[f32]) -> Decided {
    allow(decided, T, hits, on, gateway, f, by_amount)
}

#[test]
fn a_model_review_of_a_basket_through_a_gateway_is_allowed_when_one_card_would_pass() {
    let basket = row(40.0, 1000.0);
    let d = run(review(&[Reason::ModelReview]), &[], true, true, &basket);
    assert_eq!(d.decision, Decision::Allow);
    assert_eq!(d.reasons, [Reason::GatewayBulk]);
    let Some(PolicyNote::GatewayBulk { counterfactual }) = d.policy else {
        panic!("{:?}", d.policy)
    };
    assert!((counterfactual - 0.025).abs() < 1e-6, "one card of 25 USD");
    // The amount-made review and a model block capped to review are the model's too.
    for reasons in [
        &[Reason::ModelReview, Reason::AmountAtRisk][..],
        &[Reason::BlockCappedWeakEvidence][..],
    ] {
        let d = run(review(reasons), &[], true, true, &basket);
        assert_eq!(d.decision, Decision::Allow, "{reasons:?}");
    }
}

#[test]
fn anything_else_is_left_as_it_is() {
    let basket = row(40.0, 1000.0);
    let model = review(&[Reason::ModelReview]);
    let same = |d: Decided, why: &str| {
        assert_eq!(d.decision, Decision::Review, "{why}");
        assert_eq!(d.policy, None, "{why}");
    };
    same(run(model.clone(), &[], false, true, &basket), "off");
    same(
        run(model.clone(), &[], true, false, &basket),
        "not a gateway",
    );
    same(
        run(model.clone(), &[], true, true, &row(1.0, 1000.0)),
        "not a basket",
    );
    same(
        run(model.clone(), &[], true, true, &row(40.0, 8000.0)),
        "one card of 200 USD still scores 0.2",
    );
    let rule = RuleHit {
        reason: Reason::MaxQuantity,
        action: RuleAction::Review,
    };
    same(
        run(model.clone(), &[rule], true, true, &basket),
        "a rule asked for it",
    );
    let ignored = RuleHit {
        reason: Reason::MaxQuantity,
        action: RuleAction::Ignore,
    };
    assert_eq!(
        run(model.clone(), &[ignored], true, true, &basket).decision,
        Decision::Allow,
        "an ignored rule is no evidence"
    );
    same(
        run(
            review(&[Reason::ModelReview, Reason::TzMismatch]),
            &[],
            true,
            true,
            &basket,
        ),
        "more than the model",
    );
    let allowed = Decided {
        decision: Decision::Allow,
        reasons: vec![],
        policy: None,
    };
    assert_eq!(
        run(allowed, &[], true, true, &basket).decision,
        Decision::Allow
    );
    let blocked = Decided {
        decision: Decision::Block,
        reasons: vec![Reason::ModelHigh],
        policy: None,
    };
    assert_eq!(
        run(blocked, &[], true, true, &basket).decision,
        Decision::Block,
        "a block is never waived"
    );
    // The model failing on the second run changes nothing.
    let d = allow(model, T, &[], true, true, &basket, |_| None);
    assert_eq!(d.decision, Decision::Review);
}

#[test]
fn one_card_is_quantity_one_at_the_unit_amount_and_an_unknown_amount_stays_unknown() {
    let one = single_unit(&row(40.0, 1000.0)).unwrap();
    assert_eq!(one[idx("quantity")], 1.0);
    assert_eq!(one[idx("amount_usd")], 25.0);
    assert_eq!(one[idx("new_device")], 1.0, "every other feature as it is");
    assert!(single_unit(&row(1.0, 50.0)).is_none());
    let unknown = crate::risk::features::UNKNOWN_AMOUNT_USD;
    let one = single_unit(&row(10.0, unknown)).unwrap();
    assert_eq!(one[idx("amount_usd")], unknown);
}
