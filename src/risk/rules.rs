//! Rules that decide regardless of the model score: geo blocks and reviews, amount and
//! quantity caps (a higher quantity cap for devices the shop has known for a while),
//! hosting ASNs and automation signals (each configurable as none, review or block),
//! disposable mail, several accounts on one device, a surge of small orders from
//! devices without history (card testing that rotates addresses and drops cookies), and a
//! beacon whose hardware contradicts the claimed device (emulators, anti-detect setups).
//!
//! Pure: takes the parsed order and facts, returns the hits with their actions.

use super::features::FeatureInput;
use super::order::Order;
use super::reason::Reason;
use crate::config::{RuleAction, RuleSettings};
use crate::fingerprint::Signal;

pub use super::decision::RuleHit;

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
    /// Age of the device cookie in seconds; `None` for a device first seen on this order.
    pub device_age_secs: Option<u64>,
    /// The email's domain is a known disposable-mail domain.
    pub email_disposable: bool,
    /// Distinct user keys this device ordered as in 24 hours, this order included.
    pub users_per_device: u32,
    /// Small orders from devices without history on this route in 10 minutes when this
    /// order is one of them, else 0 ([`crate::limits::VelocitySnapshot::small_surge`]).
    pub small_surge: u32,
    /// The device's beacon contradicts the device the `User-Agent` claims
    /// ([`crate::fingerprint::device_consistency`]).
    pub device_inconsistent: bool,
    /// The device cookie came from another browser than it was first seen with
    /// ([`crate::fingerprint::ContinuityStore`]).
    pub device_replayed: bool,
    /// The order came through a listed enterprise secure web gateway
    /// (`SignalFacts::gateway` in `risk::signals`): a company's tenant, trusted like a
    /// known device for basket size.
    pub gateway: bool,
}

impl<'a> RuleFacts<'a> {
    /// The facts of a live order.
    pub fn live(i: &'a FeatureInput<'a>) -> Self {
        RuleFacts {
            country: i.geo.country.as_ref().map(|c| c.as_str()),
            hosting: i.geo.hosting,
            automation_ua: i.signals.contains(Signal::AutomationUa),
            amount_minor: i.order.amount_minor,
            quantity: i.order.quantity,
            device_age_secs: (!i.device_new).then_some(i.device_age_secs),
            email_disposable: i
                .order
                .email
                .as_deref()
                .is_some_and(|e| i.disposable.contains_email(e)),
            users_per_device: i.velocity.users_per_device,
            small_surge: i.velocity.small_surge,
            device_inconsistent: i.facts.device_inconsistent.is_some(),
            device_replayed: i.facts.device_replayed.is_some(),
            gateway: i.facts.gateway,
        }
    }
}

/// Applies every configured rule to a live order; returns the hits in a fixed order.
pub fn apply(input: &FeatureInput<'_>, rules: &RuleSettings) -> Vec<RuleHit> {
    evaluate(&RuleFacts::live(input), rules)
}

/// The quantity cap that applies to an order: the trusted cap once the device cookie is
/// `trusted_device_days` old (a company buying staff rewards on its office desktop), or
/// through a listed enterprise secure web gateway (a company's tenant: cash-out crews do
/// not egress through a company's gateway), else `max_quantity` (a reseller that drops
/// its cookie never earns the higher cap).
fn quantity_cap(f: &RuleFacts<'_>, rules: &RuleSettings) -> Option<u32> {
    let trusted = f.gateway
        || rules
            .trusted_device_secs
            .is_some_and(|min| f.device_age_secs.is_some_and(|age| age >= min));
    match rules.max_quantity_trusted {
        Some(cap) if trusted => Some(cap),
        _ => rules.max_quantity,
    }
}

/// What the quantity caps do to an order: above the hard cap (`max_quantity_block`) a
/// block on any device; above the device's cap (`max_quantity`, or `max_quantity_trusted`
/// for a known device) `max_quantity_action` (block unless configured `review`: a business
/// buying 40 cards from a new laptop is held for a person, not lost); else nothing.
fn quantity_action(f: &RuleFacts<'_>, rules: &RuleSettings) -> Option<RuleAction> {
    if rules.max_quantity_block.is_some_and(|m| f.quantity > m) {
        return Some(RuleAction::Block);
    }
    quantity_cap(f, rules)
        .is_some_and(|m| f.quantity > m)
        .then(|| rules.max_quantity_action.unwrap_or(RuleAction::Block))
}

