//! Every Prometheus family riskgate exports, registered once in [`Metrics::register`].
//!
//! Labels are closed enums or configured names (upstream names, configured server
//! addresses), never client IPs, paths or device ids, so cardinality is bounded by config.
//! No other module calls `register_*!`; they receive `&Metrics`. Rendering for `/metrics`
//! lives here too.

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

/// Request duration buckets, in seconds. An edge proxy adds well under a millisecond, so
/// the low end is fine-grained to show our own overhead; the high end covers slow origins
/// up to the 30 s default read timeout.
const DURATION_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Route kind label (plus `none` for requests that matched no route).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindLabel {
    /// `pass` routes.
    Pass,
    /// `stream` routes.
    Stream,
    /// No route matched (404) or the request was refused before routing.
    None,
}

impl KindLabel {
    const ALL: [KindLabel; 3] = [KindLabel::Pass, KindLabel::Stream, KindLabel::None];

    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            KindLabel::Pass => "pass",
            KindLabel::Stream => "stream",
            KindLabel::None => "none",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl From<crate::config::RouteKind> for KindLabel {
    fn from(k: crate::config::RouteKind) -> Self {
        match k {
            crate::config::RouteKind::Pass => KindLabel::Pass,
            crate::config::RouteKind::Stream => KindLabel::Stream,
        }
    }
}

/// Status class label: `1xx` … `5xx`, or `error` when no response was sent.
const STATUS_CLASSES: [&str; 6] = ["1xx", "2xx", "3xx", "4xx", "5xx", "error"];

fn status_class_index(status: u16) -> usize {
    match status {
        100..=199 => 0,
        200..=299 => 1,
        300..=399 => 2,
        400..=499 => 3,
        500..=599 => 4,
        _ => 5,
    }
}

/// Kind of long-lived stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamLabel {
    /// `text/event-stream` responses.
    Sse,
    /// Upgraded WebSocket connections.
    Websocket,
}

impl StreamLabel {
    fn as_str(self) -> &'static str {
        match self {
            StreamLabel::Sse => "sse",
            StreamLabel::Websocket => "websocket",
        }
    }
}

/// Reload outcome label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// The new config was applied.
    Success,
    /// The new config was refused; the old one keeps serving.
    Failure,
}

/// All metric families, with hot-path children resolved up front.
pub struct Metrics {
    registry: Registry,
    /// Requests by route kind and status class; children pre-resolved `[kind][class]`.
    requests: [[IntCounter; 6]; 3],
    /// Request duration by route kind.
    duration: [Histogram; 3],
    /// Connection failures to upstream servers, by upstream group.
    pub upstream_connect_errors: IntCounterVec,
    /// Requests retried on another server after a connect failure, by upstream group.
    pub upstream_retries: IntCounterVec,
    /// Health state of each configured upstream server (1 up, 0 down).
    pub upstream_server_up: IntGaugeVec,
    /// Config reloads by outcome.
    reloads: IntCounterVec,
    /// Open SSE / WebSocket streams.
    streams_open: IntGaugeVec,
    /// Requests refused before routing for being malformed or too large, by reason.
    pub rejected: IntCounterVec,
    /// Config generation currently serving (increments on each successful reload).
    pub config_generation: IntGauge,
}

