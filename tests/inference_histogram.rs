//! `riskgate_model_inference_seconds` must resolve the ≤ 15 µs p99 target and the 30–300 µs
//! cold calls the proxy really sees (BENCHMARKS.md, "Inference in the proxy"): with bucket
//! edges of 50, 100 and 250 µs a p99 was interpolated across a 150 µs wide bin.

use prometheus::Registry;
use riskgate::metrics::Metrics;

/// The `le` edges (seconds) of the inference histogram, from the exposition text.
fn edges(text: &str) -> Vec<f64> {
    text.lines()
        .filter(|l| l.starts_with("riskgate_model_inference_seconds_bucket{"))
        .filter_map(|l| l.split("le=\"").nth(1)?.split('"').next())
        .filter(|le| *le != "+Inf")
        .map(|le| le.parse().expect("numeric le"))
        .collect()
}

#[test]
fn inference_buckets_resolve_the_target_and_cold_calls() {
    let m = Metrics::register(Registry::new());
    m.model_inference_seconds.observe(12e-6);
    let text = String::from_utf8(m.render()).expect("utf-8 exposition");
    let le = edges(&text);
    assert!(!le.is_empty(), "no inference buckets in:\n{text}");
    // The target is an edge, so "share ≤ 15 µs" is exact.
    assert!(
        le.iter().any(|&e| (e - 15e-6).abs() < 1e-12),
        "no 15 µs edge: {le:?}"
    );
    // Every bin up to 300 µs is at most 10 µs wide below 50 µs and 50 µs wide above.
    let mut prev = 0.0;
    for &e in le.iter().filter(|&&e| e <= 300e-6) {
        let widest = if e <= 50e-6 { 10e-6 } else { 50e-6 };
        assert!(
            e - prev <= widest + 1e-12,
            "bin ({prev}, {e}] is too wide: {le:?}"
        );
        prev = e;
    }
    assert!(prev >= 300e-6 - 1e-12, "edges stop below 300 µs: {le:?}");
}
