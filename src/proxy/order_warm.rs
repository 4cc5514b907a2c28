//! Keeping the order path warm on the proxy worker itself while orders arrive slowly.
//!
//! At 20 orders/s (one every 50 ms, an ordinary edge rate) the rest of a busy machine takes
//! the CPU caches and TLBs between two orders, and an order then pays 0.3–0.6 µs per cold
//! page it touches: ≈ 260 pages in one ONNX Runtime call and ≈ 110 more in riskgate's own
//! order path (body parsing, features, rules, policy, the decision record). Warming only the
//! model from a thread of its own (`risk::model::keep_warm`) runs on the other CPU, so it
//! keeps the shared cache levels warm but not this worker's private caches and TLB
//! (BENCHMARKS.md, "Latency at 20 orders/s").
//!
//! So the first scored order a worker handles for a configuration generation spawns a task
//! on that worker's own runtime (pingora's runtimes are per thread, `work_stealing =
//! false`, so the task runs on the thread that handles the orders). Every [`EVERY`], while
//! an order was scored less than [`ACTIVE_WINDOW`] ago and none in the last tick, it replays
//! that first order through the same pipeline without leaving a trace: the body is parsed
//! with the route's field map, features, rules and [`RiskEngine::rehearse`] (model, shadow,
//! policy, explanation) run, the decision-log record is built and thrown away. It does not
//! run the guards (their counters may live in Redis, and reading them is I/O), records no
//! velocity, purchase, metric (except `riskgate_order_rehearsals_total`) or log line, and
//! never waits for a session another thread holds. It ends when the orders stop (ten
//! seconds without one: an idle edge costs nothing), when a reload replaces the generation
//! (the task holds only a `Weak`), or when a newer generation's order started a task on
//! this thread.
//!
//! The replayed body is the first order's own bytes, kept in memory by the task until it
//! ends; it is never written anywhere.

use crate::fingerprint::AutomationSignals;
use crate::geo::GeoFacts;
use crate::risk::features::FeatureInput;
use crate::risk::model::{KeepWarm, ACTIVE_WINDOW};
use crate::risk::record::Seen;
use crate::risk::{order, rules, RiskEngine};
use crate::runtime::Runtime;
use bytes::Bytes;
use prometheus::IntCounter;
use std::cell::Cell;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Weak};
use std::time::Duration;

/// How often the worker rehearses while orders are flowing. In-process (`benches/
/// model_idle.rs`) keeping the model warm on the calling thread every 1 ms gave a 21 µs
/// p50 call after 50 ms of idle, every 5 ms 42 µs, against 130 µs cold; each rehearsal costs
/// the worker ≈ 10–20 µs, so 2 ms is ≈ 0.5–1 % of a CPU, and an order arriving during one
/// waits at most that long.
pub const EVERY: Duration = Duration::from_millis(2);

/// The request facts an order's scoring reads besides its body, copied from the order
/// that started the task.
pub struct Script {
    /// The order body as received.
    pub body: Bytes,
    /// Index of the order route in the generation's route table.
    pub route: usize,
    /// Geo facts of the client.
    pub geo: GeoFacts,
    /// Automation signals of the client.
    pub signals: AutomationSignals,
    /// The client's Accept-Language header.
    pub accept_language: Option<Vec<u8>>,
}

thread_local! {
    /// The generation (its `Arc` address) whose rehearsal task runs on this thread; 0: none.
    /// The task's `Weak` keeps the allocation alive, so the address is not reused while
    /// the task runs.
    static WARMING: Cell<usize> = const { Cell::new(0) };
}

/// Makes sure this worker thread rehearses `rt`'s order path while orders come (see the
/// module docs). Cheap when a task already runs for `rt` on this thread (one thread-local
/// read); `script` is built only when a task is started. Does nothing outside a tokio
/// runtime.
pub fn ensure(rt: &Arc<Runtime>, rehearsals: &IntCounter, script: impl FnOnce() -> Script) {
    let key = Arc::as_ptr(rt) as usize;
    if WARMING.with(Cell::get) == key || !KeepWarm::get().worker() {
        return;
    }
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    WARMING.with(|w| w.set(key));
    handle.spawn(run(Arc::downgrade(rt), key, script(), rehearsals.clone()));
}

async fn run(rt: Weak<Runtime>, key: usize, script: Script, rehearsals: IntCounter) {
    loop {
        tokio::time::sleep(EVERY).await;
        if WARMING.with(Cell::get) != key {
            // A newer generation's order started its own task on this thread.
            return;
        }
        let Some(rt) = rt.upgrade() else {
            break;
        };
        let Some(engine) = rt.risk.as_ref() else {
            break;
        };
        match engine.model.since_last_score() {
            Some(ago) if ago < ACTIVE_WINDOW => {
                // An order in the last tick warmed everything already.
                if ago >= EVERY && rehearse(&rt, engine, &script) {
                    rehearsals.inc();
                }
            }
            _ => break,
        }
    }
    WARMING.with(|w| {
        if w.get() == key {
            w.set(0);
        }
    });
}

/// Runs the order path of `proxy::order::handle` from parsing to the decision record for
/// `script`, with no side effect; false when it could not (the route changed, the body no
/// longer parses, the session was busy).
fn rehearse(rt: &Runtime, engine: &RiskEngine, script: &Script) -> bool {
    let Some(route) = rt.routes.get(script.route).map(|r| &r.config) else {
        return false;
    };
    let Some(settings) = &route.order else {
        return false;
    };
    let Ok(order) = order::parse(&script.body, &settings.fields) else {
        return false;
    };
    let input = FeatureInput {
        order: &order,
        rates: &engine.settings.currency,
        geo: script.geo,
        accept_language: script.accept_language.as_deref(),
        signals: script.signals,
        beacon: None,
        device_new: false,
        cookie_tampered: false,
        device_age_secs: 0,
        velocity: Default::default(),
        disposable: &engine.disposable,
        facts: Default::default(),
    };
    let mut hits = rules::apply(&input, &engine.settings.rules);
    hits.extend(rules::currency_hit(&order, &engine.settings.currency));
    let Some(assessment) = engine.rehearse(&input, &hits) else {
        return false;
    };
    let seen = Seen {
        now_s: 0,
        ts_ms: 0,
        request_id: "rehearsal",
        route: &route.name,
        client_ip: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        geo: script.geo,
        device_id: None,
        user: order.user.as_deref(),
        order: &order,
        shadow_mode: settings.shadow,
        small_surge: 0,
        signals: None,
    };
    // Built for its code and allocations only; never logged.
    drop(engine.record(&seen, &assessment, None));
    true
}
