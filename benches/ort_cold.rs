//! Which way of calling ONNX Runtime costs least when its caches are cold: one single-row
//! inference every `GAP` (default 50 ms, i.e. 20 orders/s), cycling through several
//! session set-ups and call styles so machine noise falls on all of them alike.
//!
//! Run: `cargo bench --bench ort_cold` (ONNX Runtime from `.venv` or `ORT_DYLIB_PATH`);
//! `COLD_CALLS=150` calls per variant, `COLD_GAP_US=50000`. Prints p50/p90/p99 per variant.
//! This is the experiment behind BENCHMARKS.md's "Latency at 20 orders/s" section; it uses
//! `ort` directly (not `RiskModel`) so each variant can differ in one option.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use ort::ep;
use ort::session::builder::{GraphOptimizationLevel, SessionBuilder};
use ort::session::{HasSelectedOutputs, OutputSelector, RunOptions, Session};
use ort::value::Tensor;
use riskgate::risk::model::locate_runtime;
use riskgate::risk::trees::Trees;

const WIDTH: usize = 28;
const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx");

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn base(env: &ort::environment::Environment) -> SessionBuilder {
    let b = || -> ort::Result<SessionBuilder> {
        Ok(Session::builder(env)?
            .with_intra_threads(1)?
            .with_inter_threads(1)?
            .with_intra_op_spinning(false)?
            .with_inter_op_spinning(false)?)
    };
    b().expect("session options")
}

fn arena_off(b: SessionBuilder) -> ort::Result<SessionBuilder> {
    Ok(
        b.with_execution_providers([ep::CPU::default().with_arena_allocator(false).build()])?
            .with_memory_pattern(false)?,
    )
}

fn no_opt(b: SessionBuilder) -> ort::Result<SessionBuilder> {
    Ok(b.with_optimization_level(GraphOptimizationLevel::Disable)?)
}

/// One way of scoring a row (a handful exist, built once: their size does not matter).
#[allow(clippy::large_enum_variant)]
enum Variant {
    /// riskgate's call: preallocated `probabilities` only, through run options.
    Selected {
        session: Session,
        row: Tensor<f32>,
        opts: RunOptions<HasSelectedOutputs>,
    },
    /// Plain `run`: both outputs allocated by ONNX Runtime per call.
    Plain { session: Session, row: Tensor<f32> },
    /// IoBinding: input re-bound per call, output bound once to a session-allocated tensor.
    Bound {
        session: Session,
        row: Tensor<f32>,
        binding: ort::session::IoBinding,
    },
    /// The model's trees walked in Rust.
    Native(Trees),
}

impl Variant {
    fn selected(session: Session, device_sync: bool) -> Variant {
        let row = Tensor::from_array(([1usize, WIDTH], vec![0.0f32; WIDTH])).expect("row");
        let out = Tensor::from_array(([1usize, 2], vec![0.0f32; 2])).expect("out");
        let mut opts = RunOptions::new().expect("run options").with_outputs(
            OutputSelector::no_default()
                .with("probabilities")
                .preallocate("probabilities", out),
        );
        if !device_sync {
            opts.disable_device_sync().expect("run option");
        }
        Variant::Selected { session, row, opts }
    }

    fn score(&mut self, x: &[f32]) -> f32 {
        match self {
            Variant::Selected { session, row, opts } => {
                row.extract_tensor_mut().1.copy_from_slice(x);
                let out = session
                    .run_with_options(ort::inputs![&*row], opts)
                    .expect("run");
                out["probabilities"]
                    .try_extract_tensor::<f32>()
                    .expect("f32")
                    .1[1]
            }
            Variant::Plain { session, row } => {
                row.extract_tensor_mut().1.copy_from_slice(x);
                let out = session.run(ort::inputs![&*row]).expect("run");
                out["probabilities"]
                    .try_extract_tensor::<f32>()
                    .expect("f32")
                    .1[1]
            }
            Variant::Bound {
                session,
                row,
                binding,
            } => {
                row.extract_tensor_mut().1.copy_from_slice(x);
                binding.bind_input("input", &*row).expect("bind");
                let out = session.run_binding(binding).expect("run");
                out["probabilities"]
                    .try_extract_tensor::<f32>()
                    .expect("f32")
                    .1[1]
            }
            Variant::Native(t) => t.score(x),
        }
    }
}

/// Referenced 4 KiB pages per mapping (by file name, or `[heap]`/`[anon]`/`[stack]`) since
/// the last `clear_refs`, from `/proc/self/smaps`.
fn referenced() -> std::collections::BTreeMap<String, u64> {
    let mut out = std::collections::BTreeMap::new();
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    let mut name = String::new();
    for line in smaps.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        if first.contains('-') && first.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            name = line
                .split_whitespace()
                .nth(5)
                .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
                .unwrap_or_else(|| "[anon]".to_string());
        } else if let Some(kb) = line.strip_prefix("Referenced:") {
            let kb: u64 = kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
            *out.entry(name.clone()).or_insert(0) += kb / 4;
        }
    }
    out
}

