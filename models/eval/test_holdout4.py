"""The fourth holdout set (holdout4.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout4`."""

import json
import os
import random
import unittest

from . import clients, holdout4, traffic

HERE = os.path.dirname(os.path.abspath(__file__))
POOLS = json.load(open(os.path.join(HERE, "ip_table.json")))["pools"]
EXTRA = json.load(open(os.path.join(HERE, "ip_table_holdout4.json")))["pools"]
WINDOW = 3000
FIELDS = {"amount", "currency", "quantity", "product", "user", "email", "payment_method"}


def cell_traffic(seed, scale=1.0):
    ctx = traffic.Context(POOLS, WINDOW, scale)
    return traffic.generate(random.Random(seed), ctx, "holdout4")


def flat(instances):
    """Everything a cell would send, in a comparable form."""
    out = []
    for inst in instances:
        for a in inst.actions:
            d = a["device"]
            out.append((inst.persona, inst.label, round(a["t"], 6), a["kind"], a["ip"],
                        json.dumps(a.get("order"), sort_keys=True), d.key, d.profile, d.lang,
                        d.tz_name, d.tz_offset, d.cookies, d.age_days, d.beacon, d.canvas_seed))
    return out


def orders(instances):
    return [(inst, a) for inst in instances for a in inst.actions if a["kind"] == "order"]


class Holdout4Test(unittest.TestCase):
    def test_same_seed_same_traffic(self):
        self.assertEqual(flat(cell_traffic(41)), flat(cell_traffic(41)))

    def test_different_seed_different_traffic(self):
        self.assertNotEqual(flat(cell_traffic(41)), flat(cell_traffic(42)))

    def test_labels_and_every_persona_present(self):
        for seed in (1, 2, 3, 41):
            got = {(inst.persona, inst.label) for inst, _ in orders(cell_traffic(seed))}
            labels = {label for _, label in got}
            self.assertEqual(labels, {"legit", "fraud"})
            names = {p for p, _ in got}
            self.assertEqual(len(names), len(holdout4.LEGIT) + len(holdout4.FRAUD), seed)
            for persona, label in got:
                self.assertTrue(persona.startswith("h4_" if label == "legit" else "f4_"), persona)

    def test_counts_in_range(self):
        for seed in (1, 2, 3, 41, 97):
            n = {"legit": 0, "fraud": 0}
            for inst, _ in orders(cell_traffic(seed)):
                n[inst.label] += 1
            self.assertTrue(420 <= n["legit"] <= 580, (seed, n))
            self.assertTrue(250 <= n["fraud"] <= 380, (seed, n))
            self.assertEqual(len(holdout4.LEGIT), 15)
            self.assertEqual(len(holdout4.FRAUD), 9)

    def test_scale_changes_volume(self):
        small = len(orders(cell_traffic(5, 0.25)))
        big = len(orders(cell_traffic(5, 2.0)))
        self.assertLess(small * 3, big)

    def test_currencies_present(self):
        cur = {a["order"]["currency"] for _, a in orders(cell_traffic(41))}
        for c in ("USD", "EUR", "GBP", "JPY", "KRW", "CNY"):
            self.assertIn(c, cur)

    def test_orders_well_formed(self):
        known = {p[0] for pool in list(POOLS.values()) + list(EXTRA.values()) for p in pool}
        for inst, a in orders(cell_traffic(7)):
            o = a["order"]
            self.assertEqual(set(o), FIELDS)
            self.assertGreater(o["amount"], 0)
            self.assertGreaterEqual(o["quantity"], 1)
            if o["currency"] in ("JPY", "KRW"):
                self.assertIsInstance(o["amount"], int)
            self.assertIn("@", o["email"])
            self.assertTrue(0 < a["t"] < WINDOW)
            self.assertIn(a["ip"], known)
            d = a["device"]
            self.assertIn(d.profile, clients.PROFILES)
            self.assertIn(d.cookies, ("keep", "session", "none"))
            self.assertIn(d.age_days, (0,) + holdout4.AGES)

    def test_device_keys_unique_per_device(self):
        devs = {}
        for inst in cell_traffic(11):
            for a in inst.actions:
                d = a["device"]
                self.assertIs(devs.setdefault(d.key, d), d)

    def test_beacons_render(self):
        for inst in cell_traffic(13):
            for a in inst.actions:
                d = a["device"]
                body = clients.beacon_body(d.profile, d.languages, d.tz_name, d.tz_offset,
                                           random.Random(d.canvas_seed))
                if d.beacon:
                    self.assertIsNotNone(body)
                    json.loads(body)


if __name__ == "__main__":
    unittest.main()
