"""Synthetic order traffic for an auto-delivery card shop, as labelled feature rows.

Owns the traffic model: which legitimate behaviours and which named fraud patterns exist, how
each one draws the 24 schema features, and the consistency rules a real riskgate vector obeys
(e.g. a device cookie issued on this request has age 0, no beacon and device counts of 1). It
does not train anything and knows no thresholds.

Every row is a vector in models/schema.json order, plus its pattern name and label
(1 = fraud). Generation is seeded and deterministic: the same (n_rows, seed, fraud_rate) gives
byte-identical output.

Parameters (all documented again in models/MODEL.md):

* ``n_rows``      rows to draw (default 200 000 in train.py).
* ``seed``        numpy PCG64 seed.
* ``fraud_rate``  share of fraud rows (default 0.04, i.e. 4 %).
* Pattern shares inside each class are ``LEGIT_PATTERNS`` / ``FRAUD_PATTERNS`` weights below.
* Shop context: small-order limit ``SMALL_AMOUNT`` = 5.00 (riskgate's default
  ``limits.small_amount_minor = 500``), device-age cap 8760 h, card denominations
  ``DENOMINATIONS``; hour of day is in the shop's own day.

Legit behaviours (label 0): regular returning customers, brand-new customers, travellers with
a country/language mismatch, bulk corporate buyers, mobile users behind carrier NAT, gamers
buying several small top-ups, privacy users (VPN/Tor, JS blocked, cookies cleared).

Fraud patterns (label 1): card testing, IP hopping on one device, datacenter/headless bots,
bulk buying beyond normal quantities, stolen-card high amounts from new devices, geo
mismatch, account farming, disposable/random e-mails, and "friendly fraud" (chargebacks from
real customers, drawn exactly like regular legit traffic: no model can catch those, and their
catch rate in the report shows the floor of false negatives).

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
from typing import Callable

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from models.train.schema import Schema, load_schema  # noqa: E402

SMALL_AMOUNT = 5.0
DEVICE_AGE_CAP_H = 8760.0
DENOMINATIONS = np.array([1, 2, 5, 10, 15, 20, 25, 30, 50, 100, 200], dtype=np.float64)
LEGIT_DENOM_P = np.array([0.03, 0.03, 0.10, 0.18, 0.07, 0.17, 0.12, 0.05, 0.15, 0.08, 0.02])

# Relative order volume per shop hour (0..23): evenings busy, early mornings quiet.
LEGIT_HOURS = np.array(
    [2, 1.2, 0.8, 0.5, 0.4, 0.5, 1, 2, 3, 4, 4.5, 5, 5.5, 5, 5, 5, 5.5, 6, 7, 8, 8.5, 8, 6, 4],
    dtype=np.float64,
)
# Fraud runs around the clock, slightly heavier at night (the shop's staff is asleep).
FRAUD_HOURS = np.array(
    [5, 5, 5.5, 5.5, 5, 4.5, 4, 3.5, 3.5, 3.5, 3.5, 4, 4, 4, 4, 4, 4, 4, 4, 4.5, 4.5, 4.5, 4.5, 5],
    dtype=np.float64,
)
OFFICE_HOURS = np.array([0] * 8 + [2, 5, 6, 6, 4, 5, 6, 6, 5, 3, 1] + [0] * 5, dtype=np.float64)


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


class Draw:
    """Vectorised samplers for n rows sharing one generator."""

    def __init__(self, rng: np.random.Generator, n: int):
        self.rng = rng
        self.n = n

    def flag(self, p: float) -> np.ndarray:
        """0/1 with probability p."""
        return (self.rng.random(self.n) < p).astype(np.float64)

    def lognorm(self, median: float, sigma: float, lo: float, hi: float) -> np.ndarray:
        """Log-normal around median, clipped to [lo, hi]."""
        return np.clip(median * np.exp(sigma * self.rng.standard_normal(self.n)), lo, hi)

    def count(self, median: float, sigma: float, lo: int, hi: int) -> np.ndarray:
        """Integer log-normal count in [lo, hi]."""
        return np.round(self.lognorm(median, sigma, lo, hi))

    def pick(self, values, probs) -> np.ndarray:
        """Values drawn with the given (unnormalised) probabilities."""
        p = np.asarray(probs, dtype=np.float64)
        return np.asarray(values, dtype=np.float64)[self.rng.choice(len(p), self.n, p=p / p.sum())]

    def hour(self, weights: np.ndarray) -> np.ndarray:
        """Hour of day 0..23 drawn from a 24-bucket profile."""
        return self.rng.choice(24, self.n, p=weights / weights.sum()).astype(np.float64)

    def where(self, p: float, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Row-wise a with probability p, else b."""
        return np.where(self.rng.random(self.n) < p, a, b)


