//! The one error type of `risk::model`, with the file each failure is about.
//!
//! Load-time variants name the model (or runtime library) path and what to fix; the per-call
//! variants ([`ModelError::RowWidth`], [`ModelError::NonFiniteFeature`],
//! [`ModelError::Inference`]) are caller bugs or runtime faults, not expected outcomes.

use std::path::PathBuf;

use super::runtime::INSTALL_HINT;

/// Why the runtime or a model could not be loaded, or a row could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The ONNX Runtime library was not found; the message says how to install it.
    #[error("ONNX Runtime library not found: {tried}; {INSTALL_HINT}")]
    RuntimeMissing {
        /// What was searched, in plain words.
        tried: String,
    },
    /// The library exists but could not be loaded (wrong file, too old, wrong architecture).
    #[error("ONNX Runtime library {}: cannot load: {reason} (needs onnxruntime >= 1.{}; {INSTALL_HINT})", path.display(), ort::MINOR_VERSION)]
    RuntimeLoad {
        /// The library path.
        path: PathBuf,
        /// The loader's error.
        reason: String,
    },
    /// A different library was requested after one was already loaded in this process.
    #[error("ONNX Runtime {} is already loaded; cannot switch to {} without a restart", loaded.display(), requested.display())]
    RuntimeConflict {
        /// The library in use.
        loaded: PathBuf,
        /// The library asked for now.
        requested: PathBuf,
    },
    /// The model file could not be read.
    #[error("model {}: cannot read: {source}", path.display())]
    Read {
        /// The model path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// ONNX Runtime refused the file (not ONNX, unsupported operator, corrupt).
    #[error("model {}: ONNX Runtime cannot load it: {source}", path.display())]
    Load {
        /// The model path.
        path: PathBuf,
        /// ONNX Runtime's error.
        #[source]
        source: ort::Error,
    },
    /// The model was trained on a different feature schema.
    #[error(
        "model {}: trained on feature schema {found}, but the running feature schema is {expected}; \
         retrain the model on the current schema (or deploy the schema it was trained on)",
        model.display()
    )]
    SchemaMismatch {
        /// The model path.
        model: PathBuf,
        /// The running schema's hash.
        expected: String,
        /// The hash the model declares.
        found: String,
    },
    /// A required `riskgate.*` metadata property is absent.
    #[error("model {}: metadata property {key:?} is missing; the trainer must set it at export", model.display())]
    MissingMetadata {
        /// The model path.
        model: PathBuf,
        /// The missing key.
        key: &'static str,
    },
    /// A `riskgate.*` metadata property has an unusable value.
    #[error("model {}: metadata property {key:?} = {value:?}: {reason}", model.display())]
    BadMetadata {
        /// The model path.
        model: PathBuf,
        /// The key.
        key: &'static str,
        /// The value found.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The model takes a different number of features per row than the schema has.
    #[error("model {}: takes {found} features per row, but the feature schema has {expected}", model.display())]
    InputWidth {
        /// The model path.
        model: PathBuf,
        /// F of the running schema.
        expected: usize,
        /// F declared by the model input.
        found: i64,
    },
    /// The model's inputs are not one float32 `[N, F]` tensor.
    #[error("model {}: {reason}; riskgate feeds exactly one float32 tensor [N, F] (N dynamic)", model.display())]
    BadInput {
        /// The model path.
        model: PathBuf,
        /// What the model declares instead.
        reason: String,
    },
    /// The model has no output named `probabilities`.
    #[error("model {}: no output named \"probabilities\" (outputs: {found}); export the classifier with zipmap disabled", model.display())]
    MissingOutput {
        /// The model path.
        model: PathBuf,
        /// The output names it has, comma-separated.
        found: String,
    },
    /// The `probabilities` output is not float32 `[N, 2]` (declared or as produced).
    #[error("model {}: output \"probabilities\" {reason}; expected float32 [N, 2]", model.display())]
    BadOutput {
        /// The model path.
        model: PathBuf,
        /// What it is instead.
        reason: String,
    },
    /// A row passed to `score` has the wrong length (a caller bug, not user input).
    #[error("feature row has {got} values, the model takes {expected}")]
    RowWidth {
        /// F.
        expected: usize,
        /// The slice length (for a batch: length not equal to `n × F`).
        got: usize,
    },
    /// A feature is NaN or infinite (a feature extraction bug); scoring it would be meaningless.
    #[error("feature {index} of row {row} is not finite ({value})")]
    NonFiniteFeature {
        /// The row within the batch (0 for `score`).
        row: usize,
        /// The feature index in schema order.
        index: usize,
        /// The value.
        value: f32,
    },
    /// ONNX Runtime failed while running the model, or returned a value outside [0, 1].
    #[error("model {}: inference failed: {reason}", model.display())]
    Inference {
        /// The model path.
        model: PathBuf,
        /// ONNX Runtime's error or the bad value.
        reason: String,
    },
}
