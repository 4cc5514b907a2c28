//! Per-identity guards that count: token-bucket rate limits, purchase (order-count) limits
//! and velocity signals for the model.
//!
//! Owns the meaning of the counters: which identities are counted, in which windows, and
//! what a limit hit is called (`rate_limited`, `daily_limit_*`). Storage lives behind
//! [`crate::state::StateBackend`], so a fleet backend swaps in without changing this code.
//! It does not decide anything: it returns outcomes and counts, and the risk pipeline turns
//! them into decisions and reasons. Block/allow lists are `crate::lists`.

mod purchase;
mod rate;
mod velocity;

pub use purchase::{
    exceeded as purchase_exceeded, reason_of as purchase_reason, LimitHit, LimitReason,
    PurchaseLimits, PurchaseRule, PurchaseScope, PurchaseWindow,
};
pub use rate::{RateLimiter, RateOutcome, RateRule, RateScope, RateSubject};
pub use velocity::{network_prefix, Velocity, VelocityConfig, VelocitySnapshot};

use std::net::IpAddr;

/// Who placed an order, as purchase limits and velocity see it.
///
/// Built by the order pipeline from request facts (client IP, device id cookie) and the
/// parsed order body (user key, amount); borrowed, so building it does not allocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderIdentity<'a> {
    /// The client IP (IPv4-mapped IPv6 is treated as IPv4).
    pub ip: IpAddr,
    /// The device id (normally 32 hex digits), when the client has one.
    pub device: Option<&'a str>,
    /// The shop's user key (case-sensitive), when the order names one.
    pub user: Option<&'a str>,
    /// The order amount in US cents (converted with `[risk.currency]`), when known; only
    /// velocity reads it (small-order counts).
    pub amount_minor: Option<u64>,
    /// The request's HTTP fingerprint (`rgfp1`), when known: with the network prefix it
    /// forms the cookie-independent client key of velocity.
    pub fingerprint: Option<u64>,
    /// The client IP's country, when known (distinct countries per user).
    pub country: Option<crate::geo::Country>,
    /// The device cookie was issued on this request: no history (route-wide small-order
    /// surge count).
    pub new_device: bool,
    /// Index of the order route (the surge count is per route).
    pub route: u32,
}
