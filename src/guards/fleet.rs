//! Fleet mode (`[state] backend = "redis"`): one order's limit work planned as Redis
//! operations, sent in one round trip, and settled into a verdict (or the `on_error`
//! policy when Redis cannot answer).
//!
//! # One call per order
//! The velocity and signal writes of an order are made only when it passes its limits,
//! and on one Redis server the limits are decided by the answers of the order's own
//! script call: so the writes ride that call as gated writes ([`Gated`]), applied by the
//! script after its reads when every rate take was allowed and every purchase count is
//! below its `max` (exactly when [`Guards::settle`] passes the order). What the script
//! cannot decide stays a separate background call, as before: the writes made inside a
//! branch on an answer (`StateBackend::branch`: the cookieless spread counts an amount
//! only for a client that browsed no page), and every write on a cluster (one slot per
//! call). A timed-out call may still have applied its writes in Redis.

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
    /// Where the velocity and signal reads start in `ops` (they come last).
    records_at: usize,
    /// The velocity and signal writes of the order if it passes, with the limits' gates.
    gated: Gated,
}

/// The account and fingerprint signals of an order, observed with its guards (so in
/// fleet mode their Redis reads ride the limits' round trip).
#[derive(Debug, Clone, Copy)]
pub struct SignalRequest<'a> {
    /// What the signals look at.
    pub input: SignalInput<'a>,
    /// `[risk.signals]`.
    pub settings: &'a SignalSettings,
}

/// What [`Guards::settle_replay`] found.
struct Settled {
    /// The guards' verdict.
    verdict: Verdict,
    /// Redis' velocity and signal answers, when it answered.
    replay: Option<Replay>,
    /// The writes of the velocity replayed so far (a passing order's).
    writes: Vec<FleetOp>,
    /// The script applied the plan's gated writes.
    applied: bool,
}

/// What [`Guards::check_order`] found.
#[derive(Debug, Clone)]
pub struct OrderCheck {
    /// The guards' verdict (velocity of a passing order inside).
    pub verdict: Verdict,
    /// The signal facts (counted when the order passed, read otherwise).
    pub signals: SignalFacts,
    /// The velocity counts of a refused order, without it (for its log line).
    pub refused_velocity: Option<VelocitySnapshot>,
}

impl Guards {
    /// Like [`Guards::check`], with rate and purchase limits decided by the fleet backend
    /// when there is one: one Redis round trip for all of the order's limits (and its
    /// velocity reads), at most `[state] timeout`; when Redis cannot answer, each guard
    /// kind follows its `on_error` and velocity is this edge's own. With the order's
    /// account and fingerprint signals: counted when the order passes the guards, read
    /// when it is refused (and then its velocity read too). In memory mode this is `check`, then
    /// `signals.observe`, then `velocity_snapshot` for a refused order; in fleet mode all
    /// of their Redis work is in the one round trip.
    pub async fn check_order(
        &self,
        policy: &GuardPolicy,
        s: &Subject<'_>,
        sig: &SignalRequest<'_>,
    ) -> OrderCheck {
        // Memory mode, or decided without Redis (lists): this edge's own counts.
        let p = match self.plan_with(policy, s, Some(sig)) {
            Plan::Decided(verdict) => return self.finish_order(policy, s, sig, verdict),
            Plan::Ask(p) => p,
        };
        let answers = self.ask(&p).await;
        let Settled {
            verdict,
            replay,
            mut writes,
            applied,
        } = self.settle_replay(policy, s, &p, answers);
        let Some(mut replay) = replay else {
            return self.finish_order(policy, s, sig, verdict);
        };
        let (check, signal_writes) =
            FleetRecords::replay(&mut replay, || self.finish_order(policy, s, sig, verdict));
        // Velocity and signal writes need nothing from the upstream: the script applied
        // them (or one background call sends what is left).
        writes.extend(signal_writes);
        self.send_order_writes(&p, writes, applied);
        check
    }

    /// The signals and a refused order's velocity, after the verdict.
    fn finish_order(
        &self,
        policy: &GuardPolicy,
        s: &Subject<'_>,
        sig: &SignalRequest<'_>,
        verdict: Verdict,
    ) -> OrderCheck {
        let refused = !matches!(verdict, Verdict::Pass { .. });
        let signals = self
            .signals
            .observe(&sig.input, sig.settings, !refused, self.clock.now_ms());
        let refused_velocity = refused.then(|| self.velocity_snapshot(policy, s));
        OrderCheck {
            verdict,
            signals,
            refused_velocity,
        }
    }

    /// First half of a fleet check ([`Guards::plan`], [`Guards::ask`], [`Guards::settle`])
    /// for callers whose [`Subject`] cannot live across an await: decides what needs no Redis (lists; everything without a fleet
    /// backend) and otherwise returns the owned Redis work of the order.
    pub fn plan(&self, policy: &GuardPolicy, s: &Subject<'_>) -> Plan {
        self.plan_with(policy, s, None)
    }

    fn plan_with(
        &self,
        policy: &GuardPolicy,
        s: &Subject<'_>,
        sig: Option<&SignalRequest<'_>>,
    ) -> Plan {
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
            ops: Vec::with_capacity(route.rate.len() + route.purchase.len() + 24),
            rate_rules: Vec::with_capacity(route.rate.len()),
            purchase_rules: Vec::with_capacity(route.purchase.len()),
            records_at: 0,
            gated: Gated::default(),
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
        p.records_at = p.ops.len();
        // Velocity and signals as if the order passes: their reads join the limits, and
        // their writes are applied by the same call when the order passes.
        let ((), captured) = FleetRecords::capture(|| {
            if route.order || !route.purchase.is_empty() {
                policy.velocity.observe_order(&id, now_ms);
            }
            if let Some(sig) = sig {
                self.signals.observe(&sig.input, sig.settings, true, now_ms);
            }
        });
        p.ops.extend(captured.reads);
        if !captured.writes.is_empty() {
            let mut gates = vec![0; p.ops.len()];
            gates[..p.rate_rules.len()].fill(1);
            for (g, rule) in gates[p.rate_rules.len()..]
                .iter_mut()
                .zip(&p.purchase_rules)
            {
                *g = u64::from(rule.max.get());
            }
            p.gated = Gated {
                gates,
                writes: captured.writes,
            };
        }
        if p.ops.is_empty() {
            return Plan::Decided(self.pass(policy, route, s, now_ms));
        }
        Plan::Ask(p)
    }

