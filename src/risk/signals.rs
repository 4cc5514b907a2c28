//! Account and fingerprint signals that are not model inputs (yet): the classic
//! Sift/Radar-style checks a shop's fraud team expects, computed next to the features and
//! logged with them so the next retrain can use them.
//!
//! - `shared_fingerprint`: one browser fingerprint (the beacon hash: canvas, screen,
//!   languages, time zone, platform; independent of cookies and IPs) ordering as many
//!   users from several networks in 24 hours (a bot farm or triangulation ring that keeps
//!   one browser build). A family or a dorm behind one NAT shares a fingerprint from one
//!   network; that does not count.
//! - `tz_mismatch`: the browser's time zone offset is not one the IP's country uses nor
//!   one of its language's region (`de-DE` → DE), on a device the shop does not know yet,
//!   for at least `tz_mismatch_min_usd`. A traveller, a VPN user or a carrier that
//!   geolocates abroad keeps clock and language of home, which agree; a browser made to
//!   look local (language and IP of the victim's country) often keeps its own clock.
//! - `new_device_for_user`: a user who ordered from an established device (at least
//!   `established_days` old) in the last 30 days now orders from a device first seen
//!   within the hour that never posted a beacon (no page view before the order): the
//!   account-takeover pattern.
//! - `repeat_amount`: a user without an established device orders the same amount (at
//!   least `repeat_amount_min_usd`) `repeat_amount` times in 24 hours (a mule cashing out
//!   one card denomination; a small business buys its cards in one order).
//!
//! - the cross-account linkage signals of [`super::linkage`] (`[risk.linkage]`:
//!   `shared_mailbox`, `cookieless_spread`, `account_spread`, `small_amount_spread`),
//!   counted here on the same store and reported
//!   after the others: weak, they review but never count towards `block_min_signals`.
//! - `repeat_spend` (`[risk.linkage] repeat_spend_min_usd`, weak like the linkage signals
//!   whose per-account counts it reads): an account that is not established places its
//!   second order of at least `repeat_spend_min_usd` within the hour, from a device first
//!   seen at most `repeat_spend_device_minutes` ago (or on this order), every order of the
//!   hour to the one mailbox, and not all at one amount. A stolen card or a taken-over
//!   account is cashed out in a few top-value orders minutes apart from the fresh browser
//!   that got in; an honest first purchase is one order (or a small one, then a bigger
//!   one), a buyer retrying a declined payment repeats one amount, a gift sender writes to
//!   a mailbox per recipient, and an account with an established device is not counted;
//!   nor is an order through an enterprise gateway (`gateway_asns`: a company's buyer
//!   places several baskets in an hour, and a cash-out crew does not egress there).
//!   The first order of such a run passes (nothing is repeated yet); the account's later
//!   high ones are held. An honest new buyer who makes two large purchases in an hour is
//!   held too (models/EVAL.md, "Repeat spend").
//! - `network_hop` (`[risk.linkage] network_hop_min_usd`, weak like `repeat_spend`, whose
//!   per-account counts it shares with `account_spread`'s): an account that is not
//!   established places its second or later order within the hour, of at least
//!   `network_hop_min_usd`, from a device first seen within the hour (or on this order),
//!   and its orders of the hour came from at least two networks (`/24`, IPv6 `/48`), all
//!   from one device or all to one mailbox (one actor, not two people sharing a login).
//!   Two networks of one AS number reached over both IPv4 and IPv6 are one ISP's dual
//!   stack (a browser switching families between orders), not a hop; two networks of one
//!   AS number over one family are (a farm phone rotating its carrier address).
//!   A residential proxy that rotates its exit per request, or a taken-over login worked
//!   through a fresh proxy per order, puts each order of a cash-out on another network
//!   minutes apart; an honest new buyer's second order of the hour comes from the same
//!   line. Not counted: an established account, an order through an enterprise gateway
//!   or a satellite network (their exits move under the user). An honest new buyer who
//!   switches from Wi-Fi to a mobile network between two orders of at least that amount
//!   is held too (models/EVAL.md, "Network hop").
//! - `cookieless_order` (`[risk.signals] cookieless_min_usd`, weak like the linkage
//!   signals): an order of at least `cookieless_min_usd` whose client presented no device
//!   cookie (none, an expired or a forged one: the device id is issued on this order). A
//!   browser buyer gets the cookie with the shop's first page and sends it back with the
//!   order (the shop's own session cookie takes the same path, so a browser that refuses
//!   cookies cannot check out); a checkout script, an API client with bought accounts or a
//!   browser profile wiped for every order does not. A shop whose own app posts orders
//!   without the cookie leaves it off, or sets it above the app's baskets. While fewer
//!   than one in ten of the edge's recent orders carried the cookie (a route that never
//!   sees it: [`super::cookie_share`]) it does not fire.
//! - `spending_spree` (`[risk.linkage] spree_min_usd`, weak like `repeat_spend`, whose
//!   per-account count of high orders it reads): `repeat_spend` for the other side, an
//!   account ordering from a device the shop has known for at least `established_days`.
//!   Its second or later order within the hour of at least `repeat_spend_min_usd`, this
//!   one of at least `spree_min_usd`, a basket of at most `spree_max_quantity` (default
//!   3), every order of the hour to the one mailbox, not all at one amount, not through an
//!   enterprise gateway. A scam victim on the phone with the caller buys card after card
//!   on their own computer, a cardholder who will dispute the charges buys several large
//!   cards in one sitting, a session taken over with the victim's own cookie is cashed out
//!   in minutes: the device is the owner's, so nothing else about the order looks new.
//!   A company's basket is one order of many cards, a declined payment is retried at one
//!   amount and a gift sender writes to a mailbox per recipient. A regular who makes two
//!   large purchases for themselves within an hour is held too (models/EVAL.md, "Spending
//!   sprees").
//!
//! - `quick_checkout` (`[risk.signals] quick_checkout_secs` and `quick_checkout_min_usd`,
//!   weak like the linkage signals): an order of at least `quick_checkout_min_usd` placed
//!   less than `quick_checkout_secs` after its device cookie was issued, that is after the
//!   browser's first page on the shop; not through an enterprise gateway. A buyer new to
//!   the shop looks at the card, types a mailbox and pays: that takes a minute or more. A
//!   cash-out with a stolen card or a taken-over login opens one page in a fresh profile
//!   and checks out at once; nothing else about the order differs from an honest first
//!   purchase (a clean consumer address in the card's country, a matching language). A
//!   client that brought no cookie (issued on the order) is `cookieless_order`'s, not this
//!   one's. A buyer who knows what to buy and pays with a stored wallet is held too
//!   (models/EVAL.md, "Quick checkout").
//!
//! Each hit is a review by itself (a single signal never blocks); `block_min_signals`
//! distinct hits of these signals and the `[risk.rules]` review rules together block
//! (`signals_combined`: independent evidence). [`evaluate`] is pure (replay and tests call
//! it with logged [`SignalFacts`]); [`SignalTracker`] keeps the windowed counts in the
//! guards' state backend.