def _legit_amount(d: Draw, qty: np.ndarray) -> np.ndarray:
    """Denomination x quantity for gift cards, or a free price (software keys, top-ups)."""
    card = d.pick(DENOMINATIONS, LEGIT_DENOM_P) * qty
    free = d.lognorm(18.0, 0.8, 0.99, 600.0) * qty
    return d.where(0.7, card, free)


def _base(d: Draw) -> dict[str, np.ndarray]:
    """A regular returning customer; every pattern starts here and overrides what differs."""
    qty = d.pick([1, 2, 3, 4, 5, 6, 8, 10], [85, 9, 2.5, 1.2, 1.3, 0.4, 0.3, 0.3])
    ips = d.pick([1, 2, 3], [88, 10, 2])
    return {
        "amount": _legit_amount(d, qty),
        "quantity": qty,
        "hour_of_day": d.hour(LEGIT_HOURS),
        "country_lang_mismatch": d.flag(0.03),
        "geo_unknown": d.flag(0.005),
        "hosting_asn": d.flag(0.02),
        "automation_ua": d.flag(0.001),
        "ua_header_mismatch": d.flag(0.005),
        "missing_accept_language": d.flag(0.003),
        "no_beacon": d.flag(0.03),
        "webdriver": d.flag(0.0005),
        "new_device": d.flag(0.01),
        "cookie_tampered": d.flag(0.001),
        "device_age_hours": d.lognorm(720.0, 1.5, 1.0, DEVICE_AGE_CAP_H),
        # Orders of *other* devices on this IP; _consistent adds this device's own orders.
        "orders_ip_10m": d.rng.poisson(0.1, d.n).astype(np.float64),
        "orders_device_10m": d.pick([1, 2, 3], [93, 6, 1]),
        "ips_per_device_1h": ips,
        "devices_per_ip_1h": d.pick([1, 2, 3, 4, 5], [75, 15, 6, 2.5, 1.5]),
        "users_per_device_24h": d.pick([0, 1, 2], [5, 92, 3]),
        "small_orders_device_10m": np.zeros(d.n),
        "failed_payments_24h": d.pick([0, 1, 2], [94, 5, 1]),
        "email_disposable": d.flag(0.005),
        "email_random": d.flag(0.04),
    }


# ---------------------------------------------------------------- legit behaviours (label 0)


def legit_regular(d: Draw) -> dict:
    """Returning customer with an established device cookie and ordinary habits."""
    return _base(d)


def legit_new_customer(d: Draw) -> dict:
    """First visit: cookie issued minutes ago at the first page view, sometimes blocked."""
    f = _base(d)
    f["device_age_hours"] = d.lognorm(0.3, 1.2, 0.01, 48.0)
    f["new_device"] = d.flag(0.08)
    f["no_beacon"] = d.flag(0.08)
    f["users_per_device_24h"] = d.pick([0, 1], [15, 85])
    f["failed_payments_24h"] = d.pick([0, 1, 2], [80, 15, 5])
    f["email_random"] = d.flag(0.06)
    f["email_disposable"] = d.flag(0.02)
    f["country_lang_mismatch"] = d.flag(0.05)
    f["hosting_asn"] = d.flag(0.03)
    return f


def legit_traveller(d: Draw) -> dict:
    """Abroad or roaming: IP country differs from the browser language, hotel Wi-Fi/VPN."""
    f = _base(d)
    f["geo_unknown"] = d.flag(0.05)
    f["country_lang_mismatch"] = d.flag(0.85)
    f["hosting_asn"] = d.flag(0.20)
    f["ips_per_device_1h"] = d.pick([1, 2, 3, 4], [50, 30, 15, 5])
    f["hour_of_day"] = d.hour(np.ones(24))
    return f


