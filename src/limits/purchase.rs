//! Purchase limits: at most N allowed orders per user, device or IP per calendar day (at a
//! fixed UTC offset) or per rolling window, as configured per order route.
//!
//! Owns the order counters and the `daily_limit_*` hits. Only *allowed* orders count: the
//! pipeline checks before deciding and records after an allow, so a refused order never
//! uses up the allowance. It does not know amounts or products (a per-product cap would be
//! a new counter tag here).

use super::OrderIdentity;
use crate::state::{ip_id, IdKind, KeyHasher, Scope, StateBackend, StateKey, Window};
use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// The identity a purchase limit counts orders of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PurchaseScope {
    /// The client IP.
    Ip,
    /// The device id.
    Device,
    /// The shop user key.
    User,
}

/// The period purchase counts are kept over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PurchaseWindow {
    /// The shop's calendar day: from local midnight at the fixed UTC offset given to
    /// [`PurchaseLimits::new`]. No DST database: zones with daylight saving must update the
    /// offset when it changes.
    Day,
    /// The last `Duration` (sliding, 1/12-window resolution).
    Rolling(Duration),
}

/// One purchase limit of an order route: at most `max` allowed orders per `scope` identity
/// per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseRule {
    /// Whose orders are counted.
    pub scope: PurchaseScope,
    /// Allowed orders per window.
    pub max: NonZeroU32,
    /// The window.
    pub window: PurchaseWindow,
    /// Reaching `max` holds the order for review instead of refusing it (a family's
    /// sixth gift card); a block rule on the same counter is the hard cap.
    pub review: bool,
}

/// Which limit was reached; `as_str` is the reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitReason {
    /// `daily_limit_user`.
    DailyLimitUser,
    /// `daily_limit_device`.
    DailyLimitDevice,
    /// `daily_limit_ip`.
    DailyLimitIp,
}

impl LimitReason {
    /// Returns the stable reason code (also used for rolling windows).
    pub fn as_str(self) -> &'static str {
        match self {
            LimitReason::DailyLimitUser => "daily_limit_user",
            LimitReason::DailyLimitDevice => "daily_limit_device",
            LimitReason::DailyLimitIp => "daily_limit_ip",
        }
    }
}

/// A refused order: the identity already placed `count` orders, the limit is `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitHit {
    /// Which limit.
    pub reason: LimitReason,
    /// Orders already recorded in the window.
    pub count: u64,
    /// The configured limit.
    pub limit: u32,
}

/// Checks and records purchase counts. One per process, shared behind `Arc`; rules are
/// passed per call, so routes can differ and a reload needs no rebuild.
///
/// Counters are keyed by (scope, window, identity), not by route: two routes limiting
/// "orders per user per day" share one count, each applying its own `max`.
pub struct PurchaseLimits {
    day: Window,
    state: Arc<dyn StateBackend>,
    hasher: KeyHasher,
}

impl fmt::Debug for PurchaseLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PurchaseLimits")
            .field("day", &self.day)
            .finish_non_exhaustive()
    }
}

impl PurchaseLimits {
    /// Builds the limits over `state` with the shop's calendar day starting at local
    /// midnight of `day_utc_offset_minutes` (east positive, e.g. 480 = UTC+8); called once
    /// at start.
    pub fn new(state: Arc<dyn StateBackend>, day_utc_offset_minutes: i32) -> Self {
        PurchaseLimits {
            day: Window::calendar_day(day_utc_offset_minutes),
            state,
            hasher: KeyHasher::new(),
        }
    }

    /// Like [`PurchaseLimits::new`] with identities hashed by `hasher` (the fleet-wide
    /// [`KeyHasher::stable`] when counters live in a shared Redis).
    pub fn with_hasher(
        state: Arc<dyn StateBackend>,
        day_utc_offset_minutes: i32,
        hasher: KeyHasher,
    ) -> Self {
        PurchaseLimits {
            day: Window::calendar_day(day_utc_offset_minutes),
            state,
            hasher,
        }
    }

