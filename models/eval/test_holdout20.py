"""The twentieth holdout set (holdout20.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout20`."""

import json
import random
import unittest

from . import clients, holdout20
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout20.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout20", seed, scale)


class Holdout20Test(kit.SetShape, unittest.TestCase):
    SET = "holdout20"
    MODULE = holdout20
    SEEDS = (201, 202, 203)
    PREFIXES = ("h20_", "f20_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD")

    def check_order(self, order):
        self.assertIn(order["currency"], holdout20.CURRENCIES)
        self.assertTrue(order["product"])
        self.assertTrue(order["payment_method"])

    def test_only_own_pools(self):
        own = {p[0] for pool in EXTRA.values() for p in pool}
        for inst in cell_traffic(201):
            for a in inst.actions:
                self.assertIn(a["ip"], own)

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h20_abroad_IN", "IN"), ("h20_abroad_ID", "ID"),
                           ("h20_abroad_PH", "PH"), ("h20_cloud_asia", "CN")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_cgnat_addresses_are_shared(self):
        users = {}
        for inst, a in orders(cell_traffic(202)):
            if inst.persona == "h20_cgnat_mobile":
                users.setdefault(a["ip"], set()).add(a["order"]["user"])
        self.assertTrue(any(len(u) >= 3 for u in users.values()))

    def test_one_account_many_devices(self):
        devs = {}
        for inst, a in orders(cell_traffic(203)):
            if inst.persona == "f20_ato_device_rotation":
                devs.setdefault(a["order"]["user"], set()).add(a["device"].key)
        self.assertTrue(devs)
        self.assertTrue(any(len(d) >= 4 for d in devs.values()))

    def test_promo_abuse_one_device_one_mailbox(self):
        found = 0
        for inst in cell_traffic(201):
            if inst.persona != "f20_promo_abuse":
                continue
            found += 1
            got = [a for a in inst.actions if a["kind"] == "order"]
            self.assertEqual(len({a["device"].key for a in got}), 1)
            boxes = {a["order"]["email"].split("@")[0].split("+")[0].replace(".", "")
                     for a in got}
            self.assertEqual(len(boxes), 1)
            self.assertGreater(len({a["order"]["user"] for a in got}), 5)
        self.assertGreater(found, 0)

    def test_cloudphone_farm_shares_one_canvas(self):
        for inst in cell_traffic(202):
            if inst.persona == "f20_cloudphone_farm":
                devs = {a["device"].key: a["device"] for a in inst.actions}
                self.assertGreater(len(devs), 3)
                self.assertEqual(len({d.canvas_seed for d in devs.values()}), 1)

    def test_renewals_are_fast_and_established(self):
        for inst in cell_traffic(203):
            if inst.persona == "h20_subscription_renewal" and len(inst.actions) == 2:
                visit, order = inst.actions
                self.assertLess(order["t"] - visit["t"], 26)
                self.assertIsNotNone(visit["device"].age_days)

    def test_new_profiles_headers(self):
        self.assertIsNone(clients.beacon_body("h20_impersonate_142", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        hs = dict(clients.fetch_headers("h20_cloudphone_wv", "en-US", None,
                                        "application/json", 2))
        self.assertEqual(hs["X-Requested-With"], "mark.via.gp")
        beacon = json.loads(clients.beacon_body("h20_chrome_win7_109", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertEqual(beacon["screen"]["w"], 1366)
        self.assertIn("Windows NT 6.1", clients.PROFILES["h20_chrome_win7_109"]["ua"])


if __name__ == "__main__":
    unittest.main()