def legit_bulk_corporate(d: Draw) -> dict:
    """A company buying many cards for staff rewards: big quantities in office hours."""
    f = _base(d)
    qty = d.count(15.0, 0.9, 5, 150)
    f["quantity"] = qty
    f["amount"] = d.pick([10, 20, 25, 50, 100], [15, 25, 20, 25, 15]) * qty
    f["hour_of_day"] = d.hour(OFFICE_HOURS)
    f["device_age_hours"] = d.lognorm(1500.0, 1.0, 24.0, DEVICE_AGE_CAP_H)
    f["devices_per_ip_1h"] = d.count(6.0, 0.9, 1, 40)
    f["orders_ip_10m"] = d.count(1.5, 0.7, 0, 6)
    f["orders_device_10m"] = d.pick([1, 2, 3], [75, 20, 5])
    f["hosting_asn"] = d.flag(0.10)
    f["country_lang_mismatch"] = d.flag(0.05)
    f["email_random"] = d.flag(0.01)
    f["email_disposable"] = np.zeros(d.n)
    return f


def legit_cgnat_mobile(d: Draw) -> dict:
    """Mobile user behind carrier-grade NAT: many devices and orders share one IP."""
    f = _base(d)
    f["devices_per_ip_1h"] = d.count(15.0, 0.8, 3, 120)
    f["orders_ip_10m"] = d.count(2.0, 0.8, 0, 12)
    f["ips_per_device_1h"] = d.pick([1, 2, 3], [60, 30, 10])
    f["no_beacon"] = d.flag(0.05)
    return f


def legit_repeat_small(d: Draw) -> dict:
    """Gamer topping up several small amounts in a row: looks like card testing, is not."""
    f = _base(d)
    f["amount"] = d.pick([0.99, 1.99, 2.99, 4.99, 5.0], [20, 25, 20, 25, 10])
    f["quantity"] = np.ones(d.n)
    n = d.pick([1, 2, 3, 4, 5], [15, 40, 25, 12, 8])
    f["orders_device_10m"] = n
    f["small_orders_device_10m"] = n
    f["failed_payments_24h"] = d.pick([0, 1, 2], [85, 12, 3])
    f["device_age_hours"] = d.lognorm(1200.0, 1.2, 2.0, DEVICE_AGE_CAP_H)
    return f


def legit_privacy(d: Draw) -> dict:
    """Privacy-minded user: VPN/Tor exit (hosting ASN), scripts blocked, cookies cleared."""
    f = _base(d)
    f["hosting_asn"] = d.flag(0.60)
    f["geo_unknown"] = d.flag(0.10)
    f["country_lang_mismatch"] = d.flag(0.30)
    f["no_beacon"] = d.flag(0.50)
    f["new_device"] = d.flag(0.30)
    f["missing_accept_language"] = d.flag(0.05)
    f["ua_header_mismatch"] = d.flag(0.10)
    f["email_disposable"] = d.flag(0.08)
    f["email_random"] = d.flag(0.10)
    f["ips_per_device_1h"] = d.pick([1, 2, 3], [70, 22, 8])
    f["devices_per_ip_1h"] = d.count(3.0, 1.0, 1, 30)
    return f


# ------------------------------------------------------------------ fraud patterns (label 1)


def _fraud_identity(d: Draw, f: dict) -> dict:
    """Defaults shared by fraud: round-the-clock hours, young devices, throwaway e-mails."""
    f["hour_of_day"] = d.hour(FRAUD_HOURS)
    f["device_age_hours"] = d.lognorm(2.0, 1.6, 0.01, 2000.0)
    f["email_random"] = d.flag(0.25)
    f["email_disposable"] = d.flag(0.12)
    f["failed_payments_24h"] = d.rng.poisson(0.6, d.n).astype(np.float64)
    return f


