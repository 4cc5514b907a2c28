//! The money path's metric families: payment channels and callbacks.
//!
//! Part of [`crate::metrics`] (registered by `Metrics::register`); split out only to keep
//! files short. Labels are bounded: group and channel names come from the config, outcomes
//! and reasons from fixed sets.

use prometheus::{
    GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry,
};

/// Payment-channel answer time buckets, seconds: 5 ms … 10 s.
const CHANNEL_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0,
];

/// Callback-to-delivery latency buckets, seconds: 10 ms … 1 h (retries stretch the tail).
const DELIVERY_BUCKETS: [f64; 14] = [
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0,
];

/// Channel and callback families.
pub struct MoneyMetrics {
    /// Latency EWMA per channel, seconds (updated by housekeeping).
    pub channel_latency_ewma: GaugeVec,
    /// Time to a payment channel's answer, per group and channel (percentiles for
    /// dashboards; the EWMA is what selection uses).
    pub channel_latency: HistogramVec,
    /// Success rate per channel, 0..1.
    pub channel_success_rate: GaugeVec,
    /// 1 when a channel can take traffic (healthy and circuit not open).
    pub channel_up: IntGaugeVec,
    /// Payment attempts by group, channel and why the channel was picked (best, explore,
    /// probe, degraded).
    pub channel_selections: IntCounterVec,
    /// Channels recommended to the shop for a scored order (`X-Payment-Channel`), by group
    /// and channel: no payment is attempted, so they are kept out of `channel_selections`.
    pub channel_recommendations: IntCounterVec,
    /// Attempts moved to another channel after a failure, by group.
    pub channel_failovers: IntCounterVec,
    /// Payments answered `X-Payment-Status: unknown` (sent, no certain outcome), by group
    /// and channel.
    pub channel_unknown: IntCounterVec,
    /// Status-endpoint queries after an unknown outcome, by group and answer
    /// (`no_charge`, `not_confirmed`).
    pub channel_status_queries: IntCounterVec,
    /// Ejections by the passive circuit breaker, by group and channel.
    pub channel_ejections: IntCounterVec,
    /// Callbacks received by channel (config names: bounded), dialect and outcome.
    pub callbacks_received: IntCounterVec,
    /// Spool records by state (pending, dead).
    pub callback_spool: IntGaugeVec,
    /// Delivery attempts by outcome (delivered, retry, dead).
    pub callback_deliveries: IntCounterVec,
    /// Time from a callback's arrival to its delivery.
    pub callback_delivery_seconds: Histogram,
    /// Paid-for orders with no callback after `callbacks.missing_after`, right now.
    pub callbacks_missing: IntGauge,
    /// Orders that became missing, ever.
    pub callbacks_missing_total: IntCounter,
    /// Spool write batches that failed to commit (a full or failing disk).
    pub spool_write_errors: IntCounter,
    /// Fleet-wide callback dedupe on Redis (`[state] backend = "redis"`), by outcome
    /// (`callbacks::fleet::FleetOutcome`).
    pub callback_fleet: IntCounterVec,
}

