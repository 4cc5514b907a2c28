//! The ONNX risk model: load, verify against the feature schema, score.
//!
//! Owns a pool of ONNX Runtime sessions for one model file and the checks that make a model
//! safe to act on: its `riskgate.schema_hash` metadata must equal the running
//! [`FeatureSchema`] hash, its single input must be float32 `[N, F]` with F = schema length,
//! and it must have a float32 `[N, 2]` output named `probabilities` (column 1 = fraud). It
//! does not build feature vectors (`risk::features`), pick thresholds (`risk::decision`; a
//! model may only *recommend* them) or swap models on reload (the caller holds the model in
//! an `ArcSwap`; a shadow model is simply a second [`RiskModel`]).
//!
//! # Threads and cost
//! `ort` needs `&mut Session` to run, so a model holds `sessions` sessions, each behind its
//! own mutex with its own reusable input/output buffers. A thread first tries its "home"
//! session (assigned round-robin on the thread's first call), then the others, and waits
//! only when all are busy: with one session per proxy worker thread there is no shared lock
//! on the hot path. Sessions run with one intra-op thread and spinning disabled, so ONNX
//! Runtime starts no pool threads and never spin-waits on cores the proxy needs.
//!
//! A single-row [`RiskModel::score`] of the shipped gradient-boosted model costs about
//! 4 µs (criterion mean 4.1 µs; p50 4–6 µs, p99 9–14 µs, p99.9 ≈ 50 µs over 100,000 calls on
//! a busy 2-core VM; `cargo bench --bench model`). That is comparable to parsing the order
//! body and it never blocks on I/O, so it is called directly on the async worker thread:
//! `spawn_blocking` would add a cross-thread hand-off costing more than the inference. Only
//! [`RiskModel::score_batch`] over hundreds of rows (≈ 2.5 µs per row) belongs in
//! `spawn_blocking`.
//!
//! The runtime library itself is found and loaded by [`init_runtime`] (see
//! `model_runtime.rs`).

#[path = "model_error.rs"]
mod error;
#[path = "model_runtime.rs"]
mod runtime;
#[path = "model_verify.rs"]
mod verify;
#[path = "model_warm.rs"]
mod warm;

use std::cell::Cell;
use std::fmt;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use ort::environment::Environment;
use ort::session::builder::SessionBuilder;
use ort::session::{HasSelectedOutputs, OutputSelector, RunOptions, Session, SessionOutputs};
use ort::value::{Tensor, TensorRef};

pub use error::ModelError;
pub use runtime::{init_runtime, locate_runtime, runtime_path, INSTALL_HINT, ORT_DYLIB_ENV};
pub use warm::{keep_warm, KeepWarm, ACTIVE_WINDOW, KEEP_WARM_ENV, KEEP_WARM_EVERY};

use super::schema::FeatureSchema;
use super::trees::Trees;

/// The output riskgate reads: float32 `[N, 2]`, column 1 = fraud probability.
pub const OUTPUT_NAME: &str = "probabilities";
/// Metadata key: the schema hash the model was trained on (required).
pub const META_SCHEMA_HASH: &str = "riskgate.schema_hash";
/// Metadata key: the model version written to the decision log (required).
pub const META_MODEL_VERSION: &str = "riskgate.model_version";
/// Metadata key: the trainer's recommended review threshold (optional, with `block_at`).
pub const META_REVIEW_AT: &str = "riskgate.review_at";
/// Metadata key: the trainer's recommended block threshold (optional, with `review_at`).
pub const META_BLOCK_AT: &str = "riskgate.block_at";

/// Metadata key: population statistics of legitimate orders, a JSON object
/// `{feature name: typical value}` (optional; see `risk::baseline`).
pub const META_BASELINE: &str = "riskgate.baseline";

/// One session with the buffers a single-row run reuses.
struct Slot {
    session: Session,
    /// The `[1, F]` input, overwritten per call.
    row: Tensor<f32>,
    /// Selects only `probabilities`, into a preallocated `[1, 2]` tensor.
    single: RunOptions<HasSelectedOutputs>,
    /// Selects only `probabilities` (batch shapes vary, so nothing preallocated).
    batch: RunOptions<HasSelectedOutputs>,
}

/// A loaded, verified risk model; cheap to share (`Arc`), safe to score from many threads.
pub struct RiskModel {
    slots: Box<[Mutex<Slot>]>,
    path: PathBuf,
    version: String,
    width: usize,
    thresholds: Option<(f32, f32)>,
    /// The `riskgate.baseline` statistics, when the model carries them.
    baseline: Option<Vec<(String, f32)>>,
    /// The same model evaluated natively, for explanations (`None` when the file is not a
    /// plain tree ensemble, or its native scores disagree with ONNX Runtime's).
    trees: Option<Trees>,
    /// When the model was loaded: the origin of `last_scored_us`.
    born: Instant,
    /// Microseconds after `born` of the last [`RiskModel::score`] (0: never), for the
    /// keep-warm thread (`model_warm.rs`).
    last_scored_us: AtomicU64,
    /// Keep-warm runs so far (observable in tests and logs).
    warm_runs: AtomicU64,
}

