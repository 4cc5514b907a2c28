//! Token-bucket rate limits keyed by IP, device, user, route or any combination of them.
//!
//! Owns turning a rule and a request's identities into a bucket key and a
//! [`RateOutcome`]. Buckets live in the state backend (GCRA, memory-bounded, idle keys
//! expire). It does not choose which rules apply to a route (config does) and does not
//! answer the request (the proxy writes the 429 with `Retry-After`).

use crate::state::{ip_id, IdKind, KeyHasher, Rate, Scope, StateBackend, StateKey, TokenOutcome};
use std::fmt;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::ops::BitOr;
use std::sync::Arc;
use std::time::Duration;

/// Which identities a bucket is keyed by: a non-empty set of `IP`, `DEVICE`, `USER`,
/// `ROUTE`, combined with `|` (e.g. `RateScope::IP | RateScope::ROUTE`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateScope(u8);

impl RateScope {
    /// One bucket per client IP.
    pub const IP: RateScope = RateScope(1);
    /// One bucket per device id.
    pub const DEVICE: RateScope = RateScope(2);
    /// One bucket per shop user key.
    pub const USER: RateScope = RateScope(4);
    /// One bucket per route (all clients together), or per route when combined.
    pub const ROUTE: RateScope = RateScope(8);

    const PARTS: [(RateScope, &'static str); 4] = [
        (RateScope::IP, "ip"),
        (RateScope::DEVICE, "device"),
        (RateScope::USER, "user"),
        (RateScope::ROUTE, "route"),
    ];

    /// Returns true when every identity in `other` is part of this scope.
    pub const fn contains(self, other: RateScope) -> bool {
        self.0 & other.0 == other.0
    }

    /// Parses one part name (`ip`, `device`, `user`, `route`); config validation combines
    /// the parts of `scope = ["ip", "route"]` with `|`.
    pub fn from_part(name: &str) -> Option<RateScope> {
        Self::PARTS
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(s, _)| *s)
    }
}

impl BitOr for RateScope {
    type Output = RateScope;
    fn bitor(self, rhs: RateScope) -> RateScope {
        RateScope(self.0 | rhs.0)
    }
}

impl fmt::Debug for RateScope {
    /// Renders `ip+route` style names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (part, name) in Self::PARTS {
            if self.contains(part) {
                if !first {
                    f.write_str("+")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

/// One configured rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateRule {
    /// Unique id of the rule (its bucket namespace); stable across reloads so buckets
    /// survive them. Reported in [`RateOutcome::Limited`] for logs and metrics.
    pub id: u32,
    /// What the buckets are keyed by.
    pub scope: RateScope,
    /// Refill rate.
    pub rate: Rate,
    /// Bucket size: requests allowed at once from a full bucket.
    pub burst: NonZeroU32,
}

/// The identities of one request, as rate limits see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSubject<'a> {
    /// The client IP.
    pub ip: IpAddr,
    /// The device id, when the client has one.
    pub device: Option<&'a str>,
    /// The shop user key, when known at this point.
    pub user: Option<&'a str>,
    /// The matched route's index (stable id) in the route table.
    pub route: u32,
}

/// What a rate-limit check answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateOutcome {
    /// Under every limit (or no limit applied).
    Allowed,
    /// Over the limit of rule `rule`; retry after `retry_after`.
    Limited {
        /// The rule that refused.
        rule: u32,
        /// Time until that rule's bucket has a token again.
        retry_after: Duration,
    },
}

impl RateOutcome {
    /// Returns the `Retry-After` header value: whole seconds rounded up, at least 1;
    /// `None` when allowed.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            RateOutcome::Allowed => None,
            RateOutcome::Limited { retry_after, .. } => {
                let secs = retry_after.as_nanos().div_ceil(1_000_000_000);
                Some(u64::try_from(secs).unwrap_or(u64::MAX).max(1))
            }
        }
    }
}

/// Checks rate rules against a state backend. One per process, shared behind `Arc`.
pub struct RateLimiter {
    state: Arc<dyn StateBackend>,
    hasher: KeyHasher,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter").finish_non_exhaustive()
    }
}

impl RateLimiter {
    /// Builds a limiter over `state`; called once at start (rules are passed per call, so a
    /// config reload needs no new limiter).
    pub fn new(state: Arc<dyn StateBackend>) -> Self {
        RateLimiter {
            state,
            hasher: KeyHasher::new(),
        }
    }

