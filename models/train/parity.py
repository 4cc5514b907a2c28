"""The Python-side expectation for riskgate's Rust inference parity test.

Owns models/test/parity.json: ~50 fixed feature rows (3 from every generator pattern plus
edge rows) and the fraud probability Python onnxruntime computes for each on a model file.
The Rust test runs the same rows through its ort session and asserts |rust - python| <= 1e-5.
It does not train; rerun it whenever models/risk.onnx changes (train.py does so for the
shipped model).

    .venv/bin/python -m models.train.parity [--model models/risk.onnx] [--out models/test/parity.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from models.train.generate import FRAUD_PATTERNS, LEGIT_PATTERNS, generate  # noqa: E402
from models.train.schema import DEFAULT_MODEL_PATH, META_MODEL_VERSION, TEST_DIR, Schema, load_schema  # noqa: E402

PARITY_SEED = 4242
PER_PATTERN = 3


def rows(schema: Schema) -> tuple[np.ndarray, list[str]]:
    """The fixed parity rows (float32 [K, F]) and a name for each."""
    ds = generate(20_000, PARITY_SEED, 0.2, schema)
    picked, names = [], []
    for name, *_ in LEGIT_PATTERNS + FRAUD_PATTERNS:
        idx = np.flatnonzero(ds.pattern == name)[:PER_PATTERN]
        picked.append(ds.X[idx])
        names += [name] * len(idx)
    col = {n: i for i, n in enumerate(schema.names)}
    zeros = np.zeros(schema.width, np.float32)
    # Extremes riskgate can legally produce: huge amount and counts, capped device age.
    big = zeros.copy()
    for n, v in {"amount_usd": 1e6, "quantity": 10_000,
                 "device_age_hours": 8760, "orders_ip_10m": 1e5, "orders_device_10m": 1e5,
                 "orders_client_10m": 1e5, "small_orders_client_10m": 1e5,
                 "ips_per_device_1h": 32, "devices_per_ip_1h": 32, "users_per_device_24h": 32,
                 "devices_per_user_24h": 32, "ips_per_user_24h": 32, "countries_per_user_7d": 32,
                 "small_orders_device_10m": 1e5, "failed_payments_24h": 1e4}.items():
        big[col[n]] = v
    flags = zeros.copy()
    for n in ("currency_unknown", "country_lang_mismatch", "hosting_asn", "automation_ua", "ua_header_mismatch",
              "missing_accept_language", "no_beacon", "new_device", "cookie_tampered",
              "email_disposable", "email_random"):
        flags[col[n]] = 1
    X = np.vstack(picked + [zeros, big, flags]).astype(np.float32)
    return X, names + ["edge_all_zero", "edge_extreme_values", "edge_all_flags"]


def write(model_path: Path, out_path: Path, schema: Schema | None = None) -> Path:
    """Scores the parity rows on model_path and writes the JSON fixture."""
    import onnx

    from models.train.onnx_export import fraud_scores, session

    schema = schema or load_schema()
    X, names = rows(schema)
    p = fraud_scores(session(model_path), X)
    meta = {m.key: m.value for m in onnx.load(str(model_path)).metadata_props}
    doc = {
        "schema_hash": schema.hash,
        "model_version": meta.get(META_MODEL_VERSION, ""),
        "tolerance": 1e-5,
        "features": list(schema.names),
        "patterns": names,
        # float(np.float32) is exact, so parsing these as f32 gives the identical bits.
        "rows": [[float(v) for v in r] for r in X],
        "probabilities": [float(v) for v in p.astype(np.float32)],
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(to_json(doc), encoding="utf-8")
    return out_path


def to_json(doc: dict) -> str:
    """JSON with one key per line and every list on a single line (one row per line)."""
    lines = []
    for key, value in doc.items():
        if key == "rows":
            inner = ",\n  ".join(json.dumps(r) for r in value)
            lines.append(f' "rows": [\n  {inner}\n ]')
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Regenerate the Rust/Python inference parity fixture.")
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    ap.add_argument("--out", type=Path, default=TEST_DIR / "parity.json")
    a = ap.parse_args(argv)
    print(write(a.model, a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