/// Pages one call touches, per mapping: clear the referenced bits, call, read them back,
/// minus what clearing and reading alone touch.
fn pages_touched(mut call: impl FnMut()) -> Vec<(String, i64)> {
    let clear = || std::fs::write("/proc/self/clear_refs", "1").expect("clear_refs");
    clear();
    let idle = referenced();
    clear();
    call();
    let busy = referenced();
    let mut diff: Vec<(String, i64)> = busy
        .iter()
        .map(|(k, v)| (k.clone(), *v as i64 - *idle.get(k).unwrap_or(&0) as i64))
        .filter(|(_, d)| *d != 0)
        .collect();
    diff.sort_by_key(|(_, d)| -d);
    diff
}

fn main() {
    let calls = env_num("COLD_CALLS", 150) as usize;
    let gap = Duration::from_micros(env_num("COLD_GAP_US", 50_000));
    let base_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = locate_runtime(
        None,
        std::env::var_os("ORT_DYLIB_PATH").as_deref(),
        base_dir,
    )
    .expect("ONNX Runtime library");
    let env = ort::init_from(&lib)
        .expect("load ONNX Runtime")
        .with_name("ort_cold")
        .with_telemetry(false)
        .build()
        .expect("environment");
    let bytes = std::fs::read(MODEL).expect("models/risk.onnx");
    let commit = |mut b: SessionBuilder| b.commit_from_memory(&bytes).expect("session");
    let mut variants: Vec<(&str, Variant)> = vec![
        ("riskgate", Variant::selected(commit(base(&env)), true)),
        (
            "no device sync",
            Variant::selected(commit(base(&env)), false),
        ),
        (
            "arena off, no mem pattern",
            Variant::selected(commit(arena_off(base(&env)).expect("options")), true),
        ),
        (
            "graph opt disabled",
            Variant::selected(commit(no_opt(base(&env)).expect("options")), true),
        ),
        (
            "plain run",
            Variant::Plain {
                session: commit(base(&env)),
                row: Tensor::from_array(([1usize, WIDTH], vec![0.0f32; WIDTH])).expect("row"),
            },
        ),
        ("io binding", {
            let session = commit(base(&env));
            let mut binding = session.create_binding().expect("binding");
            let out = Tensor::<f32>::new(session.allocator(), [1usize, 2]).expect("out");
            binding
                .bind_output("probabilities", out)
                .expect("bind output");
            Variant::Bound {
                session,
                row: Tensor::from_array(([1usize, WIDTH], vec![0.0f32; WIDTH])).expect("row"),
                binding,
            }
        }),
        (
            "native trees",
            Variant::Native(Trees::from_onnx(&bytes, WIDTH).expect("tree ensemble")),
        ),
    ];
    let mut row = vec![0.0f32; WIDTH];
    row[2] = 1.0;
    // Warm every variant, then agree on the score.
    for (_, v) in variants.iter_mut() {
        for _ in 0..100 {
            black_box(v.score(&row));
        }
    }
    if std::env::var_os("COLD_PAGES").is_some() {
        for (name, v) in variants.iter_mut() {
            let pages = pages_touched(|| {
                black_box(v.score(&row));
            });
            let total: i64 = pages.iter().map(|(_, d)| d).sum();
            println!("{name:<28} touches {total} pages: {pages:?}");
        }
        return;
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut warm: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for i in 0..calls * variants.len() {
        let k = i % variants.len();
        std::thread::sleep(gap);
        row[0] = 20.0 + (i % 97) as f32;
        let t = Instant::now();
        black_box(variants[k].1.score(&row));
        times[k].push(t.elapsed().as_secs_f64() * 1e6);
        // The same call again at once: the warm cost under the same conditions.
        let t = Instant::now();
        black_box(variants[k].1.score(&row));
        warm[k].push(t.elapsed().as_secs_f64() * 1e6);
    }
    let pct = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v[((v.len() as f64 - 1.0) * p).round() as usize]
    };
    println!(
        "one call every {} µs, {calls} calls per variant, interleaved",
        gap.as_micros()
    );
    for (k, (name, _)) in variants.iter().enumerate() {
        println!(
            "{name:<28} cold p50 {:>6.1} µs  p90 {:>6.1}  p99 {:>6.1}   | next call p50 {:>5.1} µs",
            pct(&mut times[k], 0.5),
            pct(&mut times[k], 0.9),
            pct(&mut times[k], 0.99),
            pct(&mut warm[k], 0.5),
        );
    }
}
