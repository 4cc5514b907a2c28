//! The selector's tuning knobs, their defaults and their validation.
//!
//! These are runtime values (already `Duration`s and non-zero integers); reading them from
//! TOML, and naming the config field in errors, is the config module's job. This module
//! only refuses combinations the selector cannot work with.

use super::ChannelError;
use std::num::{NonZeroU32, NonZeroUsize};
use std::time::Duration;

/// The largest accepted success window; 64 Ki outcomes is already minutes of traffic at
/// high load, and it keeps the per-channel bitset at 8 KiB.
pub const MAX_WINDOW: usize = 1 << 16;

/// Tuning of scoring, exploration, elimination and ejection, shared by every channel of a
/// [`ChannelSet`](super::ChannelSet).
#[derive(Debug, Clone, PartialEq)]
pub struct SelectorParams {
    /// Time constant of the latency EWMA: a sample's influence falls to 1/e after this long.
    pub ewma_tau: Duration,
    /// How many recent outcomes the success rate is computed over.
    pub window: NonZeroUsize,
    /// Share of first attempts (0..=1) sent to a channel other than the best, so recovering
    /// and new channels keep being measured.
    pub exploration: f64,
    /// Success rate (0..=1) below which a channel is eliminated: only exploration reaches it.
    pub min_success_rate: f64,
    /// Outcomes a channel must have in its window before it can be eliminated.
    pub min_samples: u32,
    /// Consecutive failures or timeouts that eject a channel (open its circuit).
    pub eject_after: NonZeroU32,
    /// How long the first ejection lasts; each further consecutive ejection doubles it.
    pub eject_base: Duration,
    /// Cap on the ejection time; also how long a half-open probe may stay unanswered before
    /// it is presumed lost and another is admitted.
    pub eject_max: Duration,
    /// Latency assumed for a channel with no measurement yet; optimistic (below typical
    /// payment API latency) so new channels are tried, replaced by the first real sample.
    pub initial_latency: Duration,
}

impl Default for SelectorParams {
    /// Returns the defaults: τ 10 s (Linkerd's), window 200 outcomes, exploration 5 %,
    /// eliminate below 0.35 after 20 outcomes (decision-engine's figures), eject after 5
    /// consecutive failures for 1 s doubling up to 30 s, prior latency 100 ms.
    fn default() -> Self {
        SelectorParams {
            ewma_tau: Duration::from_secs(10),
            window: NonZeroUsize::new(200).unwrap_or(NonZeroUsize::MIN),
            exploration: 0.05,
            min_success_rate: 0.35,
            min_samples: 20,
            eject_after: NonZeroU32::new(5).unwrap_or(NonZeroU32::MIN),
            eject_base: Duration::from_secs(1),
            eject_max: Duration::from_secs(30),
            initial_latency: Duration::from_millis(100),
        }
    }
}

impl SelectorParams {
    /// Checks the values the types cannot: fractions in 0..=1, non-zero durations,
    /// `eject_base ≤ eject_max`, `window ≤ MAX_WINDOW`, `min_samples ≤ window`. Called by `ChannelSet::new`.
    pub fn validate(&self) -> Result<(), ChannelError> {
        let bad = |field, reason| Err(ChannelError::Param { field, reason });
        let fraction = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        if self.ewma_tau.is_zero() {
            return bad("ewma_tau", "must be > 0");
        }
        if self.window.get() > MAX_WINDOW {
            return bad("window", "must be at most 65536 outcomes");
        }
        if self.min_samples as usize > self.window.get() {
            return bad(
                "min_samples",
                "must be at most window (it could never be reached)",
            );
        }
        if !fraction(self.exploration) {
            return bad("exploration", "must be between 0 and 1");
        }
        if !fraction(self.min_success_rate) {
            return bad("min_success_rate", "must be between 0 and 1");
        }
        if self.eject_base.is_zero() {
            return bad("eject_base", "must be > 0");
        }
        if self.eject_max < self.eject_base {
            return bad("eject_max", "must be at least eject_base");
        }
        if self.initial_latency.is_zero() {
            return bad("initial_latency", "must be > 0");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_the_docs() {
        let p = SelectorParams::default();
        assert_eq!(p.validate(), Ok(()));
        assert_eq!(
            (p.window.get(), p.min_samples, p.eject_after.get()),
            (200, 20, 5)
        );
        assert_eq!((p.exploration, p.min_success_rate), (0.05, 0.35));
    }

    #[test]
    fn refuses_bad_values_naming_the_field() {
        type Edit = fn(&mut SelectorParams);
        let cases: [(Edit, &str); 10] = [
            (|p| p.min_samples = 201, "min_samples"),
            (|p| p.ewma_tau = Duration::ZERO, "ewma_tau"),
            (|p| p.window = NonZeroUsize::MAX, "window"),
            (|p| p.exploration = -0.1, "exploration"),
            (|p| p.exploration = f64::NAN, "exploration"),
            (|p| p.min_success_rate = 1.5, "min_success_rate"),
            (|p| p.eject_base = Duration::ZERO, "eject_base"),
            (|p| p.eject_max = Duration::from_millis(500), "eject_max"),
            (|p| p.initial_latency = Duration::ZERO, "initial_latency"),
            (|p| p.exploration = f64::INFINITY, "exploration"),
        ];
        for (edit, field) in cases {
            let mut p = SelectorParams::default();
            edit(&mut p);
            match p.validate() {
                Err(ChannelError::Param { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: expected a Param error, got {other:?}"),
            }
        }
    }
}