    /// Returns a copy with another day offset that shares state and identity hashing; called
    /// on reload when the offset changed (day counts then restart, rolling ones are kept).
    pub fn with_day_offset(&self, day_utc_offset_minutes: i32) -> Self {
        PurchaseLimits {
            day: Window::calendar_day(day_utc_offset_minutes),
            state: self.state.clone(),
            hasher: self.hasher.clone(),
        }
    }

    /// Returns the counter key and window of `rule` for `id` (also what a shared backend
    /// counts), or `None` when the order lacks
    /// the identity (an anonymous order is not user-limited).
    pub fn counter(
        &self,
        rule: &PurchaseRule,
        id: &OrderIdentity<'_>,
    ) -> Option<(StateKey, Window)> {
        let (code, ident) = match rule.scope {
            PurchaseScope::User => (1, self.hasher.hash_str(IdKind::User, id.user?)),
            PurchaseScope::Device => (2, self.hasher.device(id.device?)),
            PurchaseScope::Ip => (3, ip_id(id.ip)),
        };
        let (window_code, window) = match rule.window {
            PurchaseWindow::Day => (0, self.day),
            PurchaseWindow::Rolling(d) => {
                let secs = u32::try_from(d.as_secs()).unwrap_or(u32::MAX);
                (secs.clamp(1, (1 << 28) - 1), Window::sliding(d))
            }
        };
        let tag = (code << 28) | window_code;
        Some((StateKey::new(Scope::Purchase, tag, ident), window))
    }

    /// Returns the first rule (in the given order) that one more order would exceed at
    /// `now_ms` — a refusing rule before any review rule — or `None` when the order may
    /// proceed. Counts nothing; called before the decision.
    pub fn check_purchase(
        &self,
        rules: &[PurchaseRule],
        id: &OrderIdentity<'_>,
        now_ms: u64,
    ) -> Option<LimitHit> {
        self.check_with_review(rules, id, now_ms).map(|(h, _)| h)
    }

    /// [`PurchaseLimits::check_purchase`] with whether the hit only asks for a review
    /// ([`PurchaseRule::review`]).
    pub fn check_with_review(
        &self,
        rules: &[PurchaseRule],
        id: &OrderIdentity<'_>,
        now_ms: u64,
    ) -> Option<(LimitHit, bool)> {
        let mut review = None;
        for rule in rules {
            let Some((key, window)) = self.counter(rule, id) else {
                continue;
            };
            let count = self.state.get_window(key, window, now_ms);
            match exceeded(rule, count) {
                Some((hit, false)) => return Some((hit, false)),
                Some(h) => review = review.or(Some(h)),
                None => {}
            }
        }
        review
    }

    /// Counts one allowed order against every rule's counter (once per distinct counter);
    /// called only for orders that were allowed and accepted upstream.
    pub fn record_purchase(&self, rules: &[PurchaseRule], id: &OrderIdentity<'_>, now_ms: u64) {
        for (i, rule) in rules.iter().enumerate() {
            let same_counter = |r: &PurchaseRule| r.scope == rule.scope && r.window == rule.window;
            if rules[..i].iter().any(same_counter) {
                continue;
            }
            if let Some((key, window)) = self.counter(rule, id) {
                self.state.incr_window(key, window, now_ms);
            }
        }
    }
}

/// The hit of `rule` when `count` orders are already recorded, `None` below its `max`
/// (shared with the fleet check in `crate::guards`).
/// The flag says the rule only asks for a review.
pub fn exceeded(rule: &PurchaseRule, count: u64) -> Option<(LimitHit, bool)> {
    (count >= u64::from(rule.max.get())).then_some((
        LimitHit {
            reason: reason_of(rule.scope),
            count,
            limit: rule.max.get(),
        },
        rule.review,
    ))
}

