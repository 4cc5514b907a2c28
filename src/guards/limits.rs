//! The in-process rate and purchase limits, letting an order through (velocity), and
//! counting accepted orders.

use super::*;

impl Guards {
    /// The route's rate limits on the in-process buckets: `Some` when one refuses.
    pub(super) fn local_rate(
        &self,
        route: &RouteGuards,
        s: &Subject<'_>,
        now_ms: u64,
    ) -> Option<Verdict> {
        if route.rate.is_empty() {
            return None;
        }
        let outcome = self.rate.check_all(&route.rate, &rate_subject(s), now_ms);
        let RateOutcome::Limited { rule, .. } = outcome else {
            return None;
        };
        let idx = route.rate.iter().position(|r| r.id == rule).unwrap_or(0);
        Some(rate_verdict(
            route,
            idx,
            outcome.retry_after_secs().unwrap_or(1),
        ))
    }

    /// The route's purchase limits on the in-process counters: `Some` when one refuses.
    pub(super) fn local_purchase(
        &self,
        policy: &GuardPolicy,
        route: &RouteGuards,
        s: &Subject<'_>,
        now_ms: u64,
    ) -> Option<Verdict> {
        if route.purchase.is_empty() {
            return None;
        }
        policy
            .purchases
            .check_with_review(&route.purchase, &s.identity(), now_ms)
            .map(purchase_verdict)
    }

    /// Lets the order through, observing velocity on order routes.
    pub(super) fn pass(
        &self,
        policy: &GuardPolicy,
        route: &RouteGuards,
        s: &Subject<'_>,
        now_ms: u64,
    ) -> Verdict {
        let velocity = (route.order || !route.purchase.is_empty())
            .then(|| policy.velocity.observe_order(&s.identity(), now_ms));
        Verdict::Pass {
            allowlisted: false,
            velocity,
        }
    }

    /// Counts an order that went through: called when an order route's upstream answered
    /// 2xx, so refused or failed orders never use up a buyer's daily allowance.
    pub fn record_order(&self, policy: &GuardPolicy, s: &Subject<'_>) {
        let Some(route) = policy.routes.get(s.route as usize) else {
            return;
        };
        if route.purchase.is_empty() {
            return;
        }
        let id = s.identity();
        let now_ms = self.clock.now_ms();
        policy
            .purchases
            .record_purchase(&route.purchase, &id, now_ms);
        if let Some(fleet) = &self.fleet {
            let mut ops: Vec<FleetOp> = Vec::with_capacity(route.purchase.len());
            for rule in &route.purchase {
                if let Some((key, window)) = policy.purchases.counter(rule, &id) {
                    let op = FleetOp::Add { key, window };
                    if !ops.contains(&op) {
                        ops.push(op);
                    }
                }
            }
            fleet.spawn_run(ops, now_ms);
        }
    }
}

/// The refusal of rate rule `idx` of `route`.
pub(super) fn rate_verdict(route: &RouteGuards, idx: usize, retry_after_secs: u64) -> Verdict {
    Verdict::RateLimited {
        retry_after_secs,
        scope: route
            .rate_labels
            .get(idx)
            .cloned()
            .unwrap_or_else(|| "ip".into()),
    }
}

/// The refusal (or, with `review`, the hold) of a purchase-limit hit.
pub(super) fn purchase_verdict((hit, review): (crate::limits::LimitHit, bool)) -> Verdict {
    Verdict::PurchaseLimited {
        review,
        reason: hit.reason.into(),
        scope: match hit.reason {
            LimitReason::DailyLimitUser => "user",
            LimitReason::DailyLimitDevice => "device",
            LimitReason::DailyLimitIp => "ip",
        },
    }
}
