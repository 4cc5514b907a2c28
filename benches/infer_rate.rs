//! Single-row inference at a fixed order rate with a cache-polluting workload between calls:
//! what `riskgate_model_inference_seconds` measures in the proxy, reproduced in-process so
//! each suspect can be isolated (BENCHMARKS.md, "Inference in the proxy: 3.7 µs back to back,
//! 30-230 µs at 20-500 orders/s").
//!
//! Run: `cargo bench --bench infer_rate` (ONNX Runtime from `.venv` or `ORT_DYLIB_PATH`).
//! - `INFER_RATES=20,500`: calls per second (all variants together, cycled call by call so
//!   machine noise falls on every variant alike).
//! - `INFER_CALLS=200`: timed calls per variant and rate.
//! - `INFER_POLLUTE_KIB=0`: before each call, write one byte per 64-byte line of a buffer
//!   this large (0: nothing; 2048 evicts the 1 MiB L2; 65536 also the 32 MiB L3), standing
//!   in for the pass requests, the client and the origin that run between two orders.
//! - `INFER_CALLGRIND=1`: no timing and no sleeping; `INFER_CALLS` calls per variant, each
//!   after the pollution, inside functions named `call_<variant>` so that
//!   `valgrind --tool=callgrind --cache-sim=yes --toggle-collect='*call_riskmodel*'` counts the
//!   instructions and the cache lines (LL misses) of one cold call (see BENCHMARKS.md).
//!
//! Variants: `riskmodel` is `RiskModel::score`, exactly what the proxy times (session lock,
//! row check and copy, `run_with_options` into the preallocated output, extraction);
//! `native` is the same trees walked in Rust (`src/risk/trees.rs`), the floor for this model
//! whatever engine runs it.
//! For each it prints the back-to-back p50/p99 (10,000 calls), then per rate p50, p90, p99,
//! max and the share of calls ≤ 15 µs.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::path::Path;
use std::time::{Duration, Instant};

use riskgate::risk::model::{init_runtime, RiskModel};
use riskgate::risk::schema::FeatureSchema;
use riskgate::risk::trees::Trees;

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx");

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[inline(never)]
fn call_riskmodel(model: &RiskModel, row: &[f32]) -> f32 {
    model.score(row).expect("score")
}

#[inline(never)]
fn call_native(trees: &Trees, row: &[f32]) -> f32 {
    trees.score(row)
}

/// Writes one byte per cache line of `buf` (the lines become this core's, dirty).
#[inline(never)]
fn pollute(buf: &mut [u8], round: u8) {
    for line in buf.chunks_mut(64) {
        line[0] = line[0].wrapping_add(round);
    }
    black_box(&buf);
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let rates: Vec<u64> = std::env::var("INFER_RATES")
        .unwrap_or_else(|_| "20,500".into())
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .filter(|&r| r > 0)
        .collect();
    let calls = env_num("INFER_CALLS", 200) as usize;
    let mut dirt = vec![0u8; env_num("INFER_POLLUTE_KIB", 0) as usize * 1024];
    let callgrind = std::env::var_os("INFER_CALLGRIND").is_some();

    init_runtime(None).expect("ONNX Runtime (see the model module's install hint)");
    let schema = FeatureSchema::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/schema.json"
    )))
    .expect("shipped schema");
    let one = NonZeroUsize::new(1).expect("1 > 0");
    let model = RiskModel::load(Path::new(MODEL), &schema, one).expect("model loads");
    let width = model.width();
    let bytes = std::fs::read(MODEL).expect("models/risk.onnx");
    let trees = Trees::from_onnx(&bytes, width).expect("a tree ensemble");

    let mut row = vec![0.0f32; width];
    row[0] = 49.99;
    row[2] = 1.0;
    let names = ["riskmodel", "native"];
    let call = |k: usize, row: &[f32]| -> f32 {
        match k {
            0 => call_riskmodel(&model, row),
            _ => call_native(&trees, row),
        }
    };
    // The same score from both on a few rows.
    for i in 0..50 {
        row[0] = 20.0 + i as f32;
        let (a, b) = (call(0, &row), call(1, &row));
        assert!((a - b).abs() <= 1e-4, "variants disagree: {a} {b}");
    }

    if callgrind {
        for (k, _) in names.iter().enumerate() {
            for i in 0..calls {
                pollute(&mut dirt, i as u8);
                row[0] = 20.0 + (i % 97) as f32;
                black_box(call(k, &row));
            }
        }
        return;
    }

    println!(
        "pollution {} KiB before each call, {calls} calls per variant and rate",
        dirt.len() / 1024
    );
    for (k, name) in names.iter().enumerate() {
        let mut t = Vec::with_capacity(10_000);
        for i in 0..10_000 {
            row[0] = 20.0 + (i % 97) as f32;
            let s = Instant::now();
            black_box(call(k, &row));
            t.push(s.elapsed().as_secs_f64() * 1e6);
        }
        println!(
            "{name:<14} back to back        p50 {:>6.1} µs  p99 {:>6.1}",
            pct(&mut t, 0.5),
            pct(&mut t, 0.99)
        );
    }
    for &rate in &rates {
        let period = Duration::from_secs_f64(1.0 / rate as f64);
        let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(calls); names.len()];
        let mut next = Instant::now() + period;
        for i in 0..calls * names.len() {
            let k = i % names.len();
            if let Some(d) = next.checked_duration_since(Instant::now()) {
                std::thread::sleep(d);
            }
            next += period;
            pollute(&mut dirt, i as u8);
            row[0] = 20.0 + (i % 97) as f32;
            let s = Instant::now();
            black_box(call(k, &row));
            times[k].push(s.elapsed().as_secs_f64() * 1e6);
        }
        for (k, name) in names.iter().enumerate() {
            let t = &mut times[k];
            let under = t.iter().filter(|&&x| x <= 15.0).count() as f64 / t.len() as f64;
            println!(
                "{name:<14} {rate:>5} calls/s      p50 {:>6.1} µs  p90 {:>6.1}  p99 {:>6.1}  max {:>7.1}  ≤15 µs {:>5.1} %",
                pct(t, 0.5),
                pct(t, 0.9),
                pct(t, 0.99),
                pct(t, 1.0),
                under * 100.0
            );
        }
    }
}
