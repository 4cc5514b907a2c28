//! Cross-account linkage (`[risk.linkage]`): evidence that only shows across orders of
//! different accounts, the way a digital-goods shop's fraud team links them.
//!
//! - `shared_mailbox`: one delivery mailbox receives the codes of more than
//!   `max_users_per_mailbox` distinct accounts in 24 hours. A reseller's mules and a
//!   promo or refund ring forward their codes to a few collector mailboxes; an honest
//!   buyer gifting to several people uses one account and many mailboxes, which does not
//!   count. The mailbox is canonical: lower case, without a `+tag`, and for Gmail without
//!   dots (`Hub.Name+3@googlemail.com` → `hubname@gmail.com`), the aliases a ring uses to
//!   look like many people. A household is not a ring: a parent whose children's accounts
//!   send their codes to the parent's mailbox orders from the home line, so up to
//!   `household_users_per_mailbox` accounts whose orders to the mailbox all came from one
//!   network (`/24`, IPv6 `/48`: `limits::network_prefix`) in 24 hours do not count.
//! - `cookieless_spread`: at least `cookieless_spread` distinct accounts order the same
//!   amount in the same currency within an hour from bare clients: no device history (the
//!   device cookie is issued on the order itself), no beacon, and no page view from the
//!   order's address with its `User-Agent` in the last 30 minutes. A checker script
//!   testing one card per account and per residential proxy posts straight to the order
//!   endpoint, slowly enough for every per-address and per-device limit; an honest buyer
//!   whose browser keeps no cookie still browses the shop first ([`record_page`] notes
//!   every HTML page served to a client without a device cookie). A shop app that sends
//!   no cookie and loads no page looks bare: give it its own route or a higher threshold.
//! - `account_spread`: one account orders from at least `account_spread` distinct devices
//!   *and* at least as many distinct networks within an hour. A bought or taken-over login
//!   worked by a team, or by one operator rotating anti-detect profiles and residential
//!   proxies, spreads across devices and addresses in minutes; a buyer with a new phone has
//!   two devices, a traveller one device on several networks, a family several devices on
//!   one home line. A device here is cookie-independent (the beacon hash when the device
//!   posted one, else the HTTP fingerprint), so a privacy browser that drops its cookie at
//!   every session is one device, not many; and only a device the shop has known for
//!   less than `established_days` counts (an order from the owner's own established
//!   device is neither counted nor reviewed by this signal).
//! - `small_amount_spread`: at least `small_amount_spread` distinct accounts order one
//!   amount and currency of at most `small_amount_max_usd` within 20 minutes from clients
//!   with no device history (the cookie is issued on the order). A card tester buys the
//!   lowest value the shop sells, one card per new account, browser session and proxy; a
//!   page view seconds before each order does not make the tester a buyer with history
//!   (unlike `cookieless_spread`, page views do not exempt: the cap on the amount and the
//!   one exact amount keep honest cookie-less buyers out of the count).
//!
//! All are **weak** evidence: each reviews the order by itself, never counts towards
//! `signals_combined` and never upholds a model block. [`evaluate`] is pure (replay calls
//! it with logged [`LinkageFacts`]); [`observe`] keeps the windowed distinct sets in the
//! state backend the signals use, so in fleet mode (`[state] backend = "redis"`) they ride
//! the order's Redis round trip like every other signal record (`state::FleetRecords`).

use super::decision::RuleHit;
use crate::config::RuleAction;
use crate::risk::Reason;
use crate::state::{ip_id, IdKind, KeyHasher, RecordOp, Scope, StateBackend, StateKey, Window};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::net::IpAddr;
use std::time::Duration;

/// Reason: one delivery mailbox for many accounts.
pub const SHARED_MAILBOX: Reason = Reason::SharedMailbox;
/// Reason: many accounts order one amount from clients with no device history.
pub const COOKIELESS_SPREAD: Reason = Reason::CookielessSpread;
/// Reason: one account ordered from many devices and networks within an hour.
pub const ACCOUNT_SPREAD: Reason = Reason::AccountSpread;
/// Reason: many accounts order one small amount from clients with no device history.
pub const SMALL_AMOUNT_SPREAD: Reason = Reason::SmallAmountSpread;

