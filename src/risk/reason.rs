//! Reason codes: why an order was refused, held or flagged.
//!
//! One closed set, so code that needs to know where a reason came from matches on
//! [`Reason::kind`] instead of inspecting the spelling. [`Reason::as_str`] is the wire
//! name (the `X-Risk-Reasons` header, 403/202 bodies, the decision log, the
//! `riskgate_decisions_total{reason}` label and replay): the names are a public
//! interface and never change.

use crate::limits::LimitReason;
use crate::lists::HitReason;
use std::fmt;

/// Where a reason comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReasonKind {
    /// A `[risk.rules]` rule (names in [`crate::config::RULE_REASONS`]).
    Rule,
    /// A `[risk.signals]` account or fingerprint signal (names in
    /// [`crate::risk::signals::SIGNAL_REASONS`]).
    Signal,
    /// The model's score, or the model itself (failed, or a block the policy capped).
    Model,
    /// A guard that refuses before scoring (block lists, rate and purchase limits).
    Guard,
    /// The shared state the guards count in could not be reached.
    State,
}

/// One reason code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// `currency_unknown`: no rate for the order's currency.
    CurrencyUnknown,
    /// `geo_blocked`.
    GeoBlocked,
    /// `geo_review`.
    GeoReview,
    /// `max_amount`.
    MaxAmount,
    /// `max_quantity`.
    MaxQuantity,
    /// `hosting_asn`.
    HostingAsn,
    /// `automation_ua`.
    AutomationUa,
    /// `disposable_email`.
    DisposableEmail,
    /// `shared_device`.
    SharedDevice,
    /// `small_order_surge`.
    SmallOrderSurge,
    /// `model_high`: score at or above `block_at`.
    ModelHigh,
    /// `model_review`: score at or above `review_at`.
    ModelReview,
    /// `model_error`: the model failed; the order went through (fail open).
    ModelError,
    /// `block_capped_weak_evidence`: a model block the policy turned into a review.
    BlockCappedWeakEvidence,
    /// `blacklist_ip`.
    BlacklistIp,
    /// `blacklist_device`.
    BlacklistDevice,
    /// `blacklist_user`.
    BlacklistUser,
    /// `blacklist_email` (emails and email domains).
    BlacklistEmail,
    /// `rate_limited`.
    RateLimited,
    /// `daily_limit_user`.
    DailyLimitUser,
    /// `daily_limit_device`.
    DailyLimitDevice,
    /// `daily_limit_ip`.
    DailyLimitIp,
    /// `state_unavailable`: the guard state backend could not be reached.
    StateUnavailable,
    /// `shared_fingerprint`: one browser fingerprint ordered as many users from several networks.
    SharedFingerprint,
    /// `tz_mismatch`: the browser's time zone is not one of the IP country's.
    TzMismatch,
    /// `new_device_for_user`: an established account orders from a brand-new device.
    NewDeviceForUser,
    /// `repeat_amount`: a young account repeats the same amount.
    RepeatAmount,
    /// `signals_combined`: enough independent signals to block.
    SignalsCombined,
    /// `device_inconsistent`: the beacon's hardware contradicts the claimed device (an
    /// x86 platform under an Android UA, a Linux server under a Windows UA, …).
    DeviceInconsistent,
    /// `device_replayed`: a valid device cookie presented by another browser than the one
    /// it was first seen with (a stolen cookie replayed; `fingerprint::ContinuityStore`).
    DeviceReplayed,
    /// `shared_mailbox`: one delivery mailbox received the orders of many accounts
    /// (`risk::linkage`).
    SharedMailbox,
    /// `cookieless_spread`: many accounts ordered one amount from clients with no device
    /// history and no beacon within an hour (`risk::linkage`).
    CookielessSpread,
    /// `account_spread`: one account ordered from many devices and networks within an hour
    /// (`risk::linkage`).
    AccountSpread,
    /// `small_amount_spread`: many accounts ordered one small amount from clients with no
    /// device history within 20 minutes (`risk::linkage`).
    SmallAmountSpread,
    /// `repeat_spend`: a young account ordered again within the hour, a high amount, from
    /// a device first seen minutes ago (`risk::signals`).
    RepeatSpend,
    /// `network_hop`: a young account's orders of the hour came from several networks,
    /// by one device or to one mailbox (`risk::signals`).
    NetworkHop,
    /// `cookieless_order`: an order of at least `[risk.signals] cookieless_min_usd` from a
    /// client that presented no device cookie (`risk::signals`).
    CookielessOrder,
    /// `spending_spree`: an account's second high order within the hour from a device the
    /// shop has known for a while, a small basket, to the one mailbox (`risk::signals`).
    SpendingSpree,
    /// `quick_checkout`: a high order placed seconds after the browser's first page
    /// (`risk::signals`).
    QuickCheckout,
    /// `review_waived_weak_evidence`: a model review carried by too few pieces of
    /// evidence, allowed (`risk::evidence`).
    ReviewWaivedWeakEvidence,
    /// `shared_device_household`: a `shared_device` review of a household's device (known
    /// for a while, a few accounts, small amounts, no other evidence), allowed
    /// (`risk::household`).
    SharedDeviceHousehold,
    /// A model review carried only by one account's repeated orders to several
    /// recipients' mailboxes (a gift sender), allowed (`risk::gift`).
    GiftRecipients,
    /// `gateway_bulk`: a model review of a company basket through an enterprise gateway,
    /// allowed (`risk::gateway`).
    GatewayBulk,
    /// `amount_at_risk`: a model review below `review_at`, made because the order's
    /// expected loss (score × amount in US dollars) reached `[risk.expected_loss]
    /// review_usd`.
    AmountAtRisk,
}

