//! Criterion benchmarks of order scoring: feature extraction, single-row inference through
//! ONNX Runtime, and the full assessment (features + model + rules + decision), plus the
//! explanation cost for a non-allow decision. Needs ONNX Runtime (`make deps` puts it in
//! ./.venv). Run: `cargo bench --bench risk`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use riskgate::config;
use riskgate::fingerprint::{AutomationSignals, Signal};
use riskgate::geo::{Country, GeoFacts};
use riskgate::limits::VelocitySnapshot;
use riskgate::risk::features::{self, FeatureInput};
use riskgate::risk::order::Order;
use riskgate::risk::{rules, RiskEngine};

fn engine() -> RiskEngine {
    let root = env!("CARGO_MANIFEST_DIR");
    let cfg = config::parse(
        &format!(
            "[risk]\nmodel = \"{root}/models/risk.onnx\"\nschema = \"{root}/models/schema.json\"\n\
             disposable_domains = \"{root}/models/disposable_domains.txt\"\nreview_at = 0.1256\nblock_at = 0.6579\n\
             [upstreams.a]\nservers = [\"127.0.0.1:1\"]\n[[routes]]\nkind = \"pass\"\nupstream = \"a\"\n"
        ),
        "bench",
    )
    .expect("bench config");
    RiskEngine::load(cfg.risk.as_ref().expect("risk section"))
        .expect("model loads (make deps installs ONNX Runtime)")
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    let order = Order {
        amount_minor: Some(5000),
        exponent: 2,
        currency: "USD".into(),
        quantity: 1,
        user: Some("alice".into()),
        email: Some("alice@example.com".into()),
        ..Order::default()
    };
    let legit = FeatureInput {
        order: &order,
        rates: &engine.settings.currency,
        geo: GeoFacts {
            country: Country::from_code("GB"),
            asn: Some(2856),
            hosting: false,
        },
        accept_language: Some(b"en-GB,en;q=0.9"),
        signals: AutomationSignals::NONE,
        beacon: None,
        device_new: false,
        cookie_tampered: false,
        device_age_secs: 86_400 * 20,
        velocity: VelocitySnapshot {
            orders_per_ip: 1,
            orders_per_device: 1,
            ips_per_device: 1,
            devices_per_ip: 1,
            users_per_device: 1,
            ..VelocitySnapshot::default()
        },
        disposable: &engine.disposable,
        facts: Default::default(),
    };
    let mut bot = legit;
    bot.signals = AutomationSignals::NONE.with(Signal::AutomationUa);
    bot.device_new = true;
    bot.device_age_secs = 0;
    bot.velocity.orders_per_ip = 9;
    bot.velocity.small_orders_per_device = 8;
    let mut g = c.benchmark_group("risk");
    g.bench_function("features_extract", |b| {
        b.iter(|| features::extract(black_box(&legit)))
    });
    let row = features::extract(&legit);
    g.bench_function("inference_one_row", |b| {
        b.iter(|| engine.model.score(black_box(&row)))
    });
    g.bench_function("assess_allow", |b| {
        b.iter(|| {
            let hits = rules::apply(&legit, &engine.settings.rules);
            engine.assess(black_box(&legit), &hits)
        })
    });
    g.bench_function("assess_block_with_explanation", |b| {
        b.iter(|| {
            let hits = rules::apply(&bot, &engine.settings.rules);
            engine.assess(black_box(&bot), &hits)
        })
    });
    g.finish();
    // The targets are p99s: time single calls too (each with `Instant`, ≈20 ns of clock).
    pct("features + rules", || {
        black_box(features::extract(black_box(&legit)));
        black_box(rules::apply(&legit, &engine.settings.rules));
    });
    pct("inference, one row", || {
        let _ = black_box(engine.model.score(black_box(&row)));
    });
    pct("full assessment, allow", || {
        let hits = rules::apply(&legit, &engine.settings.rules);
        let _ = black_box(engine.assess(black_box(&legit), &hits));
    });
    pct("full assessment, block + explanation", || {
        let hits = rules::apply(&bot, &engine.settings.rules);
        let _ = black_box(engine.assess(black_box(&bot), &hits));
    });
    let a = engine.assess(&bot, &[]).expect("assess");
    println!(
        "bot order: decision {:?}, score {:.4}, reasons {:?}, top {:?}",
        a.decision, a.score, a.reasons, a.top_features
    );
}

/// Prints p50/p99/p99.9 of `f` over 50,000 timed calls (after 5,000 warm-up calls).
fn pct(label: &str, mut f: impl FnMut()) {
    for _ in 0..5_000 {
        f();
    }
    let n = 50_000;
    let mut t: Vec<u64> = (0..n)
        .map(|_| {
            let s = std::time::Instant::now();
            f();
            s.elapsed().as_nanos() as u64
        })
        .collect();
    t.sort_unstable();
    let p = |q: f64| t[((n as f64) * q) as usize - 1];
    println!(
        "{label:<40} p50 {:>7} ns  p99 {:>7} ns  p99.9 {:>7} ns",
        p(0.5),
        p(0.99),
        p(0.999)
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
