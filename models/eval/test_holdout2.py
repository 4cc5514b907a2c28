"""The second holdout set (holdout2.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout2`."""

import json
import os
import random
import unittest

from . import holdout2, traffic

HERE = os.path.dirname(os.path.abspath(__file__))
POOLS = json.load(open(os.path.join(HERE, "ip_table.json")))["pools"]
WINDOW = 3000


def cell_traffic(seed):
    ctx = traffic.Context(POOLS, WINDOW, 1.0)
    return traffic.generate(random.Random(seed), ctx, "holdout2")


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


class Holdout2Test(unittest.TestCase):
    def test_same_seed_same_traffic(self):
        self.assertEqual(flat(cell_traffic(21)), flat(cell_traffic(21)))

    def test_other_seed_other_traffic(self):
        self.assertNotEqual(flat(cell_traffic(21)), flat(cell_traffic(22)))

    def test_volumes_and_labels(self):
        for seed in (21, 22, 23):
            orders = {"legit": 0, "fraud": 0}
            personas = set()
            for inst in cell_traffic(seed):
                self.assertIn(inst.label, orders)
                personas.add(inst.persona)
                orders[inst.label] += sum(a["kind"] == "order" for a in inst.actions)
            self.assertTrue(400 <= orders["legit"] <= 650, (seed, orders))
            self.assertTrue(220 <= orders["fraud"] <= 420, (seed, orders))
            self.assertEqual(len(personas), len(holdout2.LEGIT) + len(holdout2.FRAUD))

    def test_orders_well_formed_and_inside_window(self):
        known_ips = {e[0] for p in list(POOLS.values()) + list(holdout2.pools(
            traffic.Context(POOLS, WINDOW, 1.0)).values()) for e in p}
        for inst in cell_traffic(23):
            for a in inst.actions:
                self.assertTrue(0 < a["t"] < WINDOW)
                self.assertIn(a["ip"], known_ips)
                if a["kind"] != "order":
                    continue
                o = a["order"]
                self.assertEqual(set(o), {"amount", "currency", "quantity", "product", "user",
                                          "email", "payment_method"})
                self.assertGreater(o["amount"], 0)
                self.assertGreaterEqual(o["quantity"], 1)
                self.assertIn(o["currency"], holdout2.FACES)
                self.assertIn("@", o["email"])

    def test_every_persona_documents_signals(self):
        for gen in holdout2.LEGIT + holdout2.FRAUD:
            self.assertIn("Signals", gen.__doc__ or "", gen.__name__)

    def test_stolen_cookie_follows_the_victim(self):
        rng = random.Random(5)
        lc = holdout2.loc(rng, "US")
        victim = holdout2.Device("chrome_win", lc, rng=rng, age_days=45)
        atk = holdout2.StolenCookieDevice(victim, "chrome_win", lc, rng=rng)
        self.assertEqual(atk.age_days, 0)  # gets no cookie of its own before the window
        victim.cookie = "rg_did=victim"
        self.assertEqual(atk.cookie, "rg_did=victim")
        atk.cookie = "rg_did=reissued"
        self.assertEqual(atk.cookie, "rg_did=reissued")
        self.assertEqual(victim.cookie, "rg_did=victim")


if __name__ == "__main__":
    unittest.main()
