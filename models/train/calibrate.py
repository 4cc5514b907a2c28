"""Probability calibration of the gradient-boosted model, folded into the ONNX file.

Owns Platt scaling on a held-out split and how it is embedded: a boosted ensemble outputs
``p = sigmoid(base + sum of leaf weights)``; Platt fits ``p' = sigmoid(a * margin + b)`` on
held-out rows. Because ``a * (base + sum w) + b = (a * base + b) + sum (a * w)``, the
calibrated model is the same single ``TreeEnsembleClassifier`` with every leaf weight
multiplied by ``a`` and the base value replaced by ``a * base + b``. The file stays one
plain tree ensemble (riskgate's native explainer still reads it), ``a > 0`` keeps every
monotonic constraint, and there is no second node whose output could drift from the first.

Why Platt and not isotonic: isotonic needs a lookup node after the ensemble (a second graph
stage, and steps that break ties between nearby scores); on tens of thousands of held-out
rows the sigmoid fits the boosted margin well (the reliability table in the report shows it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx
from onnx import helper


@dataclass(frozen=True)
class Platt:
    """p = sigmoid(a * margin + b); a > 0."""

    a: float
    b: float

    def apply(self, margin: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for raw margins."""
        return 1.0 / (1.0 + np.exp(-(self.a * margin + self.b)))


def margin_of(p: np.ndarray) -> np.ndarray:
    """The ensemble margin (log-odds) of probabilities, clipped away from 0 and 1."""
    p = np.clip(p.astype(np.float64), 1e-7, 1 - 1e-7)
    return np.log(p / (1 - p))


def fit_platt(margin: np.ndarray, y: np.ndarray) -> Platt:
    """Fits Platt scaling with Platt's smoothed targets (so a perfectly separated split does
    not push a to infinity). Damped Newton iterations on the log loss; 2 parameters."""
    y = y.astype(np.float64)
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    if n_pos == 0 or n_neg == 0:
        raise ValueError("calibration needs both classes in the held-out split")
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    def loss(a: float, b: float) -> float:
        z = a * margin + b
        # log(1 + e^z) - t z, computed stably.
        return float(np.sum(np.logaddexp(0.0, z) - t * z))

    a, b = 1.0, 0.0
    current = loss(a, b)
    for _ in range(100):
        z = a * margin + b
        p = 1 / (1 + np.exp(-z))
        g = np.array([np.sum((p - t) * margin), np.sum(p - t)])
        w = p * (1 - p) + 1e-12
        h = np.array([[np.sum(w * margin * margin), np.sum(w * margin)], [np.sum(w * margin), np.sum(w)]])
        step = np.linalg.solve(h + 1e-9 * np.eye(2), g)
        # Backtracking: a full Newton step can overshoot far from the optimum.
        k = 1.0
        while k > 1e-6 and loss(a - k * step[0], b - k * step[1]) > current:
            k /= 2
        a, b = a - k * step[0], b - k * step[1]
        new = loss(a, b)
        if abs(current - new) < 1e-10 * max(1.0, abs(current)) or np.abs(k * step).max() < 1e-10:
            break
        current = new
    if not a > 0:
        raise ValueError(f"Platt slope {a:.4f} is not positive: the model ranks the held-out split backwards")
    return Platt(float(a), float(b))


def fold_into(proto: onnx.ModelProto, platt: Platt) -> onnx.ModelProto:
    """Rewrites the single TreeEnsembleClassifier so it outputs calibrated probabilities."""
    nodes = [n for n in proto.graph.node if n.op_type == "TreeEnsembleClassifier"]
    if len(nodes) != 1:
        raise ValueError(f"expected one TreeEnsembleClassifier, found {len(nodes)}")
    node = nodes[0]
    attrs = {a.name: a for a in node.attribute}
    if attrs["post_transform"].s != b"LOGISTIC" or len(attrs["base_values"].floats) != 1:
        raise ValueError("expected a binary LOGISTIC ensemble with one base value")
    weights = [platt.a * w for w in attrs["class_weights"].floats]
    base = [platt.a * attrs["base_values"].floats[0] + platt.b]
    keep = [a for a in node.attribute if a.name not in ("class_weights", "base_values")]
    del node.attribute[:]
    node.attribute.extend(keep)
    node.attribute.extend([helper.make_attribute("class_weights", weights),
                           helper.make_attribute("base_values", base)])
    return proto


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[tuple[float, float, float, int]]:
    """(bin low, mean predicted, observed fraud rate, rows) per score decile-of-range bin;
    bins with no rows are left out. The calibration check in the report."""
    edges = np.array([0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0001])[: bins + 1]
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p >= lo) & (p < hi)
        if m.sum():
            out.append((float(lo), float(p[m].mean()), float(y[m].mean()), int(m.sum())))
    return out
