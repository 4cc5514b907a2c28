//! Peak-sensitive, time-decayed moving average of a channel's response time (Linkerd's
//! peak-EWMA).
//!
//! Owns only the arithmetic on one estimate; it knows nothing about channels, locking or
//! scores. It deliberately does not decay toward zero when idle (as tower's `PeakEwma` does
//! on read): riskgate picks the single best channel rather than the better of two random
//! ones, so an idle channel whose estimate melted to zero would pull every request at once.
//! Re-measuring idle channels is the exploration share's job instead.

/// A latency estimate in nanoseconds that jumps up to any slower sample at once and
/// decays toward faster samples with time constant `tau`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PeakEwma {
    /// The current estimate, nanoseconds.
    ns: f64,
    /// Caller-clock nanoseconds of the last sample that moved the estimate; `None` while
    /// the estimate is still the prior.
    at: Option<u64>,
    /// The decay time constant, nanoseconds (> 0, checked by the params validation).
    tau_ns: f64,
}

impl PeakEwma {
    /// Starts at `prior_ns`, which the first real sample replaces outright.
    pub(crate) fn new(prior_ns: f64, tau_ns: f64) -> Self {
        PeakEwma {
            ns: prior_ns,
            at: None,
            tau_ns,
        }
    }

    /// Returns the estimate in nanoseconds.
    pub(crate) fn get(&self) -> f64 {
        self.ns
    }

    /// Folds in a successful response time observed at `now`.
    ///
    /// A sample above the estimate replaces it (the peak); a faster one is blended in with
    /// weight `1 - exp(-Δt/τ)`, Δt being the time since the previous sample, so sparse
    /// samples move the estimate a lot and a burst of samples only a little.
    pub(crate) fn observe(&mut self, rtt_ns: f64, now: u64) {
        match self.at {
            None => self.ns = rtt_ns,
            Some(_) if rtt_ns > self.ns => self.ns = rtt_ns,
            Some(prev) => {
                let dt = now.saturating_sub(prev) as f64;
                let w = (-dt / self.tau_ns).exp();
                self.ns = self.ns * w + rtt_ns * (1.0 - w);
            }
        }
        self.at = Some(now);
    }

    /// Raises the estimate to `floor_ns` when that is higher (a timeout proves the channel
    /// took at least that long); never lowers it. A timeout below an unmeasured channel's
    /// prior changes nothing, so its first success still replaces the prior.
    pub(crate) fn raise(&mut self, floor_ns: f64, now: u64) {
        if floor_ns > self.ns {
            self.ns = floor_ns;
            self.at = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: f64 = 1e6;
    const TAU: f64 = 10_000.0 * MS;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-3 * b.abs().max(1.0)
    }

    #[test]
    fn follows_samples_by_table() {
        // (prior, samples as (rtt ms, at ms), expected estimate ms)
        let e1 = (-1.0f64).exp();
        type Case<'a> = (f64, &'a [(f64, f64)], f64);
        let cases: &[Case] = &[
            (100.0, &[], 100.0),
            // The first sample replaces the prior, whether faster or slower.
            (100.0, &[(20.0, 0.0)], 20.0),
            (10.0, &[(20.0, 0.0)], 20.0),
            // A slower sample is a peak: taken at once.
            (100.0, &[(20.0, 0.0), (500.0, 1.0)], 500.0),
            // A faster sample one τ later keeps e^-1 of the old estimate.
            (
                100.0,
                &[(500.0, 0.0), (20.0, 10_000.0)],
                500.0 * e1 + 20.0 * (1.0 - e1),
            ),
            // Samples at the same instant do not move the estimate down at all.
            (100.0, &[(500.0, 0.0), (20.0, 0.0), (20.0, 0.0)], 500.0),
        ];
        for (prior, samples, want) in cases {
            let mut e = PeakEwma::new(prior * MS, TAU);
            for (rtt, at) in *samples {
                e.observe(rtt * MS, (at * MS) as u64);
            }
            assert!(
                close(e.get() / MS, *want),
                "prior {prior} samples {samples:?}: got {} want {want}",
                e.get() / MS
            );
        }
    }

    #[test]
    fn peak_decays_over_tau_toward_fast_samples() {
        let mut e = PeakEwma::new(100.0 * MS, TAU);
        e.observe(20.0 * MS, 0);
        e.observe(500.0 * MS, 1);
        let mut prev = e.get();
        // Fast samples every second: the estimate falls monotonically and after 5τ is
        // within 1% of the true 20 ms (500·e^-5 ≈ 3.4 ms above).
        for s in 1..=50u64 {
            e.observe(20.0 * MS, s * 1_000_000_000);
            assert!(e.get() < prev, "estimate rose at {s}s");
            prev = e.get();
        }
        let expect = 20.0 + 480.0 * (-5.0f64).exp();
        assert!(close(e.get() / MS, expect), "{} vs {expect}", e.get() / MS);
    }

    #[test]
    fn time_going_backwards_keeps_the_estimate() {
        let mut e = PeakEwma::new(100.0 * MS, TAU);
        e.observe(300.0 * MS, 5_000_000_000);
        e.observe(20.0 * MS, 4_000_000_000);
        assert!(close(e.get() / MS, 300.0));
    }

    #[test]
    fn timeouts_only_raise() {
        let mut e = PeakEwma::new(100.0 * MS, TAU);
        e.raise(50.0 * MS, 0);
        assert!(
            close(e.get() / MS, 100.0),
            "unmeasured keeps the higher prior"
        );
        e.observe(20.0 * MS, 1);
        assert!(
            close(e.get() / MS, 20.0),
            "the first success replaces the prior"
        );
        e.raise(10.0 * MS, 2);
        assert!(close(e.get() / MS, 20.0), "a short timeout never lowers");
        e.raise(2_000.0 * MS, 3);
        assert!(close(e.get() / MS, 2_000.0), "a long timeout is a peak");
    }
}
