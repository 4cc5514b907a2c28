//! How many of this edge's recent orders came back with the device cookie: the guard of
//! `cookieless_order` (`risk::signals`).
//!
//! `cookieless_order` reviews money from a client that presented no device cookie, which
//! means something only where browsers do send the cookie with their orders. Where they
//! cannot (the order route on another host than the pages that set the cookie, a
//! checkout widget posting from another site, a shop whose app posts every order), every
//! order is cookie-less and the signal would hold every basket above its amount. So each
//! edge keeps a moving share of its orders that carried a valid device cookie (about the
//! last 256 orders), starting at none; while fewer than one in ten did, the cookies are
//! *rare* here, the order's facts say so (`SignalFacts::cookies_rare`, logged) and the
//! signal does not fire. An honest shop's orders mostly carry the cookie (75-96 % in every
//! evaluation cell), so the signal is on after about 30 orders and stays on; a deployment
//! whose orders never carry it never turns it on, and the process warns once.
//!
//! An attacker cannot turn it off cheaply: from a share of 75 %, about 520 cookie-less
//! orders in a row (more than the shop's own in the same time) bring it under 10 %.
//! Per edge and in memory: no shared state, nothing to restore after a restart (the share
//! restarts at none and is back within about 30 orders).

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// Fixed-point one (the share is kept in 1/65536).
const ONE: u32 = 1 << 16;
/// The moving share's memory: each order weighs 1/2^`SHIFT` (256 orders).
const SHIFT: u32 = 8;
/// Below this share (10 %) cookies are rare on this edge.
const COMMON_FROM: u32 = ONE / 10;
/// Orders after which a share still under [`COMMON_FROM`] is worth a warning.
const WARN_AFTER: u64 = 256;

/// `s` less its weight's share, rounded so that it reaches 0.
fn decay(s: u32) -> u32 {
    s - s.div_ceil(1 << SHIFT)
}

/// The moving share of orders that carried a valid device cookie (see the module docs).
#[derive(Debug, Default)]
pub struct CookieShare {
    /// The share, in 1/65536.
    share: AtomicU32,
    /// Orders counted (saturating).
    orders: AtomicU64,
    /// The rare-cookie warning was logged.
    warned: AtomicBool,
}

impl CookieShare {
    /// A share of none (no order counted yet).
    pub fn new() -> Self {
        CookieShare::default()
    }

    /// Counts one order, which carried a valid device cookie or not, and returns whether
    /// cookies are rare on this edge now (this order included).
    pub fn observe(&self, with_cookie: bool) -> bool {
        let add = if with_cookie { ONE >> SHIFT } else { 0 };
        let prev = self
            .share
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |s| {
                Some(decay(s) + add)
            })
            .unwrap_or_else(|s| s);
        let _ = self
            .orders
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1));
        decay(prev) + add < COMMON_FROM
    }

    /// The share now, between 0 and 1.
    pub fn share(&self) -> f64 {
        f64::from(self.share.load(Ordering::Relaxed)) / f64::from(ONE)
    }

    /// True once, the first time it is asked after [`WARN_AFTER`] orders while cookies
    /// are rare: the caller logs that `cookieless_order` cannot fire on this edge.
    pub fn warn_once(&self) -> bool {
        self.orders.load(Ordering::Relaxed) >= WARN_AFTER
            && self.share.load(Ordering::Relaxed) < COMMON_FROM
            && !self.warned.swap(true, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &CookieShare, with_cookie: bool, n: usize) -> bool {
        let mut rare = false;
        for _ in 0..n {
            rare = s.observe(with_cookie);
        }
        rare
    }

    #[test]
    fn a_shop_whose_browsers_send_the_cookie_turns_it_on_within_thirty_orders() {
        let s = CookieShare::new();
        assert!(s.observe(true), "one order is not a share");
        // Three in four orders with a cookie, as the evaluation's busiest cookie-less cells.
        let mut first_common = None;
        for i in 1..200 {
            if !s.observe(i % 4 != 0) && first_common.is_none() {
                first_common = Some(i + 1);
            }
        }
        let n = first_common.expect("common within 200 orders");
        assert!((25..=45).contains(&n), "on after {n} orders");
        assert!(!run(&s, true, 1), "stays on");
        assert!(s.share() > 0.35, "{}", s.share());
    }

    #[test]
    fn a_route_that_never_sees_the_cookie_never_turns_it_on_and_warns_once() {
        let s = CookieShare::new();
        for _ in 0..WARN_AFTER - 1 {
            assert!(s.observe(false));
        }
        assert!(!s.warn_once(), "not before {WARN_AFTER} orders");
        assert!(s.observe(false));
        assert!(s.warn_once());
        assert!(!s.warn_once(), "once");
        assert_eq!(s.share(), 0.0);
    }

    #[test]
    fn a_flood_of_cookieless_orders_needs_hundreds_to_turn_it_off() {
        let s = CookieShare::new();
        for i in 0..2000 {
            s.observe(i % 4 != 0);
        }
        assert!((0.70..0.80).contains(&s.share()), "{}", s.share());
        let mut n = 0;
        while !s.observe(false) {
            n += 1;
        }
        assert!(n > 500, "off after {n} cookie-less orders in a row");
        // And the shop's own traffic turns it back on.
        assert!(!run(&s, true, 40));
    }

    #[test]
    fn the_share_never_leaves_zero_to_one() {
        let s = CookieShare::new();
        run(&s, true, 100_000);
        assert!(s.share() <= 1.0 && s.share() > 0.99, "{}", s.share());
        run(&s, false, 100_000);
        assert_eq!(s.share(), 0.0);
    }
}
