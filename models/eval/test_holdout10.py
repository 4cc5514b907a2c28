"""The tenth holdout set (holdout10.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout10`."""

import json
import random
import unittest

from . import clients, holdout10
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout10.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout10", seed, scale)


class Holdout10Test(kit.SetShape, unittest.TestCase):
    SET = "holdout10"
    MODULE = holdout10
    SEEDS = (101, 102, 103)
    PREFIXES = ("h10_", "f10_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD")

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h10_mobile_abroad_ID", "ID"), ("h10_abroad_CN", "CN")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_linked_cookie_follows_its_origin_until_replaced(self):
        rng = random.Random(1)
        origin = holdout10.device(rng, "US", "safari_mac", age=35)
        other = holdout10.LinkedCookieDevice(rng, origin, "chrome_win", "en-US", ("UTC", 0))
        self.assertIsNone(other.cookie)
        origin.cookie = "rg_did=origin"
        self.assertEqual(other.cookie, "rg_did=origin")
        other.cookie = "rg_did=fresh"
        self.assertEqual(other.cookie, "rg_did=fresh")
        self.assertEqual(origin.cookie, "rg_did=origin")
        self.assertNotEqual(other.key, origin.key)

    def test_hijacked_session_origin_is_aged_and_visits_first(self):
        found = 0
        for inst in cell_traffic(101):
            if inst.persona != "f10_session_hijack":
                continue
            linked = [a for a in inst.actions
                      if isinstance(a["device"], holdout10.LinkedCookieDevice)]
            self.assertTrue(linked)
            found += 1
            origin = linked[0]["device"]._origin
            self.assertIn(origin.age_days, holdout10.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is origin)
            self.assertLess(first, min(a["t"] for a in linked))
        self.assertGreater(found, 5)

    def test_many_accounts_per_device(self):
        """Household devices, farm devices and the reseller's PC each carry several accounts;
        an account-takeover account is used from several devices."""
        users, devs = {}, {}
        for inst, a in orders(cell_traffic(102)):
            users.setdefault((inst.persona, a["device"].key), set()).add(a["order"]["user"])
            devs.setdefault((inst.persona, a["order"]["user"]), set()).add(a["device"].key)
        for persona in ("h10_shared_household", "f10_device_farm", "f10_reseller_triangulation"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)
        self.assertTrue(any(len(d) > 1 for (p, _), d in devs.items()
                            if p == "f10_ato_many_devices"))

    def test_express_checkout_is_fast(self):
        for inst in cell_traffic(103):
            if inst.persona == "h10_express_checkout" and len(inst.actions) == 2:
                visit, order = inst.actions
                self.assertLess(order["t"] - visit["t"], 16)

    def test_new_profiles_headers(self):
        self.assertIn("Chrome/143", clients.PROFILES["h10_chrome_mac_143"]["ua"])
        self.assertIsNone(clients.beacon_body("h10_curl_cffi", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        beacon = json.loads(clients.beacon_body("h10_chrome_android_143", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertEqual(beacon["screen"]["w"], 412)


if __name__ == "__main__":
    unittest.main()
