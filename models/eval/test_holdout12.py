"""The twelfth holdout set (holdout12.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout12`."""

import json
import random
import unittest

from . import clients, holdout12
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout12.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout12", seed, scale)


class Holdout12Test(kit.SetShape, unittest.TestCase):
    SET = "holdout12"
    MODULE = holdout12
    SEEDS = (121, 122, 123)
    PREFIXES = ("h12_", "f12_")
    N_LEGIT = 17
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD")

    def check_order(self, o):
        face = int(o["product"].rsplit("-", 1)[1])
        self.assertAlmostEqual(face * o["quantity"], o["amount"], places=2)

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h12_abroad_DE", "DE"), ("h12_abroad_KR", "KR"),
                           ("h12_abroad_IN", "IN"), ("h12_cloud_asia", "CN")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_home_pools_are_home(self):
        for name, pool in EXTRA.items():
            if name.startswith(("h12_home_", "h12_mobile_", "h12_resi_")):
                cc = name.rsplit("_", 1)[1]
                self.assertEqual({p[1] for p in pool}, {cc}, name)

    def test_cgnat_addresses_shared_by_many_accounts(self):
        users = {}
        for inst, a in orders(cell_traffic(121)):
            if inst.persona == "h12_cgnat_mobile":
                users.setdefault(a["ip"], set()).add(a["order"]["user"])
        self.assertGreater(max(len(u) for u in users.values()), 3)

    def test_many_accounts_per_device_and_devices_per_account(self):
        users, devs = {}, {}
        for inst, a in orders(cell_traffic(122)):
            users.setdefault((inst.persona, a["device"].key), set()).add(a["order"]["user"])
            devs.setdefault((inst.persona, a["order"]["user"]), set()).add(a["device"].key)
        for persona in ("h12_household_shared", "f12_low_and_slow", "f12_promo_abuse",
                        "f12_triangulation"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)
        self.assertTrue(any(len(d) > 2 for (p, _), d in devs.items()
                            if p == "f12_device_rotation"))

    def test_scripts_never_visit(self):
        for inst in cell_traffic(123):
            for a in inst.actions:
                if clients.PROFILES[a["device"].profile]["kind"] == "script":
                    self.assertEqual(a["kind"], "order")

    def test_retry_repeats_the_amount(self):
        for inst in cell_traffic(121):
            if inst.persona == "h12_retry_payment":
                amounts = {a["order"]["amount"] for a in inst.actions if a["kind"] == "order"}
                self.assertEqual(len(amounts), 1)

    def test_new_profiles_headers(self):
        self.assertIn("Chrome/144", clients.PROFILES["h12_chrome_win_144"]["ua"])
        self.assertIsNone(clients.beacon_body("h12_axios", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        beacon = json.loads(clients.beacon_body("h12_samsung_29", ["ko-KR"], "Asia/Seoul", 540,
                                                random.Random(1)))
        self.assertEqual(beacon["screen"]["w"], 384)
        hs = dict(clients.fetch_headers("h12_firefox_mac_146", "en-US", None,
                                        "application/json", 2))
        self.assertNotIn("sec-ch-ua", hs)


if __name__ == "__main__":
    unittest.main()