/// Window of the per-mailbox distinct accounts.
const DAY: Duration = Duration::from_secs(86_400);
/// Window of the cookie-less accounts per amount.
const HOUR: Duration = Duration::from_secs(3_600);
/// How long a page view makes a cookie-less client's orders a browsing buyer's.
const PAGE_WINDOW: Duration = Duration::from_secs(1_800);
/// Window of the per-amount accounts of `small_amount_spread`: a slow tester places one
/// order every one to three minutes, so 20 minutes holds several of them while an honest
/// buyer at the same small amount rarely meets four other new clients there.
const SMALL_WINDOW: Duration = Duration::from_secs(1_200);

pub use crate::config::{LinkageSettings, SmallAmountSpread};

/// What the linkage signals counted for one order; logged inside the signal facts
/// (`signals.linkage`), absent when both are 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinkageFacts {
    /// Distinct accounts whose orders went to this order's canonical delivery mailbox in
    /// 24 hours, this one included (0: no user or no email).
    #[serde(default)]
    pub users_per_mailbox_24h: u32,
    /// Distinct networks the orders to this mailbox came from in 24 hours, this one
    /// included (0: not counted, e.g. a line logged before this field existed).
    #[serde(default)]
    pub networks_per_mailbox_24h: u32,
    /// Distinct accounts ordering this amount and currency from a bare client (no device
    /// history, no beacon, no page view from its address and `User-Agent` in 30 minutes)
    /// in the last hour, this one included (0: not a bare client, no user or no amount).
    #[serde(default)]
    pub cookieless_users_per_amount_1h: u32,
    /// Distinct cookie-independent devices (beacon hash, else HTTP fingerprint) this
    /// order's account ordered from in the last hour, this one included (0: not counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub devices_per_user_1h: u32,
    /// Distinct networks (`/24`, IPv6 `/48`) this order's account ordered from in the last
    /// hour, this one included (0: not counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub networks_per_user_1h: u32,
    /// Distinct AS numbers (an address without one: its network) of those orders, this
    /// one's included (0: not counted: `network_hop` is off). Read by `network_hop`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub asns_per_user_1h: u32,
    /// Distinct IP families (IPv4, IPv6) of those orders, this one's included (0: not
    /// counted). Read by `network_hop`: one ISP's IPv4 and IPv6 networks are one line.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ip_families_per_user_1h: u32,
    /// Distinct accounts ordering this small amount and currency from a client with no
    /// device history in the last 20 minutes, this one included (0: not counted: a device
    /// with history, an amount above `small_amount_max_usd`, no user).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub small_amount_users_20m: u32,
    /// Orders of this account in the last hour, this one included (0: not counted: the
    /// gift waiver, `repeat_spend` and `network_hop` are off, or no user or no email).
    /// Read by [`super::gift`], `repeat_spend` and `network_hop` (`risk::signals`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub orders_per_user_1h: u32,
    /// Distinct canonical delivery mailboxes of those orders, this one's included.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mailboxes_per_user_1h: u32,
    /// Those orders of at least `repeat_spend_min_usd`, this one included when it is (0:
    /// not counted: `repeat_spend` is off). Read by `repeat_spend` (`risk::signals`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub high_orders_per_user_1h: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl LinkageFacts {
    /// True when nothing was counted (not logged).
    pub fn is_empty(&self) -> bool {
        *self == LinkageFacts::default()
    }
}