impl fmt::Debug for RiskModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RiskModel")
            .field("path", &self.path)
            .field("version", &self.version)
            .field("width", &self.width)
            .field("sessions", &self.slots.len())
            .field("thresholds", &self.thresholds)
            .field("native_trees", &self.trees.as_ref().map(Trees::len))
            .finish()
    }
}

impl RiskModel {
    /// Loads `path`, verifies it against `schema`, and builds `sessions` warmed-up sessions.
    ///
    /// Called at start and on reload (for the primary and the shadow model), never per
    /// request: it reads the file once and creates and warms each session (≈ 3 ms per session
    /// for the shipped model). Uses the runtime from [`init_runtime`], initialising it by the
    /// default search if that was not called. Errors name the file and what to fix; at reload
    /// the caller keeps the old model.
    pub fn load(
        path: &Path,
        schema: &FeatureSchema,
        sessions: NonZeroUsize,
    ) -> Result<RiskModel, ModelError> {
        let env = runtime::environment()?;
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let load_err = |source: ort::Error| ModelError::Load {
            path: path.to_path_buf(),
            source,
        };
        let mut builder = session_builder(env).map_err(load_err)?;
        let first = builder.commit_from_memory(&bytes).map_err(load_err)?;
        let verified = verify::verify(&first, schema, path)?;
        let width = schema.len();
        let mut slots = Vec::with_capacity(sessions.get());
        slots.push(Slot::new(first, width).map_err(load_err)?);
        for _ in 1..sessions.get() {
            let session = builder.commit_from_memory(&bytes).map_err(load_err)?;
            slots.push(Slot::new(session, width).map_err(load_err)?);
        }
        let mut model = RiskModel {
            slots: slots.into_iter().map(Mutex::new).collect(),
            path: path.to_path_buf(),
            version: verified.version,
            width,
            thresholds: verified.thresholds,
            baseline: verified.baseline,
            trees: None,
            born: Instant::now(),
            last_scored_us: AtomicU64::new(0),
            warm_runs: AtomicU64::new(0),
        };
        model.warm_up()?;
        model.trees = Trees::from_onnx(&bytes, width).filter(|t| model.agrees_with(t));
        Ok(model)
    }

    /// The model as a native tree ensemble, if it is one and agrees with ONNX Runtime.
    pub fn trees(&self) -> Option<&Trees> {
        self.trees.as_ref()
    }

    /// True when `trees` scores 256 sample rows (zeros, and values from 0 to ~10,000 on a
    /// log scale, so thresholds at every magnitude are crossed both ways) as ONNX Runtime
    /// does, within 1e-4.
    fn agrees_with(&self, trees: &Trees) -> bool {
        const N: usize = 256;
        let mut rng = fastrand::Rng::with_seed(0x5eed);
        let mut rows = vec![0.0f32; N * self.width];
        for v in rows.iter_mut().skip(self.width) {
            *v = match rng.u8(0..4) {
                0 => 0.0,
                1 => 1.0,
                _ => (rng.f32() * 9.2).exp() - 1.0,
            };
        }
        let Ok(ort) = self.score_batch(&rows, N) else {
            return false;
        };
        let agree = rows
            .chunks_exact(self.width)
            .zip(&ort)
            .all(|(row, &p)| (trees.score(row) - p).abs() <= 1e-4);
        if !agree {
            tracing::warn!(
                model = %self.path.display(),
                "native tree evaluation disagrees with ONNX Runtime; explaining through ONNX Runtime"
            );
        }
        agree
    }

