//! Single-row inference at the rate an edge really sees: one `RiskModel::score` every 50 ms
//! (20 orders/s), against the same call back to back, to find where the 30× gap between a
//! hot-loop benchmark (≈ 4 µs) and the proxy's `riskgate_model_inference_seconds` at 20
//! orders/s (≈ 136 µs) comes from.
//!
//! Run: `cargo bench --bench model_idle` (needs ONNX Runtime like `benches/model.rs`).
//! `IDLE_CALLS=200` sets the calls per mode, `IDLE_GAP_US=50000` the gap, `IDLE_MODES=sleep,spin` a subset. Each mode isolates
//! one suspect and prints p50/p90/p99 of the call and the minor page faults and context
//! switches the calling thread took *inside* the call (from `/proc/thread-self`):
//! - `back-to-back`: warm caches, awake CPU: the criterion figure.
//! - `sleep`: the thread sleeps between calls, as the proxy's worker does in `epoll_wait`.
//! - `spin`: the thread busy-waits between calls: the CPU never idles and nothing else runs
//!   on it, so caches stay as the last call left them.
//! - `spin+sweep`: busy-waits and walks 32 MiB between calls: data caches cold, CPU awake.
//! - `sleep+spin 2ms`: sleeps, then busy-waits 2 ms before the call: whatever idling does to
//!   the CPU itself (wake-up, frequency) is over by the call; evicted caches are not.
//! - `native sleep`: the model's own trees walked in Rust (`RiskModel::trees().score`) in the
//!   `sleep` pattern: the same arithmetic without ONNX Runtime's call path.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use riskgate::risk::model::{init_runtime, RiskModel};
use riskgate::risk::schema::FeatureSchema;

fn model_path() -> PathBuf {
    if let Some(p) = std::env::var_os("RISKGATE_BENCH_MODEL") {
        return PathBuf::from(p);
    }
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx")).to_path_buf()
}

/// This thread's (minor faults, voluntary + involuntary context switches) so far.
fn thread_counters() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the `(comm)`: state is field 3; minflt is field 10.
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let minflt = after
        .split_whitespace()
        .nth(7)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let status = std::fs::read_to_string("/proc/thread-self/status").unwrap_or_default();
    let cs = status
        .lines()
        .filter(|l| l.contains("ctxt_switches"))
        .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum();
    (minflt, cs)
}