/// The linkage hits of `f` under `s` (reviews only), in a fixed order.
pub fn evaluate(f: &LinkageFacts, s: &LinkageSettings) -> Vec<RuleHit> {
    let mut hits = Vec::new();
    let review = |reason| RuleHit {
        reason,
        action: RuleAction::Review,
    };
    let users = f.users_per_mailbox_24h;
    let household = f.networks_per_mailbox_24h == 1
        && s.household_users_per_mailbox.is_some_and(|h| users <= h);
    if s.max_users_per_mailbox.is_some_and(|m| users > m) && !household {
        hits.push(review(SHARED_MAILBOX));
    }
    if s.cookieless_spread
        .is_some_and(|n| f.cookieless_users_per_amount_1h >= n)
    {
        hits.push(review(COOKIELESS_SPREAD));
    }
    if s.account_spread
        .is_some_and(|n| f.devices_per_user_1h >= n && f.networks_per_user_1h >= n)
    {
        hits.push(review(ACCOUNT_SPREAD));
    }
    if s.small_amount_spread
        .is_some_and(|sp| f.small_amount_users_20m >= sp.accounts)
    {
        hits.push(review(SMALL_AMOUNT_SPREAD));
    }
    hits
}

/// The canonical form of a delivery mailbox: lower case, the `+tag` of the local part
/// dropped, and for Gmail (`gmail.com`, `googlemail.com`) the dots dropped and the domain
/// unified. `None` for something that is not `local@domain`. Allocates only when the
/// address changes.
pub fn canonical_mailbox(email: &str) -> Option<Cow<'_, str>> {
    let email = email.trim();
    let (local, domain) = email.rsplit_once('@')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    let local = local.split_once('+').map_or(local, |(l, _)| l);
    if local.is_empty() {
        return None;
    }
    let gmail =
        domain.eq_ignore_ascii_case("gmail.com") || domain.eq_ignore_ascii_case("googlemail.com");
    if gmail {
        let local: String = local
            .chars()
            .filter(|c| *c != '.')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        return Some(Cow::Owned(format!("{local}@gmail.com")));
    }
    let untagged = local.len() + 1 + domain.len() == email.len();
    if untagged && !email.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(Cow::Borrowed(email));
    }
    Some(Cow::Owned(format!("{local}@{domain}").to_ascii_lowercase()))
}

/// What [`observe`] needs to know about an order.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkageInput<'a> {
    /// Shop user key (hashed).
    pub user: u128,
    /// The order's network (`limits::network_prefix`).
    pub network: u128,
    /// The AS number of the order's address, when the ASN database knows it.
    pub asn: Option<u32>,
    /// The order's address is IPv6 (not IPv4-mapped).
    pub ipv6: bool,
    /// Delivery email.
    pub email: Option<&'a str>,
    /// The order's client has no device history (cookie issued on this order) and posted
    /// no beacon.
    pub cookieless: bool,
    /// The client's address and `User-Agent` ([`page_client`]), for its page views.
    pub client: u128,
    /// Amount in minor units and currency.
    pub amount: Option<(i64, &'a str)>,
    /// The amount in USD (`small_amount_spread`'s cap).
    pub amount_usd: Option<f64>,
    /// The client's cookie-independent device key ([`device_key`]) when it has one and
    /// the device is not established (`account_spread` counts only young devices).
    pub device: Option<u128>,
}

/// The cookie-independent key of a device for `account_spread`: its beacon hash when it
/// posted a beacon, else its HTTP fingerprint (the two are tagged apart). A browser that
/// drops its cookie keeps both; `None` when neither is known.
pub fn device_key(hasher: &KeyHasher, beacon: Option<u64>, http: Option<u64>) -> Option<u128> {
    match (beacon, http) {
        (Some(b), _) => Some(hasher.combine(&[1, u128::from(b)])),
        (None, Some(h)) => Some(hasher.combine(&[2, u128::from(h)])),
        (None, None) => None,
    }
}

/// Record tags inside [`Scope::Velocity`] (velocity uses 1–5, signals 32–34).
#[derive(Debug, Clone, Copy)]
#[repr(u32)]
enum Tag {
    Mailbox = 35,
    CookielessAmount = 36,
    Page = 37,
    Account = 38,
    SmallAmount = 39,
    GiftUser = 41,
}

const USERS: u8 = 0;
const NETWORKS: u8 = 1;
const PAGES: u8 = 0;
const DEVICES: u8 = 0;
const ASNS: u8 = 2;
const FAMILIES: u8 = 3;
const GIFT_ORDERS: u8 = 0;
const GIFT_MAILBOXES: u8 = 1;
const HIGH_ORDERS: u8 = 2;