use super::decision::RuleHit;
use super::linkage::{LinkageFacts, LinkageInput};
use crate::config::RuleAction;
use crate::geo::GeoFacts;
use crate::risk::Reason;
use crate::state::{IdKind, KeyHasher, RecordOp, Scope, StateBackend, StateKey, Window};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Reason: one browser fingerprint ordered as many users from several networks.
pub const SHARED_FINGERPRINT: Reason = Reason::SharedFingerprint;
/// Reason: the browser's time zone is not one of the IP country's (young device, money).
pub const TZ_MISMATCH: Reason = Reason::TzMismatch;
/// Reason: an established account orders from a brand-new device without a page view.
pub const NEW_DEVICE_FOR_USER: Reason = Reason::NewDeviceForUser;
/// Reason: a young account repeats the same amount.
pub const REPEAT_AMOUNT: Reason = Reason::RepeatAmount;
/// Reason: enough independent signals to block.
pub const SIGNALS_COMBINED: Reason = Reason::SignalsCombined;
/// Reason: a young account's repeated spending from a fresh device.
pub const REPEAT_SPEND: Reason = Reason::RepeatSpend;
/// Reason: a young account's orders of the hour hop networks.
pub const NETWORK_HOP: Reason = Reason::NetworkHop;
/// Reason: an order of at least `cookieless_min_usd` from a client without a device cookie.
pub const COOKIELESS_ORDER: Reason = Reason::CookielessOrder;
/// Reason: an established device's spree of high orders within the hour.
pub const SPENDING_SPREE: Reason = Reason::SpendingSpree;
/// Reason: a high order seconds after the browser's first page.
pub const QUICK_CHECKOUT: Reason = Reason::QuickCheckout;

