"""The seventeenth holdout set (holdout17.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout17`."""

import random
import unittest

from . import holdout17
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout17.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout17", seed, scale)


class Holdout17Test(kit.SetShape, unittest.TestCase):
    SET = "holdout17"
    MODULE = holdout17
    SEEDS = (171, 172, 173)
    PREFIXES = ("h17_", "f17_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "INR", "BRL", "CAD", "AUD", "PHP")

    def check_order(self, order):
        """Currencies come from the set's table; the amount is the face times quantity."""
        self.assertIn(order["currency"], holdout17.FACES)
        face = order["product"].rsplit("-", 1)[1]
        self.assertEqual(holdout17.money(int(face) * order["quantity"], order["currency"]),
                         order["amount"])

    def test_abroad_pools_are_abroad(self):
        for cc in ("DE", "JP", "IN"):
            name = "h17_abroad_%s" % cc
            self.assertFalse([p for p in EXTRA[name] if p[1] == cc], name)
        self.assertFalse([p for p in EXTRA["h17_relay_CN"] if p[1] == "CN"])

    def test_cookie_clone_follows_its_origin_until_replaced(self):
        rng = random.Random(1)
        origin = holdout17.device(rng, "US", "safari_mac", age=45)
        clone = holdout17.CookieClone(rng, origin, "chrome_win", "en-US", ("UTC", 0))
        self.assertIsNone(clone.cookie)
        origin.cookie = "rg_did=victim"
        self.assertEqual(clone.cookie, "rg_did=victim")
        clone.cookie = "rg_did=own"
        self.assertEqual(clone.cookie, "rg_did=own")
        self.assertEqual(origin.cookie, "rg_did=victim")
        self.assertNotEqual(clone.key, origin.key)

    def test_stolen_session_victim_is_aged_and_visits_first(self):
        found = 0
        for inst in cell_traffic(171):
            if inst.persona != "f17_stolen_session":
                continue
            clones = [a for a in inst.actions if isinstance(a["device"], holdout17.CookieClone)]
            self.assertTrue(clones)
            victim = clones[0]["device"]._origin
            self.assertIn(victim.age_days, holdout17.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is victim)
            self.assertLess(first, min(a["t"] for a in clones))
            found += 1
        self.assertGreater(found, 5)

    def test_many_accounts_per_device_and_devices_per_account(self):
        users, devs = {}, {}
        for inst, a in orders(cell_traffic(172)):
            users.setdefault((inst.persona, a["device"].key), set()).add(a["order"]["user"])
            devs.setdefault((inst.persona, a["order"]["user"]), set()).add(a["device"].key)
        for persona in ("h17_household", "f17_reseller_bot", "f17_triangulation"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)
        self.assertTrue(any(len(d) >= 5 for (p, _), d in devs.items()
                            if p == "f17_shared_account_devices"))

    def test_cgnat_addresses_are_shared(self):
        by_ip = {}
        for inst, a in orders(cell_traffic(173)):
            if inst.persona == "h17_cgnat_crowd":
                by_ip.setdefault(a["ip"], set()).add(a["order"]["user"])
        self.assertLessEqual(len(by_ip), 9)
        self.assertTrue(any(len(u) > 3 for u in by_ip.values()))

    def test_card_tester_never_keeps_cookies(self):
        for inst, a in orders(cell_traffic(171)):
            if inst.persona == "f17_card_tester":
                self.assertEqual(a["device"].cookies, "none")
                self.assertFalse(a["device"].beacon)


if __name__ == "__main__":
    unittest.main()