    /// Sends a plan's operations, and its writes gated on the order passing, to the fleet
    /// backend (the only await of the guards).
    pub async fn ask(&self, p: &FleetPlan) -> Result<FleetReply, StateFault> {
        match &self.fleet {
            Some(f) => f.run_gated(&p.ops, Some(&p.gated), p.now_ms).await,
            None => Err(StateFault::Error),
        }
    }

    /// Last step of a fleet check (after [`Guards::plan`] and [`Guards::ask`]): turns the fleet's answers (or its fault and
    /// the `on_error` policies) into the verdict, observing velocity when the order passes.
    pub fn settle(
        &self,
        policy: &GuardPolicy,
        s: &Subject<'_>,
        p: &FleetPlan,
        answers: Result<FleetReply, StateFault>,
    ) -> Verdict {
        let Settled {
            verdict,
            replay,
            mut writes,
            applied,
        } = self.settle_replay(policy, s, p, answers);
        if let Some(mut replay) = replay {
            // A refused order's velocity is not read here (callers read it if they log it).
            let ((), more) = FleetRecords::replay(&mut replay, || ());
            writes.extend(more);
        }
        self.send_order_writes(p, writes, applied);
        verdict
    }

    /// [`Guards::settle`], also returning Redis' velocity and signal answers (when it
    /// answered) for the caller's remaining replays, and the writes of a passing order's
    /// velocity (replayed here) for the caller to hand to [`Guards::send_writes`] with
    /// its own.
    fn settle_replay(
        &self,
        policy: &GuardPolicy,
        s: &Subject<'_>,
        p: &FleetPlan,
        answers: Result<FleetReply, StateFault>,
    ) -> Settled {
        let settled = |verdict, replay, writes, applied| Settled {
            verdict,
            replay,
            writes,
            applied,
        };
        let Some(route) = policy.routes.get(s.route as usize) else {
            let pass = Verdict::Pass {
                allowlisted: false,
                velocity: None,
            };
            return settled(pass, None, Vec::new(), false);
        };
        let now_ms = p.now_ms;
        let (mut answers, applied) = match answers {
            Ok(r) => (r.answers, r.applied),
            Err(_) => {
                let v = self.on_fault(policy, route, s, p);
                return settled(v, None, Vec::new(), false);
            }
        };
        let records = answers.split_off(p.records_at.min(answers.len()));
        let mut replay = Replay::new(p.ops[p.records_at..].to_vec(), records);
        if let Some(v) = self.fleet_limits(route, p, &answers) {
            // The script's gates are these limits: it applied nothing.
            debug_assert!(!applied, "gated writes applied for a refused order");
            return settled(v, Some(replay), Vec::new(), false);
        }
        let (verdict, writes) =
            FleetRecords::replay(&mut replay, || self.pass(policy, route, s, now_ms));
        settled(verdict, Some(replay), writes, applied)
    }

    /// The refusal the fleet's limit answers call for, if any.
    fn fleet_limits(
        &self,
        route: &RouteGuards,
        p: &FleetPlan,
        answers: &[FleetAnswer],
    ) -> Option<Verdict> {
        let (rate, purchase) = answers.split_at(p.rate_rules.len().min(answers.len()));
        if let Some(v) = fleet_rate(route, &p.rate_rules, rate) {
            return Some(v);
        }
        let mut review = None;
        for (rule, a) in p.purchase_rules.iter().zip(purchase) {
            let FleetAnswer::Count(count) = *a else {
                continue;
            };
            match crate::limits::purchase_exceeded(rule, count) {
                Some((hit, false)) => return Some(limits::purchase_verdict((hit, false))),
                Some(h) => review = review.or(Some(h)),
                None => {}
            }
        }
        review.map(limits::purchase_verdict)
    }

    /// Redis could not answer: each guard kind's `on_error`; velocity is this edge's own.
    fn on_fault(
        &self,
        policy: &GuardPolicy,
        route: &RouteGuards,
        s: &Subject<'_>,
        p: &FleetPlan,
    ) -> Verdict {
        let now_ms = p.now_ms;
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
                OnStateError::Deny => return Verdict::StateUnavailable { guard: "purchase" },
                OnStateError::Allow => {}
            }
        }
        self.pass(policy, route, s, now_ms)
    }

    /// Sends velocity and signal writes in the background (the order does not wait).
    pub(super) fn send_writes(&self, writes: Vec<FleetOp>, now_ms: u64) {
        if let Some(f) = &self.fleet {
            f.spawn_run(writes, now_ms);
        }
    }

    /// Sends the velocity and signal `writes` of an order (replayed) that its script call
    /// did not apply (`applied`: it applied the plan's gated writes) in the background:
    /// none on one server unless a branch kept some back (see the module docs); all on a
    /// cluster.
    fn send_order_writes(&self, p: &FleetPlan, writes: Vec<FleetOp>, applied: bool) {
        let left = if applied {
            p.gated.left(writes)
        } else {
            writes
        };
        self.send_writes(left, p.now_ms);
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
