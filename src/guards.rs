//! The request guards every route runs before its kind-specific work: allow list, block
//! lists, rate limits, purchase limits, and velocity bookkeeping for order routes.
//!
//! Orchestration only: `lists`, `limits` and `state` hold the algorithms. [`Guards`] is
//! process-wide (its counters and lists survive reloads); [`GuardPolicy`] is the per-
//! generation compiled form of each route's settings. No pingora here: the proxy passes
//! a [`Subject`] and turns the [`Verdict`] into a response.

use crate::config::{
    Config, LimitScope, ListFiles, OnStateError, PurchaseWindow as CfgWindow, StateBackendKind,
};
use crate::limits::{
    LimitReason, OrderIdentity, PurchaseLimits, PurchaseRule, PurchaseScope, PurchaseWindow,
    RateLimiter, RateOutcome, RateRule, RateScope, RateSubject, Velocity, VelocityConfig,
    VelocitySnapshot,
};
use crate::lists::{HitReason, KindFiles, ListError, ListPaths, ListQuery, Lists};
use crate::risk::Reason;
use crate::state::{
    Clock, FleetAnswer, FleetOp, KeyHasher, MemoryState, MemoryStateConfig, Rate, RedisSettings,
    RedisState, StateBackend, StateFault, SystemClock, TokenOutcome,
};
use arc_swap::ArcSwap;
use std::net::IpAddr;
use std::num::NonZeroU64;
use std::sync::Arc;

/// Reason code of an order refused because the shared state (Redis) could not answer and
/// the guard's `on_error` policy is `deny`.
pub const STATE_UNAVAILABLE: Reason = Reason::StateUnavailable;

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

/// Who a request is, as far as the guards care.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The resolved client IP.
    pub ip: IpAddr,
    /// The device id (32 hex), when known.
    pub device: Option<&'a str>,
    /// The shop's user key, when the route says where it is.
    pub user: Option<&'a str>,
    /// The buyer's email, when the route says where it is.
    pub email: Option<&'a str>,
    /// Index of the matched route.
    pub route: u32,
    /// Order amount in US cents (converted with `[risk.currency]`), when the request is a
    /// parsed order in a currency with a rate.
    pub amount_minor: Option<u64>,
    /// The request's HTTP fingerprint (velocity's cookie-independent client key).
    pub fingerprint: Option<u64>,
    /// The client IP's country (velocity's distinct countries per user).
    pub country: Option<crate::geo::Country>,
    /// The device cookie was issued on this request (velocity's route-wide count of small
    /// orders from devices without history).
    pub new_device: bool,
}

impl Subject<'_> {
    /// The identities the limits and velocity count by.
    fn identity(&self) -> OrderIdentity<'_> {
        OrderIdentity {
            ip: self.ip,
            device: self.device,
            user: self.user,
            amount_minor: self.amount_minor,
            fingerprint: self.fingerprint,
            country: self.country,
            new_device: self.new_device,
            route: self.route,
        }
    }
}

/// What the guards decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Go on; `allowlisted` when the allow list matched (lists and rate limits skipped).
    Pass {
        /// The allow list matched.
        allowlisted: bool,
        /// Velocity counts after this order (order routes only).
        velocity: Option<VelocitySnapshot>,
    },
    /// A block-list entry matched: 403 with `reason` (`blacklist_ip`, …).
    Listed {
        /// Reason code.
        reason: Reason,
        /// Metrics label of the list kind (ip, device, user, email).
        kind: &'static str,
    },
    /// A token bucket is empty: 429 with `Retry-After`.
    RateLimited {
        /// Seconds until a retry can succeed (≥ 1).
        retry_after_secs: u64,
        /// The configured scope of the refusing rule (`ip`, `ip+route`, …).
        scope: Arc<str>,
    },
    /// A purchase limit is reached: 403 with `reason` (`daily_limit_user`, …), or, with
    /// `review`, the order route holds the order for review (`action = "review"`).
    PurchaseLimited {
        /// Reason code.
        reason: Reason,
        /// Metrics label of the counted identity (user, device, ip).
        scope: &'static str,
        /// The limit asks for a review, not a refusal.
        review: bool,
    },
    /// The shared state could not answer and `on_error = "deny"`: 403 with reason
    /// [`STATE_UNAVAILABLE`].
    StateUnavailable {
        /// The guard kind whose policy refused (`rate`, `purchase`).
        guard: &'static str,
    },
}

/// One route's compiled guard settings.
#[derive(Debug, Clone, Default)]
struct RouteGuards {
    /// An `order` route: velocity is observed for every order.
    order: bool,
    rate: Vec<RateRule>,
    rate_labels: Vec<Arc<str>>,
    purchase: Vec<PurchaseRule>,
}