    /// Returns the fraud probability (0–1) of one feature row in schema order.
    ///
    /// Called once per order on the request path (and once more for the shadow model).
    /// `features.len()` must be F; a non-finite value is refused. Reuses the session's input
    /// and output tensors, so a successful call makes no Rust heap allocation. Safe to call
    /// from any number of threads at once.
    pub fn score(&self, features: &[f32]) -> Result<f32, ModelError> {
        let p = self.score_unstamped(features)?;
        let us = u64::try_from(self.born.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.last_scored_us.store(us.max(1), Ordering::Relaxed);
        Ok(p)
    }

    /// [`RiskModel::score`] without moving the "last scored" time the keep-warm logic
    /// reads: for scores that are not an order's own (the block policy's counterfactual).
    pub fn score_unstamped(&self, features: &[f32]) -> Result<f32, ModelError> {
        self.check_rows(features, 1)?;
        let mut guard = self.slot();
        let Slot {
            session,
            row,
            single,
            ..
        } = &mut *guard;
        row.extract_tensor_mut().1.copy_from_slice(features);
        let outputs = session
            .run_with_options(ort::inputs![&*row], single)
            .map_err(|e| self.inference(e.to_string()))?;
        let mut p = 0.0;
        self.fraud_column(&outputs, 1, |_, v| p = v)?;
        Ok(p)
    }

    /// Scores `features` like [`RiskModel::score`] but leaves no trace: it runs only if the
    /// calling thread's home session is free right now (`None` otherwise, and on any
    /// failure), never waits, and does not move the "last scored" time the keep-warm
    /// logic reads. For the proxy worker's rehearsal of the order path (keeping the
    /// thread's caches warm between slow orders); counts in [`RiskModel::warm_runs`].
    pub fn rehearse(&self, features: &[f32]) -> Option<f32> {
        self.check_rows(features, 1).ok()?;
        let home = home_index() % self.slots.len();
        let mut guard = self.slots[home].try_lock().ok()?;
        let Slot {
            session,
            row,
            single,
            ..
        } = &mut *guard;
        row.extract_tensor_mut().1.copy_from_slice(features);
        let outputs = session.run_with_options(ort::inputs![&*row], single).ok()?;
        let mut p = None;
        self.fraud_column(&outputs, 1, |_, v| p = Some(v)).ok()?;
        self.warm_runs.fetch_add(1, Ordering::Relaxed);
        p
    }

    /// Returns how long ago [`RiskModel::score`] last ran, or `None` if it never did.
    pub fn since_last_score(&self) -> Option<Duration> {
        match self.last_scored_us.load(Ordering::Relaxed) {
            0 => None,
            us => Some(
                self.born
                    .elapsed()
                    .saturating_sub(Duration::from_micros(us)),
            ),
        }
    }

    /// Returns the number of keep-warm runs so far (see [`keep_warm`]).
    pub fn warm_runs(&self) -> u64 {
        self.warm_runs.load(Ordering::Relaxed)
    }

    /// Runs every session that is free right now once on a zero row, so its code and data
    /// stay in the CPU caches; a busy session is skipped (an order is warming it). Returns
    /// the number of sessions run. Called by the keep-warm thread only: it never blocks on
    /// an order and never touches `last_scored_us`.
    fn warm_free_sessions(&self) -> usize {
        let mut ran = 0;
        for slot in self.slots.iter() {
            let Ok(mut guard) = slot.try_lock() else {
                continue;
            };
            let Slot {
                session,
                row,
                single,
                ..
            } = &mut *guard;
            row.extract_tensor_mut().1.fill(0.0);
            if session
                .run_with_options(ort::inputs![&*row], single)
                .is_ok()
            {
                ran += 1;
            }
        }
        self.warm_runs.fetch_add(ran as u64, Ordering::Relaxed);
        ran
    }

    /// Returns the fraud probability of each of `n` rows laid out back to back in `rows`
    /// (`rows.len()` must be `n × F`), in row order.
    ///
    /// Called off the hot path, e.g. to explain a decision by re-scoring one batch of the
    /// order's vector with single features replaced. Allocates the result; for hundreds of
    /// rows call it from `spawn_blocking`.
    pub fn score_batch(&self, rows: &[f32], n: usize) -> Result<Vec<f32>, ModelError> {
        self.check_rows(rows, n)?;
        if n == 0 {
            return Ok(Vec::new());
        }
        let input = TensorRef::from_array_view(([n, self.width], rows))
            .map_err(|e| self.inference(e.to_string()))?;
        let mut guard = self.slot();
        let Slot { session, batch, .. } = &mut *guard;
        let outputs = session
            .run_with_options(ort::inputs![input], batch)
            .map_err(|e| self.inference(e.to_string()))?;
        let mut scores = vec![0.0; n];
        self.fraud_column(&outputs, n, |i, v| scores[i] = v)?;
        Ok(scores)
    }

    /// Returns the model version from its `riskgate.model_version` metadata (decision log).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Returns the file this model was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns the number of features per row (F).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Returns the number of sessions in the pool.
    pub fn sessions(&self) -> usize {
        self.slots.len()
    }

    /// Returns the trainer's recommended `(review_at, block_at)` from the model metadata, or
    /// `None` when the model does not recommend any. Config thresholds take precedence; this
    /// is for logging a disagreement and for `riskgate replay` defaults.
    pub fn recommended_thresholds(&self) -> Option<(f32, f32)> {
        self.thresholds
    }

    /// Returns the population statistics of legitimate orders the trainer saved with the
    /// model (`riskgate.baseline`), or `None` when it saved none.
    pub fn baseline_stats(&self) -> Option<&[(String, f32)]> {
        self.baseline.as_deref()
    }

    /// Runs every session once (single row and a 2-row batch) so the first request does not
    /// pay ONNX Runtime's first-run cost (~200 µs).
    fn warm_up(&self) -> Result<(), ModelError> {
        let zeros = vec![0.0f32; self.width * 2];
        for slot in self.slots.iter() {
            let mut guard = slot.lock().unwrap_or_else(PoisonError::into_inner);
            let Slot {
                session,
                row,
                single,
                batch,
            } = &mut *guard;
            let outputs = session
                .run_with_options(ort::inputs![&*row], single)
                .map_err(|e| self.inference(e.to_string()))?;
            self.fraud_column(&outputs, 1, |_, _| ())?;
            drop(outputs);
            let input = TensorRef::from_array_view(([2, self.width], &zeros[..]))
                .map_err(|e| self.inference(e.to_string()))?;
            let outputs = session
                .run_with_options(ort::inputs![input], batch)
                .map_err(|e| self.inference(e.to_string()))?;
            self.fraud_column(&outputs, 2, |_, _| ())?;
        }
        Ok(())
    }

    /// Returns a session for this thread: its home session if free, else any free one,
    /// else waits for the home session.
    fn slot(&self) -> MutexGuard<'_, Slot> {
        let n = self.slots.len();
        let home = home_index() % n;
        for i in 0..n {
            match self.slots[(home + i) % n].try_lock() {
                Ok(guard) => return guard,
                // A panic while scoring leaves nothing half-written that the next run does
                // not overwrite, so a poisoned slot is still usable.
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        self.slots[home]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn check_rows(&self, rows: &[f32], n: usize) -> Result<(), ModelError> {
        if Some(rows.len()) != n.checked_mul(self.width) {
            return Err(ModelError::RowWidth {
                expected: self.width,
                got: rows.len(),
            });
        }
        match rows.iter().position(|v| !v.is_finite()) {
            None => Ok(()),
            Some(i) => Err(ModelError::NonFiniteFeature {
                row: i / self.width,
                index: i % self.width,
                value: rows[i],
            }),
        }
    }

    /// Checks `probabilities` is `[n, 2]` float32 in [0, 1] and passes column 1 of each row.
    fn fraud_column(
        &self,
        outputs: &SessionOutputs<'_>,
        n: usize,
        mut each: impl FnMut(usize, f32),
    ) -> Result<(), ModelError> {
        let value = outputs
            .get(OUTPUT_NAME)
            .ok_or_else(|| ModelError::BadOutput {
                model: self.path.clone(),
                reason: "was not produced".to_string(),
            })?;
        let (shape, data) =
            value
                .try_extract_tensor::<f32>()
                .map_err(|e| ModelError::BadOutput {
                    model: self.path.clone(),
                    reason: e.to_string(),
                })?;
        if shape.len() != 2 || shape[1] != 2 || usize::try_from(shape[0]) != Ok(n) {
            return Err(ModelError::BadOutput {
                model: self.path.clone(),
                reason: format!("has shape {shape} for {n} rows"),
            });
        }
        for (i, pair) in data.chunks_exact(2).enumerate() {
            let p = pair[1];
            if !(0.0..=1.0).contains(&p) {
                return Err(self.inference(format!("row {i}: probability {p} is outside [0, 1]")));
            }
            each(i, p);
        }
        Ok(())
    }

    #[cold]
    fn inference(&self, reason: String) -> ModelError {
        ModelError::Inference {
            model: self.path.clone(),
            reason,
        }
    }
}

impl Slot {
    fn new(session: Session, width: usize) -> ort::Result<Slot> {
        let row = Tensor::from_array(([1usize, width], vec![0.0f32; width]))?;
        let out = Tensor::from_array(([1usize, 2], vec![0.0f32; 2]))?;
        let single = RunOptions::new()?.with_outputs(
            OutputSelector::no_default()
                .with(OUTPUT_NAME)
                .preallocate(OUTPUT_NAME, out),
        );
        let batch = RunOptions::new()?.with_outputs(OutputSelector::no_default().with(OUTPUT_NAME));
        Ok(Slot {
            session,
            row,
            single,
            batch,
        })
    }
}

/// Session options for riskgate: one intra-op thread, no inter-op parallelism, no spinning.
fn session_builder(env: &Environment) -> ort::Result<SessionBuilder> {
    Ok(Session::builder(env)?
        .with_intra_threads(1)?
        .with_inter_threads(1)?
        .with_intra_op_spinning(false)?
        .with_inter_op_spinning(false)?)
}

/// This thread's preferred session index (any model; reduced modulo its pool size).
fn home_index() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static HOME: Cell<Option<usize>> = const { Cell::new(None) };
    }
    HOME.with(|h| match h.get() {
        Some(i) => i,
        None => {
            let i = NEXT.fetch_add(1, Ordering::Relaxed);
            h.set(Some(i));
            i
        }
    })
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
