//! The per-channel circuit breaker (passive outlier detection): Closed → Open after a run
//! of failures → HalfOpen once the backoff passes → one probe → Closed or Open again.
//!
//! The whole state is one `AtomicU64`, so `select` reads it with a plain load and claims
//! the single half-open probe with one compare-and-swap; no timer task exists, an Open
//! circuit simply reads as HalfOpen once its deadline is behind the caller's `now`.
//! Counting consecutive failures and the backoff level belongs to the channel's stats
//! (under its mutex); this module only encodes states and decides transitions.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Set while a half-open probe is out; the low 63 bits then hold the probe's lease end.
const PROBE: u64 = 1 << 63;
/// The low 63 bits: a deadline in caller-clock nanoseconds.
const TIME: u64 = PROBE - 1;
/// The word of a circuit that is half-open with no probe out ("open until t = 1").
const HALF_OPEN: u64 = 1;

/// A decoded circuit state at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// Traffic flows.
    Closed,
    /// Ejected until `until` (caller-clock nanoseconds).
    Open { until: u64 },
    /// Backoff over; the next first attempt may take the probe.
    HalfOpen,
    /// The probe is out; no other traffic until it answers or its lease ends at `lease`.
    Probing { lease: u64 },
}

/// What an outcome did to the circuit, for the caller's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// No transition.
    Keep,
    /// A probe succeeded: back to Closed.
    Close,
    /// Ejected (from Closed after a failure run, or from HalfOpen after a failed probe).
    Eject,
}

/// Decodes a state word as seen at `now`.
pub(crate) fn decode(word: u64, now: u64) -> State {
    let t = word & TIME;
    match (word, word & PROBE != 0) {
        (0, _) => State::Closed,
        (_, true) if now < t => State::Probing { lease: t },
        (_, true) => State::HalfOpen, // the probe's lease ran out: presumed lost
        _ if now < t => State::Open { until: t },
        _ => State::HalfOpen,
    }
}

/// Returns how long the `level`-th consecutive ejection lasts (level 0 = first):
/// `base · 2^level`, capped at `max`.
pub(crate) fn backoff(base: Duration, max: Duration, level: u32) -> Duration {
    let factor = 1u32.checked_shl(level).unwrap_or(u32::MAX);
    base.saturating_mul(factor).min(max)
}

/// Returns the transition an outcome causes in `state`. Only a probe's answer decides a
/// half-open circuit (answers of requests sent before the ejection are stale); answers
/// arriving while Open change nothing; in Closed, `tripped` (the failure run reached
/// `eject_after`) ejects.
pub(crate) fn step(state: State, probe: bool, success: bool, tripped: bool) -> Step {
    match state {
        State::Closed if !success && tripped => Step::Eject,
        State::Closed | State::Open { .. } => Step::Keep,
        State::HalfOpen | State::Probing { .. } if !probe => Step::Keep,
        State::HalfOpen | State::Probing { .. } if success => Step::Close,
        State::HalfOpen | State::Probing { .. } => Step::Eject,
    }
}

/// The atomic circuit word of one channel.
#[derive(Debug, Default)]
pub(crate) struct Breaker {
    word: AtomicU64,
}

impl Breaker {
    /// Returns the state at `now`; one atomic load.
    pub(crate) fn state(&self, now: u64) -> State {
        decode(self.word.load(Ordering::Acquire), now)
    }