/// Every reason code the signals report (accepted in `[risk.policy] strong_rules`).
/// `device_inconsistent` is a fingerprint signal too, acted on by its `[risk.rules]`
/// action.
pub const SIGNAL_REASONS: [Reason; 16] = [
    SHARED_FINGERPRINT,
    TZ_MISMATCH,
    NEW_DEVICE_FOR_USER,
    REPEAT_AMOUNT,
    SIGNALS_COMBINED,
    Reason::DeviceInconsistent,
    Reason::DeviceReplayed,
    super::linkage::SHARED_MAILBOX,
    super::linkage::COOKIELESS_SPREAD,
    super::linkage::ACCOUNT_SPREAD,
    super::linkage::SMALL_AMOUNT_SPREAD,
    REPEAT_SPEND,
    NETWORK_HOP,
    COOKIELESS_ORDER,
    SPENDING_SPREE,
    QUICK_CHECKOUT,
];

/// Window of the per-fingerprint and same-amount counts.
const DAY: Duration = Duration::from_secs(86_400);
/// Window in which an order from an established device makes a user established.
const ESTABLISHED_WINDOW: Duration = Duration::from_secs(30 * 86_400);
/// A device at most this old counts as brand new for `new_device_for_user`.
const BRAND_NEW_SECS: u64 = 3600;

pub use crate::config::SignalSettings;

impl SignalSettings {
    fn established_secs(&self) -> u64 {
        u64::from(self.established_days) * 86_400
    }

    /// `f` for an order from the network `asn`: a listed satellite or in-flight
    /// network (`satellite_asns`), or enterprise secure web gateway (`gateway_asns`),
    /// hands traffic to the internet far from its user ([`SignalFacts::satellite`],
    /// [`SignalFacts::gateway`]); any other network leaves `f` as it is.
    pub fn network(&self, asn: Option<u32>, f: SignalFacts) -> SignalFacts {
        match asn {
            Some(a) if self.satellite_asns.contains(&a) => f.satellite(),
            Some(a) if self.gateway_asns.contains(&a) => f.gateway(),
            _ => f,
        }
    }
}

/// What the signals look at for one order; logged in the decision line (`signals`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SignalFacts {
    /// Distinct users on this order's beacon fingerprint in 24 hours (0: no beacon).
    pub users_per_fingerprint_24h: u32,
    /// Distinct networks on this order's beacon fingerprint in 24 hours.
    pub networks_per_fingerprint_24h: u32,
    /// The beacon's time zone offset is not one the IP's country uses, nor one of the
    /// browser language's region (false when the offset or the country is unknown).
    pub tz_mismatch: bool,
    /// The device posted a beacon before this order.
    pub beacon: bool,
    /// Device cookie age in seconds (`None`: issued on this order).
    pub device_age_secs: Option<u64>,
    /// The user ordered from an established device in the last 30 days.
    pub user_established: bool,
    /// Orders of this user with this exact amount and currency in 24 hours, this one
    /// included (0: no user or no amount).
    pub same_amount_24h: u32,
    /// The order's amount in USD (`None`: unknown currency or no amount).
    pub amount_usd: Option<f64>,
    /// How the device's beacon contradicts the device the order's `User-Agent` claims
    /// (`fingerprint::device_consistency`; `None`: consistent, or no beacon). The
    /// `[risk.rules] device_inconsistent` rule reads it; absent in older lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_inconsistent: Option<crate::fingerprint::Inconsistency>,
    /// What changed under this order's valid device cookie since it was first seen
    /// (`fingerprint::ContinuityStore`; `None`: nothing, or a new device). The
    /// `[risk.rules] device_replayed` rule reads it; absent in older lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_replayed: Option<crate::fingerprint::TraitChange>,
    /// The beacon is one of a browser that looks the same for every user by design
    /// (Firefox `resistFingerprinting`: Tor and Mullvad Browser; see
    /// `fingerprint::Beacon::uniform_by_design`): the per-fingerprint counts are capped at
    /// 1 and `tz_mismatch` is off, since strangers share its fingerprint and its clock.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uniform_fingerprint: bool,
    /// Cross-account linkage counts ([`super::linkage`]); absent in older lines and when
    /// nothing was counted.
    #[serde(default, skip_serializing_if = "LinkageFacts::is_empty")]
    pub linkage: LinkageFacts,
    /// The order came from a satellite, in-flight or maritime network
    /// (`[risk.signals] satellite_asns`): its country is the operator's gateway, so the
    /// language and time zone are not compared with it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub satellite: bool,
    /// The order came through an enterprise secure web gateway or SASE network
    /// (`[risk.signals] gateway_asns`): its country is the vendor's point of presence,
    /// so the language and time zone are not compared with it, and the basket cap is
    /// `[risk.rules] max_quantity_trusted` (a company's tenant, not a reseller).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gateway: bool,
    /// The order came without a device cookie and without a beacon of its own, and
    /// inherited the one beacon its client (address and `User-Agent`) posted without a
    /// cookie in the last 30 minutes (`[risk.signals] beacon_via_client`,
    /// [`super::client_beacon`]): its `device_inconsistent` is that beacon's verdict.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub beacon_via_client: bool,
    /// Fewer than one in ten of this edge's recent orders carried a valid device cookie
    /// ([`super::cookie_share`]): the order route does not see the cookie (another host,
    /// a widget on another site, an app), so `cookieless_order` does not fire. Absent in
    /// older lines and when cookies are common.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cookies_rare: bool,
    /// The order's quantity (`spending_spree`'s basket cap). Not logged: the line's
    /// `quantity` feature carries it, and replay reads it from there.
    #[serde(skip)]
    pub quantity: u32,
}

