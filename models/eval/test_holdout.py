"""Unit tests of the holdout persona set (`python3 -m unittest models.eval.test_holdout`)."""

import json
import os
import random
import unittest

from . import holdout, traffic

HERE = os.path.dirname(os.path.abspath(__file__))


def snapshot(instances):
    """Everything cell.py sends, as plain data (device objects by their wire facts)."""
    out = []
    for inst in instances:
        for a in inst.actions:
            d = a["device"]
            out.append((inst.persona, inst.label, a["t"], a["kind"], a["ip"], d.key, d.profile,
                        d.lang, d.tz_name, d.tz_offset, d.canvas_seed, d.age_days, d.cookies,
                        json.dumps(a.get("order"), sort_keys=True)))
    return out


class Holdout(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(HERE, "ip_table.json")) as f:
            self.pools = json.load(f)["pools"]

    def generate(self, seed, window=3000):
        ctx = traffic.Context(self.pools, window, 1.0)
        return traffic.generate(random.Random(seed), ctx, "holdout")

    def test_same_seed_same_traffic_other_seed_other_traffic(self):
        a, b = snapshot(self.generate(11)), snapshot(self.generate(11))
        self.assertEqual(a, b)
        self.assertNotEqual(a, snapshot(self.generate(12)))

    def test_both_labels_every_persona_in_window_and_scale(self):
        insts = self.generate(13)
        orders = {"legit": 0, "fraud": 0}
        personas = set()
        for inst in insts:
            self.assertIn(inst.label, orders)
            personas.add(inst.persona)
            for a in inst.actions:
                self.assertTrue(0 < a["t"] < 3000)
                if a["kind"] == "order":
                    orders[inst.label] += 1
                    o = a["order"]
                    for k in ("amount", "currency", "quantity", "product", "user", "email",
                              "payment_method"):
                        self.assertIn(k, o)
                    self.assertGreater(float(o["amount"]), 0)
        names = {g.__name__ for g in holdout.LEGIT + holdout.FRAUD}
        self.assertEqual(len(personas), len(names))
        # About 500 legitimate and 300 fraudulent orders per cell, like the default set.
        self.assertTrue(400 <= orders["legit"] <= 650, orders)
        self.assertTrue(220 <= orders["fraud"] <= 400, orders)

    def test_default_set_is_unchanged_by_the_option(self):
        ctx = traffic.Context(self.pools, 3000, 1.0)
        a = traffic.generate(random.Random(5), ctx)
        b = traffic.generate(random.Random(5), ctx, "main")
        self.assertEqual([i.persona for i in a], [i.persona for i in b])
        ours = {i.persona for i in self.generate(5)}
        self.assertFalse(ours & {i.persona for i in a})
        with self.assertRaises(ValueError):
            traffic.generate(random.Random(5), ctx, "nope")


if __name__ == "__main__":
    unittest.main()