impl MoneyMetrics {
    /// Creates and registers every family on `registry`.
    pub fn register(registry: &Registry) -> Self {
        let gauge = |name: &str, help: &str, labels: &[&str]| {
            let g = IntGaugeVec::new(Opts::new(name, help), labels).expect("static metric");
            registry.register(Box::new(g.clone())).expect("unique name");
            g
        };
        let counter = |name: &str, help: &str, labels: &[&str]| {
            let c = IntCounterVec::new(Opts::new(name, help), labels).expect("static metric");
            registry.register(Box::new(c.clone())).expect("unique name");
            c
        };
        let fgauge = |name: &str, help: &str| {
            let g =
                GaugeVec::new(Opts::new(name, help), &["group", "channel"]).expect("static metric");
            registry.register(Box::new(g.clone())).expect("unique name");
            g
        };
        let channel_latency = HistogramVec::new(
            HistogramOpts::new(
                "riskgate_channel_latency_seconds",
                "Time to a payment channel's successful answer, per group and channel.",
            )
            .buckets(CHANNEL_BUCKETS.to_vec()),
            &["group", "channel"],
        )
        .expect("static metric");
        registry
            .register(Box::new(channel_latency.clone()))
            .expect("unique name");
        let m = MoneyMetrics {
            channel_latency,
            channel_latency_ewma: fgauge(
                "riskgate_channel_latency_ewma_seconds",
                "Peak-EWMA of successful response times per payment channel.",
            ),
            channel_success_rate: fgauge(
                "riskgate_channel_success_ratio",
                "Success rate per payment channel over its recent outcome window (0-1).",
            ),
            channel_up: gauge(
                "riskgate_channel_up",
                "1 when a payment channel can take traffic (health check up, circuit not open).",
                &["group", "channel"],
            ),
            channel_selections: counter(
                "riskgate_channel_selections_total",
                "Payment attempts by group, channel and why the channel was picked.",
                &["group", "channel", "why"],
            ),
            channel_recommendations: counter(
                "riskgate_channel_recommendations_total",
                "Channels recommended for scored orders (X-Payment-Channel), by group and channel.",
                &["group", "channel"],
            ),
            channel_failovers: counter(
                "riskgate_channel_failovers_total",
                "Payment attempts moved to another channel after a failure, by group.",
                &["group"],
            ),
            channel_unknown: counter(
                "riskgate_channel_payments_unknown_total",
                "Payments whose outcome is unknown (sent, no certain answer): 504, reconcile.",
                &["group", "channel"],
            ),
            channel_status_queries: counter(
                "riskgate_channel_status_queries_total",
                "Payment-status queries after an unknown outcome, by answer.",
                &["group", "answer"],
            ),
            channel_ejections: counter(
                "riskgate_channel_ejections_total",
                "Payment channels ejected by the passive circuit breaker.",
                &["group", "channel"],
            ),
            callbacks_received: counter(
                "riskgate_callbacks_received_total",
                "Payment callbacks received, by channel, dialect and outcome.",
                &["channel", "dialect", "outcome"],
            ),
            callback_spool: gauge(
                "riskgate_callback_spool_records",
                "Callbacks in the durable spool, by state (pending, dead).",
                &["state"],
            ),
            callback_deliveries: counter(
                "riskgate_callback_deliveries_total",
                "Callback delivery attempts to the fulfillment service, by outcome.",
                &["outcome"],
            ),
            callback_delivery_seconds: {
                let h = Histogram::with_opts(
                    HistogramOpts::new(
                        "riskgate_callback_delivery_seconds",
                        "Time from a callback's arrival to its acceptance by the fulfillment service.",
                    )
                    .buckets(DELIVERY_BUCKETS.to_vec()),
                )
                .expect("static metric");
                registry.register(Box::new(h.clone())).expect("unique name");
                h
            },
            callbacks_missing: {
                let g = IntGauge::new(
                    "riskgate_callbacks_missing",
                    "Paid-for orders whose callback has not arrived within callbacks.missing_after.",
                )
                .expect("static metric");
                registry.register(Box::new(g.clone())).expect("unique name");
                g
            },
            callbacks_missing_total: {
                let c = IntCounter::new(
                    "riskgate_callbacks_missing_total",
                    "Paid-for orders that passed callbacks.missing_after without a callback.",
                )
                .expect("static metric");
                registry.register(Box::new(c.clone())).expect("unique name");
                c
            },
            spool_write_errors: {
                let c = IntCounter::new(
                    "riskgate_spool_write_errors_total",
                    "Callback spool write batches that failed to commit (full or failing disk).",
                )
                .expect("static metric");
                registry.register(Box::new(c.clone())).expect("unique name");
                c
            },
            callback_fleet: counter(
                "riskgate_callback_fleet_dedupe_total",
                "Fleet-wide callback dedupe decisions on Redis, by outcome (claimed, duplicate, \
                 stale, in_flight, unavailable, unconfirmed, released).",
                &["outcome"],
            ),
        };
        for s in ["pending", "dead"] {
            m.callback_spool.with_label_values(&[s]);
        }
        for o in ["delivered", "retry", "dead"] {
            m.callback_deliveries.with_label_values(&[o]);
        }
        m
    }
}