impl SignalFacts {
    /// These facts for a browser whose fingerprint and time zone are uniform by design:
    /// its users and networks per fingerprint say nothing about who shares it (a farm
    /// cannot be told from strangers running the same build), nor its UTC clock about
    /// where it is.
    pub fn uniform(self) -> SignalFacts {
        SignalFacts {
            users_per_fingerprint_24h: self.users_per_fingerprint_24h.min(1),
            networks_per_fingerprint_24h: self.networks_per_fingerprint_24h.min(1),
            tz_mismatch: false,
            uniform_fingerprint: true,
            ..self
        }
    }

    /// These facts for an order from a satellite, in-flight or maritime network: the
    /// address's country says nothing about where the buyer is, so neither does a clock
    /// that disagrees with it.
    pub fn satellite(self) -> SignalFacts {
        SignalFacts {
            satellite: true,
            ..self.elsewhere()
        }
    }

    /// These facts for an order through an enterprise secure web gateway (Zscaler,
    /// Netskope, Umbrella, ...): the address is the vendor's point of presence, which
    /// says as little about where the buyer is as a satellite gateway.
    pub fn gateway(self) -> SignalFacts {
        SignalFacts {
            gateway: true,
            ..self.elsewhere()
        }
    }

    /// The address's country is where the order's network hands traffic to the
    /// internet, not where the buyer is (`satellite`, `gateway`): the
    /// `country_lang_mismatch` input reads 0.
    pub fn country_is_egress(&self) -> bool {
        self.satellite || self.gateway
    }

    /// No clock disagrees with a country that is not the buyer's.
    fn elsewhere(self) -> SignalFacts {
        SignalFacts {
            tz_mismatch: false,
            ..self
        }
    }
}

