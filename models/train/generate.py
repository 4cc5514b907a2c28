"""Synthetic order traffic for an auto-delivery card shop, as labelled feature rows (schema v3).

Owns the traffic model: which legitimate behaviours and which named fraud patterns exist, how
each one draws the schema features, and the consistency rules a real riskgate vector obeys
(e.g. a device cookie issued on this request has age 0, no beacon and device counts of 1). It
does not train anything and knows no thresholds.

Every row is a vector in models/schema.json order, plus its pattern name and label
(1 = fraud). The personas themselves are in personas.py. Generation is seeded and deterministic: the same (n_rows, seed, fraud_rate,
profile,
population) gives byte-identical output.

Parameters (documented again in models/MODEL.md):

* ``n_rows``      rows to draw (default 200 000 in train.py).
* ``seed``        numpy PCG64 seed.
* ``fraud_rate``  share of fraud rows (default 0.04, i.e. 4 %).
* ``profile``     ``"train"`` (the mix the shipped model is trained on) or ``"shifted"``: a
                  different persona mix (more night-time mobile, privacy and travelling buyers,
                  more first purchases), a different currency mix (mostly JPY/KRW/CNY/EUR
                  instead of mostly USD/EUR) and more adaptive fraud. Used only to evaluate.
* ``population`` which personas are drawn (``personas.POPULATIONS``): ``"v3"`` (default) is
                  the population the shipped model was trained on; the others are
                  experiments (see models/MODEL.md, "How the shipped model is rebuilt").
* Pattern shares inside each class are the population's weights (``*_PATTERNS`` for v3).
* Shop context: small-order limit ``SMALL_USD`` = 5.00 USD (riskgate's default
  ``limits.small_amount_minor = 500`` US cents), device-age cap 8760 h; amounts are drawn
  in the buyer's currency (``CURRENCIES``: typical face values per currency) and converted to
  USD with the default ``[risk.currency]`` rates, as riskgate does.

Written for schema v2 after issue 13 (legit orders were blocked for amount x new device
alone, for major units of any currency, for the hour, for carrier geolocation): the legit
side therefore includes the hard honest cases on purpose — first purchases with high amounts
from a new device, cookie-less privacy browsers, carrier NAT and mobile carriers that
geolocate abroad, corporate bulk buyers, travellers, gamers topping up — and the fraud side
includes fraud that adapts: no cookies (per-device counts never build; the client key does),
rotating IPs, many devices per account, low-and-slow card testing, clean-looking stolen
cards. Some fraud is drawn *exactly* like legit traffic (friendly fraud, fully clean stolen
cards): nothing can catch it, and its rate in the report is the honest floor.

CLI:
    python -m models.train.generate --rows 1000 --seed 7 --out orders.csv
    python -m models.train.generate --rows 5000 --decision-log d.jsonl --labels l.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from models.train.schema import Schema, load_schema  # noqa: E402
from models.train.personas import (  # noqa: E402
    DEFAULT_POPULATION,
    DEVICE_AGE_CAP_H,
    FRAUD_PATTERNS,
    LEGIT_PATTERNS,
    PATTERN_LABEL,
    POPULATIONS,
    PROFILES,
    SMALL_USD,
    UNKNOWN_AMOUNT_USD,
    UNKNOWN_CURRENCY,
    Draw,
)

__all__ = ["Dataset", "generate", "LEGIT_PATTERNS", "FRAUD_PATTERNS", "PATTERN_LABEL", "POPULATIONS",
           "DEFAULT_POPULATION", "PROFILES", "Draw"]


@dataclass
class Dataset:
    """Feature rows in schema order with their pattern names and labels."""

    X: np.ndarray  # float32 [N, F]
    y: np.ndarray  # int8 [N], 1 = fraud
    pattern: np.ndarray  # str [N]
    names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.y)

    def subset(self, idx: np.ndarray) -> "Dataset":
        """Returns the rows at idx (a view-free copy)."""
        return Dataset(self.X[idx], self.y[idx], self.pattern[idx], self.names)

    def col(self, name: str) -> np.ndarray:
        """One feature column by name."""
        return self.X[:, self.names.index(name)]



def _consistent(f: dict[str, np.ndarray], d: Draw) -> dict[str, np.ndarray]:
    """Applies the invariants of a real riskgate vector (see module docstring)."""
    one = np.ones_like(f["amount_usd"])
    f["amount_usd"] = np.round(np.clip(f["amount_usd"], 0.01, 1e6), 2)
    f["quantity"] = np.maximum(1, np.round(f["quantity"]))
    # An order in a currency the operator's table lacks: amount unknown, flag set.
    unknown = d.rng.random(d.n) < UNKNOWN_CURRENCY[d.profile]
    f["currency_unknown"] = np.where(unknown, 1.0, 0.0)
    f["new_device"] = np.maximum(f["new_device"], f["cookie_tampered"])
    new = f["new_device"] == 1
    # A cookie issued on this very request: age 0, no beacon yet, device counts = this order.
    f["device_age_hours"] = np.where(new, 0.0, np.clip(f["device_age_hours"], 0.01, DEVICE_AGE_CAP_H))
    f["no_beacon"] = np.where(new, 1.0, f["no_beacon"])
    f["webdriver"] = np.where(f["no_beacon"] == 1, 0.0, f["webdriver"])
    f["orders_device_10m"] = np.where(new, 1.0, np.maximum(1, f["orders_device_10m"]))
    f["ips_per_device_1h"] = np.where(new, 1.0, np.maximum(1, f["ips_per_device_1h"]))
    f["users_per_device_24h"] = np.where(new, np.minimum(f["users_per_device_24h"], 1), f["users_per_device_24h"])
    small = (f["amount_usd"] <= SMALL_USD) & ~unknown
    f["small_orders_device_10m"] = np.clip(np.maximum(f["small_orders_device_10m"], small), 0, f["orders_device_10m"])
    # The client key (fingerprint + network) sees this device's orders from this network and
    # any earlier cookie-less orders of the same client.
    same_net = np.where(f["ips_per_device_1h"] <= 1, f["orders_device_10m"], one)
    f["orders_client_10m"] = np.maximum(np.maximum(1, f["orders_client_10m"]), same_net)
    same_small = np.where(f["ips_per_device_1h"] <= 1, f["small_orders_device_10m"], small)
    f["small_orders_client_10m"] = np.clip(np.maximum(f["small_orders_client_10m"], same_small),
                                           small, f["orders_client_10m"])
    f["orders_ip_10m"] = np.maximum(0, np.round(f["orders_ip_10m"])) + f["orders_client_10m"]
    f["devices_per_ip_1h"] = np.maximum(1, f["devices_per_ip_1h"])
    # Per-user counts: 0 without a user key; with one, this order's device/IP/country count.
    has_user = f["devices_per_user_24h"] > 0
    for c in ("devices_per_user_24h", "ips_per_user_24h", "countries_per_user_7d"):
        f[c] = np.where(has_user, np.clip(np.round(f[c]), 1, 32), 0.0)
    f["countries_per_user_7d"] = np.where(f["geo_unknown"] == 1, np.maximum(0, f["countries_per_user_7d"] - 1),
                                          f["countries_per_user_7d"])
    f["country_lang_mismatch"] = np.where(
        (f["geo_unknown"] == 1) | (f["missing_accept_language"] == 1), 0.0, f["country_lang_mismatch"]
    )
    for c in ("ips_per_device_1h", "devices_per_ip_1h", "users_per_device_24h"):
        f[c] = np.minimum(f[c], 32)  # riskgate's distinct counts saturate at DISTINCT_CAP
    # Account and fingerprint facts (schema v3): fingerprint counts need a beacon, the
    # time-zone check needs a beacon and a country; a new device for an established user
    # is young (< 1 h) and has no beacon; the same-amount count needs a user key.
    beacon = f["no_beacon"] == 0
    f["users_per_fingerprint_24h"] = np.where(
        beacon, np.clip(np.maximum(np.round(f["users_per_fingerprint_24h"]), has_user), 0, 32), 0.0)
    f["networks_per_fingerprint_24h"] = np.where(
        beacon, np.clip(np.round(f["networks_per_fingerprint_24h"]), 1, 32), 0.0)
    f["tz_mismatch"] = np.where(beacon & (f["geo_unknown"] == 0), f["tz_mismatch"], 0.0)
    young = f["device_age_hours"] < 1.0
    f["new_device_for_user"] = np.where(has_user & young & ~beacon, f["new_device_for_user"], 0.0)
    f["same_amount_user_24h"] = np.where(has_user, np.clip(np.round(f["same_amount_user_24h"]), 1, 32), 0.0)
    f["amount_usd"] = np.where(unknown, UNKNOWN_AMOUNT_USD, f["amount_usd"])
    return f


def _allocate(rng: np.random.Generator, n: int, patterns, profile: str) -> list[int]:
    """Splits n rows over patterns by weight (multinomial, so counts vary with the seed)."""
    col = 2 if profile == "train" else 3
    w = np.array([p[col] for p in patterns], dtype=np.float64)
    return list(rng.multinomial(n, w / w.sum())) if n > 0 else [0] * len(patterns)


def generate(n_rows: int, seed: int, fraud_rate: float = 0.04, schema: Schema | None = None,
             profile: str = "train", population: str = DEFAULT_POPULATION) -> Dataset:
    """Draws n_rows labelled orders (shuffled) as schema-ordered float32 vectors from the
    personas of `population` (personas.POPULATIONS; the default is the shipped model's)."""
    if profile not in PROFILES:
        raise ValueError(f"profile {profile!r} is not one of {PROFILES}")
    if population not in POPULATIONS:
        raise ValueError(f"population {population!r} is not one of {tuple(POPULATIONS)}")
    pop = POPULATIONS[population]
    schema = schema or load_schema()
    rng = np.random.default_rng(seed)
    n_fraud = int(round(n_rows * fraud_rate))
    counts = _allocate(rng, n_rows - n_fraud, pop.legit, profile) + \
        _allocate(rng, n_fraud, pop.fraud, profile)
    blocks, labels, names = [], [], []
    for (name, sampler, *_), k in zip(pop.legit + pop.fraud, counts):
        if k == 0:
            continue
        d = Draw(rng, k, profile)
        f = _consistent(sampler(d), d)
        missing = set(schema.names) - set(f)
        extra = set(f) - set(schema.names)
        if missing or extra:
            raise ValueError(f"generator out of sync with schema.json: missing {missing}, unknown {extra}")
        blocks.append(np.column_stack([f[c] for c in schema.names]).astype(np.float32))
        labels.append(np.full(k, PATTERN_LABEL[name], dtype=np.int8))
        names.append(np.full(k, name, dtype=object))
    order = rng.permutation(n_rows)
    X = np.concatenate(blocks)[order]
    return Dataset(X=X, y=np.concatenate(labels)[order], pattern=np.concatenate(names)[order], names=schema.names)


def _write_csv(ds: Dataset, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([*ds.names, "pattern", "label"])
        for row, p, y in zip(ds.X, ds.pattern, ds.y):
            w.writerow([*(repr(float(v)) for v in row), p, int(y)])


def _write_decision_log(ds: Dataset, log_path: Path, labels_path: Path, schema: Schema) -> None:
    """Writes the rows as a riskgate-style decision log plus a labels.csv (for testing train.py)."""
    with open(log_path, "w", encoding="utf-8") as log, open(labels_path, "w", newline="", encoding="utf-8") as lab:
        w = csv.writer(lab)
        w.writerow(["request_id", "label"])
        for i, (row, y) in enumerate(zip(ds.X, ds.y)):
            rid = f"syn-{i:08d}"
            feats = {n: float(v) for n, v in zip(ds.names, row)}
            log.write(json.dumps({"request_id": rid, "schema_hash": schema.hash, "features": feats}) + "\n")
            w.writerow([rid, int(y)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fraud-rate", type=float, default=0.04)
    ap.add_argument("--profile", choices=PROFILES, default="train")
    ap.add_argument("--population", choices=tuple(POPULATIONS), default=DEFAULT_POPULATION,
                    help="which personas to draw (default: the shipped model's)")
    ap.add_argument("--out", type=Path, help="CSV: schema features, pattern, label")
    ap.add_argument("--decision-log", type=Path, help="JSONL decision log (needs --labels)")
    ap.add_argument("--labels", type=Path, help="labels.csv written next to --decision-log")
    a = ap.parse_args(argv)
    schema = load_schema()
    ds = generate(a.rows, a.seed, a.fraud_rate, schema, a.profile, a.population)
    if a.out:
        _write_csv(ds, a.out)
    if a.decision_log:
        if not a.labels:
            ap.error("--decision-log needs --labels")
        _write_decision_log(ds, a.decision_log, a.labels, schema)
    if not a.out and not a.decision_log:
        ap.error("give --out and/or --decision-log")
    pop = POPULATIONS[a.population]
    counts = {p[0]: int((ds.pattern == p[0]).sum()) for p in pop.legit + pop.fraud}
    print(f"{len(ds)} rows, fraud {ds.y.mean():.2%}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
