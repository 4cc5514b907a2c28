//! [`ChannelSet`]: the shared per-channel state and the per-request operations on it
//! (select, record, abandon), plus snapshots.
//!
//! Owns the concurrency layout: per channel, one cache-line-aligned block of atomics that
//! `select` reads, and a small mutex-guarded stats record that `record` updates and then
//! republishes to those atomics. The estimators themselves live in `ewma.rs`, `window.rs`
//! and `circuit.rs`; the scoring formula is documented in the module root.

use super::circuit::{self, Breaker, State, Step};
use super::ewma::PeakEwma;
use super::window::OutcomeWindow;
use super::{ChannelError, ChannelSnapshot, Circuit, Outcome, Pick, SelectorParams, Why};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Pseudo-successes of the success-rate prior (Beta(1.9, 0.1): mean 0.95, worth 2 outcomes).
const PRIOR_SUCCESSES: f64 = 1.9;
/// Pseudo-outcomes of the success-rate prior.
const PRIOR_OUTCOMES: f64 = 2.0;

/// What `record` updates under the channel's mutex.
struct Stats {
    ewma: PeakEwma,
    window: OutcomeWindow,
    /// Failures and timeouts since the last success.
    consecutive_failures: u32,
    /// Consecutive ejections without a successful probe: the next backoff's exponent.
    level: u32,
}

/// One channel. Aligned to 128 bytes (two cache lines, the adjacent-line prefetch unit) so
/// counters of different channels never share a line between cores.
#[repr(align(128))]
struct Slot {
    name: Box<str>,
    weight: u32,
    /// Active health verdict.
    healthy: AtomicBool,
    breaker: Breaker,
    /// f64 bits of `ewma_ns / (rate² · weight)`: the score before the in-flight factor.
    base: AtomicU64,
    eliminated: AtomicBool,
    in_flight: AtomicU32,
    /// Caller-clock nanoseconds of the last pick; exploration prefers the oldest.
    last_pick: AtomicU64,
    selections: AtomicU64,
    ejections: AtomicU64,
    /// f64 bits of the latency estimate, nanoseconds (for snapshots).
    ewma_ns: AtomicU64,
    /// f64 bits of the success-rate estimate (for snapshots).
    rate: AtomicU64,
    samples: AtomicU32,
    stats: Mutex<Stats>,
}

impl Slot {
    fn stats(&self) -> MutexGuard<'_, Stats> {
        // Stats are plain numbers; a panic mid-update leaves them usable.
        self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn end_attempt(&self) {
        // Saturating, so a stray double report cannot wrap the load term.
        let _ = self
            .in_flight
            .fetch_update(Relaxed, Relaxed, |n| n.checked_sub(1));
    }
}

/// The payment channels of one config generation and everything learnt about them.
///
/// Built once at start or reload and shared (`Arc`) by all worker threads; every
/// per-request method takes `&self`. State is not carried across reloads.
pub struct ChannelSet {
    slots: Box<[Slot]>,
    params: SelectorParams,
    /// `roll < explore_below` means explore: `exploration · 2^64`.
    explore_below: u64,
    /// How long a probe may stay unanswered (= `eject_max`), nanoseconds.
    probe_lease_ns: u64,
}

impl ChannelSet {
    /// Builds the set from `(name, weight)` pairs in config order (a channel's index is
    /// its position here) and validated parameters. Every channel starts healthy, Closed,
    /// at the `initial_latency` prior and the success-rate prior.
    ///
    /// Fails on an empty list, an empty or repeated name, a zero weight, or parameters
    /// that [`SelectorParams::validate`] refuses.
    pub fn new(
        channels: &[(impl AsRef<str>, u32)],
        params: SelectorParams,
    ) -> Result<Self, ChannelError> {
        params.validate()?;
        if channels.is_empty() {
            return Err(ChannelError::Empty);
        }
        let mut slots = Vec::with_capacity(channels.len());
        for (index, (name, weight)) in channels.iter().enumerate() {
            let name = name.as_ref();
            if name.is_empty() {
                return Err(ChannelError::EmptyName { index });
            }
            if channels[..index].iter().any(|(n, _)| n.as_ref() == name) {
                return Err(ChannelError::Duplicate { name: name.into() });
            }
            if *weight == 0 {
                return Err(ChannelError::ZeroWeight { name: name.into() });
            }
            slots.push(Self::slot(name, *weight, &params));
        }
        let set = ChannelSet {
            slots: slots.into_boxed_slice(),
            // Saturating float→int cast: exploration 1.0 gives u64::MAX.
            explore_below: (params.exploration * 2f64.powi(64)) as u64,
            probe_lease_ns: nanos(params.eject_max),
            params,
        };
        for s in set.slots.iter() {
            set.publish(s, &s.stats());
        }
        Ok(set)
    }