/// The signal hits of `f` under `s`, in a fixed order; `review_rules` is how many
/// distinct review reasons `[risk.rules]` already gave the order (they count towards
/// `block_min_signals`). The linkage hits, `repeat_spend`, `network_hop` and `cookieless_order`
/// come last and are not counted towards it.
pub fn evaluate(f: &SignalFacts, s: &SignalSettings, review_rules: usize) -> Vec<RuleHit> {
    let mut hits = Vec::new();
    let review = |reason| RuleHit {
        reason,
        action: RuleAction::Review,
    };
    let established_device = f.device_age_secs.is_some_and(|a| a >= s.established_secs());
    if fingerprint_shared(f, s) {
        hits.push(review(SHARED_FINGERPRINT));
    }
    if let Some(min) = s.tz_mismatch_min_usd {
        if f.tz_mismatch && !established_device && f.amount_usd.is_some_and(|a| a >= min) {
            hits.push(review(TZ_MISMATCH));
        }
    }
    let brand_new = f.device_age_secs.is_none_or(|a| a <= BRAND_NEW_SECS);
    if s.new_device_for_user && f.user_established && brand_new && !f.beacon {
        hits.push(review(NEW_DEVICE_FOR_USER));
    }
    if let Some(n) = s.repeat_amount {
        if !f.user_established
            && f.same_amount_24h >= n
            && f.amount_usd.is_some_and(|a| a >= s.repeat_amount_min_usd)
        {
            hits.push(review(REPEAT_AMOUNT));
        }
    }
    if let Some(n) = s.block_min_signals {
        if !hits.is_empty() && (hits.len() + review_rules) as u64 >= u64::from(n) {
            hits.push(RuleHit {
                reason: SIGNALS_COMBINED,
                action: RuleAction::Block,
            });
        }
    }
    hits.extend(super::linkage::evaluate(&f.linkage, &s.linkage));
    if s.linkage.repeat_spend.is_some_and(|r| repeat_spend(f, r)) {
        hits.push(review(REPEAT_SPEND));
    }
    if s.linkage
        .network_hop_min_usd
        .is_some_and(|m| network_hop(f, m))
    {
        hits.push(review(NETWORK_HOP));
    }
    if s.cookieless_min_usd.is_some_and(|m| cookieless_order(f, m)) {
        hits.push(review(COOKIELESS_ORDER));
    }
    if let Some(sp) = s.linkage.spree {
        if spending_spree(f, sp, s.established_secs()) {
            hits.push(review(SPENDING_SPREE));
        }
    }
    if s.quick_checkout.is_some_and(|q| quick_checkout(f, q)) {
        hits.push(review(QUICK_CHECKOUT));
    }
    hits
}

/// True when `f` is an order of at least `q.min_usd` whose device cookie is younger than
/// its window (`q.secs`, growing with the amount up to `q.max_secs`), not through an
/// enterprise gateway (module docs).
fn quick_checkout(f: &SignalFacts, q: crate::config::QuickCheckout) -> bool {
    let Some(amount) = f.amount_usd.filter(|a| *a >= q.min_usd) else {
        return false;
    };
    !f.gateway && f.device_age_secs.is_some_and(|a| a < q.window_secs(amount))
}

/// True when `f` is an account's spree on a device known for at least `established_secs`
/// (module docs): its second or later order of the hour of at least `repeat_spend`'s
/// amount (the count `high_orders_per_user_1h`), this one of at least `sp.min_usd`, a
/// basket of at most `sp.max_quantity`, every order to the one mailbox, not all at one
/// amount, not through an enterprise gateway.
fn spending_spree(f: &SignalFacts, sp: crate::config::Spree, established_secs: u64) -> bool {
    let l = &f.linkage;
    !f.gateway
        && f.device_age_secs.is_some_and(|a| a >= established_secs)
        && f.quantity <= sp.max_quantity
        && l.high_orders_per_user_1h >= 2
        && l.mailboxes_per_user_1h == 1
        && f.same_amount_24h < l.orders_per_user_1h
        && f.amount_usd.is_some_and(|a| a >= f64::from(sp.min_usd))
}

/// True when `f` is an order of at least `min_usd` whose client presented no device
/// cookie (module docs).
fn cookieless_order(f: &SignalFacts, min_usd: f64) -> bool {
    f.device_age_secs.is_none() && !f.cookies_rare && f.amount_usd.is_some_and(|a| a >= min_usd)
}

/// True when `f` is a young account's orders hopping networks, this one of at least
/// `min_usd` (module docs).
fn network_hop(f: &SignalFacts, min_usd: u32) -> bool {
    let l = &f.linkage;
    !f.user_established
        && !f.country_is_egress()
        && f.device_age_secs.is_none_or(|a| a <= BRAND_NEW_SECS)
        && l.orders_per_user_1h >= 2
        && l.networks_per_user_1h >= 2
        && (l.asns_per_user_1h >= 2 || l.ip_families_per_user_1h <= 1)
        && (l.devices_per_user_1h == 1 || l.mailboxes_per_user_1h == 1)
        && f.amount_usd.is_some_and(|a| a >= f64::from(min_usd))
}

/// True when `f` is a young account's repeated spending under `r` (module docs).
fn repeat_spend(f: &SignalFacts, r: crate::config::RepeatSpend) -> bool {
    let l = &f.linkage;
    !f.user_established
        && !f.gateway
        && f.device_age_secs.is_none_or(|a| a <= r.device_secs)
        && l.high_orders_per_user_1h >= 2
        && l.mailboxes_per_user_1h == 1
        && f.same_amount_24h < l.orders_per_user_1h
        && f.amount_usd.is_some_and(|a| a >= f64::from(r.min_usd))
}

