//! Rules that decide regardless of the model score: geo blocks and reviews, amount and
//! quantity caps, hosting ASNs and automation signals (each configurable as none, review
//! or block).
//!
//! Pure: takes the parsed order and facts, returns the hits with their actions.

use super::order::Order;
use crate::config::{RuleAction, RuleSettings};
use crate::fingerprint::{AutomationSignals, Signal};
use crate::geo::GeoFacts;

/// One rule that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleHit {
    /// Reason code (`geo_blocked`, `max_amount`, …).
    pub reason: &'static str,
    /// What the rule forces.
    pub action: RuleAction,
}

/// Applies every configured rule; returns the hits in a fixed order.
pub fn apply(
    order: &Order,
    geo: GeoFacts,
    signals: AutomationSignals,
    rules: &RuleSettings,
) -> Vec<RuleHit> {
    let mut hits = Vec::new();
    let mut hit = |reason, action| hits.push(RuleHit { reason, action });
    if let Some(c) = geo.country {
        if rules.geo_block.iter().any(|b| b == c.as_str()) {
            hit("geo_blocked", RuleAction::Block);
        } else if rules.geo_review.iter().any(|b| b == c.as_str()) {
            hit("geo_review", RuleAction::Review);
        }
    }
    if let (Some(max), Some(amount)) = (rules.max_amount_minor, order.amount_minor) {
        if amount > max {
            hit("max_amount", RuleAction::Block);
        }
    }
    if rules.max_quantity.is_some_and(|m| order.quantity > m) {
        hit("max_quantity", RuleAction::Block);
    }
    if let Some(a) = rules.hosting_asn.filter(|a| *a != RuleAction::Ignore) {
        if geo.hosting {
            hit("hosting_asn", a);
        }
    }
    if let Some(a) = rules.automation.filter(|a| *a != RuleAction::Ignore) {
        if signals.contains(Signal::AutomationUa) {
            hit("automation_ua", a);
        }
    }
    hits
}

/// The `currency_unknown` hit: an order in a currency with no rate in `[risk.currency]`
/// cannot be valued, so it goes to review rather than being scored as if "250" were dollars.
/// `None` when the currency converts (or the order has no amount).
pub fn currency_hit(
    order: &Order,
    rates: &crate::config::currency::CurrencyRates,
) -> Option<RuleHit> {
    (order.amount_minor.is_some() && rates.usd_per_unit(&order.currency).is_none()).then_some(
        RuleHit {
            reason: "currency_unknown",
            action: RuleAction::Review,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Country;

    #[test]
    fn rules_table() {
        let rules = RuleSettings {
            geo_block: vec!["KP".into()],
            geo_review: vec!["NG".into()],
            max_amount_minor: Some(50_000),
            max_quantity: Some(10),
            hosting_asn: Some(RuleAction::Review),
            automation: Some(RuleAction::Block),
        };
        let order = |amount, quantity| Order {
            amount_minor: Some(amount),
            quantity,
            ..Order::default()
        };
        let geo = |c: &str, hosting| GeoFacts {
            country: Country::from_code(c),
            asn: None,
            hosting,
        };
        let none = AutomationSignals::NONE;
        let bot = AutomationSignals::NONE.with(Signal::AutomationUa);
        let reasons = |o: &Order, g, s| {
            apply(o, g, s, &rules)
                .iter()
                .map(|h| h.reason)
                .collect::<Vec<_>>()
        };
        assert!(reasons(&order(1000, 1), geo("US", false), none).is_empty());
        assert_eq!(
            reasons(&order(1000, 1), geo("KP", false), none),
            ["geo_blocked"]
        );
        assert_eq!(
            reasons(&order(1000, 1), geo("NG", false), none),
            ["geo_review"]
        );
        assert_eq!(
            reasons(&order(60_000, 11), geo("US", true), bot),
            ["max_amount", "max_quantity", "hosting_asn", "automation_ua"]
        );
        assert_eq!(
            apply(&order(1, 1), geo("US", true), none, &rules)[0].action,
            RuleAction::Review
        );
    }
}