fn spin(d: Duration) {
    let until = Instant::now() + d;
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

#[derive(Clone, Copy)]
enum Gap {
    None,
    Sleep,
    Spin,
    SpinSweep,
    SleepThenSpin,
    /// Sleeps in steps of this many µs, scoring a dummy row after each step (a keep-warm
    /// timer), then makes the timed call.
    KeepWarm(u64),
}

fn pct(v: &[f64], p: f64) -> f64 {
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn run(name: &str, gap: Gap, calls: usize, gap_us: u64, mut call: impl FnMut() -> f32) {
    let gap_d = Duration::from_micros(gap_us);
    let mut sweep = vec![0u8; 32 << 20];
    let (mut times, mut faults, mut switches) = (Vec::new(), 0, 0);
    let mut warm_cost = Duration::ZERO;
    let mut last_warm = Instant::now();
    for i in 0..calls + 5 {
        match gap {
            Gap::None => {}
            Gap::Sleep => std::thread::sleep(gap_d),
            Gap::Spin => spin(gap_d),
            Gap::SpinSweep => {
                spin(gap_d);
                for b in sweep.iter_mut().step_by(64) {
                    *b = b.wrapping_add(1);
                }
                black_box(&sweep);
            }
            Gap::SleepThenSpin => {
                std::thread::sleep(gap_d);
                spin(Duration::from_millis(2));
            }
            Gap::KeepWarm(step) => {
                // Warm calls on their own fixed schedule; the timed call lands at a random
                // point between two of them, as an order would.
                let step = Duration::from_micros(step);
                let until = Instant::now() + gap_d + step.mul_f64(fastrand::f64());
                loop {
                    let next = last_warm + step;
                    if next >= until {
                        std::thread::sleep(until.saturating_duration_since(Instant::now()));
                        break;
                    }
                    std::thread::sleep(next.saturating_duration_since(Instant::now()));
                    last_warm = next;
                    let t = Instant::now();
                    black_box(call());
                    warm_cost += t.elapsed();
                }
            }
        }
        let (f0, c0) = thread_counters();
        let t = Instant::now();
        black_box(call());
        let us = t.elapsed().as_secs_f64() * 1e6;
        let (f1, c1) = thread_counters();
        if i >= 5 {
            times.push(us);
            faults += f1 - f0;
            switches += c1 - c0;
        }
    }
    times.sort_by(f64::total_cmp);
    if warm_cost > Duration::ZERO {
        let busy = warm_cost.as_secs_f64() / ((calls + 5) as f64 * gap_d.as_secs_f64());
        println!(
            "{name:<16} keep-warm calls used {:.1} % of one CPU",
            busy * 100.0
        );
    }
    println!(
        "{name:<16} n={calls:<6} p50 {:>7.1} µs  p90 {:>7.1} µs  p99 {:>7.1} µs  max {:>7.1} µs  \
         faults/call {:.2}  switches/call {:.2}",
        pct(&times, 0.5),
        pct(&times, 0.9),
        pct(&times, 0.99),
        times[times.len() - 1],
        faults as f64 / calls as f64,
        switches as f64 / calls as f64,
    );
}

fn main() {
    let calls: usize = std::env::var("IDLE_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let gap_us: u64 = std::env::var("IDLE_GAP_US")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let modes = std::env::var("IDLE_MODES").unwrap_or_default();
    let on = |m: &str| modes.is_empty() || modes.split(',').any(|x| x == m);
    init_runtime(None).expect("ONNX Runtime (see the model module's install hint)");
    let schema = FeatureSchema::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/schema.json"
    )))
    .expect("shipped schema");
    let one = NonZeroUsize::new(1).expect("1 > 0");
    let model = RiskModel::load(&model_path(), &schema, one).expect("bench model loads");
    let mut row = vec![0.0f32; model.width()];
    row[0] = 49.99;
    row[2] = 1.0;
    let mut k = 0u32;
    let mut score = || {
        // A slightly different row each call, as real orders are.
        k = k.wrapping_add(1);
        row[0] = 20.0 + (k % 97) as f32;
        model.score(&row).expect("score")
    };
    println!("model {}, gap {gap_us} µs", model_path().display());
    if on("back-to-back") {
        run("back-to-back", Gap::None, calls * 10, gap_us, &mut score);
    }
    if on("sleep") {
        run("sleep", Gap::Sleep, calls, gap_us, &mut score);
    }
    if on("spin") {
        run("spin", Gap::Spin, calls / 2, gap_us, &mut score);
    }
    if on("spin+sweep") {
        run("spin+sweep", Gap::SpinSweep, calls / 2, gap_us, &mut score);
    }
    if on("sleep+spin 2ms") {
        run(
            "sleep+spin 2ms",
            Gap::SleepThenSpin,
            calls,
            gap_us,
            &mut score,
        );
    }
    // Keep-warm from another thread (the other vCPU, most of the time): warms what CPUs
    // share (last-level cache), not the calling core's own caches and TLB.
    for step in [1000u64, 5000] {
        let name = format!("warm thread {} ms", step / 1000);
        if !on(&name) {
            continue;
        }
        let stop = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                let zeros = vec![0.0f32; model.width()];
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_micros(step));
                    black_box(model.score(&zeros).ok());
                }
            });
            run(&name, Gap::Sleep, calls, gap_us, &mut score);
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        });
    }
    for step in [1000u64, 5000] {
        let name = format!("keep-warm {} ms", step / 1000);
        if on(&name) {
            run(&name, Gap::KeepWarm(step), calls, gap_us, &mut score);
        }
    }
    if on("sleep (again)") {
        run("sleep (again)", Gap::Sleep, calls, gap_us, &mut score);
    }
    if let Some(trees) = model.trees() {
        let mut row = row.clone();
        let mut native = || {
            k = k.wrapping_add(1);
            row[0] = 20.0 + (k % 97) as f32;
            trees.score(&row)
        };
        if on("native b2b") {
            run("native b2b", Gap::None, calls * 10, gap_us, &mut native);
        }
        if on("native sleep") {
            run("native sleep", Gap::Sleep, calls, gap_us, &mut native);
        }
    }
}