fn fingerprint_shared(f: &SignalFacts, s: &SignalSettings) -> bool {
    s.max_users_per_fingerprint.is_some_and(|m| {
        f.users_per_fingerprint_24h > m
            && f.networks_per_fingerprint_24h >= s.fingerprint_min_networks.max(1)
    })
}

/// [`evaluate`] after the `[risk.rules]` hits `rule_hits`: their distinct review reasons
/// count towards `block_min_signals`, except that device sharing is ONE piece of evidence
/// (a gaming cafe's disk image or a family computer shows it honestly), so a
/// `shared_device` rule hit and the `shared_fingerprint` signal count once together.
pub fn evaluate_after_rules(
    f: &SignalFacts,
    s: &SignalSettings,
    rule_hits: &[RuleHit],
) -> Vec<RuleHit> {
    let mut review_rules = review_rule_count(rule_hits);
    let shared_device = rule_hits
        .iter()
        .any(|h| h.action == RuleAction::Review && h.reason == Reason::SharedDevice);
    if shared_device && fingerprint_shared(f, s) {
        review_rules = review_rules.saturating_sub(1);
    }
    evaluate(f, s, review_rules)
}

/// The distinct review reasons among `[risk.rules]` hits (for `block_min_signals`).
pub fn review_rule_count(hits: &[RuleHit]) -> usize {
    let mut seen: Vec<Reason> = Vec::new();
    for h in hits.iter().filter(|h| h.action == RuleAction::Review) {
        if !seen.contains(&h.reason) {
            seen.push(h.reason);
        }
    }
    seen.len()
}

/// UTC offsets (minutes, DST included) a country's clocks use: `(min, max)`. Countries
/// not listed are never a mismatch. Offsets between `min` and `max` all count as plausible
/// (a coarse check: it catches a browser on another continent, not a neighbour).
const TZ_RANGES: &[(&str, i16, i16)] = &[
    ("AE", 240, 240),
    ("AR", -180, -180),
    ("AT", 60, 120),
    ("AU", 480, 660),
    ("BE", 60, 120),
    ("BG", 120, 180),
    ("BR", -300, -120),
    ("CA", -480, -150),
    ("CH", 60, 120),
    ("CL", -360, -180),
    ("CN", 480, 480),
    ("CO", -300, -300),
    ("CZ", 60, 120),
    ("DE", 60, 120),
    ("DK", 60, 120),
    ("EG", 120, 180),
    ("ES", 0, 120),
    ("FI", 120, 180),
    ("FR", 60, 120),
    ("GB", 0, 60),
    ("GR", 120, 180),
    ("HK", 480, 480),
    ("HU", 60, 120),
    ("ID", 420, 540),
    ("IE", 0, 60),
    ("IL", 120, 180),
    ("IN", 330, 330),
    ("IT", 60, 120),
    ("JP", 540, 540),
    ("KR", 540, 540),
    ("MX", -480, -300),
    ("MY", 480, 480),
    ("NG", 60, 60),
    ("NL", 60, 120),
    ("NO", 60, 120),
    ("NZ", 720, 780),
    ("PH", 480, 480),
    ("PK", 300, 300),
    ("PL", 60, 120),
    ("PT", -60, 60),
    ("RO", 120, 180),
    ("RU", 120, 720),
    ("SA", 180, 180),
    ("SE", 60, 120),
    ("SG", 480, 480),
    ("TH", 420, 420),
    ("TR", 180, 180),
    ("TW", 480, 480),
    ("UA", 120, 180),
    ("US", -600, -240),
    ("VN", 420, 420),
    ("ZA", 120, 120),
];

/// True when `offset_minutes` (local time minus UTC) is not one `country` uses; false for
/// countries without an entry.
pub fn tz_mismatch(country: &str, offset_minutes: i16) -> bool {
    TZ_RANGES
        .binary_search_by(|(c, _, _)| (*c).cmp(country))
        .ok()
        .map(|i| TZ_RANGES[i])
        .is_some_and(|(_, lo, hi)| offset_minutes < lo || offset_minutes > hi)
}

