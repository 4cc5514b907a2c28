//! The review queue's metric families (`riskgate_review*`), registered once by
//! [`super::Metrics::register`].
//!
//! Owns the families only; `reviews::ReviewHub` updates them. The outcome label is a
//! closed set ([`ReviewMetrics::OUTCOMES`]), every child present at 0 from start-up.

use prometheus::{IntCounterVec, IntGauge, Opts, Registry};

/// Every `riskgate_review*` family.
#[derive(Clone)]
pub struct ReviewMetrics {
    /// Orders waiting for review now.
    pub pending: IntGauge,
    /// Age of the oldest pending order, whole seconds (0 when none).
    pub oldest_seconds: IntGauge,
    /// Review events by outcome.
    pub total: IntCounterVec,
}

impl ReviewMetrics {
    /// The `outcome` values: `held` (stored, 202), `store_failed` (could not be stored,
    /// 503), `approved`, `denied`, `expired` (denied by the sweep), `expired_approved`
    /// (approved by the sweep), `forward_failed` (approval could not reach the shop;
    /// the order is pending again).
    pub const OUTCOMES: [&'static str; 7] = [
        "held",
        "store_failed",
        "approved",
        "denied",
        "expired",
        "expired_approved",
        "forward_failed",
    ];

    /// Creates the families and registers them in `registry`. Called once at start.
    pub fn register(registry: &Registry) -> Self {
        let pending = IntGauge::new(
            "riskgate_reviews_pending",
            "Orders held for review and not yet approved, denied or expired.",
        )
        .expect("static metric");
        let oldest_seconds = IntGauge::new(
            "riskgate_review_oldest_seconds",
            "Age of the oldest order waiting for review, seconds (0 when none).",
        )
        .expect("static metric");
        let total = IntCounterVec::new(
            Opts::new(
                "riskgate_reviews_total",
                "Review queue events by outcome (held, store_failed, approved, denied, \
                 expired, expired_approved, forward_failed).",
            ),
            &["outcome"],
        )
        .expect("static metric");
        for m in [
            Box::new(pending.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(oldest_seconds.clone()),
            Box::new(total.clone()),
        ] {
            registry.register(m).expect("unique metric name");
        }
        for o in Self::OUTCOMES {
            total.with_label_values(&[o]);
        }
        ReviewMetrics {
            pending,
            oldest_seconds,
            total,
        }
    }
}
