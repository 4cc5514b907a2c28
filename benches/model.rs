//! Single-row risk model inference as the proxy runs it: `RiskModel::score` on one
//! schema-ordered feature vector, through real ONNX Runtime.
//!
//! Run: `cargo bench --bench model` (needs ONNX Runtime: `.venv` in the crate root or
//! `ORT_DYLIB_PATH`). Scores `models/risk.onnx` when present, else `models/test/tiny.onnx`;
//! `RISKGATE_BENCH_MODEL=path` picks another. Besides criterion's mean it prints p50/p99/
//! p99.9 over 100,000 timed iterations (each timed with `Instant`, ~20 ns of which is the
//! clock itself), single-threaded and with two threads sharing a two-session model, because
//! the decision that inference may run on the async worker rests on the p99.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{black_box, criterion_group, Criterion};
use riskgate::risk::model::{init_runtime, RiskModel};
use riskgate::risk::schema::FeatureSchema;

const ITERATIONS: usize = 100_000;

fn model_path() -> PathBuf {
    if let Some(p) = std::env::var_os("RISKGATE_BENCH_MODEL") {
        return PathBuf::from(p);
    }
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models"));
    let shipped = dir.join("risk.onnx");
    if shipped.is_file() {
        shipped
    } else {
        dir.join("test/tiny.onnx")
    }
}

fn load(sessions: usize) -> RiskModel {
    init_runtime(None).expect("ONNX Runtime (see the model module's install hint)");
    let schema = FeatureSchema::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/schema.json"
    )))
    .expect("shipped schema");
    let sessions = NonZeroUsize::new(sessions).expect("sessions > 0");
    RiskModel::load(&model_path(), &schema, sessions).expect("bench model loads")
}

/// A row of the shipped schema's width (v2: 28 features); the values are the v1 layout's
/// plausible order (49.99, one item, a little velocity): inference cost does not depend on
/// which features they land on beyond the tree paths taken.
fn row() -> Vec<f32> {
    let mut r = vec![0.0f32; 28];
    r[0] = 49.99;
    r[1] = 50.99f32.ln();
    r[2] = 1.0;
    r[3] = 21.0;
    r[12] = 1.0;
    r[15] = 2.0;
    r[16] = 1.0;
    r[17] = 1.0;
    r[18] = 1.0;
    r[19] = 1.0;
    r
}

fn bench(c: &mut Criterion) {
    let model = load(1);
    let r = row();
    c.bench_function("model/score_one_row", |b| {
        b.iter(|| model.score(black_box(&r)).expect("score"))
    });
    let batch: Vec<f32> = (0..25).flat_map(|_| r.iter().copied()).collect();
    c.bench_function("model/score_batch_25_rows", |b| {
        b.iter(|| model.score_batch(black_box(&batch), 25).expect("batch"))
    });
}

fn timed(model: &RiskModel, n: usize) -> Vec<u64> {
    let r = row();
    let mut t = Vec::with_capacity(n);
    for _ in 0..n {
        let s = Instant::now();
        black_box(model.score(black_box(&r)).expect("score"));
        t.push(s.elapsed().as_nanos() as u64);
    }
    t
}

fn report(what: &str, mut t: Vec<u64>) {
    t.sort_unstable();
    let n = t.len();
    let p = |q: f64| t[((n as f64) * q) as usize - 1];
    println!(
        "{what} over {n} timed iterations: p50 {} ns, p99 {} ns, p99.9 {} ns, max {} ns",
        p(0.50),
        p(0.99),
        p(0.999),
        t[n - 1]
    );
}

fn percentiles() {
    println!("model: {}", model_path().display());
    let started = Instant::now();
    let model = load(2);
    println!(
        "model/load with 2 sessions (incl. warm-up): {} µs",
        started.elapsed().as_micros()
    );
    timed(&model, 10_000);
    report("model/score_one_row (1 thread)", timed(&model, ITERATIONS));
    let both = std::thread::scope(|s| {
        let a = s.spawn(|| timed(&model, ITERATIONS / 2));
        let b = timed(&model, ITERATIONS / 2);
        let mut a = a.join().expect("bench thread");
        a.extend(b);
        a
    });
    report("model/score_one_row (2 threads, 2 sessions)", both);
}

criterion_group!(benches, bench);

fn main() {
    benches();
    percentiles();
    Criterion::default().configure_from_args().final_summary();
}
