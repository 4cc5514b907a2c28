"""Reading a riskgate decision log plus a labels file into a training set.

Owns the accepted input formats and their errors: a JSON-lines decision log where every order
line has ``request_id`` and ``features`` (an object name -> number covering every schema
feature, or a list in schema order), and a ``labels.csv`` with header ``request_id,label``
(1 = fraud / chargeback, 0 = legit). It does not train and does not invent labels, except
that ``unlabelled="legit"`` treats orders missing from labels.csv as legit (the usual case when
labels.csv lists only chargebacks).

Lines without ``features`` (other event kinds) are skipped and counted. A line that carries a
``schema_hash`` different from schema.json is an error: its vector has another layout.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.train.generate import Dataset
from models.train.schema import Schema


class DecisionLogError(Exception):
    """The decision log or labels file cannot be used; the message names file and line."""


@dataclass
class LoadStats:
    """What loading kept and dropped, for the report."""

    lines: int = 0
    skipped_no_features: int = 0
    duplicates: int = 0
    unlabelled_dropped: int = 0
    unlabelled_as_legit: int = 0
    unknown_feature_names: tuple[str, ...] = ()


def _vector(feats, schema: Schema, where: str, unknown: set[str]) -> list[float]:
    if isinstance(feats, dict):
        missing = [n for n in schema.names if n not in feats]
        if missing:
            raise DecisionLogError(f"{where}: features lack {', '.join(missing)}")
        unknown.update(k for k in feats if k not in schema.names)
        values = [feats[n] for n in schema.names]
    elif isinstance(feats, list):
        if len(feats) != schema.width:
            raise DecisionLogError(f"{where}: features list has {len(feats)} values, schema has {schema.width}")
        values = feats
    else:
        raise DecisionLogError(f"{where}: `features` must be an object or a list")
    out = []
    for name, v in zip(schema.names, values):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise DecisionLogError(f"{where}: feature `{name}` is {v!r}, expected a finite number")
        out.append(float(v))
    return out


def read_labels(path: Path) -> dict[str, int]:
    """request_id -> 0/1 from a CSV with header `request_id,label`; the last row per id wins."""
    labels: dict[str, int] = {}
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"request_id", "label"} <= set(reader.fieldnames):
                raise DecisionLogError(f"{path}: header must contain `request_id,label`, got {reader.fieldnames}")
            for i, row in enumerate(reader, start=2):
                raw = (row["label"] or "").strip()
                if raw not in ("0", "1"):
                    raise DecisionLogError(f"{path}:{i}: label {raw!r} is not 0 or 1")
                labels[row["request_id"].strip()] = int(raw)
    except OSError as err:
        raise DecisionLogError(f"{path}: {err}") from err
    return labels


def load(log_path: Path, labels_path: Path, schema: Schema, unlabelled: str = "drop") -> tuple[Dataset, LoadStats]:
    """Joins decision-log vectors with labels.

    The pattern of a row is `<fraud|legit>_logged_<decision>` (e.g. `fraud_logged_allow`: fraud
    that the running model let through), or `<fraud|legit>_logged` without a `decision` field.
    """
    if unlabelled not in ("drop", "legit"):
        raise ValueError("unlabelled must be 'drop' or 'legit'")
    labels = read_labels(labels_path)
    stats = LoadStats()
    unknown: set[str] = set()
    rows: dict[str, tuple[list[float], str]] = {}
    try:
        fh = open(log_path, encoding="utf-8")
    except OSError as err:
        raise DecisionLogError(f"{log_path}: {err}") from err
    with fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            stats.lines += 1
            where = f"{log_path}:{i}"
            try:
                rec = json.loads(line)
            except ValueError as err:
                raise DecisionLogError(f"{where}: not JSON: {err}") from err
            if not isinstance(rec, dict) or "features" not in rec:
                stats.skipped_no_features += 1
                continue
            if "request_id" not in rec:
                raise DecisionLogError(f"{where}: no `request_id`")
            if "schema_hash" in rec and rec["schema_hash"] != schema.hash:
                raise DecisionLogError(
                    f"{where}: logged with schema_hash {rec['schema_hash']!r}, schema.json has {schema.hash!r}; "
                    "vectors of another schema cannot be mixed in"
                )
            rid = str(rec["request_id"])
            if rid in rows:
                stats.duplicates += 1
            decision = rec.get("decision")
            rows[rid] = (_vector(rec["features"], schema, where, unknown), f"_{decision}" if decision else "")
    X, y, pat = [], [], []
    for rid, (vec, p) in rows.items():
        label = labels.get(rid)
        if label is None:
            if unlabelled == "drop":
                stats.unlabelled_dropped += 1
                continue
            stats.unlabelled_as_legit += 1
            label = 0
        X.append(vec)
        y.append(label)
        pat.append(f"{'fraud' if label else 'legit'}_logged{p}")
    stats.unknown_feature_names = tuple(sorted(unknown))
    if not X:
        raise DecisionLogError(f"{log_path}: no labelled order lines (labels from {labels_path})")
    ds = Dataset(
        X=np.asarray(X, dtype=np.float32),
        y=np.asarray(y, dtype=np.int8),
        pattern=np.asarray(pat, dtype=object),
        names=schema.names,
    )
    return ds, stats
