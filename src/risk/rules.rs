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

/// What the rules look at: taken from the live order ([`apply`]) or from a decision-log
/// line (`riskgate replay` recomputes the rules of the current config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleFacts<'a> {
    /// ISO country of the client IP.
    pub country: Option<&'a str>,
    /// The client ASN is a datacenter's.
    pub hosting: bool,
    /// The user agent is an automation client.
    pub automation_ua: bool,
    /// Amount in minor units of the order's currency.
    pub amount_minor: Option<i64>,
    /// Items ordered.
    pub quantity: u32,
}

/// Applies every configured rule to a live order; returns the hits in a fixed order.
pub fn apply(
    order: &Order,
    geo: GeoFacts,
    signals: AutomationSignals,
    rules: &RuleSettings,
) -> Vec<RuleHit> {
    let facts = RuleFacts {
        country: geo.country.as_ref().map(|c| c.as_str()),
        hosting: geo.hosting,
        automation_ua: signals.contains(Signal::AutomationUa),
        amount_minor: order.amount_minor,
        quantity: order.quantity,
    };
    evaluate(&facts, rules)
}

/// Applies every configured rule to `f`; returns the hits in a fixed order.
pub fn evaluate(f: &RuleFacts<'_>, rules: &RuleSettings) -> Vec<RuleHit> {
    let mut hits = Vec::new();
    let mut hit = |reason, action| hits.push(RuleHit { reason, action });
    if let Some(c) = f.country {
        if rules.geo_block.iter().any(|b| b == c) {
            hit("geo_blocked", RuleAction::Block);
        } else if rules.geo_review.iter().any(|b| b == c) {
            hit("geo_review", RuleAction::Review);
        }
    }
    if let (Some(max), Some(amount)) = (rules.max_amount_minor, f.amount_minor) {
        if amount > max {
            hit("max_amount", RuleAction::Block);
        }
    }
    if rules.max_quantity.is_some_and(|m| f.quantity > m) {
        hit("max_quantity", RuleAction::Block);
    }
    if let Some(a) = rules.hosting_asn.filter(|a| *a != RuleAction::Ignore) {
        if f.hosting {
            hit("hosting_asn", a);
        }
    }
    if let Some(a) = rules.automation.filter(|a| *a != RuleAction::Ignore) {
        if f.automation_ua {
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
        // Every reason a rule reports is one `[risk.policy] strong_rules` accepts.
        let all = RuleSettings {
            geo_review: vec![],
            ..rules.clone()
        };
        for h in apply(&order(60_000, 11), geo("KP", true), bot, &all)
            .iter()
            .chain(&apply(&order(1, 1), geo("NG", false), none, &rules))
        {
            assert!(
                crate::config::RULE_REASONS.contains(&h.reason),
                "{}",
                h.reason
            );
        }
    }
}