/// The id of a client by address and `User-Agent` (what a cookie-less browser keeps
/// between its page views and its order).
pub fn page_client(hasher: &KeyHasher, ip: IpAddr, user_agent: &[u8]) -> u128 {
    let ua = hasher.hash_str(
        IdKind::Combined,
        std::str::from_utf8(user_agent).unwrap_or(""),
    );
    hasher.combine(&[ip_id(ip), ua])
}

/// Notes an HTML page served to `client` without a device cookie (its orders in the next
/// 30 minutes are not bare). One record write.
pub fn record_page(state: &dyn StateBackend, client: u128, now_ms: u64) {
    let key = StateKey::new(Scope::Velocity, Tag::Page as u32, client);
    let op = RecordOp::Incr {
        field: PAGES,
        window: Window::sliding(PAGE_WINDOW),
    };
    state.record(key, &[op], now_ms, &mut [0]);
}

/// Counts an order (`count`) or only reads (a refused order) and returns its linkage
/// facts. At most six record lookups, none for a signal that is off.
pub fn observe(
    state: &dyn StateBackend,
    hasher: &KeyHasher,
    o: &LinkageInput<'_>,
    s: &LinkageSettings,
    count: bool,
    now_ms: u64,
) -> LinkageFacts {
    let mut f = LinkageFacts::default();
    let member = hasher.member(o.user);
    let distinct = |key: StateKey, window: Window| {
        let mut out = [0u64; 1];
        state.record(
            key,
            &[distinct_op(USERS, member, count, window)],
            now_ms,
            &mut out,
        );
        u32::try_from(out[0]).unwrap_or(u32::MAX)
    };
    let mailbox = o.email.and_then(canonical_mailbox);
    if let (Some(_), Some(mailbox)) = (s.max_users_per_mailbox, &mailbox) {
        let id = hasher.hash_str(IdKind::Combined, mailbox);
        let key = StateKey::new(Scope::Velocity, Tag::Mailbox as u32, id);
        let day = Window::sliding(DAY);
        let ops = [
            distinct_op(USERS, member, count, day),
            distinct_op(NETWORKS, hasher.member(o.network), count, day),
        ];
        let mut out = [0u64; 2];
        state.record(key, &ops, now_ms, &mut out);
        f.users_per_mailbox_24h = u32::try_from(out[0]).unwrap_or(u32::MAX);
        f.networks_per_mailbox_24h = u32::try_from(out[1]).unwrap_or(u32::MAX);
    }
    let per_account =
        s.gift.is_some() || s.repeat_spend.is_some() || s.network_hop_min_usd.is_some();
    if let (true, Some(mailbox)) = (per_account, &mailbox) {
        // The account's orders and their distinct mailboxes in the hour (the gift
        // waiver: every order of a gift sender goes to a mailbox of its own;
        // `repeat_spend` and `network_hop`: a cash-out sends them all to one).
        let key = StateKey::new(Scope::Velocity, Tag::GiftUser as u32, o.user);
        let hour = Window::sliding(HOUR);
        let id = hasher.hash_str(IdKind::Combined, mailbox);
        let counter = |field, counted: bool| {
            if counted {
                RecordOp::Incr {
                    field,
                    window: hour,
                }
            } else {
                RecordOp::Get {
                    field,
                    window: hour,
                }
            }
        };
        // `repeat_spend` adds a third counter, of the orders of at least its amount.
        let high = s
            .repeat_spend
            .map(|r| o.amount_usd.is_some_and(|usd| usd >= f64::from(r.min_usd)));
        let ops = [
            counter(GIFT_ORDERS, count),
            distinct_op(GIFT_MAILBOXES, hasher.member(id), count, hour),
            counter(HIGH_ORDERS, count && high == Some(true)),
        ];
        let n = if high.is_some() { 3 } else { 2 };
        let mut out = [0u64; 3];
        state.record(key, &ops[..n], now_ms, &mut out[..n]);
        f.orders_per_user_1h = u32::try_from(out[0]).unwrap_or(u32::MAX);
        f.mailboxes_per_user_1h = u32::try_from(out[1]).unwrap_or(u32::MAX);
        f.high_orders_per_user_1h = u32::try_from(out[2]).unwrap_or(u32::MAX);
    }
    // The account's devices and networks in the hour (`account_spread`; `network_hop`).
    let per_device = s.account_spread.is_some() || s.network_hop_min_usd.is_some();
    if let (true, Some(device)) = (per_device, o.device) {
        let key = StateKey::new(Scope::Velocity, Tag::Account as u32, o.user);
        let hour = Window::sliding(HOUR);
        // `network_hop` also counts the AS numbers and IP families, so that one ISP's
        // IPv4 and IPv6 networks (a dual-stack browser switching) are not a hop; the two
        // members are hashed only when it is on.
        let hop = s.network_hop_min_usd.is_some();
        let (carrier, family) = if hop {
            let carrier = o
                .asn
                .map_or(o.network, |asn| hasher.combine(&[3, u128::from(asn)]));
            (hasher.member(carrier), hasher.member(u128::from(o.ipv6)))
        } else {
            (0, 0)
        };
        let ops = [
            distinct_op(DEVICES, hasher.member(device), count, hour),
            distinct_op(NETWORKS, hasher.member(o.network), count, hour),
            distinct_op(ASNS, carrier, count, hour),
            distinct_op(FAMILIES, family, count, hour),
        ];
        let n = if hop { 4 } else { 2 };
        let mut out = [0u64; 4];
        state.record(key, &ops[..n], now_ms, &mut out[..n]);
        f.devices_per_user_1h = u32::try_from(out[0]).unwrap_or(u32::MAX);
        f.networks_per_user_1h = u32::try_from(out[1]).unwrap_or(u32::MAX);
        f.asns_per_user_1h = u32::try_from(out[2]).unwrap_or(u32::MAX);
        f.ip_families_per_user_1h = u32::try_from(out[3]).unwrap_or(u32::MAX);
    }
    let small =
        |sp: SmallAmountSpread| o.amount_usd.is_some_and(|usd| usd <= f64::from(sp.max_usd));
    if let (Some(true), true, Some((minor, currency))) =
        (s.small_amount_spread.map(small), o.cookieless, o.amount)
    {
        let cur = hasher.hash_str(IdKind::Combined, currency);
        let id = hasher.combine(&[minor as u128, cur]);
        let key = StateKey::new(Scope::Velocity, Tag::SmallAmount as u32, id);
        f.small_amount_users_20m = distinct(key, Window::sliding(SMALL_WINDOW));
    }
    let spread = s.cookieless_spread.is_some() && o.cookieless;
    if let (true, Some((minor, currency))) = (spread, o.amount) {
        // Whether the amount is counted depends on the page count read here.
        state.branch(true);
        if !browsed(state, o.client, now_ms) {
            let cur = hasher.hash_str(IdKind::Combined, currency);
            let id = hasher.combine(&[minor as u128, cur]);
            let key = StateKey::new(Scope::Velocity, Tag::CookielessAmount as u32, id);
            f.cookieless_users_per_amount_1h = distinct(key, Window::sliding(HOUR));
        }
        state.branch(false);
    }
    f
}

/// Adds `member` to a distinct set (`count`) or only counts it (a refused order).
fn distinct_op(field: u8, member: u64, count: bool, window: Window) -> RecordOp {
    if count {
        RecordOp::AddDistinct {
            field,
            member,
            window,
        }
    } else {
        RecordOp::CountDistinct { field, window }
    }
}

/// True when `client` was served a page in the last 30 minutes ([`record_page`]).
fn browsed(state: &dyn StateBackend, client: u128, now_ms: u64) -> bool {
    let key = StateKey::new(Scope::Velocity, Tag::Page as u32, client);
    let read = RecordOp::Get {
        field: PAGES,
        window: Window::sliding(PAGE_WINDOW),
    };
    let mut out = [0u64; 1];
    state.record(key, &[read], now_ms, &mut out);
    out[0] > 0
}

#[cfg(test)]
#[path = "linkage_tests.rs"]
mod tests;
