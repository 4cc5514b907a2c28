//! Tests of `risk::model` against real ONNX Runtime and the fixture models in
//! `models/test/`. They need the runtime library: `ORT_DYLIB_PATH`, or `.venv` in the crate
//! root (`make test` creates it).

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use super::verify::thresholds;
use super::*;
use crate::risk::features::LEN;

fn fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models/test/")).join(name)
}

fn schema() -> FeatureSchema {
    FeatureSchema::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/schema.json"
    )))
    .expect("shipped schema")
}

fn sessions(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).expect("n > 0")
}

fn tiny(n: usize) -> RiskModel {
    init_runtime(None).expect("ONNX Runtime for tests");
    RiskModel::load(&fixture("tiny.onnx"), &schema(), sessions(n)).expect("tiny.onnx loads")
}

fn load_err(name: &str) -> ModelError {
    init_runtime(None).expect("ONNX Runtime for tests");
    RiskModel::load(&fixture(name), &schema(), sessions(1)).expect_err(name)
}

/// `models/test/tiny_expected.json`: rows and tiny.onnx's fraud probability for each from
/// Python onnxruntime 1.32.0, written by `models/train/fixtures.py`.
#[derive(serde::Deserialize)]
struct TinyExpected {
    schema_hash: String,
    tolerance: f32,
    rows: Vec<Vec<f32>>,
    probabilities: Vec<f32>,
}

fn tiny_expected() -> TinyExpected {
    let text = std::fs::read_to_string(fixture("tiny_expected.json")).expect("tiny_expected.json");
    let e: TinyExpected = serde_json::from_str(&text).expect("tiny_expected.json parses");
    assert_eq!(
        e.schema_hash,
        schema().hash(),
        "tiny_expected.json is for another schema"
    );
    assert_eq!(e.rows.len(), e.probabilities.len());
    assert!(!e.rows.is_empty(), "tiny_expected.json has no rows");
    e
}

#[test]
fn scores_match_python_onnxruntime() {
    let model = tiny(2);
    let e = tiny_expected();
    for (row, expected) in e.rows.iter().zip(&e.probabilities) {
        let p = model.score(row).expect("score");
        assert!(
            (p - expected).abs() <= e.tolerance,
            "{row:?}: rust {p}, python {expected}"
        );
        assert_eq!(model.score(row).expect("score again"), p, "deterministic");
    }
}

/// `models/test/parity.json`: rows and Python onnxruntime probabilities for
/// `models/risk.onnx`, written by `models/train/parity.py`.
#[derive(serde::Deserialize)]
struct Parity {
    schema_hash: String,
    model_version: String,
    tolerance: f32,
    patterns: Vec<String>,
    rows: Vec<Vec<f32>>,
    probabilities: Vec<f32>,
}

#[test]
fn shipped_model_matches_python_parity_fixture() {
    let text = std::fs::read_to_string(fixture("parity.json")).expect("parity.json");
    let parity: Parity = serde_json::from_str(&text).expect("parity.json parses");
    init_runtime(None).expect("ONNX Runtime for tests");
    let shipped = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx"));
    let model = RiskModel::load(shipped, &schema(), sessions(1)).expect("risk.onnx loads");
    assert_eq!(parity.schema_hash, schema().hash());
    assert_eq!(
        model.version(),
        parity.model_version,
        "parity.json is for another model"
    );
    assert_eq!(parity.rows.len(), parity.probabilities.len());
    assert!(parity.rows.len() >= 10, "parity.json has too few rows");
    for ((row, expected), pattern) in parity
        .rows
        .iter()
        .zip(&parity.probabilities)
        .zip(&parity.patterns)
    {
        let p = model.score(row).expect("score");
        assert!(
            (p - expected).abs() <= parity.tolerance,
            "{pattern}: rust {p}, python {expected}"
        );
    }
    let flat: Vec<f32> = parity.rows.concat();
    let batch = model.score_batch(&flat, parity.rows.len()).expect("batch");
    for (b, expected) in batch.iter().zip(&parity.probabilities) {
        assert!(
            (b - expected).abs() <= parity.tolerance,
            "batch {b}, python {expected}"
        );
    }
    // The native evaluation used for explanations agrees with Python too.
    let trees = model
        .trees()
        .expect("the shipped model is a native tree ensemble");
    for (row, expected) in parity.rows.iter().zip(&parity.probabilities) {
        let p = trees.score(row);
        assert!(
            (p - expected).abs() <= parity.tolerance,
            "native {p}, python {expected}"
        );
    }
}