    /// Creates a limiter hashing identities with `hasher` (the fleet-wide
    /// [`KeyHasher::stable`] when buckets live in a shared Redis).
    pub fn with_hasher(state: Arc<dyn StateBackend>, hasher: KeyHasher) -> Self {
        RateLimiter { state, hasher }
    }

    /// Returns the bucket key of `rule` for `subject`, or `None` when the subject lacks an
    /// identity the scope needs (e.g. a user-scoped rule on an anonymous request): such a
    /// rule does not apply to that request.
    pub fn key(&self, rule: &RateRule, subject: &RateSubject<'_>) -> Option<StateKey> {
        let mut parts = [0u128; 4];
        let mut n = 0;
        let mut push = |id: u128| {
            parts[n] = id;
            n += 1;
        };
        if rule.scope.contains(RateScope::IP) {
            push(ip_id(subject.ip));
        }
        if rule.scope.contains(RateScope::DEVICE) {
            push(self.hasher.device(subject.device?));
        }
        if rule.scope.contains(RateScope::USER) {
            push(self.hasher.hash_str(IdKind::User, subject.user?));
        }
        if rule.scope.contains(RateScope::ROUTE) {
            push(u128::from(subject.route));
        }
        let id = match n {
            0 => 0,
            1 => parts[0],
            _ => self.hasher.combine(&parts[..n]),
        };
        Some(StateKey::new(Scope::RateLimit, rule.id, id))
    }

    /// Takes a token for `rule` from the bucket `key` (from [`Self::key`]) at `now_ms`.
    pub fn check_key(&self, rule: &RateRule, key: StateKey, now_ms: u64) -> RateOutcome {
        match self.state.take_token(key, rule.rate, rule.burst, now_ms) {
            TokenOutcome::Allowed { .. } => RateOutcome::Allowed,
            TokenOutcome::Limited { retry_after } => RateOutcome::Limited {
                rule: rule.id,
                retry_after,
            },
        }
    }

    /// Checks one rule for a request: `Allowed` when it does not apply.
    pub fn check(&self, rule: &RateRule, subject: &RateSubject<'_>, now_ms: u64) -> RateOutcome {
        match self.key(rule, subject) {
            Some(key) => self.check_key(rule, key, now_ms),
            None => RateOutcome::Allowed,
        }
    }

