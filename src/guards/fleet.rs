//! Fleet mode (`[state] backend = "redis"`): one order's limit work planned as Redis
//! operations, sent in one round trip, and settled into a verdict (or the `on_error`
//! policy when Redis cannot answer).

use super::*;

/// What [`Guards::plan`] found.
#[derive(Debug)]
pub enum Plan {
    /// Decided without Redis.
    Decided(Verdict),
    /// The order's limits need the fleet backend: [`Guards::ask`], then [`Guards::settle`].
    Ask(FleetPlan),
}

/// One order's Redis work, owned so it can cross an await.
#[derive(Debug)]
pub struct FleetPlan {
    now_ms: u64,
    ops: Vec<FleetOp>,
    /// Index into the route's rate rules of each `Take` (they come first in `ops`).
    rate_rules: Vec<usize>,
    /// The purchase rule of each `Count` (after the takes).
    purchase_rules: Vec<PurchaseRule>,
}

impl Guards {
    /// Like [`Guards::check`], with rate and purchase limits decided by the fleet backend
    /// when there is one: one Redis round trip for all of the order's limits, at most
    /// `[state] timeout`; when Redis cannot answer, each guard kind follows its `on_error`.
    /// Without a fleet backend this is exactly `check`.
    pub async fn check_shared(&self, policy: &GuardPolicy, s: &Subject<'_>) -> Verdict {
        match self.plan(policy, s) {
            Plan::Decided(v) => v,
            Plan::Ask(p) => {
                let answers = self.ask(&p).await;
                self.settle(policy, s, &p, answers)
            }
        }
    }

    /// First half of [`Guards::check_shared`] for callers whose [`Subject`] cannot live
    /// across an await: decides what needs no Redis (lists; everything without a fleet
    /// backend) and otherwise returns the owned Redis work of the order.
    pub fn plan(&self, policy: &GuardPolicy, s: &Subject<'_>) -> Plan {
        if self.fleet.is_none() {
            return Plan::Decided(self.check(policy, s));
        }
        let now_ms = self.clock.now_ms();
        if let Some(v) = self.check_lists(s) {
            return Plan::Decided(v);
        }
        let Some(route) = policy.routes.get(s.route as usize) else {
            return Plan::Decided(Verdict::Pass {
                allowlisted: false,
                velocity: None,
            });
        };
        let subject = rate_subject(s);
        let id = s.identity();
        let mut p = FleetPlan {
            now_ms,
            ops: Vec::with_capacity(route.rate.len() + route.purchase.len()),
            rate_rules: Vec::with_capacity(route.rate.len()),
            purchase_rules: Vec::with_capacity(route.purchase.len()),
        };
        for (i, rule) in route.rate.iter().enumerate() {
            if let Some(key) = self.rate.key(rule, &subject) {
                p.ops.push(FleetOp::Take {
                    key,
                    rate: rule.rate,
                    burst: rule.burst,
                });
                p.rate_rules.push(i);
            }
        }
        for rule in &route.purchase {
            if let Some((key, window)) = policy.purchases.counter(rule, &id) {
                p.ops.push(FleetOp::Count { key, window });
                p.purchase_rules.push(*rule);
            }
        }
        if p.ops.is_empty() {
            return Plan::Decided(self.pass(policy, route, s, now_ms));
        }
        Plan::Ask(p)
    }

    /// Sends a plan's operations to the fleet backend (the only await of the guards).
    pub async fn ask(&self, p: &FleetPlan) -> Result<Vec<FleetAnswer>, StateFault> {
        match &self.fleet {
            Some(f) => f.run(&p.ops, p.now_ms).await,
            None => Err(StateFault::Error),
        }
    }