/// What [`SignalTracker::observe`] needs to know about an order.
#[derive(Debug, Clone, Copy)]
pub struct SignalInput<'a> {
    /// Client IP.
    pub ip: IpAddr,
    /// Geo facts of the IP.
    pub geo: GeoFacts,
    /// Shop user key.
    pub user: Option<&'a str>,
    /// Region of the first Accept-Language tag (`de-DE` → `DE`), when it has one.
    pub lang_region: Option<[u8; 2]>,
    /// Beacon fingerprint hash and time zone offset, when the device posted a beacon.
    pub beacon: Option<(u64, i16)>,
    /// Device cookie age in seconds (`None`: issued on this order).
    pub device_age_secs: Option<u64>,
    /// Amount in minor units and currency.
    pub amount: Option<(i64, &'a str)>,
    /// The amount in USD.
    pub amount_usd: Option<f64>,
    /// Delivery email (for `shared_mailbox`).
    pub email: Option<&'a str>,
    /// The request's `User-Agent` (with `ip`, the client of `cookieless_spread`).
    pub user_agent: &'a [u8],
    /// The request's HTTP fingerprint (`rgfp1`): the device key of `account_spread` when
    /// the device posted no beacon.
    pub http_fingerprint: Option<u64>,
}

/// Record tags inside [`Scope::Velocity`] (velocity uses 1–5).
#[derive(Debug, Clone, Copy)]
#[repr(u32)]
enum Tag {
    Fingerprint = 32,
    User = 33,
    UserAmount = 34,
}

const FP_USERS: u8 = 0;
const FP_NETWORKS: u8 = 1;
const USER_ESTABLISHED: u8 = 0;
const AMOUNT_ORDERS: u8 = 0;

/// Keeps the signals' windowed counts; one per process (shares the velocity backend).
pub struct SignalTracker {
    state: Arc<dyn StateBackend>,
    hasher: KeyHasher,
}

impl std::fmt::Debug for SignalTracker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignalTracker").finish_non_exhaustive()
    }
}

impl SignalTracker {
    /// A tracker over `state`; called once at start.
    pub fn new(state: Arc<dyn StateBackend>) -> Self {
        SignalTracker {
            state,
            hasher: KeyHasher::new(),
        }
    }

    /// A tracker over `state` hashing with `hasher` (fleet mode: the fleet-wide stable
    /// hasher, so every edge names one fingerprint's or user's records alike).
    pub fn with_hasher(state: Arc<dyn StateBackend>, hasher: KeyHasher) -> Self {
        SignalTracker { state, hasher }
    }

