"""The eighteenth holdout set (holdout18.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout18`."""

import json
import random
import unittest

from . import clients, holdout18
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout18.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout18", seed, scale)


class Holdout18Test(kit.SetShape, unittest.TestCase):
    SET = "holdout18"
    MODULE = holdout18
    SEEDS = (181, 182, 183)
    PREFIXES = ("h18_", "f18_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "CAD", "BRL", "INR")

    def check_order(self, order):
        self.assertIn(order["currency"], holdout18.DENOMS)
        face = int(order["product"].rsplit("-", 1)[1])
        every, big = holdout18.DENOMS[order["currency"]]
        self.assertIn(face, every + big)
        self.assertAlmostEqual(order["amount"], face * order["quantity"], places=2)
        self.assertLessEqual(order["quantity"], 50)

    def test_abroad_pools_are_abroad(self):
        for cc in ("DE", "ID", "PH", "IN"):
            name = "h18_abroad_%s" % cc
            self.assertFalse([p for p in EXTRA[name] if p[1] == cc], name)

    def test_home_pools_are_home(self):
        for name, pool in EXTRA.items():
            if name.startswith(("h18_home_", "h18_mobile_", "h18_resi_")):
                cc = name.rsplit("_", 1)[1]
                self.assertEqual({p[1] for p in pool}, {cc}, name)

    def test_zero_decimal_currencies(self):
        for inst, a in orders(cell_traffic(182)):
            o = a["order"]
            if o["currency"] in ("JPY", "KRW"):
                self.assertIsInstance(o["amount"], int)
                self.assertGreaterEqual(o["amount"], 500)

    def test_shared_addresses_and_devices(self):
        """CGNAT buyers share a few carrier addresses; cafe PCs carry several accounts;
        a hopping account uses several devices; a promo-farm device many accounts."""
        per_ip, per_dev, per_user = {}, {}, {}
        for inst, a in orders(cell_traffic(181)):
            u = a["order"]["user"]
            per_ip.setdefault((inst.persona, a["ip"]), set()).add(u)
            per_dev.setdefault((inst.persona, a["device"].key), set()).add(u)
            per_user.setdefault((inst.persona, u), set()).add(a["device"].key)
        self.assertTrue(any(len(u) >= 4 for (p, _), u in per_ip.items()
                            if p == "h18_cgnat_mobile"))
        for persona in ("h18_lan_cafe", "h18_family_tablet", "f18_promo_farm",
                        "f18_triangulation"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in per_dev.items() if p == persona),
                            persona)
        self.assertTrue(any(len(d) >= 5 for (p, _), d in per_user.items()
                            if p == "f18_device_hopping"))

    def test_card_testing_is_cookieless_and_rotates(self):
        found = 0
        for inst in cell_traffic(183):
            if inst.persona != "f18_card_testing":
                continue
            found += 1
            devs = {a["device"] for a in inst.actions}
            self.assertTrue(all(d.cookies == "none" and not d.beacon for d in devs))
            self.assertGreater(len({a["ip"] for a in inst.actions}), 5)
        self.assertGreater(found, 0)

    def test_subscription_renewal_is_fast(self):
        for inst in cell_traffic(181):
            if inst.persona == "h18_subscription_renew" and len(inst.actions) == 2:
                visit, order = inst.actions
                self.assertLess(order["t"] - visit["t"], 26)
                self.assertIsNotNone(visit["device"].age_days)

    def test_profiles_used_exist_and_render(self):
        used = set(holdout18.DESKTOP + holdout18.PHONE)
        for p in used:
            self.assertIn(p, clients.PROFILES)
        beacon = json.loads(clients.beacon_body("h10_chrome_android_143", ["ja"], "Asia/Tokyo",
                                                540, random.Random(1)))
        self.assertEqual(beacon["tz_offset"], 540)


if __name__ == "__main__":
    unittest.main()
