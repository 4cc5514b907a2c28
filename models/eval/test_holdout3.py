"""The third holdout set (holdout3.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout3`."""

import json
import os
import random
import unittest

from . import clients, holdout3, traffic

HERE = os.path.dirname(os.path.abspath(__file__))
POOLS = json.load(open(os.path.join(HERE, "ip_table.json")))["pools"]
WINDOW = 3000


def cell_traffic(seed):
    ctx = traffic.Context(POOLS, WINDOW, 1.0)
    return traffic.generate(random.Random(seed), ctx, "holdout3")


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


class Holdout3Test(unittest.TestCase):
    def test_same_seed_same_traffic(self):
        self.assertEqual(flat(cell_traffic(31)), flat(cell_traffic(31)))

    def test_other_seed_other_traffic(self):
        self.assertNotEqual(flat(cell_traffic(31)), flat(cell_traffic(32)))

    def test_volumes_and_labels(self):
        for seed in (1, 2, 3, 31):
            insts = cell_traffic(seed)
            labels = [inst.label for inst, _ in orders(insts)]
            self.assertEqual(set(labels), {"legit", "fraud"})
            self.assertTrue(400 <= labels.count("legit") <= 620, labels.count("legit"))
            self.assertTrue(230 <= labels.count("fraud") <= 370, labels.count("fraud"))
            # Every persona of the set sends orders in every cell.
            got = {inst.persona for inst, _ in orders(insts)}
            named = {g.__name__ for g in holdout3.LEGIT + holdout3.FRAUD}
            self.assertTrue(named <= got, named - got)

    def test_orders_well_formed(self):
        insts = cell_traffic(1)
        currencies = set()
        ips = {e[0] for pool in holdout3.pools(traffic.Context(POOLS, WINDOW, 1.0)).values()
               for e in pool}
        for inst, a in orders(insts):
            o = a["order"]
            self.assertEqual(set(o), {"amount", "currency", "quantity", "product", "user",
                                      "email", "payment_method"})
            self.assertGreater(o["amount"], 0)
            self.assertGreaterEqual(o["quantity"], 1)
            self.assertIn("@", o["email"])
            self.assertIn(a["ip"], ips)
            self.assertIn(a["device"].profile, clients.PROFILES)
            self.assertTrue(0 < a["t"] < WINDOW)
            currencies.add(o["currency"])
        self.assertTrue({"JPY", "KRW", "CNY", "EUR", "USD"} <= currencies, currencies)


if __name__ == "__main__":
    unittest.main()
