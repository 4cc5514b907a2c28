//! Every documented family present from start-up: a labelled family has no series until a
//! label set is first used, so `/metrics` of a fresh edge lacked e.g. the callback and
//! failover counters, and dashboards and alerts showed "no data" instead of 0 (and
//! `rate()` over a counter that appears at its first increment loses that increment).
//!
//! [`Metrics::prime`] creates the zero series whose label values the config names (upstream
//! groups, payment channels) or that are a closed set (rejection reasons, parse errors).
//! Called at start and after every reload; touching an existing series changes nothing.

use super::Metrics;
use crate::config::Config;

/// Reasons a request is refused before routing (`riskgate_requests_rejected_total`).
pub const REJECT_REASONS: [&str; 6] = [
    "headers_too_large",
    "body_too_large",
    "no_route",
    "body_timeout",
    "body_incomplete",
    "header_timeout",
];

/// Order-body refusals (`riskgate_order_parse_errors_total`).
pub const ORDER_PARSE_ERRORS: [&str; 4] =
    ["missing_field", "invalid_field", "bad_body", "too_large"];

impl Metrics {
    /// Creates the zero series of every family whose label values are known now.
    pub fn prime(&self, config: &Config) {
        self.resolve_routes(
            config
                .routes
                .iter()
                .map(|r| (r.name.as_str(), super::KindLabel::from(r.kind))),
        );
        for d in ["allow", "review", "block"] {
            self.orders.with_label_values(&[d, "model"]);
        }
        for (d, r) in [("allow", "none"), ("allow", "model_error")] {
            self.decisions.with_label_values(&[d, r]);
        }
        for r in REJECT_REASONS {
            self.rejected.with_label_values(&[r]);
        }
        for r in ORDER_PARSE_ERRORS {
            self.order_parse_errors.with_label_values(&[r]);
        }
        for (name, up) in &config.upstreams {
            self.upstream_connect_errors.with_label_values(&[name]);
            self.upstream_retries.with_label_values(&[name]);
            if up.channels.is_empty() {
                continue;
            }
            let m = &self.money;
            m.channel_failovers.with_label_values(&[name]);
            for answer in ["no_charge", "not_confirmed"] {
                m.channel_status_queries.with_label_values(&[name, answer]);
            }
            for ch in &up.channels {
                m.channel_unknown.with_label_values(&[name, ch]);
                m.channel_ejections.with_label_values(&[name, ch]);
                m.channel_selections.with_label_values(&[name, ch, "best"]);
                m.channel_latency.with_label_values(&[name, ch]);
                m.channel_recommendations.with_label_values(&[name, ch]);
            }
        }
        for (name, ch) in &config.channels {
            self.money.callbacks_received.with_label_values(&[
                name,
                ch.dialect.as_str(),
                "accepted",
            ]);
        }
        for scope in ["ip", "user", "device"] {
            self.purchase_limited.with_label_values(&[scope]);
        }
        if config.state.backend != crate::config::StateBackendKind::Memory {
            for f in crate::state::StateFault::ALL {
                self.state.errors.with_label_values(&[f.as_str()]);
            }
            for guard in ["rate", "purchase"] {
                for p in ["local", "deny", "allow"] {
                    self.state.fallbacks.with_label_values(&[guard, p]);
                }
            }
            self.decisions
                .with_label_values(&["block", crate::guards::STATE_UNAVAILABLE.as_str()]);
            if config.callbacks.is_some() {
                for o in crate::callbacks::fleet::OUTCOMES {
                    self.money.callback_fleet.with_label_values(&[o]);
                }
            }
        }
        for rl in config.routes.iter().flat_map(|r| &r.rate_limits) {
            let label = format!("{:?}", crate::guards::rate_scope(rl));
            self.rate_limited.with_label_values(&[&label]);
        }
    }
}
