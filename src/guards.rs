//! The request guards every route runs before its kind-specific work: allow list, block
//! lists, rate limits, purchase limits, and velocity bookkeeping for order routes.
//!
//! Orchestration only: `lists`, `limits` and `state` hold the algorithms. [`Guards`] is
//! process-wide (its counters and lists survive reloads); [`GuardPolicy`] is the per-
//! generation compiled form of each route's settings. No pingora here: the proxy passes
//! a [`Subject`] and turns the [`Verdict`] into a response.

use crate::config::{Config, LimitScope, ListFiles, PurchaseWindow as CfgWindow};
use crate::limits::{
    LimitReason, OrderIdentity, PurchaseLimits, PurchaseRule, PurchaseScope, PurchaseWindow,
    RateLimiter, RateOutcome, RateRule, RateScope, RateSubject, Velocity, VelocityConfig,
    VelocitySnapshot,
};
use crate::lists::{HitReason, KindFiles, ListError, ListPaths, ListQuery, Lists};
use crate::risk::Reason;
use crate::state::{Clock, MemoryState, MemoryStateConfig, Rate, StateBackend, SystemClock};
use arc_swap::ArcSwap;
use std::net::IpAddr;
use std::num::NonZeroU64;
use std::sync::Arc;

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
    /// A purchase limit is reached: 403 with `reason` (`daily_limit_user`, …).
    PurchaseLimited {
        /// Reason code.
        reason: Reason,
        /// Metrics label of the counted identity (user, device, ip).
        scope: &'static str,
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
        Ok(Guards {
            lists: ArcSwap::from_pointee(lists),
            list_files: ArcSwap::from_pointee(files),
            rate: RateLimiter::new(handle(0)),
            purchase_state: handle(1),
            velocity_state: handle(2),
            signals: crate::risk::signals::SignalTracker::new(handle(2)),
            memory: memory.clone(),
            clock: SystemClock::new(),
        })
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
        let now_s = self.clock.unix_secs();
        let now_ms = self.clock.now_ms();
        let q = ListQuery {
            ip: Some(s.ip),
            device: s.device,
            user: s.user,
            email: s.email,
        };
        let lists = self.lists.load();
        if lists.is_allowed(&q, now_s) {
            return Verdict::Pass {
                allowlisted: true,
                velocity: None,
            };
        }
        if let Some(hit) = lists.check(&q, now_s) {
            return Verdict::Listed {
                reason: hit.code.into(),
                kind: metric_kind(hit.code),
            };
        }
        let Some(route) = policy.routes.get(s.route as usize) else {
            return Verdict::Pass {
                allowlisted: false,
                velocity: None,
            };
        };
        if !route.rate.is_empty() {
            let subject = RateSubject {
                ip: s.ip,
                device: s.device,
                user: s.user,
                route: s.route,
            };
            let outcome = self.rate.check_all(&route.rate, &subject, now_ms);
            if let RateOutcome::Limited { rule, .. } = outcome {
                let idx = route.rate.iter().position(|r| r.id == rule).unwrap_or(0);
                return Verdict::RateLimited {
                    retry_after_secs: outcome.retry_after_secs().unwrap_or(1),
                    scope: route
                        .rate_labels
                        .get(idx)
                        .cloned()
                        .unwrap_or_else(|| "ip".into()),
                };
            }
        }
        let id = s.identity();
        if !route.purchase.is_empty() {
            if let Some(hit) = policy
                .purchases
                .check_purchase(&route.purchase, &id, now_ms)
            {
                return Verdict::PurchaseLimited {
                    reason: hit.reason.into(),
                    scope: match hit.reason {
                        LimitReason::DailyLimitUser => "user",
                        LimitReason::DailyLimitDevice => "device",
                        LimitReason::DailyLimitIp => "ip",
                    },
                };
            }
        }
        let velocity = (route.order || !route.purchase.is_empty())
            .then(|| policy.velocity.observe_order(&id, now_ms));
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
        policy
            .purchases
            .record_purchase(&route.purchase, &id, self.clock.now_ms());
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
                    g.purchase.push(PurchaseRule {
                        scope,
                        max: p.max,
                        window,
                    });
                }
                g
            })
            .collect();
        GuardPolicy {
            routes,
            purchases: PurchaseLimits::new(
                guards.purchase_state.clone(),
                config.limits.day_utc_offset_minutes,
            ),
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