#[test]
fn native_replacement_scores_equal_onnxruntime_batch_rescoring() {
    init_runtime(None).expect("ONNX Runtime for tests");
    let shipped = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx"));
    let model = RiskModel::load(shipped, &schema(), sessions(1)).expect("risk.onnx loads");
    let trees = model.trees().expect("native trees");
    let width = model.width();
    let mut rng = fastrand::Rng::with_seed(42);
    for _ in 0..50 {
        let x: Vec<f32> = (0..width)
            .map(|_| match rng.u8(0..3) {
                0 => 0.0,
                _ => (rng.f32() * 7.0).exp() - 1.0,
            })
            .collect();
        // Each feature in turn set to 0 (and, for feature 0, feature 1 with it).
        let changes: Vec<Vec<(usize, f32)>> = (0..width)
            .map(|i| {
                if i == 0 {
                    vec![(0, 0.0), (1, 0.0)]
                } else {
                    vec![(i, 0.0)]
                }
            })
            .collect();
        let refs: Vec<&[(usize, f32)]> = changes.iter().map(Vec::as_slice).collect();
        let (s, native) = trees.scores_with_replacements(&x, &refs);
        let mut rows = Vec::new();
        for c in &changes {
            let mut row = x.clone();
            for &(i, v) in c {
                row[i] = v;
            }
            rows.extend_from_slice(&row);
        }
        let ort = model.score_batch(&rows, width).expect("batch");
        assert!((s - model.score(&x).expect("score")).abs() <= 1e-5);
        for (i, (n, o)) in native.iter().zip(&ort).enumerate() {
            assert!(
                (n - o).abs() <= 1e-5,
                "feature {i}: native {n}, onnxruntime {o}"
            );
        }
    }
}

#[test]
fn a_model_that_is_not_a_plain_tree_ensemble_has_no_native_trees() {
    // tiny.onnx has an Identity node after its ensemble: not read natively, so its
    // explanations go through ONNX Runtime.
    assert!(tiny(1).trees().is_none());
}

#[test]
fn batch_scores_equal_single_scores() {
    let model = tiny(1);
    let e = tiny_expected();
    let batch = model
        .score_batch(&e.rows.concat(), e.rows.len())
        .expect("batch");
    assert_eq!(batch.len(), e.rows.len());
    for ((row, expected), b) in e.rows.iter().zip(&e.probabilities).zip(&batch) {
        assert!(
            (b - expected).abs() <= e.tolerance,
            "batch {b}, python {expected}"
        );
        assert!((b - model.score(row).expect("single")).abs() < 1e-6);
    }
    assert_eq!(
        model.score_batch(&[], 0).expect("empty batch"),
        Vec::<f32>::new()
    );
}

#[test]
fn metadata_is_exposed() {
    let model = tiny(3);
    assert_eq!(model.version(), "fixture-tiny-1");
    assert_eq!(model.recommended_thresholds(), Some((0.3, 0.6)));
    assert_eq!(model.path(), fixture("tiny.onnx"));
    assert_eq!(model.width(), LEN);
    assert_eq!(model.sessions(), 3);
}

#[test]
fn concurrent_scoring_from_8_threads_gives_identical_results() {
    // Fewer sessions than threads, so threads also wait for and share sessions.
    let model = tiny(3);
    let rows = tiny_expected().rows;
    let expected: Vec<f32> = rows
        .iter()
        .map(|r| model.score(r).expect("score"))
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let (model, rows, expected) = (&model, &rows, &expected);
                s.spawn(move || {
                    for k in 0..500 {
                        let i = (t + k) % rows.len();
                        let p = model.score(&rows[i]).expect("score");
                        assert_eq!(p.to_bits(), expected[i].to_bits(), "thread {t} row {i}");
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("scoring thread");
        }
    });
}