def card_testing(d: Draw) -> dict:
    """Checking stolen card numbers with many tiny orders; many declines.

    60 % keep their cookie (high per-device counts), 40 % drop it every request (new device,
    high per-IP counts instead); 20 % throttle themselves to 2-4 orders per 10 min.
    """
    f = _fraud_identity(d, _base(d))
    f["amount"] = d.where(0.85, d.pick([0.5, 0.99, 1, 1.99, 2, 3, 5], [10, 20, 25, 10, 15, 10, 10]),
                          d.lognorm(7.0, 0.4, 5.01, 15.0))
    f["quantity"] = np.ones(d.n)
    slow = d.rng.random(d.n) < 0.2
    burst = np.where(slow, d.pick([2, 3, 4], [40, 35, 25]), d.count(10.0, 0.8, 3, 80))
    keeps_cookie = d.rng.random(d.n) < 0.6
    f["orders_device_10m"] = np.where(keeps_cookie, burst, 1)
    f["small_orders_device_10m"] = np.where(keeps_cookie, np.round(burst * d.lognorm(0.95, 0.1, 0.6, 1.0)), 0)
    # orders_ip_10m counts orders of *other* devices on this IP; _consistent adds this device's.
    f["orders_ip_10m"] = np.where(keeps_cookie, 0, burst - 1) + d.rng.poisson(0.5, d.n)
    f["devices_per_ip_1h"] = np.where(keeps_cookie, d.pick([1, 2], [85, 15]), np.maximum(1, np.round(burst * 0.9)))
    f["new_device"] = np.where(keeps_cookie, 0, 1)
    f["device_age_hours"] = d.lognorm(0.5, 1.2, 0.02, 24.0)
    # Declines pile up on a kept device; a fresh device per attempt only shows per-user ones.
    f["failed_payments_24h"] = np.where(
        keeps_cookie, np.round(burst * d.lognorm(0.6, 0.6, 0.1, 1.0)), d.rng.poisson(0.5, d.n)
    )
    f["users_per_device_24h"] = np.where(keeps_cookie, d.pick([0, 1, 2, 4], [30, 40, 20, 10]), d.pick([0, 1], [50, 50]))
    f["automation_ua"] = d.flag(0.50)
    f["ua_header_mismatch"] = d.flag(0.30)
    f["no_beacon"] = d.flag(0.85)
    f["hosting_asn"] = d.flag(0.40)
    f["missing_accept_language"] = d.flag(0.30)
    f["email_random"] = d.flag(0.50)
    f["email_disposable"] = d.flag(0.30)
    return f


def ip_hopping(d: Draw) -> dict:
    """One device rotating through a proxy pool: many IPs per device within the hour."""
    f = _fraud_identity(d, _base(d))
    f["ips_per_device_1h"] = d.count(10.0, 0.8, 3, 80)
    f["orders_device_10m"] = d.count(3.0, 0.7, 1, 20)
    f["orders_ip_10m"] = d.pick([0, 1], [80, 20])
    f["devices_per_ip_1h"] = d.pick([1, 2, 3], [70, 20, 10])
    f["hosting_asn"] = d.flag(0.50)
    f["country_lang_mismatch"] = d.flag(0.40)
    f["geo_unknown"] = d.flag(0.05)
    f["device_age_hours"] = d.lognorm(2.0, 1.2, 0.1, 48.0)
    f["automation_ua"] = d.flag(0.20)
    f["no_beacon"] = d.flag(0.40)
    f["amount"] = d.lognorm(40.0, 0.9, 1.0, 1500.0)
    return f


def headless_bot(d: Draw) -> dict:
    """Datacenter-hosted scripts or headless browsers ordering through the API."""
    f = _fraud_identity(d, _base(d))
    f["hosting_asn"] = d.flag(0.90)
    scripted = d.rng.random(d.n) < 0.6
    f["automation_ua"] = np.where(scripted, 1.0, 0.0)
    f["ua_header_mismatch"] = np.where(scripted, d.flag(0.3), d.flag(0.6))
    # Headless browsers run JS: 40 % post the beacon, and most of those report webdriver.
    beacon = (~scripted) & (d.rng.random(d.n) < 0.4)
    f["no_beacon"] = np.where(beacon, 0.0, 1.0)
    f["webdriver"] = np.where(beacon, d.flag(0.7), 0.0)
    f["missing_accept_language"] = np.where(scripted, d.flag(0.7), d.flag(0.3))
    # Scripts rarely keep cookies; headless browsers keep them within a session.
    f["new_device"] = np.where(scripted, d.flag(0.75), d.flag(0.30))
    f["cookie_tampered"] = d.flag(0.10)
    f["orders_ip_10m"] = d.count(3.0, 1.0, 0, 40)
    f["devices_per_ip_1h"] = d.count(4.0, 1.1, 1, 60)
    f["email_random"] = d.flag(0.40)
    f["email_disposable"] = d.flag(0.25)
    return f


def bulk_buying(d: Draw) -> dict:
    """Cashing out a card on goods: quantities and amounts far beyond normal orders."""
    f = _fraud_identity(d, _base(d))
    qty = d.count(25.0, 0.9, 8, 250)
    f["quantity"] = qty
    f["amount"] = d.pick([10, 20, 25, 50, 100], [15, 20, 20, 25, 20]) * qty
    f["new_device"] = d.flag(0.20)
    f["device_age_hours"] = d.lognorm(1.0, 1.5, 0.02, 500.0)
    f["country_lang_mismatch"] = d.flag(0.35)
    f["hosting_asn"] = d.flag(0.25)
    f["no_beacon"] = d.flag(0.20)
    f["email_disposable"] = d.flag(0.20)
    f["email_random"] = d.flag(0.30)
    return f