    /// Counts an order (`count`) or only reads (a refused order's log line) and returns
    /// its facts. Five record lookups at most (two of them the linkage signals', when
    /// on); allocation-free but for a Gmail or tagged mailbox's canonical form.
    pub fn observe(
        &self,
        o: &SignalInput<'_>,
        s: &SignalSettings,
        count: bool,
        now_ms: u64,
    ) -> SignalFacts {
        let day = Window::sliding(DAY);
        let mut out = [0u64; 2];
        let user = o.user.map(|u| self.hasher.hash_str(IdKind::User, u));
        let mut f = SignalFacts {
            beacon: o.beacon.is_some(),
            device_age_secs: o.device_age_secs,
            amount_usd: o.amount_usd,
            ..SignalFacts::default()
        };
        if let Some((hash, offset)) = o.beacon {
            // A browser whose language names the region its clock is in is a traveller,
            // a VPN user or a carrier that geolocates abroad, not a spoofed location.
            let lang_explains = o
                .lang_region
                .and_then(|r| {
                    std::str::from_utf8(&r)
                        .ok()
                        .map(|r| !tz_mismatch(r, offset))
                })
                .unwrap_or(false);
            f.tz_mismatch = !lang_explains
                && o.geo
                    .country
                    .as_ref()
                    .is_some_and(|c| tz_mismatch(c.as_str(), offset));
            let net = crate::limits::network_prefix(o.ip);
            let ops = [
                match user {
                    Some(u) if count => RecordOp::AddDistinct {
                        field: FP_USERS,
                        member: self.hasher.member(u),
                        window: day,
                    },
                    _ => RecordOp::CountDistinct {
                        field: FP_USERS,
                        window: day,
                    },
                },
                if count {
                    RecordOp::AddDistinct {
                        field: FP_NETWORKS,
                        member: self.hasher.member(net),
                        window: day,
                    }
                } else {
                    RecordOp::CountDistinct {
                        field: FP_NETWORKS,
                        window: day,
                    }
                },
            ];
            let key = StateKey::new(Scope::Velocity, Tag::Fingerprint as u32, u128::from(hash));
            self.state.record(key, &ops, now_ms, &mut out);
            f.users_per_fingerprint_24h = sat(out[0]);
            f.networks_per_fingerprint_24h = sat(out[1]);
        }
        if s.beacon_via_client && o.beacon.is_none() && o.device_age_secs.is_none() {
            let client = super::linkage::page_client(&self.hasher, o.ip, o.user_agent);
            let got = super::client_beacon::inherit(self.state.as_ref(), client, now_ms);
            f.beacon_via_client = got.beacon;
            f.device_inconsistent = got.inconsistency;
        }
        let Some(user) = user else {
            return f;
        };
        let established_device = o.device_age_secs.is_some_and(|a| a >= s.established_secs());
        let window = Window::sliding(ESTABLISHED_WINDOW);
        let op = if count && established_device {
            RecordOp::Incr {
                field: USER_ESTABLISHED,
                window,
            }
        } else {
            RecordOp::Get {
                field: USER_ESTABLISHED,
                window,
            }
        };
        let key = StateKey::new(Scope::Velocity, Tag::User as u32, user);
        self.state.record(key, &[op], now_ms, &mut out);
        f.user_established = out[0] > 0;
        let linkage = LinkageInput {
            user,
            network: crate::limits::network_prefix(o.ip),
            asn: o.geo.asn,
            ipv6: matches!(o.ip.to_canonical(), IpAddr::V6(_)),
            email: o.email,
            cookieless: o.device_age_secs.is_none() && o.beacon.is_none(),
            client: super::linkage::page_client(&self.hasher, o.ip, o.user_agent),
            amount: o.amount,
            amount_usd: o.amount_usd,
            // The account's own known devices are not spread: only a device younger
            // than `established_days` (or issued on this order) counts.
            device: super::linkage::device_key(
                &self.hasher,
                o.beacon.map(|(hash, _)| hash),
                o.http_fingerprint,
            )
            .filter(|_| !established_device),
        };
        f.linkage = super::linkage::observe(
            self.state.as_ref(),
            &self.hasher,
            &linkage,
            &s.linkage,
            count,
            now_ms,
        );
        if let Some((minor, currency)) = o.amount {
            let cur = self.hasher.hash_str(IdKind::Combined, currency);
            let id = self.hasher.combine(&[user, minor as u128, cur]);
            let op = if count {
                RecordOp::Incr {
                    field: AMOUNT_ORDERS,
                    window: day,
                }
            } else {
                RecordOp::Get {
                    field: AMOUNT_ORDERS,
                    window: day,
                }
            };
            let key = StateKey::new(Scope::Velocity, Tag::UserAmount as u32, id);
            self.state.record(key, &[op], now_ms, &mut out);
            f.same_amount_24h = sat(out[0]);
        }
        f
    }
}

impl SignalTracker {
    /// Notes an HTML page served from `ip` with `user_agent` to a client without a device
    /// cookie, for `cookieless_spread` (nothing when it is off).
    pub fn record_page(&self, ip: IpAddr, user_agent: &[u8], s: &SignalSettings, now_ms: u64) {
        if s.linkage.cookieless_spread.is_some() {
            let client = super::linkage::page_client(&self.hasher, ip, user_agent);
            super::linkage::record_page(self.state.as_ref(), client, now_ms);
        }
    }

    /// Notes a beacon posted from `ip` with `user_agent` without a valid device cookie
    /// (hash and consistency verdict), for `beacon_via_client` (nothing when it is off).
    pub fn record_client_beacon(
        &self,
        ip: IpAddr,
        user_agent: &[u8],
        hash: u64,
        verdict: Option<crate::fingerprint::Inconsistency>,
        s: &SignalSettings,
        now_ms: u64,
    ) {
        if s.beacon_via_client {
            let client = super::linkage::page_client(&self.hasher, ip, user_agent);
            super::client_beacon::record(self.state.as_ref(), client, hash, verdict, now_ms);
        }
    }
}

fn sat(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[path = "signals_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "signals_sharing_tests.rs"]
mod sharing_tests;