/// The reason code of a limit on `scope` (shared with the fleet check in `crate::guards`).
pub fn reason_of(scope: PurchaseScope) -> LimitReason {
    match scope {
        PurchaseScope::User => LimitReason::DailyLimitUser,
        PurchaseScope::Device => LimitReason::DailyLimitDevice,
        PurchaseScope::Ip => LimitReason::DailyLimitIp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Clock, ManualClock, MemoryState, MemoryStateConfig};
    use std::num::NonZeroU64;

    // 2023-11-14T16:00:00Z = 2023-11-15T00:00 at UTC+8.
    const MIDNIGHT_UTC8_MS: u64 = 1_699_977_600_000;
    const DEV: &str = "0123456789abcdef0123456789abcdef";

    fn limits(offset: i32) -> PurchaseLimits {
        let state = MemoryState::new(MemoryStateConfig {
            max_entries: NonZeroU64::new(1000).unwrap(),
        });
        PurchaseLimits::new(Arc::new(state), offset)
    }

    fn rule(scope: PurchaseScope, max: u32, window: PurchaseWindow) -> PurchaseRule {
        PurchaseRule {
            scope,
            max: NonZeroU32::new(max).unwrap(),
            window,
            review: false,
        }
    }

    fn order<'a>(ip: &str, device: Option<&'a str>, user: Option<&'a str>) -> OrderIdentity<'a> {
        OrderIdentity {
            ip: ip.parse().unwrap(),
            device,
            user,
            amount_minor: Some(1000),
            fingerprint: None,
            country: None,
            new_device: false,
            route: 0,
        }
    }

    /// Places an order the way the pipeline does: check, and record only when allowed.
    fn place(
        l: &PurchaseLimits,
        rules: &[PurchaseRule],
        id: &OrderIdentity<'_>,
        now: u64,
    ) -> Option<LimitHit> {
        let hit = l.check_purchase(rules, id, now);
        if hit.is_none() {
            l.record_purchase(rules, id, now);
        }
        hit
    }

    #[test]
    fn sixth_order_of_a_user_with_limit_five_is_refused() {
        let l = limits(0);
        let rules = [rule(PurchaseScope::User, 5, PurchaseWindow::Day)];
        let now = MIDNIGHT_UTC8_MS;
        for i in 0..5 {
            let ip = format!("192.0.2.{i}");
            let o = order(&ip, None, Some("alice"));
            assert_eq!(place(&l, &rules, &o, now), None, "order {i}");
        }
        let hit = place(&l, &rules, &order("198.51.100.1", None, Some("alice")), now);
        assert_eq!(
            hit,
            Some(LimitHit {
                reason: LimitReason::DailyLimitUser,
                count: 5,
                limit: 5
            })
        );
        assert_eq!(hit.map(|h| h.reason.as_str()), Some("daily_limit_user"));
        // Refused orders do not count; other users and anonymous orders are unaffected.
        let bob = order("192.0.2.1", None, Some("bob"));
        assert_eq!(l.check_purchase(&rules, &bob, now), None);
        let anon = order("192.0.2.1", None, None);
        assert_eq!(l.check_purchase(&rules, &anon, now), None);
    }

    #[test]
    fn day_rolls_over_at_the_configured_offset() {
        let l = limits(480);
        let rules = [rule(PurchaseScope::User, 1, PurchaseWindow::Day)];
        let clock = ManualClock::new(MIDNIGHT_UTC8_MS - 60_000); // 23:59 local
        let id = order("192.0.2.1", None, Some("alice"));
        assert_eq!(place(&l, &rules, &id, clock.now_ms()), None);
        assert!(place(&l, &rules, &id, clock.now_ms()).is_some());
        clock.advance(Duration::from_secs(59));
        assert!(
            place(&l, &rules, &id, clock.now_ms()).is_some(),
            "23:59:59 local"
        );
        clock.advance(Duration::from_secs(1));
        let fresh = place(&l, &rules, &id, clock.now_ms());
        assert_eq!(fresh, None, "local midnight: a new day");
        // At UTC+0 the same two instants fall on one day (16:00Z is not midnight).
        let utc = limits(0);
        assert_eq!(place(&utc, &rules, &id, MIDNIGHT_UTC8_MS - 60_000), None);
        assert!(place(&utc, &rules, &id, MIDNIGHT_UTC8_MS).is_some());
    }

    #[test]
    fn device_and_ip_limits_apply_in_rule_order() {
        let l = limits(0);
        let hour = PurchaseWindow::Rolling(Duration::from_secs(3600));
        let rules = [
            rule(PurchaseScope::Device, 2, hour),
            rule(PurchaseScope::Ip, 3, hour),
        ];
        let now = MIDNIGHT_UTC8_MS;
        assert_eq!(
            place(&l, &rules, &order("192.0.2.1", Some(DEV), None), now),
            None
        );
        assert_eq!(
            place(&l, &rules, &order("192.0.2.1", Some(DEV), None), now),
            None
        );
        let hit = place(&l, &rules, &order("192.0.2.2", Some(DEV), None), now).unwrap();
        assert_eq!(hit.reason, LimitReason::DailyLimitDevice);
        assert_eq!(
            place(&l, &rules, &order("192.0.2.1", None, None), now),
            None
        );
        let hit = place(&l, &rules, &order("::ffff:192.0.2.1", None, None), now).unwrap();
        assert_eq!(hit.reason, LimitReason::DailyLimitIp);
        // The rolling window forgets them an hour later.
        let later = now + 3_600_000;
        assert_eq!(
            place(&l, &rules, &order("192.0.2.1", Some(DEV), None), later),
            None
        );
    }

    #[test]
    fn routes_share_counters_and_duplicates_count_once() {
        let l = limits(0);
        let day = PurchaseWindow::Day;
        let route_a = [
            rule(PurchaseScope::User, 3, day),
            rule(PurchaseScope::User, 2, day),
        ];
        let route_b = [rule(PurchaseScope::User, 3, day)];
        let id = order("192.0.2.1", None, Some("alice"));
        let now = MIDNIGHT_UTC8_MS;
        assert_eq!(place(&l, &route_a, &id, now), None); // counted once, not twice
        assert_eq!(place(&l, &route_b, &id, now), None);
        assert_eq!(
            l.check_purchase(&route_a, &id, now).map(|h| h.limit),
            Some(2)
        );
        assert_eq!(l.check_purchase(&route_b, &id, now), None);
        assert_eq!(place(&l, &route_b, &id, now), None);
        assert_eq!(
            l.check_purchase(&route_b, &id, now).map(|h| h.count),
            Some(3)
        );
    }

    #[test]
    fn a_new_day_offset_keeps_rolling_counts() {
        let l = limits(0);
        let rolling = [rule(
            PurchaseScope::User,
            1,
            PurchaseWindow::Rolling(Duration::from_secs(600)),
        )];
        let id = order("192.0.2.1", None, Some("alice"));
        place(&l, &rolling, &id, MIDNIGHT_UTC8_MS);
        let moved = l.with_day_offset(60);
        assert!(moved
            .check_purchase(&rolling, &id, MIDNIGHT_UTC8_MS)
            .is_some());
    }

    #[test]
    fn a_refusing_limit_wins_over_a_review_limit_listed_before_it() {
        let l = limits(0);
        let review = PurchaseRule {
            review: true,
            ..rule(PurchaseScope::User, 1, PurchaseWindow::Day)
        };
        let device = rule(PurchaseScope::Device, 2, PurchaseWindow::Day);
        let rules = [review, device];
        let now = MIDNIGHT_UTC8_MS;
        let o = order("192.0.2.1", Some("d1"), Some("bob"));
        assert_eq!(l.check_with_review(&rules, &o, now), None);
        l.record_purchase(&rules, &o, now);
        // Over the user's review limit only: a review.
        let hit = l.check_with_review(&rules, &o, now).unwrap();
        assert_eq!((hit.0.reason, hit.1), (LimitReason::DailyLimitUser, true));
        l.record_purchase(&rules, &o, now);
        // The device's refusing limit is reached too: it decides.
        let hit = l.check_with_review(&rules, &o, now).unwrap();
        assert_eq!(
            (hit.0.reason, hit.1),
            (LimitReason::DailyLimitDevice, false)
        );
        assert_eq!(
            l.check_purchase(&rules, &o, now).map(|h| h.reason),
            Some(LimitReason::DailyLimitDevice)
        );
    }
}