    fn slot(name: &str, weight: u32, p: &SelectorParams) -> Slot {
        let stats = Stats {
            ewma: PeakEwma::new(nanos(p.initial_latency) as f64, nanos(p.ewma_tau) as f64),
            window: OutcomeWindow::new(p.window.get()),
            consecutive_failures: 0,
            level: 0,
        };
        Slot {
            name: name.into(),
            weight,
            healthy: AtomicBool::new(true),
            breaker: Breaker::default(),
            base: AtomicU64::new(0),
            eliminated: AtomicBool::new(false),
            in_flight: AtomicU32::new(0),
            last_pick: AtomicU64::new(0),
            selections: AtomicU64::new(0),
            ejections: AtomicU64::new(0),
            ewma_ns: AtomicU64::new(0),
            rate: AtomicU64::new(0),
            samples: AtomicU32::new(0),
            stats: Mutex::new(stats),
        }
    }

    /// Returns the number of channels (≥ 1).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Returns false: a set always holds at least one channel (`new` refuses none).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Returns the name of channel `index`, or `None` when out of range.
    pub fn name(&self, index: usize) -> Option<&str> {
        self.slots.get(index).map(|s| &*s.name)
    }

    /// Returns the index of the channel called `name` (for wiring active health checks).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.slots.iter().position(|s| &*s.name == name)
    }

    /// Returns the parameters the set was built with.
    pub fn params(&self) -> &SelectorParams {
        &self.params
    }

    /// Picks the channel for one attempt of a payment request.
    ///
    /// `now` is monotonic nanoseconds from the caller's clock, `roll` a uniform random
    /// `u64`, and `tried` the indexes this request already used, which are never returned
    /// again. A first attempt (`tried` empty) may take a half-open channel's probe, or
    /// explore with probability `exploration`; a retry gets the best remaining channel.
    /// Returns `None` only when no untried channel is eligible (all down, ejected or
    /// tried). The pick counts as in flight until passed to [`record`](Self::record) or
    /// [`abandon`](Self::abandon). Reads atomics only; no lock, no allocation.
    pub fn select(&self, now: u64, roll: u64, tried: &[usize]) -> Option<Pick> {
        let first = tried.is_empty();
        let mut best: Option<(f64, usize)> = None;
        let mut degraded: Option<(f64, usize)> = None;
        for (i, s) in self.slots.iter().enumerate() {
            if tried.contains(&i) || !s.healthy.load(Relaxed) {
                continue;
            }
            match s.breaker.state(now) {
                State::Closed => {}
                State::HalfOpen if first && s.breaker.try_claim_probe(now, self.probe_lease_ns) => {
                    return Some(self.picked(i, Why::Probe, now));
                }
                State::HalfOpen | State::Open { .. } | State::Probing { .. } => continue,
            }
            let load = f64::from(s.in_flight.load(Relaxed).saturating_add(1));
            let score = f64::from_bits(s.base.load(Relaxed)) * load;
            let slot = if s.eliminated.load(Relaxed) {
                &mut degraded
            } else {
                &mut best
            };
            if slot.is_none_or(|(b, _)| score < b) {
                *slot = Some((score, i));
            }
        }
        let (chosen, why) = match (best, degraded) {
            (Some((_, i)), _) => (i, Why::Best),
            (None, Some((_, i))) => (i, Why::Degraded),
            (None, None) => return None,
        };
        if first && roll < self.explore_below {
            if let Some(other) = self.least_recently_picked(now, chosen) {
                return Some(self.picked(other, Why::Explore, now));
            }
        }
        Some(self.picked(chosen, why, now))
    }

    /// The eligible (healthy, Closed) channel other than `except` picked longest ago;
    /// ties go to the lower index.
    fn least_recently_picked(&self, now: u64, except: usize) -> Option<usize> {
        let mut found: Option<(u64, usize)> = None;
        for (i, s) in self.slots.iter().enumerate() {
            if i == except || !s.healthy.load(Relaxed) || s.breaker.state(now) != State::Closed {
                continue;
            }
            let at = s.last_pick.load(Relaxed);
            if found.is_none_or(|(t, _)| at < t) {
                found = Some((at, i));
            }
        }
        found.map(|(_, i)| i)
    }

    fn picked(&self, index: usize, why: Why, now: u64) -> Pick {
        if let Some(s) = self.slots.get(index) {
            s.selections.fetch_add(1, Relaxed);
            s.in_flight.fetch_add(1, Relaxed);
            s.last_pick.store(now, Relaxed);
        }
        Pick { index, why }
    }

    /// Reports how an attempt ended, at caller-clock `now`; called once per [`Pick`] when
    /// the channel answered, failed or timed out. Updates the latency estimate, the
    /// success window and the circuit (a probe's outcome closes or reopens it), ends the
    /// attempt's in-flight count and republishes the channel's score. Takes only this
    /// channel's mutex, briefly; does not allocate.
    pub fn record(&self, pick: Pick, outcome: Outcome, now: u64) {
        let Some(s) = self.slots.get(pick.index) else {
            return;
        };
        s.end_attempt();
        let success = matches!(outcome, Outcome::Success { .. });
        let mut st = s.stats();
        match outcome {
            Outcome::Success { latency } => st.ewma.observe(nanos(latency) as f64, now),
            Outcome::Timeout { after } => st.ewma.raise(nanos(after) as f64, now),
            Outcome::Failure => {}
        }
        st.window.push(success);
        st.consecutive_failures = if success {
            0
        } else {
            st.consecutive_failures.saturating_add(1)
        };
        let p = &self.params;
        let tripped = st.consecutive_failures >= p.eject_after.get();
        let open_for = circuit::backoff(p.eject_base, p.eject_max, st.level);
        let probe = pick.why == Why::Probe;
        match s.breaker.record(now, probe, success, tripped, open_for) {
            Step::Keep => {}
            Step::Close => {
                st.level = 0;
                st.consecutive_failures = 0;
            }
            Step::Eject => {
                st.level = st.level.saturating_add(1);
                st.consecutive_failures = 0;
                s.ejections.fetch_add(1, Relaxed);
            }
        }
        self.publish(s, &st);
    }

    /// Ends an attempt that produced no verdict on the channel (the client went away, the
    /// request was cancelled before sending). An abandoned probe is handed back so the next
    /// first attempt can probe at once.
    pub fn abandon(&self, pick: Pick, now: u64) {
        let Some(s) = self.slots.get(pick.index) else {
            return;
        };
        s.end_attempt();
        if pick.why == Why::Probe {
            s.breaker.release_probe(now);
        }
    }

    /// Sets channel `index`'s active health verdict; called by the active health checker.
    /// A down channel is never selected (not even to probe or explore) until set up
    /// again; its circuit and statistics are kept. Out-of-range indexes are ignored.
    pub fn set_active_health(&self, index: usize, up: bool) {
        if let Some(s) = self.slots.get(index) {
            s.healthy.store(up, Relaxed);
        }
    }

    /// Returns every channel's state at caller-clock `now`, in index order; for the admin
    /// API and metrics (allocates, not for the request path).
    pub fn snapshot(&self, now: u64) -> Vec<ChannelSnapshot> {
        let total: u64 = self.slots.iter().map(|s| s.selections.load(Relaxed)).sum();
        self.slots
            .iter()
            .map(|s| {
                let selections = s.selections.load(Relaxed);
                ChannelSnapshot {
                    name: s.name.to_string(),
                    weight: s.weight,
                    healthy: s.healthy.load(Relaxed),
                    circuit: match s.breaker.state(now) {
                        State::Closed => Circuit::Closed,
                        State::Open { until } => Circuit::Open {
                            retry_in: Duration::from_nanos(until.saturating_sub(now)),
                        },
                        State::HalfOpen => Circuit::HalfOpen { probing: false },
                        State::Probing { .. } => Circuit::HalfOpen { probing: true },
                    },
                    ewma_latency: Duration::from_nanos(
                        f64::from_bits(s.ewma_ns.load(Relaxed)) as u64
                    ),
                    success_rate: f64::from_bits(s.rate.load(Relaxed)),
                    samples: s.samples.load(Relaxed),
                    eliminated: s.eliminated.load(Relaxed),
                    in_flight: s.in_flight.load(Relaxed),
                    selections,
                    ejections: s.ejections.load(Relaxed),
                    share: if total == 0 {
                        0.0
                    } else {
                        selections as f64 / total as f64
                    },
                }
            })
            .collect()
    }

    /// Recomputes the channel's derived values from its stats and stores them where
    /// `select` reads them. Individually atomic; a select racing with this may mix old
    /// and new values of one channel, which only shifts one decision by one sample.
    fn publish(&self, s: &Slot, st: &Stats) {
        let n = st.window.len();
        let rate = (st.window.successes() as f64 + PRIOR_SUCCESSES) / (n as f64 + PRIOR_OUTCOMES);
        let ewma = st.ewma.get();
        let base = ewma / (rate * rate * f64::from(s.weight));
        let samples = u32::try_from(n).unwrap_or(u32::MAX);
        s.ewma_ns.store(ewma.to_bits(), Relaxed);
        s.rate.store(rate.to_bits(), Relaxed);
        s.samples.store(samples, Relaxed);
        s.base.store(base.to_bits(), Relaxed);
        let eliminated = samples >= self.params.min_samples && rate < self.params.min_success_rate;
        s.eliminated.store(eliminated, Relaxed);
    }
}

/// A duration in nanoseconds, saturating at `u64::MAX` (585 years).
fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}
