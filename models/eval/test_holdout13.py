"""The thirteenth holdout set (holdout13.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout13`."""

import unittest

from . import clients, holdout13
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout13.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout13", seed, scale)


class Holdout13Test(kit.SetShape, unittest.TestCase):
    SET = "holdout13"
    MODULE = holdout13
    SEEDS = (131, 132, 133)
    PREFIXES = ("h13_", "f13_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "CAD", "AUD")

    def check_order(self, order):
        # Whole units for zero-decimal currencies, at most two decimals otherwise.
        if order["currency"] in ("JPY", "KRW"):
            self.assertIsInstance(order["amount"], int)
        self.assertIn(order["currency"], holdout13.DENOMINATIONS)

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h13_abroad_DE", "DE"), ("h13_abroad_KR", "KR"),
                           ("h13_abroad_GB", "GB"), ("h13_abroad_IN", "IN"),
                           ("h13_cloud_asia", "CN")):
            self.assertTrue(EXTRA[name], name)
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_no_new_profiles_needed(self):
        for inst in cell_traffic(131):
            for a in inst.actions:
                self.assertIn(a["device"].profile, clients.PROFILES)

    def test_amount_is_face_times_quantity(self):
        for inst, a in orders(cell_traffic(132)):
            o = a["order"]
            face = float(o["product"].rsplit("-", 1)[1])
            self.assertAlmostEqual(float(o["amount"]), face * o["quantity"], places=2)

    def test_corporate_bulk_is_bulk_and_shares_gateways(self):
        addrs, qty = {}, []
        for inst, a in orders(cell_traffic(133)):
            if inst.persona == "h13_corporate_bulk":
                qty.append(a["order"]["quantity"])
                addrs.setdefault(a["ip"], set()).add(a["order"]["user"])
        self.assertTrue(qty and min(qty) >= 10)
        self.assertTrue(any(len(u) > 1 for u in addrs.values()))

    def test_household_device_carries_several_accounts(self):
        users = {}
        for inst, a in orders(cell_traffic(131)):
            if inst.persona == "h13_household":
                users.setdefault(a["device"].key, set()).add(a["order"]["user"])
        self.assertTrue(any(len(u) > 1 for u in users.values()))

    def test_low_slow_uses_many_devices_per_account(self):
        devs = {}
        for inst, a in orders(cell_traffic(132)):
            if inst.persona == "f13_low_slow_farm":
                devs.setdefault(a["order"]["user"], set()).add(a["device"].key)
        self.assertTrue(any(len(d) > 1 for d in devs.values()))

    def test_card_testing_is_cookieless_script(self):
        for inst, a in orders(cell_traffic(131)):
            if inst.persona == "f13_card_testing":
                self.assertEqual(a["device"].cookies, "none")
                self.assertFalse(a["device"].beacon)

    def test_privacy_browsers_keep_no_cookie(self):
        seen = 0
        for inst, a in orders(cell_traffic(133)):
            if inst.persona == "h13_privacy_browser":
                seen += 1
                self.assertIn(a["device"].cookies, ("session", "none"))
        self.assertGreater(seen, 10)


if __name__ == "__main__":
    unittest.main()