impl Reason {
    /// Every reason, in declaration order.
    pub const ALL: [Reason; 44] = [
        Reason::CurrencyUnknown,
        Reason::GeoBlocked,
        Reason::GeoReview,
        Reason::MaxAmount,
        Reason::MaxQuantity,
        Reason::HostingAsn,
        Reason::AutomationUa,
        Reason::DisposableEmail,
        Reason::SharedDevice,
        Reason::SmallOrderSurge,
        Reason::ModelHigh,
        Reason::ModelReview,
        Reason::ModelError,
        Reason::BlockCappedWeakEvidence,
        Reason::BlacklistIp,
        Reason::BlacklistDevice,
        Reason::BlacklistUser,
        Reason::BlacklistEmail,
        Reason::RateLimited,
        Reason::DailyLimitUser,
        Reason::DailyLimitDevice,
        Reason::DailyLimitIp,
        Reason::StateUnavailable,
        Reason::SharedFingerprint,
        Reason::TzMismatch,
        Reason::NewDeviceForUser,
        Reason::RepeatAmount,
        Reason::SignalsCombined,
        Reason::DeviceInconsistent,
        Reason::DeviceReplayed,
        Reason::SharedMailbox,
        Reason::CookielessSpread,
        Reason::AccountSpread,
        Reason::SmallAmountSpread,
        Reason::RepeatSpend,
        Reason::NetworkHop,
        Reason::CookielessOrder,
        Reason::SpendingSpree,
        Reason::QuickCheckout,
        Reason::ReviewWaivedWeakEvidence,
        Reason::SharedDeviceHousehold,
        Reason::GiftRecipients,
        Reason::GatewayBulk,
        Reason::AmountAtRisk,
    ];

    /// True for the reasons a review made by the model alone carries (`model_review`,
    /// `amount_at_risk`, a model block capped to review): what the policy waivers
    /// (`risk::household`, `risk::gift`, `risk::gateway`) may turn into an allow.
    pub fn is_model_review(self) -> bool {
        matches!(
            self,
            Reason::ModelReview | Reason::AmountAtRisk | Reason::BlockCappedWeakEvidence
        )
    }

