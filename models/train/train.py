"""Trains riskgate's order-risk model and exports it as ONNX with its metadata and report.

Owns the training recipe: data source (synthetic traffic from generate.py, or a labelled
decision log), the train/validation/test split, the gradient-boosted classifier and its
hyperparameters, monotonic constraints, threshold recommendation (via evaluate.py), the ONNX
file with ``riskgate.*`` metadata, and the evaluation report. It does not define features
(models/schema.json does) or decide at request time (riskgate does).

Commands (from the repository root):
    .venv/bin/python -m models.train.train                       # synthetic -> models/risk.onnx
    .venv/bin/python -m models.train.train --decision-log d.jsonl --labels labels.csv \\
        --out models/risk-own.onnx                               # your own labelled traffic
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from models.train import evaluate as ev  # noqa: E402
from models.train.generate import DEFAULT_POPULATION, POPULATIONS, Dataset, generate  # noqa: E402
from models.train.schema import (  # noqa: E402
    DEFAULT_MODEL_PATH,
    META_BASELINE,
    META_BLOCK_AT,
    META_CALIBRATION,
    META_FEATURES,
    META_MODEL_VERSION,
    META_REVIEW_AT,
    META_SCHEMA_HASH,
    META_SCHEMA_VERSION,
    META_TRAINED_ON,
    REPORT_DIR,
    ROOT,
    TEST_DIR,
    Schema,
    load_schema,
)

DEFAULT_SEED = 20261128

# +1: a riskier value of this signal never lowers the score; -1: never raises it; 0: free.
# Certain by the domain: more orders from one client/device/IP in 10 minutes, a larger
# quantity, more distinct devices/IPs/countries per user or IPs/users per device never make an
# order safer. Amount and devices per IP stay free: a first purchase can be large, and
# carrier NAT puts hundreds of honest devices on one IP.
MONOTONIC = {
    "quantity": 1, "currency_unknown": 1,
    "country_lang_mismatch": 1, "geo_unknown": 1, "hosting_asn": 1, "automation_ua": 1,
    "ua_header_mismatch": 1, "missing_accept_language": 1, "no_beacon": 1, "webdriver": 1,
    "new_device": 1, "cookie_tampered": 1, "device_age_hours": -1,
    "orders_ip_10m": 1, "orders_device_10m": 1, "orders_client_10m": 1,
    "small_orders_device_10m": 1, "small_orders_client_10m": 1,
    "ips_per_device_1h": 1, "users_per_device_24h": 1,
    "devices_per_user_24h": 1, "ips_per_user_24h": 1, "countries_per_user_7d": 1,
    "failed_payments_24h": 1, "email_disposable": 1, "email_random": 1,
    # Schema v3. Networks per fingerprint stays free: a standardised fingerprint (Safari,
    # resistFingerprinting) is honestly seen from many networks. A generator population may
    # free more (personas.POPULATIONS[...].free: "v3-shared" frees users per device and per
    # fingerprint, since a gaming cafe's disk image carries a dozen honest accounts).
    "users_per_fingerprint_24h": 1, "tz_mismatch": 1, "new_device_for_user": 1,
    "same_amount_user_24h": 1,
}

# Held-out evaluations run on every training: a generator seed the model never saw, and the
# shifted profile (different persona and currency mix, more adaptive fraud).
HOLDOUT_SEED_OFFSET = 7919


def baseline(ds: Dataset) -> dict[str, float]:
    """Median of every feature over legitimate rows: a typical legit order, stored in the
    model as `riskgate.baseline` for explanations relative to it."""
    legit = ds.X[ds.y == 0]
    return {n: round(float(np.median(legit[:, j])), 4) for j, n in enumerate(ds.names)}


def split(ds: Dataset, seed: int, fractions=(0.6, 0.2, 0.2)) -> tuple[Dataset, Dataset, Dataset]:
    """Train/validation/test split, stratified by pattern (so every pattern is in each)."""
    rng = np.random.default_rng(seed)
    parts: list[list[np.ndarray]] = [[], [], []]
    for p in sorted(set(ds.pattern.tolist())):
        idx = rng.permutation(np.flatnonzero(ds.pattern == p))
        a = int(round(len(idx) * fractions[0]))
        b = a + int(round(len(idx) * fractions[1]))
        for part, chunk in zip(parts, (idx[:a], idx[a:b], idx[b:])):
            part.append(chunk)
    return tuple(ds.subset(np.sort(np.concatenate(p))) for p in parts)  # type: ignore[return-value]


def monotonic(population: str = DEFAULT_POPULATION) -> dict[str, int]:
    """MONOTONIC without the features the generator population leaves free."""
    free = set(POPULATIONS[population].free)
    return {n: v for n, v in MONOTONIC.items() if n not in free}


def fit(train: Dataset, schema: Schema, trees: int, depth: int, lr: float, seed: int,
        population: str = DEFAULT_POPULATION):
    """Fits the HistGradientBoostingClassifier (no early stopping: fixed, reproducible size)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    cst = monotonic(population)

    model = HistGradientBoostingClassifier(
        max_iter=trees,
        max_depth=depth,
        max_leaf_nodes=2**depth,
        learning_rate=lr,
        min_samples_leaf=40,
        l2_regularization=1.0,
        monotonic_cst=[cst.get(n, 0) for n in schema.names],
        early_stopping=False,
        random_state=seed,
    )
    return model.fit(train.X, train.y)