/// The guard settings of one configuration generation.
pub struct GuardPolicy {
    routes: Vec<RouteGuards>,
    purchases: PurchaseLimits,
    velocity: Velocity,
}

/// Process-wide guard state: lists, buckets, counters and the clock.
pub struct Guards {
    /// Block and allow lists (swapped whole when reload changes their files).
    pub lists: ArcSwap<Lists>,
    list_files: ArcSwap<(ListFiles, ListFiles)>,
    rate: RateLimiter,
    purchase_state: Arc<dyn StateBackend>,
    velocity_state: Arc<dyn StateBackend>,
    /// Account and fingerprint signals (`[risk.signals]`), on the velocity store.
    pub signals: crate::risk::signals::SignalTracker,
    /// The in-process stores behind the three handles above, for periodic sweeps.
    memory: Vec<Arc<MemoryState>>,
    /// The fleet backend (`[state] backend = "redis"`): rate and purchase limits are
    /// decided by it; the in-process stores serve `on_error = "local"`.
    fleet: Option<Arc<RedisState>>,
    /// `on_error` of rate limits and purchase limits.
    on_error: (OnStateError, OnStateError),
    /// Identity hashing shared by the limits (fleet-wide stable in Redis mode).
    hasher: Option<KeyHasher>,
    /// The clock every guard reads.
    pub clock: SystemClock,
}

/// The metrics label of a list hit (emails and email domains share `email`).
fn metric_kind(code: HitReason) -> &'static str {
    match code {
        HitReason::BlacklistIp => "ip",
        HitReason::BlacklistDevice => "device",
        HitReason::BlacklistUser => "user",
        HitReason::BlacklistEmail => "email",
    }
}

fn paths(files: &(ListFiles, ListFiles)) -> ListPaths {
    let kind = |f: &ListFiles| KindFiles {
        ip: f.ip.clone(),
        device: f.device.clone(),
        user: f.user.clone(),
        email: f.email.clone(),
        email_domain: f.email_domain.clone(),
    };
    ListPaths {
        block: kind(&files.0),
        allow: kind(&files.1),
    }
}

impl Guards {
    /// Loads the lists and creates the counter stores. Called once at start; an invalid
    /// list file stops the process with the file and line.
    pub fn new(config: &Config) -> Result<Guards, ListError> {
        let files = (config.lists.block.clone(), config.lists.allow.clone());
        let lists = Lists::load(paths(&files))?;
        let cap = NonZeroU64::new(config.limits.max_tracked_keys).unwrap_or(NonZeroU64::MIN);
        let memory: Vec<Arc<MemoryState>> = (0..3)
            .map(|_| Arc::new(MemoryState::new(MemoryStateConfig { max_entries: cap })))
            .collect();
        let handle = |i: usize| -> Arc<dyn StateBackend> { memory[i].clone() };
        let fleet = fleet(config);
        let hasher = fleet.as_ref().map(|_| KeyHasher::stable());
        let rate = match &hasher {
            Some(h) => RateLimiter::with_hasher(handle(0), h.clone()),
            None => RateLimiter::new(handle(0)),
        };
        Ok(Guards {
            lists: ArcSwap::from_pointee(lists),
            list_files: ArcSwap::from_pointee(files),
            rate,
            purchase_state: handle(1),
            velocity_state: handle(2),
            signals: crate::risk::signals::SignalTracker::new(handle(2)),
            memory: memory.clone(),
            fleet,
            on_error: (config.state.on_error_rate, config.state.on_error_purchase),
            hasher,
            clock: SystemClock::new(),
        })
    }

    /// Hands the fleet backend its metric families; called once when the metrics exist.
    pub fn set_state_metrics(&self, m: crate::metrics::StateMetrics) {
        if let Some(f) = &self.fleet {
            f.set_metrics(m);
        }
    }

    /// The shared state's condition for `/readyz` (`None` with the in-process backend).
    pub fn state_status(&self) -> Option<serde_json::Value> {
        self.fleet.as_ref().map(|f| f.status())
    }

    /// Publishes an admin list addition to the fleet's list journal (no-op without a
    /// fleet backend); every edge applies it within `[state] list_poll`. A Redis that
    /// cannot take it leaves the change on this edge only, which is logged.
    pub async fn publish_list_add(&self, e: &crate::lists::EntryView) {
        let Some(f) = &self.fleet else { return };
        let fields = [
            ("op", "add".to_string()),
            ("list", e.list.as_str().to_string()),
            ("kind", e.kind.as_str().to_string()),
            ("value", e.value.clone()),
            (
                "expires",
                e.expires_at.map(|x| x.to_string()).unwrap_or_default(),
            ),
            ("reason", e.reason.clone().unwrap_or_default()),
            ("by", e.added_by.clone().unwrap_or_default()),
        ];
        if let Err(fault) = f.journal_append(&fields).await {
            tracing::warn!(
                "list entry {} not shared with the fleet (redis {})",
                e.value,
                fault.as_str()
            );
        }
    }

