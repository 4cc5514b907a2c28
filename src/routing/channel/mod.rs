//! Payment-channel selection: which channel gets the next payment attempt, and which
//! channels are ejected for failing.
//!
//! Owns per-channel scoring, exploration, elimination, the passive circuit breaker and the
//! counters behind `GET /channels` and the channel metrics. It deliberately does not send
//! requests, run active health checks (their verdict comes in through
//! [`ChannelSet::set_active_health`]), read clocks or random numbers (callers pass `now` and
//! `roll`, so tests are deterministic), or know anything about config files or pingora.
//!
//! # Algorithm
//! Each channel keeps a peak-EWMA of successful response times (`ewma.rs`, Linkerd's
//! estimator: a slower sample is taken at once, faster ones blend in with weight
//! `1 - exp(-Δt/τ)`) and a sliding window of its last `window` outcomes (`window.rs`). Its
//! score, lower is better, is
//!
//! ```text
//! score = ewma_latency × (in_flight + 1) / (success_rate² × weight)
//! ```
//!
//! - `ewma_latency × (in_flight + 1)` is Linkerd's peak-EWMA load: the wait a new request
//!   should expect, so concurrent requests spread before one channel queues up.
//! - `success_rate²`: one `1/p` is the expected number of attempts until one succeeds; the
//!   second reflects that a failed payment costs more than its latency (a failover hop, a
//!   slower checkout). Success therefore dominates between channels of similar speed:
//!   0.90 against 0.99 success is worth 21 % more latency.
//! - `success_rate = (successes + 1.9) / (outcomes + 2)`: a Beta prior worth two outcomes
//!   with mean 0.95, so a new channel starts optimistic but neither 0 nor 1.
//! - `weight` is the operator's preference (fees, contracts): weight 2 accepts twice the
//!   latency.
//!
//! A channel is eligible when its active health check is up and its circuit is Closed.
//! Among eligible channels the lowest score wins, skipping those *eliminated* (at least
//! `min_samples` outcomes and `success_rate < min_success_rate`); if all are eliminated the
//! best of them still serves ([`Why::Degraded`]) rather than nothing. With probability
//! `exploration`, a first attempt goes to the eligible non-best channel picked least
//! recently (eliminated ones included), so recovering and new channels keep being measured
//! round-robin. Retries (`tried` non-empty) never explore or probe: a request that already
//! failed once gets the best remaining channel.
//!
//! Passive outlier detection (`circuit.rs`): `eject_after` consecutive failures or timeouts
//! open a channel's circuit for `eject_base × 2^(k-1)` (k-th consecutive ejection, capped at
//! `eject_max`); afterwards the next first attempt is the single probe ([`Why::Probe`]); its
//! success closes the circuit and resets the backoff, its failure reopens it for twice as
//! long. The Open → HalfOpen flip happens lazily inside [`ChannelSet::select`].
//!
//! # Concurrency and cost
//! A [`ChannelSet`] is shared by all worker threads. `select` reads only atomics (one
//! cache-line-aligned block per channel) and writes the chosen channel's counters; `record`
//! takes that channel's own mutex for a few arithmetic operations. Neither allocates, and
//! there is no global lock.

mod circuit;
mod ewma;
mod params;
mod set;
mod window;

#[cfg(test)]
mod tests;

pub use params::{SelectorParams, MAX_WINDOW};
pub use set::ChannelSet;

use std::time::Duration;

/// Errors building a [`ChannelSet`]: only bad configuration, never a request outcome.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    /// No channel was given.
    #[error("no payment channels configured")]
    Empty,
    /// A channel has an empty name.
    #[error("payment channel #{index}: name is empty")]
    EmptyName {
        /// Position in the list given to `ChannelSet::new`.
        index: usize,
    },
    /// Two channels share a name.
    #[error("payment channel {name}: listed twice")]
    Duplicate {
        /// The repeated name.
        name: String,
    },
    /// A channel's weight is zero.
    #[error("payment channel {name}: weight must be > 0")]
    ZeroWeight {
        /// The channel's name.
        name: String,
    },
    /// A selector parameter is out of range.
    #[error("channel selector {field}: {reason}")]
    Param {
        /// The `SelectorParams` field.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Why a channel was picked; logged with the attempt and counted in metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Why {
    /// Lowest score among non-eliminated eligible channels.
    Best,
    /// The exploration share: an eligible non-best channel, to keep it measured.
    Explore,
    /// The single half-open probe of a channel whose ejection time has passed.
    Probe,
    /// Every eligible channel is eliminated; this is the best of them.
    Degraded,
}

/// One attempt's channel, returned by [`ChannelSet::select`].
///
/// The attempt counts as in flight until it is handed back to exactly one of
/// [`ChannelSet::record`] or [`ChannelSet::abandon`]. Fields are private so that a `Pick`
/// always comes from `select` (a probe's outcome is what closes a circuit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    index: usize,
    why: Why,
}

impl Pick {
    /// Returns the channel's index (its position in the list given to `ChannelSet::new`);
    /// pass it in `tried` when selecting a failover channel.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Returns why this channel was picked.
    pub fn why(&self) -> Why {
        self.why
    }
}

/// How one attempt on a channel ended, as classified by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The channel answered usably (a card decline is a success here: the channel worked);
    /// `latency` is request start to response headers.
    Success {
        /// Response time.
        latency: Duration,
    },
    /// Connection error, reset or a 5xx: counts against the success rate and toward
    /// ejection; says nothing about latency.
    Failure,
    /// No answer within the caller's deadline: a failure whose duration also raises the
    /// latency estimate when it exceeds it.
    Timeout {
        /// How long the attempt waited.
        after: Duration,
    },
}

/// A channel's circuit as shown in snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Circuit {
    /// Traffic flows.
    Closed,
    /// Ejected; the probe becomes possible in `retry_in`.
    Open {
        /// Time left until half-open.
        retry_in: Duration,
    },
    /// Ejection time over; `probing` is true while the single probe is out.
    HalfOpen {
        /// Whether the probe is in flight.
        probing: bool,
    },
}

/// One channel's state for `GET /channels` and the channel metrics, from
/// [`ChannelSet::snapshot`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSnapshot {
    /// Channel name.
    pub name: String,
    /// Configured weight (> 0).
    pub weight: u32,
    /// The active health check's last verdict (true until told otherwise).
    pub healthy: bool,
    /// Passive circuit state at the snapshot's `now`.
    pub circuit: Circuit,
    /// Peak-EWMA of successful response times (the prior until the first sample).
    pub ewma_latency: Duration,
    /// Success-rate estimate used for scoring (window plus prior), 0..1.
    pub success_rate: f64,
    /// Outcomes in the window (≤ `window`).
    pub samples: u32,
    /// Below `min_success_rate` with at least `min_samples` outcomes.
    pub eliminated: bool,
    /// Attempts picked and not yet recorded or abandoned.
    pub in_flight: u32,
    /// Times picked since the set was built.
    pub selections: u64,
    /// Times ejected since the set was built.
    pub ejections: u64,
    /// `selections` over all channels' selections (0 when nothing was selected yet).
    pub share: f64,
}