    /// The wire and log name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::CurrencyUnknown => "currency_unknown",
            Reason::GeoBlocked => "geo_blocked",
            Reason::GeoReview => "geo_review",
            Reason::MaxAmount => "max_amount",
            Reason::MaxQuantity => "max_quantity",
            Reason::HostingAsn => "hosting_asn",
            Reason::AutomationUa => "automation_ua",
            Reason::DisposableEmail => "disposable_email",
            Reason::SharedDevice => "shared_device",
            Reason::SmallOrderSurge => "small_order_surge",
            Reason::ModelHigh => "model_high",
            Reason::ModelReview => "model_review",
            Reason::ModelError => "model_error",
            Reason::BlockCappedWeakEvidence => "block_capped_weak_evidence",
            Reason::BlacklistIp => "blacklist_ip",
            Reason::BlacklistDevice => "blacklist_device",
            Reason::BlacklistUser => "blacklist_user",
            Reason::BlacklistEmail => "blacklist_email",
            Reason::RateLimited => "rate_limited",
            Reason::DailyLimitUser => "daily_limit_user",
            Reason::DailyLimitDevice => "daily_limit_device",
            Reason::DailyLimitIp => "daily_limit_ip",
            Reason::StateUnavailable => "state_unavailable",
            Reason::SharedFingerprint => "shared_fingerprint",
            Reason::TzMismatch => "tz_mismatch",
            Reason::NewDeviceForUser => "new_device_for_user",
            Reason::RepeatAmount => "repeat_amount",
            Reason::SignalsCombined => "signals_combined",
            Reason::DeviceInconsistent => "device_inconsistent",
            Reason::DeviceReplayed => "device_replayed",
            Reason::SharedMailbox => "shared_mailbox",
            Reason::CookielessSpread => "cookieless_spread",
            Reason::AccountSpread => "account_spread",
            Reason::SmallAmountSpread => "small_amount_spread",
            Reason::RepeatSpend => "repeat_spend",
            Reason::NetworkHop => "network_hop",
            Reason::CookielessOrder => "cookieless_order",
            Reason::SpendingSpree => "spending_spree",
            Reason::QuickCheckout => "quick_checkout",
            Reason::ReviewWaivedWeakEvidence => "review_waived_weak_evidence",
            Reason::SharedDeviceHousehold => "shared_device_household",
            Reason::GiftRecipients => "gift_recipients",
            Reason::GatewayBulk => "gateway_bulk",
            Reason::AmountAtRisk => "amount_at_risk",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Where the reason comes from.
    pub fn kind(self) -> ReasonKind {
        match self {
            Reason::CurrencyUnknown
            | Reason::GeoBlocked
            | Reason::GeoReview
            | Reason::MaxAmount
            | Reason::MaxQuantity
            | Reason::HostingAsn
            | Reason::AutomationUa
            | Reason::DisposableEmail
            | Reason::SharedDevice
            | Reason::SmallOrderSurge => ReasonKind::Rule,
            Reason::SharedFingerprint
            | Reason::TzMismatch
            | Reason::NewDeviceForUser
            | Reason::RepeatAmount
            | Reason::SignalsCombined
            | Reason::DeviceInconsistent
            | Reason::DeviceReplayed
            | Reason::SharedMailbox
            | Reason::CookielessSpread
            | Reason::AccountSpread
            | Reason::SmallAmountSpread
            | Reason::RepeatSpend
            | Reason::NetworkHop
            | Reason::CookielessOrder
            | Reason::SpendingSpree
            | Reason::QuickCheckout => ReasonKind::Signal,
            Reason::ModelHigh
            | Reason::ModelReview
            | Reason::ModelError
            | Reason::BlockCappedWeakEvidence
            | Reason::ReviewWaivedWeakEvidence
            | Reason::SharedDeviceHousehold
            | Reason::GiftRecipients
            | Reason::GatewayBulk
            | Reason::AmountAtRisk => ReasonKind::Model,
            Reason::BlacklistIp
            | Reason::BlacklistDevice
            | Reason::BlacklistUser
            | Reason::BlacklistEmail
            | Reason::RateLimited
            | Reason::DailyLimitUser
            | Reason::DailyLimitDevice
            | Reason::DailyLimitIp => ReasonKind::Guard,
            Reason::StateUnavailable => ReasonKind::State,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Debug prints the wire name (as the `&str` codes did), so debug output is unchanged.
impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Reason> for &str {
    fn eq(&self, other: &Reason) -> bool {
        *self == other.as_str()
    }
}

impl From<HitReason> for Reason {
    fn from(h: HitReason) -> Reason {
        match h {
            HitReason::BlacklistIp => Reason::BlacklistIp,
            HitReason::BlacklistDevice => Reason::BlacklistDevice,
            HitReason::BlacklistUser => Reason::BlacklistUser,
            HitReason::BlacklistEmail => Reason::BlacklistEmail,
        }
    }
}

impl From<LimitReason> for Reason {
    fn from(l: LimitReason) -> Reason {
        match l {
            LimitReason::DailyLimitUser => Reason::DailyLimitUser,
            LimitReason::DailyLimitDevice => Reason::DailyLimitDevice,
            LimitReason::DailyLimitIp => Reason::DailyLimitIp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RULE_REASONS;

    #[test]
    fn names_round_trip_and_are_unique() {
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
            assert_eq!(r.to_string(), r.as_str());
            assert_eq!(format!("{r:?}"), format!("{:?}", r.as_str()));
        }
        assert_eq!(Reason::parse("model_"), None);
    }

    #[test]
    fn rule_kind_is_exactly_the_configurable_rules() {
        let rules: Vec<&str> = Reason::ALL
            .into_iter()
            .filter(|r| r.kind() == ReasonKind::Rule)
            .map(Reason::as_str)
            .collect();
        assert_eq!(rules.len(), RULE_REASONS.len());
        for name in RULE_REASONS {
            assert!(rules.contains(&name), "{name}");
        }
    }

    #[test]
    fn signal_kind_is_exactly_the_signal_reasons() {
        let signals: Vec<Reason> = Reason::ALL
            .into_iter()
            .filter(|r| r.kind() == ReasonKind::Signal)
            .collect();
        assert_eq!(signals, crate::risk::signals::SIGNAL_REASONS);
        // The config validates `strong_rules` against its own copy of the names.
        let names: Vec<&str> = signals.iter().map(|r| r.as_str()).collect();
        assert_eq!(names, crate::config::SIGNAL_REASON_NAMES);
    }

    #[test]
    fn guard_codes_convert_to_the_same_names() {
        for h in [
            HitReason::BlacklistIp,
            HitReason::BlacklistDevice,
            HitReason::BlacklistUser,
            HitReason::BlacklistEmail,
        ] {
            assert_eq!(Reason::from(h).as_str(), h.as_str());
            assert_eq!(Reason::from(h).kind(), ReasonKind::Guard);
        }
        for l in [
            LimitReason::DailyLimitUser,
            LimitReason::DailyLimitDevice,
            LimitReason::DailyLimitIp,
        ] {
            assert_eq!(Reason::from(l).as_str(), l.as_str());
        }
        assert_eq!(Reason::ModelError.kind(), ReasonKind::Model);
        assert_eq!(Reason::StateUnavailable.kind(), ReasonKind::State);
    }
}
