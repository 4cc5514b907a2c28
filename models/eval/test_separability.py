"""Unit tests of the separability diagnostic's pure parts (`python3 -m unittest
models.eval.test_separability`): the join of records with the decision log, the features
read from a decision-log line, and the fraud share at an honest budget."""

import json
import os
import tempfile
import unittest

from .separability import (JoinError, caught_at_budget, features, join_cell, load_run,
                           rates_at, shipped, threshold_at_budget)


def line(currency="USD", user="u1", age=3600, device="d1", **over):
    d = {"request_id": "r", "user": user, "device_id": device, "currency": currency,
         "feature_names": ["amount_usd", "quantity"], "features": [25.0, 2.0],
         "small_surge": 3,
         "signals": {"device_age_secs": age, "beacon": True, "user_established": False,
                     "tz_mismatch": None,
                     "linkage": {"orders_per_user_1h": 4}}}
    d.update(over)
    return d


class Features(unittest.TestCase):
    def test_model_inputs_then_policy_facts(self):
        names, x = features(line())
        self.assertEqual(names[:2], ["amount_usd", "quantity"])
        self.assertEqual(x[:2], [25.0, 2.0])
        f = dict(zip(names, x))
        self.assertAlmostEqual(f["sig_device_age_secs"], 8.1889, places=3)  # log1p(3600)
        self.assertEqual(f["sig_beacon"], 1.0)
        self.assertEqual(f["sig_user_established"], 0.0)
        self.assertEqual(f["sig_tz_mismatch"], -1.0)  # not known
        self.assertEqual(f["link_orders_per_user_1h"], 4.0)
        self.assertEqual(f["link_users_per_mailbox_24h"], -1.0)  # absent
        self.assertEqual(f["has_device_cookie"], 1.0)
        self.assertEqual(f["small_surge"], 3.0)
        # No cookie, no device age: distinct values, not the same as a fresh cookie.
        f2 = dict(zip(*features(line(age=None, device=None))))
        self.assertEqual(f2["has_device_cookie"], 0.0)
        self.assertEqual(f2["sig_device_age_secs"], -1.0)
        self.assertNotIn("asn", names)
        self.assertNotIn("country", names)

    def test_lengths_must_match(self):
        with self.assertRaises(JoinError):
            features(line(features=[1.0]))


class Join(unittest.TestCase):
    def test_line_for_line_and_mismatches_named(self):
        recs = [{"currency": "USD"}, {"currency": "JPY"}]
        pairs = join_cell(recs, [line(), line(currency="JPY")], "cellA")
        self.assertEqual(len(pairs), 2)
        with self.assertRaisesRegex(JoinError, "cellA: 2 records but 1"):
            join_cell(recs, [line()], "cellA")
        with self.assertRaisesRegex(JoinError, "cellA: order 1 is JPY .* but EUR"):
            join_cell(recs, [line(), line(currency="EUR")], "cellA")

    def test_load_run_reads_kept_workdirs(self):
        with tempfile.TemporaryDirectory() as d:
            cell = os.path.join(d, "seed7-h03")
            os.makedirs(cell)
            with open(os.path.join(cell, "decisions.jsonl"), "w") as f:
                f.write(json.dumps(line(user="a")) + "\n" + json.dumps(line(user=None)) + "\n")
            res = {"personas": "setX", "cells": [{"seed": 7, "hour": 3, "records": [
                {"persona": "p", "label": "legit", "outcome": "allow", "currency": "USD"},
                {"persona": "q", "label": "fraud", "outcome": "review", "currency": "USD"}]}]}
            path = os.path.join(d, "r.json")
            with open(path, "w") as f:
                json.dump(res, f)
            rows = load_run(path, d)
            self.assertEqual(load_run(path, d, hours={14}), [])
            self.assertEqual(len(load_run(path, d, hours={3, 14})), 2)
        self.assertEqual([r["persona"] for r in rows], ["p", "q"])
        self.assertEqual(rows[0]["group"], "7/a")
        self.assertEqual(rows[1]["group"], "7/r")  # no user: the order is its own group
        self.assertEqual(rows[1]["set"], "setX")
        self.assertEqual(rows[0]["model_inputs"], 2)
        self.assertEqual(shipped(rows), (0.0, 100.0))


class Budget(unittest.TestCase):
    def test_threshold_leaves_at_most_the_budget_above(self):
        honest = [i / 100.0 for i in range(100)]  # 0.00 .. 0.99
        t = threshold_at_budget(honest, 3.0)
        self.assertEqual(sum(1 for s in honest if s > t), 3)
        self.assertEqual(threshold_at_budget(honest, 0.0), 0.99)
        self.assertEqual(threshold_at_budget([0.5], 100.0), float("-inf"))

    def test_fraud_share_above_the_threshold(self):
        scores = [i / 100.0 for i in range(100)] + [0.995, 0.5, 0.2]
        labels = ["legit"] * 100 + ["fraud"] * 3
        t, h, f = caught_at_budget(scores, labels, 3.0)
        self.assertEqual(h, 3.0)
        self.assertAlmostEqual(f, 100.0 / 3)
        # Ties at the threshold are not above it: a learner that cannot tell them apart
        # catches nothing at any budget below everything.
        t, h, f = caught_at_budget([0.5] * 10, ["legit"] * 5 + ["fraud"] * 5, 3.0)
        self.assertEqual((h, f), (0.0, 0.0))

    def test_rates_at_a_given_threshold(self):
        scores = [0.1, 0.2, 0.9, 0.3, 0.8, 0.95]
        labels = ["legit", "legit", "legit", "fraud", "fraud", "fraud"]
        self.assertEqual(rates_at(scores, labels, 0.5), (100.0 / 3, 200.0 / 3))
        self.assertEqual(rates_at(scores, labels, 0.95), (0.0, 0.0))


if __name__ == "__main__":
    unittest.main()