#[test]
fn bad_rows_are_refused() {
    let model = tiny(1);
    let mut nan = vec![0.0f32; LEN];
    nan[7] = f32::NAN;
    let mut two = vec![0.0f32; 2 * LEN];
    two[LEN + 3] = f32::INFINITY;
    let short = format!("{} values, the model takes {LEN}", LEN - 1);
    let odd = format!("{} values", 2 * LEN - 1);
    let cases: [(&str, ModelError, &str); 4] = [
        (
            "short row",
            model.score(&[0.0; LEN - 1]).expect_err("short"),
            &short,
        ),
        (
            "NaN",
            model.score(&nan).expect_err("nan"),
            "feature 7 of row 0 is not finite",
        ),
        (
            "batch length",
            model.score_batch(&[0.0; 2 * LEN - 1], 2).expect_err("odd"),
            &odd,
        ),
        (
            "batch inf",
            model.score_batch(&two, 2).expect_err("inf"),
            "feature 3 of row 1",
        ),
    ];
    for (what, err, expected) in cases {
        assert!(err.to_string().contains(expected), "{what}: {err}");
    }
}

#[test]
fn model_from_another_schema_is_refused() {
    let err = load_err("wrong_schema.onnx");
    let msg = err.to_string();
    match err {
        ModelError::SchemaMismatch {
            expected, found, ..
        } => {
            assert_eq!(expected, "5df47a3ef41ffe98");
            assert_eq!(found, "0000000000000000");
        }
        other => panic!("expected SchemaMismatch, got {other}"),
    }
    assert!(
        msg.contains("wrong_schema.onnx") && msg.contains("retrain"),
        "{msg}"
    );
}