    /// Checks every rule of a route (global rules first, then the route's); called once per
    /// request after the lists. Every applicable rule takes a token; when several refuse,
    /// the one with the longest wait is reported.
    pub fn check_all(
        &self,
        rules: &[RateRule],
        subject: &RateSubject<'_>,
        now_ms: u64,
    ) -> RateOutcome {
        let mut worst = RateOutcome::Allowed;
        for rule in rules {
            let outcome = self.check(rule, subject, now_ms);
            if let (
                RateOutcome::Limited {
                    retry_after: new, ..
                },
                cur,
            ) = (outcome, worst)
            {
                match cur {
                    RateOutcome::Limited { retry_after, .. } if retry_after >= new => {}
                    _ => worst = outcome,
                }
            }
        }
        worst
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Clock;
    use crate::state::{ManualClock, MemoryState, MemoryStateConfig};
    use std::num::NonZeroU64;

    fn nz(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    fn limiter() -> RateLimiter {
        let state = MemoryState::new(MemoryStateConfig {
            max_entries: NonZeroU64::new(10_000).unwrap(),
        });
        RateLimiter::new(Arc::new(state))
    }

    fn rule(id: u32, scope: RateScope, per_sec: u32, burst: u32) -> RateRule {
        RateRule {
            id,
            scope,
            rate: Rate::per_second(nz(per_sec)),
            burst: nz(burst),
        }
    }

    fn subject<'a>(ip: &str, device: Option<&'a str>, user: Option<&'a str>) -> RateSubject<'a> {
        RateSubject {
            ip: ip.parse().unwrap(),
            device,
            user,
            route: 3,
        }
    }

    #[test]
    fn bucket_refills_and_reports_retry_after() {
        let rl = limiter();
        let clock = ManualClock::new(1_700_000_000_000);
        let r = rule(1, RateScope::IP, 1, 2); // 1 token/s, burst 2
        let s = subject("192.0.2.1", None, None);
        assert_eq!(rl.check(&r, &s, clock.now_ms()), RateOutcome::Allowed);
        assert_eq!(rl.check(&r, &s, clock.now_ms()), RateOutcome::Allowed);
        let limited = rl.check(&r, &s, clock.now_ms());
        assert_eq!(
            limited,
            RateOutcome::Limited {
                rule: 1,
                retry_after: Duration::from_secs(1)
            }
        );
        assert_eq!(limited.retry_after_secs(), Some(1));
        clock.advance(Duration::from_millis(400));
        let limited = rl.check(&r, &s, clock.now_ms());
        assert_eq!(
            limited,
            RateOutcome::Limited {
                rule: 1,
                retry_after: Duration::from_millis(600)
            }
        );
        assert_eq!(
            limited.retry_after_secs(),
            Some(1),
            "rounded up, at least 1"
        );
        clock.advance(Duration::from_millis(600));
        assert_eq!(rl.check(&r, &s, clock.now_ms()), RateOutcome::Allowed);
        assert!(matches!(
            rl.check(&r, &s, clock.now_ms()),
            RateOutcome::Limited { .. }
        ));
    }

    #[test]
    fn retry_after_secs_rounds_up() {
        let cases = [(1, 1), (999, 1), (1000, 1), (1001, 2), (2500, 3)];
        for (ms, secs) in cases {
            let o = RateOutcome::Limited {
                rule: 0,
                retry_after: Duration::from_millis(ms),
            };
            assert_eq!(o.retry_after_secs(), Some(secs), "{ms} ms");
        }
        assert_eq!(RateOutcome::Allowed.retry_after_secs(), None);
    }

    #[test]
    fn scopes_key_buckets_by_their_identities() {
        let rl = limiter();
        let now = 1_700_000_000_000;
        let by_ip = rule(1, RateScope::IP, 1, 1);
        let by_ip_route = rule(2, RateScope::IP | RateScope::ROUTE, 1, 1);
        let by_user = rule(3, RateScope::USER, 1, 1);
        let a = subject("192.0.2.1", None, Some("alice"));
        let a_mapped = subject("::ffff:192.0.2.1", None, Some("bob"));
        let mut a_other_route = a;
        a_other_route.route = 4;
        assert_eq!(rl.check(&by_ip, &a, now), RateOutcome::Allowed);
        // The mapped form of the same IP shares the bucket.
        assert!(matches!(
            rl.check(&by_ip, &a_mapped, now),
            RateOutcome::Limited { .. }
        ));
        // ip+route buckets are per route.
        assert_eq!(rl.check(&by_ip_route, &a, now), RateOutcome::Allowed);
        assert_eq!(
            rl.check(&by_ip_route, &a_other_route, now),
            RateOutcome::Allowed
        );
        assert!(matches!(
            rl.check(&by_ip_route, &a, now),
            RateOutcome::Limited { .. }
        ));
        // User buckets are per user; anonymous requests are not user-limited.
        assert_eq!(rl.check(&by_user, &a, now), RateOutcome::Allowed);
        assert_eq!(rl.check(&by_user, &a_mapped, now), RateOutcome::Allowed);
        let anon = subject("192.0.2.9", None, None);
        for _ in 0..3 {
            assert_eq!(rl.check(&by_user, &anon, now), RateOutcome::Allowed);
        }
    }

    #[test]
    fn check_all_reports_the_longest_wait() {
        let rl = limiter();
        let now = 1_700_000_000_000;
        let rules = [
            rule(1, RateScope::IP, 1, 1),
            RateRule {
                id: 2,
                scope: RateScope::DEVICE,
                rate: Rate::new(nz(1), Duration::from_secs(60)).unwrap(),
                burst: nz(1),
            },
        ];
        let s = subject("192.0.2.1", Some("0123456789abcdef0123456789abcdef"), None);
        assert_eq!(rl.check_all(&rules, &s, now), RateOutcome::Allowed);
        assert_eq!(
            rl.check_all(&rules, &s, now),
            RateOutcome::Limited {
                rule: 2,
                retry_after: Duration::from_secs(60)
            }
        );
    }

    #[test]
    fn scope_parts_parse_and_render() {
        let s = RateScope::from_part("ip").unwrap() | RateScope::from_part("route").unwrap();
        assert_eq!(format!("{s:?}"), "ip+route");
        assert!(s.contains(RateScope::IP) && !s.contains(RateScope::USER));
        assert_eq!(RateScope::from_part("country"), None);
    }
}
