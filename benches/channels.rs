//! Criterion benchmarks for payment-channel selection (budget: ≤ 1 µs per request).
//!
//! `select/N` is one first-attempt `select` over N measured channels with default
//! parameters (5 % exploration, rolls from a seeded RNG) followed by `abandon`, which a
//! real attempt replaces with `record`. `select_contended/N` is the same while another
//! thread runs select + record on the same set, so the counters' cache lines bounce
//! between cores. `select_record/3` is a select followed by a success report.
//! Run: `cargo bench --bench channels`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use riskgate::routing::channel::{ChannelSet, Outcome, SelectorParams};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A set of `n` channels, each fed 200 successes (full windows) at 20 + 10·i ms.
fn measured_set(n: usize) -> ChannelSet {
    let chans: Vec<(String, u32)> = (0..n).map(|i| (format!("psp{i}"), 1)).collect();
    let set = ChannelSet::new(&chans, SelectorParams::default()).expect("bench set");
    for round in 0..200u64 {
        for i in 0..n {
            let p = set.select(round, u64::MAX, &[]).expect("bench pick");
            let latency = Duration::from_millis(20 + 10 * i as u64);
            set.record(p, Outcome::Success { latency }, round);
        }
    }
    set
}

fn select(c: &mut Criterion) {
    let mut g = c.benchmark_group("select");
    for n in [3, 8] {
        let set = measured_set(n);
        let mut rng = fastrand::Rng::with_seed(7);
        let start = Instant::now();
        g.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let now = start.elapsed().as_nanos() as u64;
                let pick = set.select(now, rng.u64(..), black_box(&[]));
                if let Some(p) = pick {
                    set.abandon(p, now);
                }
                pick
            })
        });
    }
    g.finish();
}

fn select_contended(c: &mut Criterion) {
    let mut g = c.benchmark_group("select_contended");
    for n in [3, 8] {
        let set = measured_set(n);
        let stop = AtomicBool::new(false);
        let start = Instant::now();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let mut rng = fastrand::Rng::with_seed(11);
                while !stop.load(Ordering::Relaxed) {
                    let now = start.elapsed().as_nanos() as u64;
                    if let Some(p) = set.select(now, rng.u64(..), &[]) {
                        let latency = Duration::from_millis(20 + rng.u64(..40));
                        set.record(p, Outcome::Success { latency }, now);
                    }
                }
            });
            let mut rng = fastrand::Rng::with_seed(7);
            g.bench_function(n.to_string(), |b| {
                b.iter(|| {
                    let now = start.elapsed().as_nanos() as u64;
                    let pick = set.select(now, rng.u64(..), black_box(&[]));
                    if let Some(p) = pick {
                        set.abandon(p, now);
                    }
                    pick
                })
            });
            stop.store(true, Ordering::Relaxed);
        });
    }
    g.finish();
}

fn record(c: &mut Criterion) {
    let set = measured_set(3);
    let start = Instant::now();
    c.bench_function("select_record/3", |b| {
        b.iter(|| {
            let now = start.elapsed().as_nanos() as u64;
            if let Some(p) = set.select(now, u64::MAX, &[]) {
                let latency = Duration::from_millis(20);
                set.record(p, Outcome::Success { latency }, now);
            }
        })
    });
}

criterion_group!(benches, select, select_contended, record);
criterion_main!(benches);
