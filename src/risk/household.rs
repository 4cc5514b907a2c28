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
//!   below `review_at`. Sharing is one piece of evidence (see [`super::policy`]); here it
//!   is the only one.
//!
//! A device younger than `household_device_days` can still be a family's new tablet or a
//! browser whose cookie was cleared (Safari drops script-set storage after 7 days). With
//! `household_one_network` such a device qualifies too when, besides the other conditions,
//! it was seen on **one network only**: one address for it in the last hour
//! (`ips_per_device_1h`) and one network for its fingerprint in 24 hours
//! (`networks_per_fingerprint_24h`), and that network can be a home line (the geo
//! database knows it, not a hosting network). A family orders from its home line; account
//! takeover on a fresh device and triangulation rings move between proxy exits as they
//! change accounts, and a reseller that keeps one exit rents it in a datacenter
//! (models/EVAL.md, "Households (round 6)"). Such an allow carries the
//! reason `shared_device_household_one_network`. Its exposure is the same bound: a few
//! accounts × `household_max_usd` per device and day.
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

use super::decision::{Decision, Thresholds};
use super::features::NAMES;
use super::policy::{Decided, PolicyNote};
use super::reason::Reason;
use super::rules::RuleHit;
use crate::config::{HouseholdSettings, RuleAction};

/// Reason code (and decision-log policy note) of an allowed household order.
pub const ALLOWED: &str = "shared_device_household";

/// Reason code (and policy note) of a household order allowed on a young device seen on
/// one network only (`household_one_network`).
pub const ALLOWED_ONE_NETWORK: &str = "shared_device_household_one_network";

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
    /// Networks the device was seen on: the larger of its addresses in the last hour and
    /// its fingerprint's networks in 24 hours.
    pub networks: f32,
    /// The order's address could be a home line: the geo database knows it and it is not
    /// a hosting network (`hosting_asn`, `geo_unknown` both 0).
    pub home_line: bool,
}

/// How a household's facts fit the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// The device is old enough.
    Aged,
    /// A younger device seen on one network only (`household_one_network`).
    OneNetwork,
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
            amount_usd: (amount >= 0.0).then_some(amount),
            networks: get("ips_per_device_1h")?.max(get("networks_per_fingerprint_24h")?),
            home_line: get("hosting_asn")? < 0.5 && get("geo_unknown")? < 0.5,
        })
    }

    /// How the facts fit a household under `s` (`None`: they do not).
    fn fit(&self, s: &HouseholdSettings) -> Option<Fit> {
        let min_hours = s.min_device_secs as f32 / 3600.0;
        let small = self.users_per_device <= s.max_users as f32
            && self.amount_usd.is_some_and(|a| a <= s.max_usd as f32);
        let age = self.device_age_hours?;
        if !small {
            None
        } else if age >= min_hours {
            Some(Fit::Aged)
        } else if s.one_network && self.networks <= 1.0 && self.home_line {
            Some(Fit::OneNetwork)
        } else {
            None
        }
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
    let model_only = decided.reasons.iter().all(|r| {
        matches!(
            r,
            Reason::SharedDevice | Reason::ModelReview | Reason::BlockCappedWeakEvidence
        )
    });
    let fit = HouseholdFacts::of(features).and_then(|f| f.fit(s));
    let Some(fit) = fit else {
        return decided;
    };
    if decided.decision != Decision::Review || !only_shared_device || !model_only {
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
            reasons: vec![match fit {
                Fit::Aged => Reason::SharedDeviceHousehold,
                Fit::OneNetwork => Reason::SharedDeviceHouseholdOneNetwork,
            }],
            policy: Some(PolicyNote::Household {
                counterfactual: c,
                one_network: fit == Fit::OneNetwork,
            }),
        },
        _ => decided,
    }
}

#[cfg(test)]
#[path = "household_tests.rs"]
mod tests;
