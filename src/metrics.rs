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

mod cache;
mod prime;
mod state;
pub use cache::CacheMetrics;
pub use prime::{ORDER_PARSE_ERRORS, REJECT_REASONS};
pub use state::StateMetrics;

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
    /// `order` routes.
    Order,
    /// `callback` routes.
    Callback,
    /// `static` routes (the edge cache).
    Static,
    /// No route matched (404) or the request was refused before routing.
    None,
}

impl KindLabel {
    /// How many kind labels there are.
    pub const COUNT: usize = 6;
    const ALL: [KindLabel; Self::COUNT] = [
        KindLabel::Pass,
        KindLabel::Stream,
        KindLabel::Order,
        KindLabel::Callback,
        KindLabel::Static,
        KindLabel::None,
    ];

    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            KindLabel::Pass => "pass",
            KindLabel::Stream => "stream",
            KindLabel::Order => "order",
            KindLabel::Callback => "callback",
            KindLabel::Static => "static",
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
            crate::config::RouteKind::Order => KindLabel::Order,
            crate::config::RouteKind::Callback => KindLabel::Callback,
            crate::config::RouteKind::Static => KindLabel::Static,
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

mod conn;
mod money;
mod reviews;
pub use conn::ConnMetrics;
pub use money::MoneyMetrics;
pub use reviews::ReviewMetrics;

/// The request series of one configured route, resolved once per config generation so
/// the logging phase does no label lookup.
struct RouteSeries {
    name: String,
    requests: [IntCounter; 6],
    duration: Histogram,
}

/// All metric families, with hot-path children resolved up front.
pub struct Metrics {
    registry: Registry,
    /// Payment channels and callbacks.
    pub money: MoneyMetrics,
    /// The review queue.
    pub reviews: ReviewMetrics,
    /// Open and refused client connections.
    pub connections: ConnMetrics,
    /// Requests by route, kind and status class (the family).
    requests_vec: IntCounterVec,
    /// Request duration by route and kind (the family).
    duration_vec: HistogramVec,
    /// Children of requests that matched no route (`route="-"`), `[kind][class]`.
    requests: [[IntCounter; 6]; KindLabel::COUNT],
    /// Duration children of requests that matched no route.
    duration: [Histogram; KindLabel::COUNT],
    /// Children of each route of the latest config, by route index ([`Metrics::prime`]).
    routes: arc_swap::ArcSwap<Vec<RouteSeries>>,
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
    /// Request header fields removed before routing, by reason (`underscore`: the name
    /// contains `_`; see `server.underscores_in_headers`).
    pub headers_dropped: IntCounterVec,
    /// Config generation currently serving (increments on each successful reload).
    pub config_generation: IntGauge,
    /// Geolocation lookups by result (`hit`: a country or ASN was found; `miss`),
    /// children pre-resolved `[hit, miss]`.
    geo_lookups: [IntCounter; 2],
    /// Block-list hits by kind (ip, device, user, email).
    pub list_hits: IntCounterVec,
    /// Requests that matched the allow list (and skipped lists and rate limits).
    pub allowlist_hits: IntCounter,
    /// Requests refused by a rate limit, by scope (as configured, e.g. `ip+route`).
    pub rate_limited: IntCounterVec,
    /// Orders refused by a purchase limit, by scope.
    pub purchase_limited: IntCounterVec,
    /// Device-cookie events: issued, tampered, expired.
    pub device_cookies: IntCounterVec,
    /// Browser beacons by outcome: accepted, rejected.
    pub beacons: IntCounterVec,
    /// Time spent on client intelligence (geo, fingerprint, lists, limits) per request.
    pub client_intel_seconds: Histogram,
    /// Order decisions by decision and reason (`none` for a plain allow); an order with
    /// three reasons counts three times: rates of orders come from `orders`.
    pub decisions: IntCounterVec,
    /// Orders by decision and the stage that decided (model, rule, list, rate_limit,
    /// purchase_limit, …): exactly one per order outcome.
    pub orders: IntCounterVec,
    /// Fraud scores of the primary model.
    pub risk_score: Histogram,
    /// Fraud scores of the shadow model.
    pub shadow_score: Histogram,
    /// Primary-model inference time.
    pub model_inference_seconds: Histogram,
    /// Order bodies refused, by cause (missing_field, invalid_field, ambiguous_field,
    /// bad_body, unsupported_body, too_large).
    pub order_parse_errors: IntCounterVec,
    /// Model (re)loads by outcome, at start and on reload.
    pub model_reloads: IntCounterVec,
    /// Decision-log lines dropped because the writer fell behind.
    pub decision_log_dropped: IntCounter,
    /// Side-effect-free replays of the order path that keep a worker's caches warm between
    /// slow orders (`proxy::order_warm`); flat when no orders come.
    pub order_rehearsals: IntCounter,
    /// Time a scored order spends in riskgate's order stage: from the whole body read to the
    /// decision (parse, guards, features, rules, model, decision record).
    pub order_stage_seconds: Histogram,
    /// The edge cache's families (`riskgate_cache_*`).
    pub cache: CacheMetrics,
    /// The shared-state (Redis) families (`riskgate_state_*`).
    pub state: StateMetrics,
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
                "HTTP requests handled, by route (config name, `-` unrouted), route kind and \
                 response status class.",
            ),
            &["route", "kind", "status_class"],
        )
        .expect("static metric definition");
        let duration_vec = HistogramVec::new(
            HistogramOpts::new(
                "riskgate_http_request_duration_seconds",
                "Time from request start to the end of the response, by route and route kind.",
            )
            .buckets(DURATION_BUCKETS.to_vec()),
            &["route", "kind"],
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
        let headers_dropped = IntCounterVec::new(
            Opts::new(
                "riskgate_headers_dropped_total",
                "Request header fields removed before routing, by reason.",
            ),
            &["reason"],
        )
        .expect("static metric definition");
        let config_generation = IntGauge::new(
            "riskgate_config_generation",
            "Generation of the configuration now serving; starts at 1, +1 per reload.",
        )
        .expect("static metric definition");
        let counter_vec = |name: &str, help: &str, label: &str| {
            IntCounterVec::new(Opts::new(name, help), &[label]).expect("static metric definition")
        };
        let geo_lookups = counter_vec(
            "riskgate_geo_lookups_total",
            "Geolocation lookups by result: hit (country or ASN known) or miss.",
            "result",
        );
        let list_hits = counter_vec(
            "riskgate_list_hits_total",
            "Requests refused by a block-list entry, by list kind.",
            "kind",
        );
        let allowlist_hits = IntCounter::new(
            "riskgate_allowlist_hits_total",
            "Requests from allow-listed clients (lists and rate limits skipped).",
        )
        .expect("static metric definition");
        let rate_limited = counter_vec(
            "riskgate_rate_limited_total",
            "Requests refused by a rate limit, by configured scope.",
            "scope",
        );
        let purchase_limited = counter_vec(
            "riskgate_purchase_limited_total",
            "Orders refused by a purchase limit, by scope.",
            "scope",
        );
        let device_cookies = counter_vec(
            "riskgate_device_cookies_total",
            "Device-cookie events: issued, tampered, expired.",
            "event",
        );
        let beacons = counter_vec(
            "riskgate_beacons_total",
            "Browser beacons received, by outcome: accepted or rejected.",
            "outcome",
        );
        // Client intelligence is budgeted at a few microseconds: buckets from 1 µs to
        // 1 ms show both the normal case and any regression by orders of magnitude.
        let client_intel_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "riskgate_client_intel_seconds",
                "Time spent on geo, fingerprint, lists and limits for one request.",
            )
            .buckets(vec![
                1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 1e-3,
            ]),
        )
        .expect("static metric definition");
        let decisions = IntCounterVec::new(
            Opts::new(
                "riskgate_decisions_total",
                "Order decisions by decision and reason code (`none` for a plain allow).",
            ),
            &["decision", "reason"],
        )
        .expect("static metric definition");
        let orders = IntCounterVec::new(
            Opts::new(
                "riskgate_orders_total",
                "Order outcomes by decision and the stage that decided: one per order.",
            ),
            &["decision", "stage"],
        )
        .expect("static metric definition");
        // Scores are probabilities: 0.05 steps show where the mass sits against the
        // thresholds (review and block are usually between 0.3 and 0.95).
        // i / 20, not i * 0.05: the label must read `0.15`, not `0.15000000000000002`.
        let score_buckets: Vec<f64> = (1..20).map(|i| f64::from(i) / 20.0).collect();
        let risk_score = Histogram::with_opts(
            HistogramOpts::new(
                "riskgate_risk_score",
                "Fraud probability from the primary model.",
            )
            .buckets(score_buckets.clone()),
        )
        .expect("static metric definition");
        let shadow_score = Histogram::with_opts(
            HistogramOpts::new(
                "riskgate_shadow_score",
                "Fraud probability from the shadow model.",
            )
            .buckets(score_buckets),
        )
        .expect("static metric definition");
        // Single-row inference takes ≈ 4 µs warm and 30–300 µs with cold caches (BENCHMARKS.md,
        // "Inference in the proxy"): edges every few µs up to 50 µs and every 25–50 µs to
        // 300 µs, so a p50 or p99 read from the buckets is within a few µs of the real one
        // (the earlier 50/100/250 µs edges interpolated p99s over 150 µs wide bins).
        let model_inference_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "riskgate_model_inference_seconds",
                "Time of one primary-model inference.",
            )
            .buckets(vec![
                2e-6, 3e-6, 4e-6, 5e-6, 6e-6, 8e-6, 1e-5, 1.2e-5, 1.5e-5, 2e-5, 2.5e-5, 3e-5,
                3.5e-5, 4e-5, 5e-5, 6e-5, 7e-5, 8e-5, 1e-4, 1.25e-4, 1.5e-4, 2e-4, 2.5e-4, 3e-4,
                4e-4, 5e-4, 1e-3, 1e-2,
            ]),
        )
        .expect("static metric definition");
        let order_rehearsals = IntCounter::new(
            "riskgate_order_rehearsals_total",
            "Side-effect-free replays of the order path keeping a proxy worker warm between slow orders.",
        )
        .expect("static metric definition");
        // The stage is ≈ 20 µs warm and 100–300 µs with cold caches (BENCHMARKS.md, "Latency
        // at 20 orders/s"); the buckets resolve the 150 µs budget for an order's overhead.
        let order_stage_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "riskgate_order_stage_seconds",
                "Time from a scored order's body read to its decision.",
            )
            .buckets(vec![
                1e-5, 2e-5, 3e-5, 5e-5, 7.5e-5, 1e-4, 1.5e-4, 2e-4, 3e-4, 5e-4, 1e-3, 1e-2,
            ]),
        )
        .expect("static metric definition");
        let order_parse_errors = counter_vec(
            "riskgate_order_parse_errors_total",
            "Order bodies refused, by cause.",
            "cause",
        );
        let model_reloads = counter_vec(
            "riskgate_model_reloads_total",
            "Model loads at start and reload, by outcome.",
            "outcome",
        );
        let decision_log_dropped = IntCounter::new(
            "riskgate_decision_log_dropped_total",
            "Decision-log lines dropped because the writer thread fell behind.",
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
            Box::new(headers_dropped.clone()),
            Box::new(config_generation.clone()),
            Box::new(geo_lookups.clone()),
            Box::new(list_hits.clone()),
            Box::new(allowlist_hits.clone()),
            Box::new(rate_limited.clone()),
            Box::new(purchase_limited.clone()),
            Box::new(device_cookies.clone()),
            Box::new(beacons.clone()),
            Box::new(client_intel_seconds.clone()),
            Box::new(decisions.clone()),
            Box::new(orders.clone()),
            Box::new(risk_score.clone()),
            Box::new(shadow_score.clone()),
            Box::new(model_inference_seconds.clone()),
            Box::new(order_parse_errors.clone()),
            Box::new(model_reloads.clone()),
            Box::new(decision_log_dropped.clone()),
            Box::new(order_rehearsals.clone()),
            Box::new(order_stage_seconds.clone()),
        ] {
            registry
                .register(c)
                .expect("each family is registered once");
        }
        let requests = KindLabel::ALL
            .map(|k| STATUS_CLASSES.map(|c| requests_vec.with_label_values(&["-", k.as_str(), c])));
        let duration = KindLabel::ALL.map(|k| duration_vec.with_label_values(&["-", k.as_str()]));
        // Pre-create so series exist (at 0) before the first event: dashboards and
        // alerts should not see gaps.
        for o in ["success", "failure"] {
            reloads.with_label_values(&[o]);
        }
        for k in ["ip", "device", "user", "email"] {
            list_hits.with_label_values(&[k]);
        }
        for ev in ["issued", "tampered", "expired"] {
            device_cookies.with_label_values(&[ev]);
        }
        for o in ["accepted", "rejected"] {
            beacons.with_label_values(&[o]);
        }
        for o in ["success", "failure"] {
            model_reloads.with_label_values(&[o]);
        }
        headers_dropped.with_label_values(&["underscore"]);
        for s in [StreamLabel::Sse, StreamLabel::Websocket] {
            streams_open.with_label_values(&[s.as_str()]);
        }
        let cache = CacheMetrics::register(&registry);
        let state = StateMetrics::register(&registry);
        Metrics {
            money: MoneyMetrics::register(&registry),
            reviews: ReviewMetrics::register(&registry),
            connections: ConnMetrics::register(&registry),
            registry,
            requests_vec: requests_vec.clone(),
            duration_vec: duration_vec.clone(),
            routes: arc_swap::ArcSwap::from_pointee(Vec::new()),
            requests,
            duration,
            upstream_connect_errors,
            upstream_retries,
            upstream_server_up,
            reloads,
            streams_open,
            rejected,
            headers_dropped,
            config_generation,
            geo_lookups: ["hit", "miss"].map(|r| geo_lookups.with_label_values(&[r])),
            list_hits,
            allowlist_hits,
            rate_limited,
            purchase_limited,
            device_cookies,
            beacons,
            client_intel_seconds,
            decisions,
            orders,
            risk_score,
            shadow_score,
            model_inference_seconds,
            order_parse_errors,
            model_reloads,
            decision_log_dropped,
            order_rehearsals,
            order_stage_seconds,
            cache,
            state,
        }
    }

    /// Records one finished request of `route` (index and name in the request's config
    /// generation; `None` when no route matched). Called from the proxy's `logging` phase
    /// only.
    pub fn observe_request(
        &self,
        route: Option<(usize, &str)>,
        kind: KindLabel,
        status: u16,
        seconds: f64,
    ) {
        let class = status_class_index(status);
        let Some((index, name)) = route else {
            self.requests[kind.index()][class].inc();
            self.duration[kind.index()].observe(seconds);
            return;
        };
        let routes = self.routes.load();
        match routes.get(index).filter(|r| r.name == name) {
            Some(r) => {
                r.requests[class].inc();
                r.duration.observe(seconds);
            }
            // A request of an older generation finishing after a reload moved its route.
            None => {
                self.requests_vec
                    .with_label_values(&[name, kind.as_str(), STATUS_CLASSES[class]])
                    .inc();
                self.duration_vec
                    .with_label_values(&[name, kind.as_str()])
                    .observe(seconds);
            }
        }
    }

    /// Resolves the request series of every route of `routes` (name and kind), replacing
    /// the previous generation's; called by [`Metrics::prime`].
    fn resolve_routes<'a>(&self, routes: impl Iterator<Item = (&'a str, KindLabel)>) {
        let series = routes
            .map(|(name, kind)| RouteSeries {
                name: name.to_string(),
                requests: STATUS_CLASSES.map(|c| {
                    self.requests_vec
                        .with_label_values(&[name, kind.as_str(), c])
                }),
                duration: self.duration_vec.with_label_values(&[name, kind.as_str()]),
            })
            .collect();
        self.routes.store(std::sync::Arc::new(series));
    }

    /// Records one geolocation lookup. Called once per request when geo is configured.
    pub fn geo_lookup(&self, hit: bool) {
        self.geo_lookups[usize::from(!hit)].inc();
    }

    /// Records a reload attempt.
    pub fn observe_reload(&self, outcome: ReloadOutcome) {
        let label = match outcome {
            ReloadOutcome::Success => "success",
            ReloadOutcome::Failure => "failure",
        };
        self.reloads.with_label_values(&[label]).inc();
    }

    /// Marks a stream as opened; the caller keeps the label to close it in `logging`.
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
        m.resolve_routes([("shop", KindLabel::Pass), ("events", KindLabel::Stream)].into_iter());
        m.observe_request(Some((0, "shop")), KindLabel::Pass, 204, 0.002);
        m.observe_request(Some((0, "shop")), KindLabel::Pass, 502, 0.002);
        m.observe_request(Some((1, "events")), KindLabel::Stream, 0, 1.0);
        // Unrouted, and a route of an older generation whose index moved.
        m.observe_request(None, KindLabel::None, 404, 0.001);
        m.observe_request(Some((0, "old")), KindLabel::Pass, 200, 0.001);
        m.observe_reload(ReloadOutcome::Failure);
        m.stream_opened(StreamLabel::Sse);
        let text = String::from_utf8(m.render()).unwrap();
        for line in [
            "riskgate_http_requests_total{kind=\"pass\",route=\"shop\",status_class=\"2xx\"} 1",
            "riskgate_http_requests_total{kind=\"pass\",route=\"shop\",status_class=\"5xx\"} 1",
            "riskgate_http_requests_total{kind=\"stream\",route=\"events\",status_class=\"error\"} 1",
            "riskgate_http_requests_total{kind=\"none\",route=\"-\",status_class=\"4xx\"} 1",
            "riskgate_http_requests_total{kind=\"pass\",route=\"old\",status_class=\"2xx\"} 1",
            "riskgate_http_request_duration_seconds_bucket{kind=\"pass\",route=\"shop\",le=\"0.0025\"} 2",
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