def stolen_card_high(d: Draw) -> dict:
    """A human with a stolen card buying high-value cards from a fresh device."""
    f = _fraud_identity(d, _base(d))
    f["quantity"] = d.pick([1, 2, 3], [70, 20, 10])
    f["amount"] = d.where(0.6, d.pick([100, 200, 250, 500], [40, 30, 15, 15]) * f["quantity"],
                          d.lognorm(250.0, 0.7, 60.0, 3000.0))
    f["new_device"] = d.flag(0.40)
    f["device_age_hours"] = d.lognorm(0.5, 1.3, 0.02, 72.0)
    f["country_lang_mismatch"] = d.flag(0.45)
    f["geo_unknown"] = d.flag(0.05)
    f["hosting_asn"] = d.flag(0.25)
    f["no_beacon"] = d.flag(0.20)
    f["failed_payments_24h"] = d.rng.poisson(0.8, d.n).astype(np.float64)
    f["email_disposable"] = d.flag(0.20)
    f["email_random"] = d.flag(0.35)
    return f


def geo_mismatch(d: Draw) -> dict:
    """Fraudster abroad using local cards: IP country contradicts language, or no country."""
    f = _fraud_identity(d, _base(d))
    unknown = d.rng.random(d.n) < 0.25
    f["geo_unknown"] = np.where(unknown, 1.0, 0.0)
    f["country_lang_mismatch"] = np.where(unknown, 0.0, 1.0)
    f["hosting_asn"] = d.flag(0.30)
    f["device_age_hours"] = d.lognorm(5.0, 1.6, 0.02, 3000.0)
    f["amount"] = d.lognorm(60.0, 0.9, 2.0, 2000.0) * f["quantity"]
    return f


def account_farming(d: Draw) -> dict:
    """One device creating many accounts (sign-up bonus / promo abuse, mule accounts)."""
    f = _fraud_identity(d, _base(d))
    f["users_per_device_24h"] = d.count(6.0, 0.8, 3, 80)
    f["orders_device_10m"] = d.count(2.0, 0.7, 1, 8)
    f["amount"] = d.where(0.7, d.pick([5, 10, 15, 20], [30, 35, 15, 20]), d.lognorm(12.0, 0.6, 1.0, 200.0))
    f["quantity"] = np.ones(d.n)
    f["device_age_hours"] = d.lognorm(20.0, 1.5, 0.5, 2000.0)
    f["ips_per_device_1h"] = d.count(2.0, 0.8, 1, 12)
    f["hosting_asn"] = d.flag(0.30)
    f["email_random"] = d.flag(0.70)
    f["email_disposable"] = d.flag(0.50)
    return f


def disposable_email(d: Draw) -> dict:
    """Otherwise unremarkable orders from throwaway mailboxes: a weak signal on its own."""
    f = _fraud_identity(d, _base(d))
    f["email_disposable"] = np.ones(d.n)
    f["email_random"] = d.flag(0.50)
    f["device_age_hours"] = d.lognorm(1.0, 1.5, 0.02, 1000.0)
    f["amount"] = d.lognorm(50.0, 0.8, 2.0, 1500.0) * f["quantity"]
    return f


def friendly_fraud(d: Draw) -> dict:
    """A real customer who later disputes the charge: indistinguishable from regular legit."""
    return _base(d)


Sampler = Callable[[Draw], dict]

# (name, sampler, share inside its class)
LEGIT_PATTERNS: list[tuple[str, Sampler, float]] = [
    ("legit_regular", legit_regular, 0.70),
    ("legit_new_customer", legit_new_customer, 0.13),
    ("legit_traveller", legit_traveller, 0.05),
    ("legit_bulk_corporate", legit_bulk_corporate, 0.02),
    ("legit_cgnat_mobile", legit_cgnat_mobile, 0.05),
    ("legit_repeat_small", legit_repeat_small, 0.03),
    ("legit_privacy", legit_privacy, 0.02),
]
FRAUD_PATTERNS: list[tuple[str, Sampler, float]] = [
    ("card_testing", card_testing, 0.20),
    ("ip_hopping", ip_hopping, 0.12),
    ("headless_bot", headless_bot, 0.15),
    ("bulk_buying", bulk_buying, 0.10),
    ("stolen_card_high", stolen_card_high, 0.18),
    ("geo_mismatch", geo_mismatch, 0.10),
    ("account_farming", account_farming, 0.08),
    ("disposable_email", disposable_email, 0.04),
    ("friendly_fraud", friendly_fraud, 0.03),
]
PATTERN_LABEL = {name: 0 for name, _, _ in LEGIT_PATTERNS} | {name: 1 for name, _, _ in FRAUD_PATTERNS}


