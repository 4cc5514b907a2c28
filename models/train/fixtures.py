"""Tiny ONNX fixtures for riskgate's Rust unit tests (models/test/).

Owns how each fixture is built, so the Rust tests can rely on exactly one property per file:

* ``tiny.onnx``            a 3-tree GradientBoostingClassifier on the 28 schema features with
                           correct ``riskgate.*`` metadata: loads, scores, hash matches.
* ``tiny_expected.json``   a few rows and tiny.onnx's fraud probability for each (Python ort).
* ``wrong_schema.onnx``    tiny.onnx with ``riskgate.schema_hash`` = "0000000000000000".
* ``no_probabilities.onnx`` a 3-tree GradientBoostingRegressor (single output ``variable``
                           float32 [N, 1]); correct metadata, but no ``probabilities`` output.
* ``no_metadata.onnx``     tiny.onnx without any metadata_props (no schema hash at all).

It does not touch models/risk.onnx.

    .venv/bin/python -m models.train.fixtures [--out-dir models/test]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from models.train.generate import generate  # noqa: E402
from models.train.parity import to_json  # noqa: E402
from models.train.schema import (  # noqa: E402
    META_BLOCK_AT,
    META_MODEL_VERSION,
    META_REVIEW_AT,
    META_SCHEMA_HASH,
    META_SCHEMA_VERSION,
    META_TRAINED_ON,
    TEST_DIR,
    load_schema,
)

SEED = 11


def build(out_dir: Path) -> list[Path]:
    """Writes every fixture into out_dir and returns their paths."""
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor

    from models.train import onnx_export as ox

    schema = load_schema()
    ds = generate(3000, SEED, 0.2, schema)
    meta = {
        META_SCHEMA_HASH: schema.hash,
        META_SCHEMA_VERSION: str(schema.version),
        META_MODEL_VERSION: "fixture-tiny-1",
        META_TRAINED_ON: "synthetic-fixture",
        # Arbitrary but valid (review_at <= block_at); the fixture is not a real model.
        META_REVIEW_AT: "0.3000",
        META_BLOCK_AT: "0.6000",
    }
    clf = GradientBoostingClassifier(n_estimators=3, max_depth=2, random_state=SEED).fit(ds.X, ds.y)
    reg = GradientBoostingRegressor(n_estimators=3, max_depth=2, random_state=SEED).fit(ds.X, ds.y.astype(np.float64))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    def emit(name: str, proto, props: dict) -> None:
        ox.save(ox.set_metadata(proto, props), out_dir / name)
        written.append(out_dir / name)

    emit("tiny.onnx", ox.to_onnx_model(clf, schema), meta)
    emit("wrong_schema.onnx", ox.to_onnx_model(clf, schema), {**meta, META_SCHEMA_HASH: "0000000000000000"})
    emit("no_probabilities.onnx", ox.to_onnx_model(reg, schema), {**meta, META_MODEL_VERSION: "fixture-regressor-1"})
    emit("no_metadata.onnx", ox.to_onnx_model(clf, schema), {})

    # Expected tiny.onnx outputs: one legit row, one fraud row, all zeros.
    X = np.vstack([ds.X[np.flatnonzero(ds.y == 0)[0]], ds.X[np.flatnonzero(ds.y == 1)[0]],
                   np.zeros(schema.width, np.float32)]).astype(np.float32)
    p = ox.fraud_scores(ox.session(out_dir / "tiny.onnx"), X)
    expected = {"schema_hash": schema.hash, "model": "tiny.onnx", "tolerance": 1e-5,
                "rows": [[float(v) for v in r] for r in X], "probabilities": [float(v) for v in p]}
    (out_dir / "tiny_expected.json").write_text(to_json(expected), encoding="utf-8")
    written.append(out_dir / "tiny_expected.json")
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the tiny ONNX fixtures for the Rust tests.")
    ap.add_argument("--out-dir", type=Path, default=TEST_DIR)
    a = ap.parse_args(argv)
    for f in build(a.out_dir):
        print(f"{f} ({f.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