def permutation_importance(model, test: Dataset, seed: int, max_rows: int = 20_000,
                           repeats: int = 3) -> list[tuple[str, float]]:
    """Mean drop in ROC AUC when one feature's column is shuffled (sub-sampled test split)."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(test))[:max_rows]
    X, y = test.X[idx].copy(), test.y[idx]
    if y.min() == y.max():
        return []
    base = roc_auc_score(y, model.predict_proba(X)[:, 1])
    out = []
    for j, name in enumerate(test.names):
        saved = X[:, j].copy()
        drops = []
        for _ in range(repeats):
            X[:, j] = rng.permutation(saved)
            drops.append(base - roc_auc_score(y, model.predict_proba(X)[:, 1]))
        X[:, j] = saved
        out.append((name, float(np.mean(drops))))
    return sorted(out, key=lambda t: -t[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH, help="ONNX file to write")
    ap.add_argument("--report-dir", type=Path, default=None,
                    help="default: models/report for the shipped model, else <out>.report/")
    ap.add_argument("--model-version", default=None, help="default: today's date, e.g. 2026.11.28-1")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="data, split and model seed")
    g = ap.add_argument_group("synthetic data (default source)")
    g.add_argument("--rows", type=int, default=200_000)
    g.add_argument("--fraud-rate", type=float, default=0.04)
    g.add_argument("--population", choices=tuple(POPULATIONS), default=DEFAULT_POPULATION,
                   help="generator personas (default %(default)s: the shipped model's; see MODEL.md)")
    g = ap.add_argument_group("your own labelled traffic")
    g.add_argument("--decision-log", type=Path, help="riskgate decision log (JSON lines)")
    g.add_argument("--labels", type=Path, help="CSV `request_id,label` (1 = fraud/chargeback)")
    g.add_argument("--unlabelled", choices=("drop", "legit"), default="drop",
                   help="orders missing from --labels: drop them, or count them as legit")
    g.add_argument("--synthetic-rows", type=int, default=0,
                   help="add this many synthetic rows to the training split (not to validation/test)")
    g = ap.add_argument_group("model")
    g.add_argument("--trees", type=int, default=150)
    g.add_argument("--depth", type=int, default=4)
    g.add_argument("--learning-rate", type=float, default=0.1)
    g.add_argument("--threads", type=int, default=1, help="OpenMP threads for training")
    g = ap.add_argument_group("thresholds (expected cost; see evaluate.Costs)")
    g.add_argument("--min-support", type=int, default=ev.MIN_SUPPORT,
                   help="fewest validation rows a threshold may rest on")
    g = ap.add_argument_group("extras")
    g.add_argument("--no-latency", action="store_true", help="skip the latency measurement")
    g.add_argument("--no-parity", action="store_true",
                   help="do not refresh models/test/parity.json (only refreshed for the shipped model)")
    a = ap.parse_args(argv)

    from threadpoolctl import threadpool_limits

    import onnx

    from models.train import onnx_export as ox

    t_start = time.perf_counter()
    schema = load_schema()
    out = a.out.resolve()
    shipped = out == DEFAULT_MODEL_PATH.resolve()
    report_dir = a.report_dir or (REPORT_DIR if shipped else out.with_suffix(".report"))
    version = a.model_version or f"{dt.date.today():%Y.%m.%d}-1"

    if a.decision_log:
        if not a.labels:
            ap.error("--decision-log needs --labels")
        from models.train import decision_log

        try:
            data, stats = decision_log.load(a.decision_log, a.labels, schema, a.unlabelled)
        except decision_log.DecisionLogError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        if stats.unknown_feature_names:
            print(f"warning: ignoring unknown feature names {', '.join(stats.unknown_feature_names)}", file=sys.stderr)
        n_fraud = int(data.y.sum())
        if n_fraud < 50:
            print(f"warning: only {n_fraud} fraud labels; thresholds and metrics will be noisy", file=sys.stderr)
        source = f"decision log {a.decision_log.name}: {len(data)} labelled orders, {n_fraud} fraud " \
                 f"({stats.lines} lines, {stats.skipped_no_features} without features, {stats.duplicates} duplicate ids, " \
                 f"unlabelled: {stats.unlabelled_dropped} dropped / {stats.unlabelled_as_legit} as legit)"
        trained_on = "decision_log" + ("+synthetic" if a.synthetic_rows else "")
    else:
        data = generate(a.rows, a.seed, a.fraud_rate, schema, population=a.population)
        source = f"synthetic (models/train/generate.py): {a.rows} rows, seed {a.seed}, fraud rate {a.fraud_rate}, " \
                 f"population {a.population}"
        trained_on = "synthetic"

    train, val, test = split(data, a.seed)
    if a.decision_log and a.synthetic_rows:
        extra = generate(a.synthetic_rows, a.seed, a.fraud_rate, schema, population=a.population)
        train = Dataset(np.concatenate([train.X, extra.X]), np.concatenate([train.y, extra.y]),
                        np.concatenate([train.pattern, extra.pattern]), schema.names)
        source += f"; plus {a.synthetic_rows} synthetic rows in the training split"
    for name, part in (("train", train), ("validation", val), ("test", test)):
        if part.y.min() == part.y.max():
            print(f"error: the {name} split has only one class; more labelled data is needed", file=sys.stderr)
            return 2
    print(f"data: {source}\nsplit: train {len(train)}, validation {len(val)}, test {len(test)}")

    t0 = time.perf_counter()
    with threadpool_limits(a.threads):
        model = fit(train, schema, a.trees, a.depth, a.learning_rate, a.seed, a.population)
    fit_s = time.perf_counter() - t0
    print(f"fitted {model.n_iter_} trees (depth <= {a.depth}) in {fit_s:.1f} s")

    from models.train import calibrate as cal

    # Validation halves: one fits the calibration, the other chooses thresholds on the
    # calibrated scores (so neither step sees rows the other was fitted on).
    half = np.arange(len(val)) % 2 == 0
    calib, thr_set = val.subset(np.flatnonzero(half)), val.subset(np.flatnonzero(~half))
    proto = ox.to_onnx_model(model, schema)
    raw = ox.fraud_scores(ox.session(proto), calib.X)
    platt = cal.fit_platt(cal.margin_of(raw), calib.y)
    proto = cal.fold_into(proto, platt)
    thr_s = ox.fraud_scores(ox.session(proto), thr_set.X)
    try:
        th = ev.choose_thresholds(thr_set.y, thr_s, thr_set.col("amount_usd"), min_support=a.min_support)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    base = baseline(train)
    meta = {
        META_SCHEMA_HASH: schema.hash,
        META_SCHEMA_VERSION: str(schema.version),
        META_MODEL_VERSION: version,
        META_TRAINED_ON: trained_on,
        META_REVIEW_AT: f"{th.review_at:.4f}",
        META_BLOCK_AT: f"{th.block_at:.4f}",
        META_FEATURES: ",".join(schema.names),
        META_BASELINE: json.dumps(base, separators=(",", ":")),
        META_CALIBRATION: f"platt a={platt.a:.6f} b={platt.b:.6f} (folded into the ensemble)",
    }
    # The default population adds nothing here, so the shipped model's bytes do not change.
    pop_note = "" if a.population == DEFAULT_POPULATION else f" (generator population {a.population})"
    proto.doc_string = (f"riskgate order-risk model {version}; trained on {trained_on}{pop_note}; "
                        "input float32 [N,F] 'input' in models/schema.json order; "
                        "output 'probabilities' float32 [N,2], column 1 = calibrated fraud probability")
    ox.save(ox.set_metadata(proto, meta), out)

    # Everything below measures the file as written.
    loaded = onnx.load(str(out))
    got = {p.key: p.value for p in loaded.metadata_props}
    assert got[META_SCHEMA_HASH] == schema.hash, "metadata round trip"
    sess = ox.session(out)
    test_s = ox.fraud_scores(sess, test.X)
    skl_diff = float(np.abs(platt.apply(cal.margin_of(model.predict_proba(test.X)[:, 1])) - test_s).max())
    val_r = ev.evaluate(thr_set.y, thr_s, thr_set.pattern, th)
    test_r = ev.evaluate(test.y, test_s, test.pattern, th)
    test_r["reliability"] = cal.reliability(test.y, test_s)
    holdout = {}
    if not a.decision_log:
        for name, seed, profile in (("held-out seed", a.seed + HOLDOUT_SEED_OFFSET, "train"),
                                    ("shifted mix", a.seed + 2 * HOLDOUT_SEED_OFFSET, "shifted")):
            ds = generate(a.rows // 2, seed, a.fraud_rate, schema, profile, a.population)
            r = ev.evaluate(ds.y, ox.fraud_scores(sess, ds.X), ds.pattern, th)
            r["source"] = f"generate.py profile {profile!r}, seed {seed}, {len(ds)} rows"
            holdout[name] = r
    with threadpool_limits(a.threads):
        importance = permutation_importance(model, test, a.seed)
    lat = None if a.no_latency else ev.latency(out, test.X[0])
    size_kb = out.stat().st_size / 1024
    plots = ev.plot(test.y, test_s, test_r, th, report_dir)
    import onnxruntime
    import sklearn

    context = {
        "model file": str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out),
        "model_version": version,
        "trained_on": trained_on,
        "data": source,
        "split": f"train {len(train)} / validation {len(val)} / test {len(test)} (stratified by pattern)",
        "schema": f"version {schema.version}, hash {schema.hash}, {schema.width} features",
        "model": (f"sklearn HistGradientBoostingClassifier: {model.n_iter_} trees, max_depth {a.depth}, "
                  f"learning_rate {a.learning_rate}, min_samples_leaf 40, l2 1.0, monotonic constraints "
                  f"({sum(1 for v in monotonic(a.population).values() if v)} features)"),
        "calibration": f"Platt on half of the validation split (a = {platt.a:.4f}, b = {platt.b:.4f}), folded into the ensemble",
        "file size": f"{size_kb:.1f} KiB",
        "sklearn+Platt vs onnxruntime": f"max abs difference of the fraud probability on test = {skl_diff:.2e}",
        "training time": f"fit {fit_s:.1f} s",
        "libraries": f"scikit-learn {sklearn.__version__}, onnxruntime {onnxruntime.__version__}, onnx {onnx.__version__}",
    }
    report = ev.write_report(report_dir, context, th, val_r, test_r, lat, plots, importance, holdout)

    print(f"wrote {out} ({size_kb:.1f} KiB), model_version {version}, trained_on {trained_on}")
    print(f"thresholds: review_at {th.review_at:.4f}, block_at {th.block_at:.4f}, "
          f"expected cost {th.expected_cost_per_order:.3f} USD/order" +
          "".join(f"\n  note: {n}" for n in th.notes))
    print(f"test: ROC AUC {test_r['roc_auc']:.4f}, AP {test_r['average_precision']:.4f}")
    for key in ("review", "block"):
        m = test_r[key]
        print(f"  {key}_at: precision {m['precision']:.4f}, recall {m['recall']:.4f}, FPR {m['fpr']:.5f}")
    for p in test_r["patterns"]:
        print(f"  {p['pattern']:<22} {'fraud' if p['label'] else 'legit'}  n={p['n']:<6} "
              f">=review {p['review']:.3f}  >=block {p['block']:.3f}")
    for name, r in holdout.items():
        legit = [p for p in r["patterns"] if not p["label"]]
        fraud_caught = r["review"]["recall"]
        print(f"{name}: {r['source']}: ROC AUC {r['roc_auc']:.4f}; legit blocked {r['block']['fpr']:.4%}, "
              f"legit reviewed-or-blocked {r['review']['fpr']:.4%}, fraud caught (>= review) {fraud_caught:.4%}, "
              f"fraud blocked {r['block']['recall']:.4%}; worst legit persona blocked "
              f"{max(p['block'] for p in legit):.4%}")
    if lat:
        print(f"latency (Python onnxruntime, 1 row): p50 {lat['p50_us']:.1f} us, p99 {lat['p99_us']:.1f} us; "
              f"Identity-model overhead p50 {lat['identity_p50_us']:.1f} us, p99 {lat['identity_p99_us']:.1f} us; "
              f"model's own cost ~{lat['model_p50_us']:.1f} us")
    print(f"report: {report}")
    if shipped and not a.no_parity:
        from models.train import parity

        print(f"parity: {parity.write(out, TEST_DIR / 'parity.json', schema)}")
    print(f"total {time.perf_counter() - t_start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