#[test]
fn model_without_probabilities_is_refused() {
    let err = load_err("no_probabilities.onnx");
    assert!(
        matches!(&err, ModelError::MissingOutput { found, .. } if found == "variable"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("no output named \"probabilities\""),
        "{err}"
    );
}

#[test]
fn model_without_metadata_is_refused() {
    let err = load_err("no_metadata.onnx");
    assert!(
        matches!(
            err,
            ModelError::MissingMetadata {
                key: META_SCHEMA_HASH,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("riskgate.schema_hash"), "{err}");
}

#[test]
fn model_with_wrong_feature_count_is_refused() {
    // A real model declaring one feature too few: tiny.onnx with its input shape's second
    // dimension patched. In protobuf, `dim { dim_value: 33 }` is `0a 02 08 21`; 32 is
    // `0x20`, the same length, so the file stays valid (onnxruntime loads it as [None, 32]).
    let mut bytes = std::fs::read(fixture("tiny.onnx")).expect("tiny.onnx");
    let width = u8::try_from(LEN).expect("a one-byte varint");
    let dim28 = [0x0a, 0x02, 0x08, width];
    let at: Vec<usize> = (0..bytes.len().saturating_sub(3))
        .filter(|&i| bytes[i..i + 4] == dim28)
        .collect();
    assert_eq!(
        at.len(),
        1,
        "tiny.onnx must encode `dim_value: {LEN}` exactly once"
    );
    bytes[at[0] + 3] = width - 1;
    let dir = tempfile::tempdir().expect("tempdir");
    let narrow = dir.path().join("narrow.onnx");
    std::fs::write(&narrow, bytes).expect("write");
    init_runtime(None).expect("ONNX Runtime for tests");
    let err = RiskModel::load(&narrow, &schema(), sessions(1)).expect_err("one feature short");
    assert!(
        matches!(
            err,
            ModelError::InputWidth {
                expected: LEN,
                found,
                ..
            } if found == LEN as i64 - 1
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains(&format!("takes {} features per row", LEN - 1)),
        "{err}"
    );
}

#[test]
fn unreadable_files_name_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let garbage = dir.path().join("garbage.onnx");
    std::fs::write(&garbage, b"not a model").expect("write");
    init_runtime(None).expect("ONNX Runtime for tests");
    let missing = RiskModel::load(&dir.path().join("absent.onnx"), &schema(), sessions(1))
        .expect_err("absent");
    assert!(matches!(missing, ModelError::Read { .. }), "{missing}");
    assert!(missing.to_string().contains("absent.onnx"), "{missing}");
    let corrupt = RiskModel::load(&garbage, &schema(), sessions(1)).expect_err("garbage");
    assert!(matches!(corrupt, ModelError::Load { .. }), "{corrupt}");
    assert!(corrupt.to_string().contains("garbage.onnx"), "{corrupt}");
}

#[test]
fn missing_runtime_error_says_how_to_install() {
    let empty = tempfile::tempdir().expect("tempdir");
    let base = empty.path();
    let cases: [(&str, Option<&Path>, Option<&std::ffi::OsStr>, &str); 3] = [
        (
            "bogus config path",
            Some(Path::new("/nonexistent/libonnxruntime.so")),
            None,
            "[risk] onnxruntime = /nonexistent/libonnxruntime.so does not exist",
        ),
        (
            "bogus env path",
            None,
            Some("/nowhere/libonnxruntime.so".as_ref()),
            "ORT_DYLIB_PATH = /nowhere/libonnxruntime.so does not exist",
        ),
        (
            "nothing anywhere",
            None,
            None,
            "ORT_DYLIB_PATH unset, nothing at",
        ),
    ];
    for (what, explicit, env, expected) in cases {
        let err = locate_runtime(explicit, env, base).expect_err(what);
        let msg = err.to_string();
        assert!(
            matches!(err, ModelError::RuntimeMissing { .. }),
            "{what}: {msg}"
        );
        assert!(msg.contains(expected), "{what}: {msg}");
        assert!(
            msg.contains("python3 -m venv .venv && .venv/bin/pip install onnxruntime==1.32.0")
                && msg.contains("ORT_DYLIB_PATH")
                && msg.contains("[risk] onnxruntime"),
            "{what}: {msg}"
        );
    }
}

#[test]
fn runtime_search_order_is_config_env_venv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path();
    let capi = base.join(".venv/lib/python3.11/site-packages/onnxruntime/capi");
    std::fs::create_dir_all(&capi).expect("mkdir");
    for f in [
        "libonnxruntime.so.1.32.0",
        "libonnxruntime_providers_shared.so",
    ] {
        std::fs::write(capi.join(f), b"").expect("touch");
    }
    let configured = base.join("configured.so");
    let from_env = base.join("env.so");
    std::fs::write(&configured, b"").expect("touch");
    std::fs::write(&from_env, b"").expect("touch");
    let env = Some(from_env.as_os_str());
    let found = |explicit: Option<&Path>, env| locate_runtime(explicit, env, base).expect("found");
    assert_eq!(found(Some(Path::new("configured.so")), env), configured);
    assert_eq!(found(None, env), from_env);
    assert_eq!(
        found(None, Some("".as_ref())),
        capi.join("libonnxruntime.so.1.32.0")
    );
    assert_eq!(found(None, None), capi.join("libonnxruntime.so.1.32.0"));
}

#[test]
fn runtime_loads_once_and_refuses_a_different_library() {
    let loaded = init_runtime(None).expect("ONNX Runtime for tests");
    assert_eq!(runtime_path(), Some(loaded.as_path()));
    assert_eq!(init_runtime(None).expect("again"), loaded);
    assert_eq!(init_runtime(Some(&loaded)).expect("same path"), loaded);
    let other = tempfile::NamedTempFile::new().expect("tempfile");
    let err = init_runtime(Some(other.path())).expect_err("different library");
    assert!(matches!(err, ModelError::RuntimeConflict { .. }), "{err}");
    assert!(err.to_string().contains("without a restart"), "{err}");
}

#[test]
fn recommended_thresholds_are_validated() {
    let p = Path::new("m.onnx");
    let s = |v: &str| Some(v.to_string());
    assert_eq!(thresholds(None, None, p).expect("none"), None);
    assert_eq!(
        thresholds(s("0.4"), s(" 0.8 "), p).expect("both"),
        Some((0.4, 0.8))
    );
    let cases = [
        (s("0.4"), None, "is set without riskgate.block_at"),
        (None, s("0.8"), "is set without riskgate.review_at"),
        (s("high"), s("0.8"), "must be a number in [0, 1]"),
        (s("0.4"), s("1.5"), "must be a number in [0, 1]"),
        (s("0.9"), s("0.8"), "is above riskgate.block_at"),
    ];
    for (review, block, expected) in cases {
        let err = thresholds(review.clone(), block.clone(), p).expect_err("invalid");
        assert!(
            err.to_string().contains(expected),
            "{review:?} {block:?}: {err}"
        );
    }
}
