"""The eighth holdout set (holdout8.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout8`."""

import json
import random
import unittest

from . import clients, holdout8
from . import holdout_testkit as kit
from .holdout_testkit import load_pools, orders

EXTRA = load_pools("ip_table_holdout8.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout8", seed, scale)


class Holdout8Test(kit.SetShape, unittest.TestCase):
    SET = "holdout8"
    MODULE = holdout8
    SEEDS = (81, 82, 83)
    PREFIXES = ("h8_", "f8_")
    N_LEGIT = 16
    N_FRAUD = 11
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "CHF", "PLN", "HKD", "SGD", "TWD",
                  "THB", "IDR", "INR", "CAD", "AUD")

    def test_abroad_pools_are_abroad(self):
        for name, home in (("h8_abroad_JP", "JP"), ("h8_abroad_ID", "ID"),
                           ("h8_abroad_FR", "FR")):
            self.assertFalse([p for p in EXTRA[name] if p[1] == home], name)

    def test_linked_cookie_follows_its_origin_until_replaced(self):
        rng = random.Random(1)
        origin = holdout8.device(rng, "US", "safari_mac", age=40)
        other = holdout8.LinkedCookieDevice(rng, origin, "chrome_win", "en-US", ("UTC", 0))
        self.assertIsNone(other.cookie)
        origin.cookie = "rg_did=origin"
        self.assertEqual(other.cookie, "rg_did=origin")
        other.cookie = "rg_did=fresh"
        self.assertEqual(other.cookie, "rg_did=fresh")
        self.assertEqual(origin.cookie, "rg_did=origin")
        self.assertNotEqual(other.key, origin.key)
        self.assertNotEqual(other.canvas_seed, origin.canvas_seed)

    def test_hijacked_session_origin_is_aged_and_visits_first(self):
        """The cell primes only devices that act in the window with an age, so the victim's
        browser must visit, aged, before the thief's browser orders."""
        found = 0
        for inst in cell_traffic(81):
            if inst.persona != "f8_session_hijack":
                continue
            linked = [a for a in inst.actions
                      if isinstance(a["device"], holdout8.LinkedCookieDevice)]
            self.assertTrue(linked)
            found += 1
            origin = linked[0]["device"]._origin
            self.assertIn(origin.age_days, holdout8.AGES)
            self.assertEqual(origin.cookies, "keep")
            first = min(a["t"] for a in inst.actions if a["device"] is origin)
            self.assertLess(first, min(a["t"] for a in linked))
        self.assertGreater(found, 5)

    def test_shared_devices_serve_several_accounts(self):
        """A family computer and a PC-bang seat each carry more than one account."""
        users = {}
        for inst, a in orders(cell_traffic(82)):
            if inst.persona in ("h8_family_shared", "h8_krw_pcbang"):
                users.setdefault((inst.persona, a["device"].key), set()).add(a["order"]["user"])
        for persona in ("h8_family_shared", "h8_krw_pcbang"):
            self.assertTrue(any(len(u) > 1 for (p, _), u in users.items() if p == persona),
                            persona)

    def test_gifting_sends_to_several_recipients(self):
        for inst in cell_traffic(83):
            if inst.persona not in ("h8_gift_recipients", "h8_kakao_gifting"):
                continue
            os_ = [a["order"] for a in inst.actions if a["kind"] == "order"]
            self.assertEqual(len({o["user"] for o in os_}), 1)
            if len(os_) > 1:
                self.assertGreater(len({o["email"] for o in os_}), 1)

    def test_new_profiles_headers(self):
        keys = [k for k, _ in clients.fetch_headers("h8_kakaotalk_android", "ko-KR", None,
                                                    "application/json", 2)]
        self.assertIn("X-Requested-With", keys)
        self.assertIn("KAKAOTALK", clients.PROFILES["h8_kakaotalk_android"]["ua"])
        self.assertIn("MicroMessenger", clients.PROFILES["h8_wechat_ios"]["ua"])
        self.assertIsNone(clients.beacon_body("h8_httpx", ["en"], "UTC", 0, random.Random(1)))
        beacon = json.loads(clients.beacon_body("h8_playwright_linux", ["en-US"], "UTC", 0,
                                                random.Random(1)))
        self.assertEqual((beacon["screen"]["w"], beacon["cores"]), (1280, 2))


if __name__ == "__main__":
    unittest.main()