def _consistent(f: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Applies the invariants of a real riskgate vector (see module docstring)."""
    one = np.ones_like(f["amount"])
    f["amount"] = np.round(np.clip(f["amount"], 0.01, 1e6), 2)
    f["quantity"] = np.maximum(1, np.round(f["quantity"]))
    f["new_device"] = np.maximum(f["new_device"], f["cookie_tampered"])
    new = f["new_device"] == 1
    # A cookie issued on this very request: age 0, no beacon yet, device counts = this order.
    f["device_age_hours"] = np.where(new, 0.0, np.clip(f["device_age_hours"], 0.01, DEVICE_AGE_CAP_H))
    f["no_beacon"] = np.where(new, 1.0, f["no_beacon"])
    f["webdriver"] = np.where(f["no_beacon"] == 1, 0.0, f["webdriver"])
    f["orders_device_10m"] = np.where(new, 1.0, np.maximum(1, f["orders_device_10m"]))
    f["ips_per_device_1h"] = np.where(new, 1.0, np.maximum(1, f["ips_per_device_1h"]))
    f["users_per_device_24h"] = np.where(new, np.minimum(f["users_per_device_24h"], 1), f["users_per_device_24h"])
    small = (f["amount"] <= SMALL_AMOUNT).astype(np.float64)
    f["small_orders_device_10m"] = np.clip(np.maximum(f["small_orders_device_10m"], small), 0, f["orders_device_10m"])
    # This device's orders count toward its IP unless it hopped between IPs (then only this one).
    own = np.where(f["ips_per_device_1h"] <= 1, f["orders_device_10m"], one)
    f["orders_ip_10m"] = np.maximum(0, np.round(f["orders_ip_10m"])) + own
    f["devices_per_ip_1h"] = np.maximum(1, f["devices_per_ip_1h"])
    # Mismatch is 0 when either side is unknown.
    f["country_lang_mismatch"] = np.where(
        (f["geo_unknown"] == 1) | (f["missing_accept_language"] == 1), 0.0, f["country_lang_mismatch"]
    )
    f["log_amount"] = np.log1p(f["amount"].astype(np.float32)).astype(np.float64)
    return f


def _allocate(rng: np.random.Generator, n: int, patterns) -> list[int]:
    """Splits n rows over patterns by weight (multinomial, so counts vary with the seed)."""
    w = np.array([p for _, _, p in patterns], dtype=np.float64)
    return list(rng.multinomial(n, w / w.sum())) if n > 0 else [0] * len(patterns)


def generate(n_rows: int, seed: int, fraud_rate: float = 0.04, schema: Schema | None = None) -> Dataset:
    """Draws n_rows labelled orders (shuffled) as schema-ordered float32 vectors."""
    schema = schema or load_schema()
    rng = np.random.default_rng(seed)
    n_fraud = int(round(n_rows * fraud_rate))
    counts = _allocate(rng, n_rows - n_fraud, LEGIT_PATTERNS) + _allocate(rng, n_fraud, FRAUD_PATTERNS)
    blocks, labels, names = [], [], []
    for (name, sampler, _), k in zip(LEGIT_PATTERNS + FRAUD_PATTERNS, counts):
        if k == 0:
            continue
        f = _consistent(sampler(Draw(rng, k)))
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
    ap.add_argument("--out", type=Path, help="CSV: schema features, pattern, label")
    ap.add_argument("--decision-log", type=Path, help="JSONL decision log (needs --labels)")
    ap.add_argument("--labels", type=Path, help="labels.csv written next to --decision-log")
    a = ap.parse_args(argv)
    schema = load_schema()
    ds = generate(a.rows, a.seed, a.fraud_rate, schema)
    if a.out:
        _write_csv(ds, a.out)
    if a.decision_log:
        if not a.labels:
            ap.error("--decision-log needs --labels")
        _write_decision_log(ds, a.decision_log, a.labels, schema)
    if not a.out and not a.decision_log:
        ap.error("give --out and/or --decision-log")
    counts = {p: int((ds.pattern == p).sum()) for p in PATTERN_LABEL}
    print(f"{len(ds)} rows, fraud {ds.y.mean():.2%}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