    /// Claims the half-open probe for one request; true when this caller got it. The claim
    /// lapses at `now + lease_ns` if nobody reports the probe's outcome.
    pub(crate) fn try_claim_probe(&self, now: u64, lease_ns: u64) -> bool {
        let w = self.word.load(Ordering::Acquire);
        if decode(w, now) != State::HalfOpen {
            return false;
        }
        let lease = now.saturating_add(lease_ns).clamp(1, TIME);
        self.word
            .compare_exchange(w, PROBE | lease, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Gives back a probe that will never answer (the request was abandoned), so the next
    /// first attempt can probe at once.
    pub(crate) fn release_probe(&self, now: u64) {
        let w = self.word.load(Ordering::Acquire);
        if matches!(decode(w, now), State::Probing { .. }) {
            // Losing this race means the circuit moved on already; nothing to undo.
            let _ = self
                .word
                .compare_exchange(w, HALF_OPEN, Ordering::AcqRel, Ordering::Acquire);
        }
    }

    /// Applies one outcome at `now`; `open_for` is the backoff an ejection would use.
    /// Retries on a lost race with a concurrent probe claim, so the returned step is the
    /// one that took effect.
    pub(crate) fn record(
        &self,
        now: u64,
        probe: bool,
        success: bool,
        tripped: bool,
        open_for: Duration,
    ) -> Step {
        let mut w = self.word.load(Ordering::Acquire);
        loop {
            let s = step(decode(w, now), probe, success, tripped);
            let new = match s {
                Step::Keep => return s,
                Step::Close => 0,
                Step::Eject => {
                    let ns = u64::try_from(open_for.as_nanos()).unwrap_or(u64::MAX);
                    // Clamped to ≥ 2 so a zero backoff at `now = 0` is not read as Closed
                    // or as the half-open marker's neighbour; ≤ TIME keeps the probe bit.
                    now.saturating_add(ns).clamp(2, TIME)
                }
            };
            match self
                .word
                .compare_exchange(w, new, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return s,
                Err(actual) => w = actual,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000_000;

    #[test]
    fn decodes_words_by_table() {
        let cases = [
            (0, 5 * S, State::Closed),
            (10 * S, 5 * S, State::Open { until: 10 * S }),
            (10 * S, 10 * S, State::HalfOpen),
            (HALF_OPEN, 5 * S, State::HalfOpen),
            (PROBE | (10 * S), 5 * S, State::Probing { lease: 10 * S }),
            (PROBE | (10 * S), 11 * S, State::HalfOpen),
        ];
        for (word, now, want) in cases {
            assert_eq!(decode(word, now), want, "word {word:#x} at {now}");
        }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let (base, max) = (Duration::from_secs(1), Duration::from_secs(30));
        let got: Vec<u64> = (0..8).map(|l| backoff(base, max, l).as_secs()).collect();
        assert_eq!(got, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(backoff(base, max, 200), max, "huge levels saturate");
    }

    #[test]
    fn steps_by_table() {
        let open = State::Open { until: 9 };
        let probing = State::Probing { lease: 9 };
        // (state, probe, success, tripped, want)
        let cases = [
            (State::Closed, false, false, false, Step::Keep),
            (State::Closed, false, false, true, Step::Eject),
            (State::Closed, false, true, true, Step::Keep),
            (State::Closed, true, false, true, Step::Eject),
            (open, false, false, true, Step::Keep),
            (open, true, true, false, Step::Keep),
            (State::HalfOpen, false, true, false, Step::Keep),
            (State::HalfOpen, true, true, false, Step::Close),
            (probing, true, true, false, Step::Close),
            (probing, true, false, false, Step::Eject),
            (probing, false, false, true, Step::Keep),
        ];
        for (state, probe, success, tripped, want) in cases {
            assert_eq!(
                step(state, probe, success, tripped),
                want,
                "{state:?} probe={probe} success={success} tripped={tripped}"
            );
        }
    }

    #[test]
    fn one_probe_per_half_open_and_its_lease_expires() {
        let b = Breaker::default();
        let d = Duration::from_secs(1);
        assert_eq!(b.record(0, false, false, true, d), Step::Eject);
        assert!(!b.try_claim_probe(S / 2, 5 * S), "still open");
        assert!(b.try_claim_probe(S, 5 * S));
        assert!(!b.try_claim_probe(S, 5 * S), "second claim refused");
        assert_eq!(b.state(2 * S), State::Probing { lease: 6 * S });
        assert!(
            b.try_claim_probe(6 * S, 5 * S),
            "lapsed lease is reclaimable"
        );
        b.release_probe(7 * S);
        assert_eq!(b.state(7 * S), State::HalfOpen);
        assert!(b.try_claim_probe(7 * S, 5 * S));
        assert_eq!(b.record(8 * S, true, true, false, d), Step::Close);
        assert_eq!(b.state(8 * S), State::Closed);
    }

    #[test]
    fn zero_backoff_at_time_zero_still_reads_open_or_half_open() {
        let b = Breaker::default();
        b.record(0, false, false, true, Duration::ZERO);
        assert_eq!(b.state(0), State::Open { until: 2 });
        assert_eq!(b.state(2), State::HalfOpen);
    }
}
