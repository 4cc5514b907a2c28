//! The shared-state backend's metric families (`riskgate_state_*`), registered once by
//! [`super::Metrics::register`].
//!
//! Owns the families only; `crate::state::RedisState` records into them. Labels are closed
//! sets (fault causes, guard kinds, policies).

use prometheus::{Histogram, HistogramOpts, IntCounterVec, Opts, Registry};

/// Redis round-trip buckets: a loopback pipeline takes 50–300 µs, a same-zone one up to
/// ~1 ms, and the default budget is 5 ms; beyond that is a timeout.
const STATE_BUCKETS: [f64; 10] = [
    0.000_05, 0.000_1, 0.000_2, 0.000_3, 0.000_5, 0.001, 0.002, 0.005, 0.01, 0.05,
];

/// Every `riskgate_state_*` family.
#[derive(Clone)]
pub struct StateMetrics {
    /// Calls to the shared state that got no usable answer, by cause (timeout, error,
    /// breaker_open).
    pub errors: IntCounterVec,
    /// Time of one order's Redis round trip (answered or timed out).
    pub seconds: Histogram,
    /// Guard checks decided by the `on_error` policy, by guard kind and policy.
    pub fallbacks: IntCounterVec,
}

fn def<T>(r: prometheus::Result<T>) -> T {
    r.expect("static metric definition")
}

impl StateMetrics {
    /// Creates the families and registers them in `registry`. Called once at start.
    pub fn register(registry: &Registry) -> Self {
        let errors = def(IntCounterVec::new(
            Opts::new(
                "riskgate_state_errors_total",
                "Shared-state (Redis) calls without a usable answer, by cause (timeout, error, \
                 breaker_open).",
            ),
            &["cause"],
        ));
        let seconds = def(Histogram::with_opts(
            HistogramOpts::new(
                "riskgate_state_seconds",
                "Time of one order's shared-state (Redis) round trip.",
            )
            .buckets(STATE_BUCKETS.to_vec()),
        ));
        let fallbacks = def(IntCounterVec::new(
            Opts::new(
                "riskgate_state_fallbacks_total",
                "Guard checks decided by the state on_error policy while Redis could not \
                 answer, by guard (rate, purchase) and policy (local, deny, allow).",
            ),
            &["guard", "policy"],
        ));
        for c in [
            Box::new(errors.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(seconds.clone()),
            Box::new(fallbacks.clone()),
        ] {
            def(registry.register(c));
        }
        StateMetrics {
            errors,
            seconds,
            fallbacks,
        }
    }
}
