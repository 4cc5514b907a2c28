"""ONNX export of a fitted scikit-learn classifier in the shape riskgate loads.

Owns the wire contract of a riskgate model file: one float32 input named ``input`` of shape
[N, F], a float32 ``probabilities`` output [N, 2] (column 1 = fraud), an int64 ``label``
output, and the ``riskgate.*`` metadata_props (schema hash and version, model version,
training data, recommended thresholds). It does not train or choose thresholds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType

from models.train.schema import INPUT_NAME, PROBA_OUTPUT, Schema


def to_onnx_model(model, schema: Schema, zipmap: bool = False) -> onnx.ModelProto:
    """Converts a fitted classifier/regressor; input float32 [None, F] named `input`."""
    options = {id(model): {"zipmap": zipmap}} if hasattr(model, "predict_proba") else None
    proto = to_onnx(
        model,
        initial_types=[(INPUT_NAME, FloatTensorType([None, schema.width]))],
        options=options,
    )
    # skl2onnx can list the default opset twice (seen with HistGradientBoosting); keep one.
    seen: dict[str, int] = {}
    for op in proto.opset_import:
        seen[op.domain] = max(seen.get(op.domain, 0), op.version)
    del proto.opset_import[:]
    for domain, version in sorted(seen.items()):
        proto.opset_import.add(domain=domain, version=version)
    proto.producer_name = "riskgate-models-train"
    return proto


def set_metadata(proto: onnx.ModelProto, props: dict[str, str]) -> onnx.ModelProto:
    """Replaces the model's metadata_props with props (all values strings)."""
    del proto.metadata_props[:]
    for key, value in props.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, str(value)
    return proto


def save(proto: onnx.ModelProto, path: Path) -> None:
    """Checks the model and writes it."""
    onnx.checker.check_model(proto, full_check=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save_model(proto, str(path))


def session(model: onnx.ModelProto | Path | str, threads: int = 1) -> ort.InferenceSession:
    """An onnxruntime CPU session (single-threaded by default, like one riskgate worker)."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    src = model.SerializeToString() if isinstance(model, onnx.ModelProto) else str(model)
    return ort.InferenceSession(src, sess_options=opts, providers=["CPUExecutionProvider"])


def fraud_scores(sess: ort.InferenceSession, X: np.ndarray, batch: int = 65536) -> np.ndarray:
    """Column 1 of `probabilities` for every row, float32."""
    out = []
    for i in range(0, len(X), batch):
        (p,) = sess.run([PROBA_OUTPUT], {INPUT_NAME: np.ascontiguousarray(X[i : i + batch], dtype=np.float32)})
        out.append(p[:, 1])
    return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)
