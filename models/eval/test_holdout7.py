"""The seventh holdout set (holdout7.py) is deterministic per seed and well formed:
`python3 -m unittest models.eval.test_holdout7`."""

import glob
import json
import os
import random
import unittest

from . import clients, holdout7
from . import holdout_testkit as kit
from .holdout_testkit import FIELDS, HERE, POOLS, WINDOW, load_pools, orders

EXTRA = load_pools("ip_table_holdout7.json")


def cell_traffic(seed, scale=1.0):
    return kit.cell_traffic("holdout7", seed, scale)


class Holdout7Test(kit.SetShape, unittest.TestCase):
    SET = "holdout7"
    MODULE = holdout7
    SEEDS = (71, 72, 73)
    PREFIXES = ("h7_", "f7_")
    N_LEGIT = 15
    N_FRAUD = 10
    CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW", "CNY", "TWD", "PLN", "CAD", "AUD", "BRL",
                  "INR")

    def test_orders_well_formed(self):
        known = {p[0] for pool in list(POOLS.values()) + list(EXTRA.values()) for p in pool}
        for inst, a in orders(cell_traffic(7)):
            o = a["order"]
            self.assertEqual(set(o), FIELDS)
            self.assertIsInstance(o["amount"], str)
            self.assertGreater(float(o["amount"]), 0)
            if o["currency"] in holdout7.ZERO_DECIMAL:
                self.assertRegex(o["amount"], r"^[0-9]+$")
            else:
                self.assertRegex(o["amount"], r"^[0-9]+\.[0-9]{2}$")
            self.assertGreaterEqual(o["quantity"], 1)
            self.assertIn("@", o["email"])
            self.assertTrue(o["user"])
            self.assertTrue(0 < a["t"] < WINDOW)
            self.assertIn(a["ip"], known)
            d = a["device"]
            self.assertIn(d.profile, clients.PROFILES)
            self.assertIn(d.cookies, ("keep", "session", "none"))
            self.assertIn(d.age_days, (None,) + holdout7.AGES)

    def test_own_pools_shadow_no_other_table(self):
        others = set()
        for path in glob.glob(os.path.join(HERE, "ip_table*.json")):
            if not path.endswith("ip_table_holdout7.json"):
                with open(path) as f:
                    others |= set(json.load(f)["pools"])
        self.assertFalse(others & set(EXTRA))
        for name, pool in EXTRA.items():
            self.assertTrue(name.startswith("h7_"), name)
            self.assertGreaterEqual(len(pool), 5, name)

    def test_every_locale_pool_exists(self):
        for cc, loc in holdout7.LOCALES.items():
            self.assertTrue(loc[4] or loc[5], cc)
            for name in loc[4] + loc[5]:
                self.assertTrue(name in POOLS or name in EXTRA, (cc, name))

    def test_replayed_cookie_follows_its_origin_until_replaced(self):
        rng = random.Random(1)
        origin = holdout7.device(rng, "US", "safari_mac", age=90)
        thief = holdout7.ReplayedCookieDevice(rng, origin, "h7_antidetect_mac", "en-US",
                                              ("America/Los_Angeles", -480))
        self.assertIsNone(thief.cookie)
        origin.cookie = "rg_did=origin"
        self.assertEqual(thief.cookie, "rg_did=origin")
        thief.cookie = "rg_did=fresh"
        self.assertEqual(thief.cookie, "rg_did=fresh")
        self.assertEqual(origin.cookie, "rg_did=origin")
        self.assertNotEqual(thief.key, origin.key)

    def test_stolen_session_origin_is_established_and_visits_first(self):
        """The cell only gives an aged cookie to a device that acts in the window, so the
        victim's device must appear, with an age, before the thief's first order."""
        found = 0
        for inst in cell_traffic(71):
            if inst.persona != "f7_stolen_session":
                continue
            thief = [a for a in inst.actions
                     if isinstance(a["device"], holdout7.ReplayedCookieDevice)]
            self.assertTrue(thief)
            origin = thief[0]["device"]._origin
            self.assertIn(origin.age_days, holdout7.AGES)
            first = min(a["t"] for a in inst.actions if a["device"] is origin)
            self.assertLess(first, min(a["t"] for a in thief))
            found += 1
        self.assertGreater(found, 5)

    def test_shared_addresses_and_devices(self):
        """CGNAT and campus buyers share a few addresses; family devices carry several
        accounts; gift buyers deliver to several addresses."""
        ips, fam, gift = {}, [], []
        for inst in cell_traffic(72):
            os_ = [a for a in inst.actions if a["kind"] == "order"]
            if inst.persona in ("h7_cgnat_carrier", "h7_campus_cn"):
                for a in os_:
                    ips.setdefault(inst.persona, {}).setdefault(a["ip"], set()).add(
                        a["order"]["user"])
            if inst.persona == "h7_family_shared":
                self.assertEqual(len({a["device"].key for a in inst.actions}), 1)
                fam.append(len({a["order"]["user"] for a in os_}))
            if inst.persona == "h7_gift_multi_recipient":
                gift.append(len({a["order"]["email"] for a in os_}))
        for persona, by_ip in ips.items():
            self.assertGreater(max(len(u) for u in by_ip.values()), 2, persona)
        self.assertGreater(max(fam), 1)
        self.assertGreaterEqual(min(gift), 3)

    def test_new_profiles_headers(self):
        keys = [k.lower() for k, _ in clients.fetch_headers("h7_wechat_android", "zh-CN", None,
                                                            "application/json", 2)]
        self.assertNotIn("sec-ch-ua", keys)
        self.assertIn("x-requested-with", keys)
        keys = [k.lower() for k, _ in clients.fetch_headers("h7_opera_gx", "de-DE", None,
                                                            "application/json", 2)]
        self.assertIn("sec-ch-ua", keys)
        self.assertIsNone(clients.beacon_body("h7_impersonate_chrome", ["en-US"], "UTC", 0,
                                              random.Random(1)))
        self.assertNotIn("Safari/", clients.PROFILES["h7_discord_iphone"]["ua"])


if __name__ == "__main__":
    unittest.main()