    /// Publishes an admin list removal to the fleet's list journal (see
    /// [`Guards::publish_list_add`]).
    pub async fn publish_list_remove(
        &self,
        list: crate::lists::ListName,
        kind: crate::lists::ListKind,
        value: &str,
    ) {
        let Some(f) = &self.fleet else { return };
        let fields = [
            ("op", "remove".to_string()),
            ("list", list.as_str().to_string()),
            ("kind", kind.as_str().to_string()),
            ("value", value.to_string()),
        ];
        if let Err(fault) = f.journal_append(&fields).await {
            tracing::warn!(
                "list removal of {value} not shared with the fleet (redis {})",
                fault.as_str()
            );
        }
    }

    /// The fleet backend, when `[state] backend = "redis"` (shared lists use it too).
    pub fn fleet(&self) -> Option<&Arc<RedisState>> {
        self.fleet.as_ref()
    }

    /// Drops idle-expired counters and buckets; called every minute by housekeeping so
    /// memory follows the traffic down, not only up.
    pub fn sweep(&self) {
        for m in &self.memory {
            m.run_pending_tasks();
        }
    }

    /// Counts a failed payment (a verified callback saying so) against the payer's device
    /// and user, feeding the `failed_payments_24h` feature.
    pub fn record_failed_payment(
        &self,
        policy: &GuardPolicy,
        device: Option<&str>,
        user: Option<&str>,
    ) {
        policy
            .velocity
            .record_failed_payment(device, user, self.clock.now_ms());
    }

    /// Current Unix time in seconds, from the guards' clock (list expiry uses it).
    pub fn clock_unix(&self) -> u64 {
        self.clock.unix_secs()
    }

    /// Re-reads the list files for a reload; a failure leaves the current lists serving.
    ///
    /// With the same files, entries are re-read in place; with different files, a new set
    /// of lists is loaded and swapped in.
    pub fn reload_lists(&self, config: &Config) -> Result<(), ListError> {
        let files = (config.lists.block.clone(), config.lists.allow.clone());
        if **self.list_files.load() == files {
            return self.lists.load().reload();
        }
        let lists = Lists::load(paths(&files))?;
        self.lists.store(Arc::new(lists));
        self.list_files.store(Arc::new(files));
        Ok(())
    }

