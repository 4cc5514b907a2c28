//! Company baskets through an enterprise secure web gateway.
//!
//! Office staff buy employee rewards and client thank-yous in bulk (10-60 cards of one
//! value, paid by a company card) from managed laptops whose traffic leaves through the
//! company's secure web gateway or SASE tenant (`[risk.signals] gateway_asns`: Zscaler,
//! Netskope, Cisco Umbrella, ...). The model learnt a large basket on a new device from
//! resellers and cash-out crews, and reviews it. What sets the company buyer apart is the
//! network: a gateway carries the traffic of a company that bought a tenant for its staff;
//! it is not a proxy a carder can rent by the hour (vendors that also sell consumer VPNs
//! and business VPNs anyone can sign up for are left off the list, README "Enterprise
//! secure web gateways"). So, with `[risk.signals] gateway_bulk = true`, a review of an
//! order that
//! - came through a listed gateway (`SignalFacts::gateway`),
//! - is a basket (quantity at least 2, at most what the basket rules allow: a larger one
//!   is the `max_quantity` rule's, which keeps its review),
//! - has no rule or signal hit, and is the model's alone (`model_review`, with
//!   `amount_at_risk`, or a model block the policy capped to review), and
//! - scores below the order's review threshold as **one card** (quantity 1, the amount of
//!   one card, every other feature as it is)
//!
//! becomes an allow with the reason `gateway_bulk` (decision log `policy` too, with the
//! counterfactual score). What it cannot tell: a fraudster inside a company's network
//! (an insider, or a taken-over managed laptop) buying a basket looks like its staff to
//! every fact riskgate has; the basket caps (`max_quantity_trusted`) bound what one order
//! can take that way.
//!
//! [`allow`] is pure: the counterfactual score comes in as a closure, called only for an
//! order that meets every other condition.

use super::decision::{Decided, PolicyNote};
use super::decision::{Decision, Thresholds};
use super::features::{known_usd, AMOUNT_USD, QUANTITY};
use super::reason::Reason;
use super::rules::RuleHit;
use crate::config::RuleAction;

/// Reason code (and decision-log policy note) of an allowed company basket.
pub const ALLOWED: &str = "gateway_bulk";

/// The order's feature row as one card of its basket: quantity 1 and the amount divided
/// by the quantity (an unknown amount stays unknown). `None` when the row is too short or
/// not a basket.
pub fn single_unit(features: &[f32]) -> Option<Vec<f32>> {
    let quantity = *features.get(QUANTITY)?;
    let amount = *features.get(AMOUNT_USD)?;
    if quantity < 2.0 {
        return None;
    }
    let mut row = features.to_vec();
    row[QUANTITY] = 1.0;
    if let Some(usd) = known_usd(amount) {
        row[AMOUNT_USD] = usd / quantity;
    }
    Some(row)
}

/// Turns a model review of a company basket through a gateway into an allow (see the
/// module docs); anything else is returned unchanged. `one_card` scores a feature row
/// ([`single_unit`]'s; `None`: the model failed, nothing changes).
pub fn allow(
    decided: Decided,
    t: Thresholds,
    hits: &[RuleHit],
    on: bool,
    gateway: bool,
    features: &[f32],
    one_card: impl FnOnce(&[f32]) -> Option<f32>,
) -> Decided {
    if !on || !gateway || decided.decision != Decision::Review {
        return decided;
    }
    let no_hits = hits.iter().all(|h| h.action == RuleAction::Ignore);
    let model_only = decided.reasons.iter().all(|r| r.is_model_review());
    if !no_hits || !model_only {
        return decided;
    }
    let Some(row) = single_unit(features) else {
        return decided;
    };
    match one_card(&row) {
        Some(c) if c < t.review_at => Decided {
            decision: Decision::Allow,
            reasons: vec![Reason::GatewayBulk],
            policy: Some(PolicyNote::GatewayBulk { counterfactual: c }),
        },
        _ => decided,
    }
}

#[cfg(test)]
#[path = "gateway_tests.rs"]
mod tests;