/// Applies every configured rule to `f`; returns the hits in a fixed order.
pub fn evaluate(f: &RuleFacts<'_>, rules: &RuleSettings) -> Vec<RuleHit> {
    let mut hits = Vec::new();
    let mut hit = |reason, action| hits.push(RuleHit { reason, action });
    if let Some(c) = f.country {
        if rules.geo_block.iter().any(|b| b == c) {
            hit(Reason::GeoBlocked, RuleAction::Block);
        } else if rules.geo_review.iter().any(|b| b == c) {
            hit(Reason::GeoReview, RuleAction::Review);
        }
    }
    if let (Some(max), Some(amount)) = (rules.max_amount_minor, f.amount_minor) {
        if amount > max {
            hit(Reason::MaxAmount, RuleAction::Block);
        }
    }
    if let Some(action) = quantity_action(f, rules) {
        hit(Reason::MaxQuantity, action);
    }
    if let Some(a) = rules.hosting_asn.filter(|a| *a != RuleAction::Ignore) {
        if f.hosting {
            hit(Reason::HostingAsn, a);
        }
    }
    if let Some(a) = rules.automation.filter(|a| *a != RuleAction::Ignore) {
        if f.automation_ua {
            hit(Reason::AutomationUa, a);
        }
    }
    if let Some(a) = rules.disposable_email.filter(|a| *a != RuleAction::Ignore) {
        if f.email_disposable {
            hit(Reason::DisposableEmail, a);
        }
    }
    if rules
        .max_users_per_device
        .is_some_and(|m| f.users_per_device > m)
    {
        hit(Reason::SharedDevice, RuleAction::Review);
    }
    if rules.small_order_surge.is_some_and(|m| f.small_surge >= m) {
        hit(Reason::SmallOrderSurge, RuleAction::Review);
    }
    if let Some(a) = rules
        .device_inconsistent
        .filter(|a| *a != RuleAction::Ignore)
    {
        if f.device_inconsistent {
            hit(Reason::DeviceInconsistent, a);
        }
    }
    if let Some(a) = rules.device_replayed.filter(|a| *a != RuleAction::Ignore) {
        if f.device_replayed {
            hit(Reason::DeviceReplayed, a);
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
            reason: Reason::CurrencyUnknown,
            action: RuleAction::Review,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::currency::CurrencyRates;
    use crate::fingerprint::AutomationSignals;
    use crate::geo::{Country, GeoFacts};
    use crate::limits::VelocitySnapshot;
    use crate::risk::features::DisposableDomains;

    fn rules() -> RuleSettings {
        RuleSettings {
            geo_block: vec!["KP".into()],
            geo_review: vec!["NG".into()],
            max_amount_minor: Some(50_000),
            max_quantity: Some(10),
            max_quantity_trusted: Some(60),
            max_quantity_action: None,
            max_quantity_block: None,
            trusted_device_secs: Some(7 * 86_400),
            hosting_asn: Some(RuleAction::Review),
            automation: Some(RuleAction::Block),
            disposable_email: Some(RuleAction::Review),
            max_users_per_device: Some(1),
            small_order_surge: Some(5),
            device_inconsistent: None,
            device_replayed: None,
            household: None,
        }
    }

    fn facts(amount: i64, quantity: u32) -> RuleFacts<'static> {
        RuleFacts {
            country: Some("US"),
            amount_minor: Some(amount),
            quantity,
            ..RuleFacts::default()
        }
    }

    fn reasons(f: &RuleFacts<'_>, rules: &RuleSettings) -> Vec<&'static str> {
        evaluate(f, rules)
            .iter()
            .map(|h| h.reason.as_str())
            .collect()
    }

    #[test]
    fn rules_table() {
        let rules = rules();
        assert!(reasons(&facts(1000, 1), &rules).is_empty());
        let at = |c| RuleFacts {
            country: Some(c),
            ..facts(1000, 1)
        };
        assert_eq!(reasons(&at("KP"), &rules), ["geo_blocked"]);
        assert_eq!(reasons(&at("NG"), &rules), ["geo_review"]);
        let everything = RuleFacts {
            hosting: true,
            automation_ua: true,
            email_disposable: true,
            users_per_device: 2,
            small_surge: 5,
            ..facts(60_000, 11)
        };
        assert_eq!(
            reasons(&everything, &rules),
            [
                "max_amount",
                "max_quantity",
                "hosting_asn",
                "automation_ua",
                "disposable_email",
                "shared_device",
                "small_order_surge"
            ]
        );
        let actions: Vec<_> = evaluate(&everything, &rules)
            .iter()
            .map(|h| h.action)
            .collect();
        use RuleAction::{Block, Review};
        assert_eq!(
            actions,
            [Block, Block, Review, Block, Review, Review, Review]
        );
        // Every reason a rule reports is one `[risk.policy] strong_rules` accepts.
        for h in evaluate(&everything, &rules)
            .iter()
            .chain(&evaluate(&at("KP"), &rules))
            .chain(&evaluate(&at("NG"), &rules))
        {
            assert!(
                crate::config::RULE_REASONS.contains(&h.reason.as_str()),
                "{}",
                h.reason
            );
        }
        // Unset rules never hit.
        assert!(reasons(&everything, &RuleSettings::default()).is_empty());
    }

    #[test]
    fn thresholds_of_the_count_rules() {
        let rules = rules();
        let f = |users, surge| RuleFacts {
            users_per_device: users,
            small_surge: surge,
            ..facts(100, 1)
        };
        assert!(reasons(&f(1, 4), &rules).is_empty());
        assert_eq!(reasons(&f(2, 0), &rules), ["shared_device"]);
        assert_eq!(reasons(&f(0, 5), &rules), ["small_order_surge"]);
    }

    #[test]
    fn a_device_known_long_enough_gets_the_trusted_quantity_cap() {
        let rules = rules();
        let aged = |days: u64, quantity| RuleFacts {
            device_age_secs: Some(days * 86_400),
            ..facts(1000, quantity)
        };
        // A company's office desktop, weeks old: 40 cards pass the rules; 61 do not.
        assert!(reasons(&aged(14, 40), &rules).is_empty());
        assert_eq!(reasons(&aged(14, 61), &rules), ["max_quantity"]);
        // A day-old device, or none (a reseller that drops its cookie): the base cap.
        assert_eq!(reasons(&aged(1, 40), &rules), ["max_quantity"]);
        assert_eq!(reasons(&facts(1000, 11), &rules), ["max_quantity"]);
        assert!(reasons(&facts(1000, 10), &rules).is_empty());
        // Without the trusted settings the base cap applies to every device.
        let plain = RuleSettings {
            max_quantity_trusted: None,
            trusted_device_secs: None,
            ..rules
        };
        assert_eq!(reasons(&aged(300, 40), &plain), ["max_quantity"]);
    }

    #[test]
    fn an_enterprise_gateway_gets_the_trusted_quantity_cap_and_nothing_else() {
        let rules = RuleSettings {
            max_quantity_block: Some(200),
            ..rules()
        };
        let gw = |quantity| RuleFacts {
            gateway: true,
            ..facts(1000, quantity)
        };
        // An office buying 40 cards through its gateway from a brand-new desktop.
        assert!(reasons(&gw(40), &rules).is_empty());
        assert_eq!(reasons(&facts(1000, 40), &rules), ["max_quantity"]);
        // The trusted cap and the hard cap still hold.
        assert_eq!(reasons(&gw(61), &rules), ["max_quantity"]);
        assert_eq!(evaluate(&gw(201), &rules)[0].action, RuleAction::Block);
        // Every other rule sees the order as before.
        let loud = RuleFacts {
            email_disposable: true,
            automation_ua: true,
            users_per_device: 2,
            ..gw(40)
        };
        assert_eq!(
            reasons(&loud, &rules),
            ["automation_ua", "disposable_email", "shared_device"]
        );
        // Without a trusted cap configured, the base cap applies to a gateway too.
        let plain = RuleSettings {
            max_quantity_trusted: None,
            trusted_device_secs: None,
            ..rules
        };
        assert_eq!(reasons(&gw(40), &plain), ["max_quantity"]);
    }

    #[test]
    fn quantity_over_the_cap_is_a_review_below_the_hard_cap() {
        let review = RuleSettings {
            max_quantity_action: Some(RuleAction::Review),
            max_quantity_block: Some(200),
            ..rules()
        };
        let q = |days: Option<u64>, quantity| {
            let f = RuleFacts {
                device_age_secs: days.map(|d| d * 86_400),
                ..facts(1000, quantity)
            };
            evaluate(&f, &review)
                .iter()
                .map(|h| (h.reason.as_str(), h.action))
                .collect::<Vec<_>>()
        };
        use RuleAction::{Block, Review};
        // Within the cap: nothing. A new device buying 40 cards: held for a person.
        assert!(q(None, 10).is_empty());
        assert_eq!(q(None, 40), [("max_quantity", Review)]);
        assert_eq!(q(None, 200), [("max_quantity", Review)]);
        // The hard cap blocks on any device, trusted or not.
        assert_eq!(q(None, 201), [("max_quantity", Block)]);
        assert_eq!(q(Some(30), 201), [("max_quantity", Block)]);
        // A trusted device keeps its higher cap; above it, a review.
        assert!(q(Some(30), 60).is_empty());
        assert_eq!(q(Some(30), 61), [("max_quantity", Review)]);
        // Without max_quantity_action the cap blocks, as before.
        let plain = RuleSettings {
            max_quantity_block: None,
            ..rules()
        };
        assert_eq!(
            evaluate(&facts(1000, 11), &plain)[0].action,
            RuleAction::Block
        );
        // A hard cap alone.
        let hard = RuleSettings {
            max_quantity_block: Some(50),
            ..RuleSettings::default()
        };
        assert!(evaluate(&facts(1000, 50), &hard).is_empty());
        assert_eq!(
            evaluate(&facts(1000, 51), &hard)[0].action,
            RuleAction::Block
        );
    }

    #[test]
    fn live_facts_come_from_the_order_input() {
        let order = Order {
            amount_minor: Some(200),
            quantity: 3,
            email: Some("x@yopmail.com".into()),
            ..Order::default()
        };
        let rates = CurrencyRates::default();
        let d = DisposableDomains::from_lines("yopmail.com");
        let mut input = FeatureInput {
            order: &order,
            rates: &rates,
            geo: GeoFacts {
                country: Country::from_code("DE"),
                asn: None,
                hosting: true,
            },
            accept_language: None,
            signals: AutomationSignals::NONE.with(Signal::AutomationUa),
            beacon: None,
            device_new: true,
            cookie_tampered: false,
            device_age_secs: 0,
            velocity: VelocitySnapshot {
                users_per_device: 3,
                small_surge: 7,
                ..VelocitySnapshot::default()
            },
            disposable: &d,
            facts: Default::default(),
        };
        let f = RuleFacts::live(&input);
        assert_eq!(
            (
                f.country,
                f.hosting,
                f.automation_ua,
                f.amount_minor,
                f.quantity
            ),
            (Some("DE"), true, true, Some(200), 3)
        );
        assert_eq!(
            (
                f.device_age_secs,
                f.email_disposable,
                f.users_per_device,
                f.small_surge
            ),
            (None, true, 3, 7)
        );
        input.device_new = false;
        input.device_age_secs = 3600;
        assert_eq!(RuleFacts::live(&input).device_age_secs, Some(3600));
        assert_eq!(
            apply(&input, &rules()).len(),
            evaluate(&RuleFacts::live(&input), &rules()).len()
        );
    }

    #[test]
    fn device_replayed_acts_as_configured_and_only_when_seen() {
        let replayed = RuleFacts {
            device_replayed: true,
            ..RuleFacts::default()
        };
        let off = RuleSettings::default();
        assert!(evaluate(&replayed, &off).is_empty(), "unset: no hit");
        let on = RuleSettings {
            device_replayed: Some(RuleAction::Review),
            ..RuleSettings::default()
        };
        assert_eq!(
            evaluate(&replayed, &on),
            [RuleHit {
                reason: Reason::DeviceReplayed,
                action: RuleAction::Review
            }]
        );
        assert!(evaluate(&RuleFacts::default(), &on).is_empty());
    }
}
