//! The request guards every route runs before its kind-specific work: allow list, block
//! lists, rate limits, purchase limits, and velocity bookkeeping for order routes.
//!
//! Orchestration only: `lists`, `limits` and `state` hold the algorithms. [`Guards`] is
//! process-wide (its counters and lists survive reloads); [`GuardPolicy`] is the per-
//! generation compiled form of each route's settings. No pingora here: the proxy passes
//! a [`Subject`] and turns the [`Verdict`] into a response.
//!
//! # Layout
//! - `mod.rs`: the types ([`Subject`], [`Verdict`], [`Guards`]) and the in-process
//!   [`Guards::check`];
//! - `lists.rs`: allow/block lists, reloads, list changes published to the fleet;
//! - `limits.rs`: rate and purchase limits on the in-process stores, the pass (velocity)
//!   and counting accepted orders;
//! - `fleet.rs`: the Redis round trip of fleet mode (plan, ask, settle) and `on_error`;
//! - `policy.rs`: [`GuardPolicy`], the per-generation compiled route settings.

use crate::config::{
    Config, LimitScope, ListFiles, OnStateError, PurchaseWindow as CfgWindow, StateBackendKind,
};
use crate::limits::{
    LimitReason, OrderIdentity, PurchaseLimits, PurchaseRule, PurchaseScope, PurchaseWindow,
    RateLimiter, RateOutcome, RateRule, RateScope, RateSubject, Velocity, VelocityConfig,
    VelocitySnapshot,
};
use crate::lists::{HitReason, KindFiles, ListError, ListPaths, ListQuery, Lists};
use crate::risk::signals::{SignalFacts, SignalInput, SignalSettings, SignalTracker};
use crate::risk::Reason;
use crate::state::{
    Clock, FleetAnswer, FleetOp, FleetRecords, FleetReply, Gated, KeyHasher, MemoryState,
    MemoryStateConfig, Rate, RedisSettings, RedisState, Replay, StateBackend, StateFault,
    SystemClock, TokenOutcome,
};
mod fleet;
mod limits;
mod lists;
mod policy;

pub use fleet::{FleetPlan, OrderCheck, Plan, SignalRequest};
pub use policy::rate_scope;

use arc_swap::ArcSwap;
use std::net::IpAddr;
use std::num::NonZeroU64;
use std::sync::Arc;

/// Reason code of an order refused because the shared state (Redis) could not answer and
/// the guard's `on_error` policy is `deny`.
pub const STATE_UNAVAILABLE: Reason = Reason::StateUnavailable;

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

impl Guards {
    /// Loads the lists and creates the counter stores. Called once at start; an invalid
    /// list file stops the process with the file and line.
    pub fn new(config: &Config) -> Result<Guards, ListError> {
        let files = (config.lists.block.clone(), config.lists.allow.clone());
        let lists = Lists::load(lists::paths(&files))?;
        let cap = NonZeroU64::new(config.limits.max_tracked_keys).unwrap_or(NonZeroU64::MIN);
        let memory: Vec<Arc<MemoryState>> = (0..3)
            .map(|_| Arc::new(MemoryState::new(MemoryStateConfig { max_entries: cap })))
            .collect();
        let handle = |i: usize| -> Arc<dyn StateBackend> { memory[i].clone() };
        let fleet = fleet::fleet(config);
        let hasher = fleet.as_ref().map(|_| KeyHasher::stable());
        let rate = match &hasher {
            Some(h) => RateLimiter::with_hasher(handle(0), h.clone()),
            None => RateLimiter::new(handle(0)),
        };
        // Fleet mode: velocity and signals run over a store that can ride the order's
        // Redis round trip (see `state::FleetRecords`), hashing identities alike on
        // every edge; in memory mode they use the in-process store directly.
        let (velocity_state, signals) = match &hasher {
            Some(h) => {
                let records: Arc<dyn StateBackend> = Arc::new(FleetRecords::new(memory[2].clone()));
                let signals = SignalTracker::with_hasher(records.clone(), h.clone());
                (records, signals)
            }
            None => (handle(2), SignalTracker::new(handle(2))),
        };
        Ok(Guards {
            lists: ArcSwap::from_pointee(lists),
            list_files: ArcSwap::from_pointee(files),
            rate,
            purchase_state: handle(1),
            velocity_state,
            signals,
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

    /// Notes an HTML page served to a client without a device cookie (address `ip`,
    /// `user_agent`), so its orders are not bare for `cookieless_spread`
    /// (`risk::linkage`); in fleet mode the note is written to Redis in the background.
    pub fn record_page(&self, ip: IpAddr, user_agent: &[u8], s: &SignalSettings) {
        if s.linkage.cookieless_spread.is_none() {
            return;
        }
        let now_ms = self.clock.now_ms();
        if self.fleet.is_none() {
            self.signals.record_page(ip, user_agent, s, now_ms);
            return;
        }
        let ((), writes) = FleetRecords::writes(|| {
            self.signals.record_page(ip, user_agent, s, now_ms);
        });
        self.send_writes(writes, now_ms);
    }

    /// Notes a beacon posted without a valid device cookie from `ip` with `user_agent`
    /// (its hash and consistency verdict), so a cookie-less order of that client inherits
    /// it (`[risk.signals] beacon_via_client`, `risk::client_beacon`); in fleet mode the
    /// note is written to Redis in the background.
    pub fn record_client_beacon(
        &self,
        ip: IpAddr,
        user_agent: &[u8],
        hash: u64,
        verdict: Option<crate::fingerprint::Inconsistency>,
        s: &SignalSettings,
    ) {
        if !s.beacon_via_client {
            return;
        }
        let now_ms = self.clock.now_ms();
        if self.fleet.is_none() {
            self.signals
                .record_client_beacon(ip, user_agent, hash, verdict, s, now_ms);
            return;
        }
        let ((), writes) = FleetRecords::writes(|| {
            self.signals
                .record_client_beacon(ip, user_agent, hash, verdict, s, now_ms);
        });
        self.send_writes(writes, now_ms);
    }

    /// Counts a failed payment (a verified callback saying so) against the payer's device
    /// and user, feeding the `failed_payments_24h` feature.
    pub fn record_failed_payment(
        &self,
        policy: &GuardPolicy,
        device: Option<&str>,
        user: Option<&str>,
    ) {
        let now_ms = self.clock.now_ms();
        if self.fleet.is_none() {
            policy.velocity.record_failed_payment(device, user, now_ms);
            return;
        }
        let ((), writes) = FleetRecords::writes(|| {
            policy.velocity.record_failed_payment(device, user, now_ms);
        });
        self.send_writes(writes, now_ms);
    }

    /// Current Unix time in seconds, from the guards' clock (list expiry uses it).
    pub fn clock_unix(&self) -> u64 {
        self.clock.unix_secs()
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

/// The rate-limit subject of a request.
fn rate_subject<'a>(s: &Subject<'a>) -> RateSubject<'a> {
    RateSubject {
        ip: s.ip,
        device: s.device,
        user: s.user,
        route: s.route,
    }
}
