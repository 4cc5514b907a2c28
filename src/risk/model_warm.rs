//! Keeping a model's ONNX Runtime sessions warm while orders arrive slowly.
//!
//! Why this exists: one ONNX Runtime call touches about 260 distinct 4 KiB pages (147 of
//! them in `libonnxruntime` itself, ~60 of its heap: the model's tree nodes and the run's
//! bookkeeping). Back to back that costs ≈ 4 µs; after 50 ms without a call (20 orders/s, an
//! ordinary edge rate) the CPU caches and TLBs have been taken by the rest of the machine and
//! the same call costs 110–140 µs on our 2-vCPU VM, because each cold page costs 0.3–0.6 µs.
//! Session options (threads, spinning, arena, graph optimisation, I/O binding) change the
//! page count by < 10 % (BENCHMARKS.md, "Latency at 20 orders/s"). What does change it is
//! running the session again within a few milliseconds: scoring a zero row every 2 ms from a
//! background thread keeps the shared cache levels warm for ONNX Runtime's code and the
//! session's data, and the order's call drops to ≈ 30–50 µs (measured by
//! `benches/model_idle.rs`).
//!
//! The thread costs one short run per session per tick, and only while orders are being
//! scored: it runs when the last real score is less than [`ACTIVE_WINDOW`] old and none
//! happened in the last tick (at high rates the orders keep the caches warm themselves), and
//! otherwise polls a timestamp ten times a second. It never waits for a session an order
//! holds and never wakes anything on the request path. It holds only a `Weak` reference,
//! so it ends by itself when a reload replaces the model.

use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use super::RiskModel;

/// How often the sessions are run while orders are flowing: short enough that an order
/// lands on warm caches (5 ms kept the call at ≈ 50 µs p50, 1 ms at ≈ 30 µs), long enough
/// that the thread costs about 1 % of a CPU.
pub const KEEP_WARM_EVERY: Duration = Duration::from_millis(2);

/// Keep warming for this long after the last real score, then stop until the next order.
pub const ACTIVE_WINDOW: Duration = Duration::from_secs(10);

/// Environment switch choosing where riskgate keeps the order path warm (read once):
/// `worker` (the default: the proxy worker replays the order path, `proxy::order_warm`),
/// `thread` (this module's thread only: the behaviour before the worker rehearsals), `both`,
/// or `off`. For measuring one against the other with one binary (BENCHMARKS.md, "Latency at
/// 20 orders/s"); operators have no reason to set it.
pub const KEEP_WARM_ENV: &str = "RISKGATE_KEEP_WARM";

/// Where the order path is kept warm (see [`KEEP_WARM_ENV`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepWarm {
    /// The proxy worker rehearses the whole order path.
    Worker,
    /// A thread per model runs its sessions.
    Thread,
    /// Both.
    Both,
    /// Neither.
    Off,
}

impl KeepWarm {
    /// The mode from [`KEEP_WARM_ENV`], read on the first call; an unknown value is logged
    /// and the default used.
    pub fn get() -> KeepWarm {
        static MODE: std::sync::OnceLock<KeepWarm> = std::sync::OnceLock::new();
        *MODE.get_or_init(|| {
            let v = std::env::var(KEEP_WARM_ENV).unwrap_or_default();
            match v.as_str() {
                "" | "worker" => KeepWarm::Worker,
                "thread" => KeepWarm::Thread,
                "both" => KeepWarm::Both,
                "off" => KeepWarm::Off,
                _ => {
                    tracing::warn!(
                        "{KEEP_WARM_ENV}={v:?}: expected worker, thread, both or off; using worker"
                    );
                    KeepWarm::Worker
                }
            }
        })
    }

    /// True when the proxy worker rehearses the order path.
    pub fn worker(self) -> bool {
        matches!(self, KeepWarm::Worker | KeepWarm::Both)
    }

    /// True when each model gets a keep-warm thread.
    pub fn thread(self) -> bool {
        matches!(self, KeepWarm::Thread | KeepWarm::Both)
    }
}

/// How often an inactive keep-warm thread looks for orders again.
const IDLE_POLL: Duration = Duration::from_millis(100);

/// Starts the keep-warm thread for `model`, running its free sessions every `every` while
/// it is in use (see the module docs). Called once per loaded model (primary and shadow) at
/// start and on reload; the thread ends on its own within [`IDLE_POLL`] of the model being
/// dropped. An error means the OS refused a thread: riskgate then runs without it.
pub fn keep_warm(model: &Arc<RiskModel>, every: Duration) -> std::io::Result<JoinHandle<()>> {
    let weak = Arc::downgrade(model);
    std::thread::Builder::new()
        .name("riskgate-warm".to_string())
        .spawn(move || run(&weak, every))
}

fn run(weak: &Weak<RiskModel>, every: Duration) {
    let mut pause = IDLE_POLL;
    loop {
        std::thread::sleep(pause);
        let Some(model) = weak.upgrade() else {
            return;
        };
        pause = match model.since_last_score() {
            Some(ago) if ago < ACTIVE_WINDOW => {
                // A score in the last tick warmed that session already.
                if ago >= every {
                    model.warm_free_sessions();
                }
                every
            }
            _ => IDLE_POLL,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::model::RiskModel;
    use crate::risk::schema::FeatureSchema;
    use std::num::NonZeroUsize;
    use std::path::Path;
    use std::time::Instant;

    fn tiny() -> Arc<RiskModel> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let schema = FeatureSchema::load(&root.join("models/schema.json")).expect("schema");
        let two = NonZeroUsize::new(2).expect("2 > 0");
        Arc::new(RiskModel::load(&root.join("models/test/tiny.onnx"), &schema, two).expect("tiny"))
    }

    fn wait_for(what: &str, cond: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !cond() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn warms_only_after_an_order_and_leaves_scores_unchanged() {
        let model = tiny();
        let row: Vec<f32> = (0..model.width()).map(|i| (i % 5) as f32 * 3.5).collect();
        let _thread = keep_warm(&model, Duration::from_millis(1)).expect("thread");
        // Never scored: the thread only polls.
        std::thread::sleep(IDLE_POLL * 3);
        assert_eq!(model.warm_runs(), 0, "warmed a model nobody used");
        let before = model.score(&row).expect("score");
        assert!(model.since_last_score().is_some());
        wait_for("two rounds of keep-warm runs", || model.warm_runs() >= 4);
        // The warm runs overwrite the sessions' input rows; real scores must not notice.
        for _ in 0..50 {
            assert_eq!(model.score(&row).expect("score"), before);
        }
    }

    #[test]
    fn thread_ends_when_the_model_is_dropped() {
        let model = tiny();
        model.score(&vec![0.0; model.width()]).expect("score");
        let thread = keep_warm(&model, Duration::from_millis(1)).expect("thread");
        wait_for("a keep-warm run", || model.warm_runs() > 0);
        drop(model);
        wait_for("the thread to end", || thread.is_finished());
    }
}
