//! Gift senders: one account, several recipients, a few minutes.
//!
//! A buyer sending cards for a birthday, White Day or a team sends one order per
//! recipient, each delivered to that recipient's mailbox, one after another from the same
//! browser: several orders of one amount per account and client in ten minutes
//! (`orders_client_10m`, `same_amount_user_24h`, …). The model learnt that repetition
//! from card testers and bots, and reviews it. What sets a gift sender apart, as far as
//! the orders show it (`[risk.linkage] gift_*`, counted by [`super::linkage`]):
//! - **every order to a mailbox of its own**: the account's orders in the hour went to as
//!   many distinct canonical mailboxes (lower case, no `+tag`, Gmail without dots) as
//!   there are orders; a cash-out or a hijacked account sends everything to the thief's
//!   one mailbox, a reseller's mules to a collector's (`shared_mailbox`);
//! - **a bounded count** (`gift_max_orders` in the hour, this one included): a handful of
//!   recipients, not a stream;
//! - **an amount that is not small** (`gift_min_usd`): card testers repeat the smallest
//!   value;
//! - **one device with history**: the device cookie was issued before this order, at
//!   least `gift_device_minutes` ago, the browser posted a beacon, and the account
//!   ordered from no other device in 24 hours;
//! - **no other evidence**: no rule or signal hit the order, the review is the model's
//!   (`model_review`, or a model block capped to review), and the model, with the
//!   repetition features at their baseline (the order as the account's first), scores it
//!   below `review_at`.
//!
//! Such a review becomes an allow with the reason `gift_recipients` (decision log
//! `policy` too, with the counterfactual score). What it cannot tell: a fraudster with a
//! stolen card on a warmed-up account and browser, sending a few cards of ordinary value
//! to several buyers' mailboxes (a reseller delivering directly) looks like a gift sender
//! to every fact riskgate has; the count bounds what one account can take that way per
//! hour (models/EVAL.md, "Gift senders").
//!
//! [`allow`] is pure: the counterfactual score comes in as a closure, called only for an
//! order that meets every other condition.

use super::decision::{Decided, PolicyNote};
use super::decision::{Decision, Thresholds};
use super::features::NAMES;
use super::linkage::LinkageFacts;
use super::reason::Reason;
use super::rules::RuleHit;
use crate::config::{GiftSettings, RuleAction};

/// Reason code (and decision-log policy note) of an allowed gift sender's order.
pub const ALLOWED: &str = "gift_recipients";

/// The repetition features: what a gift sender's second to sixth order shows and its
/// first does not. Set to their baseline for the counterfactual
/// (`Policy::unrepeated` in `risk::policy`).
pub const REPEAT_FEATURES: [&str; 6] = [
    "orders_ip_10m",
    "orders_device_10m",
    "orders_client_10m",
    "small_orders_device_10m",
    "small_orders_client_10m",
    "same_amount_user_24h",
];

/// Index of a schema feature (the engine refuses a schema that differs from [`NAMES`]).
fn at(name: &str) -> usize {
    NAMES.iter().position(|n| *n == name).unwrap_or(usize::MAX)
}

/// What the waiver reads from an order's feature vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GiftFacts {
    /// Device cookie age in hours; `None` for a device first seen on this order.
    pub device_age_hours: Option<f32>,
    /// The device posted a beacon.
    pub beacon: bool,
    /// Distinct devices the account ordered from in 24 hours, this one included.
    pub devices_per_user: f32,
    /// The amount in US dollars; `None` when unknown.
    pub amount_usd: Option<f32>,
}

impl GiftFacts {
    /// The facts of a feature vector in schema order (`None` when it is too short).
    pub fn of(features: &[f32]) -> Option<GiftFacts> {
        let get = |name| features.get(at(name)).copied();
        let new = get("new_device")? > 0.5;
        let amount = get("amount_usd")?;
        Some(GiftFacts {
            device_age_hours: (!new).then_some(get("device_age_hours")?),
            beacon: get("no_beacon")? < 0.5,
            devices_per_user: get("devices_per_user_24h")?,
            amount_usd: super::features::known_usd(amount),
        })
    }

    /// True when the facts fit a gift sender's device and order under `s`.
    fn fit(&self, s: &GiftSettings) -> bool {
        let min_hours = s.min_device_secs as f32 / 3600.0;
        self.device_age_hours.is_some_and(|h| h >= min_hours)
            && self.beacon
            && self.devices_per_user <= 1.0
            && self.amount_usd.is_some_and(|a| a >= s.min_usd as f32)
    }
}

/// True when the account's orders in the hour fit a gift sender's under `s`: a second to
/// `max_orders`th order, each to a mailbox of its own.
pub fn recipients_fit(l: &LinkageFacts, s: &GiftSettings) -> bool {
    (2..=s.max_orders).contains(&l.orders_per_user_1h)
        && l.mailboxes_per_user_1h == l.orders_per_user_1h
}

/// Turns a model review of a gift sender's order into an allow (see the module docs);
/// anything else is returned unchanged. `unrepeated` scores the order with its repetition
/// features at their baseline (`None`: the model failed, nothing changes).
#[allow(clippy::too_many_arguments)]
pub fn allow(
    decided: Decided,
    t: Thresholds,
    hits: &[RuleHit],
    settings: Option<&GiftSettings>,
    linkage: &LinkageFacts,
    features: &[f32],
    unrepeated: impl FnOnce() -> Option<f32>,
) -> Decided {
    let Some(s) = settings else {
        return decided;
    };
    let no_hits = hits.iter().all(|h| h.action == RuleAction::Ignore);
    let model_only = decided.reasons.iter().all(|r| r.is_model_review());
    if decided.decision != Decision::Review
        || !no_hits
        || !model_only
        || !recipients_fit(linkage, s)
        || !GiftFacts::of(features).is_some_and(|f| f.fit(s))
    {
        return decided;
    }
    match unrepeated() {
        Some(c) if c < t.review_at => Decided {
            decision: Decision::Allow,
            reasons: vec![Reason::GiftRecipients],
            policy: Some(PolicyNote::Gift { counterfactual: c }),
        },
        _ => decided,
    }
}

#[cfg(test)]
#[path = "gift_tests.rs"]
mod tests;
