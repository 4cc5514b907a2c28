//! Households: one device, a few family members.
//!
//! `shared_device` reviews an order when more accounts than `max_users_per_device` ordered
//! from its device in 24 hours: one browser cycling through stolen or farmed identities.
//! A family tablet or phone shows the same count honestly: two to four people, each signed
//! in to their own account, buying game credit and small gift cards. What sets a family's
//! device apart from one used to cash out accounts, as far as one order shows it:
//! - the shop has known the device for a while (`household_device_days`): a cash-out
//!   browser or farm is usually new; a family device is weeks or months old;
//! - a handful of accounts (`household_max_users` in 24 hours, counting this one), not a
//!   stream of them;
//! - a small order (`household_max_usd`): what a cash-out is after is value, so the
//!   waiver's exposure is bounded by accounts × amount per device and day;
//! - **no other evidence**: no other rule or signal hit the order, and the model, with the
//!   device-sharing features set to their baseline (one account on the device), scores it
//!   below `review_at`. Sharing is one piece of evidence (see `risk::policy`); here it
//!   is the only one.
//!
//! Such a review becomes an allow with the reason `shared_device_household` (decision log
//! `policy` too, with the unshared score as `counterfactual_score`), so replay, the
//! review queue's statistics and retraining see it. Everything else about the order
//! stands: a larger amount, a fifth account, a new device, any other hit keeps the
//! review. What it cannot tell: a fraudster who warmed a device for weeks and tests or
//! cashes out a few small orders on it per day under different accounts looks like a
//! family to every fact riskgate has (models/EVAL.md, "Household devices").
//!
//! [`allow`] is pure: the unshared score comes in as a closure, called only for an order
//! that meets every other condition.

use super::decision::{Decided, PolicyNote};
use super::decision::{Decision, Thresholds};
use super::features::NAMES;
use super::reason::Reason;
use super::rules::RuleHit;
use crate::config::{HouseholdSettings, RuleAction};

/// Reason code (and decision-log policy note) of an allowed household order.
pub const ALLOWED: &str = "shared_device_household";

/// Index of a schema feature (the engine refuses a schema that differs from [`NAMES`]).
fn at(name: &str) -> usize {
    NAMES.iter().position(|n| *n == name).unwrap_or(usize::MAX)
}

/// What the waiver reads from an order's feature vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HouseholdFacts {
    /// Device cookie age in hours; `None` for a device first seen on this order.
    pub device_age_hours: Option<f32>,
    /// Distinct accounts on the device in 24 hours, this order included.
    pub users_per_device: f32,
    /// The amount in US dollars; `None` when unknown (no rate for the currency).
    pub amount_usd: Option<f32>,
}

impl HouseholdFacts {
    /// The facts of a feature vector in schema order (`None` when it is too short).
    pub fn of(features: &[f32]) -> Option<HouseholdFacts> {
        let get = |name| features.get(at(name)).copied();
        let new = get("new_device")? > 0.5;
        let amount = get("amount_usd")?;
        Some(HouseholdFacts {
            device_age_hours: (!new).then_some(get("device_age_hours")?),
            users_per_device: get("users_per_device_24h")?,
            amount_usd: super::features::known_usd(amount),
        })
    }

    /// True when the facts fit a household under `s`.
    fn fit(&self, s: &HouseholdSettings) -> bool {
        let min_hours = s.min_device_secs as f32 / 3600.0;
        self.device_age_hours.is_some_and(|h| h >= min_hours)
            && self.users_per_device <= s.max_users as f32
            && self.amount_usd.is_some_and(|a| a <= s.max_usd as f32)
    }
}

/// Turns a `shared_device` review that is a household's into an allow (see the module
/// docs); anything else is returned unchanged. `unshared` scores the order with its
/// device-sharing features at their baseline (`None`: the model failed, nothing changes).
pub fn allow(
    decided: Decided,
    score: f32,
    t: Thresholds,
    hits: &[RuleHit],
    settings: Option<&HouseholdSettings>,
    features: &[f32],
    unshared: impl FnOnce() -> Option<f32>,
) -> Decided {
    let Some(s) = settings else {
        return decided;
    };
    let live = || hits.iter().filter(|h| h.action != RuleAction::Ignore);
    let only_shared_device = live().count() > 0
        && live().all(|h| h.reason == Reason::SharedDevice && h.action == RuleAction::Review);
    let model_only = decided
        .reasons
        .iter()
        .all(|r| *r == Reason::SharedDevice || r.is_model_review());
    if decided.decision != Decision::Review
        || !only_shared_device
        || !model_only
        || !HouseholdFacts::of(features).is_some_and(|f| f.fit(s))
    {
        return decided;
    }
    let counterfactual = if score < t.review_at {
        Some(score)
    } else {
        unshared()
    };
    match counterfactual {
        Some(c) if c < t.review_at => Decided {
            decision: Decision::Allow,
            reasons: vec![Reason::SharedDeviceHousehold],
            policy: Some(PolicyNote::Household { counterfactual: c }),
        },
        _ => decided,
    }
}

#[cfg(test)]
#[path = "household_tests.rs"]
mod tests;