    /// Runs the guards for one request, in order: allow list, block lists, rate limits,
    /// purchase limits. Velocity is observed for order routes (those with purchase limits).
    pub fn check(&self, policy: &GuardPolicy, s: &Subject<'_>) -> Verdict {
        let now_ms = self.clock.now_ms();
        if let Some(v) = self.check_lists(s) {
            return v;
        }
        let Some(route) = policy.routes.get(s.route as usize) else {
            return Verdict::Pass {
                allowlisted: false,
                velocity: None,
            };
        };
        if let Some(v) = self.local_rate(route, s, now_ms) {
            return v;
        }
        if let Some(v) = self.local_purchase(policy, route, s, now_ms) {
            return v;
        }
        self.pass(policy, route, s, now_ms)
    }

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
                let mut review = None;
                for (rule, a) in p.purchase_rules.iter().zip(purchase) {
                    let FleetAnswer::Count(count) = *a else {
                        continue;
                    };
                    match crate::limits::purchase_exceeded(rule, count) {
                        Some((hit, false)) => return purchase_verdict((hit, false)),
                        Some(h) => review = review.or(Some(h)),
                        None => {}
                    }
                }
                if let Some(h) = review {
                    return purchase_verdict(h);
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

    /// The allow and block lists: `Some` when they decide the request.
    fn check_lists(&self, s: &Subject<'_>) -> Option<Verdict> {
        let now_s = self.clock.unix_secs();
        let q = ListQuery {
            ip: Some(s.ip),
            device: s.device,
            user: s.user,
            email: s.email,
        };
        let lists = self.lists.load();
        if lists.is_allowed(&q, now_s) {
            return Some(Verdict::Pass {
                allowlisted: true,
                velocity: None,
            });
        }
        lists.check(&q, now_s).map(|hit| Verdict::Listed {
            reason: hit.code.into(),
            kind: metric_kind(hit.code),
        })
    }

    /// The route's rate limits on the in-process buckets: `Some` when one refuses.
    fn local_rate(&self, route: &RouteGuards, s: &Subject<'_>, now_ms: u64) -> Option<Verdict> {
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
    fn local_purchase(
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
    fn pass(
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

    /// The velocity counts of `s` without counting anything: for logging the features of
    /// an order the guards refused (its own order is not among them).
    pub fn velocity_snapshot(&self, policy: &GuardPolicy, s: &Subject<'_>) -> VelocitySnapshot {
        let id = s.identity();
        policy.velocity.snapshot(&id, self.clock.now_ms())
    }

    /// Returns true when route `route` counts orders (kind `order` or purchase limits).
    pub fn is_order_route(policy: &GuardPolicy, route: u32) -> bool {
        policy
            .routes
            .get(route as usize)
            .is_some_and(|r| r.order || !r.purchase.is_empty())
    }
}

impl GuardPolicy {
    /// Compiles every route's guard settings for a configuration generation.
    pub fn build(config: &Config, guards: &Guards) -> GuardPolicy {
        let routes = config
            .routes
            .iter()
            .enumerate()
            .map(|(ri, r)| {
                let mut g = RouteGuards {
                    order: r.kind == crate::config::RouteKind::Order,
                    ..RouteGuards::default()
                };
                for (li, rl) in r.rate_limits.iter().enumerate() {
                    let Some(rate) = Rate::new(rl.rate, rl.per) else {
                        continue;
                    };
                    let scope = rate_scope(rl);
                    // Ids are stable for a given position, so an unchanged reload keeps
                    // its buckets.
                    g.rate.push(RateRule {
                        id: ((ri as u32) << 8) | (li as u32 & 0xff),
                        scope,
                        rate,
                        burst: rl.burst,
                    });
                    g.rate_labels.push(format!("{scope:?}").into());
                }
                for p in &r.purchase_limits {
                    let scope = match p.scope {
                        LimitScope::Device => PurchaseScope::Device,
                        LimitScope::User => PurchaseScope::User,
                        LimitScope::Ip | LimitScope::Route => PurchaseScope::Ip,
                    };
                    let window = match p.window {
                        CfgWindow::Day => PurchaseWindow::Day,
                        CfgWindow::Rolling(d) => PurchaseWindow::Rolling(d),
                    };
                    // A review limit's hard cap is a block rule on the same counter.
                    if let Some(hard) = p.hard_max.filter(|_| p.review) {
                        g.purchase.push(PurchaseRule {
                            scope,
                            max: hard,
                            window,
                            review: false,
                        });
                    }
                    g.purchase.push(PurchaseRule {
                        scope,
                        max: p.max,
                        window,
                        review: p.review,
                    });
                }
                g
            })
            .collect();
        GuardPolicy {
            routes,
            purchases: match &guards.hasher {
                Some(h) => PurchaseLimits::with_hasher(
                    guards.purchase_state.clone(),
                    config.limits.day_utc_offset_minutes,
                    h.clone(),
                ),
                None => PurchaseLimits::new(
                    guards.purchase_state.clone(),
                    config.limits.day_utc_offset_minutes,
                ),
            },
            velocity: Velocity::new(
                VelocityConfig {
                    small_amount_max_minor: config.limits.small_amount_minor,
                    ..VelocityConfig::default()
                },
                guards.velocity_state.clone(),
            ),
        }
    }
}

/// The bucket key scope of a configured rate limit (its metric label is the `Debug` form,
/// e.g. `ip+route`).
pub fn rate_scope(rl: &crate::config::RateLimitSettings) -> RateScope {
    rl.scope
        .iter()
        .map(|s| match s {
            LimitScope::Ip => RateScope::IP,
            LimitScope::Device => RateScope::DEVICE,
            LimitScope::User => RateScope::USER,
            LimitScope::Route => RateScope::ROUTE,
        })
        .reduce(|a, b| a | b)
        .unwrap_or(RateScope::IP)
}

/// The rate-limit subject of a request.
fn rate_subject<'a>(s: &Subject<'a>) -> RateSubject<'a> {
    RateSubject {
        ip: s.ip,
        device: s.device,
        user: s.user,
        route: s.route,
    }
}

/// The refusal of rate rule `idx` of `route`.
fn rate_verdict(route: &RouteGuards, idx: usize, retry_after_secs: u64) -> Verdict {
    Verdict::RateLimited {
        retry_after_secs,
        scope: route
            .rate_labels
            .get(idx)
            .cloned()
            .unwrap_or_else(|| "ip".into()),
    }
}

/// The refusal of a purchase-limit hit.
fn purchase_verdict((hit, review): (crate::limits::LimitHit, bool)) -> Verdict {
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

/// The fleet's answers for the route's rate rules (`rules[i]` indexes `route.rate`): the
/// refusal with the longest wait, as `RateLimiter::check_all` picks locally.
fn fleet_rate(route: &RouteGuards, rules: &[usize], answers: &[FleetAnswer]) -> Option<Verdict> {
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
    Some(rate_verdict(
        route,
        idx,
        limited.retry_after_secs().unwrap_or(1),
    ))
}

/// Builds the fleet backend of `[state] backend = "redis"` (`None` for memory).
fn fleet(config: &Config) -> Option<Arc<RedisState>> {
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