impl Metrics {
    /// Creates every family and registers it in `registry`.
    ///
    /// Called once at start. Panics only if a family is registered twice, which is a
    /// programming error caught by the tests.
    pub fn register(registry: Registry) -> Self {
        let requests_vec = IntCounterVec::new(
            Opts::new(
                "riskgate_http_requests_total",
                "HTTP requests handled, by route kind and response status class.",
            ),
            &["kind", "status_class"],
        )
        .expect("static metric definition");
        let duration_vec = HistogramVec::new(
            HistogramOpts::new(
                "riskgate_http_request_duration_seconds",
                "Time from request start to the end of the response, by route kind.",
            )
            .buckets(DURATION_BUCKETS.to_vec()),
            &["kind"],
        )
        .expect("static metric definition");
        let upstream_connect_errors = IntCounterVec::new(
            Opts::new(
                "riskgate_upstream_connect_errors_total",
                "Failed connection attempts to upstream servers, by upstream group.",
            ),
            &["upstream"],
        )
        .expect("static metric definition");
        let upstream_retries = IntCounterVec::new(
            Opts::new(
                "riskgate_upstream_retries_total",
                "Requests retried on another server after a connect failure, by upstream group.",
            ),
            &["upstream"],
        )
        .expect("static metric definition");
        let upstream_server_up = IntGaugeVec::new(
            Opts::new(
                "riskgate_upstream_server_up",
                "Health-check state of each upstream server: 1 up, 0 down.",
            ),
            &["upstream", "server"],
        )
        .expect("static metric definition");
        let reloads = IntCounterVec::new(
            Opts::new(
                "riskgate_config_reloads_total",
                "Configuration reloads, by outcome.",
            ),
            &["outcome"],
        )
        .expect("static metric definition");
        let streams_open = IntGaugeVec::new(
            Opts::new(
                "riskgate_streams_open",
                "Currently open long-lived streams, by type.",
            ),
            &["type"],
        )
        .expect("static metric definition");
        let rejected = IntCounterVec::new(
            Opts::new(
                "riskgate_requests_rejected_total",
                "Requests refused by riskgate's own limits, by reason.",
            ),
            &["reason"],
        )
        .expect("static metric definition");
        let config_generation = IntGauge::new(
            "riskgate_config_generation",
            "Generation of the configuration now serving; starts at 1, +1 per reload.",
        )
        .expect("static metric definition");
        for c in [
            Box::new(requests_vec.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(duration_vec.clone()),
            Box::new(upstream_connect_errors.clone()),
            Box::new(upstream_retries.clone()),
            Box::new(upstream_server_up.clone()),
            Box::new(reloads.clone()),
            Box::new(streams_open.clone()),
            Box::new(rejected.clone()),
            Box::new(config_generation.clone()),
        ] {
            registry
                .register(c)
                .expect("each family is registered once");
        }
        let requests = KindLabel::ALL
            .map(|k| STATUS_CLASSES.map(|c| requests_vec.with_label_values(&[k.as_str(), c])));
        let duration = KindLabel::ALL.map(|k| duration_vec.with_label_values(&[k.as_str()]));
        // Pre-create so series exist (at 0) before the first event: dashboards and
        // alerts should not see gaps.
        for o in ["success", "failure"] {
            reloads.with_label_values(&[o]);
        }
        for s in [StreamLabel::Sse, StreamLabel::Websocket] {
            streams_open.with_label_values(&[s.as_str()]);
        }
        Metrics {
            registry,
            requests,
            duration,
            upstream_connect_errors,
            upstream_retries,
            upstream_server_up,
            reloads,
            streams_open,
            rejected,
            config_generation,
        }
    }

    /// Records one finished request. Called from the proxy's `logging` phase only.
    pub fn observe_request(&self, kind: KindLabel, status: u16, seconds: f64) {
        self.requests[kind.index()][status_class_index(status)].inc();
        self.duration[kind.index()].observe(seconds);
    }

    /// Records a reload attempt.
    pub fn observe_reload(&self, outcome: ReloadOutcome) {
        let label = match outcome {
            ReloadOutcome::Success => "success",
            ReloadOutcome::Failure => "failure",
        };
        self.reloads.with_label_values(&[label]).inc();
    }

    /// Marks a stream as opened; returns the label so the caller can close it later.
    pub fn stream_opened(&self, s: StreamLabel) {
        self.streams_open.with_label_values(&[s.as_str()]).inc();
    }

    /// Marks a stream as closed.
    pub fn stream_closed(&self, s: StreamLabel) {
        self.streams_open.with_label_values(&[s.as_str()]).dec();
    }

    /// Renders every family in the Prometheus text format.
    pub fn render(&self) -> Vec<u8> {
        let mut buf = Vec::with_capacity(8 * 1024);
        let families = self.registry.gather();
        // Encoding into a Vec cannot fail for well-formed families.
        let _ = TextEncoder::new().encode(&families, &mut buf);
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_exact_series_lines() {
        let m = Metrics::register(Registry::new());
        m.observe_request(KindLabel::Pass, 204, 0.002);
        m.observe_request(KindLabel::Pass, 502, 0.002);
        m.observe_request(KindLabel::Stream, 0, 1.0);
        m.observe_reload(ReloadOutcome::Failure);
        m.stream_opened(StreamLabel::Sse);
        let text = String::from_utf8(m.render()).unwrap();
        for line in [
            "riskgate_http_requests_total{kind=\"pass\",status_class=\"2xx\"} 1",
            "riskgate_http_requests_total{kind=\"pass\",status_class=\"5xx\"} 1",
            "riskgate_http_requests_total{kind=\"stream\",status_class=\"error\"} 1",
            "riskgate_http_request_duration_seconds_bucket{kind=\"pass\",le=\"0.0025\"} 2",
            "riskgate_config_reloads_total{outcome=\"failure\"} 1",
            "riskgate_config_reloads_total{outcome=\"success\"} 0",
            "riskgate_streams_open{type=\"sse\"} 1",
            "riskgate_streams_open{type=\"websocket\"} 0",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing `{line}` in\n{text}"
            );
        }
    }
}
