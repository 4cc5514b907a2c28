"""The feature schema contract (models/schema.json), as the Python side reads it.

Owns loading schema.json and checking that its declared hash matches its feature list under
the documented hash rule. It does not define features: schema.json is the single source of
truth, shared with the Rust proxy that builds the vectors.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

# Repository root (models/train/schema.py -> parents[2]); every default path hangs off it so
# the scripts work from any working directory.
ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "models" / "schema.json"
DEFAULT_MODEL_PATH = ROOT / "models" / "risk.onnx"
REPORT_DIR = ROOT / "models" / "report"
TEST_DIR = ROOT / "models" / "test"

# ONNX metadata keys riskgate reads (see MODEL.md, "Schema hash guard").
META_SCHEMA_HASH = "riskgate.schema_hash"
META_SCHEMA_VERSION = "riskgate.schema_version"
META_MODEL_VERSION = "riskgate.model_version"
META_TRAINED_ON = "riskgate.trained_on"
META_REVIEW_AT = "riskgate.review_at"
META_BLOCK_AT = "riskgate.block_at"
META_FEATURES = "riskgate.features"
# JSON object {feature name: median over legitimate training rows}: a typical legit order,
# the reference explanations compare with.
META_BASELINE = "riskgate.baseline"
# How the scores were calibrated (informational).
META_CALIBRATION = "riskgate.calibration"

INPUT_NAME = "input"
PROBA_OUTPUT = "probabilities"


class SchemaError(Exception):
    """schema.json is unreadable or internally inconsistent."""


@dataclass(frozen=True)
class Schema:
    """The ordered feature list plus the identity (version, hash) a model is bound to."""

    names: tuple[str, ...]
    types: tuple[str, ...]
    version: int
    hash: str

    @property
    def width(self) -> int:
        """Number of features F (the model input is float32 [N, F])."""
        return len(self.names)


def compute_hash(names: tuple[str, ...], types: tuple[str, ...]) -> str:
    """Returns the schema hash: first 16 hex chars of sha256 over '<name>:<type>\\n' lines."""
    text = "".join(f"{n}:{t}\n" for n, t in zip(names, types))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    """Loads schema.json and verifies its declared hash; raises SchemaError on any mismatch."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SchemaError(f"{path}: cannot read schema: {err}") from err
    features = raw.get("features")
    if not isinstance(features, list) or not features:
        raise SchemaError(f"{path}: `features` must be a non-empty list")
    for i, f in enumerate(features):
        if f.get("index") != i:
            raise SchemaError(f"{path}: feature #{i} ({f.get('name')}) has index {f.get('index')}")
    names = tuple(str(f["name"]) for f in features)
    types = tuple(str(f["type"]) for f in features)
    if len(set(names)) != len(names):
        raise SchemaError(f"{path}: duplicate feature names")
    declared = str(raw.get("hash", ""))
    actual = compute_hash(names, types)
    if declared != actual:
        raise SchemaError(
            f"{path}: declared hash {declared!r} does not match the feature list ({actual!r}); "
            "update `hash` together with the feature list (and the Rust side)"
        )
    return Schema(names=names, types=types, version=int(raw.get("version", 0)), hash=declared)