    /// Second half of [`Guards::check_shared`]: turns the fleet's answers (or its fault and
    /// the `on_error` policies) into the verdict, observing velocity when the order passes.
    pub fn settle(
        &self,
        policy: &GuardPolicy,
        s: &Subject<'_>,
        p: &FleetPlan,
        answers: Result<Vec<FleetAnswer>, StateFault>,
    ) -> Verdict {
        let Some(route) = policy.routes.get(s.route as usize) else {
            return Verdict::Pass {
                allowlisted: false,
                velocity: None,
            };
        };
        let now_ms = p.now_ms;
        match answers {
            Ok(answers) => {
                let (rate, purchase) = answers.split_at(p.rate_rules.len().min(answers.len()));
                if let Some(v) = fleet_rate(route, &p.rate_rules, rate) {
                    return v;
                }
                for (rule, a) in p.purchase_rules.iter().zip(purchase) {
                    let FleetAnswer::Count(count) = *a else {
                        continue;
                    };
                    if count >= u64::from(rule.max.get()) {
                        return limits::purchase_verdict(crate::limits::LimitHit {
                            reason: crate::limits::purchase_reason(rule.scope),
                            count,
                            limit: rule.max.get(),
                        });
                    }
                }
            }
            Err(_) => {
                let (on_rate, on_purchase) = self.on_error;
                if !p.rate_rules.is_empty() {
                    self.fell_back("rate", on_rate);
                    match on_rate {
                        OnStateError::Local => {
                            if let Some(v) = self.local_rate(route, s, now_ms) {
                                return v;
                            }
                        }
                        OnStateError::Deny => return Verdict::StateUnavailable { guard: "rate" },
                        OnStateError::Allow => {}
                    }
                }
                if !p.purchase_rules.is_empty() {
                    self.fell_back("purchase", on_purchase);
                    match on_purchase {
                        OnStateError::Local => {
                            if let Some(v) = self.local_purchase(policy, route, s, now_ms) {
                                return v;
                            }
                        }
                        OnStateError::Deny => {
                            return Verdict::StateUnavailable { guard: "purchase" }
                        }
                        OnStateError::Allow => {}
                    }
                }
            }
        }
        self.pass(policy, route, s, now_ms)
    }

    fn fell_back(&self, guard: &str, policy: OnStateError) {
        if let Some(m) = self.fleet.as_ref().and_then(|f| f.metrics()) {
            m.fallbacks
                .with_label_values(&[guard, policy.as_str()])
                .inc();
        }
    }
}

/// The fleet's answers for the route's rate rules (`rules[i]` indexes `route.rate`): the
/// refusal with the longest wait, as `RateLimiter::check_all` picks locally.
pub(super) fn fleet_rate(
    route: &RouteGuards,
    rules: &[usize],
    answers: &[FleetAnswer],
) -> Option<Verdict> {
    let mut worst: Option<(usize, std::time::Duration)> = None;
    for (&idx, a) in rules.iter().zip(answers) {
        if let FleetAnswer::Token(TokenOutcome::Limited { retry_after }) = *a {
            if worst.is_none_or(|(_, w)| retry_after > w) {
                worst = Some((idx, retry_after));
            }
        }
    }
    let (idx, wait) = worst?;
    let limited = RateOutcome::Limited {
        rule: 0,
        retry_after: wait,
    };
    Some(limits::rate_verdict(
        route,
        idx,
        limited.retry_after_secs().unwrap_or(1),
    ))
}

/// Builds the fleet backend of `[state] backend = "redis"` (`None` for memory).
pub(super) fn fleet(config: &Config) -> Option<Arc<RedisState>> {
    let st = &config.state;
    let (nodes, cluster) = match &st.backend {
        StateBackendKind::Memory => return None,
        StateBackendKind::Redis { url } => (vec![url.clone()], false),
        StateBackendKind::Cluster { nodes } => (nodes.clone(), true),
    };
    let settings = RedisSettings {
        nodes,
        cluster,
        key_prefix: st.key_prefix.clone(),
        timeout: st.timeout,
        breaker_failures: st.breaker_failures,
        breaker_backoff: st.breaker_backoff,
    };
    match RedisState::new(&settings) {
        Ok(r) => Some(Arc::new(r)),
        Err(e) => {
            // Validation parses the same URLs, so this is a redis-rs change, not user input.
            tracing::error!("[state]: Redis client not created ({e}); limits stay per edge");
            None
        }
    }
}
